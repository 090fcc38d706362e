"""The undo history: the analyst's own changes as do / undo pairs, each with its description.

A `Command` knows how to make a change and how to take it back; the `History` keeps
the ones done, in order, and the ones undone, ready to redo. Edit › Undo shows the
description ("Undo delete rule ‘Delisted’"). Anything the analyst changes can be made
undoable by describing it as a Command and giving it to `Session.execute`: rule
edits, hand highlights, notes and flags do so now; cell edits and column-mapping
changes can join the same history.

Commands typed in a run (a note being written) can merge: a command whose
`merge_key` equals that of the one on top replaces it, keeping the older `undo`, so
one Undo takes the whole note back.

Several commands made for one request of the analyst ("add the 4 new people from the
list") are grouped with `group(description)`: inside it, commands are done as usual
but kept as one, which Undo takes back whole (last first).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

HISTORY_LIMIT = 200  # changes kept for undo; older ones are forgotten


@dataclass(frozen=True)
class Command:
    """One change: `do` makes it, `undo` takes it back; both may be run many times."""

    description: str  # "delete rule ‘Delisted’", read after "Undo " or "Redo "
    do: Callable[[], None]
    undo: Callable[[], None]
    merge_key: Hashable | None = None  # equal keys on consecutive commands merge into one


class History:
    """Commands done and undone. It only keeps and runs them; the session notifies."""

    def __init__(self, limit: int = HISTORY_LIMIT):
        self._done: list[Command] = []
        self._undone: list[Command] = []
        self._limit = limit
        self._group: list[Command] | None = None  # the commands of the group being made

    def execute(self, command: Command) -> None:
        """Do the command and keep it for undo; anything undone can no longer be redone."""
        command.do()
        self.record(command)

    def record(self, command: Command) -> None:
        """Keep a command already done (merging it with the one on top if their keys agree)."""
        if self._group is not None:
            self._group.append(replace(command, merge_key=None))
            return
        self._undone.clear()
        top = self._done[-1] if self._done else None
        if top is not None and command.merge_key is not None and top.merge_key == command.merge_key:
            self._done[-1] = replace(command, undo=top.undo)
            return
        self._done.append(command)
        del self._done[:-self._limit]

    @contextmanager
    def group(self, description: str) -> Iterator[None]:
        """Keep the commands done inside as one undo step called `description`. If one of
        them fails, those done before it are taken back and the error goes on: all or none.
        A group inside a group joins the outer one."""
        if self._group is not None:
            yield
            return
        self._group = done = []
        try:
            yield
        except BaseException:
            self._group = None
            for command in reversed(done):
                command.undo()
            raise
        self._group = None
        if not done:
            return
        if len(done) == 1:
            self.record(replace(done[0], description=description))
            return
        commands = tuple(done)

        def do() -> None:
            for command in commands:
                command.do()

        def undo() -> None:
            for command in reversed(commands):
                command.undo()

        self.record(Command(description, do, undo))

    def seal(self) -> None:
        """End the current run of merging commands: the next one starts its own undo step."""
        if self._done and self._done[-1].merge_key is not None:
            self._done[-1] = replace(self._done[-1], merge_key=None)

    def undo(self) -> Command | None:
        """Take back the last change; None when there is nothing to undo."""
        if not self._done:
            return None
        command = self._done[-1]
        command.undo()  # if it fails, the change stays in the history as it was
        self._done.pop()
        self._undone.append(replace(command, merge_key=None))
        return command

    def redo(self) -> Command | None:
        """Make the last undone change again; None when there is nothing to redo."""
        if not self._undone:
            return None
        command = self._undone[-1]
        command.do()
        self._undone.pop()
        self._done.append(command)
        return command

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    @property
    def undo_description(self) -> str | None:
        return self._done[-1].description if self._done else None

    @property
    def redo_description(self) -> str | None:
        return self._undone[-1].description if self._undone else None
