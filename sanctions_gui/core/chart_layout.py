"""A whole chart laid out in pixels: title, legend, axes, bars, value and category labels.

The chart panel draws exactly what `layout_chart` returns, on screen and in an exported image
of any size, so what an analyst sees, clicks and exports is decided here, without Qt, and can
be checked headless. Text is measured by a function the caller passes (Qt's font metrics in
the app, a fixed width per character in tests); colours are "#RRGGBB" strings.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from . import stats, vocabularies
from .chart_labels import Bar, ValueLabel, place_labels
from .charts import ChartData

# (text, role) -> (width, height) in pixels; roles are those of FONT_ROLES.
Measure = Callable[[str, str], tuple[float, float]]
FONT_ROLES = ("title", "subtitle", "legend", "tick", "value", "axis", "note", "message")

SECURITY_COLOURS = {"active_security": "#C8414B", "former_security": "#E9A23B",
                    "civilians": "#2C7FB8", "unknown_security": "#A7A7A7"}
ADMINISTRATION_COLOURS = dict(zip(vocabularies.ADMINISTRATIONS, ("#8C6BB1", "#2C7FB8", "#C8414B", "#41AB5D", "#E9A23B")))
PALETTE = ("#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948", "#B07AA1", "#FF9DA7",
           "#9C755F", "#BAB0AC")
ANY_JURISDICTION_COLOUR = "#555555"

PAD = 8.0  # around the picture and between its parts
GROUP_WIDTH = 0.8  # of a category's slot, shared by its bars
STACK_WIDTH = 0.6
SWATCH = 12.0  # a legend entry's square
LEGEND_SPACING = 14.0  # between legend entries
TICK_SPACING_PX = 36.0  # about one y tick per this many pixels
MIN_PLOT = 40.0  # a plot smaller than this either way is not drawn
MIN_CLICK_PX = 6.0  # a short bar can still be clicked this far above its top


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def overlaps(self, other: Box) -> bool:
        return self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom


@dataclass(frozen=True)
class Text:
    text: str
    box: Box  # the room it takes on the picture (upright text: tall and narrow)
    role: str
    upright: bool = False  # turned a quarter anticlockwise, reading upwards


@dataclass(frozen=True)
class DrawnBar:
    box: Box
    row: int  # position in ChartData.categories
    column: int  # position in ChartData.series
    fill: str
    outline: str


@dataclass(frozen=True)
class LegendEntry:
    swatch: Box
    fill: str
    outline: str
    label: Text


@dataclass
class ChartLayout:
    """Everything to draw, in pixels from the picture's top-left corner."""

    width: float
    height: float
    texts: list[Text] = field(default_factory=list)  # title, subtitle and footnote lines
    legend: list[LegendEntry] = field(default_factory=list)
    plot: Box | None = None
    y_ticks: list[tuple[float, Text]] = field(default_factory=list)  # (y of the grid line, its label)
    y_title: Text | None = None
    bars: list[DrawnBar] = field(default_factory=list)
    value_labels: list[Text] = field(default_factory=list)
    leaders: list[tuple[float, float, float]] = field(default_factory=list)  # x, from y, to y
    category_labels: list[Text] = field(default_factory=list)
    message: Text | None = None
    too_small: bool = False  # no room for a plot at all
    hidden_labels: int = 0  # value labels with no room even lifted
    hidden_categories: int = 0  # category names left out because their slots are too narrow

    def bar_at(self, x: float, y: float) -> tuple[int, int] | None:
        """(row, column) of the bar under a point, or just above a short one."""
        across = [bar for bar in self.bars if bar.box.left <= x <= bar.box.right]
        hit = [bar for bar in across if bar.box.top <= y <= bar.box.bottom] or \
              [bar for bar in across if bar.box.top - MIN_CLICK_PX <= y < bar.box.top]
        return (hit[-1].row, hit[-1].column) if hit else None

    def what_does_not_fit(self) -> str:
        """In words, what had to be left out for lack of room; "" when everything is shown."""
        if self.too_small:
            return "the chart does not fit"
        parts = [f"{count} {noun}{'s' if count > 1 else ''}" for count, noun in
                 ((self.hidden_labels, "bar value"), (self.hidden_categories, "category name")) if count]
        return f"{' and '.join(parts)} would not fit" if parts else ""

    def all_texts(self) -> list[Text]:
        labels = [entry.label for entry in self.legend] + [text for _, text in self.y_ticks]
        return [*self.texts, *labels, *([self.y_title] if self.y_title else []), *self.value_labels,
                *self.category_labels, *([self.message] if self.message else [])]


def series_colour(data: ChartData, column: int, slot: int, rule_colours: dict[str, str]) -> tuple[str, str]:
    """Fill and outline of a series: a highlighting rule's colour if one selects it, else the chart's own."""
    series = data.series[column]
    if series in rule_colours:
        return rule_colours[series].upper(), darker(rule_colours[series], 1.5)
    if data.chart == "administrations":
        fill = SECURITY_COLOURS[series]
    elif data.chart == "years":
        fill = ADMINISTRATION_COLOURS.get(series, PALETTE[slot % len(PALETTE)])
    elif series == stats.ANY_JURISDICTION:
        fill = ANY_JURISDICTION_COLOUR
    else:
        fill = PALETTE[slot % len(PALETTE)]
    return fill, darker(fill, 1.2)


def darker(colour: str, factor: float) -> str:
    red, green, blue = (int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return "#" + "".join(f"{int(c / factor):02X}" for c in (red, green, blue))


def layout_chart(data: ChartData | None, width: float, height: float, measure: Measure, *, shares: bool = False,
                 title: str = "", subtitle: str = "", footnote: str = "",
                 rule_colours: dict[str, str] | None = None) -> ChartLayout:
    """The chart of `data` on a `width` × `height` picture, every label placed."""
    layout = ChartLayout(width, height)
    top = PAD
    for text, role in ((title, "title"), (subtitle, "subtitle")):
        top = _add_lines(layout, text, role, top, measure)
    bottom = height - PAD
    if footnote:
        lines = wrap(footnote, width - 2 * PAD, lambda t: measure(t, "note")[0])
        bottom -= measure(footnote, "note")[1] * len(lines)
        _add_lines(layout, footnote, "note", bottom, measure)
        bottom -= PAD
    if data is None or data.empty:
        _add_message(layout, "Nobody is counted with these settings" if data is not None else "No data loaded",
                     top, bottom, measure)
        return layout
    # Series nobody is in are left to the table, except the share active in the security forces.
    drawn = [j for j in range(len(data.series)) if data.counts[:, j].any() or _is_key(data, j)]
    colours = {j: series_colour(data, j, slot, rule_colours or {}) for slot, j in enumerate(drawn)}
    top = _add_legend(layout, data, drawn, colours, top + PAD / 2, measure) + PAD
    shares = shares and data.totals is not None
    values = 100 * data.shares() if shares else data.counts.astype(float)
    bars, keys, labels, texts = _bars_and_labels(data, drawn, values, shares, measure)
    axis_text = "Share of designated (%)" if shares else "People"
    axis_width, axis_height = measure(axis_text, "axis")
    tallest = max((bar.top for bar in bars), default=1.0)
    categories = len(data.categories)
    x_range = (-0.5, categories - 0.5)
    tick_width = measure(str(int(tallest * 3)), "tick")[0]  # the ticks' room, until they are known
    for _ in range(2):
        plot_left = PAD + axis_height + PAD / 2 + tick_width + 4
        plot_width = width - PAD - plot_left
        names, upright, step = _category_names(data, plot_width / categories, measure)
        name_room = max(measure(name, "tick")[0 if upright else 1] for name in names)
        plot_top = top + measure("0", "tick")[1] / 2  # room for the top tick's label
        plot_height = bottom - 4 - name_room - plot_top
        if plot_width < MIN_PLOT or plot_height < MIN_PLOT:
            _add_message(layout, "Too small to draw: make the panel larger (the table has every number)",
                         top, bottom, measure)
            layout.too_small = True
            return layout
        placed = place_labels(labels, bars, x_range, plot_width, plot_height, tallest)
        ticks = _ticks(placed.y_max, plot_height)
        needed = max(measure(str(tick), "tick")[0] for tick in ticks)
        if needed <= tick_width:
            break
        tick_width = needed
    plot = Box(plot_left, plot_top, plot_width, plot_height)
    layout.plot = plot
    x_scale, y_scale = plot_width / categories, plot_height / placed.y_max

    def px(x: float) -> float:
        return plot.left + (x - x_range[0]) * x_scale

    for tick in ticks:
        y = plot.bottom - tick * y_scale
        w, h = measure(str(tick), "tick")
        layout.y_ticks.append((y, Text(str(tick), Box(plot.left - 4 - w, y - h / 2, w, h), "tick")))
    layout.y_title = Text(axis_text, Box(PAD, plot.top + (plot_height - axis_width) / 2, axis_height, axis_width),
                          "axis", upright=True)
    for bar, (row, column) in zip(bars, keys):
        fill, outline = colours[column]
        layout.bars.append(DrawnBar(Box(px(bar.left), plot.bottom - bar.top * y_scale, (bar.right - bar.left) * x_scale,
                                        (bar.top - bar.bottom) * y_scale), row, column, fill, outline))
    for label, text, place in zip(labels, texts, placed.placements):
        if place is None:
            continue
        box = Box(plot.left + place.left, plot.bottom - place.top, place.right - place.left, place.top - place.bottom)
        layout.value_labels.append(Text(text, box, "value", upright=place.upright))
        if place.lifted:
            layout.leaders.append((px(label.x), plot.bottom - label.top * y_scale, box.bottom))
    layout.hidden_labels = placed.hidden
    for i in range(0, categories, step):
        w, h = measure(names[i], "tick")
        across, up = (h, w) if upright else (w, h)
        layout.category_labels.append(Text(names[i], Box(px(i) - across / 2, plot.bottom + 4, across, up), "tick",
                                           upright))
    layout.hidden_categories = categories - len(layout.category_labels)
    return layout


def _add_lines(layout: ChartLayout, text: str, role: str, top: float, measure: Measure) -> float:
    """Centred lines of `text`, wrapped to the picture's width; returns the y below them."""
    if not text:
        return top
    for line in wrap(text, layout.width - 2 * PAD, lambda t: measure(t, role)[0]):
        w, h = measure(line, role)
        layout.texts.append(Text(line, Box((layout.width - w) / 2, top, w, h), role))
        top += h
    return top


def _add_message(layout: ChartLayout, text: str, top: float, bottom: float, measure: Measure) -> None:
    w, h = measure(text, "message")
    w = min(w, layout.width - 2 * PAD)
    layout.message = Text(text, Box((layout.width - w) / 2, (top + bottom - h) / 2, w, h), "message")


def _add_legend(layout: ChartLayout, data: ChartData, drawn: list[int], colours: dict, top: float,
                measure: Measure) -> float:
    """Legend entries in centred rows that fit the width; returns the y below them."""
    entries = [(j, *measure(data.series_labels[j], "legend")) for j in drawn]
    rows: list[list[tuple[int, float, float]]] = [[]]
    room = layout.width - 2 * PAD
    for entry in entries:
        row_width = sum(SWATCH + 4 + w for _, w, _ in rows[-1]) + LEGEND_SPACING * len(rows[-1])
        if rows[-1] and row_width + SWATCH + 4 + entry[1] > room:
            rows.append([])
        rows[-1].append(entry)
    for row in rows:
        row_height = max((h for _, _, h in row), default=0.0)
        x = (layout.width - (sum(SWATCH + 4 + w for _, w, _ in row) + LEGEND_SPACING * (len(row) - 1))) / 2
        for j, w, h in row:
            fill, outline = colours[j]
            swatch = Box(x, top + (row_height - SWATCH) / 2, SWATCH, SWATCH)
            label = Text(data.series_labels[j], Box(x + SWATCH + 4, top + (row_height - h) / 2, w, h), "legend")
            layout.legend.append(LegendEntry(swatch, fill, outline, label))
            x += SWATCH + 4 + w + LEGEND_SPACING
        top += row_height
    return top


def _bars_and_labels(data: ChartData, drawn: list[int], values: np.ndarray, shares: bool,
                     measure: Measure) -> tuple[list[Bar], list[tuple[int, int]], list[ValueLabel], list[str]]:
    """Bars in chart units with their (row, column), and the value labels with their texts.
    People active in the security forces always get theirs ("0 of 14 — 0%"); stacked bars
    get their total on top."""
    positions = np.arange(len(data.categories), dtype=float)
    bars: list[Bar] = []
    keys: list[tuple[int, int]] = []
    labels: list[ValueLabel] = []
    texts: list[str] = []

    def add_label(text: str, x: float, y: float, priority: int) -> None:
        w, h = measure(text, "value")
        labels.append(ValueLabel(float(x), float(y), w, h, priority))
        texts.append(text)

    base = np.zeros(len(positions))
    for slot, j in enumerate(drawn):
        width = STACK_WIDTH if data.stacked else GROUP_WIDTH / len(drawn)
        x = positions if data.stacked else positions - GROUP_WIDTH / 2 + (slot + 0.5) * width
        y0 = base.copy() if data.stacked else np.zeros(len(positions))
        for i in np.flatnonzero(values[:, j] > 0):
            bars.append(Bar(x[i] - width / 2, x[i] + width / 2, y0[i], y0[i] + values[i, j]))
            keys.append((int(i), j))
        if data.stacked:
            base += values[:, j]
            continue
        key = _is_key(data, j)
        for i in range(len(positions)) if key else np.flatnonzero(values[:, j] > 0):
            add_label(data.label(i, j, shares), x[i], values[i, j], 0 if key else 1)
    if data.stacked:
        for i in np.flatnonzero(base > 0):
            add_label(f"{int(data.counts[i].sum())}", positions[i], base[i], 0)
    return bars, keys, labels, texts


def _is_key(data: ChartData, column: int) -> bool:
    """The series an analyst reads first: its label is on every bar, "0 of 14 — 0%" included."""
    return data.chart == "administrations" and data.series[column] == "active_security"


def _category_names(data: ChartData, slot: float, measure: Measure) -> tuple[list[str], bool, int]:
    """Category names under the bars, whether upright, and every how many is shown: across if
    they fit, years shortened ("'18"), then upright; only slots narrower than a line skip names."""
    names = list(data.category_labels)

    def widest(texts: list[str]) -> float:
        return max(measure(text, "tick")[0] for text in texts) + 6

    if widest(names) <= slot:
        return names, False, 1
    if data.chart == "years":
        names = [f"'{name[-2:]}" for name in names]
        if widest(names) <= slot:
            return names, False, 1
    line = max(measure(text, "tick")[1] for text in names) + 2
    return names, True, max(1, math.ceil(line / slot))


def _ticks(y_max: float, height: float) -> list[int]:
    """Whole-number ticks from 0 to `y_max`, 1, 2 or 5 times a power of ten apart, about
    TICK_SPACING_PX pixels apart."""
    wanted = max(y_max / max(height / TICK_SPACING_PX, 1.0), 1.0)
    magnitude = 10 ** math.floor(math.log10(wanted))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= wanted)
    return list(range(0, int(y_max) + 1, int(step)))


def wrap(text: str, room: float, width_of: Callable[[str], float]) -> list[str]:
    """Words of `text` in lines no wider than `room` (a longer word keeps a line to itself)."""
    lines: list[str] = []
    for word in text.split():
        if lines and width_of(f"{lines[-1]} {word}") <= room:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines
