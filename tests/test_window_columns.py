"""The Columns dialog in the window, driven as an analyst would: from File › Columns…, from the
import report and from the bar offered when a key field is missing; applied at once, undone,
and remembered for the workbook and for a renamed copy of it."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from PySide6.QtCore import QSettings, Qt

from sanctions_gui.core.rules import load_presets
from sanctions_gui.core.workspace import Workspace
from sanctions_gui.ui.main_window import MainWindow
from sanctions_gui.ui.rule_list import COUNT_ROLE
from windows import LOAD_TIMEOUT_MS, close_window, open_window
from workbooks import write_sheet

UNKNOWN = "Uniformed when listed?"  # a security-status header the reader has no words for
ACTIVE_RULE = "Active in security forces at designation"
HEADERS = ["Name", "Position", "Date sanctioned", UNKNOWN, "Reasons"]
PEOPLE = [
    ["Néstor Luis Reverol Torres", "Minister of Interior", dt.date(2017, 7, 26), "active", "human rights"],
    ["Tibisay Lucena Ramírez", "CNE president", dt.date(2017, 7, 31), "none", "democracy"],
    ["Vladimir Padrino López", "Minister of Defence", dt.date(2018, 9, 25), "active", "corruption"],
    ["Tareck El Aissami", "Vice-president", dt.date(2017, 2, 13), "none", "narcotics"],
]
ACTIVE = sum(1 for person in PEOPLE if person[3] == "active")


@pytest.fixture
def workbook(tmp_path):
    return write_sheet(tmp_path / "my own list.xlsx", [HEADERS, *PEOPLE], title="Designations")


@pytest.fixture
def window(qtbot, tmp_path, workbook):
    window = open_window(qtbot, tmp_path / "settings.ini", workbook)
    window.session.set_rules([rule for rule in load_presets() if rule.name == ACTIVE_RULE])
    yield window
    close_window(window)


def rule_count(window, name: str = ACTIVE_RULE) -> str:
    rules = window.sidebar.rules_list
    row = [rule.name for rule in window.session.rules].index(name)
    return rules.item(row).data(COUNT_ROLE)


def choose(qtbot, window, header: str, field: str) -> None:
    """In the open Columns dialog, read `header` as `field` and apply; wait until the table shows it."""
    dialog = window.column_mapper.dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.set_pick(header, field)
    with qtbot.waitSignal(window.column_mapper.applied, timeout=LOAD_TIMEOUT_MS):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)


def report_text(window) -> str:
    return window.dataset.report.to_text()


def test_choosing_a_column_from_the_menu_counts_it_and_undo_takes_it_back(qtbot, window):
    assert rule_count(window) == "0 match"
    assert window.missing_fields_bar.isVisible()
    assert "Security forces at designation" in window.missing_fields_bar.label.text()
    assert window.columns_action.shortcut().toString() == "Ctrl+Shift+M"

    window.columns_action.trigger()
    choose(qtbot, window, UNKNOWN, "security_status")
    assert rule_count(window) == f"{ACTIVE} match"
    assert window.model.column_of("security_status") is not None and window.model.column_of(UNKNOWN) is None
    assert not window.missing_fields_bar.isVisible()
    assert f"'{UNKNOWN}' → Security forces at designation (set by hand)" in report_text(window)
    assert "Remembered for this workbook" in window.statusBar().currentMessage()
    assert window.table.isColumnHidden(window.model.column_of("person_id")), "the column layout stays"
    assert window.undo_action.text() == "&Undo set the columns of ‘my own list.xlsx’"

    window.undo_action.trigger()
    assert rule_count(window) == "0 match"
    assert window.model.column_of(UNKNOWN) is not None
    assert window.missing_fields_bar.isVisible()
    window.redo_action.trigger()
    assert rule_count(window) == f"{ACTIVE} match"


def test_the_selection_and_sort_stay_when_the_columns_change(qtbot, window):
    window.session.set_sort("name")
    padrino = window.session.dataset.person_ids[2]
    window.session.select([padrino], padrino)
    window.columns_action.trigger()
    choose(qtbot, window, UNKNOWN, "security_status")
    assert window.session.selection == (padrino,) and window.session.current == padrino
    assert window.session.state.sort_column == "name"


def test_the_chosen_columns_come_back_when_the_workbook_is_opened_again(qtbot, window, workbook):
    window.columns_action.trigger()
    choose(qtbot, window, UNKNOWN, "security_status")
    with qtbot.waitSignal(window.dataset_loaded, timeout=LOAD_TIMEOUT_MS):
        window.open_file(workbook)
    assert rule_count(window) == f"{ACTIVE} match"
    assert "Columns read as you chose them for this file (File › Columns… changes them): " \
           f"'{UNKNOWN}' → Security forces at designation." in report_text(window)


def test_a_renamed_copy_elsewhere_is_read_with_the_columns_chosen_for_the_original(qtbot, window, workbook,
                                                                                     tmp_path):
    window.columns_action.trigger()
    choose(qtbot, window, UNKNOWN, "security_status")
    copy = tmp_path / "shared with me" / "lista (copia).xlsx"
    copy.parent.mkdir()
    shutil.copy(workbook, copy)
    with qtbot.waitSignal(window.dataset_loaded, timeout=LOAD_TIMEOUT_MS):
        window.open_file(copy)
    assert rule_count(window) == f"{ACTIVE} match"
    assert "Columns read as you chose them for a workbook with the same sheets and headers" in report_text(window)


def test_undoing_the_choice_forgets_it_for_the_next_opening(qtbot, window, workbook):
    window.columns_action.trigger()
    choose(qtbot, window, UNKNOWN, "security_status")
    window.undo_action.trigger()
    with qtbot.waitSignal(window.dataset_loaded, timeout=LOAD_TIMEOUT_MS):
        window.open_file(workbook)
    assert rule_count(window) == "0 match"
    assert "Columns read as you chose" not in report_text(window)


def test_the_bar_and_the_import_report_open_the_columns_dialog(qtbot, window):
    qtbot.mouseClick(window.missing_fields_bar.columns_button, Qt.MouseButton.LeftButton)
    assert window.column_mapper.dialog.isVisible()
    window.column_mapper.dialog.reject()

    window.show_import_report()
    report = window.import_report_dialog
    assert "Key fields missing (read a column as one by hand: File › Columns… in the window, " \
           '--map "HEADER=field" on the command line)' in report.text.toPlainText()
    qtbot.mouseClick(report.columns_button, Qt.MouseButton.LeftButton)
    assert not report.isVisible()
    choose(qtbot, window, UNKNOWN, "security_status")
    assert rule_count(window) == f"{ACTIVE} match"


def test_the_bar_can_be_dismissed_for_this_workbook(qtbot, window):
    qtbot.mouseClick(window.missing_fields_bar.dismiss_button, Qt.MouseButton.LeftButton)
    assert not window.missing_fields_bar.isVisible()


def test_applying_the_columns_as_they_were_changes_nothing(qtbot, window):
    window.columns_action.trigger()
    dialog = window.column_mapper.dialog
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert window.statusBar().currentMessage() == "The columns are read as they were: nothing changed."
    assert "columns" not in window.session.history.undo_description


def test_no_bar_on_the_bundled_dataset(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path / "settings.ini")
    try:
        assert not window.missing_fields_bar.isVisible()
    finally:
        close_window(window)


def test_the_bar_does_not_come_back_empty_at_the_next_start(qtbot, tmp_path, window):
    """Regression: the window's saved layout showed the bar, empty, before any workbook was read."""
    assert window.missing_fields_bar.isVisible()
    window.close()  # saves the layout with the bar shown
    with Workspace.open() as workspace:
        again = MainWindow(workspace, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(again)
        again.show()
        assert not again.missing_fields_bar.isVisible()
        again.close()
