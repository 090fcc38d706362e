"""A date typed as the analyst writes it, or picked from a calendar; refused visibly if it is not one.

A QDateEdit edits a date section by section: typing "2017-01-01" over a selected 2008 date
could leave 2008 in place without a sign. This field takes the text as typed and reads it
with the workbook reader's own date parser (core/values.py), so "2017-01-01", "1/2/2017",
"9 March 2015" and "9 de marzo de 2015" mean here what they mean in a spreadsheet. Text
that is no date marks the field and says why just under it; the dialog then refuses OK.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCalendarWidget, QHBoxLayout, QLabel, QLineEdit, QMenu, QToolButton, QVBoxLayout, QWidget, QWidgetAction,
)

from ..core.dates import EARLIEST_YEAR, LATEST_YEAR, parse_dates

EXAMPLES = "2017-01-20, 20/01/2017 or 20 January 2017"
INVALID_STYLE = "QLineEdit { border: 1px solid #B00020; background: #FDECEA; }"
NOTE_COLOURS = {"problem": "#B00020", "read as": "palette(placeholder-text)"}


def read_typed_date(text: str) -> tuple[dt.date | None, str]:
    """(the date, "") for an unambiguous date; (the date, how it was read) for one whose day
    and month could be swapped; (None, why not) for text that is no date."""
    typed = text.strip()
    if not typed:
        return None, f"Type a date, for example {EXAMPLES}"
    parsed, issues = parse_dates(pd.Series([typed], dtype=object))
    if pd.isna(parsed.iloc[0]):
        if any("out of range" in issue.message for issue in issues):
            return None, f"“{typed}” is outside the years {EARLIEST_YEAR}–{LATEST_YEAR}"
        return None, f"“{typed}” is not a date: type it as {EXAMPLES}"
    day = parsed.iloc[0].date()
    if issues:  # the parser's only complaint about a date it read: day and month could be swapped
        swapped = dt.date(day.year, day.day, day.month)
        return day, f"Read as {_words(day)}; for {_words(swapped)} type {swapped.isoformat()}"
    return day, ""


def _words(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


class DateField(QWidget):
    """A line for the date and a calendar button; `changed` on every edit."""

    changed = Signal()

    def __init__(self, day: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.line = QLineEdit(day.isoformat(), self)
        self.line.setObjectName("dateText")
        self.line.setPlaceholderText("YYYY-MM-DD")
        self.line.setToolTip(f"Type a date as {EXAMPLES}, or pick one from the calendar")
        self.line.setFixedWidth(self.line.fontMetrics().horizontalAdvance("20 January 2017") + 16)
        self.calendar_button = QToolButton(self)
        self.calendar_button.setText("▾")
        self.calendar_button.setToolTip("Pick the date from a calendar")
        self.calendar_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.calendar_button)
        self.calendar = QCalendarWidget(menu)
        self.calendar.setMinimumDate(QDate(EARLIEST_YEAR, 1, 1))
        self.calendar.setMaximumDate(QDate(LATEST_YEAR, 12, 31))
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._show_in_calendar)
        self.calendar_button.setMenu(menu)
        self.calendar_button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        self.note = QLabel(self)  # under the date, so that two dates of a range each keep their room
        self.note.setObjectName("dateNote")
        self.note.setWordWrap(True)
        entry = QHBoxLayout()
        entry.setSpacing(2)
        entry.addWidget(self.line)
        entry.addWidget(self.calendar_button)
        entry.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addLayout(entry)
        layout.addWidget(self.note)
        self._day: dt.date | None = day
        self._problem = ""
        self.line.textChanged.connect(self._typed)
        self._typed(self.line.text())

    def date(self) -> dt.date | None:
        """The date as typed, or None while the text is no date."""
        return self._day

    def problem(self) -> str:
        return self._problem

    def set_date(self, day: dt.date) -> None:
        self.line.setText(day.isoformat())

    def _typed(self, text: str) -> None:
        self._day, note = read_typed_date(text)
        self._problem = note if self._day is None else ""
        self.line.setStyleSheet(INVALID_STYLE if self._problem else "")
        self.note.setStyleSheet(f"color: {NOTE_COLOURS['problem' if self._problem else 'read as']};")
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.changed.emit()

    def _show_in_calendar(self) -> None:
        if self._day is not None:
            self.calendar.setSelectedDate(QDate(self._day.year, self._day.month, self._day.day))

    def _picked(self, day: QDate) -> None:
        self.set_date(day.toPython())
        self.calendar_button.menu().hide()
