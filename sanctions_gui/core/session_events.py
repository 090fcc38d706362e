"""What a Session tells its observers after a change, and how they should read it.

Observer API
------------
    unsubscribe = session.subscribe(callback)

`callback(event)` runs after every change with a `SessionEvent`:

- `event.changes`: `Change` flags saying what to look at again (several may be set):
  DATASET (a new dataset or frame: columns, people, values), VIEW (the rows shown or
  their order: `session.view.rows`), COLOURS (`session.view.colours`), RULES
  (`session.rules`, `session.matches`), FILTERS (`session.state`: search, sheet,
  filters, facets, sort, only-highlighted), SELECTION (`session.selection`,
  `session.current`), ANNOTATIONS (notes, flags or hand highlights of `event.people`),
  HISTORY (`session.history`: what Undo / Redo would do), CELLS (set with DATASET: the
  working copy changed cells or added / removed people; the columns, and every person's
  frame row, stay as they were, people added coming at the end).
- `event.people`: for ANNOTATIONS, the person ids whose note, flag or highlight changed;
  for CELLS, the people whose cells changed.
- `event.previous`: the view before the change (None when there was none).

Read the session's current state when handling an event. One intent gives one event.
An observer may call intents while handling an event; the events they cause are
delivered after every observer has had the current one, so all see them in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Flag, auto

from .view import View


class Change(Flag):
    """What a SessionEvent asks observers to look at again."""

    NONE = 0
    DATASET = auto()
    VIEW = auto()
    COLOURS = auto()
    RULES = auto()
    FILTERS = auto()
    SELECTION = auto()
    ANNOTATIONS = auto()
    HISTORY = auto()
    CELLS = auto()


@dataclass(frozen=True)
class SessionEvent:
    """What one intent changed (see the module docstring for each field)."""

    changes: Change
    people: frozenset[str] = frozenset()
    previous: View | None = None


Observer = Callable[[SessionEvent], None]
