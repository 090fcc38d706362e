"""Starting the window: it appears once, with its table already filled, and a slow or bad
workbook never leaves it hidden."""

from __future__ import annotations

import threading

from PySide6.QtCore import QEvent, QObject, QSettings

from sanctions_gui.core import paths, reading
from sanctions_gui.core.workspace import Workspace
from sanctions_gui.ui import loading, startup
from sanctions_gui.ui.main_window import MainWindow
from windows import LOAD_TIMEOUT_MS, close_window


class RowsWhenPainted(QObject):
    """The table's row count at each paint of the watched viewport, and at each show."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.painted: list[int] = []
        self.shown: list[int] = []
        window.table.viewport().installEventFilter(self)
        window.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint and watched is self.window.table.viewport():
            self.painted.append(self.window.model.rowCount())
        elif event.type() == QEvent.Type.Show and watched is self.window:
            self.shown.append(self.window.model.rowCount())
        return False


def new_window(qtbot, tmp_path) -> MainWindow:
    window = MainWindow(Workspace.open(), QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    return window


def test_the_window_first_appears_and_paints_with_every_person_in_its_table(qtbot, tmp_path, monkeypatch, bundled):
    monkeypatch.setattr(startup, "SHOW_WITHIN_MS", 10 * 60 * 1000)  # only the workbook arriving shows it
    window = new_window(qtbot, tmp_path)
    seen = RowsWhenPainted(window)
    window.open_file(paths.BUNDLED_WORKBOOK)
    startup.show_when_ready(window)
    qtbot.waitUntil(lambda: bool(seen.painted), timeout=LOAD_TIMEOUT_MS)
    assert seen.shown == [len(bundled.frame)]
    assert seen.painted[0] == len(bundled.frame)
    close_window(window)


def test_a_slow_workbook_does_not_keep_the_window_hidden(qtbot, tmp_path, monkeypatch, bundled):
    release = threading.Event()
    real_read = reading.read_workbook  # what the loader calls, with the columns remembered or not

    def slow_read(*args, **kwargs):
        release.wait(timeout=120)
        return real_read(*args, **kwargs)

    monkeypatch.setattr(reading, "read_workbook", slow_read)
    window = new_window(qtbot, tmp_path)
    window.open_file(paths.BUNDLED_WORKBOOK)
    startup.show_when_ready(window)
    qtbot.waitUntil(window.isVisible, timeout=LOAD_TIMEOUT_MS)
    assert window.model.rowCount() == 0  # shown while the file is still being read
    with qtbot.waitSignal(window.dataset_loaded, timeout=LOAD_TIMEOUT_MS):
        release.set()
    assert window.model.rowCount() == len(bundled.frame)
    close_window(window)


def test_a_workbook_that_cannot_be_read_shows_the_window_before_saying_why(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(startup, "SHOW_WITHIN_MS", 10 * 60 * 1000)
    said = []
    monkeypatch.setattr(loading, "show_message", lambda parent, title, text, **_: said.append(
        (parent.isVisible(), title)))
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    window = new_window(qtbot, tmp_path)
    window.open_file(broken)
    startup.show_when_ready(window)
    qtbot.waitUntil(lambda: bool(said), timeout=LOAD_TIMEOUT_MS)
    assert said == [(True, "Could not open the file")]
    close_window(window)
