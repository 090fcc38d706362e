"""`check FILE [--json] [--map "HEADER=field" ...]`: read a workbook and print its import report."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from ..core.reading import WorkbookError, read_workbook
from .common import CommandError, add_mapping_option, mapping_of



def register(subparsers) -> None:
    parser = subparsers.add_parser("check", help="read a workbook and print its import report")
    parser.add_argument("file", help="the .xlsx, .xlsm, .ods, .xls or .csv file to read")
    parser.add_argument("--json", action="store_true", help="print the report as one JSON object")
    add_mapping_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        with _native_stderr_silenced():
            result = read_workbook(args.file, mapping=mapping_of(args))
    except WorkbookError as error:
        raise CommandError(str(error)) from None
    if args.json:
        json.dump(result.report.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(result.report.to_text())
    return 0


@contextmanager
def _native_stderr_silenced() -> Iterator[None]:
    """Hide what native readers write straight to file descriptor 2 while a file is read.

    python-calamine's Rust code prints a panic report (with a backtrace when
    RUST_BACKTRACE is set) on a malformed file before the reader turns the panic into
    a plain WorkbookError; the user should see that one plain line only.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 2)
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
