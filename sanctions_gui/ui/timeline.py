"""When each government sanctioned a person, drawn on one shared year axis."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ..core.person import TimelineMarker
from .page_parts import muted_colour

DELISTING_COLOUR = "#D32F2F"
CAVEAT_RING = "#E69500"  # an amber ring round a listing whose date or fact is assumed, inferred or unconfirmed
NOT_RESEARCHED_TEXT = "not researched"


class SanctionsTimeline(QWidget):
    """When each jurisdiction sanctioned the person, on one shared year axis.

    A filled dot marks a dated listing, with a faint bar to today (or to the delisting,
    crossed out); a hollow dot and "date unknown" a listing without a date; a muted dash
    a jurisdiction that did not list the person. A jurisdiction nobody researched is not
    a dash: its name is in italics and its row a dotted line reading "not researched".
    An amber ring round a dot: the listing rests on an assumption, an inference or an
    unconfirmed day. Hovering a row shows its exact dates and caveat.
    """

    ROW_GAP = 8
    DOT_RADIUS = 4.5

    def __init__(self, parent: QWidget | None = None, today: dt.date | None = None):
        super().__init__(parent)
        self._markers: tuple[TimelineMarker, ...] = ()
        self._today = today or dt.date.today()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)

    def set_markers(self, markers: tuple[TimelineMarker, ...]) -> None:
        self._markers = tuple(markers)
        self.updateGeometry()
        self.update()

    def markers(self) -> tuple[TimelineMarker, ...]:
        return self._markers

    def axis_years(self) -> tuple[int, int]:
        """First and last year of the axis: the earliest date shown to this year."""
        days = [d for m in self._markers for d in (m.date, m.delisted) if d is not None]
        last = max([self._today.year] + [d.year for d in days])
        return (min(d.year for d in days) if days else last), last

    # --- geometry ---------------------------------------------------------------------------

    def _row_height(self) -> int:
        return self.fontMetrics().height() + self.ROW_GAP

    def _axis_height(self) -> int:
        return self.fontMetrics().height() + 8

    def _label_width(self) -> int:
        metrics = self.fontMetrics()
        return max([metrics.horizontalAdvance(m.jurisdiction) for m in self._markers] + [0]) + 12

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(380, self._row_height() * len(self._markers) + self._axis_height() + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(200, self.sizeHint().height())

    def _plot(self) -> QRectF:
        left = self._label_width()
        return QRectF(left, 0, max(self.width() - left - 10, 1), self._row_height() * len(self._markers))

    def _x(self, day: dt.date, plot: QRectF) -> float:
        first, last = self.axis_years()
        start, end = dt.date(first, 1, 1), dt.date(last + 1, 1, 1)
        return plot.left() + plot.width() * (day - start).days / (end - start).days

    def _row_at(self, y: float) -> int | None:
        row = int(y // self._row_height())
        return row if 0 <= row < len(self._markers) else None

    # --- drawing ---------------------------------------------------------------------------

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        if not self._markers:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text, muted = palette.color(QPalette.ColorRole.WindowText), muted_colour(palette)
        accent = palette.color(QPalette.ColorRole.Highlight)
        plot = self._plot()
        self._draw_axis(painter, plot, muted)
        row_height = self._row_height()
        for index, marker in enumerate(self._markers):
            middle = index * row_height + row_height / 2
            label_rect = QRectF(0, index * row_height, plot.left() - 8, row_height)
            painter.setPen(text if marker.listed else muted)
            label_font = QFont(self.font())
            label_font.setItalic(not marker.researched)
            painter.setFont(label_font)
            painter.drawText(label_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             marker.jurisdiction)
            painter.setFont(self.font())
            if not marker.listed and not marker.researched:
                self._draw_not_researched(painter, plot, middle, muted)
            elif not marker.listed:
                painter.drawText(QRectF(plot.left(), index * row_height, 40, row_height),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "—")
            elif marker.date is None:
                self._draw_undated(painter, plot, middle, marker, accent, muted)
            else:
                self._draw_listing(painter, plot, middle, marker, accent)
            if marker.listed and marker.caveat is not None:
                self._draw_caveat_ring(painter, plot, middle, marker)

    def _draw_axis(self, painter: QPainter, plot: QRectF, muted: QColor) -> None:
        first, last = self.axis_years()
        metrics = self.fontMetrics()
        year_width = metrics.horizontalAdvance("2000") + 14
        span = last - first + 1
        step = next((s for s in (1, 2, 5, 10, 20, 50) if plot.width() * s / span >= year_width), 100)
        grid = QColor(muted)
        grid.setAlpha(70)
        baseline = plot.bottom() + 2
        painter.setPen(QPen(muted, 1))
        painter.drawLine(QPointF(plot.left(), baseline), QPointF(plot.right(), baseline))
        for year in range(first, last + 1):
            x = self._x(dt.date(year, 1, 1), plot)
            labelled = year % step == 0
            painter.setPen(QPen(grid, 1))
            if labelled:
                painter.drawLine(QPointF(x, plot.top()), QPointF(x, baseline))
            painter.setPen(QPen(muted, 1))
            painter.drawLine(QPointF(x, baseline), QPointF(x, baseline + (4 if labelled else 2)))
            if labelled:
                left = min(max(x - year_width / 2, 0), self.width() - year_width)
                painter.drawText(QRectF(left, baseline + 4, year_width, metrics.height()),
                                 Qt.AlignmentFlag.AlignCenter, str(year))

    def _draw_listing(self, painter: QPainter, plot: QRectF, middle: float, marker: TimelineMarker,
                      accent: QColor) -> None:
        start = self._x(marker.date, plot)
        end = self._x(marker.delisted or self._today, plot)
        bar = QColor(accent)
        bar.setAlpha(90)
        painter.setPen(QPen(bar, 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(QPointF(start, middle), QPointF(max(end, start), middle))
        painter.setPen(QPen(accent.darker(120), 1))
        painter.setBrush(accent)
        painter.drawEllipse(QPointF(start, middle), self.DOT_RADIUS, self.DOT_RADIUS)
        if marker.delisted:
            self._draw_cross(painter, end, middle)

    def _draw_undated(self, painter: QPainter, plot: QRectF, middle: float, marker: TimelineMarker,
                      accent: QColor, muted: QColor) -> None:
        """A hollow dot at the axis start, the delisting cross if known, then "date unknown"."""
        centre = QPointF(plot.left() + self.DOT_RADIUS + 1, middle)
        painter.setPen(QPen(accent, 1.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, self.DOT_RADIUS, self.DOT_RADIUS)
        text_left = centre.x() + self.DOT_RADIUS + 5
        if marker.delisted:
            cross = self._x(marker.delisted, plot)
            self._draw_cross(painter, cross, middle)
            text_left = max(text_left, cross + self.DOT_RADIUS + 5)
        font = QFont(self.font())
        font.setItalic(True)
        painter.setFont(font)
        painter.setPen(muted)
        painter.drawText(QRectF(text_left, middle - self._row_height() / 2,
                                max(self.width() - text_left, 1), self._row_height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "date unknown")
        painter.setFont(self.font())

    def _draw_not_researched(self, painter: QPainter, plot: QRectF, middle: float, muted: QColor) -> None:
        font = QFont(self.font())
        font.setItalic(True)
        painter.setFont(font)
        width = self.fontMetrics().horizontalAdvance(NOT_RESEARCHED_TEXT) + 8
        painter.setPen(muted)
        painter.drawText(QRectF(plot.left(), middle - self._row_height() / 2, width, self._row_height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, NOT_RESEARCHED_TEXT)
        painter.setFont(self.font())
        painter.setPen(QPen(muted, 1, Qt.PenStyle.DotLine))
        if plot.left() + width < plot.right():
            painter.drawLine(QPointF(plot.left() + width, middle), QPointF(plot.right(), middle))

    def _draw_caveat_ring(self, painter: QPainter, plot: QRectF, middle: float, marker: TimelineMarker) -> None:
        x = self._x(marker.date, plot) if marker.date is not None else plot.left() + self.DOT_RADIUS + 1
        painter.setPen(QPen(QColor(CAVEAT_RING), 1.8))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QPointF(x, middle), self.DOT_RADIUS + 3, self.DOT_RADIUS + 3)

    def _draw_cross(self, painter: QPainter, x: float, middle: float) -> None:
        size = self.DOT_RADIUS
        painter.setPen(QPen(QColor(DELISTING_COLOUR), 2.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(QPointF(x - size, middle - size), QPointF(x + size, middle + size))
        painter.drawLine(QPointF(x - size, middle + size), QPointF(x + size, middle - size))

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            row = self._row_at(event.pos().y())
            if row is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self._markers[row].describe(), self)
            return True
        return super().event(event)
