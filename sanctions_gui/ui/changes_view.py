"""The Changes view: every change of the working copy (who, field, before, after, when), to revert any.

A window beside the main one that follows the session: each edit, addition or removal
shows up as it is made, and goes when it is undone or reverted. Reverting is a change
like any other, so Edit › Undo brings a reverted change back. Double-click a change (or
Show person) to select its person in the table.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem,
    QVBoxLayout, QWidget,
)

from ..core.changes import ChangeEntry, describe_change, when
from ..core.session import Change, Session, SessionEvent

COLUMNS = ("Who", "Field", "Before", "After", "When")
NOT_APPLIED = "#9E9E9E"
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMN_WIDTH_AT_MOST = 240  # a long value is cut on screen; its tooltip has it whole


class ChangesView(QDialog):
    """The working copy's changes, newest last."""

    status_message = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("changesView")
        self.setWindowTitle("Changes")
        self.session = session
        self.resize(1040, 420)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("changesList")
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.tree.itemDoubleClicked.connect(lambda *_: self.show_person())
        self.tree.itemSelectionChanged.connect(self._enable)
        layout.addWidget(self.tree)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.revert_button = QPushButton("&Revert selected", self)
        self.revert_button.setToolTip("Take the selected changes back to the file's values (Edit › Undo brings "
                                      "them back)")
        self.person_button = QPushButton("&Show person", self)
        buttons.addButton(self.revert_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.person_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.revert_button.clicked.connect(self.revert_selected)
        self.person_button.clicked.connect(self.show_person)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        session.subscribe(self._on_session)
        self.refresh()

    def _on_session(self, event: SessionEvent) -> None:
        if event.changes & Change.DATASET and self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        working = self.session.working_copy
        entries = working.entries() if working is not None else []
        unplaced = list(working.unplaced) if working is not None else []
        self.tree.clear()
        for entry in entries:
            self._add(entry, self.session.person_name(entry.person_id), applied=True)
        for entry in unplaced:
            self._add(entry, entry.person_id, applied=False)
        for column in range(len(COLUMNS)):
            self.tree.resizeColumnToContents(column)
            self.tree.setColumnWidth(column, min(self.tree.columnWidth(column), COLUMN_WIDTH_AT_MOST))
        self.summary.setText(
            f"{len(entries):,} change{'s' if len(entries) != 1 else ''} in the working copy, kept in your workspace "
            "until you save them (File › Save as) or discard them." if entries or unplaced else
            "No changes: the working copy is the file as it was read.")
        self._enable()

    def _add(self, entry: ChangeEntry, who: str, applied: bool) -> None:
        field, before, after = describe_change(entry)
        if not applied:
            after += " (not applied: this person is no longer in the file)"
        item = QTreeWidgetItem(self.tree, [who, field, before, after, when(entry)])
        item.setData(0, ENTRY_ROLE, entry)
        for column in range(len(COLUMNS)):
            item.setToolTip(column, item.text(column))
            if not applied:
                item.setForeground(column, QBrush(QColor(NOT_APPLIED)))

    def selected_entries(self) -> list[ChangeEntry]:
        return [item.data(0, ENTRY_ROLE) for item in self.tree.selectedItems()]

    def _enable(self) -> None:
        working = self.session.working_copy
        chosen = self.selected_entries()
        self.revert_button.setEnabled(any(working is not None and working.entry(e.key) for e in chosen))
        self.person_button.setEnabled(len(chosen) == 1 and working is not None
                                      and working.row_of(chosen[0].person_id) is not None)

    def revert_selected(self) -> None:
        working = self.session.working_copy
        chosen = [entry for entry in self.selected_entries() if working.entry(entry.key) is not None]
        if chosen:
            self.session.revert_changes(chosen)

    def show_person(self) -> None:
        chosen = self.selected_entries()
        if len(chosen) != 1:
            return
        person = chosen[0].person_id
        self.session.select([person], person)
        if self.session.current != person:
            self.status_message.emit("That person is not shown in the table now (a filter or the search hides them).")
