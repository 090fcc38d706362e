"""The headless session: the rows, order and colours it shows after each intent, what it
tells observers, the selection it keeps, and undo of the analyst's own changes."""

from __future__ import annotations

import pytest

from sanctions_gui.core.filters import ColumnFilter
from sanctions_gui.core.reading import read_workbook
from sanctions_gui.core.rules import Condition, Rule
from sanctions_gui.core.session import Change, Session
from sanctions_gui.core.view import Dataset
from sessions import session_on_file

PEOPLE_CSV = """Name,Position,Date sanctioned,Reasons,Former commander,Security status,Canada
Zoe Álvarez,Minister,2018-01-05,corruption,yes,active,2018-06-01
Ana Núñez,Judge,2015-03-09,human rights,no,former,
Bruno Nuño,General,,corruption,,active,
Carla Ruiz,Mayor,2019-07-01,corruption; narcotics,no,none,yes
"""
YELLOW, GREEN, BLUE = "#FFFF00", "#A5D6A7", "#90CAF9"
CORRUPTION = Rule("Corruption", YELLOW, conditions=(Condition("reasons", "is", "corruption"),))
COMMANDERS = Rule("Former commanders", BLUE, conditions=(Condition("former_commander", "yes"),))


@pytest.fixture
def people_file(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(PEOPLE_CSV, encoding="utf-8")
    return path


def open_session(path, workspace=None, rules=(CORRUPTION,)) -> Session:
    return session_on_file(path, workspace, rules)


def rows(session: Session) -> list[tuple[str, str | None]]:
    """Every row shown: its name and colour, in order."""
    names = session.dataset.text("name")
    return [(names[row], session.view.colours[row]) for row in session.view.rows]


def ids(session: Session, *names: str) -> list[str]:
    frame = session.dataset.frame
    return [frame.loc[frame["name"] == name, "person_id"].iloc[0] for name in names]


def test_each_sort_and_filter_shows_the_right_rows_in_the_right_colours(people_file, workspace):
    session = open_session(people_file, workspace)
    assert rows(session) == [("Zoe Álvarez", YELLOW), ("Ana Núñez", None), ("Bruno Nuño", YELLOW),
                             ("Carla Ruiz", YELLOW)]
    session.set_highlight(ids(session, "Ana Núñez", "Carla Ruiz"), GREEN)  # a hand colour beats a rule's
    assert rows(session) == [("Zoe Álvarez", YELLOW), ("Ana Núñez", GREEN), ("Bruno Nuño", YELLOW),
                             ("Carla Ruiz", GREEN)]
    session.set_sort("name")
    assert rows(session) == [("Ana Núñez", GREEN), ("Bruno Nuño", YELLOW), ("Carla Ruiz", GREEN),
                             ("Zoe Álvarez", YELLOW)]
    session.set_sort("us_designation_date", descending=True)
    assert rows(session) == [("Carla Ruiz", GREEN), ("Zoe Álvarez", YELLOW), ("Ana Núñez", GREEN),
                             ("Bruno Nuño", YELLOW)], "undated last, descending too"
    session.set_filter(ColumnFilter("reasons", values=frozenset({"corruption"})))
    assert rows(session) == [("Carla Ruiz", GREEN), ("Zoe Álvarez", YELLOW), ("Bruno Nuño", YELLOW)]
    session.set_search("nuno")
    assert rows(session) == [("Bruno Nuño", YELLOW)]
    session.clear_filters()
    session.set_rules([CORRUPTION, COMMANDERS], "add rule")
    session.set_rules([COMMANDERS, CORRUPTION], "reorder rules")  # the first matching rule colours
    assert rows(session) == [("Carla Ruiz", GREEN), ("Zoe Álvarez", BLUE), ("Ana Núñez", GREEN),
                             ("Bruno Nuño", YELLOW)]
    session.set_highlight(ids(session, "Ana Núñez"), None)
    session.set_only_highlighted(True)
    assert rows(session) == [("Carla Ruiz", GREEN), ("Zoe Álvarez", BLUE), ("Bruno Nuño", YELLOW)]
    session.set_facet("reasons", {"human rights"})
    assert rows(session) == []


def test_one_event_per_intent_says_what_changed(people_file):
    session = open_session(people_file)
    events = []
    session.subscribe(events.append)
    session.set_sort("name")
    assert [e.changes for e in events] == [Change.FILTERS | Change.VIEW]
    assert events[0].previous is not None and list(events[0].previous.rows) == [0, 1, 2, 3]
    events.clear()
    session.set_sort("name")
    assert events == [], "nothing changed, nothing said"
    session.set_rules([COMMANDERS], "replace rules")
    assert events[0].changes == Change.RULES | Change.COLOURS | Change.HISTORY


def test_an_observer_calling_an_intent_does_not_reorder_the_events_others_see(people_file):
    session = open_session(people_file)
    seen_by_second = []

    def first(event):
        if event.changes & Change.VIEW and session.state.sort_column == "name":
            session.select(ids(session, "Ana Núñez"), ids(session, "Ana Núñez")[0])

    session.subscribe(first)
    session.subscribe(lambda event: seen_by_second.append(event.changes))
    session.set_sort("name")
    assert seen_by_second == [Change.FILTERS | Change.VIEW, Change.SELECTION]


def test_selection_survives_sorting_and_keeps_only_people_still_shown(people_file):
    session = open_session(people_file)
    bruno, carla = ids(session, "Bruno Nuño", "Carla Ruiz")
    session.select([carla, bruno], current=carla)
    assert session.selection == (bruno, carla), "in the order shown"
    session.set_sort("name", descending=True)
    assert session.selection == (carla, bruno) and session.current == carla
    session.set_search("bruno")
    assert session.selection == (bruno,) and session.current is None
    session.set_search("")
    assert session.selection == (bruno,), "a person filtered out is not selected again"


def test_rule_changes_undo_and_redo_with_their_words_and_are_saved(people_file, workspace):
    session = open_session(people_file, workspace, rules=None)
    presets = session.rules
    session.delete_rule(0)
    assert session.history.undo_description == f"delete rule \u2018{presets[0].name}\u2019"
    assert Session(workspace).rules == presets[1:], "saved in the workspace at once"
    session.set_rule_enabled(0, not presets[1].enabled)
    session.move_rule(0, 2)
    session.undo()
    session.undo()
    assert session.rules == presets[1:]
    session.undo()
    assert session.rules == presets and Session(workspace).rules == presets
    assert not session.history.can_undo
    session.redo()
    assert session.rules == presets[1:]
    word = "untick" if presets[1].enabled else "tick"
    assert session.history.redo_description == f"{word} rule \u2018{presets[1].name}\u2019"


def test_hand_highlight_note_and_flag_undo(people_file, workspace):
    session = open_session(people_file, workspace)
    ana, bruno = ids(session, "Ana Núñez", "Bruno Nuño")
    session.set_highlight([ana], GREEN)
    session.set_highlight([ana, bruno], BLUE)
    assert session.history.undo_description == "highlight 2 people"
    session.undo()
    assert session.highlight(ana) == GREEN and session.highlight(bruno) is None
    assert session.view.colours[session.frame_row(ana)] == GREEN
    session.set_note(ana, "Check")
    session.set_note(ana, "Check the 2017 release")
    session.set_flag(ana, True)
    assert session.history.undo_description == "flag \u2018Ana Núñez\u2019"
    session.undo()
    assert not session.flag(ana)
    assert session.history.undo_description == "edit the note on \u2018Ana Núñez\u2019"
    session.undo()
    assert session.note(ana) == "", "a note typed in several saves is one undo step"
    session.undo()
    assert session.highlight(ana) is None


def test_reloading_keeps_history_and_selection_another_file_clears_history(people_file, workspace, tmp_path):
    session = open_session(people_file, workspace)
    ana = ids(session, "Ana Núñez")[0]
    session.set_note(ana, "kept")
    session.select([ana], ana)
    loaded = read_workbook(people_file)
    session.set_dataset(Dataset(loaded.frame, people_file, loaded.report))
    assert session.history.can_undo and session.selection == (ana,) and session.current == ana
    other = tmp_path / "other.csv"  # another workbook: Ana among other people
    other.write_text(PEOPLE_CSV.splitlines()[0] + "\nAna Núñez,Judge,2015-03-09,human rights,no,former,\n"
                     + "".join(f"Otra Persona {n},Mayor,2019-07-01,corruption,no,none,\n" for n in range(5)),
                     encoding="utf-8")
    loaded = read_workbook(other)
    session.set_dataset(Dataset(loaded.frame, other, loaded.report))
    assert not session.history.can_undo, "the notes undone would belong to the other file"
    assert session.note(ana) == ""


def test_a_copy_of_the_workbook_keeps_its_notes_and_their_history(people_file, workspace, tmp_path):
    session = open_session(people_file, workspace)
    ana = ids(session, "Ana Núñez")[0]
    session.set_note(ana, "kept")
    copy = tmp_path / "copy" / "people (2).csv"
    copy.parent.mkdir()
    copy.write_text(PEOPLE_CSV, encoding="utf-8")
    loaded = read_workbook(copy)
    session.set_dataset(Dataset(loaded.frame, copy, loaded.report))
    assert session.note(ana) == "kept" and session.notes_from is not None
    session.undo()
    assert session.note(ana) == "", "the note undone is the one the copy shows"


def test_replacing_the_frame_keeps_selection_sort_and_filters(people_file):
    session = open_session(people_file)
    session.set_sort("name")
    session.set_filter(ColumnFilter("reasons", values=frozenset({"corruption"})))
    carla = ids(session, "Carla Ruiz")[0]
    session.select([carla], carla)
    frame = session.dataset.frame.copy()
    frame.at[int((frame["name"] == "Zoe Álvarez").argmax()), "reasons"] = ("human rights",)
    session.replace_frame(frame)
    assert [name for name, _ in rows(session)] == ["Bruno Nuño", "Carla Ruiz"]
    assert session.selection == (carla,) and session.current == carla
    assert session.state.sort_column == "name"


def test_show_people_lists_exactly_the_unclear_ones_on_every_sheet(people_file):
    session = open_session(people_file, rules=[Rule("Commander and corruption", YELLOW, conditions=(
        Condition("former_commander", "yes"), Condition("reasons", "is", "corruption")))])
    session.set_sheet("pre")
    session.show_people(session.matches.unclear[0], "unclear for the rule")
    assert [name for name, _ in rows(session)] == ["Bruno Nuño"]
    assert session.state.sheet == "all"
    assert "unclear for the rule" in session.state.filter_descriptions()
