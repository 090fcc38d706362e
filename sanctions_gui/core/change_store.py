"""The working copy's changes in the workspace store: written as they are made, read back on opening.

Each call is one transaction, committed (and, the workspace syncing every commit, on
disk) when it returns: a crash or a kill right after an edit loses nothing, and the next
opening of the same workbook finds the changes again. Changes are keyed by the
workbook (its resolved path, `workspace.dataset_key`) and the person id.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from .changes import ChangeEntry, Key, decode_value, encode_value
from .workspace import Workspace, dataset_key

_COLUMNS = "person_id, kind, field, old_value, new_value, by_hand, made_at, seq"


class ChangeStore:
    """Reads and writes one workspace's `working_changes` table."""

    def __init__(self, workspace: Workspace):
        self.workspace = workspace

    def entries(self, source: str) -> list[ChangeEntry]:
        """Every change kept for the workbook, in the order they were made."""
        rows = self.workspace.select(f"SELECT {_COLUMNS} FROM working_changes WHERE dataset = ? ORDER BY seq",
                                     (dataset_key(source),))
        return [ChangeEntry(person_id, kind, field, _decode(field, old), _decode(field, new), made_at, int(seq),
                            bool(by_hand))
                for person_id, kind, field, old, new, by_hand, made_at, seq in rows]

    def put(self, source: str, entries: Mapping[Key, ChangeEntry | None]) -> None:
        """Write these entries and delete the keys mapped to None, all in one transaction."""
        key = dataset_key(source)
        with self.workspace.transaction() as connection:
            for (person_id, kind, field), entry in entries.items():
                if entry is None:
                    connection.execute("DELETE FROM working_changes WHERE dataset = ? AND person_id = ? AND kind = ?"
                                       " AND field = ?", (key, person_id, kind, field))
                    continue
                connection.execute(
                    f"INSERT OR REPLACE INTO working_changes (dataset, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (key, entry.person_id, entry.kind, entry.column, _encode(field, entry.old),
                     _encode(field, entry.new), int(entry.by_hand), entry.made_at, entry.seq))

    def clear(self, source: str) -> None:
        with self.workspace.transaction() as connection:
            connection.execute("DELETE FROM working_changes WHERE dataset = ?", (dataset_key(source),))

    def count(self, source: str) -> int:
        return int(self.workspace.select("SELECT count(*) FROM working_changes WHERE dataset = ?",
                                         (dataset_key(source),))[0][0])


def _encode(field: str, value: object) -> str:
    """A cell value by its column's kind; for ADD and REMOVE (no column) the value as it is."""
    return json.dumps(encode_value(field, value) if field else value, ensure_ascii=False)


def _decode(field: str, text: str) -> object:
    data = json.loads(text)
    return decode_value(field, data) if field else data
