"""The best candidates read against each other: what sets one apart from the others.

The first stage weighs a query word by its rarity in the whole library. Among the few dozen
passages left at the top of a ranking, the words that matter are those that tell them apart:
when the candidates all come from one notice about Thanh Hóa, "Thanh Hóa" is rare in the library
and weighs much, yet every candidate has it; "mô hình kinh tế" picks the passage that answers.
In a library of laws, the best candidates are a few articles on one subject, and the word that
matters is the one the question adds to that subject ("chấm dứt", "vô hiệu").

So the best fused candidates are scored again by BM25 whose document frequencies are counted
among them alone, each word's weight also multiplied by its rarity in the library (so that
"khi", "thì", found in few of the candidates by chance, stay light). A candidate is read with its
headings (a clause's article name often holds the question's words), as syllables and pairs of
adjacent syllables (a pair matches a compound in order). Its score in [0, 1] lifts its fused
score by up to ``RankingParams.contrast`` (:func:`index.fusion.lift`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache

from corpus.normalize import fold
from index.tokens import FOLDED_QUESTION_WORDS, QUESTION_WORDS, content_tokens, strip_accents

_SYLLABLE = re.compile(r"[^\W_]+")
# BM25's usual saturation and length normalization.
K1 = 1.2
B = 0.75


@lru_cache(maxsize=4096)
def _syllables(text: str, folded: bool) -> tuple[str, ...]:
    """Lowercase syllables of a normalized text, folded to match a query typed without diacritics.

    Kept for the next searches: a question naming a document reads many of the same candidates
    twice (the library's best and the document's own), and a session asks about the same texts.
    """
    return tuple(_SYLLABLE.findall(fold(text, normalized=True) if folded else text.lower()))


def _terms(syllables: Sequence[str], wanted: frozenset[str], firsts: frozenset[str]) -> Counter[str]:
    """How often each of the ``wanted`` terms occurs, its pairs' first syllables ``firsts`` (the
    others weigh nothing: counting every syllable and pair of fifty candidates took 40 % of a
    search's time)."""
    found = Counter(s for s in syllables if s in wanted)
    found.update(
        pair for a, b in zip(syllables, syllables[1:]) if a in firsts and (pair := f"{a}_{b}") in wanted
    )
    return found


def query_terms(query: str, folded: bool) -> list[str]:
    """The query's content syllables and its pairs of adjacent syllables (but pairs of two
    question words, "là gì"), each once."""
    syllables = _syllables(query, folded)
    stop = FOLDED_QUESTION_WORDS if folded else QUESTION_WORDS
    single = content_tokens(syllables, folded=folded)
    pairs = [f"{a}_{b}" for a, b in zip(syllables, syllables[1:]) if not (a in stop and b in stop)]
    return list(dict.fromkeys(single + pairs))


def contrast_scores(
    terms: Sequence[str],
    candidates: Sequence[str],
    library_frequency: Mapping[str, int],
    library_size: int,
    folded: bool,
) -> list[float]:
    """Each candidate's BM25 among the candidates, scaled so that the best is 1.0 (all 0.0 when
    no candidate holds a query term).

    Args:
        terms: :func:`query_terms`.
        candidates: Each candidate's text with its headings (normalized).
        library_frequency: Passages of the library holding each folded syllable.
        library_size: Passages in the library.
        folded: The query was typed without diacritics.
    """
    syllables = [_syllables(text, folded) for text in candidates]
    wanted = frozenset(terms)
    firsts = frozenset(t.split("_", 1)[0] for t in wanted if "_" in t)
    read = [_terms(s, wanted, firsts) for s in syllables]
    lengths = [len(s) or 1 for s in syllables]
    average = sum(lengths) / len(lengths) if lengths else 1.0
    n = len(read)

    def rarity(term: str) -> float:
        # The library counts syllables alone: a pair is taken to be as rare as its commoner syllable.
        return min(
            math.log(1 + library_size / (1 + library_frequency.get(strip_accents(s), 0))) for s in term.split("_")
        )

    weights = {}
    for term in terms:
        held = sum(term in c for c in read)
        if held:
            weights[term] = math.log(1 + (n - held + 0.5) / (held + 0.5)) * rarity(term)
    scores = [
        sum(w * c[t] * (K1 + 1) / (c[t] + K1 * (1 - B + B * length / average)) for t, w in weights.items() if t in c)
        for c, length in zip(read, lengths)
    ]
    best = max(scores, default=0.0)
    return [s / best for s in scores] if best > 0 else [0.0] * len(scores)
