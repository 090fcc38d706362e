"""Draws a chart as core/chart_layout.py lays it out: on screen, into a PNG image or an SVG drawing.

Nothing here decides where anything goes. The widget asks for a layout of its own size and
paints it; hovering and clicking ask the layout which bar is under the pointer. Exports
lay the same chart out again for the chosen size, so every label is placed for that size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QFont, QFontMetricsF, QImage, QPainter, QPen
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ..core.chart_layout import FONT_ROLES, ChartLayout, Text, layout_chart
from ..core.charts import ChartData

TEXT_COLOUR = "#222222"
MUTED_COLOUR = "#555555"
GRID_COLOUR = "#E3E3E3"
LEADER_COLOUR = "#999999"
TEXT_MARGIN_PX = 1.0  # around each text inside its box
# Pixel sizes of each role's font at scale 1: the same on any screen and in any export.
FONT_PIXELS = {"title": 14, "subtitle": 11, "legend": 12, "tick": 12, "value": 12, "axis": 12, "note": 11,
               "message": 13}
ROLE_COLOURS = {"subtitle": MUTED_COLOUR, "note": MUTED_COLOUR, "message": MUTED_COLOUR}
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


def paint(painter: QPainter, layout: ChartLayout, fonts: dict[str, QFont]) -> None:
    """Draw a layout with `painter`, from the top-left corner, in layout pixels."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillRect(QRectF(0, 0, layout.width, layout.height), QColor("white"))
    plot = layout.plot
    if plot is not None:
        painter.setPen(QPen(QColor(GRID_COLOUR), 1))
        for y, _ in layout.y_ticks[1:]:
            painter.drawLine(QPointF(plot.left, y), QPointF(plot.right, y))
        for bar in layout.bars:
            painter.setPen(QPen(QColor(bar.outline), 1))
            painter.setBrush(QColor(bar.fill))
            painter.drawRect(QRectF(bar.box.left, bar.box.top, bar.box.width, bar.box.height))
        painter.setPen(QPen(QColor(MUTED_COLOUR), 1))
        painter.drawLine(QPointF(plot.left, plot.top), QPointF(plot.left, plot.bottom))
        painter.drawLine(QPointF(plot.left, plot.bottom), QPointF(plot.right, plot.bottom))
        painter.setPen(QPen(QColor(LEADER_COLOUR), 1))
        for x, from_y, to_y in layout.leaders:
            painter.drawLine(QPointF(x, from_y), QPointF(x, to_y))
    for entry in layout.legend:
        painter.setPen(QPen(QColor(entry.outline), 1))
        painter.setBrush(QColor(entry.fill))
        painter.drawRect(QRectF(entry.swatch.left, entry.swatch.top, entry.swatch.width, entry.swatch.height))
    for text in layout.all_texts():
        _draw_text(painter, text, fonts[text.role])


def _draw_text(painter: QPainter, text: Text, font: QFont) -> None:
    painter.setFont(font)
    painter.setPen(QColor(ROLE_COLOURS.get(text.role, TEXT_COLOUR)))
    box = text.box
    if not text.upright:
        painter.drawText(QRectF(box.left, box.top, box.width, box.height), Qt.AlignmentFlag.AlignCenter, text.text)
        return
    painter.save()
    painter.translate(box.left, box.bottom)
    painter.rotate(-90)
    painter.drawText(QRectF(0, 0, box.height, box.width), Qt.AlignmentFlag.AlignCenter, text.text)
    painter.restore()


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


def render_png(picture: ChartPicture, width: int, height: int, fonts: dict[str, QFont], footnote: str = "") -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    layout, scale = export_layout(picture, width, height, fonts, footnote)
    painter.scale(scale, scale)
    paint(painter, layout, fonts)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError("the image could not be encoded as PNG")
    return bytes(buffer.data())


def render_svg(picture: ChartPicture, width: int, height: int, fonts: dict[str, QFont], footnote: str = "") -> bytes:
    """An SVG drawing (editable in Inkscape or Illustrator) of `width` × `height` pixels."""
    content = QByteArray()
    buffer = QBuffer(content)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QRectF(0, 0, width, height).size().toSize())
    generator.setViewBox(QRectF(0, 0, width, height))
    generator.setTitle(picture.title)
    painter = QPainter(generator)
    layout, scale = export_layout(picture, width, height, fonts, footnote)
    painter.scale(scale, scale)
    paint(painter, layout, fonts)
    painter.end()
    return bytes(content)


class ChartView(QWidget):
    """The chart on screen; tells which bar was clicked as (row, column) of its ChartData."""

    bar_clicked = Signal(int, int)
    fit_changed = Signal(str)  # what the layout at the present size had to leave out, in words ("" for nothing)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("chartView")
        self.setMouseTracking(True)
        self.setMinimumSize(200, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.fonts = chart_fonts(self.font())
        self.picture = ChartPicture()
        self.tooltip_for = lambda row, column: ""  # set by the panel
        self._layout: ChartLayout | None = None
        self._missing = ""

    def show_picture(self, picture: ChartPicture) -> None:
        self.picture = picture
        self._layout = None
        self.update()

    def chart_layout(self) -> ChartLayout:
        """The layout of the chart at the widget's present size."""
        if self._layout is None or (self._layout.width, self._layout.height) != (self.width(), self.height()):
            self._layout = self.picture.layout(self.width(), self.height(), self.fonts)
            if self._layout.what_does_not_fit() != self._missing:
                self._missing = self._layout.what_does_not_fit()
                self.fit_changed.emit(self._missing)
        return self._layout

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        paint(painter, self.chart_layout(), self.fonts)
        painter.end()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt API
        bar = self.chart_layout().bar_at(event.position().x(), event.position().y())
        if bar is None:
            self.unsetCursor()
            QToolTip.hideText()
            return
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        QToolTip.showText(QCursor.pos(), self.tooltip_for(*bar), self)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.button() != Qt.MouseButton.LeftButton:
            return
        bar = self.chart_layout().bar_at(event.position().x(), event.position().y())
        if bar is not None:
            self.bar_clicked.emit(*bar)
