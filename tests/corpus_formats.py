"""Hand-written spreadsheet formats for the bad-input corpus (corpus.py), each kept to the
minimum the readers accept, so a case can put exactly the bytes it needs where it needs them.

* .xlsx packages (`xlsx_package`): content types, relationships, workbook, sheets, optional
  shared strings and styles, written with zipfile (the "max_row" trap, entity payloads,
  error cells, forged sizes).
* OLE compound files (`compound_file`, [MS-CFB] version 3): the container of legacy
  .xls workbooks and of password-protected .xlsx files.
* BIFF8 workbook streams (`biff8_workbook`, [MS-XLS]): BOF, CODEPAGE, XF, BOUNDSHEET8,
  LABEL, NUMBER, EOF; what python-calamine needs to read a legacy .xls.
"""

from __future__ import annotations

import datetime as dt
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter


# --- .xlsx packages written part by part ------------------------------------------------

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# One style with a yellow fill (cellXfs 1) and one date style (cellXfs 2, numFmt 14).
STYLES_XML = (
    f'{XML_DECLARATION}<styleSheet xmlns="{MAIN_NS}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFFFFF00"/><bgColor indexed="64"/>'
    '</patternFill></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs></styleSheet>'
)
YELLOW_STYLE, DATE_STYLE = 1, 2


def cell_xml(ref: str, value: object, style: int | None = None) -> str:
    """One <c> element: text inline, numbers as numbers, dates as serials with DATE_STYLE."""
    s = f' s="{style}"' if style is not None else ""
    if isinstance(value, dt.date):
        serial = (value - dt.date(1899, 12, 30)).days
        return f'<c r="{ref}" s="{DATE_STYLE if style is None else style}"><v>{serial}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


def rows_xml(rows: list[list[object]], first_row: int = 1) -> str:
    parts = []
    for number, row in enumerate(rows, start=first_row):
        cells = "".join(cell_xml(f"{get_column_letter(i + 1)}{number}", v) for i, v in enumerate(row) if v is not None)
        parts.append(f'<row r="{number}">{cells}</row>')
    return "".join(parts)


def sheet_xml(body: str, dimension: str | None = None, before_data: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'{XML_DECLARATION}<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">{dim}{before_data}'
            f'<sheetData>{body}</sheetData></worksheet>')


@dataclass
class SheetPart:
    name: str
    xml: str | bytes
    state: str = "visible"  # visible | hidden | veryHidden


def xlsx_package(path: Path, sheets: list[SheetPart], styles: str | None = STYLES_XML,
          shared_strings: str | None = None, extra_parts: dict[str, bytes] | None = None) -> Path:
    """Write an .xlsx package from its parts."""
    overrides = ['<Override PartName="/xl/workbook.xml" ContentType="application/'
                 'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>']
    rels = []
    entries = []
    for index, sheet in enumerate(sheets, start=1):
        overrides.append(f'<Override PartName="/xl/worksheets/sheet{index}.xml" ContentType="application/'
                         'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
        rels.append(f'<Relationship Id="rId{index}" Type="{REL_NS}/worksheet" '
                    f'Target="worksheets/sheet{index}.xml"/>')
        state = f' state="{sheet.state}"' if sheet.state != "visible" else ""
        entries.append(f'<sheet name="{escape(sheet.name)}" sheetId="{index}"{state} r:id="rId{index}"/>')
    parts: dict[str, str | bytes] = {}
    if styles is not None:
        overrides.append('<Override PartName="/xl/styles.xml" ContentType="application/'
                         'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>')
        rels.append(f'<Relationship Id="rIdS" Type="{REL_NS}/styles" Target="styles.xml"/>')
        parts["xl/styles.xml"] = styles
    if shared_strings is not None:
        overrides.append('<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                         'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
        rels.append(f'<Relationship Id="rIdT" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>')
        parts["xl/sharedStrings.xml"] = shared_strings
    parts["[Content_Types].xml"] = (
        f'{XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>' + "".join(overrides) + "</Types>")
    parts["_rels/.rels"] = (
        f'{XML_DECLARATION}<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" '
        f'Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    parts["xl/workbook.xml"] = (
        f'{XML_DECLARATION}<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
        + "".join(entries) + "</sheets></workbook>")
    parts["xl/_rels/workbook.xml.rels"] = (
        f'{XML_DECLARATION}<Relationships xmlns="{PKG_REL_NS}">' + "".join(rels) + "</Relationships>")
    for index, sheet in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{index}.xml"] = sheet.xml
    parts.update(extra_parts or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


# --- OLE compound files ([MS-CFB]) and BIFF8 -----------------------------------------------

SECTOR = 512
MINI_SECTOR = 64
MINI_STREAM_CUTOFF = 4096
FREE_SECTOR, END_OF_CHAIN, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A version 3 compound file holding `streams` (non-empty) in its root storage.

    Streams under 4,096 bytes live in the mini stream (64-byte sectors, chained by the
    mini FAT), larger ones in 512-byte sectors chained by the FAT. Sector order: FAT,
    directory, mini FAT, mini stream, large streams. The directory's sibling tree is a
    chain of right siblings in CFB name order (length, then upper case), all black.
    """
    def sectors(size: int, unit: int = SECTOR) -> int:
        return -(-size // unit)

    names = sorted(streams, key=lambda n: (len(n), n.upper()))
    mini = bytearray()
    mini_fat: list[int] = []
    mini_starts: dict[str, int] = {}
    for name in names:
        data = streams[name]
        if len(data) < MINI_STREAM_CUTOFF:
            first, count = len(mini) // MINI_SECTOR, sectors(len(data), MINI_SECTOR)
            mini_starts[name] = first
            mini_fat.extend(list(range(first + 1, first + count)) + [END_OF_CHAIN])
            mini += data.ljust(count * MINI_SECTOR, b"\0")
    large = [n for n in names if n not in mini_starts]

    directory_sectors = sectors((1 + len(names)) * 128)
    mini_fat_sectors = sectors(len(mini_fat) * 4)
    mini_stream_sectors = sectors(len(mini))
    data_sectors = (directory_sectors + mini_fat_sectors + mini_stream_sectors
                    + sum(sectors(len(streams[n])) for n in large))
    fat_sectors = 1
    while fat_sectors * (SECTOR // 4) < fat_sectors + data_sectors:
        fat_sectors += 1

    fat: list[int] = [FAT_SECTOR] * fat_sectors
    body = bytearray()

    def place(data: bytes) -> int:
        """Append data in whole sectors, chain them in the FAT; return the first sector."""
        if not data:
            return END_OF_CHAIN
        first, count = len(fat), sectors(len(data))
        fat.extend(list(range(first + 1, first + count)) + [END_OF_CHAIN])
        body.extend(data.ljust(count * SECTOR, b"\0"))
        return first

    def entry(name: str, kind: int, start: int, size: int, right: int = NO_STREAM,
              child: int = NO_STREAM) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", NO_STREAM, right, child) + b"\0" * 16 + b"\0" * 4
                + b"\0" * 16 + struct.pack("<IQ", start, size))

    # The directory goes first after the FAT, but its entries need the stream sectors:
    # reserve its sectors now and write it last.
    directory_first = len(fat)
    fat.extend(list(range(directory_first + 1, directory_first + directory_sectors)) + [END_OF_CHAIN])
    body.extend(b"\0" * directory_sectors * SECTOR)
    mini_fat_first = place(b"".join(struct.pack("<I", n) for n in mini_fat))
    mini_stream_first = place(bytes(mini))
    starts = {n: mini_starts[n] for n in mini_starts}
    starts.update({n: place(streams[n]) for n in large})

    entries = [entry("Root Entry", 5, mini_stream_first, len(mini), child=1 if names else NO_STREAM)]
    for index, name in enumerate(names, start=1):
        right = index + 1 if index < len(names) else NO_STREAM
        entries.append(entry(name, 2, starts[name], len(streams[name]), right=right))
    directory = b"".join(entries).ljust(directory_sectors * SECTOR, b"\0")
    offset = (directory_first - fat_sectors) * SECTOR
    body[offset:offset + len(directory)] = directory

    fat.extend([FREE_SECTOR] * (fat_sectors * (SECTOR // 4) - len(fat)))
    difat = list(range(fat_sectors)) + [FREE_SECTOR] * (109 - fat_sectors)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, fat_sectors, directory_first, 0, MINI_STREAM_CUTOFF,
                            mini_fat_first if mini_fat else END_OF_CHAIN, mini_fat_sectors,
                            END_OF_CHAIN, 0)
              + struct.pack("<109I", *difat))
    return header + struct.pack(f"<{len(fat)}I", *fat) + bytes(body)


def biff_record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def biff_bof(substream: int) -> bytes:
    """BOF (2.4.21): BIFF8, workbook globals (0x0005) or worksheet (0x0010)."""
    return biff_record(0x0809, struct.pack("<HHHHII", 0x0600, substream, 0x0DBB, 0x07CC, 0, 0x06))


def biff_string(text: str, length_bytes: str = "<H") -> bytes:
    """XLUnicodeString with UTF-16 characters (fHighByte = 1)."""
    return struct.pack(length_bytes, len(text)) + b"\x01" + text.encode("utf-16-le")


def biff8_workbook(sheet_name: str, rows: list[list[object]], extra_globals: bytes = b"") -> bytes:
    """A Workbook stream: globals (code page, two XFs, one sheet) and the sheet's cells.

    Text cells are LABEL records, numbers NUMBER records; a date becomes a NUMBER with
    XF 1, whose built-in format 14 (m/d/yyyy) makes it a date.
    """
    cells = bytearray()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                serial = float((value - dt.date(1899, 12, 30)).days)
                cells += biff_record(0x0203, struct.pack("<HHHd", r, c, 1, serial))
            elif isinstance(value, (int, float)):
                cells += biff_record(0x0203, struct.pack("<HHHd", r, c, 0, float(value)))
            else:
                cells += biff_record(0x0204, struct.pack("<HHH", r, c, 0) + biff_string(str(value)))
    width = max(len(row) for row in rows)
    sheet = (biff_bof(0x0010) + biff_record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
             + bytes(cells) + biff_record(0x000A))
    xf = [biff_record(0x00E0, struct.pack("<HHHHHHIIH", 0, fmt, 0, 0x20, 0, 0, 0, 0, 0x20C0)) for fmt in (0, 14)]
    name = struct.pack("<B", len(sheet_name)) + b"\x01" + sheet_name.encode("utf-16-le")

    def globals_part(sheet_offset: int) -> bytes:
        return (biff_bof(0x0005) + biff_record(0x0042, struct.pack("<H", 1200)) + extra_globals + b"".join(xf)
                + biff_record(0x0085, struct.pack("<IBB", sheet_offset, 0, 0) + name) + biff_record(0x000A))

    offset = len(globals_part(0))
    return globals_part(offset) + sheet
