"""Opening a workbook in the session, and swapping in a new frame or reading of it.

Part of `Session` (mixed in): what a new dataset keeps of the analyst's state (sheet,
sort, facets, rules; the selection and filters too for the same workbook read anew)
and under which workspace key its notes, flags and hand colours are found.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from .notes_lookup import notes_key_for
from .rules import evaluate
from .session_events import Change
from .view import Dataset
from .working_copy import WorkingCopy
from .workspace import dataset_key


class DatasetIntents:
    """Needs Session's `_state`, `_dataset`, `_dataset_key`, `_notes_from`, `_working`, `_rules`,
    `_matches`, `_manual`, `_view`, `workspace`, `history`, `_batch`, `_touch`, `_refresh`,
    `_manual_colours` and EditIntents' `_open_working_copy`."""

    def set_dataset(self, dataset: Dataset) -> None:
        """Open a workbook: search and column filters start afresh; sheet, sort, facets,
        only-highlighted and the rules stay. Undo history is kept for a reload of the same
        file and cleared for another file (its notes belong to that file)."""
        with self._batch():
            key = self._key_for(dataset)
            if self._dataset is None or key != self.dataset_key:
                self.history.clear()
                self._touch(Change.HISTORY)
            sort = self._state.sort_column if self._state.sort_column in dataset.columns else None
            self._state = replace(self._state, search="", filters={}, sort_column=sort,
                                  sort_descending=self._state.sort_descending if sort else False)
            self._install(self._open_working_copy(dataset), key)

    def replace_frame(self, frame: pd.DataFrame) -> None:
        """The same workbook with another frame: the selection, sort, filters and undo
        history stay, as far as their columns and people do."""
        if self._dataset is None:
            raise ValueError("no dataset is open")
        self.replace_dataset(Dataset(frame, self._dataset.source, self._dataset.report))

    def replace_dataset(self, dataset: Dataset) -> None:
        """The same workbook read anew (columns mapped by hand, with the report of that reading):
        kept as `replace_frame` keeps, under the same notes key."""
        if self._dataset is None:
            raise ValueError("no dataset is open")
        with self._batch():
            self._working = WorkingCopy(dataset.frame, [*self._working.entries(), *self._working.unplaced])
            dataset = Dataset(self._working.frame, dataset.source, dataset.report)
            state = self._state
            filters = {c: f for c, f in state.filters.items() if dataset.has_column(c)}
            sort = state.sort_column if state.sort_column is None or dataset.has_column(state.sort_column) else None
            self._state = replace(state, filters=filters, sort_column=sort)
            self._install(dataset, self._dataset_key)

    def _key_for(self, dataset: Dataset) -> str:
        """Where this workbook's annotations live: under its resolved path, or under another
        copy's when it is that workbook moved, renamed or re-saved (notes_lookup)."""
        self._notes_from = None
        if dataset.source is None or self.workspace is None:
            return dataset_key(dataset.source) if dataset.source is not None else ""
        key, self._notes_from = notes_key_for(self.workspace, dataset.source, dataset.frame, dataset.report)
        return key

    def _install(self, dataset: Dataset, key: str) -> None:
        self._dataset = dataset
        self._dataset_key = key
        self._matches = evaluate(dataset.frame, self._rules, self._working.removed)
        self._manual = self._manual_colours()
        self._view = None
        self._touch(Change.DATASET | Change.RULES | Change.FILTERS | Change.COLOURS)
        self._refresh()
