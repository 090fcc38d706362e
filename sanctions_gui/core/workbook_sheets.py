"""The raw cells of every sheet of a workbook, read the cheapest safe way for its format.

* .xlsx / .xlsm: python-calamine in the app, after each sheet's layout is checked
  (xlsx_layout): a sheet whose values are few but far apart is read from a compact copy,
  one too large to open is left out with a reason, and Excel 4 macro sheets (which
  python-calamine refuses, taking the whole workbook with them) are left out.
* .xls: the records are looked at first (legacy_file: password, damage, sheet sizes), then
  the cells are read in a bounded child process (bounded_reading).
* .ods: read in the bounded child process too (repeated-cell attributes can ask for
  billions of cells).
* .csv: csv_reading.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from . import fills, legacy_file, refusals, xlsx_layout
from .bounded_reading import read_bounded
from .calamine_sheets import ENTITIES, MACRO_SHEET, PASSWORD, RawSheet, ReaderFailure, read_sheets
from .csv_reading import read_csv
from .formats import DAMAGED_PACKAGE_ERRORS, FileKind
from .import_report import ImportReport, WorkbookError

# A sheet laid out over more cells than this is left out (python-calamine takes about
# 40 bytes a cell: 16 million cells stay well under 1 GB).
MAX_SHEET_CELLS = 16_000_000
# A copy with only the rows holding values is made when it is this many times smaller.
COMPACTION_GAIN = 4
_READ_COMPACTED = "read from a copy holding only its rows with values"


def read_raw_sheets(path: Path, kind: FileKind, report: ImportReport, step) -> list[RawSheet]:
    if kind.format == "csv":
        return [read_csv(path, report)]
    if kind.format == "xls":
        step(0.1, f"Reading {path.name} (legacy .xls)")
        return _legacy(path, report)
    if kind.format == "ods":
        step(0.1, f"Reading {path.name}")
        sheets, skipped = read_bounded(path, path.read_bytes(), {})
        report.skipped_sheets.extend(skipped)
        return sheets
    try:
        return _xlsx(path, kind, report, step)
    except ReaderFailure as failure:
        if failure.kind == PASSWORD:
            raise WorkbookError(refusals.password(path)) from None
        if failure.kind == ENTITIES:
            raise WorkbookError(refusals.entities(path)) from None
        raise WorkbookError(refusals.damaged(path)) from None
    except (KeyError, ValueError, OSError, *DAMAGED_PACKAGE_ERRORS) as error:
        if "entit" in str(error).lower():
            raise WorkbookError(refusals.entities(path)) from None
        raise WorkbookError(refusals.damaged(path)) from None


def _legacy(path: Path, report: ImportReport) -> list[RawSheet]:
    data = path.read_bytes()
    try:
        workbook = legacy_file.inspect(data)
    except legacy_file.LegacyFileError as error:
        raise WorkbookError(refusals.damaged(path, str(error))) from None
    if workbook.encrypted:
        raise WorkbookError(refusals.password(path))
    copy, renumbered = legacy_file.readable_copy(data, workbook)
    sheets, skipped = read_bounded(path, copy, {})
    report.skipped_sheets.extend(skipped)
    errors = {sheet.name: sheet.error_cells for sheet in workbook.sheets}
    for sheet in sheets:
        sheet.only_errors = not sheet.rows and errors.get(sheet.name, 0) > 0
        if sheet.name in renumbered:
            kept = renumbered[sheet.name]
            sheet.row_numbers = [kept[sheet.first_row - 1 + index] for index in range(len(sheet.rows))]
    return sheets


def sheet_too_large(extent: str, cells: int) -> str:
    return (f"its values spread over {extent} ({cells:,} cells), more than this app can open; "
            "a stray value far from the table? Delete it in Excel, save, and open the file again")


def _xlsx(path: Path, kind: FileKind, report: ImportReport, step) -> list[RawSheet]:
    with zipfile.ZipFile(path) as archive:
        parts = fills.sheet_parts(archive)
        macro = {name for name, part in parts.items() if "/macrosheets/" in f"/{part}"}
        refused, compact = {}, {}
        for name, part in parts.items():
            if name in macro or part not in archive.NameToInfo:
                continue
            layout = xlsx_layout.sheet_layout(archive, part)
            if layout.cells <= xlsx_layout.DIRECT_CELLS:
                continue
            if layout.value_rows is not None and layout.compacted_cells() * COMPACTION_GAIN <= layout.cells \
                    and layout.compacted_cells() <= MAX_SHEET_CELLS:
                compact[name] = (part, layout)
            elif layout.cells > MAX_SHEET_CELLS:
                refused[name] = sheet_too_large(layout.extent, layout.cells)
        source: str | bytes = str(path) if kind.by_name else path.read_bytes()
        if macro:
            source = xlsx_layout.package_copy(archive, set(parts) - macro)
            report.skipped_sheets.extend((name, MACRO_SHEET) for name in parts if name in macro)
        sheets, skipped = read_sheets(source, refuse=lambda name: refused.get(name) or (
            _READ_COMPACTED if name in compact else None), progress=step)
        for name, why in skipped:
            if why == _READ_COMPACTED:  # visible, and worth a copy of its rows with values
                sheets.append(_compacted(archive, name, *compact[name], parts))
            else:
                report.skipped_sheets.append((name, why))
        order = list(parts)
        sheets.sort(key=lambda sheet: order.index(sheet.name) if sheet.name in order else len(order))
        for sheet in sheets:
            if not sheet.rows and sheet.name in parts and _holds_only_errors(archive, parts[sheet.name]):
                sheet.only_errors = True
    return sheets


def _compacted(archive: zipfile.ZipFile, name: str, part: str, layout: xlsx_layout.SheetLayout,
               parts: dict[str, str]) -> RawSheet:
    """One sheet read from a copy of the package holding only its rows with values."""
    others = {p for n, p in parts.items() if n != name}
    copy = xlsx_layout.package_copy(archive, {name}, {part: xlsx_layout.compacted_sheet(archive, part,
                                                                                      layout.value_rows)},
                                    leave_out=others)
    (sheet,), _ = read_sheets(copy)
    sheet.row_numbers = [layout.value_rows[sheet.first_row - 1 + index] for index in range(len(sheet.rows))]
    return sheet


_ERROR_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*\bt="e"')


def _holds_only_errors(archive: zipfile.ZipFile, part: str) -> bool:
    """Whether a sheet the value reader found empty has error cells (#REF!, #DIV/0!), shown as nothing."""
    try:
        with archive.open(part) as stream:
            return bool(_ERROR_CELL.search(stream.read(fills.CHUNK_BYTES)))
    except KeyError:
        return False
