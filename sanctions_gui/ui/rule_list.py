"""The highlighting rules as the sidebar lists them: ticked or not, in order, with counts.

The list shows the session's rules and what they match ("4 match, 5 unclear"); every
change the analyst makes here (tick, drag, add, edit, duplicate, delete, rule files) is
an intent to the session, so it can be undone. The actions also sit in the window's
Rules menu, with their shortcuts.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QLabel, QListWidget, QListWidgetItem, QMenu, QStyle,
    QStyledItemDelegate, QStyleOptionViewItem, QWidget,
)

from ..core.rule_intents import quoted
from ..core.rules import (
    Rule, RuleFileError, RuleSet, load_preset_sets, load_presets, load_rule_set, match_summary, save_rules,
)
from ..core.session import Change, Session, SessionEvent
from .file_dialogs import open_path, save_path
from .messages import show_message
from .quiet import quietly
from .swatches import SUGGESTED_COLOURS, swatch_icon

if TYPE_CHECKING:
    from .rule_editor import RuleEditor

RULE_FILE_FILTER = "Rule files (*.json);;All files (*)"
RULE_ROLE = Qt.ItemDataRole.UserRole  # the rule's position in the session's list
COUNT_ROLE = Qt.ItemDataRole.UserRole + 1  # "4 match, 5 unclear", or "" before counts arrive
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 2  # the conditions in words
TIP_ROLE = Qt.ItemDataRole.UserRole + 3  # the tooltip under its first line (name and counts)


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


class RuleList(QListWidget):
    """The session's rules; its actions are intents to the session."""

    status_message = Signal(str)  # a sentence for the status bar ("Saved 7 rules to …")

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("rulesList")
        self.setItemDelegate(_RuleDelegate(self))
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setIconSize(QSize(16, 16))
        self.setMinimumHeight(120)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # names elide instead
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self._in_drop = False
        self._build_actions()
        self.itemChanged.connect(self._on_item_changed)
        self.itemDoubleClicked.connect(lambda _item: self.edit_rule())
        self.model().rowsMoved.connect(self._on_rows_moved)
        self.currentRowChanged.connect(self._update_actions)
        self.unclear_label = QLabel(self)  # placed by the sidebar, under the list
        self.unclear_label.setObjectName("unclearLink")
        self.unclear_label.setWordWrap(True)
        self.unclear_label.linkActivated.connect(lambda _link: self.list_unclear())
        self.currentRowChanged.connect(self._show_unclear)
        session.subscribe(self._on_session)
        self._fill()

    # --- actions ----------------------------------------------------------------------------

    def _action(self, text: str, tip: str, slot, shortcut: str | QKeySequence | None = None) -> QAction:
        action = QAction(text, self, toolTip=tip)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        return action

    def _build_actions(self) -> None:
        self.add_action = self._action("&Add rule…", "Write a new rule", self.add_rule, "Ctrl+Shift+N")
        self.edit_action = self._action("&Edit rule…", "Edit the selected rule (or double-click it)",
                                        self.edit_rule, "Ctrl+Shift+E")
        self.duplicate_action = self._action("D&uplicate rule", "Copy the selected rule, to try a variant",
                                             self.duplicate_rule, "Ctrl+Shift+D")
        self.delete_action = self._action("&Delete rule", "Delete the selected rule (Undo brings it back)",
                                          self.delete_rule, QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.addAction(self.delete_action)
        self.move_up_action = self._action("Move rule &up", "Earlier rules colour first",
                                           lambda: self._move_current(-1), "Ctrl+Shift+Up")
        self.move_down_action = self._action("Move rule do&wn", "Later rules colour only rows earlier ones leave",
                                             lambda: self._move_current(+1), "Ctrl+Shift+Down")
        self.preset_menu = QMenu("Add &preset", self)
        self.preset_menu.aboutToShow.connect(self._fill_preset_menu)
        self.preset_set_menu = QMenu("Open preset rule se&t", self)
        self.preset_set_menu.setToolTip("Replace these rules with a shipped set, shown on its sheet and dates")
        self.preset_set_menu.aboutToShow.connect(self._fill_preset_set_menu)
        self.open_action = self._action("&Open rule file…", "Replace these rules with a rule file's",
                                        self.open_rule_file)
        self.add_file_action = self._action("Add rules from &file…", "Add a rule file's rules after these",
                                            lambda: self.open_rule_file(add=True))
        self.save_action = self._action("&Save rules as…", "Write these rules to a file you can share",
                                        self.save_rule_file, "Ctrl+Shift+S")

        for action, short in zip((self.add_action, self.edit_action, self.duplicate_action, self.delete_action),
                                 ("Add", "Edit", "Duplicate", "Delete")):
            action.setIconText(short)  # what the sidebar's buttons show

    def edit_actions(self) -> list[QAction]:
        return [self.add_action, self.edit_action, self.duplicate_action, self.delete_action,
                self.move_up_action, self.move_down_action]

    def add_file_actions(self, menu: QMenu) -> None:
        menu.addMenu(self.preset_menu)
        menu.addMenu(self.preset_set_menu)
        menu.addAction(self.open_action)
        menu.addAction(self.add_file_action)
        menu.addAction(self.save_action)

    # --- showing the session's rules ---------------------------------------------------------

    def _on_session(self, event: SessionEvent) -> None:
        if event.changes & (Change.RULES | Change.DATASET):
            if self._in_drop:  # the list is inside its own drop: rebuild it once the drop is over
                QTimer.singleShot(0, self._fill)
            else:
                self._fill()
        elif event.changes & (Change.VIEW | Change.FILTERS | Change.CELLS):
            self._show_counts()

    def _fill(self, current: int | None = None) -> None:
        rules = self.session.rules
        current = self.currentRow() if current is None else current
        with quietly(self):
            self.clear()
            for position, rule in enumerate(rules):
                item = QListWidgetItem(swatch_icon(rule.colour), rule.name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsDragEnabled)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsDropEnabled)
                item.setCheckState(Qt.CheckState.Checked if rule.enabled else Qt.CheckState.Unchecked)
                item.setData(RULE_ROLE, position)
                item.setData(DETAIL_ROLE, rule.describe())
                tip = html.escape(rule.describe())
                if rule.description:
                    tip += f"<br><i>{html.escape(rule.description)}</i>"
                item.setData(TIP_ROLE, tip)
                self.addItem(item)
        self._show_counts()
        if rules:
            self.setCurrentRow(min(max(current, 0), len(rules) - 1))
        self._update_actions()
        self._show_unclear()

    def _show_counts(self) -> None:
        """Each rule's count of the people shown ("16 match · 61 in all" when the table shows
        fewer people than the workbook has), updated in place as the view changes."""
        counts, shown = self.session.rule_counts()
        among = f" of the {shown:,} people shown" if shown is not None else ""
        for position in range(self.count()):
            item = self.item(position)
            rule = self.session.rules[position] if position < len(self.session.rules) else None
            counted = counts[position] if rule is not None and position < len(counts) else None
            count = match_summary(counted.matched, counted.unclear, counted.in_all) if counted else ""
            item.setData(COUNT_ROLE, count)
            name = rule.name if rule is not None else item.text()
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{name}, {count}" if count else name)
            summary = ""  # the sidebar may cut the count short: the tooltip says it whole
            if counted:
                summary = f"<br>{match_summary(counted.matched, counted.unclear)}{among}"
                if counted.in_all is not None:
                    summary += f"; {counted.in_all:,} in the whole workbook"
            item.setToolTip(f"<b>{html.escape(name)}</b>{summary}<br>{item.data(TIP_ROLE) or ''}")
        self._show_unclear()

    def _show_unclear(self, *_args) -> None:
        """Under the list: how many of the people shown the current rule cannot decide, and a
        link to them."""
        row = self.currentRow()
        unclear_rows = self.session.unclear_shown(row)
        unclear = int(unclear_rows.sum()) if unclear_rows is not None else 0
        if unclear:
            who, name = "person" if unclear == 1 else "people", html.escape(quoted(self.session.rules[row].name))
            self.unclear_label.setText(f"{unclear:,} {who} unclear for {name}"
                                       ' (a yes / no value not recorded): <a href="list">list them</a>')
        self.unclear_label.setVisible(bool(unclear))

    def list_unclear(self) -> None:
        """Show in the table the people the current rule cannot decide."""
        row = self.currentRow()
        unclear = self.session.unclear_shown(row)
        if unclear is not None:
            self.session.show_people(unclear, f"unclear for rule {quoted(self.session.rules[row].name)}")

    def _update_actions(self, *_args) -> None:
        row, count = self.currentRow(), len(self.session.rules)
        chosen = 0 <= row < count
        for action in (self.edit_action, self.duplicate_action, self.delete_action):
            action.setEnabled(chosen)
        self.move_up_action.setEnabled(chosen and row > 0)
        self.move_down_action.setEnabled(chosen and row < count - 1)
        self.save_action.setEnabled(bool(count))

    # --- the analyst's changes ------------------------------------------------------------------

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        position = item.data(RULE_ROLE)
        enabled = item.checkState() == Qt.CheckState.Checked
        if self.session.rules[position].enabled != enabled:
            self.session.set_rule_enabled(position, enabled)

    def _on_rows_moved(self, *_args) -> None:
        """A drag (or Move up/down) reordered the items: reorder the rules to match."""
        order = [self.item(row).data(RULE_ROLE) for row in range(self.count())]
        rules = [self.session.rules[position] for position in order]
        moved = next((rules[i] for i, position in enumerate(order) if position != i), None)
        self._in_drop = True
        try:
            self.session.set_rules(rules, f"move rule {quoted(moved.name)}" if moved else "reorder rules")
        finally:
            self._in_drop = False

    def _move_current(self, step: int) -> None:
        row = self.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.count():
            return
        self.session.move_rule(row, target)
        self.setCurrentRow(target)

    def _editor(self, rule: Rule | None) -> RuleEditor:
        from .rule_editor import RuleEditor  # its pickers load when first used, not before the table shows

        used = {r.colour for r in self.session.rules}
        colour = next((c for c in SUGGESTED_COLOURS if c not in used), SUGGESTED_COLOURS[0])
        return RuleEditor(rule, self.session.dataset, self, colour=colour)

    def add_rule(self) -> None:
        editor = self._editor(None)
        if editor.exec() == editor.DialogCode.Accepted:
            self.session.add_rule(editor.edited_rule())
            self.setCurrentRow(self.count() - 1)

    def edit_rule(self) -> None:
        row = self.currentRow()
        if not 0 <= row < len(self.session.rules):
            return
        editor = self._editor(self.session.rules[row])
        if editor.exec() == editor.DialogCode.Accepted:
            self.session.update_rule(row, editor.edited_rule())

    def duplicate_rule(self) -> None:
        row = self.currentRow()
        if 0 <= row < len(self.session.rules):
            self.session.duplicate_rule(row)
            self.setCurrentRow(row + 1)

    def delete_rule(self) -> None:
        """Delete the current rule at once: Edit › Undo brings it back."""
        row = self.currentRow()
        if 0 <= row < len(self.session.rules):
            name = self.session.rules[row].name
            self.session.delete_rule(row)
            self.status_message.emit(f"Deleted the rule {quoted(name)}. Edit › Undo brings it back.")

    @staticmethod
    def _fill_from_presets(menu: QMenu, load, entry) -> None:
        """One action per shipped preset that `load()` gives, made by `entry(menu, preset)`; a
        faulty preset file is said in the menu instead."""
        menu.clear()
        try:
            presets = load()
        except RuleFileError as error:
            menu.addAction(str(error)).setEnabled(False)
            return
        for preset in presets:
            entry(menu, preset).setToolTip(preset.describe())

    def _fill_preset_menu(self) -> None:
        def entry(menu: QMenu, preset: Rule) -> QAction:
            action = menu.addAction(swatch_icon(preset.colour), preset.name)
            action.triggered.connect(lambda _=False: self.session.add_rule(preset))
            return action
        self._fill_from_presets(self.preset_menu, load_presets, entry)

    def _fill_preset_set_menu(self) -> None:
        def entry(menu: QMenu, rule_set: RuleSet) -> QAction:
            action = menu.addAction(rule_set.name)
            what = f"the rule set {quoted(rule_set.name)}"
            action.triggered.connect(lambda _=False: self.open_rule_set(rule_set, what))
            return action
        self._fill_from_presets(self.preset_set_menu, load_preset_sets, entry)

    def open_rule_file(self, add: bool = False) -> None:
        """Load a rule file, replacing the rules (or after them); a faulty file changes nothing."""
        title = "Add rules from a file" if add else "Open a rule file"
        path = open_path(self, "rules", title, RULE_FILE_FILTER)
        if path is None:
            return
        try:
            rule_set = load_rule_set(path)
        except RuleFileError as error:
            show_message(self, "Could not open the rule file", str(error))
            return
        self.open_rule_set(rule_set, f"the rule file {quoted(path.name)}", add)

    def open_rule_set(self, rule_set: RuleSet, what: str, add: bool = False) -> None:
        """Replace the rules with a set's (or add them), showing its view: one step Undo takes back."""
        if not self.session.open_rule_set(rule_set, f"{'add the rules of' if add else 'open'} {what}", add):
            self.status_message.emit(f"The rules of {what} are the ones in use already: nothing changed.")
            return
        count = len(rule_set.rules)
        view = f"; shown: {rule_set.view.describe()}" if rule_set.view is not None else ""
        self.status_message.emit(f"{'Added' if add else 'Opened'} {count:,} rule{'s' if count != 1 else ''} "
                                 f"from {what}{view}. Edit › Undo takes {'them' if count != 1 else 'it'} back.")

    def save_rule_file(self) -> None:
        path = save_path(self, "rules", "Save rules as", "rules.json", RULE_FILE_FILTER)
        if path is None:
            return
        path = path if path.suffix else path.with_suffix(".json")
        view = self.session.rules_view
        try:
            save_rules(path, self.session.rules, view)
        except RuleFileError as error:
            show_message(self, "Could not save the rule file", str(error))
            return
        count = len(self.session.rules)
        kept = f", with the view they were opened with ({view.describe()})" if view is not None else ""
        self.status_message.emit(f"Saved {count:,} rule{'s' if count != 1 else ''} to {path}{kept}.")

    def _menu(self, position) -> None:
        menu = QMenu(self)
        for action in self.edit_actions()[:4]:
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.move_up_action)
        menu.addAction(self.move_down_action)
        menu.addSeparator()
        self.add_file_actions(menu)
        menu.exec(self.viewport().mapToGlobal(position))
