"""`main.py check FILE [--json]` as an analyst runs it: a child process, its output and exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sanctions_gui.core import paths, schema, vocabularies

ROOT = Path(__file__).resolve().parents[1]


def check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", "check", *args], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def test_json_report_of_the_bundled_workbook(source_rows, source_sheet_counts):
    done = check(str(paths.BUNDLED_WORKBOOK), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["rows"] == len(source_rows)
    assert report["sheets"] == source_sheet_counts
    assert report["mapped"]["name"] == "Name"
    assert set(report["mapped"]) == set(schema.FIELD_NAMES) - {"sheet"}
    assert report["warnings"] == []
    assert done.stderr == ""


def test_text_report_names_the_file_and_the_sheets(source_rows, source_sheet_counts):
    done = check(str(paths.BUNDLED_WORKBOOK))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"venezuela_targeted_sanctions.xlsx: {len(source_rows)} people read")
    pre = source_sheet_counts[vocabularies.SHEET_PRE]
    assert f"Sheet '{vocabularies.SHEET_PRE}': {pre} rows, header on row 4" in done.stdout


def test_warnings_are_listed_with_their_place(tmp_path):
    path = tmp_path / "dates.csv"
    path.write_text("Name,Date sanctioned\nAna Ruiz,09/03/2015\n", encoding="utf-8")
    report = json.loads(check(str(path), "--json").stdout)
    assert report["rows"] == 1
    assert report["warnings"][0].startswith("Sheet 'dates', row 2, column 'Date sanctioned': '09/03/2015' is ambiguous")


@pytest.mark.parametrize("name, content, says", [
    ("garbage.xlsx", b"\x00\x01\x02 not a workbook " * 50, "is not a spreadsheet"),
    ("empty.csv", b"", "is empty (0 bytes)"),
    ("missing.xlsx", None, "does not exist"),
])
def test_a_bad_file_exits_2_with_one_plain_line(tmp_path, name, content, says):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    done = check(str(path), "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and says in lines[0], done.stderr
    assert "Traceback" not in done.stderr
