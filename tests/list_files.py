"""Small official-list files in every format the app reads, written from one description.

`PEOPLE` describes a handful of listed individuals (namesakes with different dates of
birth, a year-only date, a cédula, aliases strong and weak); each writer puts them in one
format the way the publisher does, so a reader test can check that every format gives
back the same people. `DATABASE` is an analyst's CSV database to compare them with.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape


@dataclass(frozen=True)
class Listed:
    list_id: str
    surnames: str
    given: str
    programs: tuple[str, ...]
    birth: str = ""  # as OFAC writes it: "23 Nov 1962", "1970"
    nationality: str = ""
    citizen: str = ""
    address_country: str = ""
    cedula: str = ""
    aliases: tuple[tuple[str, str], ...] = ()  # (surnames, given)
    weak: tuple[str, ...] = ()
    gender: str = "Male"

    @property
    def name(self) -> str:
        return f"{self.surnames}, {self.given}"

    def birth_span(self) -> tuple[dt.date, dt.date] | None:
        if not self.birth:
            return None
        if self.birth.isdigit():
            return dt.date(int(self.birth), 1, 1), dt.date(int(self.birth), 12, 31)
        day = dt.datetime.strptime(self.birth, "%d %b %Y").date()
        return day, day


LIST_DATE = dt.date(2024, 5, 3)
OLD_LIST_DATE = dt.date(2021, 8, 18)

PEOPLE = (
    Listed("100", "MADURO MOROS", "Nicolas", ("VENEZUELA", "IRAN-CON-ARMS-EO"), "23 Nov 1962", citizen="Venezuela",
           cedula="5892464"),
    Listed("101", "MADURO GUERRA", "Nicolas Ernesto", ("VENEZUELA",), "21 Jun 1990", cedula="19398759"),
    Listed("102", "CABELLO RONDON", "Diosdado", ("VENEZUELA-EO13850",), "15 Apr 1963", nationality="Venezuela",
           aliases=(("CABELLO", "Diosdado"),)),
    Listed("103", "FARIAS PENA", "Jose Luis", ("SDNTK",), "1970", nationality="Venezuela", weak=("PEPE",)),
    Listed("104", "GOMEZ", "Ana Maria", ("VENEZUELA-EO13884",), "02 Feb 1975", gender="Female"),
    Listed("105", "SMITH", "John", ("SDGT",), "01 Jan 1950", nationality="Canada"),
    Listed("106", "CARVAJAL BARRIOS", "Hugo Armando", ("VENEZUELA",), "01 Apr 1960", address_country="Venezuela"),
    Listed("107", "RANGEL SILVA", "Henry de Jesus", ("VENEZUELA",), cedula="5.764.952"),
    Listed("108", "EL AISSAMI MADDAH", "Tareck Zaidan", ("VENEZUELA", "SDNTK"), "12 Nov 1974"),
)
ENTITY = ("200", "PETROLEOS DE VENEZUELA, S.A.", "VENEZUELA-EO13850")
# The older download: Gomez not yet listed, Cabello still under VENEZUELA, and Pedro listed.
DELISTED = Listed("109", "DELISTADO PEREZ", "Pedro", ("VENEZUELA",), "01 Jan 1960")
OLD_PEOPLE = tuple(
    Listed(**{**p.__dict__, "programs": ("VENEZUELA",)}) if p.list_id == "102" else p
    for p in PEOPLE if p.list_id != "104") + (DELISTED,)

# An analyst's database: natural order, accents, fewer given names.
DATABASE_ROWS = (
    # name, aliases, date of birth, authority, designated, delisted, list id, cédula
    ("Nicolás Maduro Moros", "", "1962-11-23", "E.O. 13692", "2017-07-31", "", "", ""),
    ("Nicolás Ernesto Maduro Guerra", "", "1990-06-21", "E.O. 13692", "2019-06-28", "", "", ""),
    ("Diosdado Cabello Rondón", "", "1963-04-15", "E.O. 13692", "2018-05-18", "", "", ""),
    ("José Luis Farías Peña", "Pepe", "1970-05-01", "Kingpin Act", "2009-01-01", "", "", ""),
    ("Hugo Carvajal", "", "", "E.O. 13692", "2008-09-12", "", "", ""),
    ("Henry Rangel", "", "", "E.O. 13692", "2008-09-12", "", "", "V-5764952"),
    ("Tarek El Aissami", "", "", "E.O. 13692; Kingpin Act", "2017-02-13", "", "108", ""),
    ("Pedro Delistado Pérez", "", "1960-01-01", "E.O. 13692", "2018-01-01", "", "", ""),
    ("Nuevo Posterior Ruiz", "", "1980-03-03", "E.O. 13692", "2025-01-10", "", "", ""),
)
DATABASE_HEADER = ("Name", "Aliases", "Date of birth", "U.S. authority", "Date sanctioned", "Delisted",
                   "OFAC ID", "Cédula")


def write_database(folder: Path, rows=DATABASE_ROWS) -> Path:
    path = folder / "database.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(DATABASE_HEADER)
        writer.writerows(rows)
    return path


# --- OFAC legacy CSV set -------------------------------------------------------------------

EMPTY = "-0- "


def _quoted(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if value else EMPTY


def _remarks(p: Listed) -> str:
    parts = []
    if p.birth:
        parts.append(f"DOB {p.birth}")
    if p.nationality:
        parts.append(f"nationality {p.nationality}")
    if p.citizen:
        parts.append(f"citizen {p.citizen}")
    parts.append(f"Gender {p.gender}")
    if p.cedula:
        parts.append(f"Cedula No. {p.cedula} (Venezuela)")
    parts += [f"a.k.a. '{w}'" for w in p.weak]
    return "; ".join(parts) + "."


def write_csv_set(folder: Path, people=PEOPLE, name: str = "sdn.csv", companions: bool = True) -> Path:
    """sdn.csv (+ alt.csv, add.csv) as OFAC writes them: no header, quoted fields, CRLF, Ctrl-Z."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [",".join([p.list_id, _quoted(p.name), _quoted("individual"), _quoted("] [".join(p.programs)),
                      *[EMPTY] * 7, _quoted(_remarks(p))]) for p in people]
    rows.append(",".join([ENTITY[0], _quoted(ENTITY[1]), EMPTY, _quoted(ENTITY[2]), *[EMPTY] * 8]))
    path = folder / name
    path.write_bytes(("\r\n".join(rows) + "\r\n\x1a").encode("ascii"))
    if companions:
        alt = [",".join([p.list_id, str(500 + n), _quoted("aka"), _quoted(f"{s}, {g}"), EMPTY])
               for n, p in enumerate(people) for s, g in p.aliases]
        (folder / "alt.csv").write_bytes(("\r\n".join(alt) + "\r\n\x1a").encode("ascii"))
        add = [",".join([p.list_id, str(700 + n), EMPTY, _quoted("Caracas"), _quoted(p.address_country), EMPTY])
               for n, p in enumerate(people) if p.address_country]
        (folder / "add.csv").write_bytes(("\r\n".join(add) + "\r\n\x1a").encode("ascii"))
    return path


# --- OFAC legacy XML ---------------------------------------------------------------------------


def write_legacy_xml(path: Path, people=PEOPLE, date: dt.date = LIST_DATE) -> Path:
    def entry(p: Listed) -> str:
        parts = [f"<uid>{p.list_id}</uid><firstName>{escape(p.given)}</firstName>"
                 f"<lastName>{escape(p.surnames)}</lastName><sdnType>Individual</sdnType><programList>"
                 + "".join(f"<program>{x}</program>" for x in p.programs) + "</programList>"]
        ids = [f"<id><uid>1</uid><idType>Cedula No.</idType><idNumber>{p.cedula}</idNumber>"
               f"<idCountry>Venezuela</idCountry></id>"] if p.cedula else []
        ids.append(f"<id><uid>2</uid><idType>Gender</idType><idNumber>{p.gender}</idNumber></id>")
        parts.append("<idList>" + "".join(ids) + "</idList>")
        akas = [f"<aka><uid>3</uid><type>a.k.a.</type><category>strong</category><lastName>{s}</lastName>"
                f"<firstName>{g}</firstName></aka>" for s, g in p.aliases]
        akas += [f"<aka><uid>4</uid><type>a.k.a.</type><category>weak</category><lastName>{w}</lastName></aka>"
                 for w in p.weak]
        if akas:
            parts.append("<akaList>" + "".join(akas) + "</akaList>")
        if p.address_country:
            parts.append(f"<addressList><address><uid>5</uid><city>Caracas</city>"
                         f"<country>{p.address_country}</country></address></addressList>")
        for tag, value in (("nationality", p.nationality), ("citizenship", p.citizen)):
            if value:
                parts.append(f"<{tag}List><{tag}><uid>6</uid><country>{value}</country>"
                             f"<mainEntry>true</mainEntry></{tag}></{tag}List>")
        if p.birth:
            parts.append(f"<dateOfBirthList><dateOfBirthItem><uid>7</uid><dateOfBirth>{p.birth}</dateOfBirth>"
                         "<mainEntry>true</mainEntry></dateOfBirthItem></dateOfBirthList>")
        return "<sdnEntry>" + "".join(parts) + "</sdnEntry>"
    entity = (f"<sdnEntry><uid>{ENTITY[0]}</uid><lastName>{ENTITY[1]}</lastName><sdnType>Entity</sdnType>"
              f"<programList><program>{ENTITY[2]}</program></programList></sdnEntry>")
    path.write_text('<?xml version="1.0" standalone="yes"?>\n<sdnList xmlns="http://tempuri.org/sdnList.xsd">'
                    f"<publshInformation><Publish_Date>{date:%m/%d/%Y}</Publish_Date><Record_Count>"
                    f"{len(people) + 1}</Record_Count></publshInformation>"
                    + "".join(map(entry, people)) + entity + "</sdnList>", encoding="utf-8")
    return path


# --- OFAC advanced XML --------------------------------------------------------------------------
# Reference IDs deliberately unlike OFAC's, so only resolving them by label can read the file.
_REFERENCE = """<ReferenceValueSets>
<AliasTypeValues><AliasType ID="7001">A.K.A.</AliasType><AliasType ID="7003">Name</AliasType></AliasTypeValues>
<CountryValues><Country ID="9001">Venezuela</Country><Country ID="9002">Canada</Country></CountryValues>
<DetailReferenceValues><DetailReference ID="8001">Male</DetailReference>
<DetailReference ID="8002">Female</DetailReference></DetailReferenceValues>
<FeatureTypeValues><FeatureType ID="61">Birthdate</FeatureType><FeatureType ID="62">Nationality Country</FeatureType>
<FeatureType ID="63">Citizenship Country</FeatureType><FeatureType ID="64">Gender</FeatureType>
<FeatureType ID="65">Location</FeatureType></FeatureTypeValues>
<IDRegDocTypeValues><IDRegDocType ID="4401">Cedula No.</IDRegDocType></IDRegDocTypeValues>
<NamePartTypeValues><NamePartType ID="3301">Last Name</NamePartType><NamePartType ID="3302">First Name</NamePartType>
<NamePartType ID="3303">Entity Name</NamePartType></NamePartTypeValues>
<PartySubTypeValues><PartySubType ID="21" PartyTypeID="11">Unknown</PartySubType>
<PartySubType ID="22" PartyTypeID="12">Unknown</PartySubType></PartySubTypeValues>
<PartyTypeValues><PartyType ID="11">Individual</PartyType><PartyType ID="12">Entity</PartyType></PartyTypeValues>
<SanctionsTypeValues><SanctionsType ID="5501">Block</SanctionsType><SanctionsType ID="5502">Program</SanctionsType>
</SanctionsTypeValues>
</ReferenceValueSets>"""
_COUNTRY_IDS = {"Venezuela": "9001", "Canada": "9002"}


def _ymd(day: dt.date) -> str:
    return f"<Year>{day.year}</Year><Month>{day.month}</Month><Day>{day.day}</Day>"


def _advanced_name(p_id: str, number: int, surnames: str, given: str, alias_type: str, primary: bool,
                   low: bool = False) -> tuple[str, str]:
    group_last, group_first = f"{p_id}{number}1", f"{p_id}{number}2"
    parts = f'<DocumentedNamePart><NamePartValue NamePartGroupID="{group_last}">{escape(surnames)}</NamePartValue>' \
            "</DocumentedNamePart>"
    if given:
        parts += f'<DocumentedNamePart><NamePartValue NamePartGroupID="{group_first}">{escape(given)}' \
                 "</NamePartValue></DocumentedNamePart>"
    alias = (f'<Alias AliasTypeID="{alias_type}" Primary="{str(primary).lower()}" LowQuality="{str(low).lower()}">'
             f'<DocumentedName ID="{p_id}{number}">{parts}</DocumentedName></Alias>')
    groups = f'<MasterNamePartGroup><NamePartGroup ID="{group_last}" NamePartTypeID="3301"/></MasterNamePartGroup>' \
             f'<MasterNamePartGroup><NamePartGroup ID="{group_first}" NamePartTypeID="3302"/></MasterNamePartGroup>'
    return alias, groups


def write_advanced_xml(path: Path, people=PEOPLE, date: dt.date = LIST_DATE) -> Path:
    locations, documents, parties, entries = [], [], [], []
    for p in people:
        names = [_advanced_name(p.list_id, 0, p.surnames, p.given, "7003", True)]
        names += [_advanced_name(p.list_id, n + 1, s, g, "7001", False) for n, (s, g) in enumerate(p.aliases)]
        names += [_advanced_name(p.list_id, 8 + n, w, "", "7001", False, low=True) for n, w in enumerate(p.weak)]
        features = []
        span = p.birth_span()
        if span:
            features.append(f'<Feature FeatureTypeID="61"><FeatureVersion><DatePeriod>'
                            f"<Start><From>{_ymd(span[0])}</From><To>{_ymd(span[0])}</To></Start>"
                            f"<End><From>{_ymd(span[1])}</From><To>{_ymd(span[1])}</To></End>"
                            "</DatePeriod></FeatureVersion></Feature>")
        for feature, country in (("62", p.nationality), ("63", p.citizen), ("65", p.address_country)):
            if country:
                location = f"{p.list_id}{feature}"
                locations.append(f'<Location ID="{location}"><LocationCountry CountryID="{_COUNTRY_IDS[country]}"/>'
                                 "</Location>")
                features.append(f'<Feature FeatureTypeID="{feature}"><FeatureVersion>'
                                f'<VersionLocation LocationID="{location}"/></FeatureVersion></Feature>')
        gender = "8001" if p.gender == "Male" else "8002"
        features.append(f'<Feature FeatureTypeID="64"><FeatureVersion><VersionDetail DetailReferenceID="{gender}"/>'
                        "</FeatureVersion></Feature>")
        if p.cedula:
            documents.append(f'<IDRegDocument IDRegDocTypeID="4401" IdentityID="{p.list_id}9" '
                             f'IssuedBy-CountryID="9001"><IDRegistrationNo>{p.cedula}</IDRegistrationNo></IDRegDocument>')
        parties.append(f'<DistinctParty FixedRef="{p.list_id}"><Profile ID="{p.list_id}" PartySubTypeID="21">'
                       f'<Identity ID="{p.list_id}9" Primary="true">{"".join(a for a, _ in names)}'
                       f'<NamePartGroups>{"".join(g for _, g in names)}</NamePartGroups></Identity>'
                       f'{"".join(features)}</Profile></DistinctParty>')
        measures = "".join(f'<SanctionsMeasure SanctionsTypeID="5502"><Comment>{x}</Comment></SanctionsMeasure>'
                           for x in p.programs)
        entries.append(f'<SanctionsEntry ProfileID="{p.list_id}"><EntryEvent><Date>{_ymd(dt.date(2017, 7, 31))}'
                       f'</Date></EntryEvent><SanctionsMeasure SanctionsTypeID="5501"/>{measures}</SanctionsEntry>')
    parties.append(f'<DistinctParty><Profile ID="{ENTITY[0]}" PartySubTypeID="22"><Identity ID="1">'
                   f'<Alias AliasTypeID="7003" Primary="true"><DocumentedName><DocumentedNamePart>'
                   f'<NamePartValue NamePartGroupID="1">{ENTITY[1]}</NamePartValue></DocumentedNamePart>'
                   '</DocumentedName></Alias></Identity></Profile></DistinctParty>')
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<Sanctions xmlns="http://www.un.org/sanctions/1.0">'
                    f"<DateOfIssue>{_ymd(date)}</DateOfIssue>{_REFERENCE}<Locations>{''.join(locations)}</Locations>"
                    f"<IDRegDocuments>{''.join(documents)}</IDRegDocuments>"
                    f"<DistinctParties>{''.join(parties)}</DistinctParties>"
                    f"<SanctionsEntries>{''.join(entries)}</SanctionsEntries></Sanctions>", encoding="utf-8")
    return path


# --- OpenSanctions ------------------------------------------------------------------------------
# OpenSanctions writes names in natural order and keeps accents where its source has them.
NATURAL = {"103": "José Luis Farías Peña"}


def _natural(p: Listed) -> str:
    return NATURAL.get(p.list_id, f"{p.given} {p.surnames.title()}")


def _iso(p: Listed) -> str:
    if not p.birth:
        return ""
    return p.birth if p.birth.isdigit() else p.birth_span()[0].isoformat()


def _codes(p: Listed) -> list[str]:
    return sorted({{"Venezuela": "ve", "Canada": "ca"}[c] for c in (p.nationality, p.citizen, p.address_country) if c})


def _semicolons(values) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="").writerow(values)
    return out.getvalue()


def write_opensanctions_csv(path: Path, people=PEOPLE, seen: dt.date = LIST_DATE) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(["id", "schema", "name", "aliases", "birth_date", "countries", "addresses", "identifiers",
                         "sanctions", "phones", "emails", "dataset", "first_seen", "last_seen", "last_change"])
        stamp = f"{seen.isoformat()}T06:00:00"
        for p in people:
            aliases = [f"{g} {s.title()}" for s, g in p.aliases] + [w.title() for w in p.weak]
            writer.writerow([f"ofac-{p.list_id}", "Person", _natural(p), _semicolons(aliases), _iso(p),
                             _semicolons(_codes(p)), "", p.cedula,
                             _semicolons([f"{x} - Executive Order" for x in p.programs]), "", "", "US OFAC SDN",
                             "2020-01-01T00:00:00", stamp, stamp])
        writer.writerow([f"ofac-{ENTITY[0]}", "Company", ENTITY[1], "", "", "ve", "", "", ENTITY[2], "", "",
                         "US OFAC SDN", stamp, stamp, stamp])
    return path


def write_ftm(path: Path, people=PEOPLE, seen: dt.date = LIST_DATE) -> Path:
    stamp = f"{seen.isoformat()}T06:00:00"
    lines = []
    for p in people:
        properties = {"name": [_natural(p)], "alias": [f"{g} {s.title()}" for s, g in p.aliases],
                      "weakAlias": [w.title() for w in p.weak], "birthDate": [_iso(p)] if p.birth else [],
                      "nationality": _codes(p), "idNumber": [p.cedula] if p.cedula else [],
                      "gender": [p.gender.lower()]}
        lines.append({"id": f"ofac-{p.list_id}", "schema": "Person", "properties": properties,
                      "datasets": ["us_ofac_sdn"], "last_seen": stamp})
        lines.append({"id": f"sanction-{p.list_id}", "schema": "Sanction", "last_seen": stamp,
                      "properties": {"entity": [f"ofac-{p.list_id}"], "program": list(p.programs)}})
    lines.append({"id": f"ofac-{ENTITY[0]}", "schema": "Company", "properties": {"name": [ENTITY[1]]},
                  "last_seen": stamp})
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    return path


WRITERS = {
    "legacy-csv": lambda folder, people=PEOPLE: write_csv_set(folder / "set", people),
    "legacy-xml": lambda folder, people=PEOPLE: write_legacy_xml(folder / "sdn.xml", people),
    "advanced-xml": lambda folder, people=PEOPLE: write_advanced_xml(folder / "SDN_ADVANCED.XML", people),
    "opensanctions-csv": lambda folder, people=PEOPLE: write_opensanctions_csv(folder / "targets.simple.csv", people),
    "opensanctions-ftm": lambda folder, people=PEOPLE: write_ftm(folder / "entities.ftm.json", people),
}
