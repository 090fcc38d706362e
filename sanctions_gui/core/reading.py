"""Open analysts' workbooks as they really are and turn them into the canonical frame.

The steps, each in its own module: find what the file really is and whether it is safe
(formats), read the cells the cheapest safe way for the format (workbook_sheets), turn
each sheet into people (sheet_frame: header row, columns by meaning or by hand, rows
that are not people, fields parsed by kind), add the name cells' fill colours (fills),
combine the sheets (canonical_frame) and say which key fields are missing (key_fields).
Everything noticed along the way is in the `ImportReport`. The source file is only ever
opened for reading.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pandas as pd
from defusedxml import DefusedXmlException

from . import fills, refusals, schema
from .canonical_frame import combine, empty_frame, person_ids
from .column_assignment import HEADER_SEARCH_ROWS, Mapping, keyed
from .formats import DAMAGED_PACKAGE_ERRORS, SPREADSHEET_SUFFIXES, identify
from .headers import MappingError, header_key
from .import_report import ImportReport, LoadResult, WorkbookError
from .key_fields import missing_key_fields
from .progress import CancelCheck, Cancelled, ProgressCallback, stepper
from .sheet_frame import NO_HEADER, administrations_for, sheet_frame
from .workbook_sheets import read_raw_sheets

__all__ = ["SPREADSHEET_SUFFIXES", "ImportReport", "LoadCancelled", "LoadResult", "MappingError", "WorkbookError",
           "administrations_for", "empty_frame", "person_ids", "read_workbook"]


class LoadCancelled(Cancelled):
    """The user cancelled a load in progress."""


def read_workbook(path: str | os.PathLike, progress: ProgressCallback | None = None,
                  cancelled: CancelCheck | None = None, mapping: Mapping | None = None) -> LoadResult:
    """Read a workbook into the canonical frame and its import report.

    `mapping` gives fields by hand, {source header: column}, a column of None keeping
    that header as an extra column; headers compare ignoring accents, case and spacing.
    Raises WorkbookError with a plain sentence when the file cannot be used (MappingError
    when the mapping names a header the file does not have), and LoadCancelled when
    `cancelled()` turns true between steps.
    """
    path = Path(path)
    report = ImportReport(str(path))
    hand = keyed(mapping)
    step = stepper(progress, cancelled, LoadCancelled)
    step(0.0, f"Opening {path.name}")
    kind = identify(path)
    report.file_format = kind.format
    if kind.misnamed:
        report.notes.append(kind.misnamed)
    raw_sheets = read_raw_sheets(path, kind, report, step)

    frames = []
    for index, raw in enumerate(raw_sheets):
        step(0.5 + 0.4 * index / max(len(raw_sheets), 1), f"Reading sheet '{raw.name}'")
        frame = sheet_frame(raw, report, hand)
        if frame is not None:
            frames.append(frame)
    if not frames:
        raise WorkbookError(refusals.no_table(path, report.skipped_sheets, NO_HEADER, HEADER_SEARCH_ROWS), report)
    _check_hand_mapping(path, mapping, report)

    if kind.format in ("xlsx", "xlsm"):
        step(0.9, "Reading highlighted cells")
        _scan_xlsx_sheets(path, frames, report)
    step(0.95, "Combining sheets")
    frame = combine(frames)
    report.missing_fields = missing_key_fields(report)
    step(1.0, f"Read {len(frame)} people")
    return LoadResult(frame, report)


def _check_hand_mapping(path: Path, mapping: Mapping | None, report: ImportReport) -> None:
    """Refuse a mapping naming a header no sheet's header row has: it would silently do nothing."""
    seen = {header_key(c.header) for sheet in report.sheets for c in sheet.columns if c.header}
    absent = [header for header in (mapping or {}) if header_key(header) not in seen]
    if not absent:
        return
    headers = sorted({c.header for sheet in report.sheets for c in sheet.columns if c.header})
    shown = ", ".join(f"'{h}'" for h in headers[:12]) + (", …" if len(headers) > 12 else "")
    raise MappingError(f"{path.name} has no column headed '{absent[0]}'; its headers are {shown}.", report)


def _scan_xlsx_sheets(path: Path, frames: list[pd.DataFrame], report: ImportReport) -> None:
    """Add the name cells' fill colours, and warn about error cells and formulas without results."""
    try:
        with zipfile.ZipFile(path) as archive:
            styles = fills.filled_styles(archive)
            parts = fills.sheet_parts(archive)
            for frame in frames:
                name = frame.attrs["sheet_name"]
                part = parts.get(name)
                if part is None or frame.empty:
                    continue
                rows = frame[schema.SOURCE_ROW]
                scan = fills.scan_sheet(archive, part, frame.attrs["name_column_letter"], styles, int(rows.max()))
                if scan.fills:
                    frame[schema.SOURCE_HIGHLIGHT] = rows.map(scan.fills).astype("string")
                _report_hidden_cells(scan, set(rows.tolist()), frame.attrs["headers_by_letter"], name, report)
    except DefusedXmlException:
        report.notes.append("Cell colours were not read: the file's style part declares XML entities, "
                            "which this app refuses for safety. The data loaded without them.")
    except (KeyError, ValueError, OSError, *DAMAGED_PACKAGE_ERRORS):
        report.notes.append("Cell colours could not be read (the part of the file that holds them is "
                            "damaged); the data loaded without them.")


def _report_hidden_cells(scan: fills.SheetScan, rows: set[int], headers: dict[str, str], sheet: str,
                         report: ImportReport) -> None:
    """Warn about cells the value reader showed as empty: error values and uncalculated formulas."""
    for row, letter, error in scan.errors:
        if row in rows and letter in headers:
            report.warn(sheet, row, headers[letter], f"the cell shows the error {error}; left empty")
    for row, letter in scan.unsaved_formulas:
        if row in rows and letter in headers:
            report.warn(sheet, row, headers[letter],
                        "the formula has no saved result (the file was saved by a program that does not "
                        "calculate formulas); left empty. Open and save the file in Excel or LibreOffice")
