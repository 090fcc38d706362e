"""What the analyst does to the working copy: edit cells, add and remove people, revert, discard.

Part of `Session` (mixed in). Each intent works out the change entries it makes
(changes.py) and runs them as one `Command`: its do and undo put the entries after and
before in effect, written to the workspace store first (one transaction), then applied
to the working copy, whose new frame the session installs (`_install_edit`). So Undo,
Redo, the Changes view's revert and a restart after a crash all go through one path.

For other parts of the app (the coming "Compare with an official list" view) the public
API is small: `add_person(values, sheet)` adds a person from canonical values,
`set_field(person_id, column, value)` / `set_fields(person_id, values)` change fields
(marking a person delisted is `set_field(pid, "delisted_date", day)`); each is one
undoable step and refuses, with EditRefused, a value the field cannot hold. Several of
them made for one request go inside `with session.batch("add 4 people from the list"):`
and are one undo step, and one event; if one is refused, none of them stays.

Administration follows the designation date as it does on reading: editing the date
sets the administration in office on the new day, unless the administration was set by
hand (edited here, or written in the file against the old date).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

import numpy as np

from . import schema
from .cell_edits import EditRefused, parse_edit
from .change_store import ChangeStore
from .changes import ADD, EDIT, REMOVE, ChangeEntry, Key, is_missing, now_stamp, same_value
from .history import Command
from .lists.decisions import carry_decisions
from .rule_intents import quoted
from .rules import carry_index, evaluate
from .working_copy import FrameEdit, WorkingCopy, empty_value, frame_value
from .vocabularies import administration_for

if TYPE_CHECKING:
    from .view import Dataset

DATE, ADMINISTRATION = schema.Col.US_DESIGNATION_DATE, schema.Col.ADMINISTRATION


class EditIntents:
    """Needs Session's `_dataset`, `_rules`, `_manual_colours`, `_batch`, `_touch`, `_refresh`,
    `execute` and `person_name`."""

    _working: WorkingCopy | None
    _change_store: ChangeStore | None
    saving = False  # while a save runs, the working copy does not change under it

    @property
    def working_copy(self) -> WorkingCopy | None:
        return self._working

    def sheet_names(self) -> list[str]:
        """The workbook's sheets with people, in order: where a person can be added."""
        report = self._dataset.report if self._dataset is not None else None
        if report is not None and report.sheets:
            return [sheet.name for sheet in report.sheets]
        names = self._dataset.frame[schema.Col.SHEET].dropna().unique() if self._dataset is not None else []
        return [str(name) for name in names]

    def _not_while_saving(self) -> None:
        if self.saving:
            raise EditRefused("The workbook is being saved; edit again once it is saved. Nothing was changed.")

    def check_edit(self, person_id: str | None, column: str, value: object) -> dict[str, object]:
        """What an edit would set, column by column, or EditRefused: nothing changes."""
        self._not_while_saving()
        current = self._working.value(person_id, column) if person_id is not None else None
        return parse_edit(column, value, current)

    # --- editing ---------------------------------------------------------------------------------

    @contextmanager
    def batch(self, description: str) -> Iterator[None]:
        """The edits made inside as one undo step called `description`: all of them, or none."""
        with self._batch(), self.history.group(description):
            yield

    def set_field(self, person_id: str, column: str, value: object) -> None:
        """Set one field of a person (undoable); raises EditRefused for a value it cannot hold."""
        self.set_fields(person_id, {column: value})

    def set_fields(self, person_id: str, values: Mapping[str, object], description: str | None = None) -> None:
        """Set several fields of a person as one undoable step."""
        if self._working is None or self._working.row_of(person_id) is None:
            raise ValueError(f"no person {person_id!r} in the working copy")
        typed: dict[str, object] = {}
        for column, value in values.items():
            typed.update(self.check_edit(person_id, column, value))
        following = self._following_administration(person_id, typed, ADMINISTRATION in values)
        stamp, wc = now_stamp(), self._working
        entries: dict[Key, ChangeEntry | None] = {}
        for column, value in {**typed, **following}.items():
            if same_value(frame_value(column, value), wc.value(person_id, column)):
                continue
            entries[(person_id, EDIT, column)] = self._edit_entry(person_id, column, value, stamp,
                                                                  by_hand=column not in following)
        if not entries:
            return
        edited = [column for column in values if (person_id, EDIT, column) in entries] or list(values)
        what = schema.label(edited[0]) if len(edited) == 1 else f"{len(edited)} fields"
        self._change(entries, description or f"edit {what} of {quoted(self.person_name(person_id))}")

    def add_person(self, values: Mapping[str, object], sheet: str | None = None) -> str:
        """Add a person to a sheet (the first by default) from field values; returns their id."""
        sheets = self.sheet_names()
        sheet = sheet or (sheets[0] if sheets else "")
        if sheet not in sheets:
            raise EditRefused(f"This workbook has no sheet ‘{sheet}’ to add a person to. Nothing was changed.")
        typed: dict[str, object] = {}
        for column, value in values.items():
            typed.update(self.check_edit(None, column, value))
        if is_missing(typed.get(schema.Col.NAME)):
            raise EditRefused("A person needs a name. Nothing was changed.")
        wc, stamp = self._working, now_stamp()
        person_id = wc.new_person_id()
        entries: dict[Key, ChangeEntry | None] = {(person_id, ADD, ""): ChangeEntry(
            person_id, ADD, "", None, sheet, stamp, wc.next_seq())}
        if DATE in typed and ADMINISTRATION not in typed and not is_missing(typed[DATE]):
            typed[ADMINISTRATION] = administration_for(typed[DATE].date())
        for column, value in typed.items():
            if not same_value(frame_value(column, value), empty_value(column)):
                entries[(person_id, EDIT, column)] = ChangeEntry(
                    person_id, EDIT, column, _stored(empty_value(column)), value, stamp, wc.next_seq(),
                    by_hand=column != ADMINISTRATION or ADMINISTRATION in values)
        self._change(entries, f"add {quoted(str(typed[schema.Col.NAME]))}")
        return person_id

    def remove_people(self, person_ids: Iterable[str]) -> None:
        """Take people out of the working copy: they stay in view, marked, until the workbook is saved."""
        self._mark_removed(person_ids, True)

    def restore_people(self, person_ids: Iterable[str]) -> None:
        self._mark_removed(person_ids, False)

    def _mark_removed(self, person_ids: Iterable[str], removed: bool) -> None:
        wc, stamp = self._working, now_stamp()
        people = [p for p in dict.fromkeys(person_ids) if wc.row_of(p) is not None and wc.is_removed(p) != removed]
        if not people:
            return
        entries = {(p, REMOVE, ""): ChangeEntry(p, REMOVE, "", made_at=stamp, seq=wc.next_seq()) if removed else None
                   for p in people}
        who = quoted(self.person_name(people[0])) if len(people) == 1 else f"{len(people):,} people"
        self._change(entries, f"{'remove' if removed else 'restore'} {who}")

    def revert_changes(self, changes: Sequence[ChangeEntry]) -> None:
        """Take changes back to the file's values; reverting an added person takes all of theirs."""
        wc = self._working
        entries: dict[Key, ChangeEntry | None] = {}
        for change in changes:
            entries[change.key] = None
            if change.kind == ADD:
                entries.update({entry.key: None for entry in wc.entries_of(change.person_id)})
        entries = {key: None for key in entries if wc.entry(key) is not None}
        if entries:
            count = len(changes)
            self._change(entries, f"revert {count:,} change{'s' if count != 1 else ''}")

    def discard_changes(self) -> None:
        """Return to the file: every change taken back (Undo brings them back)."""
        wc = self._working
        if wc is None or not wc.has_changes:
            return
        self._not_while_saving()
        entries = {entry.key: None for entry in wc.entries()}
        stale = list(wc.unplaced)
        count = len(entries) + len(stale)

        def forget_unplaced() -> None:
            self._store_put({entry.key: None for entry in stale})
            wc.unplaced = []

        def keep_unplaced() -> None:
            self._store_put({entry.key: entry for entry in stale})
            wc.unplaced = list(stale)

        before = {key: wc.entry(key) for key in entries}
        self.execute(Command(f"discard {count:,} change{'s' if count != 1 else ''}",
                             lambda: (forget_unplaced(), self._put_changes(entries)),
                             lambda: (keep_unplaced(), self._put_changes(before))))

    # --- the session's side ------------------------------------------------------------------------

    def _open_working_copy(self, dataset: Dataset) -> Dataset:
        """The working copy of a workbook just read: its changes kept in the workspace, applied."""
        source = dataset.source
        entries = self._change_store.entries(str(source)) if self._change_store is not None and source else []
        self._working = WorkingCopy(dataset.frame, entries)
        if self._working.corrections:
            self._change_store.put(str(source), self._working.corrections)
        if self._working.frame is dataset.frame:
            return dataset
        changed = self._working.entries()
        rows = np.asarray([self._working.row_of(e.person_id) for e in changed], dtype=np.int64)
        return dataset.edited(self._working.frame, frozenset(e.column for e in changed if e.column), rows)

    def _install_edit(self, edit: FrameEdit) -> None:
        """Show the working copy's new frame, redoing only what its edit changed."""
        old = self._dataset
        frame = self._working.frame
        with self._batch():
            carry_index(old.frame, frame, edit.columns, edit.rows)
            self._dataset = old.edited(frame, edit.columns, edit.rows)
            self._matches = evaluate(frame, self._rules, self._working.removed)
            if edit.structural:
                self._manual = self._manual_colours()
            from .session import Change  # (session imports this module)

            self._touch(Change.DATASET | Change.CELLS | Change.RULES | Change.COLOURS, edit.people)
            self._refresh()

    def adopt_saved(self, dataset: Dataset, person_ids: Mapping[str, str]) -> int:
        """Go on with a workbook just saved from this one (read back equal) as the source: the
        analyst's notes, flags, hand colours and list-match decisions follow their people to it, the selection and the
        view stay, and this file's working copy is emptied, its changes being in the saved one.
        A new history starts, as for any other file. Returns how many people's notes followed."""
        from .session import Change  # (session imports this module)

        old = self._dataset
        carried = 0
        if self.workspace is not None and self.dataset_key and dataset.source is not None:
            carried = self.workspace.carry_annotations(self.dataset_key, dataset.source, dict(person_ids))
            if old.source is not None:
                carry_decisions(self.workspace, old.source, dataset.source, dict(person_ids))
        if self._change_store is not None and old.source is not None:
            self._change_store.clear(str(old.source))
        with self._batch():
            self.history.clear()
            self._selection = tuple(person_ids.get(p, p) for p in self._selection)
            self._current = person_ids.get(self._current, self._current) if self._current is not None else None
            self._touch(Change.HISTORY | Change.SELECTION)
            self._install(self._open_working_copy(dataset), self._key_for(dataset))
        return carried

    # --- the common path -------------------------------------------------------------------------

    def _edit_entry(self, person_id: str, column: str, value: object, stamp: str, by_hand: bool) -> ChangeEntry | None:
        """The entry for a cell set to `value`; None when that is the file's own value."""
        file_value = self._working.file_value(person_id, column)
        if same_value(frame_value(column, value), file_value):
            return None
        return ChangeEntry(person_id, EDIT, column, _stored(file_value), value, stamp, self._working.next_seq(),
                           by_hand=by_hand)

    def _following_administration(self, person_id: str, typed: dict[str, object], given: bool) -> dict[str, object]:
        """The administration a new designation date brings, when the administration follows the date."""
        wc = self._working
        if DATE not in typed or given or is_missing(typed[DATE]):
            return {}
        entry = wc.entry((person_id, EDIT, ADMINISTRATION))
        if entry is not None and entry.by_hand:
            return {}
        old_date, current = wc.value(person_id, DATE), wc.value(person_id, ADMINISTRATION)
        old_derived = None if is_missing(old_date) else administration_for(old_date.date())
        if not is_missing(current) and current != old_derived:
            return {}  # written against the date: kept, as reading keeps it
        derived = administration_for(typed[DATE].date())
        return {ADMINISTRATION: derived} if derived is not None else {}

    def _change(self, entries: Mapping[Key, ChangeEntry | None], description: str) -> None:
        self._not_while_saving()
        before = {key: self._working.entry(key) for key in entries}
        after = dict(entries)
        self.execute(Command(description, lambda: self._put_changes(after), lambda: self._put_changes(before)))

    def _put_changes(self, entries: Mapping[Key, ChangeEntry | None]) -> None:
        """Store the entries (one transaction), then apply them and show the new frame."""
        self._not_while_saving()  # (undo and redo too: the window disables them while it saves)
        self._store_put(entries)
        edit = self._working.apply(entries)
        self._install_edit(edit)

    def _store_put(self, entries: Mapping[Key, ChangeEntry | None]) -> None:
        """Write entries to the workspace before they take effect: if it cannot be written, nothing changes."""
        source = self._dataset.source if self._dataset is not None else None
        if self._change_store is None or source is None or not entries:
            return
        try:
            self._change_store.put(str(source), entries)
        except sqlite3.Error as error:
            raise EditRefused(f"Your workspace could not be written ({error}), so the change could not be kept. "
                              "Nothing was changed.") from None


def _stored(value: object) -> object:
    """A file value as an entry keeps it: None for nothing recorded."""
    return None if is_missing(value) else value
