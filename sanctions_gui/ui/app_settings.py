"""The app's name and where Qt keeps its per-user settings (window layout, dialog folders)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

APP_NAME = "Sanctions Workbench"
ORGANISATION = "sanctions-workbench"


def app_settings() -> QSettings:
    """The user's settings store, named explicitly so it is the same whoever asks."""
    return QSettings(ORGANISATION, APP_NAME)
