"""The working copy in the window: Save as, Discard changes, Add / Remove / Restore people, Changes.

`install_editing(window)` adds the actions to the File and Edit menus (and the table's
right-click menu), the bar over the table that says what is unsaved, and the Changes
view. Save as runs off the UI thread: the working copy is written to a new workbook
(never the source), read back as any workbook is read and compared with the working copy;
only when they agree does the app go on with the saved file as its source. The edits
themselves are the session's intents; this module only asks and tells the analyst.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from ..core.cell_edits import EditRefused
from ..core.progress import Cancelled
from ..core.session import Change, SessionEvent
from .app_settings import APP_NAME
from .file_dialogs import save_path
from .messages import show_message
from .workers import BackgroundTask
from .working_copy_bar import WorkingCopyBar

if TYPE_CHECKING:
    from ..core.save_check import ReadBack
    from ..core.save_workbook import SaveResult
    from .changes_view import ChangesView  # it and the Add person dialog load when first opened
    from .main_window import MainWindow

SAVE_FILTER = "Excel workbook (*.xlsx)"


def install_editing(window: MainWindow) -> Editing:
    window.editing = Editing(window)
    return window.editing


def _action(window, text: str, slot, shortcut=None, tip: str = "") -> QAction:
    action = QAction(text, window)
    action.triggered.connect(slot)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    return action


class Editing(QObject):
    """The window's part of the working copy."""

    saved = Signal(object)  # the Path the working copy was saved to and is now the source
    save_failed = Signal(str)  # the plain message shown

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.changes_view: ChangesView | None = None
        self._task: BackgroundTask | None = None
        self.save_as_action = _action(window, "Save &as…", self.save_as, "Ctrl+Shift+S",
                                      "Save the working copy, with your changes, as a new workbook")
        self.discard_action = _action(window, "&Discard changes…", self.discard,
                                      tip="Return to the file as it was read (Edit › Undo brings the changes back)")
        self.add_action = _action(window, "&Add person…", self.add_person, "Ctrl+Shift+N",
                                  "Add a person to one of the workbook's sheets")
        self.remove_action = _action(window, "Re&move selected people", self.remove_selected, "Ctrl+Delete",
                                     "Take the selected people out of the working copy (shown struck out until saved)")
        self.restore_action = _action(window, "Res&tore selected people", self.restore_selected,
                                      tip="Bring back people removed from the working copy")
        self.changes_action = _action(window, "C&hanges…", self.show_changes, "Ctrl+Shift+H",
                                      "Every change of the working copy, to look at or revert")
        self._place_actions()
        self.bar = WorkingCopyBar(self.session, window, {"changes": self.changes_action,
                                                         "save_as": self.save_as_action,
                                                         "discard": self.discard_action})
        window.addToolBarBreak()
        window.addToolBar(self.bar)
        self.session.subscribe(self._on_session)
        self._enable()

    def _place_actions(self) -> None:
        window = self.window
        file_actions = window.file_menu.actions()
        after_export = file_actions[file_actions.index(window.export_action) + 1]
        window.file_menu.insertAction(after_export, self.save_as_action)
        window.file_menu.insertAction(after_export, self.discard_action)
        edit = window.edit_menu
        edit.addSeparator()
        for action in (self.add_action, self.remove_action, self.restore_action, self.changes_action):
            edit.addAction(action)

    def fill_table_menu(self, menu: QMenu) -> None:
        """The table's right-click menu: edit the cell, remove or restore the people."""
        menu.addSeparator()
        index = self.window.table.currentIndex()
        edit = menu.addAction("Edit cell", lambda: self.window.table.edit(index))
        edit.setEnabled(index.isValid() and bool(index.flags() & Qt.ItemFlag.ItemIsEditable))
        for action in (self.remove_action, self.restore_action):
            menu.addAction(action)

    def _on_session(self, event: SessionEvent) -> None:
        if event.changes & (Change.DATASET | Change.SELECTION):
            self._enable()

    def _enable(self) -> None:
        session, working = self.session, self.session.working_copy
        has_source = session.dataset is not None and session.dataset.source is not None
        self.save_as_action.setEnabled(has_source and self._task is None)
        self.discard_action.setEnabled(working is not None and working.has_changes)
        self.add_action.setEnabled(session.dataset is not None and bool(session.sheet_names()))
        chosen = session.selection
        removed = [working.is_removed(p) for p in chosen] if working is not None else []
        self.remove_action.setEnabled(not all(removed) if removed else False)
        self.restore_action.setEnabled(any(removed))

    # --- people ------------------------------------------------------------------------------------

    def add_person(self) -> None:
        from .person_dialogs import AddPersonDialog

        dialog = AddPersonDialog(self.session, self.window)
        if dialog.exec() != dialog.DialogCode.Accepted or dialog.person_id is None:
            return
        person = dialog.person_id
        self.session.select([person], person)
        window = self.window
        if self.session.current == person:
            window.detail_pane.show()
            window.detail_pane.raise_()
            window.detail_pane.start_editing()
            window.say(f"Added {self.session.person_name(person)}: fill in the rest in the table or the person pane.")
        else:
            window.say(f"Added {self.session.person_name(person)}; the search or a filter hides them from the table now.")

    def remove_selected(self) -> None:
        people = [p for p in self.session.selection if not self.session.working_copy.is_removed(p)]
        self.session.remove_people(people)
        if people:
            self.window.say(f"Removed {len(people):,} from the working copy; they stay in view, struck out, "
                            "until you save (Edit › Undo, or Restore, brings them back).")

    def restore_selected(self) -> None:
        self.session.restore_people(self.session.selection)

    def show_changes(self) -> None:
        if self.changes_view is None:
            from .changes_view import ChangesView

            self.changes_view = ChangesView(self.session, self.window)
            self.changes_view.status_message.connect(self.window.say)
        self.changes_view.show()
        self.changes_view.raise_()
        self.changes_view.activateWindow()

    def discard(self) -> None:
        working = self.session.working_copy
        if working is None or not working.has_changes:
            return
        count = len(working.entries()) + len(working.unplaced)
        box = QMessageBox(QMessageBox.Icon.Question, "Discard changes",
                          f"Discard the {count:,} change{'s' if count != 1 else ''} of the working copy and return "
                          f"to {self.session.dataset.source.name} as it was read?",
                          QMessageBox.StandardButton.Cancel, self.window)
        box.setInformativeText("Edit › Undo brings them back, until you close the app or open another file.")
        discard = box.addButton("Discard changes", QMessageBox.ButtonRole.DestructiveRole)
        box.exec()
        if box.clickedButton() is discard:
            self.session.discard_changes()
            self.window.say(f"Discarded {count:,} changes; this is the file as it was read.")

    # --- save as -----------------------------------------------------------------------------------

    def save_as(self) -> None:
        from ..core.save_workbook import SaveError, check_save_target

        session, window = self.session, self.window
        source = session.dataset.source if session.dataset is not None else None
        if source is None or self._task is not None:
            return
        target = save_path(window, "save", "Save the working copy as a new workbook",
                           f"{source.stem} (edited).xlsx", SAVE_FILTER)
        if target is None:
            return
        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        try:
            check_save_target(target, source)
        except SaveError as error:
            self._failed(str(error))
            return
        self.save_to(target)

    def save_to(self, target: Path, wait: bool = False) -> None:
        """Write the working copy to `target` off the UI thread, then go on with it as the source."""
        snapshot = self.session.working_copy.snapshot(self.session.dataset.report, self.session.dataset.source)
        self.session.saving = True
        for action in (self.window.undo_action, self.window.redo_action):
            action.setEnabled(False)  # the working copy holds still until it is saved
        self._task = BackgroundTask(lambda progress, cancelled: _save_and_read_back(snapshot, target, progress,
                                                                                    cancelled),
                                    f"Saving {target.name}", self.window)
        self._task.finished.connect(self._saved)
        self._task.failed.connect(self._save_error)
        self._task.cancelled.connect(lambda: self._done("Save as was cancelled; nothing was written."))
        self._enable()
        self._task.start()
        if wait:
            self._task.wait()

    def _done(self, message: str = "") -> None:
        self.session.saving = False
        self._task = None
        self._enable()
        self.window.undo_action.setEnabled(self.session.history.can_undo)
        self.window.redo_action.setEnabled(self.session.history.can_redo)
        if message:
            self.window.say(message)

    def _saved(self, outcome: tuple[SaveResult, ReadBack, object]) -> None:
        result, back, dataset = outcome
        self._done()
        window = self.window
        if back.differences:
            message = (f"{result.path.name} was written, but reading it back does not give the working copy "
                       "exactly, so the app goes on with your working copy of "
                       f"{self.session.dataset.source.name}, its changes kept.")
            self.save_failed.emit(message)
            show_message(window, "Saved, with differences", message, details="\n".join(back.differences))
            return
        window.columns.save()
        carried = self.session.adopt_saved(dataset, back.person_ids)
        window.columns.restore()
        window.table.frozen_view.set_active(window.freeze_action.isChecked())
        window.workspace.add_recent_file(result.path)
        window.settings.setValue("last_file", str(result.path))
        window.setWindowTitle(f"{result.path.name} — {APP_NAME}")
        notes = f"; notes, flags and colours of {carried:,} people came along" if carried else ""
        window.say(f"Saved as {result.path}; the app now works on that file{notes}.")
        if result.left_out:
            show_message(window, "Saved: some sheets were not carried over",
                         f"{result.path.name} holds every sheet the app could read, but not these, which it "
                         "could not read in the source:",
                         details="\n".join(f"{name}: {why}" for name, why in result.left_out),
                         icon=QMessageBox.Icon.Information)
        self.saved.emit(result.path)

    def _save_error(self, error: BaseException) -> None:
        from ..core.save_workbook import SaveError

        self._done()
        if isinstance(error, Cancelled):
            return
        self._failed(str(error) if isinstance(error, (SaveError, EditRefused)) else
                     f"The working copy could not be saved because of an unexpected problem "
                     f"({type(error).__name__}: {error}). Your changes are kept in your workspace.")

    def _failed(self, message: str) -> None:
        self.save_failed.emit(message)
        show_message(self.window, "Could not save", message)

    def stop(self) -> None:
        if self._task is not None:
            self._task.stop()


def _save_and_read_back(snapshot, target: Path, progress, cancelled):
    """In the background: write, read back, and make the dataset the app goes on with."""
    from ..core import schema
    from ..core.save_check import read_back
    from ..core.save_workbook import save_working_copy
    from ..core.view import Dataset

    result = save_working_copy(snapshot, target, lambda f, m: progress(0.6 * f, m), cancelled)
    back = read_back(result, snapshot, lambda f, m: progress(0.6 + 0.4 * f, f"Reading {target.name} back"), cancelled)
    dataset = Dataset(back.loaded.frame, result.path, back.loaded.report)
    for column in dataset.columns:  # the table's text, made here and not on the first paint
        dataset.text(column)
    dataset.sort_codes(schema.Col.NAME)
    return result, back, dataset
