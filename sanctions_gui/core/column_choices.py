"""What the Columns dialog shows and sends back, without Qt: one choice per source header.

The import report describes every column of every sheet (ImportReport.sheets[*].columns).
Here the columns are gathered by header (a mapping is by header, so "Cargo" on two sheets
is one choice), described in words, and the analyst's picks are turned into the mapping
`read_workbook(mapping=...)` takes, with what is wrong with them said plainly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import schema
from .column_assignment import Mapping
from .headers import BY_HAND, BY_WORDS, EXACT, PROPOSED, header_key, mapping_conflicts, mappable_columns
from .import_report import SheetReport, describe_candidates

KEEP_AS_EXTRA = "Keep as an extra column"


@dataclass(frozen=True)
class ColumnChoice:
    """A source header and what the reader made of it, on every sheet that has it."""

    header: str
    sheets: tuple[str, ...]
    letters: tuple[str, ...]
    column: str | None  # the field it became, None when kept as an extra column
    how: str
    score: int
    candidates: tuple[tuple[str, int], ...]
    samples: tuple[str, ...]
    note: str = ""

    @property
    def became(self) -> str:
        return schema.label(self.column) if self.column else KEEP_AS_EXTRA.replace("Keep", "Kept")

    @property
    def confidence(self) -> str:
        """How sure the reader was, in words: "exact header", "by its words (93)", "proposed: …"."""
        if self.how == EXACT:
            return "exact header"
        if self.how == BY_WORDS:
            return f"by its words ({self.score})"
        if self.how == BY_HAND:
            return "set by hand"
        if self.note:
            return self.note
        if self.how == PROPOSED:
            return f"proposed: {describe_candidates(self.candidates)}"
        return "not recognised"


def column_choices(sheets: Sequence[SheetReport]) -> list[ColumnChoice]:
    """One choice per distinct header (headers compared as the mapping compares them), in sheet order."""
    grouped: dict[str, list] = {}
    for sheet in sheets:
        for column in sheet.columns:
            if column.header:
                grouped.setdefault(header_key(column.header), []).append((sheet.name, column))
    choices = []
    for found in grouped.values():
        first = found[0][1]
        samples = tuple(dict.fromkeys(s for _, column in found for s in column.samples))[:3]
        choices.append(ColumnChoice(first.header, tuple(dict.fromkeys(name for name, _ in found)),
                                    tuple(column.letter for _, column in found), first.column, first.how,
                                    first.score, first.candidates, samples, first.note))
    return choices


def field_options() -> list[tuple[str | None, str]]:
    """What a header can be set to: kept as an extra column, or any field, by label."""
    return [(None, KEEP_AS_EXTRA)] + [(column, schema.label(column)) for column in mappable_columns()]


def chosen_mapping(choices: Sequence[ColumnChoice], picks: Sequence[str | None]) -> Mapping:
    """The mapping to read the workbook with: every header set by hand before or now changed."""
    return {choice.header: pick for choice, pick in zip(choices, picks)
            if choice.how == BY_HAND or pick != choice.column}


def pick_conflicts(choices: Sequence[ColumnChoice], picks: Sequence[str | None]) -> list[str]:
    """Sentences naming each field the picks give twice on one sheet."""
    return mapping_conflicts([(sheet, choice.header, pick) for choice, pick in zip(choices, picks)
                              for sheet in choice.sheets])


def missing_from_picks(picks: Sequence[str | None]) -> str:
    """A sentence naming the key fields no pick gives ("" when all are given)."""
    given = set(picks)
    if "us_designation_date" in given:
        given.add("administration")  # derived from the dates
    missing = [schema.label(column) for column in schema.KEY_FIELDS if column not in given]
    if not missing:
        return ""
    return ("No column gives " + ", ".join(missing) + ": the charts and presets that need "
            + ("it" if len(missing) == 1 else "them") + " will have nothing to count.")
