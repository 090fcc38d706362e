"""Open an official list file of any supported format, told apart by its content, not its name.

A file renamed `list.txt`, or an sdn.csv saved as `.xml` by a download manager, is read
as what it is; a file that is none of the formats gets one sentence saying what was
looked for.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from .advanced_xml import read_advanced_xml
from .legacy_csv import looks_like, read_csv_set
from .legacy_xml import read_legacy_xml
from .model import FORMAT_LABELS, ListDateMissing, ListFile, ListFileError, settle_date
from .opensanctions import SIMPLE_HEADER, read_ftm, read_simple_csv

SNIFF_BYTES = 64 * 1024
_ROOT_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]")


def detect_format(path: Path) -> str:
    """One of FORMAT_LABELS' keys, from the first bytes of the file."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if head.startswith(b"PK\x03\x04"):
        raise ListFileError(f"{path.name} is a zip archive or a workbook, not a list file: unpack it, or open "
                            "the Treasury's own sdn.csv, sdn.xml or SDN_ADVANCED.XML.")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<"):
        body = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>", b"", text, flags=re.S).lstrip()
        root = _ROOT_ELEMENT.match(body)
        name = root.group(1).decode("ascii", "replace") if root else ""
        if name == "sdnList":
            return "legacy-xml"
        if name == "Sanctions":
            return "advanced-xml"
        raise ListFileError(f"{path.name} is XML but not an OFAC list (its root element is <{name}>, not "
                            "<sdnList> as in sdn.xml or <Sanctions> as in SDN_ADVANCED.XML).")
    if text.startswith(b"{"):
        return "opensanctions-ftm"
    first_line = text.split(b"\n", 1)[0].decode("utf-8", "replace").strip("\r")
    header = [cell.strip().strip('"') for cell in first_line.split(",")]
    if tuple(header[:len(SIMPLE_HEADER)]) == SIMPLE_HEADER:
        return "opensanctions-csv"
    if looks_like(first_line):
        return "legacy-csv"
    raise ListFileError(f"{path.name} is not a list file this app reads: expected OFAC's sdn.csv (rows such as "
                        "36,\"NAME\",\"individual\",…), sdn.xml, SDN_ADVANCED.XML, or OpenSanctions' "
                        "targets.simple.csv or FollowTheMoney JSON lines.")


_READERS = {
    "legacy-csv": read_csv_set,
    "legacy-xml": read_legacy_xml,
    "advanced-xml": read_advanced_xml,
    "opensanctions-csv": read_simple_csv,
    "opensanctions-ftm": read_ftm,
}


def read_list(path: str | os.PathLike, list_date: dt.date | None = None, require_date: bool = True) -> ListFile:
    """Read a list file's individuals and settle its publication date.

    The date is the one the file states, else `list_date`, else one in the file's (or its
    folder's) name. With `require_date`, a list whose date is nowhere raises
    ListDateMissing so the caller can ask for it. Other problems raise ListFileError.
    """
    path = Path(path).expanduser()
    if not path.is_file():
        raise ListFileError(f"{path} is not a file." if path.exists() else f"{path} does not exist.")
    try:
        file_format = detect_format(path)
        list_file = ListFile(path, FORMAT_LABELS[file_format], [], None, "unknown")
        _READERS[file_format](path, list_file)
    except OSError as error:
        raise ListFileError(f"{path.name} could not be read: {error.strerror or error}.") from None
    unnamed = [entry for entry in list_file.entries if not entry.name]
    for entry in unnamed:
        list_file.warn(path.name, entry.row, f"entry {entry.list_id} has no name; skipped")
    if unnamed:
        list_file.entries = [entry for entry in list_file.entries if entry.name]
    try:
        settle_date(list_file, list_date)
    except ListDateMissing:
        if require_date:
            raise
    return list_file
