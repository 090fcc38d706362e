"""A workbook known by its people, not its path: a small fingerprint of who is in it.

Notes, flags and colours are kept per person id (folded name and birth date). To find
them again when the workbook is moved, renamed or saved anew (with a person added or a
date fixed), copies are compared by the people they hold: the fingerprint keeps the
SKETCH_SIZE smallest hashes of the person ids (a bottom-k sketch), whose overlap
estimates the share of people two workbooks have in common whatever their size.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

SKETCH_SIZE = 64
SAME_WORKBOOK = 0.6  # share of people in common from which two files are copies of one workbook


def _hash(person_id: str) -> int:
    return int(hashlib.sha1(person_id.encode("utf-8")).hexdigest()[:15], 16)


def people_sketch(person_ids: Iterable[str]) -> str:
    """The fingerprint of a workbook's people, as text for the workspace."""
    smallest = sorted({_hash(str(person_id)) for person_id in person_ids})[:SKETCH_SIZE]
    return " ".join(f"{value:x}" for value in smallest)


def sketch_similarity(first: str, second: str) -> float:
    """Estimated share of people two workbooks have in common (Jaccard, 0 to 1)."""
    a = {int(value, 16) for value in first.split()}
    b = {int(value, 16) for value in second.split()}
    union = sorted(a | b)[:SKETCH_SIZE]
    if not union:
        return 0.0
    return sum(1 for value in union if value in a and value in b) / len(union)
