"""Generate the bad-input corpus: the broken, odd and hostile files analysts may be sent.

    from corpus import build_corpus, EXPECTED
    files = build_corpus(tmp_path)          # {case name: path}
    EXPECTED["zip_bomb_declared"].error     # a phrase the error message must contain

Every file is made here from code (nothing is stored as an opaque blob), so each case
documents what is odd about it. `EXPECTED` says, per case, whether the reader should load
the file (and how many people, and which phrases the import report must contain) or
refuse it with one `WorkbookError` whose message contains a given phrase. The reader
tests, the `check` command tests and the window's open-file tests all use this one list.

The files are written with the hand-made .xlsx packages, OLE compound files and BIFF8
streams of corpus_formats.py.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter

from corpus_formats import (
    DATE_STYLE, END_OF_CHAIN, MAIN_NS, REL_NS, SECTOR, STYLES_XML, XML_DECLARATION, YELLOW_STYLE, SheetPart,
    biff8_workbook, biff_bof, biff_record, biff_string, cell_xml, compound_file, rows_xml, sheet_xml,
    xlsx_package,
)

# People used in the test-made sheets: plain facts any reader should get back.
PEOPLE = (
    ("Néstor Luis Reverol Torres", "Minister of Interior", "2018-05-18"),
    ("Tibisay Lucena Ramírez", "President of the National Electoral Council", "2017-07-31"),
    ("Diosdado Cabello Rondón", "President of the National Constituent Assembly", "2018-05-18"),
)
HEADER = ("Name", "Position", "Date sanctioned (U.S.)")
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_CELL_CHARS = 32_767


@dataclass(frozen=True)
class Expected:
    """What reading a corpus file must give.

    error: a phrase the WorkbookError message must contain (None: the file loads).
    rows: people read when it loads.
    report: phrases the import report (text form) must contain when it loads.
    """

    error: str | None = None
    rows: int | None = None
    report: tuple[str, ...] = ()

    @property
    def loads(self) -> bool:
        return self.error is None


def _people_rows() -> list[list[object]]:
    return [[name, position, dt.date.fromisoformat(day)] for name, position, day in PEOPLE]


def _plain_xlsx(path: Path) -> Path:
    body = rows_xml([list(HEADER), *_people_rows()])
    return xlsx_package(path, [SheetPart("People", sheet_xml(body))])


def _plain_xlsx_case(d: Path) -> Path:
    """Three people on one sheet, nothing odd."""
    return _plain_xlsx(d / "plain.xlsx")


# --- the cases ------------------------------------------------------------------------------


def _empty_file(d: Path) -> Path:
    path = d / "empty.xlsx"
    path.write_bytes(b"")
    return path


def _random_bytes(d: Path) -> Path:
    path = d / "random_bytes.xlsx"
    path.write_bytes(random.Random(7).randbytes(64 * 1024))
    return path


def _truncated_xlsx(d: Path) -> Path:
    whole = _plain_xlsx(d / "whole.xlsx.tmp").read_bytes()
    (d / "whole.xlsx.tmp").unlink()
    path = d / "truncated.xlsx"
    path.write_bytes(whole[: len(whole) * 2 // 3])
    return path


def _zip_without_workbook(d: Path) -> Path:
    path = d / "zip_without_workbook.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return path


def _password_protected(d: Path) -> Path:
    """An encrypted .xlsx as Excel saves it: an OLE file with EncryptionInfo and EncryptedPackage.

    EncryptionInfo starts with version 4.4 (agile encryption) and its XML descriptor;
    EncryptedPackage is the 8-byte plain size followed by cipher text (random bytes here).
    """
    info = struct.pack("<HHI", 4, 4, 0x40) + (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        b'<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption">'
        b'<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" '
        b'cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/>'
        b'</encryption>')
    cipher = random.Random(3).randbytes(8192)
    package = struct.pack("<Q", 6000) + cipher
    path = d / "password_protected.xlsx"
    path.write_bytes(compound_file({"EncryptionInfo": info, "EncryptedPackage": package}))
    return path


def _legacy_xls(d: Path) -> Path:
    path = d / "legacy.xls"
    path.write_bytes(compound_file({"Workbook": biff8_workbook("Sanciones", [list(HEADER), *_people_rows()])}))
    return path


def _password_xls(d: Path) -> Path:
    """A legacy .xls saved with a password: a FILEPASS record (RC4) in the globals."""
    file_pass = biff_record(0x002F, struct.pack("<HHH", 1, 1, 1) + b"\0" * 48)
    path = d / "password.xls"
    path.write_bytes(compound_file({"Workbook": biff8_workbook("Sheet1", [list(HEADER)], file_pass)}))
    return path


def _damaged_xls(d: Path) -> Path:
    """A legacy .xls whose sheet record (BOUNDSHEET8) is cut short after two bytes."""
    stream = biff_bof(0x0005) + biff_record(0x0085, b"\x10\x00") + biff_record(0x000A)
    path = d / "damaged.xls"
    path.write_bytes(compound_file({"Workbook": stream.ljust(4096, b"\0")}))
    return path


def _xls_huge_dimensions(d: Path) -> Path:
    """A legacy .xls whose DIMENSIONS record claims 4 billion rows by 65,535 columns."""
    stream = biff8_workbook("Sheet1", [list(HEADER), *_people_rows()])
    honest = biff_record(0x0200, struct.pack("<IIHHH", 0, len(PEOPLE) + 1, 0, len(HEADER), 0))
    huge = biff_record(0x0200, struct.pack("<IIHHH", 0, 0xFFFFFFFF, 0, 0xFFFF, 0))
    path = d / "huge_dimensions.xls"
    path.write_bytes(compound_file({"Workbook": stream.replace(honest, huge)}))
    return path


def _xls_far_away_cell(d: Path) -> Path:
    """A legacy .xls of three people with one value typed in IV65536, its last cell: read as it
    stands, the sheet is a grid of 16.7 million cells."""
    stream = biff8_workbook("Sheet1", [list(HEADER), *_people_rows()])
    stray = biff_record(0x0204, struct.pack("<HHH", 0xFFFF, 0xFF, 0) + biff_string("x"))
    path = d / "far_away_cell.xls"
    path.write_bytes(compound_file({"Workbook": stream[:-4] + stray + stream[-4:]}))
    return path


def _xls_only_error_values(d: Path) -> Path:
    """A legacy .xls whose one sheet holds only cells showing #DIV/0! and #REF! (BOOLERR records)."""
    stream = biff8_workbook("Broken", [["placeholder"]])
    label = biff_record(0x0204, struct.pack("<HHH", 0, 0, 0) + biff_string("placeholder"))
    errors = biff_record(0x0205, struct.pack("<HHHBB", 0, 0, 0, 0x07, 1)) + biff_record(
        0x0205, struct.pack("<HHHBB", 0, 1, 0, 0x17, 1))
    path = d / "only_errors.xls"
    path.write_bytes(compound_file({"Workbook": stream.replace(label, errors)}))
    return path


def _csv_rows() -> str:
    lines = [";".join(HEADER)] + [";".join([name, position, day]) for name, position, day in PEOPLE]
    return "\r\n".join(lines) + "\r\n"


def _csv_latin1(d: Path) -> Path:
    path = d / "latin1.csv"
    path.write_bytes(_csv_rows().encode("cp1252"))
    return path


def _csv_utf16(d: Path) -> Path:
    path = d / "utf16.csv"
    path.write_bytes(_csv_rows().encode("utf-16"))
    return path


def _csv_sniffer_trap(d: Path) -> Path:
    """1,500 people whose notes start with ' "' and never close the quote: csv.Sniffer's search for a
    quoted field is quadratic on it (4 s for these 50 KB, half a minute on larger files)."""
    path = d / "sniffer_trap.csv"
    path.write_text("Name,Position,Notes\n" + "".join(f'Persona {n},Fiscal, "dijo que no\n' for n in range(1500)),
                    encoding="utf-8")
    return path


def _no_header(d: Path) -> Path:
    rows = [[name, position, dt.date.fromisoformat(day)] for name, position, day in PEOPLE]
    return xlsx_package(d / "no_header.xlsx", [SheetPart("Data", sheet_xml(rows_xml(rows)))])


def _duplicate_blank_headers(d: Path) -> Path:
    header = ["Name", "Position", None, "Position", "", "Date sanctioned (U.S.)", "Name"]
    rows = [[name, position, "x", "second position", "y", dt.date.fromisoformat(day), "other name"]
            for name, position, day in PEOPLE]
    body = rows_xml([header, *rows])
    return xlsx_package(d / "duplicate_blank_headers.xlsx", [SheetPart("People", sheet_xml(body))])


def _max_row_trap(d: Path) -> Path:
    """Data in rows 1-4, then every row of the sheet formatted but empty, as after
    formatting whole columns: the sheet claims A1:T1048576 and lists 1,048,572 more rows.
    Row 3's name cell is yellow, so the fill scan runs too.
    """
    head = [list(HEADER), *_people_rows()]
    body = io.StringIO()
    for number, row in enumerate(head, start=1):
        cells = "".join(cell_xml(f"{get_column_letter(i + 1)}{number}", v, YELLOW_STYLE if (number, i) == (3, 0) else None)
                        for i, v in enumerate(row))
        body.write(f'<row r="{number}">{cells}</row>')
    for number in range(len(head) + 1, EXCEL_MAX_ROWS + 1):
        body.write(f'<row r="{number}" s="2" customFormat="1"/>')
    xml = sheet_xml(body.getvalue(), dimension=f"A1:T{EXCEL_MAX_ROWS}")
    return xlsx_package(d / "max_row_trap.xlsx", [SheetPart("People", xml)])


def _far_away_cell(d: Path) -> Path:
    """Data in rows 1-4 and one stray space typed in T1048576, which stretches the used range."""
    body = (rows_xml([list(HEADER), *_people_rows()])
            + f'<row r="{EXCEL_MAX_ROWS}">{cell_xml(f"T{EXCEL_MAX_ROWS}", " ")}</row>')
    return xlsx_package(d / "far_away_cell.xlsx", [SheetPart("People", sheet_xml(body))])


def _stray_cell_far_right(d: Path) -> Path:
    """A sheet of people, and a notes sheet where something was typed in the very last cell
    (XFD1048576): read whole, that sheet would be 17 billion cells."""
    people = rows_xml([list(HEADER), *_people_rows()])
    stray = rows_xml([["Name", "Position"], ["Someone", "Something"]]) + (
        f'<row r="{EXCEL_MAX_ROWS}">{cell_xml(f"XFD{EXCEL_MAX_ROWS}", "x")}</row>')
    return xlsx_package(d / "stray_cell_far_right.xlsx", [SheetPart("People", sheet_xml(people)),
                                                     SheetPart("Notes", sheet_xml(stray))])


BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol;" if i == 1 else f"&lol{i - 1};") * 10}">' for i in range(1, 10))
    + "]>"
)


def _entity_expansion_shared_strings(d: Path) -> Path:
    """sharedStrings.xml declares the "billion laughs" entities and a string uses them."""
    strings = (f'<?xml version="1.0" encoding="UTF-8"?>\n{BILLION_LAUGHS}'
               f'<sst xmlns="{MAIN_NS}" count="4" uniqueCount="4"><si><t>Name</t></si><si><t>Position</t></si>'
               '<si><t>&lol9;</t></si><si><t>Minister</t></si></sst>')
    body = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
            '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>')
    return xlsx_package(d / "entity_expansion_shared_strings.xlsx", [SheetPart("People", sheet_xml(body))],
                 shared_strings=strings)


def _entity_expansion_styles(d: Path) -> Path:
    """styles.xml (read for cell colours) declares the "billion laughs" entities."""
    styles = STYLES_XML.replace(XML_DECLARATION, XML_DECLARATION + BILLION_LAUGHS).replace(
        '<name val="Calibri"/>', '<name val="&lol9;"/>')
    body = rows_xml([list(HEADER), *_people_rows()])
    return xlsx_package(d / "entity_expansion_styles.xlsx", [SheetPart("People", sheet_xml(body))], styles=styles)


# Zip headers: (signature, offset of the name length, offset of the name, offset of the
# uncompressed size) for local file headers and central directory entries.
ZIP_HEADERS = ((b"PK\x03\x04", 26, 30, 22), (b"PK\x01\x02", 28, 46, 24))


def _forge_sizes(data: bytes, part: str, declared: int) -> bytes:
    """Rewrite the uncompressed size of `part` in its local header and central directory entry."""
    raw = bytearray(data)
    for signature, name_length_at, name_at, size_at in ZIP_HEADERS:
        header = raw.find(signature)
        while header != -1:
            name_length = struct.unpack_from("<H", raw, header + name_length_at)[0]
            if raw[header + name_at:header + name_at + name_length] == part.encode():
                struct.pack_into("<I", raw, header + size_at, declared)
            header = raw.find(signature, header + 4)
    return bytes(raw)


def _damaged_theme_part(d: Path) -> Path:
    """A workbook (with a yellow name) whose colour theme part has corrupt deflate data.

    The value reader never opens the theme; only the reading of cell colours does.
    """
    wb = Workbook()
    ws = wb.active
    ws.append(list(HEADER))
    for row in _people_rows():
        ws.append(row)
    ws["A2"].fill = PatternFill("solid", fgColor="FFFF00")
    path = d / "damaged_theme_part.xlsx"
    wb.save(path)
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        theme = archive.getinfo("xl/theme/theme1.xml")
    name_length, extra_length = struct.unpack_from("<HH", raw, theme.header_offset + 26)
    data_start = theme.header_offset + 30 + name_length + extra_length
    for offset in range(data_start + 40, data_start + 60):
        raw[offset] ^= 0xFF
    path.write_bytes(bytes(raw))
    return path


def _zip_bomb_declared(d: Path) -> Path:
    """A 1 KB workbook whose sheet part declares 4 GB (just under 2**32) once expanded."""
    path = _plain_xlsx(d / "zip_bomb_declared.xlsx")
    path.write_bytes(_forge_sizes(path.read_bytes(), "xl/worksheets/sheet1.xml", 0xFFFF_0000))
    return path


def _zip_bomb_deflate(d: Path) -> Path:
    """A real bomb: a sheet part of 200 MB of blanks, about 200 KB once deflated."""
    path = d / "zip_bomb_deflate.xlsx"
    _plain_xlsx(path)
    padding = b" " * (1024 * 1024)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/sheet2.xml", "w", force_zip64=True) as part:
            part.write(f'{XML_DECLARATION}<worksheet xmlns="{MAIN_NS}"><sheetData>'.encode())
            for _ in range(200):
                part.write(padding)
            part.write(b"</sheetData></worksheet>")
    return path


def _formulas_and_errors(d: Path) -> Path:
    """Formulas with cached results, a formula never calculated, and error values."""
    body = (
        '<row r="1">' + "".join(cell_xml(f"{get_column_letter(i + 1)}1", h) for i, h in enumerate(HEADER)) + "</row>"
        '<row r="2">' + cell_xml("A2", PEOPLE[0][0])
        + '<c r="B2" t="str"><f>"Minister of "&amp;"Interior"</f><v>Minister of Interior</v></c>'
        f'<c r="C2" s="{DATE_STYLE}"><f>DATE(2018,5,18)</f><v>43238</v></c></row>'
        '<row r="3">' + cell_xml("A3", PEOPLE[1][0])
        + '<c r="B3" t="e"><f>#REF!</f><v>#REF!</v></c>'
        '<c r="C3" t="e"><f>VLOOKUP(A3,Other!A:B,2,0)</f><v>#N/A</v></c></row>'
        '<row r="4">' + cell_xml("A4", PEOPLE[2][0])
        + '<c r="B4"><f>B2</f></c>'
        '<c r="C4" t="e"><v>#DIV/0!</v></c></row>'
    )
    return xlsx_package(d / "formulas_and_errors.xlsx", [SheetPart("People", sheet_xml(body))])


def _long_cells(d: Path) -> Path:
    """Cells at Excel's limit of 32,767 characters, in the position and notes columns."""
    long_text = ("Ministro del Poder Popular para Relaciones Interiores, Justicia y Paz; " * 500)[:EXCEL_MAX_CELL_CHARS]
    rows = [["Name", "Position", "Notes"], [PEOPLE[0][0], long_text, "ñ" * EXCEL_MAX_CELL_CHARS],
            [PEOPLE[1][0], PEOPLE[1][1], long_text]]
    return xlsx_package(d / "long_cells.xlsx", [SheetPart("People", sheet_xml(rows_xml(rows)))])


def _dates_out_of_range(d: Path) -> Path:
    """Dates Excel cannot show or that cannot be designation dates."""
    body = (
        '<row r="1">' + "".join(cell_xml(f"{get_column_letter(i + 1)}1", h) for i, h in enumerate(HEADER)) + "</row>"
        + "".join(
            f'<row r="{r}">' + cell_xml(f"A{r}", f"Person {r}") + cell_xml(f"B{r}", "Official") + cell + "</row>"
            for r, cell in enumerate([
                f'<c r="C2" s="{DATE_STYLE}"><v>-5</v></c>',  # before 1900 as a date cell
                f'<c r="C3" s="{DATE_STYLE}"><v>99999999</v></c>',  # past year 9999 as a date cell
                '<c r="C4"><v>1e300</v></c>',  # a serial no calendar reaches
                cell_xml("C5", "1850-01-01"),
                cell_xml("C6", "31/02/2015"),
                cell_xml("C7", "2200-01-01"),
                cell_xml("C8", "2015-03-09"),
            ], start=2))
    )
    return xlsx_package(d / "dates_out_of_range.xlsx", [SheetPart("People", sheet_xml(body))])


def _png_1x1() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\x00")) + chunk(b"IEND", b""))


def _images_and_charts(d: Path) -> Path:
    """A data sheet with a chart and a picture on it, and a chart sheet.

    openpyxl draws the chart; its picture support needs Pillow, so the picture (a 1x1
    PNG) is added to the drawing part afterwards.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "People"
    ws.append(["Name", "Position", "Date sanctioned (U.S.)", "Count"])
    for index, (name, position, day) in enumerate(PEOPLE, start=1):
        ws.append([name, position, dt.date.fromisoformat(day), index])
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=4, min_row=1, max_row=4), titles_from_data=True)
    ws.add_chart(chart, "F2")
    chart_sheet = wb.create_chartsheet("Chart")
    other = BarChart()
    other.add_data(Reference(ws, min_col=4, min_row=1, max_row=4), titles_from_data=True)
    chart_sheet.add_chart(other)
    buffer = io.BytesIO()
    wb.save(buffer)

    picture = (
        '<xdr:oneCellAnchor><xdr:from><xdr:col>5</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>20</xdr:row>'
        '<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="952500" cy="952500"/><xdr:pic><xdr:nvPicPr>'
        '<xdr:cNvPr id="99" name="Picture 1"/><xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill>'
        '<a:blip xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        f'xmlns:r="{REL_NS}" r:embed="rIdPicture"/>'
        '<a:stretch xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:fillRect/></a:stretch>'
        '</xdr:blipFill><xdr:spPr><a:prstGeom xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'prst="rect"/></xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor>')
    path = d / "images_and_charts.xlsx"
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        drawing = next(n for n in source.namelist() if n.startswith("xl/drawings/drawing") and n.endswith(".xml"))
        rels = drawing.replace("drawings/", "drawings/_rels/") + ".rels"
        for item in source.infolist():
            data = source.read(item)
            if item.filename == drawing:
                data = data.replace(b"</xdr:wsDr>", picture.encode() + b"</xdr:wsDr>")
            elif item.filename == rels:
                data = data.replace(b"</Relationships>", (
                    f'<Relationship Id="rIdPicture" Type="{REL_NS}/image" Target="../media/image1.png"/>'
                    "</Relationships>").encode())
            elif item.filename == "[Content_Types].xml":
                data = data.replace(b"<Default ", b'<Default Extension="png" ContentType="image/png"/><Default ', 1)
            target.writestr(item, data)
        target.writestr("xl/media/image1.png", _png_1x1())
    return path


def _hidden_sheets(d: Path) -> Path:
    """One visible sheet of people, one hidden and one very hidden sheet with more people."""
    people = rows_xml([list(HEADER), *_people_rows()])
    secret = rows_xml([list(HEADER), ["Hidden Person", "Secret post", dt.date(2019, 1, 1)]])
    return xlsx_package(d / "hidden_sheets.xlsx", [
        SheetPart("People", sheet_xml(people)),
        SheetPart("Workings", sheet_xml(secret), state="hidden"),
        SheetPart("Lookup", sheet_xml(secret), state="veryHidden"),
    ])


def _ods(d: Path) -> Path:
    path = d / "spreadsheet.ods"
    frame = pd.DataFrame([[name, position, dt.date.fromisoformat(day)] for name, position, day in PEOPLE],
                         columns=["Nombre", "Cargo", "Fecha de sanción"])
    frame.to_excel(path, engine="odf", index=False, sheet_name="Sancionados")
    return path


def _renamed(build: Callable[[Path], Path], name: str) -> Callable[[Path], Path]:
    """A builder giving another case's file under a name that says another format."""
    def renamed(d: Path) -> Path:
        scratch = d / f"{name}.source"
        scratch.mkdir(exist_ok=True)
        return build(scratch).rename(d / name)
    renamed.__doc__ = f"{build.__doc__ or build.__name__}, saved as {name}"
    return renamed


def _ole_sector_loop(d: Path) -> Path:
    """A legacy .xls whose Workbook stream's last sector points back to its first: a reader that
    follows the chain without checking reads forever."""
    stream = biff8_workbook("Sheet1", [list(HEADER), *_people_rows()]).ljust(8192, b"\0")
    data = bytearray(compound_file({"Workbook": stream}))
    fat_at = (struct.unpack_from("<I", data, 76)[0] + 1) * SECTOR  # DIFAT[0]: the first FAT sector
    directory_at = (struct.unpack_from("<I", data, 48)[0] + 1) * SECTOR
    first = sector = struct.unpack_from("<I", data, directory_at + 128 + 116)[0]  # entry 1: Workbook
    while (following := struct.unpack_from("<I", data, fat_at + 4 * sector)[0]) != END_OF_CHAIN:
        sector = following
    struct.pack_into("<I", data, fat_at + 4 * sector, first)
    path = d / "sector_loop.xls"
    path.write_bytes(bytes(data))
    return path


def _xor_encrypted_xls(d: Path) -> Path:
    """A legacy .xls with XOR obfuscation (FILEPASS type 0): the records after it, the code page
    among them, are scrambled, so a reader that ignores FILEPASS finds code page 0xD7CC."""
    stream = biff8_workbook("Sheet1", [list(HEADER), *_people_rows()])
    codepage = biff_record(0x0042, struct.pack("<H", 1200))
    scrambled = biff_record(0x002F, struct.pack("<HHH", 0, 0x1234, 0x5678)) + biff_record(0x0042, struct.pack("<H", 0xD7CC))
    path = d / "xor_encrypted.xls"
    path.write_bytes(compound_file({"Workbook": stream.replace(codepage, scrambled)}))
    return path


def _repeated_cells_ods(d: Path) -> Path:
    """An .ods whose one row, repeated 9,000 times, holds a cell repeated 10,000 times: 90 million
    cells from 1 KB, which a reader expands in memory."""
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    cell = '<table:table-cell office:value-type="string"{}><text:p>{}</text:p></table:table-cell>'
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="Sheet1"><table:table-row>'
               + cell.format("", "Name") + cell.format("", "Position") + '</table:table-row>'
               '<table:table-row table:number-rows-repeated="9000">'
               + cell.format(' table:number-columns-repeated="10000"', "x")
               + "</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>")
    path = d / "repeated_cells.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
            'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
            'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'))
    return path


def _xlsb(d: Path) -> Path:
    """Excel's binary workbook: a zip package whose parts are .bin records, not XML."""
    path = d / "binary.xlsb"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
        archive.writestr("xl/worksheets/sheet1.bin", b"\x81\x01\x00")
    return path


def _macro_sheet_xlsm(d: Path) -> Path:
    """An .xlsm with an Excel 4 macro sheet before the sheet of people."""
    people = SheetPart("People", sheet_xml(rows_xml([list(HEADER), *_people_rows()])))
    path = xlsx_package(d / "macro_sheet.xlsm", [SheetPart("Macro1", sheet_xml(rows_xml([["=HALT()"]]))), people])
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts["xl/macrosheets/sheet1.xml"] = parts.pop("xl/worksheets/sheet1.xml")
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        f'Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"'.encode(),
        b'Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet" '
        b'Target="macrosheets/sheet1.xml"')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def _only_error_values(d: Path) -> Path:
    """A workbook whose one sheet holds nothing but formulas showing errors."""
    cells = "".join(f'<c r="{c}{r}" t="e"><f>1/0</f><v>{e}</v></c>' for r in (1, 2)
                    for c, e in (("A", "#DIV/0!"), ("B", "#REF!")))
    return xlsx_package(d / "only_errors.xlsx", [SheetPart("Broken", sheet_xml(f'<row r="1">{cells}</row>'))])


def _many_sheets_without_header(d: Path) -> Path:
    """66 sheets of figures, none with a Name column: the refusal must stay one short line."""
    sheets = [SheetPart(f"Quarterly figures {n:02d}", sheet_xml(rows_xml([["Quarter", "Revenue"], ["Q1", 10]])))
              for n in range(1, 67)]
    return xlsx_package(d / "many_sheets.xlsx", sheets)


# Each case: builder and what reading the file must give.
CASES: dict[str, tuple[Callable[[Path], Path], Expected]] = {
    "empty_file": (_empty_file, Expected(error="is empty (0 bytes)")),
    "random_bytes": (_random_bytes, Expected(error="is not a spreadsheet")),
    "truncated_xlsx": (_truncated_xlsx, Expected(error="truncated or corrupt")),
    "zip_without_workbook": (_zip_without_workbook, Expected(error="not a spreadsheet (no workbook inside)")),
    "password_protected": (_password_protected, Expected(error="protected with a password")),
    "legacy_xls": (_legacy_xls, Expected(rows=len(PEOPLE))),
    "password_xls": (_password_xls, Expected(error="protected with a password")),
    "damaged_xls": (_damaged_xls, Expected(error="damaged")),
    "xls_huge_dimensions": (_xls_huge_dimensions, Expected(rows=len(PEOPLE))),
    "ole_sector_loop": (_ole_sector_loop, Expected(error="loops back on itself")),
    "xls_far_away_cell": (_xls_far_away_cell, Expected(
        rows=len(PEOPLE), report=("Row 65536 skipped: it has no name",))),
    "xor_encrypted_xls": (_xor_encrypted_xls, Expected(error="protected with a password")),
    "repeated_cells_ods": (_repeated_cells_ods, Expected(error="needed more than 1,024 MB of memory")),
    "xls_named_xlsx": (_renamed(_legacy_xls, "renamed_xls.xlsx"), Expected(
        rows=len(PEOPLE), report=("named .xlsx but is a legacy Excel workbook (.xls)",))),
    "xlsx_named_xls": (_renamed(_plain_xlsx_case, "renamed_xlsx.xls"), Expected(
        rows=len(PEOPLE), report=("named .xls but is an Excel workbook (.xlsx)",))),
    "ods_named_xlsx": (_renamed(_ods, "renamed_ods.xlsx"), Expected(
        rows=len(PEOPLE), report=("named .xlsx but is an OpenDocument spreadsheet (.ods)",))),
    "xlsb": (_xlsb, Expected(error="binary format (.xlsb)")),
    "macro_sheet_xlsm": (_macro_sheet_xlsm, Expected(
        rows=len(PEOPLE), report=("Sheet 'Macro1' skipped: an Excel 4 macro sheet",))),
    "only_error_values": (_only_error_values, Expected(error="hold only error values")),
    "xls_only_error_values": (_xls_only_error_values, Expected(error="hold only error values")),
    "many_sheets_without_header": (_many_sheets_without_header, Expected(error="none of its 66 sheets")),
    "csv_latin1": (_csv_latin1, Expected(rows=len(PEOPLE), report=("Windows-1252",))),
    "csv_utf16": (_csv_utf16, Expected(rows=len(PEOPLE))),
    "csv_sniffer_trap": (_csv_sniffer_trap, Expected(rows=1500)),
    "no_header": (_no_header, Expected(error="has no recognisable header row")),
    "duplicate_blank_headers": (_duplicate_blank_headers, Expected(
        rows=len(PEOPLE),
        report=("column 'Position': duplicate header", "column 'Name': duplicate header",
                "'Column C'", "'Column E'"))),
    "max_row_trap": (_max_row_trap, Expected(rows=len(PEOPLE))),
    "far_away_cell": (_far_away_cell, Expected(rows=len(PEOPLE))),
    "stray_cell_far_right": (_stray_cell_far_right, Expected(
        rows=len(PEOPLE) + 1, report=("Sheet 'Notes': 1 rows", "Row 1048576 skipped: it has no name"))),
    "entity_expansion_shared_strings": (_entity_expansion_shared_strings, Expected(
        error="declares entities")),
    "entity_expansion_styles": (_entity_expansion_styles, Expected(
        rows=len(PEOPLE), report=("declares XML entities, which this app refuses for safety",))),
    "damaged_theme_part": (_damaged_theme_part, Expected(
        rows=len(PEOPLE), report=("Cell colours could not be read",))),
    "zip_bomb_declared": (_zip_bomb_declared, Expected(error="refused as unsafe")),
    "zip_bomb_deflate": (_zip_bomb_deflate, Expected(error="refused as unsafe")),
    "formulas_and_errors": (_formulas_and_errors, Expected(
        rows=len(PEOPLE),
        report=("row 3, column 'Position': the cell shows the error #REF!",
                "row 3, column 'Date sanctioned (U.S.)': the cell shows the error #N/A",
                "row 4, column 'Date sanctioned (U.S.)': the cell shows the error #DIV/0!",
                "row 4, column 'Position': the formula has no saved result"))),
    "long_cells": (_long_cells, Expected(rows=2)),
    "dates_out_of_range": (_dates_out_of_range, Expected(
        rows=7,
        report=("row 2, column 'Date sanctioned (U.S.)'", "row 3, column 'Date sanctioned (U.S.)'",
                "row 4, column 'Date sanctioned (U.S.)'", "row 5, column 'Date sanctioned (U.S.)'",
                "row 6, column 'Date sanctioned (U.S.)'", "row 7, column 'Date sanctioned (U.S.)'"))),
    "images_and_charts": (_images_and_charts, Expected(rows=len(PEOPLE), report=("'Chart' skipped",))),
    "hidden_sheets": (_hidden_sheets, Expected(
        rows=len(PEOPLE), report=("'Workings' skipped: the sheet is hidden",
                                  "'Lookup' skipped: the sheet is very hidden"))),
    "ods": (_ods, Expected(rows=len(PEOPLE))),
}
EXPECTED: dict[str, Expected] = {name: expected for name, (_, expected) in CASES.items()}


def build_corpus(directory: str | Path) -> dict[str, Path]:
    """Write every case into `directory` (created if needed); returns {case name: file}."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    return {name: build(directory) for name, (build, _) in CASES.items()}


if __name__ == "__main__":
    import sys

    for case, file in build_corpus(sys.argv[1] if len(sys.argv) > 1 else "corpus").items():
        print(f"{case:34} {file} ({file.stat().st_size:,} bytes)")
