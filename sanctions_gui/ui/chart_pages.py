"""The chart panel's body: "Preparing charts…" until a chart is ready, then the chart over its numbers.

The chart view draws with pyqtgraph, whose import takes a noticeable moment (more from a cold
disk), so the view is made only after the busy page has been painted: the analyst sees the
panel at work while pyqtgraph loads, and the window's start-up never pays for it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QProgressBar, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from .chart_numbers import NumbersTable

BUSY_TEXT = "Preparing charts…"


class _BusyPage(QWidget):
    """Says when it has been painted, so that slow work can start after it is on screen."""

    painted = Signal()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        self.painted.emit()


class ChartPages(QStackedWidget):
    """The busy page, then the chart view (made once the busy page is painted) over the numbers table."""

    view_made = Signal()

    def __init__(self, fonts: dict[str, QFont], parent: QWidget | None = None):
        super().__init__(parent)
        self.fonts = fonts
        self.view = None  # a ChartView once made
        busy = _BusyPage(self)
        busy.setObjectName("chartsBusy")
        busy.painted.connect(self._busy_page_painted)
        layout = QVBoxLayout(busy)
        layout.addStretch(1)
        self.busy_label = QLabel(BUSY_TEXT, busy)
        self.busy_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.busy_bar = QProgressBar(busy)
        self.busy_bar.setRange(0, 0)  # moving: work is going on, of unknown length
        self.busy_bar.setMaximumWidth(240)
        layout.addWidget(self.busy_label)
        layout.addWidget(self.busy_bar, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.addWidget(busy)

        self.numbers = NumbersTable(self)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.numbers)  # the chart goes above it once made
        self.splitter.setChildrenCollapsible(False)
        self.splitter.splitterMoved.connect(self._table_sized_by_hand)
        self._table_height_chosen = False
        self.addWidget(self.splitter)
        # Zero delay after the busy page's paint: the page reaches the screen, then pyqtgraph loads.
        self._view_timer = QTimer(self, singleShot=True, interval=0)
        self._view_timer.timeout.connect(self.make_view)

    def _busy_page_painted(self) -> None:
        if self.view is None:
            self._view_timer.start()

    def make_view(self) -> None:
        """Make the chart view, importing pyqtgraph (done by itself once the busy page is painted)."""
        if self.view is not None:
            return
        from .chart_view import ChartView

        self.view = ChartView(self.fonts, self.splitter)
        self.splitter.insertWidget(0, self.view)
        self.splitter.setStretchFactor(0, 1)
        self.view_made.emit()

    def show_busy(self, text: str = BUSY_TEXT, working: bool = True) -> None:
        """The busy page with `text`; its moving bar only while work is going on."""
        self.busy_label.setText(text)
        self.busy_bar.setVisible(working)
        self.setCurrentIndex(0)

    def show_chart(self) -> None:
        self.fit_table_height()
        self.setCurrentIndex(1)

    def fit_table_height(self) -> None:
        """Give the table the height of its rows (at most a quarter of the panel), the chart the
        rest, until the analyst drags the divider."""
        total = sum(self.splitter.sizes())
        if self._table_height_chosen or total <= 0 or self.view is None:
            return
        height = int(min(self.numbers.wanted_height(), total / 4))
        self.splitter.setSizes([total - height, height])

    def _table_sized_by_hand(self, *_args) -> None:
        self._table_height_chosen = True
