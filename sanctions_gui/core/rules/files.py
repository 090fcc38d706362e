"""Rule files: small JSON files (docs/rules.md) that staff share, and the shipped presets.

A file with a mistake is refused whole with one message naming the rule and condition.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from ..atomic import write_atomically
from ..paths import PRESET_RULES
from .conditions import MATCH_ALL, Condition, Rule, RuleError

RULE_FILE_VERSION = 1


class RuleFileError(Exception):
    """A rule file that could not be read or saved; nothing from it was loaded."""


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
