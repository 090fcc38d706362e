"""Opening a workbook off the UI thread: the current data stays until the new one is ready."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ..core.columns import default_columns
from ..core.progress import stepper
from ..core.reading import LoadCancelled, WorkbookError, read_workbook
from ..core.view import Dataset
from .messages import show_message
from .workers import BackgroundTask


def prepare(path: Path, progress, cancelled) -> Dataset:
    """Read the file and do the slow per-column work now, not on the first paint or keystroke."""
    result = read_workbook(path, progress, cancelled)
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
    failed = Signal(str)  # the plain message shown
    status_message = Signal(str)

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self._task: BackgroundTask | None = None
        self.has_data = False  # whether data is already open (the message says it stays)

    def open(self, path: str | Path, wait: bool = False) -> None:
        path = Path(path)
        self.stop()
        self._task = BackgroundTask(lambda progress, cancelled: prepare(path, progress, cancelled),
                                    f"Opening {path.name}", self.parent())
        self._task.finished.connect(self.loaded)
        self._task.failed.connect(lambda error: self._failed(path, error))
        self._task.cancelled.connect(lambda: self.status_message.emit(f"Opening {path.name} was cancelled."))
        self._task.start()
        if wait:
            self._task.wait()

    def stop(self) -> None:
        if self._task is not None:
            self._task.stop()

    def _failed(self, path: Path, error: BaseException) -> None:
        if isinstance(error, WorkbookError):
            message = str(error)
        else:
            message = (f"{path.name} could not be opened because of an unexpected problem "
                       f"({type(error).__name__}: {error}).")
        report = getattr(error, "report", None)
        self.failed.emit(message)
        show_message(self.parent(), "Could not open the file", message,
                     informative="The data already open is unchanged." if self.has_data else "",
                     details=report.to_text() if report is not None else "")
