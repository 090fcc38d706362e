"""What a chart shows and how it is laid out at a given size, with Qt's font metrics.

Kept apart from the drawing (ui/chart_view.py, which needs pyqtgraph) so that the panel, its
export size check and its busy page work before pyqtgraph is imported: that import takes a
noticeable moment, and the panel shows "Preparing charts…" while it runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QFont, QFontMetricsF

from ..core.chart_layout import FONT_ROLES, ChartLayout, layout_chart
from ..core.charts import ChartData

TEXT_MARGIN_PX = 1.0  # around each text inside its box
# Pixel sizes of each role's font at scale 1: the same on any screen and in any export.
FONT_PIXELS = {"title": 14, "subtitle": 11, "legend": 12, "tick": 12, "value": 12, "axis": 12, "note": 11,
               "message": 13}
# An export is laid out this wide (or at its own size if narrower), then scaled up to its
# size, so its text stays readable on a slide: 1600 pixels across lay out as 800.
EXPORT_LAYOUT_WIDTH = 800


def chart_fonts(base: QFont) -> dict[str, QFont]:
    fonts = {}
    for role in FONT_ROLES:
        font = QFont(base)
        font.setPixelSize(FONT_PIXELS[role])
        font.setBold(role == "title")
        fonts[role] = font
    return fonts


@dataclass
class ChartPicture:
    """What to draw: the numbers and the words around them."""

    data: ChartData | None = None
    shares: bool = False
    title: str = ""
    subtitle: str = ""
    rule_colours: dict[str, str] = field(default_factory=dict)

    def layout(self, width: float, height: float, fonts: dict[str, QFont], footnote: str = "") -> ChartLayout:
        metrics = {role: QFontMetricsF(font) for role, font in fonts.items()}
        sizes: dict[tuple[str, str], tuple[float, float]] = {}

        def measure(text: str, role: str) -> tuple[float, float]:
            if (text, role) not in sizes:
                sizes[text, role] = (metrics[role].horizontalAdvance(text) + 2 * TEXT_MARGIN_PX,
                                     metrics[role].height() + 2 * TEXT_MARGIN_PX)
            return sizes[text, role]

        return layout_chart(self.data, width, height, measure, shares=self.shares, title=self.title,
                            subtitle=self.subtitle, footnote=footnote, rule_colours=self.rule_colours)


def export_layout(picture: ChartPicture, width: int, height: int, fonts: dict[str, QFont],
                  footnote: str = "") -> tuple[ChartLayout, float]:
    """The layout an export of `width` × `height` pixels draws, and how much it is scaled up.

    Laid out at EXPORT_LAYOUT_WIDTH and scaled up, text reads on a slide; a chart with more
    to show than that room holds is laid out larger (its text smaller in the picture) until
    every label fits, or until it is laid out at full size.
    """
    scale = max(1.0, width / EXPORT_LAYOUT_WIDTH)
    while True:
        layout = picture.layout(width / scale, height / scale, fonts, footnote)
        if scale == 1.0 or not layout.what_does_not_fit():
            return layout, scale
        scale = max(1.0, scale * 0.8)
