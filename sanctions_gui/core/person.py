"""One person's record in words: field values as a reader says them, and when each
government sanctioned them. The person pane shows these; they need no Qt.

A value that rests on an assumption, an inference or an unconfirmed day says so ("Yes
(assumed: carried over from the EU listing)"), and a jurisdiction nobody researched reads
"not researched", never "not sanctioned": the caveats come from the row's "Assumed or
unconfirmed" column (see `caveats`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from . import schema
from .caveats import NOT_RESEARCHED, Caveat, RowCaveats, parse_caveat, row_caveats
from .display import LIST_SEPARATOR
from .schema import FIELDS, Kind

US_LABEL = "U.S."
GENDER_WORDS = {"M": "Male", "F": "Female"}
CAVEATS_COLUMN = "assumed_fields"  # the row's "Assumed or unconfirmed" items (caveats.py)
assert CAVEATS_COLUMN in FIELDS


def long_date(value: object) -> str:
    """A date as "9 March 2015", "" when missing."""
    if value is None or pd.isna(value):
        return ""
    day = pd.Timestamp(value)
    return f"{day.day} {day:%B %Y}"


def record_caveats(record: pd.Series) -> RowCaveats:
    """The caveats one row of the frame declares in its `assumed_fields` cell."""
    items = record.get(CAVEATS_COLUMN)
    return row_caveats(items if isinstance(items, tuple) else ())


def caveat_items_without(record: pd.Series, column: str) -> tuple[str, ...]:
    """The row's `assumed_fields` items but those about `column`: its caveat cleared, as an
    edit of that cell gives it (editing a value keeps its caveat until the analyst clears it)."""
    items = record.get(CAVEATS_COLUMN)
    items = items if isinstance(items, tuple) else ()
    return tuple(item for item in items if getattr(parse_caveat(item), "column", None) != column)


def readable_value(column: str, value: object, caveat: Caveat | None = None) -> str:
    """A canonical cell as a reader would say it, with its caveat if it has one.

    "" when nothing is recorded; "not researched" for an empty cell nobody researched.
    """
    text = _plain_value(column, value)
    if caveat is None:
        return text
    if not text:
        return NOT_RESEARCHED if caveat.qualifier == NOT_RESEARCHED else f"({caveat.describe()})"
    return f"{text} ({caveat.describe()})"


def readable_field(record: pd.Series, column: str) -> str:
    """readable_value of one column of a row, with the caveat that row declares for it."""
    return readable_value(column, record.get(column), record_caveats(record).get(column))


_JURISDICTION_DATES = frozenset(schema.jurisdiction_date_columns())


def _plain_value(column: str, value: object) -> str:
    kind = FIELDS[column].kind if column in FIELDS else None
    if kind is Kind.LIST:
        return LIST_SEPARATOR.join(value) if isinstance(value, tuple) else ""
    if value is None or pd.isna(value):
        return "unclear" if kind is Kind.FLAG else ""
    if kind is Kind.DATE or column in _JURISDICTION_DATES:
        return long_date(value)
    if kind in (Kind.FLAG, Kind.JURISDICTION):
        return "Yes" if value else "No"
    if column == "security_status":
        return str(value).capitalize()
    if column == "gender":
        return GENDER_WORDS.get(str(value), str(value))
    return str(value).strip()


@dataclass(frozen=True)
class TimelineMarker:
    """One jurisdiction's row: listed or not, when, (U.S. only) when delisted, and the
    caveat on the listing: assumed, inferred, unconfirmed, or not researched at all."""

    jurisdiction: str
    listed: bool
    date: dt.date | None = None
    delisted: dt.date | None = None
    caveat: Caveat | None = None

    @property
    def researched(self) -> bool:
        """False when nobody looked for this government's list: an empty row means nothing."""
        return self.caveat is None or self.caveat.qualifier != NOT_RESEARCHED

    def describe(self) -> str:
        """The row in words, as its tooltip says it."""
        if not self.listed:
            if not self.researched:
                reason = f" ({self.caveat.reason})" if self.caveat.reason else ""
                return f"{self.jurisdiction}: {NOT_RESEARCHED}{reason}"
            text = f"{self.jurisdiction}: not sanctioned"
        elif self.date:
            text = f"{self.jurisdiction}: sanctioned {long_date(self.date)}"
        else:
            text = f"{self.jurisdiction}: sanctioned, date unknown"
        if self.delisted:
            text += f"; delisted {long_date(self.delisted)}"
        if self.caveat is not None and self.researched:
            text += f" ({self.caveat.describe()})"
        return text


def _day(value: object) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def timeline_markers(record: pd.Series) -> tuple[TimelineMarker, ...]:
    """The U.S. row then one per other jurisdiction, from one person's row of the frame.

    Everyone in the database is on the U.S. list, so the U.S. row is always listed (its
    date may be unknown); another jurisdiction counts as listed when its flag is yes or a
    listing date is recorded. Each marker carries the caveat the row declares for it (the
    U.S. row: for the designation date, else for the delisting date).
    """
    caveats = record_caveats(record)
    us_caveat = caveats.get("us_designation_date") or caveats.get("delisted_date")
    markers = [TimelineMarker(US_LABEL, True, _day(record.get("us_designation_date")),
                              _day(record.get("delisted_date")), us_caveat)]
    for jurisdiction in schema.JURISDICTIONS:
        date = _day(record.get(jurisdiction.date_column))
        flag = record.get(jurisdiction.name)
        listed = date is not None or (flag is not None and not pd.isna(flag) and bool(flag))
        markers.append(TimelineMarker(jurisdiction.label, listed, date, caveat=caveats.get(jurisdiction.name)))
    return tuple(markers)
