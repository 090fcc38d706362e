"""File › Compare with official list: the open workbook (or an older list) against a list file.

A window beside the main one. Above, what is compared (compare_setup.py); below, a tab per
category with its count, each a list of people with the list's name and id, the score and
the reason in words. Selecting database people selects them in the main table. The
buttons change the working copy through the session (core/lists/updates.py), each
request one undo step, and the comparison is made again after every change of the
working copy (Undo too), so an added person moves from New to Matched and back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QHBoxLayout, QLabel, QListWidget, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget,
)

from ..core.cell_edits import EditRefused
from ..core.lists.comparison import CATEGORIES, CATEGORY_LABELS, CHANGED, DELISTED, NEW, UNCERTAIN, Comparison
from ..core.lists.decisions import ACCEPT, REJECT
from ..core.lists.updates import add_new_people, decide, mark_delisted, take_over
from ..core.session import Change, SessionEvent
from .compare_export import ComparisonExporter
from .compare_runner import NEWER, OLDER, ComparisonRunner
from .compare_setup import CompareSetup
from .compare_tables import ITEM_ROLE, DifferencesList, PeopleList
from .messages import show_message

if TYPE_CHECKING:
    from .main_window import MainWindow

WARNINGS_SHOWN_HEIGHT = 90


class CompareView(QDialog):
    """The comparison of a list with the working copy, or of two lists."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.setObjectName("compareView")
        self.setWindowTitle("Compare with an official list")
        self.session = window.session
        self.resize(1280, 760)
        self.addActions([window.undo_action, window.redo_action])  # Ctrl+Z here undoes here too
        self.runner = ComparisonRunner(self.session, self)
        self._stale = False  # the working copy changed since the comparison shown was made
        self.exporter = ComparisonExporter(self.session, self)
        layout = QVBoxLayout(self)
        self.setup = CompareSetup(self)
        layout.addWidget(self.setup)
        self.summary = QLabel(self)
        self.summary.setObjectName("compareSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.warnings = QListWidget(self)
        self.warnings.setObjectName("compareWarnings")
        self.warnings.setMaximumHeight(WARNINGS_SHOWN_HEIGHT)
        self.warnings.hide()
        layout.addWidget(self.warnings)
        self.tabs = QTabWidget(self)
        self.lists: dict[str, PeopleList] = {}
        self.reasons: dict[str, QLabel] = {}  # under each list: the whole reason of the person chosen
        self.differences = DifferencesList(self)
        for category in CATEGORIES:
            self.tabs.addTab(self._page(category), CATEGORY_LABELS[category])
        layout.addWidget(self.tabs, 1)
        bottom = QHBoxLayout()
        self.status = QLabel(self)
        self.status.setObjectName("compareStatus")
        self.status.setWordWrap(True)
        self.export_button = QPushButton("&Export to Excel…", self)
        self.export_button.clicked.connect(lambda: self.exporter.run(self.runner.comparison))
        close = QPushButton("Close", self)
        close.clicked.connect(self.close)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.export_button)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self._connect()
        self._show(None)

    # --- the parts ----------------------------------------------------------------------------------

    def _page(self, category: str) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        people = PeopleList(category, page)
        self.lists[category] = people
        people.itemSelectionChanged.connect(lambda c=category: self._selected(c))
        if category == CHANGED:
            splitter = QSplitter(Qt.Orientation.Vertical, page)
            splitter.addWidget(people)
            splitter.addWidget(self.differences)
            splitter.setSizes([300, 160])
            self.differences.itemSelectionChanged.connect(self._enable)
            layout.addWidget(splitter)
        else:
            layout.addWidget(people)
        reason = QLabel(page)
        reason.setObjectName(f"compareReason_{category}")
        reason.setWordWrap(True)
        reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reasons[category] = reason
        layout.addWidget(reason)
        row = QHBoxLayout()
        if category == NEW:
            self.add_button = QPushButton("&Add selected to the working copy", page)
            self.add_button.setToolTip("Each filled from the list: name, aliases, date of birth, programs as "
                                       "authorities, the list as a source; one undo step")
            self.add_button.clicked.connect(self.add_selected)
            self.sheet_combo = QComboBox(page)
            self.sheet_combo.setObjectName("compareSheet")
            row.addWidget(self.add_button)
            row.addWidget(QLabel("to the sheet", page))
            row.addWidget(self.sheet_combo)
        elif category == DELISTED:
            self.delist_button = QPushButton("&Mark selected as delisted", page)
            self.delist_button.clicked.connect(self.delist_selected)
            row.addWidget(self.delist_button)
        elif category == CHANGED:
            self.take_over_button = QPushButton("&Take over the selected fields", page)
            self.take_over_button.setToolTip("Write the list's value of each selected field into the working copy")
            self.take_over_button.clicked.connect(self.take_over_selected)
            row.addWidget(self.take_over_button)
        elif category == UNCERTAIN:
            self.accept_button = QPushButton("A&ccept: the same person", page)
            self.reject_button = QPushButton("&Reject: not the same person", page)
            self.accept_button.clicked.connect(lambda: self.decide_selected(ACCEPT))
            self.reject_button.clicked.connect(lambda: self.decide_selected(REJECT))
            row.addWidget(self.accept_button)
            row.addWidget(self.reject_button)
        row.addStretch()
        layout.addLayout(row)
        return page

    def _connect(self) -> None:
        setup, runner = self.setup, self.runner
        setup.list_chosen.connect(lambda path: runner.read(path, NEWER))
        setup.older_chosen.connect(lambda path: runner.read(path, OLDER))
        setup.workbook_chosen.connect(runner.forget_older)
        setup.date_given.connect(runner.give_date)
        setup.scope_chosen.connect(runner.set_scope)
        runner.list_read.connect(lambda _which: self._show_lists())
        runner.date_needed.connect(lambda: self.setup.ask_date(True))
        runner.compared.connect(self._show)
        runner.busy_changed.connect(lambda _busy: self._enable())
        runner.cancelled.connect(lambda what: self.status.setText(
            f"{what} The comparison shown is unchanged." if runner.comparison is not None else what))
        self.exporter.status_message.connect(self.status.setText)
        self._unsubscribe = self.session.subscribe(self._on_session)

    def _on_session(self, event: SessionEvent) -> None:
        if event.changes & Change.DATASET:
            self._fill_sheets()
            if not self.runner.two_lists and self.runner.lists[NEWER] is not None:
                self._stale = True  # the working copy changed (an edit, Undo, another file)
                if self.isVisible():
                    self._compare_again()

    def _compare_again(self) -> None:
        self._stale = False
        self.runner.compare()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._stale:  # the working copy changed while the window was closed
            self._compare_again()

    def _fill_sheets(self) -> None:
        chosen = self.sheet_combo.currentText()
        sheets = self.session.sheet_names() if self.session.dataset is not None else []
        if sheets != [self.sheet_combo.itemText(n) for n in range(self.sheet_combo.count())]:
            self.sheet_combo.clear()
            self.sheet_combo.addItems(sheets)
            if chosen in sheets:
                self.sheet_combo.setCurrentText(chosen)

    # --- showing ---------------------------------------------------------------------------------

    def _show_lists(self) -> None:
        runner = self.runner
        source = self.session.dataset.source if self.session.dataset is not None else None
        self.setup.show_state(runner.lists[NEWER], runner.lists[OLDER], source, runner.scope)
        shown = [w for name in (OLDER, NEWER) if runner.lists[name] is not None for w in runner.lists[name].warnings]
        self.warnings.clear()
        self.warnings.addItems([f"Warning: {w}" for w in shown])
        self.warnings.setVisible(bool(shown))
        self._fill_sheets()

    def _show(self, comparison: Comparison | None) -> None:
        self._show_lists()
        two = comparison is not None and comparison.old_list is not None
        self.differences.set_sides("On the older list" if two else "In the database",
                                   "On the newer list" if two else "On the list")
        for number, category in enumerate(CATEGORIES):
            items = comparison.items.get(category, []) if comparison is not None else []
            self.lists[category].set_items(items)
            label = CATEGORY_LABELS[category]
            self.tabs.setTabText(number, f"{label} ({len(items):,})" if comparison is not None else label)
        if comparison is None:
            self.summary.setText("Choose the official list file (OFAC's sdn.csv set, sdn.xml, SDN_ADVANCED.XML, or "
                                 "OpenSanctions' targets.simple.csv or FollowTheMoney JSON) to compare the open "
                                 "workbook with.")
        else:
            notes = " ".join(comparison.notes)
            self.summary.setText(f"{comparison.in_scope:,} individuals on the list are in scope. {notes}".strip())
        self.delist_button.setText(self._delist_text(comparison))
        self._selected(CHANGED)

    def _delist_text(self, comparison: Comparison | None) -> str:
        day = comparison.list_file.list_date if comparison is not None else None
        return f"&Mark selected as delisted on {day.isoformat()}" if day else "&Mark selected as delisted"

    def _selected(self, category: str) -> None:
        """Show the person in the main table (database people), and the differences of those chosen."""
        chosen = self.lists[category].selected()
        current = self.lists[category].currentItem()
        shown = current.data(0, ITEM_ROLE) if current is not None and current.isSelected() else None
        self.reasons[category].setText(f"{shown.name}: {shown.reason}" if shown is not None else "")
        if category == CHANGED:
            self.differences.set_items(chosen)
        people = [item.person_id for item in chosen if item.person_id is not None]
        if people:
            self.session.select(people, people[0])
            hidden = self.session.current != people[0]
            self.status.setText("That person is not shown in the main table now (a filter or the search hides "
                                "them)." if hidden else "")
        self._enable()

    def _enable(self) -> None:
        database = self.runner.comparison is not None and self.runner.comparison.old_list is None
        ready = database and not self.runner.busy and not self.session.saving
        chosen = {category: self.lists[category].selected() for category in (NEW, DELISTED, UNCERTAIN)}
        self.add_button.setEnabled(ready and bool(chosen[NEW]) and self.sheet_combo.count() > 0)
        self.delist_button.setEnabled(ready and any(not i.already_recorded for i in chosen[DELISTED]))
        self.take_over_button.setEnabled(ready and bool(self.differences.selected()))
        self.accept_button.setEnabled(ready and bool(chosen[UNCERTAIN]) and self.session.workspace is not None)
        self.reject_button.setEnabled(self.accept_button.isEnabled())
        self.export_button.setEnabled(self.runner.comparison is not None and not self.runner.busy)

    # --- what the buttons do ---------------------------------------------------------------------

    def _edit(self, change) -> object:
        """Run a change of the working copy; a refusal is said in one message and nothing changes."""
        try:
            return change()
        except EditRefused as error:
            show_message(self, "The working copy was not changed", str(error))
            return None

    def add_selected(self) -> None:
        comparison, items = self.runner.comparison, self.lists[NEW].selected()
        sheet = self.sheet_combo.currentText() or None
        added = self._edit(lambda: add_new_people(self.session, items, comparison.list_file, sheet))
        if added:
            self.session.select(added, added[0])
            self.status.setText(f"Added {len(added):,} {'person' if len(added) == 1 else 'people'} to {sheet} "
                                "from the list (Edit › Undo takes them all back).")

    def delist_selected(self) -> None:
        comparison, items = self.runner.comparison, self.lists[DELISTED].selected()
        marked = self._edit(lambda: mark_delisted(self.session, items, comparison.list_file))
        if marked:
            self.status.setText(f"Marked {len(marked):,} delisted on {comparison.list_file.list_date.isoformat()} "
                                "(Edit › Undo takes it back).")

    def take_over_selected(self) -> None:
        chosen = self.differences.selected()
        changed = self._edit(lambda: take_over(self.session, chosen))
        if changed:
            self.status.setText(f"Took over the list's values for {changed:,} "
                                f"{'person' if changed == 1 else 'people'} (Edit › Undo takes it back).")
        elif changed == 0:
            self.status.setText("Nothing to take over: the fields selected cannot be taken over as they stand "
                                "(their tooltips say why).")

    def decide_selected(self, decision: str) -> None:
        items = [item for item in self.lists[UNCERTAIN].selected() if item.person_id and item.entry]
        source = self.session.dataset.source if self.session.dataset is not None else None
        if not items or source is None:
            return
        for item in items:
            decide(self.session.workspace, source, item, decision)
        word = "accepted" if decision == ACCEPT else "rejected"
        self.status.setText(f"{word.capitalize()} {len(items):,}; remembered for {source.name} in your workspace.")
        self.runner.compare()

    # --- the window ------------------------------------------------------------------------------

    def stop(self) -> None:
        self.runner.stop()
        self.exporter.wait()
