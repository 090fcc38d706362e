"""The choices an analyst makes that come back next session: the rules and the facets.

They are kept in the workspace store (not in Qt settings), so the command line and any
other front end find the same rules. On the very first run the shipped presets are
offered with only one of them ticked.
"""

from __future__ import annotations

from dataclasses import replace

from .filters import FACETS
from .rules import Rule, RuleError, RuleFileError, load_presets, rules_from_json, rules_to_json
from .workspace import Workspace

RULES_SETTING = "rules"
FACETS_SETTING = "facets"
FIRST_RUN_ENABLED = "Former commander sanctioned for corruption"


def saved_rules(workspace: Workspace) -> tuple[list[Rule], str]:
    """The rules kept in the workspace, and a sentence if they could not be read; on the
    first run (or when they cannot be read) the presets, only FIRST_RUN_ENABLED ticked."""
    saved = workspace.get_setting(RULES_SETTING)
    problem = ""
    if saved is not None:
        try:
            return rules_from_json(saved), ""
        except RuleError as error:
            problem = f"Your saved rules could not be read ({error}); the presets were loaded instead."
    try:
        presets = load_presets()
    except RuleFileError as error:
        return [], str(error)
    return [replace(rule, enabled=rule.name == FIRST_RUN_ENABLED) for rule in presets], problem


def save_rules_choice(workspace: Workspace, rules: tuple[Rule, ...]) -> None:
    workspace.set_setting(RULES_SETTING, rules_to_json(rules))


def saved_facets(workspace: Workspace) -> dict[str, frozenset[str]]:
    """The facet values chosen last time; anything unreadable is left out."""
    saved = workspace.get_setting(FACETS_SETTING) or {}
    if not isinstance(saved, dict):
        return {}
    return {facet: frozenset(str(v) for v in values) for facet, values in saved.items()
            if facet in FACETS and isinstance(values, list) and values}


def save_facets_choice(workspace: Workspace, facets: dict[str, frozenset[str]]) -> None:
    workspace.set_setting(FACETS_SETTING, {facet: sorted(values) for facet, values in facets.items()})
