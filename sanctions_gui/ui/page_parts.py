"""The person pane's typography: headings, label/value rows and muted text.

Apart from the pane's pages (person_page.py, person_editor.py) so that the empty pane and
the notes, made with the window, need only this, and the pages load with the first person.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

NOT_RECORDED = "not recorded"
# Field labels wrap beyond this width, so every section's values line up.
LABEL_COLUMN_SAMPLE = "Date sanctioned"


def muted_colour(palette: QPalette) -> QColor:
    """Text colour halfway to the background: secondary, yet readable on any theme."""
    text, base = palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Window)
    return QColor((text.red() * 3 + base.red() * 2) // 5, (text.green() * 3 + base.green() * 2) // 5,
                  (text.blue() * 3 + base.blue() * 2) // 5)


class PageParts:
    """Headings, label/value rows and muted text in the font and colours of `reference`."""

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
