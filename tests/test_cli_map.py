"""`--map "HEADER=field"` on check, stats and export, run as an analyst runs them."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

ROOT = Path(__file__).resolve().parents[1]
HEADERS = ["Nombre", "Fecha de designación", "Status"]
PEOPLE = [["Néstor Reverol", dt.date(2018, 5, 18), "active"], ["Tibisay Lucena", dt.date(2017, 7, 31), "civilian"],
          ["Vladimir Padrino", dt.date(2018, 9, 25), "active"]]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)


@pytest.fixture()
def workbook(tmp_path):
    wb = Workbook()
    for row in [HEADERS, *PEOPLE]:
        wb.active.append(row)
    path = tmp_path / "own headers.xlsx"
    wb.save(path)
    return path


def test_check_reads_a_column_as_the_field_given(workbook):
    plain = json.loads(run("check", str(workbook), "--json").stdout)
    assert "security_status" not in plain["mapped"] and "security_status" in plain["missing_key_fields"]
    done = run("check", str(workbook), "--json", "--map", "Status=security_status")
    report = json.loads(done.stdout)
    assert report["mapped"]["security_status"] == "Status"
    assert "security_status" not in report["missing_key_fields"]
    status = next(c for c in report["columns"]["Sheet"] if c["header"] == "Status")
    assert (status["field"], status["how"]) == ("security_status", "by hand")


def test_stats_counts_the_people_a_mapped_column_makes_active(workbook):
    done = run("stats", "--input", str(workbook), "--json", "--map", "status=Security forces at designation")
    trump = next(row for row in json.loads(done.stdout) if row["administration"] == "Trump")
    assert (trump["designated"], trump["active_security"]) == (3, 2)


def test_export_writes_the_mapped_column_under_its_field(workbook, tmp_path):
    out = tmp_path / "out.xlsx"
    done = run("export", "--input", str(workbook), "--output", str(out), "--map", "Status=security_status",
               "--map", "Fecha de designación=")
    assert done.returncode == 0, done.stderr
    rows = list(load_workbook(out).worksheets[0].iter_rows(values_only=True))
    header = list(rows[0])
    assert "Security forces at designation" in header and "Fecha de designación" in header
    assert [row[header.index("Security forces at designation")] for row in rows[1:]] == ["Active", "None", "Active"]


@pytest.mark.parametrize("item, says", [
    ("Status=mood", "'mood' is not a field"),
    ("Status", "is not HEADER=field"),
    ("Estado=security_status", "has no column headed 'Estado'"),
])
def test_a_bad_mapping_is_one_plain_line_and_exit_2(workbook, item, says):
    done = run("check", str(workbook), "--map", item)
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0] and "Traceback" not in done.stderr
