"""Save as: the working copy written to a new workbook in the source's own layout, and read back
exactly; the source itself is never written."""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import PatternFill

from sanctions_gui.core import paths, schema, vocabularies
from sanctions_gui.core.reading import read_workbook
from sanctions_gui.core.save_check import NOT_COMPARED, frame_differences, read_back, saved_frame
from sanctions_gui.core.save_workbook import CHANGES_HEADERS, SaveError, save_working_copy
from sanctions_gui.core.session import Session
from sessions import session_on_file

TITLE = "Base de datos de sanciones — elaboración propia"
SPANISH = ["Nombre", "Alias", "Fecha de nacimiento", "Cargo", "Militar", "Excomandante", "Fecha de sanción",
           "Motivos", "Autoridad", "Fecha de exclusión", "Canadá", "UE", "Suiza", "Fecha Suiza", "Fuentes",
           "Notas", "Expediente", "Supuestos"]
SPANISH_PEOPLE = [
    ["Néstor Reverol", "El Chino", dt.date(1964, 10, 28), "Ministro", "activo", "Sí", dt.date(2018, 5, 18),
     "corrupción", "EO 13692", None, dt.date(2018, 5, 29), "Sí", "Sí", dt.date(2018, 3, 28),
     "https://home.treasury.gov/news/press-releases/sm0388", "General de división", "EXP-001",
     "uk: assumed, carried over from the EU listing"],
    ["Tibisay Lucena", None, None, "Presidenta del CNE", "no", "No", "31/07/2017", "socavar la democracia",
     "EO 13692", None, None, "Sí", None, None, None, None, "EXP-002", None],
    ["Hugo Carvajal", "El Pollo; Pollo", "01/04/1960", "Director de la DIM", "retirado", "", dt.date(2008, 9, 12),
     "narcotráfico", "Kingpin", dt.date(2022, 1, 1), None, None, None, None, None, "=1+1 is text", "EXP-003",
     None],
]
ENGLISH = ["Name", "Position", "Date sanctioned", "Administration", "Reasons"]
# Dates as text whose day / month order only the first row settles (25 > 12: month first).
ENGLISH_PEOPLE = [["Henry Rangel Silva", "General", "03/25/2012", "Obama", "narcotics"],
                  ["Ramón Rodríguez Chacín", "Minister", "04/03/2012", "Obama", "narcotics"]]
YELLOW = "FFFFFF00"


@pytest.fixture
def analyst_workbook(tmp_path):
    """Title rows, Spanish headers, extra and caveat columns, a coloured name, a note under the table."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sancionados"
    sheet.append([TITLE])
    sheet.append(["Actualizado: 3 de mayo de 2024"])
    sheet.append([])
    sheet.append(SPANISH)
    for person in SPANISH_PEOPLE:
        sheet.append(person)
    sheet.append([])
    sheet.append(["Fuente: elaboración propia"])
    sheet["A5"].fill = PatternFill(fill_type="solid", fgColor=YELLOW)
    english = workbook.create_sheet("Anteriores")
    english.append(ENGLISH)
    for person in ENGLISH_PEOPLE:
        english.append(person)
    path = tmp_path / "mi base.xlsx"
    workbook.save(path)
    return path


def open_session(path, workspace) -> Session:
    return session_on_file(path, workspace)


def pid(session: Session, name: str) -> str:
    frame = session.dataset.frame
    return str(frame.loc[frame["name"] == name, "person_id"].iloc[0])


def save(session: Session, target):
    snapshot = session.working_copy.snapshot(session.dataset.report, session.dataset.source)
    result = save_working_copy(snapshot, target)
    return snapshot, result, read_back(result, snapshot)


def compared(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=list(NOT_COMPARED)).reset_index(drop=True)


def assert_reads_back_exactly(snapshot, result, back) -> None:
    assert back.differences == []
    pd.testing.assert_frame_equal(compared(back.loaded.frame), compared(saved_frame(snapshot, result)),
                                  check_dtype=False)


def test_every_field_type_round_trips_in_an_analyst_workbook(analyst_workbook, workspace, tmp_path):
    source_bytes = analyst_workbook.read_bytes()
    session = open_session(analyst_workbook, workspace)
    reverol, lucena, carvajal = (pid(session, n) for n in ("Néstor Reverol", "Tibisay Lucena", "Hugo Carvajal"))
    session.set_field(reverol, "position", "Ministro de Interior")  # text
    session.set_field(reverol, "aliases", ("El Chino", "Chino Reverol"))  # list
    session.set_field(reverol, "reasons", ("corruption", "narcotics"))  # list of a vocabulary
    session.set_field(reverol, "date_of_birth", "28 de octubre de 1964")  # date typed
    session.set_field(lucena, "us_designation_date", dt.date(2017, 8, 1))  # date picked
    session.set_field(lucena, "security_status", "none")  # choice
    session.set_field(lucena, "former_commander", None)  # yes / no / unclear
    session.set_field(lucena, "canada", "2017-09-22")  # a jurisdiction's date, in its one column
    session.set_field(reverol, "switzerland_date", "2018-04-01")  # one with a date column of its own
    session.set_field(reverol, "eu", "no")
    session.set_field(carvajal, "Expediente", "EXP-003-B")  # the source's extra column
    session.set_field(carvajal, "delisted_date", "")  # a date cleared
    session.set_field(reverol, "assumed_fields", ())  # a caveat cleared
    session.set_field(carvajal, "name", "=Hugo Carvajal Barrios")  # text a spreadsheet would run
    session.add_person({"name": "Diosdado Cabello", "gender": "M", "panama": "yes", "list_id": "22795",
                        "us_designation_date": "2018-05-18"}, sheet="Sancionados")
    session.remove_people([pid(session, "Ramón Rodríguez Chacín")])  # the row that did not settle the order

    snapshot, result, back = save(session, tmp_path / "saved.xlsx")
    assert_reads_back_exactly(snapshot, result, back)
    assert len(back.loaded.frame) == 5 and "Ramón Rodríguez Chacín" not in set(back.loaded.frame["name"])

    saved = load_workbook(tmp_path / "saved.xlsx")
    sheet = saved["Sancionados"]
    assert sheet["A1"].value == TITLE and sheet["A2"].value == "Actualizado: 3 de mayo de 2024"
    header = [c.value for c in sheet[4]]
    assert header[:len(SPANISH)] == SPANISH  # the source's own headers, in its order
    assert header[len(SPANISH):] == ["Gender", "Panama", "List ID"]  # fields it had no column for
    assert isinstance(sheet["G6"].value, dt.datetime) and sheet["G6"].is_date  # Lucena's new date, a real date
    assert sheet["A5"].fill.fgColor.rgb == YELLOW  # the name cell's own colour
    assert sheet["A7"].value == "=Hugo Carvajal Barrios" and sheet["A7"].data_type == "s" and sheet["A7"].quotePrefix
    assert sheet["A8"].value == "Diosdado Cabello"  # added after the last person, before the note
    assert [sheet.cell(row, 1).value for row in (9, 10)] == [None, "Fuente: elaboración propia"]
    changes = saved["Changes"]
    rows = [[c.value for c in row] for row in changes.iter_rows()]
    assert rows[2] == list(CHANGES_HEADERS)
    assert len(rows) - 3 == len(session.working_copy.entries())
    assert ["Tibisay Lucena", "Date sanctioned (U.S.)", "31 July 2017", "1 August 2017"] in [r[:4] for r in rows]
    assert analyst_workbook.read_bytes() == source_bytes  # the source is only read


def test_a_date_the_file_held_as_text_cannot_change_when_the_row_that_settled_its_order_goes(
        analyst_workbook, workspace, tmp_path):
    session = open_session(analyst_workbook, workspace)
    assert session.working_copy.value(pid(session, "Ramón Rodríguez Chacín"), "us_designation_date") \
        == pd.Timestamp("2012-04-03")  # month first, as the other row proves
    session.remove_people([pid(session, "Henry Rangel Silva")])
    snapshot, result, back = save(session, tmp_path / "saved.xlsx")
    assert_reads_back_exactly(snapshot, result, back)
    assert back.loaded.frame.set_index("name").at["Ramón Rodríguez Chacín", "us_designation_date"] \
        == pd.Timestamp("2012-04-03")


def test_the_bundled_dataset_round_trips_with_edits_additions_and_removals(workspace, tmp_path):
    source = tmp_path / "bundled.xlsx"
    shutil.copy(paths.BUNDLED_WORKBOOK, source)
    session = open_session(source, workspace)
    ids = session.dataset.person_ids
    session.set_field(ids[0], "us_designation_date", "2014-05-01")
    session.set_field(ids[1], "uk", "yes")
    session.set_field(ids[2], "authority", ("E.O. 13692", "E.O. 13850"))
    session.add_person({"name": "Persona Nueva", "reasons": ("corruption",)}, sheet=vocabularies.SHEET_PRE)
    session.remove_people([ids[3], ids[200]])
    snapshot, result, back = save(session, tmp_path / "saved.xlsx")
    assert_reads_back_exactly(snapshot, result, back)
    assert len(back.loaded.frame) == len(ids) - 1
    kept = [p for p in ids if p not in (ids[3], ids[200])]
    assert [back.person_ids[p] for p in kept[3:]] == [p for p in kept[3:]]  # unchanged names keep their ids


def test_an_unedited_save_reads_back_as_the_source_did(workspace, tmp_path, bundled):
    session = open_session(paths.BUNDLED_WORKBOOK, workspace)
    _snapshot, _result, back = save(session, tmp_path / "same.xlsx")
    pd.testing.assert_frame_equal(back.loaded.frame.drop(columns=[schema.SOURCE_ROW]),
                                  bundled.frame.drop(columns=[schema.SOURCE_ROW]), check_dtype=False)


def test_saving_over_the_source_is_refused_and_the_source_is_untouched(analyst_workbook, workspace):
    session = open_session(analyst_workbook, workspace)
    session.set_field(pid(session, "Tibisay Lucena"), "position", "Rectora")
    before = analyst_workbook.read_bytes()
    snapshot = session.working_copy.snapshot(session.dataset.report, session.dataset.source)
    with pytest.raises(SaveError, match="is the file the data was read from; Save as never replaces it"):
        save_working_copy(snapshot, analyst_workbook)
    with pytest.raises(SaveError, match="name the file .xlsx"):
        save_working_copy(snapshot, analyst_workbook.with_suffix(".csv"))
    assert analyst_workbook.read_bytes() == before


def test_a_source_edited_since_it_was_opened_is_not_saved_over_its_rows(analyst_workbook, workspace, tmp_path):
    session = open_session(analyst_workbook, workspace)
    session.set_field(pid(session, "Tibisay Lucena"), "position", "Rectora")
    workbook = load_workbook(analyst_workbook)
    workbook["Sancionados"].insert_rows(5)
    workbook.save(analyst_workbook)
    snapshot = session.working_copy.snapshot(session.dataset.report, session.dataset.source)
    with pytest.raises(SaveError, match=r"has changed since it was opened \(sheet ‘Sancionados’, row 5 no longer"):
        save_working_copy(snapshot, tmp_path / "saved.xlsx")
    assert not (tmp_path / "saved.xlsx").exists()


def test_a_difference_on_reading_back_is_put_in_words(analyst_workbook):
    frame = read_workbook(analyst_workbook).frame
    other = frame.copy()
    other.loc[1, "position"] = "Rectora"
    assert frame_differences(frame, other) == [
        "Tibisay Lucena (sheet ‘Sancionados’): Position at designation is ‘Presidenta del CNE’ in the working copy "
        "but reads back as ‘Rectora’."]
