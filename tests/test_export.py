"""Exports read back as a colleague would open them: rows, order, colours, the About sheet,
formula safety, and files that appear whole or not at all."""

from __future__ import annotations

import csv
import datetime as dt
import errno
import hashlib
import os
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from sanctions_gui.core import export, export_about, export_cells, export_xlsx, schema, vocabularies
from sanctions_gui.core.columns import column_label, default_columns
from sanctions_gui.core.export import ExportError, ExportRequest, export_view
from sanctions_gui.core.filters import ColumnFilter
from sanctions_gui.core.paths import BUNDLED_WORKBOOK
from sanctions_gui.core.progress import Cancelled
from sanctions_gui.core.reading import read_workbook
from sanctions_gui.core.rules import Condition, Rule, evaluate, load_presets
from sanctions_gui.core.view import Dataset, ViewState, compute_view
from sanctions_gui.core.workspace import Workspace

HOSTILE_TEXTS = ('=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)")


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    loaded = read_workbook(BUNDLED_WORKBOOK)
    return Dataset(loaded.frame, BUNDLED_WORKBOOK, loaded.report)


def make_request(dataset: Dataset, state: ViewState | None = None, rules=(), columns=None,
                 **options) -> ExportRequest:
    state = ViewState() if state is None else state
    matches = evaluate(dataset.frame, rules) if rules else None
    view = compute_view(dataset, state, matches.colours if matches is not None else None)
    columns = default_columns(dataset.frame) if columns is None else columns
    return ExportRequest(dataset, view, state, tuple(columns), matches, **options)


def data_sheet(path: Path):
    sheet = openpyxl.load_workbook(path)[export.DATA_SHEET]
    header = [cell.value for cell in sheet[1]]
    return sheet, header, list(sheet.iter_rows(min_row=2))


def column(header: list[str], rows, label: str) -> list:
    index = header.index(label)
    return [row[index] for row in rows]


def fill_of(cell) -> str | None:
    return "#" + cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type == "solid" else None


def about(path: Path) -> list[tuple[str, str, str | None]]:
    sheet = openpyxl.load_workbook(path)[export_about.ABOUT_SHEET]
    return [(a.value, b.value, fill_of(a)) for a, b in sheet.iter_rows(max_col=2)]


def folder_listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


# --- the rows, as on screen --------------------------------------------------------------------


def test_rows_are_the_filtered_view_in_its_sorted_order(bundled, source_by_name, tmp_path):
    obama = ColumnFilter("administration", values=frozenset({"Obama"}))
    state = ViewState(filters={"administration": obama}, sort_column="us_designation_date", sort_descending=True)
    target = tmp_path / "obama.xlsx"

    export_view(make_request(bundled, state), target)

    _, header, rows = data_sheet(target)
    names = [cell.value for cell in column(header, rows, "Name")]
    assert sorted(names) == sorted(name for name, row in source_by_name.items() if row["administration"] == "Obama")
    dates = [cell.value for cell in column(header, rows, "Date sanctioned (U.S.)")]
    dated = [day for day in dates if day is not None]
    assert dated and dates == sorted(dated, reverse=True) + [None] * (len(dates) - len(dated))  # undated last
    assert [day.date().isoformat() if day else "" for day in dates] == \
        [source_by_name[name]["us_designation_date"] for name in names]


def test_header_is_bold_frozen_and_filtered_with_readable_widths(bundled, tmp_path):
    target = tmp_path / "all.xlsx"
    export_view(make_request(bundled, matched_rules_column=True), target)

    sheet, header, rows = data_sheet(target)
    assert header == [column_label(c) for c in default_columns(bundled.frame)] + [export_cells.MATCHED_RULES]
    assert "Person ID" not in header and "Canada date" not in header
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    last_column = openpyxl.utils.get_column_letter(len(header))
    assert sheet.auto_filter.ref == f"A1:{last_column}{len(bundled) + 1}"
    assert len(rows) == len(bundled)
    widths = {label: sheet.column_dimensions[openpyxl.utils.get_column_letter(i)].width
              for i, label in enumerate(header, start=1)}
    assert widths["Gender"] < widths["Name"] <= export_cells.MAX_COLUMN_WIDTH
    assert widths["Notes"] == export_cells.MAX_COLUMN_WIDTH  # long notes are capped, not hundreds wide


def test_dates_are_excel_dates_lists_joined_and_flags_yes_no(bundled, source_by_name, tmp_path):
    target = tmp_path / "all.xlsx"
    export_view(make_request(bundled), target)

    _, header, rows = data_sheet(target)
    for row in rows:
        cells = dict(zip(header, row))
        source = source_by_name[cells["Name"].value]
        designated = cells["Date sanctioned (U.S.)"]
        if designated.value is not None:
            assert isinstance(designated.value, dt.datetime) and designated.number_format == "yyyy-mm-dd"
        assert (designated.value.date().isoformat() if designated.value else "") == source["us_designation_date"]
        assert (cells["Aliases"].value or "") == source["aliases"]
        assert (cells["Reasons"].value or "") == source["reasons"]
        commander = {"yes": "Yes", "no": "No", "unclear": None}[source["former_commander"]]
        assert cells["Former commander"].value == commander
        canada = cells["Canada"].value
        assert (canada.date().isoformat() if canada else "") == source["canada"]
        uk = cells["UK"].value  # "Yes" for a listing without a date, else the listing day
        assert (uk if uk == "Yes" else uk.date().isoformat() if uk else "") == source["uk"].replace("yes", "Yes")


def test_each_row_is_filled_with_its_colour_on_screen(bundled, source_by_name, tmp_path):
    dark = Rule("Navy", "#1F3864", conditions=(Condition("administration", "is", "Bush"),))
    rules = [dark, *load_presets()]  # first, so Bush rows take its colour
    request = make_request(bundled, ViewState(sort_column="name"), rules)
    target = tmp_path / "coloured.xlsx"

    export_view(request, target)

    _, header, rows = data_sheet(target)
    on_screen = request.view.colours[request.view.rows]
    assert [fill_of(row[0]) for row in rows] == list(on_screen)
    assert all(len({fill_of(cell) for cell in row}) == 1 for row in rows)  # empty cells filled too
    names = [cell.value for cell in column(header, rows, "Name")]
    commanders = {name for name, row in source_by_name.items()
                  if row["former_commander"] == "yes" and "corruption" in row["reasons"]}
    first_preset = rules[1]
    assert first_preset.name == "Former commander sanctioned for corruption"
    assert {name for name, row in zip(names, rows) if fill_of(row[0]) == first_preset.colour} == commanders
    navy = [(name, row) for name, row in zip(names, rows) if fill_of(row[0]) == dark.colour]
    assert navy and all(source_by_name[name]["administration"] == "Bush" for name, _ in navy)
    assert all(cell.font.color.rgb == "FFFFFFFF" for _, row in navy for cell in row)  # white on navy


def test_matched_rules_notes_and_flags_columns(bundled, source_by_name, tmp_path):
    names = list(bundled.frame["name"])
    person = next(name for name, row in source_by_name.items()
                  if row["administration"] == "Trump" and row["security_status"] == "active")
    person_id = bundled.frame["person_id"].iloc[names.index(person)]
    with Workspace.open(tmp_path / "workspace.sqlite") as workspace:
        workspace.set_note(BUNDLED_WORKBOOK, person_id, "Check the 2018 release")
        workspace.set_flag(BUNDLED_WORKBOOK, person_id, True)
        annotations = workspace.annotations(BUNDLED_WORKBOOK)
    request = make_request(bundled, rules=load_presets(), annotations=annotations,
                           matched_rules_column=True, notes_column=True, flag_column=True)
    target = tmp_path / "annotated.xlsx"

    export_view(request, target)

    _, header, rows = data_sheet(target)
    assert header[-3:] == [export_cells.MATCHED_RULES, export_cells.ANALYST_NOTES, export_cells.FLAG]
    by_name = {row[0].value: dict(zip(header, (cell.value for cell in row))) for row in rows}
    assert by_name[person]["Analyst notes"] == "Check the 2018 release"
    assert by_name[person]["Flag"] == "Yes"
    matched = by_name[person]["Matched rules"].split("; ")
    assert matched.index("Active in security forces at designation") < matched.index("Designated under Trump")
    others = [values for name, values in by_name.items() if name != person]
    assert all(values["Flag"] == "No" and values["Analyst notes"] is None for values in others)


def test_an_empty_view_writes_the_header_only(bundled, tmp_path):
    target = tmp_path / "none.xlsx"
    export_view(make_request(bundled, ViewState(search="no such person anywhere")), target)

    sheet, header, rows = data_sheet(target)
    assert rows == [] and header[0] == "Name"
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(header))}1"


# --- the About sheet ----------------------------------------------------------------------------


def test_about_sheet_says_where_the_rows_come_from_and_how_they_were_chosen(bundled, source_by_name, tmp_path):
    reasons = ColumnFilter("reasons", values=frozenset({"corruption"}))
    state = ViewState(sheet="post", search="general", filters={"reasons": reasons}, sort_column="name")
    request = make_request(bundled, state, load_presets())
    target = tmp_path / "about.xlsx"
    before = dt.datetime.now().astimezone().replace(microsecond=0)

    export_view(request, target)

    lines = about(target)
    facts = {label: value for label, value, _ in lines if label}
    assert facts["Source file"] == BUNDLED_WORKBOOK.name
    assert facts["Source file SHA-256"] == hashlib.sha256(BUNDLED_WORKBOOK.read_bytes()).hexdigest()
    exported_at = dt.datetime.fromisoformat(facts["Exported at"])
    assert before <= exported_at <= dt.datetime.now().astimezone()
    assert facts["Exported with"].startswith("Sanctions Workbench ")
    assert facts["Rows exported"] == f"{len(request.view)} of {len(source_by_name)} rows loaded"
    assert "post-E.O. 13692" in facts["Sheet"]
    assert "general" in facts["Search"]
    assert "Reasons" in facts["Filter"] and "corruption" in facts["Filter"]
    assert facts["Sorted by"].startswith("Name")
    rule_lines = {label: (value, fill) for label, value, fill in lines[lines.index(
        next(line for line in lines if line[0] == "Highlighting rules")) + 1:]}
    assert list(rule_lines) == [rule.name for rule in load_presets()]
    value, fill = rule_lines["Former commander sanctioned for corruption"]
    assert fill == "#FFFF00"
    assert "Former commander is yes" in value and "Reasons include corruption" in value


def test_about_sheet_lists_the_sidebar_facets_too(bundled, tmp_path):
    state = ViewState().with_facet("administration", frozenset({"Obama"}))
    target = tmp_path / "facets.xlsx"
    export_view(make_request(bundled, state, []), target)
    filters = [value for label, value, _ in about(target) if label == "Filter"]
    assert filters == ["Administration is one of: Obama"]


# --- formulas stay text ---------------------------------------------------------------------------


@pytest.fixture
def hostile(tmp_path) -> Dataset:
    """A workbook whose names, positions and an extra column's header look like formulas."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sanctions"
    rows = [("Name", "Position", "Date sanctioned (U.S.)", "=cmd()")]
    rows += [(text, f"={index}+1", dt.date(2018, 5, 18), "@x") for index, text in enumerate(HOSTILE_TEXTS)]
    rows.append(("Néstor Luis Reverol Torres", "Minister of Interior (= head of the police)", dt.date(2018, 5, 18),
                 "plain"))
    for values in rows:
        sheet.append(values)
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text in the source, not a formula
    path = tmp_path / "hostile.xlsx"
    workbook.save(path)
    loaded = read_workbook(path)
    assert list(loaded.frame["name"][:4]) == list(HOSTILE_TEXTS)  # the reader kept them as text
    return Dataset(loaded.frame, path, loaded.report)


def hostile_request(dataset: Dataset, tmp_path: Path) -> ExportRequest:
    """Every text path: frame columns, an extra source column, a note with a leading tab,
    a rule name, a search and a filter shown on the About sheet."""
    person_id = dataset.frame["person_id"].iloc[0]
    with Workspace.open(tmp_path / "workspace.sqlite") as workspace:
        workspace.set_note(dataset.source, person_id, "\tcmd /c calc")
        annotations = workspace.annotations(dataset.source)
    rule = Rule("=HYPERLINK(\"http://x\",\"rule\")", "#FFFF00",
                conditions=(Condition("position", "contains", "+"),))
    state = ViewState(filters={"position": ColumnFilter("position", contains="=")})
    columns = [*default_columns(dataset.frame), schema.SOURCE_ROW]
    return make_request(dataset, state, [rule], columns, annotations=annotations,
                        matched_rules_column=True, notes_column=True)


def test_no_cell_is_a_formula_and_text_reads_back_unchanged(hostile, tmp_path):
    target = tmp_path / "safe.xlsx"
    export_view(hostile_request(hostile, tmp_path), target)

    workbook = openpyxl.load_workbook(target)
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert cells and not [cell.coordinate for cell in cells if cell.data_type == "f"]
    with zipfile.ZipFile(target) as package:
        sheets = [name for name in package.namelist() if name.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in package.read(name) or b"<f " in package.read(name) for name in sheets)

    _, header, rows = data_sheet(target)
    assert "=cmd()" in header
    names = [cell for cell in column(header, rows, "Name")]
    assert [cell.value for cell in names[:4]] == list(HOSTILE_TEXTS)
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in names[:4])
    assert not names[4].quotePrefix
    assert [cell.value for cell in column(header, rows, "Position at designation")][:4] == [f"={i}+1" for i in range(4)]
    assert column(header, rows, export_cells.ANALYST_NOTES)[0].value == "\tcmd /c calc"
    assert column(header, rows, export_cells.MATCHED_RULES)[0].value == '=HYPERLINK("http://x","rule")'
    source_by_name = [cell.value for cell in column(header, rows, "Source row")]
    assert all(isinstance(value, int) for value in source_by_name)  # numbers stay numbers
    about_values = {label: value for label, value, _ in about(target)}
    assert about_values['=HYPERLINK("http://x","rule")'].startswith("Position at designation contains")
    assert about_values["Filter"].startswith("Position at designation contains")


@pytest.fixture
def unknown_numbers(tmp_path) -> Dataset:
    """A workbook with two columns the schema does not know: numbers, and text that looks like them."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(("Name", "Position", "Longitude", "Case code"))
    sheet.append(("Ana Pérez", "Judge", -97.740349, "007"))
    sheet.append(("Luis Díaz", "Governor", 12.5, "-5+1"))
    sheet.append(("Eva Ruiz", "Minister", -3, "12345678901234567"))
    sheet.append(("Juan Gil", "Mayor", None, "+58"))
    for cell in sheet["D"]:
        cell.data_type = "s"  # typed as text in the source
    path = tmp_path / "coordinates.xlsx"
    workbook.save(path)
    loaded = read_workbook(path)
    return Dataset(loaded.frame, path, loaded.report)


def test_export_writes_negative_numbers_of_unknown_columns_as_numbers_not_text(unknown_numbers, tmp_path):
    request = make_request(unknown_numbers, columns=["name", "Longitude", "Case code"])
    export_view(request, tmp_path / "out.xlsx")
    export_view(request, tmp_path / "out.csv")

    _, header, rows = data_sheet(tmp_path / "out.xlsx")
    longitude = column(header, rows, "Longitude")
    assert [cell.value for cell in longitude] == [-97.740349, 12.5, -3, None]
    assert [cell.data_type for cell in longitude[:3]] == ["n", "n", "n"]
    assert not any(cell.quotePrefix for cell in longitude)
    # Text that only looks like a number keeps its form, and the formula guard still holds for text.
    codes = column(header, rows, "Case code")
    assert [cell.value for cell in codes] == ["007", "-5+1", "12345678901234567", "+58"]
    assert all(cell.data_type == "s" for cell in codes)
    assert [cell.quotePrefix for cell in codes] == [False, True, False, True]

    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as handle:
        csv_rows = list(csv.DictReader(handle))
    assert [row["Longitude"] for row in csv_rows] == ["-97.740349", "12.5", "-3", ""]
    assert [row["Case code"] for row in csv_rows] == ["007", "'-5+1", "12345678901234567", "'+58"]


def test_csv_has_a_bom_and_formulas_made_text(hostile, tmp_path):
    request = hostile_request(hostile, tmp_path)
    target = tmp_path / "safe.csv"

    export_view(request, target)

    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    with target.open(encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    assert header[-1] == export.HIGHLIGHT and "'=cmd()" in header
    cells = [dict(zip(header, row)) for row in rows]
    assert [row["Name"] for row in cells] == [f"'{text}" for text in HOSTILE_TEXTS] + ["Néstor Luis Reverol Torres"]
    assert cells[0][export_cells.ANALYST_NOTES] == "'\tcmd /c calc"
    assert all(row["Date sanctioned (U.S.)"] == "2018-05-18" for row in cells)
    assert [row["Source row"] for row in cells] == [str(n) for n in hostile.frame["source_row"]]
    on_screen = request.view.colours[request.view.rows]
    assert [row[export.HIGHLIGHT] or None for row in cells] == list(on_screen)


def test_csv_holds_the_same_rows_as_the_sheet(bundled, tmp_path, source_sheet_counts):
    request = make_request(bundled, ViewState(sheet="pre", sort_column="name"))
    export_view(request, tmp_path / "pre.xlsx")
    export_view(request, tmp_path / "pre.csv")

    _, header, rows = data_sheet(tmp_path / "pre.xlsx")
    with (tmp_path / "pre.csv").open(encoding="utf-8-sig", newline="") as handle:
        csv_header, *csv_rows = list(csv.reader(handle))
    assert csv_header[:-1] == header
    assert [row[0] for row in csv_rows] == [row[0].value for row in rows]
    assert len(csv_rows) == source_sheet_counts[vocabularies.SHEET_PRE]  # the pre-E.O. 13692 sheet


# --- the file appears whole or not at all ----------------------------------------------------------


def test_a_failure_mid_write_leaves_the_old_file_and_no_temporary(bundled, tmp_path, monkeypatch):
    target = tmp_path / "export.xlsx"
    target.write_bytes(b"last week's export")
    written_chunks = []
    real_rows_xml = export_xlsx._rows_xml

    def fail_on_third_chunk(*args):
        if len(written_chunks) == 2:
            raise RuntimeError("simulated crash while writing")
        written_chunks.append(True)
        return real_rows_xml(*args)

    monkeypatch.setattr(export, "CHUNK_ROWS", 20)
    monkeypatch.setattr(export_xlsx, "_rows_xml", fail_on_third_chunk)

    with pytest.raises(RuntimeError):
        export_view(make_request(bundled), target)

    assert target.read_bytes() == b"last week's export"
    assert folder_listing(tmp_path) == ["export.xlsx"]


@pytest.mark.parametrize("name", ["export.xlsx", "export.csv"])
def test_a_full_disk_is_a_plain_message(bundled, tmp_path, monkeypatch, name):
    def disk_full(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export.os, "fsync", disk_full)

    with pytest.raises(ExportError, match="disk is full") as raised:
        export_view(make_request(bundled), tmp_path / name)

    assert name in str(raised.value)
    assert folder_listing(tmp_path) == []


def test_cancel_leaves_nothing_behind(bundled, tmp_path, monkeypatch):
    target = tmp_path / "export.xlsx"
    target.write_bytes(b"last week's export")
    monkeypatch.setattr(export, "CHUNK_ROWS", 20)
    reports = []

    with pytest.raises(Cancelled):
        export_view(make_request(bundled), target, progress=lambda fraction, message: reports.append(message),
                    cancelled=lambda: len(reports) >= 5)

    assert any(message.startswith("Writing rows") for message in reports)  # cancelled mid-rows
    assert target.read_bytes() == b"last week's export"
    assert folder_listing(tmp_path) == ["export.xlsx"]


def test_progress_rises_to_done(bundled, tmp_path, monkeypatch):
    monkeypatch.setattr(export, "CHUNK_ROWS", 50)
    fractions = []

    export_view(make_request(bundled), tmp_path / "export.csv", progress=lambda fraction, _: fractions.append(fraction))

    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert len(fractions) >= len(bundled) // 50


def test_the_source_file_is_never_the_target(tmp_path):
    source = tmp_path / "workbook.xlsx"
    shutil.copy(BUNDLED_WORKBOOK, source)
    loaded = read_workbook(source)
    dataset = Dataset(loaded.frame, source, loaded.report)
    original = source.read_bytes()
    (tmp_path / "sub").mkdir()

    for spelling in (source, tmp_path / "sub" / ".." / "workbook.xlsx"):
        with pytest.raises(ExportError, match="workbook.xlsx is the file the data was read from"):
            export_view(make_request(dataset), spelling)

    os.link(source, tmp_path / "same-file.xlsx")
    with pytest.raises(ExportError, match="read from"):
        export_view(make_request(dataset), tmp_path / "same-file.xlsx")
    assert source.read_bytes() == original


def test_a_read_only_folder_is_a_plain_message(bundled, tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: a read-only folder is still writable")
        with pytest.raises(ExportError, match="permission denied") as raised:
            export_view(make_request(bundled), folder / "export.xlsx")
        assert "export.xlsx" in str(raised.value)
        assert folder_listing(folder) == []
    finally:
        folder.chmod(0o755)


def test_a_locked_target_is_a_plain_message_and_stays_as_it_was(bundled, tmp_path, monkeypatch):
    target = tmp_path / "export.xlsx"
    target.write_bytes(b"open in Excel")

    def locked(source, destination):
        raise PermissionError(errno.EACCES, "Permission denied", str(destination))

    monkeypatch.setattr(export.os, "replace", locked)

    with pytest.raises(ExportError, match="open in another program") as raised:
        export_view(make_request(bundled), target)

    assert str(target) in str(raised.value)
    assert target.read_bytes() == b"open in Excel"
    assert folder_listing(tmp_path) == ["export.xlsx"]


def test_targets_that_cannot_be_written_are_refused_before_writing(bundled, tmp_path, monkeypatch):
    with pytest.raises(ExportError, match="does not exist"):
        export_view(make_request(bundled), tmp_path / "missing" / "export.xlsx")
    with pytest.raises(ExportError, match=r"\.xlsx .* or \.csv"):
        export_view(make_request(bundled), tmp_path / "export.txt")
    (tmp_path / "folder.xlsx").mkdir()
    with pytest.raises(ExportError, match="is a folder"):
        export_view(make_request(bundled), tmp_path / "folder.xlsx")
    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", 100)
    with pytest.raises(ExportError, match="export to CSV instead"):
        export_view(make_request(bundled), tmp_path / "too-long.xlsx")
    export_view(make_request(bundled), tmp_path / "too-long.csv")
    assert folder_listing(tmp_path) == ["folder.xlsx", "too-long.csv"]
