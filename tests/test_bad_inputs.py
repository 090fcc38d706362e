"""Every file of the bad-input corpus (tests/corpus.py) through the reader and `check`.

Each case must end in a load with the expected rows and report lines, or in one
WorkbookError naming the file: never another exception, a hang, a memory blow-up or a
change to the file. Timing here only catches hangs (the real speed is in bench/).
Memory is measured on the `check` child process (its peak resident size covers the
Rust reader too, which Python's own allocation tracing cannot see).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import openpyxl.xml
import pytest
from corpus import EXPECTED, build_corpus

from sanctions_gui.core.reading import WorkbookError, read_workbook

ROOT = Path(__file__).resolve().parents[1]
HANG_SECONDS = 300  # only a hang fails this; speed is measured in bench/
LONGEST_REFUSAL = 300  # characters: one sentence a user reads, the detail is in the report
CHECK_PEAK_RSS_BYTES = 1024**3  # the whole `check` process, interpreter and libraries included

CASES = sorted(EXPECTED)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    return build_corpus(tmp_path_factory.mktemp("corpus"))


def fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


@pytest.mark.parametrize("case", CASES)
def test_reader_loads_or_refuses_clearly(corpus, case):
    path, expected = corpus[case], EXPECTED[case]
    before = fingerprint(path)
    start = time.perf_counter()
    try:
        outcome = read_workbook(path)
    except WorkbookError as error:
        outcome = error
    elapsed = time.perf_counter() - start

    assert elapsed < HANG_SECONDS, f"{case}: reading took {elapsed:.1f} s"
    assert fingerprint(path) == before, f"{case}: the file was changed"
    if expected.loads:
        assert not isinstance(outcome, WorkbookError), f"{case}: {outcome}"
        assert len(outcome.frame) == expected.rows
        report = outcome.report.to_text()
        for phrase in expected.report:
            assert phrase in report, f"{case}: report lacks {phrase!r}:\n{report}"
    else:
        assert isinstance(outcome, WorkbookError), f"{case}: loaded instead of failing"
        message = str(outcome)
        assert path.name in message and expected.error in message, message


@dataclass
class Checked:
    returncode: int
    stdout: str
    stderr: str
    peak_rss: int


def run_check(path: Path, scratch: Path) -> Checked:
    """`main.py check FILE --json` in a child process, with that child's own peak memory."""
    out_file, err_file = scratch / "stdout", scratch / "stderr"
    with out_file.open("wb") as out, err_file.open("wb") as err:
        child = subprocess.Popen([sys.executable, "main.py", "check", str(path), "--json"],
                                 cwd=ROOT, stdout=out, stderr=err)
    killer = threading.Timer(3 * HANG_SECONDS, child.kill)
    killer.start()
    try:
        _, status, usage = os.wait4(child.pid, 0)  # wait4, unlike wait, gives this child's rusage
    finally:
        killer.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)
    return Checked(child.returncode, out_file.read_text(encoding="utf-8"),
                   err_file.read_text(encoding="utf-8", errors="replace"), usage.ru_maxrss * 1024)


@pytest.mark.parametrize("case", CASES)
def test_check_command_exits_cleanly(corpus, case, tmp_path):
    path, expected = corpus[case], EXPECTED[case]
    before = fingerprint(path)
    checked = run_check(path, tmp_path)

    assert fingerprint(path) == before, f"{case}: the file was changed"
    assert checked.peak_rss < CHECK_PEAK_RSS_BYTES, f"{case}: check used {checked.peak_rss / 1024**2:.0f} MB"
    assert "Traceback" not in checked.stderr and "panicked" not in checked.stderr, checked.stderr
    if expected.loads:
        assert checked.returncode == 0, checked.stderr
        assert json.loads(checked.stdout)["rows"] == expected.rows
    else:
        assert checked.returncode == 2, f"{case}: exit {checked.returncode}"
        lines = checked.stderr.strip().splitlines()
        assert len(lines) == 1 and path.name in lines[0] and expected.error in lines[0], checked.stderr
        assert len(lines[0]) <= LONGEST_REFUSAL, f"{case}: a {len(lines[0])}-character refusal"
        assert checked.stdout == ""


def test_openpyxl_parses_xml_with_defusedxml():
    """openpyxl (used by the export and by analysts' own files) refuses entity tricks only with defusedxml."""
    assert openpyxl.xml.DEFUSEDXML is True

