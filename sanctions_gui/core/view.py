"""A loaded dataset and the view an analyst builds on it: which rows, in which order, in which colour.

The window, the export and the command line all compute a view here, so "export
exactly what I see" holds by construction. A view is an array of row positions into
the frame (the display order) plus a colour per row; filtering and sorting are numpy
operations on whole columns, never a comparison per pair of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from . import schema
from .columns import ALSO_SANCTIONED_BY, column_label, display_columns
from .display import column_text
from .filters import ColumnFilter, ValueIndex
from .progress import ProgressCallback
from .import_report import ImportReport
from .ranking import repeats_values, text_ranks
from .schema import FIELDS, Kind
from .search import EXACT, SearchIndex
from .sheets import sheet_mask


class Dataset:
    """A loaded frame with the per-column work a view needs, each done once and cached."""

    def __init__(self, frame: pd.DataFrame, source: Path | None = None, report: ImportReport | None = None):
        self.frame = frame
        self.source = source
        self.report = report
        self._text: dict[str, np.ndarray] = {}
        self._sort_codes: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._search: SearchIndex | None = None
        self._value_indexes: dict[str, ValueIndex] = {}

    def __len__(self) -> int:
        return len(self.frame)

    def edited(self, frame: pd.DataFrame, columns: frozenset[str], rows: np.ndarray) -> Dataset:
        """This dataset after an edit of the working copy: `frame` is a copy of this one whose
        `columns` changed in `rows`, rows past the old end added (or rows taken off the end).
        The work done for other columns is kept; the changed columns' text is redone for
        those rows only, and their other caches are made again when first asked for."""
        dataset = Dataset(frame, self.source, self.report)
        old, new = len(self.frame), len(frame)
        common = min(old, new)
        affected = _display_columns_of(columns)
        rows = np.asarray(rows, dtype=np.int64)
        rows = rows[rows < common]
        for column, text in self._text.items():
            if new != old:
                text = np.concatenate([text[:common], column_text(frame.iloc[common:], column)])
            if column in affected and len(rows):
                text = text.copy()
                text[rows] = column_text(frame.iloc[rows], column)
            dataset._text[column] = text
        if new == old:
            for known in ("person_ids", "_row_of_id", "_columns"):  # the same people in the same rows
                if known in self.__dict__:
                    dataset.__dict__[known] = self.__dict__[known]
            dataset._sort_codes = {c: codes for c, codes in self._sort_codes.items() if c not in affected}
            dataset._value_indexes = {c: index for c, index in self._value_indexes.items() if c not in affected}
            if not affected & set(schema.SEARCH_FIELDS):
                dataset._search = self._search
        return dataset

    @property
    def columns(self) -> list[str]:
        """Every column a table shows or can show, in reading order (columns.display_columns)."""
        return list(self._columns)

    @cached_property
    def _columns(self) -> tuple[str, ...]:
        return tuple(display_columns(self.frame))

    def has_column(self, column: str) -> bool:
        return column in self._columns

    @cached_property
    def person_ids(self) -> np.ndarray:
        """Each row's person id (str), in frame order."""
        return self.frame[schema.PERSON_ID].astype(str).to_numpy(dtype=object)

    @cached_property
    def _row_of_id(self) -> dict[str, int]:
        return {person_id: row for row, person_id in enumerate(self.person_ids)}

    def rows_of(self, person_ids) -> np.ndarray:
        """Frame positions of these people, -1 for an id the dataset does not hold."""
        lookup = self._row_of_id
        ids = list(person_ids)
        return np.fromiter((lookup.get(person_id, -1) for person_id in ids), dtype=np.int64, count=len(ids))

    def text(self, column: str) -> np.ndarray:
        """Display text of a whole column, made once."""
        if column not in self._text:
            self._text[column] = column_text(self.frame, column)
        return self._text[column]

    def values(self, column: str) -> ValueIndex:
        """The column's (or facet's) distinct values and their rows, made once."""
        if column not in self._value_indexes:
            self._value_indexes[column] = ValueIndex(self.frame, column)
        return self._value_indexes[column]

    @property
    def search_index(self) -> SearchIndex:
        if self._search is None:
            self._search = SearchIndex(self.frame)
        return self._search

    def sort_codes(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """Per row an integer rank of its value and whether the cell is empty.

        Ranks are computed once per column from the distinct values, so each later
        sort is an argsort of integers over the visible rows.
        """
        if column not in self._sort_codes:
            self._sort_codes[column] = self._rank(column)
        return self._sort_codes[column]

    def rank_text_columns(self, columns, step: ProgressCallback | None = None) -> None:
        """Rank now, before anyone sorts, those of these columns that sort by texts nearly all
        distinct: the slow ones (unique notes of some 400 characters take over half a second
        on 200,000 rows; repeated values rank in tens of milliseconds on the click).
        `step` (core.progress.stepper) hears of each column and may stop the work."""
        for column in columns:
            if self.has_column(column) and self._ranked_by_text(column) and not repeats_values(self.text(column)):
                if step is not None:
                    step(0.98, f"Preparing to sort by {column_label(column)}")
                self.sort_codes(column)

    def _ranked_by_text(self, column: str) -> bool:
        """Free text, lists and columns made from others sort by their display text; dates,
        numbers, flags, choices and jurisdictions by their values."""
        if column not in self.frame.columns:
            return True
        dtype = self.frame[column].dtype
        kind = FIELDS[column].kind if column in FIELDS else None
        return not (kind in (Kind.JURISDICTION, Kind.FLAG, Kind.CHOICE) or pd.api.types.is_datetime64_any_dtype(dtype)
                    or pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype))

    def _rank(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        if self._ranked_by_text(column):
            return self._rank_text(column)
        values = self.frame[column]
        kind = FIELDS[column].kind if column in FIELDS else None
        if kind is Kind.JURISDICTION:
            # Listed people first, by listing date; listed without a date after them.
            dates = self.frame[FIELDS[column].date_column]
            listed = values.fillna(False).to_numpy(dtype=bool)
            day = dates.to_numpy(dtype="datetime64[ns]").astype(np.int64)
            day = np.where(dates.isna().to_numpy(), np.iinfo(np.int64).max, day)
            return _dense_rank(day), ~listed
        if pd.api.types.is_datetime64_any_dtype(values.dtype):
            empty = values.isna().to_numpy()
            return _dense_rank(values.to_numpy(dtype="datetime64[ns]").astype(np.int64)), empty
        if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
            empty = values.isna().to_numpy()
            return _dense_rank(values.fillna(0).to_numpy(dtype=float)), empty
        if kind is Kind.FLAG or pd.api.types.is_bool_dtype(values.dtype):
            empty = values.isna().to_numpy()
            return (~values.fillna(False).to_numpy(dtype=bool)).astype(np.int64), empty  # Yes before No
        if kind is Kind.CHOICE:
            order = {value: i for i, value in enumerate(FIELDS[column].vocabulary)}
            if column == schema.Col.SECURITY_STATUS:
                empty = values.isna().to_numpy() | (values == "unknown").fillna(False).to_numpy()
            else:
                empty = values.isna().to_numpy()
            ranks = values.map(order).fillna(len(order)).to_numpy(dtype=np.int64)
            return ranks, empty
        raise AssertionError(f"{column} is ranked by its text")  # _ranked_by_text said otherwise

    def _rank_text(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        text = self.text(column)
        return text_ranks(text), text == ""


def _display_columns_of(columns: frozenset[str]) -> set[str]:
    """The columns (and facets) shown from these frame columns: a jurisdiction shows its
    listing date, and "Also sanctioned by" every jurisdiction."""
    shown = set(columns)
    for jurisdiction in schema.JURISDICTIONS:
        if jurisdiction.date_column in columns:
            shown.add(jurisdiction.name)
        if jurisdiction.name in columns:
            shown.add(ALSO_SANCTIONED_BY)
    return shown


def _dense_rank(values: np.ndarray) -> np.ndarray:
    return np.unique(values, return_inverse=True)[1].astype(np.int64).ravel()


def sort_rows(dataset: Dataset, rows: np.ndarray, column: str, descending: bool = False) -> np.ndarray:
    """Visible rows ordered by a column; empty cells last either way; ties keep their order."""
    codes, empty = dataset.sort_codes(column)
    key = codes[rows]
    if descending:
        key = -key
    order = np.lexsort((key, empty[rows]))  # last key is primary: empties last
    return rows[order]


@dataclass(frozen=True)
class ViewState:
    """Everything the analyst set that decides the rows shown."""

    sheet: str = "all"  # sheets.SHEET_CHOICES
    search: str = ""
    fuzzy_threshold: int = EXACT  # 100 = exact words; lower = fuzzy names and aliases
    filters: dict[str, ColumnFilter] = field(default_factory=dict)  # per column, from the header
    facets: dict[str, frozenset[str]] = field(default_factory=dict)  # filters.FACETS -> values chosen
    only_highlighted: bool = False
    sort_column: str | None = None
    sort_descending: bool = False

    def with_filter(self, column_filter: ColumnFilter) -> ViewState:
        filters = dict(self.filters)
        if column_filter.active:
            filters[column_filter.column] = column_filter
        else:
            filters.pop(column_filter.column, None)
        return replace(self, filters=filters)

    def with_facet(self, facet: str, values: frozenset[str] | None) -> ViewState:
        """Choose values in a facet (None or empty clears it)."""
        facets = dict(self.facets)
        if values:
            facets[facet] = frozenset(values)
        else:
            facets.pop(facet, None)
        return replace(self, facets=facets)

    def without_filters(self) -> ViewState:
        return replace(self, filters={}, facets={})

    def filter_descriptions(self) -> list[str]:
        """Every column filter and facet in words (the search is described on its own)."""
        return [f.describe() for f in self.filters.values() if f.active] + \
            [ColumnFilter(facet, values=values).describe() for facet, values in self.facets.items()]

    @property
    def filtered(self) -> bool:
        return bool(self.filters or self.facets or self.search.strip())


@dataclass
class View:
    """The rows shown, in order, and each frame row's colour; treat as read-only."""

    rows: np.ndarray  # frame positions in display order
    colours: np.ndarray  # per frame row: "#RRGGBB" or None
    scores: np.ndarray | None  # per frame row fuzzy name score, when fuzzy search is on
    loaded: int

    def __len__(self) -> int:
        return len(self.rows)

    @cached_property
    def positions(self) -> np.ndarray:
        """The inverse permutation: per frame row its position in the view, -1 when not shown."""
        positions = np.full(self.loaded, -1, dtype=np.int64)
        positions[self.rows] = np.arange(len(self.rows), dtype=np.int64)
        return positions

    @property
    def highlighted(self) -> int:
        return int(pd.notna(self.colours[self.rows]).sum())


def combine_colours(frame: pd.DataFrame, rule_colours: np.ndarray | None,
                    manual_colours: np.ndarray | None) -> np.ndarray:
    """Colour per row: a colour the analyst gave by hand, else the first matching rule,
    else the fill the row had in the source file."""
    source = frame[schema.SOURCE_HIGHLIGHT]
    colours = source.astype(object).where(source.notna(), None).to_numpy(dtype=object)
    for layer in (rule_colours, manual_colours):
        if layer is not None:
            colours = np.where(pd.notna(layer), layer, colours)
    return colours


def compute_view(dataset: Dataset, state: ViewState, rule_colours: np.ndarray | None = None,
                 manual_colours: np.ndarray | None = None) -> View:
    frame = dataset.frame
    keep = sheet_mask(frame, state.sheet)
    scores = None
    if state.search.strip():
        found, scores = dataset.search_index.match(state.search, state.fuzzy_threshold)
        keep &= found
    for column_filter in state.filters.values():
        column = column_filter.column
        text = dataset.text(column) if dataset.has_column(column) else None
        keep &= column_filter.mask(frame, text, dataset.values(column) if column_filter.values is not None else None)
    for facet, chosen in state.facets.items():
        keep &= dataset.values(facet).mask(chosen)
    colours = combine_colours(frame, rule_colours, manual_colours)
    if state.only_highlighted:
        keep &= pd.notna(colours)
    rows = np.flatnonzero(keep)
    if state.sort_column is not None and dataset.has_column(state.sort_column):
        rows = sort_rows(dataset, rows, state.sort_column, state.sort_descending)
    elif scores is not None:
        rows = rows[np.argsort(-scores[rows], kind="stable")]
    return View(rows=rows, colours=colours, scores=scores, loaded=len(frame))
