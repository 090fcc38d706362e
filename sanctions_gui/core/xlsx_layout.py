"""What an .xlsx sheet's values would cost to read, and a cheaper copy when they are few.

python-calamine lays out every cell of the rectangle a sheet's values span: one space
typed in T1048576 under a three-person table makes it build 20 million cells (21 s,
813 MB), and one in XFD1048576 asks for 17 billion and kills the process. So before a
sheet is read its layout is checked: the <dimension> it declares, and when that claims
far more cells than the part's size could hold, the rows that really hold values. A sheet
whose values are few is then read from a copy of the package, in memory, holding only
those rows, renumbered one after another; the reader maps each row back to its number in
the sheet. The analyst's file is never changed.

The same package copy lets a workbook with an Excel 4 macro sheet (which python-calamine
refuses outright) be read without it.
"""

from __future__ import annotations

import bisect
import io
import re
import zipfile
from dataclasses import dataclass
from html import unescape

from .fills import chunks, column_letter

DIMENSION_BYTES = 64 * 1024  # the <dimension> element comes before the cells
# An XML cell holding a value takes at least this many bytes (<c r="A1"><v>1</v></c> is 22):
# a part this many times smaller than its dimension's cells is mostly empty.
SMALLEST_CELL_BYTES = 8
DIRECT_CELLS = 2_000_000  # rectangles up to this size are read as they are

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="([A-Z]+\d+)(?::([A-Z]+\d+))?"')
# Cells holding something; <c r="B5" s="3"/> is formatting only.
_DIMENSION_ELEMENT = re.compile(rb"<(?:\w+:)?dimension\b[^>]*/>")
_VALUE_CELL = re.compile(rb'<(?:\w+:)?c r="([A-Z]{1,3})(\d+)"[^>/]*>')


@dataclass
class SheetLayout:
    """cells: the rectangle the value reader would lay out; extent: it as "A1:T1048576";
    value_rows: the rows holding values, when the cells were scanned (else None)."""

    cells: int
    extent: str
    value_rows: list[int] | None = None
    first_column: int = 0
    last_column: int = 0

    def compacted_cells(self) -> int:
        """The cells of a copy holding only the rows with values."""
        if self.value_rows is None:
            return self.cells
        return len(self.value_rows) * (self.last_column - self.first_column + 1)


def cell_position(ref: bytes) -> tuple[int, int]:
    """b"XFD1048576" -> (1048576, 16384): 1-based row and column."""
    letters = ref.rstrip(b"0123456789")
    column = 0
    for letter in letters:
        column = column * 26 + letter - 64
    return int(ref[len(letters):]), column


def sheet_layout(archive: zipfile.ZipFile, part: str) -> SheetLayout:
    """The cells a sheet's values span, scanning its cells when the <dimension> is missing or implausible."""
    info = archive.getinfo(part)
    with archive.open(part) as stream:
        head = stream.read(DIMENSION_BYTES)
    found = _DIMENSION.search(head)
    if found:
        first, last = cell_position(found.group(1)), cell_position(found.group(2) or found.group(1))
        cells = (last[0] - first[0] + 1) * (last[1] - first[1] + 1)
        if cells <= DIRECT_CELLS or cells * SMALLEST_CELL_BYTES <= info.file_size:
            extent = (found.group(1) + b":" + (found.group(2) or found.group(1))).decode()
            return SheetLayout(cells, extent, first_column=first[1] - 1, last_column=last[1] - 1)
    rows: set[int] = set()
    columns: set[bytes] = set()
    for chunk in chunks(archive, part):
        for letters, number in _VALUE_CELL.findall(chunk):
            rows.add(int(number))
            columns.add(letters)
    if not rows:
        return SheetLayout(0, "", [])
    numbers = sorted(cell_position(letters + b"1")[1] for letters in columns)
    first_row, last_row = min(rows), max(rows)
    extent = f"{column_letter(numbers[0] - 1)}{first_row}:{column_letter(numbers[-1] - 1)}{last_row}"
    return SheetLayout((last_row - first_row + 1) * (numbers[-1] - numbers[0] + 1), extent, sorted(rows),
                       numbers[0] - 1, numbers[-1] - 1)


# --- copies of the package ---------------------------------------------------------------

_SHEET_DATA = re.compile(rb"<((?:\w+:)?)sheetData\b[^>]*>")
_ROW_NUMBER = re.compile(rb'(<(?:\w+:)?row\b[^>]*?\sr=")(\d+)(")')
_CELL_REF = re.compile(rb'(<(?:\w+:)?c\b[^>]*?\sr="[A-Z]{1,3})(\d+)(")')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"[^>]*/>')
LONGEST_ROW_BYTES = 256 * 1024 * 1024  # a row element longer than this is not a sheet to copy


def compacted_sheet(archive: zipfile.ZipFile, part: str, keep: list[int]) -> bytes:
    """The sheet part with only the rows in `keep` (sorted), renumbered 1, 2, 3... and its
    merged ranges moved with them; the dimension and what follows the cells are left out.

    Only the few rows holding values are looked at: each is found from one of its cells
    (back to its <row>, on to its </row>), so a million formatted empty rows cost a scan.
    """
    new_number = {row: index for index, row in enumerate(keep, start=1)}
    pieces: list[bytes] = []
    head = prefix = None
    tail = carry = b""
    for chunk in chunks(archive, part):
        data = carry + chunk
        if head is None:
            start = _SHEET_DATA.search(data)
            if start is None:
                carry = data
                continue
            head, prefix = _DIMENSION_ELEMENT.sub(b"", data[:start.end()]), start.group(1)
            data = data[start.end():]
        if tail:
            tail += data
            carry = b""
            continue
        ending = data.find(b"</" + prefix + b"sheetData>")
        if ending >= 0:
            data, tail = data[:ending], data[ending:]
        carry = _copy_rows(data, prefix, new_number, pieces, complete=ending >= 0)
        if len(carry) > LONGEST_ROW_BYTES:
            raise ValueError("a row of the sheet is too long to copy")
    if head is None:
        raise ValueError("the sheet has no cell data")
    merges = _merged(tail, keep, new_number)
    closing = b"</" + prefix + b"sheetData>"
    merged = (b"<" + prefix + b"mergeCells>" + b"".join(merges) + b"</" + prefix + b"mergeCells>") if merges else b""
    return head + b"".join(pieces) + closing + merged + b"</" + prefix + b"worksheet>"


def _copy_rows(data: bytes, prefix: bytes, new_number: dict[int, int], pieces: list[bytes],
               complete: bool) -> bytes:
    """Append the renumbered rows of `data` holding a value to `pieces`; return what must wait
    for the next chunk (a row that is not closed yet)."""
    row_open, row_close = b"<" + prefix + b"row", b"</" + prefix + b"row>"
    done = 0
    for cell in _VALUE_CELL.finditer(data):
        if cell.start() < done:
            continue  # in a row already copied
        begin = data.rfind(row_open, done, cell.start())
        end = data.find(row_close, cell.end())
        if begin < 0 or end < 0:
            return data[max(begin, done):] if not complete else b""
        end += len(row_close)
        element = data[begin:end]
        number = _ROW_NUMBER.search(element)
        if number is None:  # rows numbered by their place cannot be moved
            raise ValueError("a row of the sheet has no number")
        done = end
        if int(number.group(2)) not in new_number:
            continue
        renumbered = str(new_number[int(number.group(2))]).encode()
        element = _ROW_NUMBER.sub(lambda m: m.group(1) + renumbered + m.group(3), element, count=1)
        pieces.append(_CELL_REF.sub(lambda m: m.group(1) + renumbered + m.group(3), element))
    last_open = data.rfind(row_open, done)
    if complete or last_open < 0 or data.find(row_close, last_open) >= 0:
        return b""
    tag_end = data.find(b">", last_open)
    return b"" if tag_end > 0 and data[tag_end - 1:tag_end] == b"/" else data[last_open:]


def _merged(tail: bytes, keep: list[int], new_number: dict[int, int]) -> list[bytes]:
    """Merged ranges in the part's tail, their rows moved to the kept rows they cover."""
    if b"mergeCell" not in tail:
        return []
    found = []
    for left, top, right, bottom in _MERGE.findall(tail):
        first = bisect.bisect_left(keep, int(top))
        last = bisect.bisect_right(keep, int(bottom)) - 1
        if first <= last:
            found.append(b'<mergeCell ref="%s%d:%s%d"/>' % (left, new_number[keep[first]], right,
                                                              new_number[keep[last]]))
    return found


_SHEET_ENTRY = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*/>')


def package_copy(archive: zipfile.ZipFile, keep_sheets: set[str], replace: dict[str, bytes] | None = None,
                 leave_out: set[str] | None = None) -> bytes:
    """The package in memory with only the sheets named in `keep_sheets` listed, some parts
    replaced and others left out; stored without compression, since it is read at once."""
    replace = dict(replace or {})
    workbook = archive.read("xl/workbook.xml")
    replace["xl/workbook.xml"] = _SHEET_ENTRY.sub(
        lambda m: m.group(0) if unescape(m.group(1).decode("utf-8", "replace")) in keep_sheets else b"",
        workbook)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as copy:
        for info in archive.infolist():
            if leave_out and info.filename in leave_out:
                continue
            copy.writestr(info.filename, replace.pop(info.filename) if info.filename in replace
                          else archive.read(info))
    return buffer.getvalue()
