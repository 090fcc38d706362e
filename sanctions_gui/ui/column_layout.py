"""The table's columns on screen: which show, in which order, how wide, and what comes back.

Columns start in reading order (core/columns.py) with widths that fit the key facts
(name, position, date sanctioned, administration, reasons, security status, other
governments) into the table's width: while the analyst has not resized them, the key
columns narrow together as the window does (never below a readable minimum), so the
table shows at least six of them even at 1024 pixels. Widths, order and visibility are
saved by column name, so they survive other workbooks' columns.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QEvent, QObject, QSettings

from ..core import schema
from ..core.columns import ALSO_SANCTIONED_BY, DEFAULT_HIDDEN_COLUMNS, READING_ORDER
from .table_model import SCORE_COLUMN
from .table_view import PeopleTable

KEY_COLUMNS = READING_ORDER[:7]  # what analysts read first; fitted to the table's width
# (natural width, narrowest readable width) in pixels
KEY_WIDTHS = {
    schema.Col.NAME: (200, 110), schema.Col.POSITION: (170, 80), schema.Col.US_DESIGNATION_DATE: (96, 82),
    schema.Col.ADMINISTRATION: (84, 62), schema.Col.REASONS: (130, 76), schema.Col.SECURITY_STATUS: (84, 62),
    ALSO_SANCTIONED_BY: (160, 100),
}
OTHER_WIDTHS = {schema.Col.INSTITUTION: 180, schema.Col.NOTES: 260, schema.Col.SOURCES: 200, schema.Col.COMMANDED_UNIT: 200,
                schema.Col.ALIASES: 140, schema.Col.AUTHORITY: 130, SCORE_COLUMN: 64}
MAX_DEFAULT_WIDTH = 160
SETTING = "columns"


class ColumnLayout(QObject):
    """Keeps the table's columns as the analyst left them, or fitted while they are default."""

    def __init__(self, table: PeopleTable, settings: QSettings):
        super().__init__(table)
        self.table = table
        self.settings = settings
        self.fitting = True  # the key columns follow the table's width until the analyst resizes one
        self._resizing = False
        table.horizontalHeader().sectionResized.connect(self._on_resized)
        self._viewport = table.viewport()
        self._viewport.installEventFilter(self)

    @property
    def model(self):
        return self.table.model()

    # --- defaults and fitting -------------------------------------------------------------------

    def apply_defaults(self) -> None:
        """Reading order, internal columns hidden, widths fitted to the table."""
        header = self.table.horizontalHeader()
        self._resizing = True
        try:
            for section in range(self.model.columnCount()):
                header.moveSection(header.visualIndex(section), section)
            for section, column in enumerate(self.model.columns):
                self.table.setColumnHidden(section, column in DEFAULT_HIDDEN_COLUMNS or column == SCORE_COLUMN)
                natural = KEY_WIDTHS[column][0] if column in KEY_WIDTHS else OTHER_WIDTHS.get(column, min(
                    MAX_DEFAULT_WIDTH, max(70, header.sectionSizeHint(section))))
                self.table.setColumnWidth(section, natural)
        finally:
            self._resizing = False
        self.fitting = True
        self.fit()

    def fit(self) -> None:
        """Narrow the key columns together so they fit the viewport (to their minimum widths)."""
        if not self.fitting or not self.model.columnCount():
            return
        sections = [self.model.column_of(c) for c in KEY_COLUMNS]
        sections = [s for s in sections if s is not None and not self.table.isColumnHidden(s)]
        if not sections:
            return
        natural = [KEY_WIDTHS[self.model.column_name(s)][0] for s in sections]
        least = [KEY_WIDTHS[self.model.column_name(s)][1] for s in sections]
        room = self.table.viewport().width() - 2
        spare, wanted = room - sum(least), sum(natural) - sum(least)
        share = 1.0 if spare >= wanted else max(spare, 0) / wanted
        self._resizing = True
        try:
            for section, big, small in zip(sections, natural, least):
                self.table.setColumnWidth(section, int(small + (big - small) * share))
        finally:
            self._resizing = False

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if watched is self._viewport and event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def _on_resized(self, section: int, _old: int, _new: int) -> None:
        if not self._resizing and self.model.column_name(section) in KEY_COLUMNS:
            self.fitting = False  # the analyst chose a width: keep theirs from now on

    # --- saving and restoring ---------------------------------------------------------------------

    def save(self) -> None:
        header = self.table.horizontalHeader()
        layout = {column: {"width": self.table.columnWidth(section), "visual": header.visualIndex(section),
                           "hidden": self.table.isColumnHidden(section)}
                  for section, column in enumerate(self.model.columns) if column != SCORE_COLUMN}
        self.settings.setValue(SETTING, json.dumps({"fitting": self.fitting, "columns": layout}))

    def restore(self) -> None:
        """Defaults, then the saved widths, order and visibility of the columns this data has."""
        self.apply_defaults()
        try:
            saved = json.loads(self.settings.value(SETTING, "{}") or "{}")
        except (TypeError, ValueError):
            saved = {}
        layout = saved.get("columns", {}) if isinstance(saved, dict) else {}
        if not isinstance(layout, dict) or not layout:
            return
        header = self.table.horizontalHeader()
        known = [(spec.get("visual", 0), column, spec) for column, spec in layout.items()
                 if column in self.model.columns and isinstance(spec, dict)]
        self._resizing = True
        try:
            for visual, column, spec in sorted(known, key=lambda item: item[0]):
                section = self.model.column_of(column)
                self.table.setColumnWidth(section, int(spec.get("width", 100)))
                self.table.setColumnHidden(section, bool(spec.get("hidden", False)))
                header.moveSection(header.visualIndex(section), min(int(visual), self.model.columnCount() - 1))
        finally:
            self._resizing = False
        self.fitting = bool(saved.get("fitting", False))
        self.fit()

    def visible_columns(self) -> list[str]:
        """The columns as the analyst sees them: on-screen order, hidden ones left out."""
        header = self.table.horizontalHeader()
        sections = sorted((s for s in range(self.model.columnCount()) if not self.table.isColumnHidden(s)),
                          key=header.visualIndex)
        return [self.model.column_name(s) for s in sections]
