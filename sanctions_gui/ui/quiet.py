"""Changing a widget's items from the program without taking it for the analyst's doing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QWidget


@contextmanager
def quietly(widget: QWidget) -> Iterator[None]:
    """Block the widget's own signals (itemChanged ...) while the program fills it."""
    blocker = QSignalBlocker(widget)
    try:
        yield
    finally:
        blocker.unblock()
