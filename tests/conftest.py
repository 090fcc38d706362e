"""Shared pytest set-up for Sanctions Workbench."""

import os

# --- Qt platform ------------------------------------------------------------------
# Tests draw no window on a screen: Qt's "offscreen" platform needs no display, so they
# run the same on a desktop, over ssh and in CI. Set before anything imports Qt; a
# QT_QPA_PLATFORM already set by the caller (e.g. "xcb" to watch a test) wins.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402 - after the platform is chosen

from sanctions_gui.core import paths  # noqa: E402
from sanctions_gui.core.reading import read_workbook  # noqa: E402


# --- the user's files ----------------------------------------------------------------
# Every test gets its own workspace store and Qt settings, so notes, rules and window
# state never leak between tests or into the real user's data directory.
@pytest.fixture(autouse=True)
def isolated_user_data(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("user-data")
    monkeypatch.setenv("SANCTIONS_WORKBENCH_HOME", str(home / "workspace"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    return home


# --- the bundled dataset, read once ----------------------------------------------------
@pytest.fixture(scope="session")
def bundled():
    """The bundled workbook as the reader returns it; tests must not modify the frame."""
    return read_workbook(paths.BUNDLED_WORKBOOK)
