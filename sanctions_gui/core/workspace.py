"""The analyst's own workspace: notes, flags and manual highlights per person, and settings.

Kept in one SQLite file in the user's data directory, never in the workbook being studied:
the source spreadsheet is only ever read. Every write is a transaction that is on disk
when the call returns, so a note survives the app being killed right after; a damaged
file is set aside under a dated name (never emptied) and a fresh workspace started, with
a plain sentence in `Workspace.recovery_message` for the window to show.

Threads: call a `Workspace` from the thread that opened it (the UI's main thread) only.
The connection keeps sqlite3's default `check_same_thread=True`, so a call from another
thread raises instead of racing.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sanctions_gui.core import schema
from sanctions_gui.core.workbook_identity import SAME_WORKBOOK, sketch_similarity
from sanctions_gui.core.workspace_file import WorkspaceError, _check, _Damaged, _set_aside, _transaction

__all__ = ["HOME_VARIABLE", "Workspace", "WorkspaceError", "data_directory", "dataset_key", "default_path",
           "normalise_colour"]

if TYPE_CHECKING:
    import pandas as pd

HOME_VARIABLE = "SANCTIONS_WORKBENCH_HOME"
FILE_NAME = "workspace.sqlite3"
SCHEMA_VERSION = 3
RECENT_FILES_KEPT = 10

# Statements that bring a store from version N-1 to version N, at index N-1. A later
# change appends a step; stores written by an older version are migrated on open.
_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE annotations (
               dataset    TEXT NOT NULL,
               person_id  TEXT NOT NULL,
               note       TEXT NOT NULL DEFAULT '',
               flag       INTEGER NOT NULL DEFAULT 0 CHECK (flag IN (0, 1)),
               highlight  TEXT CHECK (highlight IS NULL OR length(highlight) = 7),
               updated_at TEXT NOT NULL,
               PRIMARY KEY (dataset, person_id)
           ) WITHOUT ROWID""",
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE recent_files (path TEXT PRIMARY KEY, opened_at TEXT NOT NULL)",
    ),
    (  # 2: notes follow the people to a moved, renamed or re-saved copy (notes_key)
        """CREATE TABLE workbook_people (
               dataset TEXT PRIMARY KEY,
               sketch  TEXT NOT NULL,
               seen_at TEXT NOT NULL
           ) WITHOUT ROWID""",
        """CREATE TABLE dataset_links (
               dataset    TEXT PRIMARY KEY,
               notes_from TEXT NOT NULL
           ) WITHOUT ROWID""",
    ),
    (  # 3: the working copy's changes, each written as it is made (change_store.py)
        """CREATE TABLE working_changes (
               dataset   TEXT NOT NULL,
               person_id TEXT NOT NULL,
               kind      TEXT NOT NULL CHECK (kind IN ('edit', 'add', 'remove')),
               field     TEXT NOT NULL,
               old_value TEXT NOT NULL,
               new_value TEXT NOT NULL,
               by_hand   INTEGER NOT NULL DEFAULT 1 CHECK (by_hand IN (0, 1)),
               made_at   TEXT NOT NULL,
               seq       INTEGER NOT NULL,
               PRIMARY KEY (dataset, person_id, kind, field)
           ) WITHOUT ROWID""",
    ),
)
assert len(_MIGRATIONS) == SCHEMA_VERSION

def data_directory() -> Path:
    """Where the app keeps its own files: $SANCTIONS_WORKBENCH_HOME, else the OS's usual place."""
    override = os.environ.get(HOME_VARIABLE)
    if override:
        return Path(override).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else home / ".local" / "share"
    return base / "sanctions-workbench"


def default_path() -> Path:
    """The workspace file used when none is named."""
    return data_directory() / FILE_NAME


def dataset_key(source: str | os.PathLike) -> str:
    """The key that keeps one workbook's notes apart from another's: its resolved path.

    Not a hash of the file's content: analysts keep editing their workbook (adding people,
    fixing a date), and every such edit would change the hash and orphan all their notes.
    The resolved path stays the same across edits; moving the file is the rarer event.
    Resolving again an already resolved key gives the same key, so callers may pass either.
    """
    return os.path.normcase(str(Path(source).expanduser().resolve()))


def normalise_colour(colour: str | None) -> str | None:
    """A highlight colour as "#RRGGBB" in capitals (as the reader gives fills), or None."""
    if colour is None:
        return None
    text = str(colour).strip()
    digits = text.removeprefix("#")
    if len(digits) != 6 or any(c not in "0123456789abcdefABCDEF" for c in digits):
        raise ValueError(f'A highlight colour is written "#RRGGBB", not "{text}".')
    return "#" + digits.upper()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Workspace:
    """An open workspace store. Use `Workspace.open()`, ideally as a context manager."""

    def __init__(self, path: Path, connection: sqlite3.Connection, recovery_message: str | None):
        self.path = path
        self.recovery_message = recovery_message
        self._connection = connection

    # --- opening and closing -------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike | None = None) -> Workspace:
        """Open (or create) the workspace at `path`, by default `default_path()`.

        A damaged file is renamed to "<name>.corrupt-YYYYmmdd-HHMMSS" beside it and a new
        store started; `recovery_message` then says so. Other failures (no permission,
        a newer app's store) raise `WorkspaceError` and leave the file as it is.
        """
        path = (Path(path).expanduser() if path is not None else default_path()).absolute()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise WorkspaceError(
                f"The workspace folder {path.parent} could not be created ({error.strerror})."
            ) from error
        recovery_message = None
        try:
            try:
                connection = _connect(path)
            except _Damaged:
                aside = _set_aside(path)
                recovery_message = (
                    f"Your workspace file was damaged and has been set aside as {aside}; "
                    "the notes, flags, hand colours, rules and unsaved edits kept in it could "
                    "not be read. A new workspace was started."
                )
                connection = _connect(path)
        except (sqlite3.Error, _Damaged) as error:
            raise WorkspaceError(
                f"The workspace file {path} could not be opened ({error}).") from error
        return cls(path, connection, recovery_message)

    def close(self) -> None:
        """Close the store; everything written is already committed."""
        self._connection.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # --- one person ----------------------------------------------------------------

    def note(self, dataset: str | os.PathLike, person_id: str) -> str:
        """The person's note, "" when there is none."""
        return self._field(dataset, person_id, "note") or ""

    def set_note(self, dataset: str | os.PathLike, person_id: str, text: str) -> None:
        self._set(dataset, [person_id], "note", str(text))

    def flag(self, dataset: str | os.PathLike, person_id: str) -> bool:
        """Whether the analyst flagged the person by hand."""
        return bool(self._field(dataset, person_id, "flag"))

    def set_flag(self, dataset: str | os.PathLike, person_id: str, flagged: bool) -> None:
        self._set(dataset, [person_id], "flag", int(bool(flagged)))

    def highlight(self, dataset: str | os.PathLike, person_id: str) -> str | None:
        """The person's manual highlight colour "#RRGGBB", or None."""
        return self._field(dataset, person_id, "highlight")

    def set_highlight(self, dataset: str | os.PathLike, person_id: str, colour: str | None) -> None:
        """Give the person a highlight colour by hand; None clears it."""
        self._set(dataset, [person_id], "highlight", normalise_colour(colour))

    def set_highlights(self, dataset: str | os.PathLike, person_ids: Iterable[str],
                       colour: str | None) -> None:
        """Colour (or with None, clear) many people at once, in one transaction."""
        self._set(dataset, person_ids, "highlight", normalise_colour(colour))

    def highlights(self, dataset: str | os.PathLike, person_ids: Iterable[str]) -> dict[str, str | None]:
        """Each person's manual highlight colour (None for none), to put back on undo."""
        ids = [str(person_id) for person_id in dict.fromkeys(person_ids)]
        found = dict(self._connection.execute(
            "SELECT person_id, highlight FROM annotations WHERE dataset = ? AND highlight IS NOT NULL",
            (dataset_key(dataset),)).fetchall())
        return {person_id: found.get(person_id) for person_id in ids}

    def restore_highlights(self, dataset: str | os.PathLike, colours: dict[str, str | None]) -> None:
        """Give each person their own colour (None clears it), all in one transaction."""
        key, stamp = dataset_key(dataset), _now()
        with _transaction(self._connection) as connection:
            for person_id, colour in colours.items():
                self._write(connection, key, [str(person_id)], "highlight", normalise_colour(colour), stamp)

    # --- a whole dataset -----------------------------------------------------------

    def annotations(self, dataset: str | os.PathLike) -> pd.DataFrame:
        """Every annotated person of the dataset: index person_id; note, flag, highlight.

        Meant for whole-column use, e.g. `annotations.reindex(frame["person_id"])`; people
        with nothing recorded are absent (note "", flag False, highlight NA after filling).
        """
        rows = self._connection.execute(
            "SELECT person_id, note, flag, highlight FROM annotations WHERE dataset = ?"
            " ORDER BY person_id", (dataset_key(dataset),)).fetchall()
        ids, notes, flags, highlights = zip(*rows) if rows else ((), (), (), ())
        import pandas as pd  # here, so that opening the workspace at start-up does not load pandas

        return pd.DataFrame(
            {"note": pd.array(notes, dtype="string"),
             "flag": pd.array(flags, dtype=bool),
             "highlight": pd.array(highlights, dtype="string")},
            index=pd.Index(ids, dtype="string", name=schema.PERSON_ID),
        )

    def notes_key(self, source: str | os.PathLike, sketch: str) -> tuple[str, str | None]:
        """The dataset key to keep this workbook's notes under, and the other copy they came from.

        `sketch` is the workbook's people (workbook_identity.people_sketch). A workbook with
        notes of its own keeps its key; one without, whose people are mostly those of a
        copy that has notes (moved, renamed or re-saved), is linked to that copy's key for
        good, so both share one set of notes. Returns (key, None) when no copy was used.
        """
        key = dataset_key(source)
        with _transaction(self._connection) as connection:
            connection.execute(
                "INSERT INTO workbook_people (dataset, sketch, seen_at) VALUES (?, ?, ?) ON CONFLICT (dataset)"
                " DO UPDATE SET sketch = excluded.sketch, seen_at = excluded.seen_at", (key, sketch, _now()))
            linked = connection.execute("SELECT notes_from FROM dataset_links WHERE dataset = ?",
                                        (key,)).fetchone()
            if linked:
                return linked[0], linked[0]
            if connection.execute("SELECT 1 FROM annotations WHERE dataset = ? LIMIT 1", (key,)).fetchone():
                return key, None
            copies = connection.execute(
                "SELECT w.dataset, w.sketch FROM workbook_people w WHERE w.dataset != ? AND EXISTS"
                " (SELECT 1 FROM annotations a WHERE a.dataset = w.dataset)", (key,)).fetchall()
            scored = sorted(((sketch_similarity(sketch, other), dataset) for dataset, other in copies), reverse=True)
            if not scored or scored[0][0] < SAME_WORKBOOK:
                return key, None
            connection.execute("INSERT INTO dataset_links (dataset, notes_from) VALUES (?, ?)", (key, scored[0][1]))
            return scored[0][1], scored[0][1]

    # --- settings and recent files -------------------------------------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        """A saved setting (any JSON value, e.g. the sidebar's rule sets), or `default`."""
        row = self._connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        """Save a JSON-serialisable value under `key`, replacing what was there."""
        text = json.dumps(value, ensure_ascii=False)
        with _transaction(self._connection) as connection:
            connection.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, text))

    def recent_files(self) -> list[Path]:
        """Files opened lately, newest first (they may since have moved)."""
        rows = self._connection.execute("SELECT path FROM recent_files ORDER BY rowid DESC")
        return [Path(path) for (path,) in rows.fetchall()]

    def add_recent_file(self, source: str | os.PathLike) -> None:
        """Put a file at the top of the recent list, keeping the newest few."""
        # REPLACE deletes the old row and inserts anew, so the newest has the highest rowid.
        with _transaction(self._connection) as connection:
            connection.execute("INSERT OR REPLACE INTO recent_files (path, opened_at) VALUES (?, ?)",
                               (str(Path(source).expanduser().resolve()), _now()))
            connection.execute(
                "DELETE FROM recent_files WHERE rowid NOT IN"
                " (SELECT rowid FROM recent_files ORDER BY rowid DESC LIMIT ?)", (RECENT_FILES_KEPT,))

    def carry_annotations(self, source: str | os.PathLike, target: str | os.PathLike,
                          person_ids: dict[str, str]) -> int:
        """Give a workbook saved from another (Save as) the notes, flags and hand colours of its
        people, their ids mapped old -> new; returns how many people's were carried."""
        old, new, stamp = dataset_key(source), dataset_key(target), _now()
        rows = self._connection.execute("SELECT person_id, note, flag, highlight FROM annotations WHERE dataset = ?",
                                        (old,)).fetchall()
        carried = [(new, person_ids[pid], note, flag, highlight, stamp) for pid, note, flag, highlight in rows
                   if pid in person_ids]
        with _transaction(self._connection) as connection:
            connection.executemany(
                "INSERT OR REPLACE INTO annotations (dataset, person_id, note, flag, highlight, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?)", carried)
        return len(carried)

    # --- for stores kept beside these tables (change_store.py) ---------------------

    def transaction(self):
        """A context manager: BEGIN IMMEDIATE … COMMIT around the connection it yields."""
        return _transaction(self._connection)

    def select(self, statement: str, parameters: tuple = ()) -> list[tuple]:
        return self._connection.execute(statement, parameters).fetchall()

    # --- internals -----------------------------------------------------------------

    def _field(self, dataset: str | os.PathLike, person_id: str, column: str) -> Any:
        row = self._connection.execute(
            f"SELECT {column} FROM annotations WHERE dataset = ? AND person_id = ?",
            (dataset_key(dataset), str(person_id))).fetchone()
        return row[0] if row else None

    def _set(self, dataset: str | os.PathLike, person_ids: Iterable[str], column: str,
             value: Any) -> None:
        """Set one column for some people; rows left with nothing recorded are removed."""
        key, stamp = dataset_key(dataset), _now()
        with _transaction(self._connection) as connection:
            self._write(connection, key, [str(p) for p in dict.fromkeys(person_ids)], column, value, stamp)

    @staticmethod
    def _write(connection: sqlite3.Connection, key: str, person_ids: list[str], column: str, value: Any,
               stamp: str) -> None:
        people = [(key, person_id) for person_id in person_ids]
        connection.executemany(
            f"INSERT INTO annotations (dataset, person_id, {column}, updated_at)"
            f" VALUES (?, ?, ?, ?) ON CONFLICT (dataset, person_id)"
            f" DO UPDATE SET {column} = excluded.{column}, updated_at = excluded.updated_at",
            [(*person, value, stamp) for person in people])
        connection.executemany(
            "DELETE FROM annotations WHERE dataset = ? AND person_id = ? AND note = ''"
            " AND flag = 0 AND highlight IS NULL", people)


def _connect(path: Path) -> sqlite3.Connection:
    """Connect, check the file is sound, and bring its schema up to date."""
    # isolation_level=None: no implicit transactions; _transaction opens each one
    # explicitly, so nothing is ever left uncommitted between calls.
    connection = sqlite3.connect(path, timeout=5.0, isolation_level=None)
    try:
        _check(connection)
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise WorkspaceError(
                f"The workspace {path} was written by a newer version of Sanctions Workbench; "
                "update the app to use it. The file was left as it is.")
        # WAL: a commit appends to the log, so a kill mid-write leaves the main file
        # intact and the torn tail of the log is ignored on the next open. synchronous=FULL
        # fsyncs the log on every commit: a note is on disk when set_note returns, even if
        # the machine loses power next (NORMAL would only survive a killed process). Notes
        # are written one edit at a time, so the extra fsync costs nothing a person notices.
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        if version < SCHEMA_VERSION:
            with _transaction(connection):
                for step in _MIGRATIONS[version:]:
                    for statement in step:
                        connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        connection.close()
        raise
    return connection
