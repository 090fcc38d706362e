"""Column filters and facets: which values are present, how many, and the row masks.

A column filter keeps rows by the values shown in that column (a list column keeps a
row when any of its items is chosen), by text the cell contains, or by a date range.
Facets are the same value filters over a few fixed columns, plus "jurisdictions",
which looks across the other governments' columns at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import schema
from .columns import ALSO_SANCTIONED_BY, column_label
from .display import column_text
from .folding import fold
from .schema import FIELDS, Kind

BLANK = ""  # the value a filter list uses for empty cells
JURISDICTIONS_FACET = ALSO_SANCTIONED_BY
FACETS = (schema.Col.ADMINISTRATION, schema.Col.AUTHORITY, schema.Col.REASONS, schema.Col.SECURITY_STATUS, schema.Col.SHEET,
          JURISDICTIONS_FACET)
facet_label = column_label  # a facet is named as its column is


class ValueIndex:
    """The distinct values of a column (or facet) and, for each, the rows that hold it.

    Built once per column: each cell becomes an integer code (a list cell one code per
    item; the jurisdictions facet one code per government that listed the person), so
    counting values over any set of rows is a bincount and a value filter an isin.
    """

    def __init__(self, frame: pd.DataFrame, column: str):
        self.rows = len(frame)
        if column == JURISDICTIONS_FACET:
            owners, codes = [], []
            for code, spec in enumerate(schema.JURISDICTIONS):
                listed = np.flatnonzero(frame[spec.name].fillna(False).to_numpy(dtype=bool))
                owners.append(listed)
                codes.append(np.full(len(listed), code))
            self.values = [spec.label for spec in schema.JURISDICTIONS]
            self._order: dict[str, int] | None = None  # codes already follow the schema
            self._chronological = False
            self._owners = np.concatenate(owners).astype(np.int64)
            self._codes = np.concatenate(codes).astype(np.int64)
            return
        if column in FIELDS and FIELDS[column].kind is Kind.LIST:
            items = frame[column].map(lambda values: values if values else (BLANK,)).explode().astype(str)
            self._owners = frame.index.get_indexer(items.index).astype(np.int64)
        else:
            items = pd.Series(column_text(frame, column))
            self._owners = np.arange(len(frame), dtype=np.int64)
        codes, uniques = pd.factorize(items.to_numpy(dtype=object))
        self.values = [str(v) for v in uniques]
        self._codes = codes.astype(np.int64)
        vocabulary = FIELDS[column].vocabulary if column in FIELDS else ()
        self._order = {value.casefold(): i for i, value in enumerate(vocabulary)}
        self._chronological = is_date_column(column)  # dates list in time order, not by count

    def counts(self, rows: np.ndarray | None = None) -> list[tuple[str, int]]:
        """Values present among the rows (a mask or positions; all when None) with their counts.

        Vocabulary values come in the schema's order, others most common first; jurisdictions
        in the schema's order. Values with no row are left out.
        """
        codes = self._codes
        if rows is not None:
            chosen = np.zeros(self.rows, dtype=bool)
            chosen[rows] = True
            codes = codes[chosen[self._owners]]
        counts = np.bincount(codes, minlength=len(self.values))
        present = [(value, int(count)) for value, count in zip(self.values, counts) if count]
        if self._order is None:
            return present
        if self._chronological:  # ISO text sorts in time order; blank cells last
            return sorted(present, key=lambda vc: (vc[0] == BLANK, vc[0]))
        order = self._order
        return sorted(present, key=lambda vc: (order.get(vc[0].casefold(), len(order)), -vc[1], fold(vc[0])))

    def mask(self, chosen: frozenset[str]) -> np.ndarray:
        """Rows holding at least one of the chosen values."""
        codes = [code for code, value in enumerate(self.values) if value in chosen]
        keep = np.zeros(self.rows, dtype=bool)
        keep[self._owners[np.isin(self._codes, codes)]] = True
        return keep


def value_counts(frame: pd.DataFrame, column: str, rows: np.ndarray | None = None) -> list[tuple[str, int]]:
    """Values present in a column (or facet) with how many rows hold each (uncached)."""
    return ValueIndex(frame, column).counts(rows)


def values_mask(frame: pd.DataFrame, column: str, chosen: frozenset[str]) -> np.ndarray:
    return ValueIndex(frame, column).mask(chosen)


@dataclass(frozen=True)
class ColumnFilter:
    """What an analyst set on one column: chosen values, text it contains, a date range."""

    column: str
    values: frozenset[str] | None = None
    contains: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    title: str = ""  # words for a filter made elsewhere, e.g. a chart bar's people

    @property
    def active(self) -> bool:
        return self.values is not None or bool(self.contains.strip()) or \
            self.date_from is not None or self.date_to is not None

    def mask(self, frame: pd.DataFrame, text: np.ndarray | None = None,
             index: ValueIndex | None = None) -> np.ndarray:
        """Rows kept by this filter; a cached display `text` and value `index` save work."""
        keep = np.ones(len(frame), dtype=bool)
        if self.values is not None:
            keep &= (index or ValueIndex(frame, self.column)).mask(self.values)
        if self.contains.strip():
            needle = fold(self.contains)
            cells = column_text(frame, self.column) if text is None else text
            keep &= np.fromiter((needle in fold(cell) for cell in cells), dtype=bool, count=len(frame))
        if self.date_from is not None or self.date_to is not None:
            dates = frame[_date_column(self.column)]
            inside = dates.notna()
            if self.date_from is not None:
                inside &= dates >= pd.Timestamp(self.date_from)
            if self.date_to is not None:
                inside &= dates <= pd.Timestamp(self.date_to)
            keep &= inside.to_numpy(dtype=bool)
        return keep

    def describe(self) -> str:
        """The filter in words, for the export's About sheet and the status bar."""
        if self.title:
            return self.title
        name = facet_label(self.column)
        parts = []
        if self.values is not None:
            shown = ", ".join(sorted((v or "(blank)") for v in self.values)) or "nothing"
            parts.append(f"{name} is one of: {shown}")
        if self.contains.strip():
            parts.append(f"{name} contains \u201c{self.contains.strip()}\u201d")
        if self.date_from is not None and self.date_to is not None:
            parts.append(f"{name} from {self.date_from.isoformat()} to {self.date_to.isoformat()}")
        elif self.date_from is not None:
            parts.append(f"{name} on or after {self.date_from.isoformat()}")
        elif self.date_to is not None:
            parts.append(f"{name} on or before {self.date_to.isoformat()}")
        return "; ".join(parts)


def _date_column(column: str) -> str:
    """Date ranges on a jurisdiction apply to its listing date."""
    if column in FIELDS and FIELDS[column].kind is Kind.JURISDICTION:
        return FIELDS[column].date_column
    return column


def is_date_column(column: str) -> bool:
    if column in FIELDS:
        return FIELDS[column].kind in (Kind.DATE, Kind.JURISDICTION)
    return column in schema.jurisdiction_date_columns()
