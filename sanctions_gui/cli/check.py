"""`check FILE [--json]`: read a workbook and print its import report."""

from __future__ import annotations

import argparse
import json
import sys

from ..core.reading import WorkbookError, read_workbook

NAMES = ("check",)


def register(subparsers) -> None:
    parser = subparsers.add_parser("check", help="read a workbook and print its import report")
    parser.add_argument("file", help="the .xlsx, .xlsm, .ods, .xls or .csv file to read")
    parser.add_argument("--json", action="store_true", help="print the report as one JSON object")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from . import CommandError

    try:
        result = read_workbook(args.file)
    except WorkbookError as error:
        raise CommandError(str(error)) from None
    if args.json:
        json.dump(result.report.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(result.report.to_text())
    return 0
