"""What a comparison found: people sorted into categories, each with its reason and differences.

The same categories serve a database against a list and two lists against each other:
new (on the list, not in the database or the older list), no longer listed, changed,
uncertain (for a person to decide), matched, and newer than the list (in the database,
designated after the list's date).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .model import ListEntry, ListFile
from .scope import describe_scope

NEW, DELISTED, CHANGED, UNCERTAIN, MATCHED, NEWER = "new", "delisted", "changed", "uncertain", "matched", \
    "newer_than_list"
CATEGORIES = (NEW, DELISTED, CHANGED, UNCERTAIN, MATCHED, NEWER)
CATEGORY_LABELS = {
    NEW: "New", DELISTED: "No longer listed", CHANGED: "Changed", UNCERTAIN: "Uncertain",
    MATCHED: "Matched", NEWER: "Newer than the list",
}


@dataclass(frozen=True)
class Difference:
    """One field that differs: the database's (or older list's) value against the list's.

    `value` is what taking the change over would write: a schema column's canonical value
    for a database, the newer list's for two lists.
    """

    field: str
    old: str
    new: str
    value: object = None


@dataclass(frozen=True)
class Item:
    """One person in one category.

    `name` is the database's spelling (the list's for new people, the newer list's for
    two lists); `row` and `person_id` locate the database row, `entry` the list entry
    (`old_entry` the older list's, when two lists are compared).
    """

    category: str
    name: str
    reason: str
    row: int | None = None
    person_id: str | None = None
    entry: ListEntry | None = None
    old_entry: ListEntry | None = None
    score: int | None = None
    differences: tuple[Difference, ...] = ()
    already_recorded: bool = False  # delisted people whose delisting the database already has
    where: str = ""  # the database row in words: "row 12 of Post-E.O. 13692"

    def to_dict(self) -> dict:
        record: dict = {"name": self.name, "reason": self.reason}
        if self.row is not None:
            record["row"] = self.row
        if self.person_id is not None:
            record["person_id"] = self.person_id
            record["where"] = self.where
        listed = self.entry or self.old_entry
        if listed is not None:
            record["list_name"] = listed.name
            record["list_id"] = listed.list_id
            record["programs"] = list(listed.programs)
        if self.score is not None:
            record["score"] = self.score
        if self.differences:
            record["differences"] = [{"field": d.field, "old": d.old, "new": d.new} for d in self.differences]
        if self.already_recorded:
            record["already_recorded"] = True
        return record


@dataclass
class Comparison:
    """The result, with what was compared: the list (and the older list, or the database)."""

    list_file: ListFile
    scope: str
    items: dict[str, list[Item]]
    database: Path | None = None
    old_list: ListFile | None = None
    in_scope: int = 0  # list individuals in scope
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {category: len(self.items.get(category, [])) for category in CATEGORIES}

    def to_dict(self) -> dict:
        about = {"list": _describe(self.list_file), "scope": self.scope, "scope_description": describe_scope(self.scope),
                 "in_scope": self.in_scope, "notes": self.notes}
        if self.old_list is not None:
            about["against_list"] = _describe(self.old_list)
        if self.database is not None:
            about["database"] = str(self.database)
        return {"counts": self.counts(), **{c: [item.to_dict() for item in self.items.get(c, [])] for c in CATEGORIES},
                "about": about}


def _describe(list_file: ListFile) -> dict:
    return {"file": str(list_file.path), "format": list_file.file_format,
            "date": list_file.list_date.isoformat() if list_file.list_date else None,
            "date_source": list_file.date_source, "individuals": len(list_file.entries),
            "warnings": [str(w) for w in list_file.warnings]
            + ([f"… and {list_file.warnings_not_listed} more"] if list_file.warnings_not_listed else [])}
