"""The workspace's SQLite file: transactions, the soundness check, setting a damaged file aside.

Kept apart from workspace.py (what is stored) because it is about the file itself: every
write is one explicit transaction, and a file that fails SQLite's quick check is renamed
beside itself, never emptied.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

# SQLite's primary result codes for a file that is not a database or is damaged; other
# errors (locked, read-only, disk full) are not damage and must not set the file aside.
_DAMAGE_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}


class WorkspaceError(Exception):
    """The workspace could not be opened or used; the message is a plain sentence."""


class _Damaged(Exception):
    """The file is not a sound SQLite database: set it aside rather than use it."""


@contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error: all of a write or none of it."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _check(connection: sqlite3.Connection) -> None:
    """Raise _Damaged unless quick_check (integrity_check without the slow index checks) says ok."""
    try:
        problems = [row[0] for row in connection.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as error:
        code = getattr(error, "sqlite_errorcode", None)
        if code is not None and code & 0xFF in _DAMAGE_CODES:
            raise _Damaged(str(error)) from error
        raise
    if problems != ["ok"]:
        raise _Damaged("; ".join(problems[:3]))


def _set_aside(path: Path) -> Path:
    """Rename a damaged store (and its -wal/-shm companions) to a dated name beside it."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    try:
        os.rename(path, aside)
        for suffix in ("-wal", "-shm"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                os.rename(companion, aside.with_name(aside.name + suffix))
    except OSError as error:
        raise WorkspaceError(
            f"Your workspace file {path} is damaged and could not be set aside "
            f"({error.strerror}); move it away by hand to start a new workspace.") from error
    return aside
