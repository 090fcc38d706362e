"""Build the bundled workbook from its CSV source.

    python data/build_dataset.py

Reads ``venezuela_targeted_sanctions.csv`` (beside this script) and writes
``venezuela_targeted_sanctions.xlsx`` laid out like the WOLA database, in two sheets:

* "Post-E.O. 13692": designations from 2015-03-09, when E.O. 13692 took effect, on;
* "Pre-E.O. 13692": earlier designations (Kingpin Act and E.O. 13224 / SDGT).

Undated rows go by their administration: one that began after 2015-03-09 (Trump, Biden,
Trump II) puts the row on the post sheet; Bush or Obama puts it on the pre sheet, because
every Obama designation from 2015-03-09 on is one of the seven dated rows of that day.

The CSV has one row per person and canonical field names of
``sanctions_gui/core/schema.py`` (not the derived ``sheet``) in schema order; a field the
schema has and the CSV lacks is reported and left out. Lists are joined with "; ",
jurisdiction cells hold an ISO date or "yes". ``former_commander`` and ``onetime_commander``
are yes / no / unclear and must be what ``sanctions_gui.core.command`` derives from
``commanded_unit`` and ``security_status``; every ``assumed_fields`` item must name a field
and a qualifier (``sanctions_gui.core.caveats``). Each sheet has a title row, a note row on
sources and compile date, a blank row, the header row (schema labels) and the data. Rows keep
the CSV order.

The workbook is written atomically (``core/atomic.py``: a temporary file in ``data/``, then a
rename). Document properties and zip entry times are fixed to the compile date, so
rebuilding from an unchanged CSV gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import sys
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

DATA_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(DATA_DIR.parent))  # run as a script: make the package importable

from sanctions_gui.core import command, schema, vocabularies  # noqa: E402
from sanctions_gui.core.atomic import write_atomically  # noqa: E402
from sanctions_gui.core.caveats import parse_caveat  # noqa: E402
from sanctions_gui.core.schema import Kind  # noqa: E402

CSV_PATH = DATA_DIR / "venezuela_targeted_sanctions.csv"
XLSX_PATH = DATA_DIR / "venezuela_targeted_sanctions.xlsx"

COMPILED = dt.datetime(2026, 12, 2)
SCHEMA_COLUMNS = tuple(name for name in schema.FIELD_NAMES if name != "sheet")
DERIVED_FLAGS = {"former_commander": command.former_commander,
                 "onetime_commander": command.onetime_commander}
LIST_SEPARATOR = "; "
FLAG_VALUES = {"yes": "Yes", "no": "No", "unclear": "Unclear"}
DATE_FORMAT = "yyyy-mm-dd"

# Administrations in office only after E.O. 13692 took effect: their undated rows are "post".
POST_ADMINISTRATIONS = frozenset(
    name for name, start in vocabularies.ADMINISTRATION_STARTS if start > vocabularies.EO_13692_DATE
)

TITLES = {
    vocabularies.SHEET_POST: "Venezuela targeted sanctions database — U.S. designations since "
                       "E.O. 13692 (2015-03-09)",
    vocabularies.SHEET_PRE: "Venezuela targeted sanctions database — U.S. designations before "
                      "E.O. 13692 (Kingpin Act, E.O. 13224)",
}
NOTE = (f"Sources: OFAC SDN list, Treasury releases, press reports and other governments' "
        f"published lists; links per row in the Sources column, caveats in data/README.md. "
        f"Compiled {COMPILED:%Y-%m-%d}.")
HEADER_ROW = 4  # title, note, blank, header

WIDTHS = {"name": 32, "aliases": 24, "position": 48, "institution": 28, "commanded_unit": 40,
          "sources": 60, "notes": 80, "assumed_fields": 60}
WRAPPED = frozenset(WIDTHS) - {"name"}
DATE_WIDTH = 12
DEFAULT_WIDTH = 16


def sheet_for(designated: dt.date | None, administration: str) -> str:
    """The sheet a row belongs on (undated rows go by administration, see module docstring)."""
    if designated is not None:
        return vocabularies.SHEET_POST if designated >= vocabularies.EO_13692_DATE else vocabularies.SHEET_PRE
    return vocabularies.SHEET_POST if administration in POST_ADMINISTRATIONS else vocabularies.SHEET_PRE


def _parse_date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def cell_value(column: str, text: str) -> object:
    """The workbook cell for one CSV cell: real dates, "Yes" flags, text otherwise."""
    if not text:
        return None
    f = schema.FIELDS[column]
    if f.kind is Kind.DATE:
        return _parse_date(text)
    if f.kind is Kind.JURISDICTION:
        return "Yes" if text == "yes" else _parse_date(text)
    if f.kind is Kind.FLAG:
        return FLAG_VALUES[text]
    return text


def check_row(row: dict[str, str]) -> None:
    """Raise ValueError if a cell is outside its field's vocabulary or format, a commander
    flag is not the one its command history gives, or a caveat names no field."""
    for column in row:
        text = row[column]
        if not text:
            continue
        f = schema.FIELDS[column]
        if f.kind is Kind.LIST:
            values = text.split(LIST_SEPARATOR)
        else:
            values = [text]
        for value in values:
            if f.vocabulary and value not in f.vocabulary:
                raise ValueError(f"{row['name']}: {column} {value!r} is not in the schema vocabulary")
            if f.kind is Kind.FLAG and value not in FLAG_VALUES:
                raise ValueError(f"{row['name']}: {column} {value!r} is not yes/no/unclear")
            if f.kind is Kind.DATE or (f.kind is Kind.JURISDICTION and value != "yes"):
                _parse_date(value)  # raises ValueError on anything but an ISO date
    if not row["us_designation_date"] and row["administration"] not in vocabularies.ADMINISTRATIONS:
        raise ValueError(f"{row['name']}: an undated row needs an administration")
    for column, derive in DERIVED_FLAGS.items():
        expected = derive(row.get("commanded_unit"), row.get("security_status"))
        if column in row and row[column] != expected:
            raise ValueError(f"{row['name']}: {column} is {row[column]!r}, but commanded_unit and "
                             f"security_status give {expected!r}")
    for item in filter(None, row.get("assumed_fields", "").split(LIST_SEPARATOR)):
        if parse_caveat(item) is None:
            raise ValueError(f"{row['name']}: assumed_fields item {item!r} names no field and "
                             f"qualifier (\"<field>: assumed|inferred|unconfirmed|not researched, why\")")


def csv_columns(header: list[str] | None, name: str) -> tuple[str, ...]:
    """The CSV's columns: schema fields in schema order, or ValueError naming the odd one."""
    columns = tuple(header or ())
    unknown = [c for c in columns if c not in SCHEMA_COLUMNS]
    if unknown:
        raise ValueError(f"{name}: column(s) {', '.join(unknown)} are not schema fields")
    if list(columns) != [c for c in SCHEMA_COLUMNS if c in columns]:
        raise ValueError(f"{name}: columns are not in schema order {SCHEMA_COLUMNS}")
    return columns


def read_rows(path: Path = CSV_PATH) -> tuple[tuple[str, ...], list[dict[str, str]]]:
    """The CSV's columns and rows, checked."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = csv_columns(reader.fieldnames, path.name)
        rows = list(reader)
    for row in rows:
        check_row(row)
    return columns, rows


def write_sheet(ws, title: str, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    """Fill one sheet: title, note, blank row, bold header, data; frozen, filtered, sized."""
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = NOTE
    ws["A2"].font = Font(italic=True)
    top = Alignment(vertical="top")
    wrapped = Alignment(vertical="top", wrap_text=True)
    for col, column in enumerate(columns, start=1):
        header = ws.cell(HEADER_ROW, col, schema.label(column))
        header.font = Font(bold=True)
        header.alignment = wrapped
        kind = schema.FIELDS[column].kind
        is_date = kind in (Kind.DATE, Kind.JURISDICTION)
        for offset, row in enumerate(rows, start=1):
            cell = ws.cell(HEADER_ROW + offset, col, cell_value(column, row[column]))
            cell.alignment = wrapped if column in WRAPPED else top
            if is_date:
                cell.number_format = DATE_FORMAT
        width = WIDTHS.get(column, DATE_WIDTH if is_date else DEFAULT_WIDTH)
        ws.column_dimensions[get_column_letter(col)].width = width
    last = f"{get_column_letter(len(columns))}{HEADER_ROW + len(rows)}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}"
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 2)  # below the header, names kept in view


class _FixedTimeZip(zipfile.ZipFile):
    """A zip archive whose entries all carry the compile time instead of the clock."""

    def write(self, filename, arcname=None, *args, **kwargs):
        # openpyxl adds worksheets from temp files, which would stamp their mtime.
        self.writestr(arcname or os.path.basename(filename), Path(filename).read_bytes())

    def writestr(self, name, data, *args, **kwargs):
        if isinstance(name, str):
            name = zipfile.ZipInfo(name, date_time=COMPILED.timetuple()[:6])
            name.compress_type = zipfile.ZIP_DEFLATED
            name.external_attr = 0o600 << 16
        super().writestr(name, data, *args, **kwargs)


def build(csv_path: Path = CSV_PATH, xlsx_path: Path = XLSX_PATH) -> dict[str, int]:
    """Write the workbook from the CSV; returns the row count of each sheet."""
    columns, rows = read_rows(csv_path)
    by_sheet: dict[str, list[dict[str, str]]] = {vocabularies.SHEET_POST: [], vocabularies.SHEET_PRE: []}
    for row in rows:
        sheet = sheet_for(_parse_date(row["us_designation_date"]), row["administration"])
        by_sheet[sheet].append(row)

    wb = Workbook()
    wb.remove(wb.active)
    for sheet, sheet_rows in by_sheet.items():
        write_sheet(wb.create_sheet(sheet), TITLES[sheet], columns, sheet_rows)
    wb.properties.title = "Venezuela targeted sanctions database"
    wb.properties.creator = "Sanctions Workbench"
    wb.properties.lastModifiedBy = "Sanctions Workbench"
    wb.properties.created = COMPILED
    wb.properties.modified = COMPILED

    def write(handle) -> None:
        with _FixedTimeZip(handle, "w", zipfile.ZIP_DEFLATED) as archive:
            ExcelWriter(wb, archive).write_data()

    write_atomically(xlsx_path, write)
    return {sheet: len(sheet_rows) for sheet, sheet_rows in by_sheet.items()}


def main() -> None:
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle), None) or []
    missing = [c for c in SCHEMA_COLUMNS if c not in header]
    if missing:
        print(f"note: the CSV has no column for schema field(s) {', '.join(missing)}; left out")
    counts = build()
    summary = ", ".join(f"{sheet}: {n} rows" for sheet, n in counts.items())
    print(f"wrote {XLSX_PATH.relative_to(DATA_DIR.parent)} ({summary})")


if __name__ == "__main__":
    main()
