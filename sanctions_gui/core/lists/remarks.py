"""OFAC's free-text conventions: the Remarks field of sdn.csv and the date-of-birth strings.

The legacy CSV keeps an individual's dates of birth, nationalities, identity documents and
weak aliases in one Remarks field: parts separated by "; ", the whole ending with ".",
such as "DOB 23 Nov 1962; POB Caracas, Venezuela; citizen Venezuela; Cedula No. 5892464
(Venezuela)". The legacy XML uses the same date strings ("circa 1962", "1971 to 1973").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from .model import BirthDate, IdNumber

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_DAY_MONTH_YEAR = re.compile(r"(?:(\d{1,2}) )?(?:([A-Za-z]{3})[a-z]* )?(\d{4})")
_ALT = re.compile(r"^alt\.\s+", re.I)
_COUNTRY = re.compile(r"\(([^()]+)\)\s*$")
# Identity documents worth matching on; other "… No." parts (tax ids, registrations) are left.
_ID_KINDS = re.compile(r"^(Cedula No\.|National ID No\.|Identification Number|Passport|D\.N\.I\.|"
                       r"Personal ID Card|Identity Card|Citizen's Card Number)\s*(.*)$", re.I)
_WEAK_ALIAS = re.compile(r"^a\.k\.a\.\s+'(.+)'$", re.I)


def _one_date(text: str) -> tuple[dt.date, dt.date] | None:
    """'23 Nov 1962', 'Nov 1962' or '1962' as the first and last day it can mean."""
    found = _DAY_MONTH_YEAR.fullmatch(text.strip())
    if not found:
        return None
    day, month_name, year = found.groups()
    year = int(year)
    month = _MONTHS.get(month_name.lower()) if month_name else None
    if month_name and month is None:
        return None
    try:
        if day and month:
            day_date = dt.date(year, month, int(day))
            return day_date, day_date
        if month:
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        return None


def parse_birth_date(text: str) -> BirthDate | None:
    """One date of birth as OFAC writes it: exact, month, year, 'circa 1962', '1971 to 1973'."""
    cleaned = " ".join(text.strip().rstrip(".").split())
    circa = cleaned.lower().startswith("circa ")
    if circa:
        cleaned = cleaned[6:]
    cleaned = re.sub(r"^(\d{4})\s*-\s*(\d{4})$", r"\1 to \2", cleaned)  # "1979-1982"
    first, _, last = cleaned.partition(" to ")
    start = _one_date(first)
    end = _one_date(last) if last else start
    if start is None or end is None or end[1] < start[0]:
        return None
    return BirthDate(start[0], end[1], text.strip().rstrip("."), circa)


@dataclass
class Remarks:
    """What the Remarks field says about an individual."""

    birth_dates: list[BirthDate] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    citizenships: list[str] = field(default_factory=list)
    id_numbers: list[IdNumber] = field(default_factory=list)
    weak_aliases: list[str] = field(default_factory=list)
    gender: str = ""
    unreadable_dates: list[str] = field(default_factory=list)


def split_remarks(text: str) -> list[str]:
    text = text.strip()
    if text.endswith("."):
        text = text[:-1]
    return [part.strip() for part in text.split("; ") if part.strip()]


def id_number(kind: str, rest: str) -> IdNumber | None:
    """'5.764.952 (Venezuela)' after a kind, as an IdNumber; None when no number is given."""
    country_found = _COUNTRY.search(rest)
    country = country_found.group(1).strip() if country_found else ""
    number = rest[:country_found.start()].strip() if country_found else rest.strip()
    number = number.split(" issued")[0].split(" expires")[0].strip().rstrip(",")
    return IdNumber(kind.rstrip(), number, country) if any(ch.isdigit() for ch in number) else None


def parse_remarks(text: str) -> Remarks:
    remarks = Remarks()
    for part in split_remarks(text):
        body = _ALT.sub("", part)
        lower = body.lower()
        if lower.startswith("dob "):
            birth = parse_birth_date(body[4:])
            if birth is None:
                remarks.unreadable_dates.append(body[4:])
            else:
                remarks.birth_dates.append(birth)
        elif lower.startswith("nationality "):
            remarks.nationalities.append(body[12:].strip())
        elif lower.startswith("citizen "):
            remarks.citizenships.append(body[8:].strip())
        elif lower.startswith("gender "):
            remarks.gender = {"male": "M", "female": "F"}.get(body[7:].strip().lower(), "")
        elif (weak := _WEAK_ALIAS.match(body)) is not None:
            remarks.weak_aliases.append(weak.group(1).strip())
        elif (document := _ID_KINDS.match(body)) is not None:
            found = id_number(document.group(1), document.group(2))
            if found is not None:
                remarks.id_numbers.append(found)
    return remarks
