"""Fuzzy name search gives the scores it always gave, only faster: compared with WRatio on every name."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest
from rapidfuzz import fuzz, process

from sanctions_gui.core.folding import fold, fold_all
from sanctions_gui.core.fuzzy import FuzzyNames, _words
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
