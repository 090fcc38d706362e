"""Which column a source header stands for, by the aliases schema.py gives each field.

The reader's exact header lookup and the matching by meaning (core/headers.py) both
start from `header_alias_texts`, so they recognise the same headers.
"""

from __future__ import annotations

from collections.abc import Iterable

from .folding import fold_key
from .schema import FIELDS, Kind


def header_alias_texts() -> Iterable[tuple[str, str]]:
    """Every header text a column is known by, as (text, column), the field's own first.

    Jurisdictions also accept "<country> date" headers for their listing date. The
    exact lookup below and the matching by meaning (core/headers.py) both start here.
    """
    for f in FIELDS.values():
        if f.name == "sheet":  # always set by the reader, never taken from a column
            continue
        for alias in (f.name.replace("_", " "), f.label, *f.aliases):
            yield alias, f.name
        if f.kind is Kind.JURISDICTION:
            for alias in (f.label, *f.aliases):
                for pattern in ("{} date", "date {}", "{} listing date", "fecha {}", "fecha de {}"):
                    yield pattern.format(alias), f.date_column


def _header_aliases() -> dict[str, str]:
    """Folded header -> column."""
    aliases: dict[str, str] = {}
    for alias, column in header_alias_texts():
        aliases.setdefault(fold_key(alias), column)
    return aliases


HEADER_ALIASES: dict[str, str] = _header_aliases()


def column_for_header(header: object) -> str | None:
    """The column a source header stands for, or None if it is not recognised."""
    if header is None:
        return None
    key = fold_key(str(header))
    return HEADER_ALIASES.get(key) if key else None
