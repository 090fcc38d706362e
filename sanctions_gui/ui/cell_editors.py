"""Editors that fit each field: dates typed or picked, vocabularies as choices, yes / no / unclear,
lists as tags, free text. The table's cells and the person pane's form both use them.

An editor shows a typed value (`set_value`) and gives back what the analyst typed or
picked (`value`): text, a date, a choice's canonical value or a tuple of tags. It does
not judge the value: the session reads it with the workbook reader's parsers and refuses
what the field cannot hold (core/cell_edits.py). `finished` asks the owner to take the
value (Enter, a choice picked); `cancelled` to leave the cell as it was (Escape).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from PySide6.QtCore import QDate, QEvent, QPoint, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget, QComboBox, QCompleter, QFrame, QHBoxLayout, QLineEdit, QPlainTextEdit, QStyle, QToolButton,
    QVBoxLayout, QWidget,
)

from ..core import schema
from ..core.cell_edits import edit_text
from ..core.changes import field_kind, is_missing
from ..core.dates import EARLIEST_YEAR, LATEST_YEAR
from ..core.person import GENDER_WORDS
from ..core.schema import FIELDS, Kind
from .flow_layout import FlowLayout
from .person_widgets import chip

DATE_HINT = "Type a date (2019-07-25, 25/07/2019, 25 July 2019) or pick one from the calendar"
JURISDICTION_HINT = "A listing date (2019-07-25), or yes / no / unclear when the date is not known"
FLAG_CHOICES = (("Yes", True), ("No", False), ("Unclear", None))
EMPTY_CHOICE = "(not recorded)"
TAG_COLOUR = "#E3F2FD"
TAG_CHARACTERS = 24  # a longer item (a source's address, a caveat) is cut on its chip; its tooltip has it whole


class DateEditor(QLineEdit):
    """A date as typed, with a calendar to pick one from (the text is read by the reader's parser)."""

    finished = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None, jurisdiction: bool = False):
        super().__init__(parent)
        self.setObjectName("dateEditor")
        self.setPlaceholderText("YYYY-MM-DD" if not jurisdiction else "date, or yes / no")
        self.setToolTip(JURISDICTION_HINT if jurisdiction else DATE_HINT)
        arrow = self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown)
        self.calendar_action = self.addAction(arrow, QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.setToolTip("Pick the date from a calendar (Alt+Down)")
        self.calendar_action.triggered.connect(self.show_calendar)
        self.calendar = QCalendarWidget(self)
        self.calendar.setWindowFlags(Qt.WindowType.Popup)
        self.calendar.setMinimumDate(QDate(EARLIEST_YEAR, 1, 1))
        self.calendar.setMaximumDate(QDate(LATEST_YEAR, 12, 31))
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self.returnPressed.connect(self.finished)
        self._picked_day: dt.date | None = None

    def set_value(self, value: object) -> None:
        """A date, or (for a jurisdiction listed without one) the words its cell shows."""
        self.setText(value if isinstance(value, str) else edit_text(schema.Col.US_DESIGNATION_DATE, value))
        self._picked_day = None

    def value(self) -> object:
        """The day picked, if the text is still the one the calendar put; else the text typed."""
        if self._picked_day is not None and self.text() == self._picked_day.isoformat():
            return self._picked_day
        return self.text()

    def show_calendar(self) -> None:
        typed = pd.to_datetime(self.text(), errors="coerce", format="ISO8601")
        if not pd.isna(typed):
            self.calendar.setSelectedDate(QDate(typed.year, typed.month, typed.day))
        self.calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        self.calendar.show()
        self.calendar.setFocus()

    def _picked(self, day: QDate) -> None:
        self._picked_day = day.toPython()
        self.setText(self._picked_day.isoformat())
        self.calendar.hide()
        self.setFocus()
        self.finished.emit()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
        elif event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier:
            self.show_calendar()
            return
        super().keyPressEvent(event)


class ChoiceEditor(QComboBox):
    """One value of a closed list: a vocabulary, or yes / no / unclear."""

    finished = Signal()
    cancelled = Signal()

    def __init__(self, choices: list[tuple[str, object]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("choiceEditor")
        for label, value in choices:
            self.addItem(label, value)
        self.activated.connect(lambda _index: self.finished.emit())

    def set_value(self, value: object) -> None:
        for index in range(self.count()):
            data = self.itemData(index)
            if (is_missing(data) and is_missing(value)) or (not is_missing(value) and data == value):
                self.setCurrentIndex(index)
                return
        self.setCurrentIndex(0)

    def value(self) -> object:
        return self.currentData()


class TextEditor(QLineEdit):
    finished = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("textEditor")
        self.returnPressed.connect(self.finished)

    def set_value(self, value: object) -> None:
        self.setText("" if is_missing(value) else str(value))

    def value(self) -> object:
        return self.text()


class LongTextEditor(QPlainTextEdit):
    """Text with line breaks (notes): Enter starts a new line, Ctrl+Enter or Tab takes the text."""

    finished = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("longTextEditor")
        self.setTabChangesFocus(True)

    def set_value(self, value: object) -> None:
        self.setPlainText("" if is_missing(value) else str(value))

    def value(self) -> object:
        return self.toPlainText()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.finished.emit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
        super().keyPressEvent(event)


class TagEditor(QFrame):
    """A list as tags: each item a chip with ×; type an item and press Enter (or ;) to add it,
    Backspace in the empty field takes the last one away; Enter on an empty field is done."""

    finished = Signal()
    cancelled = Signal()
    changed = Signal()

    def __init__(self, suggestions: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("tagEditor")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self._tags: list[str] = []
        self.chips = QWidget(self)
        self.flow = FlowLayout(self.chips, spacing=4)
        self.line = QLineEdit(self)
        self.line.setObjectName("tagInput")
        self.line.setFrame(False)
        self.line.setPlaceholderText("Type an item, Enter to add it")
        completer = QCompleter(QStringListModel(suggestions, self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.line.setCompleter(completer)
        self.line.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(3, 2, 3, 2)
        layout.setSpacing(2)
        layout.addWidget(self.chips)
        layout.addWidget(self.line)
        self.setFocusProxy(self.line)

    def set_value(self, value: object) -> None:
        self._tags = [str(item) for item in value] if isinstance(value, tuple) else []
        self._show_tags()

    def value(self) -> tuple[str, ...]:
        """The tags, with any item still being typed."""
        typed = self.line.text().strip()
        return tuple(self._tags + ([typed] if typed else []))

    def add_typed(self) -> bool:
        typed = self.line.text().strip().rstrip(";").strip()
        if not typed:
            return False
        self._tags.append(typed)
        self.line.clear()
        self._show_tags()
        self.changed.emit()
        return True

    def remove(self, position: int) -> None:
        del self._tags[position]
        self._show_tags()
        self.changed.emit()

    def _show_tags(self) -> None:
        while self.flow.count():
            item = self.flow.takeAt(0)
            item.widget().deleteLater()
        for position, tag in enumerate(self._tags):
            holder = QWidget(self.chips)
            row = QHBoxLayout(holder)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(0)
            shown = chip(tag if len(tag) <= TAG_CHARACTERS else tag[:TAG_CHARACTERS - 1] + "…", TAG_COLOUR, holder)
            shown.setToolTip(tag)
            row.addWidget(shown)
            remove = QToolButton(holder)
            remove.setObjectName("removeTag")
            remove.setText("×")
            remove.setAutoRaise(True)
            remove.setToolTip(f"Take ‘{tag}’ away")
            remove.clicked.connect(lambda _=False, p=position: self.remove(p))
            row.addWidget(remove)
            self.flow.addWidget(holder)
        self.chips.setVisible(bool(self._tags))
        self.chips.updateGeometry()
        self.adjustSize()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if watched is self.line and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if not self.add_typed():
                    self.finished.emit()
                return True
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                self.add_typed()
                self.finished.emit()
                return True
            if event.text() == ";":
                self.add_typed()
                return True
            if key == Qt.Key.Key_Backspace and not self.line.text() and self._tags:
                self.remove(len(self._tags) - 1)
                return True
            if key == Qt.Key.Key_Escape:
                self.cancelled.emit()
                return True
        return super().eventFilter(watched, event)


def _choices(column: str) -> list[tuple[str, object]]:
    spec = FIELDS[column]
    if spec.kind is Kind.FLAG:
        return list(FLAG_CHOICES)
    words = GENDER_WORDS if column == schema.Col.GENDER else {}
    labels = [(words.get(value, value.capitalize() if value.islower() else value), value) for value in spec.vocabulary]
    return labels if column == schema.Col.SECURITY_STATUS else [(EMPTY_CHOICE, None), *labels]


def editor_for(column: str, parent: QWidget, suggestions: list[str] | None = None,
               multiline: bool = False) -> QWidget:
    """The editor that fits a column; `suggestions` are the items offered for a list."""
    kind = field_kind(column)
    if kind in (Kind.DATE, Kind.JURISDICTION):
        return DateEditor(parent, jurisdiction=kind is Kind.JURISDICTION)
    if kind in (Kind.CHOICE, Kind.FLAG):
        return ChoiceEditor(_choices(column), parent)
    if kind is Kind.LIST:
        spec = FIELDS[column]
        return TagEditor(list(spec.vocabulary) or list(suggestions or []), parent)
    return LongTextEditor(parent) if multiline else TextEditor(parent)

