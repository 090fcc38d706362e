"""File › Import report: what reading the open workbook did, and a way into the Columns dialog."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from ..core.import_report import ImportReport


class ImportReportDialog(QDialog):
    """The report as text; "Columns…" asks for the Columns dialog (and closes the report)."""

    columns_requested = Signal()

    def __init__(self, report: ImportReport, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Import report")
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit(report.to_text(), self)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.columns_button = QPushButton("Columns…", self)
        self.columns_button.setToolTip("Choose what each column is read as: assign a field, or keep a column as "
                                       "an extra one")
        buttons.addButton(self.columns_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.columns_button.clicked.connect(self._columns)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(820, 520)

    def _columns(self) -> None:
        self.accept()
        self.columns_requested.emit()
