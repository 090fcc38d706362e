"""The toolbar: search, fuzzy names, sheet and "Show only highlighted", as the session has them.

Typing is sent to the session at once on small files and after a short pause on large
ones (a keystroke must stay quick on 200,000 rows); every control shows the session's
state, so a change made elsewhere (Clear all filters, a chart bar, a reload) shows here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QSlider, QToolBar, QWidget

from ..core.search import EXACT, FUZZY_FROM
from ..core.session import Change, Session, SessionEvent
from ..core.sheets import SHEET_CHOICES, sheet_choice_label

SEARCH_DELAY_MS = 120
TYPE_AHEAD_ROWS = 20000  # up to this many rows, search as each key is typed
FUZZY_DEFAULT = 85


class SearchBar(QToolBar):
    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__("Search and filters", parent)
        self.session = session
        self.setObjectName("searchToolbar")
        self.setMovable(False)

        self.search_field = QLineEdit(self)
        self.search_field.setObjectName("searchField")
        self.search_field.setPlaceholderText("Search names, aliases, positions, institutions  (Ctrl+F)")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMinimumWidth(220)
        self.search_field.setMaximumWidth(420)
        self.addWidget(self.search_field)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._send_search)
        self.search_field.textChanged.connect(self._on_typed)

        self.fuzzy_box = QCheckBox("Fuzzy names", self)
        self.fuzzy_box.setToolTip("Match names and aliases that are spelt differently, with a 0-100 score,\n"
                                  f"once the search has {FUZZY_FROM} letters (shorter searches match exactly:\n"
                                  "one or two letters are like most names). Other fields still match exactly.")
        self.threshold_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.threshold_slider.setRange(50, EXACT)
        self.threshold_slider.setValue(FUZZY_DEFAULT)
        self.threshold_slider.setFixedWidth(90)
        self.threshold_slider.setEnabled(False)
        self.threshold_slider.setToolTip("Lower to find names spelt more differently")
        self.threshold_label = QLabel("Exact", self)
        self.threshold_label.setMinimumWidth(70)
        self.fuzzy_box.toggled.connect(self._send_fuzzy)
        self.threshold_slider.valueChanged.connect(self._send_fuzzy)
        self.addWidget(self.fuzzy_box)
        self.addWidget(self.threshold_slider)
        self.addWidget(self.threshold_label)
        self.addSeparator()

        sheet_label = QLabel(" Sheet: ", self)
        self.sheet_combo = QComboBox(self)
        self.sheet_combo.setObjectName("sheetSelector")
        for choice in ("all", *(c for c in SHEET_CHOICES if c != "all")):
            self.sheet_combo.addItem(sheet_choice_label(choice), choice)
        sheet_label.setBuddy(self.sheet_combo)
        self.sheet_combo.currentIndexChanged.connect(lambda _i: session.set_sheet(self.sheet_combo.currentData()))
        self.addWidget(sheet_label)
        self.addWidget(self.sheet_combo)
        self.addSeparator()

        self.only_highlighted_box = QCheckBox("Only highlighted", self)
        self.only_highlighted_box.setToolTip("Show only the rows a rule, your hand or the file colours (Ctrl+H)")
        self.only_highlighted_box.toggled.connect(session.set_only_highlighted)
        self.addWidget(self.only_highlighted_box)
        session.subscribe(self._on_session)
        self._show_state()

    def focusable_widgets(self) -> list[QWidget]:
        """In Tab order."""
        return [self.search_field, self.fuzzy_box, self.threshold_slider, self.sheet_combo,
                self.only_highlighted_box]

    def _on_typed(self, _text: str) -> None:
        dataset = self.session.dataset
        if dataset is None or len(dataset) < TYPE_AHEAD_ROWS:
            self._send_search()
        else:
            self._search_timer.start()

    def _send_search(self) -> None:
        self._search_timer.stop()
        self.session.set_search(self.search_field.text())

    def _send_fuzzy(self, *_args) -> None:
        self.threshold_slider.setEnabled(self.fuzzy_box.isChecked())
        self.session.set_fuzzy_threshold(self.threshold_slider.value() if self.fuzzy_box.isChecked() else EXACT)

    def _on_session(self, event: SessionEvent) -> None:
        if event.changes & (Change.FILTERS | Change.DATASET):
            self._show_state()

    def _show_state(self) -> None:
        state = self.session.state
        widgets = (self.search_field, self.fuzzy_box, self.threshold_slider, self.sheet_combo,
                   self.only_highlighted_box)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            if self.search_field.text() != state.search and not self._search_timer.isActive():
                self.search_field.setText(state.search)
            fuzzy = state.fuzzy_threshold < EXACT
            self.fuzzy_box.setChecked(fuzzy)
            self.threshold_slider.setEnabled(fuzzy)
            if fuzzy:
                self.threshold_slider.setValue(state.fuzzy_threshold)
            self.threshold_label.setText(f"Score ≥ {state.fuzzy_threshold}" if fuzzy else "Exact")
            self.sheet_combo.setCurrentIndex(max(self.sheet_combo.findData(state.sheet), 0))
            self.only_highlighted_box.setChecked(state.only_highlighted)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
