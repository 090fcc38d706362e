"""The window over a copy of the bundled workbook, for tests that edit it (the shipped file stays as it is)."""

from __future__ import annotations

import shutil

import pytest

from sanctions_gui.core import paths
from windows import close_window, open_window


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / "sanciones.xlsx"
    shutil.copy(paths.BUNDLED_WORKBOOK, path)
    return path


@pytest.fixture
def window(qtbot, tmp_path, workbook):
    window = open_window(qtbot, tmp_path / "settings.ini", workbook)
    yield window
    close_window(window)
