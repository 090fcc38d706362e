"""What a list file holds once read: one `ListEntry` per listed individual, whatever the format.

Every reader (legacy CSV set, legacy XML, advanced XML, OpenSanctions) fills the same
records, so scope, matching and comparison never know which format a list came in.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

MAX_WARNINGS = 200


class ListFileError(Exception):
    """A list file that cannot be used; the message is one plain sentence naming the file."""


class ListDateMissing(ListFileError):
    """The file does not say when it was published; the caller must give the date."""


@dataclass(frozen=True)
class BirthDate:
    """A date of birth as the list gives it: one day, a month, a year, or a range of them.

    `earliest`..`latest` is the span it allows (a year-only date is 1 Jan to 31 Dec);
    `circa` marks OFAC's "circa 1962", which allows a year either side.
    """

    earliest: dt.date
    latest: dt.date
    text: str
    circa: bool = False

    @property
    def exact(self) -> bool:
        return self.earliest == self.latest and not self.circa

    def allows(self, day: dt.date) -> bool:
        if self.circa:
            return self.earliest.year - 1 <= day.year <= self.latest.year + 1
        return self.earliest <= day <= self.latest


@dataclass(frozen=True)
class IdNumber:
    """An identity document: its kind as written ("Cedula No.", "Passport"), number, country."""

    kind: str
    number: str
    country: str = ""

    @property
    def key(self) -> str:
        """The number without dots, dashes or a V-/E- prefix, so 'V-5.764.952' equals '5764952'."""
        return identity_key(self.number)

    def __str__(self) -> str:
        return f"{self.kind} {self.number}" + (f" ({self.country})" if self.country else "")


def identity_key(number: str) -> str:
    """A comparable form of an identity number: letters and digits in capitals, without the
    Venezuelan nationality prefix (V- or E-) that cédulas are written with or without."""
    key = re.sub(r"[^0-9A-Z]", "", str(number).upper())
    return key[1:] if re.fullmatch(r"[VE]\d{5,}", key) else key


@dataclass(frozen=True)
class ListEntry:
    """One listed individual.

    `name` is as written on the list ("MADURO MOROS, Nicolas"); `aliases` are the strong
    ones (a.k.a., f.k.a., n.k.a.) in the same form, `weak_aliases` OFAC's low-quality ones
    ('TINO'). Countries are names in English as the list writes them.
    """

    list_id: str
    name: str
    aliases: tuple[str, ...] = ()
    weak_aliases: tuple[str, ...] = ()
    birth_dates: tuple[BirthDate, ...] = ()
    nationalities: tuple[str, ...] = ()
    citizenships: tuple[str, ...] = ()
    address_countries: tuple[str, ...] = ()
    id_numbers: tuple[IdNumber, ...] = ()
    programs: tuple[str, ...] = ()
    gender: str = ""  # "M", "F" or ""
    listed_on: dt.date | None = None  # the designation date, where the format gives it
    row: int | None = None  # where the entry starts in its file (line), for messages

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def countries(self) -> tuple[str, ...]:
        return (*self.nationalities, *self.citizenships, *self.address_countries)


@dataclass(frozen=True)
class ListWarning:
    """Something in a list file read but not understood, with where it was."""

    file: str
    row: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}: {self.message}" if self.row else f"{self.file}: {self.message}"


@dataclass
class ListFile:
    """A list file read: its individuals, its date and where that came from, and warnings.

    `files` are every file read for it (a CSV set is several); `entities` counts the
    listed companies, vessels and aircraft that were skipped.
    """

    path: Path
    file_format: str
    entries: list[ListEntry]
    list_date: dt.date | None
    date_source: str  # "stated in the file", "from the file name …", "given", or "unknown"
    files: tuple[Path, ...] = ()
    entities: int = 0
    warnings: list[ListWarning] = field(default_factory=list)
    warnings_not_listed: int = 0

    def warn(self, file: str, row: int | None, message: str) -> None:
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(ListWarning(file, row, message))
        else:
            self.warnings_not_listed += 1

    def by_id(self) -> dict[str, ListEntry]:
        return {entry.list_id: entry for entry in self.entries}

    def describe(self) -> str:
        date = self.list_date.isoformat() if self.list_date else "date unknown"
        return (f"{self.path.name} ({self.file_format}, {date} {self.date_source}): "
                f"{len(self.entries):,} individuals")


FORMAT_LABELS = {
    "legacy-csv": "OFAC legacy CSV (sdn.csv)",
    "legacy-xml": "OFAC legacy XML (sdn.xml schema)",
    "advanced-xml": "OFAC advanced XML (SDN_ADVANCED.XML schema)",
    "opensanctions-csv": "OpenSanctions targets.simple.csv",
    "opensanctions-ftm": "OpenSanctions FollowTheMoney JSON lines",
}

_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)")


def date_from_name(path: Path) -> tuple[dt.date, str] | None:
    """A date written in the file's name or, failing that, its folder's ("sdn_2024-05-03.csv")."""
    for part, what in ((path.name, "file name"), (path.parent.name, "folder name")):
        found = _NAME_DATE.search(part)
        if found:
            try:
                return dt.date(*map(int, found.groups())), f"from the {what} {part}"
            except ValueError:
                continue
    return None


def settle_date(list_file: ListFile, given: dt.date | None) -> None:
    """Fill the list's date: as the file states it, else the caller's, else from its name.

    A date given by the caller wins over the others, with a warning where the file says
    otherwise. Raises ListDateMissing when no date is known at all.
    """
    if given is not None:
        if list_file.list_date is not None and list_file.list_date != given:
            list_file.warn(list_file.path.name, None,
                           f"the file says it was published on {list_file.list_date.isoformat()}; "
                           f"the date given, {given.isoformat()}, is used instead")
        list_file.list_date, list_file.date_source = given, "as given"
        return
    if list_file.list_date is not None:
        return
    from_name = date_from_name(list_file.path)
    if from_name is None:
        raise ListDateMissing(f"{list_file.path.name} does not say when it was published, and its name "
                              f"holds no date: give the list's date (YYYY-MM-DD).")
    list_file.list_date, list_file.date_source = from_name
