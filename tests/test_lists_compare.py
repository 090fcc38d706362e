"""A database against a list, and two lists against each other: every category, and why."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from list_files import (DATABASE_ROWS, DELISTED, LIST_DATE, OLD_PEOPLE, PEOPLE, WRITERS, Listed, write_csv_set,
                        write_database)
from sanctions_gui.core.lists.canonical import OFAC_ENTRY_URL, canonical_values, delisting_date
from sanctions_gui.core.lists.compare import compare_lists, compare_with_database
from sanctions_gui.core.lists.decisions import ACCEPT, REJECT, load_decisions, save_decision
from sanctions_gui.core.lists.reading import read_list
from sanctions_gui.core.lists.scope import ALL
from sanctions_gui.core.reading import read_workbook
from sanctions_gui.core.workspace import Workspace


def _names(comparison, category):
    return sorted(item.name for item in comparison.items[category])


def _item(comparison, category, name):
    return next(item for item in comparison.items[category] if item.name == name)


@pytest.fixture
def database(tmp_path):
    path = write_database(tmp_path)
    return path, read_workbook(path).frame


def test_the_database_csv_maps_list_id_and_cedula(database):
    _, frame = database
    assert frame["list_id"].tolist()[6] == "108"
    assert frame["id_numbers"].tolist()[5] == ("V-5764952",)


@pytest.mark.parametrize("file_format", list(WRITERS))
def test_every_category_against_each_format(tmp_path, database, file_format):
    path, frame = database
    listed = read_list(WRITERS[file_format](tmp_path), list_date=LIST_DATE)
    comparison = compare_with_database(listed, frame, path)
    assert comparison.counts() == {"new": 1, "delisted": 1, "changed": 3, "uncertain": 1, "matched": 3,
                                   "newer_than_list": 1}
    assert _names(comparison, "new") == ["Ana Maria Gomez"]  # Smith (SDGT, Canadian) is outside the scope
    assert _names(comparison, "delisted") == ["Pedro Delistado Pérez"]
    assert _names(comparison, "newer_than_list") == ["Nuevo Posterior Ruiz"]
    assert _names(comparison, "uncertain") == ["Hugo Carvajal"]
    assert _names(comparison, "matched") == ["José Luis Farías Peña", "Nicolás Ernesto Maduro Guerra",
                                             "Nicolás Maduro Moros"]
    assert _names(comparison, "changed") == ["Diosdado Cabello Rondón", "Henry Rangel", "Tarek El Aissami"]
    # Namesakes: father and son each find their own entry, told apart by the date of birth.
    assert _item(comparison, "matched", "Nicolás Maduro Moros").entry.list_id == "100"
    assert _item(comparison, "matched", "Nicolás Ernesto Maduro Guerra").entry.list_id == "101"


def test_reasons_and_differences_in_words(tmp_path, database):
    path, frame = database
    comparison = compare_with_database(read_list(write_csv_set(tmp_path / "set"), list_date=LIST_DATE), frame, path)
    maduro = _item(comparison, "matched", "Nicolás Maduro Moros")
    assert (maduro.score, maduro.reason) == (100, "name 100, same date of birth")
    assert _item(comparison, "matched", "José Luis Farías Peña").reason == "name 100, date of birth fits the list's 1970"
    carvajal = _item(comparison, "uncertain", "Hugo Carvajal")
    assert carvajal.entry.list_id == "106" and carvajal.reason == "name 80, no date of birth in the database"
    assert _item(comparison, "changed", "Henry Rangel").reason.startswith("same identity number 5764952")
    aissami = _item(comparison, "changed", "Tarek El Aissami")
    assert aissami.reason.startswith("same list id 108")
    assert {d.field: (d.old, d.new) for d in aissami.differences} == {
        "name": ("Tarek El Aissami", "Tareck Zaidan El Aissami Maddah"),
        "date_of_birth": ("", "12 Nov 1974")}
    cabello = _item(comparison, "changed", "Diosdado Cabello Rondón")
    assert {d.field: d.value for d in cabello.differences} == {"authority": ("E.O. 13850",),
                                                               "aliases": ("Diosdado Cabello",)}
    assert "2018-01-01" not in _item(comparison, "delisted", "Pedro Delistado Pérez").reason
    assert _item(comparison, "newer_than_list", "Nuevo Posterior Ruiz").reason == \
        "designated on 2025-01-10, after the list's date 2024-05-03"


def test_a_different_date_of_birth_leaves_only_an_uncertain_match(tmp_path):
    """The father's name with the son's date of birth: not the father, and said why."""
    rows = [("Nicolás Maduro Moros", "", "1990-06-21", "E.O. 13692", "2017-07-31", "", "", "")]
    path = write_database(tmp_path, rows)
    comparison = compare_with_database(read_list(write_csv_set(tmp_path / "set"), list_date=LIST_DATE),
                                       read_workbook(path).frame, path)
    item = comparison.items["uncertain"][0]
    assert item.entry.list_id == "100"
    assert item.reason == "name 100, date of birth 1990 vs 1962" and item.score == 60


def test_a_duplicate_row_does_not_take_the_same_entry_twice(tmp_path):
    rows = [DATABASE_ROWS[0], DATABASE_ROWS[0]]
    path = write_database(tmp_path, rows)
    comparison = compare_with_database(read_list(write_csv_set(tmp_path / "set"), list_date=LIST_DATE),
                                       read_workbook(path).frame, path)
    assert len(comparison.items["matched"]) == 1 and len(comparison.items["uncertain"]) == 1
    assert "also matched to Nicolás Maduro Moros (row 2" in comparison.items["uncertain"][0].reason


def test_scope_all_counts_everyone_new(tmp_path, database):
    path, frame = database
    listed = read_list(write_csv_set(tmp_path / "set"), list_date=LIST_DATE)
    assert _names(compare_with_database(listed, frame, path, scope=ALL), "new") == ["Ana Maria Gomez", "John Smith"]


def test_decisions_on_uncertain_matches_are_remembered(tmp_path, database):
    path, frame = database
    listed = read_list(write_csv_set(tmp_path / "set"), list_date=LIST_DATE)
    carvajal = compare_with_database(listed, frame, path).items["uncertain"][0]
    with Workspace.open(tmp_path / "workspace.sqlite3") as workspace:
        save_decision(workspace, path, carvajal.person_id, "106", ACCEPT)
    with Workspace.open(tmp_path / "workspace.sqlite3") as workspace:
        decisions = load_decisions(workspace, path)
    assert decisions == {(carvajal.person_id, "106"): ACCEPT}
    accepted = compare_with_database(listed, frame, path, decisions=decisions)
    assert not accepted.items["uncertain"]
    assert _item(accepted, "changed", "Hugo Carvajal").reason.startswith("accepted by you")

    rejected = compare_with_database(listed, frame, path, decisions={(carvajal.person_id, "106"): REJECT})
    assert "Hugo Carvajal" in _names(rejected, "delisted")
    assert "Hugo Armando Carvajal Barrios" in _names(rejected, "new")
    with Workspace.open(tmp_path / "workspace.sqlite3") as workspace:
        save_decision(workspace, path, carvajal.person_id, "106", None)
        assert load_decisions(workspace, path) == {}


def test_a_person_moved_out_of_the_scope_is_still_listed(tmp_path, database):
    path, frame = database
    moved = tuple(Listed(**{**p.__dict__, "programs": ("GLOMAG",)}) if p.list_id == "100" else p for p in PEOPLE)
    comparison = compare_with_database(read_list(write_csv_set(tmp_path / "set", moved), list_date=LIST_DATE),
                                       frame, path)
    item = _item(comparison, "changed", "Nicolás Maduro Moros")
    assert "outside the scope" in item.reason
    assert [d.field for d in item.differences] == ["authority"]


def test_two_downloads_of_the_list(tmp_path):
    old = read_list(write_csv_set(tmp_path / "old", OLD_PEOPLE), list_date=dt.date(2021, 8, 18))
    new = read_list(write_csv_set(tmp_path / "new"), list_date=LIST_DATE)
    comparison = compare_lists(old, new)
    assert comparison.counts() == {"new": 1, "delisted": 1, "changed": 1, "uncertain": 0, "matched": 6,
                                   "newer_than_list": 0}
    assert _names(comparison, "new") == ["Ana Maria Gomez"]
    assert _names(comparison, "delisted") == ["Pedro Delistado Perez"]
    cabello = comparison.items["changed"][0]
    assert [(d.field, d.old) for d in cabello.differences] == [("programs", "VENEZUELA")]
    assert "+ VENEZUELA-EO13850" in cabello.differences[0].new and "- VENEZUELA" in cabello.differences[0].new


def test_an_entry_listed_again_under_a_new_id_is_uncertain(tmp_path):
    again = Listed(**{**DELISTED.__dict__, "list_id": "110"})
    old = read_list(write_csv_set(tmp_path / "old", (*PEOPLE, DELISTED)), list_date=dt.date(2021, 8, 18))
    new = read_list(write_csv_set(tmp_path / "new", (*PEOPLE, again)), list_date=LIST_DATE)
    comparison = compare_lists(old, new)
    assert not comparison.items["new"] and not comparison.items["delisted"]
    item = comparison.items["uncertain"][0]
    assert (item.old_entry.list_id, item.entry.list_id) == ("109", "110")
    assert item.reason.startswith("entry 109 left the list and entry 110 came: name 100, same date of birth")


def test_canonical_values_of_a_list_entry(tmp_path):
    listed = read_list(write_csv_set(tmp_path / "set"), list_date=LIST_DATE)
    farias = canonical_values(listed.by_id()["103"], listed)
    assert farias["name"] == "Jose Luis Farias Pena"
    assert farias["aliases"] == ("Pepe",)
    assert pd.isna(farias["date_of_birth"]) and "Date of birth on the list: 1970." in farias["notes"]
    assert farias["authority"] == ("Kingpin Act",) and farias["list_id"] == "103"
    assert OFAC_ENTRY_URL.format("103") in farias["sources"]
    assert "2024-05-03" in farias["sources"][0]
    maduro = canonical_values(listed.by_id()["100"], listed)
    assert maduro["date_of_birth"] == pd.Timestamp("1962-11-23") and maduro["gender"] == "M"
    assert maduro["authority"] == ("E.O. 13692",) and "IRAN-CON-ARMS-EO" in maduro["notes"]
    assert maduro["id_numbers"] == ("Cedula No. 5892464 (Venezuela)",)
    assert canonical_values(listed.by_id()["102"], listed)["name"] == "Diosdado Cabello Rondon"
    assert delisting_date(listed) == LIST_DATE


def test_scope_counts_a_venezuelan_first_identity_document_but_not_an_alternate_one():
    from sanctions_gui.core.lists.model import IdNumber, ListEntry
    from sanctions_gui.core.lists.scope import VENEZUELA, in_scope
    venezuelan = IdNumber("Cedula No.", "3169119", "Venezuela")
    colombian = IdNumber("Cedula No.", "17669391", "Colombia")
    assert in_scope(ListEntry("1", "RODRIGUEZ CHACIN, Ramon Emilio", programs=("SDNTK",), id_numbers=(venezuelan,)),
                    VENEZUELA)
    assert not in_scope(ListEntry("2", "ALVIS PATINO, Gentil", programs=("SDNTK",),
                                  id_numbers=(colombian, venezuelan)), VENEZUELA)
    assert not in_scope(ListEntry("3", "RODRIGUEZ CHACIN, Ramon Emilio", programs=("SDNT",),
                                  id_numbers=(venezuelan,)), VENEZUELA)  # not a program of the scope
    assert in_scope(ListEntry("4", "GOMEZ, Ana", programs=("VENEZUELA-EO13884",)), VENEZUELA)
