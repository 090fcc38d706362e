"""What a file really is, from its contents, and whether it is safe to open.

Files reach analysts renamed: an .xls saved as ".xlsx", an .ods called ".xlsx", a
workbook attached as ".xls". The format is taken from the first bytes (a zip package,
an OLE compound file, text), never from the name; when the name says otherwise the file
is still read and the import report says so. Zip packages are checked for bombs by the
sizes they declare before anything is expanded.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from defusedxml.ElementTree import ParseError

from . import refusals
from .import_report import WorkbookError

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".xls", ".csv")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
MAX_FILE_BYTES = 1024**3
# A workbook is a zip archive: refuse to expand one whose parts would not fit in memory.
MAX_PART_BYTES = 1024**3
MAX_TOTAL_BYTES = 2 * 1024**3
# Ordinary sheets compress 5-50x; deflate cannot do much better than 1032x, which only
# runs of identical bytes reach. Large parts that close on that limit are bombs.
SUSPICIOUS_RATIO = 500
SUSPICIOUS_PART_BYTES = 64 * 1024**2
# What reading a part of a damaged .xlsx package can raise besides OSError/ValueError.
DAMAGED_PACKAGE_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, ParseError, NotImplementedError)

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Excel 2.x-4.x workbooks are a bare BIFF stream, starting with their BOF record.
OLD_BIFF_STARTS = (b"\x09\x00", b"\x09\x02", b"\x09\x04")
DESCRIPTIONS = {"xlsx": "an Excel workbook (.xlsx)", "xlsm": "an Excel workbook with macros (.xlsm)",
                "ods": "an OpenDocument spreadsheet (.ods)", "xls": "a legacy Excel workbook (.xls)",
                "csv": "a text (CSV) file"}
PROPER_SUFFIX = {"xlsx": ".xlsx", "xlsm": ".xlsm", "ods": ".ods", "xls": ".xls", "csv": ".csv"}
_SUFFIX_FORMATS = {".xlsx": {"xlsx", "xlsm"}, ".xlsm": {"xlsx", "xlsm"}, ".ods": {"ods"}, ".xls": {"xls"},
                   ".csv": {"csv"}, ".txt": {"csv"}, ".tsv": {"csv"}}


@dataclass(frozen=True)
class FileKind:
    """format: xlsx, xlsm, ods, xls or csv. misnamed: the report's note when the name says another format."""

    format: str
    misnamed: str | None = None

    @property
    def by_name(self) -> bool:
        """Whether a reader that trusts the extension would pick the right format."""
        return self.misnamed is None


def identify(path: Path) -> FileKind:
    """The file's real format from its first bytes; WorkbookError for what cannot be opened safely."""
    if not path.exists():
        raise WorkbookError(f"{path} does not exist.")
    if path.is_dir():
        raise WorkbookError(f"{path} is a folder, not a spreadsheet.")
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise WorkbookError(f"{path.name} could not be opened: {error.strerror or error}.") from None
    if size == 0:
        raise WorkbookError(f"{path.name} is empty (0 bytes).")
    if size > MAX_FILE_BYTES:
        raise WorkbookError(f"{path.name} is {size / 1024**3:.1f} GB, larger than this app opens (1 GB).")
    if head.startswith(b"PK\x03\x04"):
        found = _identify_archive(path)
    elif head.startswith(OLE_SIGNATURE):
        if _is_encrypted_package(path):
            raise WorkbookError(refusals.password(path))
        found = "xls"
    elif head.startswith(OLD_BIFF_STARTS):
        raise WorkbookError(f"{path.name} is an Excel 2-4 workbook (a format from before 1995), which this "
                            "app does not read. Open it in Excel or LibreOffice and save it as .xlsx.")
    elif _looks_like_text(path):
        found = "csv"
    else:
        raise WorkbookError(refusals.not_a_spreadsheet(path, SPREADSHEET_SUFFIXES))
    return FileKind(found, _misnamed(path, found))


def _misnamed(path: Path, found: str) -> str | None:
    suffix = path.suffix.lower()
    if found in _SUFFIX_FORMATS.get(suffix, {found}):
        return None
    return (f"The file is named {path.suffix or '(no extension)'} but is {DESCRIPTIONS[found]}; it was read as "
            f"one. Rename it to {path.stem}{PROPER_SUFFIX[found]} so other programs open it right.")


def _looks_like_text(path: Path) -> bool:
    with path.open("rb") as handle:
        sample = handle.read(4096)
    if sample.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return True
    if b"\x00" in sample:
        return sample.count(b"\x00") >= len(sample) // 3  # UTF-16 without a byte order mark
    control = sum(byte < 9 or 13 < byte < 32 for byte in sample)
    return control <= len(sample) // 100


def _is_encrypted_package(path: Path) -> bool:
    """Password-protected .xlsx files are OLE containers holding an EncryptedPackage stream."""
    marker = "EncryptedPackage".encode("utf-16-le")
    with path.open("rb") as handle:
        return marker in handle.read(16 * 1024**2)


def _identify_archive(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            check_archive_sizes(path, entries)
            if "mimetype" in names:
                with archive.open("mimetype") as part:
                    if b"opendocument.spreadsheet" in part.read(100):
                        return "ods"
            if "xl/workbook.xml" in names:
                return "xlsm" if "xl/vbaProject.bin" in names or path.suffix.lower() == ".xlsm" else "xlsx"
            if "xl/workbook.bin" in names:
                raise WorkbookError(refusals.binary_excel(path))
    except DAMAGED_PACKAGE_ERRORS:
        raise WorkbookError(refusals.damaged_archive(path)) from None
    raise WorkbookError(refusals.zip_without_workbook(path))


def check_archive_sizes(path: Path, entries: list[zipfile.ZipInfo]) -> None:
    """Refuse zip bombs by the sizes the archive declares, before anything is expanded."""
    total = sum(entry.file_size for entry in entries)
    if total > MAX_TOTAL_BYTES:
        raise WorkbookError(refusals.bomb(path, f"it would expand to {total / 1024**3:.1f} GB when opened"))
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > MAX_PART_BYTES or (
                entry.file_size > SUSPICIOUS_PART_BYTES and ratio > SUSPICIOUS_RATIO):
            raise WorkbookError(refusals.bomb(
                path, f"its part '{entry.filename}' would expand from {entry.compress_size:,} bytes to "
                      f"{entry.file_size:,} bytes"))
