"""The dialog that edits one highlighting rule, with a live count of the people it matches.

Each condition is a row of pickers (ui/condition_row.py): a field, an operator that fits
the field, and a value editor that fits the operator (ui/rule_values.py: dates are typed or
picked, text fields offer the values present in the loaded data). The rule is rebuilt
through the core's `Rule` and `Condition` on every edit, so the dialog refuses exactly what
a rule file would refuse, with the same plain message, and OK waits until nothing is wrong.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox, QColorDialog, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QFrame, QHBoxLayout, QLabel,
    QLineEdit, QPlainTextEdit, QPushButton, QScrollArea, QToolButton, QVBoxLayout, QWidget,
)

from ..core.rules import MATCH_ALL, MATCH_ANY, Condition, Rule, RuleError, field_label, rule_mask
from ..core.view import Dataset
from .condition_row import ConditionRow
from .swatches import SUGGESTED_COLOURS, swatch_icon

PREVIEW_DELAY_MS = 120


def count_people(n: int) -> str:
    return f"{n:,} {'person' if n == 1 else 'people'}"


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
