"""One person's record in words: field values as a reader says them, and when each
government sanctioned them. The person pane shows these; they need no Qt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from . import schema
from .display import LIST_SEPARATOR
from .schema import FIELDS, Kind

US_LABEL = "U.S."
GENDER_WORDS = {"M": "Male", "F": "Female"}


def long_date(value: object) -> str:
    """A date as "9 March 2015", "" when missing."""
    if value is None or pd.isna(value):
        return ""
    day = pd.Timestamp(value)
    return f"{day.day} {day:%B %Y}"


def readable_value(column: str, value: object) -> str:
    """A canonical cell as a reader would say it; "" when nothing is recorded."""
    kind = FIELDS[column].kind if column in FIELDS else None
    if kind is Kind.LIST:
        return LIST_SEPARATOR.join(value) if isinstance(value, tuple) else ""
    if value is None or pd.isna(value):
        return "unclear" if kind is Kind.FLAG else ""
    if kind is Kind.DATE:
        return long_date(value)
    if kind is Kind.FLAG:
        return "Yes" if value else "No"
    if column == "security_status":
        return str(value).capitalize()
    if column == "gender":
        return GENDER_WORDS.get(str(value), str(value))
    return str(value).strip()




@dataclass(frozen=True)
class TimelineMarker:
    """One jurisdiction's row: listed or not, when, and (U.S. only) when delisted."""

    jurisdiction: str
    listed: bool
    date: dt.date | None = None
    delisted: dt.date | None = None

    def describe(self) -> str:
        """The row in words, as its tooltip says it."""
        if not self.listed:
            return f"{self.jurisdiction}: not sanctioned"
        text = (f"{self.jurisdiction}: sanctioned {long_date(self.date)}" if self.date
                else f"{self.jurisdiction}: sanctioned, date unknown")
        if self.delisted:
            text += f"; delisted {long_date(self.delisted)}"
        return text


def _day(value: object) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def timeline_markers(record: pd.Series) -> tuple[TimelineMarker, ...]:
    """The U.S. row then one per other jurisdiction, from one person's row of the frame.

    Everyone in the database is on the U.S. list, so the U.S. row is always listed (its
    date may be unknown); another jurisdiction counts as listed when its flag is yes or a
    listing date is recorded.
    """
    markers = [TimelineMarker(US_LABEL, True, _day(record.get("us_designation_date")),
                              _day(record.get("delisted_date")))]
    for jurisdiction in schema.JURISDICTIONS:
        date = _day(record.get(jurisdiction.date_column))
        flag = record.get(jurisdiction.name)
        listed = date is not None or (flag is not None and not pd.isna(flag) and bool(flag))
        markers.append(TimelineMarker(jurisdiction.label, listed, date))
    return tuple(markers)
