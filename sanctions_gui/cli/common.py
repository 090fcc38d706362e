"""What the subcommands share: the one-line error, the input and sheet options, loading."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..core.paths import BUNDLED_WORKBOOK
from ..core.reading import LoadResult, WorkbookError, read_workbook
from ..core.sheets import SHEET_CHOICES, describe_sheet_choice


class CommandError(Exception):
    """A failure to report as one line on stderr."""


def add_input_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--input", metavar="FILE", help=f"the workbook to {what} (default: the bundled dataset)")


def add_sheet_option(parser: argparse.ArgumentParser) -> None:
    meanings = ", ".join(f"{choice}: {describe_sheet_choice(choice)}" for choice in SHEET_CHOICES)
    parser.add_argument("--sheet", choices=SHEET_CHOICES, default="all", help=f"{meanings} (default: all)")


def load_input(args: argparse.Namespace) -> tuple[Path, LoadResult]:
    """The workbook named by --input, or the bundled one; an unreadable file is a CommandError."""
    path = Path(args.input) if args.input else BUNDLED_WORKBOOK
    try:
        return path, read_workbook(path)
    except WorkbookError as error:
        raise CommandError(str(error)) from None
