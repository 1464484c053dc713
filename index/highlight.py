"""What to show of a result: the query's words as they stand in the passage, and its best sentence."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from corpus.titlecase import UPPER
from index.tokens import QUESTION_WORDS, strip_accents

_SYLLABLE = re.compile(r"[^\W_]+")
# A sentence ends at . ! ? ; or a line break, before a space and an uppercase letter or a digit,
# or at the end; "3.1." or "28-NQ/TW." inside a sentence do not end it.
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[\"'(“]?[" + UPPER + r"0-9])|\n+")


def sentences(text: str) -> list[str]:
    """The passage cut into sentences, as they stand in it."""
    return [sentence for _, _, sentence in _sentence_spans(text)]


@lru_cache(maxsize=4096)
def _sentence_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, sentence) of each sentence. Cached: the same passages answer many searches."""
    spans, pos = [], 0
    for piece in _SENTENCE_END.split(text):
        sentence = piece.strip() if piece else ""
        if sentence:
            start = text.index(sentence, pos)
            pos = start + len(sentence)
            spans.append((start, pos, sentence))
    return tuple(spans)


@dataclass(frozen=True)
class QueryTerms:
    """Content syllables of a query, compared folded only when the query was typed without accents.

    Folding an accented query would match "Nam" for "năm" and "thúc" for "thực".
    """

    terms: frozenset[str]
    folded: bool

    @classmethod
    def of(cls, query_words: list[str], folded: bool) -> QueryTerms:
        syllables = (s for word in query_words for s in _SYLLABLE.findall(word.lower()))
        return cls(frozenset(cls._key(s, folded) for s in syllables if s not in QUESTION_WORDS), folded)

    @staticmethod
    def _key(syllable: str, folded: bool) -> str:
        return _folded(syllable) if folded else syllable.lower()


@lru_cache(maxsize=65536)
def _folded(syllable: str) -> str:
    return strip_accents(syllable.lower())


def _fold_table() -> dict[int, str]:
    """Each accented Latin letter to its base letter, case kept: folding a text with it keeps
    every character where it was, so spans found in the folded text hold in the original."""
    table = {}
    for code in range(0xC0, 0x1F00):
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        base = {"đ": "d", "Đ": "D"}.get(char, base)
        if len(base) == 1 and base != char:
            table[code] = base
    return table


_FOLD = _fold_table()


@lru_cache(maxsize=256)
def _terms_pattern(terms: QueryTerms) -> re.Pattern[str] | None:
    if not terms.terms:
        return None
    alternatives = "|".join(map(re.escape, sorted(terms.terms, key=len, reverse=True)))
    return re.compile(f"(?<![^\\W_])(?:{alternatives})(?![^\\W_])", re.IGNORECASE)


@lru_cache(maxsize=64)
def _matched_syllables(text: str, terms: QueryTerms) -> tuple[tuple[int, int], ...]:
    """Spans of the whole passage syllables that are query terms, found by one regex in C (a
    Python loop over every syllable of every result cost milliseconds per search). Cached: the
    phrases and the best sentence of a result both need them, one call after the other."""
    pattern = _terms_pattern(terms)
    if pattern is None:
        return ()
    return tuple(m.span() for m in pattern.finditer(text.translate(_FOLD) if terms.folded else text))


def matched_phrases(text: str, terms: QueryTerms) -> tuple[str, ...]:
    """Runs of consecutive passage syllables that are query terms, as written in the passage.

    Returning the passage's own spelling lets the UI highlight by plain substring search, also
    when the query was typed without diacritics ("lay phieu" → "lấy phiếu").
    """
    runs: list[list[int]] = []
    for start, end in _matched_syllables(text, terms):
        # Syllables separated by spaces only, with no unmatched syllable between, join one run.
        if runs and not text[runs[-1][1] : start].strip(" "):
            runs[-1][1] = end
        else:
            runs.append([start, end])
    unique = dict.fromkeys(p for p in (text[a:b] for a, b in runs) if len(p) > 1 or p.isdigit())
    return tuple(sorted(unique, key=len, reverse=True))


def best_sentence(text: str, terms: QueryTerms, document_frequency: Mapping[str, int], total: int) -> str:
    """The sentence that covers the rarest query terms (IDF-weighted), the first one on ties;
    empty when no query term is in the text (a dense-only match): pointing at an arbitrary
    sentence would tell the reader it answers.

    ``document_frequency`` counts passages per folded syllable.
    """
    matched = _matched_syllables(text, terms)
    best, best_score, i = "", 0.0, 0
    # Matches and sentences both run in text order: one pass over each.
    for start, end, sentence in _sentence_spans(text):
        while i < len(matched) and matched[i][0] < start:
            i += 1
        found = set()
        while i < len(matched) and matched[i][1] <= end:
            found.add(_folded(text[matched[i][0] : matched[i][1]]))
            i += 1
        score = sum(math.log(1 + total / (1 + document_frequency.get(t, 0))) for t in found)
        if score > best_score:
            best, best_score = sentence, score
    return best
