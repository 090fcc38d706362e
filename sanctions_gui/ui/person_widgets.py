"""Small widgets the person pane is built from: chips, a text browser as tall as its
text, and sources shown as readable links."""

from __future__ import annotations

import html
from urllib.parse import urlsplit

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QTextBrowser, QWidget

from ..core.display import readable_text_colour


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
