"""Which notes a loaded workbook gets: its own, or those made on another copy of it.

The window calls `notes_key_for` once per load and keeps notes, flags and hand colours
under the key it returns (where it used `workspace.dataset_key(path)` before); when the
notes come from another copy, the import report says so.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from . import schema
from .import_report import ImportReport
from .workbook_identity import people_sketch
from .workspace import Workspace


def notes_key_for(workspace: Workspace, source: str | os.PathLike, frame: pd.DataFrame,
                  report: ImportReport | None = None) -> str:
    """The key to read and write this workbook's annotations under."""
    key, other = workspace.notes_key(source, people_sketch(frame[schema.PERSON_ID]))
    if other is not None and report is not None:
        found = workspace.annotations(key)
        present = int(found.index.isin(frame[schema.PERSON_ID]).sum())
        report.notes.append(
            f"Notes, flags or colours for {present} of the people here were made on another copy of this "
            f"workbook ({Path(other).name}, in {Path(other).parent}); they are shown, and kept, with this one.")
    return key
