"""Which of a matched person's fields the list gives otherwise: names, aliases, programs, birth.

Names are compared by their folded parts, so "José Farías Peña" and "FARIAS PENA, Jose"
agree; aliases are reported only where the list has one the database lacks (analysts'
own aliases, from the press, are not the list's to remove).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .canonical import authorities, entry_aliases, exact_birth
from .comparison import Difference
from .matching import DIFFERENT, CLOSE, UNKNOWN, birth_verdict
from .model import ListEntry
from .names import name_tokens, natural_order

SEPARATOR = "; "


def _birth(value: object) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _births_text(entry: ListEntry) -> str:
    return SEPARATOR.join(b.text for b in entry.birth_dates)


def database_differences(row: dict, entry: ListEntry, list_date: dt.date | None) -> tuple[Difference, ...]:
    """The database row's fields against the list entry's, as canonical values to take over."""
    found = []
    name = row["name"] if isinstance(row["name"], str) else ""
    if set(name_tokens(name)) != set(name_tokens(entry.name)):
        found.append(Difference("name", name, natural_order(entry.name), natural_order(entry.name)))

    own = tuple(row["aliases"] or ())
    known = {name_tokens(text) for text in (name, *own)}
    missing = tuple(alias for alias in entry_aliases(entry) if name_tokens(alias) not in known)
    if missing:
        found.append(Difference("aliases", SEPARATOR.join(own), SEPARATOR.join((*own, *missing)), (*own, *missing)))

    mapped, unmapped = authorities(entry.programs)
    held = tuple(row["authority"] or ())
    if set(mapped) != set(held):
        new = SEPARATOR.join(mapped) or "(none of the authorities)"
        if unmapped:
            new += f" (the list also says {', '.join(unmapped)})"
        found.append(Difference("authority", SEPARATOR.join(held), new, mapped))

    birth = _birth(row["date_of_birth"])
    verdict, _ = birth_verdict(birth, entry.birth_dates)
    exact = exact_birth(entry)
    if entry.birth_dates and (verdict in (DIFFERENT, CLOSE) or (verdict == UNKNOWN and exact is not None)):
        found.append(Difference("date_of_birth", birth.isoformat() if birth else "", _births_text(entry),
                                pd.Timestamp(exact) if exact else pd.NaT))

    delisted = _birth(row["delisted_date"])
    if delisted is not None and (list_date is None or delisted <= list_date):
        found.append(Difference("delisted_date", delisted.isoformat(),
                                f"on the list of {list_date.isoformat() if list_date else 'this date'}", pd.NaT))
    return tuple(found)


def list_differences(old: ListEntry, new: ListEntry) -> tuple[Difference, ...]:
    """An entry on two downloads of a list: what the newer one says otherwise."""
    found = []
    if old.name != new.name:
        found.append(Difference("name", old.name, new.name, new.name))
    for field, before, after in (("aliases", (*old.aliases, *old.weak_aliases), (*new.aliases, *new.weak_aliases)),
                                 ("programs", old.programs, new.programs)):
        if set(before) != set(after):
            added = [value for value in after if value not in before]
            removed = [value for value in before if value not in after]
            words = "; ".join([*(f"+ {value}" for value in added), *(f"- {value}" for value in removed)])
            found.append(Difference(field, SEPARATOR.join(before), f"{SEPARATOR.join(after)} ({words})", after))
    if {b.text for b in old.birth_dates} != {b.text for b in new.birth_dates}:
        found.append(Difference("date_of_birth", _births_text(old), _births_text(new), new.birth_dates))
    return tuple(found)
