"""The dialog that edits one highlighting rule, with a live count of the people it matches.

Each condition is a row of pickers: a field, an operator that fits the field, and a value
editor that fits the operator (dates get calendars, text fields offer the values present
in the loaded data). The rule is rebuilt through the core's `Rule` and `Condition` on
every edit, so the dialog refuses exactly what a rule file would refuse, with the same
plain message.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox, QColorDialog, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QFrame,
    QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMenu, QPlainTextEdit, QPushButton,
    QScrollArea, QSizePolicy, QToolButton, QVBoxLayout, QWidget, QWidgetAction,
)

from ..core.rules import (
    AFTER, ANY_OF, BEFORE, BETWEEN, CONTAINS, EMPTY, IS, IS_NOT, JURISDICTIONS_FIELD, MATCH_ALL, MATCH_ANY,
    NO, NONE_OF, NOT_CONTAINS, NOT_EMPTY, YES, Condition, Rule, RuleError, field_label, field_values,
    operators_for, rule_fields, rule_mask,
)
from ..core.schema import FIELDS, JURISDICTIONS, Kind
from ..core.view import Dataset

# Light fills keep dark table text readable; the first is the colour staff already use.
SUGGESTED_COLOURS = ("#FFFF00", "#FFE699", "#C6EFCE", "#BDD7EE", "#F8CBAD", "#FFC7CE", "#D9D2E9", "#D9D9D9")
PREVIEW_DELAY_MS = 120
MAX_PICKER_VALUES = 1000
NEW_CONDITION = ("reasons", ANY_OF)
FALLBACK_FIRST_DAY = dt.date(2009, 1, 20)

# Operator words where the bare operator would read oddly after the field's label.
_LIST_WORDS = {IS: "includes", IS_NOT: "does not include", CONTAINS: "has an entry containing",
               NOT_CONTAINS: "has no entry containing", ANY_OF: "includes any of", NONE_OF: "includes none of"}
_FLAG_WORDS = {EMPTY: "is unknown", NOT_EMPTY: "is known"}
_LISTING_WORDS = {YES: "yes (listed)", NO: "no (not listed)", BEFORE: "listed before", AFTER: "listed after",
                  BETWEEN: "listed between"}
_JURISDICTIONS_WORDS = {CONTAINS: "all of", EMPTY: "none (U.S. only)", NOT_EMPTY: "at least one"}


def count_people(n: int) -> str:
    return f"{n:,} {'person' if n == 1 else 'people'}"


def swatch_icon(colour: str, size: int = 16) -> QIcon:
    """A filled square with a thin grey edge, so pale colours still show on a white list."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    painter = QPainter(pixmap)
    painter.setPen(QColor("#808080"))
    painter.drawRect(0, 0, size - 1, size - 1)
    painter.end()
    icon = QIcon(pixmap)
    icon.addPixmap(pixmap, QIcon.Mode.Selected)  # the true colour on a selected row, not a tint
    return icon


def operator_text(field_name: str, operator: str) -> str:
    """How an operator reads in the picker after the field's label."""
    if field_name == JURISDICTIONS_FIELD:
        return _JURISDICTIONS_WORDS.get(operator, operator)
    kind = FIELDS[field_name].kind
    words = {Kind.LIST: _LIST_WORDS, Kind.FLAG: _FLAG_WORDS, Kind.JURISDICTION: _LISTING_WORDS}.get(kind, {})
    return words.get(operator, operator)


def _editor_kind(field_name: str, operator: str) -> str:
    """Which value editor a condition needs: none, date, between, text, choice or multi."""
    if operator in (EMPTY, NOT_EMPTY, YES, NO):
        return "none"
    if field_name == JURISDICTIONS_FIELD or operator in (ANY_OF, NONE_OF):
        return "multi"
    kind = FIELDS[field_name].kind
    if kind in (Kind.DATE, Kind.JURISDICTION):
        return "between" if operator == BETWEEN else "date"
    return "choice" if kind is Kind.CHOICE else "text"


def _choices(dataset: Dataset | None, field_name: str) -> list[tuple[str, str, int | None]]:
    """(value, text shown, rows holding it) for a picker: the vocabulary first, then the data's
    values, most common first. Counts are None when no data is loaded."""
    if field_name == JURISDICTIONS_FIELD:
        counts = dict(field_values(dataset.frame, field_name)) if dataset is not None else {}
        return [(j.name, j.label, counts.get(j.name, 0) if dataset is not None else None) for j in JURISDICTIONS]
    counts = dict(field_values(dataset.frame, field_name)) if dataset is not None else {}
    vocabulary = FIELDS[field_name].vocabulary
    values = [*vocabulary, *(v for v in counts if v not in vocabulary)][:MAX_PICKER_VALUES]
    return [(v, v, counts.get(v, 0) if dataset is not None else None) for v in values]


def _with_count(text: str, count: int | None) -> str:
    return text if count is None else f"{text}  ({count:,})"


def _date_bounds(dataset: Dataset | None, field_name: str) -> tuple[dt.date, dt.date]:
    """The earliest and latest date in the field's column: a between that starts by matching all."""
    today = dt.date.today()
    if dataset is None:
        return FALLBACK_FIRST_DAY, today
    spec = FIELDS[field_name]
    dates = dataset.frame[spec.date_column if spec.kind is Kind.JURISDICTION else field_name].dropna()
    if dates.empty:
        return FALLBACK_FIRST_DAY, today
    return pd.Timestamp(dates.min()).date(), pd.Timestamp(dates.max()).date()


# --- value editors --------------------------------------------------------------------------
# Each has `changed`, `value()` (what a Condition takes) and `set_value()`.


class _NoValue(QWidget):
    changed = Signal()

    def value(self) -> None:
        return None

    def set_value(self, _value: object) -> None:
        pass


class _DateValue(QWidget):
    """One date, or two ("between", both days included)."""

    changed = Signal()

    def __init__(self, between: bool, bounds: tuple[dt.date, dt.date], parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edits: list[QDateEdit] = []
        for position, day in enumerate(bounds if between else bounds[:1]):
            if position:
                layout.addWidget(QLabel("and"))
            edit = QDateEdit(QDate(day), self)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setMinimumDate(QDate(1900, 1, 1))
            edit.dateChanged.connect(self.changed)
            layout.addWidget(edit)
            self.edits.append(edit)
        layout.addStretch()

    def value(self) -> dt.date | tuple[dt.date, dt.date]:
        days = tuple(edit.date().toPython() for edit in self.edits)
        return days if len(days) == 2 else days[0]

    def set_value(self, value: object) -> None:
        days = value if isinstance(value, tuple) else (value,) * len(self.edits)
        for edit, day in zip(self.edits, days):
            if isinstance(day, dt.date):
                edit.setDate(QDate(day))


class _TextValue(QComboBox):
    """A word or phrase, typed or picked from the values present in the data."""

    changed = Signal()

    def __init__(self, choices: list[tuple[str, str, int | None]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems([value for value, _text, _count in choices])
        self.setCurrentIndex(-1)
        self.lineEdit().setPlaceholderText("Type or pick a value")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumContentsLength(12)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.editTextChanged.connect(self.changed)

    def value(self) -> str:
        return self.currentText()

    def set_value(self, value: object) -> None:
        self.setEditText(value if isinstance(value, str) else "")


class _ChoiceValue(QComboBox):
    """One value of a closed vocabulary (administration, security status, gender)."""

    changed = Signal()

    def __init__(self, choices: list[tuple[str, str, int | None]], parent: QWidget | None = None):
        super().__init__(parent)
        for value, text, count in choices:
            self.addItem(_with_count(text, count), value)
        self.currentIndexChanged.connect(self.changed)

    def value(self) -> str:
        return self.currentData() or ""

    def set_value(self, value: object) -> None:
        index = self.findData(value)
        if index >= 0:
            self.setCurrentIndex(index)


class _MultiValue(QPushButton):
    """Several values, ticked in a drop-down list of those present in the data.

    Text fields also take a typed value that the data does not hold (yet).
    """

    changed = Signal()

    def __init__(self, choices: list[tuple[str, str, int | None]], allow_other: bool,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setStyleSheet("text-align: left; padding: 3px 6px;")
        self._texts = {value: text for value, text, _count in choices}
        menu = QMenu(self)
        holder = QWidget(menu)
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(6, 6, 6, 6)
        self.list = QListWidget(holder)
        self.list.setMinimumWidth(260)
        for value, text, count in choices:
            self._add_item(value, _with_count(text, count), checked=False)
        rows_shown = max(min(len(choices), 12), 3)
        row_height = max(self.list.sizeHintForRow(0), self.fontMetrics().lineSpacing() + 4)  # -1 when empty
        self.list.setFixedHeight(row_height * rows_shown + 2 * self.list.frameWidth() + 4)
        layout.addWidget(self.list)
        self.other: QLineEdit | None = None
        if allow_other:
            self.other = QLineEdit(holder)
            self.other.setPlaceholderText("Another value, then Enter")
            self.other.returnPressed.connect(self._add_other)
            layout.addWidget(self.other)
        action = QWidgetAction(menu)
        action.setDefaultWidget(holder)
        menu.addAction(action)
        self.setMenu(menu)
        self.list.itemChanged.connect(self._on_item_changed)
        self._show_chosen()

    def _add_item(self, value: str, text: str, checked: bool) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.list.addItem(item)
        return item

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(row) for row in range(self.list.count())]

    def _add_other(self) -> None:
        text = self.other.text().strip()
        if text:
            self.set_value([*self.value(), text])
            self.other.clear()

    def _on_item_changed(self, _item: QListWidgetItem) -> None:
        self._show_chosen()
        self.changed.emit()

    def value(self) -> list[str]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self._items()
                if item.checkState() == Qt.CheckState.Checked]

    def set_value(self, value: object) -> None:
        wanted = [value] if isinstance(value, str) else list(value or ())
        self.list.blockSignals(True)
        present = {item.data(Qt.ItemDataRole.UserRole): item for item in self._items()}
        for value_text in wanted:
            if value_text not in present:
                present[value_text] = self._add_item(value_text, value_text, checked=False)
        for value_text, item in present.items():
            item.setCheckState(Qt.CheckState.Checked if value_text in wanted else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._show_chosen()
        self.changed.emit()

    def _show_chosen(self) -> None:
        chosen = ", ".join(self._texts.get(v, v) for v in self.value())
        self.setToolTip(chosen)
        width = max(self.width() - 36, 60)
        self.setText(self.fontMetrics().elidedText(chosen, Qt.TextElideMode.ElideRight, width) or "Choose…")

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._show_chosen()


def _carried_value(value: object, kind: str) -> object:
    """The previous editor's value in the shape the new editor takes, so little is lost
    when the operator changes (a date becomes the start of a range, a word the first item)."""
    if kind == "multi":
        return [value] if isinstance(value, str) and value else value if isinstance(value, list) else []
    if kind in ("text", "choice"):
        return value[0] if isinstance(value, list) and value else value if isinstance(value, str) else ""
    if kind == "between":
        return (value, value) if isinstance(value, dt.date) else value
    if kind == "date":
        return value[0] if isinstance(value, tuple) else value
    return None


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
        self.value_editor: QWidget = _NoValue(self)
        self._editor_key: tuple[str, str] | None = None
        remove = QToolButton(self)
        remove.setText("✕")
        remove.setToolTip("Remove this condition")
        remove.setAutoRaise(True)
        remove.clicked.connect(lambda: self.remove_requested.emit(self))
        layout.addWidget(self.field_combo)
        layout.addWidget(self.operator_combo)
        layout.addWidget(self.value_editor, 1)
        layout.addWidget(remove)
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
        kind = _editor_kind(self.field_name, self.operator)
        key = (self.field_name, kind)
        if key == self._editor_key:
            return
        previous = self.value_editor.value() if self._editor_key and self._editor_key[0] == self.field_name else None
        self._editor_key = key
        if kind in ("date", "between"):
            editor = _DateValue(kind == "between", _date_bounds(self.dataset, self.field_name), self)
        elif kind == "none":
            editor = _NoValue(self)
        else:
            choices = _choices(self.dataset, self.field_name)
            if kind == "choice":
                editor = _ChoiceValue(choices, self)
            elif kind == "text":
                editor = _TextValue(choices, self)
            else:
                editable = self.field_name != JURISDICTIONS_FIELD and FIELDS[self.field_name].kind is not Kind.CHOICE
                editor = _MultiValue(choices, allow_other=editable, parent=self)
        if previous is not None:
            editor.set_value(_carried_value(previous, kind))
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
        return Condition(self.field_name, self.operator, self.value_editor.value())


class RuleEditor(QDialog):
    """Edits one rule: name, colour, enabled, all/any, conditions; OK only when it is valid."""

    def __init__(self, rule: Rule | None = None, dataset: Dataset | None = None,
                 parent: QWidget | None = None, colour: str = SUGGESTED_COLOURS[0]):
        super().__init__(parent)
        self.setWindowTitle("Edit rule" if rule else "New rule")
        self.dataset = dataset
        is_new = rule is None
        rule = rule or Rule("New rule", colour)
        self._colour = rule.colour
        self.rows: list[ConditionRow] = []

        self.name_edit = QLineEdit(rule.name, self)
        self.name_edit.setObjectName("ruleName")
        self.colour_button = QPushButton(self)
        self.colour_button.setObjectName("ruleColour")
        self.colour_button.setToolTip("Choose any colour")
        self.colour_button.clicked.connect(self._choose_colour)
        colour_row = QHBoxLayout()
        colour_row.addWidget(self.colour_button)
        colour_row.addSpacing(8)
        for suggestion in SUGGESTED_COLOURS:
            swatch = QToolButton(self)
            swatch.setIcon(swatch_icon(suggestion, 18))
            swatch.setToolTip(suggestion)
            swatch.setAutoRaise(True)
            swatch.clicked.connect(lambda _=False, c=suggestion: self.set_colour(c))
            colour_row.addWidget(swatch)
        colour_row.addStretch()
        self.enabled_box = QCheckBox("Colour rows with this rule", self)
        self.enabled_box.setChecked(rule.enabled)
        form = QFormLayout()
        form.addRow("Name", self.name_edit)
        form.addRow("Colour", colour_row)
        form.addRow("", self.enabled_box)

        self.match_combo = QComboBox(self)
        self.match_combo.addItem("all", MATCH_ALL)
        self.match_combo.addItem("any", MATCH_ANY)
        self.match_combo.setCurrentIndex(self.match_combo.findData(rule.match))
        match_row = QHBoxLayout()
        match_row.addWidget(QLabel("Highlight people who meet", self))
        match_row.addWidget(self.match_combo)
        match_row.addWidget(QLabel("of these conditions:", self))
        match_row.addStretch()

        self.rows_widget = QWidget(self)
        self.rows_layout = QVBoxLayout(self.rows_widget)
        self.rows_layout.setContentsMargins(4, 4, 4, 4)
        self.rows_layout.addStretch()
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.rows_widget)
        scroll.setMinimumHeight(150)
        self.add_button = QPushButton("+ Add condition", self)
        self.add_button.clicked.connect(lambda: self.add_condition())
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addStretch()

        self.note_edit = QPlainTextEdit(rule.description, self)
        self.note_edit.setPlaceholderText("Your own note: why this rule exists, its caveats (optional)")
        self.note_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)

        self.preview_label = QLabel(self)
        self.preview_label.setObjectName("matchPreview")
        font = self.preview_label.font()
        font.setBold(True)
        self.preview_label.setFont(font)
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.summary_label.setStyleSheet("color: palette(placeholder-text);")
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("ruleProblem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #B00020;")
        preview = QFrame(self)
        preview.setFrameShape(QFrame.Shape.StyledPanel)
        preview_layout = QVBoxLayout(preview)
        preview_layout.addWidget(self.preview_label)
        preview_layout.addWidget(self.summary_label)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addLayout(match_row)
        layout.addWidget(scroll, 1)
        layout.addLayout(add_row)
        layout.addWidget(QLabel("Note", self))
        layout.addWidget(self.note_edit)
        layout.addWidget(preview)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)

        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self._show_preview)
        for condition in rule.conditions:
            self.add_condition(condition)
        if is_new:
            self.add_condition()
        self.set_colour(self._colour)
        self.name_edit.textChanged.connect(self._on_edited)
        self.enabled_box.toggled.connect(self._on_edited)
        self.match_combo.currentIndexChanged.connect(self._on_edited)
        self.note_edit.textChanged.connect(self._on_edited)
        self.resize(760, 560)
        self._on_edited()
        self._show_preview()

    # --- editing ------------------------------------------------------------------------------

    def add_condition(self, condition: Condition | None = None) -> ConditionRow:
        row = ConditionRow(self.dataset, condition, self.rows_widget)
        row.changed.connect(self._on_edited)
        row.remove_requested.connect(self.remove_condition)
        self.rows_layout.insertWidget(len(self.rows), row)
        self.rows.append(row)
        self._on_edited()
        return row

    def remove_condition(self, row: ConditionRow) -> None:
        self.rows.remove(row)
        row.deleteLater()
        self._on_edited()

    def set_colour(self, colour: str) -> None:
        self._colour = QColor(colour).name().upper()
        self.colour_button.setIcon(swatch_icon(self._colour, 18))
        self.colour_button.setText(f" {self._colour}  Choose…")
        self._on_edited()

    def _choose_colour(self) -> None:
        chosen = QColorDialog.getColor(QColor(self._colour), self, "Rule colour")
        if chosen.isValid():
            self.set_colour(chosen.name())

    # --- checking and previewing ----------------------------------------------------------

    def edited_rule(self) -> Rule:
        """The rule as edited; RuleError (a plain sentence) when something is missing or wrong."""
        conditions = []
        for number, row in enumerate(self.rows, start=1):
            try:
                conditions.append(row.condition())
            except RuleError as error:
                raise RuleError(f"condition {number} ({field_label(row.field_name)}): {error}") from None
        return Rule(self.name_edit.text(), self._colour, self.enabled_box.isChecked(),
                    self.match_combo.currentData(), tuple(conditions), self.note_edit.toPlainText().strip())

    def _on_edited(self, *_args) -> None:
        """Check the rule now (OK follows at once); count its people a moment later."""
        try:
            self.edited_rule()
            problem = ""
        except RuleError as error:
            problem = str(error)
        self.problem_label.setText(problem[:1].upper() + problem[1:] + ("." if problem and problem[-1] != "." else ""))
        self.problem_label.setVisible(bool(problem))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)
        self._preview_timer.start()

    def _show_preview(self) -> None:
        try:
            rule = self.edited_rule()
        except RuleError:
            self.preview_label.setText("Fix the problem below to see who matches")
            self.summary_label.setText("")
            return
        self.summary_label.setText(rule.describe())
        if self.dataset is None:
            self.preview_label.setText("Load a workbook to see how many people match")
            return
        matched = int(rule_mask(self.dataset.frame, rule).sum())
        verb = "matches" if matched == 1 else "match"
        self.preview_label.setText(f"{count_people(matched)} {verb} (of {len(self.dataset):,})")
