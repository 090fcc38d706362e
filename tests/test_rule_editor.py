"""The rule editor, driven on the bundled dataset as an analyst would."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from PySide6.QtCore import Qt

from sanctions_gui.core.rules import Condition, Rule, field_label, rule_mask
from sanctions_gui.core.view import Dataset
from sanctions_gui.ui.date_field import DateField, read_typed_date
from sanctions_gui.ui.rule_editor import RuleEditor


@pytest.fixture
def dataset(bundled):
    return Dataset(bundled.frame)


def has_corruption(frame) -> np.ndarray:
    return frame["reasons"].map(lambda reasons: "corruption" in reasons).to_numpy(dtype=bool)


def ok_button(editor: RuleEditor):
    return editor.buttons.button(editor.buttons.StandardButton.Ok)


def date_editor(qtbot, dataset, operator: str = "after", value=None) -> RuleEditor:
    """An editor whose one condition is "Date sanctioned <operator> …"."""
    condition = Condition("us_designation_date", operator, value if value is not None else "2015-03-09")
    editor = RuleEditor(Rule("Dates", "#BDD7EE", conditions=(condition,)), dataset)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def type_over(qtbot, field: DateField, text: str) -> None:
    """Select everything in the date's box and type `text`, key by key, as an analyst does."""
    field.line.setFocus()
    qtbot.keyClick(field.line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field.line, text)


# --- counting and editors -----------------------------------------------------------------------


def test_editor_preview_counts_as_conditions_are_edited(qtbot, dataset):
    frame = dataset.frame
    editor = RuleEditor(None, dataset)
    qtbot.addWidget(editor)
    ok = ok_button(editor)
    assert not ok.isEnabled()
    assert "at least one value" in editor.problem_label.text()

    editor.rows[0].value_editor.set_value(["corruption"])
    corrupt = int(has_corruption(frame).sum())
    qtbot.waitUntil(lambda: editor.preview_label.text() == f"{corrupt} people match (of {len(frame)})")
    assert ok.isEnabled()

    row = editor.add_condition()
    row.field_combo.setCurrentIndex(row.field_combo.findData("former_commander"))
    row.operator_combo.setCurrentIndex(row.operator_combo.findData("yes"))
    former = frame["former_commander"].fillna(False).to_numpy(dtype=bool)
    both = int((former & has_corruption(frame)).sum())
    qtbot.waitUntil(lambda: editor.preview_label.text().startswith(f"{both} people"))

    editor.match_combo.setCurrentIndex(editor.match_combo.findData("any"))
    either = int((has_corruption(frame) | former).sum())
    qtbot.waitUntil(lambda: editor.preview_label.text().startswith(f"{either} people"))

    editor.name_edit.setText("  ")
    assert not ok.isEnabled()
    assert editor.problem_label.text() == "A rule needs a name."


def test_editor_offers_data_values_and_fitting_editors(qtbot, dataset):
    editor = RuleEditor(Rule("Obama era", "#BDD7EE", conditions=(
        Condition("us_designation_date", "between", ["2009-01-20", "2017-01-19"]),)), dataset)
    qtbot.addWidget(editor)
    row = editor.rows[0]
    assert [field.line.text() for field in row.value_editor.fields] == ["2009-01-20", "2017-01-19"]

    row.operator_combo.setCurrentIndex(row.operator_combo.findData("is empty"))
    assert row.value_editor.value() is None
    row.field_combo.setCurrentIndex(row.field_combo.findData("institution"))
    row.operator_combo.setCurrentIndex(row.operator_combo.findData("any of"))
    offered = [row.value_editor.list.item(i).data(Qt.ItemDataRole.UserRole)
               for i in range(row.value_editor.list.count())]
    institutions = dataset.frame["institution"].dropna()
    assert set(offered) == set(institutions[institutions.str.strip() != ""].str.strip())
    most_common = institutions.value_counts().index[0]
    row.value_editor.set_value([most_common])
    assert editor.edited_rule().conditions == (Condition("institution", "any of", [most_common]),)

    # Switching to a one-value operator keeps the picked value.
    row.operator_combo.setCurrentIndex(row.operator_combo.findData("is"))
    assert editor.edited_rule().conditions == (Condition("institution", "is", most_common),)


# --- typing dates ---------------------------------------------------------------------------------


def test_typed_date_replaces_the_old_year(qtbot, dataset):
    """Regression: select all, type 2017-01-01, and the field still said 2008, with no sign."""
    editor = date_editor(qtbot, dataset, value="2008-06-18")
    field = editor.rows[0].value_editor.fields[0]

    type_over(qtbot, field, "2017-01-01")

    assert field.line.text() == "2017-01-01" and field.date() == dt.date(2017, 1, 1)
    assert editor.edited_rule().conditions == (Condition("us_designation_date", "after", "2017-01-01"),)
    assert ok_button(editor).isEnabled() and not field.note.isVisible()
    after = (dataset.frame["us_designation_date"] > "2017-01-01").sum()
    qtbot.waitUntil(lambda: editor.preview_label.text().startswith(f"{after} people"))


@pytest.mark.parametrize("typed, day", [
    ("2017-1-20", dt.date(2017, 1, 20)),
    ("20/01/2017", dt.date(2017, 1, 20)),
    ("01/20/2017", dt.date(2017, 1, 20)),
    ("20 January 2017", dt.date(2017, 1, 20)),
    ("January 20, 2017", dt.date(2017, 1, 20)),
    ("20 de enero de 2017", dt.date(2017, 1, 20)),
])
def test_typed_date_takes_the_forms_the_reader_understands(qtbot, dataset, typed, day):
    editor = date_editor(qtbot, dataset)
    field = editor.rows[0].value_editor.fields[0]
    type_over(qtbot, field, typed)
    assert field.date() == day and field.line.text() == typed
    assert editor.edited_rule().conditions[0].value == day and ok_button(editor).isEnabled()


def test_an_ambiguous_date_says_how_it_was_read(qtbot, dataset):
    editor = date_editor(qtbot, dataset)
    field = editor.rows[0].value_editor.fields[0]
    type_over(qtbot, field, "03/04/2017")
    assert field.date() == dt.date(2017, 4, 3)  # day first, as the reader reads it
    assert field.note.isVisible()
    assert field.note.text() == "Read as 3 April 2017; for 4 March 2017 type 2017-03-04"
    assert ok_button(editor).isEnabled()


@pytest.mark.parametrize("typed", ["2017-13-45", "31/02/2017", "sometime in 2017", ""])
def test_a_typed_date_that_is_no_date_is_refused_visibly(qtbot, dataset, typed):
    editor = date_editor(qtbot, dataset, value="2008-06-18")
    field = editor.rows[0].value_editor.fields[0]
    type_over(qtbot, field, typed)
    if not typed:
        qtbot.keyClick(field.line, Qt.Key.Key_Delete)

    assert field.date() is None
    assert field.line.styleSheet(), "the field is marked"
    assert field.note.isVisible() and field.note.text()
    assert not ok_button(editor).isEnabled()
    assert editor.problem_label.isVisible()
    assert editor.problem_label.text().startswith(f"Condition 1 ({field_label('us_designation_date')}): ")
    if typed:
        assert typed in field.note.text() and "is not a date" in field.note.text()

    type_over(qtbot, field, "2017-01-01")  # mended: accepted again
    assert ok_button(editor).isEnabled() and not field.line.styleSheet() and not field.note.isVisible()


def test_a_year_out_of_range_is_refused_with_the_range():
    assert read_typed_date("1850-01-01") == (None, "“1850-01-01” is outside the years 1900–2100")


def test_between_refuses_either_bad_date_and_a_reversed_range(qtbot, dataset):
    editor = date_editor(qtbot, dataset, "between", ["2015-03-09", "2017-01-19"])
    start, end = editor.rows[0].value_editor.fields
    type_over(qtbot, end, "2017-02-30")
    assert not ok_button(editor).isEnabled() and end.note.isVisible() and not start.note.isVisible()
    type_over(qtbot, end, "2014-01-01")
    assert not ok_button(editor).isEnabled()
    assert "after the second" in editor.problem_label.text()
    type_over(qtbot, end, "2016-12-31")
    assert ok_button(editor).isEnabled()
    assert editor.edited_rule().conditions[0].value == (dt.date(2015, 3, 9), dt.date(2016, 12, 31))


def test_calendar_pick_fills_the_date(qtbot, dataset):
    editor = date_editor(qtbot, dataset)
    field = editor.rows[0].value_editor.fields[0]
    field.calendar.clicked.emit(field.calendar.selectedDate().addYears(-3).addDays(5))
    picked = field.date()
    assert field.line.text() == picked.isoformat() and ok_button(editor).isEnabled()


def test_a_new_date_condition_starts_at_the_latest_designation(qtbot, dataset):
    """Regression: a new date condition started at 2008-06-18, the earliest date."""
    editor = RuleEditor(None, dataset)
    qtbot.addWidget(editor)
    row = editor.rows[0]
    row.field_combo.setCurrentIndex(row.field_combo.findData("us_designation_date"))
    row.operator_combo.setCurrentIndex(row.operator_combo.findData("before"))
    latest = dataset.frame["us_designation_date"].max().date()
    assert row.value_editor.fields[0].date() == latest

    row.operator_combo.setCurrentIndex(row.operator_combo.findData("is empty"))  # no date to carry over
    row.operator_combo.setCurrentIndex(row.operator_combo.findData("between"))
    earliest = dataset.frame["us_designation_date"].min().date()
    assert [f.date() for f in row.value_editor.fields] == [earliest, latest]  # a range that matches all
    rule = editor.edited_rule()
    assert int(rule_mask(dataset.frame, rule).sum()) == int(dataset.frame["us_designation_date"].notna().sum())


def test_without_data_a_date_starts_today(qtbot):
    editor = RuleEditor(None, None)
    qtbot.addWidget(editor)
    row = editor.rows[0]
    row.field_combo.setCurrentIndex(row.field_combo.findData("us_designation_date"))
    row.operator_combo.setCurrentIndex(row.operator_combo.findData("after"))
    assert row.value_editor.fields[0].date() == dt.date.today()
