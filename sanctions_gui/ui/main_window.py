"""The main window: the people table in the middle, tools around it, files in and out.

The window owns the loaded `Dataset` and the analyst's `ViewState` (through the table
model) and wires the other widgets to the core: it never filters, sorts or parses
anything itself.
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QApplication, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QLabel, QLineEdit,
    QMainWindow, QMenu, QMessageBox, QPlainTextEdit, QRadioButton, QSlider, QToolBar, QVBoxLayout, QWidget,
)

from ..core import paths, schema
from ..core.columns import DEFAULT_HIDDEN_COLUMNS
from ..core.filters import ColumnFilter
from ..core.reading import SPREADSHEET_SUFFIXES, WorkbookError, read_workbook
from ..core.rules import Rule, RuleMatches, evaluate
from ..core.search import EXACT
from ..core.sheets import SHEET_CHOICES, describe_sheet_choice
from ..core.view import Dataset, compute_view
from ..core.workspace import Workspace, WorkspaceError, dataset_key
from .detail_pane import DetailPane
from .sidebar import CriteriaSidebar
from .filter_popup import FilterPopup
from .table_model import SanctionsTableModel
from .table_view import PeopleTable
from .workers import BackgroundTask

APP_NAME = "Sanctions Workbench"
ORGANISATION = "sanctions-workbench"
FILE_FILTER = "Spreadsheets (*.xlsx *.xlsm *.ods *.xls *.csv);;All files (*)"
EXPORT_FILTERS = {".xlsx": "Excel workbook (*.xlsx)", ".csv": "CSV, UTF-8 (*.csv)"}
DEFAULT_WIDTHS = {"name": 230, "position": 280, "institution": 180, "notes": 260, "sources": 200,
                  "commanded_unit": 200, "aliases": 140, "reasons": 170, "authority": 130}
MAX_DEFAULT_WIDTH = 160
SEARCH_DELAY_MS = 120
MANUAL_COLOURS = (("Yellow", "#FFF176"), ("Green", "#A5D6A7"), ("Blue", "#90CAF9"),
                  ("Orange", "#FFCC80"), ("Pink", "#F48FB1"))
RECENT_LIMIT = 8


def colour_icon(colour: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class MainWindow(QMainWindow):
    """Sanctions Workbench's window over one loaded workbook at a time."""

    dataset_loaded = Signal(object)  # Dataset
    highlights_changed = Signal(object)  # RuleMatches, after rules or manual highlights change
    exported = Signal(object)  # Path written
    export_failed = Signal(str)  # the plain message shown to the user
    load_failed = Signal(str)  # the plain message shown to the user

    def __init__(self, workspace: Workspace, settings: QSettings | None = None):
        super().__init__()
        self.workspace = workspace
        self.settings = settings or QSettings(ORGANISATION, APP_NAME)
        self.dataset: Dataset | None = None
        self.rules: list[Rule] = []
        self.matches: RuleMatches | None = None
        self._docks_restored = False
        self._task: BackgroundTask | None = None
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self.resize(1400, 860)

        self.model = SanctionsTableModel(self)
        self.table = PeopleTable(self.model, self)
        self.setCentralWidget(self.table)
        self.table.horizontalHeader().filter_requested.connect(self.open_column_filter)
        self.table.horizontalHeader().customContextMenuRequested.connect(self._header_menu)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._table_menu)
        self.model.view_changed.connect(self._update_status)
        self.model.modelReset.connect(self._mark_filtered_columns)

        self._build_toolbar()
        self._build_status_bar()
        self._build_menus()
        self._build_docks()
        self._restore_window()

    # --- building the window -----------------------------------------------------------------

    def _build_toolbar(self) -> None:
        bar = QToolBar("Search and filters", self)
        bar.setObjectName("searchToolbar")
        bar.setMovable(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

        self.search_field = QLineEdit(self)
        self.search_field.setObjectName("searchField")
        self.search_field.setPlaceholderText("Search names, aliases, positions, institutions  (Ctrl+F)")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMinimumWidth(360)
        bar.addWidget(self.search_field)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search_field.textChanged.connect(self._on_search_typed)

        self.fuzzy_box = QCheckBox("Fuzzy names", self)
        self.fuzzy_box.setToolTip("Match names and aliases that are spelt differently, with a 0-100 score.\n"
                                  "Other fields still match exactly.")
        self.threshold_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.threshold_slider.setRange(50, EXACT)
        self.threshold_slider.setValue(85)
        self.threshold_slider.setFixedWidth(110)
        self.threshold_slider.setEnabled(False)
        self.threshold_label = QLabel("", self)
        self.threshold_label.setMinimumWidth(70)
        self.fuzzy_box.toggled.connect(self._on_fuzzy_changed)
        self.threshold_slider.valueChanged.connect(self._on_fuzzy_changed)
        bar.addWidget(self.fuzzy_box)
        bar.addWidget(self.threshold_slider)
        bar.addWidget(self.threshold_label)
        self._show_threshold()
        bar.addSeparator()

        bar.addWidget(QLabel(" Sheet: ", self))
        self.sheet_combo = QComboBox(self)
        self.sheet_combo.setObjectName("sheetSelector")
        for choice in ("all", "post", "pre"):
            self.sheet_combo.addItem(_sheet_choice_label(choice), choice)
        self.sheet_combo.currentIndexChanged.connect(self._on_sheet_changed)
        bar.addWidget(self.sheet_combo)
        bar.addSeparator()

        self.only_highlighted_box = QCheckBox("Show only highlighted", self)
        self.only_highlighted_box.toggled.connect(self.set_only_highlighted)
        bar.addWidget(self.only_highlighted_box)
        self.clear_filters_action = QAction("Clear all filters", self)
        self.clear_filters_action.setToolTip("Clear the search, column filters and facets")
        self.clear_filters_action.triggered.connect(self.clear_filters)
        bar.addAction(self.clear_filters_action)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.file_label = QLabel(self)
        self.sheet_label = QLabel(self)
        self.report_button = QLabel(self)
        self.report_button.setTextFormat(Qt.TextFormat.RichText)
        self.report_button.linkActivated.connect(lambda _link: self.show_import_report())
        status.addWidget(self.count_label, 1)
        status.addPermanentWidget(self.report_button)
        status.addPermanentWidget(self.sheet_label)
        status.addPermanentWidget(self.file_label)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.open_action = file_menu.addAction("&Open…", self.choose_file)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.reload_action = file_menu.addAction("&Reload", self.reload)
        self.reload_action.setShortcut(QKeySequence.StandardKey.Refresh)
        file_menu.addAction("Open &bundled dataset", lambda: self.open_file(paths.BUNDLED_WORKBOOK))
        file_menu.addSeparator()
        self.export_action = file_menu.addAction("&Export view…", self.export_view)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.setToolTip("Save the rows and columns shown, in this order and colour, for Excel")
        file_menu.addSeparator()
        file_menu.addAction("Import &report…", self.show_import_report)
        file_menu.addSeparator()
        quit_action = file_menu.addAction("&Quit", self.close)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.file_menu = file_menu

        edit_menu = self.menuBar().addMenu("&Edit")
        copy = edit_menu.addAction("&Copy", self.table.copy_selection)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        find = QAction("&Find", self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.focus_search)
        edit_menu.addAction(find)
        self.addAction(find)
        edit_menu.addSeparator()
        edit_menu.addAction(self.clear_filters_action)

        self.view_menu = self.menuBar().addMenu("&View")
        self.freeze_action = self.view_menu.addAction("&Freeze name column")
        self.freeze_action.setCheckable(True)
        self.freeze_action.toggled.connect(self.table.set_name_frozen)
        self.columns_menu = self.view_menu.addMenu("&Columns")
        self.columns_menu.aboutToShow.connect(lambda: self._fill_columns_menu(self.columns_menu))
        self.view_menu.addAction("&Reset columns", self.reset_columns)
        self.view_menu.addSeparator()
        self.panels_menu = self.view_menu.addMenu("&Panels")

        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction("&About Sanctions Workbench", self._about)

    def _build_docks(self) -> None:
        self.sidebar = CriteriaSidebar(self.workspace, self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.sidebar)
        self.resizeDocks([self.sidebar], [320], Qt.Orientation.Horizontal)
        self.panels_menu.addAction(self.sidebar.toggleViewAction())
        self.rules = self.sidebar.rules()
        self.sidebar.rules_changed.connect(self.set_rules)
        self.sidebar.facets_changed.connect(lambda facets: self._set_state(facets=facets))
        self.sidebar.only_highlighted_changed.connect(self.set_only_highlighted)
        self.only_highlighted_box.toggled.connect(self.sidebar.set_only_highlighted)
        self.model.view_changed.connect(self._count_facets)
        self.highlights_changed.connect(self.sidebar.show_matches)

        self.detail_pane = DetailPane(self.workspace, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.detail_pane)
        self.resizeDocks([self.detail_pane], [400], Qt.Orientation.Horizontal)
        self.panels_menu.addAction(self.detail_pane.toggleViewAction())
        self.table.selectionModel().currentRowChanged.connect(self._show_current_person)
        self.model.modelReset.connect(self._show_current_person)
        self.highlights_changed.connect(self._show_current_person)
        self.detail_pane.annotation_changed.connect(lambda _person_id: self.refresh_colours())

        # The chart panel (and pyqtgraph with it) is created the first time it is opened.
        self.chart_panel = None
        self.charts_action = self.panels_menu.addAction("&Charts", self.show_chart_panel)
        self.charts_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.chart_button = QAction("Charts", self)
        self.chart_button.setToolTip("Compare administrations: charts of the people counted (Ctrl+Shift+C)")
        self.chart_button.triggered.connect(self.show_chart_panel)
        self.findChild(QToolBar, "searchToolbar").addAction(self.chart_button)

    def show_chart_panel(self) -> None:
        if self.chart_panel is None:
            from .chart_panel import ChartPanel

            self.chart_panel = ChartPanel(self)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.chart_panel)
            # Where the analyst left it last time, else as a tab beside the person pane.
            if not (self._docks_restored and self.restoreDockWidget(self.chart_panel)):
                self.tabifyDockWidget(self.detail_pane, self.chart_panel)
            self.panels_menu.removeAction(self.charts_action)
            self.panels_menu.addAction(self.chart_panel.toggleViewAction())
            self.chart_panel.rows_requested.connect(self.show_chart_rows)
            self.model.view_changed.connect(self._feed_charts)
            self._feed_charts()
        self.chart_panel.show()
        self.chart_panel.raise_()

    def _feed_charts(self) -> None:
        if self.chart_panel is None or self.dataset is None or self.model.view is None:
            return
        from ..core.charts import series_colours_from_rules

        view = self.model.view
        shown = np.zeros(len(self.dataset), dtype=bool)
        shown[view.rows] = True
        self.chart_panel.set_data(self.dataset, shown, pd.notna(view.colours), series_colours_from_rules(self.rules))

    def show_chart_rows(self, mask, title: str) -> None:
        """Filter the table to the people behind a chart bar (the chart's sheet choice applies)."""
        ids = self.dataset.frame[schema.PERSON_ID][mask]
        self.set_sheet("all")
        self.apply_filter(ColumnFilter(schema.PERSON_ID, values=frozenset(ids), title=title))

    def _count_facets(self) -> None:
        if self.model.view is not None:
            self.sidebar.set_facet_counts(self.model.view.rows)

    def _show_current_person(self, *_args) -> None:
        index = self.table.currentIndex()
        row = self.model.frame_row(index.row()) if self.dataset is not None and index.isValid() else None
        rules = [(rule.name, rule.colour, rule.describe()) for rule in self.matched_rules(row)] \
            if row is not None else []
        self.detail_pane.show_person(self.dataset, row, self.dataset_key, rules)

    # --- files ------------------------------------------------------------------------------

    def choose_file(self) -> None:
        start = str(self.dataset.source.parent) if self.dataset and self.dataset.source else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Open a sanctions workbook", start, FILE_FILTER)
        if path:
            self.open_file(path)

    def reload(self) -> None:
        if self.dataset is not None and self.dataset.source is not None:
            self.open_file(self.dataset.source)

    def open_file(self, path: str | Path, wait: bool = False) -> None:
        """Load a workbook off the UI thread; the current data stays until the new one is ready."""
        path = Path(path)
        if self._task is not None and self._task.is_running:
            self._task.cancel()
            self._task.wait()

        def work(progress, cancelled) -> Dataset:
            result = read_workbook(path, progress, cancelled)
            dataset = Dataset(result.frame, path, result.report)
            progress(0.97, "Preparing the table")
            for column in dataset.columns:  # display text for every column, made here, not on paint
                dataset.text(column)
            dataset.search_index  # noqa: B018 - built now so the first keystroke is quick
            dataset.sort_codes("name")  # the sort analysts use most, ranked before it is asked for
            return dataset

        self._task = BackgroundTask(work, f"Opening {path.name}", self)
        self._task.finished.connect(self.set_dataset)
        self._task.failed.connect(lambda error: self._show_load_error(path, error))
        self._task.cancelled.connect(lambda: self.statusBar().showMessage(f"Opening {path.name} was cancelled.", 5000))
        self._task.start()
        if wait:
            self._task.wait()

    def _show_load_error(self, path: Path, error: BaseException) -> None:
        if isinstance(error, WorkbookError):
            message = str(error)
        else:
            message = f"{path.name} could not be opened because of an unexpected problem ({type(error).__name__}: {error})."
        box = QMessageBox(QMessageBox.Icon.Warning, "Could not open the file", message, QMessageBox.StandardButton.Ok, self)
        box.setInformativeText("The data already open is unchanged." if self.dataset is not None else "")
        report = getattr(error, "report", None)
        if report is not None:
            box.setDetailedText(report.to_text())
        self.load_failed.emit(message)
        box.exec()

    def set_dataset(self, dataset: Dataset) -> None:
        """Show a newly loaded dataset; filters are cleared, the sheet choice and sort kept."""
        if self.dataset is not None:
            self._save_column_layout()
        self.dataset = dataset
        state = replace(self.model.state, filters={}, search="", facets=self.sidebar.facets())
        if state.sort_column not in dataset.frame.columns:
            state = replace(state, sort_column=None)
        self.search_field.blockSignals(True)
        self.search_field.clear()
        self.search_field.blockSignals(False)
        self.sidebar.set_dataset(dataset)
        self.model.set_dataset(dataset, state)
        self._apply_column_layout()
        self.refresh_colours()
        if dataset.source is not None:
            self.workspace.add_recent_file(dataset.source)
            self.settings.setValue("last_file", str(dataset.source))
            self.setWindowTitle(f"{dataset.source.name} — {APP_NAME}")
        self._update_status()
        if self.chart_panel is None and self.settings.value("charts_open", "false") in (True, "true"):
            self.show_chart_panel()  # it was open when the analyst last closed the window
        self.dataset_loaded.emit(dataset)

    @property
    def dataset_key(self) -> str:
        return dataset_key(self.dataset.source) if self.dataset and self.dataset.source else ""

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = [p for p in self.workspace.recent_files() if p.exists()][:RECENT_LIMIT]
        for path in recent:
            self.recent_menu.addAction(path.name, lambda p=path: self.open_file(p)).setToolTip(str(path))
        if not recent:
            self.recent_menu.addAction("No recent files").setEnabled(False)

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt API
        if _dropped_spreadsheet(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt API
        path = _dropped_spreadsheet(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.open_file(path)

    def visible_columns(self) -> list[str]:
        """Frame columns as the analyst sees them: on-screen order, hidden ones left out."""
        header = self.table.horizontalHeader()
        sections = sorted((s for s in range(self.model.columnCount()) if not self.table.isColumnHidden(s)),
                          key=header.visualIndex)
        return [c for c in (self.model.column_name(s) for s in sections) if c in self.dataset.frame.columns]

    def export_view(self) -> None:
        """Ask where and what, then write exactly the view on screen, off the UI thread."""
        from ..core.export import ExportRequest, export_view  # openpyxl loads on first export, not at start

        if self.dataset is None or self.model.view is None:
            return
        options = ExportOptionsDialog(len(self.model.view), self)
        if options.exec() != QDialog.DialogCode.Accepted:
            return
        folder = self.settings.value("export_folder", str(Path.home()))
        stem = self.dataset.source.stem if self.dataset.source else "sanctions"
        suffix = ".csv" if options.csv else ".xlsx"
        suggested = str(Path(folder) / f"{stem} - view{suffix}")
        target, _ = QFileDialog.getSaveFileName(self, "Export the view", suggested, EXPORT_FILTERS[suffix])
        if not target:
            return
        target = Path(target)
        if target.suffix.lower() not in (".xlsx", ".csv"):
            target = target.with_suffix(suffix)
        self.settings.setValue("export_folder", str(target.parent))
        annotations = self.workspace.annotations(self.dataset_key) if self.dataset_key else None
        request = ExportRequest(self.dataset, self.model.view, self.model.state, tuple(self.visible_columns()),
                                rule_matches=self.matches, annotations=annotations,
                                matched_rules_column=options.matched_rules, notes_column=options.notes,
                                flag_column=options.flag)
        self._export_task = BackgroundTask(
            lambda progress, cancelled: export_view(request, target, "csv" if options.csv else "xlsx",
                                                    progress, cancelled),
            f"Exporting to {target.name}", self)
        self._export_task.finished.connect(
            lambda path: self._exported(path, len(request.view)))
        self._export_task.failed.connect(lambda error: self._show_export_error(target, error))
        self._export_task.cancelled.connect(
            lambda: self.statusBar().showMessage("Export cancelled; nothing was written.", 5000))
        self._export_task.start()

    def _exported(self, path: Path, rows: int) -> None:
        self.statusBar().showMessage(f"Exported {rows:,} people to {path}", 10000)
        self.exported.emit(path)

    def _show_export_error(self, target: Path, error: BaseException) -> None:
        from ..core.export import ExportError

        message = str(error) if isinstance(error, ExportError) else \
            f"{target.name} could not be written because of an unexpected problem ({type(error).__name__}: {error})."
        self.export_failed.emit(message)
        QMessageBox(QMessageBox.Icon.Warning, "Could not export", message, QMessageBox.StandardButton.Ok, self).exec()

    def show_import_report(self) -> None:
        if self.dataset is None or self.dataset.report is None:
            return
        dialog = QDialog(self)
        dialog.setWindowTitle("Import report")
        layout = QVBoxLayout(dialog)
        text = QPlainTextEdit(self.dataset.report.to_text(), dialog)
        text.setReadOnly(True)
        text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.resize(820, 520)
        dialog.exec()

    # --- the view -----------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_field.setFocus()
        self.search_field.selectAll()

    def _on_search_typed(self, _text: str) -> None:
        small = self.dataset is None or len(self.dataset) < 20000
        if small:
            self._apply_search()
        else:
            self._search_timer.start()

    def _apply_search(self) -> None:
        self._set_state(search=self.search_field.text())

    def _fuzzy_threshold(self) -> int:
        return self.threshold_slider.value() if self.fuzzy_box.isChecked() else EXACT

    def _show_threshold(self) -> None:
        value = self._fuzzy_threshold()
        self.threshold_label.setText("Exact" if value >= EXACT else f"Score ≥ {value}")

    def _on_fuzzy_changed(self, *_args) -> None:
        self.threshold_slider.setEnabled(self.fuzzy_box.isChecked())
        self._show_threshold()
        self._set_state(fuzzy_threshold=self._fuzzy_threshold())

    def _on_sheet_changed(self, _index: int) -> None:
        self._set_state(sheet=self.sheet_combo.currentData())

    def set_sheet(self, choice: str) -> None:
        self.sheet_combo.setCurrentIndex(self.sheet_combo.findData(choice))

    def set_only_highlighted(self, on: bool) -> None:
        if self.only_highlighted_box.isChecked() != on:
            self.only_highlighted_box.setChecked(on)  # comes back here through toggled
            return
        self._set_state(only_highlighted=on)

    def _set_state(self, **changes) -> None:
        selected = self.selected_frame_rows()
        self.model.set_state(replace(self.model.state, **changes))
        self.table.select_frame_rows(selected)

    def apply_filter(self, column_filter: ColumnFilter) -> None:
        selected = self.selected_frame_rows()
        self.model.set_state(self.model.state.with_filter(column_filter))
        self.table.select_frame_rows(selected)

    def clear_filters(self) -> None:
        self.search_field.clear()
        self.sidebar.set_facets({})
        self.model.set_state(replace(self.model.state.without_filters(), search=""))

    def open_column_filter(self, section: int, position) -> None:
        if self.dataset is None:
            return
        column = self.model.column_name(section)
        if column not in self.dataset.frame.columns:
            return
        state = self.model.state
        others = replace(state, filters={c: f for c, f in state.filters.items() if c != column},
                         only_highlighted=state.only_highlighted)
        rows = compute_view(self.dataset, others, None, None).rows
        popup = FilterPopup(column, self.dataset.values(column).counts(rows), state.filters.get(column), self)
        popup.applied.connect(self.apply_filter)
        popup.sort_requested.connect(self.sort_by)
        popup.move(position)
        popup.show()
        self.filter_popup = popup

    def sort_by(self, column: str, descending: bool) -> None:
        section = self.model.column_of(column)
        if section is not None:
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            self.table.horizontalHeader().setSortIndicator(section, order)

    def _mark_filtered_columns(self) -> None:
        filtered = {self.model.column_of(c) for c in self.model.state.filters}
        self.table.horizontalHeader().set_filtered_sections({s for s in filtered if s is not None})
        self.clear_filters_action.setEnabled(self.model.state.filtered)

    def selected_frame_rows(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.frame_row(r) for r in rows if r < self.model.rowCount()]

    def _update_status(self) -> None:
        view = self.model.view
        if view is None or self.dataset is None:
            self.count_label.setText("No data loaded")
            return
        filters = self._describe_filters()
        self.count_label.setText(f"{len(view):,} of {view.loaded:,} people shown · {view.highlighted:,} highlighted"
                                 + (f" · filtered by {_shorten(filters, 90)}" if filters else ""))
        self.count_label.setToolTip(filters)
        self.file_label.setText(f"  {self.dataset.source.name}  " if self.dataset.source else "")
        self.sheet_label.setText(f"  {describe_sheet_choice(self.model.state.sheet).capitalize()}  ")
        report = self.dataset.report
        warnings = (len(report.warnings) + report.warnings_not_listed) if report else 0
        self.report_button.setText(f'<a href="report">{warnings:,} import warning{"s" if warnings != 1 else ""}</a>'
                                   if warnings else "")

    def _describe_filters(self) -> str:
        state = self.model.state
        parts = state.filter_descriptions()
        if state.search.strip():
            parts.insert(0, f"search \u201c{state.search.strip()}\u201d")
        return "; ".join(parts)

    # --- highlights ---------------------------------------------------------------------------

    def set_rules(self, rules: list[Rule]) -> None:
        """New highlighting rules, in order: evaluate them on whole columns and recolour."""
        self.rules = list(rules)
        self.refresh_colours()

    def refresh_colours(self) -> None:
        """Evaluate the rules and read manual highlights, then hand both to the table."""
        if self.dataset is None:
            return
        self.matches = evaluate(self.dataset.frame, self.rules)
        self.model.set_colours(self.matches.colours, self.manual_colours(), self.rule_tooltip)
        self.highlights_changed.emit(self.matches)

    def matched_rules(self, frame_row: int) -> list[Rule]:
        return self.matches.rules_for_row(frame_row) if self.matches is not None else []

    def rule_tooltip(self, frame_row: int) -> str:
        matched = self.matched_rules(frame_row)
        return "Highlight rules matched:\n" + "\n".join(f"• {rule.name}" for rule in matched) if matched else ""

    def manual_colours(self):
        annotations = self.workspace.annotations(self.dataset_key)
        if annotations.empty or annotations["highlight"].isna().all():
            return None
        ids = self.dataset.frame[schema.PERSON_ID]
        return ids.map(annotations["highlight"]).astype(object).where(ids.isin(annotations.index), None).to_numpy()

    def highlight_selected(self, colour: str | None) -> None:
        """Give the selected people a colour by hand (None clears it); kept in the workspace."""
        rows = self.selected_frame_rows()
        if not rows or self.dataset is None:
            return
        ids = self.dataset.frame[schema.PERSON_ID].iloc[rows].tolist()
        self.workspace.set_highlights(self.dataset_key, ids, colour)
        self.refresh_colours()

    def _table_menu(self, position) -> None:
        menu = QMenu(self)
        menu.addAction("Copy", self.table.copy_selection)
        highlight = menu.addMenu("Highlight selected rows")
        for name, colour in MANUAL_COLOURS:
            highlight.addAction(colour_icon(colour), name, lambda c=colour: self.highlight_selected(c))
        highlight.addSeparator()
        highlight.addAction("Remove manual highlight", lambda: self.highlight_selected(None))
        menu.exec(self.table.viewport().mapToGlobal(position))

    # --- columns and window state ------------------------------------------------------------

    def _header_menu(self, position) -> None:
        menu = QMenu(self)
        section = self.table.horizontalHeader().logicalIndexAt(position)
        if section >= 0:
            menu.addAction("Filter…", lambda: self.open_column_filter(
                section, self.table.horizontalHeader().mapToGlobal(position)))
            menu.addAction("Hide this column", lambda: self.table.setColumnHidden(section, True))
            menu.addSeparator()
        self._fill_columns_menu(menu.addMenu("Columns"))
        menu.addAction("Reset columns", self.reset_columns)
        menu.exec(self.table.horizontalHeader().mapToGlobal(position))

    def _fill_columns_menu(self, menu: QMenu) -> None:
        menu.clear()
        for section, column in enumerate(self.model.columns):
            action = menu.addAction(self.model.headerData(section, Qt.Orientation.Horizontal))
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(section))
            action.toggled.connect(lambda on, s=section: self._set_column_visible(s, on))

    def _set_column_visible(self, section: int, visible: bool) -> None:
        self.table.setColumnHidden(section, not visible)
        self.table.frozen_view.set_active(self.freeze_action.isChecked())

    def reset_columns(self) -> None:
        header = self.table.horizontalHeader()
        for section in range(self.model.columnCount()):
            header.moveSection(header.visualIndex(section), section)
        self._default_columns()
        self.table.frozen_view.set_active(self.freeze_action.isChecked())

    def _default_columns(self) -> None:
        for section, column in enumerate(self.model.columns):
            self.table.setColumnHidden(section, column in DEFAULT_HIDDEN_COLUMNS)
            self.table.setColumnWidth(section, DEFAULT_WIDTHS.get(column, min(
                MAX_DEFAULT_WIDTH, max(70, self.table.horizontalHeader().sectionSizeHint(section)))))

    def _save_column_layout(self) -> None:
        header = self.table.horizontalHeader()
        layout = {column: {"width": self.table.columnWidth(section), "visual": header.visualIndex(section),
                           "hidden": self.table.isColumnHidden(section)}
                  for section, column in enumerate(self.model.columns)}
        self.settings.setValue("columns", json.dumps(layout))
        state = self.model.state
        self.settings.setValue("sort", json.dumps([state.sort_column, state.sort_descending]))

    def _apply_column_layout(self) -> None:
        """Widths, order and visibility by column name, so they survive other workbooks' columns."""
        self._default_columns()
        try:
            layout = json.loads(self.settings.value("columns", "{}") or "{}")
        except (TypeError, ValueError):
            layout = {}
        header = self.table.horizontalHeader()
        known = [(spec["visual"], column, spec) for column, spec in layout.items() if column in self.model.columns]
        for visual, column, spec in sorted(known, key=lambda item: item[0]):
            section = self.model.column_of(column)
            self.table.setColumnWidth(section, int(spec.get("width", 100)))
            self.table.setColumnHidden(section, bool(spec.get("hidden", False)))
            header.moveSection(header.visualIndex(section), min(int(visual), self.model.columnCount() - 1))
        state = self.model.state
        if state.sort_column is not None and self.model.column_of(state.sort_column) is not None:
            order = Qt.SortOrder.DescendingOrder if state.sort_descending else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(self.model.column_of(state.sort_column), order)
        self.table.frozen_view.set_active(self.freeze_action.isChecked())

    def _restore_window(self) -> None:
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        try:
            sort_column, descending = json.loads(self.settings.value("sort", "[null, false]") or "[null, false]")
        except (TypeError, ValueError):
            sort_column, descending = None, False
        sheet = self.settings.value("sheet", "all")
        self.model.set_state(replace(self.model.state, sort_column=sort_column, sort_descending=bool(descending),
                                     sheet=sheet if sheet in SHEET_CHOICES else "all"))
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.setCurrentIndex(max(self.sheet_combo.findData(self.model.state.sheet), 0))
        self.sheet_combo.blockSignals(False)
        self.freeze_action.setChecked(self.settings.value("freeze_name", "true") in (True, "true"))

    def restore_docks(self) -> None:
        """Dock layout comes back once every dock exists (call after adding them)."""
        state = self.settings.value("dock_state")
        if isinstance(state, QByteArray):
            self._docks_restored = self.restoreState(state)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.detail_pane.flush_note()
        if self._task is not None and self._task.is_running:
            self._task.cancel()
            self._task.wait()
        if self.dataset is not None:
            self._save_column_layout()
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("dock_state", self.saveState())
        self.settings.setValue("sheet", self.model.state.sheet)
        self.settings.setValue("freeze_name", self.freeze_action.isChecked())
        self.settings.setValue("charts_open", self.chart_panel is not None and self.chart_panel.isVisible())
        self.settings.sync()
        super().closeEvent(event)

    def _about(self) -> None:
        QMessageBox.about(self, f"About {APP_NAME}",
                          f"<b>{APP_NAME}</b><br>For analysts of targeted U.S. sanctions on Venezuelan "
                          "individuals. Your own spreadsheets are only read, never changed.<br><br>"
                          f"Bundled dataset: {paths.BUNDLED_WORKBOOK.name} (sources in each row and in "
                          "data/README.md).")


class ExportOptionsDialog(QDialog):
    """What goes into an export beside the rows and columns on screen."""

    def __init__(self, rows: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export the view")
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        intro = QLabel(f"Exports the {rows:,} people shown, in the order shown, with the visible columns "
                       "and each row's highlight colour. An “About this export” sheet records the source "
                       "file, filters and rules.", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.excel_button = QRadioButton("Excel workbook (.xlsx)", self)
        self.csv_button = QRadioButton("CSV, UTF-8 (.csv) — no colours", self)
        self.excel_button.setChecked(True)
        layout.addWidget(self.excel_button)
        layout.addWidget(self.csv_button)
        layout.addWidget(QLabel("Also add these columns:", self))
        self.rules_box = QCheckBox("Highlight rules each person matches", self)
        self.notes_box = QCheckBox("Your notes", self)
        self.flag_box = QCheckBox("Your flag", self)
        for box in (self.rules_box, self.notes_box, self.flag_box):
            layout.addWidget(box)
        self.rules_box.setChecked(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choose file…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @property
    def csv(self) -> bool:
        return self.csv_button.isChecked()

    @property
    def matched_rules(self) -> bool:
        return self.rules_box.isChecked()

    @property
    def notes(self) -> bool:
        return self.notes_box.isChecked()

    @property
    def flag(self) -> bool:
        return self.flag_box.isChecked()


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _sheet_choice_label(choice: str) -> str:
    return {"all": "Both sheets", "post": "Post-E.O. 13692", "pre": "Pre-E.O. 13692"}[choice]


def _dropped_spreadsheet(mime) -> Path | None:
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        path = Path(url.toLocalFile())
        if url.isLocalFile() and path.suffix.lower() in SPREADSHEET_SUFFIXES:
            return path
    return None


def open_workspace() -> tuple[Workspace, str | None]:
    """The analyst's workspace, or a temporary one when it cannot be opened (locked by
    another copy of the app, unreadable): the app still works, and says what was lost."""
    try:
        workspace = Workspace.open()
        return workspace, workspace.recovery_message
    except WorkspaceError as error:
        temporary = Path(tempfile.mkdtemp(prefix="sanctions-workbench-")) / "workspace.sqlite3"
        return Workspace.open(temporary), (
            f"{error} Notes, flags, highlights and rules you change in this session will not be kept.")


def run_window(argv: list[str]) -> int:
    """Open the window on FILE (the first argument) or on the bundled dataset."""
    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    workspace, problem = open_workspace()
    window = MainWindow(workspace)
    window.restore_docks()
    window.show()
    if problem:
        QMessageBox.warning(window, "Your workspace", problem)
    target = Path(argv[0]) if argv else paths.BUNDLED_WORKBOOK
    window.open_file(target)
    code = app.exec()
    workspace.close()
    return code
