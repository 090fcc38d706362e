"""Opening the chart panel: from asking for it to a painted chart, on the bundled data and larger files.

Each run is a fresh process, so importing the panel's modules (pyqtgraph among them) is
counted as the window pays for it the first time Charts is opened. The workbook is read before
the clock starts (the window has it already). Reported per run: the panel on screen (its first
paint, the "Preparing charts…" page), the time spent importing pyqtgraph and making the chart
view (after that paint, while counting goes on in its thread), the first chart counted and
painted, then switching to each other chart and exporting a 1600×1000 PNG. Also says whether
pyqtgraph was already imported when the panel first painted (it should not be). Prints figures only.

    .venv/bin/python bench/bench_charts.py [ROWS ...]      # default: the bundled data and 20,000 rows
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from generate import workbook

ROOT = Path(__file__).resolve().parents[1]
RUNS = 3

CHILD = r"""
import json, sys, tempfile, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from sanctions_gui.core.reading import read_workbook
from sanctions_gui.core.view import Dataset
dataset = Dataset(read_workbook(sys.argv[1]).frame)

def until_drawn(panel):
    while panel.is_busy():
        app.processEvents()
        time.sleep(0.001)
    panel.view.repaint()

figures = {}
started = time.perf_counter()
from sanctions_gui.ui.chart_pages import ChartPages
make_view = ChartPages.make_view

def timed_make_view(pages):
    began = time.perf_counter()
    make_view(pages)
    figures["view"] = time.perf_counter() - began

ChartPages.make_view = timed_make_view
from sanctions_gui.ui.chart_panel import ChartPanel
panel = ChartPanel()
panel.resize(600, 760)
panel.set_data(dataset)
panel.show()
panel.repaint()
figures["on screen"] = time.perf_counter() - started
figures["pyqtgraph"] = "pyqtgraph" in sys.modules
until_drawn(panel)
figures["first chart"] = time.perf_counter() - started
for chart in ("reasons", "years", "overlap", "administrations"):
    began = time.perf_counter()
    panel.set_chart(chart)
    until_drawn(panel)
    figures[chart] = time.perf_counter() - began
began = time.perf_counter()
with tempfile.TemporaryDirectory() as folder:
    panel.export_png(Path(folder) / "chart.png")
figures["export"] = time.perf_counter() - began
print("FIGURES", json.dumps(figures), flush=True)
"""


def one_run(path: Path) -> dict:
    environment = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    output = subprocess.run([sys.executable, "-c", CHILD, str(path)], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=600, check=True).stdout
    return json.loads(next(line for line in output.splitlines() if line.startswith("FIGURES"))[len("FIGURES "):])


def main() -> None:
    sizes = [int(argument) for argument in sys.argv[1:]] or [0, 20_000]
    print(f"opening the chart panel, {RUNS} fresh processes each (median; best in brackets), seconds:")
    print(f"{'rows':>9}  {'on screen':>15}  {'pyqtgraph+view':>15}  {'first chart':>15}  {'reasons':>7}  {'years':>7}"
          f"  {'overlap':>7}  {'admin.':>7}  {'PNG':>7}")
    for rows in sizes:
        path = ROOT / "data" / "venezuela_targeted_sanctions.xlsx" if rows == 0 else workbook(rows)
        runs = [one_run(path) for _ in range(RUNS)]

        def median(key: str) -> float:
            return statistics.median(run[key] for run in runs)

        def best(key: str) -> float:
            return min(run[key] for run in runs)

        label = "bundled" if rows == 0 else f"{rows:,}"
        spread = "  ".join(f"{median(key):7.2f} ({best(key):.2f})" for key in ("on screen", "view", "first chart"))
        medians = "  ".join(f"{median(key):7.2f}" for key in ("reasons", "years", "overlap", "administrations", "export"))
        print(f"{label:>9}  {spread}  {medians}")
        early = sum(run["pyqtgraph"] for run in runs)
        print(f"{'':>11}pyqtgraph imported before the panel's first paint: "
              + (f"yes, in {early} of {len(runs)} runs" if early else "no"))


if __name__ == "__main__":
    main()
