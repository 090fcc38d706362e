"""Open analysts' workbooks as they really are and turn them into the canonical frame.

The steps: check the file is what it claims and safe to open (size, archive sizes,
password, legacy format), read cell values fast with python-calamine, find the header
row on every sheet, map headers onto the schema, parse each column by its kind, and
record everything noticed along the way in an `ImportReport`. The source file is only
ever opened for reading.

python-calamine is native code that trusts sizes written in the file, and a failed
allocation there kills the process. So an .xlsx sheet whose values would span too
many cells is skipped before it is loaded, and legacy .xls files are read in a child
process. Its panics (PanicException, a BaseException) become WorkbookErrors.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import pickle
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import python_calamine
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError

from . import fills, schema
from .paths import PROJECT_ROOT
from .progress import CancelCheck, Cancelled, ProgressCallback, stepper
from .schema import FIELDS, Kind
from .values import CellIssue, Cells, fold_column, fold_key_column, parse_column, parse_jurisdiction

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".xls", ".csv")
HEADER_SEARCH_ROWS = 50
NO_HEADER = "no header row naming at least a Name column and one other known column"
MAX_FILE_BYTES = 1024**3
# A workbook is a zip archive: refuse to expand one whose parts would not fit in memory.
MAX_PART_BYTES = 1024**3
MAX_TOTAL_BYTES = 2 * 1024**3
# Ordinary sheets compress 5-50x; deflate cannot do much better than 1032x, which only
# runs of identical bytes reach. Large parts that close on that limit are bombs.
SUSPICIOUS_RATIO = 500
SUSPICIOUS_PART_BYTES = 64 * 1024**2
MAX_WARNINGS = 500
# What reading a part of a damaged .xlsx package can raise besides OSError/ValueError.
DAMAGED_PACKAGE_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, ParseError, NotImplementedError)
# A sheet whose values span more cells than this is skipped (about 0.8 GB in the reader).
MAX_SHEET_CELLS = 25_000_000
LEGACY_TIMEOUT_SECONDS = 120
CANCEL_CHECK_ROWS = 20_000  # a cancel click is noticed within this many rows of a large sheet



class WorkbookError(Exception):
    """A file that could not be loaded; the message is a plain sentence for the user."""

    def __init__(self, message: str, report: ImportReport | None = None):
        super().__init__(message)
        self.report = report


class LoadCancelled(Cancelled):
    """The user cancelled a load in progress."""


@dataclass(frozen=True)
class ImportWarning:
    sheet: str | None
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        place = []
        if self.sheet:
            place.append(f"sheet '{self.sheet}'")
        if self.row:
            place.append(f"row {self.row}")
        if self.column:
            place.append(f"column '{self.column}'")
        prefix = ", ".join(place)
        return f"{prefix[:1].upper()}{prefix[1:]}: {self.message}" if prefix else self.message


@dataclass
class SheetReport:
    name: str
    header_row: int
    rows_read: int = 0
    mapping: dict[str, str] = field(default_factory=dict)  # column -> source header
    unmapped: list[str] = field(default_factory=list)
    skipped_rows: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class ImportReport:
    path: str
    file_format: str = ""
    sheets: list[SheetReport] = field(default_factory=list)
    skipped_sheets: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    warnings_not_listed: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(sheet.rows_read for sheet in self.sheets)

    def warn(self, sheet: str | None, row: int | None, column: str | None, message: str) -> None:
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(ImportWarning(sheet, row, column, message))
        else:
            self.warnings_not_listed += 1

    def mapped(self) -> dict[str, str]:
        """Canonical column → the source header it came from (first sheet that has it)."""
        result: dict[str, str] = {}
        for sheet in self.sheets:
            for column, header in sheet.mapping.items():
                result.setdefault(column, header)
        return result

    def to_dict(self) -> dict:
        return {
            "file": self.path,
            "format": self.file_format,
            "rows": self.rows,
            "sheets": {s.name: s.rows_read for s in self.sheets},
            "header_rows": {s.name: s.header_row for s in self.sheets},
            "mapped": self.mapped(),
            "unmapped": {s.name: s.unmapped for s in self.sheets if s.unmapped},
            "skipped_sheets": {name: why for name, why in self.skipped_sheets},
            "skipped_rows": {s.name: [f"row {r}: {why}" for r, why in s.skipped_rows]
                             for s in self.sheets if s.skipped_rows},
            "notes": list(self.notes),
            "warnings": [str(w) for w in self.warnings]
            + ([f"... and {self.warnings_not_listed} more warnings"] if self.warnings_not_listed else []),
        }

    def to_text(self) -> str:
        """The report as plain lines, for the command line and the import report view."""
        lines = [f"{Path(self.path).name}: {self.rows} people read"
                 + (f" ({self.file_format})" if self.file_format else "")]
        for sheet in self.sheets:
            lines.append(f"  Sheet '{sheet.name}': {sheet.rows_read} rows, header on row {sheet.header_row}")
            for column, header in sheet.mapping.items():
                lines.append(f"    {header!r} → {schema.label(column)}")
            if sheet.unmapped:
                lines.append("    Kept as extra columns: " + ", ".join(repr(h) for h in sheet.unmapped))
            for row, why in sheet.skipped_rows[:20]:
                lines.append(f"    Row {row} skipped: {why}")
            if len(sheet.skipped_rows) > 20:
                lines.append(f"    ... and {len(sheet.skipped_rows) - 20} more rows skipped")
        for name, why in self.skipped_sheets:
            lines.append(f"  Sheet '{name}' skipped: {why}")
        lines.extend(f"  Note: {note}" for note in self.notes)
        if self.warnings:
            lines.append(f"  Warnings ({len(self.warnings) + self.warnings_not_listed}):")
            lines.extend(f"    {w}" for w in self.warnings)
            if self.warnings_not_listed:
                lines.append(f"    ... and {self.warnings_not_listed} more")
        return "\n".join(lines)


@dataclass
class LoadResult:
    frame: pd.DataFrame
    report: ImportReport


@dataclass
class _RawSheet:
    """Cell values of one sheet, with where its first row and column sit in the sheet."""

    name: str
    rows: list[list]
    first_row: int = 1  # 1-based sheet row of rows[0]
    first_column: int = 0  # 0-based sheet column of rows[*][0]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)


# --- entry point -----------------------------------------------------------------------


def read_workbook(path: str | os.PathLike, progress: ProgressCallback | None = None,
                  cancelled: CancelCheck | None = None) -> LoadResult:
    """Read a workbook into the canonical frame and its import report.

    Raises WorkbookError with a plain sentence when the file cannot be used, and
    LoadCancelled when `cancelled()` turns true between steps.
    """
    path = Path(path)
    report = ImportReport(str(path))

    step = stepper(progress, cancelled, LoadCancelled)
    step(0.0, f"Opening {path.name}")
    file_format = _identify(path)
    report.file_format = file_format
    if file_format == "csv":
        raw_sheets = [_read_csv(path, report)]
    elif file_format == "xls":
        raw_sheets = _read_legacy(path, report, step)
    else:
        raw_sheets = _read_checked(path, file_format, report, step)

    frames = []
    for index, raw in enumerate(raw_sheets):
        step(0.5 + 0.4 * index / max(len(raw_sheets), 1), f"Reading sheet '{raw.name}'")
        frame = _sheet_frame(raw, report)
        if frame is not None:
            frames.append(frame)
    if not frames:
        reasons = "; ".join(f"'{name}': {why}" for name, why in report.skipped_sheets) or "it is empty"
        if any(why == NO_HEADER for _, why in report.skipped_sheets):
            raise WorkbookError(
                f"{path.name} has no sheet with a recognisable header row (looked for columns such as "
                f"Name, Position, Date sanctioned in the first {HEADER_SEARCH_ROWS} rows). Sheets: {reasons}.",
                report,
            )
        raise WorkbookError(f"{path.name} has no sheet this app can open. Sheets: {reasons}.", report)

    if file_format in ("xlsx", "xlsm"):
        step(0.9, "Reading highlighted cells")
        _scan_xlsx_sheets(path, frames, report)
    step(0.95, "Combining sheets")
    frame = _combine(frames)
    step(1.0, f"Read {len(frame)} people")
    return LoadResult(frame, report)


def empty_frame() -> pd.DataFrame:
    """A frame with every canonical column and no rows, typed as a loaded one would be."""
    return _ensure_columns(pd.DataFrame(index=pd.RangeIndex(0)))


# --- identifying and opening the file -------------------------------------------------------


def _plain(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:200]


def _password_message(path: Path) -> str:
    return (f"{path.name} is protected with a password. Open it in Excel, remove the password "
            "(File > Info > Protect Workbook), save a copy and open that copy.")


def _identify(path: Path) -> str:
    """The file's real format from its first bytes, refusing what cannot be opened safely."""
    if not path.exists():
        raise WorkbookError(f"{path} does not exist.")
    if path.is_dir():
        raise WorkbookError(f"{path} is a folder, not a spreadsheet.")
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise WorkbookError(f"{path.name} could not be opened: {error.strerror or error}.") from None
    if size == 0:
        raise WorkbookError(f"{path.name} is empty (0 bytes).")
    if size > MAX_FILE_BYTES:
        raise WorkbookError(f"{path.name} is {size / 1024**3:.1f} GB, larger than this app opens (1 GB).")
    if head.startswith(b"PK\x03\x04"):
        return _identify_archive(path)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if _is_encrypted_ooxml(path):
            raise WorkbookError(_password_message(path))
        return "xls"
    if path.suffix.lower() in (".csv", ".txt", ".tsv") and _looks_like_text(path):
        return "csv"
    suffixes = ", ".join(SPREADSHEET_SUFFIXES)
    if path.suffix.lower() in SPREADSHEET_SUFFIXES:
        raise WorkbookError(f"{path.name} is not a spreadsheet: its contents are not a {path.suffix} "
                            f"workbook (the file may be damaged or misnamed).")
    raise WorkbookError(f"{path.name} is not a spreadsheet this app opens ({suffixes}).")


def _looks_like_text(path: Path) -> bool:
    with path.open("rb") as handle:
        sample = handle.read(4096)
    if sample.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return True
    if b"\x00" in sample:
        return sample.count(b"\x00") >= len(sample) // 3  # UTF-16 without a byte order mark
    control = sum(byte < 9 or 13 < byte < 32 for byte in sample)
    return control <= len(sample) // 100


def _is_encrypted_ooxml(path: Path) -> bool:
    """Password-protected .xlsx files are OLE containers holding an EncryptedPackage stream."""
    marker = "EncryptedPackage".encode("utf-16-le")
    with path.open("rb") as handle:
        return marker in handle.read(16 * 1024**2)


def _identify_archive(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            _check_archive_sizes(path, entries)
            if "mimetype" in names:
                with archive.open("mimetype") as part:
                    mimetype = part.read(100)
                if b"opendocument.spreadsheet" in mimetype:
                    return "ods"
            if "xl/workbook.xml" in names:
                return "xlsm" if path.suffix.lower() == ".xlsm" or "xl/vbaProject.bin" in names else "xlsx"
    except DAMAGED_PACKAGE_ERRORS:
        raise WorkbookError(f"{path.name} is damaged: the workbook archive is truncated or corrupt. "
                            "Ask for a fresh copy of the file.") from None
    raise WorkbookError(f"{path.name} is a zip archive but not a spreadsheet (no workbook inside).")


def _check_archive_sizes(path: Path, entries: list[zipfile.ZipInfo]) -> None:
    """Refuse zip bombs by the sizes the archive declares, before anything is expanded."""
    total = sum(entry.file_size for entry in entries)
    if total > MAX_TOTAL_BYTES:
        raise WorkbookError(f"{path.name} would expand to {total / 1024**3:.1f} GB when opened; "
                            "it is refused as unsafe (a damaged file or a zip bomb).")
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > MAX_PART_BYTES or (
                entry.file_size > SUSPICIOUS_PART_BYTES and ratio > SUSPICIOUS_RATIO):
            raise WorkbookError(
                f"{path.name} is refused as unsafe: its part '{entry.filename}' would expand from "
                f"{entry.compress_size:,} bytes to {entry.file_size:,} bytes (a zip bomb or a damaged file).")


# --- reading cell values ----------------------------------------------------------------------


def _read_spreadsheet(path: Path, file_format: str, report: ImportReport, step) -> list[_RawSheet]:
    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        metadata = workbook.sheets_metadata
        loaded = []
        for index, meta in enumerate(metadata):
            step(0.05 + 0.25 * index / max(len(metadata), 1), f"Reading sheet '{meta.name}'")
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                report.skipped_sheets.append((meta.name, "a chart or dialog sheet, not a table"))
                continue
            if meta.visible != python_calamine.SheetVisibleEnum.Visible:
                hidden = "very hidden" if meta.visible == python_calamine.SheetVisibleEnum.VeryHidden else "hidden"
                report.skipped_sheets.append((meta.name, f"the sheet is {hidden} in the workbook"))
                continue
            too_wide = _too_wide(path, file_format, meta.name)
            if too_wide:
                report.skipped_sheets.append((meta.name, too_wide))
                continue
            loaded.append(workbook.get_sheet_by_name(meta.name))
    finally:
        # Each sheet holds its own cells: closing now frees the shared-strings table
        # (hundreds of MB on a large sheet) before the cells are copied into Python.
        workbook.close()
    sheets = []
    for index in range(len(loaded)):
        sheet, loaded[index] = loaded[index], None  # free each sheet's cells once copied
        fraction = 0.3 + 0.2 * index / len(loaded)
        name = sheet.name
        rows, first_row, first_column = _sheet_rows(
            sheet, lambda done: step(fraction, f"Reading sheet '{name}': row {done:,}"))
        sheets.append(_RawSheet(name, rows, first_row=first_row, first_column=first_column,
                                merged=list(sheet.merged_cell_ranges or [])))
        del sheet
    return sheets


def _too_wide(path: Path, file_format: str, sheet: str) -> str | None:
    """Why an .xlsx sheet cannot be opened safely (its values span too many cells), or None.

    The value reader lays out every cell of the rectangle the values span: one stray
    value in XFD1048576 asks for billions of cells, and the process dies without an
    error the app could catch.
    """
    if file_format not in ("xlsx", "xlsm"):
        return None
    with zipfile.ZipFile(path) as archive:
        part = fills.sheet_parts(archive).get(sheet)
        if part is None:
            return None
        area, extent = fills.used_area(archive, part)
    if area <= MAX_SHEET_CELLS:
        return None
    return (f"its values spread over {extent} ({area:,} cells), more than this app can open; "
            "a stray value far from the table? Delete it in Excel, save, and open the file again")


def _read_checked(path: Path, file_format: str, report: ImportReport, step) -> list[_RawSheet]:
    """_read_spreadsheet, with the value reader's failures turned into plain WorkbookErrors."""
    try:
        return _read_spreadsheet(path, file_format, report, step)
    except (LoadCancelled, WorkbookError):
        raise
    except python_calamine.PasswordError:
        raise WorkbookError(_password_message(path)) from None
    except (python_calamine.CalamineError, ValueError, KeyError, OSError, *DAMAGED_PACKAGE_ERRORS) as error:
        if "entity" in str(error).lower():
            raise WorkbookError(f"{path.name} was refused: its XML declares entities (a trick used to "
                                "exhaust memory), which this app does not expand.") from None
        raise WorkbookError(f"{path.name} could not be read: it looks damaged ({_plain(error)}).") from None
    except BaseException as error:
        # python-calamine turns a crash of its Rust reader on a malformed file into
        # pyo3's PanicException, which derives from BaseException, not Exception.
        if type(error).__name__ != "PanicException":
            raise
        raise WorkbookError(f"{path.name} could not be read: it looks damaged (the spreadsheet "
                            "reader stopped on malformed data). Ask for a fresh copy of the file.") from None


def _read_legacy(path: Path, report: ImportReport, step) -> list[_RawSheet]:
    """Read a legacy .xls in a child process.

    The .xls reader trusts sizes written in the file (a DIMENSIONS or SST record can
    ask for terabytes), and a failed allocation aborts the process with nothing to
    catch. In a child, that ends as a plain error and the app lives on. .xls sheets
    hold at most 65,536 rows, so sending the cells back costs little. The child is a
    plain interpreter running _legacy_child, not multiprocessing, which would re-run
    the caller's main script.
    """
    step(0.1, f"Reading {path.name} (legacy .xls)")
    command = [sys.executable, "-c", "from sanctions_gui.core.reading import _legacy_child; _legacy_child()",
               str(path)]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))}
    try:
        done = subprocess.run(command, capture_output=True, stdin=subprocess.DEVNULL, env=environment,
                              timeout=LEGACY_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        raise WorkbookError(f"{path.name} could not be read: the .xls reader took more than "
                            f"{LEGACY_TIMEOUT_SECONDS} s. Save it as .xlsx in Excel and open that.") from None
    if done.returncode != 0 or not done.stdout:
        raise WorkbookError(f"{path.name} could not be read: it looks damaged (the .xls reader "
                            "crashed on it). Ask for a fresh copy, or save it as .xlsx in Excel.")
    outcome = pickle.loads(done.stdout)  # written by _legacy_child below, our own code
    if isinstance(outcome, str):
        raise WorkbookError(outcome)
    sheets, skipped = outcome
    report.skipped_sheets.extend(skipped)
    return sheets


def _legacy_child() -> None:
    """The child side of _read_legacy: pickles (sheets, skipped sheets) or the error message to stdout."""
    path = sys.argv[1]
    report = ImportReport(path)
    try:
        outcome = (_read_checked(Path(path), "xls", report, lambda fraction, message: None),
                   report.skipped_sheets)
    except WorkbookError as error:
        outcome = str(error)
    sys.stdout.buffer.write(pickle.dumps(outcome))


def _sheet_rows(sheet: python_calamine.CalamineSheet, progress: Callable[[int], None]
                ) -> tuple[list[list], int, int]:
    """The rows from the first to the last holding a value, each empty one between as [].

    Also returns the 1-based sheet row and 0-based column of rows[0][0]. A sheet
    formatted down to row 1,048,576 can hand back a million empty rows; kept as empty
    lists they cost a pointer each and the trailing ones are dropped. (python-calamine's
    iter_rows starts at the sheet's first row but at its first used column, so the
    origin is worked out from where the rows end.)
    """
    rows: list[list] = []
    first = last = -1
    width = yielded = 0
    for index, row in enumerate(sheet.iter_rows()):
        yielded = index + 1
        if not index % CANCEL_CHECK_ROWS:
            progress(index + 1)
        if row.count("") == len(row):
            if first >= 0:
                rows.append([])
            continue
        if first < 0:
            first, width = index, len(row)
        rows.append(row)
        last = len(rows) - 1
    del rows[last + 1:]
    if not rows:
        return [], 1, 0
    end_row, end_column = sheet.end
    return rows, end_row + 1 - yielded + first + 1, end_column + 1 - width


def _decode_text(path: Path, report: ImportReport) -> str:
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:4096]:
        encoding = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        report.notes.append(f"Read as {encoding.upper()} text (no byte order mark).")
        return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        report.notes.append("The file is not UTF-8; it was read as Windows-1252 (Latin-1). "
                            "Check accented names.")
        return data.decode("cp1252", errors="replace")


def _read_csv(path: Path, report: ImportReport) -> _RawSheet:
    text = _decode_text(path, report)
    sample = text[:65536]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    # The csv module refuses fields over 131,072 characters by default; a notes cell
    # can be longer, and no field can exceed the file itself.
    csv.field_size_limit(max(csv.field_size_limit(), len(text)))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as error:
        raise WorkbookError(f"{path.name} could not be read as CSV: line {reader.line_num}: {error}.") from None
    return _RawSheet(path.stem, rows)


# --- one sheet into a canonical frame ------------------------------------------------------


LONGEST_HEADER = 120  # characters; longer cells (notes, sources) are never headers


def _header_score(row: list) -> tuple[int, bool]:
    columns = {schema.column_for_header(cell) for cell in row
               if isinstance(cell, str) and cell.strip() and len(cell) <= LONGEST_HEADER}
    columns.discard(None)
    return len(columns), "name" in columns


def _find_header(rows: list[list]) -> int | None:
    """Index of the row that names the most known columns (at least two, one of them the name)."""
    best, best_score = None, 1
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score, has_name = _header_score(row)
        if has_name and score > best_score:
            best, best_score = index, score
    return best


def _fill_merged(raw: _RawSheet) -> None:
    """Give every cell of a merged range the value of its top-left cell, as a reader sees it."""
    for (top, left), (bottom, right) in raw.merged:
        top_row, left_col = top - (raw.first_row - 1), left - raw.first_column
        if not (0 <= top_row < len(raw.rows)) or left_col < 0:
            continue
        value = raw.rows[top_row][left_col] if left_col < len(raw.rows[top_row]) else ""
        for r in range(top_row, min(bottom - (raw.first_row - 1), len(raw.rows) - 1) + 1):
            row = raw.rows[r]
            for c in range(left_col, min(right - raw.first_column, len(row) - 1) + 1):
                row[c] = value


def _column_headers(header_row: list, width: int, first_column: int, sheet: str, report: SheetReport,
                    import_report: ImportReport) -> list[str]:
    """The frame column for every source column: a canonical name or the source header."""
    headers: list[str] = []
    seen: dict[str, int] = {}
    for index in range(width):
        cell = header_row[index] if index < len(header_row) else ""
        text = " ".join(str(cell).split()) if cell not in (None, "") else ""
        column = schema.column_for_header(text) if text else None
        letter = fills.column_letter(first_column + index)
        if column is not None and column not in report.mapping:
            report.mapping[column] = text
            headers.append(column)
            continue
        if column is not None:
            import_report.warn(sheet, report.header_row, text,
                               f"duplicate header: '{report.mapping[column]}' already gives "
                               f"{schema.label(column)}; column {letter} is kept as an extra column")
        if not text:
            text = f"Column {letter}"
        if text in seen or text in FIELDS:
            seen[text] = seen.get(text, 1) + 1
            text = f"{text} ({seen[text]})"
        seen.setdefault(text, 1)
        headers.append(text)
        report.unmapped.append(text)
    return headers


def _grid(rows: list[list], width: int) -> np.ndarray:
    """Rows of cells as a 2-D object array, short rows padded with empty cells."""
    if rows and all(len(row) == width for row in rows):
        return np.array(rows, dtype=object)
    grid = np.full((len(rows), width), "", dtype=object)
    for index, row in enumerate(rows):
        grid[index, :len(row)] = row
    return grid


# Folded headers that name the name column: a data row whose name cell is one of them
# is the header row pasted again.
_NAME_HEADER_KEYS = frozenset(key for key, column in schema.HEADER_ALIASES.items() if column == "name")


def _values_repeat(column: str) -> bool:
    """Whether a column's cells are worth parsing once per distinct value (not free text)."""
    spec = FIELDS.get(column)
    if spec is None:
        return column in schema.jurisdiction_date_columns()
    return spec.kind not in (Kind.TEXT, Kind.LIST) or bool(spec.vocabulary)


def _repeats_header(names: Cells) -> np.ndarray:
    texts = names.uniques.map(lambda value: value if isinstance(value, str) else "")
    return fold_key_column(texts).isin(_NAME_HEADER_KEYS).to_numpy()[names.codes]


def _sheet_frame(raw: _RawSheet, report: ImportReport) -> pd.DataFrame | None:
    rows = raw.rows
    if not rows or not any(any(cell not in ("", None) for cell in row) for row in rows[:HEADER_SEARCH_ROWS]):
        report.skipped_sheets.append((raw.name, "the sheet is empty"))
        return None
    header_index = _find_header(rows)
    if header_index is None:
        report.skipped_sheets.append((raw.name, NO_HEADER))
        return None
    _fill_merged(raw)
    sheet = SheetReport(raw.name, header_row=raw.first_row + header_index)
    width = max(len(row) for row in rows[header_index:])
    headers = _column_headers(rows[header_index], width, raw.first_column, raw.name, sheet, report)

    header_cells = rows[header_index]
    untitled = [header for index, header in enumerate(headers)
                if index >= len(header_cells) or not str(header_cells[index] or "").strip()]
    grid = _grid(rows[header_index + 1:], width)
    rows.clear()  # the cells live on in the columns below; the row lists are not needed
    columns = {header: Cells.of(grid[:, index], repeats=_values_repeat(header))
               for index, header in enumerate(headers)}
    del grid
    for header in untitled:  # no header and no value: only a stray cell further right made it a column
        if columns[header].blank().all():
            del columns[header]
            sheet.unmapped.remove(header)
    sheet_rows = np.arange(len(columns["name"])) + sheet.header_row + 1

    name_blank = columns["name"].blank()
    empty = name_blank.copy()
    for cells in columns.values():  # each column is asked only about rows still empty
        still_empty = np.flatnonzero(empty)
        empty[still_empty] = cells.blank(still_empty)
    repeated_header = _repeats_header(columns["name"])
    keep = ~empty & ~name_blank & ~repeated_header
    for position in np.flatnonzero(~empty & (name_blank | repeated_header)):
        why = "it repeats the header row" if repeated_header[position] else "it has no name"
        sheet.skipped_rows.append((int(sheet_rows[position]), why))
    if empty.any():
        trailing = len(empty) - np.argmin(empty[::-1]) if not empty.all() else 0
        inner_empty = int(empty[:trailing].sum()) if trailing else 0
        if inner_empty:
            report.notes.append(f"Sheet '{raw.name}': {inner_empty} empty rows between records were skipped.")

    if not keep.all():
        columns = {header: cells.subset(keep) for header, cells in columns.items()}
    sheet_rows = sheet_rows[keep]
    sheet.rows_read = len(sheet_rows)
    report.sheets.append(sheet)
    frame = _parse_fields(columns, raw.name, sheet_rows, sheet, report)
    frame[schema.SOURCE_ROW] = pd.array(sheet_rows, dtype="Int64")
    frame["sheet"] = pd.array([raw.name] * len(frame), dtype="string")
    frame.attrs["name_column_letter"] = fills.column_letter(raw.first_column + headers.index("name"))
    frame.attrs["headers_by_letter"] = {
        fills.column_letter(raw.first_column + index): sheet.mapping.get(header, header)
        for index, header in enumerate(headers)}
    frame.attrs["sheet_name"] = raw.name
    return frame


def _report_issues(report: ImportReport, sheet: str, header: str, rows: np.ndarray,
                   issues: list[CellIssue]) -> None:
    for issue in issues:
        report.warn(sheet, int(rows[issue.position]), header, issue.message)


def _parse_fields(data: dict[str, Cells], sheet_name: str, sheet_rows: np.ndarray, sheet: SheetReport,
                  report: ImportReport) -> pd.DataFrame:
    frame = pd.DataFrame(index=pd.RangeIndex(len(sheet_rows)))
    # Each column's raw cells are let go once parsed, so raw and parsed text (a list
    # column's items are new strings) are not all held at once.
    for column, header in sheet.mapping.items():
        if column in FIELDS and FIELDS[column].kind is Kind.JURISDICTION:
            flags, dates, issues = parse_jurisdiction(data.pop(column))
            frame[column] = flags
            date_column = FIELDS[column].date_column
            frame[date_column] = dates.where(frame[date_column].isna(), frame[date_column]) \
                if date_column in frame else dates
        elif column in FIELDS:
            frame[column], issues = parse_column(data.pop(column), FIELDS[column])
        else:  # a "<country> date" column
            parsed, issues = parse_column(data.pop(column), schema.Field(column, column, Kind.DATE))
            frame[column] = parsed.where(parsed.notna(), frame[column]) if column in frame else parsed
        _report_issues(report, sheet_name, header, sheet_rows, issues)
    for header in sheet.unmapped:
        frame[header] = _extra_column(data.pop(header))
    _complete_jurisdictions(frame)
    _derive_administration(frame, sheet_name, sheet_rows, sheet, report)
    return frame


def _extra_column(raw: Cells) -> pd.Series:
    """Unknown source columns keep their cells as text so nothing the analyst had is lost."""
    return parse_column(raw, schema.Field("extra", "extra", Kind.TEXT))[0]


def _complete_jurisdictions(frame: pd.DataFrame) -> None:
    """A listing date under "<country> date" also means the country sanctioned the person."""
    for spec in schema.JURISDICTIONS:
        if spec.date_column in frame:
            dated = frame[spec.date_column].notna()
            if spec.name in frame:
                frame[spec.name] = frame[spec.name].mask(dated, True)
            else:
                frame[spec.name] = pd.array(dated.to_numpy(), dtype="boolean")


def _derive_administration(frame: pd.DataFrame, sheet_name: str, sheet_rows: np.ndarray,
                           sheet: SheetReport, report: ImportReport) -> None:
    """Fill the administration from the designation date where the sheet lacks it."""
    dates = frame["us_designation_date"] if "us_designation_date" in frame else pd.Series(pd.NaT, index=frame.index)
    derived = administrations_for(dates)
    if "administration" not in frame:
        frame["administration"] = derived
        if dates.notna().any():
            report.notes.append(f"Sheet '{sheet_name}': administration derived from the designation date.")
        return
    given = frame["administration"]
    disagree = given.notna() & derived.notna() & (given != derived)
    header = sheet.mapping["administration"]
    for position in np.flatnonzero(disagree.to_numpy()):
        report.warn(sheet_name, int(sheet_rows[position]), header,
                    f"says {given.iloc[position]} but the designation date "
                    f"{dates.iloc[position].date()} falls under {derived.iloc[position]}; kept as written")
    frame["administration"] = given.fillna(derived)


def administrations_for(dates: pd.Series) -> pd.Series:
    """The administration in office on each date, vectorised over a date column."""
    starts = np.array([np.datetime64(start, "ns") for _, start in schema.ADMINISTRATION_STARTS])
    names = np.array([name for name, _ in schema.ADMINISTRATION_STARTS] + [None], dtype=object)
    values = dates.to_numpy(dtype="datetime64[ns]")
    slot = np.searchsorted(starts, values, side="right") - 1
    result = np.where((slot >= 0) & ~np.isnat(values), names[slot], None)
    return pd.Series(result, index=dates.index, dtype="string")


# --- after all sheets ----------------------------------------------------------------------


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
    except (KeyError, ValueError, OSError, *DAMAGED_PACKAGE_ERRORS) as error:
        report.notes.append(f"Cell colours could not be read ({_plain(error)}); the data loaded without them.")


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


def _ensure_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Add any canonical column a source lacked, empty and with its proper type."""
    for column in schema.all_columns():
        if column in frame:
            continue
        spec = FIELDS.get(column)
        kind = spec.kind if spec else None
        if kind is Kind.LIST:
            frame[column] = pd.Series([()] * len(frame), index=frame.index, dtype=object)
        elif kind is Kind.DATE or column in schema.jurisdiction_date_columns():
            frame[column] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
        elif kind is Kind.JURISDICTION:
            frame[column] = pd.array([False] * len(frame), dtype="boolean")
        elif kind is Kind.FLAG:
            frame[column] = pd.array([pd.NA] * len(frame), dtype="boolean")
        elif column == schema.SOURCE_ROW:
            frame[column] = pd.array([pd.NA] * len(frame), dtype="Int64")
        elif kind is Kind.CHOICE and "unknown" in spec.vocabulary:
            frame[column] = pd.array(["unknown"] * len(frame), dtype="string")
        else:
            frame[column] = pd.array([pd.NA] * len(frame), dtype="string")
    canonical = list(schema.all_columns())
    extras = [c for c in frame.columns if c not in canonical]
    return frame[canonical + extras]


def person_ids(frame: pd.DataFrame) -> pd.Series:
    """A stable key per person: folded name and birth date, numbered when they repeat.

    Notes and manual highlights are keyed by it, so they find the same person when the
    workbook is opened again, whatever the row order.
    """
    names = fold_column(frame["name"].fillna(""))
    births = frame["date_of_birth"].dt.strftime("%Y-%m-%d").fillna("").astype(object)
    keys = names + "|" + births
    digests = pd.Series([hashlib.sha1(key.encode("utf-8")).hexdigest()[:12] for key in keys],
                        index=frame.index, dtype=object)
    repeat = digests.groupby(digests, sort=False).cumcount().to_numpy()
    suffix = np.where(repeat > 0, "-" + (repeat + 1).astype(str).astype(object), "")
    return (digests + suffix).astype("string")


def _combine(frames: list[pd.DataFrame]) -> pd.DataFrame:
    if len(frames) > 1:  # typed alike first, so concat keeps every column's dtype
        frame = pd.concat([_ensure_columns(frame) for frame in frames], ignore_index=True)
    else:
        frame = frames[0]
    frame = _ensure_columns(frame)
    frame[schema.PERSON_ID] = person_ids(frame)
    frame.attrs.clear()
    return frame
