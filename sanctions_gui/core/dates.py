"""Dates as analysts type them: date cells, Excel serials, ISO, worded and numeric text.

Each parser takes a column of raw cell values and returns datetime64 values plus the
`CellIssue`s of the cells it could not read cleanly (an ambiguous day/month order, a
month without a day, a year out of range), for the import report.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from .folding import fold
from .values import CellIssue, is_blank, is_blank_value, text_cells

# Excel's day zero for serial dates (the 1900 leap-year bug is built into this origin).
EXCEL_EPOCH = "1899-12-30"
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
# Serial numbers of 1900-01-01 and 2101-01-01, and the last serial Excel shows (9999-12-31).
FIRST_SERIAL, END_SERIAL, LAST_EXCEL_SERIAL = 2, 73051, 2958465
_UNIX_ORDINAL = dt.date(1970, 1, 1).toordinal()
_NO_DAY = np.iinfo(np.int64).min  # NaT as a count of days

MONTHS = {
    **{m: i for i, m in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"), start=1)},
    **{m: i for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)},
    **{m: i for i, m in enumerate(
        ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
         "septiembre", "octubre", "noviembre", "diciembre"), start=1)},
    **{m: i for i, m in enumerate(
        ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"), start=1)},
    "sept": 9, "set": 9, "setiembre": 9,
}

_ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_NUMERIC = r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$"
_DAY_MONTH_YEAR = r"^(\d{1,2})(?:st|nd|rd|th|º|°)?\s*(?:de\s+)?([a-z]+)\.?,?\s*(?:de\s+|del\s+)?(\d{4})$"
_MONTH_DAY_YEAR = r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$"
_MONTH_YEAR = r"^([a-z]+)\.?,?\s+(?:de\s+|del\s+)?(\d{4})$"


# --- dates -----------------------------------------------------------------------------


def _describe(day: pd.Timestamp) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def _build_dates(year: pd.Series, month: pd.Series, day: pd.Series) -> pd.Series:
    frame = pd.DataFrame({"year": year, "month": month, "day": day}).astype(float)
    frame = frame.where(frame["year"].between(1, 9999))
    return pd.to_datetime(frame, errors="coerce").dt.as_unit("us")


def _parse_numeric_dates(text: pd.Series, issues: list[CellIssue]) -> pd.Series:
    """dd/mm/yyyy or mm/dd/yyyy, deciding the order from the column's own evidence.

    A value like 25/03/2015 proves day-first and 03/25/2015 month-first. When the
    column gives no proof either way, ambiguous values are read day-first (the usual
    order in Venezuelan and European sheets) and each one is reported.
    """
    parts = text.str.extract(_NUMERIC).astype(float)
    first, second, year = parts[0], parts[1], parts[2]
    year = year.where(year >= 100, np.where(year < 50, 2000 + year, 1900 + year))
    proves_day_first = (first > 12) & (second <= 12)
    proves_month_first = (second > 12) & (first <= 12)
    month_first = bool(proves_month_first.any() and not proves_day_first.any())
    ambiguous = (first <= 12) & (second <= 12) & (first != second)

    day = first.where(~proves_month_first & ~(ambiguous & month_first), second)
    month = second.where(~proves_month_first & ~(ambiguous & month_first), first)
    result = _build_dates(year, month, day)

    column_decided = proves_day_first.any() or proves_month_first.any()
    order = "month/day" if month_first else "day/month"
    for position in np.flatnonzero(ambiguous.to_numpy() & result.notna().to_numpy()):
        read_as = result.iloc[position]
        other = _build_dates(year.iloc[[position]], day.iloc[[position]], month.iloc[[position]]).iloc[0]
        reason = ("as other dates in this column are" if column_decided
                  else "nothing in the column settles the order")
        issues.append(CellIssue(
            int(position),
            f"'{text.iloc[position]}' is ambiguous: read as {_describe(read_as)} ({order}, {reason});"
            f" it could be {_describe(other)}",
        ))
    return result


def _month_number(names: pd.Series) -> pd.Series:
    return names.map(MONTHS.get).astype(float)


def _parse_worded_dates(text: pd.Series) -> pd.Series:
    """"9 March 2015", "March 9, 2015", "9 de marzo de 2015", "Mar. 9 2015"."""
    folded = text.map(fold)
    result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]")
    dmy = folded.str.extract(_DAY_MONTH_YEAR)
    found = dmy[0].notna()
    if found.any():
        result[found] = _build_dates(dmy[2][found], _month_number(dmy[1][found]), dmy[0][found])
    mdy = folded.str.extract(_MONTH_DAY_YEAR)
    found = mdy[0].notna() & result.isna()
    if found.any():
        result[found] = _build_dates(mdy[2][found], _month_number(mdy[0][found]), mdy[1][found])
    return result


def _date_objects(values: pd.Series, issues: list[CellIssue]) -> pd.Series:
    """Date cells (datetime / date objects) within the years this app handles."""
    years = values.map(lambda v: v.year)
    in_range = years.between(EARLIEST_YEAR, LATEST_YEAR)
    for position in np.flatnonzero(~in_range.to_numpy()):
        issues.append(CellIssue(int(position), f"{values.iloc[position]:%Y-%m-%d} is out of range; left empty"))
    dates = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    if in_range.any():
        dates[in_range] = pd.to_datetime(values[in_range].map(lambda v: v.isoformat()[:10])).to_numpy()
    return dates


def _serial_dates(numbers: pd.Series, issues: list[CellIssue]) -> pd.Series:
    """Excel serial numbers as dates; whole numbers 1900-2100 are taken for a lone year."""
    dates = pd.Series(pd.NaT, index=numbers.index, dtype="datetime64[ns]")
    looks_like_year = numbers.between(EARLIEST_YEAR, LATEST_YEAR) & (numbers % 1 == 0)
    in_range = numbers.between(FIRST_SERIAL, END_SERIAL, inclusive="left") & ~looks_like_year
    if in_range.any():
        days = np.floor(numbers[in_range].to_numpy(dtype=float)).astype("timedelta64[D]")
        dates[in_range] = np.datetime64(EXCEL_EPOCH, "ns") + days
    for position in np.flatnonzero(~in_range.to_numpy()):
        number = numbers.iloc[position]
        if looks_like_year.iloc[position]:
            message = f"'{int(number)}' is only a year; left empty"
        elif 1 <= number <= LAST_EXCEL_SERIAL:
            day = dt.date(1899, 12, 30) + dt.timedelta(days=int(number))
            message = f"{day.isoformat()} is out of range; left empty"
        else:
            shown = f"{number:.0f}" if number.is_integer() and abs(number) < 1e15 else f"{number:g}"
            message = f"'{shown}' is not a valid date; left empty"
        issues.append(CellIssue(int(position), message))
    return dates


def cell_day(value: object) -> int | None:
    """Days since 1970-01-01 of a date cell (a date or datetime) in the years this app handles,
    the day parse_dates reads it as; None for any other value."""
    if isinstance(value, dt.date) and EARLIEST_YEAR <= value.year <= LATEST_YEAR:  # NaT's year is NaN
        return value.toordinal() - _UNIX_ORDINAL
    return None


def day_series(days: list[int | None], index: pd.Index) -> pd.Series:
    """Days since 1970-01-01 (None: no date) as a datetime64[ns] column."""
    counts = np.fromiter((_NO_DAY if day is None else day for day in days), dtype=np.int64, count=len(days))
    return pd.Series(counts.view("datetime64[D]").astype("datetime64[ns]"), index=index)


def _date_cells_only(raw: pd.Series) -> pd.Series | None:
    """The usual column, date cells in range and blanks, read value by value; None when it
    holds anything else, which the general reading below handles. Each pandas step of that
    reading costs a fixed time per column, most of a small workbook's reading time."""
    days = []
    for value in raw.to_numpy(dtype=object):
        day = cell_day(value)
        if day is None and (isinstance(value, dt.date) or not is_blank_value(value)):
            return None
        days.append(day)
    return day_series(days, raw.index)


def parse_dates(raw: pd.Series) -> tuple[pd.Series, list[CellIssue]]:
    """Dates from Excel date cells, serial numbers, ISO text, worded and numeric text."""
    quick = _date_cells_only(raw)
    if quick is not None:
        return quick, []
    issues: list[CellIssue] = []
    result = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    blank = is_blank(raw)
    is_date_object = raw.map(lambda v: isinstance(v, (dt.date, dt.datetime))).to_numpy()
    is_time = raw.map(lambda v: isinstance(v, (dt.time, dt.timedelta))).to_numpy()
    is_number = raw.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)).to_numpy() & ~blank

    if is_date_object.any():
        found: list[CellIssue] = []
        result[is_date_object] = _date_objects(raw[is_date_object], found).to_numpy()
        positions = np.flatnonzero(is_date_object)
        issues.extend(CellIssue(int(positions[i.position]), i.message) for i in found)

    if is_number.any():
        found = []
        result[is_number] = _serial_dates(raw[is_number].astype(float), found).to_numpy()
        positions = np.flatnonzero(is_number)
        issues.extend(CellIssue(int(positions[i.position]), i.message) for i in found)

    for position in np.flatnonzero(is_time):
        issues.append(CellIssue(int(position), f"'{raw.iloc[position]}' is a time or duration, not a date; "
                                               "left empty"))

    is_text = ~(blank | is_date_object | is_number | is_time)
    if is_text.any():
        text = text_cells(raw[is_text])
        # Microsecond resolution reaches any year text can name; out-of-range years are
        # reported and dropped before the result narrows to nanoseconds.
        parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]")
        iso = text.str.match(_ISO)
        if iso.any():
            parsed[iso] = pd.to_datetime(text[iso], format="ISO8601", errors="coerce").dt.as_unit("us").to_numpy()
        numeric = text.str.match(_NUMERIC) & ~iso
        if numeric.any():
            numeric_issues: list[CellIssue] = []
            parsed[numeric] = _parse_numeric_dates(text[numeric], numeric_issues)
            text_positions = np.flatnonzero(is_text)[np.flatnonzero(numeric.to_numpy())]
            issues.extend(CellIssue(int(text_positions[i.position]), i.message) for i in numeric_issues)
        rest = parsed.isna() & ~iso & ~numeric
        if rest.any():
            parsed[rest] = _parse_worded_dates(text[rest])
        text_positions = np.flatnonzero(is_text)
        out_of_range = parsed.notna() & ~parsed.dt.year.between(EARLIEST_YEAR, LATEST_YEAR)
        for i in np.flatnonzero(out_of_range.to_numpy()):
            issues.append(CellIssue(int(text_positions[i]),
                                    f"{parsed.iloc[i].date()} is out of range; left empty"))
        parsed[out_of_range] = pd.NaT
        result[is_text] = parsed.to_numpy()

        month_only = text.map(fold).str.match(_MONTH_YEAR).to_numpy()
        for i in np.flatnonzero(parsed.isna().to_numpy() & ~out_of_range.to_numpy()):
            why = ("gives only a month and year" if month_only[i]
                   else "is not a date this app can read (use a date cell, 2015-03-09 or 9 March 2015)")
            issues.append(CellIssue(int(text_positions[i]), f"'{text.iloc[i]}' {why}; left empty"))
    return result, sorted(issues, key=lambda i: i.position)
