"""File › Compare with official list: the view over a small list and a small database, driven as an analyst would."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from list_files import LIST_DATE, OLD_PEOPLE, write_csv_set, write_database
from sanctions_gui.core import paths
from sanctions_gui.core.lists.comparison import CATEGORY_LABELS
from sanctions_gui.ui import compare_export, compare_setup
from sanctions_gui.ui.compare_view import CompareView
from windows import LOAD_TIMEOUT_MS, close_window, open_window, shown_column

COUNTS = {"new": 1, "delisted": 1, "changed": 3, "uncertain": 1, "matched": 3, "newer_than_list": 1}
NAMES = {
    "new": ["Ana Maria Gomez"],
    "delisted": ["Pedro Delistado Pérez"],
    "changed": ["Diosdado Cabello Rondón", "Henry Rangel", "Tarek El Aissami"],
    "uncertain": ["Hugo Carvajal"],
    "matched": ["José Luis Farías Peña", "Nicolás Ernesto Maduro Guerra", "Nicolás Maduro Moros"],
    "newer_than_list": ["Nuevo Posterior Ruiz"],
}


@pytest.fixture
def database(tmp_path):
    return write_database(tmp_path)


@pytest.fixture
def listed(tmp_path):
    """The list as sdn.csv with its companions, in a folder whose name gives the list's date."""
    return write_csv_set(tmp_path / f"sdn_{LIST_DATE.isoformat()}")


@pytest.fixture
def window(qtbot, tmp_path, database):
    window = open_window(qtbot, tmp_path / "settings.ini", database)
    yield window
    close_window(window)


@pytest.fixture
def messages(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: shown.append(box.text()))
    return shown


def open_view(qtbot, window) -> CompareView:
    window.compare_action.trigger()
    view = window.compare_view
    qtbot.waitExposed(view)
    return view


def choose(qtbot, view: CompareView, monkeypatch, path, button=None, compared: bool = True) -> None:
    """Pick a file in the view's file dialog (the dialog answered with `path`), and wait for what follows."""
    monkeypatch.setattr(compare_setup, "open_path", lambda *args: path)
    button = button or view.setup.list_button
    if compared:
        with qtbot.waitSignal(view.runner.compared, timeout=LOAD_TIMEOUT_MS):
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not view.runner.busy, timeout=LOAD_TIMEOUT_MS)


def counts(view: CompareView) -> dict[str, str]:
    return {category: view.tabs.tabText(number) for number, category in enumerate(view.lists)}


def names(view: CompareView, category: str) -> list[str]:
    return sorted(view.lists[category].names())


def click(qtbot, view: CompareView, button, compared: bool = True) -> None:
    """Press a button that changes the working copy or a decision; the comparison is then made again."""
    assert button.isEnabled()
    if compared:
        with qtbot.waitSignal(view.runner.compared, timeout=LOAD_TIMEOUT_MS):
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def pane_text(window, name: str) -> str:
    label = window.detail_pane.findChild(QLabel, name)
    return label.text() if label is not None else ""


def test_the_shortcut_is_the_compare_action_s_alone(window):
    shortcut = QKeySequence("Ctrl+Shift+O")
    owners = [action.text() for action in window.findChildren(QAction) if action.shortcut() == shortcut]
    assert owners == ["Compare with official &list…"]
    assert window.compare_action in window.file_menu.actions()


def test_every_category_is_shown_with_its_count_names_and_reasons(qtbot, window, listed, monkeypatch):
    view = open_view(qtbot, window)
    assert window.compare_action.shortcut().toString() == "Ctrl+Shift+O"
    choose(qtbot, view, monkeypatch, listed)

    assert counts(view) == {c: f"{CATEGORY_LABELS[c]} ({n})" for c, n in COUNTS.items()}
    for category, expected in NAMES.items():
        assert names(view, category) == expected, category
    assert view.setup.date_label.text() == f"2024-05-03 (from the folder name {listed.parent.name})"
    assert "VENEZUELA-EO13850" in view.setup.scope_label.text()
    assert "sdn.csv" in view.setup.list_label.text() and "9 individuals" in view.setup.list_label.text()
    assert "database.csv" in view.setup.against_label.text()
    carvajal = view.lists["uncertain"].topLevelItem(0)
    assert [carvajal.text(c) for c in range(1, 4)] == ["CARVAJAL BARRIOS, Hugo Armando", "106", "80"]
    assert carvajal.text(5) == "name 80, no date of birth in the database"

    view.lists["matched"].select_names(["Nicolás Maduro Moros"])
    assert window.session.current is not None
    assert window.session.person_name(window.session.current) == "Nicolás Maduro Moros"
    assert pane_text(window, "personName") == "Nicolás Maduro Moros"

    # The scope can be changed: every individual, so the Canadian under SDGT is new too.
    with qtbot.waitSignal(view.runner.compared, timeout=LOAD_TIMEOUT_MS):
        view.setup.scope_combo.setCurrentIndex(1)
    assert names(view, "new") == ["Ana Maria Gomez", "John Smith"]
    assert view.setup.scope_label.text() == "All individuals on the list"


def test_a_list_that_does_not_say_its_date_asks_for_it(qtbot, window, tmp_path, monkeypatch):
    view = open_view(qtbot, window)
    choose(qtbot, view, monkeypatch, write_csv_set(tmp_path / "set"), compared=False)
    assert view.setup.date_field.isVisible()
    assert "does not say when it was published" in view.setup.date_label.text()
    assert not view.setup.date_button.isEnabled()
    assert view.runner.comparison is None

    qtbot.keyClicks(view.setup.date_field.line, "2024-05-03")
    with qtbot.waitSignal(view.runner.compared, timeout=LOAD_TIMEOUT_MS):
        qtbot.mouseClick(view.setup.date_button, Qt.MouseButton.LeftButton)
    assert not view.setup.date_field.isVisible()
    assert view.setup.date_label.text() == "2024-05-03 (as given)"
    assert counts(view)["new"] == "New (1)"


def test_cancelling_the_reading_keeps_the_comparison_shown(qtbot, window, listed, tmp_path, monkeypatch):
    view = open_view(qtbot, window)
    choose(qtbot, view, monkeypatch, listed)
    monkeypatch.setattr(compare_setup, "open_path", lambda *args: write_csv_set(tmp_path / "sdn_2021-08-18"))
    with qtbot.waitSignal(view.runner.cancelled, timeout=LOAD_TIMEOUT_MS):
        qtbot.mouseClick(view.setup.list_button, Qt.MouseButton.LeftButton)
        view.runner._task.box.cancel_requested.emit()  # the progress box's Cancel
    assert view.status.text() == "Reading sdn.csv was cancelled. The comparison shown is unchanged."
    assert "2024-05-03" in view.setup.list_label.text() and counts(view)["new"] == "New (1)"


def test_edits_made_while_the_window_is_closed_are_compared_when_it_opens_again(qtbot, window, listed, monkeypatch):
    view = open_view(qtbot, window)
    choose(qtbot, view, monkeypatch, listed)
    view.close()
    pedro = view.runner.comparison.items["delisted"][0].person_id
    window.session.remove_people([pedro])
    assert view.runner.comparison.counts()["delisted"] == 1, "no comparison made for a closed window"
    with qtbot.waitSignal(view.runner.compared, timeout=LOAD_TIMEOUT_MS):
        window.compare_action.trigger()
    assert counts(view)["delisted"] == "No longer listed (0)"


def test_accepting_an_uncertain_match_moves_it_and_is_remembered_on_reopening(qtbot, window, listed, tmp_path,
                                                                              database, monkeypatch):
    view = open_view(qtbot, window)
    choose(qtbot, view, monkeypatch, listed)
    view.tabs.setCurrentIndex(3)
    view.lists["uncertain"].select_names(["Hugo Carvajal"])
    click(qtbot, view, view.accept_button)
    assert names(view, "uncertain") == []
    assert "Hugo Carvajal" in names(view, "changed") + names(view, "matched")
    assert "remembered" in view.status.text()
    close_window(window)

    again = open_window(qtbot, tmp_path / "settings-2.ini", database)
    view = open_view(qtbot, again)
    choose(qtbot, view, monkeypatch, listed)
    assert names(view, "uncertain") == []
    accepted = next(item for c in ("changed", "matched") for item in view.runner.comparison.items[c]
                    if item.name == "Hugo Carvajal")
    assert accepted.reason.startswith("accepted by you")
    close_window(again)


def test_rejecting_an_uncertain_match_leaves_the_person_and_the_entry_apart(qtbot, window, listed, monkeypatch):
    view = open_view(qtbot, window)
    choose(qtbot, view, monkeypatch, listed)
    view.lists["uncertain"].select_names(["Hugo Carvajal"])
    click(qtbot, view, view.reject_button)
    assert names(view, "uncertain") == []
    assert "Hugo Carvajal" in names(view, "delisted")
    assert "Hugo Armando Carvajal Barrios" in names(view, "new")


def test_adding_new_people_puts_them_in_the_table_and_one_undo_takes_them_all_back(qtbot, window, listed,
                                                                                  monkeypatch):
    view = open_view(qtbot, window)
    choose(qtbot, view, monkeypatch, listed)
    with qtbot.waitSignal(view.runner.compared, timeout=LOAD_TIMEOUT_MS):
        view.setup.scope_combo.setCurrentIndex(1)  # all individuals: Gomez and Smith are new
    view.lists["new"].select_names(["Ana Maria Gomez", "John Smith"])
    click(qtbot, view, view.add_button)

    assert {"Ana Maria Gomez", "John Smith"} <= set(shown_column(window, "name"))
    assert names(view, "new") == []
    assert {"Ana Maria Gomez", "John Smith"} <= set(names(view, "matched"))
    assert window.undo_action.text() == "&Undo add 2 people from the list"
    session = window.session
    gomez = next(p for p in session.selection if session.person_name(p) == "Ana Maria Gomez")
    working = session.working_copy
    assert working.value(gomez, "authority") == ("E.O. 13884",)
    assert working.value(gomez, "list_id") == "104"
    assert working.value(gomez, "date_of_birth").date() == dt.date(1975, 2, 2)
    assert working.value(gomez, "sources")[1].endswith("id=104")

    with qtbot.waitSignal(view.runner.compared, timeout=LOAD_TIMEOUT_MS):
        qtbot.keyClick(view.lists["matched"], Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    names_now = shown_column(window, "name")
    assert "Ana Maria Gomez" not in names_now and "John Smith" not in names_now
    assert names(view, "new") == ["Ana Maria Gomez", "John Smith"]


def test_marking_delisted_shows_in_the_person_pane_and_undoes(qtbot, window, listed, monkeypatch):
    view = open_view(qtbot, window)
    choose(qtbot, view, monkeypatch, listed)
    view.lists["delisted"].select_names(["Pedro Delistado Pérez"])
    assert view.delist_button.text() == "&Mark selected as delisted on 2024-05-03"
    assert pane_text(window, "personName") == "Pedro Delistado Pérez"
    assert window.detail_pane.findChild(QLabel, "delistingBanner") is None
    click(qtbot, view, view.delist_button)

    assert "3 May 2024" in pane_text(window, "delistingBanner")
    pedro = view.runner.comparison.items["delisted"][0]
    assert pedro.already_recorded and not view.delist_button.isEnabled()
    with qtbot.waitSignal(view.runner.compared, timeout=LOAD_TIMEOUT_MS):
        window.undo_action.trigger()
    assert window.detail_pane.findChild(QLabel, "delistingBanner") is None


def test_taking_over_a_changed_field_changes_the_person_pane(qtbot, window, listed, monkeypatch):
    view = open_view(qtbot, window)
    choose(qtbot, view, monkeypatch, listed)
    view.tabs.setCurrentIndex(2)
    view.lists["changed"].select_names(["Diosdado Cabello Rondón"])
    assert sorted(row[1:] for row in view.differences.rows()) == [
        ("Aliases", "(empty)", "Diosdado Cabello"), ("U.S. authority", "E.O. 13692", "E.O. 13850")]
    chips = window.detail_pane.findChild(QWidget, "authorityChips")
    assert [c.text() for c in chips.findChildren(QLabel)] == ["E.O. 13692"]

    authority = next(n for n in range(view.differences.topLevelItemCount())
                     if view.differences.topLevelItem(n).text(1) == "U.S. authority")
    view.differences.clearSelection()
    view.differences.topLevelItem(authority).setSelected(True)
    click(qtbot, view, view.take_over_button)

    chips = window.detail_pane.findChild(QWidget, "authorityChips")
    assert [c.text() for c in chips.findChildren(QLabel)] == ["E.O. 13850"]
    assert pane_text(window, "aliases") == "not recorded", "only the field chosen was taken over"
    assert [row[1] for row in view.differences.rows()] == ["Aliases"]


def test_the_export_writes_a_sheet_per_category(qtbot, window, listed, tmp_path, monkeypatch, messages):
    view = open_view(qtbot, window)
    choose(qtbot, view, monkeypatch, listed)
    target = tmp_path / "comparison.xlsx"
    monkeypatch.setattr(compare_export, "save_path", lambda *args: target)
    with qtbot.waitSignal(view.exporter.exported, timeout=LOAD_TIMEOUT_MS):
        qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    book = load_workbook(target, read_only=True)
    assert book.sheetnames == ["About", *CATEGORY_LABELS.values()]
    new_sheet = [row for row in book["New"].iter_rows(values_only=True)]
    assert new_sheet[1][0] == "Ana Maria Gomez"
    assert "Exported" in view.status.text() and not messages
    about = dict(book["About"].iter_rows(values_only=True))
    assert about["Database"] == "database.csv" and len(about["Database: SHA-256"].split(": ")[1]) == 64


def test_the_export_never_replaces_the_open_workbook(qtbot, tmp_path, listed, monkeypatch, messages):
    workbook = tmp_path / "sanciones.xlsx"
    shutil.copy(paths.BUNDLED_WORKBOOK, workbook)
    window = open_window(qtbot, tmp_path / "settings.ini", workbook)
    view = open_view(qtbot, window)
    older = write_csv_set(tmp_path / "sdn_2021-08-18", OLD_PEOPLE)
    choose(qtbot, view, monkeypatch, listed)
    choose(qtbot, view, monkeypatch, older, button=view.setup.older_button)  # two lists: the workbook is not in them
    before = workbook.read_bytes()
    monkeypatch.setattr(compare_export, "save_path", lambda *args: workbook)
    with qtbot.waitSignal(view.exporter.failed, timeout=LOAD_TIMEOUT_MS):
        qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    assert workbook.read_bytes() == before
    assert len(messages) == 1 and "never replaces it" in messages[0]
    close_window(window)


@pytest.mark.parametrize("content", [b"not,a,list\r\nat,all\r\n", b"PK\x03\x04 a zip", b"<html></html>"])
def test_a_bad_list_file_gives_one_message_and_the_app_keeps_working(qtbot, window, listed, tmp_path, monkeypatch,
                                                                     messages, content):
    view = open_view(qtbot, window)
    choose(qtbot, view, monkeypatch, listed)
    bad = tmp_path / "bad_list.csv"
    bad.write_bytes(content)
    with qtbot.waitSignal(view.runner.failed, timeout=LOAD_TIMEOUT_MS):
        choose(qtbot, view, monkeypatch, bad, compared=False)
    assert len(messages) == 1 and "bad_list.csv" in messages[0]
    assert counts(view)["new"] == "New (1)", "the comparison shown stays"
    assert "sdn.csv" in view.setup.list_label.text()
    window.search_field.setText("Maduro")
    qtbot.waitUntil(lambda: window.model.rowCount() == 2)


def test_warnings_of_a_list_are_listed(qtbot, window, tmp_path, monkeypatch):
    folder = tmp_path / "sdn_2024-05-03"
    path = write_csv_set(folder)
    path.write_bytes(path.read_bytes().replace(b"\r\n\x1a", b'\r\n999,"PHANTOM, Row"\r\n\x1a'))
    view = open_view(qtbot, window)
    choose(qtbot, view, monkeypatch, path)
    assert view.warnings.isVisible() and view.warnings.count() >= 1
    assert "row" in view.warnings.item(0).text()


def test_two_lists_show_what_changed_between_downloads(qtbot, window, listed, tmp_path, monkeypatch):
    view = open_view(qtbot, window)
    choose(qtbot, view, monkeypatch, listed)
    older = write_csv_set(tmp_path / "sdn_2021-08-18", OLD_PEOPLE)
    choose(qtbot, view, monkeypatch, older, button=view.setup.older_button)

    assert names(view, "new") == ["Ana Maria Gomez"]
    assert names(view, "delisted") == ["Pedro Delistado Perez"]
    assert names(view, "changed") == ["Diosdado Cabello Rondon"]
    assert "older list sdn.csv" in view.setup.against_label.text()
    assert "2021-08-18" in view.setup.date_label.text()
    view.lists["changed"].select_names(["Diosdado Cabello Rondon"])
    assert view.differences.headerItem().text(2) == "On the older list"
    assert [row[1] for row in view.differences.rows()] == ["Programs"]
    assert not view.add_button.isEnabled() and not view.take_over_button.isEnabled()

    with qtbot.waitSignal(view.runner.compared, timeout=LOAD_TIMEOUT_MS):
        qtbot.mouseClick(view.setup.workbook_button, Qt.MouseButton.LeftButton)
    assert counts(view)["changed"] == "Changed (3)"
