"""Highlighting rules: named, coloured sets of conditions over the canonical fields.

A rule such as "Former commander sanctioned for corruption" is a list of conditions
(field, operator, value) joined by "all" or "any". Rules are ordered: a row takes the
colour of the first enabled rule it matches, and its tooltip lists every rule it
matches. Rules are evaluated over whole columns; the folded text, list membership and
date arrays they need are built once per frame (`FrameIndex`) so that re-evaluating
every rule after an edit stays fast on large workbooks.

Rule sets are stored as small JSON files (see docs/rules.md) that staff can share; a
file with a mistake is refused whole with one message naming the rule and condition.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import re
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import schema
from .atomic import write_atomically
from .columns import ALSO_SANCTIONED_BY, column_label
from .paths import PRESET_RULES
from .schema import FIELDS, JURISDICTIONS, Kind, fold, fold_all, fold_key

RULE_FILE_VERSION = 1

# A field that is not a column of the frame: "also sanctioned by" across all the
# jurisdiction columns. Its values are jurisdiction field names ("canada", "eu", ...).
JURISDICTIONS_FIELD = ALSO_SANCTIONED_BY

IS, IS_NOT = "is", "is not"
CONTAINS, NOT_CONTAINS = "contains", "does not contain"
ANY_OF, NONE_OF = "any of", "none of"
BEFORE, AFTER, BETWEEN = "before", "after", "between"
EMPTY, NOT_EMPTY = "is empty", "is not empty"
YES, NO = "yes", "no"
OPERATORS = (IS, IS_NOT, CONTAINS, NOT_CONTAINS, ANY_OF, NONE_OF, BEFORE, AFTER, BETWEEN,
             EMPTY, NOT_EMPTY, YES, NO)

_TEXT_OPERATORS = (IS, IS_NOT, CONTAINS, NOT_CONTAINS, ANY_OF, NONE_OF, EMPTY, NOT_EMPTY)
OPERATORS_BY_KIND: dict[Kind, tuple[str, ...]] = {
    Kind.TEXT: _TEXT_OPERATORS,
    Kind.LIST: _TEXT_OPERATORS,
    Kind.CHOICE: (IS, IS_NOT, ANY_OF, NONE_OF, EMPTY, NOT_EMPTY),
    Kind.DATE: (IS, IS_NOT, BEFORE, AFTER, BETWEEN, EMPTY, NOT_EMPTY),
    Kind.FLAG: (YES, NO, EMPTY, NOT_EMPTY),
    Kind.JURISDICTION: (YES, NO, BEFORE, AFTER, BETWEEN),
}
JURISDICTIONS_OPERATORS = (ANY_OF, NONE_OF, CONTAINS, EMPTY, NOT_EMPTY)

_VALUELESS = (EMPTY, NOT_EMPTY, YES, NO)
_LIST_VALUED = (ANY_OF, NONE_OF)
_DATE_VALUED = (BEFORE, AFTER, BETWEEN)
_NEGATIONS = {IS_NOT: IS, NOT_CONTAINS: CONTAINS, NONE_OF: ANY_OF, NOT_EMPTY: EMPTY}
_DATE_WORDS = {IS: "is", IS_NOT: "is not", BEFORE: "is before", AFTER: "is after"}
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
MATCH_ALL, MATCH_ANY = "all", "any"


class RuleError(ValueError):
    """A rule or condition that cannot be built; the message is a plain sentence."""


class RuleFileError(Exception):
    """A rule file that could not be read or saved; nothing from it was loaded."""


# --- fields and operators ----------------------------------------------------------------


def rule_fields() -> tuple[str, ...]:
    """Every field a condition can test, in schema order, then "jurisdictions"."""
    return (*schema.FIELD_NAMES, JURISDICTIONS_FIELD)


field_label = column_label


def operators_for(field_name: str) -> tuple[str, ...]:
    """The operators that make sense for a field, in the order a picker shows them."""
    if field_name == JURISDICTIONS_FIELD:
        return JURISDICTIONS_OPERATORS
    if not isinstance(field_name, str) or field_name not in FIELDS:
        raise RuleError(f"'{field_name}' is not a field rules can use. "
                        f"Fields: {', '.join(rule_fields())}")
    return OPERATORS_BY_KIND[FIELDS[field_name].kind]


def _jurisdiction_names() -> dict[str, str]:
    """Folded spelling -> jurisdiction field name ("EU", "European Union" -> "eu")."""
    return {fold_key(spelling): j.name for j in JURISDICTIONS for spelling in (j.name, j.label, *j.aliases)}


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise RuleError(f"{value!r} is not a date written YYYY-MM-DD (for example 2017-01-20)")


def _as_texts(value: object, operator: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not all(isinstance(item, str) for item in items):
        raise RuleError(f"'{operator}' needs a list of words, for example [\"corruption\", \"narcotics\"]")
    texts = tuple(item.strip() for item in items if item.strip())
    if not texts:
        raise RuleError(f"'{operator}' needs at least one value")
    return texts


def _as_text(value: object, operator: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RuleError(f"'{operator}' needs a word or phrase to compare with")
    return value.strip()


def _canonical_choice(spec: schema.Field, text: str) -> str:
    """A vocabulary value from any spelling the reader accepts ("Activo" -> "active")."""
    lookup = {fold_key(v): v for v in spec.vocabulary} | spec.value_synonyms
    if fold_key(text) not in lookup:
        raise RuleError(f"'{text}' is not one of {', '.join(spec.vocabulary)}")
    return lookup[fold_key(text)]


def _normalise_value(field_name: str, operator: str, value: object) -> object:
    """The condition's value in one canonical shape, or RuleError saying what is wrong."""
    if operator in _VALUELESS:
        return None
    if field_name == JURISDICTIONS_FIELD:
        known = _jurisdiction_names()
        names = _as_texts(value, operator)
        unknown = [n for n in names if fold_key(n) not in known]
        if unknown:
            raise RuleError(f"'{unknown[0]}' is not a jurisdiction; use "
                            f"{', '.join(j.name for j in JURISDICTIONS)}")
        return tuple(dict.fromkeys(known[fold_key(n)] for n in names))
    spec = FIELDS[field_name]
    if operator == BETWEEN:
        if not isinstance(value, (list, tuple)) or len(value) != 2:
            raise RuleError("'between' needs two dates, for example [\"2017-01-20\", \"2021-01-19\"]")
        start, end = _as_date(value[0]), _as_date(value[1])
        if start > end:
            raise RuleError(f"the first date ({start}) is after the second ({end})")
        return (start, end)
    if spec.kind in (Kind.DATE, Kind.JURISDICTION):
        return _as_date(value)
    if operator in _LIST_VALUED:
        texts = _as_texts(value, operator)
    else:
        texts = (_as_text(value, operator),)
    if spec.kind is Kind.CHOICE:
        texts = tuple(_canonical_choice(spec, t) for t in texts)
    elif spec.vocabulary:  # a list field with a vocabulary keeps unknown items as written
        lookup = {fold_key(v): v for v in spec.vocabulary} | spec.value_synonyms
        texts = tuple(lookup.get(fold_key(t), t) for t in texts)
    return texts if operator in _LIST_VALUED else texts[0]


# --- conditions and rules ----------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    """One test on one field, e.g. Condition("reasons", "is", "corruption").

    Values: a string for is / is not / contains / does not contain; a list of strings
    for any of / none of (and for every "jurisdictions" operator that takes a value);
    a date (or "YYYY-MM-DD") for is / is not / before / after on dates; two dates for
    between (both days included); nothing for is empty / is not empty / yes / no.
    The value is stored normalised (dates as datetime.date, lists as tuples, choice
    values in their vocabulary spelling) so equal conditions compare equal.
    """

    field: str
    operator: str
    value: object = None

    def __post_init__(self) -> None:
        allowed = operators_for(self.field)
        if self.operator not in allowed:
            what = "is not an operator" if self.operator not in OPERATORS else \
                f"cannot be used on {field_label(self.field)}"
            raise RuleError(f"'{self.operator}' {what}; use one of: {', '.join(allowed)}")
        object.__setattr__(self, "value", _normalise_value(self.field, self.operator, self.value))

    def describe(self) -> str:
        """The condition in plain words: "Reasons include corruption"."""
        if self.field == JURISDICTIONS_FIELD:
            return _describe_jurisdictions(self.operator, self.value)
        spec = FIELDS[self.field]
        subject = spec.label
        plural = subject.endswith("s")
        be, contain = ("are", "contain") if plural else ("is", "contains")
        if spec.kind is Kind.FLAG:
            return {YES: f"{subject} is yes", NO: f"{subject} is no",
                    EMPTY: f"{subject} is unknown", NOT_EMPTY: f"{subject} is known"}[self.operator]
        if spec.kind is Kind.JURISDICTION:
            if self.operator in (YES, NO):
                return f"{'Sanctioned' if self.operator == YES else 'Not sanctioned'} by {subject}"
            subject, be = schema.label(spec.date_column), "is"
        if self.operator == EMPTY:
            return f"{subject} {be} empty"
        if self.operator == NOT_EMPTY:
            return f"{subject} {be} not empty"
        if spec.kind in (Kind.DATE, Kind.JURISDICTION):
            if self.operator == BETWEEN:
                return f"{subject} is between {self.value[0]} and {self.value[1]}"
            return f"{subject} {_DATE_WORDS[self.operator]} {self.value}"
        shown = _show_values(spec, self.value)
        if spec.kind is Kind.LIST:
            include, do = ("include", "do") if plural else ("includes", "does")
            return {
                IS: f"{subject} {include} {shown}",
                IS_NOT: f"{subject} {do} not include {shown}",
                CONTAINS: f"{subject} {include} an entry containing {shown}",
                NOT_CONTAINS: f"{subject} {include} no entry containing {shown}",
                ANY_OF: f"{subject} {include} any of {shown}",
                NONE_OF: f"{subject} {include} none of {shown}",
            }[self.operator]
        return {
            IS: f"{subject} {be} {shown}",
            IS_NOT: f"{subject} {be} not {shown}",
            CONTAINS: f"{subject} {contain} {shown}",
            NOT_CONTAINS: f"{subject} {'do' if plural else 'does'} not contain {shown}",
            ANY_OF: f"{subject} {be} one of {shown}",
            NONE_OF: f"{subject} {be} none of {shown}",
        }[self.operator]

    def to_json(self) -> dict:
        entry: dict = {"field": self.field, "operator": self.operator}
        if self.value is not None:
            entry["value"] = _json_value(self.value)
        return entry


def _show_values(spec: schema.Field, value: object) -> str:
    """Vocabulary values as they are; free text in quotes, so spaces and case show."""
    values = value if isinstance(value, tuple) else (value,)
    shown = [v if v in spec.vocabulary else f"“{v}”" for v in values]
    return ", ".join(shown)


def _describe_jurisdictions(operator: str, names: tuple[str, ...] | None) -> str:
    if operator == EMPTY:
        return "Sanctioned by no jurisdiction besides the U.S."
    if operator == NOT_EMPTY:
        return "Sanctioned by at least one jurisdiction besides the U.S."
    labels = [FIELDS[n].label for n in names]
    if len(labels) == 1:
        return f"{'Not sanctioned' if operator == NONE_OF else 'Sanctioned'} by {labels[0]}"
    joined = ", ".join(labels[:-1])
    return {ANY_OF: f"Sanctioned by {joined} or {labels[-1]}",
            NONE_OF: f"Sanctioned by neither {joined} nor {labels[-1]}",
            CONTAINS: f"Sanctioned by {joined} and {labels[-1]}"}[operator]


def _json_value(value: object) -> object:
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class Rule:
    """A named, coloured set of conditions; `match` says whether all or any must hold.

    `description` is the author's own note (why the rule exists, its caveats);
    `describe()` is the conditions in plain words. A rule without conditions matches
    nobody, so a rule being drafted never paints the whole table.
    """

    name: str
    colour: str
    enabled: bool = True
    match: str = MATCH_ALL
    conditions: tuple[Condition, ...] = ()
    description: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise RuleError("a rule needs a name")
        if not isinstance(self.colour, str) or not _COLOUR.fullmatch(self.colour):
            raise RuleError(f"colour {self.colour!r} is not written #RRGGBB (for example #FFFF00)")
        if self.match not in (MATCH_ALL, MATCH_ANY):
            raise RuleError(f"match {self.match!r} must be \"all\" or \"any\"")
        if not isinstance(self.enabled, bool):
            raise RuleError(f"enabled {self.enabled!r} must be true or false")
        object.__setattr__(self, "name", self.name.strip())
        object.__setattr__(self, "colour", self.colour.upper())
        object.__setattr__(self, "conditions", tuple(self.conditions))

    def describe(self) -> str:
        """The rule in plain words, e.g. "Former commander is yes and Reasons include corruption"."""
        if not self.conditions:
            return "No conditions yet (matches nobody)"
        joiner = " and " if self.match == MATCH_ALL else " or "
        return joiner.join(c.describe() for c in self.conditions)

    def to_json(self) -> dict:
        entry: dict = {"name": self.name, "colour": self.colour, "enabled": self.enabled,
                       "match": self.match}
        if self.description:
            entry["description"] = self.description
        entry["conditions"] = [c.to_json() for c in self.conditions]
        return entry


# --- per-frame caches ------------------------------------------------------------------


class _FoldedValues:
    """Distinct folded strings of a column (or of its list items) and a code per entry.

    Conditions are decided once per distinct value, then spread to rows through the
    codes, so a column of 200,000 cells holding 300 distinct institutions costs 300
    comparisons. Code -1 (empty) indexes the extra False slot at the end of every hit table.
    """

    # Above this many distinct values, substring search scans one joined string in C
    # instead of testing each value in Python.
    SCAN_FROM = 5000

    def __init__(self, values: Sequence[object]):
        raw_codes, raw_uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=True)
        # Cells that fold to nothing (only spaces) count as empty.
        folded_codes, folded = pd.factorize(np.array([v or None for v in fold_all(raw_uniques)], dtype=object))
        self.uniques: list[str] = list(folded)
        lookup = np.append(folded_codes, -1)
        self.codes = lookup[raw_codes].astype(np.int64)
        self._index = {text: i for i, text in enumerate(self.uniques)}
        self._joined: tuple[str, np.ndarray] | None = None

    def hits_equal(self, texts: Iterable[str]) -> np.ndarray:
        hits = np.zeros(len(self.uniques) + 1, dtype=bool)
        found = [self._index[t] for t in map(fold, texts) if t in self._index]
        hits[found] = True
        return hits

    def hits_containing(self, text: str) -> np.ndarray:
        needle = fold(text)
        hits = np.zeros(len(self.uniques) + 1, dtype=bool)
        if len(self.uniques) < self.SCAN_FROM:
            hits[:-1] = [needle in value for value in self.uniques]
            return hits
        joined, starts = self._joined_text()
        occurrences = joined.count(needle)
        if occurrences > len(self.uniques) // 4:  # common needle: one test per value is cheaper
            hits[:-1] = [needle in value for value in self.uniques]
        elif occurrences:
            positions = np.fromiter((m.start() for m in re.finditer(re.escape(needle), joined)),
                                    dtype=np.int64, count=occurrences)
            hits[np.searchsorted(starts, positions, side="right") - 1] = True
        return hits

    def _joined_text(self) -> tuple[str, np.ndarray]:
        """All values in one string, "\\0"-separated (fold never yields "\\0"), and their starts."""
        if self._joined is None:
            lengths = np.fromiter(map(len, self.uniques), dtype=np.int64, count=len(self.uniques))
            starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
            self._joined = ("\0".join(self.uniques), starts)
        return self._joined


class _ListColumn:
    """A list column exploded once: every item with the row it belongs to."""

    def __init__(self, column: pd.Series):
        cells = [cell if isinstance(cell, tuple) else () for cell in column]
        self.lengths = np.fromiter(map(len, cells), dtype=np.int64, count=len(cells))
        self.item_rows = np.repeat(np.arange(len(cells)), self.lengths)
        self.items = _FoldedValues(list(itertools.chain.from_iterable(cells)))
        self.rows = len(cells)

    def rows_with(self, item_hits: np.ndarray) -> np.ndarray:
        mask = np.zeros(self.rows, dtype=bool)
        mask[self.item_rows[item_hits[self.items.codes]]] = True
        return mask


class FrameIndex:
    """What rules need from one frame, built on first use and kept for the frame's life.

    The frame is treated as read-only: a new load gives a new frame and a new index.
    """

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self.rows = len(frame)
        self._cache: dict[tuple[str, str], object] = {}
        self._masks: dict[Condition, np.ndarray] = {}

    def _cached(self, kind: str, column: str, build):
        key = (kind, column)
        if key not in self._cache:
            if column not in self.frame.columns:
                raise RuleError(f"the data has no column '{column}' ({schema.label(column)})")
            self._cache[key] = build(self.frame[column])
        return self._cache[key]

    def text(self, column: str) -> _FoldedValues:
        return self._cached("text", column, lambda s: _FoldedValues(s.to_numpy(dtype=object, na_value=None)))

    def items(self, column: str) -> _ListColumn:
        return self._cached("list", column, _ListColumn)

    def days(self, column: str) -> np.ndarray:
        return self._cached("date", column, lambda s: s.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]"))

    def flag(self, column: str, value: bool) -> np.ndarray:
        return self._cached(f"flag {value}", column, lambda s: s.eq(value).to_numpy(dtype=bool, na_value=False))

    def known(self, column: str) -> np.ndarray:
        return self._cached("known", column, lambda s: s.notna().to_numpy())

    # Masks of recent conditions are kept: after an edit only the edited condition is new.
    REMEMBERED_CONDITIONS = 128

    def condition_mask(self, condition: Condition) -> np.ndarray:
        """Rows meeting the condition (read-only). Negative operators are the exact complement
        of their positive twin, so "is not Trump" includes rows whose administration is empty."""
        mask = self._masks.get(condition)
        if mask is None:
            positive = _NEGATIONS.get(condition.operator)
            if positive is not None:
                mask = ~self._positive_mask(condition.field, positive, condition.value)
            else:
                mask = self._positive_mask(condition.field, condition.operator, condition.value).copy()
            mask.flags.writeable = False
            if len(self._masks) >= self.REMEMBERED_CONDITIONS:
                del self._masks[next(iter(self._masks))]
            self._masks[condition] = mask
        return mask

    def rule_mask(self, rule: Rule) -> np.ndarray:
        if not rule.conditions:
            return np.zeros(self.rows, dtype=bool)
        masks = (self.condition_mask(c) for c in rule.conditions)
        combine = np.logical_and if rule.match == MATCH_ALL else np.logical_or
        return combine.reduce(list(masks))

    def _positive_mask(self, field_name: str, operator: str, value: object) -> np.ndarray:
        if field_name == JURISDICTIONS_FIELD:
            return self._jurisdictions_mask(operator, value)
        spec = FIELDS[field_name]
        if spec.kind is Kind.FLAG:
            if operator == EMPTY:
                return ~self.known(field_name)
            return self.flag(field_name, operator == YES)
        if spec.kind is Kind.JURISDICTION:
            if operator in (YES, NO):
                return self.flag(field_name, operator == YES)
            return _date_mask(self.days(spec.date_column), operator, value)
        if spec.kind is Kind.DATE:
            return _date_mask(self.days(field_name), operator, value)
        if spec.kind is Kind.LIST:
            column = self.items(field_name)
            if operator == EMPTY:
                return column.lengths == 0
            return column.rows_with(_hits(column.items, operator, value))
        values = self.text(field_name)
        if operator == EMPTY:
            return values.codes < 0
        return _hits(values, operator, value)[values.codes]

    def _jurisdictions_mask(self, operator: str, names: tuple[str, ...] | None) -> np.ndarray:
        if operator in (EMPTY, NOT_EMPTY):
            names = tuple(j.name for j in JURISDICTIONS)
        stacked = np.vstack([self.flag(name, True) for name in names])
        if operator == CONTAINS:
            return stacked.all(axis=0)
        return ~stacked.any(axis=0) if operator == EMPTY else stacked.any(axis=0)


def _hits(values: _FoldedValues, operator: str, value: object) -> np.ndarray:
    if operator == CONTAINS:
        return values.hits_containing(value)
    return values.hits_equal(value if operator == ANY_OF else (value,))


def _date_mask(days: np.ndarray, operator: str, value: object) -> np.ndarray:
    if operator == EMPTY:
        return np.isnat(days)
    if operator == BETWEEN:
        start, end = (np.datetime64(d, "D") for d in value)
        return (days >= start) & (days <= end)
    day = np.datetime64(value, "D")
    return {IS: days == day, BEFORE: days < day, AFTER: days > day}[operator]


_last_index: tuple[weakref.ref, FrameIndex] | None = None


def frame_index(frame: pd.DataFrame) -> FrameIndex:
    """The index of this frame, reused while the same frame object is evaluated again."""
    global _last_index
    if _last_index is not None and _last_index[0]() is frame and _last_index[1].rows == len(frame):
        return _last_index[1]
    index = FrameIndex(frame)
    _last_index = (weakref.ref(frame), index)
    return index


# --- evaluation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleMatches:
    """Which rows each rule matches, and the colour each row takes.

    `masks[i]` is rule i's boolean mask over the frame's rows (positions, not labels),
    computed for disabled rules too so the sidebar can show their counts.
    `colour_index[row]` is the position of the first ENABLED rule the row matches, or -1;
    `colours[row]` is that rule's "#RRGGBB", or None.
    """

    rules: tuple[Rule, ...]
    masks: np.ndarray  # shape (len(rules), rows), bool
    colour_index: np.ndarray  # shape (rows,), int
    colours: np.ndarray  # shape (rows,), object: "#RRGGBB" or None

    def counts(self) -> list[int]:
        """How many rows each rule matches, in rule order."""
        return [int(n) for n in self.masks.sum(axis=1)]

    def rules_for_row(self, row: int) -> list[Rule]:
        """Every enabled rule the row (a position in the frame) matches, in rule order."""
        return [rule for rule, mask in zip(self.rules, self.masks) if rule.enabled and mask[row]]


def evaluate(frame: pd.DataFrame, rules: Sequence[Rule]) -> RuleMatches:
    """Evaluate every rule over the whole frame; rows take the first enabled match's colour."""
    index = frame_index(frame)
    rules = tuple(rules)
    masks = np.zeros((len(rules), index.rows), dtype=bool)
    for i, rule in enumerate(rules):
        masks[i] = index.rule_mask(rule)
    enabled = np.array([rule.enabled for rule in rules], dtype=bool)
    colouring = masks & enabled[:, None]
    first = colouring.argmax(axis=0) if rules else np.zeros(index.rows, dtype=np.int64)
    colour_index = np.where(colouring.any(axis=0), first, -1)
    palette = np.array([rule.colour for rule in rules] + [None], dtype=object)
    return RuleMatches(rules, masks, colour_index, palette[colour_index])


def rule_mask(frame: pd.DataFrame, rule: Rule) -> np.ndarray:
    """One rule's mask, for a live "N people match" preview while the rule is edited."""
    return frame_index(frame).rule_mask(rule)


# --- values offered to pickers -----------------------------------------------------------


def field_values(frame: pd.DataFrame, field_name: str) -> list[tuple[str, int]]:
    """Values present in a text, choice, list or "jurisdictions" field with their row
    counts, most common first, for the rule editor's pickers."""
    if field_name == JURISDICTIONS_FIELD:
        counts = [(j.name, int(frame[j.name].fillna(False).sum())) for j in JURISDICTIONS]
        return sorted(((n, c) for n, c in counts if c), key=lambda nc: -nc[1])
    kind = FIELDS[field_name].kind if field_name in FIELDS else None
    if kind not in (Kind.TEXT, Kind.CHOICE, Kind.LIST):
        raise RuleError(f"{field_label(field_name)} has no list of values to pick from")
    column = frame[field_name]
    if kind is Kind.LIST:  # an item counts once per row even if a cell repeats it
        column = column.map(lambda cell: tuple(dict.fromkeys(cell)) if isinstance(cell, tuple) else ())
        column = column.explode().dropna()
    counts = column.dropna().astype(str).str.strip().value_counts()
    counts = counts[counts.index != ""]
    return sorted(((str(v), int(c)) for v, c in counts.items()), key=lambda vc: (-vc[1], fold(vc[0])))


# --- rule files ----------------------------------------------------------------------------

_RULE_KEYS = ("name", "colour", "enabled", "match", "description", "conditions")
_CONDITION_KEYS = ("field", "operator", "value")


def rules_to_json(rules: Iterable[Rule]) -> dict:
    return {"version": RULE_FILE_VERSION, "rules": [rule.to_json() for rule in rules]}


def _check_keys(entry: object, allowed: tuple[str, ...], required: tuple[str, ...], what: str) -> dict:
    if not isinstance(entry, dict):
        raise RuleError(f"{what} must be a JSON object {{...}}")
    unknown = [key for key in entry if key not in allowed]
    if unknown:
        raise RuleError(f"unknown key '{unknown[0]}' (allowed: {', '.join(allowed)})")
    missing = [key for key in required if key not in entry]
    if missing:
        raise RuleError(f"'{missing[0]}' is missing")
    return entry


def _condition_from_json(entry: object) -> Condition:
    entry = _check_keys(entry, _CONDITION_KEYS, ("field", "operator"), "a condition")
    return Condition(entry["field"], entry["operator"], entry.get("value"))


def _rule_from_json(entry: object, number: int) -> Rule:
    name = entry.get("name") if isinstance(entry, dict) else None
    place = f"rule {number} (“{name.strip()}”)" if isinstance(name, str) and name.strip() else f"rule {number}"
    try:
        entry = _check_keys(entry, _RULE_KEYS, ("name", "colour", "conditions"), "a rule")
        if not isinstance(entry["conditions"], list):
            raise RuleError("'conditions' must be a list [...]")
        conditions = []
        for position, condition in enumerate(entry["conditions"], start=1):
            try:
                conditions.append(_condition_from_json(condition))
            except RuleError as error:
                field_name = condition.get("field") if isinstance(condition, dict) else None
                about = f" (field '{field_name}')" if isinstance(field_name, str) else ""
                raise RuleError(f"condition {position}{about}: {error}") from None
        description = entry.get("description", "")
        if not isinstance(description, str):
            raise RuleError("'description' must be text")
        return Rule(entry["name"], entry["colour"], entry.get("enabled", True),
                    entry.get("match", MATCH_ALL), tuple(conditions), description)
    except RuleError as error:
        raise RuleError(f"{place}: {error}") from None


def rules_from_json(data: object) -> list[Rule]:
    """Rules from a parsed rule file; RuleError names the first rule and condition at fault."""
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RuleError('the file must be a JSON object with a "rules" list: {"version": 1, "rules": [...]}')
    version = data.get("version", RULE_FILE_VERSION)
    if version != RULE_FILE_VERSION:
        raise RuleError(f"it is rule file version {version!r}; this app reads version {RULE_FILE_VERSION}")
    return [_rule_from_json(entry, number) for number, entry in enumerate(data["rules"], start=1)]


def load_rules(path: str | os.PathLike) -> list[Rule]:
    """Every rule in a rule file, or RuleFileError and nothing at all."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise RuleFileError(f"Could not read the rule file '{path.name}': {reason}.") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise RuleFileError(f"The rule file '{path.name}' is not valid JSON: line {error.lineno}, "
                            f"column {error.colno}: {error.msg}.") from None
    try:
        return rules_from_json(data)
    except RuleError as error:
        raise RuleFileError(f"The rule file '{path.name}' was not loaded: {error}.") from None


def save_rules(path: str | os.PathLike, rules: Iterable[Rule]) -> None:
    """Write a rule file atomically: a reader never sees half a file."""
    path = Path(path)
    text = json.dumps(rules_to_json(rules), ensure_ascii=False, indent=2) + "\n"
    try:
        write_atomically(path, text.encode("utf-8"))
    except OSError as error:
        raise _save_error(path, error) from None


def _save_error(path: Path, error: OSError) -> RuleFileError:
    return RuleFileError(f"Could not save the rule file '{path.name}': {error.strerror or error}.")


def load_presets(folder: str | os.PathLike = PRESET_RULES) -> list[Rule]:
    """The shipped rules, one per file, in file-name order."""
    rules: list[Rule] = []
    for path in sorted(Path(folder).glob("*.json")):
        rules.extend(load_rules(path))
    return rules
