"""What to show of a result: the query's words as they stand in the passage, and its best sentence."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from index.tokens import QUESTION_WORDS, strip_accents

_SYLLABLE = re.compile(r"[^\W_]+")
# A sentence ends at . ! ? ; or a line break, before a space and an uppercase letter or a digit,
# or at the end; "3.1." or "28-NQ/TW." inside a sentence do not end it.
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[\"'(“]?[A-ZĐÀ-Ỹ0-9])|\n+")


def sentences(text: str) -> list[str]:
    """The passage cut into sentences, as they stand in it."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def query_terms(query_words: list[str]) -> set[str]:
    """Folded content syllables of a query (and its acronym expansions)."""
    terms = set()
    for word in query_words:
        for syllable in _SYLLABLE.findall(word.lower()):
            folded = strip_accents(syllable)
            if syllable not in QUESTION_WORDS:
                terms.add(folded)
    return terms


def matched_phrases(text: str, terms: set[str]) -> tuple[str, ...]:
    """Runs of consecutive passage syllables whose folded form is a query term, as written.

    Folding makes "lay phieu" find "lấy phiếu"; returning the passage's own spelling lets the UI
    highlight by plain (or folded) substring search.
    """
    phrases: list[str] = []
    run_start = run_end = -1
    for match in _SYLLABLE.finditer(text):
        if strip_accents(match.group(0).lower()) in terms:
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


def best_sentence(text: str, terms: set[str], document_frequency: Mapping[str, int], total: int) -> str:
    """The sentence that covers the rarest query terms (IDF-weighted), the first one on ties."""
    best, best_score = "", -1.0
    for sentence in sentences(text):
        found = {strip_accents(s.lower()) for s in _SYLLABLE.findall(sentence)} & terms
        score = sum(math.log(1 + total / (1 + document_frequency.get(t, 0))) for t in found)
        if score > best_score:
            best, best_score = sentence, score
    return best
