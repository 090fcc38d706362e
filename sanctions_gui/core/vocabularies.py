"""The closed vocabularies of the record and the dates they turn on.

Choice and list fields only take these values (schema.py gives each field its own),
and the administration of a designation follows from its date.
"""

from __future__ import annotations

import datetime as dt

SECURITY_STATUSES = ("active", "former", "none", "unknown")
ADMINISTRATIONS = ("Bush", "Obama", "Trump", "Biden", "Trump II")
REASONS = (
    "corruption",
    "human rights",
    "undermining democracy",
    "narcotics",
    "terrorism",
    "other",
)
AUTHORITIES = (
    "E.O. 13692",
    "E.O. 13850",
    "E.O. 13884",
    "Kingpin Act",
    "E.O. 13224 (SDGT)",
    "E.O. 13581",
)
GENDERS = ("M", "F")

# Inauguration days: an administration runs from its start date until the next one's.
ADMINISTRATION_STARTS = (
    ("Bush", dt.date(2001, 1, 20)),
    ("Obama", dt.date(2009, 1, 20)),
    ("Trump", dt.date(2017, 1, 20)),
    ("Biden", dt.date(2021, 1, 20)),
    ("Trump II", dt.date(2025, 1, 20)),
)

# E.O. 13692 took effect on this day; the two sheets of the database split here.
EO_13692_DATE = dt.date(2015, 3, 9)
SHEET_POST = "Post-E.O. 13692"
SHEET_PRE = "Pre-E.O. 13692"


def administration_for(day: dt.date | None) -> str | None:
    """The administration in office on a designation date (None before 2001 or if unknown)."""
    if day is None:
        return None
    current = None
    for name, start in ADMINISTRATION_STARTS:
        if day >= start:
            current = name
    return current
