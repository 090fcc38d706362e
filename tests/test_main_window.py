"""The main window driven as an analyst would: type, click headers, filter, copy, open files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QGuiApplication, QPalette
from PySide6.QtWidgets import QMessageBox

from sanctions_gui.core import paths
from sanctions_gui.core.workspace import Workspace
from windows import LOAD_TIMEOUT_MS, click_header, close_window, open_window, shown_column


@pytest.fixture
def settings_path(tmp_path):
    return tmp_path / "settings.ini"


@pytest.fixture
def window(qtbot, settings_path):
    window = open_window(qtbot, settings_path)
    yield window
    close_window(window)


def strict_commanders(source_rows) -> int:
    """The people the first-run preset (former commanders sanctioned for corruption) marks, read
    from the CSV."""
    return sum(row["former_commander"] == "yes" and "corruption" in row["reasons"].split("; ")
               for row in source_rows)


def test_window_opens_on_the_bundled_dataset(window, bundled, source_rows):
    assert window.model.rowCount() == len(bundled.frame)
    # On first run the one enabled preset (former commanders sanctioned for corruption) marks them.
    assert window.count_label.text() == (f"{len(bundled.frame)} of {len(bundled.frame)} people shown · "
                                         f"{strict_commanders(source_rows)} highlighted")
    assert paths.BUNDLED_WORKBOOK.name in window.file_label.text()
    assert window.table.isColumnHidden(window.model.column_of("person_id"))


def test_typing_in_search_narrows_the_rows(qtbot, window):
    qtbot.keyClicks(window.search_field, "cliver alcala")
    assert shown_column(window, "name") == ["Clíver Antonio Alcalá Cordones"]
    assert window.count_label.text().startswith("1 of ")


def test_ctrl_f_focuses_the_search_field(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_field.hasFocus()


def test_fuzzy_mode_finds_misspelt_names_with_a_score_column(qtbot, window):
    qtbot.keyClicks(window.search_field, "Diosdado Cabelo")
    assert window.model.rowCount() == 0
    window.fuzzy_box.setChecked(True)
    assert "Diosdado Cabello Rondón" in shown_column(window, "name")
    scores = shown_column(window, "match_score")
    assert all(s.isdigit() for s in scores)
    assert window.threshold_label.text().startswith("Score ≥")


def test_clicking_a_header_sorts_by_that_column(qtbot, window, bundled):
    click_header(qtbot, window, "us_designation_date")
    dates = [d for d in shown_column(window, "us_designation_date")]
    known = [d for d in dates if d]
    assert known == sorted(known)
    assert dates[: len(known)] == known, "undated people come last"
    click_header(qtbot, window, "us_designation_date")
    dates = shown_column(window, "us_designation_date")
    known = [d for d in dates if d]
    assert known == sorted(known, reverse=True)


def test_filter_mark_opens_value_filter_and_marks_the_column(qtbot, window, bundled):
    click_header(qtbot, window, "administration", on_mark=True)
    popup = window.filter_popup
    assert popup.isVisible()
    values = popup.values
    for i in range(values.count()):
        item = values.item(i)
        if item.data(Qt.ItemDataRole.UserRole) != "Obama":
            item.setCheckState(Qt.CheckState.Unchecked)
    popup._apply()
    obama = (bundled.frame["administration"] == "Obama").sum()
    assert window.model.rowCount() == obama
    assert set(shown_column(window, "administration")) == {"Obama"}
    section = window.model.column_of("administration")
    assert section in window.table.horizontalHeader().filtered_sections()
    window.clear_filters_action.trigger()
    assert window.model.rowCount() == len(bundled.frame)
    assert not window.table.horizontalHeader().filtered_sections()


def test_sheet_selector_limits_rows_to_a_sheet(window, bundled):
    window.session.set_sheet("pre")
    pre = bundled.frame["sheet"].str.startswith("Pre").sum()
    assert window.model.rowCount() == pre
    assert "Pre-e.o. 13692 sheet".lower() in window.sheet_label.text().lower()


def test_copy_puts_tab_separated_rows_with_headers_on_the_clipboard(qtbot, window):
    qtbot.keyClicks(window.search_field, "tareck")
    window.table.selectRow(0)
    qtbot.keyClick(window.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().splitlines()
    header, row = lines[0].split("\t"), lines[1].split("\t")
    assert header[0] == "Name" and "Position at designation" in header
    assert row[0] == "Tareck Zaidan El Aissami Maddah"
    assert len(header) == len(row)


def test_manual_highlight_colours_rows_and_survives_reopening(qtbot, settings_path):
    window = open_window(qtbot, settings_path)
    qtbot.keyClicks(window.search_field, "tareck")
    window.table.selectRow(0)
    window.highlight_selected("#A5D6A7")
    brush = window.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert brush.color() == QColor("#A5D6A7")
    assert "1 highlighted" in window.count_label.text()
    close_window(window)

    again = open_window(qtbot, settings_path)
    qtbot.keyClicks(again.search_field, "tareck")
    assert again.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole).color() == QColor("#A5D6A7")
    close_window(again)


def test_sort_and_column_layout_come_back_on_next_start(qtbot, settings_path):
    window = open_window(qtbot, settings_path)
    click_header(qtbot, window, "name")
    notes = window.model.column_of("notes")
    window.table.setColumnHidden(notes, True)
    window.table.setColumnWidth(window.model.column_of("position"), 333)
    close_window(window)

    again = open_window(qtbot, settings_path)
    assert again.session.state.sort_column == "name"
    assert again.table.isColumnHidden(again.model.column_of("notes"))
    assert again.table.columnWidth(again.model.column_of("position")) == 333
    close_window(again)


def test_broken_file_shows_the_error_and_keeps_the_data(qtbot, window, tmp_path, monkeypatch, bundled):
    shown = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: shown.append((box.text(), box.informativeText())))
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(os.urandom(4096))
    with qtbot.waitSignal(window.load_failed, timeout=LOAD_TIMEOUT_MS):
        window.open_file(broken)
    assert shown and "broken.xlsx" in shown[0][0]
    assert "unchanged" in shown[0][1]
    assert window.model.rowCount() == len(bundled.frame)
    assert window.dataset.source == paths.BUNDLED_WORKBOOK


def test_dropping_a_workbook_opens_it(qtbot, window, tmp_path):
    csv = tmp_path / "dropped.csv"
    csv.write_text("Name,Position,Date sanctioned\nAna Pérez,Minister,2019-01-01\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(csv))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.dataset_loaded, timeout=LOAD_TIMEOUT_MS):
        window.dropEvent(event)
    assert shown_column(window, "name") == ["Ana Pérez"]
    assert "dropped.csv" in window.windowTitle()


def test_frozen_name_column_follows_the_table(qtbot, window):
    window.freeze_action.setChecked(True)
    frozen = window.table.frozen_view
    assert frozen.isVisible()
    name = window.model.column_of("name")
    assert window.table.horizontalHeader().visualIndex(name) == 0
    assert [c for c in range(window.model.columnCount()) if not frozen.isColumnHidden(c)] == [name]
    window.freeze_action.setChecked(False)
    assert not frozen.isVisible()


def test_frozen_name_column_ends_in_a_line_that_moves_with_its_width(qtbot, window):
    window.freeze_action.setChecked(True)
    table, frozen = window.table, window.table.frozen_view
    name = window.model.column_of("name")

    def edge_colours() -> set[int]:
        picture = table.grab().toImage()
        right = frozen.geometry().right()
        return {picture.pixel(x, y) for x in (right - 1, right)
                for y in range(frozen.geometry().top() + 2, frozen.geometry().bottom() - 2, 7)}

    mid = table.palette().color(QPalette.ColorRole.Mid).rgb()
    assert edge_colours() == {mid}, "a line in the palette's mid colour, top to bottom, over headers and rows"
    table.setColumnWidth(name, table.columnWidth(name) + 40)
    qtbot.waitUntil(lambda: frozen.width() == table.columnWidth(name))
    assert edge_colours() == {mid}
    window.freeze_action.setChecked(False)
    assert mid not in {table.grab().toImage().pixel(frozen.geometry().right(), y) for y in range(40, 200, 7)}


def test_rules_colour_rows_and_toggling_recolours(window, bundled, source_rows):
    from dataclasses import replace as changed

    from sanctions_gui.core.rules import load_presets

    preset = next(r for r in load_presets() if r.name == "Former commander sanctioned for corruption")
    window.session.set_rules([changed(preset, enabled=True)])
    window.session.set_only_highlighted(True)
    assert sorted(shown_column(window, "name")) == sorted([
        "Freddy Alirio Bernal Rosales", "Adrián José Velásquez Figueroa", "Jorge Luis García Carneiro",
        "Ramón Alonso Carrizalez Rengifo", "Luis Alfredo Motta Domínguez"])
    assert len(shown_column(window, "name")) == strict_commanders(source_rows)
    brush = window.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert brush.color() == QColor(preset.colour)
    assert preset.name in window.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)

    window.session.set_rules([changed(preset, enabled=False)])
    assert window.model.rowCount() == 0
    window.session.set_only_highlighted(False)
    assert window.model.rowCount() == len(bundled.frame)
    assert window.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None


def test_selecting_a_row_fills_the_detail_pane(qtbot, window):
    qtbot.keyClicks(window.search_field, "reverol")
    window.table.selectRow(0)
    from PySide6.QtWidgets import QLabel

    assert window.detail_pane.findChild(QLabel, "personName").text() == "Néstor Luis Reverol Torres"


def test_a_note_survives_closing_and_reopening(qtbot, settings_path):
    window = open_window(qtbot, settings_path)
    qtbot.keyClicks(window.search_field, "reverol")
    window.table.selectRow(0)
    qtbot.keyClicks(window.detail_pane.notes_edit, "Check the 2017 Treasury release.")
    close_window(window)

    again = open_window(qtbot, settings_path)
    qtbot.keyClicks(again.search_field, "reverol")
    again.table.selectRow(0)
    assert again.detail_pane.notes_edit.toPlainText() == "Check the 2017 Treasury release."
    close_window(again)


def export_through_the_window(qtbot, window, monkeypatch, target: Path, csv: bool = False):
    from PySide6.QtWidgets import QFileDialog

    from sanctions_gui.ui.export_dialog import ExportOptionsDialog

    def accept(dialog):
        dialog.csv_button.setChecked(csv)
        return ExportOptionsDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportOptionsDialog, "exec", accept)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    window.export_action.trigger()


def test_export_writes_exactly_the_rows_columns_and_colours_shown(qtbot, window, tmp_path, monkeypatch, source_rows):
    import openpyxl

    from sanctions_gui.core.rules import load_presets

    window.session.set_rules([r for r in load_presets() if r.name == "Former commander sanctioned for corruption"])
    window.session.set_only_highlighted(True)
    click_header(qtbot, window, "name")
    window.table.setColumnHidden(window.model.column_of("notes"), True)
    target = tmp_path / "candidates.xlsx"
    with qtbot.waitSignal(window.exported, timeout=LOAD_TIMEOUT_MS):
        export_through_the_window(qtbot, window, monkeypatch, target)

    sheet = openpyxl.load_workbook(target).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[: len(window.visible_columns())] == [window.model.headerData(
        window.model.column_of(c), Qt.Orientation.Horizontal) for c in window.visible_columns()]
    assert "Notes" not in header
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert names == shown_column(window, "name") and len(names) == strict_commanders(source_rows)
    fill = sheet.cell(row=2, column=1).fill.fgColor.rgb
    assert fill.endswith("FFFF00")


def test_export_to_an_unwritable_place_says_so_and_the_window_goes_on(qtbot, window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: shown.append(box.text()))
    target = tmp_path / "no such folder" / "out.xlsx"
    with qtbot.waitSignal(window.export_failed, timeout=LOAD_TIMEOUT_MS):
        export_through_the_window(qtbot, window, monkeypatch, target)
    assert shown and "out.xlsx" in shown[0]
    assert not target.exists()
    assert window.model.rowCount() > 0


def test_sidebar_table_and_toolbar_show_one_state(qtbot, window, bundled, source_rows):
    """Regression: after MainWindow.set_rules(...) the sidebar still showed 1 rule ticked
    while the window applied 7; "only highlighted" lived in two checkboxes."""
    from dataclasses import replace as changed

    sidebar = window.sidebar
    preset = "Former commander sanctioned for corruption"
    assert [r.name for r in window.session.rules if r.enabled] == [preset], "first run: the presets, one enabled"
    assert window.count_label.text().endswith(f"· {strict_commanders(source_rows)} highlighted")

    window.session.set_rules([changed(r, enabled=True) for r in window.session.rules])
    ticked = [sidebar.rules_list.item(i).checkState() for i in range(sidebar.rules_list.count())]
    assert ticked == [Qt.CheckState.Checked] * len(window.session.rules)

    sidebar.only_highlighted_box.click()
    assert window.only_highlighted_box.isChecked() and window.only_highlighted_action.isChecked()
    assert window.model.rowCount() == int(window.session.highlighted_mask().sum())
    window.only_highlighted_box.click()
    assert not sidebar.only_highlighted_box.isChecked()

    window.session.set_facet("administration", {"Bush"})
    assert set(shown_column(window, "administration")) == {"Bush"}
    assert window.model.rowCount() == (bundled.frame["administration"] == "Bush").sum()
    window.clear_filters_action.trigger()
    assert window.model.rowCount() == len(bundled.frame) and not window.session.state.facets


def test_clicking_a_chart_bar_filters_the_table_to_those_people(qtbot, window, bundled):
    import datetime as dt

    window.show_chart_panel()
    panel = window.chart_panel
    assert panel.isVisible()
    panel.set_sheet("post")
    panel.set_as_of(dt.date(2018, 9, 8))
    frame = bundled.frame
    expected = frame[(frame["administration"] == "Obama") & (frame["security_status"] == "active")
                     & frame["sheet"].str.startswith("Post")
                     & (frame["us_designation_date"] <= "2018-09-08")]["name"]
    panel.click_bar("Obama", "active_security")
    assert sorted(shown_column(window, "name")) == sorted(expected) and len(expected) == 5
    assert "Obama" in window.count_label.text()
    window.clear_filters_action.trigger()
    assert window.model.rowCount() == len(frame)


def test_chart_panel_opens_again_next_time_if_it_was_open(qtbot, settings_path):
    window = open_window(qtbot, settings_path)
    assert window.chart_panel is None, "charts load only when asked for"
    window.show_chart_panel()
    close_window(window)
    again = open_window(qtbot, settings_path)
    assert again.chart_panel is not None and again.chart_panel.isVisible()
    close_window(again)


def test_frozen_name_column_stays_aligned_when_row_numbers_narrow(qtbot, window):
    """Regression: with 214 rows the row numbers need three digits, with 53 two; the
    frozen overlay kept the old offset and the name column beneath peeked out."""
    window.freeze_action.setChecked(True)
    table, frozen = window.table, window.table.frozen_view
    assert frozen.geometry().left() == table.viewport().geometry().left()
    window.session.set_facet("reasons", {"corruption"})
    window.session.set_sort("us_designation_date", False)
    window.table.selectRow(30)
    qtbot.wait(200)
    assert table.verticalHeader().width() < 30, "two-digit row numbers"
    assert frozen.geometry().left() == table.viewport().geometry().left()
    name = window.model.column_of("name")
    assert frozen.columnWidth(name) == table.columnWidth(name)


def test_a_workspace_that_cannot_be_opened_gives_a_temporary_one_and_says_edits_are_not_kept(monkeypatch):
    from sanctions_gui.core.workspace import WorkspaceError
    from sanctions_gui.ui.startup import open_workspace

    real_open = Workspace.open

    def locked(path=None):
        if path is None:
            raise WorkspaceError("Your workspace file is in use by another copy of the app.")
        return real_open(path)

    monkeypatch.setattr(Workspace, "open", staticmethod(locked))
    workspace, problem = open_workspace()
    workspace.set_note("x.xlsx", "p1", "kept for this session")
    assert workspace.note("x.xlsx", "p1") == "kept for this session"
    assert "in use by another copy" in problem and "will not be" in problem
    assert "unsaved edits" in problem and "hand colours" in problem and "Save as" in problem
    workspace.close()


def test_the_command_line_exports_what_the_window_exports(qtbot, window, tmp_path, monkeypatch):
    """Both build their view through a Session: same rows, order, columns, colours."""
    import subprocess
    import sys

    import openpyxl

    from sanctions_gui.core.paths import PROJECT_ROOT

    window.session.set_only_highlighted(True)
    window.session.set_sheet("post")
    from_window = tmp_path / "window.xlsx"
    with qtbot.waitSignal(window.exported, timeout=LOAD_TIMEOUT_MS):
        export_through_the_window(qtbot, window, monkeypatch, from_window)
    from_cli = tmp_path / "cli.xlsx"
    subprocess.run([sys.executable, "main.py", "export", "--output", str(from_cli), "--only-highlighted",
                    "--sheet", "post", "--preset", "Former commander sanctioned for corruption"],
                   cwd=PROJECT_ROOT, check=True, capture_output=True, timeout=120)

    def cells(path):
        sheet = openpyxl.load_workbook(path)["Export"]
        return [[(cell.value, cell.fill.fgColor.rgb) for cell in row] for row in sheet.iter_rows()]

    exported = cells(from_window)
    assert len(exported) == 1 + window.model.rowCount() > 1
    assert exported == cells(from_cli)
