"""Start-up outside the window code: which arguments open the window, and the app's icon."""

from __future__ import annotations

from sanctions_gui import app, cli
from sanctions_gui.ui import startup


def test_the_window_gets_the_app_icon_and_its_desktop_name(qapp, monkeypatch):
    seen = {}

    def fake_run_window(argv, early_read=None):
        seen["argv"] = argv
        seen["icon sizes"] = {size.width() for size in qapp.windowIcon().availableSizes()}
        seen["desktop name"] = qapp.desktopFileName()
        return 0

    monkeypatch.setattr(startup, "run_window", fake_run_window)

    assert app.open_window(["people.xlsx"]) == 0
    assert seen["argv"] == ["people.xlsx"]
    assert {16, 32, 48, 256} <= seen["icon sizes"]
    assert seen["desktop name"] == "sanctions-workbench"


def test_files_open_the_window_and_commands_or_options_do_not():
    assert not cli.handles([]) and not cli.handles(["people.xlsx"]) and not cli.handles(["-platform", "xcb"])
    assert all(cli.handles([first]) for first in ("check", "stats", "export", "--help", "--version",
                                                   "--install-desktop-entry", "--remove-desktop-entry"))


def test_the_window_without_arguments_loads_neither_the_command_line_nor_openpyxl(tmp_path):
    """Libraries the window does not need at start-up (openpyxl for exports, lxml for list
    files, the command-line parsers) wait until used: a fresh process, stopped where the
    window would open, has not imported them."""
    import os
    import subprocess
    import sys

    probe = ("import sys\n"
             "from sanctions_gui import app\n"
             "from sanctions_gui.ui import startup\n"
             "def stop(argv, early_read=None):\n"
             "    print(sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'lxml') or "
             "m.startswith('sanctions_gui.cli')))\n"
             "    return 0\n"
             "startup.run_window = stop\n"
             "sys.exit(app.main([]))\n")
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", SANCTIONS_WORKBENCH_HOME=str(tmp_path))
    shown = subprocess.run([sys.executable, "-c", probe], env=environment, capture_output=True, text=True,
                           timeout=300, check=True).stdout
    assert shown.strip() == "[]"


def test_the_window_shows_its_first_workbook_before_loading_what_waits_for_first_use(tmp_path):
    """The editors, dialogs, popups, charts and the fuzzy matcher are imported when first used:
    a fresh process showing the bundled workbook has not imported them (cold start, issue 14)."""
    import os
    import subprocess
    import sys

    waiting = ("sanctions_gui.ui.cell_editors", "sanctions_gui.ui.person_editor", "sanctions_gui.ui.rule_editor",
               "sanctions_gui.ui.columns_dialog", "sanctions_gui.ui.filter_popup", "sanctions_gui.ui.guide",
               "sanctions_gui.ui.import_report_dialog", "sanctions_gui.ui.changes_view",
               "sanctions_gui.ui.person_dialogs", "sanctions_gui.ui.chart_panel", "pyqtgraph", "rapidfuzz")
    probe = ("import os, sys\n"
             "from sanctions_gui import app\n"
             "from sanctions_gui.ui import startup\n"
             "show_when_ready = startup.show_when_ready\n"
             "def watch(window):\n"
             "    def loaded(dataset):\n"
             f"        print(len(dataset.frame), sorted(m for m in {waiting!r} if m in sys.modules), flush=True)\n"
             "        os._exit(0)\n"
             "    window.dataset_loaded.connect(loaded)\n"
             "    show_when_ready(window)\n"
             "startup.show_when_ready = watch\n"
             "sys.exit(app.main([]))\n")
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", SANCTIONS_WORKBENCH_HOME=str(tmp_path),
                       XDG_CONFIG_HOME=str(tmp_path))
    shown = subprocess.run([sys.executable, "-c", probe], env=environment, capture_output=True, text=True,
                           timeout=300, check=True).stdout
    people, imported = shown.split(" ", 1)
    assert int(people) > 200 and imported.strip() == "[]"
