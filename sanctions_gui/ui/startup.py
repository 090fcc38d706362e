"""Starting the window: the analyst's workspace (or a temporary one), then the workbook."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ..core import paths
from ..core.early_read import EarlyRead
from ..core.workspace import Workspace, WorkspaceError
from .app_settings import APP_NAME, ORGANISATION
from .messages import show_message
from .workers import SHOW_PROGRESS_AFTER_MS

# The longest the window waits for its first workbook before it shows anyway: less than
# a slow load's progress box waits, so that box always has its window.
SHOW_WITHIN_MS = SHOW_PROGRESS_AFTER_MS - 100


def open_workspace() -> tuple[Workspace, str | None]:
    """The analyst's workspace, or a temporary one when it cannot be opened (locked by
    another copy of the app, unreadable): the app still works, and says what was lost."""
    try:
        workspace = Workspace.open()
        return workspace, workspace.recovery_message
    except WorkspaceError as error:
        temporary = Path(tempfile.mkdtemp(prefix="sanctions-workbench-")) / "workspace.sqlite3"
        return Workspace.open(temporary), (
            f"{error} Notes, flags, hand colours, rules and unsaved edits from earlier sessions are not "
            "shown, and those made in this session will not be kept when the app closes; to keep "
            "edits, save them with File › Save as.")


def show_when_ready(window) -> None:
    """Show the window once its first workbook is on it (or could not be read), or after
    SHOW_WITHIN_MS when reading takes longer: it is painted once, whole, rather than
    empty and then again with the table."""
    def show() -> None:
        if not window.isVisible():
            window.show()

    window.dataset_loaded.connect(show)
    window.load_failed.connect(show)  # before the message saying why, which needs its window
    QTimer.singleShot(SHOW_WITHIN_MS, show)


def run_window(argv: list[str], early_read: EarlyRead | None = None) -> int:
    """Open the window on FILE (the first argument) or on the bundled dataset, taking it from
    `early_read` when that read it."""
    from .main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    workspace, problem = open_workspace()
    window = MainWindow(workspace)
    window.loader.early_read = early_read
    window.open_file(Path(argv[0]) if argv else paths.BUNDLED_WORKBOOK)
    if problem:
        window.show()
        show_message(window, "Your workspace", problem)
    else:  # it appears once, with its table, unless the file is slow to read
        show_when_ready(window)
    code = app.exec()
    workspace.close()
    return code
