"""Rule colours as the sidebar and the rule editor show them.

Apart from rule_editor.py so that the rules list, painted at start-up, does not load the
editor's dialog and its pickers before the table is on screen.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

# Light fills keep dark table text readable; the first is the colour staff already use.
SUGGESTED_COLOURS = ("#FFFF00", "#FFE699", "#C6EFCE", "#BDD7EE", "#F8CBAD", "#FFC7CE", "#D9D2E9", "#D9D9D9")


def swatch_icon(colour: str, size: int = 16) -> QIcon:
    """A filled square with a thin grey edge, so pale colours still show on a white list."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    painter = QPainter(pixmap)
    painter.setPen(QColor("#808080"))
    painter.drawRect(0, 0, size - 1, size - 1)
    painter.end()
    icon = QIcon(pixmap)
    icon.addPixmap(pixmap, QIcon.Mode.Selected)  # the true colour on a selected row, not a tint
    return icon
