"""Opening a workbook off the UI thread: the current data stays until the new one is ready.

A workbook is read with the columns chosen for it before (core/mapping_memory.py), or,
when the analyst has just chosen them in the Columns dialog, with those (`reread`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ..core.column_assignment import Mapping
from ..core.columns import default_columns
from ..core.mapping_memory import RememberedMappings, read_remembering, remembered_mappings
from ..core.progress import stepper
from ..core.reading import LoadCancelled, WorkbookError, read_workbook
from ..core.view import Dataset
from ..core.workspace import Workspace
from .messages import show_message
from .workers import BackgroundTask


def prepare(path: Path, progress, cancelled, remembered: RememberedMappings | None = None,
            mapping: Mapping | None = None) -> Dataset:
    """Read the file (with `mapping`, else with the columns remembered for it) and do the slow
    per-column work now, not on the first paint or keystroke."""
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


class Loader(QObject):
    """One load at a time; a new one cancels the one still running."""

    loaded = Signal(object)  # Dataset
    reread = Signal(object, dict)  # Dataset read again with the mapping (dict) the analyst chose
    failed = Signal(str)  # the plain message shown
    status_message = Signal(str)

    def __init__(self, parent: QWidget, workspace: Workspace | None = None):
        super().__init__(parent)
        self._task: BackgroundTask | None = None
        self.workspace = workspace  # where chosen columns are remembered
        self.has_data = False  # whether data is already open (the message says it stays)

    def open(self, path: str | Path, wait: bool = False) -> None:
        path = Path(path)
        remembered = remembered_mappings(self.workspace) if self.workspace is not None else None
        self._start(lambda progress, cancelled: prepare(path, progress, cancelled, remembered),
                    f"Opening {path.name}", path, self.loaded.emit, wait, "Could not open the file")

    def read_with(self, path: str | Path, mapping: Mapping, wait: bool = False) -> None:
        """Read the open workbook again with the columns the analyst chose; `reread` brings it."""
        path, mapping = Path(path), dict(mapping)
        self._start(lambda progress, cancelled: prepare(path, progress, cancelled, mapping=mapping),
                    f"Reading {path.name} with the columns you chose", path,
                    lambda dataset: self.reread.emit(dataset, mapping), wait, "Could not apply the columns")

    def _start(self, work, title: str, path: Path, done, wait: bool, failure_title: str) -> None:
        self.stop()
        self._task = BackgroundTask(work, title, self.parent())
        self._task.finished.connect(done)
        self._task.failed.connect(lambda error: self._failed(path, error, failure_title))
        self._task.cancelled.connect(lambda: self.status_message.emit(f"{title} was cancelled."))
        self._task.start()
        if wait:
            self._task.wait()

    def stop(self) -> None:
        if self._task is not None:
            self._task.stop()

    def _failed(self, path: Path, error: BaseException, title: str) -> None:
        if isinstance(error, WorkbookError):
            message = str(error)
        else:
            message = (f"{path.name} could not be opened because of an unexpected problem "
                       f"({type(error).__name__}: {error}).")
        report = getattr(error, "report", None)
        self.failed.emit(message)
        show_message(self.parent(), title, message,
                     informative="The data already open is unchanged." if self.has_data else "",
                     details=report.to_text() if report is not None else "")
