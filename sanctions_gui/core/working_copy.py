"""The open workbook as a working copy: the frame as read, plus the analyst's changes in effect.

`WorkingCopy` holds the frame the reader gave (`base`, never modified) and the change
entries (changes.py); `frame` is the base with every entry applied, people added in the
app appended at the end in the order they were added. `apply` puts or takes away
entries and returns a `FrameEdit` saying which columns and rows moved, so the session,
the table and the rule index redo only that work. Frames are never changed in place:
each apply makes a new frame that shares every column it did not touch.

Entries for people the workbook no longer holds (the file was edited elsewhere) are
kept apart in `unplaced`, neither applied nor dropped; an edit whose cell the file has
since changed takes the file's value as its "old" one and is listed in `file_changed`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import schema
from .changes import ADD, EDIT, REMOVE, ChangeEntry, Key, field_kind, is_missing, same_value
from .import_report import ImportReport
from .schema import Kind

if TYPE_CHECKING:
    from .save_plan import SaveSnapshot


@dataclass(frozen=True)
class FrameEdit:
    """What one apply changed: the columns whose values moved and the rows touched (in the new
    frame); `structural` when people were added or taken away (rows change at the end only)."""

    columns: frozenset[str]
    rows: np.ndarray
    structural: bool
    people: frozenset[str]


def empty_value(column: str) -> object:
    """What a cell holds when nothing is recorded, as the frame keeps it."""
    kind = field_kind(column)
    if kind is Kind.LIST:
        return ()
    if kind is Kind.DATE:
        return pd.NaT
    if kind is Kind.JURISDICTION:
        return False
    if column == schema.Col.SECURITY_STATUS:
        return "unknown"
    return pd.NA


def frame_value(column: str, value: object) -> object:
    """A typed value (None for nothing) as the frame keeps it."""
    return empty_value(column) if is_missing(value) or (value == () and field_kind(column) is Kind.LIST) else value


class WorkingCopy:
    """The workbook as read and the changes made to it, and the frame they give."""

    def __init__(self, base: pd.DataFrame, entries: Iterable[ChangeEntry] = ()):
        self.base = base
        self._base_rows = {str(pid): row for row, pid in enumerate(base[schema.PERSON_ID])}
        self._entries: dict[Key, ChangeEntry] = {}
        self._added: list[str] = []
        self.unplaced: list[ChangeEntry] = []
        self.file_changed: list[tuple[ChangeEntry, object]] = []  # (entry, the value the file has now)
        self.corrections: dict[Key, ChangeEntry | None] = {}  # what loading found stale, for the store
        self.frame = base
        self.removed = np.zeros(len(base), dtype=bool)
        self._edited: dict[str, set[int]] = {}
        self._seq = 0
        self._load(list(entries))

    # --- reading --------------------------------------------------------------------------------

    @property
    def has_changes(self) -> bool:
        return bool(self._entries or self.unplaced)

    def entries(self) -> list[ChangeEntry]:
        """Every change in effect, in the order they were made."""
        return sorted(self._entries.values(), key=lambda entry: entry.seq)

    def entry(self, key: Key) -> ChangeEntry | None:
        return self._entries.get(key)

    def entries_of(self, person_id: str) -> list[ChangeEntry]:
        return [entry for entry in self.entries() if entry.person_id == person_id]

    def row_of(self, person_id: str) -> int | None:
        row = self._base_rows.get(person_id)
        if row is None and person_id in self._added:
            row = len(self.base) + self._added.index(person_id)
        return row

    def value(self, person_id: str, column: str) -> object:
        return self.frame[column].iat[self.row_of(person_id)]

    def file_value(self, person_id: str, column: str) -> object:
        """The cell as the file has it; the empty value for a person added here."""
        row = self._base_rows.get(person_id)
        return self.base[column].iat[row] if row is not None else empty_value(column)

    def is_added(self, person_id: str) -> bool:
        return person_id in self._added

    def is_removed(self, person_id: str) -> bool:
        return (person_id, REMOVE, "") in self._entries

    def edited(self, row: int, column: str) -> bool:
        """Whether the cell at this frame row differs from the file."""
        rows = self._edited.get(column)
        return rows is not None and row in rows

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    @staticmethod
    def new_person_id() -> str:
        """An id for a person added here (the reader gives people ids from their name and birth date)."""
        import uuid  # loads on the first person added, not at start-up

        return f"new-{uuid.uuid4().hex[:12]}"

    def snapshot(self, report: ImportReport, source: Path) -> SaveSnapshot:
        """The working copy as it stands, for a save (which may run while the analyst goes on)."""
        from .save_plan import SaveSnapshot  # the saving stack loads on the first save, not at start-up

        return SaveSnapshot(self.frame, self.base, self.removed.copy(),
                            {column: frozenset(rows) for column, rows in self._edited.items()},
                            tuple(self.entries()), tuple(self.unplaced), report, Path(source))

    # --- changing -------------------------------------------------------------------------------

    def apply(self, entries: Mapping[Key, ChangeEntry | None]) -> FrameEdit:
        """Put these entries in effect (None takes a key's entry away) and make the new frame."""
        structural = any(kind == ADD for _person, kind, _column in entries)
        before = len(self.frame)
        for key, entry in entries.items():
            if entry is None:
                self._entries.pop(key, None)
            else:
                self._entries[key] = entry
                self._seq = max(self._seq, entry.seq)
        people = frozenset(person for person, _kind, _column in entries)
        columns = {column for _person, kind, column in entries if kind == EDIT}
        if structural:
            self._rebuild()
            columns = set(self.frame.columns)
        else:
            self.frame = self._with_cells(self.frame, [key for key in entries if key[1] == EDIT])
            if any(kind == REMOVE for _person, kind, _column in entries):
                self.removed = self.removed.copy()  # a new array, as frames are new: views made before keep theirs
                for person, kind, _column in entries:
                    if kind == REMOVE:
                        self.removed[self.row_of(person)] = self.is_removed(person)
        rows = [row for row in map(self.row_of, people) if row is not None]
        rows += range(min(before, len(self.frame)), max(before, len(self.frame)))
        return FrameEdit(frozenset(columns), np.unique(np.asarray(rows, dtype=np.int64)), structural, people)

    def _with_cells(self, frame: pd.DataFrame, keys: list[Key]) -> pd.DataFrame:
        """A new frame sharing every column but those of these cells, which take their entries' values."""
        if not keys:
            return frame
        frame = frame.copy(deep=False)
        by_column: dict[str, list[str]] = {}
        for person, _kind, column in keys:
            by_column.setdefault(column, []).append(person)
        for column, people in by_column.items():
            values = frame[column].copy()
            edited = self._edited.setdefault(column, set())
            for person in people:
                row = self.row_of(person)
                entry = self._entries.get((person, EDIT, column))
                values.iat[row] = frame_value(column, entry.new if entry else self.file_value(person, column))
                (edited.add if entry is not None else edited.discard)(row)
            frame[column] = values
        return frame

    def _rebuild(self) -> None:
        """The frame anew from the base: added people appended, every entry applied."""
        added = sorted((e for e in self._entries.values() if e.kind == ADD), key=lambda e: e.seq)
        self._added = [entry.person_id for entry in added]
        frame = self.base
        if added:
            rows = _empty_rows(self.base, [e.person_id for e in added], [str(e.new) for e in added])
            frame = pd.concat([self.base, rows], ignore_index=True)
        self._edited = {}
        self.frame = self._with_cells(frame, [key for key in self._entries if key[1] == EDIT])
        self.removed = np.zeros(len(self.frame), dtype=bool)
        for person, kind, _column in self._entries:
            if kind == REMOVE:
                self.removed[self.row_of(person)] = True

    def _load(self, entries: list[ChangeEntry]) -> None:
        """Stored entries, checked against the file as it is now."""
        added = {e.person_id for e in entries if e.kind == ADD}
        kept: dict[Key, ChangeEntry] = {}
        for entry in entries:
            self._seq = max(self._seq, entry.seq)
            known = entry.person_id in self._base_rows or entry.person_id in added
            if not known or (entry.kind == EDIT and entry.column not in self.base.columns):
                self.unplaced.append(entry)
                continue
            if entry.kind == EDIT and entry.person_id in self._base_rows:
                now = self.base[entry.column].iat[self._base_rows[entry.person_id]]
                if same_value(now, entry.new):  # the file now says what the change said
                    self.corrections[entry.key] = None
                    continue
                if not same_value(now, entry.old):
                    self.file_changed.append((entry, now))
                    entry = replace(entry, old=None if is_missing(now) else now)
                    self.corrections[entry.key] = entry
            kept[entry.key] = entry
        self._entries = kept
        if kept:
            self._rebuild()


def _empty_rows(base: pd.DataFrame, person_ids: list[str], sheets: list[str]) -> pd.DataFrame:
    """Rows for people added here: every cell empty, typed as the base's columns are."""
    from .canonical_frame import ensure_columns  # the reader's frame code loads on the first person added

    rows = ensure_columns(pd.DataFrame(index=pd.RangeIndex(len(person_ids))))
    for column in base.columns:
        if column not in rows:
            rows[column] = pd.Series([pd.NA] * len(person_ids), dtype=base[column].dtype)
        elif rows[column].dtype != base[column].dtype:
            rows[column] = rows[column].astype(base[column].dtype)
    rows[schema.PERSON_ID] = pd.array(person_ids, dtype=base[schema.PERSON_ID].dtype)
    rows[schema.Col.SHEET] = pd.array(sheets, dtype=base[schema.Col.SHEET].dtype)
    return rows[list(base.columns)]
