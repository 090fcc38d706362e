"""Caveats on single cells: which field of a row is assumed, inferred, unconfirmed or not researched.

A workbook says so in its "Assumed or unconfirmed" column (`assumed_fields`), one item per
field, written for people as much as for the app:

    uk: assumed, carried over from the EU listing of 2018-01-22 at the end of the Brexit transition
    eu: inferred, date taken from the Swiss listing of 2019-10-11, which mirrored the EU round
    us_designation_date: unconfirmed, day from general knowledge, not checked against a release
    mexico: not researched, no public list of names found

The field may be written as its name or its header ("UK", "Date sanctioned (U.S.)"); a
jurisdiction's date column stands for the jurisdiction. An item that names no known field or
qualifier, or a second item for a field already described, is kept as written in `unplaced`,
so that nothing the file says is dropped unseen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import folding, header_aliases, schema

ASSUMED, INFERRED, UNCONFIRMED, NOT_RESEARCHED = "assumed", "inferred", "unconfirmed", "not researched"
QUALIFIERS = (ASSUMED, INFERRED, UNCONFIRMED, NOT_RESEARCHED)
_DATE_COLUMNS = {f.date_column: f.name for f in schema.JURISDICTIONS}


@dataclass(frozen=True)
class Caveat:
    """How far one cell is from a confirmed fact, and why."""

    column: str
    qualifier: str
    reason: str = ""

    def describe(self) -> str:
        """The caveat as the person pane says it: "assumed: carried over from …"."""
        return f"{self.qualifier}: {self.reason}" if self.reason else self.qualifier

    def item(self) -> str:
        """The caveat as written in the workbook column."""
        return f"{self.column}: {self.qualifier}, {self.reason}" if self.reason \
            else f"{self.column}: {self.qualifier}"


@dataclass(frozen=True)
class RowCaveats:
    """The caveats of one row by column, and the items that could not be placed on a field."""

    by_column: dict[str, Caveat]
    unplaced: tuple[str, ...] = ()

    def get(self, column: str) -> Caveat | None:
        return self.by_column.get(column)


def caveat_column(text: str) -> str | None:
    """The canonical column an item's field names, a jurisdiction for its date column."""
    column = header_aliases.column_for_header(text)
    return _DATE_COLUMNS.get(column, column) if column else None


def parse_caveat(item: str) -> Caveat | None:
    """One item of the column, or None if it names no known field or qualifier."""
    field, colon, rest = str(item).partition(":")
    column = caveat_column(field) if colon else None
    if column is None:
        return None
    folded = folding.fold(rest)
    for qualifier in sorted(QUALIFIERS, key=len, reverse=True):
        if folded.startswith(qualifier):
            reason = rest.strip()[len(qualifier):].lstrip(" ,;:-—–").strip()
            return Caveat(column, qualifier, reason)
    return None


def row_caveats(items: Iterable[str] | None) -> RowCaveats:
    """The caveats of a row from its `assumed_fields` items (see the module docstring)."""
    by_column: dict[str, Caveat] = {}
    unplaced: list[str] = []
    for item in items or ():
        caveat = parse_caveat(item)
        if caveat is None or caveat.column in by_column:
            unplaced.append(str(item))
        else:
            by_column[caveat.column] = caveat
    return RowCaveats(by_column, tuple(unplaced))
