"""One accent-folding function: the schema's. Person ids are a hash of the folded name, so
the notes an analyst wrote are found again only while folding gives exactly what it gave."""

from __future__ import annotations

import hashlib
import unicodedata

import pandas as pd
import pytest

from sanctions_gui.core import reading, schema, values
from sanctions_gui.core.folding import fold, fold_all, fold_key, fold_keys

TRICKY = ["Clíver Antonio Alcalá Cordones", "  NÉSTOR  luis Reverol ", "Ñañez Ğöktürk", "Straße İstanbul",
          "ǅemal ﬁx", "Å\u030a x", "a\0b", "", "tab\tand\nnewline", "ＦＵＬＬ width"]


def independent_fold(text: str) -> str:
    """Folding written out step by step, character by character, as the schema documents it."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


@pytest.mark.parametrize("text", TRICKY)
def test_fold_removes_accents_case_and_spacing_as_documented(text):
    assert fold(text) == independent_fold(text)


def test_folding_a_column_gives_what_folding_each_value_gives():
    assert fold_all(TRICKY) == [fold(t) for t in TRICKY]
    assert fold_keys(TRICKY) == [fold_key(t) for t in TRICKY]
    column = pd.Series(TRICKY, index=range(10, 20))
    assert values.fold_column(column).tolist() == [fold(t) for t in TRICKY]
    assert values.fold_key_column(column).tolist() == [fold_key(t) for t in TRICKY]


def test_person_ids_did_not_change_when_folding_became_one_function():
    """Ids recorded with the two folding functions the app had before: notes are keyed by them."""
    frame = pd.DataFrame({
        "name": pd.array(["Clíver Antonio Alcalá Cordones", "  NÉSTOR  luis Reverol ", "Ñañez Ğöktürk",
                          "Straße İstanbul", "Clíver Antonio Alcalá Cordones", None, "ǅemal ﬁx"], dtype="string"),
        "date_of_birth": pd.to_datetime(["1961-12-21", None, "1970-01-01", None, "1961-12-21", None, None]),
    })
    assert reading.person_ids(frame).tolist() == [
        "5b32c154a2ca", "0e240e185ee4", "4bb3a5e397ba", "1e589d8f3b86", "5b32c154a2ca-2", "3eb416223e9e",
        "3cf7c1e61ee2"]


def test_bundled_person_ids_are_the_hash_of_the_folded_name_and_birth_date(frame):
    expected = []
    seen: dict[str, int] = {}
    for name, born in zip(frame["name"].fillna(""), frame["date_of_birth"]):
        key = independent_fold(name) + "|" + (born.strftime("%Y-%m-%d") if pd.notna(born) else "")
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
        seen[digest] = seen.get(digest, 0) + 1
        expected.append(digest if seen[digest] == 1 else f"{digest}-{seen[digest]}")
    assert frame[schema.PERSON_ID].tolist() == expected
