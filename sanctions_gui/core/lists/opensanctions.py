"""OpenSanctions exports: `targets.simple.csv` and FollowTheMoney JSON lines (`entities.ftm.json`).

Only `Person` entities are read. Their OFAC ids are `ofac-<ent_num>`, kept as the bare
ent_num so that a list id matches whichever format it was taken from. Names are in
natural order, countries lower-case ISO codes. Neither format states a publication date;
the newest `last_seen` (when OpenSanctions last saw an entity on the source) stands for
it, and the date's source says so.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

from .model import BirthDate, IdNumber, ListEntry, ListFile, ListFileError
from .remarks import parse_birth_date

SIMPLE_HEADER = ("id", "schema", "name", "aliases", "birth_date", "countries")
PERSON = "Person"
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_ISSUER_PREFIX = re.compile(r"^(?:US|OFAC)-", re.I)
DATE_SOURCE = "from the newest last_seen in the file"


def list_id(entity_id: str) -> str:
    return entity_id[5:] if entity_id.lower().startswith("ofac-") else entity_id


def birth_date(text: str) -> BirthDate | None:
    """'1962-11-23', '1962-11' or '1962' as the span it allows."""
    found = _ISO_DATE.match(text.strip())
    if not found:
        return None
    year, month, day = found.groups()
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    try:
        words = " ".join(filter(None, (day, months[int(month) - 1] if month else None, year)))
    except IndexError:
        return None
    parsed = parse_birth_date(words)
    return BirthDate(parsed.earliest, parsed.latest, text.strip()) if parsed else None


def _program(text: str) -> str:
    return _ISSUER_PREFIX.sub("", text.strip())


def _split(value: str) -> list[str]:
    """A cell of several values, joined by ';' with CSV quoting as OpenSanctions writes them."""
    if not value:
        return []
    return [item.strip() for item in next(csv.reader([value], delimiter=";")) if item.strip()]


def _seen(text: str, newest: dt.date | None) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        return newest
    return day if newest is None or day > newest else newest


def _dates(texts: list[str], list_file: ListFile, row: int) -> tuple[BirthDate, ...]:
    found = []
    for text in texts:
        parsed = birth_date(text)
        if parsed is None:
            list_file.warn(list_file.path.name, row, f"the date of birth '{text}' is not one this app can read")
        else:
            found.append(parsed)
    return tuple(found)


def read_simple_csv(path: Path, list_file: ListFile) -> None:
    list_file.files = (path,)
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [column for column in SIMPLE_HEADER if column not in (reader.fieldnames or ())]
    if missing:
        raise ListFileError(f"{path.name} lacks the columns {', '.join(missing)} of OpenSanctions' targets.simple.csv.")
    newest = None
    for row in reader:
        line = reader.line_num
        newest = _seen(row.get("last_seen") or "", newest)
        if row.get("schema") != PERSON:
            list_file.entities += 1
            continue
        programs = [_program(item) for item in _split(row.get("program_ids") or "")]
        programs += [_program(item.split(" - ")[0]) for item in _split(row.get("sanctions") or "")]
        list_file.entries.append(ListEntry(
            list_id=list_id(row["id"]), name=(row.get("name") or "").strip(),
            aliases=tuple(_split(row.get("aliases") or "")),
            birth_dates=_dates(_split(row.get("birth_date") or ""), list_file, line),
            nationalities=tuple(_split(row.get("countries") or "")),
            id_numbers=tuple(IdNumber("Identifier", value) for value in _split(row.get("identifiers") or "")),
            programs=tuple(dict.fromkeys(p for p in programs if p)), row=line))
    _settle_seen_date(list_file, newest)


def read_ftm(path: Path, list_file: ListFile) -> None:
    """FollowTheMoney JSON lines: Person entities, with programs from the Sanction entities naming them."""
    list_file.files = (path,)
    people: dict[str, tuple[dict, int]] = {}
    programs: dict[str, list[str]] = {}
    newest = None
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                entity = json.loads(line)
            except json.JSONDecodeError as error:
                list_file.warn(path.name, number, f"is not a JSON object ({error.msg}); skipped")
                continue
            if not isinstance(entity, dict) or not isinstance(entity.get("properties"), dict):
                list_file.warn(path.name, number, "is not a FollowTheMoney entity; skipped")
                continue
            newest = _seen(str(entity.get("last_seen") or ""), newest)
            schema, properties = entity.get("schema"), entity["properties"]
            if schema == PERSON:
                people[str(entity.get("id"))] = (properties, number)
            elif schema == "Sanction":
                for target in properties.get("entity", []):
                    programs.setdefault(target, []).extend(
                        _program(p) for p in (*properties.get("programId", []), *properties.get("program", [])))
            else:
                list_file.entities += 1
    for entity_id, (properties, number) in people.items():
        names = [*properties.get("name", [])]
        own = [_program(p) for p in properties.get("programId", [])]
        list_file.entries.append(ListEntry(
            list_id=list_id(entity_id), name=names[0] if names else "",
            aliases=tuple(dict.fromkeys([*names[1:], *properties.get("alias", [])])),
            weak_aliases=tuple(properties.get("weakAlias", [])),
            birth_dates=_dates(properties.get("birthDate", []), list_file, number),
            nationalities=tuple(properties.get("nationality", [])),
            citizenships=tuple(properties.get("citizenship", [])),
            address_countries=tuple(properties.get("country", [])),
            id_numbers=tuple([*(IdNumber("Identifier", v) for v in properties.get("idNumber", [])),
                              *(IdNumber("Passport", v) for v in properties.get("passportNumber", []))]),
            programs=tuple(dict.fromkeys(p for p in (*own, *programs.get(entity_id, [])) if p)),
            gender={"male": "M", "female": "F"}.get((properties.get("gender") or [""])[0], ""),
            row=number))
    if not people and not list_file.entities:
        raise ListFileError(f"{path.name} holds no FollowTheMoney entities.")
    _settle_seen_date(list_file, newest)


def _settle_seen_date(list_file: ListFile, newest: dt.date | None) -> None:
    if newest is not None:
        list_file.list_date, list_file.date_source = newest, DATE_SOURCE
