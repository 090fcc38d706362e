"""Slow work off the UI thread, with a progress dialog that appears only when it is slow.

A `BackgroundTask` runs a core function `work(progress, cancelled)` in a QThread. The
core reports progress through the callback and checks `cancelled()` between steps; the
dialog's Cancel button sets that flag. Results and errors come back as signals on the
UI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..core.progress import CancelCheck, Cancelled, ProgressCallback

# The dialog shows only for work that takes longer than this; quick loads stay silent.
SHOW_PROGRESS_AFTER_MS = 400
PROGRESS_STEPS = 1000

Work = Callable[[ProgressCallback, CancelCheck], Any]


class _Runner(QObject):
    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Work, cancel: threading.Event):
        super().__init__()
        self._work = work
        self._cancel = cancel

    @Slot()
    def run(self) -> None:
        try:
            result = self._work(lambda fraction, message: self.progressed.emit(fraction, message),
                                self._cancel.is_set)
        except BaseException as error:  # handed to the UI thread, which decides what to say
            self.failed.emit(error)
        else:
            self.succeeded.emit(result)


class BackgroundTask(QObject):
    """One run of slow work; emits `finished(result)`, `failed(error)` or `cancelled()` once."""

    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    progressed = Signal(float, str)

    def __init__(self, work: Work, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread = QThread()
        self._runner = _Runner(work, self._cancel)
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        self._runner.progressed.connect(self._on_progress)
        self._runner.succeeded.connect(self._on_success)
        self._runner.failed.connect(self._on_failure)
        self._dialog = QProgressDialog(title, "Cancel", 0, PROGRESS_STEPS, parent)
        self._dialog.setWindowTitle(title)
        self._dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self._dialog.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
        self._dialog.setAutoClose(False)
        self._dialog.setAutoReset(False)
        self._dialog.canceled.connect(self.cancel)
        self._dialog.reset()  # stays hidden until the first progress report is late enough
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.timeout.connect(self._dialog.show)

    @property
    def is_running(self) -> bool:
        return self._thread.isRunning()

    def start(self) -> None:
        self._show_timer.start(SHOW_PROGRESS_AFTER_MS)
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()
        self._dialog.setLabelText("Cancelling…")

    def wait(self, milliseconds: int = 30000) -> bool:
        """Block until the thread ends (tests and shutdown)."""
        return self._thread.wait(milliseconds)

    def _on_progress(self, fraction: float, message: str) -> None:
        if not self._cancel.is_set():
            self._dialog.setLabelText(message)
            self._dialog.setValue(int(fraction * PROGRESS_STEPS))
        self.progressed.emit(fraction, message)

    def _finish(self) -> None:
        self._show_timer.stop()
        self._dialog.hide()
        self._dialog.deleteLater()
        self._thread.quit()
        self._thread.wait()

    def _on_success(self, result: object) -> None:
        self._finish()
        if self._cancel.is_set():
            self.cancelled.emit()
        else:
            self.finished.emit(result)

    def _on_failure(self, error: BaseException) -> None:
        self._finish()
        if self._cancel.is_set() or isinstance(error, Cancelled):
            self.cancelled.emit()
        else:
            self.failed.emit(error)
