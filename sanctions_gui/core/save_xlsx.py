"""The .xlsx writer of Save as: openpyxl makes the package, the sheets' rows are streamed into it.

As in the export (export_xlsx.py, whose cell styles and byte cleaning this reuses),
openpyxl's cell objects cost too much for large workbooks: about 10 s for 20,000 rows.
Here openpyxl writes the package (styles, the empty sheets, the Changes sheet), and each
sheet's rows are then written into its part as XML, a cell at a time from the plain
values `save_plan` gives: text inline (quote-prefixed when a spreadsheet would run it),
numbers, yes / no cells, dates, times and durations with their number formats, and the
name cells' fills.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Callable, Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from .export_cells import NOT_XML_CONTROLS, UNSAFE_FIRST_CHARACTERS
from .export_xlsx import (
    _DATE, _EMPTY, _NUMBER, _TEXT, _UNSAFE_TEXT, EXCEL_MAX_CELL_CHARS, _cell_openings, _unexpected_openpyxl,
    _xml_bytes, text_cell,
)
from .fills import column_letter
from .save_plan import CellTooLong, Filled, SheetOut

EXCEL_MAX_SHEET_NAME = 31
ROWS_PER_CHUNK = 2_000
_EPOCH = dt.date(1899, 12, 30)
_NUMBER_FORMATS = {"datetime": "yyyy-mm-dd hh:mm:ss", "time": "hh:mm:ss", "duration": "[h]:mm:ss"}
_TEXT_CLOSING, _NUMBER_CLOSING = "</t></is></c>", "</v></c>"


def write_workbook(handle, outs: list[SheetOut], changes: Iterable[list[object]], changes_title: str,
                   palette: list[str], report_done: Callable[[int], None]) -> None:
    """Write the sheets (in order) and the Changes sheet to the open binary `handle`."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = [workbook.create_sheet(out.name[:EXCEL_MAX_SHEET_NAME]) for out in outs]
    changes_sheet = workbook.create_sheet(changes_title)
    for row, values in enumerate(changes, start=1):
        for column, value in enumerate(values, start=1):
            if value not in (None, ""):
                text_cell(changes_sheet, row, column, str(value))
    styles = _Styles(changes_sheet, palette)
    package = io.BytesIO()
    workbook.save(package)
    parts = {sheet.path.lstrip("/"): out for sheet, out in zip(sheets, outs)}
    written = 0
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED,
                                                             compresslevel=1) as target:
        for info in source.infolist():
            out = parts.get(info.filename)
            if out is None:
                target.writestr(info, source.read(info))
                continue
            xml = source.read(info).decode("utf-8").replace("<sheetData/>", "<sheetData></sheetData>")
            head, closing, tail = xml.partition("</sheetData>")
            if not closing:
                raise _unexpected_openpyxl("no </sheetData> in a sheet")
            extent = f"A1:{column_letter(max(out.last_column, 1) - 1)}{max(out.last_row, 1)}"
            head = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{extent}"', head, count=1)
            with target.open(info.filename, "w", force_zip64=True) as stream:
                stream.write(head.encode("utf-8"))
                chunk: list[str] = []
                for number, row in enumerate(out.rows, start=1):
                    chunk.append(styles.row_xml(number, row, out.name))
                    if len(chunk) == ROWS_PER_CHUNK:
                        stream.write(_xml_bytes("".join(chunk)))
                        chunk.clear()
                        report_done(written + len(out.person_rows))
                stream.write(_xml_bytes("".join(chunk)))
                stream.write((closing + tail).encode("utf-8"))
            written += len(out.person_rows)


class _Styles:
    """The style numbers cells are written with, registered in the workbook before it is saved."""

    def __init__(self, sheet, palette: list[str]):
        self.openings = _cell_openings(sheet, palette)
        self.fill_of = {colour: index for index, colour in enumerate(palette, start=1)}
        self.formats = {}
        for kind, number_format in _NUMBER_FORMATS.items():
            cell = WriteOnlyCell(sheet)
            cell.number_format = number_format
            self.formats[kind] = f' s="{cell.style_id}"><v>'
        self._letters: list[str] = []

    def letter(self, index: int) -> str:
        while len(self._letters) <= index:
            self._letters.append(column_letter(len(self._letters)))
        return self._letters[index]

    def row_xml(self, number: int, values: list[object], sheet_name: str) -> str:
        cells = [f'<row r="{number}">']
        for index, value in enumerate(values):
            fill = 0
            if isinstance(value, Filled):
                value, fill = value.value, self.fill_of.get(value.colour.upper(), 0)
            cell = self._cell(value, fill, sheet_name, number)
            if cell:
                cells.append(f'<c r="{self.letter(index)}{number}"{cell}')
        cells.append("</row>")
        return "".join(cells)

    def _cell(self, value: object, fill: int, sheet_name: str, row: int) -> str:
        """A cell's XML after its reference, or "" for an empty cell without a fill."""
        if value is None or value == "":
            return self.openings[_EMPTY, fill] if fill else ""
        if isinstance(value, str):
            if len(value) > EXCEL_MAX_CELL_CHARS:
                raise CellTooLong(f"Sheet ‘{sheet_name}’, row {row} holds a cell of {len(value):,} characters; Excel "
                                  f"keeps at most {EXCEL_MAX_CELL_CHARS:,}. Shorten it and save again.")
            # Characters XML cannot hold are dropped from the file: they must not hide a formula.
            style = _UNSAFE_TEXT if value.lstrip(NOT_XML_CONTROLS).startswith(UNSAFE_FIRST_CHARACTERS) else _TEXT
            escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            return self.openings[style, fill] + escaped + _TEXT_CLOSING
        if isinstance(value, bool):
            return f' t="b"><v>{int(value)}</v></c>'
        if isinstance(value, (int, float)):
            if isinstance(value, float) and not math.isfinite(value):
                return self.openings[_EMPTY, fill] if fill else ""
            return self.openings[_NUMBER, fill] + repr(value) + _NUMBER_CLOSING
        if isinstance(value, dt.datetime):
            if value.time() == dt.time():
                return self.openings[_DATE, fill] + str(_serial(value.date())) + _NUMBER_CLOSING
            fraction = (value - dt.datetime.combine(value.date(), dt.time())).total_seconds() / 86400
            return self.formats["datetime"] + repr(_serial(value.date()) + fraction) + _NUMBER_CLOSING
        if isinstance(value, dt.date):
            return self.openings[_DATE, fill] + str(_serial(value)) + _NUMBER_CLOSING
        if isinstance(value, dt.time):
            seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
            return self.formats["time"] + repr(seconds / 86400) + _NUMBER_CLOSING
        if isinstance(value, dt.timedelta):
            return self.formats["duration"] + repr(value.total_seconds() / 86400) + _NUMBER_CLOSING
        return self._cell(str(value), fill, sheet_name, row)


def _serial(day: dt.date) -> int:
    """Excel's day number, with its 1900 leap-year quirk (as openpyxl and the export write it)."""
    serial = (day - _EPOCH).days
    return serial - 1 if 0 < serial <= 60 else serial
