"""What is compared: the list file, the open workbook or an older list, the list's date and the scope.

The files are picked through file_dialogs (the folder is remembered for lists on its
own); the date is shown as the file states it (or its name gives it), and asked for with
a date field only when neither does; the scope is shown in words and can be changed.
This part only shows the runner's lists and says what the analyst chose.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget,
)

from ..core.lists.model import ListFile
from ..core.lists.scope import ALL, VENEZUELA, describe_scope
from .date_field import DateField
from .file_dialogs import open_path

LIST_PURPOSE = "sanctions list"
LIST_FILTER = "Sanctions lists (*.csv *.xml *.XML *.json *.jsonl *.ftm);;All files (*)"
SCOPE_CHOICES = ((VENEZUELA, "Venezuela programs (default)"), (ALL, "All individuals on the list"))


def describe_list(list_file: ListFile | None) -> str:
    if list_file is None:
        return "(none chosen)"
    date = list_file.list_date.isoformat() if list_file.list_date else "date not known"
    return f"{list_file.path.name} — {list_file.file_format}, {len(list_file.entries):,} individuals, {date}"


def describe_date(list_file: ListFile) -> str:
    if list_file.list_date is None:
        return "not known"
    return f"{list_file.list_date.isoformat()} ({list_file.date_source})"


def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch()
    return row


class CompareSetup(QWidget):
    """The form above the comparison."""

    list_chosen = Signal(object)  # Path of the (newer) list
    older_chosen = Signal(object)  # Path of an older list to compare it with
    workbook_chosen = Signal()  # compare with the open workbook again, not an older list
    date_given = Signal(object)  # dt.date
    scope_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        outer.addLayout(form)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.list_label = QLabel("(none chosen)", self)
        self.list_label.setObjectName("compareListFile")
        self.list_button = QPushButton("Choose list &file…", self)
        self.list_button.clicked.connect(lambda: self._choose(self.list_chosen, "Choose the official list file"))
        form.addRow("List:", _row(self.list_label, self.list_button))

        self.against_label = QLabel(self)
        self.against_label.setObjectName("compareAgainst")
        self.older_button = QPushButton("Compare with an &older list…", self)
        self.older_button.setToolTip("What changed between two downloads of the list")
        self.older_button.clicked.connect(lambda: self._choose(self.older_chosen, "Choose the older list file"))
        self.workbook_button = QPushButton("Compare with the &workbook", self)
        self.workbook_button.clicked.connect(self.workbook_chosen)
        form.addRow("Against:", _row(self.against_label, self.older_button, self.workbook_button))

        self.date_label = QLabel(self)
        self.date_label.setObjectName("compareListDate")
        self.date_field = DateField(dt.date.today(), self)
        self.date_field.line.clear()
        self.date_button = QPushButton("Use this &date", self)
        self.date_button.clicked.connect(self._give_date)
        self.date_field.changed.connect(lambda: self.date_button.setEnabled(self.date_field.date() is not None))
        date_row = _row(self.date_label, self.date_field, self.date_button)
        form.addRow("List date:", date_row)

        self.scope_combo = QComboBox(self)
        self.scope_combo.setObjectName("compareScope")
        for scope, text in SCOPE_CHOICES:
            self.scope_combo.addItem(text, scope)
        self.scope_combo.currentIndexChanged.connect(self._scope_picked)
        self.scope_label = QLabel(describe_scope(VENEZUELA), self)
        self.scope_label.setObjectName("compareScopeText")
        self.scope_label.setWordWrap(True)
        form.addRow("Scope:", _row(self.scope_combo))
        outer.addWidget(self.scope_label)  # the whole width, not the form's field column
        self.ask_date(False)

    def _choose(self, signal, caption: str) -> None:
        path = open_path(self, LIST_PURPOSE, caption, LIST_FILTER)
        if path is not None:
            signal.emit(path)

    def _scope_picked(self) -> None:
        scope = self.scope_combo.currentData()
        self.scope_label.setText(describe_scope(scope))
        self.scope_chosen.emit(scope)

    def _give_date(self) -> None:
        day = self.date_field.date()
        if day is not None:
            self.date_given.emit(day)

    def ask_date(self, asking: bool) -> None:
        """Show the date field (the list does not say when it was published) or only the date."""
        self.date_field.setVisible(asking)
        self.date_button.setVisible(asking)
        self.date_button.setEnabled(self.date_field.date() is not None)
        if asking:
            self.date_label.setText("The file does not say when it was published, and its name holds no date; "
                                    "give it:")
            self.date_field.line.setFocus()

    def show_state(self, newer: ListFile | None, older: ListFile | None, workbook: Path | None,
                   scope: str) -> None:
        self.list_label.setText(describe_list(newer))
        self.list_label.setToolTip(str(newer.path) if newer is not None else "")
        if older is not None:
            self.against_label.setText(f"the older list {describe_list(older)}")
            self.against_label.setToolTip(str(older.path))
        else:
            self.against_label.setText(f"the working copy of {workbook.name}" if workbook is not None
                                       else "the open workbook")
            self.against_label.setToolTip(str(workbook) if workbook is not None else "")
        self.workbook_button.setVisible(older is not None)
        if newer is not None and (newer.list_date is not None or older is not None):
            self.ask_date(False)
            text = describe_date(newer)
            if older is not None:
                text += f"; the older list: {describe_date(older)}"
            self.date_label.setText(text)
        elif newer is None:
            self.ask_date(False)
            self.date_label.setText("(choose a list file)")
        self.scope_combo.blockSignals(True)
        self.scope_combo.setCurrentIndex(next(n for n, (s, _) in enumerate(SCOPE_CHOICES) if s == scope))
        self.scope_combo.blockSignals(False)
        self.scope_label.setText(describe_scope(scope))
