"""The columns an analyst sees first, their headers, and "Also sanctioned by"."""

from __future__ import annotations

import numpy as np

from sanctions_gui.core import schema
from sanctions_gui.core.columns import ALSO_SANCTIONED_BY, column_label, default_columns, display_columns
from sanctions_gui.core.filters import ColumnFilter, facet_label
from sanctions_gui.core.rules import field_label
from sanctions_gui.core.sheets import SHEET_CHOICES, describe_sheet_choice, sheet_choice_label
from sanctions_gui.core.view import Dataset, ViewState, compute_view


def test_default_columns_start_with_what_analysts_read_first(frame):
    assert default_columns(frame)[:7] == [
        "name", "position", "us_designation_date", "administration", "reasons", "security_status",
        ALSO_SANCTIONED_BY]
    assert not set(default_columns(frame)) & {schema.PERSON_ID, "canada_date"}
    assert set(display_columns(frame)) == set(frame.columns) | {ALSO_SANCTIONED_BY}


def test_also_sanctioned_by_lists_the_other_governments_of_each_row(frame, source_rows):
    dataset = Dataset(frame)
    text = dict(zip(frame["name"], dataset.text(ALSO_SANCTIONED_BY)))
    for row in source_rows:
        listed = [j.label for j in schema.JURISDICTIONS if row[j.name].strip().lower() not in ("", "no", "false")]
        assert text[row["name"]] == "; ".join(listed), row["name"]


def test_also_sanctioned_by_filters_and_sorts_like_any_column(frame):
    dataset = Dataset(frame)
    state = ViewState().with_filter(ColumnFilter(ALSO_SANCTIONED_BY, values=frozenset({"Panama"})))
    view = compute_view(dataset, state)
    assert len(view) == int(frame["panama"].sum()) > 0
    assert all("Panama" in dataset.text(ALSO_SANCTIONED_BY)[row] for row in view.rows)
    ordered = dataset.text(ALSO_SANCTIONED_BY)[compute_view(dataset, ViewState(sort_column=ALSO_SANCTIONED_BY)).rows]
    filled = [t for t in ordered if t]
    assert list(ordered[: len(filled)]) == filled, "empty cells last"


def test_one_label_for_the_other_governments_everywhere():
    assert column_label(ALSO_SANCTIONED_BY) == facet_label(ALSO_SANCTIONED_BY) == field_label(ALSO_SANCTIONED_BY)


def test_sheet_choices_have_one_label_and_one_description_each():
    assert [sheet_choice_label(c) for c in SHEET_CHOICES] == ["Post-E.O. 13692", "Pre-E.O. 13692", "Both sheets"]
    assert describe_sheet_choice("post") == "post-E.O. 13692 sheet"


def test_view_positions_invert_the_row_order(frame):
    dataset = Dataset(frame)
    view = compute_view(dataset, ViewState(sort_column="name", sheet="pre"))
    assert np.array_equal(view.positions[view.rows], np.arange(len(view)))
    assert (view.positions >= 0).sum() == len(view)
    ids = dataset.person_ids[view.rows[:3]]
    assert dataset.rows_of(list(ids)).tolist() == view.rows[:3].tolist()
    assert dataset.rows_of(["no such person"]).tolist() == [-1]
