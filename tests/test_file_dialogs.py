"""File dialogs open in the folder last used for the same purpose."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog

from sanctions_gui.ui.file_dialogs import open_path, save_path


def test_each_purpose_remembers_its_own_folder(monkeypatch, tmp_path, qtbot):
    workbooks, charts = tmp_path / "workbooks", tmp_path / "charts"
    workbooks.mkdir()
    charts.mkdir()
    asked = []

    def dialog(answer):
        def ask(parent, caption, start, filters):
            asked.append(start)
            return (answer, "") if answer else ("", "")
        return ask

    monkeypatch.setattr(QFileDialog, "getOpenFileName", dialog(str(workbooks / "list.xlsx")))
    assert open_path(None, "workbook", "Open", "*.xlsx") == workbooks / "list.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog(str(charts / "bars.png")))
    assert save_path(None, "chart", "Save", "chart.png", "*.png") == charts / "bars.png"

    monkeypatch.setattr(QFileDialog, "getOpenFileName", dialog(""))
    assert open_path(None, "workbook", "Open", "*.xlsx") is None, "cancelled"
    assert asked[-1] == str(workbooks)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog(""))
    assert save_path(None, "chart", "Save", "chart.png", "*.png") is None
    assert asked[-1] == str(charts / "chart.png"), "the suggested name in the chart folder"


def test_a_folder_that_has_gone_falls_back_to_home(monkeypatch, tmp_path, qtbot):
    from pathlib import Path

    gone = tmp_path / "usb stick"
    gone.mkdir()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(gone / "a.json"), ""))
    open_path(None, "rules", "Open", "*.json")
    gone.rmdir()
    asked = []

    def ask(parent, caption, start, filters):
        asked.append(start)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", ask)
    open_path(None, "rules", "Open", "*.json")
    assert asked == [str(Path.home())]
