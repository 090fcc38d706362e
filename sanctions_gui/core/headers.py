"""Which field a source header stands for, judged by its words and given a score.

Analysts head their columns in their own words: "Active Security Forces?", "Mil./Police/
Intel at time of designation (Y/N)", "Sanctioned on", "Fecha de designación (EE. UU.)".
A fixed list of aliases misses most of them, and a missed header is kept as an extra
column, so the charts and presets that need it then count nobody.

A header is first looked up exactly among the schema's aliases. Failing that, it is
reduced to the words that carry its meaning (accents and case folded, "U.S." and "EE. UU."
joined, phrases that only say *when* such as "at time of designation" or "(Y/N)" dropped,
Spanish and synonymous words brought to one word, misspellings corrected with rapidfuzz)
and compared with every alias reduced the same way. The score is the share of words the
two have in common (Dice, 0-100; a corrected word counts for its similarity). A header is
mapped at once only when its best field scores HIGH_SCORE or more and clearly beats every
other field; otherwise the best fields are proposed and the column is kept as it is, so a
weak or two-sided guess never decides alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from . import folding, header_aliases, schema
from .import_report import WorkbookError

HIGH_SCORE = 90  # mapped at once (the import report says so)
PROPOSE_SCORE = 60  # proposed, the column kept as an extra one
CLEAR_MARGIN = 10  # the best field must beat the next one by this much to be mapped
CORRECTION_CUTOFF = 88  # rapidfuzz ratio at which a word is taken for a misspelt known word
SHORTEST_CORRECTED = 5  # shorter words are too alike to correct ("date" / "data")
LONGEST_HEADER_WORDS = 12  # a cell with more words is a sentence, not a header

# How a column got (or did not get) its field, as the import report and the Columns dialog say it.
EXACT, BY_WORDS, BY_HAND, PROPOSED, UNKNOWN = "exact", "by its words", "by hand", "proposed", "not recognised"

# Written forms of one country or body, joined into one word before the text is split.
_JOINED = tuple((re.compile(pattern), word) for pattern, word in (
    (r"\bunited states\b|\bestados unidos\b|(?<![a-z])ee\.?\s?uu\.?(?![a-z])", " us "),
    (r"(?<![a-z])u\.?\s?s\.?(?:\s?a\.?)?(?![a-z])", " us "),
    (r"\bunited kingdom\b|\breino unido\b|\bgreat britain\b|\bgran bretana\b|(?<![a-z])u\.?\s?k\.?(?![a-z])",
     " uk "),
    (r"\beuropean union\b|\bunion europea\b|(?<![a-z])(?:e\.?\s?u|u\.?\s?e)\.?(?![a-z])", " eu "),
    (r"(?<![a-z])e\.?\s?o\.?(?![a-z])", " eo "),
    (r"(?<![a-z])a\.?\s?k\.?\s?a\.?(?![a-z])", " aka "),
))
# Phrases that say when or in what form, not what: dropped from headers and aliases alike.
_QUALIFIERS = re.compile(
    r"\b(?:at|on|as of)\s+(?:the\s+)?time\s+of\s+(?:the\s+)?(?:us\s+)?(?:designation|sanction(?:ing)?|listing)\b"
    r"|\bat\s+(?:the\s+)?(?:us\s+)?(?:designation|sanction|listing)\b"
    r"|\bwhen\s+(?:first\s+)?(?:designated|sanctioned|listed)\b"
    r"|\b(?:al|en\s+el)\s+momento\s+de\s+(?:la\s+)?(?:sancion|designacion)\b"
    r"|\b(?:cuando\s+fue|al\s+ser)\s+(?:sancionad[oa]|designad[oa])\b"
    r"|\b(?:y|yes|s|si)\s*/\s*(?:n|no)\b|\bapprox\b|\baprox\b"
    r"|\b(?:dd|mm|yy|yyyy|aa|aaaa)(?:\s*[-/.]\s*(?:dd|mm|yy|yyyy|aa|aaaa))+\b")
_WORD = re.compile(r"[a-z0-9]+")
# "No.", "Nº", "Nro.", "Núm.": a column of row numbers, which analysts often put first. Its
# one word would otherwise be matched by itself ("no" of "No confirmado").
_ROW_NUMBER = re.compile(r"\s*(?:no|n[o\u00ba\u00b0]?|nr|nro|num|#)\s*\.?\s*")
_STOPWORDS = frozenset(
    "the of a an at in on by for to and or is was were also any if from with as "
    "de del la el los las en y o por para al con lo su sus".split())
_WHEN_LAST = frozenset({"on", "el"})  # "Sanctioned on", "Sancionado el": the header names a date

_WORD_GROUPS = {
    "sanctioned": "sanctioned sanction sanctions sanctioning designated designation designations designate "
                  "listed listing listings sancionado sancionada sancionados sancion sanciones designado "
                  "designada designacion designaciones inclusion incluido",
    "delisted": "delisted delisting delist removed removal exclusion excluido",
    "date": "date dates dated day fecha fechas dia",
    "birth": "birth born birthdate nacimiento nac nacido",
    "name": "name names nombre nombres",
    "person": "person persona individual individuo",
    "military": "military mil milit militar militares armed army fanb",
    "intelligence": "intelligence intel inteligencia",
    "police": "police policia policial",
    "security": "security seguridad",
    "force": "force forces fuerza fuerzas",
    "active": "active activo activa serving",
    "position": "position positions cargo cargos puesto posicion",
    "reason": "reason reasons razon razones motivo motivos",
    "note": "note notes nota notas comment comments comentario comentarios remark remarks observation "
            "observations observacion observaciones",
    "source": "source sources fuente fuentes reference references referencia referencias",
    "administration": "administration administracion presidency presidencia",
    "gender": "gender sex sexo genero",
    "alias": "alias aliases apodo apodos",
    "institution": "institution institucion organization organisation organizacion organismo",
    "commander": "commander commanders comandante comandantes",
    "former": "former ex antiguo antigua",
    "unit": "unit units unidad unidades",
    "authority": "authority autoridad",
    "program": "program programme programa",
    "canada": "canada canadian",
    "switzerland": "switzerland swiss suiza",
    "mexico": "mexico mejico mexican",
    "panama": "panama panamanian",
    "uk": "uk british britain",
    "eu": "eu european",
}
_SYNONYMS = {word: group for group, words in _WORD_GROUPS.items() for word in words.split()}


@dataclass(frozen=True)
class HeaderMatch:
    """What a header was recognised as.

    column: the field it becomes at once, or None; how: EXACT, BY_WORDS, PROPOSED or
    UNKNOWN; score: 0-100; candidates: the best fields with their scores, best first
    (for a proposal, those within CLEAR_MARGIN of the best).
    """

    column: str | None
    how: str
    score: int
    candidates: tuple[tuple[str, int], ...] = ()


def _reduce(text: str) -> list[str]:
    """The meaningful words of a header or alias, before synonyms and corrections."""
    folded = folding.fold(text)
    for pattern, word in _JOINED:
        folded = pattern.sub(word, folded)
    words = _WORD.findall(_QUALIFIERS.sub(" ", folded))
    if words and words[-1] in _WHEN_LAST and len(words) > 1:
        words[-1] = "date"
    return [word for word in words if word not in _STOPWORDS and (len(word) > 1 or word.isdigit())]


def _canonical(word: str) -> str:
    if word in _SYNONYMS:
        return _SYNONYMS[word]
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return _SYNONYMS.get(word[:-1], word[:-1])
    return word


# Aliases that, reduced to their words, say nothing of which field they are: "Sancionado"
# (the person) becomes just "sanctioned", as do half the date and list headers.
_VAGUE_ALONE = frozenset({frozenset({"sanctioned"})})


def _alias_words():
    """Word -> the aliases (column, words) holding it; column -> its one-word aliases; every
    known word, for corrections."""
    index: dict[str, list[tuple[str, frozenset[str]]]] = {}
    single: dict[str, set[str]] = {}
    known: set[str] = set(_SYNONYMS)
    for text, column in header_aliases.header_alias_texts():
        raw = _reduce(text)
        known.update(raw)
        words = frozenset(_canonical(word) for word in raw)
        if not words or words in _VAGUE_ALONE:
            continue
        if len(words) == 1:
            single.setdefault(column, set()).update(words)
        for word in words:
            if (column, words) not in index.setdefault(word, []):
                index[word].append((column, words))
    return index, single, tuple(sorted(known))


_ALIASES_BY_WORD, _ONE_WORD_ALIASES, _KNOWN_WORDS = _alias_words()
_KNOWN = frozenset(_KNOWN_WORDS) | frozenset(_ALIASES_BY_WORD)


@lru_cache(maxsize=8192)
def _correction(word: str) -> tuple[str, float] | None:
    """The known word a misspelt one is taken for, and its ratio; None when none is near.

    Finding the header row tries every short cell of a sheet's first rows, and the words
    of names and positions repeat, so each word is looked up once. rapidfuzz is imported
    here, on the first word to correct: a workbook whose headers are all known words opens
    without it (it is ~10 ms of a cold start)."""
    from rapidfuzz import fuzz, process

    found = process.extractOne(word, _known_words_near(len(word)), scorer=fuzz.ratio, score_cutoff=CORRECTION_CUTOFF)
    return None if found is None else (found[0], found[1])


@lru_cache(maxsize=None)
def _known_words_near(length: int) -> tuple[str, ...]:
    """The known words that can reach CORRECTION_CUTOFF against a word of this length, in
    their order (so extractOne picks as it would from all of them): fuzz.ratio of two
    words is at most 200·min(lengths)/(sum of lengths)."""
    return tuple(word for word in _KNOWN_WORDS
                 if 200 * min(length, len(word)) / (length + len(word)) >= CORRECTION_CUTOFF - 1e-9)


def header_words(text: str) -> dict[str, float]:
    """A header's canonical words, each with how sure the reading of it is (1, or a correction's ratio)."""
    words: dict[str, float] = {}
    for word in _reduce(text):
        weight = 1.0
        if word not in _KNOWN and _canonical(word) not in _KNOWN and len(word) >= SHORTEST_CORRECTED:
            found = _correction(word)
            if found is not None:
                word, weight = found[0], found[1] / 100
        canonical = _canonical(word)
        words[canonical] = max(words.get(canonical, 0.0), weight)
    return words


@lru_cache(maxsize=8192)
def match_header(text: str) -> HeaderMatch:
    """The field a header stands for, or the fields it might stand for, with scores."""
    exact = header_aliases.column_for_header(text)
    if exact is not None:
        return HeaderMatch(exact, EXACT, 100, ((exact, 100),))
    words = header_words(text)
    if not words or len(words) > LONGEST_HEADER_WORDS or _ROW_NUMBER.fullmatch(folding.fold(text)):
        return HeaderMatch(None, UNKNOWN, 0)
    best: dict[str, float] = {}
    for column, singles in _ONE_WORD_ALIASES.items():
        if len(words) > 1 and all(word in singles for word in words):  # "Sources / links", "Cargo o puesto"
            best[column] = 100 * min(words.values())
    for word in words:
        for column, alias in _ALIASES_BY_WORD.get(word, ()):
            shared = sum(weight for w, weight in words.items() if w in alias)
            score = 200 * shared / (len(words) + len(alias))
            best[column] = max(best.get(column, 0.0), score)
    ranked = sorted(((column, round(score)) for column, score in best.items()), key=lambda c: -c[1])
    if not ranked or ranked[0][1] < PROPOSE_SCORE:
        return HeaderMatch(None, UNKNOWN, ranked[0][1] if ranked else 0, tuple(ranked[:3]))
    top = ranked[0][1]
    close = tuple(c for c in ranked if c[1] >= max(top - CLEAR_MARGIN, PROPOSE_SCORE))[:3]
    if top >= HIGH_SCORE and len(close) == 1:
        return HeaderMatch(ranked[0][0], BY_WORDS, top, tuple(ranked[:3]))
    return HeaderMatch(None, PROPOSED, top, close)


# --- mappings chosen by hand -------------------------------------------------------------


class MappingError(WorkbookError):
    """A column mapping given by hand that cannot be used: the message says why, in one line."""


def mappable_columns() -> tuple[str, ...]:
    """Every column a header can be mapped to, in display order."""
    targets = set(header_aliases.HEADER_ALIASES.values())
    return tuple(column for column in schema.all_columns() if column in targets)


def field_for(text: str) -> str:
    """The column a user named, by its key ("security_status") or its label ("Security forces at designation")."""
    wanted = folding.fold(text)
    for column in mappable_columns():
        if wanted in (folding.fold(column), folding.fold(schema.label(column))):
            return column
    raise MappingError(f"'{text}' is not a field; use one of: {', '.join(mappable_columns())}.")


def header_key(header: str) -> str:
    """How headers are compared when mapped by hand: accents, case and spacing ignored."""
    return folding.fold(header)


def parse_mapping(items: Iterable[str]) -> dict[str, str | None]:
    """--map "HEADER=field" items as {header: column}; "HEADER=" (no field) keeps it as an extra column."""
    mapping: dict[str, str | None] = {}
    for item in items:
        header, equals, target = item.rpartition("=")
        if not equals or not header.strip():
            raise MappingError(f"'{item}' is not HEADER=field (for example \"Sanctioned on=us_designation_date\").")
        mapping[" ".join(header.split())] = field_for(target) if target.strip() else None
    return mapping


def mapping_conflicts(assigned: Iterable[tuple[str, str, str | None]]) -> list[str]:
    """Plain sentences for columns given one field twice on a sheet: (sheet, header, column) triples."""
    seen: dict[tuple[str, str], str] = {}
    problems = []
    for sheet, header, column in assigned:
        if column is None:
            continue
        first = seen.setdefault((sheet, column), header)
        if first != header:
            problems.append(f"Sheet '{sheet}': '{first}' and '{header}' are both set to "
                            f"{schema.label(column)}; choose one.")
    return problems
