"""The Criteria sidebar, driven on the bundled dataset as an analyst would; the rule editor has test_rule_editor.py."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from sanctions_gui.core.rules import Condition, evaluate, load_presets, load_rules
from sanctions_gui.core.schema import SHEET_POST, SHEET_PRE
from sanctions_gui.core.view import Dataset
from sanctions_gui.core.workspace import Workspace
from sanctions_gui.ui.rule_editor import RuleEditor
from sanctions_gui.ui.sidebar import COUNT_ROLE, FACET_ROLE, CriteriaSidebar

CORRUPT_FORMER_COMMANDERS = {
    "Adrián José Velásquez Figueroa",
    "Jorge Luis García Carneiro",
    "Ramón Alonso Carrizalez Rengifo",
    "Luis Alfredo Motta Domínguez",
}
FIRST_RULE = "Former commander sanctioned for corruption"


@pytest.fixture
def dataset(bundled):
    return Dataset(bundled.frame)


@pytest.fixture
def workspace():
    store = Workspace.open()
    yield store
    store.close()


def make_sidebar(qtbot, workspace, dataset=None) -> CriteriaSidebar:
    sidebar = CriteriaSidebar(workspace)
    qtbot.addWidget(sidebar)
    if dataset is not None:
        sidebar.set_dataset(dataset)
        sidebar.show_matches(evaluate(dataset.frame, sidebar.rules()))
        sidebar.set_facet_counts(None)
    return sidebar


def names(rules) -> list[str]:
    return [rule.name for rule in rules]


def rule_item(sidebar: CriteriaSidebar, name: str):
    return sidebar.rules_list.item(names(sidebar.rules()).index(name))


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
    assert set(frame.loc[expected, "name"]) == CORRUPT_FORMER_COMMANDERS

    assert names(sidebar.rules()) == names(load_presets())
    assert [r.name for r in sidebar.rules() if r.enabled] == [FIRST_RULE]
    item = rule_item(sidebar, FIRST_RULE)
    assert item.checkState() == Qt.CheckState.Checked
    assert item.data(COUNT_ROLE) == f"{int(expected.sum())} people"
    assert rule_item(sidebar, "Delisted").checkState() == Qt.CheckState.Unchecked


def test_unticking_a_rule_announces_it_disabled(qtbot, workspace, dataset):
    sidebar = make_sidebar(qtbot, workspace, dataset)
    with qtbot.waitSignal(sidebar.rules_changed) as signal:
        rule_item(sidebar, FIRST_RULE).setCheckState(Qt.CheckState.Unchecked)
    emitted = {rule.name: rule.enabled for rule in signal.args[0]}
    assert emitted[FIRST_RULE] is False
    assert not any(emitted.values())
    assert names(signal.args[0]) == names(load_presets())


def test_reordering_changes_the_order_announced(qtbot, workspace, dataset):
    sidebar = make_sidebar(qtbot, workspace, dataset)
    before = names(sidebar.rules())
    # A drag ends in this same call: QListWidget moves the dropped row with moveRow.
    with qtbot.waitSignal(sidebar.rules_changed) as signal:
        sidebar.rules_list.model().moveRow(QModelIndex(), 0, QModelIndex(), 3)
    assert names(signal.args[0]) == [before[1], before[2], before[0], *before[3:]]

    sidebar.rules_list.setCurrentRow(0)
    with qtbot.waitSignal(sidebar.rules_changed) as signal:
        sidebar.move_down_action.trigger()
    assert names(signal.args[0]) == [before[2], before[1], before[0], *before[3:]]
    # Counts stay with their rules after the move.
    assert rule_item(sidebar, FIRST_RULE).data(COUNT_ROLE) == f"{len(CORRUPT_FORMER_COMMANDERS)} people"


def test_adding_duplicating_and_deleting_rules(qtbot, workspace, dataset, monkeypatch):
    sidebar = make_sidebar(qtbot, workspace, dataset)

    def fill_and_accept(editor: RuleEditor) -> int:
        editor.name_edit.setText("Narcotics")
        editor.rows[0].value_editor.set_value(["narcotics"])
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RuleEditor, "exec", fill_and_accept)
    with qtbot.waitSignal(sidebar.rules_changed) as signal:
        sidebar.add_action.trigger()
    added = signal.args[0][-1]
    assert added.name == "Narcotics"
    assert added.conditions == (Condition("reasons", "any of", ["narcotics"]),)

    sidebar.rules_list.setCurrentRow(len(sidebar.rules()) - 1)
    sidebar.duplicate_action.trigger()
    assert names(sidebar.rules())[-2:] == ["Narcotics", "Narcotics (copy)"]

    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *args: next(answers))
    count = len(sidebar.rules())
    sidebar.delete_action.trigger()
    assert len(sidebar.rules()) == count
    sidebar.delete_action.trigger()
    assert names(sidebar.rules())[-1] == "Narcotics"
    assert len(sidebar.rules()) == count - 1


def test_a_broken_rule_file_is_refused_with_its_message(qtbot, workspace, dataset, tmp_path, monkeypatch):
    sidebar = make_sidebar(qtbot, workspace, dataset)
    before = sidebar.rules()
    broken = tmp_path / "team rules.json"
    broken.write_text(json.dumps({"version": 1, "rules": [
        {"name": "Fine", "colour": "#FFFF00", "conditions": [{"field": "reasons", "operator": "is",
                                                               "value": "corruption"}]},
        {"name": "Corruption check", "colour": "#FFC7CE",
         "conditions": [{"field": "reasons", "operator": "before", "value": "2017-01-20"}]},
    ]}), encoding="utf-8")
    shown = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(broken), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: shown.append(text))
    with qtbot.assertNotEmitted(sidebar.rules_changed):
        sidebar.open_action.trigger()
    assert len(shown) == 1
    assert "team rules.json" in shown[0] and "Corruption check" in shown[0] and "before" in shown[0]
    assert sidebar.rules() == before


def test_opening_a_rule_file_replaces_the_rules(qtbot, workspace, dataset, tmp_path, monkeypatch):
    sidebar = make_sidebar(qtbot, workspace, dataset)
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"version": 1, "rules": [
        {"name": "Women", "colour": "#C6EFCE", "conditions": [{"field": "gender", "operator": "is", "value": "F"}]},
    ]}), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))
    with qtbot.waitSignal(sidebar.rules_changed) as signal:
        sidebar.open_action.trigger()
    assert names(signal.args[0]) == ["Women"]


def test_saved_rules_read_back_equal(qtbot, workspace, dataset, tmp_path, monkeypatch):
    sidebar = make_sidebar(qtbot, workspace, dataset)
    rule_item(sidebar, "Delisted").setCheckState(Qt.CheckState.Checked)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(tmp_path / "shared"), ""))
    sidebar.save_action.trigger()
    assert load_rules(tmp_path / "shared.json") == sidebar.rules()


def test_rules_and_facets_come_back_next_session(qtbot, dataset):
    store = Workspace.open()
    sidebar = make_sidebar(qtbot, store, dataset)
    rule_item(sidebar, FIRST_RULE).setCheckState(Qt.CheckState.Unchecked)
    rule_item(sidebar, "Designated under Obama").setCheckState(Qt.CheckState.Checked)
    sidebar.rules_list.model().moveRow(QModelIndex(), 2, QModelIndex(), 0)
    facet_value(sidebar, "reasons", "corruption").setCheckState(0, Qt.CheckState.Checked)
    facet_value(sidebar, "sheet", SHEET_PRE).setCheckState(0, Qt.CheckState.Checked)
    rules, facets = sidebar.rules(), sidebar.facets()
    store.close()

    reopened = Workspace.open()
    try:
        again = make_sidebar(qtbot, reopened, dataset)
        assert again.rules() == rules
        assert names(again.rules())[0] == "Designated under Obama"
        assert again.facets() == facets == {"reasons": frozenset({"corruption"}), "sheet": frozenset({SHEET_PRE})}
        assert facet_value(again, "sheet", SHEET_PRE).checkState(0) == Qt.CheckState.Checked
    finally:
        reopened.close()


# --- facets and "show only highlighted" -----------------------------------------------------


def test_ticking_facet_values_announces_the_choice(qtbot, workspace, dataset):
    sidebar = make_sidebar(qtbot, workspace, dataset)
    with qtbot.waitSignal(sidebar.facets_changed) as signal:
        facet_value(sidebar, "administration", "Obama").setCheckState(0, Qt.CheckState.Checked)
    assert signal.args[0] == {"administration": frozenset({"Obama"})}
    with qtbot.waitSignal(sidebar.facets_changed) as signal:
        facet_value(sidebar, "administration", "Biden").setCheckState(0, Qt.CheckState.Checked)
    assert signal.args[0] == {"administration": frozenset({"Obama", "Biden"})}
    with qtbot.waitSignal(sidebar.facets_changed) as signal:
        facet_value(sidebar, "jurisdictions", "Canada").setCheckState(0, Qt.CheckState.Checked)
    assert signal.args[0]["jurisdictions"] == frozenset({"Canada"})

    with qtbot.waitSignal(sidebar.facets_changed) as signal:
        sidebar.clear_facet("administration")
    assert signal.args[0] == {"jurisdictions": frozenset({"Canada"})}
    assert facet_value(sidebar, "administration", "Obama").checkState(0) == Qt.CheckState.Unchecked


def test_facet_counts_follow_the_rows_shown(qtbot, workspace, dataset):
    sidebar = make_sidebar(qtbot, workspace, dataset)
    frame = dataset.frame
    pre = (frame["sheet"] == SHEET_PRE).to_numpy(dtype=bool)
    assert facet_value(sidebar, "sheet", SHEET_POST).text(1) == f"{int((~pre).sum()):,}"

    facet_value(sidebar, "sheet", SHEET_PRE).parent().setExpanded(True)
    facet_value(sidebar, "administration", "Trump").parent().setExpanded(True)
    sidebar.set_facet_counts(pre)
    assert facet_value(sidebar, "sheet", SHEET_PRE).text(1) == str(int(pre.sum()))
    assert facet_value(sidebar, "sheet", SHEET_POST).text(1) == "0"
    expected = frame.loc[pre, "administration"].value_counts()
    for administration, count in expected.items():
        assert facet_value(sidebar, "administration", administration).text(1) == str(count)
    # A facet opened later is counted over the same rows.
    closed = facet_value(sidebar, "reasons", "corruption")
    closed.parent().setExpanded(False)
    sidebar.set_facet_counts(None)
    sidebar.set_facet_counts(pre)
    closed.parent().setExpanded(True)
    assert closed.text(1) == str(int((has_corruption(frame) & pre).sum()))


def test_show_only_highlighted_follows_the_window_without_echo(qtbot, workspace):
    sidebar = make_sidebar(qtbot, workspace)
    with qtbot.assertNotEmitted(sidebar.only_highlighted_changed):
        sidebar.set_only_highlighted(True)
    assert sidebar.only_highlighted_box.isChecked()
    with qtbot.waitSignal(sidebar.only_highlighted_changed) as signal:
        sidebar.only_highlighted_box.click()
    assert signal.args == [False]
