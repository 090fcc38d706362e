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

A .csv holds each cell's display text (UTF-8 with a BOM, so Excel shows accents) and,
as CSV has no fills, a last "Highlight" column with each row's colour as #RRGGBB. The
.xlsx writer is in export_xlsx.py, imported only when an .xlsx is written.
"""

from __future__ import annotations

import codecs
import datetime as dt
import errno
import hashlib
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from .. import __version__
from . import schema
from .atomic import write_atomically
from .columns import column_label
from .display import LIST_SEPARATOR
from .filters import facet_label
from .progress import CancelCheck, Cancelled, ProgressCallback, stepper
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
MAX_COLUMN_WIDTH = 60
# First characters that make Excel, LibreOffice or Sheets treat typed text as a formula.
UNSAFE_FIRST_CHARACTERS = ("=", "+", "-", "@", "\t", "\r", "\0")
# Control characters XML 1.0 cannot hold: dropped from .xlsx text; they do not hide a formula.
_NOT_XML_CONTROLS = "".join(map(chr, (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20))))
_CSV_SPECIAL = re.compile('[,"\r\n]')
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_NUMBER_TEXT = re.compile(r"-?\d+(\.\d+)?(e[-+]\d+)?")
EXCEL_DIGITS = 15  # significant digits a spreadsheet keeps of a number


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
        unknown = [column for column in self.columns if not self.dataset.has_column(column)]
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
            ("Row colours", ("A colour given by hand, else the first matching rule below, "
                             "else the row's fill in the source file."), None),
            ("", "", None),
            ("Highlighting rules", "Conditions" if self.rules else "(none)", None),
        ]
        rows += [(rule.name, (f"{rule.describe().rstrip('.')}. Colour {rule.colour}; "
                              f"{matched:,} of the exported rows match."), rule.colour)
                 for rule, matched in self.rules]
        return rows


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
        app_version=__version__,
        sheet=describe_sheet_choice(state.sheet),
        search=_describe_search(state),
        filters=tuple(state.filter_descriptions()),
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


# --- columns ---------------------------------------------------------------------------------------


@dataclass
class _Column:
    """One output column over the exported rows: each cell's display text, and which cells
    are dates or numbers (real dates and numbers in .xlsx; as shown in .csv).

    Cells are turned into XML or CSV a chunk of rows at a time, each step over the whole
    chunk: escaping runs on one string joining the chunk's cells (a few passes in C), and
    the tests for formulas and quoting are C-level maps, never a Python step per cell.
    """

    header: str
    text: np.ndarray  # display text per exported row
    days: np.ndarray | None = None  # datetime64[D] per exported row, NaT where the cell is not a date
    numbers: np.ndarray | None = None  # float per exported row, NaN where the cell is not a number

    @property
    def width(self) -> int:
        longest = max(map(len, self.text), default=0)
        return min(max(len(self.header), longest) + 2, MAX_COLUMN_WIDTH)

    def sheet_bytes_at_most(self) -> int:
        """An upper bound of this column's size in the sheet XML, escaped and in UTF-8."""
        joined = "".join(self.text)
        characters = len(joined) + 4 * joined.count("&") + 3 * (joined.count("<") + joined.count(">"))
        return (characters if joined.isascii() else 4 * characters) + 80 * len(self.text)

    def numeric(self, chunk: slice) -> tuple[np.ndarray, np.ndarray]:
        """Which cells of the chunk are dates, and which are numbers."""
        none = np.zeros(len(self.text[chunk]), dtype=bool)
        is_date = ~np.isnat(self.days[chunk]) if self.days is not None else none
        is_number = ~np.isnan(self.numbers[chunk]) if self.numbers is not None else none
        return is_date, is_number

    def csv(self, chunk: slice) -> np.ndarray:
        """The chunk's CSV fields: quoted where needed, formulas made text, numbers as they are."""
        fields = self.text[chunk].copy()
        is_date, is_number = self.numeric(chunk)
        unsafe = _unsafe(fields) & ~is_date & ~is_number
        fields[unsafe] = "'" + fields[unsafe]
        return _csv_quote(fields)


def _unsafe(values: np.ndarray) -> np.ndarray:
    """Text a spreadsheet would read as a formula; characters XML drops do not hide it."""
    # First characters; numpy ends its strings at NUL, so a leading NUL reads as "" (and NUL
    # is left out of the lists compared with, where it would match every empty cell).
    first = values.astype("U1")
    unsafe = np.isin(first, [c for c in UNSAFE_FIRST_CHARACTERS if c != "\0"]) | ((first == "") & (values != ""))
    hidden = np.flatnonzero(np.isin(first, list(_NOT_XML_CONTROLS[1:])))
    unsafe[hidden] |= np.array([values[i].lstrip(_NOT_XML_CONTROLS).startswith(UNSAFE_FIRST_CHARACTERS)
                                for i in hidden], dtype=bool)
    return unsafe


def _csv_quote(fields: np.ndarray) -> np.ndarray:
    """RFC 4180 quoting where a field needs it (a comma, quote or line break inside)."""
    quoted = fields.copy()
    needs = np.fromiter(map(bool, map(_CSV_SPECIAL.search, fields)), dtype=bool, count=len(fields))
    quoted[needs] = ['"' + field.replace('"', '""') + '"' for field in fields[needs]]
    return quoted


def _columns(request: ExportRequest) -> list[_Column]:
    """The output columns, in order, over the exported rows."""
    dataset, rows = request.dataset, request.view.rows
    frame = dataset.frame
    columns = []
    for column in request.columns:
        kind = FIELDS[column].kind if column in FIELDS else None
        days = numbers = None
        if column not in frame.columns:  # made from other columns ("Also sanctioned by"): text
            pass
        elif kind is Kind.JURISDICTION:
            days = _days(frame[FIELDS[column].date_column], rows)
        elif pd.api.types.is_datetime64_any_dtype(frame[column].dtype):
            days = _days(frame[column], rows)
        elif pd.api.types.is_numeric_dtype(frame[column].dtype) and not pd.api.types.is_bool_dtype(frame[column].dtype):
            numbers = frame[column].to_numpy(dtype=float, na_value=np.nan)[rows]
        elif column not in FIELDS:
            numbers = _numbers_in_text(dataset.text(column)[rows])
        columns.append(_Column(column_label(column), dataset.text(column)[rows], days, numbers))
    if request.matched_rules_column:
        columns.append(_Column(MATCHED_RULES, _matched_rule_names(request.rule_matches, rows)))
    if request.notes_column or request.flag_column:
        annotations = _annotations_for(request.annotations, frame[schema.PERSON_ID].to_numpy()[rows])
        if request.notes_column:
            columns.append(_Column(ANALYST_NOTES, annotations["note"].to_numpy(dtype=object)))
        if request.flag_column:
            columns.append(_Column(FLAG, np.where(annotations["flag"].to_numpy(dtype=bool), "Yes", "No")
                                   .astype(object)))
    return columns


def _numbers_in_text(text: np.ndarray) -> np.ndarray:
    """Per cell of a column the schema does not know, its number, or NaN where it is text.

    The reader keeps such columns as text, writing a number cell the way Python prints
    it ("-97.740349", "3", "1e-05"). Those cells go back out as numbers, so a longitude
    stays a number (and a negative one is not taken for a formula). Text that only looks
    like a number stays text: leading zeros ("007"), a plus sign, thousands separators,
    or more digits than Excel keeps (an identity number).
    """
    numbers = np.full(len(text), np.nan)
    maybe = np.flatnonzero(np.isin(text.astype("U1"), list("-.0123456789")))
    for row in maybe.tolist():
        cell = text[row]
        if not _NUMBER_TEXT.fullmatch(cell):
            continue
        value = float(cell)
        digits = len(cell.lstrip("-").lower().split("e")[0].replace(".", "").lstrip("0"))
        if math.isfinite(value) and digits <= EXCEL_DIGITS and _as_the_reader_writes(value) == cell:
            numbers[row] = value
    return numbers


def _as_the_reader_writes(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


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
    codes, colours = pd.factorize(np.asarray(view.colours[view.rows], dtype=object))  # no colour: -1
    names = [colour.upper() if isinstance(colour, str) and _COLOUR.match(colour) else None for colour in colours]
    palette = list(dict.fromkeys(name for name in names if name))
    fill_of = np.array([0] + [palette.index(name) + 1 if name else 0 for name in names])
    return fill_of[codes + 1], palette


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
    check_target(target, request.dataset.source)
    if not request.columns and not (request.matched_rules_column or request.notes_column or request.flag_column):
        raise ExportError("Choose at least one column to export.")
    if file_format == "xlsx" and len(request.view) + 1 > EXCEL_MAX_ROWS:
        raise ExportError(f"{len(request.view):,} rows do not fit in an Excel sheet (at most "
                          f"{EXCEL_MAX_ROWS - 1:,} below the header); export to CSV instead.")

    step = stepper(progress, cancelled)
    step(0.0, f"Preparing {target.name}")
    context = export_context(request, cancelled) if file_format == "xlsx" else None
    columns = _columns(request)
    fills, palette = _row_fills(request.view)
    step(0.05, f"Writing {target.name}")
    if file_format == "xlsx":
        from .export_xlsx import write_xlsx  # openpyxl loads on the first .xlsx export, not at start-up

        write = partial(write_xlsx, columns=columns, fills=fills, palette=palette, context=context, step=step)
    else:
        write = partial(_write_csv, columns=columns, fills=fills, palette=palette, step=step)
    write_export_atomically(target, write)
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


def check_target(target: Path, source: Path | None) -> None:
    """Refuse, in words, a target that is a folder or the very file the data was read from."""
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


def write_export_atomically(target: Path, write: Callable[[IO[bytes]], None]) -> None:
    """core.atomic's writer, with a failure put as an ExportError the user can act on."""
    try:
        write_atomically(target, write)
    except OSError as error:
        raise _write_error(target, error) from None


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


def _chunks(rows: int) -> list[slice]:
    """The export's rows a chunk at a time."""
    return [slice(start, start + CHUNK_ROWS) for start in range(0, rows, CHUNK_ROWS)]


def _report_rows(step: Callable[[float, str], None], done: int, rows: int) -> None:
    step(0.05 + 0.9 * done / max(rows, 1), f"Writing rows {done:,} of {rows:,}")


# --- .csv -----------------------------------------------------------------------------------------


def _write_csv(handle: IO[bytes], columns: list[_Column], fills: np.ndarray, palette: list[str],
               step: Callable[[float, str], None]) -> None:
    """Display text of each cell, UTF-8 with a BOM so Excel reads accents, and a Highlight column."""
    columns = [*columns, _Column(HIGHLIGHT, np.array(["", *palette], dtype=object)[fills])]
    headers = np.array([_csv_safe(column.header) for column in columns], dtype=object)
    handle.write(codecs.BOM_UTF8 + ",".join(_csv_quote(headers)).encode("utf-8") + b"\r\n")
    rows = len(fills)
    for chunk in _chunks(rows):
        _report_rows(step, chunk.start, rows)
        cells = np.empty((len(fills[chunk]), 2 * len(columns)), dtype=object)
        cells[:, 1::2] = ","
        cells[:, -1] = "\r\n"
        for index, column in enumerate(columns):
            cells[:, 2 * index] = column.csv(chunk)
        handle.write("".join(cells.ravel()).encode("utf-8", "replace"))


def _csv_safe(text: str) -> str:
    return f"'{text}" if text.startswith(UNSAFE_FIRST_CHARACTERS) else text
