"""Regression tests for the Qt binding the app runs on."""

import sys

from PySide6.QtWidgets import QWidget


def test_pyside_keeps_its_references_to_none_and_bools(qtbot):
    """PySide6 6.12.0 on Python 3.11 released a reference to None on every call returning
    nothing (and to True/False on bool signals), so a long session aborted with
    "Fatal Python error: none_dealloc". pyproject.toml pins PySide6 below 6.12."""
    widget = QWidget()
    qtbot.addWidget(widget)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    received = []
    for _ in range(1000):
        widget.setToolTip("x")
    widget.windowTitleChanged.connect(received.append)
    for i in range(1000):
        widget.setWindowTitle(str(i))
    assert len(received) == 1000
    assert sys.getrefcount(None) >= none_before - 10
    assert sys.getrefcount(True) >= true_before - 10
