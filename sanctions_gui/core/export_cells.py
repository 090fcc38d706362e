"""An export's cells: the view's rows and columns as display text, dates and numbers.

Both writers (the .csv in export.py, the .xlsx in export_xlsx.py) take the same
`ExportColumn`s and row fills, so the two formats hold the same cells; text a
spreadsheet would read as a formula is recognised here for both.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import schema
from .columns import column_label
from .display import LIST_SEPARATOR
from .rules import RuleMatches
from .schema import FIELDS, Kind
from .view import View

if TYPE_CHECKING:
    from .export import ExportRequest

# Extra columns beside the frame's. "Analyst notes" is not "Notes": that is the source's column.
MATCHED_RULES = "Matched rules"
ANALYST_NOTES = "Analyst notes"
FLAG = "Flag"

MAX_COLUMN_WIDTH = 60
# First characters that make Excel, LibreOffice or Sheets treat typed text as a formula.
UNSAFE_FIRST_CHARACTERS = ("=", "+", "-", "@", "\t", "\r", "\0")
# Control characters XML 1.0 cannot hold: dropped from .xlsx text; they do not hide a formula.
NOT_XML_CONTROLS = "".join(map(chr, (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20))))
_CSV_SPECIAL = re.compile('[,"\r\n]')
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_NUMBER_TEXT = re.compile(r"-?\d+(\.\d+)?(e[-+]\d+)?")
EXCEL_DIGITS = 15  # significant digits a spreadsheet keeps of a number


@dataclass
class ExportColumn:
    """One output column over the exported rows: each cell's display text, and which cells
    are dates or numbers (real dates and numbers in .xlsx; as shown in .csv).

    Cells are turned into XML or CSV a chunk of rows at a time, each step over the whole
    chunk: escaping runs on one string joining the chunk's cells (a few passes in C), and
    the tests for formulas and quoting are C-level maps, never a Python step per cell.
    """

    header: str
    text: np.ndarray  # display text per exported row
    days: np.ndarray | None = None  # datetime64[D] per exported row, NaT where the cell is not a date
    numbers: np.ndarray | None = None  # float per exported row, NaN where the cell is not a number

    @property
    def width(self) -> int:
        longest = max(map(len, self.text), default=0)
        return min(max(len(self.header), longest) + 2, MAX_COLUMN_WIDTH)

    def sheet_bytes_at_most(self) -> int:
        """An upper bound of this column's size in the sheet XML, escaped and in UTF-8."""
        joined = "".join(self.text)
        characters = len(joined) + 4 * joined.count("&") + 3 * (joined.count("<") + joined.count(">"))
        return (characters if joined.isascii() else 4 * characters) + 80 * len(self.text)

    def numeric(self, chunk: slice) -> tuple[np.ndarray, np.ndarray]:
        """Which cells of the chunk are dates, and which are numbers."""
        none = np.zeros(len(self.text[chunk]), dtype=bool)
        is_date = ~np.isnat(self.days[chunk]) if self.days is not None else none
        is_number = ~np.isnan(self.numbers[chunk]) if self.numbers is not None else none
        return is_date, is_number

    def csv(self, chunk: slice) -> np.ndarray:
        """The chunk's CSV fields: quoted where needed, formulas made text, numbers as they are."""
        fields = self.text[chunk].copy()
        is_date, is_number = self.numeric(chunk)
        unsafe = looks_like_formula(fields) & ~is_date & ~is_number
        fields[unsafe] = "'" + fields[unsafe]
        return csv_quote(fields)


def looks_like_formula(values: np.ndarray) -> np.ndarray:
    """Text a spreadsheet would read as a formula; characters XML drops do not hide it."""
    # First characters; numpy ends its strings at NUL, so a leading NUL reads as "" (and NUL
    # is left out of the lists compared with, where it would match every empty cell).
    first = values.astype("U1")
    unsafe = np.isin(first, [c for c in UNSAFE_FIRST_CHARACTERS if c != "\0"]) | ((first == "") & (values != ""))
    hidden = np.flatnonzero(np.isin(first, list(NOT_XML_CONTROLS[1:])))
    unsafe[hidden] |= np.array([values[i].lstrip(NOT_XML_CONTROLS).startswith(UNSAFE_FIRST_CHARACTERS)
                                for i in hidden], dtype=bool)
    return unsafe


def csv_quote(fields: np.ndarray) -> np.ndarray:
    """RFC 4180 quoting where a field needs it (a comma, quote or line break inside)."""
    quoted = fields.copy()
    needs = np.fromiter(map(bool, map(_CSV_SPECIAL.search, fields)), dtype=bool, count=len(fields))
    quoted[needs] = ['"' + field.replace('"', '""') + '"' for field in fields[needs]]
    return quoted


def export_columns(request: ExportRequest) -> list[ExportColumn]:
    """The output columns, in order, over the exported rows."""
    dataset, rows = request.dataset, request.view.rows
    frame = dataset.frame
    columns = []
    for column in request.columns:
        kind = FIELDS[column].kind if column in FIELDS else None
        days = numbers = None
        if column not in frame.columns:  # made from other columns ("Also sanctioned by"): text
            pass
        elif kind is Kind.JURISDICTION:
            days = _days(frame[FIELDS[column].date_column], rows)
        elif pd.api.types.is_datetime64_any_dtype(frame[column].dtype):
            days = _days(frame[column], rows)
        elif pd.api.types.is_numeric_dtype(frame[column].dtype) and not pd.api.types.is_bool_dtype(frame[column].dtype):
            numbers = frame[column].to_numpy(dtype=float, na_value=np.nan)[rows]
        elif column not in FIELDS:
            numbers = _numbers_in_text(dataset.text(column)[rows])
        columns.append(ExportColumn(column_label(column), dataset.text(column)[rows], days, numbers))
    if request.matched_rules_column:
        columns.append(ExportColumn(MATCHED_RULES, _matched_rule_names(request.rule_matches, rows)))
    if request.notes_column or request.flag_column:
        annotations = _annotations_for(request.annotations, frame[schema.PERSON_ID].to_numpy()[rows])
        if request.notes_column:
            columns.append(ExportColumn(ANALYST_NOTES, annotations["note"].to_numpy(dtype=object)))
        if request.flag_column:
            columns.append(ExportColumn(FLAG, np.where(annotations["flag"].to_numpy(dtype=bool), "Yes", "No")
                                   .astype(object)))
    return columns


def _numbers_in_text(text: np.ndarray) -> np.ndarray:
    """Per cell of a column the schema does not know, its number, or NaN where it is text.

    The reader keeps such columns as text, writing a number cell the way Python prints
    it ("-97.740349", "3", "1e-05"). Those cells go back out as numbers, so a longitude
    stays a number (and a negative one is not taken for a formula). Text that only looks
    like a number stays text: leading zeros ("007"), a plus sign, thousands separators,
    or more digits than Excel keeps (an identity number).
    """
    numbers = np.full(len(text), np.nan)
    maybe = np.flatnonzero(np.isin(text.astype("U1"), list("-.0123456789")))
    for row in maybe.tolist():
        cell = text[row]
        if not _NUMBER_TEXT.fullmatch(cell):
            continue
        value = float(cell)
        digits = len(cell.lstrip("-").lower().split("e")[0].replace(".", "").lstrip("0"))
        if math.isfinite(value) and digits <= EXCEL_DIGITS and _as_the_reader_writes(value) == cell:
            numbers[row] = value
    return numbers


def _as_the_reader_writes(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def _days(values: pd.Series, rows: np.ndarray) -> np.ndarray:
    return values.to_numpy(dtype="datetime64[ns]")[rows].astype("datetime64[D]")


def _matched_rule_names(matches: RuleMatches | None, rows: np.ndarray) -> np.ndarray:
    """Per exported row, the enabled rules it matches, in rule order, joined like a list cell."""
    names = np.full(len(rows), "", dtype=object)
    if matches is None:
        return names
    for rule, mask in zip(matches.rules, matches.masks):
        if rule.enabled:
            hit = mask[rows]
            names[hit] = np.where(names[hit] == "", rule.name, names[hit] + LIST_SEPARATOR + rule.name)
    return names


def _annotations_for(annotations: pd.DataFrame | None, person_ids: np.ndarray) -> pd.DataFrame:
    """Note and flag per exported row; people with nothing recorded get "" and False."""
    if annotations is None:
        annotations = pd.DataFrame({"note": pd.Series(dtype=object), "flag": pd.Series(dtype=bool)})
    found = annotations.reindex(pd.Index(person_ids, dtype=object))
    return pd.DataFrame({"note": found["note"].astype(object).fillna("").astype(str).to_numpy(),
                         "flag": found["flag"].astype(object).fillna(False).astype(bool).to_numpy()})


def row_fills(view: View) -> tuple[np.ndarray, list[str]]:
    """Per exported row an index into the palette plus one (0: no fill), and the palette."""
    codes, colours = pd.factorize(np.asarray(view.colours[view.rows], dtype=object))  # no colour: -1
    names = [colour.upper() if isinstance(colour, str) and _COLOUR.match(colour) else None for colour in colours]
    palette = list(dict.fromkeys(name for name in names if name))
    fill_of = np.array([0] + [palette.index(name) + 1 if name else 0 for name in names])
    return fill_of[codes + 1], palette

