"""Opening a workbook as the window shows it: read, then the per-column work its view needs.

Shared by the window's loader (on its loading thread) and by the early read at launch
(core/early_read.py, in a second process), so both give the same dataset.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .columns import default_columns
from .progress import CancelCheck, ProgressCallback, stepper
from .view import Dataset

if TYPE_CHECKING:
    from .column_assignment import Mapping
    from .mapping_memory import RememberedMappings


def prepare_dataset(path: Path, progress: ProgressCallback, cancelled: CancelCheck,
                    remembered: RememberedMappings | None = None, mapping: Mapping | None = None) -> Dataset:
    """Read the file (with `mapping`, else with the columns `remembered` for it) and do the slow
    per-column work now, not on the first paint or keystroke."""
    # The reading stack is imported here, not with this module: a window whose first workbook
    # came from the early read shows it without having loaded it.
    from .mapping_memory import read_remembering
    from .reading import LoadCancelled, read_workbook

    if mapping is not None:
        result = read_workbook(path, progress, cancelled, mapping)
    else:
        result = read_remembering(path, progress, cancelled, remembered)
    dataset = Dataset(result.frame, path, result.report)
    progress(0.97, "Preparing the table")
    for column in dataset.columns:  # display text for every column, made here, not on paint
        dataset.text(column)
    dataset.search_index  # noqa: B018 - built now so the first keystroke is quick
    # The columns shown, ranked now so that their first sort is quick (cancelling stops here too).
    dataset.rank_text_columns(default_columns(dataset.frame), stepper(progress, cancelled, LoadCancelled))
    return dataset
