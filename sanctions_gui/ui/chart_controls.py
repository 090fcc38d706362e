"""The chart panel's choice of who is counted: "as of" a day, a sheet, the table's rows,
highlighted rows, and the one-click September 2018 comparison."""

from __future__ import annotations

import datetime as dt

import numpy as np
from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..core.published import WOLA_SEPTEMBER_2018
from ..core.sheets import SHEET_CHOICES, describe_sheet_choice, sheet_choice_label



class CountControls(QWidget):
    """Which people the charts count; `changed` whenever that changes."""

    changed = Signal()
    comparison_requested = Signal()  # the September 2018 button

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(2)
        row = QHBoxLayout()
        rows.addLayout(row)
        self.as_of_box = QCheckBox("As of", self)
        self.as_of_box.setToolTip("Count only designations made on or before this day")
        self.as_of_edit = QDateEdit(QDate.currentDate(), self)
        self.as_of_edit.setObjectName("asOfDate")
        self.as_of_edit.setDisplayFormat("yyyy-MM-dd")
        self.as_of_edit.setCalendarPopup(True)
        self.as_of_edit.setEnabled(False)
        self.as_of_box.toggled.connect(self.as_of_edit.setEnabled)
        self.as_of_box.toggled.connect(self.changed)
        self.as_of_edit.dateChanged.connect(self._as_of_date_changed)
        cut = WOLA_SEPTEMBER_2018.compared_as_of
        self.wola_button = QPushButton("Sept 2018 (WOLA count)", self)
        self.wola_button.setToolTip(f"As of {cut:%Y-%m-%d} on the post-E.O. 13692 sheet, as WOLA compared Obama "
                                    "and Trump, with WOLA's published figures beside the data's")
        self.wola_button.clicked.connect(self.comparison_requested)
        row.addWidget(self.as_of_box)
        row.addWidget(self.as_of_edit)
        row.addWidget(self.wola_button)
        row.addStretch(1)

        row = QHBoxLayout()
        rows.addLayout(row)
        row.addWidget(QLabel("Sheet:", self))
        self.sheet_combo = QComboBox(self)
        self.sheet_combo.setObjectName("chartSheet")
        for choice in SHEET_CHOICES:
            self.sheet_combo.addItem(sheet_choice_label(choice), choice)
        self.sheet_combo.currentIndexChanged.connect(self.changed)
        row.addWidget(self.sheet_combo)
        self.follow_box = QCheckBox("Follow the table", self)
        self.follow_box.setToolTip("Count only the people the table shows (its search and filters)")
        self.follow_box.toggled.connect(self.changed)
        self.highlighted_box = QCheckBox("Only highlighted", self)
        self.highlighted_box.setToolTip("Count only highlighted people")
        self.highlighted_box.toggled.connect(self.changed)
        row.addWidget(self.follow_box)
        row.addWidget(self.highlighted_box)
        row.addStretch(1)
        self.enable_row_choices(None, None)

    def enable_row_choices(self, shown_rows: np.ndarray | None, highlighted_rows: np.ndarray | None) -> None:
        self.follow_box.setEnabled(shown_rows is not None)
        self.highlighted_box.setEnabled(highlighted_rows is not None)

    def _as_of_date_changed(self, _date: QDate) -> None:
        if self.as_of_box.isChecked():
            self.changed.emit()

    def set_sheet(self, choice: str) -> None:
        self.sheet_combo.setCurrentIndex(self.sheet_combo.findData(choice))

    def set_as_of(self, day: dt.date | None) -> None:
        if day is not None:
            self.as_of_edit.setDate(QDate(day.year, day.month, day.day))
        self.as_of_box.setChecked(day is not None)

    def set_everyone(self) -> None:
        """Count every row of the sheet: neither the table's rows nor only highlighted ones."""
        self.follow_box.setChecked(False)
        self.highlighted_box.setChecked(False)

    def counting(self, shown_rows: np.ndarray | None, highlighted_rows: np.ndarray | None) -> dict:
        """The filters the chart counts with, as core/charts.py functions take them."""
        rows = None
        if self.follow_box.isChecked() and shown_rows is not None:
            rows = shown_rows
        if self.highlighted_box.isChecked() and highlighted_rows is not None:
            rows = highlighted_rows if rows is None else rows & highlighted_rows
        as_of = self.as_of_edit.date().toPython() if self.as_of_box.isChecked() else None
        return {"as_of": as_of, "sheet": self.sheet_combo.currentData(), "rows": rows}

    def details(self, shown_rows: np.ndarray | None, highlighted_rows: np.ndarray | None) -> str:
        """Who is counted, in words, for the chart's subtitle."""
        counted = self.counting(shown_rows, highlighted_rows)
        sheet = describe_sheet_choice(counted["sheet"])
        details = [sheet[0].upper() + sheet[1:]]
        if counted["as_of"] is not None:
            details.append(f"as of {counted['as_of']:%Y-%m-%d}")
        if self.follow_box.isChecked() and shown_rows is not None:
            details.append("people the table shows")
        if self.highlighted_box.isChecked() and highlighted_rows is not None:
            details.append("highlighted people")
        return " · ".join(details)
