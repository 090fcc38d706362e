"""What rules need from one frame, built once: folded text, list items, dates, flags.

Rules are evaluated over whole columns; the folded text, list membership and date
arrays they need are built once per frame (`FrameIndex`) and the masks of recent
conditions kept, so that re-evaluating every rule after an edit stays fast on large
workbooks.
"""

from __future__ import annotations

import itertools
import re
import weakref
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from .. import schema
from ..folding import fold, fold_all
from ..schema import FIELDS, JURISDICTIONS, Kind
from .conditions import (
    AFTER, ANY_OF, BEFORE, BETWEEN, CONTAINS, EMPTY, IS, JURISDICTIONS_FIELD, MATCH_ALL, NEGATIONS, NO, NOT_EMPTY,
    YES,
    Condition, Rule, RuleError,
)

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
            positive = NEGATIONS.get(condition.operator)
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

    def condition_unknown(self, condition: Condition) -> np.ndarray | None:
        """Rows where a yes / no condition cannot be decided (the value is not recorded),
        or None for a condition every row decides."""
        if condition.operator not in (YES, NO) or condition.field not in FIELDS:
            return None
        return ~self.known(condition.field)

    def rule_unclear(self, rule: Rule) -> np.ndarray:
        """Rows the rule does not match only because a yes / no value is not recorded: with
        the value known either way, they might match. ("all": every other condition holds;
        "any": no condition holds and one is undecided.)"""
        unknowns = [(c, self.condition_unknown(c)) for c in rule.conditions]
        undecided = [mask for _c, mask in unknowns if mask is not None]
        if not undecided:
            return np.zeros(self.rows, dtype=bool)
        some_undecided = np.logical_or.reduce(undecided)
        if rule.match == MATCH_ALL:
            possible = np.logical_and.reduce([self.condition_mask(c) if unknown is None
                                              else self.condition_mask(c) | unknown for c, unknown in unknowns])
            return possible & some_undecided & ~self.rule_mask(rule)
        return some_undecided & ~self.rule_mask(rule)

    def carried_to(self, frame: pd.DataFrame, columns: frozenset[str], rows: np.ndarray) -> FrameIndex:
        """The index of an edited copy of this frame, without rebuilding it.

        `columns` changed in `rows`; rows past the old end are new (people added). Column
        caches of other columns are kept; each remembered condition mask is recomputed for
        the rows it may have changed in only, from a small index over those rows.
        """
        index = FrameIndex(frame)
        if index.rows == self.rows:
            index._cache = {key: value for key, value in self._cache.items() if key[1] not in columns}
        rows = np.asarray(rows, dtype=np.int64)
        touched = rows[rows < index.rows]
        added = np.arange(self.rows, index.rows, dtype=np.int64)
        small_rows = np.union1d(touched, added)
        small = FrameIndex(frame.iloc[small_rows].reset_index(drop=True)) if len(small_rows) else None
        for condition, mask in self._masks.items():
            patch = small_rows if _condition_columns(condition) & columns else added
            if index.rows == self.rows and not len(patch):
                index._masks[condition] = mask
                continue
            resized = np.zeros(index.rows, dtype=bool)
            resized[:min(self.rows, index.rows)] = mask[:index.rows]
            if len(patch):
                resized[patch] = small.condition_mask(condition)[np.searchsorted(small_rows, patch)]
            resized.flags.writeable = False
            index._masks[condition] = resized
        return index

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


def _condition_columns(condition: Condition) -> set[str]:
    """The frame columns a condition reads."""
    if condition.field == JURISDICTIONS_FIELD:
        return {j.name for j in JURISDICTIONS}
    spec = FIELDS.get(condition.field)
    if spec is not None and spec.kind is Kind.JURISDICTION:
        return {spec.name, spec.date_column}
    return {condition.field}


_last_index: tuple[weakref.ref, FrameIndex] | None = None


def frame_index(frame: pd.DataFrame) -> FrameIndex:
    """The index of this frame, reused while the same frame object is evaluated again."""
    global _last_index
    if _last_index is not None and _last_index[0]() is frame and _last_index[1].rows == len(frame):
        return _last_index[1]
    index = FrameIndex(frame)
    _last_index = (weakref.ref(frame), index)
    return index


def carry_index(old: pd.DataFrame, new: pd.DataFrame, columns: frozenset[str], rows: np.ndarray) -> None:
    """Let the next evaluation of `new`, an edited copy of `old`, start from old's index."""
    global _last_index
    if _last_index is None or _last_index[0]() is not old:
        return
    _last_index = (weakref.ref(new), _last_index[1].carried_to(new, frozenset(columns), rows))
