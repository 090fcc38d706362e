"""The Treasury's legacy CSV set: sdn.csv, with add.csv, alt.csv and sdn_comments.csv beside it.

OFAC writes these without a header, every non-empty field double-quoted, the empty marker
an unquoted `-0- `, CRLF line ends and a Ctrl-Z byte at the very end (which a naive CSV
reader turns into a phantom last row). A file that a spreadsheet program opened and saved
again loses that quoting and may have values changed (a name `7-28` becomes `28-Jul`), so
such a file loads with a warning saying so, and each row that does not fit names itself.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from .model import ListEntry, ListFile, ListFileError
from .remarks import parse_remarks

SDN_COLUMNS = ("ent_num", "SDN_Name", "SDN_Type", "Program", "Title", "Call_Sign", "Vess_type",
               "Tonnage", "GRT", "Vess_flag", "Vess_owner", "Remarks")
ADD_COLUMNS = 6
ALT_COLUMNS = 5
COMMENT_COLUMNS = 2
EMPTY = "-0-"
CTRL_Z = "\x1a"
SDN_TYPES = {"individual", "vessel", "aircraft", EMPTY, ""}
_UNQUOTED_WORD = re.compile(r"(?:^|,)[A-Za-z]")  # a field starting with a letter, without its quote
_DATE_LIKE_NAME = re.compile(r"^\d{1,2}-[A-Z][a-z]{2}$|^[A-Z][a-z]{2}-\d{2}$")
# The companions of each main file, by how OFAC names them.
COMPANIONS = {"cons_prim.csv": ("cons_add.csv", "cons_alt.csv", "cons_comments.csv")}
DEFAULT_COMPANIONS = ("add.csv", "alt.csv", "sdn_comments.csv")


def looks_like(first_line: str) -> bool:
    """A first record shaped like sdn.csv: 12 fields, a whole-number ent_num, a known SDN_Type."""
    try:
        fields = next(csv.reader([first_line]))
    except (csv.Error, StopIteration):
        return False
    return (len(fields) == len(SDN_COLUMNS) and fields[0].strip().isdigit()
            and fields[2].strip().lower() in SDN_TYPES)


def _decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _records(path: Path, width: int, list_file: ListFile) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of each record that has `width` fields; others are reported."""
    text = _decode(path)
    name = path.name
    body = text.rstrip("\r\n")
    if body.endswith(CTRL_Z):  # OFAC's end-of-file mark, not a row
        body = body[:-1]
    elif body and not text.endswith(("\n", CTRL_Z)):
        raise ListFileError(f"{name} ends in the middle of row {body.count(chr(10)) + 1} (no line end and no "
                            "end-of-file mark): it looks cut short, and everyone after that row would wrongly "
                            "look delisted. Download it again.")
    if not body.strip():
        return
    reader = csv.reader(io.StringIO(body, newline=""), strict=False)
    line = 0
    try:
        for fields in reader:
            start, line = line + 1, reader.line_num
            if not fields or fields == [CTRL_Z] or all(not f.strip() for f in fields):
                continue
            if len(fields) != width:
                list_file.warn(name, start, f"has {len(fields)} fields where {width} were expected; skipped")
                continue
            yield start, [_value(f) for f in fields]
    except csv.Error as error:
        list_file.warn(name, line + 1, f"cannot be read as CSV ({error}); the rest of the file was skipped")


def _value(field: str) -> str:
    value = field.strip().replace(CTRL_Z, "")
    return "" if value == EMPTY else value


def _looks_resaved(path: Path) -> bool:
    """OFAC quotes every non-empty field; a spreadsheet program's CSV quotes only when needed."""
    with path.open("rb") as handle:
        head = handle.read(64 * 1024).decode("latin-1")
    lines = [line for line in head.split("\n")[:50] if line.strip()]
    unquoted = sum(1 for line in lines if _UNQUOTED_WORD.search(line))
    return bool(lines) and unquoted > len(lines) // 2


def companion_paths(path: Path) -> dict[str, Path]:
    """The add, alt and comments files beside the main one, where they exist."""
    names = COMPANIONS.get(path.name.lower(), DEFAULT_COMPANIONS)
    present = {child.name.lower(): child for child in path.parent.iterdir()} if path.parent.is_dir() else {}
    return {kind: present[name] for kind, name in zip(("add", "alt", "comments"), names) if name in present}


def read_csv_set(path: Path, list_file: ListFile) -> None:
    """Read sdn.csv and its companions into `list_file` (entries, entity count, warnings)."""
    companions = companion_paths(path)
    list_file.files = (path, *companions.values())
    for file in list_file.files:
        if _looks_resaved(file):
            list_file.warn(file.name, None, "its fields are not quoted as the Treasury writes them: it looks "
                           "opened and saved again by a spreadsheet program, which can change values (dates, "
                           "numbers, names such as '7-28'); download the list again to be sure")

    rows: dict[str, tuple[int, list[str]]] = {}
    for line, fields in _records(path, len(SDN_COLUMNS), list_file):
        ent_num = fields[0]
        if not ent_num.isdigit():
            list_file.warn(path.name, line, f"the entry number '{ent_num}' is not a whole number; skipped")
        elif ent_num in rows:
            list_file.warn(path.name, line, f"entry number {ent_num} is also on row {rows[ent_num][0]}; "
                           "this second row was skipped")
        else:
            if _DATE_LIKE_NAME.match(fields[1]):
                list_file.warn(path.name, line, f"the name '{fields[1]}' looks like a date a spreadsheet "
                               "program made of the original")
            rows[ent_num] = (line, fields)
    if not rows:
        raise ListFileError(f"{path.name} holds no list entries that could be read.")

    extra = _companion_fields(companions, rows, list_file)
    for ent_num, (line, fields) in rows.items():
        if fields[2].lower() != "individual":
            list_file.entities += 1
            continue
        list_file.entries.append(_entry(ent_num, line, fields, extra.get(ent_num, {}), path.name, list_file))


def _companion_fields(companions: dict[str, Path], rows: dict, list_file: ListFile) -> dict[str, dict]:
    """Per ent_num: its strong aliases, address countries and remarks continued past 1,000 characters."""
    extra: dict[str, dict] = {}
    for kind, width in (("add", ADD_COLUMNS), ("alt", ALT_COLUMNS), ("comments", COMMENT_COLUMNS)):
        if kind not in companions:
            continue
        file = companions[kind]
        orphans = []
        for line, fields in _records(file, width, list_file):
            ent_num = fields[0]
            if ent_num not in rows:
                orphans.append(line)
                continue
            slot = extra.setdefault(ent_num, {"aliases": [], "countries": [], "comments": ""})
            if kind == "alt" and fields[3]:
                slot["aliases"].append(fields[3])
            elif kind == "add" and fields[4]:
                slot["countries"].append(fields[4])
            elif kind == "comments":
                slot["comments"] += fields[1]
        if orphans:
            shown = ", ".join(map(str, orphans[:5])) + (" …" if len(orphans) > 5 else "")
            list_file.warn(file.name, orphans[0], f"{len(orphans)} row(s) name an entry that is not in "
                           f"{list_file.path.name} (rows {shown}); the file may come from another download")
    return extra


def _entry(ent_num: str, line: int, fields: list[str], extra: dict, file: str, list_file: ListFile) -> ListEntry:
    remarks = parse_remarks(fields[11] + extra.get("comments", ""))
    for text in remarks.unreadable_dates:
        list_file.warn(file, line, f"the date of birth '{text}' is not one this app can read; left out")
    programs = tuple(p.strip() for p in fields[3].split("] [") if p.strip())
    return ListEntry(
        list_id=ent_num,
        name=fields[1],
        aliases=tuple(dict.fromkeys(extra.get("aliases", ()))),
        weak_aliases=tuple(remarks.weak_aliases),
        birth_dates=tuple(remarks.birth_dates),
        nationalities=tuple(remarks.nationalities),
        citizenships=tuple(remarks.citizenships),
        address_countries=tuple(dict.fromkeys(extra.get("countries", ()))),
        id_numbers=tuple(remarks.id_numbers),
        programs=programs,
        gender=remarks.gender,
        row=line,
    )
