"""The Criteria dock: highlighting rules with their live counts, and facets for quick filtering.

The sidebar owns the ordered rule list and the facet choices, and keeps both in the
workspace store so they come back next session. It never evaluates rules over the
table itself: the window evaluates them once (core.rules.evaluate) on `rules_changed`
and hands the result back through `show_matches`, and it passes the rows it shows to
`set_facet_counts` so each facet value's count follows the table.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QCheckBox, QDockWidget, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
    QListWidget, QListWidgetItem, QMenu, QMessageBox, QSplitter, QStyle, QStyledItemDelegate,
    QStyleOptionViewItem, QToolButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from ..core.filters import BLANK, FACETS, facet_label
from ..core.rules import (
    Rule, RuleError, RuleFileError, RuleMatches, load_presets, load_rules, rules_from_json, rules_to_json,
    save_rules,
)
from ..core.view import Dataset
from ..core.workspace import Workspace
from .rule_editor import SUGGESTED_COLOURS, RuleEditor, count_people, swatch_icon

RULES_SETTING = "rules"
FACETS_SETTING = "facets"
RULE_FOLDER_SETTING = "rule_file_folder"
FIRST_RUN_ENABLED = "Former commander sanctioned for corruption"
RULE_FILE_FILTER = "Rule files (*.json);;All files (*)"
ORDER_HINT = "Drag to reorder: a row takes the colour of the first ticked rule it matches."
MANUAL_HINT = "Right-click rows in the table to highlight them by hand."
OPEN_FACETS = ("administration", "reasons")  # open at first; the others one click away

RULE_ROLE = Qt.ItemDataRole.UserRole  # the rule's position in the sidebar's list
COUNT_ROLE = Qt.ItemDataRole.UserRole + 1  # "4 people", or "" before counts arrive
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 2  # the conditions in words
FACET_ROLE = Qt.ItemDataRole.UserRole + 3  # on a value item: (facet, value)


def _hint(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 0.92)
    label.setFont(font)
    label.setStyleSheet("color: palette(placeholder-text);")
    return label


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class _RuleDelegate(QStyledItemDelegate):
    """Two lines per rule: its name, then its count and conditions in a quieter colour."""

    PADDING = 4

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt API
        return QSize(200, option.fontMetrics.lineSpacing() * 2 + 3 * self.PADDING)

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        name, opt.text = opt.text, ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        area = area.adjusted(2, self.PADDING, -self.PADDING, -self.PADDING)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        enabled = Qt.CheckState(index.data(Qt.ItemDataRole.CheckStateRole)) == Qt.CheckState.Checked
        text_colour = opt.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        quiet = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        line = opt.fontMetrics.lineSpacing()
        painter.save()
        painter.setPen(text_colour if enabled else opt.palette.color(quiet))
        top = area.adjusted(0, 0, 0, -(area.height() - line))
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         opt.fontMetrics.elidedText(name, Qt.TextElideMode.ElideRight, top.width()))
        count = index.data(COUNT_ROLE) or ""
        detail = index.data(DETAIL_ROLE) or ""
        second = f"{count} · {detail}" if count else detail
        bottom = top.translated(0, line)
        painter.setPen(opt.palette.color(quiet))
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         opt.fontMetrics.elidedText(second, Qt.TextElideMode.ElideRight, bottom.width()))
        painter.restore()


class CriteriaSidebar(QDockWidget):
    """Rules that colour the table, facets that narrow it, and "Show only highlighted"."""

    rules_changed = Signal(list)  # list[Rule], in order, enabled flags included
    facets_changed = Signal(dict)  # facet -> frozenset of chosen values; facets without a choice are absent
    only_highlighted_changed = Signal(bool)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__("Criteria", parent)
        self.setObjectName("criteriaSidebar")
        self.workspace = workspace
        self.dataset: Dataset | None = None
        self._facet_rows: np.ndarray | None = None  # the rows facet counts are over; None = all
        self._facet_values: dict[str, list[tuple[str, int]]] = {}  # per facet, over the whole dataset
        self._counts: dict[tuple, int] = {}
        self._updating = False

        content = QWidget(self)
        splitter = QSplitter(Qt.Orientation.Vertical, content)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_rules_part(splitter))
        splitter.addWidget(self._build_facets_part(splitter))
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)
        self.setWidget(content)
        self.setMinimumWidth(260)

        self._rules, problem = self._saved_rules()
        self._facets: dict[str, frozenset[str]] = self._saved_facets()
        self.notice.setText(problem)
        self.notice.setVisible(bool(problem))
        self._fill_rules()
        self._fill_facets()

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        """Change items without treating the change as the analyst's (nestable)."""
        previous, self._updating = self._updating, True
        try:
            yield
        finally:
            self._updating = previous

    # --- building ---------------------------------------------------------------------------

    def _build_rules_part(self, parent: QWidget) -> QWidget:
        part = QWidget(parent)
        layout = QVBoxLayout(part)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_heading("Highlighting rules", part))
        self.notice = QLabel(part)
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #B00020;")
        layout.addWidget(self.notice)

        self.rules_list = QListWidget(part)
        self.rules_list.setObjectName("rulesList")
        self.rules_list.setItemDelegate(_RuleDelegate(self.rules_list))
        self.rules_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.rules_list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.rules_list.setIconSize(QSize(16, 16))
        self.rules_list.setMinimumHeight(120)
        self.rules_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.rules_list.customContextMenuRequested.connect(self._rules_menu)
        self.rules_list.itemChanged.connect(self._on_rule_item_changed)
        self.rules_list.itemDoubleClicked.connect(lambda _item: self.edit_rule())
        self.rules_list.model().rowsMoved.connect(self._on_rules_moved)
        self.rules_list.currentRowChanged.connect(self._update_actions)
        layout.addWidget(self.rules_list, 1)

        self.add_action = QAction("Add", self, toolTip="Write a new rule")
        self.add_action.triggered.connect(self.add_rule)
        self.edit_action = QAction("Edit", self, toolTip="Edit the selected rule (or double-click it)")
        self.edit_action.triggered.connect(self.edit_rule)
        self.duplicate_action = QAction("Duplicate", self, toolTip="Copy the selected rule, to try a variant")
        self.duplicate_action.triggered.connect(self.duplicate_rule)
        self.delete_action = QAction("Delete", self, toolTip="Delete the selected rule")
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_rule)
        self.rules_list.addAction(self.delete_action)
        self.move_up_action = QAction("Move up", self)
        self.move_up_action.triggered.connect(lambda: self._move_current(-1))
        self.move_down_action = QAction("Move down", self)
        self.move_down_action.triggered.connect(lambda: self._move_current(+1))
        self.preset_menu = QMenu("Add preset", self)
        self.preset_menu.aboutToShow.connect(self._fill_preset_menu)
        self.open_action = QAction("Open rule file…", self, toolTip="Replace these rules with a rule file's")
        self.open_action.triggered.connect(self.open_rule_file)
        self.add_file_action = QAction("Add rules from file…", self, toolTip="Add a rule file's rules after these")
        self.add_file_action.triggered.connect(lambda: self.open_rule_file(add=True))
        self.save_action = QAction("Save rules as…", self, toolTip="Write these rules to a file you can share")
        self.save_action.triggered.connect(self.save_rule_file)

        buttons = QHBoxLayout()
        buttons.setSpacing(2)
        for action in (self.add_action, self.edit_action, self.duplicate_action, self.delete_action):
            button = QToolButton(part)
            button.setDefaultAction(action)
            buttons.addWidget(button)
        buttons.addStretch()
        more = QToolButton(part)
        more.setText("More")
        more.setToolTip("Presets, rule files and order")
        more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        more_menu = QMenu(more)
        self._add_file_actions(more_menu)
        more_menu.addSeparator()
        more_menu.addAction(self.move_up_action)
        more_menu.addAction(self.move_down_action)
        more.setMenu(more_menu)
        buttons.addWidget(more)
        layout.addLayout(buttons)
        layout.addWidget(_hint(ORDER_HINT, part))

        self.only_highlighted_box = QCheckBox("Show only highlighted", part)
        self.only_highlighted_box.setObjectName("sidebarOnlyHighlighted")
        self.only_highlighted_box.toggled.connect(self.only_highlighted_changed)
        layout.addSpacing(4)
        layout.addWidget(self.only_highlighted_box)
        layout.addWidget(_hint(MANUAL_HINT, part))
        return part

    def _add_file_actions(self, menu: QMenu) -> None:
        menu.addMenu(self.preset_menu)
        menu.addAction(self.open_action)
        menu.addAction(self.add_file_action)
        menu.addAction(self.save_action)

    def _build_facets_part(self, parent: QWidget) -> QWidget:
        part = QWidget(parent)
        layout = QVBoxLayout(part)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(_heading("Filter by", part))
        self.facets_tree = QTreeWidget(part)
        self.facets_tree.setObjectName("facetsTree")
        self.facets_tree.setColumnCount(2)
        self.facets_tree.setHeaderHidden(True)
        self.facets_tree.setUniformRowHeights(True)
        header = self.facets_tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.facets_tree.itemChanged.connect(self._on_facet_item_changed)
        self.facets_tree.itemExpanded.connect(self._count_facet)
        layout.addWidget(self.facets_tree, 1)
        layout.addWidget(_hint("Counts are of the people shown in the table.", part))
        return part

    # --- rules: state and persistence --------------------------------------------------------

    def _saved_rules(self) -> tuple[list[Rule], str]:
        """The rules kept in the workspace; on first run the presets, only one of them ticked."""
        saved = self.workspace.get_setting(RULES_SETTING)
        problem = ""
        if saved is not None:
            try:
                return rules_from_json(saved), ""
            except RuleError as error:
                problem = f"Your saved rules could not be read ({error}); the presets were loaded instead."
        try:
            presets = load_presets()
        except RuleFileError as error:
            return [], str(error)
        return [replace(rule, enabled=rule.name == FIRST_RUN_ENABLED) for rule in presets], problem

    def rules(self) -> list[Rule]:
        """The rules in order, enabled flags included."""
        return list(self._rules)

    def set_rules(self, rules: list[Rule]) -> None:
        """Replace every rule (saved, and announced with rules_changed)."""
        self._change_rules(list(rules), self.rules_list.currentRow())

    def _change_rules(self, rules: list[Rule], current: int, refill: bool = True) -> None:
        self._rules = rules
        self.notice.hide()  # a problem with the saved rules is moot once they are changed
        if refill:
            self._fill_rules(current)
        self.workspace.set_setting(RULES_SETTING, rules_to_json(rules))
        self.rules_changed.emit(self.rules())

    def _fill_rules(self, current: int = 0) -> None:
        with self._quietly():
            self.rules_list.clear()
            for position, rule in enumerate(self._rules):
                item = QListWidgetItem(swatch_icon(rule.colour), rule.name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsDragEnabled)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsDropEnabled)
                item.setCheckState(Qt.CheckState.Checked if rule.enabled else Qt.CheckState.Unchecked)
                item.setData(RULE_ROLE, position)
                item.setData(DETAIL_ROLE, rule.describe())
                tip = f"<b>{html.escape(rule.name)}</b><br>{html.escape(rule.describe())}"
                if rule.description:
                    tip += f"<br><i>{html.escape(rule.description)}</i>"
                item.setToolTip(tip)
                self.rules_list.addItem(item)
                self._show_count(item, rule)
        if self._rules:
            self.rules_list.setCurrentRow(min(max(current, 0), len(self._rules) - 1))
        self._update_actions()

    def _show_count(self, item: QListWidgetItem, rule: Rule) -> None:
        count = self._counts.get(_count_key(rule))
        shown = count_people(count) if count is not None else ""
        item.setData(COUNT_ROLE, shown)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{rule.name}, {shown}" if shown else rule.name)

    def show_matches(self, matches: RuleMatches) -> None:
        """Show how many rows each rule matches (the window's evaluation of these rules)."""
        self._counts = {_count_key(rule): count for rule, count in zip(matches.rules, matches.counts())}
        with self._quietly():
            for row, rule in enumerate(self._rules):
                self._show_count(self.rules_list.item(row), rule)

    def _on_rule_item_changed(self, item: QListWidgetItem) -> None:
        if self._updating:
            return
        position = item.data(RULE_ROLE)
        enabled = item.checkState() == Qt.CheckState.Checked
        if self._rules[position].enabled != enabled:
            rules = self.rules()
            rules[position] = replace(rules[position], enabled=enabled)
            self._change_rules(rules, self.rules_list.row(item))

    def _on_rules_moved(self, *_args) -> None:
        """A drag (or Move up/down) reordered the items: reorder the rules to match.

        The items are renumbered in place, not rebuilt: the list is still inside its drop.
        """
        items = [self.rules_list.item(row) for row in range(self.rules_list.count())]
        rules = [self._rules[item.data(RULE_ROLE)] for item in items]
        with self._quietly():
            for position, item in enumerate(items):
                item.setData(RULE_ROLE, position)
        self._change_rules(rules, self.rules_list.currentRow(), refill=False)
        self._update_actions()

    def _move_current(self, step: int) -> None:
        row = self.rules_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.rules_list.count():
            return
        # moveRow's destination is the row the item goes before, so moving down skips one more.
        self.rules_list.model().moveRow(QModelIndex(), row, QModelIndex(), target + (step > 0))
        self.rules_list.setCurrentRow(target)

    def _update_actions(self, *_args) -> None:
        row = self.rules_list.currentRow()
        chosen = 0 <= row < len(self._rules)
        for action in (self.edit_action, self.duplicate_action, self.delete_action):
            action.setEnabled(chosen)
        self.move_up_action.setEnabled(chosen and row > 0)
        self.move_down_action.setEnabled(chosen and row < len(self._rules) - 1)
        self.save_action.setEnabled(bool(self._rules))

    # --- rules: commands ----------------------------------------------------------------------

    def _editor(self, rule: Rule | None) -> RuleEditor:
        used = {r.colour for r in self._rules}
        colour = next((c for c in SUGGESTED_COLOURS if c not in used), SUGGESTED_COLOURS[0])
        return RuleEditor(rule, self.dataset, self, colour=colour)

    def add_rule(self) -> None:
        editor = self._editor(None)
        if editor.exec() == RuleEditor.DialogCode.Accepted:
            self._change_rules([*self._rules, editor.edited_rule()], len(self._rules))

    def edit_rule(self) -> None:
        row = self.rules_list.currentRow()
        if not 0 <= row < len(self._rules):
            return
        editor = self._editor(self._rules[row])
        if editor.exec() == RuleEditor.DialogCode.Accepted:
            rules = self.rules()
            rules[row] = editor.edited_rule()
            self._change_rules(rules, row)

    def duplicate_rule(self) -> None:
        row = self.rules_list.currentRow()
        if not 0 <= row < len(self._rules):
            return
        rules = self.rules()
        rules.insert(row + 1, replace(rules[row], name=f"{rules[row].name} (copy)"))
        self._change_rules(rules, row + 1)

    def delete_rule(self) -> None:
        row = self.rules_list.currentRow()
        if not 0 <= row < len(self._rules):
            return
        answer = QMessageBox.question(self, "Delete rule", f"Delete the rule “{self._rules[row].name}”?",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self._change_rules([r for i, r in enumerate(self._rules) if i != row], row)

    def _fill_preset_menu(self) -> None:
        self.preset_menu.clear()
        try:
            presets = load_presets()
        except RuleFileError as error:
            self.preset_menu.addAction(str(error)).setEnabled(False)
            return
        for preset in presets:
            action = self.preset_menu.addAction(swatch_icon(preset.colour), preset.name)
            action.setToolTip(preset.describe())
            action.triggered.connect(lambda _=False, r=preset: self.add_preset(r))

    def add_preset(self, preset: Rule) -> None:
        self._change_rules([*self._rules, preset], len(self._rules))

    def _rule_folder(self) -> str:
        return self.workspace.get_setting(RULE_FOLDER_SETTING) or str(Path.home())

    def open_rule_file(self, add: bool = False) -> None:
        """Load a rule file, replacing the rules (or after them); a faulty file changes nothing."""
        title = "Add rules from a file" if add else "Open a rule file"
        path, _ = QFileDialog.getOpenFileName(self, title, self._rule_folder(), RULE_FILE_FILTER)
        if not path:
            return
        try:
            loaded = load_rules(path)
        except RuleFileError as error:
            QMessageBox.warning(self, "Could not open the rule file", str(error))
            return
        self.workspace.set_setting(RULE_FOLDER_SETTING, str(Path(path).parent))
        self._change_rules([*self._rules, *loaded] if add else loaded, len(self._rules) if add else 0)

    def save_rule_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save rules as", str(Path(self._rule_folder()) / "rules.json"),
                                              RULE_FILE_FILTER)
        if not path:
            return
        path = Path(path) if Path(path).suffix else Path(path).with_suffix(".json")
        try:
            save_rules(path, self._rules)
        except RuleFileError as error:
            QMessageBox.warning(self, "Could not save the rule file", str(error))
            return
        self.workspace.set_setting(RULE_FOLDER_SETTING, str(path.parent))

    def _rules_menu(self, position) -> None:
        menu = QMenu(self)
        for action in (self.add_action, self.edit_action, self.duplicate_action, self.delete_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.move_up_action)
        menu.addAction(self.move_down_action)
        menu.addSeparator()
        self._add_file_actions(menu)
        menu.exec(self.rules_list.viewport().mapToGlobal(position))

    # --- show only highlighted ----------------------------------------------------------------

    def set_only_highlighted(self, on: bool) -> None:
        """Follow the window's own checkbox without announcing it back (no loop)."""
        self.only_highlighted_box.blockSignals(True)
        self.only_highlighted_box.setChecked(on)
        self.only_highlighted_box.blockSignals(False)

    # --- facets -------------------------------------------------------------------------------

    def _saved_facets(self) -> dict[str, frozenset[str]]:
        saved = self.workspace.get_setting(FACETS_SETTING) or {}
        if not isinstance(saved, dict):
            return {}
        return {facet: frozenset(str(v) for v in values) for facet, values in saved.items()
                if facet in FACETS and isinstance(values, list) and values}

    def facets(self) -> dict[str, frozenset[str]]:
        """The values chosen per facet; a facet with nothing chosen is absent (no filter)."""
        return dict(self._facets)

    def set_facets(self, facets: dict[str, frozenset[str]]) -> None:
        """Show these choices (e.g. after "Clear all filters") and save them; not announced back."""
        self._facets = {f: frozenset(v) for f, v in facets.items() if f in FACETS and v}
        self._save_facets()
        self._fill_facets()

    def _save_facets(self) -> None:
        self.workspace.set_setting(FACETS_SETTING, {f: sorted(v) for f, v in self._facets.items()})

    def set_dataset(self, dataset: Dataset | None) -> None:
        """The loaded data: the rule editor's pickers and previews, and the facets' values."""
        self.dataset = dataset
        self._counts = {}
        self._facet_rows = None
        self._facet_values = {f: dataset.values(f).counts() for f in FACETS} if dataset is not None else {}
        self._fill_rules(self.rules_list.currentRow())
        self._fill_facets()

    def set_facet_counts(self, rows: np.ndarray | None) -> None:
        """Count each facet value over these rows (a boolean mask or positions; None = all).

        Only open facets are counted now, a closed one when it is opened: counting every
        facet on each change of the table costs about a second on 200,000 rows.
        """
        self._facet_rows = rows
        for top in self._facet_items():
            if top.isExpanded():
                self._count_facet(top)

    def _count_facet(self, top: QTreeWidgetItem) -> None:
        if self.dataset is None or top.parent() is not None:
            return
        counts = dict(self.dataset.values(top.data(0, FACET_ROLE)).counts(self._facet_rows))
        with self._quietly():
            for child in (top.child(i) for i in range(top.childCount())):
                self._show_facet_count(child, counts.get(child.data(0, FACET_ROLE)[1], 0))

    def _show_facet_count(self, item: QTreeWidgetItem, count: int) -> None:
        item.setText(1, f"{count:,}")
        role = QPalette.ColorRole.Text if count else QPalette.ColorRole.PlaceholderText
        colour = self.facets_tree.palette().color(role)
        item.setForeground(0, colour)
        item.setForeground(1, colour)

    def _facet_items(self) -> list[QTreeWidgetItem]:
        return [self.facets_tree.topLevelItem(i) for i in range(self.facets_tree.topLevelItemCount())]

    def _fill_facets(self) -> None:
        """One branch per facet: the values present in the data (and any chosen value that is not)."""
        tops = self._facet_items()
        expanded = {top.data(0, FACET_ROLE) for top in tops if top.isExpanded()} if tops else set(OPEN_FACETS)
        with self._quietly():
            self.facets_tree.clear()
            bold = QFont(self.facets_tree.font())
            bold.setBold(True)
            for facet in FACETS:
                top = QTreeWidgetItem(self.facets_tree, [facet_label(facet)])
                top.setData(0, FACET_ROLE, facet)
                top.setFont(0, bold)
                top.setFlags(Qt.ItemFlag.ItemIsEnabled)
                chosen = self._facets.get(facet, frozenset())
                present = self._facet_values.get(facet, [])
                values = [*present, *((v, 0) for v in sorted(chosen - {v for v, _ in present}))]
                for value, count in values:
                    child = QTreeWidgetItem(top, [value if value != BLANK else "(blank)"])
                    child.setData(0, FACET_ROLE, (facet, value))
                    child.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                    child.setCheckState(0, Qt.CheckState.Checked if value in chosen else Qt.CheckState.Unchecked)
                    child.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self._show_facet_count(child, count)
                top.setExpanded(facet in expanded or bool(chosen))
                self._show_facet_state(top)

    def _show_facet_state(self, top: QTreeWidgetItem) -> None:
        """The facet's "Clear" link, shown only while some of its values are ticked."""
        facet = top.data(0, FACET_ROLE)
        chosen = self._facets.get(facet)
        if not chosen:
            self.facets_tree.removeItemWidget(top, 1)
            top.setText(0, facet_label(facet))
            return
        top.setText(0, f"{facet_label(facet)} ({len(chosen)})")
        if self.facets_tree.itemWidget(top, 1) is None:
            link = QLabel('<a href="clear">Clear</a>', self.facets_tree)
            link.setObjectName(f"clear_{facet}")
            link.setContentsMargins(0, 0, 6, 0)
            link.setToolTip(f"Stop filtering by {facet_label(facet).lower()}")
            link.linkActivated.connect(lambda _link, f=facet: self.clear_facet(f))
            self.facets_tree.setItemWidget(top, 1, link)

    def clear_facet(self, facet: str) -> None:
        if facet in self._facets:
            self.set_facets({f: values for f, values in self._facets.items() if f != facet})
            self.facets_changed.emit(self.facets())

    def _on_facet_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._updating or column != 0 or item.parent() is None:
            return
        facet, _value = item.data(0, FACET_ROLE)
        top = item.parent()
        chosen = frozenset(top.child(i).data(0, FACET_ROLE)[1] for i in range(top.childCount())
                           if top.child(i).checkState(0) == Qt.CheckState.Checked)
        if chosen:
            self._facets[facet] = chosen
        else:
            self._facets.pop(facet, None)
        self._save_facets()
        self._show_facet_state(top)
        self.facets_changed.emit(self.facets())


def _count_key(rule: Rule) -> tuple:
    """What a rule's count depends on: its conditions and how they combine, not its name or colour."""
    return rule.match, rule.conditions
