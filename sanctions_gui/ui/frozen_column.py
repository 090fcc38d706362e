"""The frozen name column: names stay in view while the table scrolls sideways.

Qt's frozen-column technique: a second view over the same model and selection,
showing only the name column, laid over the left edge of the main table. Its header
is a FilterHeader that mirrors the main one, so the sort arrow and the filter mark of
the name column show on it, and its mark opens the name filter as the main one would.
A 2-pixel line in the palette's mid colour marks its right edge: a small widget laid
over it, not a style sheet (which gives the view and its children a style-sheet style,
some 3 ms to make before the first paint, issue 14).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHeaderView, QTableView, QWidget

from ..core import schema
from .filter_header import FilterHeader

EDGE_WIDTH = 2


class _Edge(QWidget):
    """The frozen column's right edge, in the palette's mid colour (followed when it changes)."""

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        QPainter(self).fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Mid))


class FrozenNameColumn(QTableView):
    def __init__(self, table: QTableView):
        super().__init__(table)
        self._table = table
        self.active = False
        self.setModel(table.model())
        self.setSelectionModel(table.selectionModel())
        header = FilterHeader(self)
        header.setSectionsMovable(False)
        self.setHorizontalHeader(header)
        header.setSortIndicatorShown(True)  # (the view, not sorting itself, turned it off)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalHeader().hide()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._edge = _Edge(table)
        self.verticalHeader().setDefaultSectionSize(table.verticalHeader().defaultSectionSize())
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.sectionClicked.connect(self._sort_by_name)
        header.filter_requested.connect(self._forward_filter_request)
        table.horizontalHeader().sortIndicatorChanged.connect(self._mirror_sort_indicator)
        table.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(table.verticalScrollBar().setValue)
        table.horizontalHeader().sectionResized.connect(self._on_section_resized)
        # The row-number header narrows when fewer rows show (53 needs two digits, 214 three);
        # the overlay must move with the viewport's left edge or the name beneath peeks out.
        table.verticalHeader().geometriesChanged.connect(self.update_geometry)
        table.horizontalHeader().geometriesChanged.connect(self.update_geometry)
        table.model().modelReset.connect(self._sync_columns)
        self.viewport().installEventFilter(self)
        self.hide()
        self._edge.hide()

    def horizontalHeader(self) -> FilterHeader:  # type: ignore[override]  # noqa: N802 - Qt API
        return super().horizontalHeader()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if watched is self.viewport() and event.type() == QEvent.Type.Wheel:
            self._table.wheelEvent(event)  # scroll both views together
            return True
        return super().eventFilter(watched, event)

    def set_active(self, active: bool) -> None:
        self.active = active
        self._sync_columns()

    def _name_section(self) -> int | None:
        return self._table.model().column_of(schema.Col.NAME)

    def _sort_by_name(self, _section: int) -> None:
        section = self._name_section()
        if section is not None:
            header = self._table.horizontalHeader()
            ascending = not (header.sortIndicatorSection() == section
                             and header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder)
            order = Qt.SortOrder.AscendingOrder if ascending else Qt.SortOrder.DescendingOrder
            header.setSortIndicator(section, order)

    def _forward_filter_request(self, section: int, position: QPoint) -> None:
        self._table.horizontalHeader().filter_requested.emit(section, position)

    def _mirror_sort_indicator(self, section: int, order: Qt.SortOrder) -> None:
        self.horizontalHeader().setSortIndicator(section, order)

    def set_filtered_sections(self, sections: set[int]) -> None:
        self.horizontalHeader().set_filtered_sections(sections)

    def _sync_columns(self) -> None:
        section = self._name_section()
        if not self.active or section is None or self._table.isColumnHidden(section):
            self.hide()
            self._edge.hide()
            return
        header = self._table.horizontalHeader()
        if header.visualIndex(section) != 0:
            header.moveSection(header.visualIndex(section), 0)
        for column in range(self.model().columnCount()):
            self.setColumnHidden(column, column != section)
        self.setColumnWidth(section, self._table.columnWidth(section))
        self.horizontalHeader().setSortIndicator(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.show()
        self.raise_()
        self._edge.show()
        self._edge.raise_()
        self.update_geometry()

    def _on_section_resized(self, logical_index: int, _old: int, new_size: int) -> None:
        if logical_index == self._name_section():
            self.setColumnWidth(logical_index, new_size)
            self.update_geometry()

    def update_geometry(self) -> None:
        if not self.active:
            return
        table = self._table
        section = self._name_section()
        width = table.columnWidth(section) if section is not None else 0
        self.setGeometry(table.verticalHeader().width() + table.frameWidth(), table.frameWidth(),
                         width, table.viewport().height() + table.horizontalHeader().height())
        geometry = self.geometry()
        self._edge.setGeometry(geometry.right() + 1 - EDGE_WIDTH, geometry.top(), EDGE_WIDTH, geometry.height())
        self.horizontalHeader().setFixedHeight(table.horizontalHeader().height())
