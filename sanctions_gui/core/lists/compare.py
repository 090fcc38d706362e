"""Compare a database with a list, or two downloads of a list, into the comparison's categories.

Database people are looked for among all the list's individuals, not only those in
scope: someone moved from a Venezuela program to another is still listed, not delisted.
The scope decides which list entries missing from the database count as new.
Each list entry is given to one database row at most; a second row that matches it as
well (a duplicate in the database) is left uncertain and says which row has it.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pandas as pd

from .. import schema
from .canonical import exact_birth
from .comparison import CHANGED, DELISTED, MATCHED, NEW, NEWER, UNCERTAIN, Comparison, Item
from .decisions import ACCEPT, REJECT
from .differences import database_differences, list_differences
from .matching import MATCHED as MATCH_OK
from .matching import UNCERTAIN as MATCH_UNSURE
from .matching import ListIndex, Match, Person, candidate_matches, judge, people
from .model import ListEntry, ListFile
from .names import name_tokens, natural_order
from .scope import VENEZUELA, in_scope


RECORD_COLUMNS = ("name", "aliases", "authority", "date_of_birth", "us_designation_date", "delisted_date",
                  "list_id", schema.SOURCE_ROW, "sheet")


def _records(frame: pd.DataFrame) -> list[dict]:
    """The columns a comparison reads, as one plain dict per row (pandas row access is slow)."""
    columns = {column: frame[column].astype(object).tolist() for column in RECORD_COLUMNS}
    return [dict(zip(columns, values)) for values in zip(*columns.values())]


def _place(record: dict, row: int) -> str:
    source_row, sheet = record[schema.SOURCE_ROW], record["sheet"]
    place = f"row {source_row}" if not pd.isna(source_row) else f"record {row + 1}"
    return place + ("" if pd.isna(sheet) else f" of {sheet}")


def _where(records: list[dict], row: int) -> str:
    return f"{records[row]['name']} ({_place(records[row], row)})"


def _date(value: object):
    return None if pd.isna(value) else pd.Timestamp(value).date()


def _choose(records: list[dict], candidates: dict[int, list[Match]]) -> dict[int, Match]:
    """One entry per row and one row per entry: surest rows choose first."""
    order = sorted(candidates, key=lambda row: (candidates[row][0].verdict != MATCH_OK, -candidates[row][0].score, row))
    claimed: dict[str, int] = {}
    chosen: dict[int, Match] = {}
    for row in order:
        free = [m for m in candidates[row] if m.entry.list_id not in claimed]
        if free:
            chosen[row] = free[0]
            claimed[free[0].entry.list_id] = row
        else:
            top = candidates[row][0]
            owner = _where(records, claimed[top.entry.list_id])
            chosen[row] = replace(top, verdict=MATCH_UNSURE,
                                  reason=f"{top.reason}; the list entry is also matched to {owner}")
    return chosen


def _decided(person: Person, index: ListIndex, list_id: str) -> Match | None:
    position = index.by_id.get(list_id)
    if position is None:
        return None
    score, _, reason = judge(index.best_name(person, position), person.birth, index.entries[position])
    return Match(person.row, index.entries[position], score, MATCH_OK, f"accepted by you ({reason})", "your decision")


def compare_with_database(list_file: ListFile, frame: pd.DataFrame, database: str | os.PathLike | None = None,
                          scope: str = VENEZUELA, decisions: dict[tuple[str, str], str] | None = None) -> Comparison:
    """Sort the database's people and the list's individuals in scope into the categories.

    `decisions` are the analyst's earlier answers on uncertain pairs, (person_id, list_id)
    -> "accept" / "reject" (see decisions.load_decisions). The list's date must be known.
    """
    if list_file.list_date is None:
        raise ValueError("the list's date must be known to compare it with a database")
    decisions = decisions or {}
    index = ListIndex(list_file.entries)
    person_ids = frame[schema.PERSON_ID].astype(object).to_numpy()
    candidates: dict[int, list[Match]] = {}
    for person in people(frame):
        mine = {lid: d for (pid, lid), d in decisions.items() if pid == person_ids[person.row]}
        accepted = next((m for lid, d in mine.items() if d == ACCEPT and (m := _decided(person, index, lid))), None)
        found = [accepted] if accepted else candidate_matches(person, index, {lid for lid, d in mine.items() if d == REJECT})
        if found:
            candidates[person.row] = found
    records = _records(frame)
    chosen = _choose(records, candidates)

    items: dict[str, list[Item]] = {category: [] for category in (NEW, DELISTED, CHANGED, UNCERTAIN, MATCHED, NEWER)}
    claimed = {match.entry.list_id for match in chosen.values()}
    for row in range(len(frame)):
        record = records[row]
        base = {"name": record["name"], "row": row, "person_id": person_ids[row], "where": _place(record, row)}
        match = chosen.get(row)
        if match is None:
            items[_absent(record, list_file)].append(Item(reason=_absent_reason(record, list_file), **base,
                                                         category=_absent(record, list_file),
                                                         already_recorded=_already_delisted(record, list_file)))
            continue
        reason = match.reason
        if not in_scope(match.entry, scope):
            reason += f"; listed under {', '.join(match.entry.programs) or 'no program'}, outside the scope"
        if match.verdict == MATCH_UNSURE:
            items[UNCERTAIN].append(Item(UNCERTAIN, reason=reason, entry=match.entry, score=match.score, **base))
            continue
        differences = database_differences(record, match.entry, list_file.list_date)
        category = CHANGED if differences else MATCHED
        items[category].append(Item(category, reason=reason, entry=match.entry, score=match.score,
                                    differences=differences, **base))
    in_scope_entries = [entry for entry in list_file.entries if in_scope(entry, scope)]
    for entry in in_scope_entries:
        if entry.list_id not in claimed:
            items[NEW].append(Item(NEW, natural_order(entry.name), f"on the list, not in the database "
                                   f"({', '.join(entry.programs)})", entry=entry))
    return Comparison(list_file, scope, items, database=Path(database) if database else None,
                      in_scope=len(in_scope_entries))


def _absent(record: dict, list_file: ListFile) -> str:
    designated = _date(record["us_designation_date"])
    return NEWER if designated is not None and designated > list_file.list_date else DELISTED


def _already_delisted(record: dict, list_file: ListFile) -> bool:
    delisted = _date(record["delisted_date"])
    return delisted is not None and delisted <= list_file.list_date


def _absent_reason(record: dict, list_file: ListFile) -> str:
    list_date = list_file.list_date.isoformat()
    designated = _date(record["us_designation_date"])
    if designated is not None and designated > list_file.list_date:
        return f"designated on {designated.isoformat()}, after the list's date {list_date}"
    reason = f"not on the list of {list_date}"
    own_id = record["list_id"]
    if isinstance(own_id, str) and own_id.strip():
        reason += f" (the database's list id {own_id} is not on it)"
    if designated is None:
        reason += "; the database has no designation date"
    if _already_delisted(record, list_file):
        reason += f"; the database already records the delisting on {_date(record['delisted_date']).isoformat()}"
    return reason


def _entry_person(entry: ListEntry, row: int) -> Person:
    return Person(row, tuple(v for v in (name_tokens(n) for n in entry.names) if v), exact_birth(entry), "",
                  frozenset())


def compare_lists(old: ListFile, new: ListFile, scope: str = VENEZUELA) -> Comparison:
    """What changed between two downloads of a list, for the individuals in scope on either.

    Entries are the same when their list id is; an entry that left and one that came with
    a matching name and birth are shown together as uncertain (listed again anew?).
    """
    old_by, new_by = old.by_id(), new.by_id()
    ids = sorted({i for i, e in old_by.items() if in_scope(e, scope)} | {i for i, e in new_by.items() if in_scope(e, scope)},
                 key=lambda i: (len(i), i))
    items: dict[str, list[Item]] = {category: [] for category in (NEW, DELISTED, CHANGED, UNCERTAIN, MATCHED, NEWER)}
    gone, came = [], []
    for list_id in ids:
        before, after = old_by.get(list_id), new_by.get(list_id)
        if before and after:
            differences = list_differences(before, after)
            category = CHANGED if differences else MATCHED
            items[category].append(Item(category, natural_order(after.name), f"same list id {list_id}",
                                        entry=after, old_entry=before, score=100, differences=differences))
        elif after:
            came.append(after)
        else:
            gone.append(before)
    index = ListIndex(came)
    paired: set[str] = set()
    for row, before in enumerate(gone):
        found = [m for m in candidate_matches(_entry_person(before, row), index, paired) if m.entry.list_id not in paired]
        if found:
            match = found[0]
            paired.add(match.entry.list_id)
            items[UNCERTAIN].append(Item(UNCERTAIN, natural_order(match.entry.name),
                                         f"entry {before.list_id} left the list and entry {match.entry.list_id} came: "
                                         f"{match.reason}; the same person listed anew?",
                                         entry=match.entry, old_entry=before, score=match.score))
        else:
            items[DELISTED].append(Item(DELISTED, natural_order(before.name),
                                        f"on the older list, not on the newer ({', '.join(before.programs)})",
                                        old_entry=before))
    for entry in came:
        if entry.list_id not in paired:
            items[NEW].append(Item(NEW, natural_order(entry.name),
                                   f"on the newer list, not on the older ({', '.join(entry.programs)})", entry=entry))
    comparison = Comparison(new, scope, items, old_list=old,
                            in_scope=sum(1 for e in new.entries if in_scope(e, scope)))
    if old.list_date and new.list_date and old.list_date > new.list_date:
        comparison.notes.append(f"The list compared against ({old.path.name}, {old.list_date.isoformat()}) is newer "
                                f"than {new.path.name} ({new.list_date.isoformat()}): new and no longer listed are "
                                "the other way round.")
    return comparison
