"""The chart panel: bar charts comparing administrations, with the numbers in a table below.

The counts come from core/charts.py and the drawing's layout from core/chart_layout.py; this
module holds the controls and wires them up. Counting runs off the UI thread (a 200,000-row
workbook takes a second), so the window never freezes: the panel says "Preparing charts…"
until the first chart is ready, and keeps the last one on screen while a new one is counted
(marked "Updating the chart…" if that takes a moment). The charts are drawn with pyqtgraph
(ui/chart_view.py), imported only once that page is on screen (ui/chart_pages.py).
Clicking a bar, or pressing Enter on a count in the table, asks the window to show exactly
the people it counts.
"""

from __future__ import annotations

import datetime as dt
import os
import weakref
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDockWidget, QHBoxLayout, QLabel, QMenu, QMessageBox, QToolButton, QVBoxLayout, QWidget,
)

from ..core.atomic import write_atomically
from ..core.charts import CHART_TITLES, ChartData, bar_rows, chart_data, people_text, series_phrase
from ..core.published import WOLA_SEPTEMBER_2018, compare
from ..core.view import Dataset
from . import file_dialogs
from .chart_controls import CountControls
from .chart_export import DEFAULT_SIZE, KINDS, ExportSizeDialog, with_suffix
from .chart_pages import ChartPages
from .chart_picture import ChartPicture, chart_fonts, export_layout
from .published_note import PublishedNote, footnote

UPDATING_AFTER_MS = 150  # a recount slower than this says so above the chart it replaces
EXPORT_PURPOSE = "chart-export"

# One counting thread for every panel: counts are quick, and a newer request makes older ones moot.
_COUNTING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chart-counts")


class _CountRelay(QObject):
    """Carries a finished count from the counting thread to the UI thread.

    It lives as long as the application, so the counting thread never emits on a panel
    that was closed and deleted meanwhile (that crashes the process, it does not raise).
    """

    counted = Signal(object, int, object, object)  # weak reference to the panel, request, data, error

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.setObjectName("chartCountRelay")
        self.counted.connect(self.deliver)  # a slot of this UI-thread object: queued from the thread

    @Slot(object, int, object, object)
    def deliver(self, panel_ref, request: int, data, error) -> None:
        panel = panel_ref()
        if panel is not None and shiboken6.isValid(panel):
            panel._counted(request, data, error)


def _relay() -> _CountRelay:
    """The one relay, made in the UI thread the first time a panel is built."""
    app = QCoreApplication.instance()
    relay = app.findChild(_CountRelay, "chartCountRelay")
    if relay is None:
        relay = _CountRelay(app)
    return relay


class ChartPanel(QDockWidget):
    """Bar charts of the loaded dataset; clicking a bar asks the window to show those people."""

    rows_requested = Signal(object, str)  # boolean mask over the frame's rows, a title for the filter
    ready = Signal()  # a chart of the present settings is drawn

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Charts", parent)
        self.setObjectName("chartPanel")
        self.dataset: Dataset | None = None
        self.shown_rows: np.ndarray | None = None
        self.highlighted_rows: np.ndarray | None = None
        self.rule_colours: dict[str, str] = {}
        self.data: ChartData | None = None
        self._request = 0  # number of the latest count asked for
        self._drawn_request = -1  # number of the count on screen
        self._asked: tuple | None = None  # what the latest count was asked with
        self._counted_frame = None  # the frame of the latest count
        self._dirty = True
        self._held_count: tuple | None = None  # a count asked for before pyqtgraph had loaded
        self._relay = _relay()
        self._ref = weakref.ref(self)
        self.fonts = chart_fonts(self.font())

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 2, 6, 4)
        layout.setSpacing(2)
        layout.addLayout(self._build_chart_controls())
        self.controls = CountControls(body)
        self.controls.changed.connect(self._settings_changed)
        self.controls.comparison_requested.connect(self.show_wola_comparison)
        # The controls tests and the window reach for by name.
        self.as_of_box, self.as_of_edit = self.controls.as_of_box, self.controls.as_of_edit
        self.sheet_combo, self.wola_button = self.controls.sheet_combo, self.controls.wola_button
        self.follow_box, self.highlighted_box = self.controls.follow_box, self.controls.highlighted_box
        layout.addWidget(self.controls)
        self.published_note = PublishedNote(body)
        layout.addWidget(self.published_note)

        self.pages = ChartPages(self.fonts, body)
        self.pages.view_made.connect(self._view_made)
        # The parts tests and benchmarks reach for by name.
        self.busy_label, self.numbers, self.splitter = self.pages.busy_label, self.pages.numbers, self.pages.splitter
        self.numbers.bar_chosen.connect(self._bar_chosen)
        self.fit_note = QLabel(body)
        self.fit_note.setObjectName("chartFitNote")
        self.fit_note.setStyleSheet("color: #B00020;")
        self.fit_note.hide()
        self.updating_label = QLabel("Updating the chart…", body)
        self.updating_label.setObjectName("chartUpdating")
        self.updating_label.setStyleSheet("color: palette(placeholder-text);")
        self.updating_label.hide()
        layout.addWidget(self.updating_label)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.fit_note)
        self.setWidget(body)
        self._updating_timer = QTimer(self, singleShot=True, interval=UPDATING_AFTER_MS)
        self._updating_timer.timeout.connect(self.updating_label.show)
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
        self.shares_box.toggled.connect(self._redraw_picture)
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

    @property
    def view(self):
        """The ChartView, or None until the busy page has been painted (it imports pyqtgraph)."""
        return self.pages.view

    def _view_made(self) -> None:
        self.view.bar_clicked.connect(self._bar_chosen)
        self.view.tooltip_for = self.bar_tooltip
        self.view.fit_changed.connect(self._show_fit, Qt.ConnectionType.QueuedConnection)
        if self._drawn_request == self._request:
            self._show_chart()  # nothing to count (no data loaded)
        self._start_count()

    # --- data in ----------------------------------------------------------------------------

    def set_data(self, dataset: Dataset | None, shown_rows: np.ndarray | None = None,
                 highlighted_rows: np.ndarray | None = None, rule_colours: dict[str, str] | None = None) -> None:
        """The dataset, the rows the table shows and the highlighted rows (boolean masks over the
        frame's rows) and rule colours per series; counted now if the panel is visible, else
        when it is next shown."""
        self.dataset = dataset
        self.shown_rows = None if shown_rows is None else np.array(shown_rows, dtype=bool)
        self.highlighted_rows = None if highlighted_rows is None else np.array(highlighted_rows, dtype=bool)
        self.rule_colours = dict(rule_colours or {})
        self.controls.enable_row_choices(self.shown_rows, self.highlighted_rows)
        self._dirty = True
        self._refresh_if_due()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._refresh_if_due()
        self.pages.fit_table_height()

    def _refresh_if_due(self, *_args) -> None:
        if self._dirty and self.isVisible():
            self.recount()

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
        self.controls.set_sheet(choice)

    def set_as_of(self, day: dt.date | None) -> None:
        self.controls.set_as_of(day)

    def show_wola_comparison(self) -> None:
        """The counts WOLA compared in September 2018, with its published figures beside them."""
        self.set_chart("administrations")
        self.set_as_of(WOLA_SEPTEMBER_2018.compared_as_of)
        self.set_sheet(WOLA_SEPTEMBER_2018.compared_sheet)
        self.controls.set_everyone()

    def counting(self) -> dict:
        """The filters the chart counts with, as core/charts.py functions take them."""
        return self.controls.counting(self.shown_rows, self.highlighted_rows)

    # --- counting, off the UI thread ------------------------------------------------------------

    def is_busy(self) -> bool:
        """True while the chart on screen is not (yet) the one of the present settings."""
        return self.view is None or self._drawn_request != self._request or self._dirty

    def recount(self) -> None:
        """Count the chart of the present settings in the background, unless it is already counted."""
        self._dirty = False
        counting = self.counting()
        frame = self.dataset.frame if self.dataset is not None else None
        asked = (self.chart, counting["as_of"], counting["sheet"],
                 None if counting["rows"] is None else counting["rows"].tobytes())
        if asked == self._asked and frame is self._counted_frame:
            if not self.is_busy():
                self._redraw_picture()  # the same numbers, perhaps new colours
            return
        nothing_of_it_shown = self.data is None or frame is not self._counted_frame
        self._asked, self._counted_frame = asked, frame
        self._request += 1
        if frame is None:
            self._counted(self._request, None, None)
        elif nothing_of_it_shown:
            self.pages.show_busy()
        else:
            self._updating_timer.start()  # the last chart stays, marked if counting takes a while
        if frame is not None:
            self._held_count = (self._request, frame, self.chart, counting)
            if self.view is not None:
                self._start_count()

    def _start_count(self) -> None:
        """Start the count asked for last. Not while pyqtgraph is being imported: the import and
        the count would only slow each other down (a 200,000-row first chart took half a second
        longer), and the window cannot paint the chart before the import is done anyway."""
        if self._held_count is not None:
            _COUNTING.submit(self._count, *self._held_count)
            self._held_count = None

    def _count(self, request: int, frame, chart: str, counting: dict) -> None:
        """In the counting thread: the numbers, handed back to the UI thread by a queued signal."""
        try:
            if request != self._request:
                return  # a newer request came in meanwhile
            try:
                result, error = chart_data(frame, chart, **counting), None
            except Exception as caught:  # shown on the panel, never swallowed
                result, error = None, caught
            self._relay.counted.emit(self._ref, request, result, error)
        except RuntimeError:
            pass  # the application is shutting down

    def _counted(self, request: int, data: ChartData | None, error: object) -> None:
        if request != self._request:
            return
        self._updating_timer.stop()
        self.updating_label.hide()
        if error is not None:
            self._asked = None  # asking again tries again
            self.pages.show_busy(f"The charts could not be counted: {error}", working=False)
            return
        self._drawn_request = request
        self.data = data
        self.numbers.show_numbers(data)
        self._show_chart()

    def _show_chart(self) -> None:
        """The counted chart on screen, once there is a view to draw it (else _view_made calls this)."""
        if self.view is None:
            return
        self._redraw_picture()
        self.pages.show_chart()
        self.ready.emit()

    # --- what is drawn ------------------------------------------------------------------------

    def picture(self) -> ChartPicture:
        """The chart on screen, for the view and for exports."""
        if self.dataset is None:
            return ChartPicture(None, title="No data loaded")
        shares = self.shares_box.isChecked() and self.data is not None and self.data.totals is not None
        return ChartPicture(self.data, shares, CHART_TITLES[self.data.chart] if self.data else "",
                            self.controls.details(self.shown_rows, self.highlighted_rows), self.rule_colours)

    def _redraw_picture(self, *_args) -> None:
        if self.view is not None:
            self.view.show_picture(self.picture())
        publication = self.publication()
        self.published_note.show_comparison(
            publication, compare(publication, self.data.active_by_administration()) if publication else [])

    def publication(self):
        """The published figures the chart on screen is comparable with, if any."""
        counted, wola = self.counting(), WOLA_SEPTEMBER_2018
        comparable = (self.data is not None and self.data.chart == "administrations" and counted["rows"] is None
                      and counted["as_of"] == wola.compared_as_of and counted["sheet"] == wola.compared_sheet)
        return wola if comparable else None

    def _show_fit(self, missing: str) -> None:
        self.fit_note.setText(f"At this size {missing}: make the panel larger; the table has every number."
                              if missing else "")
        self.fit_note.setVisible(bool(missing))

    def visible_labels(self) -> list[str]:
        """The texts of the value labels on the bars, as drawn at the view's size."""
        return [text.text for text in self.view.chart_layout().value_labels]

    # --- bars to people --------------------------------------------------------------------------

    def bar_tooltip(self, row: int, column: int) -> str:
        return f"{self.data.describe(row, column)}\nClick to show them in the table"

    def _bar_chosen(self, row: int, column: int) -> None:
        if self.data is not None and not self.is_busy():
            self.click_bar(self.data.categories[row], self.data.series[column])

    def click_bar(self, category, series: str) -> np.ndarray:
        """Ask the window to show the people behind one bar of the present settings; returns
        their mask. A bar nobody is behind asks for nothing."""
        mask = bar_rows(self.dataset.frame, self.chart, category, series, **self.counting())
        count = int(mask.sum())
        if count:
            self.rows_requested.emit(mask, f"Chart: {category} — {series_phrase(self.chart, series)} "
                                           f"({people_text(count)})")
        return mask

    # --- the numbers table ---------------------------------------------------------------------

    def copy_table(self) -> None:
        self.numbers.copy_all()

    # --- export --------------------------------------------------------------------------------

    def _footnote(self) -> str:
        publication = self.publication()
        return footnote(publication) if publication else ""

    def export_layout(self, width: int, height: int):
        """The layout an export of that size draws: the headless check of what fits."""
        return export_layout(self.picture(), width, height, self.fonts, self._footnote())[0]

    def export_png(self, path: str | os.PathLike, size: tuple[int, int] = DEFAULT_SIZE) -> None:
        """The chart with its title and legend as a PNG image of `size` pixels."""
        from .chart_view import render_png

        write_atomically(Path(path), render_png(self.picture(), *size, self.fonts, self._footnote()))

    def export_svg(self, path: str | os.PathLike, size: tuple[int, int] = DEFAULT_SIZE) -> None:
        """The chart with its title and legend as an SVG drawing of `size` pixels."""
        from .chart_view import render_svg

        write_atomically(Path(path), render_svg(self.picture(), *size, self.fonts, self._footnote()))

    def choose_export(self, kind: str) -> None:
        """Ask for a size and a file, then save the chart there as "png" or "svg"."""
        dialog = ExportSizeDialog(kind, self.export_layout, self)
        if dialog.exec() != ExportSizeDialog.DialogCode.Accepted:
            return
        size = dialog.chosen_size()
        chosen = file_dialogs.save_path(self, EXPORT_PURPOSE, "Export the chart", f"{self.chart}-chart.{kind}",
                                        KINDS[kind])
        if chosen is None:
            return
        path = with_suffix(chosen, kind)
        try:
            self.export_png(path, size) if kind == "png" else self.export_svg(path, size)
        except OSError as error:
            QMessageBox.warning(self, "Could not export the chart",
                                f"The chart could not be saved as {path}: {error.strerror or error}.")

