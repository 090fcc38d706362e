"""`stats [--input FILE] [--as-of YYYY-MM-DD] [--sheet post|pre|all] [--json]`: compare administrations."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import pandas as pd

from ..core.session import Session
from ..core.sheets import describe_sheet_choice
from ..core.stats import SERIES_LABELS, administration_stats, bar_label
from ..core.view import Dataset
from .common import CommandError, add_input_option, add_mapping_option, add_sheet_option, load_input



def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "stats", help="compare administrations: people designated and active in the security forces")
    add_input_option(parser, "count")
    parser.add_argument("--as-of", metavar="YYYY-MM-DD",
                        help="count designations on or before this day only")
    add_sheet_option(parser)
    add_mapping_option(parser)
    parser.add_argument("--json", action="store_true", help="print a JSON list, one object per administration")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    as_of = _parse_day(args.as_of) if args.as_of is not None else None
    path, loaded = load_input(args)
    session = Session(rules=[])  # the rows counted are the rows a window on this sheet shows
    session.set_dataset(Dataset(loaded.frame, path, loaded.report))
    session.set_sheet(args.sheet)
    table = administration_stats(session.dataset.frame, as_of=as_of, rows=session.shown_mask())
    if args.json:
        json.dump(table.to_dict(orient="records"), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(_title(path, as_of, args.sheet))
        print(_text_table(table) if len(table) else "No designations match.")
    return 0


def _parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of: '{text}' is not a date (use YYYY-MM-DD)") from None


def _title(path: Path, as_of: dt.date | None, sheet: str) -> str:
    limit = f", designations on or before {as_of.isoformat()}" if as_of else ""
    return f"{path.name}: {describe_sheet_choice(sheet)}{limit}"


def _text_table(table: pd.DataFrame) -> str:
    """Administrations as aligned columns, with a total row; shares as "5 of 7 — 71%"."""
    others = [column for column in SERIES_LABELS if column not in ("designated", "active_security")]
    total = {"administration": "Total", **table[list(SERIES_LABELS)].sum().to_dict()}
    header = ("Administration", *SERIES_LABELS.values())
    cells = [header] + [
        (row["administration"], str(row["designated"]), bar_label(row["active_security"], row["designated"]),
         *(str(row[column]) for column in others))
        for row in [*table.to_dict(orient="records"), total]
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) if i == 0 else cell.rjust(width)
                       for i, (cell, width) in enumerate(zip(row, widths))) for row in cells]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
