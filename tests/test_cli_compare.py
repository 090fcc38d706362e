"""`main.py compare`: the JSON the issue specifies, the Excel file, and one plain line on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from list_files import OLD_PEOPLE, write_csv_set, write_database, write_legacy_xml
from sanctions_gui.core.lists.comparison import CATEGORIES

ROOT = Path(__file__).resolve().parents[1]


def compare(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", "compare", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


@pytest.fixture
def files(tmp_path):
    return {"list": write_legacy_xml(tmp_path / "sdn.xml"), "database": write_database(tmp_path),
            "plain": write_csv_set(tmp_path / "plain"), "old": write_csv_set(tmp_path / "old", OLD_PEOPLE)}


def test_json_has_counts_and_a_list_per_category(files):
    done = compare("--sdn", files["list"], "--input", files["database"], "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(CATEGORIES) <= set(result) and set(result["counts"]) == set(CATEGORIES)
    assert result["counts"] == {category: len(result[category]) for category in CATEGORIES}
    assert result["counts"]["new"] == 1 and result["new"][0]["name"] == "Ana Maria Gomez"
    maduro = next(item for item in result["matched"] if item["list_id"] == "100")
    assert (maduro["name"], maduro["list_name"], maduro["score"]) == \
        ("Nicolás Maduro Moros", "MADURO MOROS, Nicolas", 100)
    assert all("name" in item for category in CATEGORIES for item in result[category])
    assert result["about"]["list"]["date"] == "2024-05-03"


def test_two_lists_and_an_excel_file(tmp_path, files):
    out = tmp_path / "changes.xlsx"
    done = compare("--sdn", files["list"], "--against-list", files["old"], "--list-date", "2021-08-18",
                   "--output", out)
    assert done.returncode == 0, done.stderr
    assert "New 1, No longer listed 1, Changed 1" in done.stdout
    assert "Pedro Delistado Perez" in done.stdout
    assert "About" in load_workbook(out).sheetnames


def test_scope_all_is_a_choice(files):
    done = compare("--sdn", files["list"], "--input", files["database"], "--scope", "all", "--json")
    assert [item["name"] for item in json.loads(done.stdout)["new"]] == ["Ana Maria Gomez", "John Smith"]


@pytest.mark.parametrize("arguments, message", [
    (("--sdn", "{plain}", "--input", "{database}"), "does not say when it was published, and its name holds no "
                                                    "date: give it with --list-date YYYY-MM-DD"),
    (("--sdn", "{list}", "--input", "{database}", "--against-list", "{old}"), "not both"),
    (("--sdn", "{missing}",), "does not exist"),
    (("--sdn", "{database}",), "not a list file this app reads"),
    (("--sdn", "{list}", "--list-date", "3 May 2024"), "is not a date written YYYY-MM-DD"),
    (("--sdn", "{list}", "--scope", "europe"), "invalid choice"),
    (("--sdn", "{list}", "--output", "{out_csv}"), "must name an .xlsx file"),
])
def test_bad_arguments_or_files_give_one_line_and_write_nothing(tmp_path, files, arguments, message):
    names = {**{k: str(v) for k, v in files.items()}, "missing": str(tmp_path / "nope.csv"),
             "out_csv": str(tmp_path / "out.csv")}
    before = sorted(p.name for p in tmp_path.iterdir())
    done = compare(*(argument.format(**names) for argument in arguments))
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert done.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == before
