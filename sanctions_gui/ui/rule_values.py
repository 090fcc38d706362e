"""The value editors of a rule condition: none, one or two dates, a word, a choice, several values.

Each fits what its operator needs, offers the values present in the loaded data, and has
`changed`, `value()` (what a Condition takes), `problem()` (why what is typed is no value
yet, or "") and `set_value()`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMenu, QPushButton, QSizePolicy,
    QVBoxLayout, QWidget, QWidgetAction,
)

from ..core.rules import JURISDICTIONS_FIELD, field_values
from ..core.schema import FIELDS, JURISDICTIONS, Kind
from ..core.view import Dataset
from .date_field import DateField

MAX_PICKER_VALUES = 1000
FALLBACK_FIRST_DAY = dt.date(2009, 1, 20)


def make_value_editor(kind: str, dataset: Dataset | None, field_name: str, parent: QWidget) -> QWidget:
    """The editor for a kind of value (none, date, between, text, choice or multi) of a field."""
    if kind in ("date", "between"):
        return DateValue(kind == "between", date_defaults(dataset, field_name), parent)
    if kind == "none":
        return NoValue(parent)
    choices = _choices(dataset, field_name)
    if kind == "choice":
        return ChoiceValue(choices, parent)
    if kind == "text":
        return TextValue(choices, parent)
    editable = field_name != JURISDICTIONS_FIELD and FIELDS[field_name].kind is not Kind.CHOICE
    return MultiValue(choices, allow_other=editable, parent=parent)


def _choices(dataset: Dataset | None, field_name: str) -> list[tuple[str, str, int | None]]:
    """(value, text shown, rows holding it) for a picker: the vocabulary first, then the data's
    values, most common first. Counts are None when no data is loaded."""
    if field_name == JURISDICTIONS_FIELD:
        counts = dict(field_values(dataset.frame, field_name)) if dataset is not None else {}
        return [(j.name, j.label, counts.get(j.name, 0) if dataset is not None else None) for j in JURISDICTIONS]
    counts = dict(field_values(dataset.frame, field_name)) if dataset is not None else {}
    vocabulary = FIELDS[field_name].vocabulary
    values = [*vocabulary, *(v for v in counts if v not in vocabulary)][:MAX_PICKER_VALUES]
    return [(v, v, counts.get(v, 0) if dataset is not None else None) for v in values]


def _with_count(text: str, count: int | None) -> str:
    return text if count is None else f"{text}  ({count:,})"


def date_defaults(dataset: Dataset | None, field_name: str) -> tuple[dt.date, dt.date]:
    """The earliest and latest date in the field's column: a "between" starts by matching
    everyone, and one date starts at the latest (today when there are none)."""
    today = dt.date.today()
    if dataset is None:
        return FALLBACK_FIRST_DAY, today
    spec = FIELDS[field_name]
    dates = dataset.frame[spec.date_column if spec.kind is Kind.JURISDICTION else field_name].dropna()
    if dates.empty:
        return FALLBACK_FIRST_DAY, today
    return pd.Timestamp(dates.min()).date(), pd.Timestamp(dates.max()).date()


# --- value editors --------------------------------------------------------------------------
# Each has `changed`, `value()` (what a Condition takes), `problem()` and `set_value()`.


class _NoProblem:
    """Editors whose every state is a value the rule can judge."""

    def problem(self) -> str:
        return ""


class NoValue(_NoProblem, QWidget):
    changed = Signal()

    def value(self) -> None:
        return None

    def set_value(self, _value: object) -> None:
        pass


class DateValue(QWidget):
    """One date, or two ("between", both days included), each typed or picked (ui/date_field.py)."""

    changed = Signal()

    def __init__(self, between: bool, days: tuple[dt.date, dt.date], parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.fields: list[DateField] = []
        for position, day in enumerate(days if between else days[1:]):
            if position:
                layout.addWidget(QLabel("and"), 0, Qt.AlignmentFlag.AlignTop)
            field = DateField(day, self)
            field.changed.connect(self.changed)
            layout.addWidget(field, 0, Qt.AlignmentFlag.AlignTop)
            self.fields.append(field)
        layout.addStretch()

    def value(self) -> dt.date | tuple[dt.date | None, dt.date | None] | None:
        days = tuple(field.date() for field in self.fields)
        return days if len(days) == 2 else days[0]

    def problem(self) -> str:
        return next((field.problem() for field in self.fields if field.problem()), "")

    def set_value(self, value: object) -> None:
        days = value if isinstance(value, tuple) else (value,) * len(self.fields)
        for field, day in zip(self.fields, days):
            if isinstance(day, dt.date):
                field.set_date(day)


class TextValue(_NoProblem, QComboBox):
    """A word or phrase, typed or picked from the values present in the data."""

    changed = Signal()

    def __init__(self, choices: list[tuple[str, str, int | None]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems([value for value, _text, _count in choices])
        self.setCurrentIndex(-1)
        self.lineEdit().setPlaceholderText("Type or pick a value")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumContentsLength(12)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.editTextChanged.connect(self.changed)

    def value(self) -> str:
        return self.currentText()

    def set_value(self, value: object) -> None:
        self.setEditText(value if isinstance(value, str) else "")


class ChoiceValue(_NoProblem, QComboBox):
    """One value of a closed vocabulary (administration, security status, gender)."""

    changed = Signal()

    def __init__(self, choices: list[tuple[str, str, int | None]], parent: QWidget | None = None):
        super().__init__(parent)
        for value, text, count in choices:
            self.addItem(_with_count(text, count), value)
        self.currentIndexChanged.connect(self.changed)

    def value(self) -> str:
        return self.currentData() or ""

    def set_value(self, value: object) -> None:
        index = self.findData(value)
        if index >= 0:
            self.setCurrentIndex(index)


class MultiValue(_NoProblem, QPushButton):
    """Several values, ticked in a drop-down list of those present in the data.

    Text fields also take a typed value that the data does not hold (yet).
    """

    changed = Signal()

    def __init__(self, choices: list[tuple[str, str, int | None]], allow_other: bool,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setStyleSheet("text-align: left; padding: 3px 6px;")
        self._texts = {value: text for value, text, _count in choices}
        menu = QMenu(self)
        holder = QWidget(menu)
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(6, 6, 6, 6)
        self.list = QListWidget(holder)
        self.list.setMinimumWidth(260)
        for value, text, count in choices:
            self._add_item(value, _with_count(text, count), checked=False)
        rows_shown = max(min(len(choices), 12), 3)
        row_height = max(self.list.sizeHintForRow(0), self.fontMetrics().lineSpacing() + 4)  # -1 when empty
        self.list.setFixedHeight(row_height * rows_shown + 2 * self.list.frameWidth() + 4)
        layout.addWidget(self.list)
        self.other: QLineEdit | None = None
        if allow_other:
            self.other = QLineEdit(holder)
            self.other.setPlaceholderText("Another value, then Enter")
            self.other.returnPressed.connect(self._add_other)
            layout.addWidget(self.other)
        action = QWidgetAction(menu)
        action.setDefaultWidget(holder)
        menu.addAction(action)
        self.setMenu(menu)
        self.list.itemChanged.connect(self._on_item_changed)
        self._show_chosen()

    def _add_item(self, value: str, text: str, checked: bool) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.list.addItem(item)
        return item

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(row) for row in range(self.list.count())]

    def _add_other(self) -> None:
        text = self.other.text().strip()
        if text:
            self.set_value([*self.value(), text])
            self.other.clear()

    def _on_item_changed(self, _item: QListWidgetItem) -> None:
        self._show_chosen()
        self.changed.emit()

    def value(self) -> list[str]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self._items()
                if item.checkState() == Qt.CheckState.Checked]

    def set_value(self, value: object) -> None:
        wanted = [value] if isinstance(value, str) else list(value or ())
        self.list.blockSignals(True)
        present = {item.data(Qt.ItemDataRole.UserRole): item for item in self._items()}
        for value_text in wanted:
            if value_text not in present:
                present[value_text] = self._add_item(value_text, value_text, checked=False)
        for value_text, item in present.items():
            item.setCheckState(Qt.CheckState.Checked if value_text in wanted else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._show_chosen()
        self.changed.emit()

    def _show_chosen(self) -> None:
        chosen = ", ".join(self._texts.get(v, v) for v in self.value())
        self.setToolTip(chosen)
        width = max(self.width() - 36, 60)
        self.setText(self.fontMetrics().elidedText(chosen, Qt.TextElideMode.ElideRight, width) or "Choose…")

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._show_chosen()


def carried_value(value: object, kind: str) -> object:
    """The previous editor's value in the shape the new editor takes, so little is lost
    when the operator changes (a date becomes the start of a range, a word the first item)."""
    if kind == "multi":
        return [value] if isinstance(value, str) and value else value if isinstance(value, list) else []
    if kind in ("text", "choice"):
        return value[0] if isinstance(value, list) and value else value if isinstance(value, str) else ""
    if kind == "between":
        return (value, value) if isinstance(value, dt.date) else value
    if kind == "date":
        return value[0] if isinstance(value, tuple) else value
    return None
