"""The chart panel as an analyst uses it, on the bundled dataset, checked against the source CSV."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections import Counter

import numpy as np
import pandas as pd
import pytest
import pyqtgraph as pg
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QGraphicsSimpleTextItem, QToolTip
from test_stats import AS_OF, _post_sheet_as_of

from sanctions_gui.core import published
from sanctions_gui.core.charts import series_colours_from_rules
from sanctions_gui.core.rules import Condition, Rule
from sanctions_gui.core.stats import bar_label
from sanctions_gui.core.view import Dataset
from sanctions_gui.ui import chart_panel
from sanctions_gui.ui.chart_export import ExportSizeDialog
from sanctions_gui.ui.chart_panel import ChartPanel
from sanctions_gui.ui.chart_picture import export_layout

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HANG_GUARD_MS = 120_000  # counting takes well under a second; this only stops a hung test


def settle(qtbot, panel: ChartPanel) -> None:
    """Wait until the chart of the present settings is counted and drawn."""
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=HANG_GUARD_MS)


@pytest.fixture
def panel(qtbot, bundled) -> ChartPanel:
    panel = ChartPanel()
    qtbot.addWidget(panel)
    panel.resize(700, 560)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_data(Dataset(bundled.frame))
    settle(qtbot, panel)
    return panel


def table(panel: ChartPanel) -> dict[str, dict[str, str]]:
    """The numbers table as {first column: {header: text}}."""
    numbers = panel.numbers
    headers = [numbers.horizontalHeaderItem(c).text() for c in range(numbers.columnCount())]
    return {numbers.item(r, 0).text(): {h: numbers.item(r, c).text() for c, h in enumerate(headers)}
            for r in range(numbers.rowCount())}


def legend(panel: ChartPanel) -> list[str]:
    return [entry.label.text for entry in panel.view.chart_layout().legend]


def chart_surface(panel: ChartPanel):
    """What the pointer moves over: the chart view's viewport (a graphics view takes the mouse there)."""
    return panel.view.viewport()


def bar_centre(panel: ChartPanel, series_label: str, category: int) -> QPoint:
    """Where on the chart's surface the middle of a bar is."""
    column = panel.data.series_labels.index(series_label)
    bar = next(b for b in panel.view.chart_layout().bars if (b.row, b.column) == (category, column))
    return QPoint(round(bar.box.left + bar.box.width / 2), round(bar.box.top + bar.box.height / 2))


def hold_counting(monkeypatch) -> threading.Event:
    """Make every count wait, in its thread, until the returned event is set."""
    release = threading.Event()
    counting = chart_panel.chart_data

    def held(*args, **kwargs):
        release.wait(HANG_GUARD_MS / 1000)
        return counting(*args, **kwargs)

    monkeypatch.setattr(chart_panel, "chart_data", held)
    return release


def active_counts(source_rows, as_of: dt.date) -> tuple[Counter, Counter]:
    """(designated, active) per administration on the post sheet up to `as_of`, from the CSV."""
    window = [row for row in source_rows if _post_sheet_as_of(row, as_of)]
    return (Counter(row["administration"] for row in window),
            Counter(row["administration"] for row in window if row["security_status"] == "active"))


# --- opening -----------------------------------------------------------------------------------


def test_charts_say_preparing_until_the_first_chart_is_counted(qtbot, bundled):
    panel = ChartPanel()
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_data(Dataset(bundled.frame))

    assert panel.is_busy()
    assert panel.pages.currentWidget().objectName() == "chartsBusy"
    assert panel.busy_label.isVisible() and panel.busy_label.text() == "Preparing charts…"
    settle(qtbot, panel)
    assert not panel.busy_label.isVisible()
    assert panel.view.isVisible() and panel.numbers.rowCount() > 0
    assert panel.visible_labels()


PYQTGRAPH_ORDER = r"""
import json, sys, time
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
from sanctions_gui.ui.chart_panel import ChartPanel
facts = {"loaded with the panel's module": "pyqtgraph" in sys.modules}
panel = ChartPanel()
painted = []
panel.findChild(QWidget, "chartsBusy").painted.connect(lambda: painted.append("pyqtgraph" in sys.modules))
panel.show()
deadline = time.monotonic() + 120
while panel.view is None and time.monotonic() < deadline:
    app.processEvents()
facts["loaded at the busy page's first paint"] = painted[0] if painted else None
facts["loaded once the chart view exists"] = panel.view is not None and "pyqtgraph" in sys.modules
print("FACTS", json.dumps(facts), flush=True)
"""


def test_pyqtgraph_loads_only_once_the_preparing_page_is_on_screen():
    """Regression: importing pyqtgraph with the panel froze the window before anything said "Preparing
    charts…". A fresh process, as when Charts is first opened."""
    output = subprocess.run([sys.executable, "-c", PYQTGRAPH_ORDER], capture_output=True, text=True,
                            timeout=HANG_GUARD_MS / 1000, check=True).stdout
    facts = json.loads(next(line for line in output.splitlines() if line.startswith("FACTS"))[len("FACTS "):])
    assert facts == {"loaded with the panel's module": False, "loaded at the busy page's first paint": False,
                     "loaded once the chart view exists": True}


def test_window_keeps_working_while_charts_are_counted(qtbot, bundled, monkeypatch):
    """Regression: opening the charts froze the window for about 3 s with no sign of work."""
    release = hold_counting(monkeypatch)
    panel = ChartPanel()
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_data(Dataset(bundled.frame))

    handled = []
    QTimer.singleShot(0, lambda: handled.append(True))  # the event loop runs while the count waits
    qtbot.waitUntil(lambda: bool(handled), timeout=HANG_GUARD_MS)
    assert panel.is_busy() and panel.busy_label.isVisible()
    release.set()
    settle(qtbot, panel)
    assert panel.numbers.rowCount() > 0


def test_a_slow_recount_keeps_the_last_chart_marked_as_updating(qtbot, panel, monkeypatch):
    release = hold_counting(monkeypatch)
    shown = panel.visible_labels()
    panel.set_chart("years")
    qtbot.waitUntil(panel.updating_label.isVisible, timeout=HANG_GUARD_MS)
    assert panel.is_busy() and panel.view.isVisible() and panel.visible_labels() == shown
    release.set()
    settle(qtbot, panel)
    assert not panel.updating_label.isVisible() and panel.numbers.horizontalHeaderItem(0).text() == "Year"


def test_a_count_that_fails_says_so_on_the_panel(qtbot, bundled, monkeypatch):
    def broken(*_args, **_kwargs):
        raise ValueError("the sheet column is missing")

    monkeypatch.setattr(chart_panel, "chart_data", broken)
    panel = ChartPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_data(Dataset(bundled.frame))
    qtbot.waitUntil(lambda: "could not be counted" in panel.busy_label.text(), timeout=HANG_GUARD_MS)
    assert "the sheet column is missing" in panel.busy_label.text()


def test_hidden_panel_counts_when_shown(qtbot, bundled):
    panel = ChartPanel()
    qtbot.addWidget(panel)
    panel.set_data(Dataset(bundled.frame))
    assert panel.numbers.rowCount() == 0

    panel.show()
    qtbot.waitExposed(panel)
    settle(qtbot, panel)
    assert panel.numbers.rowCount() > 0


# --- the September 2018 comparison ----------------------------------------------------------


def test_wola_button_gives_obama_and_trump_as_the_source_counts_them(qtbot, panel, source_rows):
    designated, active = active_counts(source_rows, AS_OF)

    qtbot.mouseClick(panel.wola_button, Qt.MouseButton.LeftButton)
    settle(qtbot, panel)

    rows = table(panel)
    assert list(rows) == ["Obama", "Trump"]
    for name in rows:
        assert rows[name]["Designated"] == str(designated[name])
        assert rows[name]["Active in security forces"] == str(active[name])
        assert bar_label(active[name], designated[name]) in panel.visible_labels()


def test_wola_view_shows_the_published_figures_beside_the_data(qtbot, panel, source_rows):
    """Regression: the WOLA view showed the data's 8 of 56 and never said WOLA published 11 of 64."""
    designated, active = active_counts(source_rows, AS_OF)
    assert not panel.published_note.isVisible()

    qtbot.mouseClick(panel.wola_button, Qt.MouseButton.LeftButton)
    settle(qtbot, panel)

    note = panel.published_note
    assert note.isVisible()
    text = note.text()
    for name in ("Obama", "Trump"):
        share = round(100 * active[name] / designated[name])
        assert f"{name}: data {active[name]} of {designated[name]} ({share}%)" in text
    assert "Obama: data" in text and "WOLA published 5 of 7 (71%)" in text
    assert "WOLA published 11 of 64 (17%)" in text
    assert "data/README.md › Reconciliation with WOLA&#x27;s published figures" in text
    assert published.WOLA_SEPTEMBER_2018.source_url in text

    panel.set_sheet("all")  # no longer WOLA's cut: nothing to compare with
    settle(qtbot, panel)
    assert not note.isVisible()


def test_wola_view_link_opens_the_reconciliation(qtbot, panel, tmp_path, monkeypatch):
    readme = tmp_path / "README.md"
    readme.write_text("# Data\n\n## Reconciliation with WOLA's published figures\n\n| Trump | 56 | 8 | 11 of 64 |\n\n"
                      "## Sources\n\nElsewhere.\n", encoding="utf-8")
    monkeypatch.setattr(published, "RECONCILIATION_FILES", (tmp_path / "missing.md", readme))
    panel.show_wola_comparison()
    settle(qtbot, panel)

    panel.published_note.linkActivated.emit("reconciliation")

    dialog = panel.published_note.open_reconciliation()
    qtbot.addWidget(dialog)
    shown = dialog.browser.toPlainText()
    assert "Reconciliation with WOLA's published figures" in shown and "11 of 64" in shown
    assert "Elsewhere" not in shown  # only that section


def test_clicking_the_obama_active_bar_asks_for_those_five_people(qtbot, panel, bundled, source_rows):
    expected = {row["name"] for row in source_rows if _post_sheet_as_of(row, AS_OF)
                and row["administration"] == "Obama" and row["security_status"] == "active"}
    panel.show_wola_comparison()
    settle(qtbot, panel)

    with qtbot.waitSignal(panel.rows_requested) as signal:
        qtbot.mouseClick(chart_surface(panel), Qt.MouseButton.LeftButton,
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
    settle(qtbot, panel)
    qtbot.mouseMove(chart_surface(panel), bar_centre(panel, "Active in security forces", 0))
    qtbot.waitUntil(lambda: QToolTip.isVisible())
    assert "Obama · Active in security forces: 5 of 7 — 71%" in QToolTip.text()


# --- what is counted ----------------------------------------------------------------------------


def test_follow_the_table_counts_only_the_rows_the_table_shows(qtbot, panel, bundled, source_rows):
    corruption = Counter(row["administration"] for row in source_rows if "corruption" in row["reasons"].split("; "))
    shown = bundled.frame["reasons"].map(lambda reasons: "corruption" in reasons).to_numpy(dtype=bool)
    panel.set_sheet("all")
    panel.set_data(Dataset(bundled.frame), shown_rows=shown)
    settle(qtbot, panel)
    everyone = {name: int(row["Designated"]) for name, row in table(panel).items()}

    qtbot.mouseClick(panel.follow_box, Qt.MouseButton.LeftButton)
    settle(qtbot, panel)

    following = {name: int(row["Designated"]) for name, row in table(panel).items()}
    assert following == {name: count for name, count in corruption.items() if count}
    assert all(following[name] < everyone[name] for name in following)


def test_only_highlighted_needs_highlighted_rows(qtbot, panel, bundled):
    assert not panel.highlighted_box.isEnabled()
    highlighted = (bundled.frame["administration"] == "Biden").to_numpy(dtype=bool)
    panel.set_data(Dataset(bundled.frame), highlighted_rows=highlighted)
    panel.highlighted_box.setChecked(True)
    settle(qtbot, panel)
    assert list(table(panel)) == ["Biden"]


def test_as_of_a_day_before_any_designation_shows_an_empty_chart(qtbot, panel):
    panel.set_as_of(dt.date(2000, 1, 1))
    settle(qtbot, panel)
    assert panel.numbers.rowCount() == 0
    assert panel.visible_labels() == []
    assert panel.view.chart_layout().message.text == "Nobody is counted with these settings"


# --- the charts ------------------------------------------------------------------------------------


def test_switching_charts_redraws_with_their_categories(qtbot, panel, source_rows):
    post_years = sorted({int(row["us_designation_date"][:4]) for row in source_rows
                         if _post_sheet_as_of(row, dt.date.max)})
    post_administrations = {row["administration"] for row in source_rows if _post_sheet_as_of(row, dt.date.max)}

    panel.chart_combo.setCurrentIndex(panel.chart_combo.findData("years"))
    settle(qtbot, panel)
    years = table(panel)
    assert panel.numbers.horizontalHeaderItem(0).text() == "Year"
    assert list(years) == [str(y) for y in range(post_years[0], post_years[-1] + 1)]  # quiet years too
    assert post_administrations == set(legend(panel))
    assert int(years["2019"]["Total"]) == sum(row["us_designation_date"].startswith("2019") for row in source_rows)

    panel.chart_combo.setCurrentIndex(panel.chart_combo.findData("reasons"))
    settle(qtbot, panel)
    assert set(table(panel)) == post_administrations
    assert "Corruption" in legend(panel)

    panel.chart_combo.setCurrentIndex(panel.chart_combo.findData("overlap"))
    settle(qtbot, panel)
    assert {"Canada", "EU", "Any of these"} <= set(legend(panel))
    assert "Mexico" not in legend(panel)  # never filled in the bundled data: listed in the table only
    assert table(panel)["Obama"]["Mexico"] == "0"


@pytest.mark.parametrize("chart", ["administrations", "reasons", "years", "overlap"])
@pytest.mark.parametrize("size", [(700, 560), (330, 760)])
def test_every_value_label_is_shown_clear_of_the_others_and_of_the_bars(qtbot, panel, chart, size):
    """Regression: a bar lost its value label when it fitted neither across nor upright."""
    panel.resize(*size)
    panel.set_sheet("all")
    panel.set_chart(chart)
    settle(qtbot, panel)
    qtbot.waitUntil(lambda: panel.view.chart_layout().width == panel.view.width())
    layout, data = panel.view.chart_layout(), panel.data
    if data.stacked:  # a total over every year with designations
        expected = int((data.counts.sum(axis=1) > 0).sum())
    else:  # a count on every bar, and the active share of every administration even at 0
        expected = int((data.counts > 0).sum())
        if "active_security" in data.series:
            expected += int((data.counts[:, data.series.index("active_security")] == 0).sum())
    assert len(layout.value_labels) == expected and layout.hidden_labels == 0
    assert not panel.fit_note.isVisible()
    plot = layout.plot
    for label in layout.value_labels:
        box = label.box
        assert plot.left - 0.5 <= box.left and box.right <= plot.right + 0.5 and plot.top - 0.5 <= box.top
        assert not any(box.overlaps(bar.box) for bar in layout.bars)
    for first, second in itertools.combinations(layout.value_labels, 2):
        assert not first.box.overlaps(second.box), (first, second)


def scene_rectangles(item: pg.BarGraphItem) -> list[tuple[float, float, float, float]]:
    """The rectangles a BarGraphItem draws, in scene pixels, as (left, top, width, height)."""
    rectangles = [item.mapToScene(polygon).boundingRect() for polygon in item.shape().toSubpathPolygons()]
    return [tuple(round(value, 2) for value in (r.left(), r.top(), r.width(), r.height())) for r in rectangles]


def box_tuple(box) -> tuple[float, float, float, float]:
    return tuple(round(value, 2) for value in (box.left, box.top, box.width, box.height))


@pytest.mark.parametrize("chart", ["administrations", "years"])
def test_the_chart_is_drawn_with_pyqtgraph_items_where_the_layout_puts_them(qtbot, panel, chart):
    """The stack's charting library draws what the headless layout decided: bars and legend swatches
    are BarGraphItems with the layout's rectangles and colours, every text sits centred on its box."""
    panel.set_sheet("all")
    panel.set_chart(chart)
    settle(qtbot, panel)
    layout = panel.view.chart_layout()
    items = panel.view.scene().items()

    drawn = sorted((rectangle, item.opts["brush"].name().upper()) for item in items
                   if isinstance(item, pg.BarGraphItem) for rectangle in scene_rectangles(item))
    planned = sorted([(box_tuple(bar.box), bar.fill) for bar in layout.bars]
                     + [(box_tuple(entry.swatch), entry.fill) for entry in layout.legend])
    assert len(layout.bars) > 3 and drawn == planned

    def centre(text_item):
        middle = text_item.sceneBoundingRect().center()
        return text_item.text(), round(middle.x(), 1), round(middle.y(), 1)

    texts = sorted(centre(item) for item in items if isinstance(item, QGraphicsSimpleTextItem))
    boxes = sorted((text.text, round(text.box.left + text.box.width / 2, 1),
                    round(text.box.top + text.box.height / 2, 1)) for text in layout.all_texts())
    assert texts == boxes


def test_every_administrations_active_share_is_labelled(qtbot, panel, source_rows):
    designated = Counter(row["administration"] for row in source_rows)
    active = Counter(row["administration"] for row in source_rows if row["security_status"] == "active")
    panel.set_sheet("all")
    settle(qtbot, panel)
    labels = panel.visible_labels()
    for name, total in designated.items():
        assert bar_label(active[name], total) in labels


def test_bars_take_the_colour_of_a_rule_that_selects_their_series(qtbot, panel, bundled):
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
    settle(qtbot, panel)
    active = panel.data.series.index("active_security")
    fills = {bar.fill for bar in panel.view.chart_layout().bars if bar.column == active}
    assert fills == {"#FFC7CE"}


# --- the numbers table ----------------------------------------------------------------------------


def test_ctrl_c_copies_the_table_as_tab_separated_text_with_headers(qtbot, panel):
    panel.show_wola_comparison()
    settle(qtbot, panel)
    panel.numbers.setFocus()
    qtbot.keyClick(panel.numbers, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)

    lines = QGuiApplication.clipboard().text().splitlines()
    headers = lines[0].split("\t")
    assert headers[:3] == ["Administration", "Designated", "Active in security forces"]
    obama = dict(zip(headers, lines[1].split("\t")))
    assert (obama["Administration"], obama["Designated"], obama["Active in security forces"]) == ("Obama", "7", "5")
    assert obama["Active in security forces (%)"] == "71%"
    assert len(lines) == 3


def test_tab_leaves_the_numbers_table_and_arrows_move_inside_it(qtbot, panel):
    """Regression: Tab walked cell by cell and never left the chart's numbers table."""
    numbers = panel.numbers
    panel.activateWindow()
    numbers.setFocus()
    numbers.setCurrentCell(0, 0)
    qtbot.waitUntil(lambda: numbers.hasFocus())

    qtbot.keyClick(numbers, Qt.Key.Key_Right)
    qtbot.keyClick(numbers, Qt.Key.Key_Down)
    assert (numbers.currentRow(), numbers.currentColumn()) == (1, 1)

    qtbot.keyClick(numbers, Qt.Key.Key_Tab)
    assert not numbers.hasFocus() and QApplication.focusWidget() is not None


def test_enter_on_a_count_lists_its_people(qtbot, panel, bundled, source_rows):
    panel.show_wola_comparison()
    settle(qtbot, panel)
    numbers = panel.numbers
    headers = [numbers.horizontalHeaderItem(c).text() for c in range(numbers.columnCount())]
    numbers.setFocus()
    numbers.setCurrentCell(1, headers.index("Active in security forces"))  # Trump
    expected = {row["name"] for row in source_rows if _post_sheet_as_of(row, AS_OF)
                and row["administration"] == "Trump" and row["security_status"] == "active"}

    with qtbot.waitSignal(panel.rows_requested) as signal:
        qtbot.keyClick(numbers, Qt.Key.Key_Return)

    assert set(bundled.frame.loc[signal.args[0], "name"]) == expected


# --- getting the chart out ------------------------------------------------------------------


def accept_size(monkeypatch, size=None):
    """Answer the export size dialog: OK with `size`, or with what it offers."""
    offered = []

    def answer(dialog):
        offered.append(dialog.chosen_size())
        if size is not None:
            dialog.set_size(*size)
        dialog.accept()
        return ExportSizeDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportSizeDialog, "exec", answer)
    return offered


def save_as(monkeypatch, path):
    started_in = []

    def answer(_parent, _caption, start, _filters):
        started_in.append(start)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return started_in


def png_size(content: bytes) -> tuple[int, int]:
    assert content.startswith(PNG_SIGNATURE)
    return int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")  # IHDR


def test_png_export_has_the_chosen_size_not_the_panels_shape(qtbot, panel, tmp_path, monkeypatch):
    """Regression: a narrow panel exported a 1600×2097 image."""
    panel.resize(330, 900)
    offered = accept_size(monkeypatch)
    save_as(monkeypatch, tmp_path / "obama-trump")  # the extension is added
    panel.choose_export("png")

    assert offered == [(1600, 1000)]  # a readable landscape unless the analyst chooses otherwise
    assert png_size((tmp_path / "obama-trump.png").read_bytes()) == (1600, 1000)
    assert [p.name for p in tmp_path.iterdir()] == ["obama-trump.png"]  # no temporary file left

    accept_size(monkeypatch, (1200, 1200))
    save_as(monkeypatch, tmp_path / "square.png")
    panel.choose_export("png")
    assert png_size((tmp_path / "square.png").read_bytes()) == (1200, 1200)


def test_png_export_draws_every_bar_where_its_layout_puts_it(qtbot, panel, tmp_path):
    panel.set_sheet("all")
    settle(qtbot, panel)
    panel.export_png(tmp_path / "chart.png", (1920, 1080))

    image = QImage(str(tmp_path / "chart.png"))
    layout, scale = export_layout(panel.picture(), 1920, 1080, panel.fonts)
    assert (image.width(), image.height()) == (1920, 1080) and scale > 1
    tall_enough = [bar for bar in layout.bars if bar.box.height * scale > 4]
    assert len(tall_enough) > 3
    for bar in tall_enough:
        x, y = (bar.box.left + bar.box.width / 2) * scale, (bar.box.top + bar.box.height / 2) * scale
        assert image.pixelColor(int(x), int(y)) == QColor(bar.fill), bar


def test_export_size_dialog_offers_the_size_chosen_last(qtbot, panel, tmp_path, monkeypatch):
    accept_size(monkeypatch, (1920, 1080))
    save_as(monkeypatch, tmp_path / "slide.png")
    panel.choose_export("png")
    offered = accept_size(monkeypatch)
    panel.choose_export("png")
    assert offered == [(1920, 1080)]


def test_exported_chart_has_every_label(qtbot, panel):
    """The export's layout (what render_png draws) places every value, name, title and legend entry."""
    panel.set_sheet("all")
    settle(qtbot, panel)
    data = panel.data
    layout = panel.export_layout(1600, 1000)
    texts = [text.text for text in layout.all_texts()]
    assert layout.hidden_labels == 0 and layout.hidden_categories == 0
    assert [label.text for label in layout.category_labels] == data.category_labels
    assert [entry.label.text for entry in layout.legend] == data.series_labels
    assert "Active in security forces by administration" in texts
    for row, name in enumerate(data.categories):
        assert bar_label(*data.active_by_administration()[name]) in texts
        for column in range(1, len(data.series)):
            if data.counts[row, column]:
                assert data.label(row, column) in texts


def test_wola_export_carries_the_published_figures(qtbot, panel):
    panel.show_wola_comparison()
    settle(qtbot, panel)
    notes = [text.text for text in panel.export_layout(1600, 1000).texts if text.role == "note"]
    assert "11 of 64 (17%)" in " ".join(notes) and "5 of 7 (71%)" in " ".join(notes)


def test_export_size_dialog_refuses_a_size_that_leaves_labels_out(qtbot, panel, bundled):
    spread = bundled.frame.copy()  # designations over 76 years: too many year names for 400 pixels
    years = 1950 + np.arange(len(spread)) % 76
    spread["us_designation_date"] = pd.to_datetime({"year": years, "month": 1, "day": 1})
    panel.set_data(Dataset(spread))
    panel.set_sheet("all")
    panel.set_chart("years")
    settle(qtbot, panel)
    dialog = ExportSizeDialog("png", panel.export_layout, panel)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert ok.isEnabled() and dialog.check_label.text() == "Every label fits at this size."
    assert dialog.preset_combo.currentText() == "Landscape, 1600 × 1000"
    dialog.preset_combo.setCurrentIndex(dialog.preset_combo.findText("Square, 1200 × 1200"))
    assert dialog.chosen_size() == (1200, 1200)

    dialog.set_size(400, 300)
    assert not ok.isEnabled()
    assert dialog.check_label.text().startswith("At 400 × 300 pixels") and "category names would not fit" in \
        dialog.check_label.text()
    assert dialog.preset_combo.currentText() == "Your own size"
    dialog.set_size(1600, 1000)
    assert ok.isEnabled()


def test_chart_export_opens_in_the_folder_used_last(qtbot, panel, tmp_path, monkeypatch):
    folder = tmp_path / "report"
    folder.mkdir()
    accept_size(monkeypatch)
    save_as(monkeypatch, folder / "first.png")
    panel.choose_export("png")
    started_in = save_as(monkeypatch, folder / "second.png")
    panel.choose_export("png")
    assert started_in == [str(folder / "administrations-chart.png")]


def test_svg_export_writes_a_drawing_with_the_labels(qtbot, panel, tmp_path, monkeypatch):
    panel.show_wola_comparison()
    settle(qtbot, panel)
    accept_size(monkeypatch)
    save_as(monkeypatch, tmp_path / "chart.svg")
    panel.choose_export("svg")

    root = ET.parse(tmp_path / "chart.svg").getroot()
    assert root.tag.endswith("svg")
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == ("1600", "1000", "0 0 1600 1000")
    texts = ["".join(element.itertext()).strip() for element in root.iter() if element.tag.endswith("text")]
    assert {"5 of 7 — 71%", "Obama", "Trump"} <= set(texts)
    assert sorted(texts) == sorted(text.text for text in panel.export_layout(1600, 1000).all_texts())
    assert [p.name for p in tmp_path.iterdir()] == ["chart.svg"]


def test_export_to_a_missing_folder_says_so(panel, tmp_path, monkeypatch):
    messages = []
    monkeypatch.setattr(chart_panel.QMessageBox, "warning", lambda parent, title, text: messages.append(text))
    accept_size(monkeypatch)
    save_as(monkeypatch, tmp_path / "no such folder" / "chart.png")
    panel.choose_export("png")
    assert len(messages) == 1 and "chart.png" in messages[0]


def test_rule_colours_alone_do_not_recount(qtbot, panel, bundled, monkeypatch):
    counts = []
    counting = chart_panel.chart_data
    monkeypatch.setattr(chart_panel, "chart_data", lambda *a, **k: counts.append(1) or counting(*a, **k))
    panel.set_data(panel.dataset, rule_colours={"civilians": "#00FF00"})
    settle(qtbot, panel)
    assert counts == []
    civilians = panel.data.series.index("civilians")
    assert {bar.fill for bar in panel.view.chart_layout().bars if bar.column == civilians} == {"#00FF00"}


def test_closing_the_panel_while_it_counts_does_not_crash(qtbot, bundled):
    """The counting thread used to emit on the panel itself: deleted meanwhile, the process crashed."""
    import shiboken6

    big = Dataset(pd.concat([bundled.frame] * 200, ignore_index=True))
    panel = ChartPanel()
    panel.show()
    qtbot.waitUntil(lambda: panel.view is not None, timeout=HANG_GUARD_MS)  # counts start once it draws
    panel.set_data(big)
    assert panel.is_busy()
    shiboken6.delete(panel)  # gone while its count is still running
    chart_panel._COUNTING.submit(lambda: None).result(timeout=HANG_GUARD_MS / 1000)  # the count is over
    qtbot.wait(50)  # its result is delivered, to nobody
    survivor = ChartPanel()
    qtbot.addWidget(survivor)
    survivor.show()
    survivor.set_data(Dataset(bundled.frame))
    settle(qtbot, survivor)
    assert survivor.data is not None
