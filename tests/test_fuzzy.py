"""Fuzzy name search gives the scores it always gave, only faster: compared with WRatio on every name."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest
from rapidfuzz import fuzz, process

from sanctions_gui.core.folding import fold, fold_all
from sanctions_gui.core.fuzzy import _ROUNDING, FuzzyNames, _best_broken, _most_breaks, _similarity, _words
from sanctions_gui.core.search import FUZZY_FROM, SearchIndex

THRESHOLDS = (50, 60, 70, 85, 95)


def misspelt(name: str, chooser: random.Random) -> str:
    """The name with a letter dropped, doubled or swapped, a word repeated or cut: how names get mistyped."""
    edits = [
        lambda s: s[:i] + s[i + 1:],
        lambda s: s[:i] + s[i] + s[i:],
        lambda s: s[:i] + s[i + 1:i + 2] + s[i:i + 1] + s[i + 2:],
        lambda s: s + " " + s.split()[0],
        lambda s: " ".join(s.split()[:2]),
        lambda s: s.upper(),
    ]
    i = chooser.randrange(max(len(name) - 1, 1))
    return chooser.choice(edits)(name)


@pytest.fixture(scope="module")
def crowd(frame) -> pd.DataFrame:
    """The bundled people, then 3,000 more with mistyped names and aliases, short and long ones,
    repeated words and lone letters, so that many names sit near every threshold."""
    chooser = random.Random(14)
    names = frame["name"].dropna().tolist()
    extra = [misspelt(chooser.choice(names), chooser) for _ in range(2_900)]
    extra += ["Ana", "J", "de la de", "Cabello", "Diosdado", "Maduro Maduro Moros", "El Aissami Tareck",
              "  Núñez   Peña ", "Cabello Rondón Diosdado José Antonio de la Santísima Trinidad"] * 11
    aliases = [tuple(misspelt(chooser.choice(names), chooser) for _ in range(chooser.randrange(3)))
               for _ in extra]
    more = pd.DataFrame({"name": extra, "aliases": aliases})
    for column in frame.columns.difference(more.columns):
        more[column] = [frame[column].iloc[0]] * len(more)
    return pd.concat([frame, more[frame.columns]], ignore_index=True)


def reference_scores(frame: pd.DataFrame, query: str) -> np.ndarray:
    """WRatio of the folded query against every name and alias, best per row: the search as it was."""
    aliases = frame["aliases"].explode().dropna()
    names = fold_all(frame["name"].fillna("")) + fold_all(aliases)
    owners = np.concatenate([np.arange(len(frame)), frame.index.get_indexer(aliases.index)])
    every = process.cdist([fold(query)], names, scorer=fuzz.WRatio, workers=1)[0]
    scores = np.zeros(len(frame))
    np.maximum.at(scores, owners, every)
    return scores


# Whole names, and the words of one being typed (bounded by the pieces a name's words must
# hold), regular-expression characters among them.
QUERIES = ("Diosdado Cabelo", "maduro moros", "Tarek el aisami", "cabello", "jose", "de la", "Nunez Pena",
           "Padrino Lopez Vladimir", "Delcy Rodrigez", "zzzz", "a b c", "dio", "diosd", "cabelo", "madur", "rondón",
           "aissami", "ana", "pena", "d'ago", "j.r", "a+b", "(ca", "cabellocabellocabello")


@pytest.mark.parametrize("query", QUERIES)
def test_fuzzy_results_do_not_change_same_rows_same_scores(crowd, query):
    index = SearchIndex(crowd)
    reference = reference_scores(crowd, query)
    for threshold in THRESHOLDS:
        exact = index.exact_mask(query)
        found, scores = index.match(query, threshold)
        expected = (reference >= threshold) | exact
        assert np.array_equal(found, expected), f"{query!r} at {threshold}: other rows"
        assert np.array_equal(scores[found], reference[found]), f"{query!r} at {threshold}: other scores"


@pytest.mark.parametrize("query", ["d", "di", "Ñ", "d i", " de "])
def test_searches_shorter_than_three_letters_match_exactly_in_fuzzy_mode(crowd, query):
    """One or two letters are "like" most names; they are matched exactly, without scores."""
    assert len(fold(query).replace(" ", "")) < FUZZY_FROM
    index = SearchIndex(crowd)
    for threshold in THRESHOLDS:
        found, scores = index.match(query, threshold)
        assert scores is None
        assert np.array_equal(found, index.exact_mask(query))


def test_the_bound_leaves_most_names_unscored_on_a_precise_query(crowd):
    names = FuzzyNames(fold_all(crowd["name"]))
    candidates = names._candidates(fold("Diosdado Cabelo"), 85)
    reference = process.cdist([fold("Diosdado Cabelo")], names.names, scorer=fuzz.WRatio)[0]
    assert set(np.flatnonzero(reference >= 85)) <= set(candidates)
    assert len(candidates) < len(names.names) / 4


def test_a_word_being_typed_is_scored_only_against_names_whose_words_hold_it(crowd):
    """At 85 a short one-word query can reach the threshold against a much longer name only
    where one of the name's words holds the query: the other long names are not scored."""
    names = FuzzyNames(fold_all(crowd["name"]))
    query = fold("diosd")
    candidates = set(names._candidates(query, 85).tolist())
    reference = process.cdist([query], names.names, scorer=fuzz.WRatio)[0]
    assert set(np.flatnonzero(reference >= 85)) <= candidates
    long_without_it = {i for i, name in enumerate(names.names)
                       if len(name) >= 1.5 * len(query) and not any(query in word for word in name.split())}
    assert long_without_it and not candidates & long_without_it


def test_empty_names_and_queries_score_zero():
    names = FuzzyNames(["", "ana perez", "luis"])
    assert names.scores("", 50).tolist() == [0, 0, 0]
    assert names.scores("ana perez", 50).tolist() == [0, 100, 0]


def test_words_are_split_as_str_split_does():
    names = ["ana  perez", "luis\tde la de", "", "odd\x01name here", "x"]
    flat, owners = _words(names)
    assert list(zip(flat.tolist(), owners.tolist())) == [
        (word, owner) for owner, name in enumerate(names) for word in name.split()]


# --- the bound against WRatio on every name, over many random names and queries -----------

RANDOM_THRESHOLDS = (50, 70, 85, 88, 95)


def _mangled(word: str, chooser: random.Random) -> str:
    """The word as typed by someone in a hurry: a letter dropped, doubled, swapped or changed."""
    if len(word) < 2:
        return word
    i = chooser.randrange(len(word) - 1)
    return chooser.choice([word[:i] + word[i + 1:], word[:i] + word[i] + word[i:],
                           word[:i] + word[i + 1] + word[i] + word[i + 2:],
                           word[:i] + chooser.choice("aeiourns") + word[i + 1:]])


@pytest.fixture(scope="module")
def random_crowd(frame) -> tuple[list[str], list[str]]:
    """About 4,000 folded names made of the bundled names' words (namesakes, repeated words,
    serial numbers as in bench/generate.py, short and long names, misspellings), and the
    words they are made of."""
    chooser = random.Random(1414)
    real = fold_all(frame["name"].dropna()) + fold_all(frame["aliases"].explode().dropna())
    words = sorted({word for name in real for word in name.split()})
    names = list(real)
    for _ in range(3_800):
        picked = [chooser.choice(words) for _ in range(chooser.choice((1, 2, 2, 3, 3, 4, 5, 7)))]
        roll = chooser.random()
        if roll < 0.15:
            picked.insert(chooser.randrange(len(picked) + 1), chooser.choice(picked))  # a word repeated
        elif roll < 0.3:
            picked = [_mangled(word, chooser) for word in picked]
        elif roll < 0.45:
            picked = chooser.choice(real).split() + [str(chooser.randrange(1, 200_000))]  # a namesake
        elif roll < 0.5:
            picked = [chooser.choice(words)[:chooser.randrange(1, 4)] for _ in picked]  # initials, stubs
        names.append(" ".join(word for word in picked if word))
    return fold_all(names), words


def _random_queries(names: list[str], words: list[str], chooser: random.Random) -> list[str]:
    """Names being typed letter by letter, words combined and misspelt, a single-letter last
    word, and long pasted names: the queries a bound that is wrong somewhere would fail on."""
    queries = set()
    for name in chooser.sample(names, 15):
        queries.update(name[:n] for n in range(3, len(name) + 1))
    for _ in range(200):
        picked = [chooser.choice(words) for _ in range(chooser.choice((2, 2, 3, 3, 4)))]
        roll = chooser.random()
        if roll < 0.4:
            picked = [_mangled(word, chooser) for word in picked]
        elif roll < 0.6:
            picked[-1] = picked[-1][:1]  # the first letter of the next word
        elif roll < 0.7:
            picked.append(picked[0])  # a word repeated
        queries.add(" ".join(word for word in picked if word))
    queries.update(chooser.choice(names) + " " + chooser.choice(names) for _ in range(15))  # long, over 64
    return sorted(query for query in fold_all(queries) if len(query.replace(" ", "")) >= 3)


def _assert_same_as_wratio(names: FuzzyNames, query: str, thresholds=RANDOM_THRESHOLDS) -> None:
    every = process.cdist([query], names.names, scorer=fuzz.WRatio, workers=-1)[0]
    for threshold in thresholds:
        scores = names.scores(query, threshold)
        expected = every >= threshold
        assert np.array_equal(scores >= threshold, expected), (
            f"{query!r} at {threshold}: {[names.names[i] for i in np.flatnonzero(expected & (scores < threshold))][:5]}"
            " reach it with WRatio but were not scored")
        assert np.array_equal(scores[expected], every[expected]), f"{query!r} at {threshold}: other scores"


def test_many_random_queries_find_the_names_and_scores_wratio_finds(random_crowd):
    names_list, words = random_crowd
    names = FuzzyNames(names_list)
    queries = _random_queries(names_list, words, random.Random(7))
    assert len(queries) > 350 and any(len(query) > 64 for query in queries)
    assert sum(len(query.split()) > 1 for query in queries) > 250
    for query in queries:
        _assert_same_as_wratio(names, query)


TRICKY_NAMES = [
    "diosdado cabello rondon", "diosdado cabello rondon 12", "diosdado cabello rondon 13", "cabello diosdado",
    "diosdadocabello rondon", "dios dado cabello", "diosdado", "cabello", "c", "d c", "diosdado c",
    "cabello cabello cabello", "diosd diosd diosd", "xabcde xabcde", "abcdez abcdez", "abcde zabcde abcde",
    "maduro maduro moros", "moros maduro nicolas", "nicolas maduro moros de la santisima trinidad",
    "el aissami tareck", "tareck zaidan el aissami maddah", "tarek el aisami", "el el el el", "a b c d e f g",
    "jose de la cruz de la de", "de la", "ana", "anana banana", "cabelo", "diosdad cabelo",
    " ".join(["cabello"] * 12), "x" * 70, "diosdado cabello " + "x" * 60,
]
TRICKY_QUERIES = [
    "diosdado c", "diosdado ca", "diosdado cabelo", "cabelo diosdado", "dios dado", "diosdadocabello",
    "xabcde", "abcdez", "zabcde abcde", "maduro maduro", "nicolas maduro moros", "tareck el a",
    "tareck el aissami", "el el", "de la c", "a b c", "ana b", "cabello cabello", "x" * 65, "x" * 64 + " c",
    "diosdado cabello rondon jose antonio de la santisima trinidad cabello rondon diosdado jose antonio",
]


def test_tricky_names_and_queries_score_as_wratio():
    """Namesakes, a query's words run together or split, repeated words whose distinct words
    are as long as the query (where partial_ratio slides both ways), needles over 64 letters."""
    names = FuzzyNames(TRICKY_NAMES * 3)
    for query in TRICKY_QUERIES:
        for n in range(3, len(query) + 1):
            if not query[:n].endswith(" "):
                _assert_same_as_wratio(names, query[:n], thresholds=RANDOM_THRESHOLDS + (60, 99, 100))


def test_names_and_queries_not_folded_still_score_as_wratio():
    """Names or queries with other white space than single spaces (rapidfuzz splits words on
    fewer kinds of it than str.split does) are scored whatever the bound says."""
    odd = ["diosdado\u00a0cabello rondon", "diosdado  cabello", " diosdado cabello ", "diosdado\u2000cabello x",
           "diosdado\tcabello rondon", "cabello\u0085diosdado", "diosdado cabello rondon",
           "ay\u2000by\u2000cy\u2000dy\u2000ey", "ay by cy dy ey"]  # rapidfuzz joins the words with spaces
    names = FuzzyNames(odd * 2)
    for query in ["diosdado cabello", "diosdado  cabello", "diosdado cabello ", " diosdado", "diosdado\u00a0c",
                  "diosdado\u2000cabello", "cabello\tdiosdado", "ax bx cx dx ex", "ax\u2000bx\u2000cx\u2000dx\u2000ex"]:
        _assert_same_as_wratio(names, query, thresholds=RANDOM_THRESHOLDS + (55, 60))


def _near_misses(crowd: list[str], chooser: random.Random) -> list[tuple[str, str]]:
    """(query, name) pairs where only a partial part can reach the threshold: a piece of a long
    name cut across its words and mistyped, and a name's words repeated against the query
    those words make, mistyped and as long (partial_ratio then slides both ways)."""
    pairs = []
    for name in chooser.sample([name for name in crowd if len(name) >= 20], 150):
        size = chooser.randrange(6, min(len(name) * 2 // 3, 40))
        start = chooser.randrange(len(name) - size + 1)
        query = name[start:start + size]
        for _ in range(chooser.randrange(4)):
            query = _mangled(query, chooser)
        pairs.append((" ".join(query.split()), name))
    for _ in range(150):
        words = " ".join(chooser.choice(crowd).split()[:chooser.randrange(1, 4)])
        if len(words) < 6:
            continue
        name = " ".join([words] * chooser.randrange(2, 4))
        query = list(words)
        for _ in range(chooser.randrange(1, 5)):
            del query[chooser.randrange(len(query))]
        query = "".join(query) + "".join(chooser.choice("xqzk") for _ in range(len(words) - len(query)))
        pairs.append((" ".join(query.split()), name))
    return [(query, name) for query, name in pairs if len(query.replace(" ", "")) >= 3]


def test_near_misses_through_a_partial_part_score_as_wratio(random_crowd):
    """Each query against names including its own, at thresholds around its score with that
    name: where a bound that admits too few pieces or breaks would leave the name out."""
    chooser = random.Random(99)
    pairs = _near_misses(random_crowd[0], chooser)
    assert len(pairs) > 250
    names = FuzzyNames(chooser.sample(random_crowd[0], 600) + [name for _, name in pairs])
    for query, name in pairs:
        own = fuzz.WRatio(query, name)
        _assert_same_as_wratio(names, query, thresholds=(50, 85, int(own), int(own) - 1, int(own) - 3))


@pytest.mark.parametrize("query", ["Diosdado ", "Diosdado  Cabelo", "  Diosdado Cabelo ", "DIOSDADO CABÉLLO",
                                   "Diósdado C", "Tareck El A", "Nicolás Maduro Moros", "nicolas  maduro   m"])
def test_spaces_and_accents_in_a_search_are_folded_before_scoring(crowd, query):
    """The search folds the query (accents, case, spacing) before scoring: a trailing or double
    space changes nothing, and the scores are WRatio's of the folded query."""
    index = SearchIndex(crowd)
    reference = reference_scores(crowd, query)
    plain = " ".join(fold(query).split())
    for threshold in THRESHOLDS:
        found, scores = index.match(query, threshold)
        assert np.array_equal(scores[found], reference[found])
        assert np.array_equal(found, (reference >= threshold) | index.exact_mask(query))
        assert np.array_equal(index.match(plain, threshold)[1], scores)


def test_the_most_breaks_are_those_of_every_window_that_reaches_the_score():
    for size in range(1, 40):
        for needed in (55.5, 77.8, 85 / 0.9, 85 / 0.855, 90 / 0.9, 99.0, 100.0, 105.0):
            reaching = [(missed, unmatched) for missed in range(size) for unmatched in range(missed + 1)
                        if _similarity(size, missed, unmatched) + _ROUNDING >= needed]
            most = max((missed + unmatched for missed, unmatched in reaching), default=-1)
            assert _most_breaks(size, needed) == most
            broken = [_similarity(size, missed, unmatched) for missed in range(size) for unmatched in range(missed + 1)
                      if missed + unmatched > most]
            assert max(broken, default=0.0) == _best_broken(size, most + 1)
            assert _best_broken(size, most + 1) + _ROUNDING < needed


def test_two_words_being_typed_leave_most_names_unscored(crowd):
    """The second word's first letters add no piece worth looking up; the first word's pieces
    still bound every long name."""
    names = FuzzyNames(fold_all(crowd["name"]))
    for query in ("diosdado c", "diosdado ca", "tareck el a", "nicolas ma"):
        candidates = names._candidates(query, 85)
        reference = process.cdist([query], names.names, scorer=fuzz.WRatio)[0]
        assert set(np.flatnonzero(reference >= 85)) <= set(candidates)
        assert len(candidates) < len(names.names) / 10, query


def test_a_score_that_reads_the_threshold_is_found_regression():
    """cdist gives float32 scores but cut off on the double: this pair's WRatio,
    49.99999999999999, reads 50 and was shown as 50 on a row another field found, yet at
    threshold 50 the name was not found."""
    query, name = "araa vallle aadrian", "ampueda ampueda silva maria"
    assert process.cdist([query], [name], scorer=fuzz.WRatio)[0][0] == 50
    assert FuzzyNames([name]).scores(query, 50).tolist() == [50]
