"""Diacritics for a question typed without them, read from the library's own words.

Many users type không dấu ("thoi han nop ho so la bao lau"). The lexical side matches such a
question on folded syllables, but the model reads unaccented Vietnamese poorly, and a folded
syllable stands for several words ("nam": năm, nam, nằm; "co": có, cơ, cô). The words of the
library itself tell which is meant: each syllable of the question takes, among the library's
syllables that fold to it, the sequence most likely under a bigram model of the library's text
(Viterbi, Witten-Bell smoothing), with the phrasing of questions ("bao nhiêu", "ở đâu") that
documents rarely hold added. On the questions of the dev sets folded, 94 % of the syllables come
back as written (docs/search.md, "A question typed without diacritics").

The model is counted when an index is built (:meth:`AccentModel.build`) and stored with it as
arrays: syllables, their counts, and the counts of the pairs that follow one another.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from corpus.normalize import fold
from index.tokens import syllables

# Question phrasing that documents rarely hold, counted as if the library held each this often.
_QUESTION_PHRASES = (
    "bao nhiêu", "bao lâu", "bao giờ", "khi nào", "lúc nào", "ở đâu", "thế nào", "như thế nào", "là gì",
    "làm gì", "những gì", "có phải", "được không", "có không", "hay không", "phải không", "ai", "mấy",
    "tôi", "mình", "muốn", "cần", "mới", "đang", "sẽ", "đã", "chưa", "nơi khác", "chỗ", "xin", "đến đâu",
    "tới đâu", "thì sao", "vì sao", "tại sao", "làm sao", "ra sao", "nên", "nếu", "người dân",
    "doanh nghiệp", "hỏi", "trả lời", "cho biết", "chúng ta", "ta", "bạn", "con trai", "con gái",
    # What the search answers from a document's metadata or a members list (index/answers.py).
    "ai ký", "do ai", "người ký", "ban hành ngày nào", "cơ quan nào ban hành", "là ai", "ai làm", "bao nhiêu tiền",
)
_PHRASE_WEIGHT = 20
# Forms of one folded syllable weighed at each position, the most frequent first.
_MAX_FORMS = 8
# A syllable the library writes bare this seldom among the words that fold to it lacks its marks
# when typed bare ("han": hạn, hàn …); one it writes bare often may not ("lao", "nai" of "Đồng
# Nai", and "ta" of the question phrasing).
_SELDOM_BARE = 0.05
# Named for what it counts: an index stored before numbers, the answered phrasing and the pronouns
# of questions were counted has none of this name, and counts it again when first asked
# (``Generation.accents``).
FILE = "accents-3.npz"


class AccentModel:
    """Syllable and syllable-pair counts of a library, and the restoration they allow."""

    def __init__(self, words: list[str], counts: np.ndarray, pairs: np.ndarray, pair_counts: np.ndarray) -> None:
        self._words = words
        self._index = {w: i for i, w in enumerate(words)}
        self._counts = counts
        self._pairs = pairs  # first * len(words) + second, sorted
        self._pair_counts = pair_counts
        self._total = float(counts.sum()) or 1.0
        # Witten-Bell: how many different syllables follow each one.
        self._followers = np.bincount(pairs // max(len(words), 1), minlength=len(words))
        forms: dict[str, list[int]] = {}
        for i, word in enumerate(words):
            forms.setdefault(fold(word, normalized=True), []).append(i)
        self._forms = {k: sorted(v, key=lambda i: -counts[i])[:_MAX_FORMS] for k, v in forms.items()}

    @classmethod
    def build(cls, texts: Iterable[str]) -> AccentModel:
        """Count the syllables of ``texts`` (passages, titles) and of the question phrasing."""
        counts: Counter[str] = Counter()
        pairs: Counter[tuple[str, str]] = Counter()
        for text in texts:
            found = _tokens(text)
            counts.update(found)
            pairs.update(zip(found, found[1:]))
        for phrase in _QUESTION_PHRASES:
            found = phrase.split()
            for _ in range(_PHRASE_WEIGHT):
                counts.update(found)
                pairs.update(zip(found, found[1:]))
        words = sorted(counts)
        index = {w: i for i, w in enumerate(words)}
        keys = np.array([index[a] * len(words) + index[b] for a, b in pairs], dtype=np.int64)
        values = np.array(list(pairs.values()), dtype=np.int64)
        order = np.argsort(keys)
        return cls(words, np.array([counts[w] for w in words], dtype=np.int64), keys[order], values[order])

    def save(self, path: Path) -> None:
        with path.open("wb") as handle:
            np.savez_compressed(handle, words=np.array(self._words), counts=self._counts,
                                pairs=self._pairs, pair_counts=self._pair_counts)

    @classmethod
    def load(cls, path: Path) -> AccentModel | None:
        """The model stored with an index, or None for an index built before it was."""
        if not path.is_file():
            return None
        with np.load(path) as data:
            return cls([str(w) for w in data["words"]], data["counts"], data["pairs"], data["pair_counts"])

    def lacks_marks(self, syllable: str) -> bool:
        """Whether a syllable typed without diacritics is one the library seldom writes so: "han"
        in a library of "thời hạn", not "nai" in one of "Đồng Nai"."""
        forms = self._forms.get(syllable, [])
        own = self._index.get(syllable)
        seen = float(self._counts[own]) if own is not None else 0.0
        return bool(forms) and seen < _SELDOM_BARE * float(sum(self._counts[i] for i in forms))

    def wants_marks(self, typed: list[str], at: int) -> bool:
        """Whether the bare syllable ``typed[at]`` of a question typed with diacritics may lack its
        marks: the library seldom writes it bare (:meth:`lacks_marks`), or a number follows it,
        which tells its marks ("nam 2030" is "năm", "Nam" of "Việt Nam" stays)."""
        return self.lacks_marks(typed[at]) or (at + 1 < len(typed) and _is_number(typed[at + 1]))

    def _own(self, syllable: str) -> list[int]:
        """A syllable typed with diacritics stands as typed (none to choose when the library lacks it)."""
        at = self._index.get(syllable)
        return [] if at is None else [at]

    def _unigram(self, i: int) -> float:
        return (float(self._counts[i]) + 0.01) / (self._total + 1.0)

    def _pair(self, a: int, b: int) -> float:
        key = a * len(self._words) + b
        at = int(np.searchsorted(self._pairs, key))
        seen = float(self._pair_counts[at]) if at < len(self._pairs) and self._pairs[at] == key else 0.0
        followers = float(self._followers[a]) + 1.0
        return (seen + followers * self._unigram(b)) / (float(self._counts[a]) + followers)

    def restore(self, text: str, *, seldom_only: bool = False) -> str:
        """``text`` (typed without diacritics, or with them on a few words only) with the
        diacritics its bare syllables most likely have, lowercased; a syllable typed with
        diacritics keeps them, and one the library does not hold stays as typed.

        Args:
            seldom_only: Only the bare syllables that may lack their marks get them
                (:meth:`wants_marks`), for a question typed with diacritics but missing some:
                its other bare syllables are words ("ta", "nay", "mang thai").
        """
        typed = syllables(text)
        if not typed:
            return text
        number = self._own(_NUMBER)
        out: list[str] = []
        run: list[tuple[str, list[int]]] = []  # syllables read together, with their forms
        for at, syllable in enumerate(typed):
            if _is_number(syllable):
                forms = number
            elif syllable == fold(syllable, normalized=True) and (not seldom_only or self.wants_marks(typed, at)):
                forms = self._forms.get(syllable, [])
            else:
                forms = self._own(syllable)
            if forms:
                run.append((syllable, forms))
                continue
            out.extend(self._likeliest(run))
            out.append(syllable)  # a syllable with no form is passed through
            run = []
        out.extend(self._likeliest(run))
        return " ".join(out)

    def _likeliest(self, run: list[tuple[str, list[int]]]) -> list[str]:
        """The most likely forms of a run of syllables (Viterbi); a number stays as typed."""
        paths: dict[int, tuple[float, list[int]]] = {-1: (0.0, [])}
        for _, forms in run:
            paths = {
                form: max(
                    ((score + math.log(self._pair(prev, form) if prev >= 0 else self._unigram(form)), path + [form])
                     for prev, (score, path) in paths.items()),
                    key=lambda p: p[0],
                )
                for form in forms
            }
        best = max(paths.values(), key=lambda p: p[0])[1]
        return [typed if _is_number(typed) else self._words[i] for (typed, _), i in zip(run, best)]


# Every number is one token of the model: "95 năm", "05 ngày", "500 triệu đồng" teach that a bare
# "nam" after a number is "năm", "tien" before "triệu" … .
_NUMBER = "#"


def _is_number(syllable: str) -> bool:
    return any(c.isdigit() for c in syllable)


def _tokens(text: str) -> list[str]:
    """The syllables of a text as the model counts them: words, and numbers as one token."""
    return [_NUMBER if _is_number(s) else s for s in syllables(text) if s.isalpha() or _is_number(s)]
