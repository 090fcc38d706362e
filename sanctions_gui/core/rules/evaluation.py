"""Evaluating rules: which rows each rule matches, which it cannot decide, and each row's colour."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..folding import fold
from ..schema import FIELDS, JURISDICTIONS, Kind
from .conditions import JURISDICTIONS_FIELD, Rule, RuleError, field_label
from .index import frame_index


@dataclass(frozen=True)
class RuleMatches:
    """Which rows each rule matches, and the colour each row takes.

    `masks[i]` is rule i's boolean mask over the frame's rows (positions, not labels),
    computed for disabled rules too so the sidebar can show their counts. `unclear[i]`
    marks the rows rule i leaves out only because a yes / no value is not recorded.
    `colour_index[row]` is the position of the first ENABLED rule the row matches, or -1;
    `colours[row]` is that rule's "#RRGGBB", or None.
    """

    rules: tuple[Rule, ...]
    masks: np.ndarray  # shape (len(rules), rows), bool
    unclear: np.ndarray  # shape (len(rules), rows), bool
    colour_index: np.ndarray  # shape (rows,), int
    colours: np.ndarray  # shape (rows,), object: "#RRGGBB" or None

    def counts(self, within: np.ndarray | None = None) -> list[int]:
        """How many rows each rule matches, in rule order (only rows `within`, if given)."""
        masks = self.masks if within is None else self.masks & within
        return [int(n) for n in masks.sum(axis=1)]

    def unclear_counts(self, within: np.ndarray | None = None) -> list[int]:
        """How many rows each rule cannot decide, in rule order (only rows `within`, if given)."""
        unclear = self.unclear if within is None else self.unclear & within
        return [int(n) for n in unclear.sum(axis=1)]

    def rules_for_row(self, row: int) -> list[Rule]:
        """Every enabled rule the row (a position in the frame) matches, in rule order."""
        return [rule for rule, mask in zip(self.rules, self.masks) if rule.enabled and mask[row]]


def evaluate(frame: pd.DataFrame, rules: Sequence[Rule], excluded: np.ndarray | None = None) -> RuleMatches:
    """Evaluate every rule over the whole frame; rows take the first enabled match's colour.

    Rows where `excluded` is true (people removed from a working copy) match no rule."""
    index = frame_index(frame)
    rules = tuple(rules)
    masks = np.zeros((len(rules), index.rows), dtype=bool)
    unclear = np.zeros((len(rules), index.rows), dtype=bool)
    for i, rule in enumerate(rules):
        masks[i] = index.rule_mask(rule)
        unclear[i] = index.rule_unclear(rule)
    if excluded is not None and excluded.any():
        masks &= ~excluded
        unclear &= ~excluded
    enabled = np.array([rule.enabled for rule in rules], dtype=bool)
    colouring = masks & enabled[:, None]
    first = colouring.argmax(axis=0) if rules else np.zeros(index.rows, dtype=np.int64)
    colour_index = np.where(colouring.any(axis=0), first, -1)
    palette = np.array([rule.colour for rule in rules] + [None], dtype=object)
    return RuleMatches(rules, masks, unclear, colour_index, palette[colour_index])


def rule_mask(frame: pd.DataFrame, rule: Rule) -> np.ndarray:
    """One rule's mask, for a live "N people match" preview while the rule is edited."""
    return frame_index(frame).rule_mask(rule)


def unclear_mask(frame: pd.DataFrame, rule: Rule) -> np.ndarray:
    """The rows one rule cannot decide, for a live "K unclear" beside "N match"."""
    return frame_index(frame).rule_unclear(rule)


def match_summary(matched: int, unclear: int, in_all: int | None = None) -> str:
    """ "4 match, 5 unclear", or "4 match" when every row is decided; with `in_all` (the
    matches in the whole workbook, when the table shows fewer people) "4 match, 5 unclear
    · 61 in all", so a count of the people shown is never taken for the workbook's."""
    text = f"{matched:,} match" + (f", {unclear:,} unclear" if unclear else "")
    return text + (f" \u00b7 {in_all:,} in all" if in_all is not None and in_all != matched else "")


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
