"""Adding a person: which sheet they go on, and their name; the rest is filled in afterwards."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from ..core.cell_edits import EditRefused
from ..core.session import Session


class AddPersonDialog(QDialog):
    """The sheet and the name of a new person; OK adds them (one undoable step)."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("addPersonDialog")
        self.setWindowTitle("Add a person")
        self.setMinimumWidth(420)
        self.session = session
        self.person_id: str | None = None
        layout = QFormLayout(self)
        intro = QLabel("The person is added to the working copy; fill in the other fields in the table or "
                       "the person pane. Nothing is written to your spreadsheet.", self)
        intro.setWordWrap(True)
        layout.addRow(intro)
        self.sheet_box = QComboBox(self)
        self.sheet_box.addItems(session.sheet_names())
        layout.addRow("Sheet", self.sheet_box)
        self.name_field = QLineEdit(self)
        self.name_field.setObjectName("newPersonName")
        self.name_field.setPlaceholderText("Full name, with accents")
        layout.addRow("Name", self.name_field)
        self.problem = QLabel(self)
        self.problem.setObjectName("addPersonProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #B00020;")
        self.problem.hide()
        layout.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

    def accept(self) -> None:
        try:
            self.person_id = self.session.add_person({"name": self.name_field.text()}, self.sheet_box.currentText())
        except EditRefused as refused:
            self.problem.setText(str(refused))
            self.problem.show()
            return
        super().accept()
