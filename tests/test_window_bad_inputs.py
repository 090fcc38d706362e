"""Every bad-input corpus file opened from the window, as an analyst would open it.

The window must either show the file's people or show one plain message, and in the
second case keep the data it had and stay usable. The file itself is never changed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from corpus import EXPECTED, build_corpus
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from sanctions_gui.core import paths
from sanctions_gui.core.workspace import Workspace
from sanctions_gui.ui.main_window import MainWindow

LOAD_TIMEOUT_MS = 300_000  # only a hang fails this; speed is measured in bench/


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    return build_corpus(tmp_path_factory.mktemp("window-corpus"))


def fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_window_opens_or_refuses_each_bad_input(qtbot, corpus, case, tmp_path, monkeypatch):
    expected = EXPECTED[case]
    path = corpus[case]
    before = fingerprint(path)
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: messages.append(box.text()))

    workspace = Workspace.open()
    window = MainWindow(workspace, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.dataset_loaded, timeout=LOAD_TIMEOUT_MS):
        window.open_file(paths.BUNDLED_WORKBOOK)
    bundled_rows = window.model.rowCount()

    outcome: list[str] = []
    window.dataset_loaded.connect(lambda _dataset: outcome.append("loaded"))
    window.load_failed.connect(lambda _message: outcome.append("failed"))
    window.open_file(path)
    qtbot.waitUntil(lambda: bool(outcome), timeout=LOAD_TIMEOUT_MS)

    if expected.loads:
        assert outcome == ["loaded"], messages
        assert window.dataset.source == path
        assert window.model.rowCount() == expected.rows
    else:
        assert outcome == ["failed"]
        assert len(messages) == 1 and path.name in messages[0] and expected.error in messages[0]
        assert window.dataset.source == paths.BUNDLED_WORKBOOK
        assert window.model.rowCount() == bundled_rows
        qtbot.keyClicks(window.search_field, "tareck")
        assert window.model.rowCount() == 1, "the window still answers after the failed open"
    assert fingerprint(path) == before, "the file was changed"
    window.close()
    workspace.close()
