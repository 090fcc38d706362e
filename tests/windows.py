"""Opening the main window in tests, and reading what it shows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QSettings, Qt

from sanctions_gui.core import paths
from sanctions_gui.core.workspace import Workspace
from sanctions_gui.ui.filter_header import FILTER_MARK_WIDTH
from sanctions_gui.ui.main_window import MainWindow

LOAD_TIMEOUT_MS = 30000


def open_window(qtbot, settings_path: Path, path: Path = paths.BUNDLED_WORKBOOK,
                size: tuple[int, int] | None = None) -> MainWindow:
    workspace = Workspace.open()
    window = MainWindow(workspace, QSettings(str(settings_path), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    if size is not None:
        window.resize(*size)
    window.show()
    with qtbot.waitSignal(window.dataset_loaded, timeout=LOAD_TIMEOUT_MS):
        window.open_file(path)
    return window


def close_window(window: MainWindow) -> None:
    window.close()
    window.workspace.close()


def shown_column(window: MainWindow, column: str) -> list[str]:
    model = window.model
    section = model.column_of(column)
    return [model.index(row, section).data() for row in range(model.rowCount())]


def click_header(qtbot, window: MainWindow, column: str, on_mark: bool = False) -> None:
    """Click a column's header (its ▾ mark with on_mark) where the analyst sees it: on the
    frozen name column's own header when the name is frozen."""
    section = window.model.column_of(column)
    frozen = window.table.frozen_view
    header = frozen.horizontalHeader() if frozen.isVisible() and column == "name" else \
        window.table.horizontalHeader()
    left = header.sectionViewportPosition(section)
    x = left + header.sectionSize(section) - FILTER_MARK_WIDTH // 2 if on_mark else left + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def person_row(window: MainWindow, name: str) -> int:
    return shown_column(window, "name").index(name)


def select_person(qtbot, window: MainWindow, name: str) -> None:
    """Click a person's row in the table, scrolling to it first."""
    row = person_row(window, name)
    column = window.model.column_of("position")
    index = window.model.index(row, column)
    window.table.scrollTo(index)
    rect = window.table.visualRect(index)
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def person_id(window: MainWindow, name: str) -> str:
    """A person's id in the window's data."""
    frame = window.session.dataset.frame
    return str(frame.loc[frame["name"] == name, "person_id"].iloc[0])
