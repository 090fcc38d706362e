"""The working copy over the window's life: a killed app's changes offered back, the Changes view,
discarding, and Save as, after which the app goes on with the saved workbook."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pandas as pd
from openpyxl import load_workbook
from PySide6.QtWidgets import QMessageBox

from sanctions_gui.core import paths, vocabularies
from sanctions_gui.core.change_store import ChangeStore
from sanctions_gui.core.lists.decisions import REJECT, load_decisions, save_decision
from sanctions_gui.core.reading import read_workbook
from sanctions_gui.ui import editing
from windows import LOAD_TIMEOUT_MS, close_window, open_window, person_row, shown_column
from windows import person_id as pid

pytest_plugins = ("editing_windows",)  # the window and workbook fixtures

REVEROL = "Néstor Luis Reverol Torres"
EDITED = "Edited just before the app was killed"

# A window in another process: opens the workbook, edits a cell through the table's model as the
# cell editor does, says so, and waits to be killed.
EDIT_AND_WAIT = textwrap.dedent('''
    import sys, time
    from pathlib import Path
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from sanctions_gui.core.workspace import Workspace
    from sanctions_gui.ui.main_window import MainWindow
    window = MainWindow(Workspace.open(), QSettings(sys.argv[2], QSettings.Format.IniFormat))
    window.show()
    window.open_file(Path(sys.argv[1]))
    while window.dataset is None:
        app.processEvents()
    model = window.model
    names = [model.index(row, model.column_of("name")).data() for row in range(model.rowCount())]
    index = model.index(names.index(sys.argv[3]), model.column_of("position"))
    assert model.setData(index, sys.argv[4])
    print("edited", flush=True)
    time.sleep(600)
''')


def original_position() -> str:
    """Reverol's position as the bundled workbook has it, read without the app."""
    sheet = load_workbook(paths.BUNDLED_WORKBOOK, read_only=True)[vocabularies.SHEET_POST]
    rows = sheet.iter_rows(values_only=True)
    header = next(row for row in rows if row and row[0] == "Name")
    return next(row for row in rows if row[0] == REVEROL)[header.index("Position at designation")]


def position(window, name: str) -> str:
    return shown_column(window, "position")[person_row(window, name)]


def test_changes_survive_a_killed_app_and_the_next_window_offers_them_back(qtbot, tmp_path, workbook):
    source = workbook.read_bytes()
    child = subprocess.Popen([sys.executable, "-c", EDIT_AND_WAIT, str(workbook), str(tmp_path / "child.ini"),
                              REVEROL, EDITED], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                             env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    try:
        assert child.stdout.readline().strip() == "edited"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL

    window = open_window(qtbot, tmp_path / "settings.ini", workbook)
    try:
        assert position(window, REVEROL) == EDITED
        bar = window.editing.bar
        assert bar.isVisible()
        assert bar.label.text().startswith("Unsaved changes brought back from your workspace: 1 cell changed.")
        window.editing.changes_action.trigger()
        rows = window.editing.changes_view.tree
        assert rows.topLevelItemCount() == 1
        assert [rows.topLevelItem(0).text(c) for c in range(4)] == [REVEROL, "Position at designation",
                                                                     original_position(), EDITED]
        assert workbook.read_bytes() == source  # the file itself is only read
    finally:
        close_window(window)


def test_the_changes_view_lists_changes_and_reverts_one(qtbot, window):
    reverol = pid(window, REVEROL)
    window.session.set_field(reverol, "position", "Minister of Interior and Justice")
    window.session.set_field(reverol, "gender", "F")
    window.editing.changes_action.trigger()
    view = window.editing.changes_view
    items = [view.tree.topLevelItem(i) for i in range(view.tree.topLevelItemCount())]
    assert [[item.text(c) for c in range(4)] for item in items] == [
        [REVEROL, "Position at designation", original_position(), "Minister of Interior and Justice"],
        [REVEROL, "Gender", "Male", "Female"]]
    view.tree.setCurrentItem(items[0])
    view.revert_button.click()
    assert position(window, REVEROL) == original_position()
    assert view.tree.topLevelItemCount() == 1
    window.undo_action.trigger()
    assert position(window, REVEROL) == "Minister of Interior and Justice" and view.tree.topLevelItemCount() == 2


def test_discard_changes_returns_to_the_file_and_undo_brings_them_back(qtbot, window, workbook, monkeypatch):
    window.session.set_field(pid(window, REVEROL), "position", "Somebody else")
    window.session.add_person({"name": "Persona Nueva"})

    def choose_discard(box):
        next(b for b in box.buttons() if b.text() == "Discard changes").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", choose_discard)
    window.editing.discard_action.trigger()
    assert position(window, REVEROL) == original_position() and "Persona Nueva" not in shown_column(window, "name")
    assert ChangeStore(window.workspace).count(str(workbook)) == 0 and not window.editing.bar.isVisible()
    window.undo_action.trigger()
    assert position(window, REVEROL) == "Somebody else" and "Persona Nueva" in shown_column(window, "name")


def test_save_as_writes_a_new_workbook_and_the_app_goes_on_with_it_notes_and_list_decisions_too(qtbot, window, workbook, tmp_path, monkeypatch):
    source = workbook.read_bytes()
    reverol = pid(window, REVEROL)
    window.session.set_note(reverol, "check the 2017 release")
    save_decision(window.workspace, workbook, reverol, "11185", REJECT)  # "not this list entry", from Compare
    window.session.set_field(reverol, "name", "Néstor Luis Reverol")  # a new name: a new person id once read
    window.session.set_field(reverol, "us_designation_date", "2017-07-27")
    window.session.add_person({"name": "Persona Nueva", "reasons": ("corruption",)}, sheet=vocabularies.SHEET_PRE)
    window.session.remove_people([pid(window, "Carlos Erik Malpica Flores")])
    working = window.session.working_copy.frame[~window.session.working_copy.removed].copy()
    target = tmp_path / "saved.xlsx"
    monkeypatch.setattr(editing, "save_path", lambda *args: target)
    with qtbot.waitSignal(window.editing.saved, timeout=LOAD_TIMEOUT_MS):
        window.editing.save_as_action.trigger()

    assert workbook.read_bytes() == source
    assert window.session.dataset.source == target and target.name in window.windowTitle()
    assert not window.session.working_copy.has_changes and not window.editing.bar.isVisible()
    assert not window.undo_action.isEnabled()
    assert ChangeStore(window.workspace).count(str(workbook)) == 0  # saved: the source's working copy is empty
    back = read_workbook(target).frame
    assert len(back) == len(working) and set(back["name"]) == set(working["name"])
    assert back.set_index("name").at["Néstor Luis Reverol", "us_designation_date"] == pd.Timestamp("2017-07-27")
    assert window.session.note(pid(window, "Néstor Luis Reverol")) == "check the 2017 release"
    assert load_decisions(window.workspace, target) == {(pid(window, "Néstor Luis Reverol"), "11185"): REJECT}


def test_save_as_over_the_open_file_is_refused(qtbot, window, workbook, monkeypatch):
    window.session.set_field(pid(window, REVEROL), "position", "Somebody else")
    source = workbook.read_bytes()
    said = []
    monkeypatch.setattr(editing, "save_path", lambda *args: workbook)
    monkeypatch.setattr(editing, "show_message", lambda parent, title, text, **kw: said.append(text))
    window.editing.save_as_action.trigger()
    assert said and "is the file the data was read from; Save as never replaces it" in said[0]
    assert workbook.read_bytes() == source and window.session.working_copy.has_changes
