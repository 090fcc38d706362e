"""The chart panel: bar charts comparing administrations, with the numbers in a table below.

The counts come from core/stats.py; this module only lays them out. Each bar remembers
its category and series, so clicking it asks stats.rows_for for exactly the people it
counts and the window can filter the table to them. pyqtgraph is imported here only:
the window imports this module when the panel is first opened, so start-up stays quick.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from pyqtgraph.exporters import ImageExporter
from pyqtgraph.graphicsItems.LegendItem import ItemSample
from PySide6.QtCore import QBuffer, QByteArray, QDate, QIODevice, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QFont, QFontMetricsF, QGuiApplication, QKeySequence, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QDockWidget, QFileDialog, QHBoxLayout, QLabel, QMenu,
    QMessageBox, QPushButton, QSizePolicy, QSplitter, QTableWidget, QTableWidgetItem, QToolButton, QToolTip,
    QVBoxLayout, QWidget,
)

from ..core import schema, stats
from ..core.charts import CHART_TITLES, ChartData, chart_data, people_text, series_phrase, share_text
from ..core.sheets import SHEET_CHOICES, describe_sheet_choice
from ..core.view import Dataset

SHEET_LABELS = {"post": "Post-E.O. 13692", "pre": "Pre-E.O. 13692", "all": "Both sheets"}
WOLA_AS_OF = dt.date(2018, 9, 8)  # WOLA's September 2018 comparison of Obama and Trump
EXPORT_WIDTH = 1600  # pixels of an exported PNG: sharp on a slide or in a report

TEXT_COLOUR = "#222222"
AXIS_COLOUR = "#555555"
SECURITY_COLOURS = {"active_security": "#C8414B", "former_security": "#E9A23B",
                    "civilians": "#2C7FB8", "unknown_security": "#A7A7A7"}
ADMINISTRATION_COLOURS = dict(zip(schema.ADMINISTRATIONS, ("#8C6BB1", "#2C7FB8", "#C8414B", "#41AB5D", "#E9A23B")))
PALETTE = ("#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948", "#B07AA1", "#FF9DA7",
           "#9C755F", "#BAB0AC")
ANY_JURISDICTION_COLOUR = "#555555"

GROUP_WIDTH = 0.8  # of one category's slot, shared by its bars
STACK_WIDTH = 0.6
LABEL_POINT_SIZE = 9  # bar labels and the legend
LEGEND_ENTRY_PX = 34  # a legend entry's swatch and spacing, besides its text
LABEL_GAP_PX = 2  # between a bar's top and its label's box
LABEL_MARGIN_PX = 1  # around a label's text, inside its box
MIN_CLICK_PX = 6  # a short bar can still be clicked this far above its top


def _default_colour(chart: str, series: str, position: int) -> str:
    if chart == "administrations":
        return SECURITY_COLOURS[series]
    if chart == "years":
        return ADMINISTRATION_COLOURS.get(series, PALETTE[position % len(PALETTE)])
    if series == stats.ANY_JURISDICTION:
        return ANY_JURISDICTION_COLOUR
    return PALETTE[position % len(PALETTE)]


# --- pieces of the plot -----------------------------------------------------------------------


class _CountAxis(pg.AxisItem):
    """A y axis for people: whole-number ticks only (no "2.5 people")."""

    def tickSpacing(self, minVal, maxVal, size):  # noqa: N802, N803 - pyqtgraph API
        levels = super().tickSpacing(minVal, maxVal, size)
        whole = [(spacing, offset) for spacing, offset in levels if spacing >= 1]
        return whole or [(1.0, 0.0)]


class _Swatch(ItemSample):
    """A legend swatch: a square in the bars' colours that does not hide them when clicked."""

    def __init__(self, item):
        super().__init__(item)
        self.setFixedHeight(16)

    def paint(self, painter, *args):
        painter.setPen(pg.mkPen(self.item.opts["pen"]))
        painter.setBrush(pg.mkBrush(self.item.opts["brush"]))
        painter.drawRect(QRectF(3, 2, 12, 12))

    def mouseClickEvent(self, event):  # noqa: N802 - pyqtgraph API
        event.ignore()


@dataclass
class _Label:
    item: pg.TextItem
    x: float  # data coordinates of the top of its bar
    y: float
    width: float  # pixels of its box: the text and LABEL_MARGIN_PX around it
    height: float
    priority: int  # 0: placed first (the key series, the totals); then the tallest bars first


class _NumbersTable(QTableWidget):
    """The chart's numbers; Ctrl+C copies the whole table as tab-separated text with headers."""

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_all()
            event.accept()
            return
        super().keyPressEvent(event)

    def as_tsv(self) -> str:
        headers = [self.horizontalHeaderItem(c).text() for c in range(self.columnCount())]
        lines = ["\t".join(headers)]
        for row in range(self.rowCount()):
            lines.append("\t".join(self.item(row, c).text() for c in range(self.columnCount())))
        return "\n".join(lines) + "\n"

    def copy_all(self) -> None:
        QGuiApplication.clipboard().setText(self.as_tsv())


# --- the panel ---------------------------------------------------------------------------------


class ChartPanel(QDockWidget):
    """Bar charts of the loaded dataset; clicking a bar asks the window to show those people."""

    rows_requested = Signal(object, str)  # boolean mask over the frame's rows, a title for the filter

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Charts", parent)
        self.setObjectName("chartPanel")
        self.dataset: Dataset | None = None
        self.shown_rows: np.ndarray | None = None
        self.highlighted_rows: np.ndarray | None = None
        self.rule_colours: dict[str, str] = {}
        self.data: ChartData | None = None
        self._counted: dict = {}  # the filters the drawn chart was counted with
        self._bars = np.zeros((0, 6))  # per bar: x0, x1, y0, y1 (plot units), category, series
        self._labels: list[_Label] = []
        self._dirty = True

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 2, 6, 4)
        layout.setSpacing(2)
        layout.addLayout(self._build_chart_controls())
        layout.addLayout(self._build_count_controls())

        self.graphics = pg.GraphicsLayoutWidget(body)
        self.graphics.setObjectName("chartView")
        self.graphics.setBackground("w")
        self.graphics.setAntialiasing(True)
        self.graphics.setMinimumHeight(220)
        self._build_plot()

        self.numbers = _NumbersTable(body)
        self.numbers.setObjectName("chartNumbers")
        self.numbers.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.numbers.setAlternatingRowColors(True)
        self.numbers.verticalHeader().setVisible(False)
        self.numbers.setToolTip("The chart's numbers. Ctrl+C copies the whole table with its headers.")
        self.numbers.verticalHeader().setDefaultSectionSize(self.numbers.fontMetrics().height() + 8)
        self.splitter = QSplitter(Qt.Orientation.Vertical, body)
        self.splitter.addWidget(self.graphics)
        self.splitter.addWidget(self.numbers)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.splitterMoved.connect(self._table_sized_by_hand)
        self._table_height_chosen = False
        layout.addWidget(self.splitter, 1)
        self.setWidget(body)
        self.visibilityChanged.connect(self._refresh_if_due)

    # --- building ---------------------------------------------------------------------------

    def _build_chart_controls(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("Chart:", self))
        self.chart_combo = QComboBox(self)
        self.chart_combo.setObjectName("chartChoice")
        for key, title in CHART_TITLES.items():
            self.chart_combo.addItem(title, key)
        self.chart_combo.currentIndexChanged.connect(self._settings_changed)
        row.addWidget(self.chart_combo, 1)
        self.shares_box = QCheckBox("Shares", self)
        self.shares_box.setToolTip("Bar heights as the share of each administration's designees")
        self.shares_box.toggled.connect(self._settings_changed)
        row.addWidget(self.shares_box)

        export = QToolButton(self)
        export.setText("Export")
        export.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(export)
        menu.addAction("Chart as PNG image…", lambda: self.choose_export("png"))
        menu.addAction("Chart as SVG drawing…", lambda: self.choose_export("svg"))
        menu.addSeparator()
        menu.addAction("Copy the numbers", self.copy_table)
        export.setMenu(menu)
        row.addWidget(export)
        return row

    def _build_count_controls(self) -> QVBoxLayout:
        """Which people are counted: "as of" a day, a sheet, the table's rows, highlighted rows."""
        rows = QVBoxLayout()
        row = QHBoxLayout()
        rows.addLayout(row)
        self.as_of_box = QCheckBox("As of", self)
        self.as_of_box.setToolTip("Count only designations made on or before this day")
        self.as_of_edit = QDateEdit(QDate.currentDate(), self)
        self.as_of_edit.setObjectName("asOfDate")
        self.as_of_edit.setDisplayFormat("yyyy-MM-dd")
        self.as_of_edit.setCalendarPopup(True)
        self.as_of_edit.setEnabled(False)
        self.as_of_box.toggled.connect(self.as_of_edit.setEnabled)
        self.as_of_box.toggled.connect(self._settings_changed)
        self.as_of_edit.dateChanged.connect(self._as_of_date_changed)
        wola = QPushButton("Sept 2018 (WOLA count)", self)
        wola.setToolTip("As of 2018-09-08 on the post-E.O. 13692 sheet, as WOLA compared Obama and Trump")
        wola.clicked.connect(self.show_wola_comparison)
        row.addWidget(self.as_of_box)
        row.addWidget(self.as_of_edit)
        row.addWidget(wola)
        row.addStretch(1)

        row = QHBoxLayout()
        rows.addLayout(row)
        row.addWidget(QLabel("Sheet:", self))
        self.sheet_combo = QComboBox(self)
        self.sheet_combo.setObjectName("chartSheet")
        for choice in SHEET_CHOICES:
            self.sheet_combo.addItem(SHEET_LABELS[choice], choice)
        self.sheet_combo.currentIndexChanged.connect(self._settings_changed)
        row.addWidget(self.sheet_combo)

        self.follow_box = QCheckBox("Follow the table", self)
        self.follow_box.setToolTip("Count only the people the table shows (its search and filters)")
        self.follow_box.toggled.connect(self._settings_changed)
        self.highlighted_box = QCheckBox("Only highlighted", self)
        self.highlighted_box.setToolTip("Count only highlighted people")
        self.highlighted_box.toggled.connect(self._settings_changed)
        row.addWidget(self.follow_box)
        row.addWidget(self.highlighted_box)
        row.addStretch(1)
        self._enable_row_choices()
        return rows

    def _build_plot(self) -> None:
        self.graphics.ci.setContentsMargins(6, 4, 10, 4)
        self.graphics.ci.setSpacing(0)
        self.title = self.graphics.addLabel("", row=0, col=0, color=TEXT_COLOUR, size="10pt")
        self.legend = pg.LegendItem(colCount=4, labelTextColor=TEXT_COLOUR, sampleType=_Swatch, frame=False,
                                    horSpacing=6, labelTextSize=f"{LABEL_POINT_SIZE}pt")
        # In a layout the legend scales with the rest, so an exported image keeps it in proportion.
        self.legend.setFlag(self.legend.GraphicsItemFlag.ItemIgnoresTransformations, False)
        self.legend.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.graphics.addItem(self.legend, row=1, col=0)
        self.graphics.ci.layout.setAlignment(self.legend, Qt.AlignmentFlag.AlignHCenter)
        self.plot = self.graphics.addPlot(row=2, col=0, axisItems={"left": _CountAxis("left")})
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.showGrid(y=True, alpha=0.25)
        self.view_box = self.plot.getViewBox()
        self.view_box.disableAutoRange()
        for side in ("left", "bottom"):
            axis = self.plot.getAxis(side)
            axis.setPen(pg.mkPen(AXIS_COLOUR))
            axis.setTextPen(pg.mkPen(TEXT_COLOUR))
        self.plot.getAxis("bottom").setStyle(tickLength=0, hideOverlappingLabels=False)
        self.label_font = QFont(self.font())
        self.label_font.setPointSize(LABEL_POINT_SIZE)
        self.view_box.sigResized.connect(self._fit_to_view)
        scene = self.graphics.scene()
        scene.sigMouseClicked.connect(self._scene_clicked)
        scene.sigMouseMoved.connect(self._scene_hovered)

    # --- data in ----------------------------------------------------------------------------

    def set_data(self, dataset: Dataset | None, shown_rows: np.ndarray | None = None, highlighted_rows: np.ndarray | None = None,
                 rule_colours: dict[str, str] | None = None) -> None:
        """The dataset, the rows the table shows and the highlighted rows (boolean masks over the
        frame's rows) and rule colours per series; the chart is redrawn now if the panel is visible,
        else when it is next shown."""
        self.dataset = dataset
        self.shown_rows = shown_rows
        self.highlighted_rows = highlighted_rows
        self.rule_colours = dict(rule_colours or {})
        self._enable_row_choices()
        self._dirty = True
        self._refresh_if_due()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit_legend()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._refresh_if_due()
        self._fit_table_height()

    def _refresh_if_due(self, *_args) -> None:
        if self._dirty and self.isVisible():
            self.redraw()

    def _enable_row_choices(self) -> None:
        self.follow_box.setEnabled(self.shown_rows is not None)
        self.highlighted_box.setEnabled(self.highlighted_rows is not None)

    def _as_of_date_changed(self, _date: QDate) -> None:
        if self.as_of_box.isChecked():
            self._settings_changed()

    def _settings_changed(self, *_args) -> None:
        self.shares_box.setEnabled(self.chart != "years")
        self._dirty = True
        self._refresh_if_due()

    # --- settings ---------------------------------------------------------------------------

    @property
    def chart(self) -> str:
        return self.chart_combo.currentData()

    def set_chart(self, chart: str) -> None:
        self.chart_combo.setCurrentIndex(self.chart_combo.findData(chart))

    def set_sheet(self, choice: str) -> None:
        self.sheet_combo.setCurrentIndex(self.sheet_combo.findData(choice))

    def set_as_of(self, day: dt.date | None) -> None:
        if day is not None:
            self.as_of_edit.setDate(QDate(day.year, day.month, day.day))
        self.as_of_box.setChecked(day is not None)

    def show_wola_comparison(self) -> None:
        self.set_as_of(WOLA_AS_OF)
        self.set_sheet("post")

    def counting(self) -> dict:
        """The filters the chart counts with, as stats functions take them."""
        rows = None
        if self.follow_box.isChecked() and self.shown_rows is not None:
            rows = np.asarray(self.shown_rows, dtype=bool)
        if self.highlighted_box.isChecked() and self.highlighted_rows is not None:
            highlighted = np.asarray(self.highlighted_rows, dtype=bool)
            rows = highlighted if rows is None else rows & highlighted
        as_of = self.as_of_edit.date().toPython() if self.as_of_box.isChecked() else None
        return {"as_of": as_of, "sheet": self.sheet_combo.currentData(), "rows": rows}

    # --- drawing ----------------------------------------------------------------------------

    def redraw(self) -> None:
        self._dirty = False
        self.plot.clear()
        self.legend.clear()
        self._labels = []
        self._bars = np.zeros((0, 6))
        if self.dataset is None:
            self.data = None
            self.title.setText("No data loaded")
            self._fill_table()
            return
        self._counted = self.counting()
        self.data = chart_data(self.dataset.frame, self.chart, **self._counted)
        self.title.setText(self._title_html())
        self._fill_table()
        if self.data.empty:
            self._draw_message("Nobody is counted with these settings")
            return
        self._draw_bars()
        self._fit_to_view()

    def _title_html(self) -> str:
        counted = self._counted
        sheet = describe_sheet_choice(counted["sheet"])
        details = [sheet[0].upper() + sheet[1:]]
        if counted["as_of"] is not None:
            details.append(f"as of {counted['as_of']:%Y-%m-%d}")
        if self.follow_box.isChecked() and self.shown_rows is not None:
            details.append("people the table shows")
        if self.highlighted_box.isChecked() and self.highlighted_rows is not None:
            details.append("highlighted people")
        return (f"<b>{CHART_TITLES[self.chart]}</b>"
                f"<br><span style='font-size:8pt; color:{AXIS_COLOUR}'>{' · '.join(details)}</span>")

    def _draw_message(self, text: str) -> None:
        self.plot.getAxis("bottom").setTicks([[]])
        self.view_box.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)
        message = pg.TextItem(text, color=AXIS_COLOUR, anchor=(0.5, 0.5))
        message.setPos(0.5, 0.5)
        self.plot.addItem(message)

    def _values(self) -> np.ndarray:
        """Bar heights: people, or percentages of each category's designees."""
        return 100 * self.data.shares() if self._showing_shares() else self.data.counts.astype(float)

    def _draw_bars(self) -> None:
        data, values = self.data, self._values()
        drawn = [j for j in range(len(data.series)) if data.counts[:, j].any()]  # the table lists the rest
        positions = np.arange(len(data.categories), dtype=float)
        bars, base = [], np.zeros(len(positions))
        for slot, j in enumerate(drawn):
            if data.stacked:
                width, x = STACK_WIDTH, positions
            else:
                width = GROUP_WIDTH / len(drawn)
                x = positions - GROUP_WIDTH / 2 + (slot + 0.5) * width
            y0 = base.copy() if data.stacked else np.zeros(len(positions))
            height = values[:, j]
            fill = self.rule_colours.get(data.series[j]) or _default_colour(data.chart, data.series[j], slot)
            outline = pg.mkColor(fill).darker(150 if data.series[j] in self.rule_colours else 120)
            some = np.flatnonzero(height > 0)
            item = pg.BarGraphItem(x=x[some], y0=y0[some], height=height[some], width=width,
                                   brush=pg.mkBrush(fill), pen=pg.mkPen(outline, width=1))
            self.plot.addItem(item)
            self.legend.addItem(item, data.series_labels[j])
            bars.append(np.column_stack([x[some] - width / 2, x[some] + width / 2, y0[some], y0[some] + height[some],
                                         some, np.full(len(some), j)]))
            if data.stacked:
                base += height
            else:
                self._add_bar_labels(j, x, height)
        self._bars = np.vstack(bars) if bars else np.zeros((0, 6))
        if data.stacked:
            for i in np.flatnonzero(base > 0):
                self._add_label(f"{int(data.counts[i].sum())}", positions[i], base[i], priority=0)
        self._fit_legend()
        self.plot.setLabel("left", "Share of designated (%)" if self._showing_shares() else "People",
                           color=TEXT_COLOUR)

    def _fit_legend(self) -> None:
        """As many legend columns as the chart's width holds, so the legend never widens the chart."""
        if not self.legend.items:
            return
        metrics = QFontMetricsF(self.label_font)
        widths = [LEGEND_ENTRY_PX + metrics.horizontalAdvance(label.text) for _, label in self.legend.items]
        available = self.graphics.width() - 30
        fitting = [n for n in range(1, len(widths) + 1)
                   if sum(max(widths[column::n]) for column in range(n)) <= available]  # entries fill rows
        self.legend.setColumnCount(max(fitting, default=1))

    def _showing_shares(self) -> bool:
        return self.shares_box.isChecked() and self.data is not None and self.data.totals is not None

    def _add_bar_labels(self, column: int, x: np.ndarray, height: np.ndarray) -> None:
        """Counts on the bars; people active in the security forces always get theirs (\"0 of 14 — 0%\")."""
        key_series = self.data.chart == "administrations" and self.data.series[column] == "active_security"
        for i in np.flatnonzero(self.data.counts[:, column] > 0) if not key_series else range(len(x)):
            self._add_label(self.data.label(i, column, self._showing_shares()), x[i], height[i],
                            priority=0 if key_series else 1)

    def _add_label(self, text: str, x: float, y: float, priority: int) -> None:
        item = pg.TextItem(text, color=TEXT_COLOUR)
        item.textItem.document().setDocumentMargin(LABEL_MARGIN_PX)
        item.setFont(self.label_font)
        item.setPos(x, y)
        self.plot.addItem(item)
        box = item.textItem.boundingRect()
        self._labels.append(_Label(item, x, y, box.width(), box.height(), priority))

    # --- fitting labels and ticks to the view's size -------------------------------------------

    def _fit_to_view(self, *_args) -> None:
        """Category ticks that fit, room above the bars for their labels, and no label over
        another label or a bar. A label that does not fit across stands upright; one that
        fits neither way is left to the tooltip and the table."""
        if self.data is None or self.data.empty or not len(self._bars):
            return
        width_px, height_px = self.view_box.width(), self.view_box.height()
        if width_px < 20 or height_px < 20:
            return
        categories = len(self.data.categories)
        self.view_box.setXRange(-0.5, categories - 0.5, padding=0)
        self._set_category_ticks(width_px / categories)
        top = max(float(self._bars[:, 3].max()), 1.0)
        layouts = []
        for room_for in (0, 90):  # headroom for labels across, or for upright ones
            y_max = self._room_for_labels(top, height_px, room_for)
            angles = self._place_labels((-0.5, categories - 0.5), y_max, width_px, height_px)
            key_shown = sum(self._labels[n].priority == 0 for n in angles)
            layouts.append(((key_shown, len(angles), -y_max), y_max, angles))
        _, y_max, angles = max(layouts, key=lambda layout: layout[0])
        self.view_box.setYRange(0, y_max, padding=0)
        for number, label in enumerate(self._labels):
            angle, shift = angles.get(number, (0, 0.0))
            label.item.setAngle(angle)
            # Anchored a gap above the bar: centred over it (or moved in from the plot's edge),
            # or upright with its start there.
            label.item.setAnchor((0.5 - shift / label.width, 1 + LABEL_GAP_PX / label.height) if angle == 0
                                 else (-LABEL_GAP_PX / label.width, 0.5))
            label.item.setVisible(number in angles)

    def _label_extent(self, label: _Label, angle: int) -> tuple[float, float]:
        """Pixels a label takes across and up from its bar's top, gap included."""
        across, up = (label.width, label.height) if angle == 0 else (label.height, label.width)
        return across, up + LABEL_GAP_PX

    def _room_for_labels(self, top: float, height_px: float, angle: int) -> float:
        """The y axis' top, so that every label fits between its bar and the top of the plot."""
        y_max = top * 1.04
        for label in self._labels:
            _, up = self._label_extent(label, angle)
            y_max = max(y_max, label.y * height_px / max(height_px - up, 0.3 * height_px))
        return y_max

    def _place_labels(self, x_range: tuple[float, float], y_max: float, width_px: float,
                      height_px: float) -> dict[int, tuple[int, float]]:
        """The labels that can be shown (by position in self._labels) with their angle and
        sideways shift in pixels, placed in order of importance, each across if it fits,
        else upright."""
        x_scale = width_px / (x_range[1] - x_range[0])
        y_scale = height_px / y_max
        bars = np.column_stack([(self._bars[:, 0] - x_range[0]) * x_scale, (self._bars[:, 1] - x_range[0]) * x_scale,
                                self._bars[:, 2] * y_scale, self._bars[:, 3] * y_scale])
        placed: list[tuple[float, float, float, float]] = []
        angles: dict[int, tuple[int, float]] = {}
        order = sorted(range(len(self._labels)), key=lambda n: (self._labels[n].priority, -self._labels[n].y))
        for number in order:
            label = self._labels[number]
            for angle in (0, 90):
                across, up = self._label_extent(label, angle)
                bar_centre = (label.x - x_range[0]) * x_scale
                centre = min(max(bar_centre, across / 2), width_px - across / 2)  # inside the plot
                bottom = label.y * y_scale + LABEL_GAP_PX
                box = (centre - across / 2, centre + across / 2, bottom, bottom + up - LABEL_GAP_PX)
                clear = (box[0] - LABEL_GAP_PX, box[1] + LABEL_GAP_PX)  # a bar beside a label keeps a gap
                inside = box[0] >= 0 and box[1] <= width_px and box[3] <= height_px
                over_bar = np.any((bars[:, 0] < clear[1]) & (bars[:, 1] > clear[0]) & (bars[:, 2] < box[3])
                                  & (bars[:, 3] > box[2]))
                over_label = any(b[0] < box[1] and b[1] > box[0] and b[2] < box[3] and b[3] > box[2]
                                 for b in placed)
                if inside and not over_bar and not over_label:
                    placed.append(box)
                    angles[number] = (angle, centre - bar_centre)
                    break
        return angles

    def _set_category_ticks(self, slot_px: float) -> None:
        """Category names under the bars; years shortened ("'18"), then every other one, when crowded."""
        axis = self.plot.getAxis("bottom")
        metrics = QFontMetricsF(axis.style.get("tickFont") or self.font())
        names = list(self.data.category_labels)

        def widest(texts: list[str]) -> float:
            return max(metrics.horizontalAdvance(text) for text in texts) + 8

        if self.data.chart == "years" and widest(names) > slot_px:
            names = [f"'{name[-2:]}" for name in names]
        step = max(1, int(np.ceil(widest(names) / slot_px)))
        axis.setTicks([[(i, name) for i, name in enumerate(names) if i % step == 0]])

    # --- clicks and hovering -------------------------------------------------------------------

    def _bar_at(self, scene_pos: QPointF) -> tuple[int, int] | None:
        """(category, series) positions of the bar under a point of the scene, if any."""
        if self.data is None or not len(self._bars) or not self.view_box.sceneBoundingRect().contains(scene_pos):
            return None
        point = self.view_box.mapSceneToView(scene_pos)
        x, y = point.x(), point.y()
        slack = MIN_CLICK_PX * self.view_box.viewPixelSize()[1]
        bars = self._bars
        across = (bars[:, 0] <= x) & (x <= bars[:, 1])
        hit = np.flatnonzero(across & (bars[:, 2] <= y) & (y <= bars[:, 3]))
        if not len(hit):  # just above a short bar still counts
            hit = np.flatnonzero(across & (bars[:, 3] < y) & (y <= bars[:, 3] + slack))
        if not len(hit):
            return None
        bar = bars[hit[-1]]
        return int(bar[4]), int(bar[5])

    def _scene_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        bar = self._bar_at(event.scenePos())
        if bar is not None:
            event.accept()
            self.click_bar(self.data.categories[bar[0]], self.data.series[bar[1]])

    def _scene_hovered(self, scene_pos: QPointF) -> None:
        bar = self._bar_at(scene_pos)
        if bar is None:
            self.graphics.unsetCursor()
            QToolTip.hideText()
            return
        self.graphics.setCursor(Qt.CursorShape.PointingHandCursor)
        QToolTip.showText(QCursor.pos(), self.bar_tooltip(*bar), self.graphics)

    def bar_tooltip(self, row: int, column: int) -> str:
        return f"{self.data.describe(row, column)}\nClick to show them in the table"

    def click_bar(self, category, series: str) -> np.ndarray:
        """Ask the window to show the people behind one bar (the same filters as the chart);
        returns their mask. A bar nobody is behind asks for nothing."""
        mask = stats.rows_for(self.dataset.frame, self.chart, category, series, **self._counted)
        count = int(mask.sum())
        if count:
            name = self.data.category_labels[self.data.categories.index(category)]
            self.rows_requested.emit(mask, f"Chart: {name} — {series_phrase(self.chart, series)} ({people_text(count)})")
        return mask

    def copy_table(self) -> None:
        self.numbers.copy_all()

    def visible_labels(self) -> list[str]:
        """The texts of the value labels on the bars that are shown."""
        return [label.item.toPlainText() for label in self._labels if label.item.isVisible()]

    def label_items(self) -> list[pg.TextItem]:
        return [label.item for label in self._labels]

    # --- the numbers table ---------------------------------------------------------------------

    def _fill_table(self) -> None:
        """One row per category; per series its people and, where there is a total, the share."""
        table, data = self.numbers, self.data
        table.clear()
        if data is None or data.empty:
            table.setRowCount(0)
            table.setColumnCount(0)
            return
        headers = ["Year" if data.stacked else "Administration"]
        columns: list[list[str]] = [list(data.category_labels)]
        if data.totals is not None:
            headers.append("Designated")
            columns.append([f"{t}" for t in data.totals])
        for j, name in enumerate(data.series_labels):
            headers.append(name)
            columns.append([f"{c}" for c in data.counts[:, j]])
            if data.totals is not None:
                headers.append(f"{name} (%)")
                columns.append([share_text(c, t) for c, t in zip(data.counts[:, j], data.totals)])
        if data.stacked:
            headers.append("Total")
            columns.append([f"{t}" for t in data.counts.sum(axis=1)])
        table.setColumnCount(len(headers))
        table.setRowCount(len(data.categories))
        table.setHorizontalHeaderLabels(headers)
        for c, values in enumerate(columns):
            for r, text in enumerate(values):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(r, c, item)
        table.resizeColumnsToContents()
        self._fit_table_height()

    def _fit_table_height(self) -> None:
        """Give the table the height of its rows (at most a quarter of the panel), the chart the
        rest, until the analyst drags the divider."""
        total = sum(self.splitter.sizes())
        if self._table_height_chosen or total <= 0:
            return
        table = self.numbers
        wanted = (table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
                  + table.rowCount() * table.verticalHeader().defaultSectionSize()
                  + table.horizontalScrollBar().sizeHint().height())
        height = int(min(wanted, total / 4))
        self.splitter.setSizes([total - height, height])

    def _table_sized_by_hand(self, *_args) -> None:
        self._table_height_chosen = True

    # --- export --------------------------------------------------------------------------------

    def export_png(self, path: str | os.PathLike, width: int = EXPORT_WIDTH) -> None:
        """The chart with its title and legend as a PNG image `width` pixels wide."""
        self._refresh_if_due()
        exporter = ImageExporter(self.graphics.ci)
        exporter.parameters()["width"] = int(width)
        image = exporter.export(toBytes=True)
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not image.save(buffer, "PNG"):
            raise OSError("the image could not be encoded as PNG")
        _write_atomically(Path(path), bytes(buffer.data()))

    def export_svg(self, path: str | os.PathLike) -> None:
        """The chart with its title and legend as an SVG drawing (editable in Inkscape or Illustrator).

        Drawn with Qt's SVG generator: pyqtgraph's SVGExporter fails on the closed
        paths Qt 6 writes for bars ("Z" in the path data).
        """
        self._refresh_if_due()
        source = self.graphics.ci.sceneBoundingRect()
        target = QRectF(0, 0, source.width(), source.height())
        content = QByteArray()
        buffer = QBuffer(content)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(target.size().toSize())
        generator.setViewBox(target)
        generator.setTitle(CHART_TITLES[self.chart])
        painter = QPainter(generator)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(target, QColor("white"))
        self.graphics.scene().render(painter, target, source)
        painter.end()
        _write_atomically(Path(path), bytes(content))

    def choose_export(self, kind: str) -> None:
        """Ask where to save the chart as "png" or "svg", then save it there."""
        description = {"png": "PNG image (*.png)", "svg": "SVG drawing (*.svg)"}[kind]
        suggested = str(Path.home() / f"{self.chart}-chart.{kind}")
        chosen, _ = QFileDialog.getSaveFileName(self, "Export the chart", suggested, description)
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(f"{path.name}.{kind}")
        try:
            self.export_png(path) if kind == "png" else self.export_svg(path)
        except OSError as error:
            QMessageBox.warning(self, "Could not export the chart",
                                f"The chart could not be saved as {path}: {error.strerror or error}.")


def _write_atomically(path: Path, content: bytes) -> None:
    """Write a file so that nobody ever sees half of it: a temporary file beside it, then a rename."""
    descriptor, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(temp_name, 0o644)  # mkstemp makes the file private; an exported chart is meant to be shared
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
