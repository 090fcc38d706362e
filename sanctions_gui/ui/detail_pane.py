"""The person pane: everything known about the session's current person, and the analyst's notes.

The pane reads one row of the working copy and lays it out for reading (person_page.py),
each value with its caveat and a mark where the analyst changed it; "Edit fields" turns
the page into a form with an editor per field (person_editor.py), whose values go to
the session as table edits do. The note and flag are intents to the session too, kept
in the workspace (keyed by the dataset and the person id) and undoable. A note or flag
changing, an edit, or the rules, keeps the pane where the analyst had scrolled it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox, QDockWidget, QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QScrollArea, QStackedWidget, QToolButton,
    QVBoxLayout, QWidget,
)

from ..core.session import Change, Session, SessionEvent
from .page_parts import PageParts

if TYPE_CHECKING:
    from .person_editor import PersonEditor
    from .person_page import PersonPage
    from .timeline import SanctionsTimeline

EMPTY_MESSAGE = "Select a person in the table to see everything about them."
STORAGE_NOTICE = ("Your notes and flag are kept in your workspace on this computer, "
                  "never written into the spreadsheet.")
NOTE_SAVE_DELAY_MS = 500
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

        self.reading: PersonPage | None = None  # made when the first person is read
        self.editor: PersonEditor | None = None
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

        self.edit_button = QToolButton()
        self.edit_button.setObjectName("editPersonButton")
        self.edit_button.setText("Edit fields")
        self.edit_button.setCheckable(True)
        self.edit_button.setToolTip("Edit this person's fields here (or in the table: double-click, F2 or type)")
        self.edit_button.toggled.connect(self._edit_mode_changed)
        person = QWidget()
        person_layout = QVBoxLayout(person)
        person_layout.setContentsMargins(0, 4, 6, 0)
        person_layout.setSpacing(0)
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.edit_button)
        person_layout.addLayout(bar)
        person_layout.addWidget(self.scroll, 1)
        self.person_view = person

        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(person)
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

    @property
    def timeline(self) -> SanctionsTimeline | None:
        """The reading page's timeline (None while the form shows: it has none)."""
        return self.reading.timeline if self.reading is not None and self.editor is None else None

    @property
    def editing(self) -> bool:
        return self.edit_button.isChecked()

    def _edit_mode_changed(self, editing: bool) -> None:
        self.edit_button.setText("Done editing" if editing else "Edit fields")
        self._show(self._person, rebuild=True)

    def start_editing(self) -> None:
        """Turn the page into the person's form (a person just added has everything to fill in)."""
        self.edit_button.setChecked(True)
        if self.editor is not None and self.editor.editors:
            next(iter(self.editor.editors.values())).setFocus()

    def _on_session(self, event: SessionEvent) -> None:
        if event.changes & Change.CELLS and self.editing and self.editor is not None \
                and self.session.current == self._person and self.session.frame_row(self._person) is not None:
            self.editor.refresh()  # the form stays, with the analyst's place in it
        elif event.changes & Change.DATASET or self.session.current != self._person:
            self._show(self.session.current)
        elif event.changes & Change.RULES:
            self._show(self._person)  # the rules it matches; the scroll position stays
        elif event.changes & Change.ANNOTATIONS and self._person in event.people:
            self._load_annotations()

    def _show(self, person_id: str | None, rebuild: bool = False) -> None:
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
        scrolled = self.scroll.verticalScrollBar().value() if same and not rebuild else 0
        dataset = self.session.dataset
        record = dataset.frame.iloc[row]
        self._person = person_id
        self._load_annotations()
        if self.editing:
            from .person_editor import PersonEditor  # the form's editors load with the first edit

            self.editor = PersonEditor(self.session, person_id, self.parts)
            upper, lower = self.editor, QWidget()
        else:
            from .person_page import PersonMarks, PersonPage  # the reading page loads with the first person

            if self.reading is None:
                self.reading = PersonPage(self.parts, self._restore_person)
            self.editor = None
            matched = [(rule.name, rule.colour, rule.describe()) for rule in self.session.matched_rules(person_id)]
            marks = PersonMarks.of(self.session.working_copy, person_id, row)
            upper, lower = self.reading.build(dataset, row, record, matched, marks)
        for index, part in ((0, upper), (2, lower)):  # the notes between them stay as they are
            old = self._page_layout.itemAt(index).widget()
            self._page_layout.replaceWidget(old, part)
            part.show()  # now, not when the event loop next runs: what is on the page is visible at once
            old.setParent(None)  # out of the page at once (deleted later, outside this event)
            old.deleteLater()
        self.stack.setCurrentWidget(self.person_view)
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

    def _restore_person(self) -> None:
        if self._person is not None:
            self.session.restore_people([self._person])
