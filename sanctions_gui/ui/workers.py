"""Slow work off the UI thread, with a progress box that appears only when it is slow.

A `BackgroundTask` runs a core function `work(progress, cancelled)` in a QThread. The
core reports progress through the callback and checks `cancelled()` between steps; the
box's Cancel button sets that flag. Results and errors come back as signals on the UI
thread, and the progress box is gone before they are emitted: a message about the
result is never hidden behind it.

The box is a plain window-modal dialog, not a QProgressDialog: that one shows itself
from a timer of its own (even after being hidden) and runs a nested event loop on
every update, which is how a progress box once came back on top of the error message
it had made way for. This one shows only from our timer, never while a message box is
open, and never after its task ended.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QApplication, QDialog, QDialogButtonBox, QLabel, QMessageBox, QProgressBar, QVBoxLayout, QWidget,
)

from ..core.progress import CancelCheck, Cancelled, ProgressCallback

# The box shows only for work that takes longer than this; quick loads stay silent.
SHOW_PROGRESS_AFTER_MS = 400
PROGRESS_STEPS = 1000

Work = Callable[[ProgressCallback, CancelCheck], Any]


class ProgressBox(QDialog):
    """What slow work is doing, with Cancel."""

    cancel_requested = Signal()

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("progressBox")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(380)
        layout = QVBoxLayout(self)
        self.label = QLabel(title, self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, PROGRESS_STEPS)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.rejected.connect(self.cancel_requested)
        self.come_back_later: Callable[[], None] = lambda: None  # set by the task that owns the box
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(buttons)

    def reject(self) -> None:  # Escape or the window's close button: ask to cancel, stay until the work stops
        self.cancel_requested.emit()


def message_box_open() -> bool:
    """Whether a message box is waiting for the analyst (no progress box may cover it)."""
    return any(isinstance(widget, QMessageBox) and widget.isVisible() for widget in QApplication.topLevelWidgets())


class _Runner(QObject):
    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Work, cancel: threading.Event):
        super().__init__()
        self._work = work
        self._cancel = cancel
        self.ended = threading.Event()  # the work has returned or raised (its thread still runs its loop)

    @Slot()
    def run(self) -> None:
        try:
            result = self._work(lambda fraction, message: self.progressed.emit(fraction, message),
                                self._cancel.is_set)
        except BaseException as error:  # handed to the UI thread, which decides what to say
            self.failed.emit(error)
        else:
            self.succeeded.emit(result)
        finally:
            self.ended.set()


class BackgroundTask(QObject):
    """One run of slow work; emits `finished(result)`, `failed(error)` or `cancelled()` once,
    each after its progress box has closed."""

    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    progressed = Signal(float, str)

    def __init__(self, work: Work, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._cancel = threading.Event()
        self._done = False
        self._thread = QThread()
        self._runner = _Runner(work, self._cancel)
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        self._runner.progressed.connect(self._on_progress)
        self._runner.succeeded.connect(self._on_success)
        self._runner.failed.connect(self._on_failure)
        self.box = ProgressBox(title, parent)
        self.box.cancel_requested.connect(self.cancel)
        self.box.come_back_later = self._show_later
        self._show_timer = QTimer(self, singleShot=True, interval=SHOW_PROGRESS_AFTER_MS)
        self._show_timer.timeout.connect(self._show_box)

    @property
    def is_running(self) -> bool:
        return self._thread.isRunning()

    def start(self) -> None:
        self._show_timer.start()
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()
        self.box.label.setText("Cancelling…")

    def stop(self) -> None:
        """Cancel the work if it still runs, and wait for it to end (a new load, closing)."""
        if self.is_running:
            self.cancel()
            self.wait()

    def wait(self, milliseconds: int = 30000) -> bool:
        """Block until the work has ended, then end its thread (tests and shutdown). The thread's
        loop is not waited for as such: it quits only when told to, which `_finish` does on the
        UI thread, the one blocked here. How the work ended is still told, once, when the UI
        thread runs its events again."""
        if not self._runner.ended.wait(milliseconds / 1000):
            return False
        self._thread.quit()
        return self._thread.wait(milliseconds)

    def _show_later(self) -> None:
        """The box made way for a message: show it again once the message is read."""
        if not self._done:
            self._show_timer.start()

    def _show_box(self) -> None:
        if self._done:
            return
        if message_box_open():  # the analyst is reading a message: do not cover it
            self._show_timer.start()
            return
        self.box.show()

    def _on_progress(self, fraction: float, message: str) -> None:
        if self._done:
            return
        if not self._cancel.is_set():
            self.box.label.setText(message)
            self.box.bar.setValue(int(fraction * PROGRESS_STEPS))
        self.progressed.emit(fraction, message)

    def _finish(self) -> None:
        """Close the box for good before anyone hears how the work ended."""
        self._done = True
        self._show_timer.stop()
        self.box.hide()
        self.box.deleteLater()
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
