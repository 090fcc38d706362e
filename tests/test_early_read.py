"""The first workbook, read at launch in a forked child while the window's libraries load
(issue 14): the window gets the same dataset it would have read, and reads the file itself
whenever the early read might differ (the file changed, columns remembered for it, another
file, a failure). Each case runs in a fresh interpreter, as a launch does: the test process
has Qt loaded, where forking is refused."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sanctions_gui.core.early_read import EarlyRead
from workbooks import write_sheet

ROOT = Path(__file__).resolve().parents[1]
PEOPLE = [["Name", "Date sanctioned", "Reason"],
          ["Néstor Reverol", dt.date(2017, 7, 26), "Narcotics"],
          ["Tibisay Lucena", dt.date(2017, 7, 31), "Undermining democracy"]]

pytestmark = pytest.mark.skipif(sys.platform != "linux" or len(os.sched_getaffinity(0)) < 2,
                                reason="the early read forks, on Linux with two cores or more")


def launch(script: str, path: Path) -> dict:
    """Run `script` in a fresh interpreter with `path` and EarlyRead.start(path) as `early`
    set up first, as the app's launch does (the core imported, Qt not); the script prints
    one JSON line as its last."""
    prologue = ("import json, os, sys\n"
                "from pathlib import Path\n"
                "from sanctions_gui.core.early_read import EarlyRead, one_blas_thread\n"
                "one_blas_thread()\n"
                "from sanctions_gui.core import caveats, person, session, view, workspace\n"
                f"path = Path({str(path)!r})\n"
                "def children_left():\n"
                "    try:\n"
                "        return os.waitpid(-1, os.WNOHANG) is not None\n"
                "    except ChildProcessError:\n"
                "        return False\n"
                "early = EarlyRead.start(path)\n"
                "assert early is not None, 'no early read in a fresh process'\n")
    done = subprocess.run([sys.executable, "-c", prologue + textwrap.dedent(script)], cwd=ROOT,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_the_early_read_gives_the_dataset_the_window_would_read(tmp_path):
    path = write_sheet(tmp_path / "mine.xlsx", PEOPLE)
    shown = launch("""
        from sanctions_gui.core.opening import prepare_dataset
        early_dataset = early.take(path)
        own = prepare_dataset(path, lambda *a: None, lambda: False)
        print(json.dumps({"same frame": early_dataset.frame.equals(own.frame),
                          "names": early_dataset.frame["name"].tolist(),
                          "same report": early_dataset.report.to_text() == own.report.to_text(),
                          "source": str(early_dataset.source)}))
        """, path)
    assert shown == {"same frame": True, "names": ["Néstor Reverol", "Tibisay Lucena"], "same report": True,
                     "source": str(path)}


def test_a_file_changed_after_launch_is_read_again_by_the_window(tmp_path):
    path = write_sheet(tmp_path / "mine.xlsx", PEOPLE)
    shown = launch("""
        import time
        from openpyxl import load_workbook
        time.sleep(0.05)
        book = load_workbook(path)
        book.active.append(["Diosdado Cabello", None, "Narcotics"])
        book.save(path)
        print(json.dumps({"taken": early.take(path) is not None}))
        """, path)
    assert shown == {"taken": False}


def test_columns_remembered_for_the_file_or_its_layout_make_the_window_read_it_itself(tmp_path):
    path = write_sheet(tmp_path / "mine.xlsx", PEOPLE)
    shown = launch("""
        from sanctions_gui.core.mapping_memory import RememberedMappings
        from sanctions_gui.core.workspace import dataset_key
        by_file = RememberedMappings({"layout": {"Reason": None}}, {dataset_key(path): "layout"})
        print(json.dumps({"by file": early.take(path, by_file) is not None}))
        """, path)
    assert shown == {"by file": False}
    shown = launch("""
        from sanctions_gui.core.mapping_memory import RememberedMappings
        from sanctions_gui.core.reading import read_workbook
        by_layout = RememberedMappings({read_workbook(path).report.layout_key(): {"Reason": None}})
        print(json.dumps({"by layout": early.take(path, by_layout) is not None}))
        """, path)
    assert shown == {"by layout": False}


def test_other_columns_remembered_do_not_stop_the_early_read_being_used(tmp_path):
    path = write_sheet(tmp_path / "mine.xlsx", PEOPLE)
    shown = launch("""
        from sanctions_gui.core.mapping_memory import RememberedMappings
        others = RememberedMappings({"another layout": {"Reason": None}}, {"/elsewhere/other.xlsx": "another layout"})
        print(json.dumps({"taken": early.take(path, others) is not None}))
        """, path)
    assert shown == {"taken": True}


def test_an_unreadable_file_is_left_to_the_window_to_report(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not a workbook")
    shown = launch("""
        from sanctions_gui.core.import_report import WorkbookError
        from sanctions_gui.core.opening import prepare_dataset
        taken = early.take(path)
        try:
            prepare_dataset(path, lambda *a: None, lambda: False)
            message = ""
        except WorkbookError as error:
            message = str(error)
        print(json.dumps({"taken": taken is not None, "message": message}))
        """, path)
    assert shown["taken"] is False
    assert "broken.xlsx" in shown["message"]


def test_opening_another_file_first_stops_the_early_read_and_leaves_no_process(tmp_path):
    path = write_sheet(tmp_path / "mine.xlsx", PEOPLE)
    other = write_sheet(tmp_path / "other.xlsx", PEOPLE[:2])
    shown = launch(f"""
        taken = early.take(Path({str(other)!r}))
        again = early.take(path)  # once discarded, it is gone for good
        print(json.dumps({{"taken": taken is not None, "again": again is not None, "children": children_left()}}))
        """, path)
    assert shown == {"taken": False, "again": False, "children": False}


def test_cancelling_while_waiting_for_the_early_read_stops_it(tmp_path):
    path = write_sheet(tmp_path / "mine.xlsx", PEOPLE)
    shown = launch("""
        from sanctions_gui.core.reading import LoadCancelled
        try:
            early.take(path, cancelled=lambda: True)
            outcome = "taken"
        except LoadCancelled:
            outcome = "cancelled"
        print(json.dumps({"outcome": outcome, "children": children_left()}))
        """, path)
    assert shown == {"outcome": "cancelled", "children": False}


def test_no_early_read_in_a_process_running_a_second_thread(tmp_path):
    """A process of several threads is not forked: the child could inherit a lock held by one."""
    path = write_sheet(tmp_path / "mine.xlsx", PEOPLE)
    script = ("import threading\n"
              "from sanctions_gui.core.early_read import EarlyRead\n"
              "stop = threading.Event()\n"
              "threading.Thread(target=stop.wait).start()\n"
              f"print(EarlyRead.start({str(path)!r}) is None)\n"
              "stop.set()\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                          capture_output=True, text=True, timeout=300, check=True)
    assert done.stdout.split() == ["True"]


def test_no_early_read_where_qt_is_already_loaded(tmp_path, qapp):
    """Forking a process that holds Qt and its threads is not safe: it reads the file itself."""
    assert EarlyRead.start(write_sheet(tmp_path / "mine.xlsx", PEOPLE)) is None


def test_no_early_read_of_a_missing_file(tmp_path):
    assert EarlyRead.start(tmp_path / "gone.xlsx") is None
