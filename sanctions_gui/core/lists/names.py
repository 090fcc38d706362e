"""Names as a list writes them against names as an analyst does.

The list writes `SURNAMES, Given names` with surnames in capitals and no accents
("FARIAS PENA, Jose"); a spreadsheet writes "José Farías Peña". Both become the same
name parts (the schema's fold: accents, case and punctuation out), and the parts are
paired one to one, so the order does not matter and every part left without a partner
lowers the score: a part the database has and the list lacks weighs fully (it points to
another person), a part only the list has weighs a quarter (lists carry every given name
and both surnames, analysts often fewer).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from ..folding import fold, fold_key

PARTICLES = frozenset({"de", "del", "la", "las", "los", "y", "da", "do", "dos", "das", "di", "van", "von"})
PAIR_AT_LEAST = 0.72  # two parts less alike than this are not the same part misspelt
LIST_ONLY_WEIGHT = 0.25
_SPLIT = re.compile(r"[\s,/\-]+")


@lru_cache(maxsize=100_000)
def name_tokens(name: str) -> tuple[str, ...]:
    """The name's parts, folded; parts that are only digits are not name parts and are left out."""
    return tuple(token for token in (fold_key(part) for part in _SPLIT.split(fold(name)))
                 if token and not token.isdigit())


def _weight(token: str) -> float:
    if token in PARTICLES:
        return 0.3
    return 0.5 if len(token) == 1 else 1.0


@lru_cache(maxsize=200_000)
def part_similarity(a: str, b: str) -> float:
    """0..1 likeness of two name parts; an initial stands for any part it begins."""
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        return 0.9 if a[0] == b[0] else 0.0
    return fuzz.ratio(a, b) / 100.0


@lru_cache(maxsize=500_000)  # a large database repeats names, and each is scored against a few entries
def name_score(database: tuple[str, ...], listed: tuple[str, ...]) -> float:
    """0..100: how well the database's name parts pair one to one with the list's."""
    if not database or not listed:
        return 0.0
    pairs = sorted(((part_similarity(a, b), i, j) for i, a in enumerate(database) for j, b in enumerate(listed)),
                   reverse=True)
    used_a, used_b, matched, weight = set(), set(), 0.0, 0.0
    for similarity, i, j in pairs:
        if similarity < PAIR_AT_LEAST:
            break
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pair_weight = (_weight(database[i]) + _weight(listed[j])) / 2
        matched += similarity * pair_weight
        weight += pair_weight
    weight += sum(_weight(t) for i, t in enumerate(database) if i not in used_a)
    weight += LIST_ONLY_WEIGHT * sum(_weight(t) for j, t in enumerate(listed) if j not in used_b)
    return 100.0 * matched / weight if weight else 0.0


def _word_case(word: str, first: bool) -> str:
    """One word of a name written in capitals, as a name is written: 'PENA' -> 'Pena', 'DE' -> 'de'."""
    lower = word.lower()
    if not first and lower in PARTICLES:
        return lower
    if len(lower) > 2 and lower[1] == "'":  # D'ANDREA -> D'Andrea
        return lower[0].upper() + "'" + lower[2:].capitalize()
    return "-".join(piece.capitalize() for piece in lower.split("-"))


def display_case(text: str) -> str:
    """Capitalised words ('MADURO MOROS' -> 'Maduro Moros'); text not all in capitals stays as it is."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters or not all(ch.isupper() for ch in letters):
        return text
    return " ".join(_word_case(word, index == 0) for index, word in enumerate(text.split()))


def natural_order(list_name: str) -> str:
    """'MADURO MOROS, Nicolas' -> 'Nicolas Maduro Moros' (the list's spelling, natural order)."""
    surnames, comma, given = list_name.partition(",")
    if not comma or not given.strip():
        return display_case(list_name.strip())
    return f"{display_case(given.strip())} {display_case(surnames.strip())}"
