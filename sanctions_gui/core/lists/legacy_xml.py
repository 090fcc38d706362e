"""OFAC's legacy XML (`sdn.xml`, and the consolidated list in the same `sdnList` schema).

Each `sdnEntry` carries uid (= ent_num), lastName, firstName, sdnType, programList, akaList
(strong and weak), idList, addressList, nationalityList, citizenshipList and
dateOfBirthList; `publshInformation/Publish_Date` (OFAC's spelling) gives the date as
MM/DD/YYYY.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .model import IdNumber, ListEntry, ListFile, ListFileError
from .remarks import parse_birth_date
from .xml_stream import children, descendants, stream, text_of

_ID_KINDS = ("cedula", "national id", "identification number", "passport", "d.n.i.", "identity card",
             "personal id")


def _name(element) -> str:
    last, first = text_of(element, "lastName"), text_of(element, "firstName")
    return f"{last}, {first}" if last and first else last or first


def _countries(entry, list_name: str, item: str) -> tuple[str, ...]:
    found = []
    for holder in children(entry, list_name):
        for element in children(holder, item):
            country = text_of(element, "country")
            if country:
                found.append(country)
    return tuple(dict.fromkeys(found))


def _entry(element, list_file: ListFile) -> ListEntry | None:
    uid = text_of(element, "uid")
    if text_of(element, "sdnType").lower() != "individual":
        list_file.entities += 1
        return None
    line = element.sourceline
    strong, weak = [], []
    for aka in descendants(element, "aka"):
        name = _name(aka)
        if name:
            (weak if text_of(aka, "category").lower() == "weak" else strong).append(name)
    births = []
    for item in descendants(element, "dateOfBirthItem"):
        text = text_of(item, "dateOfBirth")
        birth = parse_birth_date(text) if text else None
        if birth is not None:
            births.append(birth)
        elif text:
            list_file.warn(list_file.path.name, item.sourceline,
                           f"the date of birth '{text}' is not one this app can read; left out")
    ids, gender = [], ""
    for item in descendants(element, "id"):
        kind, number = text_of(item, "idType"), text_of(item, "idNumber")
        if kind.lower() == "gender":
            gender = {"male": "M", "female": "F"}.get(number.lower(), "")
        elif number and kind.lower().startswith(_ID_KINDS):
            ids.append(IdNumber(kind, number, text_of(item, "idCountry")))
    return ListEntry(
        list_id=uid,
        name=_name(element),
        aliases=tuple(dict.fromkeys(strong)),
        weak_aliases=tuple(dict.fromkeys(weak)),
        birth_dates=tuple(births),
        nationalities=_countries(element, "nationalityList", "nationality"),
        citizenships=_countries(element, "citizenshipList", "citizenship"),
        address_countries=_countries(element, "addressList", "address"),
        id_numbers=tuple(ids),
        programs=tuple(p.text.strip() for p in descendants(element, "program") if p.text and p.text.strip()),
        gender=gender,
        row=line,
    )


def read_legacy_xml(path: Path, list_file: ListFile) -> None:
    list_file.files = (path,)
    for name, element in stream(path, {"sdnEntry", "Publish_Date"}):
        if name == "Publish_Date":
            try:
                list_file.list_date = dt.datetime.strptime((element.text or "").strip(), "%m/%d/%Y").date()
                list_file.date_source = "stated in the file"
            except ValueError:
                list_file.warn(path.name, element.sourceline,
                               f"the publication date '{element.text}' is not MM/DD/YYYY; ignored")
            continue
        entry = _entry(element, list_file)
        if entry is not None:
            list_file.entries.append(entry)
    if not list_file.entries and not list_file.entities:
        raise ListFileError(f"{path.name} holds no sdnEntry elements: it is not an OFAC list in the sdnList schema.")
