"""A first look inside a legacy .xls file, in plain Python, before a native reader sees it.

A legacy workbook is an OLE compound file ([MS-CFB]: sectors chained by a table) holding a
"Workbook" stream of BIFF records ([MS-XLS]). Native readers trust what the file says:
a sector chain that loops back on itself, or a sheet claiming 65,536 x 256 cells, makes
them run until memory is gone. This module walks the container with every chain checked
(each sector visited once, never past the end of the file) and reads the few records
that decide how the file must be handled:

* FILEPASS: the workbook is encrypted (the password message, not "Codepage D7CC not found");
* BOUNDSHEET: the sheets and where their records start;
* per sheet, the rows and columns that hold values.

`readable_copy` then gives the reader a copy of the file in memory whose DIMENSIONS
records claim only the cells held, and in which a sheet with few values far apart (POI's
51535.xls: four values, one in IV65536, a 16.7-million-cell grid) has its rows with values
renumbered one after another, each record patched in place; the caller maps the rows
back. The whole walk costs a pass over the stream's record headers.
"""

from __future__ import annotations

import bisect
import struct
from dataclasses import dataclass, field

SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
FREE, END_OF_CHAIN = 0xFFFFFFFF, 0xFFFFFFFE
MINI_SECTOR = 64
LAST_REGULAR_SECTOR = 0xFFFFFFFA
WORKBOOK_STREAMS = ("workbook", "book")  # BIFF8 and BIFF5 names, compared in lower case

BOF, EOF, FILEPASS, BOUNDSHEET, DIMENSIONS = 0x0809, 0x000A, 0x002F, 0x0085, 0x0200
FORMULA, BOOLERR = 0x0006, 0x0205
# Records holding one cell's value at (row, column) in their first four bytes.
VALUE_RECORDS = frozenset({0x0203, 0x027E, 0x00FD, 0x0204, 0x0006, 0x0205, 0x00D6})
MULRK = 0x00BD  # several numbers on one row: row, first column ... last column
# Records that only format a row or cells (BLANK, MULBLANK, ROW): their row is moved with
# the values, or the record is made one no reader knows when its row holds none.
FORMAT_RECORDS = frozenset({0x0201, 0x00BE, 0x0208})
MERGED_CELLS = 0x00E5
UNKNOWN_RECORD = 0x0000  # a record type no reader of BIFF8 acts on
DIRECT_CELLS = 2_000_000  # a sheet grid up to this size is read as it is
COMPACTION_GAIN = 4  # rows are renumbered when that makes the grid this many times smaller


class LegacyFileError(Exception):
    """The container is damaged; the message says how, in words a user can act on."""


@dataclass
class LegacySheet:
    name: str
    last_row: int = -1  # 0-based, of cells holding a value
    last_column: int = -1
    claimed_cells: int = 0  # what the DIMENSIONS record announces
    dimensions_at: int | None = None  # where that record's data starts in the workbook stream
    position: int = -1  # where the sheet's BOF record starts in the workbook stream
    value_rows: set[int] = field(default_factory=set)  # 0-based
    error_cells: int = 0  # cells showing an error (#REF!, #DIV/0!...), which readers give as empty

    @property
    def grid_cells(self) -> int:
        """The cells of the rectangle from A1 to the last value, as a reader lays it out."""
        return (self.last_row + 1) * (self.last_column + 1)


@dataclass
class LegacyWorkbook:
    encrypted: bool = False
    sheets: list[LegacySheet] = field(default_factory=list)
    block: int = 512  # the workbook stream's block size, and each block's place in the file
    block_offsets: list[int] = field(default_factory=list)
    stream: bytes = b""

    def file_offset(self, stream_offset: int) -> int:
        return self.block_offsets[stream_offset // self.block] + stream_offset % self.block


def is_compound_file(head: bytes) -> bool:
    return head.startswith(SIGNATURE)


class _Container:
    """Sectors of a compound file held in memory, with every chain checked as it is followed."""

    def __init__(self, data: bytes):
        if len(data) < 512 or not data.startswith(SIGNATURE):
            raise LegacyFileError("it is too short to be a legacy Excel workbook")
        self.data = data
        shift, mini_shift = struct.unpack_from("<HH", data, 30)
        if shift not in (9, 12) or mini_shift != 6:
            raise LegacyFileError("its header is damaged")
        self.sector_size = 1 << shift
        self.sectors = -(-len(data) // self.sector_size) - 1  # the header takes the first sector's place
        (fat_count, self.first_directory, _, self.mini_cutoff, self.first_mini_fat, _,
         first_difat, difat_count) = struct.unpack_from("<IIIIIIII", data, 44)
        difat = list(struct.unpack_from("<109I", data, 76))
        for sector in self._chain(first_difat, limit=difat_count, table=None):
            entries = struct.unpack_from(f"<{self.sector_size // 4}I", self._sector(sector))
            difat.extend(entries[:-1])
        fat_sectors = [s for s in difat if s <= LAST_REGULAR_SECTOR][:max(fat_count, 0) or None]
        self.fat = []
        for sector in fat_sectors:
            self.fat.extend(struct.unpack_from(f"<{self.sector_size // 4}I", self._sector(sector)))

    def _sector(self, number: int) -> bytes:
        if number >= self.sectors:
            raise LegacyFileError("it points to a part past the end of the file (it may be truncated)")
        start = (number + 1) * self.sector_size
        return self.data[start:start + self.sector_size]

    def _chain(self, first: int, limit: int | None = None, table: list[int] | None = None):
        """Sector numbers from `first` to the end of its chain; the DIFAT chain has no table."""
        seen: set[int] = set()
        sector = first
        while sector <= LAST_REGULAR_SECTOR and (limit is None or len(seen) < limit):
            if sector in seen:
                raise LegacyFileError("its internal chain of parts loops back on itself (a damaged or "
                                      "crafted file)")
            seen.add(sector)
            yield sector
            if table is None:
                sector = struct.unpack_from("<I", self._sector(sector), self.sector_size - 4)[0]
            elif sector < len(table):
                sector = table[sector]
            else:
                raise LegacyFileError("its table of parts is cut short (it may be truncated)")

    def read(self, first: int, size: int | None = None) -> bytes:
        return self._read_located(first, size)[0]

    def _read_located(self, first: int, size: int | None = None) -> tuple[bytes, list[int]]:
        """A chain's bytes and the file offset of each of its sectors."""
        chain = list(self._chain(first, table=self.fat))
        data = b"".join(self._sector(s) for s in chain)
        return (data if size is None else data[:size]), [(s + 1) * self.sector_size for s in chain]

    def stream(self, names: tuple[str, ...]) -> tuple[bytes, int, list[int]] | None:
        """The named stream: its bytes, its block size and the file offset of each block."""
        directory = self.read(self.first_directory)
        entries = [directory[i:i + 128] for i in range(0, len(directory) - 127, 128)]
        if not entries:
            raise LegacyFileError("its directory is empty")
        root = entries[0]
        for entry in entries[1:]:
            length = min(struct.unpack_from("<H", entry, 64)[0], 64)
            name = entry[:max(length - 2, 0)].decode("utf-16-le", "replace").lower()
            if entry[66] != 2 or name not in names:
                continue
            start, size = struct.unpack_from("<IQ", entry, 116)
            if self.sector_size == 512:  # version 3 files may leave garbage in the high half
                size &= 0xFFFFFFFF
            if size < self.mini_cutoff:
                return self._mini_stream(root, start, size)
            data, offsets = self._read_located(start, size)
            return data, self.sector_size, offsets
        return None

    def _mini_stream(self, root: bytes, start: int, size: int) -> tuple[bytes, int, list[int]]:
        mini_fat_data = self.read(self.first_mini_fat) if self.first_mini_fat <= LAST_REGULAR_SECTOR else b""
        mini_fat = list(struct.unpack_from(f"<{len(mini_fat_data) // 4}I", mini_fat_data))
        container, container_offsets = self._read_located(struct.unpack_from("<I", root, 116)[0])
        pieces, offsets = [], []
        for sector in self._chain(start, table=mini_fat):
            if (sector + 1) * MINI_SECTOR > len(container):
                raise LegacyFileError("it points to a part past the end of the file (it may be truncated)")
            pieces.append(container[sector * MINI_SECTOR:(sector + 1) * MINI_SECTOR])
            at = sector * MINI_SECTOR
            offsets.append(container_offsets[at // self.sector_size] + at % self.sector_size)
        return b"".join(pieces)[:size], MINI_SECTOR, offsets


def readable_copy(data: bytes, workbook: LegacyWorkbook) -> tuple[bytes, dict[str, list[int]]]:
    """The file, in memory, as a reader can take it at the cost of its values; and, for each sheet
    whose rows were renumbered, the 1-based sheet row of each row read."""
    patched = bytearray(data)

    def write(stream_offset: int, values: bytes) -> None:
        for index, byte in enumerate(values):
            patched[workbook.file_offset(stream_offset + index)] = byte

    renumbered: dict[str, list[int]] = {}
    for sheet in workbook.sheets:
        kept = sorted(sheet.value_rows)
        compact = (sheet.grid_cells > DIRECT_CELLS and sheet.position >= 0
                   and len(kept) * (sheet.last_column + 1) * COMPACTION_GAIN <= sheet.grid_cells)
        if compact:
            _renumber_rows(workbook.stream, sheet.position, {row: index for index, row in enumerate(kept)}, write)
            renumbered[sheet.name] = [row + 1 for row in kept]
        rows = len(kept) if compact else sheet.last_row + 1
        if sheet.dimensions_at is not None and (compact or sheet.claimed_cells > sheet.grid_cells):
            write(sheet.dimensions_at, struct.pack("<IIHH", 0, rows, 0, sheet.last_column + 1))
    return bytes(patched), renumbered


def _renumber_rows(stream: bytes, position: int, new_row: dict[int, int], write) -> None:
    """Give every record of a sheet holding a row number its new number; formatting of a row
    holding no value is made a record no reader acts on, and merged ranges follow their rows."""
    kept = sorted(new_row)
    for kind, at, length in _records(stream, position):
        if kind == EOF:
            return
        if (kind in VALUE_RECORDS or kind in FORMAT_RECORDS or kind == MULRK) and length >= 2:
            row = struct.unpack_from("<H", stream, at)[0]
            if row in new_row:
                write(at, struct.pack("<H", new_row[row]))
            else:
                write(at - 4, struct.pack("<H", UNKNOWN_RECORD))
        elif kind == MERGED_CELLS and length >= 2:
            count = struct.unpack_from("<H", stream, at)[0]
            for index in range(min(count, (length - 2) // 8)):
                top, bottom = struct.unpack_from("<HH", stream, at + 2 + 8 * index)
                first, last = bisect.bisect_left(kept, top), bisect.bisect_right(kept, bottom) - 1
                span = (new_row[kept[first]], new_row[kept[last]]) if first <= last else (0, 0)
                write(at + 2 + 8 * index, struct.pack("<HH", *span))


def _records(stream: bytes, offset: int = 0):
    """(type, offset of the data, data length) of each BIFF record from `offset` on."""
    end = len(stream)
    while offset + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, offset)
        yield kind, offset + 4, length
        offset += 4 + length


def _sheet_entry(stream: bytes, at: int, length: int) -> tuple[int, LegacySheet] | None:
    if length < 8:
        return None
    position, count = struct.unpack_from("<I2xB", stream, at)  # skips the sheet's state and type
    if stream[at + 7:at + 8] == b"\x01":  # UTF-16 characters
        name = stream[at + 8:at + 8 + 2 * count].decode("utf-16-le", "replace")
    else:
        name = stream[at + 8:at + 8 + count].decode("latin-1")
    return position, LegacySheet(name)


def _measure_sheet(stream: bytes, position: int, sheet: LegacySheet) -> None:
    """Count the cells holding values from the sheet's BOF to its EOF, and what DIMENSIONS claims."""
    for kind, at, length in _records(stream, position):
        if kind == EOF:
            return
        if kind in VALUE_RECORDS and length >= 4:
            row, column = struct.unpack_from("<HH", stream, at)
            sheet.error_cells += _shows_error(stream, kind, at, length)
            sheet.value_rows.add(row)
        elif kind == MULRK and length >= 6:
            row, first = struct.unpack_from("<HH", stream, at)
            column = struct.unpack_from("<H", stream, at + length - 2)[0]
            sheet.value_rows.add(row)
        elif kind == DIMENSIONS and length >= 12:
            first_row, end_row, first_col, end_col = struct.unpack_from("<IIHH", stream, at)
            sheet.claimed_cells = max(end_row - first_row, 0) * max(end_col - first_col, 0)
            sheet.dimensions_at = at
            continue
        else:
            continue
        sheet.last_row, sheet.last_column = max(sheet.last_row, row), max(sheet.last_column, column)


def _shows_error(stream: bytes, kind: int, at: int, length: int) -> bool:
    """BOOLERR holding an error, or FORMULA whose saved result is an error ([MS-XLS] 2.4.24, 2.5.133)."""
    if kind == BOOLERR and length >= 8:
        return stream[at + 7] == 1
    if kind == FORMULA and length >= 14:
        return stream[at + 6] == 2 and stream[at + 12:at + 14] == b"\xff\xff"
    return False


def inspect(data: bytes) -> LegacyWorkbook:
    """What the workbook stream says about encryption and its sheets; LegacyFileError when damaged."""
    container = _Container(data)
    found = container.stream(WORKBOOK_STREAMS)
    if found is None:
        raise LegacyFileError("it holds no workbook (it may be another Office document)")
    stream, block, offsets = found
    workbook = LegacyWorkbook(block=block, block_offsets=offsets, stream=stream)
    positions = []
    for kind, at, length in _records(stream):
        if kind == FILEPASS:
            workbook.encrypted = True
            return workbook
        if kind == BOUNDSHEET:
            entry = _sheet_entry(stream, at, length)
            if entry:
                positions.append(entry[0])
                workbook.sheets.append(entry[1])
        elif kind == EOF:
            break
    for position, sheet in zip(positions, workbook.sheets):
        if 0 <= position < len(stream):
            sheet.position = position
            _measure_sheet(stream, position, sheet)
    return workbook
