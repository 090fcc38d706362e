"""`main.py export` run as an analyst would run it, in a separate process."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import subprocess
import sys

import openpyxl
import pytest

from sanctions_gui.core.paths import BUNDLED_WORKBOOK, PRESET_RULES, PROJECT_ROOT

COMMANDERS = "Former commander sanctioned for corruption"


def run_export(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", "export", *args], check=False, cwd=PROJECT_ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_a_preset_and_only_highlighted_export_exactly_those_people(tmp_path, source_rows):
    expected = {row["name"] for row in source_rows
                if row["former_commander"] == "yes" and "corruption" in row["reasons"].split("; ")}
    target = tmp_path / "commanders.xlsx"

    result = run_export("--output", str(target), "--preset", COMMANDERS, "--only-highlighted")

    assert result.returncode == 0, result.stderr
    assert f"Exported {len(expected)} of {len(source_rows)} people" in result.stdout
    workbook = openpyxl.load_workbook(target)
    sheet = workbook["Export"]
    rows = list(sheet.iter_rows(min_row=2))
    assert {row[0].value for row in rows} == expected
    assert all(row[0].fill.fgColor.rgb.endswith("FFFF00") for row in rows)
    header = [cell.value for cell in sheet[1]]
    assert header[-1] == "Matched rules" and {row[-1].value for row in rows} == {COMMANDERS}
    about = {a.value: b.value for a, b in workbook["About this export"].iter_rows(max_col=2)}
    assert about["Source file SHA-256"] == hashlib.sha256(BUNDLED_WORKBOOK.read_bytes()).hexdigest()
    assert about["Only highlighted rows"] == "Yes"


def test_search_and_sheet_to_csv(tmp_path, source_rows):
    target = tmp_path / "people.data"

    result = run_export("--output", str(target), "--search", "cabello", "--sheet", "post", "--csv")

    assert result.returncode == 0, result.stderr
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    with target.open(encoding="utf-8-sig", newline="") as handle:
        names = [row["Name"] for row in csv.DictReader(handle)]
    assert names and all("cabello" in " ".join((row["name"], row["aliases"], row["position"], row["institution"]))
                         .casefold() for row in source_rows if row["name"] in names)
    assert "Diosdado Cabello Rondón" in names


def test_rule_files_colour_rows_in_the_order_given(tmp_path, source_rows):
    rules = tmp_path / "bush.json"
    rules.write_text(json.dumps({"version": 1, "rules": [
        {"name": "Bush era", "colour": "#1F3864", "conditions": [
            {"field": "administration", "operator": "is", "value": "Bush"}]}]}), encoding="utf-8")
    target = tmp_path / "bush.xlsx"
    bush = {row["name"] for row in source_rows if row["administration"] == "Bush"}

    result = run_export("-o", str(target), "--rules", str(rules), "--preset", "sanctioned by the u.s. only",
                        "--only-highlighted")

    assert result.returncode == 0, result.stderr
    rows = list(openpyxl.load_workbook(target)["Export"].iter_rows(min_row=2))
    navy = {row[0].value for row in rows if row[0].fill.fgColor.rgb.endswith("1F3864")}
    assert navy == bush  # the rule file came first, so it colours Bush rows the preset also matches


def broken_rules(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"version": 1, "rules": [{"name": "No colour", "conditions": []}', encoding="utf-8")
    return path


FAILURES = {
    "missing input": (lambda tmp: ["--input", str(tmp / "nowhere.xlsx")], "nowhere.xlsx does not exist"),
    "bad sheet": (lambda tmp: ["--sheet", "middle"], "invalid choice: 'middle'"),
    "unknown preset": (lambda tmp: ["--preset", "Generals"], "no preset rule or rule set called"),
    "broken rules file": (lambda tmp: ["--rules", str(broken_rules(tmp))], "broken.json"),
    "missing output folder": (lambda tmp: [], "does not exist"),
    "not xlsx or csv": (lambda tmp: [], ".xlsx (Excel) or .csv"),
}


@pytest.mark.parametrize("case", FAILURES)
def test_failures_are_one_plain_line_and_write_nothing(tmp_path, case):
    extra, phrase = FAILURES[case]
    folder = tmp_path / "missing" if case == "missing output folder" else tmp_path
    target = folder / ("export.txt" if case == "not xlsx or csv" else "export.xlsx")

    result = run_export("--output", str(target), *extra(tmp_path))

    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and phrase in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists()
    assert not [path.name for path in tmp_path.iterdir() if path.name.startswith(".export")]


def test_unknown_preset_lists_the_presets(tmp_path):
    names = [rule["name"] for path in sorted(PRESET_RULES.glob("*.json"))
             for rule in json.loads(path.read_text(encoding="utf-8"))["rules"]]

    result = run_export("--output", str(tmp_path / "x.xlsx"), "--preset", "Generals")

    assert result.returncode != 0 and all(name in result.stderr for name in names)


def test_output_equal_to_input_is_refused_and_the_input_kept(tmp_path):
    workbook = tmp_path / "my sanctions.xlsx"
    shutil.copy(BUNDLED_WORKBOOK, workbook)
    before = workbook.read_bytes()

    result = run_export("--input", str(workbook), "--output", str(workbook))

    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "my sanctions.xlsx is the file the data was read from" in lines[0]
    assert workbook.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["my sanctions.xlsx"]
