"""Column mappings chosen by hand, remembered for a workbook, and reading a workbook with its own.

A mapping is kept in the workspace's settings under the workbook's layout (its sheets'
names and headers, see ImportReport.layout_key), not its path: a moved, renamed or
re-saved copy with the same headers finds it again, and a workbook with other headers is
not given a mapping that names headers it does not have. The file it was chosen on is
noted as well, so that file is read with it at once (one reading, not two), even after a
column was added to it.

The workspace may only be used on the UI thread: the loader takes a snapshot there
(`remembered_mappings`) and reads with it in the background (`read_remembering`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import schema
from .import_report import ImportReport, LoadResult
from .progress import CancelCheck, ProgressCallback
from .workspace import Workspace, dataset_key

if TYPE_CHECKING:
    from .column_assignment import Mapping

SETTING = "column mappings"
DIALOG = "File › Columns…"  # where the analyst changes a mapping, as the report names it


@dataclass(frozen=True)
class RememberedMappings:
    """Every mapping remembered: by layout key, and which layout each file was last given."""

    layouts: dict[str, Mapping] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # dataset_key(path) -> layout key

    def for_file(self, source: str | os.PathLike) -> Mapping:
        return dict(self.layouts.get(self.files.get(dataset_key(source), ""), {}))

    def for_layout(self, report: ImportReport) -> Mapping:
        return dict(self.layouts.get(report.layout_key(), {}))


def remembered_mappings(workspace: Workspace) -> RememberedMappings:
    """What the workspace remembers, as plain data a loading thread may use; unreadable entries left out."""
    saved = workspace.get_setting(SETTING, {})
    saved = saved if isinstance(saved, dict) else {}
    layouts, files = saved.get("layouts", {}), saved.get("files", {})
    layouts = {str(layout): {str(header): (str(column) if column is not None else None)
                             for header, column in mapping.items()}
               for layout, mapping in (layouts.items() if isinstance(layouts, dict) else ())
               if isinstance(mapping, dict) and mapping}
    files = {str(path): str(layout) for path, layout in (files.items() if isinstance(files, dict) else ())
             if layout in layouts}
    return RememberedMappings(layouts, files)


def remembered_mapping(workspace: Workspace, report: ImportReport) -> Mapping:
    """The mapping last chosen for a workbook laid out as this one, {} when none was."""
    return remembered_mappings(workspace).for_layout(report)


def remember_mapping(workspace: Workspace, report: ImportReport, mapping: Mapping,
                     source: str | os.PathLike | None = None) -> None:
    """Keep the mapping for the next time a workbook laid out as this one (or the file
    `source`) is opened; {} forgets it."""
    remembered = remembered_mappings(workspace)
    layouts, files = dict(remembered.layouts), dict(remembered.files)
    layout = report.layout_key()
    if mapping:
        layouts[layout] = dict(mapping)
        if source is not None:
            files[dataset_key(source)] = layout
    else:
        layouts.pop(layout, None)
        files = {path: kept for path, kept in files.items() if kept != layout}
        if source is not None:
            files.pop(dataset_key(source), None)
    workspace.set_setting(SETTING, {"layouts": layouts, "files": files})


def hand_mapping(report: ImportReport) -> Mapping:
    """The headers a reading set by hand, and the field each was set to (None: kept as an extra column)."""
    from .headers import BY_HAND, header_key  # the reading stack: the loader's snapshot needs none of it

    mapping: Mapping = {}
    seen: set[str] = set()
    for sheet in report.sheets:
        for column in sheet.columns:
            if column.how == BY_HAND and header_key(column.header) not in seen:
                seen.add(header_key(column.header))
                mapping[column.header] = column.column
    return mapping


def describe_mapping(mapping: Mapping) -> str:
    """"'Uniformed?' → Security forces at designation; 'Cargo' kept as an extra column"."""
    return "; ".join(f"{header!r} → {schema.label(column)}" if column else f"{header!r} kept as an extra column"
                     for header, column in mapping.items())


def read_remembering(path: str | os.PathLike, progress: ProgressCallback | None = None,
                     cancelled: CancelCheck | None = None,
                     remembered: RememberedMappings | None = None) -> LoadResult:
    """Read a workbook with the columns chosen for it before, if any, the report saying so."""
    from .headers import MappingError  # the reading stack, here and not at import: see hand_mapping
    from .reading import read_workbook

    path = Path(path)
    remembered = remembered or RememberedMappings()
    not_applied = ""
    chosen = remembered.for_file(path)
    if chosen:
        try:
            result = read_workbook(path, progress, cancelled, chosen)
            result.report.notes.append(f"Columns read as you chose them for this file ({DIALOG} changes them): "
                                       f"{describe_mapping(chosen)}.")
            return result
        except MappingError as error:
            not_applied = (f"The columns you chose for this file before were not applied: {error} "
                           f"Choose them again in {DIALOG}.")
    result = read_workbook(path, progress, cancelled)
    same_layout = remembered.for_layout(result.report)
    if same_layout and same_layout != chosen:
        again = (lambda fraction, message: progress(fraction, f"Reading again with the columns chosen for it: "
                                                              f"{message}")) if progress else None
        try:
            result = read_workbook(path, again, cancelled, same_layout)
            result.report.notes.append(
                f"Columns read as you chose them for a workbook with the same sheets and headers (another copy "
                f"of this one; {DIALOG} changes them): {describe_mapping(same_layout)}.")
        except MappingError as error:  # the same headers, yet the header row came out elsewhere
            result.report.notes.append(f"The columns chosen for a workbook with the same sheets and headers "
                                       f"were not applied: {error}")
    if not_applied:
        result.report.notes.append(not_applied)
    return result
