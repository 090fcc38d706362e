"""Conditions and rules: what a highlighting rule says, checked and in plain words.

A rule such as "Former commander sanctioned for corruption" is a list of conditions
(field, operator, value) joined by "all" or "any". Values are normalised when a
condition is made, so two conditions that mean the same compare equal; a value that
cannot be used raises RuleError with a plain sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .. import schema
from ..columns import ALSO_SANCTIONED_BY, column_label
from ..folding import fold_key
from ..schema import FIELDS, JURISDICTIONS, Kind

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
NEGATIONS = {IS_NOT: IS, NOT_CONTAINS: CONTAINS, NONE_OF: ANY_OF, NOT_EMPTY: EMPTY}
_DATE_WORDS = {IS: "is", IS_NOT: "is not", BEFORE: "is before", AFTER: "is after"}
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
MATCH_ALL, MATCH_ANY = "all", "any"


class RuleError(ValueError):
    """A rule or condition that cannot be built; the message is a plain sentence."""


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


def as_date(value: object) -> dt.date:
    """A date from a rule file ("YYYY-MM-DD") or a date object, else RuleError."""
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
        start, end = as_date(value[0]), as_date(value[1])
        if start > end:
            raise RuleError(f"the first date ({start}) is after the second ({end})")
        return (start, end)
    if spec.kind in (Kind.DATE, Kind.JURISDICTION):
        return as_date(value)
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
