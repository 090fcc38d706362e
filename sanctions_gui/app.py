"""Entry point: a subcommand runs on the command line, anything else opens the window."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from . import cli

    if cli.handles(argv):
        return cli.run(argv)
    # Qt is imported only here, so the command line stays quick and works without a display.
    from .ui.main_window import run_window

    return run_window(argv)


if __name__ == "__main__":
    sys.exit(main())
