"""The menu bar: every action of the window, each with its shortcut shown beside it.

Menus hold the actions that toolbar buttons, context menus and the sidebar use too,
so whatever the mouse can do, the keyboard reaches from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import QMenu

from ..core import paths
from ..core.sheets import SHEET_CHOICES, sheet_choice_label

if TYPE_CHECKING:
    from .main_window import MainWindow

MANUAL_COLOURS = (("Yellow", "#FFF176"), ("Green", "#A5D6A7"), ("Blue", "#90CAF9"),
                  ("Orange", "#FFCC80"), ("Pink", "#F48FB1"))


def colour_icon(colour: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


def _add(menu: QMenu, window: MainWindow, text: str, slot, shortcut=None, tip: str = "",
         checkable: bool = False) -> QAction:
    """An action in a menu; a checkable one calls `slot(checked)` whenever its state changes."""
    action = QAction(text, window)
    action.setCheckable(checkable)
    (action.toggled if checkable else action.triggered).connect(slot)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    menu.addAction(action)
    return action


def fill_highlight_menu(menu: QMenu, window: MainWindow, with_shortcuts: bool = False) -> None:
    """Colours to give the selected rows by hand, and taking a hand colour away."""
    for number, (name, colour) in enumerate(MANUAL_COLOURS, start=1):
        action = menu.addAction(colour_icon(colour), name, lambda c=colour: window.highlight_selected(c))
        if with_shortcuts:
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
    menu.addSeparator()
    remove = menu.addAction("Remove hand highlight", lambda: window.highlight_selected(None))
    if with_shortcuts:
        remove.setShortcut(QKeySequence("Ctrl+0"))


def build_menus(window: MainWindow) -> None:
    bar = window.menuBar()
    session = window.session

    file_menu = bar.addMenu("&File")
    window.file_menu = file_menu
    window.open_action = _add(file_menu, window, "&Open…", window.choose_file, QKeySequence.StandardKey.Open)
    window.recent_menu = file_menu.addMenu("Open &Recent")
    window.recent_menu.aboutToShow.connect(window.fill_recent_menu)
    window.reload_action = _add(file_menu, window, "&Reload", window.reload, QKeySequence.StandardKey.Refresh)
    _add(file_menu, window, "Open &bundled dataset", lambda: window.open_file(paths.BUNDLED_WORKBOOK))
    file_menu.addSeparator()
    window.export_action = _add(file_menu, window, "&Export view…", window.export_view, "Ctrl+E",
                                "Save the rows and columns shown, in this order and colour, for Excel")
    file_menu.addSeparator()
    _add(file_menu, window, "Import &report…", window.show_import_report, "Ctrl+I",
         "What was read, mapped, skipped or doubtful in the open file")
    window.columns_action = _add(file_menu, window, "&Columns…", window.column_mapper.choose, "Ctrl+Shift+M",
                                 "Choose what each column of the open file is read as")
    file_menu.addSeparator()
    _add(file_menu, window, "&Quit", window.close, QKeySequence.StandardKey.Quit)

    edit_menu = bar.addMenu("&Edit")
    window.edit_menu = edit_menu
    window.undo_action = _add(edit_menu, window, "&Undo", session.undo, "Ctrl+Z")
    window.redo_action = _add(edit_menu, window, "&Redo", session.redo, "Ctrl+Shift+Z")
    edit_menu.addSeparator()
    copy = _add(edit_menu, window, "&Copy", window.table.copy_selection, QKeySequence.StandardKey.Copy,
                "Copy the selected rows, every value whole, for Excel")
    copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # the table's own Ctrl+C; text fields keep theirs
    window.table.addAction(copy)
    _add(edit_menu, window, "&Find", window.focus_search, QKeySequence.StandardKey.Find)
    edit_menu.addSeparator()
    fill_highlight_menu(edit_menu.addMenu("&Highlight selected rows"), window, with_shortcuts=True)
    edit_menu.addSeparator()
    window.clear_filters_action = _add(edit_menu, window, "Clear all &filters", session.clear_filters,
                                       "Ctrl+Shift+L", "Clear the search, column filters and facets")

    view_menu = bar.addMenu("&View")
    window.only_highlighted_action = _add(view_menu, window, "Show only &highlighted", session.set_only_highlighted,
                                          "Ctrl+H", checkable=True)
    window.fuzzy_action = _add(view_menu, window, "F&uzzy names", window.search_bar.fuzzy_box.setChecked,
                               "Ctrl+Shift+F", checkable=True)
    sheets = view_menu.addMenu("&Sheet")
    group = QActionGroup(window)
    window.sheet_actions = {}
    for number, choice in enumerate(("all", *(c for c in SHEET_CHOICES if c != "all")), start=1):
        action = _add(sheets, window, sheet_choice_label(choice), lambda _=False, c=choice: session.set_sheet(c),
                      f"Ctrl+Alt+{number}")
        action.setCheckable(True)  # chosen by the session's state, not by toggling
        group.addAction(action)
        window.sheet_actions[choice] = action
    view_menu.addSeparator()
    _add(view_menu, window, "Go to the &table", window.table.setFocus, "Ctrl+T")
    window.freeze_action = _add(view_menu, window, "&Freeze name column", window.table.set_name_frozen,
                                checkable=True)
    window.columns_menu = view_menu.addMenu("&Columns")
    window.columns_menu.aboutToShow.connect(lambda: window.fill_columns_menu(window.columns_menu))
    _add(view_menu, window, "&Reset columns", window.reset_columns)
    view_menu.addSeparator()
    panels = view_menu.addMenu("&Panels")
    for dock, shortcut in ((window.sidebar, "Ctrl+Shift+R"), (window.detail_pane, "Ctrl+Shift+P")):
        toggle = dock.toggleViewAction()
        toggle.setShortcut(QKeySequence(shortcut))
        panels.addAction(toggle)
    window.charts_action = _add(panels, window, "&Charts", window.toggle_chart_panel, "Ctrl+Shift+C",
                                "Compare administrations: charts of the people counted")
    window.charts_action.setCheckable(True)
    window.view_menu = view_menu

    rules_menu = bar.addMenu("&Rules")
    rule_list = window.sidebar.rules_list
    for action in rule_list.edit_actions():
        rules_menu.addAction(action)
    _add(rules_menu, window, "&List people unclear for this rule", rule_list.list_unclear, "Ctrl+Shift+U",
         "People the rule leaves out only because a yes / no value is not recorded")
    rules_menu.addSeparator()
    rule_list.add_file_actions(rules_menu)

    help_menu = bar.addMenu("&Help")
    _add(help_menu, window, "&Guide", window.show_guide, QKeySequence.StandardKey.HelpContents)
    _add(help_menu, window, "&About Sanctions Workbench", window.show_about)
