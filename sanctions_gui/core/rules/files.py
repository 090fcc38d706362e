"""Rule files: small JSON files (docs/rules.md) that staff share, and the shipped presets.

A file holds rules and, optionally, a name and a view (views.py: the sheet and the last
designation day the set counts); read together they are a `RuleSet`. A file with a
mistake is refused whole with one message naming the rule and condition. The shipped
presets are single rules, one file each, plus rule sets: the files that carry a view.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..atomic import write_atomically
from ..paths import PRESET_RULES
from .conditions import MATCH_ALL, Condition, Rule, RuleError
from .views import RuleView, view_from_json

RULE_FILE_VERSION = 1


class RuleFileError(Exception):
    """A rule file that could not be read or saved; nothing from it was loaded."""


_FILE_KEYS = ("version", "name", "view", "rules")
_RULE_KEYS = ("name", "colour", "enabled", "match", "description", "conditions")
_CONDITION_KEYS = ("field", "operator", "value")


@dataclass(frozen=True)
class RuleSet:
    """What one rule file holds: its rules, in order, the view it opens with, and its name."""

    rules: tuple[Rule, ...]
    view: RuleView | None = None
    name: str = ""

    def describe(self) -> str:
        """"Post-E.O. 13692 sheet, designated on or before 2018-09-08; 1 rule: Onetime commander …"."""
        names = "; ".join(rule.name for rule in self.rules)
        rules = f"{len(self.rules)} rule{'s' if len(self.rules) != 1 else ''}" + (f": {names}" if names else "")
        view = self.view.describe() if self.view is not None else ""
        text = f"{view}; {rules}" if view else rules
        return text[:1].upper() + text[1:]


def rules_to_json(rules: Iterable[Rule], view: RuleView | None = None, name: str = "") -> dict:
    data: dict = {"version": RULE_FILE_VERSION}
    if name:
        data["name"] = name
    if view is not None:
        data["view"] = view.to_json()
    data["rules"] = [rule.to_json() for rule in rules]
    return data


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


def rule_set_from_json(data: object) -> RuleSet:
    """A parsed rule file; RuleError names the first rule and condition (or the view) at fault."""
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RuleError('the file must be a JSON object with a "rules" list: {"version": 1, "rules": [...]}')
    version = data.get("version", RULE_FILE_VERSION)
    if version != RULE_FILE_VERSION:
        raise RuleError(f"it is rule file version {version!r}; this app reads version {RULE_FILE_VERSION}")
    unknown = [key for key in data if key not in _FILE_KEYS]
    if unknown:
        raise RuleError(f"unknown key '{unknown[0]}' at the top of the file (allowed: {', '.join(_FILE_KEYS)})")
    name = data.get("name", "")
    if not isinstance(name, str):
        raise RuleError("'name' must be text")
    view = view_from_json(data["view"]) if "view" in data else None
    rules = tuple(_rule_from_json(entry, number) for number, entry in enumerate(data["rules"], start=1))
    return RuleSet(rules, view, name.strip())


def rules_from_json(data: object) -> list[Rule]:
    """The rules of a parsed rule file (its view, if any, left aside), or RuleError."""
    return list(rule_set_from_json(data).rules)


def load_rules(path: str | os.PathLike) -> list[Rule]:
    """Every rule in a rule file, or RuleFileError and nothing at all."""
    return list(load_rule_set(path).rules)


def load_rule_set(path: str | os.PathLike) -> RuleSet:
    """A rule file's rules with its view and name (the file's name when it gives none), or
    RuleFileError and nothing at all."""
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
        rule_set = rule_set_from_json(data)
    except RuleError as error:
        raise RuleFileError(f"The rule file '{path.name}' was not loaded: {error}.") from None
    return rule_set if rule_set.name else RuleSet(rule_set.rules, rule_set.view, path.stem)


def save_rules(path: str | os.PathLike, rules: Iterable[Rule], view: RuleView | None = None,
               name: str = "") -> None:
    """Write a rule file (with the view the rules were opened with, if any) atomically: a
    reader never sees half a file."""
    path = Path(path)
    text = json.dumps(rules_to_json(rules, view, name), ensure_ascii=False, indent=2) + "\n"
    try:
        write_atomically(path, text.encode("utf-8"))
    except OSError as error:
        raise _save_error(path, error) from None


def _save_error(path: Path, error: OSError) -> RuleFileError:
    return RuleFileError(f"Could not save the rule file '{path.name}': {error.strerror or error}.")


def _preset_files(folder: str | os.PathLike) -> list[RuleSet]:
    return [load_rule_set(path) for path in sorted(Path(folder).glob("*.json"))]


def load_presets(folder: str | os.PathLike = PRESET_RULES) -> list[Rule]:
    """The shipped rules, one per file, in file-name order (rule sets with a view left out)."""
    return [rule for rule_set in _preset_files(folder) if rule_set.view is None for rule in rule_set.rules]


def load_preset_sets(folder: str | os.PathLike = PRESET_RULES) -> list[RuleSet]:
    """The shipped rule sets that open with a view ("WOLA, September 2018"), in file-name order."""
    return [rule_set for rule_set in _preset_files(folder) if rule_set.view is not None]
