"""A list entry as the database's canonical values, and what a comparison's changes would write.

The comparison view (and any later edit through the working copy) writes these values:
`canonical_values` for a person to add, `delisting_date` for a person no longer listed.
Programs become the schema's authorities through the authority field's own synonyms
(VENEZUELA -> E.O. 13692, SDNTK -> Kingpin Act); programs outside that vocabulary are
named, never dropped in silence.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..folding import fold_key
from ..schema import FIELDS
from ..vocabularies import AUTHORITIES, administration_for
from .model import ListEntry, ListFile
from .names import display_case, natural_order

_AUTHORITY_LOOKUP = {fold_key(value): value for value in AUTHORITIES} | FIELDS["authority"].value_synonyms
OFAC_FORMATS = ("OFAC",)
OFAC_ENTRY_URL = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={}"


def authorities(programs: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the schema's authorities for the programs, the programs that are none of them)."""
    mapped, unmapped = [], []
    for program in programs:
        authority = _AUTHORITY_LOOKUP.get(fold_key(program))
        (mapped if authority else unmapped).append(authority or program)
    return tuple(dict.fromkeys(mapped)), tuple(dict.fromkeys(unmapped))


def exact_birth(entry: ListEntry) -> dt.date | None:
    """The one exact date of birth the list gives, or None (none, only a year, or several)."""
    exact = {b.earliest for b in entry.birth_dates if b.exact}
    return next(iter(exact)) if len(exact) == 1 and len(entry.birth_dates) == 1 else None


def entry_aliases(entry: ListEntry) -> tuple[str, ...]:
    """The entry's aliases as the database writes them: natural order, strong before weak."""
    names = [natural_order(alias) for alias in entry.aliases] + [display_case(alias) for alias in entry.weak_aliases]
    primary = natural_order(entry.name)
    return tuple(dict.fromkeys(name for name in names if name and name != primary))


def list_source(entry: ListEntry, list_file: ListFile) -> tuple[str, ...]:
    """The list as the person's source: in words, and the Treasury's page for the entry."""
    date = list_file.list_date.isoformat() if list_file.list_date else "unknown date"
    words = f"{list_file.file_format}, {date} ({list_file.path.name}), entry {entry.list_id}"
    if list_file.file_format.startswith(OFAC_FORMATS) and entry.list_id.isdigit():
        return words, OFAC_ENTRY_URL.format(entry.list_id)
    return (words,)


def canonical_values(entry: ListEntry, list_file: ListFile) -> dict[str, object]:
    """The database's values for a person to add from the list (schema column -> value).

    Only what the list states: a date of birth when it gives one exact date (a year, or
    several dates, go to the notes instead), a designation date where the format has it.
    """
    mapped, unmapped = authorities(entry.programs)
    notes = []
    birth = exact_birth(entry)
    if birth is None and entry.birth_dates:
        notes.append("Date of birth on the list: " + "; ".join(b.text for b in entry.birth_dates) + ".")
    if unmapped:
        notes.append("Programs on the list that are not among the authorities: " + ", ".join(unmapped) + ".")
    values: dict[str, object] = {
        "name": natural_order(entry.name),
        "aliases": entry_aliases(entry),
        "date_of_birth": pd.Timestamp(birth) if birth else pd.NaT,
        "gender": entry.gender or pd.NA,
        "authority": mapped,
        "list_id": entry.list_id,
        "id_numbers": tuple(str(document) for document in entry.id_numbers),
        "sources": list_source(entry, list_file),
        "notes": " ".join(notes) if notes else pd.NA,
    }
    if entry.listed_on is not None:
        values["us_designation_date"] = pd.Timestamp(entry.listed_on)
        values["administration"] = administration_for(entry.listed_on) or pd.NA
    return values


def delisting_date(list_file: ListFile) -> dt.date | None:
    """The date to record for a person no longer on the list: the list's own date.

    The person left the list on or before that day; the list does not say when exactly.
    """
    return list_file.list_date
