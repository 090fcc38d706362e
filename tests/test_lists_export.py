"""The comparison in Excel: a sheet per category, an About sheet naming and hashing every file."""

from __future__ import annotations

import hashlib

import pytest
from openpyxl import load_workbook

from list_files import DATABASE_ROWS, LIST_DATE, write_csv_set, write_database
from sanctions_gui.core.export import ExportError
from sanctions_gui.core.lists.compare import compare_with_database
from sanctions_gui.core.lists.comparison import CATEGORIES, CATEGORY_LABELS
from sanctions_gui.core.lists.export import ABOUT_SHEET, export_comparison
from sanctions_gui.core.lists.reading import read_list
from sanctions_gui.core.reading import read_workbook

FORMULA = "=HYPERLINK(\"http://x\",\"y\")"


@pytest.fixture
def comparison(tmp_path):
    rows = (*DATABASE_ROWS, (FORMULA, "", "", "E.O. 13692", "2025-02-02", "", "", ""))
    database = write_database(tmp_path, rows)
    listed = read_list(write_csv_set(tmp_path / "set"), list_date=LIST_DATE)
    return compare_with_database(listed, read_workbook(database).frame, database)


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_sheet_per_category_with_its_people(tmp_path, comparison):
    target = export_comparison(comparison, tmp_path / "out.xlsx")
    workbook = load_workbook(target)
    assert workbook.sheetnames == [ABOUT_SHEET, *(CATEGORY_LABELS[c] for c in CATEGORIES)]
    for category in CATEGORIES:
        sheet = workbook[CATEGORY_LABELS[category]]
        names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert names == [item.name for item in comparison.items[category]]
    changed = workbook[CATEGORY_LABELS["changed"]]
    headers = [cell.value for cell in changed[1]]
    differences = [row[headers.index("Differences")] for row in changed.iter_rows(min_row=2, values_only=True)]
    assert any("authority: E.O. 13692 \u2192 E.O. 13850" in text for text in differences)


def test_about_sheet_names_and_hashes_every_file(tmp_path, comparison):
    workbook = load_workbook(export_comparison(comparison, tmp_path / "out.xlsx"))
    about = {row[0]: row[1] for row in workbook[ABOUT_SHEET].iter_rows(values_only=True)}
    folder = tmp_path / "set"
    for name in ("sdn.csv", "alt.csv", "add.csv"):
        assert f"{name}: {_sha(folder / name)}" in about["List: SHA-256"]
    assert about["Database"] == "database.csv"
    assert about["Database: SHA-256"] == f"database.csv: {_sha(tmp_path / 'database.csv')}"
    assert about["List: date"] == "2024-05-03 (as given)"
    assert about["New"] == str(len(comparison.items["new"]))


def test_formulas_stay_text(tmp_path, comparison):
    workbook = load_workbook(export_comparison(comparison, tmp_path / "out.xlsx"))
    cell = workbook[CATEGORY_LABELS["newer_than_list"]]["A3"]  # after Nuevo Posterior Ruiz
    assert cell.value == FORMULA and cell.data_type == "s" and cell.quotePrefix


def test_a_failed_export_leaves_nothing_and_never_replaces_the_inputs(tmp_path, comparison):
    with pytest.raises(ExportError, match="does not exist"):
        export_comparison(comparison, tmp_path / "missing" / "out.xlsx")
    with pytest.raises(ExportError, match="never replaces it"):
        export_comparison(comparison, tmp_path / "set" / "sdn.csv")
    with pytest.raises(ExportError, match=r"\.xlsx"):
        export_comparison(comparison, tmp_path / "out.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["database.csv", "set"]
