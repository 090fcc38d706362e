"""The Criteria dock: highlighting rules with their live counts, and facets for quick filtering.

Both parts show the session's state and send it the analyst's intents; neither keeps
rules or facet choices of its own (the session keeps them, and saves them in the
workspace so they come back next session).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QDockWidget, QHBoxLayout, QLabel, QMenu, QSplitter, QToolButton, \
    QVBoxLayout, QWidget

from ..core.session import Change, Session, SessionEvent
from .facet_tree import FacetTree
from .rule_list import RuleList

ORDER_HINT = "Drag to reorder: a row takes the colour of the first ticked rule it matches."
MANUAL_HINT = "Right-click rows in the table to highlight them by hand."


def hint(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 0.92)
    label.setFont(font)
    label.setStyleSheet("color: palette(placeholder-text);")
    return label


def heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class CriteriaSidebar(QDockWidget):
    """Rules that colour the table, facets that narrow it, and "Show only highlighted"."""

    status_message = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__("Criteria", parent)
        self.setObjectName("criteriaSidebar")
        self.session = session
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
        self.setMinimumWidth(200)
        session.subscribe(self._on_session)
        self._show_state()

    def _build_rules_part(self, parent: QWidget) -> QWidget:
        part = QWidget(parent)
        layout = QVBoxLayout(part)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("Highlighting rules", part))
        self.notice = QLabel(part)
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #B00020;")
        layout.addWidget(self.notice)
        self.rules_list = RuleList(self.session, part)
        self.rules_list.status_message.connect(self.status_message)
        layout.addWidget(self.rules_list, 1)
        layout.addWidget(self.rules_list.unclear_label)

        buttons = QHBoxLayout()
        buttons.setSpacing(2)
        rules = self.rules_list
        for action in (rules.add_action, rules.edit_action, rules.delete_action):
            button = QToolButton(part)
            button.setDefaultAction(action)  # shows the action's short icon text ("Add")
            buttons.addWidget(button)
        buttons.addStretch()
        more = QToolButton(part)
        more.setText("More")
        more.setToolTip("Duplicate, presets, rule files and order")
        more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        more_menu = QMenu(more)
        more_menu.addAction(self.rules_list.duplicate_action)
        self.rules_list.add_file_actions(more_menu)
        more_menu.addSeparator()
        more_menu.addAction(self.rules_list.move_up_action)
        more_menu.addAction(self.rules_list.move_down_action)
        more.setMenu(more_menu)
        buttons.addWidget(more)
        layout.addLayout(buttons)
        layout.addWidget(hint(ORDER_HINT, part))

        self.only_highlighted_box = QCheckBox("Show only highlighted", part)
        self.only_highlighted_box.setObjectName("sidebarOnlyHighlighted")
        self.only_highlighted_box.toggled.connect(self.session.set_only_highlighted)
        layout.addSpacing(4)
        layout.addWidget(self.only_highlighted_box)
        layout.addWidget(hint(MANUAL_HINT, part))
        return part

    def _build_facets_part(self, parent: QWidget) -> QWidget:
        part = QWidget(parent)
        layout = QVBoxLayout(part)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(heading("Filter by", part))
        self.facets_tree = FacetTree(self.session, part)
        layout.addWidget(self.facets_tree, 1)
        layout.addWidget(hint("Counts are of the people shown in the table.", part))
        return part

    def _on_session(self, event: SessionEvent) -> None:
        if event.changes & (Change.FILTERS | Change.RULES):
            self._show_state()

    def _show_state(self) -> None:
        problem = self.session.rules_problem
        self.notice.setText(problem)
        self.notice.setVisible(bool(problem))
        on = self.session.state.only_highlighted
        if self.only_highlighted_box.isChecked() != on:
            self.only_highlighted_box.blockSignals(True)
            self.only_highlighted_box.setChecked(on)
            self.only_highlighted_box.blockSignals(False)
