"""Cold start: launching Python to a painted table on the bundled dataset, the app beside a bare window.

Both run as a user starts them, each a fresh process with its own empty workspace and
settings: the app through main.py (the sanctions-workbench command's code), the floor
through bare_window.py (PySide6 + pandas, calamine read, one plain table). The parent
notes the wall-clock time just before starting the child; a small probe in the child,
which hooks the import of PySide6.QtWidgets and imports nothing ahead of the program,
prints the time of the first paint of a table showing every person; the difference is
the cold start, interpreter included. Runs
alternate between the two so that load on the machine falls on both alike; medians are
compared (and the bare window timed a third way, with numpy's BLAS asked for one thread
as the app asks), then again with both pinned to one core, where the app cannot read its first
workbook in a second process (core/early_read.py) and reads it itself, as it does on
Windows and macOS. The package is byte-compiled first, as pip does on install (a checkout run
with PYTHONDONTWRITEBYTECODE would otherwise compile on every start). Also reports
whether pyqtgraph was imported, since the chart panel's library is meant to wait for
the panel. Prints figures only.

    .venv/bin/python bench/bench_startup.py [RUNS]
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sanctions_gui.core import paths  # noqa: E402
from sanctions_gui.core.reading import read_workbook  # noqa: E402

TARGET_RATIO = 1.25
TIMEOUT_S = 300

# An import hook, run in the child's main thread as PySide6.QtWidgets finishes loading (no
# thread: PySide6 creates its classes lazily, on first touch, and must not be touched from
# two threads), wraps QTableView.setModel so that every table view given a model has its
# viewport's events watched, for a paint while it shows at least PEOPLE rows; the time is
# printed once that paint is done. Nothing is imported ahead of the program. Only table
# viewports are watched: a filter on the whole application (as this probe had until
# 2026-12-02) makes PySide6 wrap every object of every event in Python, creating the
# classes and enums of Qt's internal objects, which costs a window of many widgets some
# 20-40 ms that the app never pays without the probe, and a bare table next to nothing.
PROBE = r"""
import importlib.abc, importlib.machinery, os, runpy, sys, time

def watch_paints(widgets):
    from PySide6.QtCore import QEvent, QObject, QTimer
    people = int(os.environ["BENCH_PEOPLE"])

    class Painted(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                model = watched.parent().model()
                if model is not None and model.rowCount() >= people:
                    QTimer.singleShot(0, done)
            return False

    def done():
        print("PAINTED", time.time(), "pyqtgraph" in sys.modules, flush=True)
        os._exit(0)

    watcher = []
    set_model = widgets.QTableView.setModel

    def set_model_and_watch_paints(view, model):
        set_model(view, model)
        if not watcher:
            watcher.append(Painted())
        view.viewport().installEventFilter(watcher[0])

    widgets.QTableView.setModel = set_model_and_watch_paints

class WhenQtWidgetsLoads(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "PySide6.QtWidgets":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            watch_paints(module)

        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, WhenQtWidgetsLoads())
script, *arguments = sys.argv[1:]
sys.argv = [script, *arguments]
sys.path.insert(0, os.path.dirname(script))  # as `python script` would
runpy.run_path(script, run_name="__main__")
"""

APP = (str(ROOT / "main.py"),)
BARE = (str(ROOT / "bench" / "bare_window.py"), str(paths.BUNDLED_WORKBOOK))


def one_run(command: tuple[str, ...], people: int, one_core: bool = False, **settings: str) -> tuple[float, bool]:
    with tempfile.TemporaryDirectory() as home:
        environment = dict(os.environ, SANCTIONS_WORKBENCH_HOME=home, XDG_CONFIG_HOME=home, BENCH_PEOPLE=str(people),
                           QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"), **settings)
        started = time.time()
        pin = (lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})) if one_core else None
        output = subprocess.run([sys.executable, "-c", PROBE, *command], cwd=tempfile.gettempdir(), env=environment,
                                capture_output=True, text=True, timeout=TIMEOUT_S, check=True,
                                preexec_fn=pin).stdout
    _, painted_at, pyqtgraph_loaded = next(line for line in output.splitlines()
                                           if line.startswith("PAINTED")).split()
    return float(painted_at) - started, pyqtgraph_loaded == "True"


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    compileall.compile_dir(ROOT / "sanctions_gui", quiet=1)
    people = len(read_workbook(paths.BUNDLED_WORKBOOK).frame)
    one_run(APP, people), one_run(BARE, people)  # warm the disk cache for both; not counted
    app, bare, bare_one_blas = [], [], []
    for _ in range(runs):
        app.append(one_run(APP, people))
        bare.append(one_run(BARE, people))
        bare_one_blas.append(one_run(BARE, people, OPENBLAS_NUM_THREADS="1")[0])
    app_times, bare_times = [t for t, _ in app], [t for t, _ in bare]
    ratio = statistics.median(app_times) / statistics.median(bare_times)
    print(f"cold start to a painted table of the {people} bundled people ({runs} runs each, alternating, "
          f"platform {os.environ.get('QT_QPA_PLATFORM', 'offscreen')}):")
    for label, times in (("app (main.py)", app_times), ("bare PySide6 + pandas window", bare_times)):
        print(f"  {label:30} median {statistics.median(times):.2f} s, best {min(times):.2f} s, "
              f"worst {max(times):.2f} s")
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    print(f"  app / bare: {ratio:.2f}x  (target at most {TARGET_RATIO}x: {verdict})")
    # The app asks numpy's BLAS for one thread (core/early_read.py); the bare window doesn't.
    print(f"  bare window with OPENBLAS_NUM_THREADS=1, as the app sets it: median "
          f"{statistics.median(bare_one_blas):.2f} s; app / that: "
          f"{statistics.median(app_times) / statistics.median(bare_one_blas):.2f}x")
    print(f"  pyqtgraph imported at start-up: {'yes' if any(loaded for _, loaded in app) else 'no'}")
    # On one core the app reads its first workbook itself, as it does on Windows and macOS
    # and for files over core/early_read.LARGEST_BYTES: no child process can help there.
    app_one, bare_one = [], []
    for _ in range(runs):
        app_one.append(one_run(APP, people, one_core=True)[0])
        bare_one.append(one_run(BARE, people, one_core=True)[0])
    print(f"  both on one core (no early read): app median {statistics.median(app_one):.2f} s, bare "
          f"{statistics.median(bare_one):.2f} s, {statistics.median(app_one) / statistics.median(bare_one):.2f}x")


if __name__ == "__main__":
    main()
