"""The person pane's words for assumed, inferred, unconfirmed and unresearched cells (core/person.py,
core/caveats.py), on made-up rows and on the bundled workbook. Plain pytest: no widget involved."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from sanctions_gui.core import schema
from sanctions_gui.core.caveats import Caveat, parse_caveat, row_caveats
from sanctions_gui.core.person import readable_field, readable_value, record_caveats, timeline_markers


def record(**cells) -> pd.Series:
    base = {"name": "Ana Ruiz", "us_designation_date": pd.Timestamp("2018-01-05"), "delisted_date": pd.NaT,
            "assumed_fields": ()}
    for jurisdiction in schema.JURISDICTIONS:
        base[jurisdiction.name] = pd.NA
        base[jurisdiction.date_column] = pd.NaT
    base.update(cells)
    return pd.Series(base, dtype=object)


@pytest.mark.parametrize(("item", "column", "qualifier", "reason"), [
    ("uk: assumed, carried over from the EU listing", "uk", "assumed", "carried over from the EU listing"),
    ("UK: Assumed - carried over", "uk", "assumed", "carried over"),  # the header and other spellings
    ("Date sanctioned (U.S.): unconfirmed, day from general knowledge", "us_designation_date", "unconfirmed",
     "day from general knowledge"),
    ("eu_date: inferred, from the Swiss listing", "eu", "inferred", "from the Swiss listing"),  # a date column
    ("mexico: not researched, no public list found", "mexico", "not researched", "no public list found"),
    ("colombia: not researched", "colombia", "not researched", ""),
])
def test_an_item_names_its_field_qualifier_and_reason(item, column, qualifier, reason):
    assert parse_caveat(item) == Caveat(column, qualifier, reason)


def test_an_item_that_cannot_be_placed_is_kept_not_dropped():
    caveats = row_caveats(["uk: assumed, carried over", "the date: probably wrong", "uk: inferred, twice",
                           "eu: guessed, no qualifier"])
    assert set(caveats.by_column) == {"uk"}
    assert caveats.unplaced == ("the date: probably wrong", "uk: inferred, twice", "eu: guessed, no qualifier")


def test_an_item_reads_back_as_it_is_written():
    item = "uk: assumed, carried over from the EU listing"
    assert parse_caveat(item).item() == item


def test_a_value_says_it_rests_on_an_assumption():
    caveat = Caveat("us_designation_date", "unconfirmed", "day from general knowledge")
    text = readable_value("us_designation_date", pd.Timestamp("2019-07-25"), caveat)
    assert text == "25 July 2019 (unconfirmed: day from general knowledge)"
    assert readable_value("us_designation_date", pd.Timestamp("2019-07-25")) == "25 July 2019"


def test_an_empty_cell_nobody_researched_reads_not_researched_not_blank():
    person = record(assumed_fields=("mexico: not researched, no public list of names found",))
    assert readable_field(person, "mexico") == "not researched"
    assert readable_field(person, "canada") == ""


def test_an_unresearched_jurisdiction_is_not_called_not_sanctioned():
    person = record(assumed_fields=("mexico: not researched, no public list of names found",))
    markers = {m.jurisdiction: m for m in timeline_markers(person)}
    mexico, canada = markers["Mexico"], markers["Canada"]
    assert not mexico.researched and not mexico.listed
    assert mexico.describe() == "Mexico: not researched (no public list of names found)"
    assert canada.researched and canada.describe() == "Canada: not sanctioned"


def test_a_listing_says_it_is_assumed_or_inferred():
    person = record(uk=True, eu=True, eu_date=pd.Timestamp("2018-01-22"),
                    assumed_fields=("uk: assumed, carried over from the EU listing of 2018-01-22",
                                    "us_designation_date: unconfirmed, day from general knowledge"))
    markers = {m.jurisdiction: m for m in timeline_markers(person)}
    assert markers["UK"].describe() == ("UK: sanctioned, date unknown "
                                        "(assumed: carried over from the EU listing of 2018-01-22)")
    assert markers["EU"].describe() == "EU: sanctioned 22 January 2018"
    assert markers["U.S."].caveat.qualifier == "unconfirmed"
    assert markers["U.S."].describe().endswith("(unconfirmed: day from general knowledge)")
    assert markers["U.S."].date == dt.date(2018, 1, 5)


def test_a_delisting_with_no_known_day_says_so_on_the_us_row():
    person = record(assumed_fields=("delisted_date: unconfirmed, removed before 2021-04-25, day not found",))
    us = timeline_markers(person)[0]
    assert us.describe() == ("U.S.: sanctioned 5 January 2018 "
                             "(unconfirmed: removed before 2021-04-25, day not found)")
    assert readable_field(person, "delisted_date") == "(unconfirmed: removed before 2021-04-25, day not found)"


def test_a_row_without_the_column_reads_as_before():
    person = record().drop("assumed_fields")
    assert record_caveats(person).by_column == {}
    assert all(marker.caveat is None and marker.researched for marker in timeline_markers(person))


# --- the bundled workbook, as the reader returns it -----------------------------------------------


def _person(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame.loc[frame["name"] == name].iloc[0]


def test_every_bundled_person_has_mexico_and_colombia_not_researched(frame):
    for _, person in frame.iterrows():
        markers = {m.jurisdiction: m for m in timeline_markers(person)}
        assert not markers["Mexico"].researched and not markers["Colombia"].researched, person["name"]


def test_bundled_uk_carry_over_reads_assumed(frame, source_by_name):
    name = next(n for n, row in source_by_name.items() if row["uk"] == "yes")
    uk = {m.jurisdiction: m for m in timeline_markers(_person(frame, name))}["UK"]
    assert uk.listed and uk.caveat.qualifier == "assumed"
    assert "assumed: carried over from the EU listing of" in uk.describe()


def test_bundled_onetime_commander_reads_as_a_flag(frame):
    cabello = _person(frame, "Diosdado Cabello Rondón")
    assert readable_value("onetime_commander", cabello["onetime_commander"]) == "Yes"
    assert readable_value("former_commander", cabello["former_commander"]) == "unclear"
    assert readable_field(cabello, "commanded_unit").endswith(
        "(inferred: coded an informal command because WOLA counted him, but the accounts read do not say "
        "that he led the column)")
