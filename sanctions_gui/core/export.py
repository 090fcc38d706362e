"""Export the analyst's view to .xlsx or .csv: the rows, order, columns and colours on screen.

The window and `main.py export` both describe an export with an `ExportRequest` built
from the same `compute_view`, so a file holds exactly what the analyst saw. A colleague
must be able to trust that file:

* the "About this export" sheet says where the rows came from (file name and SHA-256)
  and how they were chosen (sheet, search, filters, sort, each rule in words);
* text that a spreadsheet would read as a formula (it begins with =, +, -, @, tab or
  carriage return) stays text: a string cell with Excel's quote prefix in .xlsx, a
  leading apostrophe in .csv (OWASP ASVS 1.2.10); numbers and dates are never touched;
* the file appears whole or not at all: it is written under a temporary name in the
  target folder and moved into place, and a failure or a cancel removes the temporary.

Speed: openpyxl builds a cell object and an XML element per cell, about 45 µs each
without lxml, which puts 200,000 rows × 24 columns near four minutes. So openpyxl
writes the package (styles, header row, widths, frozen pane, autofilter, the About
sheet) and the data rows are streamed into that sheet's XML from per-column arrays:
each distinct value of a column is escaped and typed once, and a chunk of rows is
numpy indexing plus one string join.
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import hashlib
import importlib.metadata
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from . import schema
from .display import LIST_SEPARATOR
from .filters import facet_label
from .progress import CancelCheck, Cancelled, ProgressCallback
from .rules import Rule, RuleMatches
from .schema import FIELDS, Kind
from .search import EXACT
from .sheets import describe_sheet_choice
from .view import Dataset, View, ViewState

FORMATS = ("xlsx", "csv")
APP_NAME = "Sanctions Workbench"
DATA_SHEET = "Export"
ABOUT_SHEET = "About this export"
# Extra columns beside the frame's. "Analyst notes" is not "Notes": that is the source's column.
MATCHED_RULES = "Matched rules"
ANALYST_NOTES = "Analyst notes"
FLAG = "Flag"
HIGHLIGHT = "Highlight"  # CSV only: the row's colour as #RRGGBB, since CSV has no fills

CHUNK_ROWS = 5_000
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_CELL_CHARS = 32_767
MAX_COLUMN_WIDTH = 60
DATE_NUMBER_FORMAT = "yyyy-mm-dd"
FONT_NAME, FONT_SIZE = "Calibri", 11
# First characters that make Excel, LibreOffice or Sheets treat typed text as a formula.
UNSAFE_FIRST_CHARACTERS = ("=", "+", "-", "@", "\t", "\r", "\0")
# Characters XML 1.0 cannot hold (and lone surrogates, which UTF-8 cannot): dropped from .xlsx text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_EXCEL_EPOCH = np.datetime64("1899-12-30", "D")
_ZIP64_FROM_BYTES = 2**31 - 2**24  # plain zip entries stop at 2 GiB; use Zip64 only when needed

# How a distinct value is written; the style of its cell depends on it.
_TEXT, _UNSAFE_TEXT, _DATE, _NUMBER = range(4)
_STYLE_CLASSES = 4


class ExportError(Exception):
    """An export that could not be written; the message is a plain sentence naming the file."""


# --- what to export -------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportRequest:
    """Everything an export needs, as plain data the window or the command line already has.

    `columns` are frame columns in their on-screen order. `annotations` is the frame
    `Workspace.annotations(...)` returns (index person_id; note, flag); `rule_matches`
    is what `rules.evaluate` returned for the frame. The three optional columns come
    after the frame's, in the order matched rules, analyst notes, flag.
    """

    dataset: Dataset
    view: View
    state: ViewState
    columns: tuple[str, ...]
    rule_matches: RuleMatches | None = None
    annotations: pd.DataFrame | None = None
    matched_rules_column: bool = False
    notes_column: bool = False
    flag_column: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", tuple(self.columns))
        unknown = [column for column in self.columns if column not in self.dataset.frame.columns]
        if unknown:
            raise ValueError(f"not columns of the dataset: {', '.join(unknown)}")


@dataclass(frozen=True)
class ExportContext:
    """What the About sheet tells a reader about the export, in words."""

    source_name: str
    source_sha256: str
    exported_at: str  # local time, ISO 8601 with its UTC offset
    app_version: str
    sheet: str
    search: str
    filters: tuple[str, ...]
    only_highlighted: bool
    sort: str
    rules: tuple[tuple[Rule, int], ...]  # each enabled rule, in order, with the exported rows it matches
    rows_exported: int
    rows_loaded: int

    def about_rows(self) -> list[tuple[str, str, str | None]]:
        """(label, value, fill colour or None) for each line of the About sheet."""
        rows: list[tuple[str, str, str | None]] = [
            ("Source file", self.source_name, None),
            ("Source file SHA-256", self.source_sha256, None),
            ("Exported at", self.exported_at, None),
            ("Exported with", f"{APP_NAME} {self.app_version}", None),
            ("Rows exported", f"{self.rows_exported:,} of {self.rows_loaded:,} rows loaded", None),
            ("Sheet", self.sheet, None),
            ("Search", self.search, None),
        ]
        rows += [("Filter", text, None) for text in self.filters] or [("Filters", "(none)", None)]
        rows += [
            ("Only highlighted rows", "Yes" if self.only_highlighted else "No", None),
            ("Sorted by", self.sort, None),
            ("Row colours", "A colour given by hand, else the first matching rule below, "
                            "else the row's fill in the source file.", None),
            ("", "", None),
            ("Highlighting rules", "Conditions" if self.rules else "(none)", None),
        ]
        rows += [(rule.name, f"{rule.describe().rstrip('.')}. Colour {rule.colour}; "
                             f"{matched:,} of the exported rows match.", rule.colour)
                 for rule, matched in self.rules]
        return rows


def app_version() -> str:
    try:
        return importlib.metadata.version("sanctions-workbench")
    except importlib.metadata.PackageNotFoundError:
        return "0.1.0"


def file_sha256(path: Path, cancelled: CancelCheck | None = None) -> str:
    """SHA-256 of a file, read in blocks so a large workbook is never held in memory."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            if cancelled is not None and cancelled():
                raise Cancelled()
            digest.update(block)
    return digest.hexdigest()


def export_context(request: ExportRequest, cancelled: CancelCheck | None = None) -> ExportContext:
    """The About sheet's facts for a request: hashes the source file now."""
    source = request.dataset.source
    if source is None:
        name, sha = "(not read from a file)", "(none)"
    else:
        name = Path(source).name
        try:
            sha = file_sha256(Path(source), cancelled)
        except OSError as error:
            sha = f"(the file could not be read to compute it: {error.strerror or error})"
    state, view = request.state, request.view
    rules: tuple[tuple[Rule, int], ...] = ()
    if request.rule_matches is not None:
        matches = request.rule_matches
        rules = tuple((rule, int(mask[view.rows].sum()))
                      for rule, mask in zip(matches.rules, matches.masks) if rule.enabled)
    return ExportContext(
        source_name=name,
        source_sha256=sha,
        exported_at=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        app_version=app_version(),
        sheet=describe_sheet_choice(state.sheet),
        search=_describe_search(state),
        filters=tuple(f.describe() for f in state.filters.values() if f.active),
        only_highlighted=state.only_highlighted,
        sort=_describe_sort(state, view),
        rules=rules,
        rows_exported=len(view),
        rows_loaded=view.loaded,
    )


def _describe_search(state: ViewState) -> str:
    text = state.search.strip()
    if not text:
        return "(none)"
    if state.fuzzy_threshold >= EXACT:
        return f"\u201c{text}\u201d (every word, ignoring accents and case)"
    return (f"\u201c{text}\u201d (names and aliases matched loosely, similarity at least "
            f"{state.fuzzy_threshold} of 100; other fields every word)")


def _describe_sort(state: ViewState, view: View) -> str:
    if state.sort_column is not None:
        return f"{facet_label(state.sort_column)}, {'descending' if state.sort_descending else 'ascending'}"
    if view.scores is not None:
        return "Closest name match first"
    return "The order of the source file"


# --- columns as distinct values ---------------------------------------------------------------


@dataclass
class _Values:
    """One output column over the exported rows, factorised: each distinct value is typed,
    cleaned and escaped once, and rows refer to it by code."""

    header: str
    codes: np.ndarray  # per exported row: index into the arrays below
    style_class: np.ndarray  # _TEXT, _UNSAFE_TEXT, _DATE or _NUMBER per value
    xml: np.ndarray  # the cell's XML after its reference and style, per value
    csv: np.ndarray  # the CSV field per value
    empty: np.ndarray  # per value: the cell holds nothing
    width: float
    max_xml_bytes: int

    @classmethod
    def build(cls, header: str, text: np.ndarray, days: np.ndarray | None = None,
              numbers: np.ndarray | None = None) -> _Values:
        """`days` (datetime64[D]) and `numbers` (float) mark, per row, the cells that are
        dates or numbers in the file; a row's display text always decides its value."""
        codes, uniques = pd.factorize(np.asarray(text, dtype=object))
        values = pd.Series(uniques, dtype=object)
        first = np.unique(codes, return_index=True)[1]  # a row showing each value
        clean = values.str.replace(_NOT_XML, "", regex=True).str.slice(0, EXCEL_MAX_CELL_CHARS)
        style_class = np.where(clean.str.startswith(UNSAFE_FIRST_CHARACTERS), _UNSAFE_TEXT, _TEXT)
        csv_unsafe = values.str.startswith(UNSAFE_FIRST_CHARACTERS).to_numpy(dtype=bool, copy=True)
        payload = _inline_string(clean)
        if days is not None:
            value_days = days[first]
            is_date = ~np.isnat(value_days)
            style_class[is_date] = _DATE
            payload[is_date] = "><v>" + _excel_serials(value_days[is_date]).astype(str).astype(object) + "</v></c>"
            csv_unsafe &= ~is_date
        if numbers is not None:
            is_number = ~np.isnan(numbers[first])
            style_class[is_number] = _NUMBER
            payload[is_number] = "><v>" + values.to_numpy(dtype=object)[is_number] + "</v></c>"
            csv_unsafe &= ~is_number
        empty = (values == "").to_numpy(dtype=bool)
        payload[empty] = "/>"
        return cls(
            header=header,
            codes=codes,
            style_class=style_class,
            xml=payload,
            csv=np.where(csv_unsafe, "'" + values, values).astype(object),
            empty=empty,
            width=min(max(len(header), int(values.str.len().max()) if len(values) else 0) + 2,
                      MAX_COLUMN_WIDTH),
            max_xml_bytes=4 * max((len(cell) for cell in payload), default=0),
        )


def _inline_string(clean: pd.Series) -> np.ndarray:
    """Text cells as inline strings, XML-escaped (`clean` holds only characters XML allows)."""
    escaped = clean.str.replace("&", "&amp;", regex=False).str.replace("<", "&lt;", regex=False) \
        .str.replace(">", "&gt;", regex=False)
    return (' t="inlineStr"><is><t xml:space="preserve">' + escaped + "</t></is></c>").to_numpy(dtype=object, copy=True)


def _excel_serials(days: np.ndarray) -> np.ndarray:
    """Excel's day numbers, with its 1900 leap-year quirk (as openpyxl writes them)."""
    serials = (days - _EXCEL_EPOCH).astype(np.int64)
    return serials - ((serials > 0) & (serials <= 60))


def _column_values(request: ExportRequest) -> list[_Values]:
    """The output columns, in order, over the exported rows."""
    dataset, rows = request.dataset, request.view.rows
    frame = dataset.frame
    columns = []
    for column in request.columns:
        values = frame[column]
        kind = FIELDS[column].kind if column in FIELDS else None
        days = numbers = None
        if kind is Kind.JURISDICTION:
            days = _days(frame[FIELDS[column].date_column], rows)
        elif pd.api.types.is_datetime64_any_dtype(values.dtype):
            days = _days(values, rows)
        elif pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
            numbers = values.to_numpy(dtype=float, na_value=np.nan)[rows]
        columns.append(_Values.build(schema.label(column), dataset.text(column)[rows], days, numbers))
    if request.matched_rules_column:
        columns.append(_Values.build(MATCHED_RULES, _matched_rule_names(request.rule_matches, rows)))
    if request.notes_column or request.flag_column:
        annotations = _annotations_for(request.annotations, frame[schema.PERSON_ID].to_numpy()[rows])
        if request.notes_column:
            columns.append(_Values.build(ANALYST_NOTES, annotations["note"].to_numpy(dtype=object)))
        if request.flag_column:
            columns.append(_Values.build(FLAG, np.where(annotations["flag"].to_numpy(dtype=bool), "Yes", "No")))
    return columns


def _days(values: pd.Series, rows: np.ndarray) -> np.ndarray:
    return values.to_numpy(dtype="datetime64[ns]")[rows].astype("datetime64[D]")


def _matched_rule_names(matches: RuleMatches | None, rows: np.ndarray) -> np.ndarray:
    """Per exported row, the enabled rules it matches, in rule order, joined like a list cell."""
    names = np.full(len(rows), "", dtype=object)
    if matches is None:
        return names
    for rule, mask in zip(matches.rules, matches.masks):
        if rule.enabled:
            hit = mask[rows]
            names[hit] = np.where(names[hit] == "", rule.name, names[hit] + LIST_SEPARATOR + rule.name)
    return names


def _annotations_for(annotations: pd.DataFrame | None, person_ids: np.ndarray) -> pd.DataFrame:
    """Note and flag per exported row; people with nothing recorded get "" and False."""
    if annotations is None:
        annotations = pd.DataFrame({"note": pd.Series(dtype=object), "flag": pd.Series(dtype=bool)})
    found = annotations.reindex(pd.Index(person_ids, dtype=object))
    return pd.DataFrame({"note": found["note"].astype(object).fillna("").astype(str).to_numpy(),
                         "flag": found["flag"].astype(object).fillna(False).astype(bool).to_numpy()})


def _row_fills(view: View) -> tuple[np.ndarray, list[str]]:
    """Per exported row an index into the palette plus one (0: no fill), and the palette."""
    colours = pd.Series(view.colours[view.rows], dtype=object)
    valid = colours.map(lambda colour: isinstance(colour, str) and bool(_COLOUR.match(colour)))
    codes, palette = pd.factorize(colours.where(valid).str.upper())
    return codes + 1, [str(colour) for colour in palette]


def readable_text_colour(background: str) -> str:
    """Black or white, whichever reads better on the background (WCAG relative luminance)."""
    channels = []
    for start in (1, 3, 5):
        value = int(background[start:start + 2], 16) / 255
        channels.append(value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4)
    luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    return "#000000" if luminance > 0.179 else "#FFFFFF"


# --- the export ---------------------------------------------------------------------------------


def export_view(request: ExportRequest, target: str | os.PathLike, file_format: str | None = None,
                progress: ProgressCallback | None = None, cancelled: CancelCheck | None = None) -> Path:
    """Write the view to `target` (.xlsx, or .csv by its suffix or `file_format="csv"`).

    Safe to run in a background thread: it reads the request and writes one file.
    Raises ExportError with a plain sentence when the file cannot be written (the
    existing target, if any, is left as it was) and `Cancelled` when `cancelled()`
    turns true; either way no file is left behind.
    """
    target = Path(target).expanduser()
    file_format = _file_format(target, file_format)
    _check_target(target, request.dataset.source)
    if not request.columns and not (request.matched_rules_column or request.notes_column or request.flag_column):
        raise ExportError("Choose at least one column to export.")
    if file_format == "xlsx" and len(request.view) + 1 > EXCEL_MAX_ROWS:
        raise ExportError(f"{len(request.view):,} rows do not fit in an Excel sheet (at most "
                          f"{EXCEL_MAX_ROWS - 1:,} below the header); export to CSV instead.")

    def step(fraction: float, message: str) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled()
        if progress is not None:
            progress(fraction, message)

    step(0.0, f"Preparing {target.name}")
    context = export_context(request, cancelled) if file_format == "xlsx" else None
    columns = _column_values(request)
    fills, palette = _row_fills(request.view)
    step(0.05, f"Writing {target.name}")
    if file_format == "xlsx":
        write = lambda handle: _write_xlsx(handle, columns, fills, palette, context, step)  # noqa: E731
    else:
        write = lambda handle: _write_csv(handle, columns, fills, palette, step)  # noqa: E731
    _write_atomically(target, write)
    if progress is not None:
        progress(1.0, f"Exported {len(request.view):,} rows to {target.name}")
    return target


def _file_format(target: Path, file_format: str | None) -> str:
    if file_format is not None:
        if file_format not in FORMATS:
            raise ValueError(f"file_format must be one of {FORMATS}, not {file_format!r}")
        return file_format
    suffix = target.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ExportError(f"Cannot tell how to write '{target.name}': name it .xlsx (Excel) or .csv.")
    return suffix


def _check_target(target: Path, source: Path | None) -> None:
    if target.is_dir():
        raise ExportError(f"{target} is a folder; choose a file name to export to.")
    if source is not None and _same_file(target, Path(source)):
        raise ExportError(f"{target.name} is the file the data was read from; an export never replaces it. "
                          "Choose another file name.")


def _same_file(target: Path, source: Path) -> bool:
    if target.resolve() == source.resolve():
        return True
    try:
        return target.exists() and source.exists() and os.path.samefile(target, source)
    except OSError:
        return False


def _write_atomically(target: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write under a temporary name beside the target, then move it into place in one step."""
    try:
        descriptor, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise _write_error(target, error) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private; an export is meant to be shared like any document.
        os.chmod(temp_name, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        os.replace(temp_name, target)
    except BaseException as error:
        Path(temp_name).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _write_error(target, error) from None
        raise


def _write_error(target: Path, error: OSError) -> ExportError:
    if isinstance(error, FileNotFoundError) and not target.parent.is_dir():
        reason = f"the folder {target.parent} does not exist"
    elif error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        reason = "the disk is full"
    elif isinstance(error, PermissionError):
        reason = ("permission denied (the folder may be read-only, or the file open in another "
                  "program such as Excel; close it and try again)")
    else:
        reason = error.strerror or str(error)
    return ExportError(f"Could not export to {target}: {reason}.")


def _chunks(rows: int) -> range:
    return range(0, rows, CHUNK_ROWS)


def _report_rows(step: Callable[[float, str], None], done: int, rows: int) -> None:
    step(0.05 + 0.9 * done / max(rows, 1), f"Writing rows {done:,} of {rows:,}")


# --- .csv -----------------------------------------------------------------------------------------


def _write_csv(handle: IO[bytes], columns: list[_Values], fills: np.ndarray, palette: list[str],
               step: Callable[[float, str], None]) -> None:
    """Display text of each cell, UTF-8 with a BOM so Excel reads accents, and a Highlight column."""
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="replace", newline="")
    writer = csv.writer(text)
    writer.writerow([_csv_safe(column.header) for column in columns] + [HIGHLIGHT])
    highlight = np.array(["", *palette], dtype=object)[fills]
    rows = len(fills)
    for start in _chunks(rows):
        _report_rows(step, start, rows)
        chunk = slice(start, start + CHUNK_ROWS)
        fields = [column.csv[column.codes[chunk]] for column in columns] + [highlight[chunk]]
        writer.writerows(zip(*fields))
    text.flush()
    text.detach()


def _csv_safe(text: str) -> str:
    return f"'{text}" if text.startswith(UNSAFE_FIRST_CHARACTERS) else text


# --- .xlsx ----------------------------------------------------------------------------------------


def _write_xlsx(handle: IO[bytes], columns: list[_Values], fills: np.ndarray, palette: list[str],
                context: ExportContext, step: Callable[[float, str], None]) -> None:
    rows = len(fills)
    workbook = Workbook()
    workbook.properties.creator = APP_NAME
    sheet = workbook.active
    sheet.title = DATA_SHEET
    header_font = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
    for index, column in enumerate(columns, start=1):
        _text_cell(sheet, 1, index, column.header).font = header_font
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    last = f"{get_column_letter(len(columns))}{rows + 1}"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}"
    styles = _style_ids(sheet, palette)
    _about_sheet(workbook.create_sheet(ABOUT_SHEET), context)

    package = io.BytesIO()
    workbook.save(package)
    sheet_part = sheet.path.lstrip("/")
    estimate = rows * sum(column.max_xml_bytes + 64 for column in columns)
    with zipfile.ZipFile(package) as source, \
            zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in source.infolist():
            if info.filename != sheet_part:
                out.writestr(info, source.read(info))
                continue
            head, closing, tail = source.read(info).decode("utf-8").partition("</sheetData>")
            head = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="A1:{last}"', head, count=1)
            with out.open(sheet_part, "w", force_zip64=estimate > _ZIP64_FROM_BYTES) as stream:
                stream.write(head.encode("utf-8"))
                for start in _chunks(rows):
                    _report_rows(step, start, rows)
                    stream.write(_rows_xml(columns, fills, styles, start))
                stream.write((closing + tail).encode("utf-8"))


def _rows_xml(columns: list[_Values], fills: np.ndarray, styles: np.ndarray, start: int) -> bytes:
    """`<row>` elements for one chunk: each column's cells are built with numpy, then joined."""
    chunk = slice(start, start + CHUNK_ROWS)
    fill = fills[chunk]
    numbers = np.arange(start + 2, start + 2 + len(fill)).astype(str).astype(object)  # row 1 is the header
    cells = np.empty((len(fill), len(columns) + 2), dtype=object)
    cells[:, 0] = '<row r="' + numbers + '">'
    cells[:, -1] = "</row>"
    reference = numbers + '"'
    for index, column in enumerate(columns, start=1):
        codes = column.codes[chunk]
        xml = f'<c r="{get_column_letter(index)}' + reference + styles[column.style_class[codes], fill] + \
            column.xml[codes]
        xml[column.empty[codes] & (fill == 0)] = ""  # an empty cell without a fill is left out
        cells[:, index] = xml
    return "".join(cells.ravel()).encode("utf-8")


def _style_ids(sheet, palette: list[str]) -> np.ndarray:
    """' s="N"' attributes by [style class, fill]: openpyxl registers each style and numbers it."""
    styles = np.empty((_STYLE_CLASSES, len(palette) + 1), dtype=object)
    for fill_index, colour in enumerate([None, *palette]):
        for style_class in range(_STYLE_CLASSES):
            cell = WriteOnlyCell(sheet)  # never written: only its style is registered
            if colour is not None:
                cell.fill = _solid_fill(colour)
                cell.font = _font_on(colour)
            if style_class == _DATE:
                cell.number_format = DATE_NUMBER_FORMAT
            cell.quotePrefix = style_class == _UNSAFE_TEXT
            styles[style_class, fill_index] = f' s="{cell.style_id}"'
    return styles


def _solid_fill(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", fgColor="FF" + colour[1:].upper())


def _font_on(colour: str, bold: bool = False) -> Font:
    return Font(name=FONT_NAME, size=FONT_SIZE, bold=bold, color="FF" + readable_text_colour(colour)[1:])


def _text_cell(sheet, row: int, column: int, text: str):
    """A cell openpyxl writes as text whatever it holds ("=…" would otherwise become a formula)."""
    cell = sheet.cell(row=row, column=column)
    cell.value = _NOT_XML.sub("", text)[:EXCEL_MAX_CELL_CHARS]
    cell.data_type = "s"
    if cell.value.startswith(UNSAFE_FIRST_CHARACTERS):
        cell.quotePrefix = True
    return cell


def _about_sheet(sheet, context: ExportContext) -> None:
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 100
    bold = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, (label, value, colour) in enumerate(context.about_rows(), start=1):
        label_cell, value_cell = _text_cell(sheet, row, 1, label), _text_cell(sheet, row, 2, value)
        label_cell.font = bold
        label_cell.alignment = value_cell.alignment = wrap
        if colour is not None:
            for cell in (label_cell, value_cell):
                cell.fill = _solid_fill(colour)
            label_cell.font = _font_on(colour, bold=True)
            value_cell.font = _font_on(colour)
