"""The bar over the table that says what the working copy holds that the file does not.

Shown only while there are changes: how many, how many people added or removed, and,
right after opening a workbook whose changes the workspace kept (the app was closed or
killed before saving), that they were brought back from then, with the buttons to look
at them, save them to a new workbook or discard them.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel, QSizePolicy, QToolBar, QToolButton, QWidget

from ..core.changes import ADD, EDIT, REMOVE
from ..core.session import Change, Session, SessionEvent

BAR_STYLE = "QToolBar#workingCopyBar { background: #FFF8E1; border-bottom: 1px solid #FFB300; spacing: 8px; }"


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' if count != 1 else ''}"


def _people(count: int) -> str:
    return f"{count:,} {'person' if count == 1 else 'people'}"


def _long_time(stamp: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return f"{moment.day} {moment:%B %Y}, {moment:%H:%M}"


class WorkingCopyBar(QToolBar):
    """The working copy's state in a sentence, and what can be done with it."""

    def __init__(self, session: Session, parent: QWidget, actions: dict):
        super().__init__("Working copy", parent)
        self.setObjectName("workingCopyBar")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)  # shown when there are changes, not by choice
        self.setStyleSheet(BAR_STYLE)
        self.session = session
        self.brought_back = False  # the changes shown came from the workspace when the file was opened
        self.label = QLabel(self)
        self.label.setObjectName("workingCopyText")
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(self.label)
        self.buttons = {}
        for key in ("changes", "save_as", "discard"):
            button = QToolButton(self)
            button.setDefaultAction(actions[key])
            self.addWidget(button)
            self.buttons[key] = button
        session.subscribe(self._on_session)
        self.hide()

    def _on_session(self, event: SessionEvent) -> None:
        if event.changes & Change.DATASET:
            if not event.changes & Change.CELLS:  # a workbook opened: were its changes kept from before?
                working = self.session.working_copy
                self.brought_back = working is not None and working.has_changes
            self.show_state()

    def show_state(self) -> None:
        working = self.session.working_copy
        if working is None or not working.has_changes:
            self.brought_back = False
            self.hide()
            return
        entries = working.entries()
        edits = sum(1 for e in entries if e.kind == EDIT and not working.is_added(e.person_id))
        added = sum(1 for e in entries if e.kind == ADD)
        removed = sum(1 for e in entries if e.kind == REMOVE)
        parts = [_plural(edits, "cell") + " changed"] if edits else []
        parts += [_people(added) + " added"] if added else []
        parts += [_people(removed) + " removed (struck out until you save)"] if removed else []
        done = ", ".join(parts or ["no change in effect"])
        sentence = f"Working copy, not yet saved: {done}."
        if self.brought_back:
            latest = max((e.made_at for e in [*entries, *working.unplaced]), default="")
            sentence = (f"Unsaved changes brought back from your workspace: {done}. The latest was made on "
                        f"{_long_time(latest)}; the file itself is unchanged.")
        if working.unplaced:
            sentence += (f" {_plural(len(working.unplaced), 'change')} could not be applied: their people are no "
                         "longer in the file.")
        if working.file_changed:
            sentence += f" The file has since changed {_plural(len(working.file_changed), 'cell')} you had changed too."
        self.label.setText(sentence)
        self.show()
