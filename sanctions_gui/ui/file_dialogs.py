"""Open and save dialogs that start in the folder used last for the same purpose.

An analyst who exports ten charts into a report folder should not have to find it ten times,
and opening a workbook should not start there. Each purpose ("workbook", "chart-export" …)
keeps its own last folder in QSettings; a folder that no longer exists falls back to home.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

_KEY = "last_folder/{purpose}"


def _start_folder(purpose: str) -> Path:
    folder = QSettings().value(_KEY.format(purpose=purpose), "", type=str)
    return Path(folder) if folder and Path(folder).is_dir() else Path.home()


def _remember(purpose: str, chosen: str) -> Path | None:
    if not chosen:
        return None
    path = Path(chosen)
    QSettings().setValue(_KEY.format(purpose=purpose), str(path.parent))
    return path


def open_path(parent: QWidget | None, purpose: str, caption: str, filters: str) -> Path | None:
    """The file the analyst picked to open, or None if they cancelled."""
    chosen, _ = QFileDialog.getOpenFileName(parent, caption, str(_start_folder(purpose)), filters)
    return _remember(purpose, chosen)


def save_path(parent: QWidget | None, purpose: str, caption: str, suggested_name: str, filters: str) -> Path | None:
    """Where the analyst chose to save, or None if they cancelled."""
    chosen, _ = QFileDialog.getSaveFileName(parent, caption, str(_start_folder(purpose) / suggested_name), filters)
    return _remember(purpose, chosen)
