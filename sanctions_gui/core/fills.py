"""Fill colours of one column of an .xlsx sheet, and its error cells, from the package XML.

Analysts mark candidates by colouring the name cell yellow. openpyxl can report those
fills, but only by walking every cell of the sheet, which costs far more than reading
the values. Here the small style part is parsed properly (with defusedxml) to learn
which style ids carry a fill, and the sheet part is scanned once as bytes: for the
style ids of one column (only when some style has a fill), for error cells (#REF!,
#N/A...) and for formulas saved without a result, which the value reader shows as empty
cells, and only down to the last row that holds a record.
"""

from __future__ import annotations

import colorsys
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from posixpath import join, normpath

from defusedxml import ElementTree

MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DRAWING_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

CHUNK_BYTES = 8 * 1024 * 1024
# Fills that mean "no colour" to a reader: none, and the grey125 pattern Excel reserves;
# a white fill (often laid over a whole sheet to hide the grid) is no highlight either.
NO_FILL_PATTERNS = {None, "none", "gray125"}
NO_FILL_COLOURS = {"#FFFFFF"}
THEME_ORDER = ("lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4",
               "accent5", "accent6", "hlink", "folHlink")


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → path of its XML part inside the package."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{PKG_REL_NS}Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{MAIN_NS}sheet"):
        target = targets.get(sheet.get(f"{REL_NS}id"), "")
        if target:
            path = target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
            parts[sheet.get("name")] = path
    return parts


def _apply_tint(rgb: str, tint: float) -> str:
    """Excel's tint: lighten towards white (tint > 0) or darken towards black."""
    r, g, b = (int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4))
    hue, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    lightness = lightness * (1 + tint) if tint < 0 else lightness * (1 - tint) + tint
    r, g, b = colorsys.hls_to_rgb(hue, min(max(lightness, 0), 1), saturation)
    return "".join(f"{round(c * 255):02X}" for c in (r, g, b))


def _theme_colours(archive: zipfile.ZipFile) -> list[str]:
    try:
        theme = ElementTree.fromstring(archive.read("xl/theme/theme1.xml"))
    except KeyError:
        return []
    scheme = next(theme.iter(f"{DRAWING_NS}clrScheme"), None)
    if scheme is None:
        return []
    found = {}
    for slot in scheme:
        name = slot.tag.removeprefix(DRAWING_NS)
        colour = next(iter(slot), None)
        if colour is not None:
            found[name] = colour.get("lastClr") or colour.get("val") or ""
    return [found.get(name, "") for name in THEME_ORDER]


def _colour_hex(element, theme: list[str]) -> str | None:
    """An OOXML colour element as "#RRGGBB", or None when it names no colour."""
    if element is None:
        return None
    rgb = None
    if element.get("rgb"):
        rgb = element.get("rgb")[-6:]
    elif element.get("indexed") is not None:
        index = int(element.get("indexed"))
        from openpyxl.styles.colors import COLOR_INDEX  # here: importing openpyxl costs start-up 0.1 s

        rgb = COLOR_INDEX[index][-6:] if index < 64 else None
    elif element.get("theme") is not None:
        index = int(element.get("theme"))
        rgb = theme[index] if index < len(theme) and theme[index] else None
    if not rgb or not re.fullmatch(r"[0-9A-Fa-f]{6}", rgb):
        return None
    tint = float(element.get("tint", 0) or 0)
    return "#" + (_apply_tint(rgb, tint) if tint else rgb).upper()


def filled_styles(archive: zipfile.ZipFile) -> dict[int, str]:
    """Cell style id → fill colour, for the styles that carry a visible fill."""
    try:
        styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    except KeyError:
        return {}
    theme = _theme_colours(archive)
    fill_colours = []
    for fill in styles.iter(f"{MAIN_NS}fill"):
        pattern = fill.find(f"{MAIN_NS}patternFill")
        colour = None
        if pattern is not None and pattern.get("patternType") not in NO_FILL_PATTERNS:
            colour = _colour_hex(pattern.find(f"{MAIN_NS}fgColor"), theme)
            if colour is None:
                colour = _colour_hex(pattern.find(f"{MAIN_NS}bgColor"), theme)
        fill_colours.append(None if colour in NO_FILL_COLOURS else colour)
    cell_xfs = styles.find(f"{MAIN_NS}cellXfs")
    if cell_xfs is None:
        return {}
    result = {}
    for style_id, xf in enumerate(cell_xfs.iter(f"{MAIN_NS}xf")):
        fill_id = int(xf.get("fillId", 0) or 0)
        if fill_id < len(fill_colours) and fill_colours[fill_id]:
            result[style_id] = fill_colours[fill_id]
    return result


def chunks(archive: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    """The sheet XML in pieces cut after a cell's end tag (</c> or </x:c>), so no cell
    with a formula or error value is split; failing that, before a tag."""
    carry = b""
    with archive.open(part) as stream:
        while block := stream.read(CHUNK_BYTES):
            data = carry + block
            cell_end = max(data.rfind(b"</c>"), data.rfind(b":c>"))
            cut = data.index(b">", cell_end) + 1 if cell_end >= 0 else data.rfind(b"<")
            carry, data = data[cut:], data[:cut]
            yield data
    yield carry


@dataclass
class SheetScan:
    """What the value reader cannot see in one sheet, by 1-based row number."""

    fills: dict[int, str] = field(default_factory=dict)  # row -> "#RRGGBB" of the scanned column's cell
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (row, column letter, "#REF!")
    unsaved_formulas: list[tuple[int, str]] = field(default_factory=list)  # (row, column letter)


def scan_sheet(archive: zipfile.ZipFile, part: str, column: str, styles: dict[int, str],
               last_row: int) -> SheetScan:
    """Scan a sheet part down to `last_row` for the fills of `column` and for error cells.

    A cell without its own style takes the style of its row when the row declares one
    (whole-row highlighting), as Excel shows it. Rows are stored in order, so the scan
    stops at the first chunk that passes `last_row`: the "formatted down to row
    1,048,576" sheets cost nothing past their data.
    """
    scan = SheetScan()
    cell_styles: dict[int, int] = {}
    row_styles: dict[int, int] = {}
    patterns = None
    reached = False
    for chunk in chunks(archive, part):
        if patterns is None:
            patterns = _Patterns(chunk, column, styles)
        chunk, passed, reached = _up_to_row(chunk, patterns, last_row, reached)
        if styles and b"customFormat" not in chunk:
            # No row here carries a style, so only the cells with a filled style matter.
            for match in patterns.filled_cell.finditer(chunk):
                cell_styles[int(match.group(1))] = int(match.group(2))
        elif styles:
            for match in patterns.cell.finditer(chunk):
                cell_styles[int(match.group(1))] = int(match.group(2)) if match.group(2) is not None else -1
            for match in patterns.formatted_row.finditer(chunk):
                number, style = _ROW_NUMBER.search(match.group(0)), _STYLE.search(match.group(0))
                if number and style:
                    row_styles[int(number.group(1))] = int(style.group(1))
        if b't="e"' in chunk:
            scan.errors.extend((int(m.group(2)), m.group(1).decode(), m.group(3).decode("utf-8", "replace"))
                               for m in patterns.error.finditer(chunk))
        if patterns.formula_start in chunk:
            scan.unsaved_formulas.extend((int(m.group(2)), m.group(1).decode())
                                         for m in patterns.unsaved_formula.finditer(chunk))
        last = patterns.last_row.findall(chunk[-4096:]) if len(chunk) > 4096 else patterns.last_row.findall(chunk)
        if passed or (last and int(last[-1]) > last_row):
            break
    for row, style in row_styles.items():
        if style in styles and cell_styles.get(row, -1) == -1:
            scan.fills[row] = styles[style]
    for row, style in cell_styles.items():
        if style in styles:
            scan.fills[row] = styles[style]
    scan.fills = {row: colour for row, colour in scan.fills.items() if row <= last_row}
    scan.errors = [error for error in scan.errors if error[0] <= last_row]
    scan.unsaved_formulas = [cell for cell in scan.unsaved_formulas if cell[0] <= last_row]
    return scan


def _up_to_row(chunk: bytes, patterns: _Patterns, last_row: int, reached: bool) -> tuple[bytes, bool, bool]:
    """The chunk cut before the row after `last_row`, so the formatted empty rows after a table
    are not scanned one by one: (chunk, whether the cut was made, whether `last_row` was reached)."""
    start = 0 if reached else chunk.find(patterns.row_start + b' r="%d"' % last_row)
    if start < 0:
        return chunk, False, False
    end = chunk.find(patterns.row_start, start + 1)
    return (chunk[:end], True, True) if end >= 0 else (chunk, False, True)


_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_STYLE = re.compile(rb'\bs="(\d+)"')


class _Patterns:
    """Byte patterns for one sheet part, with the namespace prefix its writer used (x:c, c...)."""

    def __init__(self, first_chunk: bytes, column: str, styles: dict[int, str]):
        found = re.search(rb"<(\w+:)?worksheet\b", first_chunk)
        prefix = (found.group(1) or b"") if found else b""
        cell = b"<" + prefix + b"c"
        self.cell = re.compile(cell + rb' r="' + column.encode() + rb'(\d+)"(?: t="\w+")?(?: s="(\d+)")?')
        filled = b"|".join(str(style).encode() for style in styles) or b"-"
        self.filled_cell = re.compile(cell + rb' r="' + column.encode() + rb'(\d+)"(?: t="\w+")? s="('
                                      + filled + rb')"')
        # Writers order a row's attributes differently (openpyxl: customFormat before s).
        self.formatted_row = re.compile(b"<" + prefix + rb'row\b[^>]*\bcustomFormat="(?:1|true)"[^>]*>')
        self.row_start = b"<" + prefix + b"row"
        self.last_row = re.compile(b"<" + prefix + rb'row r="(\d+)"')
        formula = b"<" + prefix + b"f"
        value = b"<" + prefix + b"v>"
        self.formula_start = formula
        self.error = re.compile(cell + rb' r="([A-Z]{1,3})(\d+)"[^>]*?\bt="e"[^>]*>(?:' + formula
                                + rb"[^>]*/>|" + formula + rb"[^>]*>[^<]*</" + prefix + rb"f>)?" + value
                                + rb"([^<]*)<")
        # A formula with no <v>, or an empty one (openpyxl writes <v />), has no saved result.
        self.unsaved_formula = re.compile(cell + rb' r="([A-Z]{1,3})(\d+)"[^>]*>' + formula
                                          + rb"(?:[^>]*/>|[^>]*>[^<]*</" + prefix + rb"f>)\s*(?:"
                                          + value[:-1] + rb"\s*/>|" + value + b"</" + prefix + rb"v>)?\s*</"
                                          + prefix + b"c>")
