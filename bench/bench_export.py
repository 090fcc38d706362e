"""How long exporting a 200,000-row view takes, to .xlsx with row fills and to .csv.

The workbook is the generated one of bench/generate.py (the bundled rows repeated with
unique names, notes and sources, 3 % of names marked yellow); the seven preset rules
colour the rows, as they would on screen, and the export writes the window's default
columns plus "Matched rules". The target for .xlsx is under 20 s. Time and peak memory
are measured in separate runs, since tracing allocations slows Python down. Prints
figures only.

    .venv/bin/python bench/bench_export.py [ROWS]
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from generate import workbook

from sanctions_gui.core.columns import default_columns
from sanctions_gui.core.export import ExportRequest, export_view
from sanctions_gui.core.reading import read_workbook
from sanctions_gui.core.rules import evaluate, load_presets
from sanctions_gui.core.view import Dataset, ViewState, compute_view

TARGET_SECONDS = 20


def request_for(path: Path) -> ExportRequest:
    """The request the window would make: default columns, preset rules, sorted by name."""
    loaded = read_workbook(path)
    dataset = Dataset(loaded.frame, path, loaded.report)
    matches = evaluate(dataset.frame, load_presets())
    state = ViewState(sort_column="name")
    view = compute_view(dataset, state, matches.colours)
    for column in default_columns(dataset.frame):
        dataset.text(column)  # the window has made these already to show the table
    return ExportRequest(dataset, view, state, tuple(default_columns(dataset.frame)), matches,
                         matched_rules_column=True)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    request = request_for(workbook(rows))
    filled = int(request.view.highlighted)
    print(f"{len(request.view):,} rows × {len(request.columns) + 1} columns, {filled:,} rows filled")
    with tempfile.TemporaryDirectory() as folder:
        for suffix in ("xlsx", "csv"):
            target = Path(folder) / f"export.{suffix}"
            start = time.perf_counter()
            export_view(request, target)
            seconds = time.perf_counter() - start
            size = target.stat().st_size / 1024**2
            verdict = ("within" if seconds < TARGET_SECONDS else "OVER") + f" the {TARGET_SECONDS} s target"
            print(f"  .{suffix}: {seconds:6.1f} s, {size:6.1f} MB" + (f" ({verdict})" if suffix == "xlsx" else ""))
            if suffix == "csv":
                continue  # tracemalloc slows a run several times over; the workbook is the one to watch
            tracemalloc.start()
            export_view(request, target)
            peak = tracemalloc.get_traced_memory()[1] / 1024**2
            tracemalloc.stop()
            print(f"         peak memory allocated during the export: {peak:6.0f} MB")


if __name__ == "__main__":
    main()
