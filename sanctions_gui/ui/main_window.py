"""The main window: wires the session to the widgets that show it.

The window makes one `Session` (the analyst's state) and hands it to the table, the
toolbar, the status bar, the Criteria sidebar and the person pane; each shows the
session and sends it intents. The window itself only places the parts, keeps the
window's layout between runs, opens files and feeds the chart panel.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QMainWindow, QMenu, QMessageBox, QWidget

from ..core.session import Change, Session, SessionEvent
from ..core.sheets import SHEET_CHOICES
from ..core.view import Dataset
from ..core.workspace import Workspace
from . import window_state
from .app_settings import APP_NAME, app_settings
from .column_layout import ColumnLayout
from .column_mapping import ColumnMapper
from .compare_action import install_compare
from .detail_pane import DetailPane
from .editing import install_editing
from .export_dialog import Exporter
from .file_dialogs import dropped_spreadsheet
from .loading import Loader
from .menus import build_menus, fill_highlight_menu
from .missing_fields_bar import MissingFieldsBar
from .search_bar import SearchBar
from .sidebar import CriteriaSidebar
from .status_line import StatusLine
from .table_model import SanctionsTableModel
from .table_view import PeopleTable

if TYPE_CHECKING:  # the popups, dialogs and the guide load when first used, not before the table shows
    from .filter_popup import FilterPopup

FILE_FILTER = "Spreadsheets (*.xlsx *.xlsm *.ods *.xls *.csv);;All files (*)"
RECENT_LIMIT = 8
SIDEBAR_WIDTH, PERSON_WIDTH = 240, 300
TABLE_MIN_WIDTH = 500  # the table never gets narrower than this
TABLE_WANTED_WIDTH = 620  # while it is narrower, the side panels give way, down to their minimum
STATUS_SECONDS = 8


class MainWindow(QMainWindow):
    """Sanctions Workbench's window over one loaded workbook at a time."""

    dataset_loaded = Signal(object)  # Dataset
    exported = Signal(object)  # Path written
    export_failed = Signal(str)  # the plain message shown to the user
    load_failed = Signal(str)  # the plain message shown to the user

    def __init__(self, workspace: Workspace, settings: QSettings | None = None):
        super().__init__()
        self.workspace = workspace
        self.settings = settings or app_settings()
        self.session = Session(workspace)
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self.filter_popup: FilterPopup | None = None

        self.model = SanctionsTableModel(self.session, self)
        self.table = PeopleTable(self.model, self)
        self.table.setMinimumWidth(TABLE_MIN_WIDTH)
        self.setCentralWidget(self.table)
        self.columns = ColumnLayout(self.table, self.settings)
        self.search_bar = SearchBar(self.session, self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.search_bar)
        self.status = StatusLine(self.session, self)
        self.setStatusBar(self.status)
        bar, status = self.search_bar, self.status  # their widgets, as the window's for scripts and tests
        self.search_field, self.fuzzy_box, self.sheet_combo = bar.search_field, bar.fuzzy_box, bar.sheet_combo
        self.threshold_slider, self.threshold_label = bar.threshold_slider, bar.threshold_label
        self.only_highlighted_box = bar.only_highlighted_box
        self.count_label, self.file_label, self.sheet_label = status.count_label, status.file_label, status.sheet_label
        self.sidebar = CriteriaSidebar(self.session, self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.sidebar)
        self.detail_pane = DetailPane(self.session, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.detail_pane)
        self.chart_panel = None  # made on first use: pyqtgraph loads only then
        self.loader = Loader(self, workspace)
        self.column_mapper = ColumnMapper(self.session, self.loader, self)
        self.missing_fields_bar = MissingFieldsBar(self.session, self)
        self.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.missing_fields_bar)
        self.exporter = Exporter(self.session, self)
        build_menus(self)
        install_editing(self)
        install_compare(self)
        self._connect()
        self._set_tab_order()
        self._restore()
        self.missing_fields_bar.refresh()  # the restored layout shows it as it was last run

    # --- wiring -------------------------------------------------------------------------------------

    def _connect(self) -> None:
        header = self.table.horizontalHeader()
        header.filter_requested.connect(self.open_column_filter)
        header.customContextMenuRequested.connect(self._header_menu)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._table_menu)
        self.search_bar.addAction(self.clear_filters_action)
        self.search_bar.addAction(self.charts_action)
        self.status.report_requested.connect(self.show_import_report)
        for part in (self.sidebar, self.loader, self.exporter, self.column_mapper):
            part.status_message.connect(self.say)
        self.missing_fields_bar.columns_requested.connect(self.column_mapper.choose)
        self.missing_fields_bar.report_requested.connect(self.show_import_report)
        self.model.modelAboutToBeReset.connect(self._keep_column_layout)
        self.model.modelReset.connect(self._restore_column_layout)
        self.loader.loaded.connect(self._show_dataset)
        self.loader.failed.connect(self.load_failed)
        self.exporter.exported.connect(self.exported)
        self.exporter.failed.connect(self.export_failed)
        self.session.subscribe(self._on_session)
        self._on_session(SessionEvent(Change.HISTORY | Change.FILTERS))

    def _set_tab_order(self) -> None:
        """Toolbar, table, rules, facets, person: Tab goes round the window in reading order."""
        chain: list[QWidget] = [*self.search_bar.focusable_widgets(), self.table, self.sidebar.rules_list,
                                self.sidebar.only_highlighted_box, self.sidebar.facets_tree,
                                self.detail_pane.flag_box, self.detail_pane.notes_edit]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def _on_session(self, event: SessionEvent) -> None:
        if event.changes & Change.HISTORY:
            history = self.session.history
            undo, redo = (text.replace("&", "&&") if text else "" for text in
                          (history.undo_description, history.redo_description))  # "&" in a rule's name
            self.undo_action.setText(f"&Undo {undo}" if history.can_undo else "&Undo")
            self.redo_action.setText(f"&Redo {redo}" if history.can_redo else "&Redo")
            self.undo_action.setEnabled(history.can_undo)
            self.redo_action.setEnabled(history.can_redo)
        if event.changes & Change.FILTERS:
            state = self.session.state
            self.only_highlighted_action.setChecked(state.only_highlighted)
            self.fuzzy_action.setChecked(self.search_bar.fuzzy_box.isChecked())
            self.sheet_actions[state.sheet].setChecked(True)
            self.clear_filters_action.setEnabled(state.filtered)
        if event.changes & (Change.VIEW | Change.COLOURS | Change.RULES | Change.DATASET):
            self._feed_charts()

    def say(self, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_SECONDS * 1000)

    @property
    def dataset(self) -> Dataset | None:
        return self.session.dataset

    # --- files -------------------------------------------------------------------------------------

    def choose_file(self) -> None:
        from .file_dialogs import open_path
        path = open_path(self, "workbook", "Open a sanctions workbook", FILE_FILTER)
        if path is not None:
            self.open_file(path)

    def reload(self) -> None:
        if self.dataset is not None and self.dataset.source is not None:
            self.open_file(self.dataset.source)

    def open_file(self, path: str | Path, wait: bool = False) -> None:
        """Load a workbook off the UI thread; the current data stays until the new one is ready."""
        self.loader.has_data = self.dataset is not None
        self.loader.open(path, wait)

    def _show_dataset(self, dataset: Dataset) -> None:
        # The model's reset saves the old columns and lays out the new ones (_keep_column_layout,
        # _restore_column_layout): once, not again here.
        self.session.set_dataset(dataset)
        if dataset.source is not None:
            self.workspace.add_recent_file(dataset.source)
            self.settings.setValue("last_file", str(dataset.source))
            self.setWindowTitle(f"{dataset.source.name} — {APP_NAME}")
        if self.session.notes_from is not None:
            other = Path(self.session.notes_from)
            self.say(f"Notes, flags and colours made on another copy of this workbook ({other.name}, in "
                     f"{other.parent}) were found and are shown; File › Import report says so too.")
        self.dataset_loaded.emit(dataset)

    def _keep_column_layout(self) -> None:
        """Before the table takes another frame of the open workbook (new columns, Undo): save its columns."""
        if self.model.columnCount():
            self.columns.save()

    def _restore_column_layout(self) -> None:
        if self.model.columnCount():
            self.columns.restore()
            self.table.frozen_view.set_active(self.freeze_action.isChecked())

    def fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = [p for p in self.workspace.recent_files() if p.exists()][:RECENT_LIMIT]
        for path in recent:
            self.recent_menu.addAction(path.name, lambda p=path: self.open_file(p)).setToolTip(str(path))
        if not recent:
            self.recent_menu.addAction("No recent files").setEnabled(False)

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt API
        if dropped_spreadsheet(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt API
        path = dropped_spreadsheet(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.open_file(path)

    def visible_columns(self) -> list[str]:
        return self.columns.visible_columns()

    def export_view(self) -> None:
        """Write exactly the view on screen (rows, order, visible columns, colours)."""
        if self.session.view is not None:
            self.exporter.run(self.visible_columns())

    def show_import_report(self) -> None:
        if self.dataset is None or self.dataset.report is None:
            return
        from .import_report_dialog import ImportReportDialog
        self.import_report_dialog = ImportReportDialog(self.dataset.report, self)
        self.import_report_dialog.columns_requested.connect(self.column_mapper.choose)
        self.import_report_dialog.open()

    # --- the table --------------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_field.setFocus()
        self.search_field.selectAll()

    def open_column_filter(self, section: int, position) -> None:
        if self.dataset is None:
            return
        column = self.model.column_name(section)
        if not self.dataset.has_column(column):
            return
        from .filter_popup import FilterPopup
        popup = FilterPopup(column, self.session.filter_choices(column), self.session.state.filters.get(column), self)
        popup.applied.connect(self.session.set_filter)
        popup.sort_requested.connect(self.session.set_sort)
        popup.move(position)
        popup.show()
        self.filter_popup = popup

    def highlight_selected(self, colour: str | None) -> None:
        """Give the selected people a colour by hand (None clears it); Undo takes it back."""
        if not self.session.selection:
            return
        if not self.session.annotations_enabled:
            self.say("Hand colours, notes and flags need a workbook opened from a file.")
            return
        self.session.set_highlight(self.session.selection, colour)

    def _table_menu(self, position) -> None:
        menu = QMenu(self)
        menu.addAction("Copy", self.table.copy_selection)
        fill_highlight_menu(menu.addMenu("Highlight selected rows"), self)
        self.editing.fill_table_menu(menu)
        menu.exec(self.table.viewport().mapToGlobal(position))

    def _header_menu(self, position) -> None:
        menu = QMenu(self)
        header = self.table.horizontalHeader()
        section = header.logicalIndexAt(position)
        if section >= 0:
            menu.addAction("Filter…", lambda: self.open_column_filter(section, header.mapToGlobal(position)))
            menu.addAction("Hide this column", lambda: self._set_column_visible(section, False))
            menu.addSeparator()
        self.fill_columns_menu(menu.addMenu("Columns"))
        menu.addAction("Reset columns", self.reset_columns)
        menu.exec(header.mapToGlobal(position))

    def fill_columns_menu(self, menu: QMenu) -> None:
        menu.clear()
        for section in range(self.model.columnCount()):
            action = menu.addAction(self.model.headerData(section, Qt.Orientation.Horizontal))
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(section))
            action.toggled.connect(lambda on, s=section: self._set_column_visible(s, on))

    def _set_column_visible(self, section: int, visible: bool) -> None:
        self.table.setColumnHidden(section, not visible)
        self.table.frozen_view.set_active(self.freeze_action.isChecked())

    def reset_columns(self) -> None:
        self.columns.apply_defaults()
        self.table.frozen_view.set_active(self.freeze_action.isChecked())
        self.table.show_state()

    # --- charts --------------------------------------------------------------------------------------

    def toggle_chart_panel(self, shown: bool | None = None) -> None:
        if self.chart_panel is not None and self.chart_panel.isVisible() and not shown:
            self.chart_panel.hide()
        else:
            self.show_chart_panel()

    def _make_chart_panel(self) -> None:
        from .chart_panel import ChartPanel

        self.chart_panel = ChartPanel(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.chart_panel)
        self.tabifyDockWidget(self.detail_pane, self.chart_panel)
        for view in self.chart_panel.findChildren(QAbstractItemView):
            view.setTabKeyNavigation(False)  # Tab leaves its table of numbers, as it does ours
        self.chart_panel.rows_requested.connect(self.session.show_people)
        self.chart_panel.visibilityChanged.connect(self.charts_action.setChecked)

    def show_chart_panel(self) -> None:
        if self.chart_panel is None:
            self._make_chart_panel()
        self._feed_charts()
        self.chart_panel.show()
        self.chart_panel.raise_()

    def _feed_charts(self) -> None:
        if self.chart_panel is None or self.session.view is None:
            return
        from ..core.charts import series_colours_from_rules

        self.chart_panel.set_data(self.session.dataset, self.session.shown_mask(), self.session.highlighted_mask(),
                                  series_colours_from_rules(list(self.session.rules)))

    # --- help ------------------------------------------------------------------------------------------

    def show_guide(self) -> None:
        from .guide import GuideDialog
        self.guide = GuideDialog(self.workspace.path, self)
        self.guide.show()

    def show_about(self) -> None:
        from .guide import about_html
        QMessageBox.about(self, f"About {APP_NAME}", about_html())

    # --- the window's layout between runs --------------------------------------------------------------

    def _restore(self) -> None:
        settings = self.settings
        try:
            sort_column, descending = json.loads(settings.value("sort", "[null, false]") or "[null, false]")
        except (TypeError, ValueError):
            sort_column, descending = None, False
        sheet = settings.value("sheet", "all")
        self.session.set_sheet(sheet if sheet in SHEET_CHOICES else "all")
        self.session.set_sort(sort_column if isinstance(sort_column, str) else None, bool(descending))
        self.freeze_action.setChecked(settings.value("freeze_name", "true") in (True, "true"))
        window_state.restore_geometry(self, settings)
        if settings.value("charts_open", "false") in (True, "true"):
            self._make_chart_panel()  # before the panels' state, so its place comes back too
        self._size_docks = not window_state.restore_docks(self, settings)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._size_docks:  # first run: the panels narrow, the table gets the room
            self._size_docks = False
            self.resizeDocks([self.sidebar, self.detail_pane], [SIDEBAR_WIDTH, PERSON_WIDTH],
                             Qt.Orientation.Horizontal)
            QTimer.singleShot(0, self._give_way)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        QTimer.singleShot(0, self._give_way)  # once the layout has placed the table

    def _give_way(self) -> None:
        window_state.give_way(self, [self.sidebar, self.detail_pane], self.table.width(), TABLE_WANTED_WIDTH)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.detail_pane.flush_note()
        self.loader.stop()
        self.exporter.wait()
        self.editing.stop()
        if self.compare_view is not None:
            self.compare_view.stop()
        if self.dataset is not None:
            self.columns.save()
        state = self.session.state
        self.settings.setValue("sort", json.dumps([state.sort_column, state.sort_descending]))
        window_state.save(self, self.settings)
        self.settings.setValue("sheet", state.sheet)
        self.settings.setValue("freeze_name", self.freeze_action.isChecked())
        self.settings.setValue("charts_open", self.chart_panel is not None and self.chart_panel.isVisible())
        self.settings.sync()
        super().closeEvent(event)
