"""`compare --sdn PATH [--input FILE] [--against-list OLD_PATH] [--list-date YYYY-MM-DD]
[--scope venezuela|all] [--json] [--output OUT.xlsx]`: a database, or an older list, against a list.

Without --against-list the database (--input, else the bundled dataset) is compared with
the list; with it, the two lists are. Everything is read and compared before anything is
written, so a bad file or argument writes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from ..core.export import ExportError
from ..core.lists.compare import compare_lists, compare_with_database
from ..core.lists.comparison import CATEGORIES, CATEGORY_LABELS, Comparison
from ..core.lists.model import ListFileError
from ..core.lists.reading import read_list
from ..core.lists.scope import SCOPES, VENEZUELA, describe_scope
from .common import CommandError, add_input_option, load_input

SHOWN_PER_CATEGORY = 15


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "compare", help="compare the database (or an older list) with an official sanctions list",
        description="Compare a database with an official list file (OFAC sdn.csv set, sdn.xml, SDN_ADVANCED.XML, "
                    "OpenSanctions targets.simple.csv or FollowTheMoney JSON): who is new, no longer listed, "
                    "changed, uncertain or matched. With --against-list, compare two downloads of a list.")
    parser.add_argument("--sdn", required=True, metavar="PATH", help="the (newer) list file")
    add_input_option(parser, "compare")
    parser.add_argument("--against-list", metavar="OLD_PATH", help="an older list file to compare with, "
                        "instead of a database")
    parser.add_argument("--list-date", type=_day, metavar="YYYY-MM-DD",
                        help="the list's publication date, where the file does not state it")
    parser.add_argument("--scope", choices=SCOPES, default=VENEZUELA,
                        help=f"venezuela (default): {describe_scope(VENEZUELA)}; all: every listed individual")
    parser.add_argument("--json", action="store_true", help="print the result as one JSON object")
    parser.add_argument("--output", "-o", metavar="OUT.xlsx", help="also write the comparison to an Excel file")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.against_list and args.input:
        raise CommandError("give --input (a database) or --against-list (an older list), not both")
    if args.output and not args.output.lower().endswith(".xlsx"):
        raise CommandError(f"--output must name an .xlsx file, not '{args.output}'")
    comparison = _compare(args)
    if args.output:
        from ..core.lists.export import export_comparison  # openpyxl loads only to write one

        try:
            export_comparison(comparison, args.output)
        except ExportError as error:
            raise CommandError(str(error)) from None
    if args.json:
        json.dump(comparison.to_dict(), sys.stdout, ensure_ascii=False, indent=2, default=str)
        print()
    else:
        print(_text(comparison))
        if args.output:
            print(f"\nWritten to {args.output}")
    return 0


def _compare(args: argparse.Namespace) -> Comparison:
    try:
        if args.against_list:
            newer = read_list(args.sdn, args.list_date, require_date=False)
            return compare_lists(read_list(args.against_list, require_date=False), newer, args.scope)
        listed = read_list(args.sdn, args.list_date)
    except ListFileError as error:
        message = str(error)
        if "does not say when" in message:
            message = message.replace("give the list's date (YYYY-MM-DD)", "give it with --list-date YYYY-MM-DD")
        raise CommandError(message) from None
    path, loaded = load_input(args)
    return compare_with_database(listed, loaded.frame, path, args.scope)


def _text(comparison: Comparison) -> str:
    lines = [comparison.list_file.describe()]
    if comparison.old_list is not None:
        lines.append(f"against {comparison.old_list.describe()}")
    elif comparison.database is not None:
        lines.append(f"against {comparison.database.name}")
    lines.append(f"Scope: {describe_scope(comparison.scope)} ({comparison.in_scope:,} on the list)")
    for list_file in filter(None, (comparison.list_file, comparison.old_list)):
        lines += [f"  warning: {w}" for w in list_file.warnings]
    lines += [f"Note: {note}" for note in comparison.notes]
    counts = comparison.counts()
    lines.append(", ".join(f"{CATEGORY_LABELS[c]} {counts[c]}" for c in CATEGORIES))
    for category in CATEGORIES:
        items = comparison.items.get(category, [])
        if not items or category == "matched":
            continue
        lines.append(f"\n{CATEGORY_LABELS[category]} ({len(items)}):")
        for item in items[:SHOWN_PER_CATEGORY]:
            lines.append(f"  {item.name}: {item.reason}")
            lines += [f"      {d.field}: {d.old or '(empty)'} -> {d.new or '(empty)'}" for d in item.differences]
        if len(items) > SHOWN_PER_CATEGORY:
            lines.append(f"  … and {len(items) - SHOWN_PER_CATEGORY} more (--json or --output for all)")
    return "\n".join(lines)
