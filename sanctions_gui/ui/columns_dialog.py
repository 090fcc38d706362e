"""The Columns dialog: each source header, the field it became and how sure, and a picker to change it.

Built from the import report's column descriptions (`ImportReport.sheets`); the dialog
holds no reading logic: the choices, their wording and what is wrong with the picks come
from core/column_choices.py. When the analyst applies, it emits `mapping_chosen(dict)`,
the {header: field or None} that `read_workbook(mapping=...)` takes; `chosen_mapping()`
gives the same at any time. Applying it (re-reading, remembering it for the workbook,
undo) is the caller's.

    dialog = ColumnsDialog(result.report.sheets, parent=window)
    dialog.mapping_chosen.connect(reread_with)
    dialog.open()
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QLabel, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from ..core.column_choices import (
    chosen_mapping, column_choices, field_options, missing_from_picks, pick_conflicts,
)
from ..core.import_report import SheetReport

COLUMNS = ("Source header", "Sheet and column", "Became", "How sure", "Read as", "Sample values")
PICKER_COLUMN = COLUMNS.index("Read as")
TEXT_COLUMNS = tuple(index for index in range(len(COLUMNS)) if index != PICKER_COLUMN)
WIDEST_TEXT_COLUMN = 230  # pixels; the whole text is in the cell's tooltip


class ColumnsDialog(QDialog):
    """Pick the field of each source header; Apply emits the mapping."""

    mapping_chosen = Signal(dict)

    def __init__(self, sheets: Sequence[SheetReport], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Columns")
        self.choices = column_choices(sheets)
        self.options = field_options()
        self.table = QTableWidget(len(self.choices), len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.pickers: list[QComboBox] = []
        for row, choice in enumerate(self.choices):
            places = ", ".join(f"{sheet} {letter}" for sheet, letter in zip(choice.sheets, choice.letters))
            for column, text in zip(TEXT_COLUMNS, (choice.header, places, choice.became, choice.confidence,
                                                   "; ".join(choice.samples))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
            picker = QComboBox(self.table)
            for value, label in self.options:
                picker.addItem(label, value)
            picker.setAccessibleName(f"Read '{choice.header}' as")
            picker.currentIndexChanged.connect(self._picks_changed)
            self.table.setCellWidget(row, PICKER_COLUMN, picker)
            self.pickers.append(picker)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in TEXT_COLUMNS:
            header.resizeSection(column, min(header.sectionSize(column), WIDEST_TEXT_COLUMN))
        header.setStretchLastSection(True)

        self.problems = QLabel(self)
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.reset_button = QPushButton("Back to what was read", self)
        self.buttons.addButton(self.reset_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.clicked.connect(self._apply)
        self.buttons.rejected.connect(self.reject)
        self.reset_button.clicked.connect(self.reset)

        intro = QLabel("Each column of the workbook and the field it was read as. Change “Read as” to "
                       "read a column as another field, or keep it as an extra column.", self)
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self.reset()
        self.resize(1260, min(170 + 32 * len(self.choices), 720))

    def picks(self) -> list[str | None]:
        return [picker.currentData() for picker in self.pickers]

    def set_pick(self, header: str, column: str | None) -> None:
        """Set the picker of `header` (as the analyst would), e.g. from a proposal."""
        row = next(i for i, choice in enumerate(self.choices) if choice.header == header)
        self.pickers[row].setCurrentIndex(self.pickers[row].findData(column))

    def chosen_mapping(self) -> dict[str, str | None]:
        """The mapping the current picks make: headers set by hand before, or changed now."""
        return chosen_mapping(self.choices, self.picks())

    def reset(self) -> None:
        """Every picker back to the field the reader gave."""
        for picker, choice in zip(self.pickers, self.choices):
            picker.blockSignals(True)
            picker.setCurrentIndex(picker.findData(choice.column))
            picker.blockSignals(False)
        self._picks_changed()

    def _picks_changed(self) -> None:
        conflicts = pick_conflicts(self.choices, self.picks())
        missing = missing_from_picks(self.picks())
        self.problems.setText("\n".join([*conflicts, missing]).strip())
        self.problems.setVisible(bool(conflicts or missing))
        self.apply_button.setEnabled(not conflicts)
        self.apply_button.setToolTip("Choose one column per field first" if conflicts else "")

    def _apply(self) -> None:
        self.mapping_chosen.emit(self.chosen_mapping())
        self.accept()
