"""Generated workbooks for the benchmarks, shaped like the bundled one and cached.

    from generate import workbook
    path = workbook(200_000)   # bench/.cache/sanctions_200000.xlsx, made on first use

Each workbook copies the bundled dataset's layout: a title row, a note row, a blank row,
the 23 headers of the bundled sheet, then rows drawn from the bundled CSV (so text
lengths, list cells and blanks are real), with the name, notes and sources made unique
per row (as in a real list, where they seldom repeat, so no reader gains from repeats
that real data would not have), dates as date
cells, jurisdiction cells as dates or "Yes", and about 3 % of the name cells filled
yellow, as analysts mark candidates. Text goes to the shared-strings table, as Excel
writes it. The sheet XML is streamed into the package, so even 200,000 rows take a few
seconds and little memory; the file is cached under bench/.cache/ and rebuilt only when
missing or when GENERATOR_VERSION changes.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sanctions_gui.core import schema  # noqa: E402
from sanctions_gui.core.atomic import write_atomically  # noqa: E402
from sanctions_gui.core.paths import BUNDLED_WORKBOOK  # noqa: E402
from sanctions_gui.core.schema import Kind  # noqa: E402

SIZES = (1_000, 20_000, 200_000)
CACHE = Path(__file__).resolve().parent / ".cache"
SOURCE_CSV = BUNDLED_WORKBOOK.with_suffix(".csv")
GENERATOR_VERSION = 2
HIGHLIGHT_SHARE = 0.03
HEADER_ROW = 4
SHEET_NAME = "Sanctions"
COLUMNS = tuple(name for name in schema.FIELD_NAMES if name != "sheet")

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# cellXfs: 0 plain, 1 yellow fill, 2 date (yyyy-mm-dd), 3 bold header.
STYLES = (
    f'{DECLARATION}<styleSheet xmlns="{MAIN_NS}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFFFFF00"/><bgColor indexed="64"/></patternFill></fill>'
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '</styleSheet>')
PLAIN, YELLOW, DATE, BOLD = 0, 1, 2, 3


class _SharedStrings:
    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.count = 0

    def cell(self, ref: str, text: str, style: int = PLAIN) -> str:
        self.count += 1
        position = self.index.setdefault(text, len(self.index))
        s = f' s="{style}"' if style else ""
        return f'<c r="{ref}"{s} t="s"><v>{position}</v></c>'

    def xml(self) -> str:
        items = "".join(f'<si><t xml:space="preserve">{escape(text)}</t></si>' for text in self.index)
        return (f'{DECLARATION}<sst xmlns="{MAIN_NS}" count="{self.count}" uniqueCount="{len(self.index)}">'
                f"{items}</sst>")


def _date_cell(ref: str, text: str) -> str:
    serial = (dt.date.fromisoformat(text) - dt.date(1899, 12, 30)).days
    return f'<c r="{ref}" s="{DATE}"><v>{serial}</v></c>'


def _unique_row(row: dict[str, str], serial: int) -> dict[str, str]:
    """The source row with its name, notes and sources made unique to this record."""
    return {**row, "name": f"{row['name']} {serial}",
            "notes": f"{row['notes']} Record {serial}.".lstrip(),
            "sources": f"{row['sources']}#record-{serial}" if row["sources"] else ""}


def _row_cells(number: int, row: dict[str, str], highlighted: bool, strings: _SharedStrings) -> str:
    cells = []
    for index, column in enumerate(COLUMNS):
        ref = f"{get_column_letter(index + 1)}{number}"
        text = row.get(column, "")
        if not text:
            continue
        kind = schema.FIELDS[column].kind
        if kind is Kind.DATE or (kind is Kind.JURISDICTION and text != "yes"):
            cells.append(_date_cell(ref, text))
        elif kind is Kind.JURISDICTION or kind is Kind.FLAG:
            cells.append(strings.cell(ref, text.capitalize()))
        else:
            cells.append(strings.cell(ref, text, YELLOW if highlighted and column == "name" else PLAIN))
    return f'<row r="{number}">{"".join(cells)}</row>'


def _write(target, rows: int) -> None:
    with SOURCE_CSV.open(encoding="utf-8", newline="") as handle:
        source = list(csv.DictReader(handle))
    chooser = random.Random(rows)
    strings = _SharedStrings()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            last = f"{get_column_letter(len(COLUMNS))}{HEADER_ROW + rows}"
            sheet.write(f'{DECLARATION}<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
                        f'<dimension ref="A1:{last}"/><sheetData>'.encode())
            head = [f'<row r="1">{strings.cell("A1", "Sanctions database (generated for benchmarks)")}</row>',
                    f'<row r="2">{strings.cell("A2", f"{rows:,} rows drawn from the bundled dataset")}</row>',
                    f'<row r="{HEADER_ROW}">' + "".join(
                        strings.cell(f"{get_column_letter(i + 1)}{HEADER_ROW}", schema.label(c), BOLD)
                        for i, c in enumerate(COLUMNS)) + "</row>"]
            sheet.write("".join(head).encode())
            batch = []
            for offset in range(rows):
                row = _unique_row(chooser.choice(source), offset + 1)
                highlighted = chooser.random() < HIGHLIGHT_SHARE
                batch.append(_row_cells(HEADER_ROW + 1 + offset, row, highlighted, strings))
                if len(batch) == 1000:
                    sheet.write("".join(batch).encode())
                    batch.clear()
            sheet.write(("".join(batch) + "</sheetData></worksheet>").encode())
        archive.writestr("xl/sharedStrings.xml", strings.xml())
        archive.writestr("xl/styles.xml", STYLES)
        archive.writestr("xl/workbook.xml", (
            f'{DECLARATION}<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
            f'<sheet name="{SHEET_NAME}" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        archive.writestr("xl/_rels/workbook.xml.rels", (
            f'{DECLARATION}<Relationships xmlns="{PKG_REL_NS}">'
            f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{REL_NS}/styles" Target="styles.xml"/></Relationships>'))
        archive.writestr("_rels/.rels", (
            f'{DECLARATION}<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" '
            f'Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        archive.writestr("[Content_Types].xml", (
            f'{DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{sheet_type}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{sheet_type}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{sheet_type}.sharedStrings+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{sheet_type}.styles+xml"/></Types>'))


def workbook(rows: int) -> Path:
    """The cached generated workbook with `rows` people, written first if missing."""
    path = CACHE / f"sanctions_{rows}_v{GENERATOR_VERSION}.xlsx"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        write_atomically(path, lambda handle: _write(handle, rows))
    return path


if __name__ == "__main__":
    for size in SIZES:
        print(workbook(size))
