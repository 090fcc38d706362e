"""The .xlsx half of the export: openpyxl writes the package, the rows are streamed in.

Speed: openpyxl builds a cell object and an XML element per cell, about 45 µs each
without lxml, which puts 200,000 rows × 24 columns near four minutes. So openpyxl
writes the package (styles, header row, widths, frozen pane, autofilter, the About
sheet) and the data rows are streamed into that sheet's XML a chunk of rows at a time,
each column's cells built with numpy and string operations over the whole chunk, the
chunk then joined into one string: 200,000 rows take about ten seconds.

This leans on two openpyxl internals: `WriteOnlyCell(...).style_id`, which registers a
cell style in the workbook and gives its number, and `Worksheet.path`, the sheet's part
in the package, whose saved XML must hold a `</sheetData>` to stream the rows before.
pyproject.toml bounds openpyxl to the 3.1 series, on which the export tests pass (3.1.0,
3.1.2 and 3.1.5 were tried); a release that changes either fails here with a plain
message rather than writing a damaged file. XlsxWriter's constant-memory mode was
measured as the alternative: about 0.6 ms a row (11.6 s for 20,000 rows against 1.8 s
here), far from the 20 s target for 200,000 rows.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from typing import IO

import numpy as np
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .display import readable_text_colour
from .export import DATA_SHEET, ExportError, report_rows, row_chunks
from .export_about import ABOUT_SHEET, APP_NAME, ExportContext
from .export_cells import NOT_XML_CONTROLS, UNSAFE_FIRST_CHARACTERS, ExportColumn, looks_like_formula

EXCEL_MAX_CELL_CHARS = 32_767
DATE_NUMBER_FORMAT = "yyyy-mm-dd"
FONT_NAME, FONT_SIZE = "Calibri", 11
# Lone surrogates cannot be written in UTF-8 and U+FFFE/U+FFFF are not XML characters either.
_NOT_XML = re.compile(f"[{NOT_XML_CONTROLS}\ud800-\udfff\ufffe\uffff]")
_NOT_XML_BYTES = NOT_XML_CONTROLS.encode("ascii")
_EXCEL_EPOCH = np.datetime64("1899-12-30", "D")
_ZIP64_FROM_BYTES = 2**31 - 2**24  # plain zip entries stop at 2 GiB; use Zip64 only when needed

# How a cell is written; its style depends on it.
_TEXT, _UNSAFE_TEXT, _DATE, _NUMBER, _EMPTY = range(5)
# What follows a cell's reference in the sheet XML, by how the cell is written: its style
# (given as {style}), then the opening of its value, which `_cells_xml` completes.
_CELL_OPENINGS = {
    _TEXT: '{style} t="inlineStr"><is><t xml:space="preserve">',
    _UNSAFE_TEXT: '{style} t="inlineStr"><is><t xml:space="preserve">',
    _DATE: "{style}><v>",
    _NUMBER: "{style}><v>",
    _EMPTY: "{style}/>",
}
_TEXT_CLOSING, _NUMBER_CLOSING = "</t></is></c>", "</v></c>"


def write_xlsx(handle: IO[bytes], columns: list[ExportColumn], fills: np.ndarray, palette: list[str],
               context: ExportContext, step: Callable[[float, str], None]) -> None:
    rows = len(fills)
    workbook = Workbook()
    workbook.properties.creator = APP_NAME
    sheet = workbook.active
    sheet.title = DATA_SHEET
    header_font = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
    for index, column in enumerate(columns, start=1):
        text_cell(sheet, 1, index, column.header).font = header_font
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    last = f"{get_column_letter(len(columns))}{rows + 1}"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}"
    openings = _cell_openings(sheet, palette)
    _about_sheet(workbook.create_sheet(ABOUT_SHEET), context)

    package = io.BytesIO()
    workbook.save(package)
    sheet_part = sheet.path.lstrip("/")
    sheet_bytes = sum(column.sheet_bytes_at_most() for column in columns)
    with zipfile.ZipFile(package) as source, \
            zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        if sheet_part not in source.namelist():
            raise _unexpected_openpyxl(f"no part {sheet_part} for the sheet")
        for info in source.infolist():
            if info.filename != sheet_part:
                out.writestr(info, source.read(info))
                continue
            head, closing, tail = source.read(info).decode("utf-8").partition("</sheetData>")
            if not closing:
                raise _unexpected_openpyxl("no </sheetData> in the sheet")
            head = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="A1:{last}"', head, count=1)
            with out.open(sheet_part, "w", force_zip64=sheet_bytes > _ZIP64_FROM_BYTES) as stream:
                stream.write(head.encode("utf-8"))
                for chunk in row_chunks(rows):
                    report_rows(step, chunk.start, rows)
                    stream.write(_rows_xml(columns, fills, openings, chunk))
                stream.write((closing + tail).encode("utf-8"))


def _unexpected_openpyxl(what: str) -> ExportError:
    import openpyxl

    return ExportError(f"The .xlsx export does not work with openpyxl {openpyxl.__version__} ({what}); "
                       "install openpyxl 3.1 (pip install 'openpyxl>=3.1,<3.2') or export to CSV.")


def _rows_xml(columns: list[ExportColumn], fills: np.ndarray, openings: np.ndarray, chunk: slice) -> bytes:
    """`<row>` elements for one chunk: each column's cells are built with numpy, then joined."""
    fill = fills[chunk]
    numbers = np.arange(chunk.start + 2, chunk.start + 2 + len(fill)).astype(str).astype(object)  # row 1: header
    cells = np.empty((len(fill), len(columns) + 2), dtype=object)
    cells[:, 0] = '<row r="' + numbers + '">'
    cells[:, -1] = "</row>"
    reference = numbers + '"'
    for index, column in enumerate(columns, start=1):
        style_class, payload = _cells_xml(column, chunk)
        xml = f'<c r="{get_column_letter(index)}' + reference + openings[style_class, fill] + payload
        xml[(style_class == _EMPTY) & (fill == 0)] = ""  # an empty cell without a fill is left out
        cells[:, index] = xml
    return _xml_bytes("".join(cells.ravel()))


def _cells_xml(column: ExportColumn, chunk: slice) -> tuple[np.ndarray, np.ndarray]:
    """Per cell of the chunk: how it is written (_TEXT … _EMPTY), and its XML after the
    opening `_CELL_OPENINGS` gives that class. Only text is guarded against formulas."""
    text = column.text[chunk]
    style_class = np.where(looks_like_formula(text), _UNSAFE_TEXT, _TEXT)
    style_class[text == ""] = _EMPTY
    payload = _xml_escape(text, _TEXT_CLOSING)
    is_date, is_number = column.numeric(chunk)
    if is_date.any():
        style_class[is_date] = _DATE
        payload[is_date] = _excel_serials(column.days[chunk][is_date]).astype(str).astype(object) + _NUMBER_CLOSING
    if is_number.any():
        style_class[is_number] = _NUMBER
        payload[is_number] = text[is_number] + _NUMBER_CLOSING
    payload[style_class == _EMPTY] = ""
    return style_class, payload


def _xml_escape(values: np.ndarray, closing: str) -> np.ndarray:
    """Values XML-escaped, cut to Excel's cell limit and followed by `closing`, all done on
    one string joining them. Characters XML cannot hold are dropped later (`_xml_bytes`)."""
    if not len(values):
        return values.copy()
    if max(map(len, values)) > EXCEL_MAX_CELL_CHARS:
        values = np.array([value[:EXCEL_MAX_CELL_CHARS] for value in values], dtype=object)
    joined = "\0".join(values)
    if joined.count("\0") != len(values) - 1:  # a value holds NUL, which XML drops anyway
        joined = "\0".join(value.replace("\0", "") for value in values)
    joined = joined.replace("\ufffe", "").replace("\uffff", "")  # not XML characters
    joined = joined.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return np.array((joined + "\0").replace("\0", closing + "\0").split("\0")[:-1], dtype=object)


def _xml_bytes(text: str) -> bytes:
    """UTF-8 of sheet XML without the control characters XML 1.0 cannot hold.

    Control bytes never occur inside a multi-byte UTF-8 sequence, so deleting them from
    the bytes is exact; lone surrogates cannot be encoded and are left out.
    """
    return text.encode("utf-8", "ignore").translate(None, _NOT_XML_BYTES)


def _excel_serials(days: np.ndarray) -> np.ndarray:
    """Excel's day numbers, with its 1900 leap-year quirk (as openpyxl writes them)."""
    serials = (days - _EXCEL_EPOCH).astype(np.int64)
    return serials - ((serials > 0) & (serials <= 60))


def _cell_openings(sheet, palette: list[str]) -> np.ndarray:
    """Cell openings by [how the cell is written, fill]; openpyxl registers each style and
    numbers it."""
    openings = np.empty((len(_CELL_OPENINGS), len(palette) + 1), dtype=object)
    for fill_index, colour in enumerate([None, *palette]):
        for style_class, opening in _CELL_OPENINGS.items():
            cell = WriteOnlyCell(sheet)  # never written: only its style is registered
            if colour is not None:
                cell.fill = _solid_fill(colour)
                cell.font = _font_on(colour)
            if style_class == _DATE:
                cell.number_format = DATE_NUMBER_FORMAT
            cell.quotePrefix = style_class == _UNSAFE_TEXT
            openings[style_class, fill_index] = opening.format(style=f' s="{cell.style_id}"')
    return openings


def _solid_fill(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", fgColor="FF" + colour[1:].upper())


def _font_on(colour: str, bold: bool = False) -> Font:
    return Font(name=FONT_NAME, size=FONT_SIZE, bold=bold, color="FF" + readable_text_colour(colour)[1:])


def text_cell(sheet, row: int, column: int, text: str):
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
        label_cell, value_cell = text_cell(sheet, row, 1, label), text_cell(sheet, row, 2, value)
        label_cell.font = bold
        label_cell.alignment = value_cell.alignment = wrap
        if colour is not None:
            for cell in (label_cell, value_cell):
                cell.fill = _solid_fill(colour)
            label_cell.font = _font_on(colour, bold=True)
            value_cell.font = _font_on(colour)
