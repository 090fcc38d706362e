"""Workbooks made the way analysts make them: their own headers, notes under the table, section
titles, hand mappings, and what the import report says about each."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from sanctions_gui.core import schema, stats
from sanctions_gui.core.charts import CHART_TITLES
from sanctions_gui.core.headers import BY_HAND, BY_WORDS, PROPOSED
from sanctions_gui.core.mapping_memory import remember_mapping, remembered_mapping
from sanctions_gui.core.reading import MappingError, WorkbookError, read_workbook
from sanctions_gui.core.rules import load_presets
from sanctions_gui.core.workspace import Workspace

# Sheet "Post": the header variants; "Active Security Forces?" holds Y/N.
POST_HEADERS = ["Full name", "Job at time of designation", "Sanctioned on", "Active Security Forces?",
                "Also listed by Canada", "Reason(s) for sanction", "Sanctioned", "Notes on military career"]
POST_PEOPLE = [
    ["Néstor Reverol", "Minister of Interior", dt.date(2018, 5, 18), "Y", "Yes", "corruption", "x", "General"],
    ["Tibisay Lucena", "CNE president", dt.date(2017, 7, 31), "N", "", "undermining democracy", "x", ""],
    ["Vladimir Padrino", "Minister of Defence", dt.date(2018, 9, 25), "Y", "Yes", "corruption", "x", "General"],
]
# Sheet "Pre": Spanish variants, and the security status as "Mil./Police/Intel ... (Y/N)".
PRE_HEADERS = ["Nombre", "Cargo", "Fecha de designación (EE. UU.)", "Mil./Police/Intel at time of designation (Y/N)"]
PRE_PEOPLE = [["Henry Rangel Silva", "General", dt.date(2008, 9, 12), "Sí"],
              ["Hugo Carvajal", "Director DIM", dt.date(2008, 9, 12), "Sí"]]


def write(path, sheets: dict[str, list[list]]):
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def variants(tmp_path_factory):
    path = tmp_path_factory.mktemp("variants") / "own headers.xlsx"
    return read_workbook(write(path, {"Post": [POST_HEADERS, *POST_PEOPLE], "Pre": [PRE_HEADERS, *PRE_PEOPLE]}))


def columns_of(report, sheet: str) -> dict[str, object]:
    return {c.header: c for s in report.sheets if s.name == sheet for c in s.columns}


def test_header_variants_are_mapped_and_the_report_says_so(variants):
    post = columns_of(variants.report, "Post")
    assert {header: post[header].column for header in POST_HEADERS[:6]} == {
        "Full name": "name", "Job at time of designation": "position", "Sanctioned on": "us_designation_date",
        "Active Security Forces?": "security_status", "Also listed by Canada": "canada",
        "Reason(s) for sanction": "reasons"}
    pre = columns_of(variants.report, "Pre")
    assert pre["Mil./Police/Intel at time of designation (Y/N)"].column == "security_status"
    assert pre["Fecha de designación (EE. UU.)"].column == "us_designation_date"
    text = variants.report.to_text()
    assert "'Job at time of designation' → Position at designation (recognised by its words, score 100)" in text
    assert all(c.how in ("exact", BY_WORDS) for c in post.values() if c.column)


def test_a_mapped_security_column_makes_the_charts_count_people(variants):
    frame = variants.frame
    assert frame.set_index("name")["security_status"].to_dict() == {
        "Néstor Reverol": "active", "Tibisay Lucena": "none", "Vladimir Padrino": "active",
        "Henry Rangel Silva": "active", "Hugo Carvajal": "active"}
    table = stats.administration_stats(frame).set_index("administration")
    assert table.loc["Trump", "active_security"] == 2 and table.loc["Bush", "active_security"] == 2
    assert frame["canada"].tolist() == [True, False, True, False, False]


def test_ambiguous_and_unrelated_headers_are_kept_as_extra_columns_with_a_proposal_line(variants):
    post = columns_of(variants.report, "Post")
    sanctioned, career = post["Sanctioned"], post["Notes on military career"]
    assert sanctioned.column is None and sanctioned.how == PROPOSED and len(sanctioned.candidates) >= 2
    assert career.column is None
    assert variants.frame["Sanctioned"].tolist()[:3] == ["x", "x", "x"]
    assert variants.frame["Notes on military career"].tolist()[0] == "General"
    text = variants.report.to_text()
    assert "'Sanctioned' kept as an extra column: it could be " in text and '--map "Sanctioned=FIELD"' in text


def test_columns_carry_sample_values_for_the_columns_dialog(variants):
    assert columns_of(variants.report, "Post")["Job at time of designation"].samples == (
        "Minister of Interior", "CNE president", "Minister of Defence")


# --- rows that are not people --------------------------------------------------------------


NOTES_AND_TITLES = [
    ["Nombre", "Cargo", "Fecha de sanción", "Motivo"],
    ["MILITARES", None, None, None],  # a section title, merged over the row below
    ["Néstor Reverol", "General en jefe", dt.date(2018, 5, 18), "corrupción"],
    ["Total Rodríguez, Ana", "Coronel", dt.date(2018, 5, 18), "derechos humanos"],  # a name that starts like a total
    ["Funcionarios civiles:", None, None, None],  # a section title
    ["Tibisay Lucena", "Presidenta del CNE", dt.date(2017, 7, 31), "democracia"],
    ["Fuentes Pérez, Luis", None, None, "Fuente: OFAC"],  # a person: a name and a filled field
    ["Pedro Pérez", None, None, None],  # only a name, and nothing says it is not a person
    [None, None, None, None],
    ["Fuente: elaboración propia con datos de OFAC", None, None, None],
    ["Total", 16, None, None],
    ["Total: 16", None, None, None],
    ["Last updated 3 May 2024", None, None, None],
    [None, "Source: own elaboration based on Treasury press releases", None, None],
]


@pytest.fixture(scope="module")
def notes_and_titles(tmp_path_factory):
    path = tmp_path_factory.mktemp("notes") / "con notas.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Sancionados"
    for row in NOTES_AND_TITLES:
        ws.append(row)
    ws.merge_cells("A2:D2")
    wb.save(path)
    return read_workbook(path)


def test_notes_titles_and_totals_are_skipped_each_with_its_row_and_why(notes_and_titles):
    skipped = dict(notes_and_titles.report.sheets[0].skipped_rows)
    assert skipped[2] == "a section title ('MILITARES'), not a person"
    assert skipped[5] == "a section title ('Funcionarios civiles:'), not a person"
    assert skipped[10] == "a note under the table ('Fuente: elaboración propia con datos de OFAC'), not a person"
    assert skipped[11] == "a total line ('Total'), not a person"
    assert skipped[12] == "a total line ('Total: 16'), not a person"
    assert skipped[13] == "a note under the table ('Last updated 3 May 2024'), not a person"
    assert skipped[14].startswith("a note under the table ('Source: own elaboration")
    assert "Row 12 skipped: a total line ('Total: 16'), not a person" in notes_and_titles.report.to_text()


def test_a_row_with_a_name_and_another_field_is_always_a_person(notes_and_titles):
    names = notes_and_titles.frame["name"].tolist()
    assert names == ["Néstor Reverol", "Total Rodríguez, Ana", "Tibisay Lucena", "Fuentes Pérez, Luis",
                     "Pedro Pérez"]


def test_a_row_holding_only_a_name_is_read_as_a_person_with_a_warning(notes_and_titles):
    warnings = [str(w) for w in notes_and_titles.report.warnings]
    assert "Sheet 'Sancionados', row 8, column 'Nombre': the row holds only a name; read as a person" in warnings


def test_a_title_merged_across_the_row_is_not_copied_into_other_fields(notes_and_titles):
    assert "MILITARES" not in notes_and_titles.frame["position"].dropna().tolist()


# --- mappings by hand -------------------------------------------------------------------------


@pytest.fixture()
def own_headers(tmp_path):
    return write(tmp_path / "own headers.xlsx", {"Post": [POST_HEADERS, *POST_PEOPLE]})


def test_a_hand_mapping_assigns_a_proposed_header_and_says_so(own_headers):
    result = read_workbook(own_headers, mapping={"sanctioned": "notes"})
    column = columns_of(result.report, "Post")["Sanctioned"]
    assert (column.column, column.how) == ("notes", BY_HAND)
    assert result.frame["notes"].tolist() == ["x", "x", "x"]
    assert "'Sanctioned' → Notes (set by hand)" in result.report.to_text()


def test_a_hand_mapping_can_unassign_a_header_and_take_a_field_from_another(own_headers):
    result = read_workbook(own_headers, mapping={"Sanctioned on": None, "Notes on military career": "position"})
    columns = columns_of(result.report, "Post")
    assert columns["Sanctioned on"].column is None and result.frame["us_designation_date"].isna().all()
    assert result.frame["Sanctioned on"].tolist()[0] == "2018-05-18"
    assert columns["Notes on military career"].column == "position"
    assert columns["Job at time of designation"].column is None  # by hand wins over by its words
    assert any("duplicate header" in str(w) and "Job at time of designation" in str(w)
               for w in result.report.warnings)


def test_a_hand_mapping_naming_a_header_the_file_lacks_is_refused(own_headers):
    with pytest.raises(MappingError, match="has no column headed 'Fecha'; its headers are 'Active Security"):
        read_workbook(own_headers, mapping={"Fecha": "us_designation_date"})


def test_unassigning_the_name_leaves_no_header_row(own_headers):
    with pytest.raises(WorkbookError, match="no recognisable header row"):
        read_workbook(own_headers, mapping={"Full name": None})


def test_a_remembered_mapping_is_found_by_a_renamed_copy(own_headers, tmp_path):
    first = read_workbook(own_headers).report
    copy = own_headers.rename(tmp_path / "copia renombrada.xlsx")
    with Workspace.open(tmp_path / "workspace.sqlite3") as workspace:
        remember_mapping(workspace, first, {"Sanctioned": "notes"})
        assert remembered_mapping(workspace, read_workbook(copy).report) == {"Sanctioned": "notes"}
        other = write(tmp_path / "other.xlsx", {"Post": [PRE_HEADERS, *PRE_PEOPLE]})
        assert remembered_mapping(workspace, read_workbook(other).report) == {}


# --- key fields ------------------------------------------------------------------------------


def test_missing_key_fields_are_reported_with_what_they_disable(tmp_path):
    path = write(tmp_path / "thin.xlsx", {"People": [["Name", "Position"], ["Ana Ruiz", "Fiscal"]]})
    report = read_workbook(path).report
    missing = {m.column: m for m in report.missing_fields}
    assert set(missing) == {"us_designation_date", "administration", "security_status", "reasons"}
    presets_by_field = {column: {r.name for r in load_presets() if any(c.field == column for c in r.conditions)}
                        for column in missing}
    for column, found in missing.items():
        assert set(found.presets) == presets_by_field[column]
    assert CHART_TITLES["administrations"] in missing["security_status"].charts
    assert CHART_TITLES["reasons"] not in missing["security_status"].charts
    assert CHART_TITLES["years"] in missing["us_designation_date"].charts
    text = report.to_text()
    assert ("Security forces at designation: not found in this file, so the chart "
            f"'{CHART_TITLES['administrations']}' and the preset 'Active in security forces at designation' "
            "have nothing to count.") in text


def test_an_administration_derived_from_dates_is_not_missing(variants):
    assert [m.column for m in variants.report.missing_fields] == []
    assert schema.KEY_FIELDS[0] == "name"
