"""The per-column filter opened from the header's ▾ mark, as in a spreadsheet's AutoFilter."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QDateEdit, QDialogButtonBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
    QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from ..core.filters import ColumnFilter, facet_label, is_date_column

MAX_LISTED_VALUES = 2000


class FilterPopup(QFrame):
    """Values present with their counts, "contains" text and, for dates, a date range."""

    applied = Signal(object)  # ColumnFilter (inactive when cleared)
    sort_requested = Signal(str, bool)  # column, descending

    def __init__(self, column: str, counts: list[tuple[str, int]], current: ColumnFilter | None,
                 parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.column = column
        current = current or ColumnFilter(column)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)

        title = QLabel(f"<b>{facet_label(column)}</b>")
        layout.addWidget(title)
        sort_row = QHBoxLayout()
        for text, descending in (("Sort ascending", False), ("Sort descending", True)):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, d=descending: self._sort(d))
            sort_row.addWidget(button)
        layout.addLayout(sort_row)

        self.contains = QLineEdit(current.contains)
        self.contains.setPlaceholderText("Text contains…")
        self.contains.setClearButtonEnabled(True)
        layout.addWidget(self.contains)

        self.date_from = self.date_to = None
        if is_date_column(column):
            layout.addLayout(self._date_range(current))

        self.values = QListWidget()
        self.values.setObjectName("filterValues")
        chosen = current.values
        for value, count in counts[:MAX_LISTED_VALUES]:
            item = QListWidgetItem(f"{value or '(blank)'}  ({count:,})")
            item.setData(Qt.ItemDataRole.UserRole, value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = chosen is None or value in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.values.addItem(item)
        self.values.setMinimumHeight(160)
        all_row = QHBoxLayout()
        for text, state in (("Select all", Qt.CheckState.Checked), ("Select none", Qt.CheckState.Unchecked)):
            button = QPushButton(text)
            button.setFlat(True)
            button.clicked.connect(lambda _=False, s=state: self._check_all(s))
            all_row.addWidget(button)
        all_row.addStretch()
        layout.addLayout(all_row)
        layout.addWidget(self.values)
        if len(counts) > MAX_LISTED_VALUES:
            layout.addWidget(QLabel(f"Showing the {MAX_LISTED_VALUES:,} most common of {len(counts):,} values; "
                                    "use “Text contains” for the rest."))

        buttons = QDialogButtonBox()
        clear = buttons.addButton("Clear filter", QDialogButtonBox.ButtonRole.ResetRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Ok)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        clear.clicked.connect(self._clear)
        buttons.accepted.connect(self._apply)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.contains.returnPressed.connect(self._apply)
        self.resize(320, self.sizeHint().height())

    def _date_range(self, current: ColumnFilter) -> QGridLayout:
        grid = QGridLayout()
        self.use_from = QCheckBox("From")
        self.use_to = QCheckBox("To")
        self.date_from = QDateEdit(calendarPopup=True)
        self.date_to = QDateEdit(calendarPopup=True)
        for check, edit, value, fallback in ((self.use_from, self.date_from, current.date_from, dt.date(2008, 1, 1)),
                                              (self.use_to, self.date_to, current.date_to, dt.date.today())):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate(value or fallback))
            check.setChecked(value is not None)
            edit.setEnabled(value is not None)
            check.toggled.connect(edit.setEnabled)
        grid.addWidget(self.use_from, 0, 0)
        grid.addWidget(self.date_from, 0, 1)
        grid.addWidget(self.use_to, 1, 0)
        grid.addWidget(self.date_to, 1, 1)
        return grid

    def _check_all(self, state: Qt.CheckState) -> None:
        for i in range(self.values.count()):
            self.values.item(i).setCheckState(state)

    def build_filter(self) -> ColumnFilter:
        items = [self.values.item(i) for i in range(self.values.count())]
        unchecked = [i for i in items if i.checkState() != Qt.CheckState.Checked]
        values = None
        if unchecked:
            values = frozenset(i.data(Qt.ItemDataRole.UserRole) for i in items
                               if i.checkState() == Qt.CheckState.Checked)
        date_from = self.date_from.date().toPython() if self.date_from and self.use_from.isChecked() else None
        date_to = self.date_to.date().toPython() if self.date_to and self.use_to.isChecked() else None
        return ColumnFilter(self.column, values=values, contains=self.contains.text().strip(),
                            date_from=date_from, date_to=date_to)

    def _apply(self) -> None:
        self.applied.emit(self.build_filter())
        self.close()

    def _clear(self) -> None:
        self.applied.emit(ColumnFilter(self.column))
        self.close()

    def _sort(self, descending: bool) -> None:
        self.sort_requested.emit(self.column, descending)
        self.close()
