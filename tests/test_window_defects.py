"""Regression tests for what issue 10 found the window doing wrong, one or more per defect,
each driving the real widgets as an analyst would."""

from __future__ import annotations

import csv
import io
import threading
import time

import pytest
from PySide6.QtCore import QByteArray, QPoint, QRect, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QTableWidget, QWidget

from conftest import source_sheet
from sanctions_gui import __version__
from sanctions_gui.core import paths, reading, vocabularies
from sanctions_gui.core.columns import ALSO_SANCTIONED_BY, READING_ORDER
from sanctions_gui.core.folding import fold
from sanctions_gui.core.reading import WorkbookError
from sanctions_gui.ui.messages import show_message
from sanctions_gui.ui.rule_list import COUNT_ROLE
from sanctions_gui.ui.table_model import SCORE_COLUMN
from sanctions_gui.ui.workers import BackgroundTask, ProgressBox
from windows import LOAD_TIMEOUT_MS, click_header, close_window, open_window, person_row, select_person, shown_column

TARECK = "Tareck Zaidan El Aissami Maddah"
KEY_FACTS = READING_ORDER[:7]  # name, position, date sanctioned, administration, reasons, security, others


@pytest.fixture
def settings_path(tmp_path):
    return tmp_path / "settings.ini"


@pytest.fixture
def window(qtbot, settings_path):
    window = open_window(qtbot, settings_path, size=(1400, 860))
    yield window
    close_window(window)


def visible_progress_boxes() -> list[ProgressBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, ProgressBox) and w.isVisible()]


def visible_message_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


# --- 1. copy cuts long cells ----------------------------------------------------------------------


def test_copy_carries_a_long_sources_cell_whole(qtbot, window, source_rows):
    """Regression: a 494-character source list reached Excel as 200 characters and "…"."""
    longest = max(source_rows, key=lambda row: len(row["sources"]))["name"]
    select_person(qtbot, window, longest)
    full = window.dataset.text("sources")[window.session.frame_row(window.session.current)]
    assert len(full) > 400
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    pasted = list(csv.reader(io.StringIO(QGuiApplication.clipboard().text()), dialect="excel-tab"))
    header, row = pasted
    assert row[header.index("Sources")] == full
    assert row[header.index("Name")] == longest


def test_copy_keeps_a_cell_with_a_line_break_in_one_cell(qtbot, window, tmp_path):
    source = tmp_path / "notes.csv"
    source.write_text('Name,Notes\nAna Pérez,"first line\nsecond ""quoted"" line"\n', encoding="utf-8")
    with qtbot.waitSignal(window.dataset_loaded, timeout=LOAD_TIMEOUT_MS):
        window.open_file(source)
    window.table.selectRow(0)
    window.table.copy_selection()
    header, row = list(csv.reader(io.StringIO(QGuiApplication.clipboard().text()), dialect="excel-tab"))
    assert row[header.index("Notes")] == 'first line\nsecond "quoted" line'


# --- 2. sorting drops the selection ---------------------------------------------------------------


def test_sorting_filtering_searching_and_rules_keep_the_selection_person_and_place(qtbot, window):
    select_person(qtbot, window, TARECK)
    tareck = window.session.current
    table = window.table

    def keeps_him(what: str, change) -> None:
        place = table.rowViewportPosition(person_row(window, TARECK))
        change()
        row = person_row(window, TARECK)
        assert window.session.selection == (tareck,), what
        assert table.currentIndex().row() == row, what
        assert table.selected_rows().tolist() == [row], what
        assert window.detail_pane.findChild(QLabel, "personName").text() == TARECK, what
        bar = table.verticalScrollBar()  # the same place on screen, as far as the rows above allow
        assert bar.value() == max(0, min(row * table.rowHeight(row) - place, bar.maximum())), what

    keeps_him("sorting by name", lambda: click_header(qtbot, window, "name"))
    keeps_him("sorting by date", lambda: click_header(qtbot, window, "us_designation_date"))
    keeps_him("a facet", lambda: window.session.set_facet("reasons", {"narcotics"}))
    keeps_him("a search", lambda: qtbot.keyClicks(window.search_field, "aissami"))
    keeps_him("clearing the search", window.search_field.clear)
    keeps_him("changing sheet", lambda: window.session.set_sheet("post"))
    keeps_him("ticking a rule", lambda: window.sidebar.rules_list.item(1).setCheckState(Qt.CheckState.Checked))
    assert table.rowViewportPosition(person_row(window, TARECK)) > 0, "he is not left at the top edge"


def test_a_person_filtered_out_is_no_longer_selected_nor_shown(qtbot, window):
    select_person(qtbot, window, TARECK)
    qtbot.keyClicks(window.search_field, "cabello")
    assert window.session.selection == () and window.session.current is None
    assert window.detail_pane.stack.currentWidget() is window.detail_pane.empty_label
    assert not window.table.selectionModel().hasSelection()


# --- 3. a message that cannot be dismissed ---------------------------------------------------------


def test_a_progress_box_never_covers_the_message_about_an_unreadable_file(qtbot, window, tmp_path, monkeypatch):
    def slow_then_unreadable(path, progress, cancelled):
        progress(0.0, "Opening…")
        time.sleep(1.5)  # long enough for the progress box to show, even on a busy machine
        progress(0.5, "Reading sheet")
        raise WorkbookError(f"{path.name} is not a spreadsheet the app can read.")

    monkeypatch.setattr(reading, "read_workbook", slow_then_unreadable)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    window.open_file(broken)
    qtbot.waitUntil(lambda: bool(visible_progress_boxes()), timeout=5000)
    qtbot.waitUntil(lambda: bool(visible_message_boxes()), timeout=10000)
    message = visible_message_boxes()[0]
    assert "broken.xlsx" in message.text()
    assert visible_progress_boxes() == [], "the progress box closed before the message showed"
    qtbot.wait(800)  # Qt's progress dialog came back from a timer of its own; ours must not
    assert visible_progress_boxes() == []
    qtbot.mouseClick(message.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not visible_message_boxes(), timeout=2000)
    assert window.dataset.source == paths.BUNDLED_WORKBOOK


def test_a_second_message_waits_until_the_first_is_closed(qtbot, window):
    first = show_message(window, "First", "one")
    second = show_message(window, "Second", "two")
    assert first.isVisible() and not second.isVisible()
    first.accept()
    qtbot.waitUntil(second.isVisible, timeout=2000)
    second.accept()


# --- 4. the table gets too little room --------------------------------------------------------------


def columns_in_view(window) -> list[str]:
    """The columns whose whole width lies inside the table's viewport, left to right."""
    table, header = window.table, window.table.horizontalHeader()
    inside = []
    for section in range(window.model.columnCount()):
        left = header.sectionViewportPosition(section)
        if not table.isColumnHidden(section) and left >= 0 and left + header.sectionSize(section) <= \
                table.viewport().width():
            inside.append((left, window.model.column_name(section)))
    return [column for _left, column in sorted(inside)]


def test_the_key_facts_are_in_view_at_the_default_size(qtbot, window):
    qtbot.wait(50)
    assert (window.width(), window.height()) == (1400, 860)
    assert columns_in_view(window)[:7] == list(KEY_FACTS)
    assert window.table.width() > window.sidebar.width() + window.detail_pane.width()


def test_at_1024_by_700_the_table_shows_at_least_six_columns(qtbot, settings_path):
    window = open_window(qtbot, settings_path, size=(1024, 700))
    qtbot.waitUntil(lambda: len(columns_in_view(window)) >= 6, timeout=2000)
    assert window.width() == 1024
    assert columns_in_view(window)[:6] == list(KEY_FACTS[:6])
    close_window(window)


def test_a_column_the_analyst_widened_keeps_its_width_when_the_window_narrows(qtbot, window):
    name = window.model.column_of("name")
    window.table.setColumnWidth(name, 260)
    window.resize(1100, 800)
    qtbot.wait(50)
    assert window.table.columnWidth(name) == 260


# --- 5. panels do not come back as left -----------------------------------------------------------


def test_person_and_charts_tabbed_together_come_back_tabbed(qtbot, settings_path):
    window = open_window(qtbot, settings_path)
    window.show_chart_panel()
    assert window.chart_panel in window.tabifiedDockWidgets(window.detail_pane)
    close_window(window)
    again = open_window(qtbot, settings_path)
    assert again.chart_panel is not None and again.chart_panel.isVisible()
    assert again.chart_panel in again.tabifiedDockWidgets(again.detail_pane)
    close_window(again)


def test_a_window_saved_off_the_screen_comes_back_on_it(qtbot, settings_path):
    window = open_window(qtbot, settings_path)
    window.move(6000, 4000)  # as a window saved on a monitor that is gone, or at another scaling
    window.sidebar.setFloating(True)
    window.sidebar.move(-3000, 5000)
    close_window(window)
    again = open_window(qtbot, settings_path)
    screen = QGuiApplication.primaryScreen().availableGeometry()
    for widget in (again, again.sidebar):
        frame, seen = widget.frameGeometry(), widget.frameGeometry().intersected(screen)
        assert screen.contains(frame.topLeft()), (widget, frame, screen)
        # all of it, or as much as the screen holds (a window is never smaller than its minimum)
        assert seen.width() >= min(frame.width(), screen.width()) - 2, (widget, frame, screen)
        assert seen.height() >= min(frame.height(), screen.height()) - 2, (widget, frame, screen)
    assert again.sidebar.isFloating()
    close_window(again)


def test_geometry_is_pulled_onto_the_nearest_screen_and_shrunk_to_fit():
    from sanctions_gui.ui.window_state import pulled_on_screen

    screens = [QRect(0, 0, 1920, 1080), QRect(1920, 0, 1280, 1024)]
    assert pulled_on_screen(QRect(100, 100, 800, 600), screens) == QRect(100, 100, 800, 600)
    assert pulled_on_screen(QRect(3000, 500, 800, 700), screens) == QRect(2400, 324, 800, 700)
    assert pulled_on_screen(QRect(-500, -200, 2100, 1400), screens) == QRect(0, 0, 1920, 1080)


# --- 6. no sort arrow or filter mark on the frozen Name header -------------------------------------


def test_frozen_name_header_shows_the_sort_arrow_and_the_filter_mark(qtbot, window):
    frozen = window.table.frozen_view
    assert frozen.isVisible(), "the name column is frozen by default"
    name = window.model.column_of("name")
    click_header(qtbot, window, "name")  # on the frozen header, where the analyst sees it
    header = frozen.horizontalHeader()
    assert window.session.state.sort_column == "name"
    assert header.isSortIndicatorShown() and header.sortIndicatorSection() == name
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    click_header(qtbot, window, "name", on_mark=True)
    popup = window.filter_popup
    assert popup.isVisible() and popup.column == "name"
    popup.contains.setText("cabello")
    popup._apply()
    assert name in header.filtered_sections()
    names = window.dataset.frame["name"]
    assert set(shown_column(window, "name")) == set(names[names.map(fold).str.contains("cabello")])


# --- 7. the fuzzy score far to the right ------------------------------------------------------------


def test_the_fuzzy_score_column_sits_beside_the_name(qtbot, window):
    qtbot.keyClicks(window.search_field, "Diosdado Cabelo")
    window.fuzzy_box.setChecked(True)
    header = window.table.horizontalHeader()
    score, name = window.model.column_of(SCORE_COLUMN), window.model.column_of("name")
    assert not window.table.isColumnHidden(score)
    assert header.visualIndex(score) == header.visualIndex(name) + 1
    assert "Score" in columns_in_view(window) or SCORE_COLUMN in columns_in_view(window)
    assert shown_column(window, "name")[0] == "Diosdado Cabello Rondón", "best match first"
    window.fuzzy_box.setChecked(False)
    assert window.table.isColumnHidden(score)


# --- 9. ticking "Flag this person" scrolls the pane to the top ---------------------------------------


def test_ticking_flag_keeps_the_person_pane_scroll_position(qtbot, window):
    select_person(qtbot, window, TARECK)
    pane = window.detail_pane
    bar = pane.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 200, timeout=2000)
    bar.setValue(pane.flag_box.mapTo(pane.page, QPoint(0, 0)).y() - 200)  # the flag box in view, lower down
    scrolled = bar.value()
    assert scrolled > 0 and pane.flag_box.visibleRegion().boundingRect().height() > 0
    qtbot.mouseClick(pane.flag_box, Qt.MouseButton.LeftButton, pos=QPoint(8, pane.flag_box.height() // 2))
    qtbot.wait(50)
    assert window.session.flag(window.session.current)
    assert bar.value() == scrolled
    window.sidebar.rules_list.item(1).setCheckState(Qt.CheckState.Checked)  # the rules listed change
    qtbot.wait(50)
    assert bar.value() == scrolled


# --- 10. keyboard ---------------------------------------------------------------------------------------


def focus_path(qtbot, start, presses: int) -> list:
    start.setFocus()
    path = []
    for _ in range(presses):
        widget = QApplication.focusWidget()
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        path.append(QApplication.focusWidget())
    return path


def test_tab_reaches_the_table_in_order_and_leaves_it_again(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    path = focus_path(qtbot, window.search_field, 12)
    assert window.table in path[:6], "the table comes right after the toolbar"
    after_table = path[path.index(window.table) + 1]
    assert after_table is window.sidebar.rules_list
    assert window.detail_pane.notes_edit in path or window.detail_pane.flag_box in path


def test_tab_is_never_stuck_in_the_charts_table_of_numbers(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.show_chart_panel()
    numbers = window.chart_panel.findChild(QTableWidget)
    numbers.setFocus()
    qtbot.keyClick(numbers, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not numbers


def test_every_action_is_in_a_menu_with_its_shortcut(qtbot, window):
    shortcuts = {}
    for menu_action in window.menuBar().actions():
        stack = [menu_action.menu()]
        while stack:
            menu = stack.pop()
            for action in menu.actions():
                if action.menu() is not None:
                    stack.append(action.menu())
                elif action.text():
                    shortcuts[action.text().replace("&", "")] = action.shortcut().toString()
    assert shortcuts["Charts"] == "Ctrl+Shift+C"
    expected = {"Undo": "Ctrl+Z", "Redo": "Ctrl+Shift+Z", "Find": "Ctrl+F", "Export view…": "Ctrl+E",
                "Show only highlighted": "Ctrl+H", "Go to the table": "Ctrl+T", "Save rules as…": "Ctrl+Shift+S",
                "Add rule…": "Ctrl+Shift+N", "Guide": QKeySequence(QKeySequence.StandardKey.HelpContents).toString()}
    for text, shortcut in expected.items():
        assert shortcuts[text] == shortcut, text
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.chart_panel is not None and window.chart_panel.isVisible()


# --- 12. Help holds only an About box without a version ------------------------------------------------


def test_help_gives_the_version_and_a_guide(qtbot, window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    window.show_about()
    assert __version__ in shown[0]
    window.show_guide()
    guide = window.guide.text.toPlainText()
    for words in ("never changed", str(window.workspace.path), "Criteria", "Person", "Charts",
                  "2018-09-08", "main.py stats --as-of 2018-09-08 --sheet post", "Undo"):
        assert words in guide, words
    window.guide.close()


# --- 13. yes / no conditions silent about unclear people ------------------------------------------------


def test_a_yes_no_rule_counts_the_unclear_and_one_click_lists_them(qtbot, window, source_rows):
    rules_list = window.sidebar.rules_list
    first = [r.name for r in window.session.rules].index("Former commander sanctioned for corruption")
    corrupt = [row for row in source_rows if "corruption" in row["reasons"].split("; ")]
    expected = {row["name"] for row in corrupt if row["former_commander"] == "unclear"}
    matched = sum(row["former_commander"] == "yes" for row in corrupt)
    assert expected and rules_list.item(first).data(COUNT_ROLE) == f"{matched} match, {len(expected)} unclear"
    rules_list.setCurrentRow(first)
    rules_list.unclear_label.linkActivated.emit("list")
    assert set(shown_column(window, "name")) == expected
    assert "unclear for rule" in window.count_label.toolTip()


def test_rule_counts_are_of_the_people_shown_once_a_rule_set_narrows_the_table(qtbot, window, source_rows):
    """Regression: with "WOLA, September 2018" open the rule read "57 match" (the whole
    workbook) while the table highlighted 16; the count is of the people shown, with the
    workbook's beside it."""
    from sanctions_gui.core.rules import load_preset_sets

    wola = next(s for s in load_preset_sets() if s.name == "WOLA, September 2018")
    window.session.open_rule_set(wola, "open the rule set")
    shown = [row for row in source_rows if source_sheet(row) == vocabularies.SHEET_POST and row["us_designation_date"]
             and row["us_designation_date"] <= "2018-09-08"]
    in_view = sum(row["onetime_commander"] == "yes" for row in shown)
    in_all = sum(row["onetime_commander"] == "yes" for row in source_rows)
    assert window.session.view.highlighted == in_view < in_all
    assert window.sidebar.rules_list.item(0).data(COUNT_ROLE).startswith(f"{in_view} match")
    assert window.sidebar.rules_list.item(0).data(COUNT_ROLE).endswith(f"\u00b7 {in_all} in all")
    tip = window.sidebar.rules_list.item(0).toolTip()  # whole, where the narrow sidebar cuts the line short
    assert f" of the {len(shown)} people shown; {in_all} in the whole workbook" in tip
    window.search_field.setText("Cabello")  # the counts follow the view as it narrows
    qtbot.waitUntil(lambda: window.sidebar.rules_list.item(0).data(COUNT_ROLE).startswith("1 match"))


# --- 14. no undo; saving rules without a word ---------------------------------------------------------


def test_undo_and_redo_take_back_rules_highlights_notes_and_flags(qtbot, window):
    session = window.session
    rules_before = session.rules
    window.sidebar.rules_list.setCurrentRow(0)
    window.sidebar.rules_list.delete_action.trigger()
    assert window.undo_action.text() == f"&Undo delete rule \u2018{rules_before[0].name}\u2019"
    window.undo_action.trigger()
    assert session.rules == rules_before
    assert window.redo_action.text().startswith("&Redo delete rule")

    select_person(qtbot, window, TARECK)
    tareck = session.current
    window.highlight_selected("#A5D6A7")
    row = person_row(window, TARECK)
    assert window.model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.highlight(tareck) is None
    assert window.model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert session.highlight(tareck) == "#A5D6A7"

    pane = window.detail_pane
    qtbot.keyClicks(pane.notes_edit, "Check the 2017 designation")
    pane.flush_note()
    pane.flag_box.click()
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert not session.flag(tareck) and session.note(tareck) == ""
    assert pane.notes_edit.toPlainText() == "" and not pane.flag_box.isChecked()


def test_saving_rules_says_where_in_the_status_bar(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(tmp_path / "team.json"), ""))
    window.sidebar.rules_list.save_action.trigger()
    assert window.statusBar().currentMessage() == \
        f"Saved {len(window.session.rules)} rules to {tmp_path / 'team.json'}."


def test_unreadable_saved_geometry_gives_the_default_size_on_screen(qtbot, settings_path):
    from PySide6.QtCore import QSettings

    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    settings.setValue("geometry", QByteArray(b"not a geometry"))
    settings.sync()
    window = open_window(qtbot, settings_path)
    screen = QGuiApplication.primaryScreen().availableGeometry()
    assert window.width() == max(min(1400, screen.width()), window.minimumSizeHint().width())
    assert screen.contains(window.frameGeometry().topLeft())
    close_window(window)


def test_the_also_sanctioned_by_column_is_exported_as_shown(qtbot, window, tmp_path, monkeypatch):
    import openpyxl
    from PySide6.QtWidgets import QFileDialog

    from sanctions_gui.ui.export_dialog import ExportOptionsDialog

    monkeypatch.setattr(ExportOptionsDialog, "exec", lambda dialog: ExportOptionsDialog.DialogCode.Accepted)
    target = tmp_path / "view.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    with qtbot.waitSignal(window.exported, timeout=LOAD_TIMEOUT_MS):
        window.export_action.trigger()
    sheet = openpyxl.load_workbook(target).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    column = header.index("Also sanctioned by")
    assert [row[column].value or "" for row in sheet.iter_rows(min_row=2, values_only=False)] == \
        shown_column(window, ALSO_SANCTIONED_BY)


def test_stopping_a_running_task_ends_its_thread_rather_than_waiting_out_the_timeout(qtbot):
    """stop() (a new load, closing the window) once waited for the thread's own loop, which only the
    blocked UI thread could end: 30 s, and the thread left running."""
    parent = QWidget()
    qtbot.addWidget(parent)
    started = threading.Event()

    def work(progress, cancelled):
        started.set()
        while not cancelled():
            time.sleep(0.01)

    task = BackgroundTask(work, "Working", parent)
    heard: list[str] = []
    task.cancelled.connect(lambda: heard.append("cancelled"))
    task.start()
    assert started.wait(60)
    task.stop()
    assert not task.is_running
    qtbot.waitUntil(lambda: heard == ["cancelled"], timeout=60000)
