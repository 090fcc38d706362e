"""The Criteria sidebar, driven on the bundled dataset as an analyst would (the rule editor has
test_rule_editor.py).

The sidebar shows the session's rules and facets and sends it every change; the tests
drive the widgets and check what the session (and so the table) then holds."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from sanctions_gui.core.paths import BUNDLED_WORKBOOK
from sanctions_gui.core.rules import Condition, load_presets, load_rules
from sanctions_gui.core.session import Session
from sanctions_gui.core.view import Dataset
from sanctions_gui.core.vocabularies import SHEET_POST, SHEET_PRE
from sanctions_gui.core.workspace import Workspace
from sanctions_gui.ui.facet_tree import FACET_ROLE
from sanctions_gui.ui.rule_editor import RuleEditor
from sanctions_gui.ui.rule_list import COUNT_ROLE
from sanctions_gui.ui.sidebar import CriteriaSidebar
from sessions import session_on_file

CORRUPT_FORMER_COMMANDERS = {
    "Freddy Alirio Bernal Rosales",  # chief of the Metropolitan Police's CETA: a police command
    "Adrián José Velásquez Figueroa",
    "Jorge Luis García Carneiro",
    "Ramón Alonso Carrizalez Rengifo",
    "Luis Alfredo Motta Domínguez",
}
FIRST_RULE = "Former commander sanctioned for corruption"


@pytest.fixture
def dataset(bundled):
    return Dataset(bundled.frame, BUNDLED_WORKBOOK, bundled.report)


@pytest.fixture
def workspace():
    store = Workspace.open()
    yield store
    store.close()


def make_sidebar(qtbot, workspace, dataset=None) -> CriteriaSidebar:
    session = Session(workspace)
    if dataset is not None:
        session.set_dataset(dataset)
    sidebar = CriteriaSidebar(session)
    qtbot.addWidget(sidebar)
    return sidebar


def names(rules) -> list[str]:
    return [rule.name for rule in rules]


def rule_item(sidebar: CriteriaSidebar, name: str):
    return sidebar.rules_list.item(names(sidebar.session.rules).index(name))


def facet_value(sidebar: CriteriaSidebar, facet: str, value: str):
    tree = sidebar.facets_tree
    for top in (tree.topLevelItem(i) for i in range(tree.topLevelItemCount())):
        for child in (top.child(i) for i in range(top.childCount())):
            if child.data(0, FACET_ROLE) == (facet, value):
                return child
    raise AssertionError(f"{facet} has no value {value!r}")


def has_corruption(frame) -> np.ndarray:
    return frame["reasons"].map(lambda reasons: "corruption" in reasons).to_numpy(dtype=bool)


# --- rules ---------------------------------------------------------------------------------


def test_first_run_offers_the_presets_with_only_the_commander_rule_ticked(qtbot, workspace, dataset):
    sidebar = make_sidebar(qtbot, workspace, dataset)
    frame = dataset.frame
    expected = frame["former_commander"].fillna(False).to_numpy(dtype=bool) & has_corruption(frame)
    unclear = frame["former_commander"].isna().to_numpy() & has_corruption(frame)
    assert set(frame.loc[expected, "name"]) == CORRUPT_FORMER_COMMANDERS

    assert names(sidebar.session.rules) == names(load_presets())
    assert [r.name for r in sidebar.session.rules if r.enabled] == [FIRST_RULE]
    item = rule_item(sidebar, FIRST_RULE)
    assert item.checkState() == Qt.CheckState.Checked
    assert item.data(COUNT_ROLE) == f"{int(expected.sum())} match, {int(unclear.sum())} unclear"
    assert rule_item(sidebar, "Delisted").checkState() == Qt.CheckState.Unchecked


def test_unticking_a_rule_disables_it_and_undo_ticks_it_again(qtbot, workspace, dataset):
    sidebar = make_sidebar(qtbot, workspace, dataset)
    rule_item(sidebar, FIRST_RULE).setCheckState(Qt.CheckState.Unchecked)
    assert not any(rule.enabled for rule in sidebar.session.rules)
    assert sidebar.session.history.undo_description == f"untick rule \u2018{FIRST_RULE}\u2019"
    sidebar.session.undo()
    assert rule_item(sidebar, FIRST_RULE).checkState() == Qt.CheckState.Checked


def test_reordering_changes_the_order_of_the_rules(qtbot, workspace, dataset):
    sidebar = make_sidebar(qtbot, workspace, dataset)
    before = names(sidebar.session.rules)
    # A drag ends in this same call: QListWidget moves the dropped row with moveRow.
    sidebar.rules_list.model().moveRow(QModelIndex(), 0, QModelIndex(), 3)
    qtbot.wait(10)
    assert names(sidebar.session.rules) == [before[1], before[2], before[0], *before[3:]]

    sidebar.rules_list.setCurrentRow(0)
    sidebar.rules_list.move_down_action.trigger()
    assert names(sidebar.session.rules) == [before[2], before[1], before[0], *before[3:]]
    # Counts stay with their rules after the move.
    assert rule_item(sidebar, FIRST_RULE).data(COUNT_ROLE).startswith(f"{len(CORRUPT_FORMER_COMMANDERS)} match")


def test_adding_duplicating_and_deleting_rules(qtbot, workspace, dataset, monkeypatch):
    sidebar = make_sidebar(qtbot, workspace, dataset)
    rules_list = sidebar.rules_list

    def fill_and_accept(editor: RuleEditor) -> int:
        editor.name_edit.setText("Narcotics")
        editor.rows[0].value_editor.set_value(["narcotics"])
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RuleEditor, "exec", fill_and_accept)
    rules_list.add_action.trigger()
    added = sidebar.session.rules[-1]
    assert added.name == "Narcotics"
    assert added.conditions == (Condition("reasons", "any of", ["narcotics"]),)
    assert rules_list.currentRow() == len(sidebar.session.rules) - 1

    rules_list.duplicate_action.trigger()
    assert names(sidebar.session.rules)[-2:] == ["Narcotics", "Narcotics (copy)"]

    count = len(sidebar.session.rules)
    messages = []
    sidebar.status_message.connect(messages.append)
    rules_list.delete_action.trigger()
    assert names(sidebar.session.rules)[-1] == "Narcotics" and len(sidebar.session.rules) == count - 1
    assert "Undo" in messages[-1], "deleting says how to get the rule back"


def test_a_broken_rule_file_is_refused_with_its_message(qtbot, workspace, dataset, tmp_path, monkeypatch):
    sidebar = make_sidebar(qtbot, workspace, dataset)
    before = sidebar.session.rules
    broken = tmp_path / "team rules.json"
    broken.write_text(json.dumps({"version": 1, "rules": [
        {"name": "Fine", "colour": "#FFFF00", "conditions": [{"field": "reasons", "operator": "is",
                                                               "value": "corruption"}]},
        {"name": "Corruption check", "colour": "#FFC7CE",
         "conditions": [{"field": "reasons", "operator": "before", "value": "2017-01-20"}]},
    ]}), encoding="utf-8")
    shown = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(broken), ""))
    monkeypatch.setattr(QMessageBox, "open", lambda box: shown.append(box.text()))
    sidebar.rules_list.open_action.trigger()
    assert len(shown) == 1
    assert "team rules.json" in shown[0] and "Corruption check" in shown[0] and "before" in shown[0]
    assert sidebar.session.rules == before and not sidebar.session.history.can_undo


def test_opening_a_rule_file_replaces_the_rules_and_can_be_undone(qtbot, workspace, dataset, tmp_path,
                                                                   monkeypatch):
    sidebar = make_sidebar(qtbot, workspace, dataset)
    before = sidebar.session.rules
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"version": 1, "rules": [
        {"name": "Women", "colour": "#C6EFCE", "conditions": [{"field": "gender", "operator": "is", "value": "F"}]},
    ]}), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))
    sidebar.rules_list.open_action.trigger()
    assert names(sidebar.session.rules) == ["Women"]
    sidebar.session.undo()
    assert sidebar.session.rules == before


def test_saved_rules_read_back_equal_and_saving_says_so(qtbot, workspace, dataset, tmp_path, monkeypatch):
    sidebar = make_sidebar(qtbot, workspace, dataset)
    rule_item(sidebar, "Delisted").setCheckState(Qt.CheckState.Checked)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(tmp_path / "shared"), ""))
    messages = []
    sidebar.status_message.connect(messages.append)
    sidebar.rules_list.save_action.trigger()
    assert load_rules(tmp_path / "shared.json") == list(sidebar.session.rules)
    count = len(sidebar.session.rules)
    assert messages == [f"Saved {count} rules to {tmp_path / 'shared.json'}."]


def test_rules_and_facets_come_back_next_session(qtbot, dataset):
    store = Workspace.open()
    sidebar = make_sidebar(qtbot, store, dataset)
    rule_item(sidebar, FIRST_RULE).setCheckState(Qt.CheckState.Unchecked)
    rule_item(sidebar, "Designated under Obama").setCheckState(Qt.CheckState.Checked)
    sidebar.rules_list.model().moveRow(QModelIndex(), 2, QModelIndex(), 0)
    qtbot.wait(10)
    facet_value(sidebar, "reasons", "corruption").setCheckState(0, Qt.CheckState.Checked)
    facet_value(sidebar, "sheet", SHEET_PRE).setCheckState(0, Qt.CheckState.Checked)
    rules, facets = sidebar.session.rules, sidebar.session.state.facets
    store.close()

    reopened = Workspace.open()
    try:
        again = make_sidebar(qtbot, reopened, dataset)
        assert again.session.rules == rules
        assert names(again.session.rules)[0] == "Designated under Obama"
        assert again.session.state.facets == facets == {"reasons": frozenset({"corruption"}),
                                                        "sheet": frozenset({SHEET_PRE})}
        assert facet_value(again, "sheet", SHEET_PRE).checkState(0) == Qt.CheckState.Checked
    finally:
        reopened.close()


def test_the_unclear_link_lists_exactly_the_people_a_rule_cannot_decide(qtbot, workspace, dataset):
    sidebar = make_sidebar(qtbot, workspace, dataset)
    sidebar.show()
    sidebar.rules_list.setCurrentRow(names(sidebar.session.rules).index(FIRST_RULE))
    frame = dataset.frame
    unclear = frame["former_commander"].isna().to_numpy() & has_corruption(frame)
    link = sidebar.rules_list.unclear_label
    assert link.isVisible() and link.text().startswith(f"{int(unclear.sum())} people unclear")
    link.linkActivated.emit("list")
    shown = set(frame["name"].to_numpy()[sidebar.session.view.rows])
    assert shown == set(frame.loc[unclear, "name"]) and len(shown) == int(unclear.sum())


# --- facets and "show only highlighted" -----------------------------------------------------


def test_ticking_facet_values_filters_the_session(qtbot, workspace, dataset):
    sidebar = make_sidebar(qtbot, workspace, dataset)
    facets = lambda: sidebar.session.state.facets  # noqa: E731
    facet_value(sidebar, "administration", "Obama").setCheckState(0, Qt.CheckState.Checked)
    assert facets() == {"administration": frozenset({"Obama"})}
    facet_value(sidebar, "administration", "Biden").setCheckState(0, Qt.CheckState.Checked)
    assert facets() == {"administration": frozenset({"Obama", "Biden"})}
    facet_value(sidebar, "jurisdictions", "Canada").setCheckState(0, Qt.CheckState.Checked)
    assert facets()["jurisdictions"] == frozenset({"Canada"})

    sidebar.facets_tree.findChild(type(sidebar.notice), "clear_administration").linkActivated.emit("clear")
    assert facets() == {"jurisdictions": frozenset({"Canada"})}
    assert facet_value(sidebar, "administration", "Obama").checkState(0) == Qt.CheckState.Unchecked
    sidebar.session.clear_filters()
    assert facet_value(sidebar, "jurisdictions", "Canada").checkState(0) == Qt.CheckState.Unchecked


def test_facet_counts_follow_the_rows_shown(qtbot, workspace, dataset):
    sidebar = make_sidebar(qtbot, workspace, dataset)
    frame = dataset.frame
    pre = (frame["sheet"] == SHEET_PRE).to_numpy(dtype=bool)
    facet_value(sidebar, "sheet", SHEET_PRE).parent().setExpanded(True)
    assert facet_value(sidebar, "sheet", SHEET_POST).text(1) == f"{int((~pre).sum()):,}"

    facet_value(sidebar, "administration", "Trump").parent().setExpanded(True)
    closed = facet_value(sidebar, "reasons", "corruption")
    closed.parent().setExpanded(False)
    sidebar.session.set_sheet("pre")
    assert facet_value(sidebar, "sheet", SHEET_PRE).text(1) == str(int(pre.sum()))
    assert facet_value(sidebar, "sheet", SHEET_POST).text(1) == "0"
    expected = frame.loc[pre, "administration"].value_counts()
    for administration, count in expected.items():
        assert facet_value(sidebar, "administration", administration).text(1) == str(count)
    # A facet opened later is counted over the same rows.
    closed.parent().setExpanded(True)
    assert closed.text(1) == str(int((has_corruption(frame) & pre).sum()))


def test_show_only_highlighted_box_shows_and_sets_the_session_state(qtbot, workspace, dataset):
    sidebar = make_sidebar(qtbot, workspace, dataset)
    sidebar.session.set_only_highlighted(True)
    assert sidebar.only_highlighted_box.isChecked()
    sidebar.only_highlighted_box.click()
    assert not sidebar.session.state.only_highlighted



def test_facet_counts_leave_out_a_person_removed_until_saved(qtbot, workspace, tmp_path):
    """Regression: a person removed from the working copy (struck out until saved) was still
    counted in the facets, though the charts and rules no longer counted them."""
    path = tmp_path / "people.csv"
    path.write_text("Name,Date sanctioned,Administration,Reasons\n"
                    "Ana Núñez,2015-03-09,Obama,human rights\n"
                    "Bruno Nuño,2016-05-01,Obama,corruption\n"
                    "Carla Ruiz,2019-07-01,Trump,corruption\n", encoding="utf-8")
    sidebar = CriteriaSidebar(session_on_file(path, workspace, []))
    qtbot.addWidget(sidebar)
    obama = facet_value(sidebar, "administration", "Obama")
    obama.parent().setExpanded(True)
    assert obama.text(1) == "2"
    frame = sidebar.session.dataset.frame
    sidebar.session.remove_people([str(frame.loc[frame["name"] == "Bruno Nuño", "person_id"].iloc[0])])
    assert facet_value(sidebar, "administration", "Obama").text(1) == "1"
    sidebar.session.undo()
    assert facet_value(sidebar, "administration", "Obama").text(1) == "2"
