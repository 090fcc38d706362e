"""Shared pytest set-up for Sanctions Workbench."""

import csv
import os

# --- Qt platform ------------------------------------------------------------------
# Tests draw no window on a screen: Qt's "offscreen" platform needs no display, so they
# run the same on a desktop, over ssh and in CI. Set before anything imports Qt; a
# QT_QPA_PLATFORM already set by the caller (e.g. "xcb" to watch a test) wins.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402 - after the platform is chosen

from sanctions_gui.core import paths, vocabularies  # noqa: E402
from sanctions_gui.core.reading import read_workbook  # noqa: E402


# --- the user's files ----------------------------------------------------------------
# Every test gets its own workspace store and Qt settings, so notes, rules and window
# state never leak between tests or into the real user's data directory.
@pytest.fixture(autouse=True)
def isolated_user_data(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("user-data")
    monkeypatch.setenv("SANCTIONS_WORKBENCH_HOME", str(home / "workspace"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    # Qt reads XDG_CONFIG_HOME once per process, so the settings folder is also set here,
    # for every QSettings made during the test (dialog folders, export sizes, window state).
    from PySide6.QtCore import QSettings

    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, str(home / "config"))
    return home


# --- the bundled dataset, read once ----------------------------------------------------
SOURCE_CSV = paths.BUNDLED_WORKBOOK.with_suffix(".csv")


@pytest.fixture(scope="session")
def bundled():
    """The bundled workbook as the reader returns it; tests must not modify the frame."""
    return read_workbook(paths.BUNDLED_WORKBOOK)


@pytest.fixture(scope="session")
def frame(bundled):
    return bundled.frame


@pytest.fixture(scope="session")
def source_rows() -> list[dict[str, str]]:
    """The dataset's CSV source read with the csv module, not the app's reader, so tests
    can count what to expect independently of the code they test."""
    with SOURCE_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="session")
def source_by_name(source_rows) -> dict[str, dict[str, str]]:
    return {row["name"]: row for row in source_rows}


def source_sheet(row: dict[str, str]) -> str:
    """The sheet a CSV row belongs on, by the rule data/README.md states: dated rows by the day
    E.O. 13692 took effect; undated rows by whether their administration began after it."""
    if row["us_designation_date"]:
        after = row["us_designation_date"] >= vocabularies.EO_13692_DATE.isoformat()
    else:
        after = dict(vocabularies.ADMINISTRATION_STARTS)[row["administration"]] > vocabularies.EO_13692_DATE
    return vocabularies.SHEET_POST if after else vocabularies.SHEET_PRE


@pytest.fixture
def source_sheet_counts(source_rows) -> dict[str, int]:
    counts = {vocabularies.SHEET_POST: 0, vocabularies.SHEET_PRE: 0}
    for row in source_rows:
        counts[source_sheet(row)] += 1
    return counts


@pytest.fixture
def workspace():
    """The test's own workspace store (in the isolated user data), closed afterwards."""
    from sanctions_gui.core.workspace import Workspace

    store = Workspace.open()
    yield store
    store.close()
