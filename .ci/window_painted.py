"""CI: open the installed app's window (offscreen) and exit 0 once its table is painted with
every bundled person, 1 if that has not happened within TIMEOUT_S.

Run with the interpreter of the environment the wheel was installed into, from outside the
checkout, so that the installed package is the one imported.
"""

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402

from sanctions_gui import app as entry  # noqa: E402
from sanctions_gui.core import paths  # noqa: E402
from sanctions_gui.core.reading import read_workbook  # noqa: E402

TIMEOUT_S = 300  # generous: a loaded machine takes seconds, not minutes


class TablePainted(QObject):
    """Ends the event loop with 0 after the first paint of a table showing `people` rows."""

    def __init__(self, application: QApplication, people: int):
        super().__init__(application)
        self.application, self.people, self.started = application, people, time.monotonic()
        self.seen = False

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
        view = watched.parent()
        if (not self.seen and event.type() == QEvent.Type.Paint and isinstance(view, QTableView)
                and view.model() is not None and view.model().rowCount() >= self.people):
            self.seen = True
            print(f"table painted with {view.model().rowCount()} rows after "
                  f"{time.monotonic() - self.started:.1f} s, from {entry.__file__}")
            QTimer.singleShot(0, lambda: self.application.exit(0))
        return False


def main() -> int:
    application = QApplication(sys.argv[:1])
    people = len(read_workbook(paths.BUNDLED_WORKBOOK).frame)
    application.installEventFilter(TablePainted(application, people))

    def too_late():
        print(f"the table was not painted within {TIMEOUT_S} s", file=sys.stderr)
        application.exit(1)

    QTimer.singleShot(TIMEOUT_S * 1000, too_late)
    return entry.open_window([])


if __name__ == "__main__":
    sys.exit(main())
