"""Whom a list comparison concerns: by default the Venezuelans, or every listed individual.

The default follows the database's own scope (data/README.md): individuals under the
Venezuela programs, and individuals under the narcotics-kingpin or terrorism programs
whose nationality, citizenship, address or first identity document (a cédula, a
Venezuelan passport) is Venezuelan.
"""

from __future__ import annotations

from ..folding import fold_key
from .model import ListEntry

VENEZUELA = "venezuela"
ALL = "all"
SCOPES = (VENEZUELA, ALL)
VENEZUELA_PROGRAMS = ("VENEZUELA", "VENEZUELA-EO13850", "VENEZUELA-EO13884")
COUNTRY_PROGRAMS = ("SDNTK", "SDGT")
# How lists write the country: its name, or OpenSanctions' ISO code.
VENEZUELA_COUNTRY_KEYS = {"venezuela", "ve", "ven", "bolivarianrepublicofvenezuela"}

_VENEZUELA_PROGRAM_KEYS = {fold_key(program) for program in VENEZUELA_PROGRAMS}
_COUNTRY_PROGRAM_KEYS = {fold_key(program) for program in COUNTRY_PROGRAMS}


def describe_scope(scope: str) -> str:
    if scope == ALL:
        return "All individuals on the list"
    return (f"Individuals under {', '.join(VENEZUELA_PROGRAMS)}, and {' or '.join(COUNTRY_PROGRAMS)} "
            "individuals whose nationality, citizenship, address or first identity document is Venezuelan")


def is_venezuelan(entry: ListEntry) -> bool:
    """Venezuelan nationality, citizenship or address, or a first identity document that
    Venezuela issued. sdn.csv read alone has no addresses and often gives only the cedula
    ('Cedula No. 3169119 (Venezuela)' is the whole of Rodriguez Chacin's remarks); only the
    first document counts, since Colombian traffickers often hold a Venezuelan cedula as an
    "alt." one after their own."""
    countries = (*entry.countries(), *(document.country for document in entry.id_numbers[:1]))
    return any(fold_key(country) in VENEZUELA_COUNTRY_KEYS for country in countries)


def in_scope(entry: ListEntry, scope: str) -> bool:
    if scope == ALL:
        return True
    if scope != VENEZUELA:
        raise ValueError(f"scope must be one of {SCOPES}, not {scope!r}")
    programs = {fold_key(program) for program in entry.programs}
    if programs & _VENEZUELA_PROGRAM_KEYS:
        return True
    return bool(programs & _COUNTRY_PROGRAM_KEYS) and is_venezuelan(entry)
