"""The "WOLA, September 2018" rule set opened in the window: its sheet and date cut on screen,
one Undo, saving keeps the view, and the chart panel's WOLA view counting the same people."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from PySide6.QtWidgets import QFileDialog
from test_rule_sets import WOLA_CUT, WOLA_SET, wola_people

from conftest import source_sheet
from sanctions_gui.core import vocabularies
from windows import close_window, open_window, shown_column

HANG_GUARD_MS = 120_000


@pytest.fixture
def window(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path / "settings.ini")
    yield window
    close_window(window)


def open_wola_set(window) -> None:
    menu = window.sidebar.rules_list.preset_set_menu
    menu.aboutToShow.emit()
    next(action for action in menu.actions() if action.text() == WOLA_SET).trigger()


def cut_rows(source_rows) -> list[dict[str, str]]:
    """The post sheet's people designated on or before the cut, from the CSV."""
    return [row for row in source_rows if source_sheet(row) == vocabularies.SHEET_POST
            and row["us_designation_date"] and row["us_designation_date"] <= WOLA_CUT]


def test_the_set_shows_its_sheet_and_date_cut_and_highlights_the_reconciliations_people(qtbot, window,
                                                                                         source_rows):
    rules_before = window.session.rules
    total = window.model.rowCount()
    open_wola_set(window)

    expected = wola_people(source_rows)
    assert window.model.rowCount() == len(cut_rows(source_rows))
    assert window.count_label.text() == (f"{len(cut_rows(source_rows))} of {total} people shown · {len(expected)} "
                                         f"highlighted · filtered by Date sanctioned (U.S.) on or before {WOLA_CUT}")
    assert "Post-E.O. 13692 sheet" in window.sheet_label.text()
    header = window.table.horizontalHeader()
    assert window.model.column_of("us_designation_date") in header.filtered_sections()
    assert window.statusBar().currentMessage() == (
        f"Opened 1 rule from the rule set ‘{WOLA_SET}’; shown: post-E.O. 13692 sheet, designated on or before "
        f"{WOLA_CUT}. Edit › Undo takes it back.")
    window.only_highlighted_action.trigger()
    assert set(shown_column(window, "name")) == expected
    window.only_highlighted_action.trigger()

    assert window.undo_action.text() == f"&Undo open the rule set ‘{WOLA_SET}’"
    window.session.clear_filters()
    open_wola_set(window)  # the same rules again, but the cut cleared: the view comes back
    assert window.model.rowCount() == len(cut_rows(source_rows))
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert window.session.rules == rules_before
    assert window.model.rowCount() == total and not window.session.state.filters
    assert window.sheet_actions["all"].isChecked()


def test_saving_the_rules_keeps_the_sets_view(qtbot, window, tmp_path, monkeypatch):
    open_wola_set(window)
    target = tmp_path / "my wola.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    window.sidebar.rules_list.save_action.trigger()
    assert json.loads(target.read_text(encoding="utf-8"))["view"] == {"sheet": "post",
                                                                      "designated_on_or_before": WOLA_CUT}
    assert "with the view they were opened with" in window.statusBar().currentMessage()


def test_the_chart_panels_wola_view_counts_the_same_cut(qtbot, window, source_rows):
    open_wola_set(window)
    window.show_chart_panel()
    panel = window.chart_panel
    panel.show_wola_comparison()
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=HANG_GUARD_MS)
    counted = {name: designated for name, (_active, designated) in panel.data.active_by_administration().items()
               if designated}
    shown = Counter(shown_column(window, "administration"))
    assert counted == dict(shown) == dict(Counter(row["administration"] for row in cut_rows(source_rows)))
    assert panel.publication() is not None, "the chart says it is WOLA's cut"

    panel.follow_box.setChecked(True)
    panel.highlighted_box.setChecked(True)
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=HANG_GUARD_MS)
    highlighted = sum(designated for _active, designated in panel.data.active_by_administration().values())
    assert highlighted == len(wola_people(source_rows))


def test_the_sheet_in_the_status_bar_keeps_e_o_in_capitals(window):
    """Regression: the status bar read "Post-e.o. 13692 sheet" (str.capitalize lowered the rest)."""
    window.session.set_sheet("pre")
    assert window.sheet_label.text().strip() == "Pre-E.O. 13692 sheet"
    window.session.set_sheet("all")
    assert window.sheet_label.text().strip() == "All sheets"


def test_opening_the_rules_in_use_again_says_nothing_changed(qtbot, window, tmp_path, monkeypatch):
    shared = tmp_path / "team.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(shared), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(shared), ""))
    window.sidebar.rules_list.save_action.trigger()
    undo_before = window.session.history.undo_description
    window.sidebar.rules_list.open_action.trigger()
    assert window.statusBar().currentMessage() == ("The rules of the rule file ‘team.json’ are the ones in use "
                                                   "already: nothing changed.")
    assert window.session.history.undo_description == undo_before
