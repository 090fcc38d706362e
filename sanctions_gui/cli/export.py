"""`export --output OUT [--input FILE] [--rules FILE.json ...] [--preset NAME ...] [--only-highlighted]
[--search TEXT] [--sheet post|pre|all] [--csv]`: the window's export, for batch use.

The rows are chosen by a `Session`, as the window's table is, the columns are the window's
default ones, and rules colour the rows (and fill "Matched rules") as they do on screen, so
a file made here equals the one the window would make. A rule file or preset set with a
view ("WOLA, September 2018") is opened as the window opens it: its sheet (unless --sheet
is given) and its designation cut apply.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from ..core.columns import default_columns
from ..core.export import ExportError, export_view
from ..core.folding import fold
from ..core.rules import RuleFileError, RuleSet, load_preset_sets, load_presets, load_rule_set
from ..core.session import Session
from ..core.view import Dataset
from .common import CommandError, add_input_option, add_mapping_option, add_sheet_option, load_input

RULE_FILE, PRESET = "rule file", "preset"


def _tagged(kind: str) -> Callable[[str], tuple[str, str]]:
    """Tag --rules and --preset values alike so the rules keep their command-line order."""
    def tag(value: str) -> tuple[str, str]:
        return kind, value
    tag.__name__ = kind
    return tag


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "export", help="write the people a search, sheet and rules select to .xlsx or .csv",
        description="Write people to a new .xlsx (or .csv) file, as the window's export does: "
                    "rows coloured by the rules, an \"About this export\" sheet, formulas kept as text. "
                    "Rules apply in the order given; a row takes the colour of the first it matches.")
    parser.add_argument("--output", "-o", required=True, metavar="OUT",
                        help="the file to write, .xlsx or .csv; it must not be the input file")
    add_input_option(parser, "read")
    parser.add_argument("--rules", dest="rule_sources", action="extend", nargs="+", type=_tagged(RULE_FILE),
                        metavar="FILE.json", help="highlighting rule files (see docs/rules.md); a file's view "
                                                  "sets its sheet and designation cut")
    parser.add_argument("--preset", dest="rule_sources", action="extend", nargs="+", type=_tagged(PRESET),
                        metavar="NAME", help='shipped rules or rule sets by name, e.g. "Designated under Obama", '
                                             '"WOLA, September 2018"')
    parser.add_argument("--only-highlighted", action="store_true", help="export only rows a rule (or the file) colours")
    parser.add_argument("--search", default="", metavar="TEXT",
                        help="keep rows whose name, aliases, position or institution hold every word")
    add_sheet_option(parser)
    parser.set_defaults(sheet=None)  # all sheets, unless a rule set's view names one
    add_mapping_option(parser)
    parser.add_argument("--csv", action="store_true", help="write CSV (UTF-8) whatever OUT is called")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    rule_sets = _rule_sets(args.rule_sources or [])
    path, loaded = load_input(args)
    session = Session(rules=())  # no workspace: the analyst's notes and hand colours stay out
    session.set_dataset(Dataset(loaded.frame, path, loaded.report))
    for rule_set in rule_sets:
        session.open_rule_set(rule_set, f"add the rules of {rule_set.name}", add=True)
    if args.sheet is not None:
        session.set_sheet(args.sheet)
    session.set_search(args.search)
    session.set_only_highlighted(args.only_highlighted)
    request = session.export_request(default_columns(session.dataset.frame), matched_rules_column=bool(session.rules))
    try:
        written = export_view(request, args.output, "csv" if args.csv else None)
    except ExportError as error:
        raise CommandError(str(error)) from None
    print(f"Exported {len(request.view):,} of {len(session.dataset):,} people to {written}")
    return 0


def _rule_sets(sources: list[tuple[str, str]]) -> list[RuleSet]:
    """The rules (and view) of each --rules file and --preset name, in the order given."""
    try:
        presets = [RuleSet((rule,), name=rule.name) for rule in load_presets()] + load_preset_sets() \
            if any(kind == PRESET for kind, _ in sources) else []
        return [load_rule_set(value) if kind == RULE_FILE else _preset(value, presets) for kind, value in sources]
    except RuleFileError as error:
        raise CommandError(str(error)) from None


def _preset(name: str, presets: list[RuleSet]) -> RuleSet:
    for preset in presets:
        if fold(preset.name) == fold(name):
            return preset
    names = "; ".join(f"\u201c{preset.name}\u201d" for preset in presets)
    raise CommandError(f"there is no preset rule or rule set called \u201c{name}\u201d. Presets: {names}.")
