"""Command-line subcommands over the core: the same jobs as the window, without it.

Each subcommand lives in its own module, named in COMMANDS, with a `register(subparsers)`
function that adds its parser and sets `handler`. The modules are imported only to run a
command: telling a command from a file to open (`handles`) imports none of them, so
`sanctions-workbench FILE` opens the window without loading the readers and writers the
commands use. Errors end as one plain line on stderr and a non-zero exit status, never a
traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from .. import __version__

COMMANDS = ("check", "stats", "export", "compare")  # each the name of its module here
EXIT_FAILED = 2
# Options of the program itself, handled here rather than by opening the window.
PROGRAM_OPTIONS = ("-h", "--help", "--version", "--install-desktop-entry", "--remove-desktop-entry")


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors: usage is in --help, not in every mistake."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_FAILED, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="sanctions-workbench",
        description="Sanctions Workbench. Without a command it opens the window "
                    "(on FILE if given, else on the bundled dataset).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--install-desktop-entry", action="store_true",
                        help="Linux: add Sanctions Workbench and its icon to your applications menu")
    parser.add_argument("--remove-desktop-entry", action="store_true",
                        help="Linux: take them out of the menu again")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        importlib.import_module(f"{__name__}.{name}").register(subparsers)
    return parser


def handles(argv: Sequence[str]) -> bool:
    """Whether the arguments ask for a command or a program option, not for the window."""
    return bool(argv) and (argv[0] in COMMANDS or argv[0] in PROGRAM_OPTIONS)


def run(argv: Sequence[str]) -> int:
    from .common import CommandError

    parser = build_parser()
    args = parser.parse_args(list(argv))
    if args.install_desktop_entry or args.remove_desktop_entry:
        return _desktop_entry(parser.prog, install=args.install_desktop_entry)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return args.handler(args)
    except CommandError as error:
        print(f"{parser.prog} {args.command}: {error}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:  # output piped into `head` and the reader went away
        sys.stdout = None
        return 0


def _desktop_entry(prog: str, install: bool) -> int:
    from .. import desktop_entry

    try:
        done = desktop_entry.install() if install else desktop_entry.remove()
    except desktop_entry.DesktopEntryError as error:
        print(f"{prog}: {error}", file=sys.stderr)
        return EXIT_FAILED
    if install:
        print(f"Added Sanctions Workbench to the applications menu: {done[0]}, with its icon in "
              f"{desktop_entry.data_home() / 'icons' / 'hicolor'}.")
    else:
        print("Removed: " + ", ".join(map(str, done)) if done else "There was no desktop entry to remove.")
    return 0
