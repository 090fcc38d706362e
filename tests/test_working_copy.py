"""The working copy, headless: typed edits read as the reader reads cells, refusals that change
nothing, administration following the date, people added and removed, undo, and the changes
kept in the workspace as they are made."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from sanctions_gui.core.cell_edits import EditRefused
from sanctions_gui.core.change_store import ChangeStore
from sanctions_gui.core.rules import Condition, Rule, evaluate
from sanctions_gui.core.session import Change, Session
from sessions import session_on_file

PEOPLE_CSV = """Name,Position,Date sanctioned,Administration,Reasons,Former commander,Security status,Canada,Aliases
Zoe Álvarez,Minister,2018-01-05,Trump,corruption,yes,active,2018-06-01,La Zeta
Ana Núñez,Judge,2015-03-09,Obama,human rights,no,former,,
Bruno Nuño,General,,,corruption,,active,,
Carla Ruiz,Mayor,2019-07-01,Obama,corruption; narcotics,no,none,yes,
"""
CORRUPTION = Rule("Corruption", "#FFFF00", conditions=(Condition("reasons", "is", "corruption"),))
ACTIVE = Rule("Active", "#90CAF9", conditions=(Condition("security_status", "is", "active"),))


@pytest.fixture
def people_file(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(PEOPLE_CSV, encoding="utf-8")
    return path


def open_session(path, workspace) -> Session:
    return session_on_file(path, workspace, [CORRUPTION, ACTIVE])


def pid(session: Session, name: str) -> str:
    frame = session.dataset.frame
    return str(frame.loc[frame["name"] == name, "person_id"].iloc[0])


def cell(session: Session, name: str, column: str):
    return session.working_copy.value(pid(session, name), column)


def test_typed_values_mean_what_they_mean_in_a_spreadsheet(people_file, workspace):
    session = open_session(people_file, workspace)
    ana = pid(session, "Ana Núñez")
    session.set_field(ana, "us_designation_date", "9 de marzo de 2016")
    session.set_field(ana, "security_status", "activo")
    session.set_field(ana, "former_commander", "Sí")
    session.set_field(ana, "reasons", ("corrupción", "human rights"))
    session.set_field(ana, "aliases", ("La Jueza", "Anita"))
    session.set_field(ana, "canada", "25/07/2019")
    assert cell(session, "Ana Núñez", "us_designation_date") == pd.Timestamp("2016-03-09")
    assert cell(session, "Ana Núñez", "security_status") == "active"
    assert cell(session, "Ana Núñez", "former_commander") == True  # noqa: E712 - numpy's bool
    assert cell(session, "Ana Núñez", "reasons") == ("corruption", "human rights")
    assert cell(session, "Ana Núñez", "aliases") == ("La Jueza", "Anita")
    assert cell(session, "Ana Núñez", "canada") == True  # noqa: E712
    assert cell(session, "Ana Núñez", "canada_date") == pd.Timestamp("2019-07-25")
    assert session.dataset.text("canada")[session.frame_row(ana)] == "2019-07-25"


@pytest.mark.parametrize(("column", "value", "words"), [
    ("us_designation_date", "31/02/2019", "is not a date"),
    ("us_designation_date", "03/04/2019", "could be 3 April 2019 or 4 March 2019"),
    ("security_status", "retiredish", "is not one of active, former, none, unknown"),
    ("former_commander", "perhaps", "is not yes, no or unclear"),
    ("reasons", ("corruption", "tax evasion"), "‘tax evasion’ is not one of corruption"),
    ("aliases", ("El Pollo; Pollo",), "would be read back from the workbook as ‘El Pollo’, ‘Pollo’"),
    ("canada", "sometime", "is neither a date nor yes/no"),
    ("name", "  ", "A person needs a name"),
    ("sheet", "Other", "cannot be edited"),
])
def test_a_value_the_field_cannot_hold_is_refused_and_nothing_changes(people_file, workspace, column, value, words):
    session = open_session(people_file, workspace)
    before = session.dataset.frame.copy()
    events = []
    session.subscribe(events.append)
    with pytest.raises(EditRefused, match=words) as refused:
        session.set_field(pid(session, "Ana Núñez"), column, value)
    assert str(refused.value).endswith("Nothing was changed.")
    pd.testing.assert_frame_equal(session.dataset.frame, before)
    assert events == [] and not session.history.can_undo
    assert ChangeStore(workspace).count(str(people_file)) == 0


def test_a_reason_already_in_the_cell_stays_allowed_though_outside_the_vocabulary(tmp_path, workspace):
    path = tmp_path / "odd.csv"
    path.write_text("Name,Reasons\nZoe,money laundering\n", encoding="utf-8")
    session = open_session(path, workspace)
    session.set_field(pid(session, "Zoe"), "reasons", ("money laundering", "corruption"))
    assert cell(session, "Zoe", "reasons") == ("money laundering", "corruption")


def test_rules_counts_and_colours_follow_an_edit_at_once(people_file, workspace):
    session = open_session(people_file, workspace)
    events = []
    session.subscribe(events.append)
    assert session.matches.counts() == [3, 2]
    ana = pid(session, "Ana Núñez")
    session.set_field(ana, "reasons", ("corruption",))
    assert session.matches.counts() == [4, 2]
    assert session.view.colours[session.frame_row(ana)] == "#FFFF00"
    assert events[-1].changes & Change.CELLS and events[-1].changes & Change.RULES
    assert events[-1].people == {ana}
    fresh = evaluate(session.dataset.frame.copy(), session.rules)  # a frame the index never saw
    assert np.array_equal(fresh.masks, session.matches.masks)


def test_incremental_rule_masks_equal_a_fresh_evaluation_after_many_edits(people_file, workspace):
    session = open_session(people_file, workspace)
    session.set_rules([CORRUPTION, ACTIVE, Rule("Canada", "#A5D6A7", conditions=(Condition("canada", "yes"),)),
                       Rule("Jurisdictions", "#F48FB1", conditions=(Condition("jurisdictions", "is not empty"),))])
    edits = [("Bruno Nuño", "canada", "2020-01-01"), ("Zoe Álvarez", "security_status", "none"),
             ("Carla Ruiz", "reasons", ("human rights",)), ("Ana Núñez", "canada_date", "2021-02-02"),
             ("Zoe Álvarez", "canada", "no")]
    for name, column, value in edits:
        session.set_field(pid(session, name), column, value)
        fresh = evaluate(session.dataset.frame.copy(), session.rules)
        assert np.array_equal(fresh.masks, session.matches.masks), (name, column)
        assert np.array_equal(fresh.unclear, session.matches.unclear), (name, column)


def test_administration_follows_the_designation_date_unless_set_by_hand(people_file, workspace):
    session = open_session(people_file, workspace)
    zoe, carla = pid(session, "Zoe Álvarez"), pid(session, "Carla Ruiz")
    session.set_field(zoe, "us_designation_date", "2016-05-01")
    assert cell(session, "Zoe Álvarez", "administration") == "Obama"  # the date's own, as on reading
    assert session.history.undo_description == "edit Date sanctioned (U.S.) of ‘Zoe Álvarez’"
    session.undo()  # one step takes both back
    assert (cell(session, "Zoe Álvarez", "us_designation_date"), cell(session, "Zoe Álvarez", "administration")) \
        == (pd.Timestamp("2018-01-05"), "Trump")
    session.set_field(zoe, "administration", "Biden")  # by hand
    session.set_field(zoe, "us_designation_date", "2016-05-01")
    assert cell(session, "Zoe Álvarez", "administration") == "Biden"
    # Carla's file says Obama against a 2019 date: written by hand in the file, so it stays.
    session.set_field(carla, "us_designation_date", "2022-02-02")
    assert cell(session, "Carla Ruiz", "administration") == "Obama"


def test_adding_and_removing_people_and_undoing_both(people_file, workspace):
    session = open_session(people_file, workspace)
    new = session.add_person({"name": "Diego Pérez", "us_designation_date": "2021-03-01", "reasons": "corruption"},
                             sheet=session.sheet_names()[0])
    assert len(session.dataset.frame) == 5 and session.frame_row(new) == 4
    assert (cell(session, "Diego Pérez", "administration"), cell(session, "Diego Pérez", "security_status")) \
        == ("Biden", "unknown")
    assert session.matches.counts()[0] == 4 and new in set(session.dataset.person_ids[session.view.rows])
    ana = pid(session, "Ana Núñez")
    session.remove_people([ana])
    assert session.working_copy.is_removed(ana)
    assert session.frame_row(ana) is not None and ana in set(session.dataset.person_ids[session.view.rows])
    assert not session.shown_mask()[session.frame_row(ana)]  # shown, marked, but not counted
    session.undo()
    assert not session.working_copy.is_removed(ana)
    session.undo()
    assert len(session.dataset.frame) == 4 and session.frame_row(new) is None
    session.redo()
    assert cell(session, "Diego Pérez", "reasons") == ("corruption",)


def test_every_change_is_in_the_workspace_as_it_is_made_and_reopening_shows_it(people_file, workspace):
    session = open_session(people_file, workspace)
    ana = pid(session, "Ana Núñez")
    session.set_field(ana, "position", "Supreme Court judge")
    new = session.add_person({"name": "Diego Pérez"})
    session.remove_people([pid(session, "Bruno Nuño")])
    kinds = sorted((e.kind, e.column) for e in ChangeStore(workspace).entries(str(people_file)))
    assert kinds == [("add", ""), ("edit", "name"), ("edit", "position"), ("remove", "")]
    again = open_session(people_file, workspace)
    assert cell(again, "Ana Núñez", "position") == "Supreme Court judge"
    assert again.working_copy.is_added(new) and again.working_copy.is_removed(pid(again, "Bruno Nuño"))
    session.undo()
    session.undo()
    session.undo()
    assert ChangeStore(workspace).count(str(people_file)) == 0


def test_editing_a_cell_back_to_the_files_value_leaves_no_change(people_file, workspace):
    session = open_session(people_file, workspace)
    ana = pid(session, "Ana Núñez")
    session.set_field(ana, "position", "Chief judge")
    session.set_field(ana, "position", "Judge")
    assert session.working_copy.entries() == []
    assert session.history.can_undo  # both edits are in the history


def test_revert_and_discard_are_undoable(people_file, workspace):
    session = open_session(people_file, workspace)
    ana = pid(session, "Ana Núñez")
    session.set_field(ana, "position", "Chief judge")
    new = session.add_person({"name": "Diego Pérez", "position": "Mayor"})
    added = next(e for e in session.working_copy.entries() if e.kind == "add")
    session.revert_changes([added])
    assert session.frame_row(new) is None and len(session.working_copy.entries()) == 1
    session.undo()
    assert cell(session, "Diego Pérez", "position") == "Mayor"
    session.discard_changes()
    assert session.working_copy.entries() == [] and len(session.dataset.frame) == 4
    assert cell(session, "Ana Núñez", "position") == "Judge"
    assert ChangeStore(workspace).count(str(people_file)) == 0
    session.undo()
    assert cell(session, "Ana Núñez", "position") == "Chief judge"
    assert ChangeStore(workspace).count(str(people_file)) == 4  # Ana's position; Diego added, named, placed


def test_changes_for_a_file_edited_elsewhere_are_kept_apart_not_dropped(people_file, workspace):
    session = open_session(people_file, workspace)
    session.set_field(pid(session, "Ana Núñez"), "position", "Chief judge")
    session.set_field(pid(session, "Zoe Álvarez"), "position", "Vice-minister")
    people_file.write_text(PEOPLE_CSV.replace("Ana Núñez", "Ana María Núñez").replace("Minister,", "Ambassador,"),
                           encoding="utf-8")
    again = open_session(people_file, workspace)
    assert [e.column for e in again.working_copy.unplaced] == ["position"]  # Ana is not in the file now
    assert cell(again, "Zoe Álvarez", "position") == "Vice-minister"
    changed, now = again.working_copy.file_changed[0]
    assert (changed.old, changed.new, now) == ("Minister", "Vice-minister", "Ambassador")
    assert again.working_copy.entry(changed.key).old == "Ambassador"  # the file's value is the one to revert to
    assert ChangeStore(workspace).count(str(people_file)) == 2


def test_the_public_api_for_an_official_list_adds_and_delists_in_one_undo_step_each(people_file, workspace):
    session = open_session(people_file, workspace)
    new = session.add_person({"name": "Diego Pérez", "date_of_birth": dt.date(1970, 1, 2),
                              "aliases": ("DIEGO PEREZ",), "authority": ("E.O. 13850",), "list_id": "31415",
                              "us_designation_date": pd.Timestamp("2019-04-17")})
    assert cell(session, "Diego Pérez", "authority") == ("E.O. 13850",)
    assert cell(session, "Diego Pérez", "date_of_birth") == pd.Timestamp("1970-01-02")
    session.set_fields(pid(session, "Zoe Álvarez"), {"delisted_date": dt.date(2024, 5, 3)},
                       description="mark ‘Zoe Álvarez’ delisted")
    assert session.history.undo_description == "mark ‘Zoe Álvarez’ delisted"
    session.undo()
    assert pd.isna(cell(session, "Zoe Álvarez", "delisted_date"))
    session.undo()
    assert session.frame_row(new) is None


def test_the_export_of_a_view_holds_the_changes_and_leaves_removed_people_out(people_file, workspace, tmp_path):
    from openpyxl import load_workbook

    from sanctions_gui.core.export import export_view

    session = open_session(people_file, workspace)
    session.set_field(pid(session, "Ana Núñez"), "position", "Chief judge")
    session.remove_people([pid(session, "Bruno Nuño")])
    session.add_person({"name": "Diego Pérez"})
    target = export_view(session.export_request(["name", "position"]), tmp_path / "view.xlsx")
    rows = list(load_workbook(target)["Export"].iter_rows(values_only=True))
    assert rows[1:] == [("Zoe Álvarez", "Minister"), ("Ana Núñez", "Chief judge"), ("Carla Ruiz", "Mayor"),
                        ("Diego Pérez", None)]


def test_a_change_the_workspace_cannot_keep_is_refused_and_nothing_changes(people_file, workspace, monkeypatch):
    import sqlite3

    session = open_session(people_file, workspace)
    before = session.dataset.frame

    def full_disk(*_args):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(ChangeStore, "put", full_disk)
    with pytest.raises(EditRefused, match="Your workspace could not be written .database or disk is full."):
        session.set_field(pid(session, "Ana Núñez"), "position", "Chief judge")
    assert session.dataset.frame is before and not session.history.can_undo


def test_nothing_changes_the_working_copy_while_it_is_being_saved(people_file, workspace):
    session = open_session(people_file, workspace)
    ana = pid(session, "Ana Núñez")
    session.set_field(ana, "position", "Chief judge")
    session.saving = True
    for intent in (lambda: session.set_field(ana, "position", "Judge"), lambda: session.remove_people([ana]),
                   lambda: session.add_person({"name": "Diego Pérez"}), session.discard_changes, session.undo):
        with pytest.raises(EditRefused, match="is being saved"):
            intent()
    assert cell(session, "Ana Núñez", "position") == "Chief judge" and session.history.can_undo


def test_edits_stay_when_the_workbook_is_read_again_with_other_columns(people_file, workspace):
    """The Columns dialog reads the workbook anew: the working copy's changes apply to that reading."""
    from sanctions_gui.core.reading import read_workbook
    from sanctions_gui.core.view import Dataset

    session = open_session(people_file, workspace)
    ana = pid(session, "Ana Núñez")
    session.set_field(ana, "position", "Supreme Court judge")
    again = read_workbook(people_file, mapping={"Aliases": None})  # the aliases column set aside
    session.replace_dataset(Dataset(again.frame, people_file, again.report))
    assert cell(session, "Ana Núñez", "position") == "Supreme Court judge"
    assert session.dataset.frame.loc[session.frame_row(ana), "position"] == "Supreme Court judge"
    assert not session.dataset.frame["aliases"].map(bool).any()
