"""The bar above the table when the open workbook lacks a key field, offering the Columns dialog.

A workbook whose security-status column has a header the reader did not understand
loads without that field, and the charts and presets that need it count nobody. The
import report says so; this bar says it where the analyst looks, without blocking
anything, and offers to read one of the columns as the missing field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QToolBar, QWidget

from ..core import schema
from ..core.session import Change, Session, SessionEvent

STYLE = ("QToolBar#missingFieldsBar { background: #FFF4CE; border-top: 1px solid #E8D9A8;"
         " border-bottom: 1px solid #E8D9A8; spacing: 8px; padding: 2px 6px; }")


def summary(missing) -> str:
    """The missing fields and how many charts and presets they leave with nothing to count, in one line."""
    fields = ", ".join(schema.label(m.column) for m in missing)
    charts = len({chart for m in missing for chart in m.charts})
    presets = len({preset for m in missing for preset in m.presets})
    counted = [f"{n} {word}{'s' if n != 1 else ''}" for n, word in ((charts, "chart"), (presets, "preset")) if n]
    consequence = f" {' and '.join(counted)} {'has' if charts + presets == 1 else 'have'} nothing to count." \
        if counted else ""
    held = "it" if len(missing) == 1 else "one of them"
    return f"Not found in this file: {fields}.{consequence} If a column holds {held} under another header, choose it."


class MissingFieldsBar(QToolBar):
    """Shown while the open workbook lacks a key field, until the analyst dismisses it."""

    columns_requested = Signal()
    report_requested = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__("Missing fields", parent)
        self.session = session
        self.setObjectName("missingFieldsBar")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)  # not a toolbar the analyst hides: it goes with the data
        self.setStyleSheet(STYLE)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.columns_button = QPushButton("Choose columns…", self)
        self.columns_button.setToolTip("Read one of the workbook's columns as the missing field (File › Columns…)")
        self.columns_button.clicked.connect(self.columns_requested)
        self.report_button = QPushButton("Import report", self)
        self.report_button.clicked.connect(self.report_requested)
        self.dismiss_button = QPushButton("Dismiss", self)
        self.dismiss_button.setToolTip("Hide this bar for this workbook")
        self.dismiss_button.clicked.connect(self.dismiss)
        for widget in (self.label, self.columns_button, self.report_button, self.dismiss_button):
            self.addWidget(widget)
        self._dismissed = None  # the workbook (its path) the analyst dismissed the bar for
        self.refresh()
        session.subscribe(self._on_session)

    def _on_session(self, event: SessionEvent) -> None:
        if event.changes & Change.DATASET:
            self.refresh()

    def dismiss(self) -> None:
        dataset = self.session.dataset
        self._dismissed = dataset.source if dataset is not None else None
        self.hide()

    def refresh(self) -> None:
        """Shown exactly when the open workbook lacks a key field (the window calls this after
        restoring its layout, which may have shown the bar from the last run)."""
        dataset = self.session.dataset
        report = dataset.report if dataset is not None else None
        missing = report.missing_fields if report is not None and dataset.source is not None else []
        if not missing or dataset.source == self._dismissed:
            self.hide()
            return
        self.label.setText(summary(missing))
        self.label.setToolTip("\n".join(m.sentence() for m in missing))
        self.show()
