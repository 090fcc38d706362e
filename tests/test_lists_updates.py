"""What the comparison view writes to the working copy: one undo step per request, all or nothing."""

from __future__ import annotations

import pandas as pd
import pytest

from list_files import LIST_DATE, write_csv_set, write_database
from sanctions_gui.core.cell_edits import EditRefused
from sanctions_gui.core.lists.reading import read_list
from sanctions_gui.core.lists.scope import ALL
from sanctions_gui.core.lists.comparison import Difference
from sanctions_gui.core.lists.updates import (add_new_people, compare_working_copy, mark_delisted, why_not_take_over,
                                              working_frame)
from sanctions_gui.core.reading import read_workbook
from sanctions_gui.core.session import Session
from sanctions_gui.core.view import Dataset


@pytest.fixture
def session(tmp_path):
    path = write_database(tmp_path)
    loaded = read_workbook(path)
    session = Session()
    session.set_dataset(Dataset(loaded.frame, path, loaded.report))
    return session


@pytest.fixture
def listed(tmp_path):
    return read_list(write_csv_set(tmp_path / "set"), list_date=LIST_DATE)


def compare(session, listed, scope=ALL):
    return compare_working_copy(listed, working_frame(session), session.dataset.source, scope, {})


def test_adding_new_people_is_one_undo_step_and_they_then_match(session, listed):
    new = compare(session, listed).items["new"]
    added = add_new_people(session, new, listed)
    assert len(added) == 2 and session.history.undo_description == "add 2 people from the list"
    after = compare(session, listed)
    assert not after.items["new"] and {"Ana Maria Gomez", "John Smith"} <= {i.name for i in after.items["matched"]}
    session.undo()
    assert len(session.dataset.frame) == 9 and not session.history.can_undo


def test_one_refused_person_adds_none(session, listed, monkeypatch):
    new = compare(session, listed).items["new"]
    real = session.add_person
    calls = []

    def second_refused(values, sheet=None):
        calls.append(values)
        if len(calls) == 2:
            raise EditRefused("refused. Nothing was changed.")
        return real(values, sheet)

    monkeypatch.setattr(session, "add_person", second_refused)
    with pytest.raises(EditRefused):
        add_new_people(session, new, listed)
    assert len(session.dataset.frame) == 9 and not session.history.can_undo


def test_delisting_records_the_lists_date_and_people_removed_are_not_compared(session, listed):
    delisted = compare(session, listed).items["delisted"]
    assert mark_delisted(session, delisted, listed) == [delisted[0].person_id]
    assert session.working_copy.value(delisted[0].person_id, "delisted_date") == pd.Timestamp(LIST_DATE)
    assert compare(session, listed).items["delisted"][0].already_recorded
    session.remove_people([delisted[0].person_id])
    assert not compare(session, listed).items["delisted"]


def test_a_date_of_birth_the_list_gives_only_as_a_year_is_not_written_over():
    assert "no one exact date" in why_not_take_over(Difference("date_of_birth", "1971-01-01", "1970", pd.NaT))
    assert why_not_take_over(Difference("delisted_date", "2020-01-01", "on the list", pd.NaT)) == ""
