"""Highlighting rules: named, coloured sets of conditions over the canonical fields.

A rule such as "Former commander sanctioned for corruption" is a list of conditions
(field, operator, value) joined by "all" or "any". Rules are ordered: a row takes the
colour of the first enabled rule it matches, and its tooltip lists every rule it
matches. A yes / no condition on a person whose value is not recorded is neither met
nor failed: such a person is "unclear" for the rule, and counted as such.

- `conditions`: Condition and Rule, checked and described in words;
- `index`: what rules need from one frame, built once (FrameIndex);
- `evaluation`: evaluate() and the matches, unclear rows and colours it gives;
- `files`: rule files (docs/rules.md) and the shipped presets;
- `views`: the sheet and designation cut a rule set opens with.
"""

from .conditions import (
    AFTER, ANY_OF, BEFORE, BETWEEN, CONTAINS, EMPTY, IS, IS_NOT, JURISDICTIONS_FIELD, JURISDICTIONS_OPERATORS,
    MATCH_ALL, MATCH_ANY, NO, NONE_OF, NOT_CONTAINS, NOT_EMPTY, OPERATORS, OPERATORS_BY_KIND, YES, Condition, Rule,
    RuleError, field_label, operators_for, rule_fields,
)
from .evaluation import RuleMatches, evaluate, field_values, match_summary, rule_mask, unclear_mask
from .files import (
    RULE_FILE_VERSION, RuleFileError, RuleSet, load_preset_sets, load_presets, load_rule_set, load_rules,
    rule_set_from_json, rules_from_json, rules_to_json, save_rules,
)
from .index import FrameIndex, carry_index, frame_index
from .views import RuleView

__all__ = [
    "AFTER", "ANY_OF", "BEFORE", "BETWEEN", "CONTAINS", "EMPTY", "IS", "IS_NOT", "JURISDICTIONS_FIELD",
    "JURISDICTIONS_OPERATORS", "MATCH_ALL", "MATCH_ANY", "NO", "NONE_OF", "NOT_CONTAINS", "NOT_EMPTY", "OPERATORS",
    "OPERATORS_BY_KIND", "YES", "Condition", "Rule", "RuleError", "field_label", "operators_for", "rule_fields",
    "RuleMatches", "evaluate", "field_values", "match_summary", "rule_mask", "unclear_mask", "RULE_FILE_VERSION",
    "RuleFileError", "RuleSet", "load_preset_sets", "load_presets", "load_rule_set", "load_rules",
    "rule_set_from_json", "rules_from_json", "rules_to_json", "save_rules", "FrameIndex", "carry_index",
    "frame_index", "RuleView",
]
