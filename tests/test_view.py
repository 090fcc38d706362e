"""The analyst's view in the core: search, column filters, sorting and colours."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from sanctions_gui.core.filters import ColumnFilter, value_counts
from sanctions_gui.core.reading import empty_frame
from sanctions_gui.core.ranking import spanish_sort_key
from sanctions_gui.core.view import Dataset, ViewState, combine_colours, compute_view


@pytest.fixture(scope="module")
def dataset(bundled):
    return Dataset(bundled.frame)


def names(dataset, view):
    return list(dataset.frame["name"].iloc[view.rows])


def small_frame(**columns) -> pd.DataFrame:
    """A canonical frame of a few rows with the given columns set."""
    count = len(next(iter(columns.values())))
    frame = empty_frame().reindex(range(count))
    frame = frame.astype(empty_frame().dtypes.to_dict())
    for column in ("aliases", "authority", "reasons", "sources"):
        frame[column] = pd.Series([()] * count, dtype=object)
    for column, values in columns.items():
        frame[column] = pd.Series(values, dtype=frame[column].dtype)
    return frame


# --- search --------------------------------------------------------------------------------

@pytest.mark.parametrize("query, expected", [
    ("cliver alcala", "Clíver Antonio Alcalá Cordones"),
    ("tareck", "Tareck Zaidan El Aissami Maddah"),
    ("TARECK el aissami", "Tareck Zaidan El Aissami Maddah"),
    ("  diosdado   cabello ", "Diosdado Cabello Rondón"),
])
def test_search_ignores_accents_case_and_spacing(dataset, query, expected):
    view = compute_view(dataset, ViewState(search=query))
    assert expected in names(dataset, view)
    assert len(view) < len(dataset)


def test_search_looks_in_positions_and_institutions(dataset):
    view = compute_view(dataset, ViewState(search="sebin"))
    frame = dataset.frame.iloc[view.rows]
    holds = (frame["position"].fillna("") + frame["institution"].fillna("")).str.lower().str.contains("sebin")
    assert len(view) > 1 and holds.all()


def test_misspelt_name_needs_fuzzy_mode(dataset):
    exact = compute_view(dataset, ViewState(search="Diosdado Cabelo"))
    assert "Diosdado Cabello Rondón" not in names(dataset, exact)
    fuzzy = compute_view(dataset, ViewState(search="Diosdado Cabelo", fuzzy_threshold=85))
    assert "Diosdado Cabello Rondón" in names(dataset, fuzzy)
    row = dataset.frame.index[dataset.frame["name"] == "Diosdado Cabello Rondón"][0]
    assert 85 <= fuzzy.scores[row] < 100
    # Best-scoring names come first when no column sort is chosen.
    assert names(dataset, fuzzy)[0] == "Diosdado Cabello Rondón"


def test_fuzzy_threshold_widens_as_it_is_lowered(dataset):
    strict = compute_view(dataset, ViewState(search="Maduro Moros", fuzzy_threshold=95))
    loose = compute_view(dataset, ViewState(search="Maduro Moros", fuzzy_threshold=60))
    assert set(strict.rows) <= set(loose.rows)
    assert len(loose) > len(strict)


# --- filters and facets ----------------------------------------------------------------------

def test_value_counts_count_each_item_of_a_list_column(dataset):
    counts = dict(value_counts(dataset.frame, "reasons"))
    corruption = dataset.frame["reasons"].map(lambda r: "corruption" in r).sum()
    assert counts["corruption"] == corruption


def test_value_filter_keeps_rows_with_any_chosen_item(dataset):
    view = compute_view(dataset, ViewState(filters={
        "reasons": ColumnFilter("reasons", values=frozenset({"terrorism", "narcotics"}))}))
    reasons = dataset.frame["reasons"].iloc[view.rows]
    assert len(view) and reasons.map(lambda r: bool({"terrorism", "narcotics"} & set(r))).all()


def test_date_range_filter_on_a_jurisdiction_uses_its_listing_date(dataset):
    view = compute_view(dataset, ViewState(filters={
        "canada": ColumnFilter("canada", date_from=dt.date(2019, 1, 1), date_to=dt.date(2019, 12, 31))}))
    dates = dataset.frame["canada_date"].iloc[view.rows]
    assert len(view) and dates.dt.year.eq(2019).all()


def test_filters_combine_with_search_and_sheet(dataset):
    state = ViewState(sheet="pre", filters={"administration": ColumnFilter("administration", frozenset({"Bush"}))})
    view = compute_view(dataset, state)
    frame = dataset.frame.iloc[view.rows]
    assert len(view) and (frame["administration"] == "Bush").all()
    assert frame["sheet"].str.startswith("Pre").all()


def test_facets_combine_values_within_and_facets_across(dataset):
    state = ViewState().with_facet("administration", frozenset({"Obama", "Bush"}))
    state = state.with_facet("jurisdictions", frozenset({"Canada"}))
    frame = dataset.frame.iloc[compute_view(dataset, state).rows]
    expected = dataset.frame["administration"].isin(["Obama", "Bush"]) & dataset.frame["canada"]
    assert len(frame) == expected.sum() > 0
    assert state.with_facet("administration", None).facets == {"jurisdictions": frozenset({"Canada"})}


def test_filter_describes_itself_in_words():
    words = ColumnFilter("us_designation_date", date_from=dt.date(2017, 1, 20)).describe()
    assert words == "Date sanctioned (U.S.) on or after 2017-01-20"


# --- sorting --------------------------------------------------------------------------------

def test_spanish_order_ignores_accents_and_puts_enye_after_n():
    words = ["Zambrano", "Núñez", "Álvarez", "Nuño", "alvarado", "Nuza", "Nunca", "Nuñez"]
    assert sorted(words, key=spanish_sort_key) == [
        "alvarado", "Álvarez", "Nunca", "Núñez", "Nuñez", "Nuño", "Nuza", "Zambrano"]


def test_sort_by_name_is_accent_aware(dataset):
    view = compute_view(dataset, ViewState(sort_column="name"))
    shown = names(dataset, view)
    assert shown == sorted(shown, key=spanish_sort_key)
    # "Álvarez" does not fall after "Zambrano": the accented initial sorts with the A's.
    first_letters = [spanish_sort_key(n)[0] for n in shown]
    assert first_letters == sorted(first_letters)


@pytest.mark.parametrize("descending", [False, True])
def test_dates_sort_as_dates_with_empty_cells_last(dataset, descending):
    view = compute_view(dataset, ViewState(sort_column="us_designation_date", sort_descending=descending))
    dates = dataset.frame["us_designation_date"].iloc[view.rows]
    known = dates.dropna()
    assert dates.isna().sum() > 0, "the bundled data has undated rows"
    assert dates.iloc[len(known):].isna().all()
    assert list(known) == sorted(known, reverse=descending)


def test_sort_is_stable_for_equal_values(dataset):
    view = compute_view(dataset, ViewState(sort_column="administration"))
    administration = dataset.frame["administration"].iloc[view.rows].to_numpy()
    rows = view.rows
    for value in pd.unique(administration):
        group = rows[administration == value]
        assert list(group) == sorted(group)


@pytest.mark.parametrize("descending", [False, True])
def test_sorting_a_column_whose_cells_are_all_empty_keeps_the_rows_and_does_not_fail(descending):
    """It raised IndexError: the column's one distinct value, "", left no text to look at."""
    dataset = Dataset(small_frame(name=["Ana", "Luis", "Eva"], notes=[None, None, None]))
    view = compute_view(dataset, ViewState(sort_column="notes", sort_descending=descending))
    assert names(dataset, view) == ["Ana", "Luis", "Eva"]


# --- colours ---------------------------------------------------------------------------------

def test_manual_colour_beats_rule_colour_beats_file_colour():
    frame = small_frame(name=["A", "B", "C", "D"], source_highlight=["#FFFF00", "#FFFF00", "#FFFF00", None])
    rules = np.array(["#00FF00", "#00FF00", None, None], dtype=object)
    manual = np.array(["#0000FF", None, None, None], dtype=object)
    colours = combine_colours(frame, rules, manual)
    assert list(colours) == ["#0000FF", "#00FF00", "#FFFF00", None]


def test_only_highlighted_shows_rows_with_a_colour():
    frame = small_frame(name=["A", "B", "C"], source_highlight=[None, "#FFFF00", None])
    dataset = Dataset(frame)
    manual = np.array([None, None, "#A5D6A7"], dtype=object)
    view = compute_view(dataset, ViewState(only_highlighted=True), None, manual)
    assert names(dataset, view) == ["B", "C"]
    assert view.highlighted == 2


def test_date_values_are_listed_in_time_order_with_blanks_last(dataset):
    values = [value for value, _ in dataset.values("us_designation_date").counts()]
    dated = [v for v in values if v]
    assert dated == sorted(dated) and values[-1] == ""


def test_unique_long_texts_ranked_ahead_sort_without_ranking_them_again(bundled, monkeypatch):
    """As the loader leaves a large workbook: its unique notes and names ranked before any
    click; a column of repeated values (the position) is ranked on the click, quickly."""
    from sanctions_gui.core import view

    frame = pd.concat([bundled.frame] * 12, ignore_index=True)
    frame["notes"] = [f"{note} Record {i}." for i, note in enumerate(frame["notes"].fillna(""))]
    frame["name"] = [f"{name} {i}" for i, name in enumerate(frame["name"])]
    dataset = Dataset(frame)
    dataset.rank_text_columns(["name", "notes", "position", "us_designation_date"])
    real_ranks = view.text_ranks
    ranked_on_click = []
    monkeypatch.setattr(view, "text_ranks", lambda texts: ranked_on_click.append(len(texts)) or real_ranks(texts))
    for column in ("name", "notes", "position"):
        shown = compute_view(dataset, ViewState(sort_column=column)).rows
        keys = [spanish_sort_key(text) for text in dataset.text(column)[shown]]
        filled = [key for key in keys if key]
        assert filled == sorted(filled) and keys[len(filled):] == [""] * (len(keys) - len(filled))
    assert ranked_on_click == [len(frame)]  # the position only
