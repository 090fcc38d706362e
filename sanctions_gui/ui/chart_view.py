"""Draws a chart with pyqtgraph exactly as core/chart_layout.py lays it out: on screen, into a
PNG image or an SVG drawing.

Nothing here decides where anything goes. The layout is in pixels from the picture's top-left
corner, and so is a `pg.GraphicsView` scene (its default pixel range), so every item is put
at the layout's coordinates as they are: bars as `BarGraphItem`s, grid, axes and leader lines
as `PlotCurveItem`s, texts as `QGraphicsSimpleTextItem`s (drawn with the very font metrics the
layout measured them with), all under one `ChartItem`. Hovering and clicking ask the layout
which bar is under the pointer. Exports lay the chart out again for the chosen size and draw
it through pyqtgraph's exporters.

Importing this module imports pyqtgraph, which takes a moment: the chart panel does it only
once its "Preparing charts…" page is on screen.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

import pyqtgraph as pg
from pyqtgraph.exporters import ImageExporter, SVGExporter
from PySide6.QtCore import QBuffer, QIODevice, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QFont, QImage, QPen
from PySide6.QtWidgets import QGraphicsSimpleTextItem, QSizePolicy, QToolTip, QWidget

from ..core.chart_layout import Box, ChartLayout, Text
from .chart_picture import ChartPicture, export_layout

BACKGROUND = "#FFFFFF"
TEXT_COLOUR = "#222222"
MUTED_COLOUR = "#555555"
GRID_COLOUR = "#E3E3E3"
LEADER_COLOUR = "#999999"
ROLE_COLOURS = {"subtitle": MUTED_COLOUR, "note": MUTED_COLOUR, "message": MUTED_COLOUR}


def _pen(colour: str) -> QPen:
    """One pixel of the layout wide: scaled with the picture in an export, as the text is."""
    pen = QPen(QColor(colour))
    pen.setWidthF(1.0)
    pen.setCosmetic(False)
    return pen


def _boxes(boxes: list[Box], fill: str, outline: str) -> pg.BarGraphItem:
    """Rectangles of one colour. One colour per item also keeps pyqtgraph drawing them as
    rectangles: its SVG exporter fails on the closed paths a many-coloured BarGraphItem makes
    with Qt 6.11 (pyqtgraph issue 3485)."""
    return pg.BarGraphItem(x0=[box.left for box in boxes], y0=[box.top for box in boxes],
                           width=[box.width for box in boxes], height=[box.height for box in boxes],
                           brush=QColor(fill), pen=_pen(outline))


def _segments(segments: list[tuple[float, float, float, float]], colour: str) -> pg.PlotCurveItem:
    """Separate straight lines, each (x0, y0, x1, y1)."""
    xs = [x for x0, _, x1, _ in segments for x in (x0, x1)]
    ys = [y for _, y0, _, y1 in segments for y in (y0, y1)]
    return pg.PlotCurveItem(xs, ys, connect="pairs", pen=_pen(colour), antialias=True)


def _text(text: Text, font: QFont) -> QGraphicsSimpleTextItem:
    """The text centred in its box, turned a quarter anticlockwise if upright."""
    item = QGraphicsSimpleTextItem(text.text)
    item.setFont(font)
    item.setBrush(QColor(ROLE_COLOURS.get(text.role, TEXT_COLOUR)))
    middle = item.boundingRect().center()
    if text.upright:
        item.setTransformOriginPoint(middle)
        item.setRotation(-90)
    box = text.box
    item.setPos(box.left + box.width / 2 - middle.x(), box.top + box.height / 2 - middle.y())
    return item


class ChartItem(pg.GraphicsObject):
    """A whole chart: a white rectangle of the layout's size with everything on it as children."""

    def __init__(self, layout: ChartLayout, fonts: dict[str, QFont]):
        super().__init__()
        self.chart_layout = layout
        self._rect = QRectF(0, 0, layout.width, layout.height)
        plot = layout.plot
        parts: list = []
        if plot is not None:
            parts.append(_segments([(plot.left, y, plot.right, y) for y, _ in layout.y_ticks[1:]], GRID_COLOUR))
            for colours in dict.fromkeys((bar.fill, bar.outline) for bar in layout.bars):
                parts.append(_boxes([bar.box for bar in layout.bars if (bar.fill, bar.outline) == colours], *colours))
            parts.append(_segments([(plot.left, plot.top, plot.left, plot.bottom),
                                    (plot.left, plot.bottom, plot.right, plot.bottom)], MUTED_COLOUR))
            if layout.leaders:
                parts.append(_segments([(x, y0, x, y1) for x, y0, y1 in layout.leaders], LEADER_COLOUR))
        parts += [_boxes([entry.swatch], entry.fill, entry.outline) for entry in layout.legend]
        parts += [_text(text, fonts[text.role]) for text in layout.all_texts()]
        # Held here as well as by Qt: without these references PySide lets the children's Python
        # side go while Qt still draws them, and the next redraw crashes the process.
        self._parts = parts
        for part in parts:
            part.setParentItem(self)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt API
        return self._rect

    def paint(self, painter, *_args) -> None:
        painter.fillRect(self._rect, QColor(BACKGROUND))


class ChartView(pg.GraphicsView):
    """The chart on screen; tells which bar was clicked as (row, column) of its ChartData."""

    bar_clicked = Signal(int, int)
    fit_changed = Signal(str)  # what the layout at the present size had to leave out, in words ("" for nothing)
    _built = False

    def __init__(self, fonts: dict[str, QFont], parent: QWidget | None = None):
        super().__init__(parent, background=BACKGROUND)
        self.setObjectName("chartView")
        self.setCentralItem(None)  # the chart item fills the view itself
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to type into: Tab passes it by
        self.setAntialiasing(True)
        self.setMinimumSize(200, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.fonts = fonts
        self.picture = ChartPicture()
        self.tooltip_for = lambda row, column: ""  # set by the panel
        self._item: ChartItem | None = None  # what the scene shows
        self._layout: ChartLayout | None = None
        self._missing = ""
        self._built = True

    def show_picture(self, picture: ChartPicture) -> None:
        self.picture = picture
        self._layout = None
        self._draw()

    def chart_layout(self) -> ChartLayout:
        """The layout of the chart at the widget's present size."""
        if self._layout is None or (self._layout.width, self._layout.height) != (self.width(), self.height()):
            self._layout = self.picture.layout(self.width(), self.height(), self.fonts)
            if self._layout.what_does_not_fit() != self._missing:
                self._missing = self._layout.what_does_not_fit()
                self.fit_changed.emit(self._missing)
        return self._layout

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)  # also called by pg.GraphicsView.__init__, before ours has run
        if self._built:
            self._draw()  # laid out afresh for the new size

    def _draw(self) -> None:
        layout = self.chart_layout()
        if self._item is not None:
            if self._item.chart_layout is layout:
                return
            self.removeItem(self._item)
        self._item = ChartItem(layout, self.fonts)
        self.addItem(self._item)

    def _bar_under(self, event) -> tuple[int, int] | None:
        point = self.mapToScene(event.position().toPoint())
        return self.chart_layout().bar_at(point.x(), point.y())

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().mouseMoveEvent(event)
        bar = self._bar_under(event)
        if bar is None:
            self.viewport().unsetCursor()
            QToolTip.hideText()
            return
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        QToolTip.showText(QCursor.pos(), self.tooltip_for(*bar), self)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        bar = self._bar_under(event)
        if bar is not None:
            self.bar_clicked.emit(*bar)


def _export(picture: ChartPicture, width: int, height: int, fonts: dict[str, QFont], footnote: str,
            exporter_class: type) -> object:
    """The chart laid out for `width` × `height` pixels, drawn by a pyqtgraph exporter at that size."""
    layout, _scale = export_layout(picture, width, height, fonts, footnote)
    view = pg.GraphicsView(background=BACKGROUND)  # never shown: the exporters read the scene through it
    try:
        item = ChartItem(layout, fonts)
        view.addItem(item)
        exporter = exporter_class(item)
        # Set both sides: setting one alone makes the exporter derive the other from the
        # layout's proportions, rounded down.
        exporter.parameters().param("width").setValue(width, blockSignal=exporter.widthChanged)
        exporter.parameters().param("height").setValue(height, blockSignal=exporter.heightChanged)
        return exporter.export(toBytes=True)
    finally:
        view.close()
        view.deleteLater()


def render_png(picture: ChartPicture, width: int, height: int, fonts: dict[str, QFont], footnote: str = "") -> bytes:
    image = _export(picture, width, height, fonts, footnote, ImageExporter)
    image = image.convertToFormat(QImage.Format.Format_RGB32)  # opaque: the exporter draws on white
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError("the image could not be encoded as PNG")
    return bytes(buffer.data())


def render_svg(picture: ChartPicture, width: int, height: int, fonts: dict[str, QFont], footnote: str = "") -> bytes:
    """An SVG drawing (editable in Inkscape or Illustrator) of `width` × `height` pixels."""
    drawing = _export(picture, width, height, fonts, footnote, SVGExporter).decode("utf-8")
    # pyqtgraph gives the drawing only a viewBox and its own title: say its size in pixels, so
    # editors open it at the size chosen, and name it after the chart.
    drawing = drawing.replace(" viewBox =", f' width="{width}" height="{height}" viewBox=', 1)
    drawing = drawing.replace("<title>pyqtgraph SVG export</title>", f"<title>{escape(picture.title)}</title>", 1)
    return drawing.encode("utf-8")
