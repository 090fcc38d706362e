"""One sheet's raw cells into the canonical frame: header, columns, people, parsed fields.

The header row is found and each column given its field (column_assignment); rows that
are not people are set aside (row_kinds); each field is parsed by its kind over whole
columns (column_parsing), and what could not be read cleanly goes to the import report
with its sheet, row and column.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import header_aliases, schema, vocabularies
from .calamine_sheets import RawSheet
from .column_assignment import HEADER_SEARCH_ROWS, Mapping, assign_columns, find_header
from .column_parsing import parse_column, parse_jurisdiction
from .import_report import ImportReport, SheetReport
from .row_kinds import classify_rows
from .schema import FIELDS, Kind
from .values import CellIssue, Cells, cell_text, fold_key_column

NO_HEADER = "no header row naming at least a Name column and one other known column"
EMPTY = "the sheet is empty"
ONLY_ERRORS = ("its cells hold only error values (#REF!, #DIV/0!…), which show no data; "
               "fix the formulas in Excel and save")
SAMPLES = 3
SAMPLE_CHARACTERS = 40

# Folded headers that name the name column: a data row whose name cell is one of them
# is the header row pasted again.
_NAME_HEADER_KEYS = frozenset(key for key, column in header_aliases.HEADER_ALIASES.items() if column == "name")


def sheet_frame(raw: RawSheet, report: ImportReport, hand: Mapping) -> pd.DataFrame | None:
    """The sheet's people as a frame (canonical columns, then extra ones), or None if it has none."""
    rows = raw.rows
    if not rows or not any(any(cell not in ("", None) for cell in row) for row in rows[:HEADER_SEARCH_ROWS]):
        report.skipped_sheets.append((raw.name, ONLY_ERRORS if raw.only_errors else EMPTY))
        return None
    header_index = find_header(rows, hand)
    if header_index is None:
        report.skipped_sheets.append((raw.name, NO_HEADER))
        return None
    merged_rows = _fill_merged(raw, header_index)
    sheet = SheetReport(raw.name, header_row=raw.sheet_row(header_index))
    width = max(len(row) for row in rows[header_index:])
    headers = assign_columns(rows[header_index], width, raw.first_column, sheet, report, hand)
    header_cells = rows[header_index]
    untitled = {header for index, header in enumerate(headers)
                if index >= len(header_cells) or not str(header_cells[index] or "").strip()}
    grid = _grid(rows[header_index + 1:], width)
    numbers = _sheet_rows(raw, header_index + 1, len(rows))
    rows.clear()  # the cells live on in the columns below; the row lists are not needed
    columns = {header: Cells.of(grid[:, index], repeats=_values_repeat(header))
               for index, header in enumerate(headers) if header not in untitled or _holds_any(grid[:, index])}
    del grid
    dropped = {header for header in untitled if header not in columns or columns[header].blank().all()}
    if dropped:  # no header and no value: only a stray cell further right made it a column
        for header in dropped:
            columns.pop(header, None)
        sheet.columns = [c for c, header in zip(sheet.columns, headers) if header not in dropped]
        sheet.unmapped = [header for header in sheet.unmapped if header not in dropped]
    for column_report, cells in zip(sheet.columns, columns.values()):
        column_report.samples = _samples(cells)

    name_keys = _name_keys(columns["name"])
    kinds = classify_rows(columns, name_keys, name_keys.isin(_NAME_HEADER_KEYS).to_numpy()[columns["name"].codes],
                          merged_rows)
    sheet.skipped_rows.extend((int(numbers[position]), why) for position, why in kinds.skipped)
    for position in kinds.only_name:
        report.warn(raw.name, int(numbers[position]), sheet.mapping["name"],
                    "the row holds only a name; read as a person")
    last = kinds.last_filled  # rows left out of a compact copy count as empty rows too
    gaps = int(numbers[last] - numbers[0] - last) if last > 0 else 0
    if kinds.empty_between + gaps:
        report.notes.append(f"Sheet '{raw.name}': {kinds.empty_between + gaps} empty rows between records "
                            "were skipped.")
    if not kinds.keep.all():
        columns = {header: cells.subset(kinds.keep) for header, cells in columns.items()}
    sheet_rows = numbers[kinds.keep]
    sheet.rows_read = len(sheet_rows)
    report.sheets.append(sheet)
    frame = _parse_fields(columns, raw.name, sheet_rows, sheet, report)
    frame[schema.SOURCE_ROW] = pd.array(sheet_rows, dtype="Int64")
    frame["sheet"] = pd.array([raw.name] * len(frame), dtype="string")
    frame.attrs["name_column_letter"] = next(c.letter for c in sheet.columns if c.column == "name")
    frame.attrs["headers_by_letter"] = {c.letter: c.header or c.letter for c in sheet.columns}
    frame.attrs["sheet_name"] = raw.name
    return frame


def _sheet_rows(raw: RawSheet, start: int, end: int) -> np.ndarray:
    if raw.row_numbers is not None:
        return np.asarray(raw.row_numbers[start:end], dtype=np.int64)
    return np.arange(start, end, dtype=np.int64) + raw.first_row


def _fill_merged(raw: RawSheet, header_index: int) -> set[int]:
    """Give the cells below a merged cell its value, as a reader sees it; return the data rows
    (positions after the header) whose first cell is merged across columns, as titles are.

    A range is filled down its first column only: a value merged across columns (a title
    over the table) belongs to one field, not to every field it spans.
    """
    across: set[int] = set()
    for (top, left), (bottom, right) in raw.merged:
        top_row, column = top - (raw.first_row - 1), left - raw.first_column
        if not (0 <= top_row < len(raw.rows)) or column < 0:
            continue
        if right > left and top_row > header_index:
            across.add(top_row - header_index - 1)
        value = raw.rows[top_row][column] if column < len(raw.rows[top_row]) else ""
        for index in range(top_row + 1, min(bottom - (raw.first_row - 1), len(raw.rows) - 1) + 1):
            if column < len(raw.rows[index]):
                raw.rows[index][column] = value
    return across


def _holds_any(cells: np.ndarray) -> bool:
    """Whether a column of raw cells has anything but empty strings (white space is judged later)."""
    return bool(((cells != "") & (cells != None)).any())  # noqa: E711 - elementwise over objects


def _grid(rows: list[list], width: int) -> np.ndarray:
    """Rows of cells as a 2-D object array, short rows padded with empty cells."""
    if rows and all(len(row) == width for row in rows):
        return np.array(rows, dtype=object)
    grid = np.full((len(rows), width), "", dtype=object)
    for index, row in enumerate(rows):
        grid[index, :len(row)] = row
    return grid


def _samples(cells: Cells) -> tuple[str, ...]:
    """A few of a column's values as short text, for the Columns dialog."""
    found: list[str] = []
    for value in cells.uniques:
        text = cell_text(value) if value is not None else ""
        if text and text not in found:
            found.append(text if len(text) <= SAMPLE_CHARACTERS else text[:SAMPLE_CHARACTERS - 1] + "…")
            if len(found) == SAMPLES:
                break
    return tuple(found)


def _values_repeat(column: str) -> bool:
    """Whether a column's cells are worth parsing once per distinct value (not free text)."""
    spec = FIELDS.get(column)
    if spec is None:
        return column in schema.jurisdiction_date_columns()
    return spec.kind not in (Kind.TEXT, Kind.LIST) or bool(spec.vocabulary)


def _name_keys(names: Cells) -> pd.Series:
    """Each distinct name cell folded to letters and digits, to spot the header pasted again and totals."""
    return fold_key_column(names.uniques.map(lambda value: value if isinstance(value, str) else ""))


def _report_issues(report: ImportReport, sheet: str, header: str, rows: np.ndarray,
                   issues: list[CellIssue]) -> None:
    for issue in issues:
        report.warn(sheet, int(rows[issue.position]), header, issue.message)


def _parse_fields(data: dict[str, Cells], sheet_name: str, sheet_rows: np.ndarray, sheet: SheetReport,
                  report: ImportReport) -> pd.DataFrame:
    frame = pd.DataFrame(index=pd.RangeIndex(len(sheet_rows)))
    # Each column's raw cells are let go once parsed, so raw and parsed text (a list
    # column's items are new strings) are not all held at once.
    for column, header in sheet.mapping.items():
        if column in FIELDS and FIELDS[column].kind is Kind.JURISDICTION:
            flags, dates, issues = parse_jurisdiction(data.pop(column))
            frame[column] = flags
            date_column = FIELDS[column].date_column
            frame[date_column] = dates.where(frame[date_column].isna(), frame[date_column]) \
                if date_column in frame else dates
        elif column in FIELDS:
            frame[column], issues = parse_column(data.pop(column), FIELDS[column])
        else:  # a "<country> date" column
            parsed, issues = parse_column(data.pop(column), schema.Field(column, column, Kind.DATE))
            frame[column] = parsed.where(parsed.notna(), frame[column]) if column in frame else parsed
        _report_issues(report, sheet_name, header, sheet_rows, issues)
    for header in sheet.unmapped:
        frame[header] = _extra_column(data.pop(header))
    _complete_jurisdictions(frame)
    _derive_administration(frame, sheet_name, sheet_rows, sheet, report)
    return frame


def _extra_column(raw: Cells) -> pd.Series:
    """Unknown source columns keep their cells as text so nothing the analyst had is lost."""
    return parse_column(raw, schema.Field("extra", "extra", Kind.TEXT))[0]


def _complete_jurisdictions(frame: pd.DataFrame) -> None:
    """A listing date under "<country> date" also means the country sanctioned the person."""
    for spec in schema.JURISDICTIONS:
        if spec.date_column in frame:
            dated = frame[spec.date_column].notna()
            if spec.name in frame:
                flags = frame[spec.name]
                if (dated.to_numpy() & ~flags.to_numpy(dtype=bool, na_value=False)).any():  # else nothing changes
                    frame[spec.name] = flags.mask(dated, True)
            else:
                frame[spec.name] = pd.array(dated.to_numpy(), dtype="boolean")


def _derive_administration(frame: pd.DataFrame, sheet_name: str, sheet_rows: np.ndarray,
                           sheet: SheetReport, report: ImportReport) -> None:
    """Fill the administration from the designation date where the sheet lacks it."""
    dates = frame["us_designation_date"] if "us_designation_date" in frame else pd.Series(pd.NaT, index=frame.index)
    derived = administrations_for(dates)
    if "administration" not in frame:
        frame["administration"] = derived
        if dates.notna().any():
            report.notes.append(f"Sheet '{sheet_name}': administration derived from the designation date.")
        return
    given = frame["administration"]
    disagree = given.notna() & derived.notna() & (given != derived)
    header = sheet.mapping["administration"]
    for position in np.flatnonzero(disagree.to_numpy()):
        report.warn(sheet_name, int(sheet_rows[position]), header,
                    f"says {given.iloc[position]} but the designation date "
                    f"{dates.iloc[position].date()} falls under {derived.iloc[position]}; kept as written")
    frame["administration"] = given.fillna(derived)


def administrations_for(dates: pd.Series) -> pd.Series:
    """The administration in office on each date, vectorised over a date column."""
    starts = np.array([np.datetime64(start, "ns") for _, start in vocabularies.ADMINISTRATION_STARTS])
    names = np.array([name for name, _ in vocabularies.ADMINISTRATION_STARTS] + [None], dtype=object)
    values = dates.to_numpy(dtype="datetime64[ns]")
    slot = np.searchsorted(starts, values, side="right") - 1
    result = np.where((slot >= 0) & ~np.isnat(values), names[slot], None)
    return pd.Series(result, index=dates.index, dtype="string")
