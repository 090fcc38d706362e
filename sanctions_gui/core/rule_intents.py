"""What the analyst does to the rules, each an undoable command with its words.

Part of `Session` (mixed in): every intent computes the new ordered rule list and
hands it to `_change_rules`, which runs it as a `Command` whose do and undo install
the list after and before, so Undo restores exactly the rules there were.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .history import Command
from .rules import Rule


def quoted(name: str) -> str:
    return f"\u2018{name}\u2019"


class RuleIntents:
    """Add, edit, delete, duplicate, reorder and tick rules (needs Session's `_set_rules`)."""

    _rules: tuple[Rule, ...]

    def _change_rules(self, rules: Sequence[Rule], description: str) -> None:
        before, after = self._rules, tuple(rules)
        if before == after:
            return
        self.execute(Command(description, lambda: self._set_rules(after), lambda: self._set_rules(before)))

    def set_rules(self, rules: Sequence[Rule], description: str = "change the rules") -> None:
        """Replace every rule, in order (opening a rule file, a drag that reorders them)."""
        self._change_rules(rules, description)

    def add_rule(self, rule: Rule) -> None:
        self._change_rules([*self._rules, rule], f"add rule {quoted(rule.name)}")

    def add_rules(self, rules: Sequence[Rule], description: str) -> None:
        self._change_rules([*self._rules, *rules], description)

    def update_rule(self, position: int, rule: Rule) -> None:
        rules = list(self._rules)
        rules[position] = rule
        self._change_rules(rules, f"edit rule {quoted(self._rules[position].name)}")

    def delete_rule(self, position: int) -> None:
        name = self._rules[position].name
        self._change_rules([r for i, r in enumerate(self._rules) if i != position], f"delete rule {quoted(name)}")

    def duplicate_rule(self, position: int) -> None:
        rules = list(self._rules)
        rules.insert(position + 1, replace(rules[position], name=f"{rules[position].name} (copy)"))
        self._change_rules(rules, f"duplicate rule {quoted(self._rules[position].name)}")

    def move_rule(self, position: int, target: int) -> None:
        """Move a rule to another place in the order (a row takes the first match's colour)."""
        rules = list(self._rules)
        rule = rules.pop(position)
        rules.insert(max(0, min(target, len(rules))), rule)
        self._change_rules(rules, f"move rule {quoted(rule.name)}")

    def set_rule_enabled(self, position: int, enabled: bool) -> None:
        rule = self._rules[position]
        rules = list(self._rules)
        rules[position] = replace(rule, enabled=bool(enabled))
        self._change_rules(rules, f"{'tick' if enabled else 'untick'} rule {quoted(rule.name)}")
