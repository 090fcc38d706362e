"""Notes, flags and hand colours follow the people to a moved, renamed or re-saved copy of the workbook."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from sanctions_gui.core import workspace as workspace_module
from sanctions_gui.core.notes_lookup import notes_key_for
from sanctions_gui.core.reading import read_workbook
from sanctions_gui.core.workbook_identity import people_sketch, sketch_similarity
from sanctions_gui.core.workspace import Workspace, dataset_key
from workbooks import write_sheet

PEOPLE = [(f"Persona Número {n}", f"Cargo {n}") for n in range(1, 41)]


def write(path, people):
    return write_sheet(path, [("Name", "Position"), *people])


@pytest.fixture()
def annotated(tmp_path, workspace):
    """A workbook in which two people have a note, a flag and a colour."""
    original = write(tmp_path / "mine.xlsx", PEOPLE)
    loaded = read_workbook(original)
    key, _ = notes_key_for(workspace, original, loaded.frame, loaded.report)
    first, second = loaded.frame["person_id"].iloc[:2]
    workspace.set_note(key, first, "Check the 2018 press release")
    workspace.set_flag(key, second, True)
    workspace.set_highlight(key, second, "#FFC7CE")
    return original, first, second


def test_a_moved_and_renamed_copy_finds_the_notes_and_the_report_says_so(tmp_path, workspace, annotated):
    original, first, second = annotated
    moved = tmp_path / "elsewhere" / "copia de trabajo.xlsx"
    moved.parent.mkdir()
    shutil.move(original, moved)
    loaded = read_workbook(moved)
    key, _ = notes_key_for(workspace, moved, loaded.frame, loaded.report)
    assert workspace.note(key, first) == "Check the 2018 press release"
    assert workspace.flag(key, second) and workspace.highlight(key, second) == "#FFC7CE"
    assert any("made on another copy of this workbook (mine.xlsx" in note and "for 2 of the people" in note
               for note in loaded.report.notes)


def test_a_re_saved_copy_with_a_person_added_finds_the_notes(tmp_path, workspace, annotated):
    _, first, _ = annotated
    resaved = write(tmp_path / "mine (2).xlsx", [*PEOPLE, ("Alguien Nuevo", "Ministro")])
    loaded = read_workbook(resaved)
    key, _ = notes_key_for(workspace, resaved, loaded.frame)
    assert workspace.note(key, first) == "Check the 2018 press release"
    workspace.set_note(key, first, "Edited in the copy")
    assert workspace.note(dataset_key(annotated[0]), first) == "Edited in the copy", "one set of notes"


def test_another_workbook_sharing_a_few_people_does_not_take_the_notes(tmp_path, workspace, annotated):
    other = write(tmp_path / "other study.xlsx", [*PEOPLE[:5], *((f"Otra Persona {n}", "X") for n in range(40))])
    loaded = read_workbook(other)
    key, _ = notes_key_for(workspace, other, loaded.frame, loaded.report)
    assert key == dataset_key(other) and workspace.annotations(key).empty
    assert not any("another copy" in note for note in loaded.report.notes)


def test_the_fingerprint_measures_the_people_in_common():
    ids = [f"{n:012x}" for n in range(1000)]
    assert sketch_similarity(people_sketch(ids), people_sketch(ids[::-1])) == 1.0
    assert 0.85 < sketch_similarity(people_sketch(ids), people_sketch(ids[:950])) <= 1.0
    assert sketch_similarity(people_sketch(ids[:500]), people_sketch(ids[500:])) == 0.0


def test_a_store_of_the_first_version_is_migrated_with_its_notes_kept(tmp_path):
    path = tmp_path / "old.sqlite3"
    connection = sqlite3.connect(path)
    for statement in workspace_module._MIGRATIONS[0]:
        connection.execute(statement)
    connection.execute("INSERT INTO annotations (dataset, person_id, note, updated_at) VALUES (?, ?, ?, ?)",
                       (dataset_key(tmp_path / "book.xlsx"), "p1", "kept", "2024-01-01T00:00:00+00:00"))
    connection.execute("PRAGMA user_version = 1")
    connection.commit()
    connection.close()
    with Workspace.open(path) as store:
        assert store.note(tmp_path / "book.xlsx", "p1") == "kept"
        assert store.notes_key(tmp_path / "book.xlsx", people_sketch(["p1"])) == (dataset_key(tmp_path / "book.xlsx"),
                                                                                 None)
