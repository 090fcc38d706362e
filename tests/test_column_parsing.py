"""Columns are read the same whichever way the reader takes: the quick value-by-value one
for the usual columns (date cells, yes/no words, blanks) or the general one for the rest."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pandas as pd
from sanctions_gui.core import schema
from sanctions_gui.core.column_parsing import parse_column, parse_jurisdiction
from sanctions_gui.core.dates import parse_dates
from sanctions_gui.core.values import Cells

DATE_SPEC = schema.FIELDS[schema.Col.DATE_OF_BIRTH]
USUAL = [dt.date(2019, 3, 1), dt.datetime(2017, 11, 9, 15, 45), dt.date(1900, 1, 1), dt.date(2100, 12, 31),
         pd.Timestamp("2020-02-29"), "", "  ", None, float("nan"), "nan", "None"]
YES_NO = ["Yes", "y", "Sí", "X", "✓", True, 1, 1.0, "No", "n", "-", False, 0, "none"]


def usual_columns(seed: int, extra: list) -> list[list]:
    chooser = random.Random(seed)
    return [[chooser.choice(USUAL + extra) for _ in range(chooser.randrange(1, 15))] for _ in range(300)]


def issues(found) -> list[tuple[int, str]]:
    return [(issue.position, issue.message) for issue in found]


def test_date_cells_read_alone_as_they_read_beside_a_date_written_as_text():
    """A date written as text sends the whole column through the general reading."""
    for cells in usual_columns(1, []):
        alone, alone_issues = parse_dates(pd.Series(cells, dtype=object))
        general, general_issues = parse_dates(pd.Series(cells + ["9 March 2015"], dtype=object))
        assert alone.dtype == general.dtype == np.dtype("datetime64[ns]")
        assert alone.equals(general.iloc[:-1]), cells
        assert general.iloc[-1] == pd.Timestamp("2015-03-09")
        assert alone_issues == general_issues == []


def test_jurisdiction_cells_read_alone_as_they_read_beside_an_unclear_one():
    """'unclear' is neither a date nor yes/no: the general reading takes the column and reports it."""
    for cells in usual_columns(2, YES_NO):
        flags, dates, found = parse_jurisdiction(Cells.of(cells))
        general_flags, general_dates, general_found = parse_jurisdiction(Cells.of(cells + ["unclear"]))
        assert flags.dtype == general_flags.dtype and dates.dtype == general_dates.dtype
        assert flags.equals(general_flags.iloc[:-1]) and dates.equals(general_dates.iloc[:-1]), cells
        assert found == []
        assert issues(general_found) == [(len(cells), "'unclear' is neither a date nor yes/no; left empty")]


def test_dates_out_of_range_or_of_the_wrong_kind_are_still_reported():
    cells = [dt.date(2019, 3, 1), dt.date(1850, 6, 1), dt.time(9, 30), ""]
    dates, found = parse_dates(pd.Series(cells, dtype=object))
    assert dates.tolist()[0] == pd.Timestamp("2019-03-01") and dates.isna().tolist()[1:] == [True, True, True]
    assert issues(found) == [(1, "1850-06-01 is out of range; left empty"),
                             (2, "'09:30:00' is a time or duration, not a date; left empty")]


def test_yes_no_cells_in_every_written_form_and_the_ones_that_are_not():
    cells = ["Yes", " sí. ", "X", "✓", True, 1, 1.0, "No", "-", False, 0, "unclear", "", None, "maybe", 2]
    flags, found = parse_column(Cells.of(cells), schema.FIELDS[schema.Col.FORMER_COMMANDER])
    assert flags.tolist() == [True] * 7 + [False] * 4 + [pd.NA, pd.NA, False, pd.NA, pd.NA]  # None reads "none"
    assert issues(found) == [(14, "'maybe' is not yes or no; left empty"), (15, "'2' is not yes or no; left empty")]


def test_choices_read_their_synonyms_and_report_the_rest():
    spec = schema.FIELDS[schema.Col.ADMINISTRATION]
    cells = ["Obama", "trump", "TRUMP II", "", "Truman", None]
    choices, found = parse_column(Cells.of(cells), spec)
    assert choices.tolist()[:3] == ["Obama", "Trump", "Trump II"] and choices.isna().tolist()[3:] == [True] * 3
    assert issues(found) == [(4, f"'Truman' is not one of {', '.join(spec.vocabulary)}; left empty")]


def test_vocabulary_lists_map_synonyms_keep_unknown_items_and_drop_repeats():
    spec = schema.FIELDS[schema.Col.REASONS]
    cells = ["Corruption; corruption", "", "corruption, witchcraft", "witchcraft"]
    items, found = parse_column(Cells.of(cells), spec)
    assert items.tolist() == [("corruption",), (), ("corruption", "witchcraft"), ("witchcraft",)]
    known = ", ".join(spec.vocabulary)
    assert issues(found) == [(2, f"'witchcraft' is not a known value ({known}); kept as written"),
                             (3, f"'witchcraft' is not a known value ({known}); kept as written")]
