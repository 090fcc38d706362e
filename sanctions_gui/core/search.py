"""Free-text search over names, aliases, positions and institutions.

Exact mode (the default) is what an analyst expects from a search box: every word of
the query must appear, ignoring accents, case and spacing, so "cliver alcala" finds
"Clíver Alcalá Cordones" and "elaissami" finds "El Aissami". Fuzzy mode follows the
Treasury's Sanctions List Search: only names and aliases are matched loosely, scored
0-100, and the user lowers a threshold from 100 (exact) to widen the net; the other
fields still match exactly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from .display import LIST_SEPARATOR
from .schema import FIELDS, SEARCH_FIELDS, Kind, fold

EXACT = 100


def _folded(frame: pd.DataFrame, column: str) -> list[str]:
    values = frame[column]
    if FIELDS[column].kind is Kind.LIST:
        values = values.map(LIST_SEPARATOR.join, na_action="ignore")
    return [fold(v) for v in values.fillna("").astype(str)]


class SearchIndex:
    """Folded text of the searchable fields, built once per loaded frame."""

    def __init__(self, frame: pd.DataFrame):
        columns = {column: _folded(frame, column) for column in SEARCH_FIELDS}
        self._spaced = [" | ".join(parts) for parts in zip(*columns.values())] if len(frame) else []
        self._compact = [text.replace(" ", "") for text in self._spaced]
        # Names and aliases (schema.FUZZY_FIELDS), one entry per name, with its row.
        names, owners = [], []
        for row, name in enumerate(columns["name"]):
            names.append(name)
            owners.append(row)
        for row, aliases in enumerate(frame["aliases"]):
            for alias in aliases or ():
                names.append(fold(alias))
                owners.append(row)
        self._names = names
        self._owners = np.asarray(owners, dtype=np.int64)
        self._rows = len(frame)

    def exact_mask(self, query: str) -> np.ndarray:
        """Rows whose text holds every word of the query, or the query with spaces removed."""
        words = fold(query).split()
        if not words:
            return np.ones(self._rows, dtype=bool)
        mask = np.fromiter((all(w in text for w in words) for text in self._spaced),
                           dtype=bool, count=self._rows)
        compact = "".join(words)
        mask |= np.fromiter((compact in text for text in self._compact), dtype=bool, count=self._rows)
        return mask

    def name_scores(self, query: str) -> np.ndarray:
        """Best 0-100 similarity of the query to each row's name or aliases."""
        scores = np.zeros(self._rows, dtype=np.float64)
        folded = fold(query)
        if not folded or not self._names:
            return scores
        similarity = process.cdist([folded], self._names, scorer=fuzz.WRatio, workers=-1)[0]
        np.maximum.at(scores, self._owners, similarity)
        return scores

    def match(self, query: str, threshold: int = EXACT) -> tuple[np.ndarray, np.ndarray | None]:
        """The rows a query finds and, in fuzzy mode, each row's name score."""
        if not query.strip():
            return np.ones(self._rows, dtype=bool), None
        exact = self.exact_mask(query)
        if threshold >= EXACT:
            return exact, None
        scores = self.name_scores(query)
        return (scores >= threshold) | exact, scores
