"""Highlighting rules: presets on the bundled dataset, every operator, colours, rule files."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from sanctions_gui.core import folding, schema, vocabularies
from sanctions_gui.core.paths import PRESET_RULES
from sanctions_gui.core.rules import (
    Condition,
    Rule,
    RuleError,
    RuleFileError,
    evaluate,
    field_values,
    load_presets,
    load_rule_set,
    load_rules,
    match_summary,
    operators_for,
    rule_fields,
    rule_mask,
    save_rules,
    unclear_mask,
)

JURISDICTION_NAMES = [j.name for j in schema.JURISDICTIONS]


@pytest.fixture(scope="module")
def presets() -> dict[str, Rule]:
    return {rule.name: rule for rule in load_presets()}


def names(frame: pd.DataFrame, mask: np.ndarray) -> set[str]:
    return set(frame["name"].to_numpy()[mask])


def items(cell: str) -> list[str]:
    return [item.strip() for item in cell.split(";") if item.strip()]


# --- presets on the bundled dataset -------------------------------------------------------


def test_former_commander_corruption_preset_matches_exactly_the_five_people(frame, source_rows, presets):
    expected = {
        "Freddy Alirio Bernal Rosales",  # chief of the Metropolitan Police's CETA: a police command
        "Adrián José Velásquez Figueroa",
        "Jorge Luis García Carneiro",
        "Ramón Alonso Carrizalez Rengifo",
        "Luis Alfredo Motta Domínguez",
    }
    from_csv = {row["name"] for row in source_rows
                if row["former_commander"] == "yes" and "corruption" in items(row["reasons"])}
    assert from_csv == expected

    rule = presets["Former commander sanctioned for corruption"]
    assert rule.colour == "#FFFF00"
    matches = evaluate(frame, [rule])
    assert names(frame, matches.masks[0]) == expected
    assert matches.counts() == [5]


def test_every_preset_agrees_with_the_csv_source(frame, source_rows, presets):
    def count(predicate) -> int:
        return sum(1 for row in source_rows if predicate(row))

    others = JURISDICTION_NAMES
    expected = {
        "Active in security forces at designation": count(lambda r: r["security_status"] == "active"),
        "Designated under Obama": count(lambda r: r["administration"] == "Obama"),
        "Designated under Trump": count(lambda r: r["administration"] == "Trump"),
        "Sanctioned by the U.S. only": count(lambda r: not any(r[j] for j in others)),
        "Also sanctioned by Canada and the EU": count(lambda r: r["canada"] and r["eu"]),
        "Delisted": count(lambda r: r["delisted_date"]),
    }
    matches = evaluate(frame, list(presets.values()))
    counts = dict(zip(presets, matches.counts()))
    for name, number in expected.items():
        assert counts[name] == number, name
    # "Trump" is the first term only: every dated designation in it precedes Biden's inauguration.
    trump = matches.masks[list(presets).index("Designated under Trump")]
    assert (frame["us_designation_date"][trump].dropna() < pd.Timestamp("2021-01-20")).all()


def test_presets_are_one_rule_per_editable_file_with_distinct_colours():
    files = [path for path in sorted(PRESET_RULES.glob("*.json")) if load_rule_set(path).view is None]
    assert len(files) == 8
    rules = [load_rules(path) for path in files]
    assert all(len(in_file) == 1 for in_file in rules)
    colours = [in_file[0].colour for in_file in rules]
    assert len(set(colours)) == len(colours)
    trump = next(in_file[0] for in_file in rules if in_file[0].name == "Designated under Trump")
    assert "first term" in trump.description


# --- colours ----------------------------------------------------------------------------


def test_a_row_takes_the_colour_of_the_first_enabled_rule_it_matches(frame, presets):
    obama, active = presets["Designated under Obama"], presets["Active in security forces at designation"]
    row = int(np.flatnonzero(frame["name"].eq("Antonio José Benavides Torres").to_numpy())[0])

    first_obama = evaluate(frame, [obama, active])
    assert first_obama.colours[row] == obama.colour
    assert first_obama.colour_index[row] == 0
    assert [rule.name for rule in first_obama.rules_for_row(row)] == [obama.name, active.name]

    first_active = evaluate(frame, [active, obama])
    assert first_active.colours[row] == active.colour
    assert first_active.colour_index[row] == 0

    unmatched = ~(first_obama.masks[0] | first_obama.masks[1])
    assert (first_obama.colour_index[unmatched] == -1).all()
    assert all(colour is None for colour in first_obama.colours[unmatched])


def test_disabled_rules_do_not_colour_but_still_count(frame, presets):
    obama, active = presets["Designated under Obama"], presets["Active in security forces at designation"]
    matches = evaluate(frame, [replace(obama, enabled=False), active])
    obama_only = matches.masks[0] & ~matches.masks[1]
    assert obama_only.any()
    assert all(colour is None for colour in matches.colours[obama_only])
    assert (matches.colours[matches.masks[1]] == active.colour).all()
    assert matches.counts()[0] == evaluate(frame, [obama]).counts()[0]
    row = int(np.flatnonzero(matches.masks[0] & matches.masks[1])[0])
    assert [rule.name for rule in matches.rules_for_row(row)] == [active.name]


def test_a_rule_without_conditions_matches_nobody(frame):
    matches = evaluate(frame, [Rule("Draft", "#ABCDEF")])
    assert matches.counts() == [0]
    assert (matches.colour_index == -1).all()


def test_no_rules_colour_nothing(frame):
    matches = evaluate(frame, [])
    assert matches.masks.shape == (0, len(frame))
    assert (matches.colour_index == -1).all()


# --- text ignores case and accents ---------------------------------------------------------


def test_name_contains_ignores_case_and_accents(frame):
    for typed in ("cabello", "CABELLO", "cabello rondon", "Cabello Rondón"):
        found = names(frame, rule_mask(frame, Rule("C", "#FFFFFF", conditions=(Condition("name", "contains", typed),))))
        assert "Diosdado Cabello Rondón" in found, typed
    exact = Rule("D", "#FFFFFF", conditions=(Condition("name", "is", "diosdado cabello rondon"),))
    assert names(frame, rule_mask(frame, exact)) == {"Diosdado Cabello Rondón"}


def test_contains_on_a_column_with_many_distinct_values_finds_the_same_rows():
    """Above a few thousand distinct values substring search takes another path."""
    people = [f"Persona Número {i}" for i in range(6000)] + ["Diosdado Cabello Rondón", "María CABELLO"]
    many = pd.DataFrame({"name": pd.array(people, dtype="string")})
    for typed in ("cabello", "número 59", "NUMERO 1", "zzz"):
        mask = rule_mask(many, Rule("R", "#FFFFFF", conditions=(Condition("name", "contains", typed),)))
        expected = [folding.fold(typed) in folding.fold(person) for person in people]
        assert mask.tolist() == expected, typed



def test_yes_no_condition_counts_the_people_whose_value_is_unclear(frame, source_rows, presets):
    """Regression: five corruption designees were "unclear" for former commander and the
    preset left them out in silence; the count now says "N match, K unclear"."""
    corrupt = [row for row in source_rows if "corruption" in items(row["reasons"])]
    unclear = {row["name"] for row in corrupt if row["former_commander"] == "unclear"}
    matched = sum(row["former_commander"] == "yes" for row in corrupt)
    assert unclear and matched
    rule = presets["Former commander sanctioned for corruption"]
    matches = evaluate(frame, [rule])
    assert names(frame, matches.unclear[0]) == unclear
    assert match_summary(matches.counts()[0], matches.unclear_counts()[0]) == f"{matched} match, {len(unclear)} unclear"
    assert names(frame, unclear_mask(frame, rule)) == unclear

# --- every operator on a small hand-made frame ---------------------------------------------


def _people() -> pd.DataFrame:
    def day(text):
        return pd.Timestamp(text) if text else pd.NaT

    rows = [
        dict(name="Ana María Pérez", aliases=("La Doña",), reasons=("corruption", "human rights"),
             administration="Trump", security_status="active", former_commander=True,
             us_designation_date=day("2018-01-05"), delisted_date=day(None), notes="Not verified",
             canada=(True, day("2018-06-01")), eu=(True, day("2018-01-22"))),
        dict(name="José Núñez", aliases=(), reasons=("narcotics",), administration="Obama",
             security_status="former", former_commander=False, us_designation_date=day("2015-03-09"),
             delisted_date=day("2022-05-01"), notes=None),
        dict(name="Luis Gómez", aliases=("Lucho", "El Flaco"), reasons=(), administration=None,
             security_status="unknown", former_commander=None, us_designation_date=day(None),
             delisted_date=day(None), notes="Corruption suspected", uk=(True, day(None))),
        dict(name="Carla Ruiz", aliases=(), reasons=("undermining democracy",), administration="Trump II",
             security_status="none", former_commander=False, us_designation_date=day("2025-02-01"),
             delisted_date=day(None), notes=None, canada=(True, day(None))),
    ]
    columns: dict[str, object] = {}
    for key in ("name", "administration", "security_status", "notes"):
        columns[key] = pd.array([r[key] for r in rows], dtype="string")
    for key in ("aliases", "reasons"):
        columns[key] = pd.Series([r[key] for r in rows], dtype=object)
    columns["former_commander"] = pd.array([r["former_commander"] for r in rows], dtype="boolean")
    for key in ("us_designation_date", "delisted_date"):
        columns[key] = pd.Series([r[key] for r in rows], dtype="datetime64[ns]")
    for j in JURISDICTION_NAMES:
        listed = [r.get(j, (False, pd.NaT)) for r in rows]
        columns[j] = pd.array([flag for flag, _ in listed], dtype="boolean")
        columns[f"{j}_date"] = pd.Series([date for _, date in listed], dtype="datetime64[ns]")
    return pd.DataFrame(columns)


ANA, JOSE, LUIS, CARLA = "Ana María Pérez", "José Núñez", "Luis Gómez", "Carla Ruiz"

OPERATOR_CASES = [
    ("name", "is", "jose nunez", {JOSE}),
    ("name", "is not", "JOSÉ NÚÑEZ", {ANA, LUIS, CARLA}),
    ("name", "contains", "PEREZ", {ANA}),
    ("name", "does not contain", "an", {JOSE, LUIS, CARLA}),
    ("name", "any of", ["carla ruiz", "luis gomez", "nobody"], {LUIS, CARLA}),
    ("name", "none of", ["carla ruiz", "luis gomez"], {ANA, JOSE}),
    ("aliases", "is", "lucho", {LUIS}),
    ("aliases", "is", "luch", set()),
    ("aliases", "contains", "flaco", {LUIS}),
    ("aliases", "does not contain", "dona", {JOSE, LUIS, CARLA}),
    ("aliases", "is empty", None, {JOSE, CARLA}),
    ("aliases", "is not empty", None, {ANA, LUIS}),
    ("reasons", "is", "corrupción", {ANA}),
    ("reasons", "is not", "corruption", {JOSE, LUIS, CARLA}),
    ("reasons", "contains", "democracy", {CARLA}),
    ("reasons", "any of", ["narcotics", "human rights"], {ANA, JOSE}),
    ("reasons", "none of", ["narcotics", "human rights"], {LUIS, CARLA}),
    ("reasons", "is empty", None, {LUIS}),
    ("administration", "is", "Trump", {ANA}),
    ("administration", "is not", "trump", {JOSE, LUIS, CARLA}),
    ("administration", "any of", ["Obama", "trump ii"], {JOSE, CARLA}),
    ("administration", "none of", ["Obama", "Trump II"], {ANA, LUIS}),
    ("administration", "is empty", None, {LUIS}),
    ("administration", "is not empty", None, {ANA, JOSE, CARLA}),
    ("security_status", "is", "activo", {ANA}),
    ("former_commander", "yes", None, {ANA}),
    ("former_commander", "no", None, {JOSE, CARLA}),
    ("former_commander", "is empty", None, {LUIS}),
    ("former_commander", "is not empty", None, {ANA, JOSE, CARLA}),
    ("us_designation_date", "is", "2015-03-09", {JOSE}),
    ("us_designation_date", "is not", "2015-03-09", {ANA, LUIS, CARLA}),
    ("us_designation_date", "before", "2017-01-20", {JOSE}),
    ("us_designation_date", "after", "2017-01-20", {ANA, CARLA}),
    ("us_designation_date", "between", ["2015-03-09", "2018-01-05"], {JOSE, ANA}),
    ("us_designation_date", "is empty", None, {LUIS}),
    ("delisted_date", "is not empty", None, {JOSE}),
    ("canada", "yes", None, {ANA, CARLA}),
    ("canada", "no", None, {JOSE, LUIS}),
    ("canada", "before", "2018-07-01", {ANA}),
    ("eu", "between", ["2018-01-22", "2018-01-22"], {ANA}),
    ("jurisdictions", "is empty", None, {JOSE}),
    ("jurisdictions", "is not empty", None, {ANA, LUIS, CARLA}),
    ("jurisdictions", "any of", ["Canada", "United Kingdom"], {ANA, LUIS, CARLA}),
    ("jurisdictions", "contains", ["canada", "EU"], {ANA}),
    ("jurisdictions", "none of", ["eu"], {JOSE, LUIS, CARLA}),
    ("notes", "contains", "not verified", {ANA}),
    ("notes", "is empty", None, {JOSE, CARLA}),
]


@pytest.mark.parametrize("field_name, operator, value, expected", OPERATOR_CASES,
                         ids=[f"{f} {o} {v}" for f, o, v, _ in OPERATOR_CASES])
def test_operator(field_name, operator, value, expected):
    people = _people()
    condition = Condition(field_name, operator, value)
    rule = Rule("R", "#FFFFFF", conditions=(condition,))
    assert names(people, rule_mask(people, rule)) == expected
    assert "None" not in condition.describe()


@pytest.mark.parametrize("match, conditions, unclear", [
    ("all", [("former_commander", "yes", None)], {LUIS}),
    ("all", [("former_commander", "no", None)], {LUIS}),
    ("all", [("former_commander", "yes", None), ("reasons", "is empty", None)], {LUIS}),
    ("all", [("former_commander", "yes", None), ("reasons", "is", "narcotics")], set()),
    ("any", [("former_commander", "yes", None), ("name", "contains", "gomez")], set()),
    ("any", [("former_commander", "no", None), ("name", "contains", "perez")], {LUIS}),
    ("all", [("former_commander", "is empty", None)], set()),
    ("all", [("name", "contains", "a")], set()),
])
def test_unclear_rows_are_those_a_known_yes_or_no_could_still_match(match, conditions, unclear):
    frame = _people()
    rule = Rule("r", "#FFFF00", match=match, conditions=tuple(Condition(*c) for c in conditions))
    matches = evaluate(frame, [rule])
    assert names(frame, matches.unclear[0]) == unclear
    assert not (matches.unclear[0] & matches.masks[0]).any()


def test_every_operator_is_exercised():
    assert {operator for _, operator, _, _ in OPERATOR_CASES} == {
        "is", "is not", "contains", "does not contain", "any of", "none of", "before", "after",
        "between", "is empty", "is not empty", "yes", "no"}


def test_all_and_any():
    people = _people()
    conditions = (Condition("reasons", "is", "corruption"), Condition("canada", "yes"))
    assert names(people, rule_mask(people, Rule("R", "#FFFFFF", match="all", conditions=conditions))) == {ANA}
    assert names(people, rule_mask(people, Rule("R", "#FFFFFF", match="any", conditions=conditions))) == {ANA, CARLA}


def test_describe_in_plain_words(presets):
    assert Condition("reasons", "is", "corruption").describe() == "Reasons include corruption"
    assert Condition("former_commander", "yes").describe() == "Former commander is yes"
    assert (Condition("us_designation_date", "before", dt.date(2017, 1, 20)).describe()
            == "Date sanctioned (U.S.) is before 2017-01-20")
    assert (presets["Former commander sanctioned for corruption"].describe()
            == "Former commander is yes and Reasons include corruption")
    assert Condition("name", "contains", "cabello").describe() == "Name contains “cabello”"


@pytest.mark.parametrize("field_name, operator, value, complaint", [
    ("name", "before", "2017-01-01", "cannot be used on Name"),
    ("reasons", "yes", None, "cannot be used on Reasons"),
    ("us_designation_date", "contains", "2017", "cannot be used on Date sanctioned (U.S.)"),
    ("administration", "is", "Truman", "'Truman' is not one of Bush, Obama, Trump, Biden, Trump II"),
    ("us_designation_date", "before", "20/01/2017", "is not a date written YYYY-MM-DD"),
    ("us_designation_date", "between", ["2021-01-01", "2017-01-01"], "is after the second"),
    ("jurisdictions", "any of", ["Narnia"], "'Narnia' is not a jurisdiction"),
    ("name", "is", "  ", "needs a word or phrase"),
    ("name", "equals", "x", "'equals' is not an operator"),
    ("nombre", "is", "x", "'nombre' is not a field rules can use"),
])
def test_conditions_that_make_no_sense_are_refused(field_name, operator, value, complaint):
    with pytest.raises(RuleError, match=complaint.replace("(", r"\(").replace(")", r"\)")):
        Condition(field_name, operator, value)


def test_every_rule_field_offers_operators():
    for field_name in rule_fields():
        assert operators_for(field_name)
    assert "before" in operators_for("canada") and "yes" in operators_for("canada")
    assert "before" not in operators_for("name")


# --- values offered to pickers -------------------------------------------------------------


def test_field_values_count_rows_like_the_csv(frame, source_rows):
    reasons = dict(field_values(frame, "reasons"))
    for reason in vocabularies.REASONS:
        expected = sum(1 for row in source_rows if reason in items(row["reasons"]))
        assert reasons.get(reason, 0) == expected, reason
    institutions = field_values(frame, "institution")
    assert ("TSJ", sum(1 for row in source_rows if row["institution"] == "TSJ")) in institutions
    assert [count for _, count in institutions] == sorted((c for _, c in institutions), reverse=True)
    assert dict(field_values(frame, "jurisdictions"))["canada"] == sum(1 for r in source_rows if r["canada"])
    with pytest.raises(RuleError):
        field_values(frame, "us_designation_date")


# --- rule files ------------------------------------------------------------------------------


def test_rule_file_round_trip(tmp_path, presets):
    custom = Rule("Custom", "#abcdef", enabled=False, match="any", description="Mine.", conditions=(
        Condition("us_designation_date", "between", [dt.date(2017, 1, 20), "2021-01-19"]),
        Condition("reasons", "any of", ["corruption", "narcotics"]),
        Condition("jurisdictions", "contains", ["canada", "eu"]),
        Condition("name", "contains", "José"),
        Condition("delisted_date", "is empty"),
    ))
    rules = [*presets.values(), custom]
    path = tmp_path / "shared rules.json"
    save_rules(path, rules)
    assert load_rules(path) == rules
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["version"] == 1
    assert written["rules"][-1]["conditions"][0]["value"] == ["2017-01-20", "2021-01-19"]
    assert written["rules"][-1]["colour"] == "#ABCDEF"
    assert [p.name for p in tmp_path.iterdir()] == ["shared rules.json"]  # no temp file left


def test_saving_replaces_the_whole_file_and_reports_a_missing_folder(tmp_path, presets):
    path = tmp_path / "rules.json"
    save_rules(path, list(presets.values()))
    save_rules(path, [presets["Delisted"]])
    assert [rule.name for rule in load_rules(path)] == ["Delisted"]
    with pytest.raises(RuleFileError, match="Could not save the rule file 'rules.json'"):
        save_rules(tmp_path / "no such folder" / "rules.json", [presets["Delisted"]])


def _rule_file(tmp_path, mutate) -> str:
    """A two-rule file whose second rule, "Corruption check", is broken by `mutate`."""
    data = {"version": 1, "rules": [
        {"name": "Obama", "colour": "#BDD7EE", "conditions": [
            {"field": "administration", "operator": "is", "value": "Obama"}]},
        {"name": "Corruption check", "colour": "#FFFF00", "match": "all", "conditions": [
            {"field": "former_commander", "operator": "yes"},
            {"field": "reasons", "operator": "is", "value": "corruption"}]},
    ]}
    mutate(data["rules"][1])
    path = tmp_path / "team rules.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def _set_condition(key, value):
    def mutate(rule):
        rule["conditions"][1][key] = value
    return mutate


@pytest.mark.parametrize("mutate, complaint", [
    (_set_condition("field", "reasonz"), "'reasonz' is not a field rules can use"),
    (_set_condition("operator", "before"), "'before' cannot be used on Reasons"),
    (lambda rule: rule["conditions"][1].update(field="us_designation_date", operator="before", value="2017-13-01"),
     "'2017-13-01' is not a date written YYYY-MM-DD"),
    (_set_condition("value", "corruptoin"), None),  # unknown reason: kept as written, not an error
    (lambda rule: rule["conditions"][1].update(field="administration", value="Truman"), "'Truman' is not one of"),
    (lambda rule: rule["conditions"][1].update(color="red"), "unknown key 'color'"),
    (lambda rule: rule["conditions"][1].pop("operator"), "'operator' is missing"),
], ids=["unknown field", "operator not allowed", "bad date", "unknown list item", "bad choice", "unknown key",
        "missing operator"])
def test_a_broken_condition_is_refused_naming_the_file_rule_and_condition(tmp_path, mutate, complaint):
    path = _rule_file(tmp_path, mutate)
    if complaint is None:
        assert [rule.name for rule in load_rules(path)] == ["Obama", "Corruption check"]
        return
    with pytest.raises(RuleFileError) as refused:
        load_rules(path)
    message = str(refused.value)
    assert "'team rules.json'" in message
    assert "rule 2 (“Corruption check”)" in message
    assert "condition 2" in message
    assert complaint in message


@pytest.mark.parametrize("mutate, complaint", [
    (lambda rule: rule.update(colour="yellow"), "colour 'yellow' is not written #RRGGBB"),
    (lambda rule: rule.update(colour="#FFFF0"), "colour '#FFFF0' is not written #RRGGBB"),
    (lambda rule: rule.update(match="most"), "match 'most' must be"),
    (lambda rule: rule.update(enabled="yes"), "enabled 'yes' must be true or false"),
    (lambda rule: rule.pop("conditions"), "'conditions' is missing"),
], ids=["colour name", "short colour", "match", "enabled", "no conditions"])
def test_a_broken_rule_is_refused_naming_the_file_and_rule(tmp_path, mutate, complaint):
    with pytest.raises(RuleFileError) as refused:
        load_rules(_rule_file(tmp_path, mutate))
    message = str(refused.value)
    assert "'team rules.json'" in message and "rule 2 (“Corruption check”)" in message
    assert complaint in message


def test_a_nameless_rule_is_named_by_its_number(tmp_path):
    with pytest.raises(RuleFileError, match="rule 2: a rule needs a name"):
        load_rules(_rule_file(tmp_path, lambda rule: rule.update(name="")))


def test_bad_json_is_refused_with_line_and_column(tmp_path):
    path = tmp_path / "typo.json"
    path.write_text('{\n  "version": 1,\n  "rules": [\n    {"name": "A" "colour": "#FFFFFF"}\n  ]\n}\n',
                    encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"'typo.json' is not valid JSON: line 4, column 18"):
        load_rules(path)


def test_other_unreadable_files_are_refused(tmp_path):
    with pytest.raises(RuleFileError, match="Could not read the rule file 'missing.json'"):
        load_rules(tmp_path / "missing.json")
    not_rules = tmp_path / "list.json"
    not_rules.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(RuleFileError, match='with a "rules" list'):
        load_rules(not_rules)
    newer = tmp_path / "newer.json"
    newer.write_text('{"version": 2, "rules": []}', encoding="utf-8")
    with pytest.raises(RuleFileError, match="version 2"):
        load_rules(newer)
