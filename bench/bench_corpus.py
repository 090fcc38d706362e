"""`check` over every spreadsheet of the shared corpus: outcomes, the slowest and the largest cases.

    .venv/bin/python bench/bench_corpus.py [--jobs 2] [--limit N] [--only TEXT] [--corpus DIR]

/work/shared/corpus holds about a thousand real spreadsheets from the test suites of
public readers (POI, calamine, xlrd, XlsxWriter, frictionless, pyexcel): most are not
sanctions lists, and many were made to break readers. For each one this runs
`main.py check FILE --json` in its own process, as an analyst would, and sorts the
result into an outcome:

* loaded        exit 0 and a JSON report;
* refused       exit 2 and one plain line naming the file (the right answer for most);
* bad refusal   exit 2 but several lines, a line without the file's name, or over 300 characters
                besides that name (some corpus names are 150 characters long);
* traceback     a Python traceback or a Rust panic reached the user;
* crashed       any other exit status or a signal;
* hung          still running after the time limit (killed);
* over memory   the process's peak resident memory passed 1 GB.

It prints the counts per outcome, the slowest and largest runs, the most common
refusals, and every case of the last five outcomes. The script skips cleanly (exit 0)
when the corpus folder is absent, as on a user's clone.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = Path("/work/shared/corpus")
KILL_AFTER_SECONDS = 120
MEMORY_LIMIT_MB = 1024
LONGEST_PLAIN_LINE = 300
SHOWN = 8

# The child runs `check` and then writes its own peak resident memory (VmHWM, which,
# unlike getrusage's ru_maxrss, starts afresh at exec and so is not the parent's) and
# that of the .xls reader it may have started, to the file named by argv[1].
CHILD = """
import os, resource, sys
def peak_kb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
report = sys.argv.pop(1)
code = 1
try:
    from sanctions_gui.cli import run
    code = run(sys.argv[1:])
finally:
    with open(report, "w") as out:
        out.write(f"{peak_kb()} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
sys.exit(code)
"""


@dataclass
class Run:
    file: str
    outcome: str
    seconds: float
    peak_mb: float
    detail: str


def corpus_files(corpus: Path) -> list[Path]:
    """The files the manifest lists (all files under the folder when it has none)."""
    manifest = corpus / "manifest.csv"
    if manifest.exists():
        with manifest.open(newline="", encoding="utf-8") as handle:
            return [corpus / row["file"] for row in csv.DictReader(handle)]
    return sorted(p for p in corpus.rglob("*") if p.is_file() and p.name not in ("README.md",))


def check(path: Path) -> Run:
    with tempfile.TemporaryDirectory() as scratch:
        memory_file = Path(scratch) / "memory"
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(memory_file), "check", str(path), "--json"],
                                 cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, start_new_session=True)
        timer = threading.Timer(KILL_AFTER_SECONDS, lambda: os.killpg(child.pid, 9))
        timer.start()
        try:
            stdout, stderr = child.communicate()
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        peak_mb = 0.0
        if memory_file.exists():
            own, children = (int(n) for n in memory_file.read_text().split())
            peak_mb = max(own, children) / 1024
    return classify(path, child.returncode, stdout.decode("utf-8", "replace"),
                    stderr.decode("utf-8", "replace"), seconds, peak_mb)


def classify(path: Path, code: int, stdout: str, stderr: str, seconds: float, peak_mb: float) -> Run:
    name = str(path.relative_to(path.parents[1])) if len(path.parents) > 1 else path.name
    lines = stderr.strip().splitlines()
    if seconds >= KILL_AFTER_SECONDS - 1 and code in (-9, 137):
        return Run(name, "hung", seconds, peak_mb, "killed after the time limit")
    if "Traceback" in stderr or "panicked" in stderr:
        return Run(name, "traceback", seconds, peak_mb, lines[-1] if lines else "")
    if peak_mb > MEMORY_LIMIT_MB:
        return Run(name, "over memory", seconds, peak_mb, f"{peak_mb:.0f} MB")
    if code == 0:
        try:
            rows = json.loads(stdout)["rows"]
        except (ValueError, KeyError):
            return Run(name, "crashed", seconds, peak_mb, "exit 0 without a JSON report")
        return Run(name, "loaded", seconds, peak_mb, f"{rows} people")
    if code == 2:
        line = lines[0] if lines else ""
        if len(lines) != 1 or path.name not in line or len(line) - len(path.name) > LONGEST_PLAIN_LINE:
            return Run(name, "bad refusal", seconds, peak_mb, stderr.strip()[:600])
        return Run(name, "refused", seconds, peak_mb, line)
    return Run(name, "crashed", seconds, peak_mb, f"exit {code}: {stderr.strip()[-300:]}")


def refusal_kind(run: Run) -> str:
    """A refusal's sentence with the file name and numbers taken out, to count alike ones together."""
    text = run.detail.split(": ", 1)[-1]
    base = Path(run.file).name
    text = text.replace(base, "FILE")
    text = re.sub(r"'[^']*'", "'…'", text)
    text = re.sub(r"\d[\d,.]*", "N", text)
    return text[:150]


def report(runs: list[Run], wall: float) -> None:
    counts = Counter(run.outcome for run in runs)
    print(f"{len(runs)} files in {wall:.0f} s")
    for outcome in ("loaded", "refused", "bad refusal", "traceback", "crashed", "hung", "over memory"):
        print(f"  {outcome:12} {counts.get(outcome, 0):5}")
    print("\nSlowest:")
    for run in sorted(runs, key=lambda r: -r.seconds)[:SHOWN]:
        print(f"  {run.seconds:6.1f} s  {run.peak_mb:6.0f} MB  {run.outcome:9}  {run.file}")
    print("\nLargest:")
    for run in sorted(runs, key=lambda r: -r.peak_mb)[:SHOWN]:
        print(f"  {run.peak_mb:6.0f} MB  {run.seconds:6.1f} s  {run.outcome:9}  {run.file}")
    refusals = [run for run in runs if run.outcome == "refused"]
    if refusals:
        longest = max(len(r.detail) - len(Path(r.file).name) for r in refusals)
        print(f"\nRefusals by kind (longest: {longest} characters besides the file name):")
        for kind, count in Counter(refusal_kind(r) for r in refusals).most_common(25):
            print(f"  {count:5}  {kind}")
    loaded = [run for run in runs if run.outcome == "loaded"]
    if loaded:
        print(f"\nLoaded: {len(loaded)} files, {sum(int(r.detail.split()[0]) for r in loaded):,} rows in all")
    for outcome in ("bad refusal", "traceback", "crashed", "hung", "over memory"):
        cases = [run for run in runs if run.outcome == outcome]
        if cases:
            print(f"\n{outcome.capitalize()}:")
            for run in cases:
                print(f"  {run.file} ({run.seconds:.1f} s, {run.peak_mb:.0f} MB): {run.detail}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--jobs", type=int, default=2, help="files checked at once (default 2)")
    parser.add_argument("--limit", type=int, help="check only the first N files")
    parser.add_argument("--only", help="check only files whose path contains TEXT")
    parser.add_argument("--list", action="store_true", help="print every file's outcome too")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"No corpus at {args.corpus}; nothing to check.")
        return 0
    files = corpus_files(args.corpus)
    if args.only:
        files = [f for f in files if args.only in str(f)]
    files = files[:args.limit] if args.limit else files
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(args.jobs, 1)) as pool:
        runs = list(pool.map(check, files))
    if args.list:
        for run in runs:
            print(f"{run.outcome:11} {run.seconds:6.1f} s {run.peak_mb:6.0f} MB  {run.file}: {run.detail[:200]}")
    report(runs, time.perf_counter() - started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
