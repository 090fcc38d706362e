"""CSV files: their encoding, their delimiter, in bounded time, and their rows.

csv.Sniffer tries regular expressions over the whole sample and can spend half a minute
of CPU on a 50 KB file. Here each candidate delimiter is tried by the csv module's own
C parser on the first lines only, and the one giving the most lines of one same width
(more than one column) wins: a cost of a few milliseconds whatever the file holds.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections import Counter
from pathlib import Path

from .calamine_sheets import RawSheet
from .import_report import ImportReport, WorkbookError

DELIMITERS = (",", ";", "\t", "|")
SAMPLE_CHARACTERS = 64 * 1024
SAMPLE_LINES = 100
MAX_TEXT_BYTES = 256 * 1024**2  # a CSV file read whole into memory, several times its size


def decode_text(data: bytes, report: ImportReport) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:4096]:
        encoding = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        report.notes.append(f"Read as {encoding.upper()} text (no byte order mark).")
        return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        report.notes.append("The file is not UTF-8; it was read as Windows-1252 (Latin-1). "
                            "Check accented names.")
        return data.decode("cp1252", errors="replace")


def detect_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most rows of one same width."""
    sample = text[:SAMPLE_CHARACTERS]
    best, best_score = ",", (False, 0.0, 0)
    for delimiter in DELIMITERS:
        try:
            rows = list(itertools.islice(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter),
                                         SAMPLE_LINES))
        except csv.Error:
            continue
        widths = Counter(len(row) for row in rows if any(cell.strip() for cell in row))
        if not widths:
            continue
        width, count = widths.most_common(1)[0]
        score = (width > 1, count / sum(widths.values()), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(path: Path, report: ImportReport) -> RawSheet:
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise WorkbookError(f"{path.name} is {size / 1024**2:,.0f} MB of text, more than this app reads as CSV "
                            f"({MAX_TEXT_BYTES // 1024**2} MB). Open it in a spreadsheet program and save it as .xlsx.")
    text = decode_text(path.read_bytes(), report)
    delimiter = detect_delimiter(text)
    # The csv module refuses fields over 131,072 characters by default; a notes cell
    # can be longer, and no field can exceed the file itself.
    csv.field_size_limit(max(csv.field_size_limit(), len(text)))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as error:
        raise WorkbookError(f"{path.name} could not be read as CSV: line {reader.line_num}: {error}.") from None
    return RawSheet(path.stem, rows)
