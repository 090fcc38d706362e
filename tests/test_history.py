"""The undo history as a command stack: order, merging, limits and failures."""

from __future__ import annotations

import pytest

from sanctions_gui.core.history import Command, History


def setter(log: list, value):
    return lambda: log.append(value)


def test_undo_and_redo_run_the_commands_in_reverse_and_forward_order():
    state = {"x": 0}
    history = History()
    for value in (1, 2, 3):
        before = state["x"]
        history.execute(Command(f"set {value}", lambda v=value: state.update(x=v),
                                lambda b=before: state.update(x=b)))
    assert history.undo_description == "set 3"
    history.undo()
    history.undo()
    assert state["x"] == 1 and history.redo_description == "set 2"
    history.redo()
    assert state["x"] == 2
    history.execute(Command("set 9", lambda: state.update(x=9), lambda: state.update(x=2)))
    assert not history.can_redo, "a new change drops what was undone"


def test_commands_with_one_merge_key_undo_as_one_until_sealed():
    text = {"note": ""}
    history = History()

    def typed(value, before, key=("note", "p1")):
        history.execute(Command("edit note", lambda: text.update(note=value),
                                lambda: text.update(note=before), merge_key=key))

    typed("Ch", "")
    typed("Check", "Ch")
    history.seal()
    typed("Check it", "Check")
    history.undo()
    assert text["note"] == "Check"
    history.undo()
    assert text["note"] == "" and not history.can_undo


def test_an_undo_that_fails_stays_in_the_history():
    history = History()

    def broken():
        raise OSError("disk full")

    history.execute(Command("write", lambda: None, broken))
    with pytest.raises(OSError):
        history.undo()
    assert history.can_undo and history.undo_description == "write"


def test_only_the_latest_changes_are_kept():
    history = History(limit=3)
    for number in range(5):
        history.execute(Command(str(number), lambda: None, lambda: None))
    undone = []
    while history.can_undo:
        undone.append(history.undo().description)
    assert undone == ["4", "3", "2"]


def test_a_group_of_commands_is_one_undo_step():
    state = []
    history = History()
    with history.group("add 3"):
        for value in (1, 2, 3):
            history.execute(Command(f"add {value}", lambda v=value: state.append(v), lambda: state.pop()))
    assert state == [1, 2, 3] and history.undo_description == "add 3"
    history.undo()
    assert state == [] and not history.can_undo
    history.redo()
    assert state == [1, 2, 3]


def test_a_group_that_fails_takes_back_what_it_did():
    state = []
    history = History()
    with pytest.raises(ValueError), history.group("add two"):
        history.execute(Command("add 1", lambda: state.append(1), lambda: state.pop()))
        raise ValueError("the second is refused")
    assert state == [] and not history.can_undo
