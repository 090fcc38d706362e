"""Editing a table cell: the editor that fits the field, a refusal said at the cell, edited cells marked.

The delegate makes the editor (cell_editors.py) for the column, gives it the cell's
value and, when the analyst is done (Enter, Tab, a choice picked, the focus leaving),
hands what they typed to the model, which sends it to the session. Before Enter or Tab
closes the editor the value is checked with the session's own parser: a value the field
cannot hold is refused with a message under the cell, and the editor stays open with
the text as typed; Escape leaves the cell as it was. A cell whose value differs from
the file gets a small mark in its corner.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPolygonF
from PySide6.QtWidgets import QAbstractItemDelegate, QLabel, QStyledItemDelegate, QWidget

from ..core import schema
from ..core.cell_edits import EditRefused
from .table_model import EDITED_ROLE, PERSON_ID_ROLE

EDITED_MARK_COLOUR = "#EF6C00"
EDITED_MARK_SIZE = 7
MESSAGE_SECONDS = 8
TAG_EDITOR_WIDTH = 300
DATE_EDITOR_WIDTH = 150  # room for "25 de julio de 2019" beside the calendar arrow
MESSAGE_WIDTH = 440
_DONE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


def _editors():
    """cell_editors, loaded with the first editor: the table is shown before its pickers' Qt classes load."""
    from . import cell_editors

    return cell_editors


class CellMessage(QLabel):
    """A short message just under a cell: why a value was refused."""

    def __init__(self, parent: QWidget):
        super().__init__(parent, Qt.WindowType.ToolTip)
        self.setObjectName("cellMessage")
        self.setWordWrap(True)
        self.setStyleSheet("QLabel#cellMessage { background: #FDECEA; color: #611A15; border: 1px solid #B00020;"
                           " padding: 5px 7px; }")
        self._timer = QTimer(self, singleShot=True, interval=MESSAGE_SECONDS * 1000)
        self._timer.timeout.connect(self.hide)

    def show_under(self, widget: QWidget, bottom_left: QPoint, text: str) -> None:
        self.setText(text)
        self.setFixedWidth(min(MESSAGE_WIDTH, self.fontMetrics().horizontalAdvance(text) + 20))
        self.setFixedHeight(self.heightForWidth(self.width()))
        self.move(widget.mapToGlobal(bottom_left))
        self.show()
        self.raise_()
        self._timer.start()


class CellDelegate(QStyledItemDelegate):
    """Editors and the edited mark for the people table (and its frozen name column)."""

    def __init__(self, view, message: CellMessage):
        super().__init__(view)
        self.view = view
        self.message = message

    # --- the editor ---------------------------------------------------------------------------

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:  # noqa: N802 - Qt API
        model = index.model()
        column = model.column_name(index.column())
        value = index.data(Qt.ItemDataRole.EditRole)
        multiline = column == schema.Col.NOTES or (isinstance(value, str) and "\n" in value)
        editor = _editors().editor_for(column, parent, multiline=multiline)
        editor.setProperty("cellIndex", QPersistentModelIndex(index))
        editor.finished.connect(lambda: self._finish(editor))
        editor.cancelled.connect(lambda: self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache))
        editor.set_value(value)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802 - Qt API
        """Given once, when the editor opens (later repaints of the table must not undo the typing)."""

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:  # noqa: N802 - Qt API
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option, index: QModelIndex) -> None:  # noqa: N802 - Qt API
        rect, editors = option.rect, _editors()
        if isinstance(editor, editors.DateEditor):
            rect = rect.adjusted(0, 0, max(DATE_EDITOR_WIDTH - rect.width(), 0), 0)
        if isinstance(editor, (editors.TagEditor, editors.LongTextEditor)):
            rect = rect.adjusted(0, 0, max(TAG_EDITOR_WIDTH - rect.width(), 0), 0)
            tall = 72 if isinstance(editor, editors.LongTextEditor) else 0
            rect.setHeight(max(editor.sizeHint().height(), rect.height(), tall))
        editor.setGeometry(rect)

    def refusal(self, editor: QWidget) -> str | None:
        """Why the session would refuse what the editor holds, or None."""
        index = editor.property("cellIndex")
        model = index.model()
        try:
            model.session.check_edit(index.data(PERSON_ID_ROLE), model.column_name(index.column()), editor.value())
        except EditRefused as refused:
            return str(refused)
        return None

    def _finish(self, editor: QWidget) -> None:
        why = self.refusal(editor)
        if why is not None:
            self.show_refusal(editor.property("cellIndex"), why)
            return
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def eventFilter(self, editor, event) -> bool:  # noqa: N802 - Qt API
        """Enter or Tab with a value the field cannot hold: say why, and keep the editor open."""
        if event.type() != QEvent.Type.KeyPress or event.key() not in _DONE_KEYS \
                or isinstance(editor, _editors().TagEditor):  # (the tag editor's own field takes its keys)
            return super().eventFilter(editor, event)
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and isinstance(editor, _editors().LongTextEditor) and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return False  # a new line
        if enter:
            self._finish(editor)
            return True
        why = self.refusal(editor)
        if why is not None:
            self.show_refusal(editor.property("cellIndex"), why)
            return True
        return super().eventFilter(editor, event)

    def show_refusal(self, index, text: str) -> None:
        view = self.view
        rect = view.visualRect(QModelIndex(index))
        self.message.show_under(view.viewport(), rect.bottomLeft() + QPoint(0, 2), text)

    # --- the edited mark ----------------------------------------------------------------------

    def paint(self, painter: QPainter, option, index: QModelIndex) -> None:
        super().paint(painter, option, index)
        if not index.data(EDITED_ROLE):
            return
        right, top = option.rect.right(), option.rect.top()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(EDITED_MARK_COLOUR))
        painter.drawPolygon(QPolygonF([QPointF(right - EDITED_MARK_SIZE, top), QPointF(right + 1, top),
                                       QPointF(right + 1, top + EDITED_MARK_SIZE + 1)]))
        painter.restore()
