"""The people table: a header that sorts and filters, a frozen name column, copy to Excel."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyleOptionHeader, QTableView, QWidget

from .table_model import SanctionsTableModel

FILTER_MARK_WIDTH = 18
ACTIVE_FILTER_COLOUR = QColor("#1F6FEB")


class FilterHeader(QHeaderView):
    """A horizontal header with a ▾ mark on each section: the mark opens the column filter,
    the rest of the section sorts. Filtered columns show the mark filled and coloured."""

    filter_requested = Signal(int, QPoint)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.setSectionsMovable(True)
        self.setHighlightSections(False)
        self.setSortIndicatorShown(True)
        self.setStretchLastSection(False)
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
        option = QStyleOptionHeader()
        self.initStyleOption(option)
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


class PeopleTable(QTableView):
    """The table of people. Ctrl+C copies the selection as tab-separated text with headers."""

    def __init__(self, model: SanctionsTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._frozen: FrozenNameColumn | None = None
        self.setModel(model)
        self.setHorizontalHeader(FilterHeader(self))
        self.setSortingEnabled(True)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().setDefaultSectionSize(24)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._frozen = FrozenNameColumn(self)

    def model(self) -> SanctionsTableModel:  # type: ignore[override]
        return super().model()

    # --- the frozen name column -----------------------------------------------------------

    @property
    def frozen_view(self) -> FrozenNameColumn:
        return self._frozen

    def set_name_frozen(self, frozen: bool) -> None:
        self._frozen.set_active(frozen)

    def name_frozen(self) -> bool:
        return self._frozen.active

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self._frozen is not None:
            self._frozen.update_geometry()

    def moveCursor(self, action, modifiers):  # noqa: N802 - Qt API
        """Keep the cell reached by the keyboard out from under the frozen column."""
        current = super().moveCursor(action, modifiers)
        if self._frozen.active and action == QAbstractItemView.CursorAction.MoveLeft and current.column() > 0:
            left = self.visualRect(current).topLeft().x()
            if left < self._frozen.width():
                bar = self.horizontalScrollBar()
                bar.setValue(bar.value() + left - self._frozen.width())
        return current

    def scrollTo(self, index: QModelIndex, hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:  # noqa: N802
        name_column = self.model().column_of("name")
        if self._frozen is None or not self._frozen.active or index.column() != name_column:
            super().scrollTo(index, hint)

    # --- copy -------------------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            event.accept()
            return
        super().keyPressEvent(event)

    def selection_as_tsv(self) -> str:
        """The selected cells, or whole selected rows, as tab-separated text with headers.

        Columns come in their on-screen order, hidden columns left out; tabs and line
        breaks inside cells become spaces so Excel keeps one cell per value.
        """
        model = self.model()
        indexes = self.selectionModel().selectedIndexes()
        if not indexes:
            return ""
        header = self.horizontalHeader()
        rows = sorted({i.row() for i in indexes})
        logical = sorted({i.column() for i in indexes if not self.isColumnHidden(i.column())},
                         key=header.visualIndex)

        def clean(text: str) -> str:
            return " ".join(str(text).replace("\t", " ").splitlines())

        lines = ["\t".join(clean(model.headerData(c, Qt.Orientation.Horizontal)) for c in logical)]
        for row in rows:
            lines.append("\t".join(clean(model.index(row, c).data() or "") for c in logical))
        return "\n".join(lines) + "\n"

    def copy_selection(self) -> None:
        text = self.selection_as_tsv()
        if text:
            QGuiApplication.clipboard().setText(text)

    def select_frame_rows(self, frame_rows: list[int]) -> None:
        """Select the table rows that show these frame rows (after a sort or filter)."""
        model = self.model()
        selection = self.selectionModel()
        selection.clearSelection()
        first = None
        for frame_row in frame_rows:
            row = model.table_row_of(frame_row)
            if row is None:
                continue
            flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            selection.select(model.index(row, 0), flags)
            first = row if first is None else first
        if first is not None:
            selection.setCurrentIndex(model.index(first, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
            self.scrollTo(model.index(first, max(model.column_of("position") or 0, 0)))


class FrozenNameColumn(QTableView):
    """Qt's frozen-column technique: a second view over the same model and selection,
    showing only the name column, laid over the left edge of the main table."""

    def __init__(self, table: PeopleTable):
        super().__init__(table)
        self._table = table
        self.active = False
        self.setModel(table.model())
        self.setSelectionModel(table.selectionModel())
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setStyleSheet("QTableView { border: none; border-right: 2px solid palette(mid); }")
        self.verticalHeader().setDefaultSectionSize(table.verticalHeader().defaultSectionSize())
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().sectionClicked.connect(self._sort_by_name)
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

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if watched is self.viewport() and event.type() == QEvent.Type.Wheel:
            self._table.wheelEvent(event)  # scroll both views together
            return True
        return super().eventFilter(watched, event)

    def set_active(self, active: bool) -> None:
        self.active = active
        self._sync_columns()

    def _name_section(self) -> int | None:
        return self._table.model().column_of("name")

    def _sort_by_name(self, _section: int) -> None:
        section = self._name_section()
        if section is not None:
            header = self._table.horizontalHeader()
            ascending = not (header.sortIndicatorSection() == section
                             and header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder)
            order = Qt.SortOrder.AscendingOrder if ascending else Qt.SortOrder.DescendingOrder
            header.setSortIndicator(section, order)

    def _sync_columns(self) -> None:
        section = self._name_section()
        if not self.active or section is None or self._table.isColumnHidden(section):
            self.hide()
            return
        header = self._table.horizontalHeader()
        if header.visualIndex(section) != 0:
            header.moveSection(header.visualIndex(section), 0)
        for column in range(self.model().columnCount()):
            self.setColumnHidden(column, column != section)
        self.setColumnWidth(section, self._table.columnWidth(section))
        self.show()
        self.raise_()
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
        self.horizontalHeader().setFixedHeight(table.horizontalHeader().height())
