"""The Columns dialog driven as an analyst would: read what each column became, change a picker, apply."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt

from sanctions_gui.core.column_choices import KEEP_AS_EXTRA
from sanctions_gui.core.reading import read_workbook
from sanctions_gui.ui.columns_dialog import COLUMNS, ColumnsDialog

HEADERS = ["Nombre", "Job at time of designation", "Sanctioned on", "Sanctioned", "Status"]
PEOPLE = [["Néstor Reverol", "Minister of Interior", dt.date(2018, 5, 18), "x", "active"],
          ["Tibisay Lucena", "CNE president", dt.date(2017, 7, 31), "x", "civilian"]]


@pytest.fixture()
def workbook(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Post"
    for row in [HEADERS, *PEOPLE]:
        ws.append(row)
    path = tmp_path / "own headers.xlsx"
    wb.save(path)
    return path


@pytest.fixture()
def dialog(qtbot, workbook):
    dialog = ColumnsDialog(read_workbook(workbook).report.sheets)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def cell(dialog, header: str, column: str) -> str:
    row = [c.header for c in dialog.choices].index(header)
    return dialog.table.item(row, COLUMNS.index(column)).text()


def picker(dialog, header: str):
    return dialog.pickers[[c.header for c in dialog.choices].index(header)]


def test_each_header_shows_what_it_became_how_sure_and_samples(dialog):
    assert dialog.table.rowCount() == len(HEADERS)
    assert cell(dialog, "Job at time of designation", "Became") == "Position at designation"
    assert cell(dialog, "Job at time of designation", "How sure") == "by its words (100)"
    assert cell(dialog, "Nombre", "How sure") == "exact header"
    assert cell(dialog, "Status", "Became") == "Kept as an extra column"
    assert cell(dialog, "Status", "How sure") == "proposed: Security forces at designation (67)"
    assert cell(dialog, "Job at time of designation", "Sample values") == "Minister of Interior; CNE president"
    assert cell(dialog, "Sanctioned on", "Sheet and column") == "Post C"
    assert picker(dialog, "Status").currentText() == KEEP_AS_EXTRA
    assert "Security forces at designation" in dialog.problems.text()  # no column gives it yet


def test_picking_a_field_and_applying_emits_the_mapping_the_reader_takes(qtbot, dialog, workbook):
    picker(dialog, "Status").setCurrentIndex(picker(dialog, "Status").findText("Security forces at designation"))
    assert "Security forces at designation" not in dialog.problems.text()
    with qtbot.waitSignal(dialog.mapping_chosen) as emitted:
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert emitted.args == [{"Status": "security_status"}]
    frame = read_workbook(workbook, mapping=emitted.args[0]).frame
    assert frame["security_status"].tolist() == ["active", "none"]


def test_unassigning_a_field_is_part_of_the_mapping(dialog):
    picker(dialog, "Sanctioned on").setCurrentIndex(0)
    assert dialog.chosen_mapping() == {"Sanctioned on": None}


def test_two_columns_set_to_one_field_block_apply_until_one_is_chosen(dialog):
    dialog.set_pick("Sanctioned", "us_designation_date")
    assert not dialog.apply_button.isEnabled()
    assert "'Sanctioned on' and 'Sanctioned' are both set to Date sanctioned (U.S.)" in dialog.problems.text()
    dialog.reset()
    assert dialog.apply_button.isEnabled() and dialog.chosen_mapping() == {}


def test_headers_set_by_hand_before_stay_in_the_mapping(qtbot, workbook):
    dialog = ColumnsDialog(read_workbook(workbook, mapping={"Status": "security_status"}).report.sheets)
    qtbot.addWidget(dialog)
    assert picker(dialog, "Status").currentData() == "security_status"
    assert cell(dialog, "Status", "How sure") == "set by hand"
    assert dialog.chosen_mapping() == {"Status": "security_status"}

