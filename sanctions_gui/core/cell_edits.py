"""A value the analyst typed or picked for a cell, read by the workbook reader's own parsers.

An edit means what the same text would mean in the spreadsheet: "25/07/2019", "9 de marzo
de 2015" and a picked date are dates; "Sí" and "x" are yes; "EO 13692" is E.O. 13692. The
cell is parsed by `column_parsing` (the one parser), so a value the working copy takes is
one the saved workbook reads back the same. What the reader would only guess at or
could not keep is refused with a plain sentence, and nothing changes:

- a date it cannot read, or whose day and month could be swapped ("03/04/2019");
- a word outside a vocabulary (security status, administration, gender), or a reason or
  authority outside its list (items the cell already held are kept);
- a list item holding a separator the reader splits on ("a; b" as one alias);
- yes / no / unclear words it does not know; an empty name.

A jurisdiction is edited as the reader reads its column: a date means listed on that
day, yes / no / unclear a listing without a date; both its columns change together.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from . import schema
from .changes import field_kind, is_missing
from .display import LIST_SEPARATOR
from .folding import fold_key
from .schema import FIELDS, Kind

# Columns the app makes or keeps for itself: not the analyst's to type.
NOT_EDITABLE = frozenset({*schema.INTERNAL_COLUMNS, schema.Col.SHEET})
_DATE_OWNER = {f.date_column: f.name for f in schema.JURISDICTIONS}
TYPE_A_DATE = "type it as 2019-07-25 or 25 July 2019, or pick it from the calendar"


class EditRefused(ValueError):
    """A value the field cannot hold; the message is one plain sentence ending "Nothing was changed."."""


def parse_edit(column: str, value: object, current: object = None) -> dict[str, object]:
    """The typed value(s) an edit gives, by column: one, or a jurisdiction's flag and date.

    `value` is what an editor gives (text, a date, a tuple of items, True / False /
    None) or a canonical value; `current` is the cell's value now, whose list items stay
    allowed. Raises EditRefused.
    """
    if column in NOT_EDITABLE:
        raise EditRefused(f"{schema.label(column)} is kept by the app and cannot be edited. Nothing was changed.")
    kind = field_kind(column)
    if kind is Kind.JURISDICTION:
        return _jurisdiction(column, value)
    if kind is Kind.LIST:
        return {column: _list(column, value, current)}
    from .column_parsing import parse_column  # the reader's parsing loads on the first edit, not at start-up

    spec = FIELDS.get(column) or schema.Field(column, column, kind)
    raw = _raw_cell(value, kind)
    parsed, issues = parse_column(pd.Series([raw], dtype=object), spec)
    typed = parsed.iloc[0]
    if issues:
        raise EditRefused(_sentence(column, raw, issues[0].message, kind, typed))
    if column == schema.Col.NAME and is_missing(typed):
        raise EditRefused("A person needs a name (a row without one is not read as a person); to take "
                          "someone out, use Remove person. Nothing was changed.")
    changes = {column: None if is_missing(typed) else _plain(typed)}
    owner = _DATE_OWNER.get(column)
    if owner is not None and changes[column] is not None:
        changes[owner] = True  # a listing date means the government listed the person, as on reading
    return changes


def _raw_cell(value: object, kind: Kind) -> object:
    """An editor's value as a spreadsheet cell would hold it."""
    if is_missing(value):
        return ""
    if kind is Kind.DATE and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        return value.strip()
    return value


def _jurisdiction(column: str, value: object) -> dict[str, object]:
    from .column_parsing import parse_jurisdiction  # the reader's parsing loads on the first edit

    raw = _raw_cell(value, Kind.DATE if isinstance(value, dt.date) else Kind.JURISDICTION)
    flags, dates, issues = parse_jurisdiction(pd.Series([raw], dtype=object))
    if issues:
        raise EditRefused(_sentence(column, raw, issues[0].message, Kind.DATE, dates.iloc[0]))
    flag, day = flags.iloc[0], dates.iloc[0]
    return {column: None if is_missing(flag) else bool(flag), FIELDS[column].date_column: None if is_missing(day) else day}


def _plain(value: object) -> object:
    """numpy's bool as Python's (Timestamps and str stay as they are)."""
    return bool(value) if isinstance(value, (bool, np.bool_)) else value


def _list(column: str, value: object, current: object) -> tuple[str, ...]:
    """List items, each one the reader reads back as that item; vocabulary items by their canonical name."""
    spec = FIELDS.get(column)
    if is_missing(value) or value == "":
        return ()
    if isinstance(value, str):
        items = list(_parse_items(spec, value))
    else:
        items = []
        for item in (str(item).strip() for item in value):
            if not item:
                continue
            read = _parse_items(spec, item)
            if len(read) != 1:
                pieces = ", ".join(f"‘{piece}’" for piece in read) or "nothing"
                raise EditRefused(f"{schema.label(column)}: ‘{item}’ would be read back from the workbook as "
                                  f"{pieces}, since the reader splits a cell there; add each as its own item. "
                                  "Nothing was changed.")
            items.extend(read)
    known = {fold_key(v) for v in spec.vocabulary} | set(spec.value_synonyms)
    allowed = {fold_key(item) for item in current} if isinstance(current, tuple) else set()
    unknown = [item for item in items if spec.vocabulary and fold_key(item) not in known | allowed]
    if unknown:
        raise EditRefused(f"{schema.label(column)}: ‘{unknown[0]}’ is not one of {', '.join(spec.vocabulary)}. "
                          "Nothing was changed.")
    return tuple(dict.fromkeys(items)) if spec.vocabulary else tuple(items)  # as the reader does


def _parse_items(spec, text: str) -> tuple[str, ...]:
    from .column_parsing import parse_column  # the reader's parsing loads on the first edit

    parsed, _issues = parse_column(pd.Series([text], dtype=object), spec)
    return parsed.iloc[0]


def _sentence(column: str, raw: object, message: str, kind: Kind, read_as: object) -> str:
    """The reader's complaint about a cell, as a refusal of the edit."""
    label = schema.label(column)
    shown = raw.strftime("%Y-%m-%d") if isinstance(raw, dt.datetime) else str(raw)
    if kind is Kind.DATE and not is_missing(read_as):  # the only complaint about a date read: day and month
        day = pd.Timestamp(read_as)
        other = dt.date(day.year, day.day, day.month)
        return (f"{label}: ‘{shown}’ could be {day.day} {day:%B %Y} or {other.day} {other:%B %Y}; type "
                f"{day:%Y-%m-%d} or {other.isoformat()}. Nothing was changed.")
    reason = message
    for tail in ("; left empty", "; kept as written"):
        reason = reason.removesuffix(tail)
    if kind is Kind.DATE and "is not a date" in reason:
        reason = f"‘{shown}’ is not a date this app can read; {TYPE_A_DATE}"
    elif kind is Kind.FLAG:
        reason = f"‘{shown}’ is not yes, no or unclear"
    return f"{label}: {reason}. Nothing was changed."


def edit_text(column: str, value: object) -> str:
    """A typed value as an editor shows it for typing over: dates ISO, lists joined, flags Yes / No."""
    if isinstance(value, tuple):
        return LIST_SEPARATOR.join(value)
    if is_missing(value):
        return ""
    kind = field_kind(column)
    if kind is Kind.DATE:
        return pd.Timestamp(value).date().isoformat()
    if kind in (Kind.FLAG, Kind.JURISDICTION) or isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def editing_value(column: str, value: object, listing_date: object = None) -> object:
    """A cell's value as an editor starts from: typed, but a government's listing as its column
    reads (its date, else "Yes", "" for not listed, "unclear")."""
    if field_kind(column) is not Kind.JURISDICTION:
        return value
    if not is_missing(listing_date):
        return listing_date
    return "unclear" if is_missing(value) else ("Yes" if value else "")
