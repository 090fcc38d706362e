"""A whole column parsed by its field's kind, once per distinct value, spread back over its rows.

A 200,000-row sheet repeats its dates, flags and vocabularies endlessly; parsing each
distinct value once (`Cells`) makes a parser's per-value Python work cost next to nothing.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from .dates import cell_day, day_series, parse_dates
from .schema import Field, Kind
from .values import (
    NO_WORDS, YES_WORDS, CellIssue, Cells, flag_word, is_blank, is_blank_value, parse_choice, parse_flags, parse_list,
    parse_text,
)


def _plain_jurisdiction_values(raw: pd.Series) -> tuple[pd.Series, pd.Series] | None:
    """Flags and dates of the usual column (date cells in range, yes/no words, blanks), read
    value by value without the fixed cost of the general reading; None when it holds
    anything else (a date as text, a word that is not yes or no…)."""
    flags, days = [], []
    for value in raw.to_numpy(dtype=object):
        day = cell_day(value)
        if day is not None:
            flag = True
        elif isinstance(value, dt.date):
            return None
        elif is_blank_value(value):
            flag = False
        else:
            word = flag_word(value)
            if word not in YES_WORDS and word not in NO_WORDS:
                return None
            flag = word in YES_WORDS
        flags.append(flag)
        days.append(day)
    return pd.Series(pd.array(flags, dtype="boolean"), index=raw.index), day_series(days, raw.index)


def _parse_jurisdiction_values(raw: pd.Series) -> tuple[pd.Series, pd.Series, list[CellIssue]]:
    plain = _plain_jurisdiction_values(raw)
    if plain is not None:
        return *plain, []
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


def parse_column(raw: pd.Series | Cells, spec: Field) -> tuple[pd.Series, list[CellIssue]]:
    """Parse a column by the field's kind, once per distinct value, and spread it over the rows."""
    cells = raw if isinstance(raw, Cells) else Cells.of(raw)
    parsed, issues = _parse_values(cells.uniques, spec)
    return cells.spread(parsed), cells.spread_issues(issues)


def parse_jurisdiction(raw: pd.Series | Cells) -> tuple[pd.Series, pd.Series, list[CellIssue]]:
    """Another government's listing: a date means yes on that day; yes/no words as flags."""
    cells = raw if isinstance(raw, Cells) else Cells.of(raw)
    flags, dates, issues = _parse_jurisdiction_values(cells.uniques)
    return cells.spread(flags), cells.spread(dates), cells.spread_issues(issues)


def _parse_values(raw: pd.Series, spec: Field) -> tuple[pd.Series, list[CellIssue]]:
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
