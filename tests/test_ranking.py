"""Sorting text columns ranks them as spanish_sort_key defines, however the cells are written."""

from __future__ import annotations

import random

import numpy as np
import pytest

from sanctions_gui.core.ranking import spanish_sort_key, spanish_sort_keys, text_ranks


def reference_ranks(texts: list[str]) -> np.ndarray:
    """Dense ranks of the keys, straight from the definition: the ranking as it was."""
    keys = spanish_sort_keys(texts)
    rank = {key: position for position, key in enumerate(sorted(set(keys)))}
    return np.array([rank[key] for key in keys], dtype=np.int64)


# Characters that folding treats in every way it can: ASCII of both cases, white space of
# all kinds, accents composed and decomposed, ñ in its forms, DEL, letters that fold to
# two, compatibility forms, marks on their own, other scripts, emoji.
PIECES = ("a", "B", "z", "N", "ñ", "Ñ", "n\u0303", "\x7f", "á", "É", "u\u0308", "ü", "ß", "İ", "ﬁ", "Ａ", "½",
          "Σ", "ς", "д", "中", "😀", "\u0301", "\u00a8", " ", "  ", "\t", "\n", "\r\n", "\x1f", "\u00a0",
          "\u2003", "\u1680", "\u2028", "\u0085", "-", ".", "'", "0", "9", "ø", "—", "Núñez", "Peña")


def latin_1(piece: str) -> bool:
    try:
        piece.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def hostile_texts(count: int, seed: int, pieces: tuple[str, ...] = PIECES) -> list[str]:
    chooser = random.Random(seed)
    texts = ["".join(chooser.choice(pieces) for _ in range(chooser.randrange(0, 12))) for _ in range(count)]
    return texts + [" " + text + " " for text in texts[:50]] + [text.upper() for text in texts[:50]]


def shared_long_prefixes(count: int, seed: int) -> list[str]:
    """Long texts that differ only near their end, or only in how their common start is
    written (case, accents, spacing, ñ or n), as templated notes and links do."""
    chooser = random.Random(seed)
    stems = ["Designated under E.O. 13692 for his rôle in the Núñez " * 6, "https://home.treasury.gov/news/" * 9,
             "Magistrado del TSJ;  Peña\tNieto " * 8]
    variants = [lambda s: s, str.upper, lambda s: s.replace("ñ", "n"), lambda s: s.replace(" ", "  "),
                lambda s: " " + s, lambda s: s.replace("ô", "o")]
    return ["".join((chooser.choice(variants)(chooser.choice(stems)),
                     "".join(chooser.choice(PIECES) for _ in range(chooser.randrange(0, 4)))))
            for _ in range(count)]


@pytest.mark.parametrize("texts", [
    hostile_texts(3_000, seed=1),
    shared_long_prefixes(3_000, seed=4),
    hostile_texts(3_000, seed=3, pieces=tuple(filter(latin_1, PIECES))),  # one byte a character
    hostile_texts(30, seed=2) * 200,  # repeated values: keyed once each
    ["Núñez", "Nuñez", "Nunez", "NUÑEZ", "Nuño", "Nuno", "Ñandú", "Zambrano", "Álvarez", "alvarez", ""],
    ["with\0nul", "with nul", "plain"],  # a NUL in a cell: the definition is used
    [],
    ["", "", ""],
    [" ", "  a", "a  ", "a  b", "a b", "\t", "a\u2028b", "a\x85b", "a\xa0b", "´a", "a ´ b"],  # every kind of space
], ids=["hostile", "shared-long-prefixes", "hostile-latin-1", "repeating", "names", "nul", "empty", "all-blank", "spaces"])
def test_text_ranks_are_the_ranks_of_the_sort_keys(texts):
    assert np.array_equal(text_ranks(texts), reference_ranks(texts))


def test_a_column_sorted_by_name_and_long_notes_ranks_as_defined(frame):
    for column in ("name", "position", "notes", "institution"):
        texts = frame[column].fillna("").astype(str).tolist()
        assert np.array_equal(text_ranks(texts), reference_ranks(texts)), column


def test_spanish_order_puts_enye_after_n_and_ignores_accents_and_case():
    words = ["Zambrano", "Nuño", "Núñez", "Álvarez", "nunez", "Ñandú", "Oropeza"]
    assert sorted(words, key=spanish_sort_key) == ["Álvarez", "nunez", "Núñez", "Nuño", "Ñandú", "Oropeza",
                                                  "Zambrano"]
