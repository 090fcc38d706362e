"""The person pane: everything known about the session's current person, and the analyst's notes.

The pane reads one row of the loaded frame and lays it out for reading, not for
editing: the source spreadsheet is never written. The only things the analyst edits
here, a note and a flag, are intents to the session, which keeps them in the workspace
(keyed by the dataset and the person id) and can undo them. A note or flag changing,
or the rules, keeps the pane where the analyst had scrolled it.
"""

from __future__ import annotations

import html

import pandas as pd
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox, QDockWidget, QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QScrollArea,
    QStackedWidget, QVBoxLayout, QWidget,
)

from ..core import schema
from ..core.person import long_date, readable_value, timeline_markers
from ..core.session import Change, Session, SessionEvent
from ..core.view import Dataset
from .person_widgets import AutoHeightBrowser, PageParts, source_link
from .timeline import DELISTING_COLOUR, SanctionsTimeline, muted_colour

EMPTY_MESSAGE = "Select a person in the table to see everything about them."
STORAGE_NOTICE = ("Your notes and flag are kept in your workspace on this computer, "
                  "never written into the spreadsheet.")
NOTE_SAVE_DELAY_MS = 500
# Chip backgrounds: light tints that read with dark text on light and dark themes alike.
REASON_COLOURS = {
    "corruption": "#FFE0B2",
    "human rights": "#FFCDD2",
    "undermining democracy": "#D1C4E9",
    "narcotics": "#C8E6C9",
    "terrorism": "#CFD8DC",
}
AUTHORITY_COLOUR = "#BBDEFB"
# Shown in the "Details" form; name, position, institution, reasons, authority, the
# U.S. designation, delisting, jurisdictions, sources and notes have their own places.
DETAIL_FIELDS = (schema.Col.ALIASES, schema.Col.GENDER, schema.Col.DATE_OF_BIRTH, schema.Col.SECURITY_STATUS,
                 schema.Col.FORMER_COMMANDER, schema.Col.COMMANDED_UNIT, schema.Col.ADMINISTRATION)
# --- the pane ----------------------------------------------------------------------------------


class DetailPane(QDockWidget):
    """A dock with everything about the current person and the analyst's note and flag."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__("Person", parent)
        self.setObjectName("detailPane")
        self.session = session
        self.parts = PageParts(self)
        self._person: str | None = None  # the person shown
        self._saved_note = ""

        self.timeline = SanctionsTimeline()
        self.timeline.setObjectName("sanctionsTimeline")
        self._annotations = self._build_annotations()

        self.empty_label = QLabel(EMPTY_MESSAGE)
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setMargin(24)
        self.parts.set_muted(self.empty_label)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.page = QWidget()
        self.page.setObjectName("personPage")
        self._page_layout = QVBoxLayout(self.page)
        self._page_layout.setContentsMargins(14, 12, 14, 14)
        self._page_layout.setSpacing(6)
        for part in (QWidget(), self._annotations, QWidget()):
            self._page_layout.addWidget(part)
        self._page_layout.addStretch(1)
        self.scroll.setWidget(self.page)
        self.scroll.setMinimumWidth(260)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.scroll)
        self.setWidget(self.stack)

        self._save_timer = QTimer(self, singleShot=True, interval=NOTE_SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.flush_note)
        self.notes_edit.textChanged.connect(self._on_note_typed)
        self.flag_box.toggled.connect(self._on_flag_toggled)
        session.subscribe(self._on_session)
        self._show(session.current)

    # --- following the session -------------------------------------------------------------

    @property
    def person_id(self) -> str | None:
        return self._person

    def _on_session(self, event: SessionEvent) -> None:
        if event.changes & Change.DATASET or self.session.current != self._person:
            self._show(self.session.current)
        elif event.changes & Change.RULES:
            self._show(self._person)  # the rules it matches; the scroll position stays
        elif event.changes & Change.ANNOTATIONS and self._person in event.people:
            self._load_annotations()

    def _show(self, person_id: str | None) -> None:
        """Show a person (None: the empty state), saving any pending note first; the same
        person shown again keeps the pane's scroll position."""
        self.flush_note()
        same = person_id is not None and person_id == self._person
        if not same:
            self.session.seal_history()  # a note left is one undo step
        row = self.session.frame_row(person_id)
        if row is None:
            self._person = None
            self.stack.setCurrentWidget(self.empty_label)
            return
        scrolled = self.scroll.verticalScrollBar().value() if same else 0
        dataset = self.session.dataset
        record = dataset.frame.iloc[row]
        self._person = person_id
        self._load_annotations()
        self.timeline.set_markers(timeline_markers(record))
        matched = [(rule.name, rule.colour, rule.describe()) for rule in self.session.matched_rules(person_id)]
        upper, lower = self._build_body(dataset, row, record, matched)
        for index, part in ((0, upper), (2, lower)):  # the notes between them stay as they are
            old = self._page_layout.itemAt(index).widget()
            self._page_layout.replaceWidget(old, part)
            old.setParent(None)  # out of the page at once (deleted later, outside this event)
            old.deleteLater()
        self.stack.setCurrentWidget(self.scroll)
        # Lay the new page out now, so the scroll range fits it before the old place is set.
        self._page_layout.activate()
        QCoreApplication.sendPostedEvents(self.page, QEvent.Type.LayoutRequest)
        self.scroll.verticalScrollBar().setValue(scrolled)

    def flush_note(self) -> None:
        """Save the note now if it changed since the last save (called on every way out)."""
        self._save_timer.stop()
        if self._person is None or not self.session.annotations_enabled:
            return
        text = self.notes_edit.toPlainText()
        if text != self._saved_note:
            self._saved_note = text
            self.session.set_note(self._person, text)

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.flush_note()
        super().hideEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.flush_note()
        super().closeEvent(event)

    # --- notes and flag ----------------------------------------------------------------------

    def _build_annotations(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.parts.heading("Your notes"))
        self.flag_box = QCheckBox("Flag this person")
        self.flag_box.setObjectName("flagBox")
        layout.addWidget(self.flag_box)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setObjectName("notesEdit")
        self.notes_edit.setPlaceholderText("Your own notes about this person…")
        self.notes_edit.setMinimumHeight(90)
        self.notes_edit.setTabChangesFocus(True)
        layout.addWidget(self.notes_edit)
        self.storage_label = QLabel(STORAGE_NOTICE)
        self.storage_label.setWordWrap(True)
        self.parts.set_muted(self.storage_label, smaller=True)
        layout.addWidget(self.storage_label)
        return box

    def _load_annotations(self) -> None:
        """The note and flag as the session has them (after a save, an undo, another person)."""
        editable = self._person is not None and self.session.annotations_enabled
        note = self.session.note(self._person) if editable else ""
        flagged = self.session.flag(self._person) if editable else False
        for widget in (self.notes_edit, self.flag_box):
            widget.blockSignals(True)
        if self.notes_edit.toPlainText() != note:
            self.notes_edit.setPlainText(note)
        self.flag_box.setChecked(flagged)
        for widget in (self.notes_edit, self.flag_box):
            widget.blockSignals(False)
            widget.setEnabled(editable)
        self._saved_note = note
        self.storage_label.setText(STORAGE_NOTICE if editable else
                                   "Notes and flags need a workbook opened from a file.")

    def _on_note_typed(self) -> None:
        if self._person is not None:
            self._save_timer.start()

    def _on_flag_toggled(self, flagged: bool) -> None:
        if self._person is not None and self.session.annotations_enabled:
            self.session.set_flag(self._person, flagged)

    # --- the person's page ---------------------------------------------------------------------

    def _part(self) -> tuple[QWidget, QVBoxLayout]:
        part = QWidget()
        layout = QVBoxLayout(part)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        return part, layout

    def _build_body(self, dataset: Dataset, frame_row: int, record: pd.Series,
                    matched_rules: list[tuple[str, str, str]]) -> tuple[QWidget, QWidget]:
        """The page above the analyst's notes (who, what, when, rules) and below them (sources)."""
        upper, layout = self._part()

        self._add_header(layout, record)
        if pd.notna(record.get(schema.Col.DELISTED_DATE)):
            banner = QLabel(f"<b>Delisted</b> — removed from the U.S. list on "
                            f"{long_date(record[schema.Col.DELISTED_DATE])}.")
            banner.setObjectName("delistingBanner")
            banner.setWordWrap(True)
            banner.setStyleSheet("QLabel#delistingBanner { background: rgba(211, 47, 47, 0.14);"
                                 f" border-left: 4px solid {DELISTING_COLOUR}; padding: 6px 8px; }}")
            layout.addWidget(banner)

        layout.addWidget(self.parts.heading("U.S. designation"))
        form = self.parts.form(layout)
        designated = readable_value(schema.Col.US_DESIGNATION_DATE, record.get(schema.Col.US_DESIGNATION_DATE))
        self.parts.add_row(form, "Date sanctioned", self.parts.value_label(designated))
        self.parts.add_row(form, schema.label(schema.Col.REASONS),
                    self.parts.chips("reasonChips", record.get(schema.Col.REASONS), REASON_COLOURS))
        self.parts.add_row(form, schema.label(schema.Col.AUTHORITY),
                    self.parts.chips("authorityChips", record.get(schema.Col.AUTHORITY), {}, AUTHORITY_COLOUR))

        layout.addWidget(self.parts.heading("Sanctioned by"))
        layout.addWidget(self.timeline)
        others = [m for m in self.timeline.markers()[1:] if m.listed]
        summary = "; ".join(f"{m.jurisdiction} {long_date(m.date) or '(date unknown)'}" for m in others)
        caption = self.parts.value_label(summary or "No other jurisdiction recorded.", "jurisdictionSummary")
        self.parts.set_muted(caption, smaller=True)
        layout.addWidget(caption)

        layout.addWidget(self.parts.heading("Details"))
        form = self.parts.form(layout)
        for column in DETAIL_FIELDS:
            self.parts.add_row(form, schema.label(column),
                        self.parts.value_label(readable_value(column, record.get(column)), column))

        notes = readable_value(schema.Col.NOTES, record.get(schema.Col.NOTES))
        if notes:
            layout.addWidget(self.parts.heading("Notes in the file"))
            browser = AutoHeightBrowser()
            browser.setObjectName("fileNotes")
            browser.setPlainText(notes)
            layout.addWidget(browser)

        self._add_rules(layout, matched_rules)
        layout.addSpacing(4)

        lower, layout = self._part()
        layout.addWidget(self.parts.heading(schema.label(schema.Col.SOURCES)))
        sources = record.get(schema.Col.SOURCES)
        if isinstance(sources, tuple) and sources:
            browser = AutoHeightBrowser()
            browser.setObjectName("sourcesBrowser")
            browser.setHtml("".join(f'<p style="margin-bottom:5px">{source_link(s)}</p>' for s in sources))
            layout.addWidget(browser)
        else:
            layout.addWidget(self.parts.value_label(""))

        extra = [c for c in dataset.frame.columns if c not in schema.all_columns()]
        if extra:
            layout.addWidget(self.parts.heading("Other columns"))
            form = self.parts.form(layout)
            for column in extra:
                self.parts.add_row(form, str(column), self.parts.value_label(dataset.text(column)[frame_row]))

        layout.addWidget(self._footer(record))
        return upper, lower

    def _add_header(self, layout: QVBoxLayout, record: pd.Series) -> None:
        name = QLabel(readable_value(schema.Col.NAME, record.get(schema.Col.NAME)) or "(no name recorded)")
        name.setObjectName("personName")
        name.setWordWrap(True)
        name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        name.setFont(font)
        layout.addWidget(name)
        position = readable_value(schema.Col.POSITION, record.get(schema.Col.POSITION))
        layout.addWidget(self.parts.value_label(position, "personPosition"))
        institution = readable_value(schema.Col.INSTITUTION, record.get(schema.Col.INSTITUTION))
        institution_label = self.parts.value_label(institution, "personInstitution")
        if institution:
            self.parts.set_muted(institution_label)
        layout.addWidget(institution_label)
        layout.addSpacing(4)

    def _add_rules(self, layout: QVBoxLayout, matched_rules: list[tuple[str, str, str]]) -> None:
        layout.addWidget(self.parts.heading("Highlight rules matched"))
        if not matched_rules:
            none = QLabel("No highlight rule matches this person.")
            none.setObjectName("noRuleMatches")
            self.parts.set_muted(none)
            layout.addWidget(none)
            return
        for name, colour, description in matched_rules:
            row = QWidget()
            row.setObjectName("ruleMatch")
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(0, 2, 0, 2)
            row_layout.setSpacing(8)
            swatch = QLabel()
            swatch.setFixedSize(14, 14)
            border = muted_colour(self.palette()).name()
            swatch.setStyleSheet(f"background: {colour}; border: 1px solid {border}; border-radius: 3px;")
            row_layout.addWidget(swatch, 0, Qt.AlignmentFlag.AlignTop)
            text = QLabel(f"<b>{html.escape(name)}</b><br>{html.escape(description)}")
            text.setWordWrap(True)
            row_layout.addWidget(text, 1)
            layout.addWidget(row)

    def _footer(self, record: pd.Series) -> QLabel:
        parts = []
        sheet = readable_value(schema.Col.SHEET, record.get(schema.Col.SHEET))
        if sheet:
            parts.append(f"Sheet “{sheet}”")
        source_row = record.get(schema.SOURCE_ROW)
        if source_row is not None and pd.notna(source_row):
            parts.append(f"row {int(source_row)}")
        parts.append(f"{schema.label(schema.PERSON_ID)} {record[schema.PERSON_ID]}")
        highlight = record.get(schema.SOURCE_HIGHLIGHT)
        if highlight is not None and pd.notna(highlight):
            parts.append(f"{schema.label(schema.SOURCE_HIGHLIGHT)} {highlight}")
        footer = QLabel(" · ".join(parts))
        footer.setObjectName("sourceFooter")
        footer.setWordWrap(True)
        footer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        footer.setContentsMargins(0, 10, 0, 0)
        self.parts.set_muted(footer, smaller=True)
        return footer
