"""Write a comparison to .xlsx: a sheet per category and an About sheet naming both files.

Cells are written through the app's export helpers, so text that a spreadsheet would
read as a formula stays text, and the file appears whole or not at all (a temporary
file beside the target, then moved into place).
"""

from __future__ import annotations

import datetime as dt
import os
from functools import partial
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.styles import Font

from ... import __version__
from ..export import ExportError, check_target, write_export_atomically
from ..export_about import APP_NAME, file_sha256
from ..export_xlsx import FONT_NAME, FONT_SIZE, text_cell
from .comparison import CATEGORIES, CATEGORY_LABELS, Comparison, Item
from .model import ListFile
from .scope import describe_scope

ABOUT_SHEET = "About"
COLUMNS = ("Name", "List name", "List ID", "Programs", "Score", "Reason", "Differences", "In the database")
WIDTHS = (34, 34, 10, 28, 7, 70, 70, 28)


def _differences(item: Item) -> str:
    return "\n".join(f"{d.field}: {d.old or '(empty)'} \u2192 {d.new or '(empty)'}" for d in item.differences)


def _row(item: Item) -> tuple[str, ...]:
    listed = item.entry or item.old_entry
    return (item.name, listed.name if listed else "", listed.list_id if listed else "",
            "; ".join(listed.programs) if listed else "", "" if item.score is None else str(item.score),
            item.reason, _differences(item), item.where)


def _hashes(paths: tuple[Path, ...]) -> str:
    lines = []
    for path in paths:
        try:
            lines.append(f"{path.name}: {file_sha256(path)}")
        except OSError as error:
            lines.append(f"{path.name}: (could not be read to compute it: {error.strerror or error})")
    return "\n".join(lines)


def _list_rows(title: str, list_file: ListFile) -> list[tuple[str, str]]:
    date = list_file.list_date.isoformat() if list_file.list_date else "unknown"
    rows = [(title, str(list_file.path.name)), (f"{title}: format", list_file.file_format),
            (f"{title}: date", f"{date} ({list_file.date_source})"),
            (f"{title}: SHA-256", _hashes(list_file.files or (list_file.path,))),
            (f"{title}: individuals", f"{len(list_file.entries):,} (and {list_file.entities:,} entities, "
                                      "vessels and aircraft, not compared)")]
    warnings = [str(w) for w in list_file.warnings]
    if list_file.warnings_not_listed:
        warnings.append(f"… and {list_file.warnings_not_listed} more")
    rows.append((f"{title}: warnings", "\n".join(warnings) or "(none)"))
    return rows


def about_rows(comparison: Comparison) -> list[tuple[str, str]]:
    rows = _list_rows("List", comparison.list_file)
    if comparison.old_list is not None:
        rows += _list_rows("Compared with the older list", comparison.old_list)
    if comparison.database is not None:
        rows += [("Database", comparison.database.name), ("Database: SHA-256", _hashes((comparison.database,)))]
    rows += [("Scope", describe_scope(comparison.scope)),
             ("Individuals in scope on the list", f"{comparison.in_scope:,}")]
    rows += [(CATEGORY_LABELS[category], f"{count:,}") for category, count in comparison.counts().items()]
    rows += [("Note", note) for note in comparison.notes]
    rows += [("Compared at", dt.datetime.now().astimezone().isoformat(timespec="seconds")),
             ("Compared with", f"{APP_NAME} {__version__}")]
    return rows


def _write(handle: IO[bytes], comparison: Comparison) -> None:
    workbook = Workbook()
    workbook.properties.creator = APP_NAME
    bold = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
    about = workbook.active
    about.title = ABOUT_SHEET
    about.column_dimensions["A"].width, about.column_dimensions["B"].width = 36, 110
    for number, (label, value) in enumerate(about_rows(comparison), start=1):
        text_cell(about, number, 1, label).font = bold
        text_cell(about, number, 2, value)
    for category in CATEGORIES:
        sheet = workbook.create_sheet(CATEGORY_LABELS[category])
        for column, (header, width) in enumerate(zip(COLUMNS, WIDTHS), start=1):
            text_cell(sheet, 1, column, header).font = bold
            sheet.column_dimensions[chr(64 + column)].width = width
        for number, item in enumerate(comparison.items.get(category, []), start=2):
            for column, value in enumerate(_row(item), start=1):
                if value:
                    text_cell(sheet, number, column, value)
        sheet.freeze_panes = "A2"
    workbook.save(handle)


def export_comparison(comparison: Comparison, target: str | os.PathLike) -> Path:
    """Write the comparison to `target` (.xlsx). Raises ExportError with a plain sentence;
    neither the list files nor the database are ever replaced."""
    target = Path(target).expanduser()
    sources = [*comparison.list_file.files, comparison.list_file.path]
    if comparison.old_list is not None:
        sources += [*comparison.old_list.files, comparison.old_list.path]
    if comparison.database is not None:
        sources.append(comparison.database)
    for source in sources:
        check_target(target, source)
    if target.suffix.lower() != ".xlsx":
        raise ExportError(f"Cannot write '{target.name}': a comparison is exported to .xlsx (Excel).")
    write_export_atomically(target, partial(_write, comparison=comparison))
    return target
