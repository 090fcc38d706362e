"""The chart's numbers as a table under it: copied whole with Ctrl+C, and walked with the keyboard.

Arrow keys move between cells and Tab leaves the table, as in any form; Enter on a count
lists the people behind it, as clicking its bar does.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem, QWidget

from ..core.charts import ChartData, share_text

BAR_ROLE = Qt.ItemDataRole.UserRole  # a count cell's (row, column) in ChartData


class NumbersTable(QTableWidget):
    """One row per category; per series its people and, where there is a total, the share."""

    bar_chosen = Signal(int, int)  # (row, column) of ChartData, like ChartView.bar_clicked

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("chartNumbers")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab goes on to the next control; arrows move inside
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.setToolTip("The chart's numbers. Ctrl+C copies the whole table with its headers; "
                        "Enter on a count lists those people in the table.")
        self.itemActivated.connect(self._activated)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_all()
            event.accept()
            return
        super().keyPressEvent(event)

    def show_numbers(self, data: ChartData | None) -> None:
        self.clear()
        if data is None or data.empty:
            self.setRowCount(0)
            self.setColumnCount(0)
            return
        headers = ["Year" if data.stacked else "Administration"]
        columns: list[list[tuple[str, int | None]]] = [[(label, None) for label in data.category_labels]]
        if data.totals is not None:
            headers.append("Designated")
            columns.append([(f"{t}", None) for t in data.totals])
        for j, name in enumerate(data.series_labels):
            headers.append(name)
            columns.append([(f"{c}", j) for c in data.counts[:, j]])
            if data.totals is not None:
                headers.append(f"{name} (%)")
                columns.append([(share_text(c, t), j) for c, t in zip(data.counts[:, j], data.totals)])
        if data.stacked:
            headers.append("Total")
            columns.append([(f"{t}", None) for t in data.counts.sum(axis=1)])
        self.setColumnCount(len(headers))
        self.setRowCount(len(data.categories))
        self.setHorizontalHeaderLabels(headers)
        for c, values in enumerate(columns):
            for r, (text, series) in enumerate(values):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if series is not None:
                    item.setData(BAR_ROLE, (r, series))
                self.setItem(r, c, item)
        self.resizeColumnsToContents()

    def wanted_height(self) -> int:
        """The height that shows every row without scrolling."""
        return (self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
                + self.rowCount() * self.verticalHeader().defaultSectionSize()
                + self.horizontalScrollBar().sizeHint().height())

    def _activated(self, item: QTableWidgetItem) -> None:
        bar = item.data(BAR_ROLE)
        if bar is not None:
            self.bar_chosen.emit(*bar)

    def as_tsv(self) -> str:
        headers = [self.horizontalHeaderItem(c).text() for c in range(self.columnCount())]
        lines = ["\t".join(headers)]
        for row in range(self.rowCount()):
            lines.append("\t".join(self.item(row, c).text() for c in range(self.columnCount())))
        return "\n".join(lines) + "\n"

    def copy_all(self) -> None:
        QGuiApplication.clipboard().setText(self.as_tsv())
