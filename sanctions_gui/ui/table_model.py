"""The table model: a thin Qt face on a core `View` over a `Dataset`.

Like glue's table viewer, the model keeps its own row-order array (the view's `rows`)
and never copies the frame: `data()` looks a cell's text up in a column array the
dataset made once, and a row's background in the view's colour array. Sorting and
filtering happen in the core on whole columns; the model only swaps in the new view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from ..core import schema
from ..core.display import readable_text_colour
from ..core.filters import is_date_column
from ..core.view import Dataset, View, ViewState, combine_colours, compute_view

SCORE_COLUMN = "match_score"
# Roles as plain ints: data() compares them thousands of times per paint.
DISPLAY = Qt.ItemDataRole.DisplayRole.value
BACKGROUND = Qt.ItemDataRole.BackgroundRole.value
FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
FONT = Qt.ItemDataRole.FontRole.value
TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
PERSON_ID_ROLE = Qt.ItemDataRole.UserRole.value + 1
FRAME_ROW_ROLE = Qt.ItemDataRole.UserRole.value + 2
CENTRED = int(Qt.AlignmentFlag.AlignCenter.value)
LEFT = int((Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value)
# Longer cells are cut for display (laying out thousands of characters to elide them is
# what makes a paint slow); the tooltip and the person pane show the whole text.
DISPLAY_LENGTH = 200
# Cells longer than this show their full text in a tooltip.
TOOLTIP_TEXT_LENGTH = 60

_Index = QModelIndex | QPersistentModelIndex


class SanctionsTableModel(QAbstractTableModel):
    """Rows of the current view; columns are the frame's, plus a score column in fuzzy search."""

    view_changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._dataset: Dataset | None = None
        self._state = ViewState()
        self._view: View | None = None
        self._columns: list[str] = []
        self._rule_colours: np.ndarray | None = None
        self._manual_colours: np.ndarray | None = None
        self._row_tooltip: Callable[[int], str] | None = None
        self._brushes: dict[str, tuple[QBrush, QBrush]] = {}
        self._alignments: list[int] = []
        self._name_section = -1
        self._bold = QFont()
        self._bold.setBold(True)

    # --- what the window sets -------------------------------------------------------------

    @property
    def dataset(self) -> Dataset | None:
        return self._dataset

    @property
    def state(self) -> ViewState:
        return self._state

    @property
    def view(self) -> View | None:
        return self._view

    @property
    def columns(self) -> list[str]:
        return list(self._columns)

    def set_dataset(self, dataset: Dataset, state: ViewState | None = None) -> None:
        self._dataset = dataset
        self._rule_colours = None
        self._manual_colours = None
        if state is not None:
            self._state = state
        self._refresh()

    def set_state(self, state: ViewState) -> None:
        self._state = state
        self._refresh()

    def set_colours(self, rule_colours: np.ndarray | None, manual_colours: np.ndarray | None,
                    row_tooltip: Callable[[int], str] | None = None) -> None:
        """New highlight colours per frame row (rules and manual), and the per-row rule tooltip."""
        self._rule_colours = rule_colours
        self._manual_colours = manual_colours
        self._row_tooltip = row_tooltip
        if self._dataset is None or self._view is None:
            return
        if self._state.only_highlighted:  # the set of rows shown depends on the colours
            self._refresh()
            return
        self._view = replace(self._view, colours=combine_colours(self._dataset.frame, rule_colours, manual_colours))
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1),
                                  [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole])
        self.view_changed.emit()

    def _refresh(self) -> None:
        self.beginResetModel()
        if self._dataset is None:
            self._view, self._columns = None, []
        else:
            self._view = compute_view(self._dataset, self._state, self._rule_colours, self._manual_colours)
            self._columns = self._dataset.columns + ([SCORE_COLUMN] if self._view.scores is not None else [])
        self._alignments = [CENTRED if c == SCORE_COLUMN or c == schema.SOURCE_ROW or is_date_column(c) else LEFT
                            for c in self._columns]
        self._name_section = self._columns.index("name") if "name" in self._columns else -1
        self.endResetModel()
        self.view_changed.emit()

    # --- lookups for the window ---------------------------------------------------------------

    def frame_row(self, row: int) -> int:
        """The frame position behind a table row."""
        return int(self._view.rows[row])

    def table_row_of(self, frame_row: int) -> int | None:
        if self._view is None:
            return None
        found = np.flatnonzero(self._view.rows == frame_row)
        return int(found[0]) if len(found) else None

    def column_of(self, column: str) -> int | None:
        return self._columns.index(column) if column in self._columns else None

    def column_name(self, section: int) -> str:
        return self._columns[section]

    # --- Qt model interface ------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        if parent.isValid() or self._view is None:
            return 0
        return len(self._view.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._columns)

    def _text(self, frame_row: int, column: str) -> str:
        if column == SCORE_COLUMN:
            return f"{self._view.scores[frame_row]:.0f}"
        return self._dataset.text(column)[frame_row]

    def data(self, index: _Index, role: int = DISPLAY):
        """One cell, asked for by the view once per role for each visible cell: kept to
        array lookups, since a screenful of the table is a few thousand calls."""
        if self._view is None or not index.isValid():
            return None
        role = int(role)
        if role == DISPLAY:
            text = self._text(int(self._view.rows[index.row()]), self._columns[index.column()])
            # A cell shows one line; the full text of a long one is in its tooltip.
            return text if len(text) <= DISPLAY_LENGTH else text[:DISPLAY_LENGTH] + "…"
        if role == BACKGROUND or role == FOREGROUND:
            colour = self._view.colours[self._view.rows[index.row()]]
            if colour is None or colour != colour:  # None or NaN: no highlight
                return None
            background, foreground = self._brush(colour)
            return background if role == BACKGROUND else foreground
        if role == ALIGNMENT:
            return self._alignments[index.column()]
        if role == FONT:
            return self._bold if index.column() == self._name_section else None
        if role == TOOLTIP:
            return self._tooltip(int(self._view.rows[index.row()]), self._columns[index.column()])
        if role == PERSON_ID_ROLE:
            return str(self._dataset.frame[schema.PERSON_ID].iat[int(self._view.rows[index.row()])])
        if role == FRAME_ROW_ROLE:
            return int(self._view.rows[index.row()])
        return None

    def _brush(self, colour: str) -> tuple[QBrush, QBrush]:
        if colour not in self._brushes:
            self._brushes[colour] = (QBrush(QColor(colour)), QBrush(QColor(readable_text_colour(colour))))
        return self._brushes[colour]

    def _tooltip(self, frame_row: int, column: str) -> str | None:
        parts = []
        text = self._text(frame_row, column)
        if len(text) > TOOLTIP_TEXT_LENGTH:
            parts.append(text)
        if self._row_tooltip is not None:
            rules = self._row_tooltip(frame_row)
            if rules:
                parts.append(rules)
        return "\n\n".join(parts) or None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return "Score" if column == SCORE_COLUMN else schema.label(column)
        if role == Qt.ItemDataRole.ToolTipRole:
            description = schema.FIELDS[column].description if column in schema.FIELDS else ""
            active = self._state.filters.get(column)
            parts = [schema.label(column) if column != SCORE_COLUMN else "Name similarity, 0-100"]
            if description:
                parts.append(description)
            if active is not None:
                parts.append(f"Filtered: {active.describe()}")
            parts.append("Click to sort; click the ▾ mark to filter.")
            return "\n".join(parts)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns) or self._columns[column] == SCORE_COLUMN:
            self.set_state(replace(self._state, sort_column=None, sort_descending=False))
            return
        self.set_state(replace(self._state, sort_column=self._columns[column],
                               sort_descending=order == Qt.SortOrder.DescendingOrder))
