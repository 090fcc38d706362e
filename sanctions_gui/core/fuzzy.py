"""Fuzzy name scores at typing speed: rapidfuzz's WRatio, computed only where it can reach the threshold.

Scoring every name and alias with WRatio takes about 0.7 s on 200,000 rows. Most names
cannot come near the threshold, and a cheap upper bound says which, so WRatio runs only
on the rest and gives exactly the scores it gives today (tests/test_fuzzy.py compares).

The bound. Every part of WRatio is a normalised Indel similarity, 200·LCS(a, b)/(|a|+|b|),
between strings made from the query q and a name s: q and s themselves (ratio), a
window of the longer one against the shorter (partial_ratio), their words sorted or
deduplicated and joined by spaces (the token ratios). Each such string holds a
sub-multiset of the characters of q or of s (a space per gap between words), so
LCS(a, b) ≤ c, the number of characters q and s have in common counted with
multiplicity. With x the shorter of the two strings compared and m ≤ x the shortest
length any of them can have (the deduplicated words joined), a little algebra gives
200·LCS/(|a|+|b|) ≤ 200·c/(m+c) for every part, and ≤ 200·c/(|q|+|s|) for ratio itself.
The token parts reach 100 when q and s share a whole word, which is looked up instead.
WRatio then weighs the parts (0.95, and 0.9 or 0.6 when one string is 1.5 or 8 times
the other), and so does the bound. Names whose bound is below the threshold score
below it: they are not scored, and read 0.

A query of one word against a name at least 1.5 times longer is bounded more tightly,
since there every part but ratio is partial: the query against a window w of a string
made of the name's words, |w| ≤ |q|. If LCS(q, w) ≥ |q| − k, at most k characters of q
and k of w are left out of it, so of 2k + 1 pieces of q one is matched whole and in a
row: it lies within one word of the name. A name none of whose words holds any piece
has LCS ≤ |q| − k − 1 for every window, so each partial part is at most
200·(|q| − k − 1)/(2|q| − k − 1); k is the most characters a part may miss and still
reach the threshold (none at 85 for a short query: the word must hold the query).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

# WRatio's weights (rapidfuzz.fuzz_py.WRatio)
UNBASE_SCALE = 0.95
PARTIAL_SCALE, FAR_PARTIAL_SCALE = 0.9, 0.6
PARTIAL_FROM_LENGTH_RATIO, FAR_FROM_LENGTH_RATIO = 1.5, 8.0
_ROUNDING = 1e-6  # the bound is exact arithmetic; WRatio's floating point may sit a hair above it
_MAX_COUNT = 255  # character counts are kept in uint8


def _joined_unique_length(words: list[str]) -> int:
    """Length of the distinct words joined by single spaces (what the token-set parts compare)."""
    unique = set(words)
    return sum(map(len, unique)) + max(len(unique) - 1, 0)


def _words(names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every word of every name (split as str.split does), and the position of its name.

    One split of all names joined, a marker word between them, instead of one per name.
    """
    marker = "\x01"  # not white space, so split keeps it (numpy would read "\0" as "")
    joined = f" {marker} ".join(names)
    if joined.count(marker) != max(len(names) - 1, 0):  # a name holds the marker itself
        pieces = [(word, owner) for owner, name in enumerate(names) for word in name.split()]
        return (np.array([word for word, _ in pieces], dtype=object),
                np.array([owner for _, owner in pieces], dtype=np.int64))
    words = np.array(joined.split(), dtype=object)
    is_marker = words == marker
    return words[~is_marker], np.cumsum(is_marker)[~is_marker]


class FuzzyNames:
    """Folded names and aliases with what the bound needs, built once per loaded frame."""

    def __init__(self, names: list[str]):
        self.names = names
        count = len(names)
        self._lengths = np.fromiter(map(len, names), dtype=np.int64, count=count)
        codes = np.frombuffer("".join(names).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        present = np.flatnonzero(np.bincount(codes[codes < 128], minlength=128))
        # One column per ASCII character that occurs, and one for every other character:
        # merging characters can only raise the common count, so the bound stays a bound.
        self._other = len(present)
        self._column_of = np.full(128, -1, dtype=np.int64)
        self._column_of[present] = np.arange(len(present))
        columns = np.where(codes < 128, self._column_of[np.minimum(codes, 127)], self._other)
        owner = np.repeat(np.arange(count), self._lengths)
        width = self._other + 1
        counts = np.bincount(owner * width + columns, minlength=count * width).reshape(count, width)
        self._counts = np.minimum(counts, _MAX_COUNT).astype(np.uint8)
        flat, word_owner = _words(names)
        word_codes, words = pd.factorize(flat)
        self._words = pd.Index(words, dtype=object)
        # The distinct words of each name joined by spaces: the shortest string a part compares.
        first = ~pd.Index(word_owner * max(len(self._words), 1) + word_codes).duplicated()
        word_lengths = np.fromiter(map(len, self._words), dtype=np.int64, count=len(self._words))[word_codes]
        distinct = np.bincount(word_owner[first], minlength=count)
        self._unique_lengths = (np.bincount(word_owner[first], weights=word_lengths[first], minlength=count)
                                .astype(np.int64) + np.maximum(distinct - 1, 0))
        order = np.argsort(word_codes, kind="stable")
        self._names_by_word = word_owner[order]
        self._word_starts = np.searchsorted(word_codes[order], np.arange(len(self._words) + 1))
        self._word_of_posting = word_codes[order]
        # The distinct words on lines of one string, to find those holding a piece of a query.
        self._word_lines = "\n".join(self._words)
        self._line_starts = np.cumsum([0, *(len(word) + 1 for word in self._words)])[:-1]

    def scores(self, query: str, cutoff: float) -> np.ndarray:
        """WRatio of the query against each name where it is at least `cutoff`, else 0."""
        result = np.zeros(len(self.names))
        candidates = self._candidates(query, cutoff)
        if len(candidates):
            chosen = [self.names[i] for i in candidates.tolist()]
            result[candidates] = process.cdist([query], chosen, scorer=fuzz.WRatio, score_cutoff=cutoff,
                                               workers=-1)[0]
        return result

    def scores_of(self, query: str, positions: np.ndarray) -> np.ndarray:
        """WRatio of the query against the names at `positions`, however low."""
        if not len(positions):
            return np.zeros(0)
        chosen = [self.names[i] for i in positions.tolist()]
        return process.cdist([query], chosen, scorer=fuzz.WRatio, workers=-1)[0].astype(np.float64)

    def _candidates(self, query: str, cutoff: float) -> np.ndarray:
        """Positions of the names whose WRatio against the query may reach `cutoff`."""
        everyone = np.arange(len(self.names))
        if not query or cutoff <= 0:
            return everyone if query else everyone[:0]
        wanted = np.zeros(self._other + 1, dtype=np.int64)
        for character in query:
            code = ord(character)
            column = self._column_of[code] if code < 128 else self._other
            if column >= 0:  # an ASCII character no name holds adds nothing in common
                wanted[column] += 1
        if wanted.max(initial=0) > _MAX_COUNT:
            return everyone
        used = np.flatnonzero(wanted)
        common = np.minimum(self._counts[:, used], wanted[used].astype(np.uint8)).sum(axis=1, dtype=np.int64)
        query_length, lengths = len(query), self._lengths
        shortest = np.minimum(_joined_unique_length(query.split()), self._unique_lengths)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio_bound = 200.0 * common / (query_length + lengths)
            part_bound = np.nan_to_num(200.0 * common / (shortest + common))
            length_ratio = np.maximum(query_length, lengths) / np.minimum(query_length, lengths)
        shares_a_word = self._shares_a_word(query)
        token_bound = np.where(shares_a_word, 100.0, part_bound)
        scale = np.where(length_ratio <= FAR_FROM_LENGTH_RATIO, PARTIAL_SCALE, FAR_PARTIAL_SCALE)
        near_in_length = length_ratio < PARTIAL_FROM_LENGTH_RATIO
        partial_bound = np.minimum(part_bound, self._window_bound(query, cutoff, lengths))
        partial_token_bound = np.where(shares_a_word, 100.0, partial_bound)
        bound = np.where(near_in_length,
                         np.maximum(ratio_bound, UNBASE_SCALE * token_bound),
                         np.maximum.reduce([ratio_bound, scale * partial_bound,
                                            UNBASE_SCALE * scale * partial_token_bound]))
        return np.flatnonzero((bound + _ROUNDING >= cutoff) & (lengths > 0))

    def _window_bound(self, query: str, cutoff: float, lengths: np.ndarray) -> np.ndarray:
        """Per name, a bound on its partial parts from the pieces of a one-word query (see
        the module's docstring); no bound (infinity) where the argument does not apply."""
        bound = np.full(len(self.names), np.inf)
        size = len(query)
        if " " in query or not size:
            return bound
        needed = cutoff / PARTIAL_SCALE  # the far names' larger scale: the fewest misses
        missed = 0  # the most characters a part may miss and still reach the threshold
        while missed + 1 < size and 200 * (size - missed - 1) / (2 * size - missed - 1) + _ROUNDING >= needed:
            missed += 1
        pieces = 2 * missed + 1
        if size // pieces < 2:  # single letters are in nearly every name: no use
            return bound
        cuts = [size * i // pieces for i in range(pieces + 1)]
        words_holding = np.zeros(len(self._words), dtype=bool)
        for piece in {query[start:end] for start, end in zip(cuts, cuts[1:])}:
            found = np.fromiter((match.start() for match in re.finditer(re.escape(piece), self._word_lines)),
                                dtype=np.int64)
            words_holding[np.searchsorted(self._line_starts, found, side="right") - 1] = True
        holding = np.zeros(len(self.names), dtype=bool)
        holding[self._names_by_word[words_holding[self._word_of_posting]]] = True
        # The query is the shorter string, the one partial_ratio slides, against the name and
        # against its distinct words joined (what the token parts compare).
        longer = (lengths * 2 >= size * 3) & (self._unique_lengths >= size)
        capped = 200 * (size - missed - 1) / (2 * size - missed - 1)
        bound[longer & ~holding] = capped
        return bound

    def _shares_a_word(self, query: str) -> np.ndarray:
        shared = np.zeros(len(self.names), dtype=bool)
        for code in self._words.get_indexer(list(set(query.split()))):
            if code >= 0:
                shared[self._names_by_word[self._word_starts[code]:self._word_starts[code + 1]]] = True
        return shared
