"""Which notes a loaded workbook gets: its own, or those made on another copy of it.

The session calls `notes_key_for` once per load (Session._key_for) and keeps notes, flags
and hand colours under the key it returns; when the notes come from another copy, the
import report says so, and the window tells the analyst in the status bar.
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
                  report: ImportReport | None = None) -> tuple[str, str | None]:
    """The key to read and write this workbook's annotations under, and the other copy of the
    workbook they were made on (its path), or None when they are this file's own."""
    key, other = workspace.notes_key(source, people_sketch(frame[schema.PERSON_ID]))
    if other is not None and report is not None:
        report.notes.append(found_notes_sentence(workspace, key, other, frame))
    return key, other


def found_notes_sentence(workspace: Workspace, key: str, other: str, frame: pd.DataFrame) -> str:
    """What the import report says when the notes shown were made on another copy."""
    present = int(workspace.annotations(key).index.isin(frame[schema.PERSON_ID]).sum())
    return (f"Notes, flags or colours for {present} of the people here were made on another copy of this "
            f"workbook ({Path(other).name}, in {Path(other).parent}); they are shown, and kept, with this one.")
