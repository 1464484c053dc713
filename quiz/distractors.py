"""Wrong options: taken from the corpus, of the answer's type, close to it, and checked not to be
right as well.

Plausible: a distractor shares the answer's shape (a year for a year, a percentage for a
percentage, a list item with the same first syllable; for a key term, a noun phrase the corpus
puts after the same verb or noun: what else one "ứng dụng", "thu gom" or "tiếp thu") and is ranked
by embedding similarity to the answer. Not right too: it differs from the
answer after folding, neither contains the other, it is not in the source sentence, not the
answer's acronym or expansion, and the source sentence with the distractor put in the blank does
not occur anywhere in the corpus (checked on the words on each side of the blank).
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import zip_longest

import numpy as np

from quiz.sentences import Sentence
from quiz.terms import Span, governor, noun_phrases, quantities, quoted_lists, tokens, words_key, years

# Candidates more similar than this to the answer are likely synonyms or variants: skipped.
# (multilingual-e5-small: "thành thị"/"đô thị" 0.94, "quy trình"/"quá trình" 0.94, unrelated
# short phrases 0.87–0.92.)
MAX_SIMILARITY = 0.93
# Words of context on each side of a blank that must not occur with a distractor in the corpus:
# one for words ("trong giai đoạn" is said, so "giai đoạn" cannot replace "thời gian" in "trong
# thời gian tới"), three for numbers (every year follows "đến năm" somewhere). A key term's
# distractors follow its governing word elsewhere by design: on the left, the word before that
# too ("tăng cường ứng dụng khoa học" said would make "khoa học" right).
CONTEXT_WORDS = {"term": 1, "list_item": 1, "year": 3, "number": 3}
GRAM = 4
_DIGITS = re.compile(r"\d+(?:[.,]\d+)?")
# Time limits documents set: a made-up "11 ngày" next to a real "10 ngày" reads as invented.
USUAL_PERIODS: dict[str, tuple[int, ...]] = {
    "ngày": (1, 2, 3, 5, 7, 10, 15, 20, 30, 45, 60, 90),
    "ngày làm việc": (1, 2, 3, 5, 7, 10, 15, 20, 30),
    "tháng": (1, 2, 3, 6, 9, 12, 18, 24, 36),
    "giờ": (1, 2, 4, 6, 8, 12, 24, 48, 72),
}


def initials(text: str) -> str:
    """Initials of the words of a phrase, skipping joiners: ``khoa học và công nghệ`` → ``khcn``."""
    return "".join(w[0] for w in words_key(text).split() if w not in ("va", "voi", "cua"))


def acronym_related(a: str, b: str) -> bool:
    """True when one phrase could be the acronym of the other."""
    for short, long in ((a, b), (b, a)):
        letters = words_key(short).replace(" ", "")
        if len(short.split()) == 1 and letters and letters == initials(long):
            return True
    return False


# Abbreviations every administrative text mixes with their long form ("Văn phòng UBND tỉnh",
# "Văn phòng Ủy ban nhân dân tỉnh"): two options naming one body.
_SHORT_FORMS = {"ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "mttq": "mat tran to quoc",
                "tw": "trung uong", "ttdt": "thong tin dien tu", "khcn": "khoa hoc va cong nghe"}


def _long_form(key: str) -> str:
    return " ".join(_SHORT_FORMS.get(w, w) for w in key.split())


def too_alike(a: str, b: str) -> bool:
    """Look-alike options: equal after folding (abbreviations written out), one inside the
    other, or acronym and expansion."""
    ka, kb = _long_form(words_key(a)), _long_form(words_key(b))
    if not ka or not kb or ka == kb:
        return True
    if f" {ka} " in f" {kb} " or f" {kb} " in f" {ka} ":
        return True
    return acronym_related(a, b)


# The word naming a place's unit, before its name ("tỉnh Cà Mau", "thành phố Huế", "thị xã …").
_PLACE_UNITS = frozenset(("tỉnh", "phố", "huyện", "quận", "xã", "phường"))


def other_name(a: str, b: str) -> bool:
    """Whether two options are the same words around other places' names ("… cấp xã của tỉnh Cà
    Mau năm 2025" and "… của tỉnh Đồng Tháp năm 2025"): two places' texts, told apart by the name
    a question asks about, not two spellings of one phrase (other proper names after no such unit,
    "Tên thương mại: … Commander Deck" and "… Welcome Deck", may name one thing twice)."""
    a_words, b_words = a.split(), b.split()
    start = 0
    while start < min(len(a_words), len(b_words)) and a_words[start] == b_words[start]:
        start += 1
    end = 0
    while end < min(len(a_words), len(b_words)) - start and a_words[-1 - end] == b_words[-1 - end]:
        end += 1
    first, second = a_words[start : len(a_words) - end], b_words[start : len(b_words) - end]
    return bool(first and second and first != second and 0 < start and a_words[start - 1].lower() in _PLACE_UNITS
                and all(w[:1].isupper() for w in first + second))


@dataclass
class Pools:
    """Distractor candidates of the corpus, by kind and shape, with their contexts."""

    by_shape: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    # Folded words of the whole corpus, one string per sentence, for the "also right" check.
    corpus_keys: list[str] = field(default_factory=list)
    # Number of sentences each folded noun phrase occurs in (keyness of a term).
    term_df: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # Number of sentences each run of four folded words occurs in (distinctive phrases).
    gram_df: dict[tuple[str, ...], int] = field(default_factory=lambda: defaultdict(int))
    # pyvi tags each word received across the corpus (its usual word class).
    tags: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    # Noun phrases by the verb or noun they follow and the document saying so ("nuôi" → "tôm
    # hùm" in an aquaculture plan): what the document says one does that to, the only plausible
    # stand-ins for a key term (a phrase from another document's world reads as nonsense: "được
    # sử dụng thức ăn của cơ quan", and so does one of another document merely said in this
    # one: "được sử dụng ngân sách nhà nước của cơ quan … để liên hệ công tác").
    governed: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def build(cls, sentences: Iterable[Sentence], headings: Iterable[str] = ()) -> Pools:
        """Collect years, quantities, noun phrases and list-item-like phrases of the sentences."""
        pools = cls()
        for sentence in sentences:
            text = sentence.text
            pools.corpus_keys.append(words_key(text))
            for gram in ngrams(text, GRAM):
                pools.gram_df[gram] += 1
            spans: list[Span] = [*years(text), *quantities(text)]
            phrases = noun_phrases(text)
            for key in {words_key(p.text) for p in phrases}:
                pools.term_df[key] += 1
            for phrase in phrases:
                if word := governor(text, phrase):
                    pools.governed[(word, sentence.passage.doc_id)].add(phrase.text)
            for items in quoted_lists(text):
                spans += items
            for span in spans:
                pools.by_shape[(span.kind, span.shape)].add(span.text)
            # Any word or pair of words can be a list item: "dân chủ" for "dân thụ hưởng".
            toks = tokens(text)
            for tok in toks:
                pools.tags[tok.text.lower()][tok.tag] += 1
            for i, tok in enumerate(toks):
                if not tok.text[:1].isalpha():
                    continue
                first = tok.text.split()[0]
                if tok.syllables >= 2:
                    pools.by_shape[("list_item", words_key(first))].add(tok.text.lower())
                if i + 1 < len(toks) and tok.syllables == 1 and toks[i + 1].text[:1].isalpha():
                    if text[tok.end : toks[i + 1].start] == " ":
                        pools.by_shape[("list_item", words_key(first))].add(
                            f"{tok.text} {toks[i + 1].text}".lower()
                        )
        pools.corpus_keys.extend(words_key(h) for h in headings)
        return pools

    def usual_tags(self, phrase: str) -> tuple[str, ...]:
        """The usual word class in this corpus of each pyvi word of a phrase (N for nouns...)."""
        return tuple(
            (self.tags[t.text.lower()].most_common(1) or [(t.tag, 0)])[0][0] for t in tokens(phrase)
        )

    def sentence_count(self, phrase_key: str) -> int:
        """In how many sentences (and headings) of the corpus the folded words occur as words."""
        needle = f" {phrase_key} "
        return sum(needle in f" {key} " for key in self.corpus_keys)

    def occurs(self, phrase_key: str) -> bool:
        """Whether the folded words occur (as whole words) in some sentence of the corpus."""
        needle = f" {phrase_key} "
        return any(needle in f" {key} " for key in self.corpus_keys)


class DistractorPicker:
    """Chooses distractors for an answer, plausible and checked, reproducibly from a seed."""

    def __init__(self, pools: Pools, encode: Callable[[list[str]], np.ndarray]) -> None:
        """Args:
            pools: The corpus candidates.
            encode: Embeds short phrases (L2-normalized rows), e.g. ``embedder.encode_queries``.
        """
        self.pools = pools
        self._encode = encode
        self._vectors: dict[str, np.ndarray] = {}

    def _embed(self, phrases: Sequence[str]) -> np.ndarray:
        missing = [p for p in dict.fromkeys(phrases) if p not in self._vectors]
        if missing:
            for phrase, vector in zip(missing, self._encode(missing)):
                self._vectors[phrase] = np.asarray(vector, dtype=np.float32)
        return np.stack([self._vectors[p] for p in phrases])

    def embed(self, phrases: Sequence[str]) -> np.ndarray:
        """Embeddings of phrases (cached)."""
        return self._embed(phrases)

    def also_right(self, sentence: str, span: Span, candidate: str) -> bool:
        """Whether the sentence with ``candidate`` in the blank is said somewhere in the corpus:
        the candidate with the words right before, or right after, the blank occurs."""
        size = CONTEXT_WORDS[span.kind]
        left_size = size + len(governor(sentence, span).split()) if span.kind == "term" else size
        left = words_key(sentence[: span.start]).split()[-left_size:]
        right = words_key(sentence[span.end :]).split()[:size]
        cand = words_key(candidate)
        for context in (left, right):
            if len(context) < (left_size if context is left else size):
                continue
            phrase = " ".join([*context, cand]) if context is left else " ".join([cand, *context])
            if self.pools.occurs(phrase):
                return True
        return False

    def candidates(
        self, sentence: str, span: Span, exclude: Iterable[str] = (), nearby: str = "", doc_year: int = 0,
        doc_id: str = "",
    ) -> list[str]:
        """Pool entries of the answer's shape that pass the cheap "not right too" checks (all but
        :meth:`also_right`, which :meth:`pick` applies to the best-ranked only).

        ``nearby`` is the text around the sentence (its passage): a phrase listed there next to
        the answer ("chức năng, nhiệm vụ và quyền hạn") would read as right in the blank too.
        Numbers keep the answer's unit and scale and years its side of ``doc_year`` (a target
        year already past when the document was signed gives itself away); when the corpus has
        too few, nearby values are made up from the answer. A key term's stand-ins are what
        document ``doc_id`` puts after the same governing word.
        """
        if span.kind == "term":
            word = governor(sentence, span)
            pool = set(self.pools.governed.get((word, doc_id), ())) if word else set()
        else:
            pool = set(self.pools.by_shape.get((span.kind, span.shape), set()))
        if span.kind in ("year", "number"):
            pool = {c for c in pool | set(made_up_numbers(span, doc_year)) if plausible_number(span, c, doc_year)}
        sentence_key = f" {words_key(sentence)} {words_key(nearby)} "
        excluded = [span.text, *exclude]
        digits = _DIGITS.findall(span.text)
        result = []
        for cand in sorted(pool):
            key = words_key(cand)
            if not key or f" {key} " in sentence_key:
                continue
            if span.kind in ("year", "number") and _DIGITS.findall(cand) == digits:
                continue
            if any(too_alike(cand, other) for other in excluded):
                continue
            # A term sharing a syllable with the answer is often a near-variant of it
            # ("quá trình" for "quy trình"); list items share their first syllable by design.
            if span.kind == "term" and set(key.split()) & set(words_key(span.text).split()):
                continue
            # Same grammatical role: the phrase opens on a word of the answer's usual class in
            # this corpus ("thân thiện" after "nuôi" is an adjective, "tôm hùm" a noun).
            if span.kind == "term" and self.pools.usual_tags(cand)[:1] != self.pools.usual_tags(span.text)[:1]:
                continue
            result.append(cand)
        return result

    def pick(
        self, sentence: str, span: Span, rng: random.Random, k: int = 3, exclude: Iterable[str] = (),
        nearby: str = "", doc_year: int = 0, doc_id: str = "",
    ) -> list[str] | None:
        """``k`` distractors for the blanked span, or None when there are not enough good ones.

        Years and numbers are ranked by closeness of value, phrases by embedding similarity;
        among the closest ``2k`` that pass every check, those nearest the answer's length are
        taken (ties broken by the seeded shuffle). Chosen distractors are kept apart from each other.
        """
        cands = self.candidates(sentence, span, exclude, nearby, doc_year, doc_id)
        if len(cands) < k:
            return None
        if span.kind in ("year", "number"):
            target = number_value(span.text)
            ranked = sorted(cands, key=lambda c: (abs(number_value(c) - target), c))
        else:
            vectors = self._embed([span.text, *cands])
            sims = vectors[1:] @ vectors[0]
            ranked = [cands[i] for i in np.argsort(-sims, kind="stable") if sims[i] < MAX_SIMILARITY]
        passing: list[str] = []
        for cand in ranked:
            if not self.also_right(sentence, span, cand):
                passing.append(cand)
            if len(passing) == 2 * k:
                break
        # Among the plausible ones, those closest in length to the answer: a key that is always
        # the longest option gives itself away. Numbers alternate below and above the answer
        # (nearest first) where both exist: a key that is always the smallest or the largest
        # ("10 năm" among 11, 12, 13 năm) gives itself away as well.
        rng.shuffle(passing)
        shortlist = sorted(passing, key=lambda c: abs(len(c) - len(span.text)))
        if span.kind in ("year", "number"):
            target = number_value(span.text)
            # Written like the key: "9,2%" beside a round "10%" gives the round one away, and so
            # does "9 tháng" among "06 tháng", "07 tháng" (other documents write a leading zero).
            alike = [c for c in passing if ("," in c) == ("," in span.text) and padded_alike(c, span.text)]
            by_distance = sorted(alike if len(alike) >= k else passing, key=lambda c: abs(number_value(c) - target))
            below = [c for c in by_distance if number_value(c) < target]
            above = [c for c in by_distance if number_value(c) > target]
            if below and above:
                shortlist = [c for pair in zip_longest(below, above) for c in pair if c is not None]
        chosen: list[str] = []
        for cand in shortlist:
            if not any(too_alike(cand, other) for other in chosen):
                chosen.append(cand)
            if len(chosen) == k:
                return chosen
        return None


def ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    """Runs of ``n`` folded words of a text."""
    words = words_key(text).split()
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def plausible_number(span: Span, candidate: str, doc_year: int = 0) -> bool:
    """Whether a number could stand for the answer: a range for a range, the same scale (within
    a factor of two), a percentage of at most 100 for one of at most 100, a year within 15 years
    and on the same side of the document's year."""
    answer, value = number_value(span.text), number_value(candidate)
    if span.kind == "year":
        if abs(value - answer) > 15:
            return False
        return not doc_year or (answer >= doc_year) == (value >= doc_year)
    if (len(_DIGITS.findall(span.text)) > 1) != (len(_DIGITS.findall(candidate)) > 1):
        return False
    # A share stays a share; a rate above a whole ("x 150%") is offered other such rates.
    if span.shape == "%" and value > 100 >= answer:
        return False
    return answer > 0 and 0.5 <= value / answer <= 2


def _padding(text: str) -> bool | None:
    """Whether a number is written with a leading zero ("06"), without one ("6"), or cannot tell
    (two digits or more, "12")."""
    digits = _DIGITS.findall(text)
    if not digits:
        return None
    first = digits[0]
    if len(first) > 1 and first.startswith("0"):
        return True
    return False if len(first) == 1 else None


def padded_alike(a: str, b: str) -> bool:
    """Whether two numbers are written alike as to a leading zero (where both tell)."""
    pa, pb = _padding(a), _padding(b)
    return pa is None or pb is None or pa == pb


def nice_step(raw: float) -> float:
    """A round step near ``raw``: 1, 2 or 5 times a power of ten."""
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _format_like(value: float, like: str) -> str:
    """A value written the way ``like`` is written (decimal comma, thousands dots, leading zero)."""
    if "," in like:
        decimals = len(like.split(",")[1])
        text = f"{value:.{decimals}f}".replace(".", ",")
    else:
        text = f"{int(round(value)):,}".replace(",", ".") if "." in like else str(int(round(value)))
    return text.zfill(len(like)) if like.startswith("0") else text


def made_up_numbers(span: Span, doc_year: int = 0) -> list[str]:
    """Values near the answer's, written like it: years 5 and 10 years off, time limits the
    periods documents set ("10 ngày" → 5, 7, 15, 20 ngày, not 11 or 12), other numbers a round
    step (about 5–10% of the value) off, every number of a range moved together."""
    numbers = _DIGITS.findall(span.text)
    if not numbers:
        return []
    answer = number_value(span.text)
    if span.kind == "year":
        values = [answer + d for d in (-10, -5, 5, 10, 15)]
        return [str(int(v)) for v in values if not doc_year or (v >= doc_year) == (answer >= doc_year)]
    usual = USUAL_PERIODS.get(span.shape, ())
    if len(numbers) == 1 and answer in usual:
        periods = [v for v in usual if v != answer and 0.5 <= v / answer <= 2]
        if len(periods) >= 3:
            return [span.text.replace(numbers[0], _format_like(v, numbers[0]), 1) for v in periods]
    step = nice_step(answer * (0.1 if "," in numbers[0] else 0.05))
    step = max(step, 0.5 if "," in numbers[0] else 1.0)
    made = []
    for shift in (-3, -2, -1, 1, 2, 3):
        moved = [_parse(n) + shift * step for n in numbers]
        if min(moved) <= 0 or (span.shape == "%" and max(moved) > 100 >= answer):
            continue
        values = iter(moved)
        text = _DIGITS.sub(lambda m: _format_like(next(values), m.group(0)), span.text)
        if text != span.text:
            made.append(text)
    return made


def _parse(number: str) -> float:
    # Vietnamese numbers: "." groups thousands, "," marks decimals.
    return float(number.replace(".", "").replace(",", "."))


def number_value(text: str) -> float:
    """The first number of a text as a float (Vietnamese notation), 0 without one."""
    digits = _DIGITS.findall(text)
    if not digits:
        return 0.0
    return _parse(digits[0])
