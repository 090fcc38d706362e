"""What the analyst does to the rules, each an undoable command with its words.

Part of `Session` (mixed in): every intent computes the new ordered rule list and
hands it to `_change_rules`, which runs it as a `Command` whose do and undo install
the list after and before, so Undo restores exactly the rules there were. Opening a
rule set with a view (`open_rule_set`) also sets its sheet and date filter, in the
same command, so one Undo takes back the rules and the view together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from .history import Command
from .rules import Rule, RuleSet, RuleView
from .rules.views import DATE_COLUMN


def quoted(name: str) -> str:
    return f"\u2018{name}\u2019"


@dataclass(frozen=True)
class RuleCount:
    """What one rule matches among the people shown; `in_all` is the whole workbook's count
    when the table shows fewer people than it has (None when it shows them all)."""

    matched: int
    unclear: int
    in_all: int | None


class RuleIntents:
    """Add, edit, delete, duplicate, reorder and tick rules (needs Session's `_set_rules`)."""

    _rules: tuple[Rule, ...]
    _rules_view: RuleView | None = None

    def rule_counts(self) -> tuple[list[RuleCount], int | None]:
        """Each rule's count of the people shown (people removed until saved left out), and how
        many are shown when that is fewer than the workbook has (else None). Empty before the
        rules are evaluated."""
        matches = self._matches
        if matches is None or matches.rules != self._rules or self._view is None:
            return [], None
        within = self._counted_rows()
        in_all = matches.counts() if within is not None else [None] * len(matches.rules)
        counts = [RuleCount(m, u, a) for m, u, a in zip(matches.counts(within), matches.unclear_counts(within), in_all)]
        return counts, (int(within.sum()) if within is not None else None)

    def unclear_shown(self, position: int) -> np.ndarray | None:
        """The rows shown that rule `position` cannot decide (a yes / no value not recorded)."""
        matches = self._matches
        if matches is None or matches.rules != self._rules or not 0 <= position < len(matches.rules):
            return None
        within = self._counted_rows()
        return matches.unclear[position] if within is None else matches.unclear[position] & within

    def _counted_rows(self) -> np.ndarray | None:
        """The rows the counts are of: those shown, or None when every person is shown."""
        return None if len(self._view) == self._view.loaded else self.shown_mask()

    @property
    def rules_view(self) -> RuleView | None:
        """The view of the rule set the rules were opened from ("Save rules as" keeps it), or None."""
        return self._rules_view

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

    def open_rule_set(self, rule_set: RuleSet, description: str, add: bool = False) -> bool:
        """Replace the rules with a rule file's (or add its rules after these) and, when it has
        a view, show its sheet and designation cut: one undoable step. False when that changed nothing."""
        before = self._rules
        after = (*before, *rule_set.rules) if add else tuple(rule_set.rules)
        view, view_before = rule_set.view, self._rules_view
        view_after = view if view is not None or not add else view_before
        if before == after and view is None and view_before == view_after:
            return False
        shown = (view.sheet, view.date_filter()) if view is not None else None
        hidden = (self._state.sheet, self._state.filters.get(DATE_COLUMN)) if view is not None else None
        self.execute(Command(description, lambda: self._install_rule_set(after, view_after, view, shown),
                             lambda: self._install_rule_set(before, view_before, view, hidden)))
        return True

    def _install_rule_set(self, rules: tuple[Rule, ...], rules_view: RuleView | None, view: RuleView | None,
                          shown: tuple | None) -> None:
        """Install rules and put back the sheet and date filter a view sets (`shown`: those to show)."""
        with self._batch():
            self._rules_view = rules_view
            self._set_rules(rules)
            if view is None:
                return
            sheet, date_filter = shown
            state = replace(self._state, sheet=sheet) if view.sheet is not None else self._state
            if view.designated_on_or_before is not None:
                filters = {c: f for c, f in state.filters.items() if c != DATE_COLUMN}
                if date_filter is not None:
                    filters[DATE_COLUMN] = date_filter
                state = replace(state, filters=filters)
            self._set_state(state)
