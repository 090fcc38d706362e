"""Typing a name in fuzzy mode, letter by letter, as an analyst does."""

from __future__ import annotations

import pytest

from sanctions_gui.core.search import FUZZY_FROM
from windows import close_window, open_window, shown_column


@pytest.fixture
def window(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path / "settings.ini")
    yield window
    close_window(window)


def test_fuzzy_scores_appear_from_the_third_letter_and_the_first_two_match_exactly(qtbot, window):
    window.fuzzy_box.setChecked(True)
    score = window.model.column_of("match_score")
    for typed in "Dio":
        qtbot.keyClicks(window.search_field, typed)
        text = window.search_field.text()
        if len(text) < FUZZY_FROM:
            assert window.table.isColumnHidden(score), text
            names = shown_column(window, "name")
            window.fuzzy_box.setChecked(False)  # the same rows as the exact search
            assert shown_column(window, "name") == names, text
            window.fuzzy_box.setChecked(True)
    assert not window.table.isColumnHidden(score)
    assert "Diosdado Cabello Rondón" in shown_column(window, "name")
    assert all(value.isdigit() for value in shown_column(window, "match_score"))
    assert f"{FUZZY_FROM} letters" in window.fuzzy_box.toolTip()
