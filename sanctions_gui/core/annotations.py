"""The analyst's own marks on people: notes, flags and hand highlights, each undoable.

Part of `Session` (mixed in). Everything is written to the workspace store at once
(never to the spreadsheet); each intent is a `Command` whose undo writes back what
was there before. A note typed in several saves is one undo step until the analyst
leaves it (`seal_history`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .history import Command
from .rule_intents import quoted
from .workspace import Workspace, normalise_colour


class AnnotationIntents:
    """Notes, flags and hand highlights (needs Session's workspace, dataset key and
    `_annotations_changed`)."""

    workspace: Workspace | None

    @property
    def annotations_enabled(self) -> bool:
        """Whether notes can be kept: they need a workspace and a workbook read from a file."""
        return self.workspace is not None and bool(self.dataset_key)

    def note(self, person_id: str) -> str:
        return self.workspace.note(self.dataset_key, person_id) if self.annotations_enabled else ""

    def flag(self, person_id: str) -> bool:
        return self.workspace.flag(self.dataset_key, person_id) if self.annotations_enabled else False

    def highlight(self, person_id: str) -> str | None:
        return self.workspace.highlight(self.dataset_key, person_id) if self.annotations_enabled else None

    def _require_annotations(self) -> tuple[Workspace, str]:
        if not self.annotations_enabled:
            raise ValueError("notes, flags and highlights need a workbook opened from a file")
        return self.workspace, self.dataset_key

    def _annotate(self, person_id: str, read, write, value, words: str, merge_key=None) -> None:
        """Write one person's note or flag as an undoable command (nothing if it is unchanged)."""
        workspace, key = self._require_annotations()
        before = read(key, person_id)
        if before == value:
            return

        def put(chosen):
            return lambda: (write(key, person_id, chosen), self._annotations_changed([person_id], False))

        self.execute(Command(f"{words} {quoted(self.person_name(person_id))}", put(value), put(before), merge_key))

    def set_note(self, person_id: str, text: str) -> None:
        workspace = self._require_annotations()[0]
        self._annotate(person_id, workspace.note, workspace.set_note, str(text), "edit the note on",
                       merge_key=("note", self.dataset_key, person_id))

    def set_flag(self, person_id: str, flagged: bool) -> None:
        workspace = self._require_annotations()[0]
        self._annotate(person_id, workspace.flag, workspace.set_flag, bool(flagged),
                       "flag" if flagged else "remove the flag from")

    def set_highlight(self, person_ids: Sequence[str] | Iterable[str], colour: str | None) -> None:
        """Colour these people by hand (None removes their hand colour)."""
        workspace, key = self._require_annotations()
        people = list(dict.fromkeys(person_ids))
        if not people:
            return
        colour = normalise_colour(colour)
        before = workspace.highlights(key, people)
        if all(value == colour for value in before.values()):
            return

        def do() -> None:
            workspace.set_highlights(key, people, colour)
            self._annotations_changed(people, True)

        def undo() -> None:
            workspace.restore_highlights(key, before)
            self._annotations_changed(people, True)

        who = quoted(self.person_name(people[0])) if len(people) == 1 else f"{len(people):,} people"
        words = f"highlight {who}" if colour is not None else f"remove the highlight from {who}"
        self.execute(Command(words, do, undo))
