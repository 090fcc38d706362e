"""Columns chosen by hand come back when the workbook is opened again: the same file (even with
a column added), a renamed copy, and never a mapping naming headers a file no longer has."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from sanctions_gui.core import reading
from sanctions_gui.core.mapping_memory import (
    SETTING, hand_mapping, read_remembering, remember_mapping, remembered_mappings,
)
from sanctions_gui.core.reading import read_workbook
from workbooks import write_sheet

HEADERS = ["Name", "Date sanctioned", "Uniformed when listed?"]
PEOPLE = [["Néstor Reverol", dt.date(2017, 7, 26), "active"], ["Tibisay Lucena", dt.date(2017, 7, 31), "none"]]
CHOSEN = {"Uniformed when listed?": "security_status"}


def write(path, headers=HEADERS, people=PEOPLE):
    return write_sheet(path, [headers, *people])


@pytest.fixture()
def remembered(tmp_path, workspace):
    path = write(tmp_path / "mine.xlsx")
    remember_mapping(workspace, read_workbook(path).report, CHOSEN, path)
    return path


def test_the_same_file_is_read_once_with_its_columns_even_with_a_column_added(tmp_path, workspace, remembered,
                                                                              monkeypatch):
    write(remembered, [*HEADERS, "Notes"], [[*person, "x"] for person in PEOPLE])
    readings = []
    monkeypatch.setattr(reading, "read_workbook",
                        lambda *args, **kwargs: readings.append(args) or read_workbook(*args, **kwargs))
    result = read_remembering(remembered, remembered=remembered_mappings(workspace))
    assert result.frame["security_status"].tolist() == ["active", "none"]
    assert len(readings) == 1
    assert hand_mapping(result.report) == CHOSEN
    assert any(note.startswith("Columns read as you chose them for this file") for note in result.report.notes)


def test_a_renamed_copy_with_the_same_headers_gets_the_columns(tmp_path, workspace, remembered):
    copy = tmp_path / "copia.xlsx"
    shutil.copy(remembered, copy)
    result = read_remembering(copy, remembered=remembered_mappings(workspace))
    assert result.frame["security_status"].tolist() == ["active", "none"]
    assert any("for a workbook with the same sheets and headers" in note for note in result.report.notes)


def test_a_chosen_header_gone_from_the_file_is_said_and_the_file_still_read(tmp_path, workspace, remembered):
    write(remembered, ["Name", "Date sanctioned", "Status"])
    result = read_remembering(remembered, remembered=remembered_mappings(workspace))
    assert len(result.frame) == 2 and "security_status" not in result.report.mapped()
    assert any("The columns you chose for this file before were not applied: mine.xlsx has no column headed "
               "'Uniformed when listed?'" in note for note in result.report.notes)


def test_another_workbook_gets_no_columns_and_forgetting_forgets(tmp_path, workspace, remembered):
    other = write(tmp_path / "other.xlsx", ["Name", "Date sanctioned", "Uniformed?"])
    assert "security_status" not in read_remembering(other, remembered=remembered_mappings(workspace)).report.mapped()
    remember_mapping(workspace, read_workbook(remembered).report, {}, remembered)
    assert remembered_mappings(workspace).layouts == {} and remembered_mappings(workspace).files == {}
    result = read_remembering(remembered, remembered=remembered_mappings(workspace))
    assert not any("Columns read as you chose" in note for note in result.report.notes)


def test_an_unreadable_setting_is_no_mapping(workspace, remembered):
    workspace.set_setting(SETTING, ["not", "a", "mapping"])
    assert remembered_mappings(workspace).for_file(remembered) == {}
    workspace.set_setting(SETTING, {"layouts": {"abc": "security_status"}, "files": {"x": "abc"}})
    assert remembered_mappings(workspace).layouts == {} and remembered_mappings(workspace).files == {}
