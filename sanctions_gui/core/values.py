"""Cell-level parsing rules: blanks, text, yes/no, vocabularies and lists, over whole columns.

Each parser takes a column of raw cell values as the spreadsheet reader returns them
(str, int, float, bool, datetime, date or empty string) and returns the typed column
plus a list of `CellIssue`s naming the positions it could not read cleanly. The
reader turns those positions into sheet, row and column for the import report.

Dates have their own module (dates.py). `column_parsing.parse_column` runs the parsers
on a column's distinct values only (`Cells`) and spreads the results back over its
rows: a 200,000-row sheet repeats its dates, flags and vocabularies endlessly, and a
parser's per-value Python work then costs nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .folding import fold, fold_all, fold_key, fold_keys
from .schema import Field

YES_WORDS = frozenset({"yes", "y", "si", "s", "x", "true", "1", "✓", "✔", "☑", "✅", "sanctioned",
                       "sancionado", "sancionada", "listed"})
NO_WORDS = frozenset({"no", "n", "false", "0", "-", "—", "✗", "✘", "none", "not sanctioned"})
UNKNOWN_WORDS = frozenset({"unclear", "unknown", "?", "n/a", "na", "desconocido", "no determinado",
                           "pending", "tbd"})

@dataclass(frozen=True)
class CellIssue:
    """A cell the parser could not read cleanly: its position in the column and why."""

    position: int
    message: str


@dataclass(frozen=True)
class Cells:
    """A column of raw cells as its distinct values and, per cell, which one it holds."""

    codes: np.ndarray  # per cell, a position in `uniques`
    uniques: pd.Series  # object dtype, each distinct raw value once

    @classmethod
    def of(cls, values, repeats: bool = True) -> Cells:
        """Cells of a column; `repeats=False` for free text, where finding repeats costs more than it saves."""
        values = np.asarray(values, dtype=object)
        if not repeats:
            return cls(np.arange(len(values)), pd.Series(values, dtype=object))
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        if any(type(u) is bool or (isinstance(u, (int, float)) and u in (0, 1)) for u in uniques):
            codes, uniques = _keep_booleans_apart(values, codes, uniques)
        missing = codes < 0
        if missing.any():  # None / NaN cells share one extra distinct value
            codes = np.where(missing, len(uniques), codes)
            uniques = np.append(uniques, None)
        return cls(codes.astype(np.intp), pd.Series(uniques, dtype=object))

    def __len__(self) -> int:
        return len(self.codes)

    def blank(self, positions: np.ndarray | None = None) -> np.ndarray:
        """Which cells (all, or those at `positions`) hold nothing."""
        codes = self.codes if positions is None else self.codes[positions]
        if len(self.uniques) <= len(codes):
            return is_blank(self.uniques)[codes]
        return is_blank(self.uniques.iloc[codes])

    def subset(self, keep: np.ndarray) -> Cells:
        """The cells where `keep` is true, dropping distinct values no kept cell holds."""
        codes = self.codes[keep]
        used = np.bincount(codes, minlength=len(self.uniques)) > 0
        renumber = np.cumsum(used) - 1
        return Cells(renumber[codes], self.uniques[used].reset_index(drop=True))

    def spread(self, parsed: pd.Series) -> pd.Series:
        """A column parsed per distinct value, as one value per cell."""
        return pd.Series(parsed.array.take(self.codes), name=parsed.name)  # a RangeIndex, as the frame has

    def spread_issues(self, issues: list[CellIssue]) -> list[CellIssue]:
        """Issues found per distinct value, as one issue per cell holding it, in row order."""
        if not issues:
            return []
        order = np.argsort(self.codes, kind="stable")
        sorted_codes = self.codes[order]
        spread = []
        for issue in issues:
            first, end = np.searchsorted(sorted_codes, [issue.position, issue.position + 1])
            spread.extend(CellIssue(int(p), issue.message) for p in order[first:end])
        return sorted(spread, key=lambda i: i.position)


def _keep_booleans_apart(values: np.ndarray, codes: np.ndarray, uniques: np.ndarray):
    """Re-factorize so TRUE/FALSE cells do not share a value with 1/0 (equal in a hash table)."""
    is_bool = np.fromiter((type(v) is bool for v in values), bool, len(values))
    if not is_bool.any() or is_bool.all():
        return codes, uniques
    other_codes, other_uniques = pd.factorize(values[~is_bool], use_na_sentinel=True)
    bool_codes, bool_uniques = pd.factorize(values[is_bool], use_na_sentinel=True)
    codes = np.empty(len(values), dtype=np.intp)
    codes[~is_bool] = other_codes
    codes[is_bool] = bool_codes + len(other_uniques)
    return codes, np.concatenate([other_uniques, bool_uniques])


# fold() and fold_key() for whole columns of str: the schema's own functions, over a column.


def fold_column(text: pd.Series) -> pd.Series:
    return pd.Series(fold_all(text.to_numpy(dtype=object)), index=text.index, dtype=object)


def fold_key_column(text: pd.Series) -> pd.Series:
    return pd.Series(fold_keys(text.to_numpy(dtype=object)), index=text.index, dtype=object)


_MISSING_TEXT = frozenset({"", "nan", "NaT", "None", "<NA>"})


def is_blank_value(value: object) -> bool:
    """Whether one raw cell holds nothing: None, NaN, or only white space."""
    if isinstance(value, str):
        return value.strip() in _MISSING_TEXT
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def is_blank(raw: pd.Series) -> np.ndarray:
    """Mask of cells that hold nothing: None, NaN, or only white space."""
    return np.fromiter(map(is_blank_value, raw), dtype=bool, count=len(raw))


def _to_text(value: object) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()[:10]
    return str(value).strip()


def cell_text(value: object) -> str:
    """One raw cell as stripped text; a whole float loses its ".0" (cell 3.0 reads "3")."""
    return value.strip() if type(value) is str else _to_text(value)


def text_cells(raw: pd.Series) -> pd.Series:
    """Raw cells as stripped text (cell_text of each)."""
    return pd.Series([cell_text(value) for value in raw.to_numpy(dtype=object)], index=raw.index, dtype=object)


def parse_text(raw: pd.Series) -> pd.Series:
    text = text_cells(raw)
    return text.astype("string").mask(text.isin(_MISSING_TEXT))


# --- yes / no and vocabularies -----------------------------------------------------------


def flag_word(value: object) -> str:
    """One cell as the word parse_flags looks up: TRUE is "true", 1.0 is "1", " Sí. " is "si"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else str(value)
    return fold(str(value)).strip(" .!")


def parse_flags(raw: pd.Series) -> tuple[pd.Series, list[CellIssue]]:
    """Yes / Sí / X / ✓ / TRUE / 1 → True; No / FALSE / 0 → False; blank or unclear → NA.

    Flag and choice columns are parsed once per distinct cell (column_parsing): few values,
    so a plain loop costs less than whole-column pandas steps, whose fixed cost per column
    was most of the time a small workbook took to read."""
    flags, issues = [], []
    for position, value in enumerate(raw.to_numpy(dtype=object)):
        word = flag_word(value)
        if word in YES_WORDS or word in NO_WORDS:
            flags.append(word in YES_WORDS)
            continue
        flags.append(None)
        if word not in UNKNOWN_WORDS and not is_blank_value(value):
            issues.append(CellIssue(position, f"'{value}' is not yes or no; left empty"))
    return pd.Series(pd.array(flags, dtype="boolean"), index=raw.index), issues


def parse_choice(raw: pd.Series, spec: Field) -> tuple[pd.Series, list[CellIssue]]:
    """One value of the field's vocabulary per cell, recognising its synonyms."""
    lookup = {fold_key(v): v for v in spec.vocabulary} | spec.value_synonyms
    known = ", ".join(spec.vocabulary)
    otherwise = "unknown" if "unknown" in spec.vocabulary else None
    choices, issues = [], []
    for position, value in enumerate(raw.to_numpy(dtype=object)):
        choice = lookup.get(fold_key(value) if isinstance(value, str) else fold_key(flag_word(value)))
        if choice is None and not is_blank_value(value):
            issues.append(CellIssue(position, f"'{value}' is not one of {known}; left empty"))
        choices.append(otherwise if choice is None else choice)
    return pd.Series(pd.array(choices, dtype="string"), index=raw.index), issues


_LIST_SEPARATORS = re.compile(r"[;|\n\r]")
_VOCABULARY_SEPARATORS = re.compile(r"[;|\n\r,&]|\s+(?:and|y)\s+")


def _split_items(text: str, separators: re.Pattern) -> tuple[str, ...]:
    """The items of one stripped cell; most cells hold one item or none."""
    if not text:
        return ()
    if separators is _LIST_SEPARATORS and "|" not in text and "\n" not in text and "\r" not in text:
        pieces = text.split(";")  # the usual "a; b; c", three times faster than the regex
    else:
        pieces = separators.split(text)
    return (text,) if len(pieces) == 1 else tuple(filter(None, map(str.strip, pieces)))


def parse_list(raw: pd.Series, spec: Field) -> tuple[pd.Series, list[CellIssue]]:
    """Several values per cell, split on ";" (and "," for vocabulary fields), as tuples.

    Vocabulary fields (reasons, authority) map synonyms onto the vocabulary; a value
    outside it is kept as written and reported, so nothing the analyst typed is lost.
    """
    text = text_cells(raw)
    text = text.mask(text.isin(_MISSING_TEXT), "")
    separators = _VOCABULARY_SEPARATORS if spec.vocabulary else _LIST_SEPARATORS
    pieces = pd.Series([_split_items(item, separators) for item in text], index=raw.index, dtype=object)
    issues: list[CellIssue] = []
    if not spec.vocabulary:
        return pieces, issues

    # A vocabulary column is parsed once per distinct cell (column_parsing): few values, so
    # plain Python costs less here than whole-column pandas steps.
    lookup = {fold_key(v): v for v in spec.vocabulary} | spec.value_synonyms
    known = ", ".join(spec.vocabulary)
    values = []
    for position, items in enumerate(pieces):
        mapped = []
        for item in items:
            value = lookup.get(fold_key(item))
            if value is None:
                issues.append(CellIssue(position, f"'{item}' is not a known value ({known}); kept as written"))
                value = item
            mapped.append(value)
        values.append(tuple(dict.fromkeys(mapped)))
    return pd.Series(values, index=raw.index, dtype=object), issues
