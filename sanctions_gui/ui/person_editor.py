"""The person pane's form for editing: every field of the person, each with the editor that fits it.

A field is taken when the analyst is done with it (Enter, a choice or a date picked, a
tag added or taken away, the focus leaving): the value goes to the session like a table
edit, one undo step each. A value the field cannot hold is refused under the field, the
text left as typed for correcting. A caveated field shows its caveat under it: editing
the value keeps the caveat (the reason for doubt may still hold), and "Clear caveat"
takes it away, as an edit of the row's "Assumed or unconfirmed" cell.
"""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..core import schema
from ..core.cell_edits import NOT_EDITABLE, EditRefused, editing_value
from ..core.person import CAVEATS_COLUMN, caveat_items_without, record_caveats
from ..core.session import Session
from .cell_editors import DateEditor, LongTextEditor, TagEditor, TextEditor, editor_for
from .person_page import CAVEAT_COLOUR
from .page_parts import PageParts

PROBLEM_STYLE = "QLabel { color: #B00020; }"
_JURISDICTION_DATES = frozenset(schema.jurisdiction_date_columns())


def editable_columns(frame_columns, shown_columns) -> list[str]:
    """The fields a person's form offers, in the table's reading order (a government's listing
    date is typed in its own row, so its date column has none)."""
    return [c for c in shown_columns if c in frame_columns and c not in NOT_EDITABLE and c not in _JURISDICTION_DATES]


class PersonEditor(QWidget):
    """Every field of one person as an editor; made anew for each person."""

    def __init__(self, session: Session, person_id: str, parts: PageParts, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("personEditor")
        self.session = session
        self.person_id = person_id
        self.editors: dict[str, QWidget] = {}
        self.problems: dict[str, QLabel] = {}
        self.caveats: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(parts.heading("Edit this person"))
        hint = QLabel("Each field is taken when you press Enter or leave it; Edit › Undo takes it back. "
                      "Your spreadsheet is not changed until you save a new workbook (File › Save as).")
        hint.setWordWrap(True)
        parts.set_muted(hint, smaller=True)
        layout.addWidget(hint)
        dataset = session.dataset
        for column in editable_columns(dataset.frame.columns, dataset.columns):
            label = QLabel(schema.label(column))  # above its editor: the pane is narrow
            label.setWordWrap(True)
            label.setContentsMargins(0, 6, 0, 0)
            parts.set_muted(label)
            layout.addWidget(label)
            editor = editor_for(column, self, multiline=column == schema.Col.NOTES)
            editor.setObjectName(f"edit_{column}")
            self.editors[column] = editor
            layout.addWidget(editor)
            problem = QLabel()
            problem.setWordWrap(True)
            problem.setStyleSheet(PROBLEM_STYLE)
            problem.setObjectName(f"problem_{column}")
            problem.hide()
            self.problems[column] = problem
            layout.addWidget(problem)
            self.caveats[column] = self._caveat_row(column)
            layout.addWidget(self.caveats[column])
            self._connect(column, editor)
        self.refresh()

    def _caveat_row(self, column: str) -> QWidget:
        holder = QWidget()
        line = QHBoxLayout(holder)
        line.setContentsMargins(0, 0, 0, 0)
        text = QLabel()
        text.setObjectName(f"caveat_{column}")
        text.setWordWrap(True)
        text.setStyleSheet(f"QLabel {{ color: {CAVEAT_COLOUR}; }}")
        line.addWidget(text, 1)
        clear = QPushButton("Clear caveat")
        clear.setObjectName(f"clearCaveat_{column}")
        clear.setToolTip("The value is now confirmed: take its caveat out of “Assumed or unconfirmed”")
        clear.clicked.connect(lambda: self.clear_caveat(column))
        line.addWidget(clear, 0, Qt.AlignmentFlag.AlignTop)
        holder.hide()
        return holder

    def _connect(self, column: str, editor: QWidget) -> None:
        editor.finished.connect(lambda: self.commit(column))
        editor.cancelled.connect(lambda: self.refresh([column]))
        if isinstance(editor, TagEditor):
            editor.changed.connect(lambda: self.commit(column))
        if isinstance(editor, (DateEditor, TextEditor, LongTextEditor, TagEditor)):
            watched = editor.line if isinstance(editor, TagEditor) else editor
            watched.installEventFilter(_FocusOut(self, column, watched))

    # --- values in and out -------------------------------------------------------------------------

    def record(self) -> pd.Series:
        return self.session.dataset.frame.iloc[self.session.frame_row(self.person_id)]

    def refresh(self, columns: list[str] | None = None) -> None:
        """The editors show the person's values as the working copy has them now."""
        if self.session.frame_row(self.person_id) is None:
            return
        record = self.record()
        caveats = record_caveats(record)
        for column in columns or self.editors:
            editor = self.editors[column]
            editor.set_value(_editor_value(record, column))
            caveat = caveats.get(column)
            self.caveats[column].setVisible(caveat is not None)
            if caveat is not None:
                self.caveats[column].findChild(QLabel).setText(f"⚠ {caveat.describe()}")

    def commit(self, column: str) -> None:
        """Send a field's value to the session; a refusal is said under the field."""
        problem = self.problems[column]
        if self.session.frame_row(self.person_id) is None:  # gone (an addition undone) as the focus left
            return
        try:
            self.session.set_field(self.person_id, column, self.editors[column].value())
        except EditRefused as refused:
            problem.setText(str(refused))
            problem.show()
            return
        problem.hide()
        self.refresh([column])

    def clear_caveat(self, column: str) -> None:
        self.session.set_fields(self.person_id, {CAVEATS_COLUMN: caveat_items_without(self.record(), column)},
                                description=f"clear the caveat on {schema.label(column)} of "
                                            f"‘{self.session.person_name(self.person_id)}’")


def _editor_value(record: pd.Series, column: str) -> object:
    spec = schema.FIELDS.get(column)
    day = record.get(spec.date_column) if spec is not None and spec.kind is schema.Kind.JURISDICTION else None
    return editing_value(column, record.get(column), day)


class _FocusOut(QObject):
    """Takes a field's value when the focus leaves its editor (not for its own calendar or completer)."""

    def __init__(self, form: PersonEditor, column: str, watched: QWidget):
        super().__init__(watched)
        self.form, self.column = form, column

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.FocusOut and event.reason() != Qt.FocusReason.PopupFocusReason:
            self.form.commit(self.column)
        return False
