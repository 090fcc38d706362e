"""Starting the window: the analyst's workspace (or a temporary one), then the workbook."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from ..core import paths
from ..core.workspace import Workspace, WorkspaceError
from .app_settings import APP_NAME, ORGANISATION
from .messages import show_message


def open_workspace() -> tuple[Workspace, str | None]:
    """The analyst's workspace, or a temporary one when it cannot be opened (locked by
    another copy of the app, unreadable): the app still works, and says what was lost."""
    try:
        workspace = Workspace.open()
        return workspace, workspace.recovery_message
    except WorkspaceError as error:
        temporary = Path(tempfile.mkdtemp(prefix="sanctions-workbench-")) / "workspace.sqlite3"
        return Workspace.open(temporary), (
            f"{error} Notes, flags, highlights and rules you change in this session will not be kept.")


def run_window(argv: list[str]) -> int:
    """Open the window on FILE (the first argument) or on the bundled dataset."""
    from .main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    workspace, problem = open_workspace()
    window = MainWindow(workspace)
    window.show()
    if problem:
        show_message(window, "Your workspace", problem)
    window.open_file(Path(argv[0]) if argv else paths.BUNDLED_WORKBOOK)
    code = app.exec()
    workspace.close()
    return code
