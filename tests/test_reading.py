"""The workbook reader on the bundled dataset and on workbooks made the way analysts make them.

Expectations come from the data's own facts: the bundled workbook is checked field by
field against its CSV source read here with the csv module, and the test-made workbooks
name the people and values they hold.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
import zipfile

import pandas as pd
import pytest
from conftest import source_sheet
from corpus import CASES
from openpyxl import Workbook
from openpyxl.styles import PatternFill
from openpyxl.styles.colors import Color
from openpyxl.writer.theme import theme_xml

from sanctions_gui.core import folding, paths, schema
from sanctions_gui.core.reading import (
    LoadCancelled,
    WorkbookError,
    administrations_for,
    empty_frame,
    person_ids,
    read_workbook,
)
from sanctions_gui.core.schema import FIELDS, Kind
from sanctions_gui.core.values import fold_column, fold_key_column

SOURCE_CSV = paths.BUNDLED_WORKBOOK.with_suffix(".csv")
MARCH_9_2015 = pd.Timestamp("2015-03-09")


# --- the bundled workbook ------------------------------------------------------------------


@pytest.fixture(scope="module")
def source_rows() -> list[dict[str, str]]:
    with SOURCE_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_bundled_workbook_has_every_person_once_per_sheet(bundled, source_rows, source_sheet_counts):
    frame, report = bundled.frame, bundled.report
    assert len(frame) == len(source_rows)
    assert report.to_dict()["sheets"] == source_sheet_counts
    assert frame["sheet"].value_counts().to_dict() == source_sheet_counts
    assert frame["person_id"].is_unique
    assert not report.warnings and not report.skipped_sheets


def test_bundled_workbook_maps_every_canonical_column(bundled, source_rows):
    mapped = bundled.report.mapped()
    assert set(mapped) == set(source_rows[0]) == set(schema.FIELD_NAMES) - {"sheet"}
    for column, header in mapped.items():
        assert header == schema.label(column)
    assert all(not sheet.unmapped for sheet in bundled.report.sheets)


def test_bundled_workbook_has_sources_on_every_row(bundled):
    sources = bundled.frame["sources"]
    assert sources.map(len).gt(0).all()
    assert sources.explode().str.startswith("http").all()


def _csv_value(column: str, text: str):
    """A CSV cell normalised to what the reader should give for it."""
    kind = FIELDS[column].kind
    if kind is Kind.LIST:
        return tuple(text.split("; ")) if text else ()
    if kind is Kind.DATE:
        return dt.date.fromisoformat(text) if text else None
    if kind is Kind.FLAG:
        return {"yes": True, "no": False, "unclear": None}[text]
    if kind is Kind.JURISDICTION:
        if not text:
            return False, None
        return True, (None if text == "yes" else dt.date.fromisoformat(text))
    return text or None


def _frame_value(record: pd.Series, column: str):
    kind = FIELDS[column].kind

    def plain(value):
        if value is None or value is pd.NA or value is pd.NaT:
            return None
        return value.date() if isinstance(value, pd.Timestamp) else value

    if kind is Kind.JURISDICTION:
        return bool(record[column]), plain(record[FIELDS[column].date_column])
    if kind is Kind.LIST:
        return tuple(record[column])
    return plain(record[column])


def test_bundled_workbook_agrees_with_its_csv_source_field_by_field(bundled, source_rows):
    by_name = bundled.frame.set_index("name", drop=False)
    differences = []
    for row in source_rows:
        record = by_name.loc[row["name"]]
        for column, text in row.items():
            expected, got = _csv_value(column, text), _frame_value(record, column)
            if expected != got:
                differences.append(f"{row['name']}: {column}: CSV {expected!r}, workbook {got!r}")
        if record["sheet"] != source_sheet(row):
            differences.append(f"{row['name']}: sheet {record['sheet']!r}")
    assert not differences, "\n".join(differences[:20])


def test_bundled_workbook_rows_point_back_to_the_sheet(bundled):
    """source_row is the row an analyst finds the person on (header on row 4)."""
    for sheet, rows in bundled.frame.groupby("sheet")["source_row"]:
        assert rows.tolist() == list(range(5, 5 + len(rows))), sheet


def test_person_ids_survive_reordering_and_tell_namesakes_apart(bundled):
    frame = bundled.frame
    shuffled = frame.sample(frac=1, random_state=1)
    assert person_ids(shuffled).to_dict() == frame["person_id"].to_dict()
    twins = pd.concat([frame.head(1), frame.head(1)], ignore_index=True)
    ids = person_ids(twins)
    assert ids.is_unique and ids.iloc[1].startswith(ids.iloc[0])


def test_column_folding_matches_the_schema_one_value_at_a_time():
    """Person ids hash folded names: the fast column fold must equal folding.fold exactly."""
    tricky = pd.Series(["  José  Pérez ", "İstanbul", "Straße", "ﬁnance", "a\u0345b", "x\u00a0y\tz", "ǅ",
                        "ΣΑΣ", "", "Ñandú\u2003ÁÉ", "\u212a", "ﬀ\u0301", "ẞ", "Nestor Luis"])
    assert fold_column(tricky).tolist() == [folding.fold(text) for text in tricky]
    assert fold_key_column(tricky).tolist() == [folding.fold_key(text) for text in tricky]


def test_administrations_follow_inauguration_days():
    dates = pd.Series(pd.to_datetime(["2017-01-19", "2017-01-20", "2000-05-01", None, "2025-01-20"]))
    assert administrations_for(dates).fillna("none").tolist() == ["Obama", "Trump", "none", "none", "Trump II"]


def test_empty_frame_has_every_column_typed_like_a_loaded_one(bundled):
    empty = empty_frame()
    assert list(empty.columns) == list(schema.all_columns())
    assert empty.dtypes.to_dict() == bundled.frame[list(schema.all_columns())].dtypes.to_dict()


def test_cancelling_stops_the_load_and_progress_is_reported(source_rows):
    seen = []
    result = read_workbook(paths.BUNDLED_WORKBOOK, progress=lambda fraction, message: seen.append(fraction))
    assert len(result.frame) == len(source_rows) and seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)
    with pytest.raises(LoadCancelled):
        read_workbook(paths.BUNDLED_WORKBOOK, cancelled=lambda: True)


# --- a workbook made the way analysts make them -------------------------------------------

YELLOW = "FFFF00"
GREEN = "00B050"
ACCENT1 = re.search(r'<a:accent1>\s*<a:srgbClr val="(\w{6})"', theme_xml).group(1)  # openpyxl's theme
HEADER_ROW = 5
SPANISH_HEADERS = ["Nombre", "Cargo", "Fecha de sanción", "Unión Europea", "Activo en fuerzas de seguridad",
                   "Sexo", "Código interno"]
# (name, position, designation date cell, EU cell, security status) in sheet order from row 6.
PEOPLE = [
    ("José Ramón Pérez", "Ministro", dt.date(2015, 3, 9), "Sí", "activo"),
    ("María Gómez", "Jueza", 42072, "X", "no"),
    ("Ana Ruiz Díaz", "Fiscal", "2015-03-09", "✓", "retirado"),
    ("Luis Díaz", "General", "March 9, 2015", True, ""),
    ("Pedro Paz", "Coronel", "9 de marzo de 2015", 1, "desconocido"),
    ("Juan Sol", "Coronel", "09/03/2015", "Yes", "activa"),
    ("Rosa León", "Alcaldesa", "mañana", "No", "none"),
]
MERGED_POSITION_ROWS = (10, 11)  # Pedro Paz and Juan Sol share one merged "Coronel" cell


def write_analyst_workbook(path):
    """Title, note and blank rows over Spanish headers, merged cells, coloured names, odd dates."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sancionados"
    ws["A1"] = "Sanciones de EE. UU. a funcionarios venezolanos"
    ws.merge_cells("A1:G1")
    ws["A2"] = "Nota: compilado a mano; ver fuentes en la otra hoja"
    ws["A4"] = "Actualizado: marzo de 2015"  # a note just above the header, after a blank row
    for column, header in enumerate(SPANISH_HEADERS, start=1):
        ws.cell(HEADER_ROW, column, header)
    for offset, (name, position, date, eu, status) in enumerate(PEOPLE, start=1):
        row = HEADER_ROW + offset
        for column, value in enumerate((name, position, date, eu, status, "M", f"X-{offset}"), start=1):
            ws.cell(row, column, value)
    ws["A6"].fill = PatternFill("solid", fgColor=YELLOW)
    ws["A7"].fill = PatternFill("solid", fgColor=Color(theme=4))  # accent 1
    ws["A8"].fill = PatternFill("solid", fgColor=Color(indexed=10))  # red in Excel's palette
    ws.row_dimensions[9].fill = PatternFill("solid", fgColor=GREEN)  # the whole row
    ws["B11"] = None
    ws.merge_cells(f"B{MERGED_POSITION_ROWS[0]}:B{MERGED_POSITION_ROWS[1]}")
    ws.append([None])
    ws.append(["", "Sin nombre", "2016-01-01"])  # row 14: no name
    ws.append(SPANISH_HEADERS)  # row 15: the header pasted again
    hidden = wb.create_sheet("Borrador")
    hidden.append(["Nombre", "Cargo"])
    hidden.append(["Persona Oculta", "Secreto"])
    hidden.sheet_state = "hidden"
    wb.create_sheet("Vacía")
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def analyst(tmp_path_factory):
    return read_workbook(write_analyst_workbook(tmp_path_factory.mktemp("analyst") / "sanciones.xlsx"))


def test_header_is_found_below_title_note_and_blank_rows(analyst):
    (sheet,) = analyst.report.sheets
    assert (sheet.name, sheet.header_row, sheet.rows_read) == ("Sancionados", HEADER_ROW, len(PEOPLE))
    assert analyst.frame["name"].tolist() == [person[0] for person in PEOPLE]
    assert analyst.frame["source_row"].tolist() == list(range(HEADER_ROW + 1, HEADER_ROW + 1 + len(PEOPLE)))


def test_spanish_headers_with_accents_are_recognised(analyst):
    (sheet,) = analyst.report.sheets
    assert sheet.mapping == {"name": "Nombre", "position": "Cargo", "us_designation_date": "Fecha de sanción",
                             "eu": "Unión Europea", "security_status": "Activo en fuerzas de seguridad",
                             "gender": "Sexo"}
    assert sheet.unmapped == ["Código interno"]
    assert analyst.frame["Código interno"].tolist() == [f"X-{n}" for n in range(1, len(PEOPLE) + 1)]
    assert analyst.frame["security_status"].tolist() == ["active", "none", "former", "unknown", "unknown",
                                                         "active", "none"]


def test_merged_cells_give_every_covered_row_the_value(analyst):
    positions = analyst.frame.set_index("source_row")["position"]
    assert [positions[row] for row in MERGED_POSITION_ROWS] == ["Coronel", "Coronel"]


def test_name_cell_fills_become_the_source_highlight(analyst):
    highlight = analyst.frame.set_index("name")["source_highlight"]
    assert highlight["José Ramón Pérez"] == f"#{YELLOW}"
    assert highlight["María Gómez"] == f"#{ACCENT1}"
    assert highlight["Ana Ruiz Díaz"] == "#FF0000"
    assert highlight["Luis Díaz"] == f"#{GREEN}"  # whole-row fill
    assert highlight[["Pedro Paz", "Juan Sol", "Rosa León"]].isna().all()


def test_dates_in_every_written_form_are_read(analyst):
    dates = analyst.frame.set_index("name")["us_designation_date"]
    assert (dates[[p[0] for p in PEOPLE[:6]]] == MARCH_9_2015).all()
    assert pd.isna(dates["Rosa León"])
    assert analyst.frame["administration"].iloc[0] == "Obama"


def test_ambiguous_and_unreadable_dates_are_warned_with_sheet_row_and_column(analyst):
    warnings = [str(w) for w in analyst.report.warnings]
    ambiguous = [w for w in warnings if "'09/03/2015' is ambiguous" in w]
    assert ambiguous == [ambiguous[0]]
    assert ambiguous[0].startswith("Sheet 'Sancionados', row 11, column 'Fecha de sanción':")
    assert "9 March 2015" in ambiguous[0] and "3 September 2015" in ambiguous[0]
    assert any(w.startswith("Sheet 'Sancionados', row 12, column 'Fecha de sanción': 'mañana'") for w in warnings)


def test_yes_no_cells_in_every_written_form(analyst):
    eu = analyst.frame.set_index("name")["eu"]
    assert eu[[p[0] for p in PEOPLE[:6]]].tolist() == [True] * 6
    assert eu.dtype == "boolean" and not eu["Rosa León"]


def test_hidden_and_empty_sheets_are_skipped_with_a_note(analyst):
    skipped = dict(analyst.report.skipped_sheets)
    assert skipped == {"Borrador": "the sheet is hidden in the workbook", "Vacía": "the sheet is empty"}
    assert "Persona Oculta" not in analyst.frame["name"].tolist()


def test_import_report_lists_rows_mapping_unmapped_skipped_and_warnings(analyst):
    report = analyst.report.to_dict()
    assert report["rows"] == len(PEOPLE) and report["sheets"] == {"Sancionados": len(PEOPLE)}
    assert report["header_rows"] == {"Sancionados": HEADER_ROW}
    assert report["mapped"]["us_designation_date"] == "Fecha de sanción"
    assert report["unmapped"] == {"Sancionados": ["Código interno"]}
    assert report["skipped_rows"] == {"Sancionados": ["row 14: it has no name", "row 15: it repeats the header row"]}
    assert report["skipped_sheets"] == {"Borrador": "the sheet is hidden in the workbook",
                                        "Vacía": "the sheet is empty"}
    assert all(w.startswith("Sheet 'Sancionados', row ") for w in report["warnings"])
    text = analyst.report.to_text()
    assert "'Fecha de sanción' → Date sanctioned (U.S.)" in text and "Row 14 skipped: it has no name" in text


def test_the_source_file_is_not_modified(tmp_path):
    path = write_analyst_workbook(tmp_path / "mine.xlsx")
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    read_workbook(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_formulas_use_their_cached_results(tmp_path):
    """openpyxl saves no formula results, so the corpus writes cached values into the XML itself."""
    build, _ = CASES["formulas_and_errors"]
    frame = read_workbook(build(tmp_path)).frame.set_index("source_row")
    assert frame.loc[2, "position"] == "Minister of Interior"
    assert frame.loc[2, "us_designation_date"] == pd.Timestamp("2018-05-18")


def test_cells_at_excels_length_limit_are_kept_whole(tmp_path):
    build, _ = CASES["long_cells"]
    frame = read_workbook(build(tmp_path)).frame
    assert frame["position"].str.len().tolist()[0] == 32_767
    assert frame["notes"].tolist()[0] == "ñ" * 32_767


def test_formulas_without_saved_results_are_warned(tmp_path):
    wb = Workbook()
    wb.active.append(["Name", "Position", "Notes"])
    wb.active.append(["Ana Ruiz", "Fiscal", "=B2"])
    wb.save(tmp_path / "formulas.xlsx")
    result = read_workbook(tmp_path / "formulas.xlsx")
    assert pd.isna(result.frame["notes"].iloc[0])
    assert [str(w).split(":")[0] for w in result.report.warnings] == ["Sheet 'Sheet', row 2, column 'Notes'"]
    assert "no saved result" in str(result.report.warnings[0])


def test_a_sheet_not_starting_in_column_a_keeps_its_colours(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws["C3"], ws["D3"] = "Name", "Position"
    ws["C4"], ws["D4"] = "Ana Ruiz", "Fiscal"
    ws["C4"].fill = PatternFill("solid", fgColor=YELLOW)
    ws["C5"], ws["D5"] = "Luis Díaz", "General"
    wb.save(tmp_path / "offset.xlsx")
    result = read_workbook(tmp_path / "offset.xlsx")
    frame = result.frame
    assert result.report.sheets[0].header_row == 3
    assert frame["source_highlight"].fillna("none").tolist() == [f"#{YELLOW}", "none"]
    assert frame["source_row"].tolist() == [4, 5]


# --- other formats ---------------------------------------------------------------------------


def test_ods_with_spanish_headers(tmp_path):
    pytest.importorskip("odf")
    path = tmp_path / "sanciones.ods"
    pd.DataFrame({"Nombre": ["José Pérez", "Ana Ruiz"], "Cargo": ["Ministro", "Fiscal"],
                  "Fecha de sanción": [dt.date(2015, 3, 9), dt.date(2017, 7, 26)]}).to_excel(
        path, engine="odf", index=False, sheet_name="Hoja1")
    result = read_workbook(path)
    assert result.report.file_format == "ods"
    assert result.frame["name"].tolist() == ["José Pérez", "Ana Ruiz"]
    assert result.frame["us_designation_date"].tolist() == [MARCH_9_2015, pd.Timestamp("2017-07-26")]


CSV_TEXT = ("Nombre;Cargo;Fecha de sanción;Unión Europea\r\n"
            "José Ramón Pérez;Ministro de Defensa;2015-03-09;Sí\r\n"
            "Ana Ruiz Díaz;Fiscal General;09/03/2015;no\r\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_csv_in_common_encodings_with_semicolons(tmp_path, encoding):
    path = tmp_path / f"sanciones-{encoding}.csv"
    path.write_bytes(CSV_TEXT.encode(encoding))
    result = read_workbook(path)
    frame = result.frame
    assert result.report.mapped() == {"name": "Nombre", "position": "Cargo",
                                      "us_designation_date": "Fecha de sanción", "eu": "Unión Europea"}
    assert frame["name"].tolist() == ["José Ramón Pérez", "Ana Ruiz Díaz"]
    assert frame["eu"].tolist() == [True, False]
    assert (frame["us_designation_date"] == MARCH_9_2015).all()
    notes = " ".join(result.report.notes)
    assert ("Windows-1252" in notes) == (encoding == "cp1252")


def test_csv_cells_longer_than_the_csv_module_default_limit(tmp_path):
    notes = "Designated for corruption. " * 10_000  # 270,000 characters
    path = tmp_path / "long.csv"
    path.write_text(f'Name,Notes\nAna Ruiz,"{notes}"\n', encoding="utf-8")
    assert read_workbook(path).frame["notes"].iloc[0] == notes.strip()


def test_csv_delimiter_is_not_taken_from_commas_inside_quoted_notes(tmp_path):
    """csv.Sniffer called this semicolon file comma-separated: the notes are full of commas."""
    notes = '"dijo ""sí"", luego ""no"", y otra vez, ""quizá""", más, texto, "y" "y"'
    path = tmp_path / "semicolons.csv"
    path.write_text("Name;Position;Notes\n" + "".join(f"Persona {n};Cargo;{notes}\n" for n in range(300)),
                    encoding="utf-8")
    frame = read_workbook(path).frame
    assert len(frame) == 300 and frame["position"].eq("Cargo").all()


def test_csv_with_an_unclosed_quote_in_every_note_reads_every_person(tmp_path):
    build, _ = CASES["csv_sniffer_trap"]
    frame = read_workbook(build(tmp_path)).frame
    assert frame["name"].tolist()[:2] == ["Persona 0", "Persona 1"] and len(frame) == 1500
    assert frame["notes"].iloc[0] == '"dijo que no'


def test_legacy_xls_is_read(tmp_path):
    build, _ = CASES["legacy_xls"]
    result = read_workbook(build(tmp_path))
    assert result.report.file_format == "xls"
    assert result.frame["name"].tolist()[0] == "Néstor Luis Reverol Torres"
    assert result.frame["us_designation_date"].iloc[0] == pd.Timestamp("2018-05-18")


def test_a_copy_with_the_wrong_extension_is_read_by_its_contents(tmp_path, source_rows):
    path = shutil.copy(paths.BUNDLED_WORKBOOK, tmp_path / "export.csv")
    assert len(read_workbook(path).frame) == len(source_rows)


def test_errors_name_the_file(tmp_path):
    with pytest.raises(WorkbookError, match="missing.xlsx does not exist"):
        read_workbook(tmp_path / "missing.xlsx")
    (tmp_path / "notes.txt").write_text("just some words\nno table here\n")
    with pytest.raises(WorkbookError, match="notes.txt has no recognisable header row"):
        read_workbook(tmp_path / "notes.txt")
    with zipfile.ZipFile(tmp_path / "archive.zip", "w") as archive:
        archive.writestr("a.txt", "x")
    with pytest.raises(WorkbookError, match="archive.zip is a zip archive but not a spreadsheet"):
        read_workbook(tmp_path / "archive.zip")
