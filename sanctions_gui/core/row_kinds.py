"""Rows of a sheet that are not people: notes under the table, section titles, totals.

Analysts write "Fuente: elaboración propia", "Total: 16" or "Last updated 3 May" under
their table and "MILITARES" between groups of rows. Read as people, each would be a
person named after a note. A row is a candidate only when a single cell holds anything
(or its name cell is a total label over numbers); it is skipped when that cell reads as
a note, a title or a total, with a report line naming the row and why. A row with a
name and any other field filled is a person and is never dropped; a row holding only a
name that reads as nothing else is kept, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import folding, vocabularies
from .values import Cells

# Folded starts of a note line ("Source: …", "Fuente: elaboración propia", "* Datos al …").
_NOTE = re.compile(
    r"^(?:sources?|fuentes?|notes?|notas?|nb\b|n\.b\.|last updated|updated|actualizad[oa]|"
    r"ultima actualizacion|fecha de actualizacion|elaboracion propia|own elaboration|prepared by|"
    r"compiled by|elaborado por|compilado por|data as of|as of\b|datos al|datos a\b|see\b|ver\b|"
    r"copyright|\(c\)|©|\*|\(\*\)|https?://|www\.)", re.IGNORECASE)
_NOTE_ANYWHERE = re.compile(r"elaboracion propia|own elaboration|own compilation")
_TOTAL = re.compile(r"^(?:sub)?totale?s?\b|^total general\b|^grand total\b|^suma\b|^count\b")
_ENUMERATOR = re.compile(r"^(?:[ivxlc]+|[a-z]|\d{1,2})[.)]\s+\S")
# Words of headings between groups of people, never of a person's name.
_TITLE_WORDS = frozenset(
    "military militares militar civilians civiles civil officials funcionarios designations designaciones "
    "sanctions sanciones sancionados section seccion part parte group grupo category categoria others otros "
    "individuals individuos persons personas government gobierno judiciary judicial poder ministers "
    "ministros security seguridad".split()) | frozenset(folding.fold(a) for a in vocabularies.ADMINISTRATIONS)
_YEAR = re.compile(r"^(?:19|20)\d\d\b")
LONGEST_NAME_WORDS = 8  # a lone cell with more words is a sentence


@dataclass
class RowKinds:
    """Per row: whether it is read as a person, and the rows skipped or doubted with why."""

    keep: np.ndarray
    skipped: list[tuple[int, str]]  # (position, why)
    only_name: list[int]  # positions of people whose row holds nothing but the name
    empty_between: int  # empty rows before the last filled one
    last_filled: int  # position of the last row holding anything, -1 if none


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def lone_cell_kind(text: str, merged_across: bool) -> str | None:
    """"a note", "a section title" or "a total line" for a row's only filled cell, else None."""
    folded = folding.fold(text)
    if _TOTAL.match(folded):
        return "a total line"
    if _NOTE.match(folded) or _NOTE_ANYWHERE.search(folded) or len(folded.split()) > LONGEST_NAME_WORDS:
        return "a note"
    words = set(re.findall(r"[a-z]+", folded))
    if merged_across or folded.endswith(":") or _ENUMERATOR.match(folded) or _YEAR.match(folded) \
            or words & _TITLE_WORDS:
        return "a section title"
    return None


def _text_at(cells: Cells, position: int) -> str:
    value = cells.uniques.iat[cells.codes[position]]
    return value if isinstance(value, str) else str(value)


def _is_number(value: object) -> bool:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return True
    return isinstance(value, str) and bool(re.fullmatch(r"\s*[\d.,%\s]+\s*", value))


_TOTAL_KEYS = ("total", "subtotal", "grandtotal", "suma", "count")


def _total_labels(names: Cells, name_keys: pd.Series) -> np.ndarray:
    """Per row, whether the name cell reads "Total", "Subtotal", "Suma"… (its folded key first, then the text)."""
    labels = np.zeros(len(name_keys), dtype=bool)
    for index, key in enumerate(name_keys):
        if key.startswith(_TOTAL_KEYS):
            labels[index] = bool(_TOTAL.match(folding.fold(str(names.uniques.iat[index]))))
    return labels[names.codes]


def classify_rows(columns: dict[str, Cells], name_keys: pd.Series, repeated_header: np.ndarray,
                  merged_rows: set[int]) -> RowKinds:
    """Which rows are people. `name_keys`: each distinct name folded to letters and digits;
    `merged_rows`: positions whose first cell is merged across columns."""
    names = columns["name"]
    name_blank = names.blank()
    count = (~name_blank).astype(np.int8)
    lone = np.where(name_blank, -1, 0).astype(np.int16)
    others = [cells for column, cells in columns.items() if column != "name"]
    undecided = np.flatnonzero(count < 2)
    for index, cells in enumerate(others, start=1):  # each column is asked only about rows still in doubt
        if not len(undecided):
            break
        hit = undecided[~cells.blank(undecided)]
        lone[hit] = np.where(count[hit] == 0, index, lone[hit])
        count[hit] += 1
        undecided = undecided[count[undecided] < 2]
    empty = count == 0
    keep = ~empty & ~name_blank & ~repeated_header
    skipped: list[tuple[int, str]] = []
    only_name: list[int] = []
    lone_kinds: list[tuple[int, str, str]] = []
    for position in np.flatnonzero(~empty & (name_blank | repeated_header | (count == 1))):
        if repeated_header[position]:
            skipped.append((int(position), "it repeats the header row"))
            continue
        cells = names if lone[position] == 0 else others[lone[position] - 1]
        kind = lone_cell_kind(_text_at(cells, position), position in merged_rows) if count[position] == 1 else None
        if kind is None:
            if name_blank[position]:
                skipped.append((int(position), "it has no name"))
            else:
                only_name.append(int(position))
            continue
        keep[position] = False
        lone_kinds.append((int(position), kind, _text_at(cells, position)))
    for position in np.flatnonzero(keep & (count > 1) & _total_labels(names, name_keys)):
        if all(_is_number(cells.uniques.iat[cells.codes[position]]) for cells in others
               if not cells.blank(np.array([position]))[0]):
            keep[position] = False
            skipped.append((int(position), f"a total line ({_shown(_text_at(names, position))}), not a person"))
    last_person = int(np.flatnonzero(keep)[-1]) if keep.any() else -1
    for position, kind, text in lone_kinds:
        where = " under the table" if kind == "a note" and position > last_person else ""
        skipped.append((position, f"{kind}{where} ({_shown(text)}), not a person"))
    trailing = len(empty) - int(np.argmin(empty[::-1])) if not empty.all() else 0
    return RowKinds(keep, sorted(skipped), only_name, int(empty[:trailing].sum()), trailing - 1)
