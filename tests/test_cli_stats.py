"""`main.py stats` run as an analyst would run it, in a separate process."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import openpyxl
import pytest

from sanctions_gui.core.paths import PROJECT_ROOT



def run_stats(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", "stats", *args], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_json_lists_every_administration_of_the_bundled_dataset(source_rows):
    designated = Counter(row["administration"] for row in source_rows)

    result = run_stats("--json")

    assert result.returncode == 0, result.stderr
    rows = {row["administration"]: row for row in json.loads(result.stdout)}
    assert {name: row["designated"] for name, row in rows.items()} == dict(designated)
    obama = rows["Obama"]
    assert {"active_security", "share_active", "former_security", "civilians", "unknown_security"} <= set(obama)
    assert obama["share_active"] == pytest.approx(obama["active_security"] / obama["designated"])


def test_as_of_and_sheet_give_the_september_2018_comparison():
    result = run_stats("--as-of", "2018-09-08", "--sheet", "post", "--json")

    assert result.returncode == 0, result.stderr
    rows = {row["administration"]: row for row in json.loads(result.stdout)}
    assert list(rows) == ["Obama", "Trump"]
    assert (rows["Obama"]["designated"], rows["Obama"]["active_security"]) == (7, 5)
    assert (rows["Trump"]["designated"], rows["Trump"]["active_security"]) == (56, 8)


def test_text_table_shows_shares_as_people_read_them():
    result = run_stats("--as-of", "2018-09-08", "--sheet", "post")

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "post-E.O. 13692 sheet" in lines[0] and "2018-09-08" in lines[0]
    obama = next(line for line in lines if line.startswith("Obama"))
    assert "5 of 7 — 71%" in obama
    header = lines[1]
    # Columns line up: the share ends where its header ends.
    assert obama.index("71%") + 3 == header.index("Active in security forces") + len("Active in security forces")


def test_input_reads_another_workbook(tmp_path):
    path = tmp_path / "mine.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Nombre", "Fecha de sanción", "Militar"])
    sheet.append(["Uno Activo", "2019-01-08", "activo"])
    sheet.append(["Dos Civil", "2019-01-08", "no"])
    workbook.save(path)

    result = run_stats("--input", str(path), "--json")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [{
        "administration": "Trump", "designated": 2, "active_security": 1, "share_active": 0.5,
        "former_security": 0, "civilians": 1, "unknown_security": 0,
    }]


@pytest.mark.parametrize(("args", "message"), [
    (("--as-of", "2018-13-01"), "--as-of: '2018-13-01' is not a date (use YYYY-MM-DD)"),
    (("--input", "no_such_workbook.xlsx"), "no_such_workbook.xlsx does not exist"),
    (("--sheet", "middle"), "invalid choice: 'middle'"),
])
def test_bad_arguments_fail_with_one_plain_line(args, message):
    result = run_stats(*args)

    assert result.returncode != 0
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
