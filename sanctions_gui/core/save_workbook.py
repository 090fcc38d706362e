"""File › Save as: the working copy written to a new .xlsx, never over the file it was read from.

The source is read again (its cells only, as the reader reads them) and written out
sheet by sheet as `save_plan` lays it out, with a "Changes" sheet listing every change
(who, field, before, after, when). Text that a spreadsheet would take for a formula is
written as text with Excel's quote prefix, as the export does; the file is written under
a temporary name and moved into place (core/atomic.py), so it appears whole or not at all.

Sheets the reader left out of the source (hidden, chart or macro sheets, sheets too
large to open) cannot be written again: `SaveResult.left_out` names them, for the
analyst to be told.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import folding, schema
from .changes import describe_change, when
from .export import ExportError, same_file, write_export_atomically
from .formats import identify
from .import_report import ImportReport, WorkbookError
from .headers import BY_HAND
from .progress import CancelCheck, ProgressCallback, stepper
from .save_plan import CellTooLong, SaveSnapshot, frame_columns, sheet_out
from .workbook_sheets import read_raw_sheets

CHANGES_SHEET = "Changes"
CHANGES_HEADERS = ("Who", "Field", "Before", "After", "When", "Sheet", "Record")


class SaveError(Exception):
    """A save that could not be made; the message is a plain sentence naming the file."""


@dataclass(frozen=True)
class SaveResult:
    path: Path
    order: list[int]  # the working copy's frame rows, in the order the saved workbook holds its people
    left_out: list[tuple[str, str]]  # the source's sheets not carried over, and why
    hand_mapping: dict[str, str | None]  # headers the source was read with by hand, to read the copy alike


def hand_mapping(report: ImportReport) -> dict[str, str | None]:
    return {c.header: c.column for sheet in report.sheets for c in sheet.columns if c.how == BY_HAND and c.header}


def check_save_target(target: Path, source: Path | None) -> None:
    if target.suffix.lower() != ".xlsx":
        raise SaveError(f"Save as writes an Excel workbook: name the file .xlsx, not '{target.name}'.")
    if target.is_dir():
        raise SaveError(f"{target} is a folder; choose a file name to save to.")
    if source is not None and same_file(target, Path(source)):
        raise SaveError(f"{target.name} is the file the data was read from; Save as never replaces it. "
                        "Choose another file name.")


def save_working_copy(snapshot: SaveSnapshot, target: str | Path, progress: ProgressCallback | None = None,
                      cancelled: CancelCheck | None = None) -> SaveResult:
    """Write the working copy to `target`; raises SaveError (nothing written) or Cancelled."""
    target = Path(target).expanduser()
    source = snapshot.source
    check_save_target(target, source)
    step = stepper(progress, cancelled)
    step(0.0, f"Reading {source.name} again")
    scratch = ImportReport(str(source))
    try:
        raw_sheets = read_raw_sheets(source, identify(source), scratch, lambda *_: None)
    except (WorkbookError, OSError) as error:
        raise SaveError(f"{source.name} could not be read again to save its working copy: {error}") from None
    sheets = {sheet.name: sheet for sheet in snapshot.report.sheets}
    outs = [sheet_out(raw, sheets.get(raw.name), snapshot) for raw in raw_sheets]  # (merged cells filled down)
    _check_source_unchanged(raw_sheets, sheets, snapshot)
    total = max(len(snapshot.frame), 1)

    names = {out.name for out in outs}
    title = next(name for name in (CHANGES_SHEET, *(f"{CHANGES_SHEET} ({n})" for n in range(2, len(names) + 2)))
                 if name not in names)
    highlights = snapshot.frame[schema.SOURCE_HIGHLIGHT].dropna().astype(str).str.upper().unique()
    palette = sorted(highlights)

    def write(handle) -> None:
        from .save_xlsx import write_workbook  # openpyxl loads on the first save, not at start-up

        write_workbook(handle, outs, changes_rows(snapshot), title, palette,
                       lambda done: step(0.1 + 0.85 * min(done / total, 1.0), f"Writing {target.name}: {done:,} people"))

    try:
        write_export_atomically(target, write)
    except ExportError as error:
        raise SaveError(str(error).replace("Could not export to", "Could not save to")) from None
    except CellTooLong as error:
        raise SaveError(str(error)) from None
    step(1.0, f"Saved {target.name}")
    order = [row for out in outs for row in out.person_rows]
    return SaveResult(target, order, list(scratch.skipped_sheets), hand_mapping(snapshot.report))


def _check_source_unchanged(raw_sheets, sheets, snapshot: SaveSnapshot) -> None:
    """Refuse when the source's rows no longer hold the people read from them (it was edited since)."""
    base = snapshot.base
    names = base[schema.Col.NAME].fillna("").astype(str).map(folding.fold).to_numpy(dtype=object)
    by_sheet = {raw.name: raw for raw in raw_sheets}
    for sheet_name, sheet in sheets.items():
        raw = by_sheet.get(sheet_name)
        rows = base.index[(base[schema.Col.SHEET] == sheet_name).fillna(False).to_numpy(dtype=bool)]
        if raw is None:
            raise SaveError(_changed_since(snapshot.source, f"its sheet ‘{sheet_name}’ is gone"))
        index_of = {raw.sheet_row(i): i for i in range(len(raw.rows))}
        name_at = next(i for i, column in frame_columns(sheet) if column == schema.Col.NAME) - raw.first_column
        for row in rows:
            number = int(base[schema.SOURCE_ROW].iat[row])
            cells = raw.rows[index_of[number]] if number in index_of else []
            cell = cells[name_at] if 0 <= name_at < len(cells) else ""
            if folding.fold(str(cell or "")) != names[row]:
                raise SaveError(_changed_since(snapshot.source, f"sheet ‘{sheet_name}’, row {number} no longer "
                                                                f"holds ‘{base[schema.Col.NAME].iat[row]}’"))


def _changed_since(source: Path, what: str) -> str:
    return (f"{source.name} has changed since it was opened ({what}). Reload it (File › Reload): your changes "
            "are kept and applied again; then save again.")


def changes_rows(snapshot: SaveSnapshot) -> Iterator[list[object]]:
    """The Changes sheet: a title line, then one row per change, in the order they were made."""
    frame = snapshot.frame
    rows_of = {str(pid): row for row, pid in enumerate(frame[schema.PERSON_ID])}
    stamp = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    yield [f"Changes made with Sanctions Workbench to {snapshot.source.name}, saved {stamp}"]
    yield []
    yield list(CHANGES_HEADERS)
    for entry in snapshot.entries:
        row = rows_of.get(entry.person_id)
        who = frame[schema.Col.NAME].iat[row] if row is not None else entry.person_id
        sheet = frame[schema.Col.SHEET].iat[row] if row is not None else ""
        yield [str(who), *describe_change(entry), when(entry), str(sheet), entry.person_id]
    for entry in snapshot.unplaced:
        field, before, after = describe_change(entry)
        yield [entry.person_id, field, before, f"{after} (not applied: this person is no longer in the file)",
               when(entry), "", entry.person_id]
