"""Entry point: a subcommand runs on the command line, anything else opens the window."""

from __future__ import annotations

import sys
from collections.abc import Sequence

EXIT_NO_DISPLAY = 2


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv:  # without arguments it is the window: the command line's modules (openpyxl, lxml…) stay unread
        from . import cli

        if cli.handles(argv):
            return cli.run(argv)
    return open_window(argv)


def open_window(argv: list[str]) -> int:
    """The window on FILE or the bundled dataset, or one line saying there is no screen for it."""
    from .display_check import missing_display

    problem = missing_display(argv)
    if problem is not None:
        print(f"sanctions-workbench: {problem}", file=sys.stderr)
        return EXIT_NO_DISPLAY
    from .core.early_read import EarlyRead, one_blas_thread

    one_blas_thread()
    # The window's core (pandas and numpy with it) is imported before Qt: PySide6 reads the
    # source of every module imported after it, looking for `__feature__` switches.
    from .core import caveats, person, session, view, workspace  # noqa: F401
    from .core.paths import BUNDLED_WORKBOOK

    early_read = EarlyRead.start(argv[0] if argv else BUNDLED_WORKBOOK)  # read while Qt loads
    if early_read is None:  # the window reads its first workbook itself: the reading stack too
        from .core import opening, reading  # noqa: F401

    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from .core.paths import ICONS
    from .desktop_entry import APP_ID
    from .ui.startup import run_window

    existing = QApplication.instance()
    app = existing or QApplication([sys.argv[0], *argv])
    icon = QIcon()
    for png in sorted(ICONS.glob(f"{APP_ID}-*.png")):
        icon.addFile(str(png))
    app.setWindowIcon(icon)
    app.setDesktopFileName(APP_ID)  # Wayland and the task bar match the window to its .desktop entry
    # A new QApplication takes Qt's own options (-platform …) out of what the window sees.
    return run_window(argv if existing else app.arguments()[1:], early_read)


if __name__ == "__main__":
    sys.exit(main())
