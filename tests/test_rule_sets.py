"""Rule sets that open with a view: the file format, the session's one undoable step, and
the "WOLA, September 2018" preset checked person by person against the CSV source."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import subprocess
import sys

import pytest

from conftest import source_sheet
from sanctions_gui.core import schema, vocabularies
from sanctions_gui.core.paths import PROJECT_ROOT
from sanctions_gui.core.rules import (
    Condition, Rule, RuleFileError, RuleView, load_preset_sets, load_presets, load_rule_set, load_rules, save_rules,
)
from sanctions_gui.core.session import Session
from sanctions_gui.core.view import Dataset

WOLA_SET = "WOLA, September 2018"
WOLA_CUT = "2018-09-08"
ONETIME = "Onetime commander (WOLA's broad reading)"
DATE = schema.Col.US_DESIGNATION_DATE


def rule_file(tmp_path, **top) -> str:
    data = {"version": 1, **top, "rules": [
        {"name": "Obama", "colour": "#BDD7EE", "conditions": [
            {"field": "administration", "operator": "is", "value": "Obama"}]}]}
    path = tmp_path / "team set.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def wola_set():
    return next(rule_set for rule_set in load_preset_sets() if rule_set.name == WOLA_SET)


@pytest.fixture()
def session(bundled):
    session = Session(rules=())
    session.set_dataset(Dataset(bundled.frame, None, bundled.report))
    return session


def wola_people(source_rows) -> set[str]:
    """The reconciliation's cut, read from the CSV with the csv module: post sheet, designated on
    or before 2018-09-08, onetime commander yes."""
    return {row["name"] for row in source_rows
            if source_sheet(row) == vocabularies.SHEET_POST and row["us_designation_date"]
            and row["us_designation_date"] <= WOLA_CUT and row["onetime_commander"] == "yes"}


def reconciliation_list() -> list[str]:
    """The people data/README.md lists under "**The N**" for the onetime cut, as written there
    (surnames), dates and remarks in brackets left out."""
    readme = (PROJECT_ROOT / "data" / "README.md").read_text(encoding="utf-8")
    found = re.search(rf"\*\*The (\d+)\*\* \(onetime_commander yes, post sheet, designated by {WOLA_CUT}\): (.*?)\n\n",
                      readme, re.S)
    people = re.sub(r"\([^)]*\)", "", found.group(2)).replace("\n", " ")
    listed = [item.strip().rstrip(".").strip() for item in re.split(r"[,;]", people) if item.strip()]
    assert len(listed) == int(found.group(1))
    return listed


def exported(path, column: str) -> set[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row[column] for row in csv.DictReader(handle)}


# --- the file format ------------------------------------------------------------------------


def test_a_view_and_a_name_are_read_and_saving_keeps_them(tmp_path):
    path = rule_file(tmp_path, name="Team cut", view={"sheet": "post", "designated_on_or_before": "2018-09-08"})
    rule_set = load_rule_set(path)
    assert rule_set.name == "Team cut"
    assert rule_set.view == RuleView("post", dt.date(2018, 9, 8))
    assert rule_set.view.describe() == "post-E.O. 13692 sheet, designated on or before 2018-09-08"
    copy = tmp_path / "copy.json"
    save_rules(copy, rule_set.rules, rule_set.view, rule_set.name)
    assert load_rule_set(copy) == rule_set
    assert json.loads(copy.read_text(encoding="utf-8"))["view"] == {"sheet": "post",
                                                                    "designated_on_or_before": "2018-09-08"}


def test_a_file_without_a_view_is_named_after_the_file_and_saved_without_one(tmp_path):
    rule_set = load_rule_set(rule_file(tmp_path))
    assert (rule_set.name, rule_set.view) == ("team set", None)
    save_rules(tmp_path / "plain.json", rule_set.rules)
    assert set(json.loads((tmp_path / "plain.json").read_text(encoding="utf-8"))) == {"version", "rules"}


@pytest.mark.parametrize("top, complaint", [
    ({"view": {"sheet": "Post-EO"}}, "the view: 'sheet' is 'Post-EO'; use one of post, pre, all"),
    ({"view": {"designated_on_or_before": "8/9/2018"}},
     "the view: 'designated_on_or_before': '8/9/2018' is not a date written YYYY-MM-DD"),
    ({"view": {"sheet": "post", "as_of": "2018-09-08"}},
     "the view: unknown key 'as_of' (allowed: sheet, designated_on_or_before)"),
    ({"view": {}}, "the view: it sets nothing"),
    ({"view": "post"}, "the view: it must be a JSON object"),
    ({"veiw": {"sheet": "post"}}, "unknown key 'veiw' at the top of the file (allowed: version, name, view, rules)"),
    ({"name": 7}, "'name' must be text"),
], ids=["sheet", "date", "view key", "empty view", "not an object", "misspelt top key", "name"])
def test_a_broken_view_refuses_the_whole_file_in_plain_words(tmp_path, top, complaint):
    with pytest.raises(RuleFileError) as refused:
        load_rules(rule_file(tmp_path, **top))
    assert str(refused.value).startswith("The rule file 'team set.json' was not loaded: ")
    assert complaint in str(refused.value)


def test_the_wola_preset_is_a_set_with_the_onetime_rule_not_a_ninth_preset_rule(wola_set):
    assert wola_set.view == RuleView("post", dt.date.fromisoformat(WOLA_CUT))
    presets = {rule.name: rule for rule in load_presets()}
    assert [rule.name for rule in wola_set.rules] == [ONETIME]
    assert wola_set.rules[0] == presets[ONETIME], "the set's rule is the onetime-commander preset itself"
    assert len(presets) == len(load_presets()), "no preset rule twice"


# --- opening a set in the session -------------------------------------------------------------


def test_opening_a_set_shows_its_sheet_and_date_cut_and_one_undo_takes_all_back(session, wola_set):
    obama = Rule("Obama", "#BDD7EE", conditions=(Condition("administration", "is", "Obama"),))
    session.set_rules([obama])
    session.set_search("a")
    session.open_rule_set(wola_set, "open the rule set ‘WOLA, September 2018’")
    assert session.rules == wola_set.rules and session.rules_view == wola_set.view
    assert session.state.sheet == "post"
    assert session.state.filter_descriptions() == ["Date sanctioned (U.S.) on or before 2018-09-08"]
    assert session.history.undo_description == "open the rule set ‘WOLA, September 2018’"

    session.undo()
    assert session.rules == (obama,) and session.rules_view is None
    assert session.state.sheet == "all" and session.state.filters == {}
    assert session.state.search == "a", "what the set did not set is left alone"
    session.redo()
    assert session.state.sheet == "post" and DATE in session.state.filters


def test_undo_gives_back_a_date_filter_the_set_replaced(session, wola_set):
    from sanctions_gui.core.filters import ColumnFilter

    earlier = ColumnFilter(DATE, date_from=dt.date(2017, 1, 20))
    session.set_filter(earlier)
    session.open_rule_set(wola_set, "open", add=True)
    assert session.state.filters[DATE].date_to == dt.date(2018, 9, 8)
    session.undo()
    assert session.state.filters == {DATE: earlier}


def test_the_wola_set_highlights_exactly_the_people_of_the_reconciliation(session, wola_set, source_rows):
    session.open_rule_set(wola_set, "open")
    session.set_only_highlighted(True)
    names = set(session.dataset.text(schema.Col.NAME)[session.view.rows])
    expected = wola_people(source_rows)
    assert names == expected
    listed = reconciliation_list()
    assert len(listed) == len(expected)
    assert sorted(next(name for name in expected if surnames in name) for surnames in listed) == sorted(expected), \
        "each person data/README.md names is one the set highlights, one to one"


def test_the_command_line_export_opens_a_preset_set_as_the_window_does(tmp_path, source_rows):
    target = tmp_path / "wola.csv"
    result = subprocess.run([sys.executable, "main.py", "export", "-o", str(target), "--csv", "--preset", WOLA_SET,
                             "--only-highlighted"], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            encoding="utf-8", timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert exported(target, "Name") == wola_people(source_rows)


def test_a_sheet_given_on_the_command_line_wins_over_the_set(tmp_path):
    target = tmp_path / "pre.csv"
    result = subprocess.run([sys.executable, "main.py", "export", "-o", str(target), "--csv", "--preset", WOLA_SET,
                             "--sheet", "pre"], cwd=PROJECT_ROOT, capture_output=True, text=True, encoding="utf-8",
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert exported(target, "Sheet") == {"Pre-E.O. 13692"}
