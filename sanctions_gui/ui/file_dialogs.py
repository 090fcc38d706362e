"""File dialogs that open where the analyst last was for the same purpose.

Each purpose ("workbook", "export", "rules", "chart" ...) remembers its own folder in
the user's settings, so saving a chart does not send the next workbook dialog to the
charts folder. A folder that has since gone falls back to the home folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from .app_settings import app_settings

_KEY = "dialog_folders/{}"


def last_folder(purpose: str) -> Path:
    """The folder the last dialog for this purpose was left in, else the home folder."""
    saved = app_settings().value(_KEY.format(purpose))
    folder = Path(str(saved)) if saved else Path.home()
    return folder if folder.is_dir() else Path.home()


def _remember(purpose: str, chosen: str) -> Path:
    path = Path(chosen)
    settings = app_settings()
    settings.setValue(_KEY.format(purpose), str(path.parent))
    settings.sync()
    return path


def open_path(parent: QWidget | None, purpose: str, caption: str, filters: str) -> Path | None:
    """Ask for a file to open; None when the analyst cancels."""
    chosen, _ = QFileDialog.getOpenFileName(parent, caption, str(last_folder(purpose)), filters)
    return _remember(purpose, chosen) if chosen else None


def save_path(parent: QWidget | None, purpose: str, caption: str, suggested_name: str,
              filters: str) -> Path | None:
    """Ask where to save, offering `suggested_name` in the last folder; None when cancelled."""
    start = last_folder(purpose) / suggested_name
    chosen, _ = QFileDialog.getSaveFileName(parent, caption, str(start), filters)
    return _remember(purpose, chosen) if chosen else None


def dropped_spreadsheet(mime) -> Path | None:
    """The first local spreadsheet among the files dragged onto the window, or None."""
    from ..core.formats import SPREADSHEET_SUFFIXES  # with the XML parser it needs: on the first drag

    if not mime.hasUrls():
        return None
    for url in mime.urls():
        path = Path(url.toLocalFile())
        if url.isLocalFile() and path.suffix.lower() in SPREADSHEET_SUFFIXES:
            return path
    return None
