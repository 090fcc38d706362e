"""Editing the working copy in the window as an analyst does: cells of each kind in the table, the
person pane's form, refusals at the cell, people added and removed, undo and redo."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel, QPushButton

from sanctions_gui.core.change_store import ChangeStore
from sanctions_gui.ui.cell_editors import ChoiceEditor, DateEditor, TagEditor, TextEditor
from sanctions_gui.ui.person_dialogs import AddPersonDialog
from sanctions_gui.ui.table_model import EDITED_ROLE
from windows import person_id as pid
from windows import person_row, shown_column

pytest_plugins = ("editing_windows",)  # the window and workbook fixtures

REVEROL = "Néstor Luis Reverol Torres"  # Trump, 2017-07-26; active; human rights
BENAVIDES = "Antonio José Benavides Torres"  # Obama, 2015-03-09


def cell_index(window, name: str, column: str):
    return window.model.index(person_row(window, name), window.model.column_of(column))


def open_editor(qtbot, window, name: str, column: str, how: str = "double-click"):
    """Open the cell's editor as the analyst would, and return it."""
    table = window.table
    index = cell_index(window, name, column)
    table.scrollTo(index)
    table.setCurrentIndex(index)
    if how == "double-click":  # (QTest's double-click alone lacks the press a view looks for first)
        centre = table.visualRect(index).center()
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    else:
        qtbot.keyClick(table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: table.state() == table.State.EditingState)
    editor = table.indexWidget(index)
    return editor if editor is not None else table.focusWidget()


def cell_text(window, name: str, column: str) -> str:
    return cell_index(window, name, column).data()


def test_a_text_cell_is_edited_by_double_click_and_undone(qtbot, window, workbook):
    editor = open_editor(qtbot, window, REVEROL, "position")
    assert isinstance(editor, TextEditor) and editor.text().startswith("Minister of Interior")
    editor.selectAll()
    qtbot.keyClicks(editor, "Minister of Interior and Justice")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert cell_text(window, REVEROL, "position") == "Minister of Interior and Justice"
    assert cell_index(window, REVEROL, "position").data(EDITED_ROLE)
    assert not cell_index(window, REVEROL, "institution").data(EDITED_ROLE)
    assert window.detail_pane.findChild(QLabel, "personPosition").text() == "Minister of Interior and Justice"
    assert window.detail_pane.findChild(QLabel, "positionChanged") is not None
    assert window.undo_action.text() == f"&Undo edit Position at designation of ‘{REVEROL}’"
    assert ChangeStore(window.workspace).count(str(workbook)) == 1
    window.undo_action.trigger()
    assert cell_text(window, REVEROL, "position").startswith("Minister of Interior") and \
        not cell_index(window, REVEROL, "position").data(EDITED_ROLE)
    window.redo_action.trigger()
    assert cell_text(window, REVEROL, "position") == "Minister of Interior and Justice"


def test_f2_takes_a_date_as_the_reader_reads_it_and_the_administration_follows(qtbot, window):
    counts = window.session.matches.counts()
    editor = open_editor(qtbot, window, BENAVIDES, "us_designation_date", how="F2")
    assert isinstance(editor, DateEditor) and editor.text() == "2015-03-09"
    editor.selectAll()
    qtbot.keyClicks(editor, "25/07/2019")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert cell_text(window, BENAVIDES, "us_designation_date") == "2019-07-25"
    assert cell_text(window, BENAVIDES, "administration") == "Trump"
    presets = [rule.name for rule in window.session.rules]
    obama, trump = presets.index("Designated under Obama"), presets.index("Designated under Trump")
    assert window.session.matches.counts()[obama] == counts[obama] - 1
    assert window.session.matches.counts()[trump] == counts[trump] + 1


def test_typing_over_a_cell_starts_its_editor_with_what_was_typed(qtbot, window):
    table = window.table
    index = cell_index(window, REVEROL, "institution")
    table.setCurrentIndex(index)
    table.setFocus()
    qtbot.keyClicks(table, "M")
    qtbot.waitUntil(lambda: table.state() == table.State.EditingState)
    editor = table.focusWidget()
    qtbot.keyClicks(editor, "PPRIJP")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert cell_text(window, REVEROL, "institution") == "MPPRIJP"
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)  # a shortcut never starts editing
    assert table.state() != table.State.EditingState


def test_a_bad_value_is_refused_at_the_cell_and_nothing_changes(qtbot, window, workbook):
    editor = open_editor(qtbot, window, REVEROL, "us_designation_date")
    editor.selectAll()
    qtbot.keyClicks(editor, "31/02/2019")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    message = window.table.cell_message
    assert message.isVisible()
    assert message.text().startswith("Date sanctioned (U.S.): ‘31/02/2019’ is not a date this app can read")
    rect = window.table.visualRect(cell_index(window, REVEROL, "us_designation_date"))
    assert abs(message.pos().y() - window.table.viewport().mapToGlobal(rect.bottomLeft()).y()) < 10  # at the cell
    assert window.table.state() == window.table.State.EditingState and editor.text() == "31/02/2019"
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert cell_text(window, REVEROL, "us_designation_date") == "2017-07-26"
    assert not window.undo_action.isEnabled()
    assert ChangeStore(window.workspace).count(str(workbook)) == 0


def test_vocabularies_and_yes_no_are_choices(qtbot, window):
    editor = open_editor(qtbot, window, REVEROL, "security_status")
    assert isinstance(editor, ChoiceEditor)
    assert [editor.itemText(i) for i in range(editor.count())] == ["Active", "Former", "None", "Unknown"]
    editor.setCurrentIndex(editor.findText("Former"))
    editor.activated.emit(editor.currentIndex())
    assert cell_text(window, REVEROL, "security_status") == "Former"
    editor = open_editor(qtbot, window, REVEROL, "former_commander")
    assert [editor.itemText(i) for i in range(editor.count())] == ["Yes", "No", "Unclear"]
    editor.setCurrentIndex(editor.findText("Unclear"))
    editor.activated.emit(editor.currentIndex())
    assert cell_text(window, REVEROL, "former_commander") == ""
    assert pd.isna(window.session.working_copy.value(pid(window, REVEROL), "former_commander"))


def test_a_list_is_edited_as_tags(qtbot, window):
    editor = open_editor(qtbot, window, REVEROL, "reasons")
    assert isinstance(editor, TagEditor) and editor.value() == ("human rights",)
    qtbot.keyClicks(editor.line, "narcotrafico")  # (QTest types ASCII only; the reader folds accents anyway)
    qtbot.keyClick(editor.line, Qt.Key.Key_Return)  # adds the tag
    assert editor.value() == ("human rights", "narcotrafico")
    qtbot.keyClick(editor.line, Qt.Key.Key_Return)  # done
    assert cell_text(window, REVEROL, "reasons") == "human rights; narcotics"


def test_a_jurisdiction_takes_a_date_or_yes(qtbot, window):
    editor = open_editor(qtbot, window, BENAVIDES, "panama")
    editor.selectAll()
    qtbot.keyClicks(editor, "3 de marzo de 2020")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert cell_text(window, BENAVIDES, "panama") == "2020-03-03"
    assert "Panama" in cell_text(window, BENAVIDES, "jurisdictions")


def test_people_are_added_and_removed_and_undo_redo_covers_both(qtbot, window, monkeypatch):
    def fill_and_accept(dialog):
        dialog.sheet_box.setCurrentText("Pre-E.O. 13692")
        dialog.name_field.setText("Persona Nueva Prueba")
        dialog.accept()
        return AddPersonDialog.DialogCode.Accepted

    monkeypatch.setattr(AddPersonDialog, "exec", fill_and_accept)
    before = window.model.rowCount()
    window.editing.add_action.trigger()
    assert window.model.rowCount() == before + 1
    new = window.session.current
    assert window.session.person_name(new) == "Persona Nueva Prueba"
    assert window.detail_pane.editing  # the form opens to fill in the rest
    assert window.detail_pane.findChild(QLabel, "addedBanner") is None  # (the form, not the reading page)
    assert window.editing.bar.isVisible() and "1 person added" in window.editing.bar.label.text()

    window.session.select([new], new)
    window.editing.remove_action.trigger()
    row = window.model.row_of_person(new)
    assert row is not None and window.model.index(row, 0).data(Qt.ItemDataRole.FontRole).strikeOut()
    assert "removed" in window.editing.bar.label.text()
    window.undo_action.trigger()
    assert not window.model.index(row, 0).data(Qt.ItemDataRole.FontRole).strikeOut()
    window.undo_action.trigger()
    assert window.model.rowCount() == before and "Persona Nueva Prueba" not in shown_column(window, "name")
    assert not window.editing.bar.isVisible()
    window.redo_action.trigger()
    assert "Persona Nueva Prueba" in shown_column(window, "name")


def test_the_person_pane_edits_a_field_and_refuses_a_bad_one(qtbot, window):
    window.session.select([pid(window, REVEROL)], pid(window, REVEROL))
    window.detail_pane.start_editing()
    form = window.detail_pane.editor
    dob = form.editors["date_of_birth"]
    dob.setFocus()
    dob.selectAll()
    qtbot.keyClicks(dob, "1964-13-40")
    qtbot.keyClick(dob, Qt.Key.Key_Return)
    assert form.problems["date_of_birth"].isVisible()
    assert "is not a date this app can read" in form.problems["date_of_birth"].text()
    assert cell_text(window, REVEROL, "date_of_birth") == "1964-10-28"
    dob.selectAll()
    qtbot.keyClicks(dob, "28 de octubre de 1965")
    qtbot.keyClick(dob, Qt.Key.Key_Return)
    assert not form.problems["date_of_birth"].isVisible()
    assert cell_text(window, REVEROL, "date_of_birth") == "1965-10-28"
    assert window.detail_pane.editor is form  # the form stays, with the analyst's place in it


def test_editing_a_caveated_field_keeps_its_caveat_until_cleared(qtbot, window):
    frame = window.session.dataset.frame
    caveated = frame["assumed_fields"].map(lambda items: any(item.startswith("uk: assumed") for item in items))
    person = str(frame.loc[caveated, "person_id"].iloc[0])
    window.session.select([person], person)
    pane = window.detail_pane
    assert pane.findChild(QLabel, "jurisdictionSummary").text().count("assumed: carried over from the EU") >= 1
    pane.start_editing()
    form = pane.editor
    assert form.caveats["uk"].isVisible()
    uk = form.editors["uk"]
    uk.selectAll()
    qtbot.keyClicks(uk, "2021-01-01")
    qtbot.keyClick(uk, Qt.Key.Key_Return)
    assert window.session.working_copy.value(person, "uk_date") is not None
    assert form.caveats["uk"].isVisible()  # kept: the date is still carried over from the EU
    form.findChild(QPushButton, "clearCaveat_uk").click()
    assert not form.caveats["uk"].isVisible()
    assert not any(item.startswith("uk:") for item in window.session.working_copy.value(person, "assumed_fields"))
    assert window.undo_action.text().startswith("&Undo clear the caveat on UK of")


def test_a_date_picked_from_the_calendar_is_taken(qtbot, window):
    editor = open_editor(qtbot, window, REVEROL, "delisted_date")
    editor.show_calendar()
    assert editor.calendar.isVisible()
    editor.calendar.clicked.emit(QDate(2024, 5, 3))
    assert cell_text(window, REVEROL, "delisted_date") == "2024-05-03"
    assert window.table.state() != window.table.State.EditingState


def test_facet_counts_follow_an_edit(qtbot, window):
    from sanctions_gui.ui.facet_tree import FACET_ROLE

    def count(facet: str, value: str) -> int:
        top = next(t for t in window.sidebar.facets_tree.facet_items() if t.data(0, FACET_ROLE) == facet)
        child = next(top.child(i) for i in range(top.childCount()) if top.child(i).data(0, FACET_ROLE)[1] == value)
        return int(child.text(1).replace(",", ""))

    obama, trump = count("administration", "Obama"), count("administration", "Trump")
    window.session.set_field(pid(window, BENAVIDES), "administration", "Trump")
    assert (count("administration", "Obama"), count("administration", "Trump")) == (obama - 1, trump + 1)
