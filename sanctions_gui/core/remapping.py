"""A column mapping chosen by hand, applied to the open workbook as one undoable step.

The caller reads the workbook again with the mapping (off the UI thread); here the
session takes that reading in place of the open one (`Session.replace_dataset`: rules,
charts and facets follow; the selection, sort and filters stay as far as their columns
do), the mapping is remembered for the workbook, and Undo puts back the reading and the
mapping there were before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .history import Command
from .mapping_memory import hand_mapping, remember_mapping
from .notes_lookup import found_notes_sentence
from .rule_intents import quoted
from .session import Session
from .view import Dataset

if TYPE_CHECKING:
    from .column_assignment import Mapping


def mapping_changed(dataset: Dataset, mapping: Mapping) -> bool:
    """Whether `mapping` reads the open workbook otherwise than it was read."""
    return dataset.report is None or dict(mapping) != hand_mapping(dataset.report)


def apply_mapping(session: Session, reading: Dataset, mapping: Mapping) -> None:
    """Show `reading` (the open workbook read with `mapping`) instead of the open one, and
    remember the mapping for the workbook; Edit › Undo takes both back."""
    before = session.dataset
    if before is None or before.report is None:
        raise ValueError("columns can be chosen only for a workbook read from a file")
    workspace, layout = session.workspace, before.report
    if session.notes_from is not None and workspace is not None:
        reading.report.notes.append(found_notes_sentence(workspace, session.dataset_key, session.notes_from,
                                                         reading.frame))

    def install(dataset: Dataset, chosen: Mapping):
        def run() -> None:
            session.replace_dataset(dataset)
            if workspace is not None:
                remember_mapping(workspace, layout, chosen, dataset.source)
        return run

    name = before.source.name if before.source is not None else "the workbook"
    session.execute(Command(f"set the columns of {quoted(name)}", install(reading, dict(mapping)),
                            install(before, hand_mapping(before.report))))
