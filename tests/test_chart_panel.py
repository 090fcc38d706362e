"""The chart panel as an analyst uses it, on the bundled dataset, checked against the source CSV."""

from __future__ import annotations

import datetime as dt
import itertools
import xml.etree.ElementTree as ET
from collections import Counter

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QPushButton, QToolTip
from test_stats import AS_OF, _post_sheet_as_of

from sanctions_gui.core.rules import Condition, Rule
from sanctions_gui.core.view import Dataset
from sanctions_gui.ui import chart_panel
from sanctions_gui.core.charts import series_colours_from_rules
from sanctions_gui.ui.chart_panel import ChartPanel

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def panel(qtbot, bundled) -> ChartPanel:
    panel = ChartPanel()
    qtbot.addWidget(panel)
    panel.resize(700, 450)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_data(Dataset(bundled.frame))
    return panel


def table(panel: ChartPanel) -> dict[str, dict[str, str]]:
    """The numbers table as {first column: {header: text}}."""
    numbers = panel.numbers
    headers = [numbers.horizontalHeaderItem(c).text() for c in range(numbers.columnCount())]
    return {numbers.item(r, 0).text(): {h: numbers.item(r, c).text() for c, h in enumerate(headers)}
            for r in range(numbers.rowCount())}


def bar_item(panel: ChartPanel, series_label: str):
    """The BarGraphItem the legend names `series_label`."""
    return next(sample.item for sample, label in panel.legend.items if label.text == series_label)


def bar_centre(panel: ChartPanel, series_label: str, position: int) -> QPoint:
    """Where on the chart widget the middle of a bar is."""
    opts = bar_item(panel, series_label).opts
    x = np.asarray(opts["x"])[position]
    y = np.asarray(opts["y0"])[position] + np.asarray(opts["height"])[position] / 2
    scene_point = panel.view_box.mapViewToScene(QPointF(float(x), float(y)))
    return panel.graphics.mapFromScene(scene_point)


def wola_button(panel: ChartPanel) -> QPushButton:
    return next(b for b in panel.findChildren(QPushButton) if "WOLA" in b.text())


def shown_label_rects(panel: ChartPanel):
    panel.graphics.grab()  # paint once, so the labels' transforms follow the last layout
    return [item.sceneBoundingRect() for item in panel.label_items() if item.isVisible()]


# --- the September 2018 comparison ----------------------------------------------------------


def test_wola_button_gives_obama_and_trump_as_the_source_counts_them(qtbot, panel, source_rows):
    window = [row for row in source_rows if _post_sheet_as_of(row, AS_OF)]
    designated = Counter(row["administration"] for row in window)
    active = Counter(row["administration"] for row in window if row["security_status"] == "active")

    qtbot.mouseClick(wola_button(panel), Qt.MouseButton.LeftButton)

    rows = table(panel)
    assert list(rows) == ["Obama", "Trump"]
    for name in rows:
        assert rows[name]["Designated"] == str(designated[name])
        assert rows[name]["Active in security forces"] == str(active[name])
    assert (rows["Obama"]["Designated"], rows["Obama"]["Active in security forces"]) == ("7", "5")
    assert (rows["Trump"]["Designated"], rows["Trump"]["Active in security forces"]) == ("56", "8")
    assert "5 of 7 — 71%" in panel.visible_labels()
    assert "8 of 56 — 14%" in panel.visible_labels()


def test_clicking_the_obama_active_bar_asks_for_those_five_people(qtbot, panel, bundled, source_rows):
    expected = {row["name"] for row in source_rows if _post_sheet_as_of(row, AS_OF)
                and row["administration"] == "Obama" and row["security_status"] == "active"}
    panel.show_wola_comparison()

    with qtbot.waitSignal(panel.rows_requested) as signal:
        qtbot.mouseClick(panel.graphics.viewport(), Qt.MouseButton.LeftButton,
                         pos=bar_centre(panel, "Active in security forces", 0))

    mask, title = signal.args
    assert set(bundled.frame.loc[mask, "name"]) == expected and len(expected) == 5
    assert title == "Chart: Obama — active in security forces (5 people)"


def test_click_bar_uses_the_chart_filters(qtbot, panel, bundled, source_rows):
    panel.show_wola_comparison()
    with qtbot.waitSignal(panel.rows_requested) as signal:
        panel.click_bar("Trump", "civilians")
    mask, title = signal.args
    civilians = {row["name"] for row in source_rows if _post_sheet_as_of(row, AS_OF)
                 and row["administration"] == "Trump" and row["security_status"] == "none"}
    assert set(bundled.frame.loc[mask, "name"]) == civilians
    assert title == f"Chart: Trump — civilians ({len(civilians)} people)"


def test_hovering_a_bar_shows_its_numbers(qtbot, panel):
    panel.show_wola_comparison()
    qtbot.mouseMove(panel.graphics.viewport(), bar_centre(panel, "Active in security forces", 0))
    qtbot.waitUntil(lambda: QToolTip.isVisible())
    assert "Obama · Active in security forces: 5 of 7 — 71%" in QToolTip.text()


# --- what is counted ----------------------------------------------------------------------------


def test_follow_the_table_counts_only_the_rows_the_table_shows(qtbot, panel, bundled, source_rows):
    corruption = Counter(row["administration"] for row in source_rows if "corruption" in row["reasons"].split("; "))
    shown = bundled.frame["reasons"].map(lambda reasons: "corruption" in reasons).to_numpy(dtype=bool)
    panel.set_sheet("all")
    panel.set_data(Dataset(bundled.frame), shown_rows=shown)
    everyone = {name: int(row["Designated"]) for name, row in table(panel).items()}

    qtbot.mouseClick(panel.follow_box, Qt.MouseButton.LeftButton)

    following = {name: int(row["Designated"]) for name, row in table(panel).items()}
    assert following == {name: count for name, count in corruption.items() if count}
    assert all(following[name] < everyone[name] for name in following)


def test_only_highlighted_needs_highlighted_rows(panel, bundled):
    assert not panel.highlighted_box.isEnabled()
    highlighted = (bundled.frame["administration"] == "Biden").to_numpy(dtype=bool)
    panel.set_data(Dataset(bundled.frame), highlighted_rows=highlighted)
    panel.highlighted_box.setChecked(True)
    assert list(table(panel)) == ["Biden"]


def test_as_of_a_day_before_any_designation_shows_an_empty_chart(panel):
    panel.set_as_of(dt.date(2000, 1, 1))
    assert panel.numbers.rowCount() == 0
    assert panel.visible_labels() == []


# --- the charts ------------------------------------------------------------------------------------


def test_switching_charts_redraws_with_their_categories(panel, source_rows):
    post_years = sorted({int(row["us_designation_date"][:4]) for row in source_rows
                         if _post_sheet_as_of(row, dt.date.max)})
    post_administrations = {row["administration"] for row in source_rows if _post_sheet_as_of(row, dt.date.max)}

    panel.chart_combo.setCurrentIndex(panel.chart_combo.findData("years"))
    years = table(panel)
    assert panel.numbers.horizontalHeaderItem(0).text() == "Year"
    assert list(years) == [str(y) for y in range(post_years[0], post_years[-1] + 1)]  # quiet years too
    assert post_administrations == {label.text for _, label in panel.legend.items}
    assert int(years["2019"]["Total"]) == sum(row["us_designation_date"].startswith("2019") for row in source_rows)

    panel.chart_combo.setCurrentIndex(panel.chart_combo.findData("reasons"))
    assert set(table(panel)) == post_administrations
    assert "Corruption" in {label.text for _, label in panel.legend.items}

    panel.chart_combo.setCurrentIndex(panel.chart_combo.findData("overlap"))
    legend = {label.text for _, label in panel.legend.items}
    assert {"Canada", "EU", "Any of these"} <= legend
    assert "Mexico" not in legend  # never filled in the bundled data: listed in the table only
    assert table(panel)["Obama"]["Mexico"] == "0"


@pytest.mark.parametrize("chart", ["administrations", "years"])
def test_labels_do_not_overlap_each_other_or_leave_the_plot(panel, chart):
    panel.set_chart(chart)
    rects = shown_label_rects(panel)
    assert rects
    plot = panel.view_box.sceneBoundingRect()
    for rect in rects:
        assert plot.adjusted(-0.5, -0.5, 0.5, 0.5).contains(rect)
    for first, second in itertools.combinations(rects, 2):
        overlap = first.intersected(second)
        assert overlap.width() < 0.5 or overlap.height() < 0.5, (first, second)


def test_every_administrations_active_share_is_labelled(panel, source_rows):
    designated = Counter(row["administration"] for row in source_rows)
    active = Counter(row["administration"] for row in source_rows if row["security_status"] == "active")
    panel.set_sheet("all")
    labels = panel.visible_labels()
    for name, total in designated.items():
        share = round(100 * active[name] / total)
        assert f"{active[name]} of {total} — {share}%" in labels


def test_bars_take_the_colour_of_a_rule_that_selects_their_series(panel, bundled):
    rules = [
        Rule("Two conditions", "#111111", conditions=(Condition("security_status", "is", "active"),
                                                        Condition("administration", "is", "Obama"))),
        Rule("Switched off", "#222222", enabled=False, conditions=(Condition("security_status", "is", "active"),)),
        Rule("Active", "#FFC7CE", conditions=(Condition("security_status", "is", "active"),)),
        Rule("Active again", "#333333", conditions=(Condition("security_status", "is", "active"),)),
        Rule("Canada", "#D9D2E9", conditions=(Condition("canada", "yes"),)),
    ]
    colours = series_colours_from_rules(rules)
    assert colours == {"active_security": "#FFC7CE", "Canada": "#D9D2E9"}

    panel.set_data(Dataset(bundled.frame), rule_colours=colours)
    brush = bar_item(panel, "Active in security forces").opts["brush"]
    assert brush.color().name().upper() == "#FFC7CE"


def test_hidden_panel_draws_when_shown(qtbot, bundled):
    panel = ChartPanel()
    qtbot.addWidget(panel)
    panel.set_data(Dataset(bundled.frame))
    assert panel.numbers.rowCount() == 0

    panel.show()
    qtbot.waitExposed(panel)
    assert panel.numbers.rowCount() > 0


# --- getting the numbers and the chart out ------------------------------------------------------


def test_ctrl_c_copies_the_table_as_tab_separated_text_with_headers(qtbot, panel):
    panel.show_wola_comparison()
    panel.numbers.setFocus()
    qtbot.keyClick(panel.numbers, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)

    lines = QGuiApplication.clipboard().text().splitlines()
    headers = lines[0].split("\t")
    assert headers[:3] == ["Administration", "Designated", "Active in security forces"]
    obama = dict(zip(headers, lines[1].split("\t")))
    assert (obama["Administration"], obama["Designated"], obama["Active in security forces"]) == ("Obama", "7", "5")
    assert obama["Active in security forces (%)"] == "71%"
    assert len(lines) == 3


def save_as(monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(path), ""))


def test_png_export_writes_an_image(panel, tmp_path, monkeypatch):
    save_as(monkeypatch, tmp_path / "obama-trump")  # the extension is added
    panel.choose_export("png")

    written = tmp_path / "obama-trump.png"
    content = written.read_bytes()
    assert content.startswith(PNG_SIGNATURE) and len(content) > 1024
    width = int.from_bytes(content[16:20], "big")  # IHDR
    assert width == chart_panel.EXPORT_WIDTH
    assert [p.name for p in tmp_path.iterdir()] == ["obama-trump.png"]  # no temporary file left


def test_svg_export_writes_a_drawing_with_the_labels(panel, tmp_path, monkeypatch):
    panel.show_wola_comparison()
    save_as(monkeypatch, tmp_path / "chart.svg")
    panel.choose_export("svg")

    root = ET.parse(tmp_path / "chart.svg").getroot()
    assert root.tag.endswith("svg")
    texts = {"".join(element.itertext()).strip() for element in root.iter() if element.tag.endswith("text")}
    assert {"5 of 7 — 71%", "Obama", "Trump"} <= texts
    assert [p.name for p in tmp_path.iterdir()] == ["chart.svg"]


def test_export_to_a_missing_folder_says_so(panel, tmp_path, monkeypatch):
    messages = []
    monkeypatch.setattr(chart_panel.QMessageBox, "warning", lambda parent, title, text: messages.append(text))
    save_as(monkeypatch, tmp_path / "no such folder" / "chart.png")
    panel.choose_export("png")
    assert len(messages) == 1 and "chart.png" in messages[0]
