"""Invariants of the bundled dataset, checked on its CSV source with the csv module.

These are the promises data/README.md makes to analysts who quote the data: one row per
person, dates that can be true, values from the schema's vocabularies, an administration that
fits the date, sources on every row, and every assumed or inferred cell marked as such.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from sanctions_gui.core import schema, vocabularies
from sanctions_gui.core.caveats import NOT_RESEARCHED, QUALIFIERS, parse_caveat

COMPILED = dt.date(2026, 12, 2)
FIRST_DESIGNATION = dt.date(2008, 1, 1)  # the file starts with the 2008 Kingpin and SDGT actions


def items(cell: str) -> list[str]:
    return [item for item in cell.split("; ") if item]


def caveats(row: dict[str, str]) -> dict[str, str]:
    """column -> qualifier, for a row's assumed_fields."""
    found = {}
    for item in items(row["assumed_fields"]):
        caveat = parse_caveat(item)
        assert caveat is not None, (row["name"], item)
        found[caveat.column] = caveat.qualifier
    return found


def test_one_row_per_person(source_rows):
    names = Counter(row["name"] for row in source_rows)
    assert [name for name, n in names.items() if n > 1] == []
    assert all(name.strip() == name and name for name in names)


def test_header_is_the_schema_fields_in_schema_order(source_rows):
    assert list(source_rows[0]) == [name for name in schema.FIELD_NAMES if name != "sheet"]


@pytest.mark.parametrize("column", [*schema.DATE_FIELDS, *(f.name for f in schema.JURISDICTIONS)])
def test_dates_are_iso_days_within_the_compiled_range(source_rows, column):
    for row in source_rows:
        text = row[column]
        if not text or text == "yes" and schema.FIELDS[column].kind is schema.Kind.JURISDICTION:
            continue
        day = dt.date.fromisoformat(text)
        earliest = dt.date(1930, 1, 1) if column == "date_of_birth" else FIRST_DESIGNATION
        assert earliest <= day <= COMPILED, (row["name"], column, text)


def test_delisting_follows_designation(source_rows):
    for row in source_rows:
        if row["delisted_date"] and row["us_designation_date"]:
            assert row["delisted_date"] > row["us_designation_date"], row["name"]


def test_values_come_from_the_schema_vocabularies(source_rows):
    for row in source_rows:
        for column, spec in schema.FIELDS.items():
            if column not in row or not spec.vocabulary:
                continue
            values = items(row[column]) if spec.kind is schema.Kind.LIST else [row[column]] if row[column] else []
            assert set(values) <= set(spec.vocabulary), (row["name"], column, values)
        for flag in ("former_commander", "onetime_commander"):
            assert row[flag] in ("yes", "no", "unclear"), (row["name"], flag)
        for jurisdiction in schema.JURISDICTIONS:
            cell = row[jurisdiction.name]
            assert cell in ("", "yes") or re.fullmatch(r"\d{4}-\d{2}-\d{2}", cell), (row["name"], cell)


def test_administration_is_the_one_in_office_on_the_designation_date(source_rows):
    for row in source_rows:
        day = row["us_designation_date"]
        if day:
            assert row["administration"] == vocabularies.administration_for(dt.date.fromisoformat(day)), row["name"]
        else:  # an undated row's administration is an inference, and says so
            assert row["administration"] in vocabularies.ADMINISTRATIONS, row["name"]
            assert caveats(row).get("administration") == "inferred", row["name"]


def test_every_row_is_sourced_with_links(source_rows):
    for row in source_rows:
        sources = items(row["sources"])
        assert sources, row["name"]
        assert all(re.match(r"https?://\S+$", source) for source in sources), row["name"]


def test_every_caveat_names_a_field_of_the_row_and_a_known_qualifier(source_rows):
    for row in source_rows:
        for item in items(row["assumed_fields"]):
            caveat = parse_caveat(item)
            assert caveat is not None and caveat.qualifier in QUALIFIERS, (row["name"], item)
            assert caveat.column in row and caveat.reason, (row["name"], item)


def test_uk_yes_is_assumed_and_only_follows_eu_listings_before_2021(source_rows):
    for row in source_rows:
        if row["uk"] == "yes":
            assert row["eu"] and row["eu"] < "2021-01-01", row["name"]
            assert caveats(row).get("uk") == "assumed", row["name"]


def test_mexico_and_colombia_are_empty_and_marked_not_researched(source_rows):
    for row in source_rows:
        assert row["mexico"] == row["colombia"] == "", row["name"]
        marked = caveats(row)
        assert marked.get("mexico") == marked.get("colombia") == NOT_RESEARCHED, row["name"]


def test_dates_the_notes_call_unverified_are_marked(source_rows):
    words = ("date from general knowledge", "not verified against press release")
    for row in source_rows:
        if row["us_designation_date"] and any(word in row["notes"].lower() for word in words):
            assert caveats(row).get("us_designation_date") == "unconfirmed", row["name"]


def test_inferred_placements_the_notes_mention_are_marked(source_rows):
    for row in source_rows:
        if row["eu"] and "inferred from the Swiss listing" in row["notes"]:
            assert caveats(row).get("eu") == "inferred", row["name"]
        if row["switzerland"] == "2018-07-10":  # group confirmed, day not
            assert caveats(row).get("switzerland") == "unconfirmed", row["name"]


def test_list_ids_are_ofac_entry_numbers_one_per_person(source_rows):
    ids = [row["list_id"] for row in source_rows if row["list_id"]]
    assert ids and all(value.isdigit() for value in ids)
    assert [value for value, n in Counter(ids).items() if n > 1] == []
