"""What the analyst does to the view: search, sheet, column filters, facets, sort, only-highlighted.

Part of `Session` (mixed in): each intent makes the next ViewState and hands it to
`_set_state`, which recomputes the view and tells observers once. These are not undone
(Edit › Undo is for the analyst's own data: rules, highlights, notes, flags).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import numpy as np

from . import schema
from .filters import ColumnFilter
from .sheets import SHEET_CHOICES
from .view import ViewState, compute_view


class ViewIntents:
    """Needs Session's `_state`, `_dataset`, `_matches`, `_manual`, `_batch` and `_set_state`."""

    _state: ViewState

    def set_search(self, text: str) -> None:
        self._set_state(replace(self._state, search=text))

    def set_fuzzy_threshold(self, threshold: int) -> None:
        self._set_state(replace(self._state, fuzzy_threshold=int(threshold)))

    def set_sheet(self, choice: str) -> None:
        if choice not in SHEET_CHOICES:
            raise ValueError(f"'{choice}' is not a sheet choice (use {', '.join(SHEET_CHOICES)})")
        self._set_state(replace(self._state, sheet=choice))

    def set_filter(self, column_filter: ColumnFilter) -> None:
        """Filter one column (an inactive filter clears that column's)."""
        self._set_state(self._state.with_filter(column_filter))

    def set_facet(self, facet: str, values: Iterable[str] | None) -> None:
        self._set_state(self._state.with_facet(facet, frozenset(values or ())))

    def set_facets(self, facets: dict[str, frozenset[str]]) -> None:
        self._set_state(replace(self._state, facets={f: frozenset(v) for f, v in facets.items() if v}))

    def clear_filters(self) -> None:
        """Clear the search, the column filters and the facets."""
        self._set_state(replace(self._state.without_filters(), search=""))

    def set_sort(self, column: str | None, descending: bool = False) -> None:
        """Sort by a column (None: the file's order, or best fuzzy match first)."""
        if column is not None and self._dataset is not None and not self._dataset.has_column(column):
            column = None  # (before any dataset, kept: set_dataset drops it if the data lacks it)
        self._set_state(replace(self._state, sort_column=column, sort_descending=bool(descending and column)))

    def set_only_highlighted(self, on: bool) -> None:
        self._set_state(replace(self._state, only_highlighted=bool(on)))

    def show_people(self, rows: np.ndarray, title: str) -> None:
        """Show exactly these frame rows (a boolean mask), on every sheet: a chart bar's people."""
        ids = frozenset(self._dataset.person_ids[np.asarray(rows, dtype=bool)])
        with self._batch():
            self._set_state(replace(self._state.with_filter(
                ColumnFilter(schema.PERSON_ID, values=ids, title=title)), sheet="all"))

    def filter_choices(self, column: str) -> list[tuple[str, int]]:
        """The values of a column among the rows every other filter leaves, with their
        counts: what the column's filter offers."""
        others = replace(self._state, filters={c: f for c, f in self._state.filters.items() if c != column})
        rule_colours = self._matches.colours if self._matches is not None else None
        rows = compute_view(self._dataset, others, rule_colours, self._manual).rows
        return self._dataset.values(column).counts(rows)
