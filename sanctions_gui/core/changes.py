"""One change of the working copy, and its values as the workspace store keeps them.

The working copy is the workbook as read plus the changes in effect, each a
`ChangeEntry` keyed by (person id, kind, column):

- EDIT: a cell whose value differs from the file's. `old` is the file's value (the empty
  value for a person added in the app), `new` the value now. Editing the same cell
  again replaces the entry; editing it back to the file's value removes it, so the
  entries are exactly the differences from the file.
- ADD: a person added in the app; `new` is the sheet they go on.
- REMOVE: a person taken out; the row stays in view, marked, until the workbook is saved.

Values are typed as the frame holds them (Timestamp, tuple of str, bool, str, or a
missing value); `encode_value` / `decode_value` put them into JSON for the store by
the column's kind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from . import schema
from .person import readable_value
from .schema import FIELDS, Kind

EDIT, ADD, REMOVE = "edit", "add", "remove"  # the store's CHECK constraint names the same three
_JURISDICTION_DATES = frozenset(schema.jurisdiction_date_columns())

Key = tuple[str, str, str]  # (person id, kind, column; "" for ADD and REMOVE)


def field_kind(column: str) -> Kind:
    """How a column's cells are typed; a jurisdiction's date column is a date, an extra column text."""
    if column in FIELDS:
        return FIELDS[column].kind
    return Kind.DATE if column in _JURISDICTION_DATES else Kind.TEXT


def now_stamp() -> str:
    """The local time of a change, ISO 8601 with its UTC offset."""
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass(frozen=True)
class ChangeEntry:
    """One change the analyst made to a person, kept in the workspace until saved into the workbook."""

    person_id: str
    kind: str
    column: str = ""
    old: object = None
    new: object = None
    made_at: str = ""
    seq: int = 0  # the order changes were made in (added people are placed in this order)
    by_hand: bool = True  # False for an administration that followed its designation date

    @property
    def key(self) -> Key:
        return (self.person_id, self.kind, self.column)


def is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and value != value


def same_value(first: object, second: object) -> bool:
    """Whether two typed cell values are equal, missing values alike whatever their kind."""
    if is_missing(first) or is_missing(second):
        return is_missing(first) and is_missing(second)
    if isinstance(first, tuple) or isinstance(second, tuple):
        return tuple(first) == tuple(second) if isinstance(first, tuple) and isinstance(second, tuple) else False
    if isinstance(first, (dt.date, pd.Timestamp)) or isinstance(second, (dt.date, pd.Timestamp)):
        try:
            return pd.Timestamp(first) == pd.Timestamp(second)
        except (TypeError, ValueError):
            return False
    return bool(first == second)


def encode_value(column: str, value: object) -> object:
    """A typed value as JSON data: dates as "YYYY-MM-DD", lists as lists, flags as true / false."""
    if is_missing(value):
        return None
    kind = field_kind(column)
    if kind is Kind.DATE:
        return pd.Timestamp(value).date().isoformat()
    if kind in (Kind.FLAG, Kind.JURISDICTION):
        return bool(value)
    if kind is Kind.LIST:
        return [str(item) for item in value]
    return str(value)


def decode_value(column: str, data: object) -> object:
    """`encode_value` undone: the value as the frame holds it."""
    kind = field_kind(column)
    if kind is Kind.LIST:
        return tuple(str(item) for item in data) if data else ()
    if data is None:
        return None
    if kind is Kind.DATE:
        return pd.Timestamp(str(data))
    if kind in (Kind.FLAG, Kind.JURISDICTION):
        return bool(data)
    return str(data)


def describe_change(entry: ChangeEntry) -> tuple[str, str, str]:
    """(field, before, after) in words, as the Changes view and sheet show a change."""

    if entry.kind == ADD:
        return "(person added)", "", f"added to sheet ‘{entry.new}’"
    if entry.kind == REMOVE:
        return "(person removed)", "", "removed: left out of the saved workbook"
    return (schema.label(entry.column), readable_value(entry.column, entry.old) or "(empty)",
            readable_value(entry.column, entry.new) or "(empty)")


def when(entry: ChangeEntry) -> str:
    """The time of a change as "2026-12-02 14:05"."""
    try:
        return dt.datetime.fromisoformat(entry.made_at).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return entry.made_at
