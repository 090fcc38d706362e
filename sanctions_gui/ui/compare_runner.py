"""Reading list files and comparing them, off the UI thread, one task at a time.

The comparison view asks for a list to be read, an older one too, or the comparison to
be made again (another scope, a decision, an edit of the working copy); the runner keeps
the lists read and runs each step as a `BackgroundTask`, so the window stays responsive,
a slow step shows its progress box with Cancel, and the box is gone before any message.
A request made while a step runs waits for it; several such requests make one comparison.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ..core.lists.compare import compare_lists
from ..core.lists.comparison import Comparison
from ..core.lists.model import ListFile, ListFileError, settle_date
from ..core.lists.reading import read_list
from ..core.lists.scope import VENEZUELA
from ..core.lists.updates import compare_working_copy, decisions_for, working_frame
from ..core.progress import Cancelled
from ..core.session import Session
from .messages import show_message
from .workers import BackgroundTask

NEWER, OLDER = "newer", "older"


def _read(path: Path, progress, cancelled) -> ListFile:
    progress(0.05, f"Reading {path.name}")
    list_file = read_list(path, require_date=False)
    if cancelled():
        raise Cancelled
    return list_file


class ComparisonRunner(QObject):
    """The lists read, and the latest comparison of them (with the working copy, or each other)."""

    list_read = Signal(str)  # NEWER or OLDER: that list was read (or, for OLDER, let go)
    compared = Signal(object)  # Comparison
    date_needed = Signal()  # the list does not say when it was published: the view asks
    failed = Signal(str)  # the plain message shown
    cancelled = Signal(str)  # what was cancelled, in words
    busy_changed = Signal(bool)

    def __init__(self, session: Session, parent: QWidget):
        super().__init__(parent)
        self.session = session
        self.lists: dict[str, ListFile | None] = {NEWER: None, OLDER: None}
        self.scope = VENEZUELA
        self.comparison: Comparison | None = None
        self._task: BackgroundTask | None = None
        self._compare_waiting = False
        self._read_waiting: tuple[Path, str] | None = None

    @property
    def busy(self) -> bool:
        return self._task is not None

    @property
    def two_lists(self) -> bool:
        return self.lists[OLDER] is not None

    # --- requests --------------------------------------------------------------------------------

    def read(self, path: Path, which: str = NEWER) -> None:
        """Read a list file; once read, the comparison is made again. A step still running is
        cancelled first (not waited for here: its thread ends once the UI thread hears of it)."""
        if self._task is not None:
            self._task.cancel()
            self._read_waiting = (path, which)
            return
        self._run(lambda progress, cancelled: _read(path, progress, cancelled), f"Reading {path.name}",
                  lambda list_file: self._was_read(which, list_file),
                  lambda error: self._read_failed(path, error))

    def forget_older(self) -> None:
        if self.lists[OLDER] is not None:
            self.lists[OLDER] = None
            self.list_read.emit(OLDER)
            self.compare()

    def give_date(self, day: dt.date) -> None:
        """The list's date, as the analyst gives it for a file that does not state it."""
        if self.lists[NEWER] is not None:
            settle_date(self.lists[NEWER], day)
            self.list_read.emit(NEWER)
            self.compare()

    def set_scope(self, scope: str) -> None:
        if scope != self.scope:
            self.scope = scope
            self.compare()

    def compare(self) -> None:
        """Compare again (after the current step, if one runs)."""
        if self._task is not None:
            self._compare_waiting = True
            return
        newer, older, session = self.lists[NEWER], self.lists[OLDER], self.session
        if newer is None:
            return
        scope = self.scope
        if older is not None:
            work = lambda progress, cancelled: compare_lists(older, newer, scope)  # noqa: E731
        elif session.dataset is None:
            self._say_failed("Open a workbook first: the list is compared with the open workbook's people.")
            return
        elif newer.list_date is None:
            self.date_needed.emit()
            return
        else:
            frame, source = working_frame(session), session.dataset.source
            working = session.working_copy
            changes = len(working.entries()) if working is not None else 0
            decisions = decisions_for(session)
            work = lambda progress, cancelled: compare_working_copy(  # noqa: E731
                newer, frame, source, scope, decisions, changes)
        self._run(lambda progress, cancelled: (progress(0.1, "Comparing"), work(progress, cancelled))[1],
                  f"Comparing {newer.path.name}", self._was_compared, self._compare_failed)

    def stop(self) -> None:
        if self._task is not None:
            self._task.stop()

    # --- the steps ---------------------------------------------------------------------------------

    def _run(self, work, title: str, done, failed) -> None:
        task = BackgroundTask(work, title, self.parent())
        task.finished.connect(lambda result: (self._end(task), done(result), self._next()))
        task.failed.connect(lambda error: (self._end(task), failed(error), self._next()))
        task.cancelled.connect(lambda: (self._end(task), self.cancelled.emit(f"{title} was cancelled."), self._next()))
        self._task = task
        self.busy_changed.emit(True)
        task.start()

    def _end(self, task: BackgroundTask) -> None:
        if self._task is task:
            self._task = None
            self.busy_changed.emit(False)

    def _next(self) -> None:
        if self._read_waiting is not None and self._task is None:
            path, which = self._read_waiting
            self._read_waiting = None
            self.read(path, which)
        elif self._compare_waiting and self._task is None:
            self._compare_waiting = False
            self.compare()

    def _was_read(self, which: str, list_file: ListFile) -> None:
        self.lists[which] = list_file
        self.list_read.emit(which)
        self._compare_waiting = False
        self.compare()

    def _was_compared(self, comparison: Comparison) -> None:
        self.comparison = comparison
        self.compared.emit(comparison)

    def _read_failed(self, path: Path, error: BaseException) -> None:
        message = str(error) if isinstance(error, ListFileError) else (
            f"{path.name} could not be read because of an unexpected problem ({type(error).__name__}: {error}).")
        self._say_failed(message, "Could not read the list")

    def _compare_failed(self, error: BaseException) -> None:
        self._say_failed(f"The comparison could not be made because of an unexpected problem "
                         f"({type(error).__name__}: {error}).")

    def _say_failed(self, message: str, title: str = "Could not compare") -> None:
        self.failed.emit(message)
        informative = "The comparison shown is unchanged." if self.comparison is not None else ""
        show_message(self.parent(), title, message, informative=informative)
