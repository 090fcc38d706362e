"""Read .xls and .ods files in a child process that cannot take the app, or the machine, down.

The native readers trust sizes written in these files: an OLE sector chain that loops, or
a record asking for terabytes, makes them allocate until the kernel kills whatever it
finds, and a failed allocation aborts the process with nothing to catch. So the cells
are read in a child process with its address space limited (`resource.setrlimit
(RLIMIT_AS)`, MEMORY_LIMIT_BYTES) and its CPU time limited, and the app kills it after
TIME_LIMIT_SECONDS of wall-clock time. Whichever bound is hit, the user gets one line
saying which.

The child runs `python -m sanctions_gui.core.bounded_reading`, which imports only the
standard library and python-calamine (calamine_sheets.py), so it starts in about 30 ms:
the whole app is not loaded a second time. The parent hands it the file's bytes on
stdin (so a misnamed file is read by its contents) and the sheets to leave out; the
child sends the cells back pickled, and the parent unpickles only plain values.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

from . import refusals
from .calamine_sheets import ENTITIES, PASSWORD, RawSheet, ReaderFailure, read_sheets
from .import_report import WorkbookError

MEMORY_LIMIT_BYTES = 1024**3
TIME_LIMIT_SECONDS = 30
OUT_OF_MEMORY = "memory"
_PROJECT_ROOT = Path(__file__).resolve().parents[2]


def read_bounded(path: Path, data: bytes, refused: dict[str, str]) -> tuple[list[RawSheet], list[tuple[str, str]]]:
    """The sheets of an .xls or .ods file given as bytes, read in a bounded child process.

    `refused` maps sheet names to a reason not to read them (judged beforehand from the
    file's records). Raises WorkbookError with one plain sentence when reading fails.
    """
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(_PROJECT_ROOT), os.environ.get("PYTHONPATH")]))}
    command = [sys.executable, "-m", "sanctions_gui.core.bounded_reading", json.dumps(refused)]
    try:
        done = subprocess.run(command, input=data, capture_output=True, env=environment, cwd=_PROJECT_ROOT,
                              timeout=TIME_LIMIT_SECONDS)
    except subprocess.TimeoutExpired:
        raise WorkbookError(refusals.too_slow(path, TIME_LIMIT_SECONDS)) from None
    if done.returncode != 0 or not done.stdout:
        if b"memory allocation" in done.stderr or b"MemoryError" in done.stderr:
            raise WorkbookError(refusals.too_much_memory(path, MEMORY_LIMIT_BYTES // 1024**2))
        if done.returncode in (-24, 128 + 24):  # SIGXCPU: the CPU limit
            raise WorkbookError(refusals.too_slow(path, TIME_LIMIT_SECONDS))
        raise WorkbookError(refusals.damaged(path, "the spreadsheet reader stopped on it"))
    outcome = _PlainUnpickler(io.BytesIO(done.stdout)).load()
    if isinstance(outcome, str):
        raise WorkbookError(_failure_message(path, outcome))
    sheets, skipped = outcome
    return [RawSheet(*fields) for fields in sheets], [tuple(pair) for pair in skipped]


def _failure_message(path: Path, kind: str) -> str:
    if kind == PASSWORD:
        return refusals.password(path)
    if kind == ENTITIES:
        return refusals.entities(path)
    if kind == OUT_OF_MEMORY:
        return refusals.too_much_memory(path, MEMORY_LIMIT_BYTES // 1024**2)
    return refusals.damaged(path)


class _PlainUnpickler(pickle.Unpickler):
    """Unpickles lists, strings, numbers and dates only: what the child sends, nothing that runs code."""

    ALLOWED = {("datetime", name): getattr(dt, name) for name in ("date", "datetime", "time", "timedelta")}

    def find_class(self, module: str, name: str):
        if (module, name) in self.ALLOWED:
            return self.ALLOWED[(module, name)]
        raise pickle.UnpicklingError(f"{module}.{name} is not a cell value")


def _child() -> None:
    """The child side: bound itself, read the bytes on stdin, pickle the cells or a failure kind."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
        resource.setrlimit(resource.RLIMIT_CPU, (TIME_LIMIT_SECONDS, TIME_LIMIT_SECONDS))
    except (ImportError, ValueError, OSError):  # no resource module (Windows): the wall clock still bounds it
        pass
    refused = json.loads(sys.argv[1])
    try:
        data = sys.stdin.buffer.read()
        sheets, skipped = read_sheets(data, refuse=refused.get)
        outcome: object = ([(s.name, s.rows, s.first_row, s.first_column, s.merged) for s in sheets], skipped)
    except ReaderFailure as failure:
        outcome = failure.kind
    except MemoryError:
        outcome = OUT_OF_MEMORY
    sys.stdout.buffer.write(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    _child()
