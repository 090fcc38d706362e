"""Every list format gives back the same individuals, and bad list files say what is wrong."""

from __future__ import annotations

import datetime as dt

import pytest

from list_files import ENTITY, LIST_DATE, PEOPLE, WRITERS, write_csv_set, write_legacy_xml
from sanctions_gui.core.lists.model import FORMAT_LABELS, ListDateMissing, ListFileError, identity_key
from sanctions_gui.core.lists.names import name_tokens
from sanctions_gui.core.lists.reading import read_list
from sanctions_gui.core.lists.remarks import parse_birth_date, parse_remarks

NATURAL_ORDER_FORMATS = ("opensanctions-csv", "opensanctions-ftm")


@pytest.mark.parametrize("file_format", list(WRITERS))
def test_every_format_reads_the_same_individuals(tmp_path, file_format):
    path = WRITERS[file_format](tmp_path)
    listed = read_list(path, list_date=LIST_DATE)
    assert listed.file_format == FORMAT_LABELS[file_format]
    assert listed.entities == 1  # the company is counted, not read as a person
    by_id = listed.by_id()
    assert set(by_id) == {p.list_id for p in PEOPLE}
    for person in PEOPLE:
        entry = by_id[person.list_id]
        # The names are the same name parts whatever the order, case or accents.
        assert set(name_tokens(entry.name)) == set(name_tokens(person.name))
        assert {frozenset(name_tokens(a)) for a in entry.aliases} >= \
            {frozenset(name_tokens(f"{s} {g}")) for s, g in person.aliases}
        assert [w.upper() for w in entry.weak_aliases] == list(person.weak) or \
            file_format == "opensanctions-csv"  # the simple CSV has one aliases column for both
        assert set(entry.programs) == set(person.programs)
        span = person.birth_span()
        assert [(b.earliest, b.latest) for b in entry.birth_dates] == ([span] if span else [])
        assert {identity_key(d.number) for d in entry.id_numbers} == ({identity_key(person.cedula)}
                                                                       if person.cedula else set())
        if file_format not in NATURAL_ORDER_FORMATS:
            assert entry.name == person.name
            assert entry.gender == person.gender[0]
            expected = {person.nationality, person.citizen, person.address_country} - {""}
            assert set(entry.countries()) == expected


def test_the_list_date_comes_from_the_file_then_its_name_then_the_caller(tmp_path):
    xml = read_list(write_legacy_xml(tmp_path / "x.xml", date=dt.date(2018, 4, 6)))
    assert (xml.list_date, xml.date_source) == (dt.date(2018, 4, 6), "stated in the file")
    named = read_list(write_csv_set(tmp_path / "a", name="sdn_2024-05-03.csv", companions=False))
    assert named.list_date == dt.date(2024, 5, 3) and "file name" in named.date_source
    in_folder = read_list(write_csv_set(tmp_path / "set_2021-04-25"))
    assert in_folder.list_date == dt.date(2021, 4, 25) and "folder name" in in_folder.date_source
    with pytest.raises(ListDateMissing, match="does not say when"):
        read_list(write_csv_set(tmp_path / "plain"))
    given = read_list(tmp_path / "plain" / "sdn.csv", list_date=dt.date(2024, 1, 2))
    assert (given.list_date, given.date_source) == (dt.date(2024, 1, 2), "as given")


def test_format_is_told_by_content_not_by_name(tmp_path):
    path = write_legacy_xml(tmp_path / "x.xml")
    renamed = path.rename(tmp_path / "download.csv")
    assert read_list(renamed, list_date=LIST_DATE).file_format == FORMAT_LABELS["legacy-xml"]


def test_companion_files_add_aliases_and_addresses(tmp_path):
    alone = read_list(write_csv_set(tmp_path / "alone", companions=False), list_date=LIST_DATE).by_id()
    full = read_list(write_csv_set(tmp_path / "full"), list_date=LIST_DATE).by_id()
    assert alone["102"].aliases == () and full["102"].aliases == ("CABELLO, Diosdado",)
    assert alone["106"].address_countries == () and full["106"].address_countries == ("Venezuela",)


@pytest.mark.parametrize("text, first, last, circa", [
    ("23 Nov 1962", dt.date(1962, 11, 23), dt.date(1962, 11, 23), False),
    ("Feb 1943", dt.date(1943, 2, 1), dt.date(1943, 2, 28), False),
    ("1962", dt.date(1962, 1, 1), dt.date(1962, 12, 31), False),
    ("circa 1962", dt.date(1962, 1, 1), dt.date(1962, 12, 31), True),
    ("1971 to 1973", dt.date(1971, 1, 1), dt.date(1973, 12, 31), False),
    ("circa 1979-1982", dt.date(1979, 1, 1), dt.date(1982, 12, 31), True),
])
def test_dates_of_birth_as_ofac_writes_them(text, first, last, circa):
    birth = parse_birth_date(text)
    assert (birth.earliest, birth.latest, birth.circa) == (first, last, circa)


def test_remarks_give_cedulas_in_every_spelling_and_weak_aliases():
    remarks = parse_remarks("DOB 28 Aug 1961; alt. DOB 1960; nationality Venezuela; Gender Male; "
                            "Cedula No. V-5.764.952 (Venezuela); alt. Passport 045751099 (Venezuela); "
                            "a.k.a. 'TINO'.")
    assert [b.text for b in remarks.birth_dates] == ["28 Aug 1961", "1960"]
    assert [(d.kind, d.key, d.country) for d in remarks.id_numbers] == \
        [("Cedula No.", "5764952", "Venezuela"), ("Passport", "045751099", "Venezuela")]
    assert identity_key("5.764.952") == identity_key("V-5764952") == identity_key("5764952")
    assert remarks.weak_aliases == ["TINO"] and remarks.gender == "M" and remarks.nationalities == ["Venezuela"]


def test_phantom_ctrl_z_row_is_not_an_entry(tmp_path):
    path = write_csv_set(tmp_path / "set")
    assert path.read_bytes().endswith(b"\x1a")
    listed = read_list(path, list_date=LIST_DATE)
    assert len(listed.entries) == len(PEOPLE) and not listed.warnings


def test_truncated_csv_is_refused_with_the_row(tmp_path):
    path = write_csv_set(tmp_path / "set")
    data = path.read_bytes()
    path.write_bytes(data[:data.index(b"CABELLO") + 4])
    with pytest.raises(ListFileError, match=r"sdn\.csv ends in the middle of row 3"):
        read_list(path, list_date=LIST_DATE)


def test_truncated_xml_is_refused(tmp_path):
    path = write_legacy_xml(tmp_path / "sdn.xml")
    path.write_bytes(path.read_bytes()[:-200])
    with pytest.raises(ListFileError, match="not complete XML"):
        read_list(path)


def test_spreadsheet_resave_loads_with_warnings_naming_rows(tmp_path):
    """An sdn.csv opened and saved in Excel: no quotes, LF, a date-shaped name, a repeated
    entry number, an alias row for an entry that is not there, a Ctrl-Z on its own line."""
    folder = tmp_path / "resaved"
    folder.mkdir()
    (folder / "sdn.csv").write_text(
        "100,\"MADURO MOROS, Nicolas\",individual,VENEZUELA,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,DOB 23 Nov 1962.\n"
        "23156,28-Jul,vessel,DPRK4,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n"
        "100,HAMER AND NAIL LIMITED,-0- ,SDGT,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n", encoding="ascii")
    (folder / "alt.csv").write_text("100,1,aka,\"MADURO, Nicolas\",-0- \n34111,234234,aka,Another name,\n\x1a",
                                    encoding="ascii")
    listed = read_list(folder / "sdn.csv", list_date=LIST_DATE)
    messages = [str(w) for w in listed.warnings]
    assert any(m.startswith("sdn.csv: its fields are not quoted") for m in messages)
    assert any(m.startswith("sdn.csv, row 2:") and "28-Jul" in m for m in messages)
    assert any(m.startswith("sdn.csv, row 3:") and "also on row 1" in m for m in messages)
    assert any(m.startswith("alt.csv, row 2:") and "not in sdn.csv" in m for m in messages)
    assert [e.name for e in listed.entries] == ["MADURO MOROS, Nicolas"]
    assert listed.entries[0].aliases == ("MADURO, Nicolas",)


@pytest.mark.parametrize("content, message", [
    (b"name,position\nJose,General\n", "not a list file this app reads"),
    (b"<html><body>Not found</body></html>", "XML but not an OFAC list"),
    (b"PK\x03\x04rest", "zip archive or a workbook"),
])
def test_wrong_files_get_one_plain_message(tmp_path, content, message):
    path = tmp_path / "sdn.csv"
    path.write_bytes(content)
    with pytest.raises(ListFileError, match=message):
        read_list(path, list_date=LIST_DATE)


def test_xml_entities_are_not_expanded(tmp_path):
    path = tmp_path / "sdn.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE sdnList [<!ENTITY boom "BOOM">]>'
                    '<sdnList xmlns="http://tempuri.org/sdnList.xsd"><sdnEntry><uid>1</uid>'
                    "<lastName>&boom;</lastName><firstName>Ana</firstName><sdnType>Individual</sdnType>"
                    "</sdnEntry></sdnList>", encoding="utf-8")
    listed = read_list(path, list_date=LIST_DATE)
    assert not any("BOOM" in entry.name for entry in listed.entries)


def test_entity_is_counted_not_read(tmp_path):
    listed = read_list(write_csv_set(tmp_path / "set"), list_date=LIST_DATE)
    assert ENTITY[0] not in listed.by_id() and listed.entities == 1
