"""The status bar's permanent part: people shown, highlighted, filters, file, sheet, warnings."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QStatusBar

from ..core.session import Change, Session, SessionEvent
from ..core.sheets import describe_sheet_choice

FILTERS_SHOWN = 90  # characters of the filter description in the bar; the tooltip has it all


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def describe_filters(session: Session) -> str:
    state = session.state
    parts = state.filter_descriptions()
    if state.search.strip():
        parts.insert(0, f"search \u201c{state.search.strip()}\u201d")
    return "; ".join(parts)


class StatusLine(QStatusBar):
    report_requested = Signal()

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.file_label = QLabel(self)
        self.sheet_label = QLabel(self)
        self.report_link = QLabel(self)
        self.report_link.setTextFormat(Qt.TextFormat.RichText)
        self.report_link.linkActivated.connect(lambda _link: self.report_requested.emit())
        self.addWidget(self.count_label, 1)
        self.addPermanentWidget(self.report_link)
        self.addPermanentWidget(self.sheet_label)
        self.addPermanentWidget(self.file_label)
        session.subscribe(self._on_session)
        self._show()

    def _on_session(self, event: SessionEvent) -> None:
        if event.changes & (Change.DATASET | Change.VIEW | Change.COLOURS | Change.FILTERS):
            self._show()

    def _show(self) -> None:
        view, dataset = self.session.view, self.session.dataset
        if view is None:
            self.count_label.setText("No data loaded")
            return
        filters = describe_filters(self.session)
        self.count_label.setText(f"{len(view):,} of {view.loaded:,} people shown · {view.highlighted:,} highlighted"
                                 + (f" · filtered by {shorten(filters, FILTERS_SHOWN)}" if filters else ""))
        self.count_label.setToolTip(filters)
        self.file_label.setText(f"  {dataset.source.name}  " if dataset.source else "")
        sheet = describe_sheet_choice(self.session.state.sheet)
        self.sheet_label.setText(f"  {sheet[:1].upper()}{sheet[1:]}  ")  # not capitalize(): "E.O." stays
        report = dataset.report
        warnings = (len(report.warnings) + report.warnings_not_listed) if report else 0
        self.report_link.setText(f'<a href="report">{warnings:,} import warning{"s" if warnings != 1 else ""}</a>'
                                 if warnings else "")
