"""OFAC's advanced XML (`SDN_ADVANCED.XML`, and the consolidated list in the same schema).

Every type in this schema is a number defined in `ReferenceValueSets` ("Birthdate",
"Last Name", "Program"), and the numbers are not promised to stay the same, so each is
resolved by its label as the file defines it. The file's order is used as it comes:
reference values, locations and identity documents first, then the parties, and last
the sanctions entries with the programs, which are joined to the parties at the end.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .model import BirthDate, IdNumber, ListEntry, ListFile, ListFileError
from .xml_stream import children, descendants, local, stream, text_of

SURNAME_PARTS = {"last name", "maiden name", "matronymic"}
ID_KINDS = ("cedula", "national id", "identification number", "passport", "d.n.i.", "identity card",
            "personal id")


@dataclass
class _Party:
    """An individual while the file is read; programs arrive later with the sanctions entries."""

    entry: dict
    programs: list[str] = field(default_factory=list)
    listed_on: dt.date | None = None


@dataclass
class _Reference:
    """The labels of the reference values, by set and ID."""

    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    party_types: dict[str, str] = field(default_factory=dict)  # PartySubType ID -> PartyType label

    def label(self, value_set: str, value_id: str | None) -> str:
        return self.labels.get(value_set, {}).get(value_id or "", "")


def _reference(element) -> _Reference:
    reference = _Reference()
    for value_set in element:
        name = local(value_set.tag)
        reference.labels[name] = {value.get("ID"): (value.text or "").strip() for value in value_set}
    party_types = reference.labels.get("PartyTypeValues", {})
    for sub in element.iter("{*}PartySubType"):
        reference.party_types[sub.get("ID")] = party_types.get(sub.get("PartyTypeID"), "")
    return reference


def _date(element) -> dt.date | None:
    try:
        return dt.date(int(text_of(element, "Year")), int(text_of(element, "Month") or 1),
                       int(text_of(element, "Day") or 1))
    except ValueError:
        return None


def _birth_date(period) -> BirthDate | None:
    start, end = children(period, "Start"), children(period, "End")
    if not start or not end:
        return None
    earliest = _date(children(start[0], "From")[0]) if children(start[0], "From") else None
    latest = _date(children(end[0], "To")[0]) if children(end[0], "To") else None
    if earliest is None or latest is None or latest < earliest:
        return None
    circa = "true" in (start[0].get("Approximate"), end[0].get("Approximate"))
    return BirthDate(earliest, latest, _describe_span(earliest, latest, circa), circa)


def _describe_span(earliest: dt.date, latest: dt.date, circa: bool) -> str:
    """The span as OFAC's legacy files write it: '23 Nov 1962', 'Nov 1962', '1962', '1971 to 1973'."""
    def one(first: dt.date, last: dt.date) -> str:
        if first == last:
            return first.strftime("%d %b %Y")
        if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
            return str(first.year)
        if first.day == 1 and last.day == calendar.monthrange(last.year, last.month)[1] \
                and (first.year, first.month) == (last.year, last.month):
            return first.strftime("%b %Y")
        return ""
    text = one(earliest, latest)
    if not text:
        whole_years = (earliest.month, earliest.day, latest.month, latest.day) == (1, 1, 12, 31)
        text = (f"{earliest.year} to {latest.year}" if whole_years
                else f"{earliest:%d %b %Y} to {latest:%d %b %Y}")
    return f"circa {text}" if circa else text


class _Reader:
    def __init__(self, path: Path, list_file: ListFile):
        self.path, self.list_file = path, list_file
        self.reference = _Reference()
        self.locations: dict[str, str] = {}  # Location ID -> country
        self.documents: dict[str, list[IdNumber]] = {}  # Identity ID -> documents
        self.parties: dict[str, _Party] = {}

    def read(self) -> None:
        handlers = {"DateOfIssue": self._date_of_issue, "ReferenceValueSets": self._reference_values,
                    "Location": self._location, "IDRegDocument": self._document,
                    "DistinctParty": self._party, "SanctionsEntry": self._sanctions_entry}
        for name, element in stream(self.path, set(handlers)):
            handlers[name](element)
        if not self.reference.labels:
            raise ListFileError(f"{self.path.name} has no ReferenceValueSets: it is not a list in the "
                                "SDN_ADVANCED.XML schema.")
        for profile_id, party in self.parties.items():
            self.list_file.entries.append(ListEntry(**party.entry, programs=tuple(dict.fromkeys(party.programs)),
                                                    listed_on=party.listed_on))

    def _date_of_issue(self, element) -> None:
        self.list_file.list_date = _date(element)
        self.list_file.date_source = "stated in the file"

    def _reference_values(self, element) -> None:
        self.reference = _reference(element)

    def _location(self, element) -> None:
        for country in descendants(element, "LocationCountry"):
            label = self.reference.label("CountryValues", country.get("CountryID"))
            if label:
                self.locations[element.get("ID")] = label
                return

    def _document(self, element) -> None:
        kind = self.reference.label("IDRegDocTypeValues", element.get("IDRegDocTypeID"))
        number = text_of(element, "IDRegistrationNo")
        if number and kind.lower().startswith(ID_KINDS):
            country = self.reference.label("CountryValues", element.get("IssuedBy-CountryID"))
            self.documents.setdefault(element.get("IdentityID"), []).append(IdNumber(kind, number, country))

    def _party(self, element) -> None:
        profile = children(element, "Profile")
        if not profile:
            return
        profile = profile[0]
        if self.reference.party_types.get(profile.get("PartySubTypeID"), "").lower() != "individual":
            self.list_file.entities += 1
            return
        label = self.reference.label
        strong, weak, primary = [], [], ""
        identities = children(profile, "Identity")
        for identity in identities:
            groups = {group.get("ID"): label("NamePartTypeValues", group.get("NamePartTypeID")).lower()
                      for group in descendants(identity, "NamePartGroup")}
            for alias in children(identity, "Alias"):
                for documented in children(alias, "DocumentedName"):
                    name = self._documented_name(documented, groups)
                    if not name:
                        continue
                    if alias.get("Primary") == "true" and not primary:
                        primary = name
                    elif alias.get("LowQuality") == "true":
                        weak.append(name)
                    else:
                        strong.append(name)
        features = {"birth": [], "nationality": [], "citizenship": [], "address": [], "gender": ""}
        for feature in children(profile, "Feature"):
            self._feature(feature, features)
        documents = [doc for identity in identities for doc in self.documents.get(identity.get("ID"), [])]
        profile_id = profile.get("ID")
        self.parties[profile_id] = _Party({
            "list_id": profile_id, "name": primary or (strong.pop(0) if strong else ""),
            "aliases": tuple(dict.fromkeys(a for a in strong if a != primary)),
            "weak_aliases": tuple(dict.fromkeys(weak)), "birth_dates": tuple(features["birth"]),
            "nationalities": tuple(dict.fromkeys(features["nationality"])),
            "citizenships": tuple(dict.fromkeys(features["citizenship"])),
            "address_countries": tuple(dict.fromkeys(features["address"])),
            "id_numbers": tuple(documents), "gender": features["gender"], "row": element.sourceline})

    @staticmethod
    def _documented_name(documented, groups: dict[str, str]) -> str:
        surnames, given = [], []
        for part in descendants(documented, "NamePartValue"):
            text = (part.text or "").strip()
            if text:
                (surnames if groups.get(part.get("NamePartGroupID")) in SURNAME_PARTS else given).append(text)
        if surnames and given:
            return f"{' '.join(surnames)}, {' '.join(given)}"
        return " ".join(surnames or given)

    def _feature(self, feature, found: dict) -> None:
        kind = self.reference.label("FeatureTypeValues", feature.get("FeatureTypeID")).lower()
        for version in children(feature, "FeatureVersion"):
            if kind == "birthdate":
                for period in descendants(version, "DatePeriod"):
                    birth = _birth_date(period)
                    if birth is not None:
                        found["birth"].append(birth)
            elif kind == "gender":
                for detail in children(version, "VersionDetail"):
                    word = self.reference.label("DetailReferenceValues", detail.get("DetailReferenceID")).lower()
                    found["gender"] = {"male": "M", "female": "F"}.get(word, found["gender"])
            else:
                slot = {"nationality country": "nationality", "citizenship country": "citizenship",
                        "location": "address"}.get(kind)
                for place in children(version, "VersionLocation") if slot else ():
                    country = self.locations.get(place.get("LocationID"))
                    if country:
                        found[slot].append(country)

    def _sanctions_entry(self, element) -> None:
        party = self.parties.get(element.get("ProfileID"))
        if party is None:
            return
        for event in children(element, "EntryEvent"):
            for date in children(event, "Date"):
                day = _date(date)
                if day is not None and (party.listed_on is None or day < party.listed_on):
                    party.listed_on = day
        for measure in children(element, "SanctionsMeasure"):
            if self.reference.label("SanctionsTypeValues", measure.get("SanctionsTypeID")).lower() == "program":
                program = text_of(measure, "Comment")
                if program:
                    party.programs.append(program)


def read_advanced_xml(path: Path, list_file: ListFile) -> None:
    list_file.files = (path,)
    _Reader(path, list_file).read()
