"""The charts' layout and label placement, and the published figures, checked without Qt."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from sanctions_gui.core import published, stats
from sanctions_gui.core.chart_labels import Bar, ValueLabel, place_labels
from sanctions_gui.core.chart_layout import layout_chart, wrap
from sanctions_gui.core.charts import CHART_TITLES, ChartData, chart_data, counted_rows
from sanctions_gui.core.sheets import SHEET_CHOICES, sheet_mask

CHAR_PX, LINE_PX = 7.0, 16.0


def measure(text: str, _role: str) -> tuple[float, float]:
    """A stand-in for font metrics: every character the same width."""
    return CHAR_PX * len(text) + 2, LINE_PX


def data_of(counts: list[list[int]], totals: list[int] | None = None, chart: str = "reasons") -> ChartData:
    counts_array = np.array(counts, dtype=np.int64)
    names = [f"Group {i}" for i in range(len(counts))]
    series = [f"series {j}" for j in range(counts_array.shape[1])]
    return ChartData(chart, names, names, series, [s.title() for s in series], counts_array,
                     None if totals is None else np.array(totals, dtype=np.int64), stacked=False)


def assert_clear(layout) -> None:
    """Every value label inside the plot, off every bar and off every other label."""
    plot = layout.plot
    for label in layout.value_labels:
        box = label.box
        assert plot.left - 1e-6 <= box.left and box.right <= plot.right + 1e-6 and plot.top - 1e-6 <= box.top
        assert not any(box.overlaps(bar.box) for bar in layout.bars), label
    for first, second in itertools.combinations(layout.value_labels, 2):
        assert not first.box.overlaps(second.box), (first, second)


# --- placing value labels ---------------------------------------------------------------------


def test_labels_that_fit_sit_across_just_above_their_bars():
    bars = [Bar(-0.3, 0.3, 0, 10), Bar(0.7, 1.3, 0, 4)]
    labels = [ValueLabel(0, 10, 20, 12), ValueLabel(1, 4, 20, 12)]
    placed = place_labels(labels, bars, (-0.5, 1.5), 400, 300, tallest=10)
    assert placed.hidden == 0
    scale = 300 / placed.y_max
    for label, place in zip(labels, placed.placements):
        assert not place.upright and not place.lifted
        assert place.bottom == pytest.approx(label.top * scale + 2)
        assert place.left + place.right == pytest.approx(2 * (label.x + 0.5) * 200)  # centred on the bar


def test_a_label_too_wide_for_its_slot_stands_upright():
    bars = [Bar(i - 0.05, i + 0.05, 0, 5) for i in range(10)]  # ten thin bars of equal height
    labels = [ValueLabel(i, 5, 60, 12) for i in range(10)]
    placed = place_labels(labels, bars, (-0.5, 9.5), 300, 300, tallest=5)
    assert placed.hidden == 0 and not any(p.lifted for p in placed.placements)
    assert sum(p.upright for p in placed.placements) >= 9  # one may lie across, clear of the rest


def test_a_label_in_the_way_of_another_is_lifted_not_dropped():
    """Regression: a label that fitted neither across nor upright was hidden without a word."""
    bars = [Bar(-0.4, 0.0, 0, 8), Bar(0.0, 0.4, 0, 8)]  # two touching bars, narrower than a line
    labels = [ValueLabel(-0.2, 8, 30, 12), ValueLabel(0.2, 8, 30, 12)]
    placed = place_labels(labels, bars, (-0.5, 0.5), 20, 200, tallest=8)
    assert placed.hidden == 0
    first, second = placed.placements
    assert second.lifted and second.bottom >= first.top
    assert placed.y_max > 8 * 1.04  # the axis grew so that the lifted label fits
    assert max(p.top for p in placed.placements) <= 200 + 1e-9


def test_a_plot_too_small_for_a_label_says_how_many_are_left_out():
    bars = [Bar(-0.3, 0.3, 0, 5)]
    placed = place_labels([ValueLabel(0, 5, 20, 40)], bars, (-0.5, 0.5), 100, 30, tallest=5)
    assert placed.hidden == 1 and placed.placements == (None,)


# --- the whole chart ------------------------------------------------------------------------------


@pytest.mark.parametrize("chart", list(CHART_TITLES))
@pytest.mark.parametrize("sheet", SHEET_CHOICES)
@pytest.mark.parametrize("size", [(800, 500), (400, 620), (1600, 1000)])
def test_every_label_of_the_bundled_charts_is_placed_clear(frame, chart, sheet, size):
    data = chart_data(frame, chart, sheet=sheet)
    for shares in (False, True):
        layout = layout_chart(data, *size, measure, shares=shares, title=CHART_TITLES[chart], subtitle=sheet)
        assert layout.what_does_not_fit() == ""
        names = [t.text for t in layout.category_labels]
        assert names in (data.category_labels, [f"'{name[-2:]}" for name in data.category_labels])
        assert_clear(layout)
        drawn = [data.series_labels[j] for j in range(len(data.series))
                 if data.counts[:, j].any() or data.series[j] == "active_security"]
        assert [entry.label.text for entry in layout.legend] == drawn


def test_bar_heights_follow_the_counts(frame):
    data = chart_data(frame, "administrations", sheet="all")
    layout = layout_chart(data, 800, 500, measure)
    heights = {(bar.row, bar.column): bar.box.height for bar in layout.bars}
    tick_gap = layout.y_ticks[0][0] - layout.y_ticks[1][0]
    per_person = tick_gap / float(layout.y_ticks[1][1].text)
    for (row, column), height in heights.items():
        assert height == pytest.approx(data.counts[row, column] * per_person)
    assert {key for key in heights} == {(r, c) for r, c in zip(*np.nonzero(data.counts))}


def test_the_active_share_is_labelled_even_when_nobody_is_active():
    data = ChartData("administrations", ["Trump II"], ["Trump II"], list(stats.SECURITY_SERIES),
                     ["Active", "Former", "Civilians", "Unknown"], np.array([[0, 0, 14, 0]]), np.array([14]), False)
    layout = layout_chart(data, 600, 400, measure)
    assert sorted(t.text for t in layout.value_labels) == ["0 of 14 — 0%", "14"]


def test_clicking_finds_the_bar_or_just_above_a_short_one():
    layout = layout_chart(data_of([[10, 1]]), 600, 400, measure)
    tall, short = sorted(layout.bars, key=lambda bar: bar.column)
    assert layout.bar_at(tall.box.left + 1, tall.box.bottom - 1) == (0, 0)
    assert layout.bar_at(short.box.left + 1, short.box.top - 3) == (0, 1)
    assert layout.bar_at(short.box.left + 1, short.box.top - 30) is None
    assert layout.bar_at(1, 1) is None


def test_years_are_shortened_then_stood_upright_when_crowded():
    years = [str(y) for y in range(2000, 2030)]
    data = ChartData("years", list(range(2000, 2030)), years, ["Obama"], ["Obama"],
                     np.ones((30, 1), dtype=np.int64), None, stacked=True)
    wide = layout_chart(data, 2000, 400, measure)
    assert [t.text for t in wide.category_labels] == years and not wide.category_labels[0].upright
    middle = layout_chart(data, 1000, 400, measure)
    assert [t.text for t in middle.category_labels] == [f"'{y[-2:]}" for y in years]
    narrow = layout_chart(data, 600, 400, measure)
    assert all(t.upright for t in narrow.category_labels) and len(narrow.category_labels) == 30
    cramped = layout_chart(data, 300, 400, measure)
    assert cramped.hidden_categories > 0 and "category names would not fit" in cramped.what_does_not_fit()


def test_a_picture_too_small_for_a_plot_says_so():
    layout = layout_chart(data_of([[3, 4]]), 60, 60, measure)
    assert layout.too_small and layout.plot is None and layout.bars == []
    assert layout.what_does_not_fit() == "the chart does not fit"
    assert layout.message.text.startswith("Too small to draw")


def test_nobody_counted_gives_a_message_not_an_empty_plot():
    empty = ChartData("reasons", [], [], [], [], np.zeros((0, 0), dtype=np.int64), None, False)
    layout = layout_chart(empty, 600, 400, measure, title="Reasons")
    assert layout.message.text == "Nobody is counted with these settings" and layout.plot is None
    assert layout_chart(None, 600, 400, measure).message.text == "No data loaded"


def test_a_footnote_is_wrapped_below_the_plot():
    note = "WOLA published (September 2018): Obama 5 of 7 (71%), Trump 11 of 64 (17%)."
    layout = layout_chart(data_of([[3, 4]]), 300, 400, measure, footnote=note)
    notes = [t for t in layout.texts if t.role == "note"]
    assert " ".join(t.text for t in notes) == note and len(notes) > 1
    assert all(t.box.top >= layout.category_labels[0].box.bottom for t in notes)
    assert all(t.box.width <= 300 for t in notes)


def test_rule_colours_replace_a_series_colour():
    layout = layout_chart(data_of([[3, 4]]), 600, 400, measure, rule_colours={"series 1": "#ffc7ce"})
    fills = {bar.column: bar.fill for bar in layout.bars}
    assert fills[1] == "#FFC7CE" and fills[0] != "#FFC7CE"


def test_wrap_keeps_words_whole():
    assert wrap("one two three four", 9 * CHAR_PX, lambda t: CHAR_PX * len(t)) == ["one two", "three", "four"]


# --- counting, with the sheet remembered --------------------------------------------------------


@pytest.mark.parametrize("sheet", SHEET_CHOICES)
def test_remembered_sheet_rows_count_as_the_stats_do(frame, sheet):
    assert np.array_equal(counted_rows(frame, sheet), sheet_mask(frame, sheet))
    for chart, count in stats.CHARTS.items():
        expected = count(frame, as_of="2018-09-08", sheet=sheet)
        got = count(frame, as_of="2018-09-08", sheet="all", rows=counted_rows(frame, sheet))
        assert got.equals(expected), chart


# --- the published figures -------------------------------------------------------------------------


def test_wola_figures_read_as_published():
    wola = published.WOLA_SEPTEMBER_2018
    assert [(f.administration, f.text()) for f in wola.figures] == [("Obama", "5 of 7 (71%)"),
                                                                     ("Trump", "11 of 64 (17%)")]
    assert wola.source_url.startswith("https://") and wola.caveat and not wola.confirmed


def test_compare_sets_the_data_beside_the_published_figures():
    lines = published.compare(published.WOLA_SEPTEMBER_2018, {"Obama": (5, 7), "Trump": (8, 56), "Biden": (1, 2)})
    assert [(c.administration, c.data.text(), c.published and c.published.text()) for c in lines] == [
        ("Obama", "5 of 7 (71%)", "5 of 7 (71%)"), ("Trump", "8 of 56 (14%)", "11 of 64 (17%)"),
        ("Biden", "1 of 2 (50%)", None)]


def test_reconciliation_section_is_found_by_its_heading(tmp_path):
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.write_text("# Title\n\nNothing here.\n", encoding="utf-8")
    second.write_text("# Data\n\n## Reconciliation with WOLA's published figures\n\nThe table.\n\n"
                      "### Trump\n\nDetail.\n\n## Sources\n\nElsewhere.\n", encoding="utf-8")
    path, section = published.reconciliation_section((first, second))
    assert path == second
    assert section.startswith("## Reconciliation with WOLA's published figures") and "### Trump" in section
    assert "Elsewhere" not in section
    assert published.reconciliation_section((first,)) is None
    assert published.reconciliation_section((tmp_path / "missing.md",)) is None


def test_the_projects_readme_has_the_section_the_chart_links_to():
    found = published.reconciliation_section()
    assert found is not None, "the chart panel links to a README heading that is not there"
    assert "WOLA" in found[1]
