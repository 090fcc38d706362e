"""The Columns dialog in the window: choose what each column of the open workbook is read as.

Opened from File › Columns…, from the import report and from the bar offered when a key
field is missing. The chosen mapping is applied at once: the workbook is read again with
it off the UI thread (with progress), then the session takes that reading in one
undoable step, the mapping remembered for the workbook (core/remapping.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ..core.remapping import apply_mapping, mapping_changed
from ..core.session import Session
from ..core.view import Dataset
from .loading import Loader

if TYPE_CHECKING:
    from ..core.column_assignment import Mapping
    from .columns_dialog import ColumnsDialog


class ColumnMapper(QObject):
    """Opens the Columns dialog for the open workbook and applies what the analyst chooses."""

    status_message = Signal(str)
    applied = Signal()  # the session shows the workbook read with the chosen columns

    def __init__(self, session: Session, loader: Loader, parent: QWidget):
        super().__init__(parent)
        self.session = session
        self.loader = loader
        self.dialog: ColumnsDialog | None = None
        loader.reread.connect(self._reread)

    def choose(self) -> None:
        """Open the Columns dialog on the open workbook (without blocking the window)."""
        dataset = self.session.dataset
        if dataset is None or dataset.report is None or dataset.source is None:
            self.status_message.emit("Columns can be chosen only for a workbook opened from a file.")
            return
        from .columns_dialog import ColumnsDialog  # loaded when first opened, not before the table shows

        self.dialog = ColumnsDialog(dataset.report.sheets, self.parent())
        self.dialog.setWindowTitle(f"Columns of {dataset.source.name}")
        self.dialog.mapping_chosen.connect(lambda mapping: self._chosen(dataset, mapping))
        self.dialog.open()

    def _chosen(self, dataset: Dataset, mapping: Mapping) -> None:
        if dataset is not self.session.dataset:
            self.status_message.emit("Another workbook was opened meanwhile: the columns chosen were not applied.")
            return
        if not mapping_changed(dataset, mapping):
            self.status_message.emit("The columns are read as they were: nothing changed.")
            return
        self.loader.has_data = True
        self.loader.read_with(dataset.source, mapping)

    def _reread(self, reading: Dataset, mapping: Mapping) -> None:
        current = self.session.dataset
        if current is None or current.source != reading.source:
            return  # another workbook was opened while this one was read again
        apply_mapping(self.session, reading, mapping)
        self.status_message.emit(f"Read {reading.source.name} again with the columns you chose: {len(reading):,} "
                                 "people. Remembered for this workbook; Edit › Undo takes it back.")
        self.applied.emit()
