"""Tokens for the lexical index: pyvi word segmentation, lowercase, plus an accent-folded field.

bm25s' default splitter drops one-letter syllables ("ở", "ý") and its stopwords are English, so
the project tokenizes itself and hands bm25s lists of tokens.
"""

from __future__ import annotations

import re
import unicodedata

from pyvi import ViTokenizer

from corpus.normalize import fold, normalize

# Bump when the token output changes: indexes built with other tokens are refused.
TOKENIZER_VERSION = "2"

_SYLLABLE = re.compile(r"[^\W_]+(?:[-/][^\W_]+)*")

# Words that only shape a question; they match every passage and drown the content words.
QUESTION_WORDS = frozenset(
    """gì nào sao thế như bao giờ nhiêu ai đâu hãy cho biết là những các của và thì mà có không
    được việc với về trong đối theo để một này đó ra ở hay""".split()
)
FOLDED_QUESTION_WORDS = frozenset(fold(w) for w in QUESTION_WORDS)


def syllables(text: str) -> list[str]:
    """Lowercased syllables of normalized text (keeps one-letter ones like "ở" and numbers)."""
    return [m.group(0) for m in _SYLLABLE.finditer(normalize(text).lower())]


def word_tokens(text: str) -> list[str]:
    """Accented field: pyvi compounds (``hệ_thống``) plus their syllables, lowercased.

    Compounds reward phrase matches; the syllables keep recall when pyvi splits a query
    differently from the passage. pyvi segments the text as written and only its words are
    lowercased: its model reads capitals ("Bộ luật Dân sự"), and lowercasing first cost plain
    article BM25 0.002 MRR@10 on both ALQAC halves (docs/search.md).
    """
    segmented = ViTokenizer.tokenize(normalize(text)).lower()
    tokens: list[str] = []
    for word in segmented.split():
        parts = [s for s in _SYLLABLE.findall(word.replace("_", " "))]
        if not parts:
            continue
        if len(parts) > 1:
            tokens.append("_".join(parts))
        tokens.extend(parts)
    return tokens


def pyvi_words(tokens: list[str]) -> list[str]:
    """The pyvi words of :func:`word_tokens` output alone: each compound without the syllables
    that follow it (what plain BM25 over pyvi words indexes; no second segmentation pass)."""
    words: list[str] = []
    skip = 0
    for token in tokens:
        if skip:
            skip -= 1
            continue
        words.append(token)
        skip = token.count("_") + 1 if "_" in token else 0
    return words


def folded_tokens(text: str) -> list[str]:
    """Accent-folded field: folded syllables plus adjacent-syllable bigrams.

    Text typed without diacritics cannot be word-segmented reliably, so bigrams stand in for
    compounds ("he_thong", "thong_chinh").
    """
    syls = [strip_accents(s) for s in syllables(text)]
    return syls + [f"{a}_{b}" for a, b in zip(syls, syls[1:])]


def strip_accents(token: str) -> str:
    """Fold one already-normalized lowercase token (cheaper than :func:`fold` on whole texts)."""
    token = token.replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", token) if not unicodedata.combining(c))


def content_tokens(tokens: list[str], *, folded: bool = False) -> list[str]:
    """Drop question/function words from query tokens (compounds and bigrams are kept).

    Accented tokens are compared accented, so that "cơ" (as in "cơ sở") is not taken for "có";
    folded tokens can only be compared folded.
    """
    stop = FOLDED_QUESTION_WORDS if folded else QUESTION_WORDS
    return [t for t in tokens if t not in stop]
