"""Free-text search over names, aliases, positions and institutions.

Exact mode (the default) is what an analyst expects from a search box: every word of
the query must appear, ignoring accents, case and spacing, so "cliver alcala" finds
"Clíver Alcalá Cordones" and "elaissami" finds "El Aissami". Fuzzy mode follows the
Treasury's Sanctions List Search: only names and aliases are matched loosely, scored
0-100, and the user lowers a threshold from 100 (exact) to widen the net; the other
fields still match exactly. The scoring itself, kept quick on large lists, is in fuzzy.py.
Scoring starts at FUZZY_FROM letters: one or two letters are "like" most names (every
name holding them scores high), so shorter searches match exactly, as name search in
other tools does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .display import LIST_SEPARATOR
from .folding import fold, fold_all
from .schema import FIELDS, SEARCH_FIELDS, Kind

if TYPE_CHECKING:
    from .fuzzy import FuzzyNames

EXACT = 100
FUZZY_FROM = 3  # letters (spaces not counted) from which names are scored; shorter searches match exactly


def scores_names(query: str, threshold: int) -> bool:
    """Whether a search scores names (fuzzy, long enough) rather than matching exactly."""
    return threshold < EXACT and len(fold(query).replace(" ", "")) >= FUZZY_FROM


def _cell_text(frame: pd.DataFrame, column: str) -> pd.Series:
    values = frame[column]
    if FIELDS[column].kind is Kind.LIST:
        values = values.map(LIST_SEPARATOR.join, na_action="ignore")
    return values.fillna("").astype(str)


class SearchIndex:
    """Folded text of the searchable fields, built once per loaded frame.

    Spaces are dropped from the searchable text and each query word is looked for as a
    substring, which makes the search spacing-insensitive ("elaissami", "el aissami").
    While the analyst types on, each new query extends the last one, so only the rows
    that matched it need testing again.
    """

    def __init__(self, frame: pd.DataFrame):
        joined = ["|".join(parts) for parts in zip(*(_cell_text(frame, c) for c in SEARCH_FIELDS))]
        self._texts = [text.replace(" ", "") for text in fold_all(joined)]
        self._frame = frame
        self._fuzzy: FuzzyNames | None = None  # built on the first fuzzy search
        self._owners = np.zeros(0, dtype=np.int64)
        self._rows = len(frame)
        self._last_query = ""
        self._last_rows = np.arange(self._rows)

    def _fuzzy_names(self) -> FuzzyNames:
        """Names and aliases (schema.FUZZY_FIELDS), one entry per name, with the row of each."""
        if self._fuzzy is None:
            from .fuzzy import FuzzyNames  # rapidfuzz loads with the first fuzzy search

            aliases = self._frame["aliases"].explode().dropna()
            self._fuzzy = FuzzyNames(fold_all(self._frame["name"].fillna("")) + fold_all(aliases))
            self._owners = np.concatenate([np.arange(self._rows), self._frame.index.get_indexer(aliases.index)])
        return self._fuzzy

    def exact_mask(self, query: str) -> np.ndarray:
        """Rows whose text holds every word of the query, accents, case and spaces ignored."""
        folded = " ".join(fold(query).split())
        mask = np.zeros(self._rows, dtype=bool)
        if not folded:
            mask[:] = True
            return mask
        rows = self._last_rows if self._last_query and folded.startswith(self._last_query) \
            else np.arange(self._rows)
        texts = self._texts
        for word in sorted(folded.split(), key=len, reverse=True):  # longest first narrows fastest
            if len(rows) == self._rows:
                hits = [word in text for text in texts]
            else:
                hits = [word in texts[row] for row in rows.tolist()]
            rows = rows[np.asarray(hits, dtype=bool)]
        self._last_query, self._last_rows = folded, rows
        mask[rows] = True
        return mask

    def name_scores(self, query: str, threshold: int, shown: np.ndarray) -> np.ndarray:
        """Best 0-100 similarity of the query to each row's name or aliases, exact for every
        row it matters to: rows scoring at least the threshold, and the rows in `shown`
        (found by other fields). Other rows, never shown, read 0."""
        scores = np.zeros(self._rows, dtype=np.float64)
        folded = fold(query)
        names = self._fuzzy_names()
        if not folded or not names.names:
            return scores
        per_name = names.scores(folded, threshold)
        scores[:] = per_name[:self._rows]  # the first entries are the rows' own names, in order
        aliases = self._rows + np.flatnonzero(per_name[self._rows:])
        np.maximum.at(scores, self._owners[aliases], per_name[aliases])
        below = np.flatnonzero(shown[self._owners] & (scores[self._owners] < threshold))
        np.maximum.at(scores, self._owners[below], names.scores_of(folded, below))
        return scores

    def match(self, query: str, threshold: int = EXACT) -> tuple[np.ndarray, np.ndarray | None]:
        """The rows a query finds and, in fuzzy mode, each row's name score."""
        if not query.strip():
            return np.ones(self._rows, dtype=bool), None
        exact = self.exact_mask(query)
        if not scores_names(query, threshold):
            return exact, None
        scores = self.name_scores(query, threshold, exact)
        return (scores >= threshold) | exact, scores
