"""Cell-level parsing rules: dates, yes/no, vocabularies and lists, over whole columns.

Each parser takes a column of raw cell values as the spreadsheet reader returns them
(str, int, float, bool, datetime, date or empty string) and returns the typed column
plus a list of `CellIssue`s naming the positions it could not read cleanly. The
reader turns those positions into sheet, row and column for the import report.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .schema import Field, Kind, fold, fold_key

# Excel's day zero for serial dates (the 1900 leap-year bug is built into this origin).
EXCEL_EPOCH = "1899-12-30"
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100

YES_WORDS = frozenset({"yes", "y", "si", "s", "x", "true", "1", "✓", "✔", "☑", "✅", "sanctioned",
                       "sancionado", "sancionada", "listed"})
NO_WORDS = frozenset({"no", "n", "false", "0", "-", "—", "✗", "✘", "none", "not sanctioned"})
UNKNOWN_WORDS = frozenset({"unclear", "unknown", "?", "n/a", "na", "desconocido", "no determinado",
                           "pending", "tbd"})

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


@dataclass(frozen=True)
class CellIssue:
    """A cell the parser could not read cleanly: its position in the column and why."""

    position: int
    message: str


def is_blank(raw: pd.Series) -> np.ndarray:
    """Mask of cells that hold nothing: None, NaN, or only white space."""
    as_text = raw.astype(str).str.strip()
    return (raw.isna() | as_text.eq("") | as_text.isin(["nan", "NaT", "None"])).to_numpy()


def _text_cells(raw: pd.Series) -> pd.Series:
    """Raw cells as stripped text; whole floats lose their ".0" (cell 3.0 reads "3")."""
    def to_text(value: object) -> str:
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, (dt.datetime, dt.date)):
            return value.isoformat()[:10]
        return str(value)

    return raw.map(to_text).str.strip()


def parse_text(raw: pd.Series) -> pd.Series:
    text = _text_cells(raw).astype("string")
    return text.mask(pd.Series(is_blank(raw), index=raw.index))


# --- dates -----------------------------------------------------------------------------


def _describe(day: pd.Timestamp) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def _build_dates(year: pd.Series, month: pd.Series, day: pd.Series) -> pd.Series:
    frame = pd.DataFrame({"year": year, "month": month, "day": day}).astype(float)
    return pd.to_datetime(frame, errors="coerce")


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
    result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    dmy = folded.str.extract(_DAY_MONTH_YEAR)
    found = dmy[0].notna()
    if found.any():
        result[found] = _build_dates(dmy[2][found], _month_number(dmy[1][found]), dmy[0][found])
    mdy = folded.str.extract(_MONTH_DAY_YEAR)
    found = mdy[0].notna() & result.isna()
    if found.any():
        result[found] = _build_dates(mdy[2][found], _month_number(mdy[0][found]), mdy[1][found])
    return result


def parse_dates(raw: pd.Series) -> tuple[pd.Series, list[CellIssue]]:
    """Dates from Excel date cells, serial numbers, ISO text, worded and numeric text."""
    issues: list[CellIssue] = []
    result = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    blank = is_blank(raw)
    is_date_object = raw.map(lambda v: isinstance(v, (dt.date, dt.datetime, pd.Timestamp))).to_numpy()
    is_number = raw.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)).to_numpy() & ~blank

    if is_date_object.any():
        result[is_date_object] = pd.to_datetime(raw[is_date_object], errors="coerce").to_numpy()

    if is_number.any():
        numbers = raw[is_number].astype(float)
        looks_like_year = numbers.between(EARLIEST_YEAR, LATEST_YEAR) & (numbers % 1 == 0)
        serial = pd.to_datetime(numbers.where(~looks_like_year), unit="D", origin=EXCEL_EPOCH, errors="coerce")
        result[is_number] = serial.dt.floor("D").to_numpy()
        for position in np.flatnonzero(is_number)[looks_like_year.to_numpy()]:
            issues.append(CellIssue(int(position), f"'{int(raw.iloc[position])}' is only a year; left empty"))

    is_text = ~(blank | is_date_object | is_number)
    if is_text.any():
        text = _text_cells(raw[is_text])
        parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
        iso = text.str.match(_ISO)
        if iso.any():
            parsed[iso] = pd.to_datetime(text[iso], format="ISO8601", errors="coerce")
        numeric = text.str.match(_NUMERIC) & ~iso
        if numeric.any():
            numeric_issues: list[CellIssue] = []
            parsed[numeric] = _parse_numeric_dates(text[numeric], numeric_issues)
            text_positions = np.flatnonzero(is_text)[np.flatnonzero(numeric.to_numpy())]
            issues.extend(CellIssue(int(text_positions[i.position]), i.message) for i in numeric_issues)
        rest = parsed.isna() & ~iso & ~numeric
        if rest.any():
            parsed[rest] = _parse_worded_dates(text[rest])
        result[is_text] = parsed.to_numpy()

        text_positions = np.flatnonzero(is_text)
        month_only = text.map(fold).str.match(_MONTH_YEAR).to_numpy()
        for i in np.flatnonzero(parsed.isna().to_numpy()):
            why = ("gives only a month and year" if month_only[i]
                   else "is not a date this app can read (use a date cell, 2015-03-09 or 9 March 2015)")
            issues.append(CellIssue(int(text_positions[i]), f"'{text.iloc[i]}' {why}; left empty"))

    out_of_range = result.notna() & ~result.dt.year.between(EARLIEST_YEAR, LATEST_YEAR)
    for position in np.flatnonzero(out_of_range.to_numpy()):
        issues.append(CellIssue(int(position), f"{result.iloc[position].date()} is out of range; left empty"))
    result[out_of_range] = pd.NaT
    # Unreadable cells that were not dates at all (a serial beyond Excel's range) are
    # already NaT; report them too so nothing disappears unexplained.
    bad_serial = is_number & result.isna().to_numpy() & ~out_of_range.to_numpy()
    reported = {issue.position for issue in issues}
    for position in np.flatnonzero(bad_serial):
        if int(position) not in reported:
            issues.append(CellIssue(int(position), f"'{raw.iloc[position]}' is not a valid date; left empty"))
    return result.astype("datetime64[ns]"), sorted(issues, key=lambda i: i.position)


# --- yes / no and vocabularies -----------------------------------------------------------


def _flag_word(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else str(value)
    return fold(str(value)).strip(" .!")


def parse_flags(raw: pd.Series) -> tuple[pd.Series, list[CellIssue]]:
    """Yes / Sí / X / ✓ / TRUE / 1 → True; No / FALSE / 0 → False; blank or unclear → NA."""
    words = raw.map(_flag_word)
    blank = is_blank(raw)
    yes = words.isin(YES_WORDS).to_numpy()
    no = words.isin(NO_WORDS).to_numpy()
    unknown = words.isin(UNKNOWN_WORDS).to_numpy()
    result = pd.Series(pd.NA, index=raw.index, dtype="boolean")
    result[yes] = True
    result[no] = False
    issues = [
        CellIssue(int(p), f"'{raw.iloc[p]}' is not yes or no; left empty")
        for p in np.flatnonzero(~(yes | no | unknown | blank))
    ]
    return result, issues


def parse_choice(raw: pd.Series, spec: Field) -> tuple[pd.Series, list[CellIssue]]:
    """One value of the field's vocabulary per cell, recognising its synonyms."""
    keys = raw.map(lambda v: fold_key(_flag_word(v)) if not isinstance(v, str) else fold_key(v))
    lookup = {fold_key(v): v for v in spec.vocabulary} | spec.value_synonyms
    result = keys.map(lookup).astype("string")
    blank = is_blank(raw)
    unmatched = result.isna().to_numpy() & ~blank
    issues = [
        CellIssue(int(p), f"'{raw.iloc[p]}' is not one of {', '.join(spec.vocabulary)}; left empty")
        for p in np.flatnonzero(unmatched)
    ]
    if "unknown" in spec.vocabulary:
        result = result.fillna("unknown")
    return result, issues


_LIST_SEPARATORS = r"\s*(?:;|\||\n|\r)\s*"
_VOCABULARY_SEPARATORS = r"\s*(?:;|\||\n|\r|,|\s+and\s+|\s+y\s+|&)\s*"


def parse_list(raw: pd.Series, spec: Field) -> tuple[pd.Series, list[CellIssue]]:
    """Several values per cell, split on ";" (and "," for vocabulary fields), as tuples.

    Vocabulary fields (reasons, authority) map synonyms onto the vocabulary; a value
    outside it is kept as written and reported, so nothing the analyst typed is lost.
    """
    text = _text_cells(raw).mask(pd.Series(is_blank(raw), index=raw.index), "")
    separator = _VOCABULARY_SEPARATORS if spec.vocabulary else _LIST_SEPARATORS
    pieces = text.str.split(separator, regex=True)
    issues: list[CellIssue] = []
    if not spec.vocabulary:
        return pieces.map(lambda items: tuple(i for i in items if i)), issues

    lookup = {fold_key(v): v for v in spec.vocabulary} | spec.value_synonyms
    exploded = pieces.explode()
    exploded = exploded[exploded.fillna("").astype(str).str.len() > 0]
    mapped = exploded.map(lambda item: lookup.get(fold_key(item)))
    unknown = mapped.isna()
    for position_label, item in exploded[unknown].items():
        position = raw.index.get_loc(position_label)
        issues.append(CellIssue(int(position), f"'{item}' is not a known value ({', '.join(spec.vocabulary)}); kept as written"))
    mapped = mapped.fillna(exploded)
    grouped = mapped.groupby(level=0, sort=False).agg(lambda items: tuple(dict.fromkeys(items)))
    result = pd.Series([()] * len(raw), index=raw.index, dtype=object)
    result.loc[grouped.index] = grouped
    return result, issues


def parse_jurisdiction(raw: pd.Series) -> tuple[pd.Series, pd.Series, list[CellIssue]]:
    """Another government's listing: a date means yes on that day; yes/no words as flags."""
    flags, _ = parse_flags(raw)  # cells that are not yes/no are tried as dates and reported below
    blank = is_blank(raw)
    undecided = flags.isna().to_numpy() & ~blank
    dates = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    issues: list[CellIssue] = []
    if undecided.any():
        parsed, date_issues = parse_dates(raw[undecided])
        dates[undecided] = parsed.to_numpy()
        flags[undecided] = parsed.notna().to_numpy()
        flags[undecided & ~dates.notna().to_numpy()] = pd.NA
        positions = np.flatnonzero(undecided)
        readable = parsed.notna().to_numpy()
        issues.extend(CellIssue(int(positions[i.position]), i.message) for i in date_issues if readable[i.position])
        for i in np.flatnonzero(~readable):
            issues.append(CellIssue(int(positions[i]), f"'{raw.iloc[positions[i]]}' is neither a date nor yes/no; left empty"))
    flags[blank] = False
    return flags, dates, sorted(issues, key=lambda i: i.position)


def parse_column(raw: pd.Series, spec: Field) -> tuple[pd.Series, list[CellIssue]]:
    """Dispatch on the field's kind (jurisdictions have their own two-column parser)."""
    if spec.kind is Kind.DATE:
        return parse_dates(raw)
    if spec.kind is Kind.FLAG:
        return parse_flags(raw)
    if spec.kind is Kind.CHOICE:
        return parse_choice(raw, spec)
    if spec.kind is Kind.LIST:
        return parse_list(raw, spec)
    return parse_text(raw), []
