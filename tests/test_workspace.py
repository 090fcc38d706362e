"""The workspace store: notes, flags and highlights kept apart from the workbook, and never lost."""

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from sanctions_gui.core import schema
from sanctions_gui.core.paths import BUNDLED_WORKBOOK, PROJECT_ROOT
from sanctions_gui.core.reading import read_workbook
from sanctions_gui.core.workspace import (HOME_VARIABLE, RECENT_FILES_KEPT, Workspace,
                                          WorkspaceError, data_directory, default_path)


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    """Every test gets its own data directory, so none touches the user's real workspace."""
    folder = tmp_path / "home"
    monkeypatch.setenv(HOME_VARIABLE, str(folder))
    return folder


@pytest.fixture(scope="module")
def bundled():
    return read_workbook(BUNDLED_WORKBOOK).frame


def person(frame, name):
    return frame.loc[frame["name"] == name, schema.PERSON_ID].item()


def test_a_note_survives_closing_and_reopening(home):
    with Workspace.open() as workspace:
        workspace.set_note(BUNDLED_WORKBOOK, "abc123", "Check the 2017 OFAC press release.")
        workspace.set_flag(BUNDLED_WORKBOOK, "abc123", True)
        workspace.set_highlight(BUNDLED_WORKBOOK, "abc123", "#ffcc00")
    assert default_path().parent == home and default_path().exists()

    with Workspace.open() as workspace:
        assert workspace.recovery_message is None
        assert workspace.note(BUNDLED_WORKBOOK, "abc123") == "Check the 2017 OFAC press release."
        assert workspace.flag(BUNDLED_WORKBOOK, "abc123") is True
        assert workspace.highlight(BUNDLED_WORKBOOK, "abc123") == "#FFCC00"
        assert workspace.note(BUNDLED_WORKBOOK, "someone-else") == ""
        assert workspace.flag(BUNDLED_WORKBOOK, "someone-else") is False
        assert workspace.highlight(BUNDLED_WORKBOOK, "someone-else") is None


def test_notes_are_kept_per_dataset(tmp_path, monkeypatch):
    own_copy = tmp_path / "my copy.xlsx"
    with Workspace.open() as workspace:
        workspace.set_note(BUNDLED_WORKBOOK, "abc123", "bundled note")
        workspace.set_note(own_copy, "abc123", "note on my copy")
        workspace.set_flag(own_copy, "abc123", True)

        assert workspace.note(BUNDLED_WORKBOOK, "abc123") == "bundled note"
        assert workspace.flag(BUNDLED_WORKBOOK, "abc123") is False
        assert workspace.note(own_copy, "abc123") == "note on my copy"
        # The same file named another way (relative path) is the same dataset.
        monkeypatch.chdir(tmp_path)
        assert workspace.note("my copy.xlsx", "abc123") == "note on my copy"


def test_annotations_frame_lines_up_with_the_workbook(bundled):
    maduro = person(bundled, "Nicolás Maduro Moros")
    cabello = person(bundled, "Diosdado Cabello Rondón")
    with Workspace.open() as workspace:
        workspace.set_note(BUNDLED_WORKBOOK, maduro, "Designated 2017-07-31.")
        workspace.set_flag(BUNDLED_WORKBOOK, cabello, True)
        workspace.set_highlight(BUNDLED_WORKBOOK, cabello, "#00AAFF")
        annotations = workspace.annotations(BUNDLED_WORKBOOK)

    assert annotations.index.name == schema.PERSON_ID
    assert sorted(annotations.index) == sorted([maduro, cabello])
    # Whole-column use, as the table and the export do it: one row per person of the frame.
    aligned = annotations.reindex(bundled[schema.PERSON_ID])
    by_name = aligned.set_axis(bundled["name"])
    assert by_name.loc["Nicolás Maduro Moros", "note"] == "Designated 2017-07-31."
    assert by_name.loc["Diosdado Cabello Rondón", "flag"] == True  # noqa: E712 (object after reindex)
    assert by_name.loc["Diosdado Cabello Rondón", "highlight"] == "#00AAFF"
    assert aligned["note"].notna().sum() == 2


def test_annotations_of_an_untouched_dataset_is_an_empty_frame_with_the_same_columns(tmp_path):
    with Workspace.open() as workspace:
        annotations = workspace.annotations(tmp_path / "never seen.xlsx")
    assert annotations.empty
    assert list(annotations.columns) == ["note", "flag", "highlight"]
    assert dict(annotations.dtypes) == {"note": "string", "flag": "bool", "highlight": "string"}


def test_clearing_everything_about_a_person_removes_them_from_the_annotations():
    with Workspace.open() as workspace:
        workspace.set_note(BUNDLED_WORKBOOK, "p1", "temporary")
        workspace.set_highlight(BUNDLED_WORKBOOK, "p1", "#FF0000")
        workspace.set_note(BUNDLED_WORKBOOK, "p1", "")
        assert workspace.highlight(BUNDLED_WORKBOOK, "p1") == "#FF0000"
        workspace.set_highlight(BUNDLED_WORKBOOK, "p1", None)
        assert workspace.highlight(BUNDLED_WORKBOOK, "p1") is None
        assert workspace.annotations(BUNDLED_WORKBOOK).empty


def test_set_highlights_colours_many_people_in_one_transaction():
    people = [f"person-{n}" for n in range(20_000)]
    with Workspace.open() as workspace:
        workspace.set_note(BUNDLED_WORKBOOK, "person-7", "keeps its note")
        statements = []
        workspace._connection.set_trace_callback(statements.append)
        workspace.set_highlights(BUNDLED_WORKBOOK, people, "#ffff00")
        workspace._connection.set_trace_callback(None)
        assert statements.count("COMMIT") == 1

        annotations = workspace.annotations(BUNDLED_WORKBOOK)
        assert len(annotations) == len(people)
        assert (annotations["highlight"] == "#FFFF00").all()
        assert annotations.loc["person-7", "note"] == "keeps its note"

        workspace.set_highlights(BUNDLED_WORKBOOK, people[:15_000], None)
        annotations = workspace.annotations(BUNDLED_WORKBOOK)
        assert len(annotations) == 5_001  # the 5,000 still coloured, and person-7's note
        assert annotations["highlight"].isna().sum() == 1


def test_a_colour_that_is_not_rrggbb_is_refused_and_nothing_written():
    with Workspace.open() as workspace:
        with pytest.raises(ValueError, match="#RRGGBB"):
            workspace.set_highlights(BUNDLED_WORKBOOK, ["a", "b"], "yellow")
        assert workspace.annotations(BUNDLED_WORKBOOK).empty


def test_settings_round_trip_between_sessions():
    rules = [{"name": "Former commander sanctioned for corruption", "colour": "#FFFF00",
              "enabled": True, "match": "all",
              "conditions": [{"field": "former_commander", "operator": "yes"},
                             {"field": "reasons", "operator": "contains", "value": "corrupción"}]}]
    with Workspace.open() as workspace:
        assert workspace.get_setting("rules") is None
        assert workspace.get_setting("rules", []) == []
        workspace.set_setting("rules", [])
        workspace.set_setting("rules", rules)
    with Workspace.open() as workspace:
        assert workspace.get_setting("rules") == rules


def test_recent_files_newest_first_without_repeats(tmp_path):
    files = [tmp_path / f"book {n}.xlsx" for n in range(RECENT_FILES_KEPT + 3)]
    with Workspace.open() as workspace:
        for path in files:
            workspace.add_recent_file(path)
        workspace.add_recent_file(files[-5])
        recent = workspace.recent_files()
    assert recent[0] == files[-5]
    assert len(recent) == RECENT_FILES_KEPT == len(set(recent))
    assert files[0] not in recent


def _damaged_by_truncation(path: Path) -> None:
    with Workspace.open(path) as workspace:
        workspace.set_highlights("/data/book.xlsx", [f"p{n}" for n in range(5_000)], "#FF0000")
    with open(path, "r+b") as file:
        file.truncate(path.stat().st_size // 2)


@pytest.mark.parametrize("damage", [
    pytest.param(lambda path: path.write_bytes(os.urandom(50_000)), id="random bytes"),
    pytest.param(_damaged_by_truncation, id="truncated"),
    pytest.param(lambda path: path.write_text("name,date\nSomeone,2017\n"), id="not a database"),
])
def test_a_damaged_store_is_set_aside_with_a_message_and_a_fresh_one_started(home, damage):
    path = default_path()
    home.mkdir()
    damage(path)
    damaged_bytes = path.read_bytes()

    with Workspace.open() as workspace:
        message = workspace.recovery_message
        workspace.set_note(BUNDLED_WORKBOOK, "p1", "a new note")

    set_aside = [p for p in home.iterdir() if p.name.startswith("workspace.sqlite3.corrupt-")]
    assert len(set_aside) == 1
    assert set_aside[0].read_bytes() == damaged_bytes  # kept as it was, not emptied
    assert message.startswith("Your workspace file was damaged")
    assert str(set_aside[0]) in message and "A new workspace was started." in message
    with Workspace.open() as workspace:
        assert workspace.recovery_message is None
        assert workspace.note(BUNDLED_WORKBOOK, "p1") == "a new note"


def test_the_damaged_store_message_names_all_it_held_not_only_notes(home):
    """The store holds flags, hand colours, rules and the working copy's unsaved edits too."""
    home.mkdir()
    default_path().write_bytes(os.urandom(50_000))
    with Workspace.open() as workspace:
        message = workspace.recovery_message
    assert "the notes, flags, hand colours, rules and unsaved edits kept in it could not be read" in message


def test_a_store_from_a_newer_app_is_refused_and_left_alone(home):
    home.mkdir()
    with sqlite3.connect(default_path()) as connection:
        connection.execute("PRAGMA user_version = 999")
    connection.close()
    before = default_path().read_bytes()
    with pytest.raises(WorkspaceError, match="newer version"):
        Workspace.open()
    assert default_path().read_bytes() == before
    assert [p.name for p in home.iterdir()] == ["workspace.sqlite3"]


WRITER = """
import sys
from sanctions_gui.core.workspace import Workspace
dataset, start = sys.argv[1], int(sys.argv[2])
with Workspace.open() as workspace:
    for n in range(start, start + 100_000):
        workspace.set_note(dataset, f"person-{n}", f"note {n} " + "x" * 3000)
        workspace.set_highlights(dataset, [f"bulk-{n}-{k}" for k in range(300)], "#FFCC00")
        print(n, flush=True)
"""


def _write_until_killed(dataset: str, start: int, commits_before_kill: int,
                        fraction: float) -> list[int]:
    """Run a writer, SIGKILL it after it reported some commits; return every id it reported.

    The kill comes `fraction` of a write's usual duration after a report, so that it lands
    inside the next write rather than always between two.
    """
    environment = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    writer = subprocess.Popen([sys.executable, "-c", WRITER, dataset, str(start)],
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=environment)
    reported, times = [], []
    try:
        for line in writer.stdout:
            reported.append(int(line))
            times.append(time.perf_counter())
            if len(reported) == commits_before_kill:
                time.sleep(fraction * (times[-1] - times[0]) / (len(times) - 1))
                writer.kill()  # SIGKILL on POSIX: no clean-up, no close()
                break
        rest, errors = writer.communicate(timeout=60)
    finally:
        writer.kill()
    assert len(reported) == commits_before_kill, errors
    assert writer.returncode == -signal.SIGKILL
    return reported + [int(line) for line in rest.split()]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_every_committed_note_survives_a_writer_killed_mid_write():
    dataset = "/data/book.xlsx"
    committed = []
    kills = [(17, 0.2), (33, 0.5), (49, 0.8)]  # at several points
    for round_, (commits, fraction) in enumerate(kills):
        committed += _write_until_killed(dataset, round_ * 1_000_000, commits, fraction)

        with Workspace.open() as workspace:
            assert workspace.recovery_message is None
            assert workspace._connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            annotations = workspace.annotations(dataset)
        for n in committed:
            assert annotations.loc[f"person-{n}", "note"] == f"note {n} " + "x" * 3000
            assert annotations.loc[f"bulk-{n}-299", "highlight"] == "#FFCC00"
        # A batch of highlights is all there or not at all, never half-written.
        bulk = annotations.index[annotations.index.str.startswith("bulk-")]
        assert (pd.Series(bulk).str.rsplit("-", n=1).str[0].value_counts() == 300).all()


def test_annotating_the_bundled_workbook_leaves_its_bytes_and_time_unchanged(bundled):
    before_bytes, before_time = BUNDLED_WORKBOOK.read_bytes(), BUNDLED_WORKBOOK.stat().st_mtime_ns
    with Workspace.open() as workspace:
        workspace.set_highlights(BUNDLED_WORKBOOK, bundled[schema.PERSON_ID], "#FFFF00")
        workspace.set_note(BUNDLED_WORKBOOK, person(bundled, "Tareck Zaidan El Aissami Maddah"), "note")
        workspace.set_flag(BUNDLED_WORKBOOK, person(bundled, "Tareck Zaidan El Aissami Maddah"), True)
        workspace.add_recent_file(BUNDLED_WORKBOOK)
        assert len(workspace.annotations(BUNDLED_WORKBOOK)) == len(bundled)
    assert BUNDLED_WORKBOOK.read_bytes() == before_bytes
    assert BUNDLED_WORKBOOK.stat().st_mtime_ns == before_time


def test_the_store_refuses_calls_from_another_thread():
    errors = []
    with Workspace.open() as workspace:
        thread = threading.Thread(target=lambda: _record(errors, workspace.note, BUNDLED_WORKBOOK, "p"))
        thread.start()
        thread.join()
    assert len(errors) == 1 and isinstance(errors[0], sqlite3.ProgrammingError)


def _record(errors, call, *args):
    try:
        call(*args)
    except Exception as error:  # noqa: BLE001 (handed back to the test's thread)
        errors.append(error)


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG is the Linux convention")
def test_without_the_override_the_store_lives_under_xdg_data_home(tmp_path, monkeypatch):
    monkeypatch.delenv(HOME_VARIABLE)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert data_directory() == tmp_path / "xdg" / "sanctions-workbench"
    assert default_path() == tmp_path / "xdg" / "sanctions-workbench" / "workspace.sqlite3"
