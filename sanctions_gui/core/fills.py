"""Fill colours of one column of an .xlsx sheet, read straight from the package XML.

Analysts mark candidates by colouring the name cell yellow. openpyxl can report those
fills, but only by walking every cell of the sheet, which costs far more than reading
the values. Here the small style part is parsed properly (with defusedxml) to learn
which style ids carry a fill, and the sheet part is scanned as bytes for the cells of
one column only. When the workbook has no filled style at all, the sheet is not
touched.
"""

from __future__ import annotations

import colorsys
import re
import zipfile
from collections.abc import Iterator
from posixpath import dirname, join, normpath

from defusedxml import ElementTree
from openpyxl.styles.colors import COLOR_INDEX

MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DRAWING_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

CHUNK_BYTES = 8 * 1024 * 1024
# Fills that mean "no colour" to a reader: none, and the grey125 pattern Excel reserves.
NO_FILL_PATTERNS = {None, "none", "gray125"}
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
        fill_colours.append(colour)
    cell_xfs = styles.find(f"{MAIN_NS}cellXfs")
    if cell_xfs is None:
        return {}
    result = {}
    for style_id, xf in enumerate(cell_xfs.iter(f"{MAIN_NS}xf")):
        fill_id = int(xf.get("fillId", 0) or 0)
        if fill_id < len(fill_colours) and fill_colours[fill_id]:
            result[style_id] = fill_colours[fill_id]
    return result


def _chunks(archive: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    """The sheet XML in pieces that never split a tag."""
    carry = b""
    with archive.open(part) as stream:
        while block := stream.read(CHUNK_BYTES):
            data = carry + block
            cut = data.rfind(b"<")
            carry, data = data[cut:], data[:cut]
            yield data
    yield carry


def column_fills(archive: zipfile.ZipFile, part: str, column: str, styles: dict[int, str]) -> dict[int, str]:
    """Row number (1-based) → fill colour of the cell in `column` of a sheet part.

    A cell without its own style takes the style of its row when the row declares one
    (whole-row highlighting), as Excel shows it.
    """
    cell_pattern = re.compile(rb'<c r="' + column.encode() + rb'(\d+)"(?: t="\w+")?(?: s="(\d+)")?')
    row_pattern = re.compile(rb'<row r="(\d+)"[^>]*?\bs="(\d+)"[^>]*?customFormat="(?:1|true)"')
    cell_styles: dict[int, int] = {}
    row_styles: dict[int, int] = {}
    for chunk in _chunks(archive, part):
        for match in cell_pattern.finditer(chunk):
            if match.group(2) is not None:
                cell_styles[int(match.group(1))] = int(match.group(2))
            else:
                cell_styles.setdefault(int(match.group(1)), -1)
        if b"customFormat" in chunk:
            for match in row_pattern.finditer(chunk):
                row_styles[int(match.group(1))] = int(match.group(2))
    fills = {}
    for row, style in row_styles.items():
        if style in styles and cell_styles.get(row, -1) == -1:
            fills[row] = styles[style]
    for row, style in cell_styles.items():
        if style in styles:
            fills[row] = styles[style]
    return fills
