"""Export the view: ask what and where, then write it off the UI thread.

The rows, order, colours and columns come from the session and the table exactly as
on screen (`Session.export_request`); this module only asks the analyst.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QRadioButton, QVBoxLayout, QWidget

from .export_task import FileWriter
from .file_dialogs import save_path

EXPORT_FILTERS = {".xlsx": "Excel workbook (*.xlsx)", ".csv": "CSV, UTF-8 (*.csv)"}


class ExportOptionsDialog(QDialog):
    """What goes into an export beside the rows and columns on screen."""

    def __init__(self, rows: int, leaves_out_score: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export the view")
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        text = (f"Exports the {rows:,} people shown, in the order shown, with the visible columns "
                "and each row's highlight colour. An “About this export” sheet records the source "
                "file, filters and rules.")
        if leaves_out_score:
            text += " The fuzzy search's Score column is not exported; the About sheet records the search."
        intro = QLabel(text, self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.excel_button = QRadioButton("Excel workbook (.xlsx)", self)
        self.csv_button = QRadioButton("CSV, UTF-8 (.csv) — no colours", self)
        self.excel_button.setChecked(True)
        layout.addWidget(self.excel_button)
        layout.addWidget(self.csv_button)
        layout.addWidget(QLabel("Also add these columns:", self))
        self.rules_box = QCheckBox("Highlight rules each person matches", self)
        self.notes_box = QCheckBox("Your notes", self)
        self.flag_box = QCheckBox("Your flag", self)
        for box in (self.rules_box, self.notes_box, self.flag_box):
            layout.addWidget(box)
        self.rules_box.setChecked(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choose file…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @property
    def csv(self) -> bool:
        return self.csv_button.isChecked()


class Exporter(FileWriter):
    """The view's export, from the options to the written file or a plain message."""

    def run(self, columns: list[str]) -> None:
        from ..core.export import export_view  # openpyxl loads on the first export, not at start

        session, parent = self.session, self.parent()
        if session.view is None:
            return
        frame_columns = [c for c in columns if session.dataset.has_column(c)]
        options = ExportOptionsDialog(len(session.view), len(frame_columns) < len(columns), parent)
        if options.exec() != QDialog.DialogCode.Accepted:
            return
        source = session.dataset.source
        suffix = ".csv" if options.csv else ".xlsx"
        target = save_path(parent, "export", "Export the view",
                           f"{source.stem if source else 'sanctions'} - view{suffix}", EXPORT_FILTERS[suffix])
        if target is None:
            return
        if target.suffix.lower() not in EXPORT_FILTERS:
            target = target.with_suffix(suffix)
        request = session.export_request(frame_columns, matched_rules_column=options.rules_box.isChecked(),
                                         notes_column=options.notes_box.isChecked(),
                                         flag_column=options.flag_box.isChecked())
        file_format = "csv" if options.csv else "xlsx"
        self.start(target, lambda progress, cancelled: export_view(request, target, file_format, progress, cancelled),
                   lambda path: f"Exported {len(request.view):,} people to {path}",
                   "Export cancelled; nothing was written.")
