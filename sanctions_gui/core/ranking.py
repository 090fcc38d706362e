"""The order of text cells as a reader of Spanish names expects it, for a whole column at once.

A cell's sort key (`spanish_sort_key`) ignores accents, case and spacing and keeps ñ after
n. Sorting a column ranks the keys of its distinct values once; folding every long
note one by one took about a second on 200,000 rows. `text_ranks` gives the same ranks
with a few passes over all the values joined:

* every step of the key but the last is character by character (case folding, NFKD,
  dropping combining marks), so each character that is not plain ASCII is mapped once
  and replaced throughout (a column holds few distinct ones), and ASCII is lower-cased
  as bytes; Latin-1 text, most Spanish and English, takes one bytes.translate for both;
* white space is collapsed only in the cells that need it, found in the bytes;
* repeated values are keyed once (when a sample says they repeat).
Anything the fast path cannot be sure of (a NUL in a cell, a character whose key would
itself be changed again) goes through `spanish_sort_keys`, the definition.
"""

from __future__ import annotations

import operator
import unicodedata
from collections.abc import Sequence

import numpy as np

from .schema import fold_all

ENYE = "n\x7f"  # sorts after every other "n…": Spanish puts ñ between n and o
_MARK = "\x7f"  # ñ is set aside as this while folding, which would strip its tilde
_SEPARATOR = "\0"
_SAMPLE = 2_000  # values looked at to tell whether a column repeats its values
_REPEATING = 0.9  # share of distinct values in the sample below which values are keyed once each
_ASCII = bytes(range(0x80))
_LOWER_ASCII = bytes(range(0x100)).translate(bytes.maketrans(bytes(range(0x41, 0x5B)), bytes(range(0x61, 0x7B))))


def spanish_sort_key(text: str) -> str:
    """Accents and case ignored, ñ kept after n: "Álvarez" < "Núñez" < "Nuño" < "Zambrano"."""
    return spanish_sort_keys([text])[0]


def spanish_sort_keys(texts: Sequence[str]) -> list[str]:
    """spanish_sort_key of each text (the definition; `text_ranks` is the fast way to rank)."""
    return [key.replace(_MARK, ENYE) for key in fold_all(t.casefold().replace("ñ", _MARK) for t in texts)]


def text_ranks(texts: Sequence[str]) -> np.ndarray:
    """Per text, the rank of its spanish_sort_key among the distinct keys: equal keys rank equal."""
    values, codes = _distinct(texts)
    keys = _keys(values)
    order = sorted(range(len(keys)), key=keys.__getitem__)
    in_order = [keys[i] for i in order]
    steps = np.fromiter(map(operator.ne, in_order[1:], in_order[:-1]), dtype=np.int64,
                        count=max(len(in_order) - 1, 0))
    ranks = np.empty(len(keys), dtype=np.int64)
    ranks[order] = np.concatenate([np.zeros(min(len(keys), 1), dtype=np.int64), np.cumsum(steps)])
    return ranks[codes] if codes is not None else ranks


def _distinct(texts: Sequence[str]) -> tuple[list[str], np.ndarray | None]:
    """The values to key and, when repeats were folded together, each text's value."""
    texts = list(texts)
    sample = texts[:: max(1, len(texts) // _SAMPLE)]
    if len(set(sample)) >= _REPEATING * len(sample):
        return texts, None  # nearly all distinct: hashing every value would not pay
    position: dict[str, int] = {}
    codes = np.fromiter((position.setdefault(text, len(position)) for text in texts), dtype=np.int64,
                        count=len(texts))
    return list(position), codes


def _keys(values: list[str]) -> list[str]:
    """spanish_sort_keys(values), computed over all of them joined."""
    if not values:
        return []
    joined = _SEPARATOR.join(values)
    try:  # most text is Latin-1 (Spanish, English): one byte a character
        codec, data = "latin-1", joined.encode("latin-1")
    except UnicodeEncodeError:
        codec, data = "utf-8", joined.encode("utf-8", "surrogatepass")
    beyond_ascii = set() if joined.isascii() else set(data.translate(None, _ASCII).decode(codec, "surrogatepass"))
    mapped = {character: key for character in beyond_ascii if (key := _character_key(character)) != character}
    # No character's key holds a character whose own key differs (none does in Unicode 15);
    # if one did, replacing one after another would change it twice.
    if any(_character_key(c) != c for key in mapped.values() for c in key if ord(c) > 0x7F):
        return spanish_sort_keys(values)
    if codec == "latin-1" and all(len(key) == 1 and ord(key) < 0x100 for key in mapped.values()):
        table = bytearray(_LOWER_ASCII)
        for character, key in mapped.items():
            table[ord(character)] = ord(key)
        data = data.translate(table)  # every replacement and the lower-casing in one pass
    else:
        for character, key in mapped.items():
            joined = joined.replace(character, key)
        codec, data = "utf-8", joined.encode("utf-8", "surrogatepass").lower()  # ASCII letters only
    if _MARK.encode() in data:
        data = data.replace(_MARK.encode(), ENYE.encode())
    keys = data.decode(codec, "surrogatepass").split(_SEPARATOR)
    if len(keys) != len(values):  # a value holds NUL itself
        return spanish_sort_keys(values)
    for index in _needing_white_space_collapsed(data, keys):
        keys[index] = " ".join(keys[index].split())
    return keys


def _character_key(character: str) -> str:
    """The key of one character, before ñ's mark becomes ENYE: every step of
    spanish_sort_keys but the white space one, which looks at neighbours."""
    decomposed = unicodedata.normalize("NFKD", character.casefold().replace("ñ", _MARK))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _needing_white_space_collapsed(data: bytes, keys: list[str]) -> list[int]:
    """Keys with white space other than single spaces between words (tabs, line breaks,
    runs, leading or trailing spaces, Unicode spaces), from the bytes of them all joined
    (Latin-1 or UTF-8: either way a byte below 0x80 is that ASCII character)."""
    raw = np.frombuffer(data, dtype=np.uint8)
    controls = np.flatnonzero(raw < 0x20)
    is_separator = raw[controls] == 0
    separators = controls[is_separator]
    odd = [controls[~is_separator]]  # tabs, line breaks and other control characters
    space = raw == 0x20
    odd.append(np.flatnonzero(space[1:] & space[:-1]))  # runs of spaces
    starts = np.concatenate([[0], separators + 1])
    ends = np.concatenate([separators, [len(raw)]])
    filled = ends > starts
    odd.append(starts[filled & space[np.minimum(starts, len(raw) - 1)]])  # leading space
    odd.append(ends[filled & space[np.maximum(ends - 1, 0)]] - 1)  # trailing space
    found = set(np.searchsorted(separators, np.concatenate(odd)).tolist())
    if (raw > 0x7F).any():  # Unicode spaces folding leaves (U+0085, U+1680, U+2028, U+2029)
        found.update(i for i, key in enumerate(keys)
                     if not key.isascii() and any(c.isspace() for c in key if ord(c) > 0x7F))
    return sorted(found)
