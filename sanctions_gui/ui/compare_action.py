"""File › Compare with official list…: the menu entry, and the view made when first asked for.

The view and the list readers it uses (rapidfuzz among them) load on first use, not while
the window starts (cold start, issue 14).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from .compare_view import CompareView
    from .main_window import MainWindow

SHORTCUT = "Ctrl+Shift+O"


def install_compare(window: MainWindow) -> None:
    """File › Compare with official list… (Ctrl+Shift+O), after File › Columns…."""
    action = QAction("Compare with official &list…", window)
    action.setShortcut(QKeySequence(SHORTCUT))
    action.setStatusTip("Compare the workbook, or an older download, with an official sanctions list file")
    action.triggered.connect(lambda: show_compare(window))
    actions = window.file_menu.actions()
    window.file_menu.insertAction(actions[actions.index(window.columns_action) + 1], action)
    window.compare_action = action
    window.compare_view = None


def show_compare(window: MainWindow) -> CompareView:
    from .compare_view import CompareView

    if window.compare_view is None:
        window.compare_view = CompareView(window)
    view = window.compare_view
    view.show()
    view.raise_()
    view.activateWindow()
    return view
