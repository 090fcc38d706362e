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
cells are made in export_cells.py and the About sheet's facts in export_about.py; the
.xlsx writer is in export_xlsx.py, imported only when an .xlsx is written.
"""

from __future__ import annotations

import codecs
import errno
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from .atomic import write_atomically
from .export_about import export_context
from .export_cells import UNSAFE_FIRST_CHARACTERS, ExportColumn, csv_quote, export_columns, row_fills
from .progress import CancelCheck, ProgressCallback, stepper
from .rules import RuleMatches
from .view import Dataset, View, ViewState

FORMATS = ("xlsx", "csv")
DATA_SHEET = "Export"
HIGHLIGHT = "Highlight"  # CSV only: the row's colour as #RRGGBB, since CSV has no fills

CHUNK_ROWS = 5_000
EXCEL_MAX_ROWS = 1_048_576


class ExportError(Exception):
    """An export that could not be written; the message is a plain sentence naming the file."""


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
    columns = export_columns(request)
    fills, palette = row_fills(request.view)
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
    if source is not None and same_file(target, Path(source)):
        raise ExportError(f"{target.name} is the file the data was read from; an export never replaces it. "
                          "Choose another file name.")


def same_file(target: Path, source: Path) -> bool:
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


def row_chunks(rows: int) -> list[slice]:
    """The export's rows a chunk at a time."""
    return [slice(start, start + CHUNK_ROWS) for start in range(0, rows, CHUNK_ROWS)]


def report_rows(step: Callable[[float, str], None], done: int, rows: int) -> None:
    step(0.05 + 0.9 * done / max(rows, 1), f"Writing rows {done:,} of {rows:,}")


# --- .csv -----------------------------------------------------------------------------------------


def _write_csv(handle: IO[bytes], columns: list[ExportColumn], fills: np.ndarray, palette: list[str],
               step: Callable[[float, str], None]) -> None:
    """Display text of each cell, UTF-8 with a BOM so Excel reads accents, and a Highlight column."""
    columns = [*columns, ExportColumn(HIGHLIGHT, np.array(["", *palette], dtype=object)[fills])]
    headers = np.array([_csv_safe(column.header) for column in columns], dtype=object)
    handle.write(codecs.BOM_UTF8 + ",".join(csv_quote(headers)).encode("utf-8") + b"\r\n")
    rows = len(fills)
    for chunk in row_chunks(rows):
        report_rows(step, chunk.start, rows)
        cells = np.empty((len(fills[chunk]), 2 * len(columns)), dtype=object)
        cells[:, 1::2] = ","
        cells[:, -1] = "\r\n"
        for index, column in enumerate(columns):
            cells[:, 2 * index] = column.csv(chunk)
        handle.write("".join(cells.ravel()).encode("utf-8", "replace"))


def _csv_safe(text: str) -> str:
    return f"'{text}" if text.startswith(UNSAFE_FIRST_CHARACTERS) else text
