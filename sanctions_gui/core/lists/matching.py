"""Find each database person's entry on a list: list id, then identity number, then name and birth.

Each match carries a score (0-100) and its reason in words, such as "name 97, same date
of birth" or "name 91, date of birth 1962 vs 1990". A date of birth that differs lowers
the score sharply, since father and son share names on this list (Maduro Moros, Maduro
Guerra); a missing one leaves a match uncertain unless the name agrees almost entirely.
Rows are found through an index of name parts, so a large database is not compared with
every entry.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz, process

from .model import BirthDate, ListEntry, identity_key
from .names import name_score, name_tokens

MATCHED, UNCERTAIN = "matched", "uncertain"
SAME, FITS, CLOSE, DIFFERENT, UNKNOWN = "same", "fits", "close", "different", "unknown"
# (name score needed to match, to be worth a person's look) by what the dates of birth say.
THRESHOLDS = {SAME: (80, 65), FITS: (88, 70), UNKNOWN: (95, 75), CLOSE: (101, 75), DIFFERENT: (101, 97)}
PENALTY = {SAME: 0, FITS: 0, UNKNOWN: 0, CLOSE: 15, DIFFERENT: 40}
CLOSE_DAYS = 366
RARE_TOKENS = 2  # a row's candidates: the entries sharing one of its two rarest name parts
FUZZY_PART_AT_LEAST = 80
MIN_IDENTITY_DIGITS = 5


@dataclass(frozen=True)
class Match:
    """A database row's entry on the list, how sure, and why."""

    row: int  # position in the database frame
    entry: ListEntry
    score: int
    verdict: str  # MATCHED or UNCERTAIN
    reason: str
    basis: str  # "list id", "identity number", "name" or "your decision"


def birth_verdict(day: dt.date | None, births: tuple[BirthDate, ...]) -> tuple[str, str]:
    """How the database's date of birth compares with the list's, and that in words."""
    if day is None:
        return UNKNOWN, "no date of birth in the database" if births else "no date of birth on either side"
    if not births:
        return UNKNOWN, "no date of birth on the list"
    if any(b.exact and b.earliest == day for b in births):
        return SAME, "same date of birth"
    fitting = [b for b in births if b.allows(day)]
    if fitting:
        return FITS, f"date of birth fits the list's {fitting[0].text}"
    nearest = min(births, key=lambda b: min(abs((b.earliest - day).days), abs((b.latest - day).days)))
    gap = min(abs((nearest.earliest - day).days), abs((nearest.latest - day).days))
    swapped = nearest.exact and (nearest.earliest.year, nearest.earliest.month, nearest.earliest.day) == \
        (day.year, day.day, day.month)
    database_text = str(day.year) if nearest.earliest.year != day.year else day.isoformat()
    listed_text = str(nearest.earliest.year) if nearest.earliest.year != day.year else nearest.text
    if gap <= CLOSE_DAYS or swapped:
        return CLOSE, f"date of birth {day.isoformat()} vs {nearest.text}, close"
    return DIFFERENT, f"date of birth {database_text} vs {listed_text}"


def judge(name: float, day: dt.date | None, entry: ListEntry) -> tuple[int, str | None, str]:
    """(score, MATCHED / UNCERTAIN / None, reason) for a name score and the dates of birth."""
    verdict, words = birth_verdict(day, entry.birth_dates)
    match_at, look_at = THRESHOLDS[verdict]
    rounded = int(round(name))
    outcome = MATCHED if rounded >= match_at else UNCERTAIN if rounded >= look_at else None
    return max(rounded - PENALTY[verdict], 0), outcome, f"name {rounded}, {words}"


@dataclass(frozen=True)
class Person:
    """What matching needs of one database row."""

    row: int
    names: tuple[tuple[str, ...], ...]  # name parts of the name and of each alias
    birth: dt.date | None
    list_id: str
    identity_keys: frozenset[str]


def people(frame: pd.DataFrame) -> list[Person]:
    births = frame["date_of_birth"]
    found = []
    for row, (name, aliases, birth, list_id, numbers) in enumerate(zip(
            frame["name"], frame["aliases"], births, frame["list_id"], frame["id_numbers"])):
        variants = [name_tokens(text) for text in (name if isinstance(name, str) else "", *(aliases or ()))]
        found.append(Person(
            row=row, names=tuple(v for v in variants if v),
            birth=None if pd.isna(birth) else pd.Timestamp(birth).date(),
            list_id=list_id_key(list_id),
            identity_keys=frozenset(k for k in map(identity_key, numbers or ()) if _identity_worthy(k))))
    return found


def list_id_key(value: object) -> str:
    """A list id as written in a workbook ('22790', '22790.0', 'ofac-22790', 'SDN 22790') -> '22790'."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    text = str(value).strip()
    text = re.sub(r"\.0$", "", text)
    digits = re.findall(r"\d+", text)
    return digits[0] if len(digits) == 1 else text


def _identity_worthy(key: str) -> bool:
    return sum(ch.isdigit() for ch in key) >= MIN_IDENTITY_DIGITS


class ListIndex:
    """The list's entries by id, identity number and name part, for finding candidates quickly."""

    def __init__(self, entries: Iterable[ListEntry]):
        self.entries = list(entries)
        self.by_id = {entry.list_id: index for index, entry in enumerate(self.entries)}
        self.by_identity: dict[str, set[int]] = {}
        self.names: list[tuple[tuple[str, ...], ...]] = []
        self.postings: dict[str, set[int]] = {}
        for index, entry in enumerate(self.entries):
            for document in entry.id_numbers:
                if _identity_worthy(document.key):
                    self.by_identity.setdefault(document.key, set()).add(index)
            variants = tuple(v for v in (name_tokens(text) for text in (*entry.names, *entry.weak_aliases)) if v)
            self.names.append(variants)
            for token in {t for variant in variants for t in variant}:
                self.postings.setdefault(token, set()).add(index)
        self._vocabulary = list(self.postings)
        self._near: dict[str, tuple[str, ...]] = {}

    def _near_parts(self, token: str) -> tuple[str, ...]:
        """Parts of the list's names spelt like `token` (the token itself when the list has it)."""
        if token in self.postings:
            return (token,)
        if token not in self._near:
            found = process.extract(token, self._vocabulary, scorer=fuzz.ratio, limit=3,
                                    score_cutoff=FUZZY_PART_AT_LEAST) if len(token) >= 4 else []
            self._near[token] = tuple(match for match, _, _ in found)
        return self._near[token]

    def candidates(self, person: Person) -> set[int]:
        found: set[int] = set()
        for variant in person.names:
            spelt = [(sum(len(self.postings[p]) for p in parts), parts)
                     for parts in map(self._near_parts, variant) if parts]
            for _, parts in sorted(spelt)[:RARE_TOKENS]:
                for part in parts:
                    found |= self.postings[part]
        return found

    def best_name(self, person: Person, index: int) -> float:
        """The best score over every name and alias on both sides. A name of one part (a
        nickname such as 'Amin') is only compared with one-part names, never with a full
        name that happens to contain it."""
        return max((name_score(mine, theirs) for mine in person.names for theirs in self.names[index]
                    if (len(mine) == 1) == (len(theirs) == 1)), default=0.0)


def identity_match(person: Person, index: ListIndex, position: int, basis: str, what: str) -> Match:
    """A match by list id or identity number: certain unless the name and birth both disagree."""
    entry = index.entries[position]
    name = index.best_name(person, position)
    verdict, words = birth_verdict(person.birth, entry.birth_dates)
    if name < 50 and verdict in (DIFFERENT, CLOSE, UNKNOWN):
        return Match(person.row, entry, int(round(name)), UNCERTAIN,
                     f"{what}, but the names differ (name {int(round(name))}, {words})", basis)
    return Match(person.row, entry, 100, MATCHED, f"{what} (name {int(round(name))}, {words})", basis)


def candidate_matches(person: Person, index: ListIndex, rejected: set[str]) -> list[Match]:
    """Every plausible entry for the person, best first; entries the analyst rejected are left out."""
    found: list[Match] = []
    if person.list_id and person.list_id in index.by_id and person.list_id not in rejected:
        return [identity_match(person, index, index.by_id[person.list_id], "list id",
                               f"same list id {person.list_id}")]
    for key in sorted(person.identity_keys):
        for position in sorted(index.by_identity.get(key, ())):
            if index.entries[position].list_id not in rejected:
                found.append(identity_match(person, index, position, "identity number", f"same identity number {key}"))
    if found:
        return sorted(found, key=lambda m: (m.verdict != MATCHED, -m.score))
    for position in index.candidates(person):
        entry = index.entries[position]
        if entry.list_id in rejected:
            continue
        score, verdict, reason = judge(index.best_name(person, position), person.birth, entry)
        if verdict is not None:
            found.append(Match(person.row, entry, score, verdict, reason, "name"))
    if person.list_id:  # the database names an id the list does not have
        found = [Match(m.row, m.entry, m.score, UNCERTAIN,
                       f"{m.reason}; but the database's list id {person.list_id} is not on this list", m.basis)
                 for m in found]
    return sorted(found, key=lambda m: (m.verdict != MATCHED, -m.score, m.entry.list_id))
