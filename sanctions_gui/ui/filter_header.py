"""The table's header: a click sorts, the ▾ mark on each section opens that column's filter.

Filtered columns show the mark filled and coloured. The frozen name column has a
header of the same kind, so its sort arrow and filter mark show too.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QHeaderView, QWidget

FILTER_MARK_WIDTH = 18
ACTIVE_FILTER_COLOUR = QColor("#1F6FEB")


class FilterHeader(QHeaderView):
    """A horizontal header with a ▾ mark on each section: the mark asks for the column
    filter (`filter_requested`), the rest of the section sorts."""

    filter_requested = Signal(int, QPoint)  # logical section, where to open the filter (global)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.setSectionsMovable(True)
        self.setHighlightSections(False)
        self.setSortIndicatorShown(True)
        self.setStretchLastSection(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._filtered: set[int] = set()

    def set_filtered_sections(self, sections: set[int]) -> None:
        self._filtered = set(sections)
        self.viewport().update()

    def filtered_sections(self) -> set[int]:
        return set(self._filtered)

    def mark_rect(self, logical_index: int) -> QRect:
        """Where the filter mark of a section is drawn, in viewport coordinates."""
        left = self.sectionViewportPosition(logical_index)
        width = self.sectionSize(logical_index)
        return QRect(left + width - FILTER_MARK_WIDTH, 0, FILTER_MARK_WIDTH, self.height())

    def sizeHint(self):  # noqa: N802 - Qt API
        hint = super().sizeHint()
        hint.setHeight(max(hint.height(), 28))
        return hint

    def sectionSizeFromContents(self, logical_index: int):  # noqa: N802 - Qt API
        size = super().sectionSizeFromContents(logical_index)
        size.setWidth(size.width() + FILTER_MARK_WIDTH)
        return size

    def paintSection(self, painter: QPainter, rect: QRect, logical_index: int) -> None:  # noqa: N802
        painter.save()
        super().paintSection(painter, rect.adjusted(0, 0, -FILTER_MARK_WIDTH + 4, 0), logical_index)
        painter.restore()
        mark = QRect(rect.right() - FILTER_MARK_WIDTH + 1, rect.top(), FILTER_MARK_WIDTH - 1, rect.height())
        painter.save()
        painter.fillRect(mark, self.palette().color(QPalette.ColorRole.Button))
        active = logical_index in self._filtered
        painter.setPen(ACTIVE_FILTER_COLOUR if active else self.palette().color(QPalette.ColorRole.Mid))
        font = painter.font()
        font.setBold(active)
        painter.setFont(font)
        painter.drawText(mark, Qt.AlignmentFlag.AlignCenter, "▼" if active else "▾")
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.drawLine(rect.right(), rect.top(), rect.right(), rect.bottom())
        painter.restore()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        position = event.position().toPoint()
        section = self.logicalIndexAt(position)
        if section >= 0 and self.mark_rect(section).contains(position):
            bottom_left = self.mapToGlobal(QPoint(self.mark_rect(section).left(), self.height()))
            self.filter_requested.emit(section, bottom_left)
            event.accept()
            return
        super().mousePressEvent(event)
