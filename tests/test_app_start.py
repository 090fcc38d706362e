"""Start-up outside the window code: which arguments open the window, and the app's icon."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest

from sanctions_gui import app, cli
from sanctions_gui.ui import startup
from workbooks import write_sheet


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


def test_every_command_told_from_a_file_is_one_the_help_lists(capsys):
    with pytest.raises(SystemExit):
        cli.run(["--help"])
    commands = capsys.readouterr().out.split("  COMMAND\n", 1)[1]
    listed = [line.split()[0] for line in commands.splitlines() if line.startswith("    ") and line.split()
              and not line.startswith("     ")]
    assert listed == list(cli.COMMANDS)


def test_files_open_the_window_and_commands_or_options_do_not():
    assert not cli.handles([]) and not cli.handles(["people.xlsx"]) and not cli.handles(["-platform", "xcb"])
    assert all(cli.handles([first]) for first in ("check", "stats", "export", "--help", "--version",
                                                   "--install-desktop-entry", "--remove-desktop-entry"))


@pytest.mark.parametrize("arguments", [[], ["people.xlsx"]], ids=["no file", "a file to open"])
def test_the_window_loads_neither_the_commands_nor_openpyxl(tmp_path, arguments):
    """Libraries the window does not need at start-up (openpyxl for exports, lxml for list
    files, the commands and their readers) wait until used: a fresh process, stopped where
    the window would open, has not imported them. With a file to open it imported every
    command's module, only to learn that the file was not one of their names."""
    probe = ("import sys\n"
             "from sanctions_gui import app\n"
             "from sanctions_gui.ui import startup\n"
             "def stop(argv, early_read=None):\n"
             "    print(sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'lxml') or "
             "m.startswith('sanctions_gui.cli.')))\n"
             "    return 0\n"
             "startup.run_window = stop\n"
             f"sys.exit(app.main({arguments!r}))\n")
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", SANCTIONS_WORKBENCH_HOME=str(tmp_path))
    shown = subprocess.run([sys.executable, "-c", probe], env=environment, capture_output=True, text=True,
                           timeout=300, check=True).stdout
    assert shown.strip() == "[]"


def test_the_window_shows_its_first_workbook_before_loading_what_waits_for_first_use(tmp_path):
    """The editors, dialogs, popups, charts, the person pane's pages and the fuzzy matcher are imported
    when first used: a fresh process showing the bundled workbook has not imported them (cold start, issue 14)."""
    waiting = ("sanctions_gui.ui.cell_editors", "sanctions_gui.ui.person_editor", "sanctions_gui.ui.rule_editor",
               "sanctions_gui.ui.columns_dialog", "sanctions_gui.ui.filter_popup", "sanctions_gui.ui.guide",
               "sanctions_gui.ui.import_report_dialog", "sanctions_gui.ui.changes_view",
               "sanctions_gui.ui.person_dialogs", "sanctions_gui.ui.chart_panel", "sanctions_gui.ui.person_page",
               "sanctions_gui.ui.person_widgets", "sanctions_gui.ui.timeline", "sanctions_gui.ui.flow_layout",
               "pyqtgraph", "rapidfuzz")
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


@pytest.mark.skipif(sys.platform != "linux" or len(os.sched_getaffinity(0)) < 2,
                    reason="the early read forks, on Linux with two cores or more")
def test_the_window_shows_a_workbook_read_at_launch_without_loading_the_reader(tmp_path):
    """On Linux the first workbook is read by a child forked at launch (core/early_read.py):
    the window shows that file's people, and its own process never loaded the reading stack."""
    path = write_sheet(tmp_path / "mine.xlsx", [["Name", "Date sanctioned"], ["Néstor Reverol", dt.date(2017, 7, 26)],
                                                ["Tibisay Lucena", dt.date(2017, 7, 31)]])
    reader = ("sanctions_gui.core.reading", "sanctions_gui.core.sheet_frame", "sanctions_gui.core.headers",
              "python_calamine")
    # The window is watched from an import hook: importing its modules (Qt) ahead of the
    # program would rightly stop the launch from forking.
    probe = ("import importlib.abc, importlib.machinery, os, sys\n"
             "def watch(startup):\n"
             "    show_when_ready = startup.show_when_ready\n"
             "    def watching(window):\n"
             "        def loaded(dataset):\n"
             "            print(dataset.frame['name'].tolist(), window.windowTitle(),\n"
             f"                  sorted(m for m in {reader!r} if m in sys.modules), flush=True)\n"
             "            os._exit(0)\n"
             "        window.dataset_loaded.connect(loaded)\n"
             "        show_when_ready(window)\n"
             "    startup.show_when_ready = watching\n"
             "class WhenStartupLoads(importlib.abc.MetaPathFinder):\n"
             "    def find_spec(self, name, path, target=None):\n"
             "        if name != 'sanctions_gui.ui.startup':\n"
             "            return None\n"
             "        spec = importlib.machinery.PathFinder.find_spec(name, path)\n"
             "        load = spec.loader.exec_module\n"
             "        spec.loader.exec_module = lambda module: (load(module), watch(module))\n"
             "        return spec\n"
             "sys.meta_path.insert(0, WhenStartupLoads())\n"
             "from sanctions_gui import app\n"
             f"sys.exit(app.main([{str(path)!r}]))\n")
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", SANCTIONS_WORKBENCH_HOME=str(tmp_path / "home"),
                       XDG_CONFIG_HOME=str(tmp_path / "config"))
    shown = subprocess.run([sys.executable, "-c", probe], env=environment, capture_output=True, text=True,
                           timeout=300, check=True).stdout
    assert shown.strip() == "['Néstor Reverol', 'Tibisay Lucena'] mine.xlsx — Sanctions Workbench []"
