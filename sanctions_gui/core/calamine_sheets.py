"""Cell values of a workbook's sheets through python-calamine, as plain Python lists.

Used in the app for .xlsx (after xlsx_layout has checked each sheet's cost) and, for .xls
and .ods, in a child process that cannot take the app down (bounded_reading.py). So this
module imports nothing heavier than python-calamine: the child starts in milliseconds.

python-calamine's errors carry reader internals ("Cfb error: Codepage 8001 not found");
they become a `ReaderFailure` of a few kinds, and the caller words the message.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

import python_calamine

CANCEL_CHECK_ROWS = 20_000  # a cancel click is noticed within this many rows of a large sheet
PASSWORD, ENTITIES, DAMAGED = "password", "entities", "damaged"
MACRO_SHEET = "an Excel 4 macro sheet (old-style macros), not a table"

# python-calamine's sheet kinds compare equal but cannot be dict keys.
_SKIPPED_KINDS = (
    (python_calamine.SheetTypeEnum.ChartSheet, "a chart sheet, not a table"),
    (python_calamine.SheetTypeEnum.DialogSheet, "a dialog sheet, not a table"),
    (python_calamine.SheetTypeEnum.MacroSheet, MACRO_SHEET),
    (python_calamine.SheetTypeEnum.Vba, "a macro module, not a table"),
)


@dataclass
class RawSheet:
    """Cell values of one sheet, with where they sit in the sheet.

    rows[0][0] is at 1-based row `first_row` and 0-based column `first_column`, and each
    later row is the next sheet row, unless `row_numbers` gives each row's own number
    (when rows without values were left out before reading, see xlsx_layout).
    """

    name: str
    rows: list[list]
    first_row: int = 1
    first_column: int = 0
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    row_numbers: list[int] | None = None
    only_errors: bool = False  # no values, but cells showing errors (#REF!...), which read as empty

    def sheet_row(self, index: int) -> int:
        """The 1-based sheet row of rows[index]."""
        if self.row_numbers is not None:
            return self.row_numbers[index]
        return self.first_row + index


class ReaderFailure(Exception):
    """python-calamine could not read the file: `kind` is PASSWORD, ENTITIES or DAMAGED."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def open_workbook(source: str | bytes) -> python_calamine.CalamineWorkbook:
    """A path is opened by its extension; bytes by their content (python-calamine tries each format)."""
    try:
        if isinstance(source, bytes):
            return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(source))
        return python_calamine.CalamineWorkbook.from_path(source)
    except BaseException as error:
        raise _failure(error) from None


def _failure(error: BaseException) -> BaseException:
    if isinstance(error, python_calamine.PasswordError):
        return ReaderFailure(PASSWORD)
    if isinstance(error, (python_calamine.CalamineError, ValueError, KeyError, OSError, EOFError)):
        return ReaderFailure(ENTITIES if "entit" in str(error).lower() else DAMAGED)
    # A crash of the Rust reader on malformed data arrives as pyo3's PanicException, a BaseException.
    if type(error).__name__ == "PanicException":
        return ReaderFailure(DAMAGED)
    return error


def read_sheets(source: str | bytes, refuse: Callable[[str], str | None] = lambda name: None,
                progress: Callable[[float, str], None] = lambda fraction, message: None
                ) -> tuple[list[RawSheet], list[tuple[str, str]]]:
    """Every visible worksheet's rows, and (sheet, why) for each one left out.

    `refuse(name)` may give a reason not to load a sheet (its cells would cost too much).
    """
    workbook = open_workbook(source)
    skipped: list[tuple[str, str]] = []
    loaded = []
    try:
        metadata = workbook.sheets_metadata
        for index, meta in enumerate(metadata):
            progress(0.05 + 0.25 * index / max(len(metadata), 1), f"Reading sheet '{meta.name}'")
            why = next((why for kind, why in _SKIPPED_KINDS if meta.typ == kind), None)
            if why is None and meta.visible != python_calamine.SheetVisibleEnum.Visible:
                very = meta.visible == python_calamine.SheetVisibleEnum.VeryHidden
                why = f"the sheet is {'very hidden' if very else 'hidden'} in the workbook"
            why = why or refuse(meta.name)
            if why:
                skipped.append((meta.name, why))
                continue
            loaded.append(workbook.get_sheet_by_name(meta.name))
    except BaseException as error:
        raise _failure(error) from None
    finally:
        # Each sheet holds its own cells: closing now frees the shared-strings table
        # (hundreds of MB on a large sheet) before the cells are copied into Python.
        workbook.close()
    sheets = []
    for index in range(len(loaded)):
        sheet, loaded[index] = loaded[index], None  # free each sheet's cells once copied
        fraction = 0.3 + 0.2 * index / len(loaded)
        name = sheet.name
        try:
            rows, first_row, first_column = sheet_rows(
                sheet, lambda done: progress(fraction, f"Reading sheet '{name}': row {done:,}"))
            merged = list(sheet.merged_cell_ranges or [])
        except BaseException as error:
            raise _failure(error) from None
        sheets.append(RawSheet(name, rows, first_row=first_row, first_column=first_column, merged=merged))
        del sheet
    return sheets, skipped


def sheet_rows(sheet: python_calamine.CalamineSheet, progress: Callable[[int], None]
               ) -> tuple[list[list], int, int]:
    """The rows from the first to the last holding a value, each empty one between as [].

    Also returns the 1-based sheet row and 0-based column of rows[0][0]. Empty rows kept
    as empty lists cost a pointer each and the trailing ones are dropped. (python-calamine's
    iter_rows starts at the sheet's first row but at its first used column, so the origin
    is worked out from where the rows end.)
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
