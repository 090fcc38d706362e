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

Against a name at least 1.5 times longer than the query, every part but ratio is
partial: rapidfuzz slides the query's string A (the query, its words sorted, or its distinct
words joined; all single-spaced, so as long as the query or shorter) as the needle over the
name's matching string and scores each window w, a substring at most |A| long (shorter at
the ends; for needles over 64 characters only some windows), 200·L/(|A|+|w|) with
L = LCS(A, w). Say A misses a = |A| − L characters and w leaves b = |w| − L unmatched; b ≤ a
since |w| ≤ |A|. Cut P pieces out of the query's distinct words, no two overlapping (several
may come from one word): each is then in A. A piece is broken only by a missed character
of its own or by an unmatched window character between two of its characters, so at most
a + b pieces are broken; if none is whole, all P are, and a + b ≥ P. A whole piece lies in
the window, so within one word of the name (it holds no space). The score falls as a or
b grows, so B, the largest a + b of any window still reaching the part's threshold (before
WRatio's weights), is found by trying each a (`_most_breaks`); with P = B + 1 pieces, a name
whose words hold none scores at most the best window with B + 1 breaks (`_best_broken`),
below the threshold. At 85 the query against the name needs P = 2 for 10 to 17 letters, the
token parts (0.95 · 0.9) need P = 1: a word of the query whole within a word of the name.
The distinct words joined are taken only where the name's are longer than the query's
(equally long, rapidfuzz slides both ways, and the argument does not hold). The pieces are
chosen, among even cuts of the words, so that as few names' words hold them as can be.

Only names and queries that are their words joined by single spaces, as folding leaves
them, are bounded: rapidfuzz splits words on fewer kinds of white space than str.split (not
U+00A0 nor U+0085) and joins them with spaces that a name written otherwise does not count.
Others are always scored.
"""

from __future__ import annotations

import itertools
import math
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
_FLOAT32_MARGIN = 1e-3  # far more than float32's rounding of a score (under 4e-6), far less than a point
_MOST_PIECES = 8  # more pieces than this are short and common (a low threshold): not looked up
_CUTS_TRIED = 16  # ways to cut a word into pieces compared, at most
_PIECES_REMEMBERED = 1024  # pieces of queries remembered while the user types on
_WORDS_REMEMBERED = 1024  # the words holding a piece are remembered when no more (8 MB at most)


def _similarity(size: int, missed: int, unmatched: int) -> float:
    """ratio() of a needle of `size` characters, `missed` of them outside the common
    subsequence, against a window holding `unmatched` characters outside it."""
    return 200 * (size - missed) / (2 * size - missed + unmatched)


def _most_breaks(size: int, needed: float) -> int:
    """The most misses of the needle plus unmatched characters of a window (never more than
    the needle misses: a window is at most as long as the needle) that still reach `needed`."""
    most = -1
    for missed in range(size):
        unmatched = min(missed, max(int(200 * (size - missed) / max(needed, 1e-9)) - (2 * size - missed), 0))
        while unmatched > 0 and _similarity(size, missed, unmatched) + _ROUNDING < needed:
            unmatched -= 1
        while unmatched < missed and _similarity(size, missed, unmatched + 1) + _ROUNDING >= needed:
            unmatched += 1
        if _similarity(size, missed, unmatched) + _ROUNDING >= needed:
            most = max(most, missed + unmatched)
    return most


def _best_broken(size: int, breaks: int) -> float:
    """The highest ratio() of a needle against a window with `breaks` misses and unmatched
    characters together (the score falls with either, so fewest misses, as many unmatched)."""
    missed = (breaks + 1) // 2
    return _similarity(size, missed, breaks - missed) if missed < size else 0.0


def _even_cuts(word: str, parts: int) -> list[list[str]]:
    """Ways to cut the word into `parts` pieces whose lengths differ by one at most: every
    way when they are few, else the longer pieces first or last."""
    short, longer = divmod(len(word), parts)
    if math.comb(parts, longer) <= _CUTS_TRIED:
        placings = itertools.combinations(range(parts), longer)
    else:
        placings = [range(longer), range(parts - longer, parts)]
    cuts = []
    for placing in placings:
        lengths = [short + (i in placing) for i in range(parts)]
        ends = list(itertools.accumulate(lengths))
        cuts.append([word[end - length:end] for end, length in zip(ends, lengths)])
    return cuts


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
        self._word_counts = np.diff(self._word_starts)
        self._pieces_seen: dict[str, tuple[int, np.ndarray | None]] = {}
        # Names that are their words joined by single spaces, as folding leaves them: only there
        # are rapidfuzz's words (split on fewer kinds of white space) and spaces those counted here.
        words_per_name = np.bincount(word_owner, minlength=count)
        letters = np.bincount(word_owner, weights=word_lengths, minlength=count).astype(np.int64)
        gaps = np.maximum(words_per_name - 1, 0)
        self._single_spaced = (letters + gaps == self._lengths) & (np.bincount(owner[codes == 32], minlength=count) == gaps)

    def scores(self, query: str, cutoff: float) -> np.ndarray:
        """WRatio of the query against each name where it is at least `cutoff`, else 0."""
        result = np.zeros(len(self.names))
        # cdist gives float32 scores but applies its cut-off to the double: 49.99999999999999
        # reads 50 without the cut-off and 0 with it. Cut a hair lower, then keep what reads
        # `cutoff` or more, so a name is found exactly when the score shown for it is enough.
        lowered = cutoff - _FLOAT32_MARGIN
        candidates = self._candidates(query, lowered)
        if len(candidates):
            chosen = [self.names[i] for i in candidates.tolist()]
            found = process.cdist([query], chosen, scorer=fuzz.WRatio, score_cutoff=lowered, workers=-1)[0]
            result[candidates] = np.where(found >= cutoff, found, 0)
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
        if " ".join(query.split()) != query:  # not as folding leaves it: see _single_spaced
            return everyone
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
        # The query is the needle partial_ratio slides over the name (at least 1.5 times longer),
        # over its words sorted (as long), and over its distinct words joined where those are longer.
        size, words = len(query), query.split()
        far = lengths * 2 >= size * 3
        partial_bound = np.minimum(part_bound, self._window_bound(words, size, cutoff / PARTIAL_SCALE, far))
        token_needle = far & self._single_spaced & (self._unique_lengths > _joined_unique_length(words))
        partial_token_bound = np.where(shares_a_word, 100.0, np.minimum(part_bound, self._window_bound(
            words, size, cutoff / (UNBASE_SCALE * PARTIAL_SCALE), token_needle)))
        bound = np.where(near_in_length,
                         np.maximum(ratio_bound, UNBASE_SCALE * token_bound),
                         np.maximum.reduce([ratio_bound, scale * partial_bound,
                                            UNBASE_SCALE * scale * partial_token_bound]))
        return np.flatnonzero(((bound + _ROUNDING >= cutoff) | ~self._single_spaced) & (lengths > 0))

    def _window_bound(self, words: list[str], size: int, needed: float, needle: np.ndarray) -> np.ndarray:
        """Per name, a bound on a partial part that must reach `needed` (before WRatio's weights)
        where the query's string (`size` long, of these words) is the needle: names none of
        whose words hold any of the pieces (see the module's docstring); elsewhere infinity."""
        bound = np.full(len(self.names), np.inf)
        breaks = _most_breaks(size, needed)
        pieces = self._pieces(sorted(set(words)), breaks + 1) if breaks < _MOST_PIECES else None
        if pieces is None:  # words too short for pieces of two letters: single letters are in nearly every name
            return bound
        words_holding = np.zeros(len(self._words), dtype=bool)
        for piece in pieces:
            words_holding[self._words_holding(piece)] = True
        holding = np.zeros(len(self.names), dtype=bool)
        holding[self._names_by_word[words_holding[self._word_of_posting]]] = True
        bound[needle & ~holding] = _best_broken(size, breaks + 1)
        return bound

    def _pieces(self, words: list[str], count: int) -> list[str] | None:
        """`count` pieces of two letters or more, each cut from one of the distinct words, none
        overlapping, chosen so that few names' words hold any (each word cut into nearly equal
        parts; the best number of parts per word found by trying every split of `count`)."""
        best: dict[int, tuple[int, list[str]]] = {0: (0, [])}  # pieces so far -> fewest holders, pieces
        for word in words:
            options = [(0, [])]  # per number of pieces from this word: fewest holders, pieces
            for parts in range(1, min(count, len(word) // 2) + 1):
                options.append(min(((sum(map(self._holders, cut)), cut) for cut in _even_cuts(word, parts)),
                                    key=lambda option: option[0]))
            extended: dict[int, tuple[int, list[str]]] = {}
            for have, (holders, chosen) in best.items():
                for parts, (more, cut) in enumerate(options[:count - have + 1]):
                    if have + parts not in extended or holders + more < extended[have + parts][0]:
                        extended[have + parts] = (holders + more, chosen + cut)
            best = extended
        return best[count][1] if count in best else None

    def _holders(self, piece: str) -> int:
        """How many names' words hold the piece, counted per word (an upper bound: a cost)."""
        seen = self._pieces_seen.get(piece)
        return seen[0] if seen is not None else self._piece_seen(piece)[0]

    def _words_holding(self, piece: str) -> np.ndarray:
        """Codes of the distinct words that hold the piece."""
        return self._piece_seen(piece)[1]

    def _piece_seen(self, piece: str) -> tuple[int, np.ndarray]:
        """The piece's holders and the words holding it, remembered while the user types on
        (the words only when few, as the pieces chosen are: memory stays a few MB)."""
        seen = self._pieces_seen.get(piece)
        if seen is not None and seen[1] is not None:
            return seen
        starts = np.fromiter((match.start() for match in re.finditer(re.escape(piece), self._word_lines)),
                             dtype=np.int64)
        found = np.unique(np.searchsorted(self._line_starts, starts, side="right") - 1)
        holders = int(self._word_counts[found].sum())
        if len(self._pieces_seen) >= _PIECES_REMEMBERED:
            self._pieces_seen.clear()
        self._pieces_seen[piece] = (holders, found if len(found) <= _WORDS_REMEMBERED else None)
        return holders, found

    def _shares_a_word(self, query: str) -> np.ndarray:
        shared = np.zeros(len(self.names), dtype=bool)
        for code in self._words.get_indexer(list(set(query.split()))):
            if code >= 0:
                shared[self._names_by_word[self._word_starts[code]:self._word_starts[code + 1]]] = True
        return shared
