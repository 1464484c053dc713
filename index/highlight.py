"""What to show of a result: the query's words as they stand in the passage, and its best sentence."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from index.tokens import QUESTION_WORDS, strip_accents

_SYLLABLE = re.compile(r"[^\W_]+")
# A sentence ends at . ! ? ; or a line break, before a space and an uppercase letter or a digit,
# or at the end; "3.1." or "28-NQ/TW." inside a sentence do not end it.
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[\"'(“]?[A-ZĐÀ-Ỹ0-9])|\n+")


def sentences(text: str) -> list[str]:
    """The passage cut into sentences, as they stand in it."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


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
        return strip_accents(syllable.lower()) if folded else syllable.lower()

    def matches(self, syllable: str) -> bool:
        return self._key(syllable, self.folded) in self.terms


def matched_phrases(text: str, terms: QueryTerms) -> tuple[str, ...]:
    """Runs of consecutive passage syllables that are query terms, as written in the passage.

    Returning the passage's own spelling lets the UI highlight by plain substring search, also
    when the query was typed without diacritics ("lay phieu" → "lấy phiếu").
    """
    phrases: list[str] = []
    run_start = run_end = -1
    for match in _SYLLABLE.finditer(text):
        if terms.matches(match.group(0)):
            if run_start < 0 or text[run_end : match.start()].strip(" "):
                if run_start >= 0:
                    phrases.append(text[run_start:run_end])
                run_start = match.start()
            run_end = match.end()
        elif run_start >= 0:
            phrases.append(text[run_start:run_end])
            run_start = -1
    if run_start >= 0:
        phrases.append(text[run_start:run_end])
    unique = dict.fromkeys(p for p in phrases if len(p) > 1 or p.isdigit())
    return tuple(sorted(unique, key=len, reverse=True))


def best_sentence(text: str, terms: QueryTerms, document_frequency: Mapping[str, int], total: int) -> str:
    """The sentence that covers the rarest query terms (IDF-weighted), the first one on ties.

    ``document_frequency`` counts passages per folded syllable.
    """
    best, best_score = "", -1.0
    for sentence in sentences(text):
        found = {strip_accents(s.lower()) for s in _SYLLABLE.findall(sentence) if terms.matches(s)}
        score = sum(math.log(1 + total / (1 + document_frequency.get(t, 0))) for t in found)
        if score > best_score:
            best, best_score = sentence, score
    return best
