"""The order of text cells as a reader of Spanish names expects it, for a whole column at once.

A cell's sort key (`spanish_sort_key`) ignores accents, case and spacing and keeps ñ after
n. Sorting a column ranks the keys of its distinct values once; folding every long
note one by one took about a second on 200,000 rows. `text_ranks` gives the same ranks
with a few passes over all the values joined:

* every step of the key but the last is character by character (case folding, NFKD,
  dropping combining marks), so each character that is not plain ASCII is mapped once
  and replaced throughout (a column holds few distinct ones), and ASCII is lower-cased
  as bytes, its tabs and line breaks made spaces; Latin-1 text, most Spanish and
  English, takes one bytes.translate for all of it;
* the keys stay bytes (Latin-1 or UTF-8, both of which sort as their code points do);
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

from .folding import fold_all

ENYE = "n\x7f"  # sorts after every other "n…": Spanish puts ñ between n and o
_MARK = "\x7f"  # ñ is set aside as this while folding, which would strip its tilde
_SEPARATOR = "\0"
_SAMPLE = 2_000  # values looked at to tell whether a column repeats its values
_REPEATING = 0.9  # share of distinct values in the sample below which values are keyed once each
_ASCII = bytes(range(0x80))


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


def repeats_values(texts: Sequence[str]) -> bool:
    """Whether a sample of the texts repeats its values: then each is keyed once, and even
    200,000 rows rank in tens of milliseconds; nearly all distinct texts are keyed one by one."""
    sample = texts[:: max(1, len(texts) // _SAMPLE)]
    return len(set(sample)) < _REPEATING * len(sample)


def _distinct(texts: Sequence[str]) -> tuple[list[str], np.ndarray | None]:
    """The values to key and, when repeats were folded together, each text's value."""
    texts = list(texts)
    if not repeats_values(texts):
        return texts, None  # nearly all distinct: hashing every value would not pay
    position: dict[str, int] = {}
    codes = np.fromiter((position.setdefault(text, len(position)) for text in texts), dtype=np.int64,
                        count=len(texts))
    return list(position), codes


def _keys(values: list[str]) -> list[bytes]:
    """Per value, bytes that sort as its spanish_sort_key does: the key's Latin-1 or UTF-8
    bytes (either keeps the order of code points), made over all the values joined."""
    if not values:
        return []
    joined = _SEPARATOR.join(values)
    try:  # most text is Latin-1 (Spanish, English): one byte a character
        codec, data = "latin-1", joined.encode("latin-1")
    except UnicodeEncodeError:
        codec, data = "utf-8", joined.encode("utf-8", "surrogatepass")
    beyond = set() if joined.isascii() else set(data.translate(None, _ASCII).decode(codec, "surrogatepass"))
    mapped = {character: key for character in beyond if (key := _character_key(character)) != character}
    # No character's key holds a character whose own key differs (none does in Unicode 15);
    # if one did, replacing one after another would change it twice.
    if any(_character_key(c) != c for key in mapped.values() for c in key if ord(c) > 0x7F):
        return [key.encode("utf-8", "surrogatepass") for key in spanish_sort_keys(values)]
    if codec == "latin-1" and all(len(key) == 1 and ord(key) < 0x100 for key in mapped.values()):
        table = bytearray(_ASCII_TABLE)
        for character, key in mapped.items():
            table[ord(character)] = ord(key)
        data = data.translate(table)  # every replacement, the lower-casing and the white space in one pass
    else:
        for character, key in mapped.items():
            joined = joined.replace(character, key)
        codec, data = "utf-8", joined.encode("utf-8", "surrogatepass").translate(_ASCII_TABLE)
    if _MARK.encode() in data:
        data = data.replace(_MARK.encode(), ENYE.encode())
    keys = data.split(_SEPARATOR.encode())
    if len(keys) != len(values):  # a value holds NUL itself
        return [key.encode("utf-8", "surrogatepass") for key in spanish_sort_keys(values)]
    for index in _needing_white_space_collapsed(data, keys):
        keys[index] = b" ".join(keys[index].split())
    return keys


def _character_key(character: str) -> str:
    """The key of one character, before ñ's mark becomes ENYE: every step of
    spanish_sort_keys but collapsing white space, which looks at neighbours; white space
    of every kind is a plain space here, as collapsing it makes it."""
    decomposed = unicodedata.normalize("NFKD", character.casefold().replace("ñ", _MARK))
    key = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return "".join(" " if c.isspace() else c for c in key)


# ASCII lower-cased and its white space (tab, line breaks, separators) made plain spaces;
# other bytes (the rest of Latin-1, UTF-8's) as they are.
_ASCII_TABLE = bytes(ord(_character_key(chr(byte))) if byte < 0x80 else byte for byte in range(0x100))


def _needing_white_space_collapsed(data: bytes, keys: list[bytes]) -> np.ndarray:
    """Keys with a run of spaces or a leading or trailing one, from the bytes of them all
    joined (every white space is a plain space by now, and a byte below 0x80 is that ASCII
    character in Latin-1 and UTF-8 alike). Pairs of bytes are read as 16-bit numbers at
    even and odd offsets: two passes, where looking for two spaces in bytes is slow."""
    if not data:
        return np.zeros(0, dtype=np.int64)
    lengths = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
    starts = np.concatenate([[0], np.cumsum(lengths[:-1] + 1)])
    raw = np.frombuffer(data, dtype=np.uint8)
    filled = lengths > 0
    edges = filled & ((raw[np.minimum(starts, len(raw) - 1)] == 0x20) |
                      (raw[np.maximum(starts + lengths - 1, 0)] == 0x20))
    pairs = 0x2020  # two spaces, either way round
    even = np.frombuffer(data, dtype="<u2", count=len(data) // 2)
    odd = np.frombuffer(data, dtype="<u2", offset=1, count=(len(data) - 1) // 2) if len(data) > 1 else even[:0]
    runs = np.concatenate([2 * np.flatnonzero(even == pairs), 2 * np.flatnonzero(odd == pairs) + 1])
    in_runs = np.searchsorted(starts, runs, side="right") - 1
    return np.union1d(np.flatnonzero(edges), in_runs)
