"""Cold start: from launching Python to a painted window showing the bundled dataset.

Each run is a fresh process (nothing cached in memory), with its own empty workspace and
settings so first-run work is included. The parent notes the wall-clock time just before
starting the child; the child prints the wall-clock time of the first paint of the table
with rows in it; the difference is the cold start, interpreter start-up included. Also
reports whether pyqtgraph was imported, since the chart panel's library is meant to load
only when the panel is first opened. Prints figures only.

    .venv/bin/python bench/bench_startup.py [RUNS]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 1.5

CHILD = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from sanctions_gui.core import paths
from sanctions_gui.core.workspace import Workspace
from sanctions_gui.ui.main_window import MainWindow

app = QApplication([])
window = MainWindow(Workspace.open())
window.show()

def painted(dataset):
    window.table.viewport().repaint()  # the first paint with rows in it
    print("PAINTED", time.time(), "pyqtgraph" in sys.modules, flush=True)
    QTimer.singleShot(0, app.quit)

window.dataset_loaded.connect(painted)
window.open_file(paths.BUNDLED_WORKBOOK)
app.exec()
"""


def one_run() -> tuple[float, bool]:
    with tempfile.TemporaryDirectory() as home:
        environment = dict(os.environ, SANCTIONS_WORKBENCH_HOME=home, XDG_CONFIG_HOME=home,
                           QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        started = time.time()
        output = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, env=environment,
                                capture_output=True, text=True, timeout=120, check=True).stdout
    _, painted_at, pyqtgraph_loaded = next(line for line in output.splitlines()
                                           if line.startswith("PAINTED")).split()
    return float(painted_at) - started, pyqtgraph_loaded == "True"


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    results = [one_run() for _ in range(runs)]
    times = [elapsed for elapsed, _ in results]
    print(f"cold start to a painted window on the bundled dataset ({runs} runs, platform "
          f"{os.environ.get('QT_QPA_PLATFORM', 'offscreen')}):")
    print(f"  median {statistics.median(times):.2f} s, best {min(times):.2f} s, worst {max(times):.2f} s"
          f"  (target < {TARGET_S} s)")
    print(f"  pyqtgraph imported at start-up: {'yes' if any(loaded for _, loaded in results) else 'no'}")


if __name__ == "__main__":
    main()
