"""The table model: a thin Qt face on the session's view.

Like glue's table viewer and Orange's AbstractSortTableModel, the model keeps no copy
of the data and no object per cell: `data()` looks a cell's text up in a column array
the dataset made once, and a row's colour in the view's colour array, through the
view's row order. When the session's rows or their order change (a sort, a filter, a
search, a sheet, a rule that shows only highlighted rows), the model tells Qt with
layoutAboutToBeChanged / layoutChanged and moves every persistent index (the
selection, the current cell) to the row where its person now is, found through the
view's inverse permutation; a person no longer shown loses their index. Only a new
dataset resets the model; an edit of the working copy (Change.CELLS) keeps every row
where it was and repaints.

Cells are edited through the model (`setData`, the delegate's doing): the value goes to
the session, which reads it with the reader's parsers; a refusal is sent out as
`edit_refused` for the table to show at the cell, and nothing changes.

The model holds the view Qt was last told about (`shown_view`) until it has told Qt
about the next one: that is the protocol Qt's persistent indexes need, not a copy of
the state, which stays the session's.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from ..core import schema
from ..core.cell_edits import NOT_EDITABLE, EditRefused, editing_value
from ..core.changes import field_kind
from ..core.columns import column_label
from ..core.display import readable_text_colour
from ..core.filters import is_date_column
from ..core.person import readable_value
from ..core.schema import Kind
from ..core.session import Change, Session, SessionEvent
from ..core.view import Dataset, View

SCORE_COLUMN = "match_score"  # the fuzzy name score, made by the view, not a column of the frame
# Roles as plain ints: data() compares them thousands of times per paint.
DISPLAY = Qt.ItemDataRole.DisplayRole.value
BACKGROUND = Qt.ItemDataRole.BackgroundRole.value
FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
FONT = Qt.ItemDataRole.FontRole.value
TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
PERSON_ID_ROLE = Qt.ItemDataRole.UserRole.value + 1
FRAME_ROW_ROLE = Qt.ItemDataRole.UserRole.value + 2
FULL_TEXT_ROLE = Qt.ItemDataRole.UserRole.value + 3  # the whole value, for copying
EDITED_ROLE = Qt.ItemDataRole.UserRole.value + 4  # whether the cell differs from the file
EDIT = Qt.ItemDataRole.EditRole.value
REMOVED_TEXT = "#9E9E9E"
CENTRED = int(Qt.AlignmentFlag.AlignCenter.value)
LEFT = int((Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value)
# Longer cells are cut on screen (laying out thousands of characters to elide them is
# what makes a paint slow); the tooltip, the person pane and a copy carry the whole text.
DISPLAY_LENGTH = 200
TOOLTIP_TEXT_LENGTH = 60  # longer cells show their full text in a tooltip
ROWS_ONLY = QAbstractItemModel.LayoutChangeHint.VerticalSortHint  # the columns stay as they are
_WITH_HINT = ("QList<QPersistentModelIndex>", "QAbstractItemModel::LayoutChangeHint")  # PySide's overload

_Index = QModelIndex | QPersistentModelIndex


class SanctionsTableModel(QAbstractTableModel):
    """Rows of the session's view; columns in reading order, and the fuzzy score last."""

    edit_refused = Signal(object, str)  # (QPersistentModelIndex, the plain sentence why)

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self._session = session
        self._view: View | None = None
        self._dataset: Dataset | None = None
        self._columns: list[str] = []
        self._brushes: dict[str, tuple[QBrush, QBrush]] = {}
        self._alignments: list[int] = []
        self._name_section = -1
        self._bold = QFont()
        self._bold.setBold(True)
        self._struck = QFont()
        self._struck.setStrikeOut(True)
        self._struck_bold = QFont(self._bold)
        self._struck_bold.setStrikeOut(True)
        self._removed_brush = QBrush(QColor(REMOVED_TEXT))
        session.subscribe(self._on_session)
        if session.dataset is not None:
            self._reset()

    @property
    def session(self) -> Session:
        return self._session

    @property
    def shown_view(self) -> View | None:
        """The view Qt has been told about."""
        return self._view

    @property
    def columns(self) -> list[str]:
        return list(self._columns)

    # --- following the session ---------------------------------------------------------------

    def _on_session(self, event: SessionEvent) -> None:
        if event.changes & Change.CELLS and self._dataset is not None and self._session.dataset is not None:
            self._dataset = self._session.dataset  # the same people in the same rows, some cells changed
            if event.changes & Change.VIEW:
                self._relayout()
            self._view = self._session.view
            if self.rowCount() and self.columnCount():
                self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
            return
        if event.changes & Change.DATASET or (self._dataset is not self._session.dataset):
            self._reset()
            return
        if event.changes & Change.VIEW:
            self._relayout()
        elif event.changes & Change.COLOURS and self.rowCount():
            self._view = self._session.view
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1),
                                  [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole])
        if event.changes & (Change.FILTERS | Change.RULES) and self._columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)

    def _reset(self) -> None:
        self.beginResetModel()
        self._dataset = self._session.dataset
        self._view = self._session.view
        self._columns = [*self._dataset.columns, SCORE_COLUMN] if self._dataset is not None else []
        self._alignments = [CENTRED if c == SCORE_COLUMN or c == schema.SOURCE_ROW or is_date_column(c) else LEFT
                            for c in self._columns]
        self._name_section = self._columns.index(schema.Col.NAME) if schema.Col.NAME in self._columns else -1
        self.endResetModel()

    def _relayout(self) -> None:
        """New rows or order: move every persistent index to its person's new row."""
        old_view, new_view = self._view, self._session.view
        self.layoutAboutToBeChanged[_WITH_HINT].emit([], ROWS_ONLY)
        old = self.persistentIndexList()
        self._view = new_view
        if old:
            old_rows = np.fromiter((index.row() for index in old), dtype=np.int64, count=len(old))
            frame_rows = old_view.rows[old_rows]
            present = frame_rows < len(new_view.positions)  # a person added, then undone, has no row now
            new_rows = np.where(present, new_view.positions[np.where(present, frame_rows, 0)], -1)
            self.changePersistentIndexList(old, [
                self.index(int(row), index.column()) if row >= 0 else QModelIndex()
                for index, row in zip(old, new_rows)])
        self.layoutChanged[_WITH_HINT].emit([], ROWS_ONLY)

    # --- lookups for the widgets -------------------------------------------------------------------

    def frame_row(self, row: int) -> int:
        """The frame position behind a table row."""
        return int(self._view.rows[row])

    def frame_rows(self, rows: np.ndarray) -> np.ndarray:
        return self._view.rows[rows]

    def rows_of_people(self, person_ids) -> np.ndarray:
        """The table rows showing these people, through the inverse permutation; -1 where not shown."""
        if self._view is None:
            return np.full(len(list(person_ids)), -1, dtype=np.int64)
        frame_rows = self._dataset.rows_of(person_ids)
        return np.where(frame_rows >= 0, self._view.positions[np.maximum(frame_rows, 0)], -1)

    def row_of_person(self, person_id: str | None) -> int | None:
        """The table row showing a person; None if not shown."""
        if person_id is None:
            return None
        row = int(self.rows_of_people([person_id])[0])
        return row if row >= 0 else None

    def person_ids_of_rows(self, rows: np.ndarray) -> list[str]:
        return list(self._dataset.person_ids[self._view.rows[rows]])

    def column_of(self, column: str) -> int | None:
        return self._columns.index(column) if column in self._columns else None

    def column_name(self, section: int) -> str:
        return self._columns[section]

    # --- Qt model interface ---------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        if parent.isValid() or self._view is None:
            return 0
        return len(self._view.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._columns)

    def _text(self, frame_row: int, column: str) -> str:
        if column == SCORE_COLUMN:
            scores = self._view.scores
            return f"{scores[frame_row]:.0f}" if scores is not None else ""
        return self._dataset.text(column)[frame_row]

    def data(self, index: _Index, role: int = DISPLAY):
        """One cell, asked for by the view once per role for each visible cell: kept to
        array lookups, since a screenful of the table is a few thousand calls."""
        if self._view is None or not index.isValid():
            return None
        role = int(role)
        if role == DISPLAY:
            text = self._text(int(self._view.rows[index.row()]), self._columns[index.column()])
            return text if len(text) <= DISPLAY_LENGTH else text[:DISPLAY_LENGTH] + "…"
        if role == BACKGROUND or role == FOREGROUND:
            frame_row = self._view.rows[index.row()]
            colour = self._view.colours[frame_row]
            if colour is None or colour != colour:  # None or NaN: no highlight
                return self._removed_brush if role == FOREGROUND and self._removed(frame_row) else None
            background, foreground = self._brush(colour)
            return background if role == BACKGROUND else foreground
        if role == ALIGNMENT:
            return self._alignments[index.column()]
        if role == FONT:
            name = index.column() == self._name_section
            if self._removed(self._view.rows[index.row()]):
                return self._struck_bold if name else self._struck
            return self._bold if name else None
        if role == EDITED_ROLE:
            return self._edited(int(self._view.rows[index.row()]), self._columns[index.column()])
        if role == EDIT:
            return self._edit_value(int(self._view.rows[index.row()]), self._columns[index.column()])
        if role == FULL_TEXT_ROLE:
            return self._text(int(self._view.rows[index.row()]), self._columns[index.column()])
        if role == TOOLTIP:
            return self._tooltip(int(self._view.rows[index.row()]), self._columns[index.column()])
        if role == PERSON_ID_ROLE:
            return str(self._dataset.person_ids[int(self._view.rows[index.row()])])
        if role == FRAME_ROW_ROLE:
            return int(self._view.rows[index.row()])
        return None

    def _brush(self, colour: str) -> tuple[QBrush, QBrush]:
        if colour not in self._brushes:
            self._brushes[colour] = (QBrush(QColor(colour)), QBrush(QColor(readable_text_colour(colour))))
        return self._brushes[colour]

    def _removed(self, frame_row) -> bool:
        working = self._session.working_copy
        return working is not None and bool(working.removed[frame_row])

    def _edited(self, frame_row: int, column: str) -> bool:
        working = self._session.working_copy
        if working is None:
            return False
        spec = schema.FIELDS.get(column)
        date_column = spec.date_column if spec is not None and spec.kind is Kind.JURISDICTION else None
        return working.edited(frame_row, column) or (date_column is not None and working.edited(frame_row, date_column))

    def _edit_value(self, frame_row: int, column: str) -> object:
        """The cell's value for an editor: typed; a jurisdiction listed without a date in the words it shows."""
        frame = self._dataset.frame
        if column not in frame.columns:
            return None
        day = frame[schema.FIELDS[column].date_column].iat[frame_row] if field_kind(column) is Kind.JURISDICTION \
            else None
        return editing_value(column, frame[column].iat[frame_row], day)

    def _tooltip(self, frame_row: int, column: str) -> str | None:
        parts = []
        text = self._text(frame_row, column)
        if len(text) > TOOLTIP_TEXT_LENGTH:
            parts.append(text)
        if self._removed(frame_row):
            parts.append("Removed from the working copy: left out when you save (Edit › Restore people).")
        if self._edited(frame_row, column):
            person = str(self._dataset.person_ids[frame_row])
            working = self._session.working_copy
            before = readable_value(column, working.file_value(person, column)) if column in self._dataset.frame \
                else ""
            parts.append(f"Changed in the working copy; the file has ‘{before or 'nothing'}’."
                         if not working.is_added(person) else "Added in the working copy.")
        matches = self._session.matches
        matched = matches.rules_for_row(frame_row) if matches is not None else []
        if matched:
            parts.append("Highlight rules matched:\n" + "\n".join(f"• {rule.name}" for rule in matched))
        return "\n\n".join(parts) or None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self._columns[index.column()] in self._dataset.frame.columns \
                and self._columns[index.column()] not in NOT_EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: _Index, value, role: int = EDIT) -> bool:  # noqa: N802 - Qt API
        """An edit of a cell: to the session, which refuses what the field cannot hold."""
        if int(role) != EDIT or not index.isValid():
            return False
        person = str(self._dataset.person_ids[int(self._view.rows[index.row()])])
        try:
            self._session.set_field(person, self._columns[index.column()], value)
        except EditRefused as refused:
            self.edit_refused.emit(QPersistentModelIndex(index), str(refused))
            return False
        return True

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = DISPLAY):
        """Asked once per role for every section whenever the headers measure or paint
        (thousands of calls at start-up): roles compared as plain ints, as in data()."""
        role = int(role)
        if role != DISPLAY and role != TOOLTIP:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == DISPLAY else None
        if not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == DISPLAY:
            return "Score" if column == SCORE_COLUMN else column_label(column)
        if role == TOOLTIP:
            if column == SCORE_COLUMN:
                return "How close the name or an alias is to the search, 0-100.\nClick to sort."
            description = schema.FIELDS[column].description if column in schema.FIELDS else ""
            active = self._session.state.filters.get(column)
            parts = [column_label(column), *([description] if description else [])]
            if active is not None:
                parts.append(f"Filtered: {active.describe()}")
            parts.append("Click to sort; click the ▾ mark to filter.")
            return "\n".join(parts)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A click on a header: the session sorts (the score column: best match first)."""
        if not 0 <= column < len(self._columns) or self._columns[column] == SCORE_COLUMN:
            self._session.set_sort(None)
            return
        self._session.set_sort(self._columns[column], descending=order == Qt.SortOrder.DescendingOrder)
