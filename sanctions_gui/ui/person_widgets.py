"""Small widgets the person pane is built from: chips, a text browser as tall as its
text, and sources shown as readable links."""

from __future__ import annotations

import html
from urllib.parse import urlsplit

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette, QTextOption
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QTextBrowser, QVBoxLayout, QWidget

from ..core.display import readable_text_colour
from .flow_layout import FlowLayout
from .timeline import muted_colour

NOT_RECORDED = "not recorded"
OTHER_CHIP_COLOUR = "#E0E0E0"
# Field labels wrap beyond this width, so every section's values line up.
LABEL_COLUMN_SAMPLE = "Date sanctioned"


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


class PageParts:
    """Headings, label/value rows, chips and muted text in the font and colours of `reference`."""

    def __init__(self, reference: QWidget):
        self.reference = reference

    def heading(self, text: str) -> QLabel:
        heading = QLabel(text)
        font = QFont(self.reference.font())
        font.setBold(True)
        font.setCapitalization(QFont.Capitalization.AllUppercase)
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
        font.setPointSizeF(font.pointSizeF() * 0.85)
        heading.setFont(font)
        heading.setContentsMargins(0, 12, 0, 2)
        self.set_muted(heading)
        return heading

    def form(self, layout: QVBoxLayout) -> QGridLayout:
        """Label/value rows whose label column has the same width in every section."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        return grid

    def add_row(self, grid: QGridLayout, label_text: str, value: QWidget) -> None:
        label = QLabel(label_text)
        label.setWordWrap(True)
        label.setFixedWidth(self.reference.fontMetrics().horizontalAdvance(LABEL_COLUMN_SAMPLE) + 8)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.set_muted(label)
        row = grid.rowCount()
        grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(value, row, 1, Qt.AlignmentFlag.AlignTop)

    def value_label(self, text: str, object_name: str = "") -> QLabel:
        """A selectable, wrapping value; empty text shows a muted "not recorded"."""
        label = QLabel(text or NOT_RECORDED)
        label.setObjectName(object_name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if not text:
            self.set_muted(label, italic=True)
        return label

    def chips(self, object_name: str, values: object, colours: dict[str, str],
               default_colour: str = OTHER_CHIP_COLOUR) -> QWidget:
        if not isinstance(values, tuple) or not values:
            return self.value_label("", object_name)
        holder = QWidget()
        holder.setObjectName(object_name)
        flow = FlowLayout(holder)
        for value in values:
            flow.addWidget(chip(value, colours.get(value, default_colour), holder))
        return holder

    def set_muted(self, label: QLabel, smaller: bool = False, italic: bool = False) -> None:
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, muted_colour(self.reference.palette()))
        label.setPalette(palette)
        if smaller or italic:
            font = QFont(label.font())
            font.setItalic(italic)
            if smaller:
                font.setPointSizeF(font.pointSizeF() * 0.9)
            label.setFont(font)
