"""The analyst's decisions on uncertain matches, remembered in the workspace's settings.

A decision is kept per database file and per (person, list entry) pair, so "this is not
the same person" stays said at the next comparison, with a newer list too; Save as carries
them to the saved workbook, as it carries notes.
"""

from __future__ import annotations

import os

from ..workspace import Workspace, dataset_key

ACCEPT, REJECT = "accept", "reject"
DECISIONS = (ACCEPT, REJECT)
SETTING_PREFIX = "lists.decisions:"


def _key(database: str | os.PathLike) -> str:
    return SETTING_PREFIX + dataset_key(database)


def load_decisions(workspace: Workspace, database: str | os.PathLike) -> dict[tuple[str, str], str]:
    """(person_id, list_id) -> "accept" or "reject", for one database file."""
    stored = workspace.get_setting(_key(database), {}) or {}
    decisions = {}
    for pair, decision in stored.items():
        person_id, _, list_id = pair.partition("|")
        if decision in DECISIONS and list_id:
            decisions[(person_id, list_id)] = decision
    return decisions


def save_decision(workspace: Workspace, database: str | os.PathLike, person_id: str, list_id: str,
                  decision: str | None) -> None:
    """Remember (or, with None, forget) the analyst's decision on one pair."""
    if decision is not None and decision not in DECISIONS:
        raise ValueError(f"decision must be one of {DECISIONS} or None, not {decision!r}")
    stored = dict(workspace.get_setting(_key(database), {}) or {})
    pair = f"{person_id}|{list_id}"
    if decision is None:
        stored.pop(pair, None)
    else:
        stored[pair] = decision
    workspace.set_setting(_key(database), stored)


def carry_decisions(workspace: Workspace, source: str | os.PathLike, target: str | os.PathLike,
                    person_ids: dict[str, str]) -> int:
    """Keep a workbook's decisions for the workbook saved from it, each under the person's id
    there (`person_ids`: old id -> new, for people whose id changed). Returns how many."""
    stored = workspace.get_setting(_key(source), {}) or {}
    if not stored:
        return 0
    carried = dict(workspace.get_setting(_key(target), {}) or {})
    for pair, decision in stored.items():
        person_id, _, list_id = pair.partition("|")
        carried[f"{person_ids.get(person_id, person_id)}|{list_id}"] = decision
    workspace.set_setting(_key(target), carried)
    return len(stored)
