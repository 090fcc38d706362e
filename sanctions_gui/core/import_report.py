"""What reading a workbook noticed, sheet by sheet, column by column and row by row.

The reader fills an `ImportReport` as it goes; the command line prints it (`check`), the
window shows it (File › Import report) and the Columns dialog is built from its columns.
Nothing the reader guessed, skipped or could not understand is left out of it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import schema

if TYPE_CHECKING:  # the .xls reading child imports this module and must stay light
    import pandas as pd

MAX_WARNINGS = 500
BY_HAND_WAYS = 'File › Columns… in the window, --map "HEADER=field" on the command line'
ROWS_LISTED = 20  # skipped rows listed per sheet in the text report


class WorkbookError(Exception):
    """A file that could not be loaded; the message is one plain sentence for the user."""

    def __init__(self, message: str, report: ImportReport | None = None):
        super().__init__(message)
        self.report = report


@dataclass(frozen=True)
class ImportWarning:
    """One cell or row the reader read differently from how it was written, and why."""

    sheet: str | None
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        place = []
        if self.sheet:
            place.append(f"sheet '{self.sheet}'")
        if self.row:
            place.append(f"row {self.row}")
        if self.column:
            place.append(f"column '{self.column}'")
        prefix = ", ".join(place)
        return f"{prefix[:1].upper()}{prefix[1:]}: {self.message}" if prefix else self.message


@dataclass
class ColumnReport:
    """One source column: its header, the field it became and how sure that is.

    column: the canonical column it gives, or None when kept as an extra column;
    how: one of core.headers' EXACT, BY_WORDS, BY_HAND, PROPOSED, UNKNOWN;
    candidates: (column, score) pairs the header might stand for, best first;
    note: why it was kept as an extra column when a field was in sight.
    """

    letter: str
    header: str
    column: str | None
    how: str
    score: int
    candidates: tuple[tuple[str, int], ...] = ()
    samples: tuple[str, ...] = ()
    note: str = ""

    def to_dict(self) -> dict:
        return {"letter": self.letter, "header": self.header, "field": self.column, "how": self.how,
                "score": self.score, "candidates": [list(c) for c in self.candidates],
                "samples": list(self.samples), **({"note": self.note} if self.note else {})}


@dataclass
class SheetReport:
    """What the reader made of one sheet: its header row, its columns and what it left out."""

    name: str
    header_row: int
    rows_read: int = 0
    mapping: dict[str, str] = field(default_factory=dict)  # column -> source header
    unmapped: list[str] = field(default_factory=list)
    skipped_rows: list[tuple[int, str]] = field(default_factory=list)
    columns: list[ColumnReport] = field(default_factory=list)

    def proposals(self) -> list[ColumnReport]:
        """Columns kept as extra ones for which a field was in sight."""
        return [c for c in self.columns if c.column is None and c.candidates and c.how != "by hand" and not c.note]


@dataclass(frozen=True)
class MissingField:
    """A key field no column gave, and what the app then cannot show."""

    column: str
    charts: tuple[str, ...]
    presets: tuple[str, ...]

    def sentence(self) -> str:
        shown = [f"the chart '{c}'" for c in self.charts] + [f"the preset '{p}'" for p in self.presets]
        if not shown:
            return f"{schema.label(self.column)}: not found in this file."
        listed = ", ".join(shown[:-1]) + (" and " if len(shown) > 1 else "") + shown[-1]
        return (f"{schema.label(self.column)}: not found in this file, so {listed} "
                f"{'has' if len(shown) == 1 else 'have'} nothing to count.")


@dataclass
class ImportReport:
    """Everything noticed while reading one workbook, for the import report and the command line."""

    path: str
    file_format: str = ""
    sheets: list[SheetReport] = field(default_factory=list)
    skipped_sheets: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    warnings_not_listed: int = 0
    notes: list[str] = field(default_factory=list)
    missing_fields: list[MissingField] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(sheet.rows_read for sheet in self.sheets)

    def warn(self, sheet: str | None, row: int | None, column: str | None, message: str) -> None:
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(ImportWarning(sheet, row, column, message))
        else:
            self.warnings_not_listed += 1

    def mapped(self) -> dict[str, str]:
        """Canonical column → the source header it came from (first sheet that has it)."""
        result: dict[str, str] = {}
        for sheet in self.sheets:
            for column, header in sheet.mapping.items():
                result.setdefault(column, header)
        return result

    def layout_key(self) -> str:
        """A fingerprint of the sheets' names and headers: the same in a moved, renamed or re-saved copy."""
        layout = [[sheet.name, [c.header for c in sheet.columns]] for sheet in self.sheets]
        return hashlib.sha256(json.dumps(layout, ensure_ascii=False).encode("utf-8")).hexdigest()[:24]

    def to_dict(self) -> dict:
        return {
            "file": self.path,
            "format": self.file_format,
            "rows": self.rows,
            "sheets": {s.name: s.rows_read for s in self.sheets},
            "header_rows": {s.name: s.header_row for s in self.sheets},
            "mapped": self.mapped(),
            "unmapped": {s.name: s.unmapped for s in self.sheets if s.unmapped},
            "columns": {s.name: [c.to_dict() for c in s.columns] for s in self.sheets},
            "missing_key_fields": {m.column: {"charts": list(m.charts), "presets": list(m.presets)}
                                   for m in self.missing_fields},
            "skipped_sheets": {name: why for name, why in self.skipped_sheets},
            "skipped_rows": {s.name: [f"row {r}: {why}" for r, why in s.skipped_rows]
                             for s in self.sheets if s.skipped_rows},
            "notes": list(self.notes),
            "warnings": [str(w) for w in self.warnings]
            + ([f"... and {self.warnings_not_listed} more warnings"] if self.warnings_not_listed else []),
        }

    def to_text(self) -> str:
        """The report as plain lines, for the command line and the import report view."""
        lines = [f"{Path(self.path).name}: {self.rows} people read"
                 + (f" ({self.file_format})" if self.file_format else "")]
        for sheet in self.sheets:
            lines.append(f"  Sheet '{sheet.name}': {sheet.rows_read} rows, header on row {sheet.header_row}")
            lines.extend(f"    {line}" for line in _column_lines(sheet))
            for row, why in sheet.skipped_rows[:ROWS_LISTED]:
                lines.append(f"    Row {row} skipped: {why}")
            if len(sheet.skipped_rows) > ROWS_LISTED:
                lines.append(f"    ... and {len(sheet.skipped_rows) - ROWS_LISTED} more rows skipped")
        for name, why in self.skipped_sheets:
            lines.append(f"  Sheet '{name}' skipped: {why}")
        if self.missing_fields:
            lines.append(f"  Key fields missing (read a column as one by hand: {BY_HAND_WAYS}):")
            lines.extend(f"    {missing.sentence()}" for missing in self.missing_fields)
        lines.extend(f"  Note: {note}" for note in self.notes)
        if self.warnings:
            lines.append(f"  Warnings ({len(self.warnings) + self.warnings_not_listed}):")
            lines.extend(f"    {w}" for w in self.warnings)
            if self.warnings_not_listed:
                lines.append(f"    ... and {self.warnings_not_listed} more")
        return "\n".join(lines)


def _column_lines(sheet: SheetReport) -> list[str]:
    lines = []
    for column in sheet.columns:
        if column.column is None:
            continue
        how = {"by its words": f" (recognised by its words, score {column.score})",
               "by hand": " (set by hand)"}.get(column.how, "")
        lines.append(f"{column.header!r} → {schema.label(column.column)}{how}")
    if sheet.unmapped:
        lines.append("Kept as extra columns: " + ", ".join(repr(h) for h in sheet.unmapped))
    for column in sheet.proposals():
        lines.append(f"{column.header!r} kept as an extra column: it could be "
                     f"{describe_candidates(column.candidates)}; to read it as one, choose it in File › Columns… "
                     f"(or --map \"{column.header}=FIELD\" on the command line)")
    lines.extend(f"{column.header!r} kept as an extra column: {column.note}"
                 for column in sheet.columns if column.note)
    return lines


def describe_candidates(candidates) -> str:
    """"Date sanctioned (U.S.) (67) or Canada (67)"."""
    return " or ".join(f"{schema.label(column)} ({score})" for column, score in candidates)


@dataclass
class LoadResult:
    """A workbook read: its people in the canonical frame, and what was noticed reading them."""

    frame: pd.DataFrame
    report: ImportReport
