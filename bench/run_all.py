"""Run every benchmark in turn and print their figures (`./dev bench`).

Each script runs in its own process so one's memory and caches do not colour the next.
The generated workbooks are made on first use and cached in bench/.cache/, so a second
run skips that step. Extra arguments go to every script (e.g. `./dev bench 20000` for one size).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ("bench_read.py", "bench_view.py", "bench_rules.py", "bench_export.py", "bench_startup.py",
           "bench_charts.py", "bench_compare.py", "bench_save.py")
# These take one row count; bench_read and bench_view take several; bench_startup none.
SINGLE_SIZE = ("bench_rules.py", "bench_export.py", "bench_save.py")
NO_ARGUMENTS = ("bench_startup.py", "bench_compare.py")


def main() -> int:
    extra = sys.argv[1:]
    started = time.perf_counter()
    failed = []
    for script in SCRIPTS:
        arguments = [] if script in NO_ARGUMENTS else extra[:1] if script in SINGLE_SIZE else extra
        print(f"\n=== {script} {' '.join(arguments)}".rstrip(), flush=True)
        began = time.perf_counter()
        code = subprocess.call([sys.executable, str(HERE / script), *arguments], cwd=HERE)
        print(f"--- {script}: {time.perf_counter() - began:.0f} s", flush=True)
        if code:
            failed.append(script)
    print(f"\nAll benchmarks: {time.perf_counter() - started:.0f} s"
          + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
