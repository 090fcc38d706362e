"""Opening a workbook off the UI thread: the current data stays until the new one is ready.

A workbook is read with the columns chosen for it before (core/mapping_memory.py), or,
when the analyst has just chosen them in the Columns dialog, with those (`reread`). The
first workbook may come already read, from the child forked at launch (core/early_read.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ..core.early_read import EarlyRead
from ..core.import_report import WorkbookError
from ..core.mapping_memory import remembered_mappings
from ..core.opening import prepare_dataset
from ..core.workspace import Workspace
from .messages import show_message
from .workers import BackgroundTask

if TYPE_CHECKING:
    from ..core.column_assignment import Mapping


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
        self.early_read: EarlyRead | None = None  # the first workbook, read at launch (start-up)

    def open(self, path: str | Path, wait: bool = False) -> None:
        path = Path(path)
        remembered = remembered_mappings(self.workspace) if self.workspace is not None else None
        early, self.early_read = self.early_read, None

        def work(progress, cancelled):
            if early is not None:
                dataset = early.take(path, remembered, cancelled)
                if dataset is not None:
                    return dataset
            return prepare_dataset(path, progress, cancelled, remembered)

        self._start(work, f"Opening {path.name}", path, self.loaded.emit, wait, "Could not open the file")

    def read_with(self, path: str | Path, mapping: Mapping, wait: bool = False) -> None:
        """Read the open workbook again with the columns the analyst chose; `reread` brings it."""
        path, mapping = Path(path), dict(mapping)
        self._start(lambda progress, cancelled: prepare_dataset(path, progress, cancelled, mapping=mapping),
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
