"""Small widgets the person pane's reading page is built from: chips, a text browser as
tall as its text, and sources shown as readable links."""

from __future__ import annotations

import html
from urllib.parse import urlsplit

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QTextBrowser, QWidget

from ..core.display import readable_text_colour
from .flow_layout import FlowLayout
from .page_parts import PageParts

OTHER_CHIP_COLOUR = "#E0E0E0"


def chip(text: str, background: str, parent: QWidget | None = None) -> QLabel:
    """A rounded coloured tag with text that reads on it."""
    label = QLabel(text, parent)
    label.setObjectName("chip")
    foreground = readable_text_colour(background)
    label.setStyleSheet(f"QLabel#chip {{ background: {background}; color: {foreground};"
                        " border-radius: 9px; padding: 2px 9px; }")
    return label


class AutoHeightBrowser(QTextBrowser):
    """A frameless, transparent text browser as tall as its text: the pane scrolls, not it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setOpenExternalLinks(True)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.viewport().setAutoFillBackground(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().setDocumentMargin(0)
        self.document().documentLayout().documentSizeChanged.connect(self._fit_height)
        self.highlighted.connect(lambda url: self.setToolTip(url.toString()))

    def _fit_height(self, size) -> None:
        self.setFixedHeight(int(size.height()) + 2 * self.frameWidth() + 2)


def source_link(source: str) -> str:
    """A source as a link showing its site and path (the whole address wraps), or plain text."""
    parts = urlsplit(source.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return html.escape(source)
    site = parts.netloc.removeprefix("www.")
    rest = (parts.path + (f"?{parts.query}" if parts.query else "")).rstrip("/")
    shown = f"<b>{html.escape(site)}</b>{html.escape(rest)}"
    return f'<a href="{html.escape(source.strip(), quote=True)}">{shown}</a>'


def chip_list(parts: PageParts, object_name: str, values: object, colours: dict[str, str],
              default_colour: str = OTHER_CHIP_COLOUR) -> QWidget:
    """The values as chips that wrap onto new lines; none: a muted "not recorded"."""
    if not isinstance(values, tuple) or not values:
        return parts.value_label("", object_name)
    holder = QWidget()
    holder.setObjectName(object_name)
    flow = FlowLayout(holder)
    for value in values:
        flow.addWidget(chip(value, colours.get(value, default_colour), holder))
    return holder
