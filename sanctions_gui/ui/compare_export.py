"""Export a comparison to Excel: a sheet per category and the About sheet, written off the UI thread.

`export_comparison` (core/lists/export.py) writes atomically and never over a list file or
the database compared; the open workbook is refused here too when two lists were
compared, as the view's export refuses it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ..core.lists.comparison import Comparison
from ..core.session import Session
from .file_dialogs import save_path
from .messages import show_message
from .workers import BackgroundTask

EXPORT_FILTER = "Excel workbook (*.xlsx)"


class ComparisonExporter(QObject):
    exported = Signal(object)  # Path written
    failed = Signal(str)  # the plain message shown
    status_message = Signal(str)

    def __init__(self, session: Session, parent: QWidget):
        super().__init__(parent)
        self.session = session
        self._task: BackgroundTask | None = None

    def run(self, comparison: Comparison | None) -> None:
        if comparison is None:
            return
        name = f"{comparison.list_file.path.stem} - comparison.xlsx"
        target = save_path(self.parent(), "comparison export", "Export the comparison", name, EXPORT_FILTER)
        if target is not None:
            self.export_to(target, comparison)

    def export_to(self, target: Path, comparison: Comparison) -> None:
        from ..core.export import ExportError, check_target
        from ..core.lists.export import export_comparison  # openpyxl loads only to write one

        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        source = self.session.dataset.source if self.session.dataset is not None else None
        try:
            check_target(target, source)
        except ExportError as error:
            self._failed(target, error)
            return
        self._task = BackgroundTask(lambda progress, cancelled: export_comparison(comparison, target),
                                    f"Exporting to {target.name}", self.parent())
        self._task.finished.connect(self._done)
        self._task.failed.connect(lambda error: self._failed(target, error))
        self._task.cancelled.connect(lambda: self.status_message.emit("Export cancelled."))
        self._task.start()

    def wait(self) -> None:
        if self._task is not None:
            self._task.stop()

    def _done(self, path: Path) -> None:
        self.status_message.emit(f"Exported the comparison to {path}")
        self.exported.emit(path)

    def _failed(self, target: Path, error: BaseException) -> None:
        from ..core.export import ExportError

        message = str(error) if isinstance(error, ExportError) else \
            f"{target.name} could not be written because of an unexpected problem ({type(error).__name__}: {error})."
        self.failed.emit(message)
        show_message(self.parent(), "Could not export", message)
