"""One condition of a highlighting rule as a row of pickers: field, operator, value.

The operators offered fit the field, and the value editor fits the operator; switching
operator keeps what can be kept of the value (a date becomes the start of a range).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QToolButton, QWidget

from ..core.rules import (
    AFTER, ANY_OF, BEFORE, BETWEEN, CONTAINS, EMPTY, IS, IS_NOT, JURISDICTIONS_FIELD, NO, NONE_OF, NOT_CONTAINS,
    NOT_EMPTY, YES, Condition, RuleError, field_label, operators_for, rule_fields,
)
from ..core.schema import FIELDS, Kind
from ..core.view import Dataset
from .rule_values import NoValue, carried_value, make_value_editor

NEW_CONDITION = ("reasons", ANY_OF)

# Operator words where the bare operator would read oddly after the field's label.
_LIST_WORDS = {IS: "includes", IS_NOT: "does not include", CONTAINS: "has an entry containing",
               NOT_CONTAINS: "has no entry containing", ANY_OF: "includes any of", NONE_OF: "includes none of"}
_FLAG_WORDS = {EMPTY: "is unknown", NOT_EMPTY: "is known"}
_LISTING_WORDS = {YES: "yes (listed)", NO: "no (not listed)", BEFORE: "listed before", AFTER: "listed after",
                  BETWEEN: "listed between"}
_JURISDICTIONS_WORDS = {CONTAINS: "all of", EMPTY: "none (U.S. only)", NOT_EMPTY: "at least one"}


def operator_text(field_name: str, operator: str) -> str:
    """How an operator reads in the picker after the field's label."""
    if field_name == JURISDICTIONS_FIELD:
        return _JURISDICTIONS_WORDS.get(operator, operator)
    kind = FIELDS[field_name].kind
    words = {Kind.LIST: _LIST_WORDS, Kind.FLAG: _FLAG_WORDS, Kind.JURISDICTION: _LISTING_WORDS}.get(kind, {})
    return words.get(operator, operator)


def editor_kind(field_name: str, operator: str) -> str:
    """Which value editor a condition needs: none, date, between, text, choice or multi."""
    if operator in (EMPTY, NOT_EMPTY, YES, NO):
        return "none"
    if field_name == JURISDICTIONS_FIELD or operator in (ANY_OF, NONE_OF):
        return "multi"
    kind = FIELDS[field_name].kind
    if kind in (Kind.DATE, Kind.JURISDICTION):
        return "between" if operator == BETWEEN else "date"
    return "choice" if kind is Kind.CHOICE else "text"


class ConditionRow(QWidget):
    """Field, operator and value of one condition, plus a button that removes it."""

    changed = Signal()
    remove_requested = Signal(object)  # self

    def __init__(self, dataset: Dataset | None, condition: Condition | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.dataset = dataset
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.field_combo = QComboBox(self)
        self.field_combo.setObjectName("conditionField")
        for name in rule_fields():
            self.field_combo.addItem(field_label(name), name)
        self.field_combo.setMaxVisibleItems(20)
        self.operator_combo = QComboBox(self)
        self.operator_combo.setObjectName("conditionOperator")
        self.value_editor: QWidget = NoValue(self)
        self._editor_key: tuple[str, str] | None = None
        remove = QToolButton(self)
        remove.setText("✕")
        remove.setToolTip("Remove this condition")
        remove.setAutoRaise(True)
        remove.clicked.connect(lambda: self.remove_requested.emit(self))
        layout.addWidget(self.field_combo, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.operator_combo, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.value_editor, 1)
        layout.addWidget(remove, 0, Qt.AlignmentFlag.AlignTop)
        self._layout = layout

        field_name, operator = (condition.field, condition.operator) if condition else NEW_CONDITION
        self.field_combo.setCurrentIndex(self.field_combo.findData(field_name))
        self._fill_operators(operator)
        self._rebuild_value_editor()
        if condition is not None:
            self.value_editor.set_value(condition.value)
        self.field_combo.currentIndexChanged.connect(self._on_field_changed)
        self.operator_combo.currentIndexChanged.connect(self._on_operator_changed)

    @property
    def field_name(self) -> str:
        return self.field_combo.currentData()

    @property
    def operator(self) -> str:
        return self.operator_combo.currentData()

    def _fill_operators(self, keep: str | None) -> None:
        self.operator_combo.blockSignals(True)
        self.operator_combo.clear()
        for operator in operators_for(self.field_name):
            self.operator_combo.addItem(operator_text(self.field_name, operator), operator)
        self.operator_combo.setCurrentIndex(max(self.operator_combo.findData(keep), 0))
        self.operator_combo.blockSignals(False)

    def _rebuild_value_editor(self) -> None:
        kind = editor_kind(self.field_name, self.operator)
        key = (self.field_name, kind)
        if key == self._editor_key:
            return
        previous = self.value_editor.value() if self._editor_key and self._editor_key[0] == self.field_name else None
        self._editor_key = key
        editor = make_value_editor(kind, self.dataset, self.field_name, self)
        if previous is not None:
            editor.set_value(carried_value(previous, kind))
        editor.setObjectName("conditionValue")
        self._layout.replaceWidget(self.value_editor, editor)
        self.value_editor.deleteLater()
        self.value_editor = editor
        editor.changed.connect(self.changed)

    def _on_field_changed(self, _index: int) -> None:
        self._fill_operators(self.operator)
        self._rebuild_value_editor()
        self.changed.emit()

    def _on_operator_changed(self, _index: int) -> None:
        self._rebuild_value_editor()
        self.changed.emit()

    def condition(self) -> Condition:
        """The condition as edited; RuleError says what is missing or wrong."""
        problem = self.value_editor.problem()
        if problem:
            raise RuleError(problem[:1].lower() + problem[1:])
        return Condition(self.field_name, self.operator, self.value_editor.value())
