"""Notes, flags and hand colours follow the people to a copy of the workbook saved under
another name in another folder, in the window, and the window says where they came from."""

from __future__ import annotations

import shutil

from windows import LOAD_TIMEOUT_MS, close_window, open_window, select_person
from workbooks import write_sheet

PEOPLE = [(f"Persona Número {n}", f"Cargo {n}") for n in range(1, 31)]
NOTED, FLAGGED = "Persona Número 3", "Persona Número 7"
NOTE = "Check the 2018 Treasury press release"
PINK = "#F48FB1"


def write(path):
    return write_sheet(path, [("Name", "Position"), *PEOPLE])


def reopen(qtbot, window, path) -> None:
    with qtbot.waitSignal(window.dataset_loaded, timeout=LOAD_TIMEOUT_MS):
        window.open_file(path)


def test_a_copy_under_another_name_and_folder_shows_the_notes_and_says_where_they_came_from(qtbot, tmp_path):
    (tmp_path / "mine").mkdir()
    original = write(tmp_path / "mine" / "study.xlsx")
    window = open_window(qtbot, tmp_path / "settings.ini", original)
    try:
        select_person(qtbot, window, NOTED)
        qtbot.keyClicks(window.detail_pane.notes_edit, NOTE)
        window.detail_pane.flush_note()
        select_person(qtbot, window, FLAGGED)
        window.detail_pane.flag_box.click()
        window.highlight_selected(PINK)

        copy = tmp_path / "from a colleague" / "copia revisada.xlsx"
        copy.parent.mkdir()
        shutil.copy(original, copy)
        reopen(qtbot, window, copy)

        select_person(qtbot, window, NOTED)
        assert window.detail_pane.notes_edit.toPlainText() == NOTE
        select_person(qtbot, window, FLAGGED)
        assert window.detail_pane.flag_box.isChecked()
        flagged_row = window.session.frame_row(window.session.current)
        assert window.session.view.colours[flagged_row] == PINK
        report = window.dataset.report.to_text()
        assert f"made on another copy of this workbook (study.xlsx, in {original.parent})" in report
        assert "for 2 of the people here" in report
        assert "another copy of this workbook (study.xlsx" in window.statusBar().currentMessage()

        qtbot.keyClicks(window.detail_pane.notes_edit, "Edited in the copy")
        window.detail_pane.flush_note()
        reopen(qtbot, window, original)
        select_person(qtbot, window, FLAGGED)
        assert window.detail_pane.notes_edit.toPlainText() == "Edited in the copy", "one set of notes for both"
        assert "another copy" not in window.dataset.report.to_text(), "the original's notes are its own"
    finally:
        close_window(window)


def test_another_workbook_with_other_people_starts_without_notes(qtbot, tmp_path):
    first = write(tmp_path / "study.xlsx")
    window = open_window(qtbot, tmp_path / "settings.ini", first)
    try:
        select_person(qtbot, window, NOTED)
        qtbot.keyClicks(window.detail_pane.notes_edit, NOTE)
        window.detail_pane.flush_note()
        other = write_sheet(tmp_path / "other.xlsx", [("Name", "Position"), *((f"Otra Persona {n}", "Ministro")
                                                                              for n in range(40)), (NOTED, "Cargo 3")])
        reopen(qtbot, window, other)
        select_person(qtbot, window, NOTED)
        assert window.detail_pane.notes_edit.toPlainText() == ""
        assert "another copy" not in window.dataset.report.to_text()
    finally:
        close_window(window)
