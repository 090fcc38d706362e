"""One export at a time, written off the UI thread, ending in a status line or a plain message.

The view's export and the comparison's export differ in what they ask and write, not in
how they run: both go through `FileWriter.start`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ..core.session import Session
from .messages import show_message
from .workers import BackgroundTask


class FileWriter(QObject):
    exported = Signal(object)  # Path written
    failed = Signal(str)  # the plain message shown
    status_message = Signal(str)

    def __init__(self, session: Session, parent: QWidget):
        super().__init__(parent)
        self.session = session
        self._task: BackgroundTask | None = None

    def start(self, target: Path, write: Callable[..., Path], written: Callable[[Path], str], cancelled: str) -> None:
        """Run `write(progress, cancelled)` in the background; say `written(path)` once it is done."""
        self._task = BackgroundTask(write, f"Exporting to {target.name}", self.parent())
        self._task.finished.connect(lambda path: self._done(path, written(path)))
        self._task.failed.connect(lambda error: self.refuse(target, error))
        self._task.cancelled.connect(lambda: self.status_message.emit(cancelled))
        self._task.start()

    def wait(self) -> None:
        if self._task is not None:
            self._task.stop()

    def _done(self, path: Path, message: str) -> None:
        self.status_message.emit(message)
        self.exported.emit(path)

    def refuse(self, target: Path, error: BaseException) -> None:
        """Say, in one message, why `target` was not written."""
        from ..core.export import ExportError

        message = str(error) if isinstance(error, ExportError) else \
            f"{target.name} could not be written because of an unexpected problem ({type(error).__name__}: {error})."
        self.failed.emit(message)
        show_message(self.parent(), "Could not export", message)
