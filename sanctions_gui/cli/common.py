"""What the subcommands share: the one-line error, the input, sheet and --map options, loading."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..core.headers import MappingError, parse_mapping
from ..core.paths import BUNDLED_WORKBOOK
from ..core.reading import LoadResult, WorkbookError, read_workbook
from ..core.sheets import SHEET_CHOICES, describe_sheet_choice


class CommandError(Exception):
    """A failure to report as one line on stderr."""


def add_input_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--input", metavar="FILE", help=f"the workbook to {what} (default: the bundled dataset)")


def _mapping_item(text: str) -> str:
    """Check one --map value as it is read, so a mistake is one line before anything is loaded."""
    try:
        parse_mapping([text])
    except MappingError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def add_mapping_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--map", dest="mapping", action="append", default=[], type=_mapping_item,
                        metavar='"HEADER=field"',
                        help='read the column headed HEADER as that field (a key such as us_designation_date, '
                             'or its label); "HEADER=" keeps it as an extra column. Repeat for several columns')


def mapping_of(args: argparse.Namespace) -> dict[str, str | None] | None:
    """The --map options as the reader takes them (None when there are none)."""
    items = getattr(args, "mapping", None)
    return parse_mapping(items) if items else None


def add_sheet_option(parser: argparse.ArgumentParser) -> None:
    meanings = ", ".join(f"{choice}: {describe_sheet_choice(choice)}" for choice in SHEET_CHOICES)
    parser.add_argument("--sheet", choices=SHEET_CHOICES, default="all", help=f"{meanings} (default: all)")


def load_input(args: argparse.Namespace) -> tuple[Path, LoadResult]:
    """The workbook named by --input, or the bundled one; an unreadable file is a CommandError."""
    path = Path(args.input) if args.input else BUNDLED_WORKBOOK
    try:
        return path, read_workbook(path, mapping=mapping_of(args))
    except WorkbookError as error:
        raise CommandError(str(error)) from None
