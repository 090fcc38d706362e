"""The analyst's session: one owner for everything they set, and the view it gives.

A `Session` holds the dataset, the view state (sheet, search and fuzzy threshold,
column filters, facets, sort, only-highlighted), the ordered rules and what they
match, the hand highlights, notes and flags (through the workspace), the selection
as person ids, and the undo history. It computes the view with `compute_view`, so
the window, the export and the command line cannot disagree. Widgets show it and
send it intents (`set_search`, `delete_rule`, `set_note`, `select` ...); none keeps a
copy of what it shows. They hear of changes through `subscribe(callback)`; what an
event says, and when it comes, is in session_events.py.

Undo: every change of the analyst's own (rules, highlights, notes, flags) is a
`history.Command` run through `execute`; code that adds a new kind of change (cell
edits, column mappings) describes it as a Command and calls `execute` too.
`replace_frame` (dataset_intents.py) swaps in a new frame of the same workbook, and
`replace_dataset` a new reading of it (a new column mapping, with its report), keeping the selection, sort and
filters, with the working copy's changes applied anew.

The working copy (`working_copy`, edit intents in edit_intents.py): the dataset's
frame is the workbook as read plus the analyst's changes, which the workspace keeps as
they are made; opening the same file again brings them back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

import numpy as np
import pandas as pd

from . import schema
from .annotations import AnnotationIntents
from .change_store import ChangeStore
from .dataset_intents import DatasetIntents
from .edit_intents import EditIntents
from .history import Command, History
from .rule_intents import RuleIntents
from .view_intents import ViewIntents
from .rules import Rule, RuleMatches, evaluate
from .saved_choices import save_facets_choice, save_rules_choice, saved_facets, saved_rules
from .session_events import Change, Observer, SessionEvent
from .view import Dataset, View, ViewState, combine_colours, compute_view
from .working_copy import WorkingCopy
from .workspace import Workspace


class Session(ViewIntents, RuleIntents, AnnotationIntents, EditIntents, DatasetIntents):
    """The analyst's state over one dataset at a time, and the view it gives."""

    def __init__(self, workspace: Workspace | None = None, rules: Sequence[Rule] | None = None):
        """With a workspace, the rules and facets saved there come back (and changes are
        saved); `rules` given explicitly (the command line) are used instead and not saved."""
        self.workspace = workspace
        self.rules_problem = ""  # why the saved rules could not be read, if they could not
        self._remember = workspace is not None and rules is None
        facets: dict[str, frozenset[str]] = {}
        if self._remember:
            rules, self.rules_problem = saved_rules(workspace)
            facets = saved_facets(workspace)
        self._rules: tuple[Rule, ...] = tuple(rules or ())
        self._state = ViewState(facets=facets)
        self._dataset: Dataset | None = None
        self._dataset_key = ""
        self._notes_from: str | None = None
        self._change_store = ChangeStore(workspace) if workspace is not None else None
        self._working: WorkingCopy | None = None
        self._view: View | None = None
        self._matches: RuleMatches | None = None
        self._manual: np.ndarray | None = None
        self._selection: tuple[str, ...] = ()
        self._current: str | None = None
        self.history = History()
        self._observers: list[Observer] = []
        self._pending: list[SessionEvent] = []
        self._delivering = False
        self._batch_depth = 0
        self._batch_changes = Change.NONE
        self._batch_people: set[str] = set()
        self._batch_previous: View | None = None

    # --- what observers read ------------------------------------------------------------------

    @property
    def dataset(self) -> Dataset | None:
        return self._dataset

    @property
    def state(self) -> ViewState:
        return self._state

    @property
    def view(self) -> View | None:
        return self._view

    @property
    def rules(self) -> tuple[Rule, ...]:
        return self._rules

    @property
    def matches(self) -> RuleMatches | None:
        return self._matches

    @property
    def selection(self) -> tuple[str, ...]:
        """The selected people's ids, in the order they are shown."""
        return self._selection

    @property
    def current(self) -> str | None:
        """The person the person pane shows, or None."""
        return self._current

    @property
    def dataset_key(self) -> str:
        """The workspace key the open workbook's notes, flags and hand colours are kept under
        ("" when it was not read from a file): worked out once per load, in `_key_for`."""
        return self._dataset_key

    @property
    def notes_from(self) -> str | None:
        """The other copy of the open workbook (a path) whose notes, flags and hand colours it
        shows because it is that workbook moved, renamed or re-saved; None when they are its own."""
        return self._notes_from

    def frame_row(self, person_id: str | None) -> int | None:
        """The frame position of a person, or None."""
        if person_id is None or self._dataset is None:
            return None
        row = int(self._dataset.rows_of([person_id])[0])
        return row if row >= 0 else None

    def shown_mask(self) -> np.ndarray:
        """Per frame row, whether the view shows it as one of the working copy's people (a person
        removed is still shown, marked, until the workbook is saved, but not counted)."""
        return (self._view.positions >= 0) & ~self._working.removed

    def highlighted_mask(self) -> np.ndarray:
        """Per frame row, whether it has a colour (hand, rule or file)."""
        return pd.notna(self._view.colours)

    def matched_rules(self, person_id: str | None) -> list[Rule]:
        row = self.frame_row(person_id)
        return self._matches.rules_for_row(row) if row is not None and self._matches is not None else []

    def person_name(self, person_id: str) -> str:
        row = self.frame_row(person_id)
        return str(self._dataset.text(schema.Col.NAME)[row]) if row is not None else person_id

    # --- observers ----------------------------------------------------------------------------

    def subscribe(self, observer: Observer) -> Callable[[], None]:
        """Call `observer(event)` after each change; returns a function that stops it."""
        self._observers.append(observer)
        return lambda: self._observers.remove(observer) if observer in self._observers else None

    @contextmanager
    def _batch(self) -> Iterator[None]:
        """Gather the changes of one intent into one event, sent when the outermost batch ends."""
        if self._batch_depth == 0:
            self._batch_changes, self._batch_people, self._batch_previous = Change.NONE, set(), self._view
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if self._batch_depth == 0 and self._batch_changes:
                self._deliver(SessionEvent(self._batch_changes, frozenset(self._batch_people),
                                           self._batch_previous))

    def _touch(self, changes: Change, people: Iterable[str] = ()) -> None:
        self._batch_changes |= changes
        self._batch_people.update(people)

    def _deliver(self, event: SessionEvent) -> None:
        self._pending.append(event)
        if self._delivering:
            return
        self._delivering = True
        try:
            while self._pending:
                current = self._pending.pop(0)
                for observer in list(self._observers):
                    observer(current)
        finally:
            self._delivering = False
            self._pending.clear()

    # --- the view -------------------------------------------------------------------------------

    def _refresh(self, rows_may_change: bool = True) -> None:
        """Recompute the view after a change; mark what changed and keep the selection to
        people still shown."""
        if self._dataset is None:
            return
        previous = self._view
        rule_colours = self._matches.colours if self._matches is not None else None
        if rows_may_change or previous is None or self._state.only_highlighted:
            view = compute_view(self._dataset, self._state, rule_colours, self._manual)
        else:
            view = replace(previous, colours=combine_colours(self._dataset.frame, rule_colours, self._manual))
        self._view = view
        if previous is None or not np.array_equal(previous.rows, view.rows) \
                or (previous.scores is None) != (view.scores is None):
            self._touch(Change.VIEW)
        if previous is None or not np.array_equal(previous.colours, view.colours):
            self._touch(Change.COLOURS)
        self._keep_selection_shown()

    def _keep_selection_shown(self) -> None:
        shown = self._shown(self._selection)
        current = self._current if self._current is not None and self._shown([self._current]) else None
        if shown != self._selection or current != self._current:
            self._selection, self._current = shown, current
            self._touch(Change.SELECTION)

    def _shown(self, person_ids: Sequence[str]) -> tuple[str, ...]:
        """These people, those the view shows, in the view's order."""
        if self._view is None or not person_ids:
            return ()
        rows = self._dataset.rows_of(person_ids)
        positions = np.where(rows >= 0, self._view.positions[np.maximum(rows, 0)], -1)
        kept = np.flatnonzero(positions >= 0)
        order = kept[np.argsort(positions[kept], kind="stable")]
        unique = dict.fromkeys(self._dataset.person_ids[rows[order]])
        return tuple(unique)

    def _set_state(self, state: ViewState) -> None:
        if state == self._state:
            return
        with self._batch():
            if state.facets != self._state.facets and self._remember:
                save_facets_choice(self.workspace, state.facets)
            self._state = state
            self._touch(Change.FILTERS)
            self._refresh()

    def export_request(self, columns: Sequence[str], *, matched_rules_column: bool = False,
                       notes_column: bool = False, flag_column: bool = False):
        """What `export_view` needs to write exactly this view (columns in on-screen order)."""
        from .export import ExportRequest  # openpyxl loads on the first export, not at start

        key = self.dataset_key
        annotations = self.workspace.annotations(key) if self.workspace is not None and key else None
        view = replace(self._view, rows=self._view.rows[~self._working.removed[self._view.rows]])  # not removed people
        return ExportRequest(self._dataset, view, self._state, tuple(columns), rule_matches=self._matches,
                             annotations=annotations, matched_rules_column=matched_rules_column,
                             notes_column=notes_column, flag_column=flag_column)

    # --- the selection ----------------------------------------------------------------------------

    def select(self, person_ids: Sequence[str], current: str | None = None) -> None:
        """Select these people (those shown) and show `current` in the person pane."""
        shown = self._shown(list(person_ids))
        current = current if current is not None and self._shown([current]) else None
        if shown == self._selection and current == self._current:
            return
        with self._batch():
            self._selection, self._current = shown, current
            self._touch(Change.SELECTION)

    # --- undo -------------------------------------------------------------------------------------

    def execute(self, command: Command) -> None:
        """Make a change the analyst can undo."""
        with self._batch():
            self.history.execute(command)
            self._touch(Change.HISTORY)

    def undo(self) -> None:
        with self._batch():
            if self.history.undo() is not None:
                self._touch(Change.HISTORY)

    def redo(self) -> None:
        with self._batch():
            if self.history.redo() is not None:
                self._touch(Change.HISTORY)

    def seal_history(self) -> None:
        """End a run of merging edits (a note left): the next edit is its own undo step."""
        self.history.seal()

    # --- the rules (what RuleIntents builds on) ----------------------------------------------------

    def _set_rules(self, rules: tuple[Rule, ...]) -> None:
        """Install rules (from a command's do or undo): save, evaluate, recolour."""
        with self._batch():
            self._rules = tuple(rules)
            self.rules_problem = ""
            if self._remember:
                save_rules_choice(self.workspace, self._rules)
            self._touch(Change.RULES)
            if self._dataset is not None:
                self._matches = evaluate(self._dataset.frame, self._rules, self._working.removed)
                self._refresh(rows_may_change=False)

    # --- hand highlights (what AnnotationIntents builds on) ----------------------------------------

    def _manual_colours(self) -> np.ndarray | None:
        key = self.dataset_key
        if self.workspace is None or not key or self._dataset is None:
            return None
        annotations = self.workspace.annotations(key)
        if annotations.empty or annotations["highlight"].isna().all():
            return None
        ids = self._dataset.frame[schema.PERSON_ID]
        return ids.map(annotations["highlight"]).astype(object).where(ids.isin(annotations.index), None).to_numpy()

    def _annotations_changed(self, people: Iterable[str], colours: bool) -> None:
        with self._batch():
            self._touch(Change.ANNOTATIONS, people)
            if colours and self._dataset is not None:
                self._manual = self._manual_colours()
                self._refresh(rows_may_change=False)

