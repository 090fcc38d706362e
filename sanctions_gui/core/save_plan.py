"""What a saved workbook holds, cell by cell: the source's sheets with the working copy's values.

Every sheet the reader read is written again from the source's own cells, in its own
row and column order, with its header names, title rows, notes and extra columns. In
a person's row the cells the analyst changed take their new values, in the types the
reader gives back (dates as date cells, lists joined with "; ", yes / no as Yes / No);
a date the file held as text is written as a date cell, so that no day / month order
read from the rest of the column can change; other cells stay as the file had them.
People removed are left out; people added follow the sheet's last person. A field the
working copy fills but a sheet has no column for (a gender given, a jurisdiction
added) gets a column at the sheet's right, headed by the field's label. Name cells
keep the fill colour they had in the file.

Cells below a merged cell take its value, as the reader fills them; merging itself,
fonts, widths and formulas (written as their values) are not carried over.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import schema
from .calamine_sheets import RawSheet
from .changes import ChangeEntry, field_kind, is_missing
from .display import LIST_SEPARATOR
from .import_report import ImportReport, SheetReport
from .schema import Kind
from .sheet_frame import administrations_for

_LEFT_OUT = frozenset({*schema.INTERNAL_COLUMNS, schema.Col.SHEET})
_DATE_OWNER = {f.date_column: f.name for f in schema.JURISDICTIONS}
UNCLEAR = "unclear"  # a yes / no the file does not record, in a jurisdiction's column


@dataclass(frozen=True)
class SaveSnapshot:
    """The working copy when a save starts (frames are never changed in place, so this holds)."""

    frame: pd.DataFrame
    base: pd.DataFrame
    removed: np.ndarray
    edited: dict[str, frozenset[int]]
    entries: tuple[ChangeEntry, ...]
    unplaced: tuple[ChangeEntry, ...]
    report: ImportReport
    source: Path


@dataclass(frozen=True)
class Filled:
    """A cell value with the fill colour its cell had in the file ("#RRGGBB")."""

    value: object
    colour: str


@dataclass
class SheetOut:
    name: str
    rows: Iterator[list[object]]
    last_row: int = 0  # the extent of what `rows` gives, 1-based
    last_column: int = 0
    person_rows: list[int] = field(default_factory=list)  # frame rows, in the order written


class CellTooLong(ValueError):
    """A text longer than Excel keeps in a cell; the message names the sheet and row."""


def column_index(letter: str) -> int:
    """A column letter as a 0-based index: A → 0, AA → 26."""
    index = 0
    for character in letter:
        index = index * 26 + ord(character) - 64
    return index - 1


def fill_merged_down(raw: RawSheet) -> None:
    """Give the cells below a merged cell its value down its first column, as the reader does."""
    for (top, left), (bottom, _right) in raw.merged:
        top_row, column = top - (raw.first_row - 1), left - raw.first_column
        if not (0 <= top_row < len(raw.rows)) or column < 0:
            continue
        value = raw.rows[top_row][column] if column < len(raw.rows[top_row]) else ""
        for index in range(top_row + 1, min(bottom - (raw.first_row - 1), len(raw.rows) - 1) + 1):
            if column < len(raw.rows[index]):
                raw.rows[index][column] = value


def frame_columns(sheet: SheetReport) -> list[tuple[int, str]]:
    """(column letter's index, frame column) for each of the sheet's columns, as the reader named them."""
    extras = iter(sheet.unmapped)
    return [(column_index(c.letter), c.column if c.column is not None else next(extras)) for c in sheet.columns]


def sheet_out(raw: RawSheet, sheet: SheetReport | None, snap: SaveSnapshot) -> SheetOut:
    """One sheet of the saved workbook (a sheet that gave no people is written as it was)."""
    last_row = raw.sheet_row(len(raw.rows) - 1) if raw.rows else 0
    widest = raw.first_column + max((len(cells) for cells in raw.rows), default=0)
    if sheet is None:
        return SheetOut(raw.name, (_plain_row(cells, raw.first_column) for cells in _padded(raw)), last_row, widest)
    fill_merged_down(raw)
    out = SheetOut(raw.name, iter(()))
    people = _Sheet(raw, sheet, snap, out.person_rows)
    out.rows = people.rows()
    out.last_row = last_row + people.rows_gained()
    out.last_column = raw.first_column + people.width + len(people.new_columns)
    return out


class _Sheet:
    """The rows of one people sheet, made as the writer asks for them."""

    def __init__(self, raw: RawSheet, sheet: SheetReport, snap: SaveSnapshot, written: list[int]):
        self.raw, self.sheet, self.snap, self.written = raw, sheet, snap, written
        frame = snap.frame
        on_sheet = (frame[schema.Col.SHEET] == sheet.name).fillna(False).to_numpy(dtype=bool)
        base_rows = np.flatnonzero(on_sheet[:len(snap.base)])
        numbers = snap.base[schema.SOURCE_ROW].to_numpy(dtype=object)
        self.person_at = {int(numbers[row]): int(row) for row in base_rows if not is_missing(numbers[row])}
        self.added = [int(row) for row in np.flatnonzero(on_sheet) if row >= len(snap.base)]
        self.layout = [(index - raw.first_column, column) for index, column in frame_columns(sheet)]
        kept = np.flatnonzero(on_sheet & ~snap.removed)
        present = {column for _index, column in self.layout}
        self.new_columns = added_columns(frame, kept, present)
        self.has_date = present | set(self.new_columns)
        self.values = {column: frame[column].to_numpy(dtype=object)
                       for column in {*present, *self.new_columns, schema.SOURCE_HIGHLIGHT}
                       | {f.date_column for f in schema.JURISDICTIONS if f.name in present | set(self.new_columns)}
                       if column in frame}
        self.width = max([len(cells) for cells in raw.rows] + [index + 1 for index, _ in self.layout] + [0])
        # Per column, the rows whose cell is written from the working copy because it was edited
        # (a jurisdiction with its date), and the column its dates are read from when the file has text.
        self.edited = {column: snap.edited.get(column, frozenset()) | snap.edited.get(_partner(column), frozenset())
                       for _index, column in self.layout}
        self.dates_of = {column: date for _index, column in self.layout
                         if (date := _dates_column(column)) is not None and date in self.values}
        self.name_index = next(index for index, column in self.layout if column == schema.Col.NAME)

    def rows_gained(self) -> int:
        """People added less people removed: how many rows longer the sheet is written."""
        removed = sum(bool(self.snap.removed[row]) for row in self.person_at.values())
        return sum(not self.snap.removed[row] for row in self.added) - removed

    def rows(self) -> Iterator[list[object]]:
        raw, sheet = self.raw, self.sheet
        header = next(i for i in range(len(raw.rows)) if raw.sheet_row(i) == sheet.header_row)
        last = max([i for i in range(len(raw.rows)) if raw.sheet_row(i) in self.person_at] + [header])
        previous = 0
        for i, cells in enumerate(raw.rows):
            number = raw.sheet_row(i)
            yield from ([] for _ in range(number - previous - 1))  # rows without values stay where they were
            previous = number
            row = self.person_at.get(number) if i > header else None
            if row is not None:
                if not self.snap.removed[row]:
                    self.written.append(row)
                    yield self._person(row, cells)
            elif i == header:
                yield [*_plain_row(self._pad(cells), raw.first_column),
                       *(_header(column) for column in self.new_columns)]
            else:
                yield _plain_row(cells, raw.first_column)
            if i == last:
                for added in self.added:
                    if not self.snap.removed[added]:
                        self.written.append(added)
                        yield self._person(added, None)

    def _pad(self, cells: list) -> list:
        return list(cells) + [""] * (self.width - len(cells))

    def _person(self, row: int, cells: list | None) -> list[object]:
        """A person's row: the file's cells, the analyst's values where they changed them."""
        out = [None] * self.width if cells is None else [_cell_value(c) for c in self._pad(cells)]
        for index, column in self.layout:
            if index < 0:
                continue
            raw_value = cells[index] if cells is not None and index < len(cells) else None
            if cells is None or self._changed(row, column, raw_value):
                out[index] = self._typed(row, column)
        out.extend(self._typed(row, column) for column in self.new_columns)
        colour = self.values[schema.SOURCE_HIGHLIGHT][row] if schema.SOURCE_HIGHLIGHT in self.values else None
        if not is_missing(colour) and 0 <= self.name_index < len(out):
            out[self.name_index] = Filled(out[self.name_index], str(colour))
        return [None] * self.raw.first_column + out

    def _changed(self, row: int, column: str, raw_value: object) -> bool:
        """Whether a person's cell is written from the working copy: edited, or a date the file held as text."""
        if row in self.edited[column]:
            return True
        dates = self.dates_of.get(column)
        return dates is not None and isinstance(raw_value, str) and not is_missing(self.values[dates][row])

    def _typed(self, row: int, column: str) -> object:
        value = self.values[column][row]
        spec = schema.FIELDS.get(column)
        if spec is not None and spec.kind is Kind.JURISDICTION:
            day = self.values[spec.date_column][row] if spec.date_column in self.values else None
            return jurisdiction_cell(value, day, spec.date_column in self.has_date)
        return cell_for(column, value)


def _partner(column: str) -> str | None:
    """The other column of a jurisdiction's pair (its listing date, or the jurisdiction of a date)."""
    spec = schema.FIELDS.get(column)
    if spec is not None and spec.kind is Kind.JURISDICTION:
        return spec.date_column
    return _DATE_OWNER.get(column)


def _dates_column(column: str) -> str | None:
    """Where a column's dates are: itself for a date field, its listing date for a jurisdiction."""
    spec = schema.FIELDS.get(column)
    if spec is not None and spec.kind is Kind.JURISDICTION:
        return spec.date_column
    return column if field_kind(column) is Kind.DATE else None


def cell_for(column: str, value: object) -> object:
    """A typed value as the saved cell holds it, read back as the same value."""
    if is_missing(value):
        return None
    kind = field_kind(column)
    if kind is Kind.DATE:
        return date_cell(value)
    if kind is Kind.LIST:
        return LIST_SEPARATOR.join(value) if value else None
    if kind is Kind.FLAG:
        return "Yes" if value else "No"
    return str(value)


def date_cell(value: object) -> dt.datetime:
    day = pd.Timestamp(value)
    return dt.datetime(day.year, day.month, day.day)


def jurisdiction_cell(flag: object, day: object, own_date_column: bool) -> object:
    """Another government's listing in its column: its date when it has no column of its own."""
    if is_missing(flag):
        return UNCLEAR
    if not flag:
        return None
    if not own_date_column and not is_missing(day):
        return date_cell(day)
    return "Yes"


def added_columns(frame: pd.DataFrame, kept: np.ndarray, present: set[str]) -> list[str]:
    """Columns a sheet lacks whose values the reader would not give back without them."""
    people = frame.iloc[kept]
    needed = []
    for column in frame.columns:
        if column in present or column in _LEFT_OUT or column in _DATE_OWNER:
            continue
        values = people[column]
        kind = field_kind(column)
        if column == schema.Col.ADMINISTRATION:
            derived = administrations_for(people[schema.Col.US_DESIGNATION_DATE])
            differs = ~((values == derived).fillna(False) | (values.isna() & derived.isna()))
        elif kind is Kind.JURISDICTION:
            date_column = schema.FIELDS[column].date_column
            reads = people[date_column].notna() if date_column in present else pd.Series(False, index=people.index)
            differs = (values != reads).fillna(True) | (people[date_column].notna() & (date_column not in present))
        elif kind is Kind.LIST:
            differs = values.map(len) > 0
        elif column == schema.Col.SECURITY_STATUS:
            differs = (values != "unknown").fillna(False)
        else:
            differs = values.notna()
        if bool(np.asarray(differs, dtype=bool).any()):
            needed.append(column)
    return needed


def _header(column: str) -> str:
    return schema.label(column) if column in schema.FIELDS else column


def _cell_value(value: object) -> object:
    return None if value == "" else value


def _plain_row(cells: list, first_column: int) -> list[object]:
    return [None] * first_column + [_cell_value(value) for value in cells]


def _padded(raw: RawSheet) -> Iterator[list]:
    previous = 0
    for i, cells in enumerate(raw.rows):
        number = raw.sheet_row(i)
        yield from ([] for _ in range(number - previous - 1))
        previous = number
        yield cells
