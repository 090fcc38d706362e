"""The person pane on the bundled dataset: what an analyst reads there, and notes and flags that last.

Expected values come from the CSV the bundled workbook is built from, read here with the
csv module, so the pane is checked against the source, not against itself.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from PySide6.QtWidgets import QLabel, QTextBrowser, QWidget

from sanctions_gui.core import schema
from sanctions_gui.core.paths import BUNDLED_WORKBOOK
from sanctions_gui.core.rules import Condition, Rule
from sanctions_gui.core.session import Session
from sanctions_gui.core.view import Dataset
from sanctions_gui.core.workspace import Workspace, dataset_key
from sanctions_gui.ui.detail_pane import EMPTY_MESSAGE, DetailPane

REVEROL = "Néstor Luis Reverol Torres"  # on the Canadian, EU, Swiss and Panamanian lists; UK undated
MALPICA = "Carlos Erik Malpica Flores"  # delisted by the U.S. on 17 June 2022
KEY = dataset_key(BUNDLED_WORKBOOK)


@pytest.fixture
def dataset(bundled) -> Dataset:
    return Dataset(bundled.frame, BUNDLED_WORKBOOK, bundled.report)


@pytest.fixture
def workspace_home(tmp_path, monkeypatch):
    monkeypatch.setenv("SANCTIONS_WORKBENCH_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def workspace(workspace_home):
    store = Workspace.open()
    yield store
    store.close()


def session_on(dataset: Dataset, workspace: Workspace) -> Session:
    session = Session(workspace, rules=[])
    session.set_dataset(dataset)
    return session


@pytest.fixture
def pane(qtbot, dataset, workspace) -> DetailPane:
    widget = DetailPane(session_on(dataset, workspace))
    qtbot.addWidget(widget)
    return widget


def row_of(dataset: Dataset, name: str) -> int:
    return int(np.flatnonzero(dataset.frame["name"].to_numpy() == name)[0])


def person_id(dataset: Dataset, name: str) -> str:
    return str(dataset.frame[schema.PERSON_ID].iloc[row_of(dataset, name)])


def show(pane: DetailPane, dataset: Dataset, name: str) -> None:
    """Select the person in the pane's session, as a click in the table does."""
    person = person_id(pane.session.dataset, name)
    pane.session.select([person], person)


def anchors(browser: QTextBrowser) -> list[str]:
    """Every link target in the browser's document, in order."""
    targets = []
    block = browser.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            href = iterator.fragment().charFormat().anchorHref()
            if href and (not targets or targets[-1] != href):
                targets.append(href)
            iterator += 1
        block = block.next()
    return targets


def split_list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def test_known_person_shows_name_position_reasons_and_source_links(pane, dataset, source_by_name):
    row = source_by_name[REVEROL]
    show(pane, dataset, REVEROL)

    assert pane.findChild(QLabel, "personName").text() == REVEROL
    assert pane.findChild(QLabel, "personPosition").text() == row["position"]
    assert pane.findChild(QLabel, "personInstitution").text() == row["institution"]
    chips = pane.findChild(QWidget, "reasonChips")
    assert [c.text() for c in chips.findChildren(QLabel)] == split_list(row["reasons"])
    authorities = pane.findChild(QWidget, "authorityChips")
    assert [c.text() for c in authorities.findChildren(QLabel)] == split_list(row["authority"])
    browser = pane.findChild(QTextBrowser, "sourcesBrowser")
    assert anchors(browser) == split_list(row["sources"])
    assert browser.openExternalLinks()


def test_fields_read_as_words(pane, dataset, source_by_name):
    show(pane, dataset, REVEROL)
    # 1964-10-28 in the CSV; "active" security status; no aliases recorded.
    assert source_by_name[REVEROL]["date_of_birth"] == "1964-10-28"
    assert pane.findChild(QLabel, "date_of_birth").text() == "28 October 1964"
    assert pane.findChild(QLabel, "security_status").text() == "Active"
    assert source_by_name[REVEROL]["aliases"] == ""
    assert pane.findChild(QLabel, "aliases").text() == "not recorded"
    assert pane.findChild(QLabel, "commanded_unit").text() == source_by_name[REVEROL]["commanded_unit"]


def test_unclear_former_commander_reads_unclear(pane, dataset, source_by_name):
    unclear = next(name for name, row in source_by_name.items() if row["former_commander"] == "unclear")
    show(pane, dataset, unclear)
    assert pane.findChild(QLabel, "former_commander").text() == "unclear"


def test_timeline_has_each_jurisdiction_with_its_csv_date(pane, dataset, source_by_name):
    row = source_by_name[REVEROL]
    assert row["canada"] and row["eu"], "the chosen person is on Canada's and the EU's lists"
    show(pane, dataset, REVEROL)
    markers = {m.jurisdiction: m for m in pane.timeline.markers()}

    assert list(markers) == ["U.S.", *(j.label for j in schema.JURISDICTIONS)]
    assert markers["U.S."].date == dt.date.fromisoformat(row["us_designation_date"])
    for jurisdiction in schema.JURISDICTIONS:
        cell = row[jurisdiction.name]
        marker = markers[jurisdiction.label]
        assert marker.listed == bool(cell), jurisdiction.name
        expected = dt.date.fromisoformat(cell) if cell and cell != "yes" else None
        assert marker.date == expected, jurisdiction.name
    assert markers["UK"].listed and markers["UK"].date is None  # "yes" without a date
    assert "date unknown" in markers["UK"].describe()
    assert "22 September 2017" in markers["Canada"].describe()
    first, last = pane.timeline.axis_years()
    assert first == 2017 and last >= dt.date.today().year


def test_delisting_is_shown_and_marked_on_the_us_row(pane, dataset, source_by_name):
    assert source_by_name[MALPICA]["delisted_date"] == "2022-06-17"
    show(pane, dataset, MALPICA)
    assert "17 June 2022" in pane.findChild(QLabel, "delistingBanner").text()
    us_row = pane.timeline.markers()[0]
    assert us_row.delisted == dt.date(2022, 6, 17)
    assert "delisted 17 June 2022" in us_row.describe()

    show(pane, dataset, REVEROL)
    assert pane.findChild(QLabel, "delistingBanner") is None


def test_matched_rules_are_listed_or_their_absence_said(pane, dataset):
    show(pane, dataset, REVEROL)
    pane.session.set_rules([Rule("Security forces", "#FFCC80", conditions=(
        Condition("security_status", "is", "active"),))])
    texts = [label.text() for row in pane.findChildren(QWidget, "ruleMatch") for label in row.findChildren(QLabel)]
    assert any("Security forces" in t and "designation is active" in t for t in texts)
    assert pane.findChild(QLabel, "noRuleMatches") is None

    pane.session.undo()
    assert pane.findChild(QLabel, "noRuleMatches").text() == "No highlight rule matches this person."


def test_extra_source_columns_appear_under_other_columns(pane, bundled):
    pane.session.replace_frame(bundled.frame.assign(**{"Case file": "VEN-0001"}))
    show(pane, pane.session.dataset, REVEROL)
    texts = [label.text() for label in pane.findChildren(QLabel)]
    assert "Other columns" in texts
    assert "Case file" in texts and "VEN-0001" in texts


def test_empty_state_without_a_person(pane, dataset):
    pane.session.select([], None)
    assert pane.stack.currentWidget() is pane.empty_label
    assert pane.empty_label.text() == EMPTY_MESSAGE
    show(pane, dataset, REVEROL)
    assert pane.stack.currentWidget() is not pane.empty_label


def test_note_survives_closing_and_reopening_the_workspace(qtbot, pane, dataset, workspace):
    show(pane, dataset, REVEROL)
    qtbot.keyClicks(pane.notes_edit, "Check the 2016 indictment")
    qtbot.waitUntil(lambda: workspace.note(KEY, person_id(dataset, REVEROL)) == "Check the 2016 indictment",
                    timeout=3000)
    workspace.close()

    with Workspace.open() as reopened:
        again = DetailPane(session_on(dataset, reopened))
        qtbot.addWidget(again)
        show(again, dataset, REVEROL)
        assert again.notes_edit.toPlainText() == "Check the 2016 indictment"
        show(again, dataset, MALPICA)
        assert again.notes_edit.toPlainText() == ""


def test_flag_survives_closing_and_reopening_the_workspace(qtbot, pane, dataset, workspace):
    show(pane, dataset, REVEROL)
    assert not pane.flag_box.isChecked()
    pane.flag_box.click()
    workspace.close()

    with Workspace.open() as reopened:
        again = DetailPane(session_on(dataset, reopened))
        qtbot.addWidget(again)
        show(again, dataset, REVEROL)
        assert again.flag_box.isChecked()
        show(again, dataset, MALPICA)
        assert not again.flag_box.isChecked()


def test_switching_person_saves_the_pending_note_at_once(qtbot, pane, dataset, workspace):
    show(pane, dataset, REVEROL)
    qtbot.keyClicks(pane.notes_edit, "typed just before moving on")
    assert workspace.note(KEY, person_id(dataset, REVEROL)) == ""  # still waiting for the pause
    show(pane, dataset, MALPICA)
    assert workspace.note(KEY, person_id(dataset, REVEROL)) == "typed just before moving on"
    assert workspace.note(KEY, person_id(dataset, MALPICA)) == ""


def test_hiding_the_pane_saves_the_pending_note(qtbot, pane, dataset, workspace):
    pane.show()
    show(pane, dataset, REVEROL)
    qtbot.keyClicks(pane.notes_edit, "before closing")
    pane.close()
    assert workspace.note(KEY, person_id(dataset, REVEROL)) == "before closing"


def test_undoing_a_note_or_flag_shows_it_undone_in_the_pane(qtbot, pane, dataset, workspace):
    show(pane, dataset, REVEROL)
    qtbot.keyClicks(pane.notes_edit, "first thoughts")
    pane.flush_note()
    pane.flag_box.click()
    pane.session.undo()
    assert not pane.flag_box.isChecked()
    pane.session.undo()
    assert pane.notes_edit.toPlainText() == ""
    assert workspace.note(KEY, person_id(dataset, REVEROL)) == ""
    pane.session.redo()
    assert pane.notes_edit.toPlainText() == "first thoughts"


def test_pane_at_its_narrowest_cuts_no_text(qtbot, pane, dataset):
    """The side panels give way to the table, down to the pane's minimum width: there,
    every label still fits inside the pane (long words wrap, nothing runs off the edge)."""
    pane.resize(pane.minimumSizeHint().width(), 900)
    pane.show()
    show(pane, dataset, REVEROL)
    qtbot.waitExposed(pane)
    qtbot.wait(50)
    viewport = pane.scroll.viewport()
    shown = [label for label in pane.page.findChildren(QLabel) if label.isVisible() and label.text()]
    assert len(shown) > 20
    for label in shown:
        right = label.mapTo(viewport, label.rect().topRight()).x()
        assert right <= viewport.width(), f"{label.objectName() or label.text()[:30]!r} runs off the pane"


def test_done_editing_shows_the_timeline_again(qtbot, pane, dataset):
    """Regression: the form replaced the reading page, and with it deleted the timeline; once the
    event loop ran, "Done editing" raised (the timeline's C++ object gone) and left the form."""
    pane.show()
    show(pane, dataset, REVEROL)
    pane.edit_button.click()
    assert pane.editor is not None
    qtbot.wait(50)  # the old page is deleted
    pane.edit_button.click()
    assert pane.editor is None and pane.edit_button.text() == "Edit fields"
    assert pane.findChild(QLabel, "personName").text() == REVEROL
    assert pane.timeline.isVisible() and pane.timeline.markers()[0].jurisdiction == "U.S."
