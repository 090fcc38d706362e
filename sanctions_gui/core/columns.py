"""Which columns an analyst sees, in which order and under which header: the table's
and the export's default.

The order is what analysts read first: who, in which post, when the U.S. sanctioned
them and under which administration, why, whether they were in the security forces,
and who else sanctioned them. "Also sanctioned by" is made from the other governments'
columns (one cell, "Canada; EU; Panama") so that fact fits on screen beside the others;
the single governments' columns, with their listing dates, follow further right.

The internal keys mean nothing to a reader, and each "<jurisdiction>_date" companion
repeats what its jurisdiction column already shows (the listing date, or "Yes"). The
window hides these until asked, and `main.py export` leaves them out, so both start
from the same columns.
"""

from __future__ import annotations

import pandas as pd

from . import schema

# A column made from the jurisdiction columns. The same name is the facet "Also
# sanctioned by" and the rule field that tests the other governments together.
ALSO_SANCTIONED_BY = "jurisdictions"
ALSO_SANCTIONED_BY_LABEL = "Also sanctioned by"

READING_ORDER = (
    schema.Col.NAME, schema.Col.POSITION, schema.Col.US_DESIGNATION_DATE, schema.Col.ADMINISTRATION, schema.Col.REASONS,
    schema.Col.SECURITY_STATUS, ALSO_SANCTIONED_BY, schema.Col.INSTITUTION, schema.Col.FORMER_COMMANDER,
    schema.Col.COMMANDED_UNIT, schema.Col.AUTHORITY, schema.Col.DELISTED_DATE, schema.Col.ALIASES, schema.Col.GENDER,
    schema.Col.DATE_OF_BIRTH, *(j.name for j in schema.JURISDICTIONS), schema.Col.SOURCES, schema.Col.NOTES, schema.Col.SHEET,
)
DEFAULT_HIDDEN_COLUMNS = (*schema.INTERNAL_COLUMNS, *schema.jurisdiction_date_columns())


def column_label(column: str) -> str:
    """A column's header: the schema's label, or the derived column's."""
    return ALSO_SANCTIONED_BY_LABEL if column == ALSO_SANCTIONED_BY else schema.label(column)


def has_derived_column(frame: pd.DataFrame) -> bool:
    """Whether the frame has what "Also sanctioned by" is made from."""
    return all(j.name in frame.columns for j in schema.JURISDICTIONS)


def display_columns(frame: pd.DataFrame) -> list[str]:
    """Every column a table of this frame shows or can show, in reading order: the
    canonical ones, then the source's extra columns, then the ones hidden by default."""
    present = set(frame.columns) | ({ALSO_SANCTIONED_BY} if has_derived_column(frame) else set())
    ordered = [column for column in READING_ORDER if column in present]
    extras = [column for column in frame.columns
              if column not in ordered and column not in DEFAULT_HIDDEN_COLUMNS]
    hidden = [column for column in DEFAULT_HIDDEN_COLUMNS if column in present]
    return [*ordered, *extras, *hidden]


def default_columns(frame: pd.DataFrame) -> list[str]:
    """The columns shown before the analyst chooses any, in reading order; extra source columns stay."""
    return [column for column in display_columns(frame) if column not in DEFAULT_HIDDEN_COLUMNS]
