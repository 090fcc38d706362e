"""The floor for cold start: a bare PySide6 + pandas window that reads a workbook and paints it.

What any PySide6 + pandas app pays before it can show a table: the interpreter, pandas
and Qt imports, a read with pandas' fastest engine (calamine), one table view over a
plain model. bench_startup.py times it beside the app.

    .venv/bin/python bench/bare_window.py WORKBOOK
"""

import sys

import pandas as pd
from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtWidgets import QApplication, QTableView

HEADER_ROW = 3  # the bundled sheets have a title, a note and a blank row above their headers


class FrameModel(QAbstractTableModel):
    def __init__(self, frame: pd.DataFrame):
        super().__init__()
        self.headers = [str(column) for column in frame.columns]
        self.cells = frame.astype(str).to_numpy()

    def rowCount(self, parent=None):  # noqa: N802 - Qt's name
        return len(self.cells)

    def columnCount(self, parent=None):  # noqa: N802 - Qt's name
        return len(self.headers)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return self.cells[index.row(), index.column()] if role == Qt.ItemDataRole.DisplayRole else None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt's name
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


def main() -> int:
    app = QApplication(sys.argv[:1])
    sheets = pd.read_excel(sys.argv[1], sheet_name=None, header=HEADER_ROW, engine="calamine")
    table = QTableView()
    table.setModel(FrameModel(pd.concat(sheets.values(), ignore_index=True)))
    table.resize(1400, 900)
    table.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
