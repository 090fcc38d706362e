"""Cells as text, one whole column at a time.

The table, the column filters, copy to the clipboard and CSV export all show a cell
the same way; this module is that one way. Each function returns a numpy array of str
so a view can index it by row position without building Python objects per cell.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import schema
from .columns import ALSO_SANCTIONED_BY
from .schema import FIELDS, Kind

LIST_SEPARATOR = "; "


def _kind(column: str) -> Kind | None:
    if column in FIELDS:
        return FIELDS[column].kind
    if column in schema.jurisdiction_date_columns():
        return Kind.DATE
    return None


def format_dates(values: pd.Series) -> np.ndarray:
    """ISO dates; numpy formats a whole column at C speed, where strftime goes cell by cell."""
    days = values.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    text = np.datetime_as_string(days, unit="D").astype(object)
    text[np.isnat(days)] = ""
    return text


def format_flags(values: pd.Series) -> np.ndarray:
    text = np.full(len(values), "", dtype=object)
    known = values.notna().to_numpy()
    truth = values.fillna(False).to_numpy(dtype=bool)
    text[known & truth] = "Yes"
    text[known & ~truth] = "No"
    return text


def other_governments_text(frame: pd.DataFrame) -> np.ndarray:
    """Per row the other governments that listed the person, in schema order: "Canada; EU"."""
    text = np.full(len(frame), "", dtype=object)
    for jurisdiction in schema.JURISDICTIONS:
        listed = frame[jurisdiction.name].fillna(False).to_numpy(dtype=bool)
        text[listed] = np.where(text[listed] == "", jurisdiction.label,
                                text[listed] + LIST_SEPARATOR + jurisdiction.label)
    return text


def column_text(frame: pd.DataFrame, column: str) -> np.ndarray:
    """Every cell of a column (or of "Also sanctioned by") as display text ("" for empty)."""
    if column == ALSO_SANCTIONED_BY and column not in frame.columns:
        return other_governments_text(frame)
    values = frame[column]
    kind = _kind(column)
    if kind is Kind.DATE:
        return format_dates(values)
    if kind is Kind.LIST:
        return values.map(LIST_SEPARATOR.join, na_action="ignore").fillna("").to_numpy(dtype=object)
    if kind is Kind.FLAG:
        return format_flags(values)
    if kind is Kind.JURISDICTION:
        # The listing date says more than "Yes"; fall back to "Yes" when no date is known.
        flags = format_flags(values)
        flags[flags == "No"] = ""
        dates = format_dates(frame[FIELDS[column].date_column])
        return np.where(dates != "", dates, flags)
    if kind is Kind.CHOICE and all(v.islower() for v in FIELDS[column].vocabulary):
        # "active" is the stored value; a reader sees "Active" as in any other table.
        return values.str.capitalize().fillna("").to_numpy(dtype=object)
    if pd.api.types.is_bool_dtype(values.dtype):
        return format_flags(values)
    return values.astype("string").fillna("").to_numpy(dtype=object)


def readable_text_colour(background: str) -> str:
    """Black or white, whichever reads better on the background (WCAG relative luminance)."""
    channels = []
    for start in (1, 3, 5):
        value = int(background[start:start + 2], 16) / 255
        channels.append(value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4)
    luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    return "#000000" if luminance > 0.179 else "#FFFFFF"
