"""The people table: shows the session's view, sends it the selection, copies whole values.

The selection belongs to the session (person ids): a click here becomes `select(...)`;
a selection the session makes (a reload, a person no longer shown) is shown here.
Across a new order or a narrower view the model moves the selection with its people;
the table keeps the current person where it was on screen (or the top row's person at
the top), so a sort, filter, search or rule edit does not lose the analyst's place.

Cells are edited in place (double-click, F2, or typing over the current cell) with the
editor that fits the field (cell_delegate.py); a refused value is said just under the
cell. On the frozen name column the name is edited in the overlay the analyst sees.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ..core import schema
from ..core.session import Change, SessionEvent
from .cell_delegate import CellDelegate, CellMessage
from .filter_header import FilterHeader
from .frozen_column import FrozenNameColumn
from .table_model import FULL_TEXT_ROLE, SCORE_COLUMN, SanctionsTableModel

ROW_HEIGHT = 24
EDIT_TRIGGERS = (QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                 | QAbstractItemView.EditTrigger.AnyKeyPressed)
_NOT_TYPING = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier


def tsv_field(text: str) -> str:
    """A cell for Excel's paste: whole, in quotes (quotes doubled) when it holds a tab,
    a line break or a quote, as Excel itself copies such cells."""
    text = str(text)
    if any(c in text for c in '\t\n\r"'):
        return '"' + text.replace('"', '""') + '"'
    return text


class PeopleTable(QTableView):
    """The table of people. Ctrl+C copies the selection as tab-separated text with headers."""

    def __init__(self, model: SanctionsTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._frozen: FrozenNameColumn | None = None
        self._syncing = False
        self._anchor: tuple[int, int] | None = None  # (frame row, pixels from the viewport top)
        self.setModel(model)
        self.setHorizontalHeader(FilterHeader(self))
        self.setSortingEnabled(True)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows move within it
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setEditTriggers(EDIT_TRIGGERS)
        self.cell_message = CellMessage(self)
        self.setItemDelegate(CellDelegate(self, self.cell_message))
        self._frozen = FrozenNameColumn(self)
        self._frozen.setItemDelegate(CellDelegate(self._frozen, self.cell_message))
        self._frozen.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked)
        model.edit_refused.connect(self._show_refusal)
        model.layoutAboutToBeChanged.connect(self._remember_place)
        model.layoutChanged.connect(self._restore_place)
        self.selectionModel().selectionChanged.connect(self._send_selection)
        self.selectionModel().currentRowChanged.connect(self._send_selection)
        model.session.subscribe(self._on_session)

    def model(self) -> SanctionsTableModel:  # type: ignore[override]
        return super().model()

    def horizontalHeader(self) -> FilterHeader:  # type: ignore[override]  # noqa: N802 - Qt API
        return super().horizontalHeader()

    # --- following the session -----------------------------------------------------------------

    def _on_session(self, event: SessionEvent) -> None:
        if event.changes & (Change.DATASET | Change.FILTERS | Change.VIEW):
            self.show_state()
        if event.changes & (Change.DATASET | Change.SELECTION | Change.VIEW):
            self._show_selection()

    def show_state(self) -> None:
        """Sort arrow, filter marks and the score column as the session has them."""
        model, session = self.model(), self.model().session
        if session.view is None:
            return
        state = session.state
        header = self.horizontalHeader()
        score = model.column_of(SCORE_COLUMN)
        if state.sort_column is not None and model.column_of(state.sort_column) is not None:
            section = model.column_of(state.sort_column)
            order = Qt.SortOrder.DescendingOrder if state.sort_descending else Qt.SortOrder.AscendingOrder
        elif session.view.scores is not None:
            section, order = score, Qt.SortOrder.DescendingOrder  # best match first
        else:
            section, order = -1, Qt.SortOrder.AscendingOrder
        if (header.sortIndicatorSection(), header.sortIndicatorOrder()) != (section, order):
            header.setSortIndicator(section, order)
        filtered = {model.column_of(c) for c in state.filters} - {None}
        header.set_filtered_sections(filtered)
        self._frozen.set_filtered_sections(filtered)
        self._show_score_column(session.view.scores is not None)

    def _show_score_column(self, shown: bool) -> None:
        """The fuzzy score sits right beside the name while fuzzy search is on."""
        score, name = self.model().column_of(SCORE_COLUMN), self.model().column_of(schema.Col.NAME)
        if score is None or self.isColumnHidden(score) != shown:
            return
        self.setColumnHidden(score, not shown)
        if shown and name is not None:
            header = self.horizontalHeader()
            target = header.visualIndex(name) + 1
            header.moveSection(header.visualIndex(score), target if header.visualIndex(score) > target else target - 1)

    def _show_selection(self) -> None:
        """Make Qt's selection the session's, if they differ."""
        model, session = self.model(), self.model().session
        if self._syncing or model.shown_view is None:
            return
        wanted = np.sort(model.rows_of_people(session.selection))
        wanted = wanted[wanted >= 0]
        current_row = model.row_of_person(session.current)
        if np.array_equal(wanted, self.selected_rows()) and \
                (current_row if current_row is not None else -1) == self.currentIndex().row():
            return
        selection = QItemSelection()
        last = model.columnCount() - 1
        for start, stop in _runs(wanted):
            selection.select(model.index(start, 0), model.index(stop, last))
        self._syncing = True
        try:
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
            self.selectionModel().select(selection, flags)
            current = model.index(current_row, 0) if current_row is not None else QModelIndex()
            self.selectionModel().setCurrentIndex(current, QItemSelectionModel.SelectionFlag.NoUpdate)
        finally:
            self._syncing = False

    def _send_selection(self, *_args) -> None:
        if self._syncing or self.model().shown_view is None:
            return
        model = self.model()
        current = self.currentIndex()
        person = model.person_ids_of_rows(np.array([current.row()]))[0] if current.isValid() else None
        self.model().session.select(model.person_ids_of_rows(self.selected_rows()), person)

    def selected_rows(self) -> np.ndarray:
        """The selected table rows, ascending, from the selection's ranges (no index per row)."""
        ranges = [np.arange(r.top(), r.bottom() + 1) for r in self.selectionModel().selection()]
        return np.unique(np.concatenate(ranges)) if ranges else np.zeros(0, dtype=np.int64)

    # --- keeping the analyst's place -----------------------------------------------------------------

    def _remember_place(self, *_args) -> None:
        view = self.model().shown_view
        self._anchor = None
        if view is None or not len(view):
            return
        current = self.currentIndex()
        top = self.rowAt(0)
        row = current.row() if current.isValid() and self._row_on_screen(current.row()) else top
        if row >= 0:
            self._anchor = (int(view.rows[row]), self.rowViewportPosition(row))

    def _row_on_screen(self, row: int) -> bool:
        y = self.rowViewportPosition(row)
        return 0 <= y < self.viewport().height()

    def _restore_place(self, *_args) -> None:
        if self._anchor is None:
            return
        frame_row, offset = self._anchor
        view = self.model().shown_view
        row = int(view.positions[frame_row]) if view is not None and frame_row < len(view.positions) else -1
        self.updateGeometries()  # the scroll range for the new number of rows
        if row >= 0:
            self.verticalScrollBar().setValue(row * self.verticalHeader().defaultSectionSize() - offset)

    # --- the frozen name column ------------------------------------------------------------------

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
        name_column = self.model().column_of(schema.Col.NAME)
        if self._frozen is None or not self._frozen.active or index.column() != name_column:
            super().scrollTo(index, hint)

    # --- editing -----------------------------------------------------------------------------------

    def edit(self, index, trigger=QAbstractItemView.EditTrigger.AllEditTriggers, event=None) -> bool:
        """Start editing a cell; a shortcut (Ctrl+C, Ctrl+Z…) never does, and the frozen name
        is edited where it shows."""
        if trigger == QAbstractItemView.EditTrigger.AnyKeyPressed and event is not None \
                and (event.modifiers() & _NOT_TYPING or not event.text().isprintable()):
            return False
        if self._frozen.active and self._frozen.isVisible() and index.isValid() \
                and index.column() == self.model().column_of(schema.Col.NAME) and self.editTriggers() & trigger:
            return self._frozen.edit(index, trigger, event)
        return super().edit(index, trigger, event)

    def _show_refusal(self, index, text: str) -> None:
        frozen = self._frozen.active and self._frozen.isVisible() and \
            index.column() == self.model().column_of(schema.Col.NAME)
        delegate = (self._frozen if frozen else self).itemDelegate()
        delegate.show_refusal(index, text)

    # --- copy --------------------------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            event.accept()
            return
        super().keyPressEvent(event)

    def selection_as_tsv(self) -> str:
        """The selected rows (or cells) as tab-separated text with headers, every value whole.

        Columns come in their on-screen order, hidden columns left out; a cell holding a
        tab, line break or quote is quoted, so Excel keeps it as one cell.
        """
        model = self.model()
        indexes = self.selectionModel().selectedIndexes()
        if not indexes:
            return ""
        header = self.horizontalHeader()
        rows = sorted({i.row() for i in indexes})
        logical = sorted({i.column() for i in indexes if not self.isColumnHidden(i.column())},
                         key=header.visualIndex)
        lines = ["\t".join(tsv_field(model.headerData(c, Qt.Orientation.Horizontal)) for c in logical)]
        for row in rows:
            lines.append("\t".join(tsv_field(model.index(row, c).data(FULL_TEXT_ROLE) or "") for c in logical))
        return "\r\n".join(lines) + "\r\n"

    def copy_selection(self) -> None:
        text = self.selection_as_tsv()
        if text:
            QGuiApplication.clipboard().setText(text)


def _runs(rows: np.ndarray) -> list[tuple[int, int]]:
    """Sorted rows as (first, last) runs of consecutive numbers."""
    if not len(rows):
        return []
    breaks = np.flatnonzero(np.diff(rows) != 1)
    starts = np.concatenate([[0], breaks + 1])
    ends = np.concatenate([breaks, [len(rows) - 1]])
    return [(int(rows[s]), int(rows[e])) for s, e in zip(starts, ends)]
