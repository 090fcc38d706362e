"""Which row of a sheet is its header, and which field each of its columns becomes.

The header row is the one, among the first HEADER_SEARCH_ROWS, naming the most fields
(a Name column among them) by the headers' meaning (core/headers.py) or by the analyst's
own mapping. Each column then gets its field: by hand first, else by its header when the
match is sure; a field two columns claim goes to the hand-mapped one, else the surer one,
else the leftmost, and the other is kept as an extra column with a warning. Every column,
mapped or not, is described in the sheet's report for the import report and the Columns
dialog.
"""

from __future__ import annotations

from . import fills, schema
from .headers import BY_HAND, BY_WORDS, EXACT, UNKNOWN, header_key, match_header
from .import_report import ColumnReport, ImportReport, SheetReport

HEADER_SEARCH_ROWS = 50
LONGEST_HEADER = 120  # characters; longer cells (notes, sources) are never headers
SURE = (EXACT, BY_WORDS)

Mapping = dict[str, str | None]  # header -> column, None: keep as an extra column


def header_text(cell: object) -> str:
    return " ".join(str(cell).split()) if cell not in (None, "") else ""


def _may_be_header(cell: object) -> bool:
    return isinstance(cell, str) and len(cell) <= LONGEST_HEADER and not cell.isspace() and cell != ""


def _column_of(cell: object, hand: Mapping) -> str | None:
    """The field a header cell surely names (by hand or by its words), for finding the header row."""
    if not _may_be_header(cell):
        return None
    key = header_key(cell)
    if key in hand:
        return hand[key]
    found = match_header(header_text(cell))
    return found.column if found.how in SURE else None


def find_header(rows: list[list], hand: Mapping) -> int | None:
    """Index of the row that names the most fields (at least two, one of them the name)."""
    best, best_score = None, 1
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        candidates = [cell for cell in row if _may_be_header(cell)]
        if len(candidates) <= best_score:  # each cell names one field at most: this row cannot win
            continue
        columns = {_column_of(cell, hand) for cell in candidates}
        columns.discard(None)
        if "name" in columns and len(columns) > best_score:
            best, best_score = index, len(columns)
    return best


def keyed(mapping: Mapping | None) -> Mapping:
    """A hand mapping keyed the way headers are compared (accents, case and spacing ignored)."""
    return {header_key(header): column for header, column in (mapping or {}).items()}


def assign_columns(header_cells: list, width: int, first_column: int, sheet: SheetReport,
                   report: ImportReport, hand: Mapping) -> list[str]:
    """The frame column of every source column: a canonical name, or the header for an extra one.

    Fills sheet.columns, sheet.mapping and sheet.unmapped, and warns about duplicates.
    """
    found: list[ColumnReport] = []
    for index in range(width):
        text = header_text(header_cells[index] if index < len(header_cells) else "")
        letter = fills.column_letter(first_column + index)
        match = match_header(text) if text else None
        if text and header_key(text) in hand:
            found.append(ColumnReport(letter, text, hand[header_key(text)], BY_HAND, 100,
                                      match.candidates if match else ()))
        elif match is not None:
            column = match.column if match.how in SURE else None
            found.append(ColumnReport(letter, text, column, match.how, match.score, match.candidates))
        else:
            found.append(ColumnReport(letter, text, None, UNKNOWN, 0))
    _settle_duplicates(found, sheet, report)
    sheet.columns = found
    return _frame_names(found, sheet)


def _settle_duplicates(found: list[ColumnReport], sheet: SheetReport, report: ImportReport) -> None:
    """One source column per field: the hand-mapped, else the surest, else the leftmost."""
    order = sorted(range(len(found)), key=lambda i: (found[i].how != BY_HAND, -found[i].score, i))
    winners: dict[str, int] = {}
    for index in order:
        column = found[index].column
        if column is not None:
            winners.setdefault(column, index)
    for index, column_report in enumerate(found):
        column = column_report.column
        if column is None or winners[column] == index:
            continue
        first = found[winners[column]]
        report.warn(sheet.name, sheet.header_row, column_report.header,
                    f"duplicate header: '{first.header}' already gives {schema.label(column)}; "
                    f"column {column_report.letter} is kept as an extra column")
        column_report.note = f"'{first.header}' (column {first.letter}) already gives {schema.label(column)}"
        column_report.candidates = ((column, column_report.score),)
        column_report.column = None
    for column, index in sorted(winners.items(), key=lambda item: item[1]):
        sheet.mapping[column] = found[index].header


def _frame_names(found: list[ColumnReport], sheet: SheetReport) -> list[str]:
    names: list[str] = []
    seen: dict[str, int] = {}
    for column_report in found:
        if column_report.column is not None:
            names.append(column_report.column)
            continue
        text = column_report.header or f"Column {column_report.letter}"
        if text in seen or text in schema.FIELDS:
            seen[text] = seen.get(text, 1) + 1
            text = f"{text} ({seen[text]})"
        seen.setdefault(text, 1)
        names.append(text)
        sheet.unmapped.append(text)
    return names

