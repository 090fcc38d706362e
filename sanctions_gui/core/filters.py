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
from .display import column_text
from .schema import FIELDS, Kind, fold

BLANK = ""  # the value a filter list uses for empty cells
JURISDICTIONS_FACET = "jurisdictions"
FACETS = ("administration", "authority", "reasons", "security_status", "sheet", JURISDICTIONS_FACET)


def facet_label(facet: str) -> str:
    return "Also sanctioned by" if facet == JURISDICTIONS_FACET else schema.label(facet)


def _items(frame: pd.DataFrame, column: str) -> pd.Series:
    """One entry per (row, value): list cells contribute each item, others their text."""
    if column in FIELDS and FIELDS[column].kind is Kind.LIST:
        exploded = frame[column].map(lambda items: items if items else (BLANK,)).explode()
        return exploded.astype(str)
    return pd.Series(column_text(frame, column), index=frame.index)


def value_counts(frame: pd.DataFrame, column: str, rows: np.ndarray | None = None) -> list[tuple[str, int]]:
    """Values present in a column (or facet) with how many rows hold each, most common first."""
    if rows is not None:
        frame = frame.iloc[np.flatnonzero(rows) if rows.dtype == bool else rows]
    if column == JURISDICTIONS_FACET:
        counts = [(j.label, int(frame[j.name].fillna(False).sum())) for j in schema.JURISDICTIONS]
        return [(label, count) for label, count in counts if count]
    counts = _items(frame, column).value_counts(sort=False)
    vocabulary = FIELDS[column].vocabulary if column in FIELDS else ()
    order = {value: i for i, value in enumerate(vocabulary)}
    return sorted(((str(v), int(c)) for v, c in counts.items()),
                  key=lambda vc: (order.get(vc[0], len(order)), -vc[1], fold(vc[0])))


def values_mask(frame: pd.DataFrame, column: str, chosen: frozenset[str]) -> np.ndarray:
    if column == JURISDICTIONS_FACET:
        mask = np.zeros(len(frame), dtype=bool)
        for j in schema.JURISDICTIONS:
            if j.label in chosen:
                mask |= frame[j.name].fillna(False).to_numpy(dtype=bool)
        return mask
    items = _items(frame, column)
    hit = items.isin(chosen)
    return hit.groupby(level=0).any().reindex(frame.index, fill_value=False).to_numpy(dtype=bool)


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

    def mask(self, frame: pd.DataFrame, text: np.ndarray | None = None) -> np.ndarray:
        """Rows kept by this filter; `text` may pass the column's display text if cached."""
        keep = np.ones(len(frame), dtype=bool)
        if self.values is not None:
            keep &= values_mask(frame, self.column, self.values)
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
