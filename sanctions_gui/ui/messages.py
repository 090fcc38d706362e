"""Messages to the analyst, one at a time, never under or over another modal box.

`show_message` opens a window-modal message box without blocking (no nested event
loop). A progress box on screen makes way first and comes back once the message is
read; a second message waits until the first is closed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from .workers import ProgressBox, message_box_open

_waiting: list[QMessageBox] = []


def show_message(parent: QWidget | None, title: str, text: str, *, informative: str = "", details: str = "",
                 icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> QMessageBox:
    """Tell the analyst something in plain words; returns the box (already open, or queued)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if informative:
        box.setInformativeText(informative)
    if details:
        box.setDetailedText(details)
    box.finished.connect(_show_next)
    if message_box_open():
        _waiting.append(box)
    else:
        _present(box)
    return box


def _present(box: QMessageBox) -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, ProgressBox) and widget.isVisible():
            widget.hide()
            widget.come_back_later()
    box.open()


def _show_next(*_args) -> None:
    if _waiting and not message_box_open():
        _present(_waiting.pop(0))
