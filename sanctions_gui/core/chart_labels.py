"""Where each bar's value label goes, so that every label is shown and none overlaps another
label or a bar.

A chart that drops a label quietly misleads whoever reads or exports it, so placement never
gives up while there is room: a label sits a gap above its bar, across if it fits there,
else upright; one that still collides is lifted above what it collides with (the chart then
draws a thin line down to its bar), and the y axis grows until the highest label fits.
Only when the plot is too small for that is a label left out, and the caller is told how many.

Coordinates: bars in chart units (x in category slots, y in people or percent); label sizes
and placements in pixels of the plot, measured from its bottom-left corner, y upwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

GAP_PX = 2.0  # between a bar's top and its label, and between neighbouring labels
HEADROOM = 1.04  # the y axis ends a little above the tallest bar even without labels
MAX_ROUNDS = 12  # of growing the y axis; it settles in two or three on real charts


@dataclass(frozen=True)
class Bar:
    """A drawn bar in chart units."""

    left: float
    right: float
    bottom: float
    top: float


@dataclass(frozen=True)
class ValueLabel:
    """The text over one bar: where its bar is (chart units) and how big it is (pixels)."""

    x: float  # centre of its bar
    top: float  # top of its bar
    width: float
    height: float
    priority: int = 1  # 0 for the labels an analyst reads first; those are placed first


@dataclass(frozen=True)
class Placement:
    """Where a label is drawn, in plot pixels (y upwards)."""

    left: float
    bottom: float
    right: float
    top: float
    upright: bool  # turned a quarter, reading upwards
    lifted: bool  # raised above something in its way: draw a line down to its bar

    def overlaps(self, other: Placement, gap: float = 0.0) -> bool:
        return (self.left < other.right + gap and other.left < self.right + gap
                and self.bottom < other.top + gap and other.bottom < self.top + gap)


@dataclass(frozen=True)
class LabelLayout:
    """The y axis' top (chart units) and each label's place (None: no room even lifted)."""

    y_max: float
    placements: tuple[Placement | None, ...]

    @property
    def hidden(self) -> int:
        return sum(p is None for p in self.placements)


def place_labels(labels: Sequence[ValueLabel], bars: Sequence[Bar], x_range: tuple[float, float],
                 width: float, height: float, tallest: float) -> LabelLayout:
    """Place every label over a plot `width` × `height` pixels showing `x_range` across.

    `tallest` is the highest value the y axis must show (the tallest bar, or more).
    """
    y_max = max(tallest, 1.0) * HEADROOM
    placements: list[Placement | None] = []
    for _ in range(MAX_ROUNDS):
        placements = _place_all(labels, bars, x_range, width, height, y_max)
        needed = _y_max_for(labels, placements, height, y_max)
        if needed <= y_max * (1 + 1e-9):
            break
        y_max = needed
    fitted = tuple(p if p is not None and p.top <= height + 1e-6 else None for p in placements)
    return LabelLayout(y_max, fitted)


def _y_max_for(labels: Sequence[ValueLabel], placements: Sequence[Placement | None], height: float,
               y_max: float) -> float:
    """The y axis' top at which each label's height above its bar still fits under the top."""
    scale = height / y_max
    needed = y_max
    for label, placement in zip(labels, placements):
        if placement is None:
            continue
        above_bar = placement.top - label.top * scale  # pixels the label reaches above its bar
        if above_bar >= height:
            continue  # cannot fit at any scale: left out by place_labels
        needed = max(needed, label.top * height / (height - above_bar))
    return needed


def _place_all(labels: Sequence[ValueLabel], bars: Sequence[Bar], x_range: tuple[float, float],
               width: float, height: float, y_max: float) -> list[Placement | None]:
    """Labels in order of importance, tallest bars first. Each keeps its bar's top if it can:
    across, if that leaves room for the labels still to come, else upright; failing both, the
    lower of the two lifted places."""
    x_scale = width / (x_range[1] - x_range[0])
    y_scale = height / y_max
    obstacles = [Placement((b.left - x_range[0]) * x_scale, b.bottom * y_scale, (b.right - x_range[0]) * x_scale,
                           b.top * y_scale, upright=False, lifted=False) for b in bars]
    centres = [(label.x - x_range[0]) * x_scale for label in labels]
    bases = [label.top * y_scale + GAP_PX for label in labels]
    # The least room each label needs over its bar: across if it is no wider than tall, else upright.
    reserved = [_box(label, label.width > label.height, centre, base, width)
                for label, centre, base in zip(labels, centres, bases)]
    placed: list[Placement] = []
    result: list[Placement | None] = [None] * len(labels)
    order = sorted(range(len(labels)), key=lambda n: (labels[n].priority, -labels[n].top, labels[n].x))
    for position, number in enumerate(order):
        label, centre, base = labels[number], centres[number], bases[number]
        to_come = [reserved[later] for later in order[position + 1:]]
        options = [_lowest_free(label, False, centre, base, width, obstacles, [*placed, *to_come]),
                   _lowest_free(label, True, centre, base, width, obstacles, placed)]
        options = [option for option in options if option is not None]
        if not options:
            continue
        unlifted = [option for option in options if not option.lifted]
        best = unlifted[0] if unlifted else min(options, key=lambda option: option.top)
        placed.append(best)
        result[number] = best
    return result


def _box(label: ValueLabel, upright: bool, centre: float, bottom: float, width: float) -> Placement:
    """The label's box with its bottom at `bottom`, centred on its bar, moved in from the plot's edges."""
    across, up = (label.height, label.width) if upright else (label.width, label.height)
    middle = min(max(centre, across / 2), width - across / 2)
    return Placement(middle - across / 2, bottom, middle + across / 2, bottom + up, upright, lifted=False)


def _lowest_free(label: ValueLabel, upright: bool, centre: float, base: float, width: float,
                 bars: list[Placement], labels: list[Placement]) -> Placement | None:
    """The lowest place at or above `base` where the label, across or upright, is clear of
    the bars and of `labels`; None if it is wider than the plot."""
    if (label.height if upright else label.width) > width:
        return None
    box = _box(label, upright, centre, base, width)
    # A label may touch the side of a neighbouring bar, but keeps a gap from other labels.
    in_the_way = [(o, 0.0) for o in bars if o.left < box.right and box.left < o.right] + \
                 [(o, GAP_PX) for o in labels if o.left < box.right + GAP_PX and box.left < o.right + GAP_PX]
    for bottom in sorted({base, *(o.top + GAP_PX for o, _ in in_the_way if o.top + GAP_PX > base)}):
        candidate = Placement(box.left, bottom, box.right, bottom + box.top - box.bottom, upright,
                              lifted=bottom > base + 1e-6)
        if not any(candidate.overlaps(o, gap) for o, gap in in_the_way):
            return candidate
    return None  # unreachable: above every obstacle is always free
