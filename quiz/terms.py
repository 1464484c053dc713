"""What can be blanked in a sentence: years, numbers with units, noun phrases, quoted lists.

Every finder returns character spans into the sentence, so the blank replaces exactly the
document's own words. Noun phrases come from pyvi's word segmentation and POS tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from corpus.normalize import fold

_YEAR = re.compile(r"(?<![\w/.,])(?:19|20)\d\d(?![\w/%])")
_RANGE_AROUND = re.compile(r"\d\s*[-–]\s*$")
_RANGE_AFTER = re.compile(r"^\s*[-–]\s*\d")
_NUMBER = r"\d+(?:[.,]\d+)*"
# Units whose quantities are asked about. Longest first, so "tỷ đồng" wins over "đồng".
UNITS = ("%", "USD", "đồng chí", "năm", "tháng", "nghìn tỷ đồng", "tỷ đồng", "triệu đồng", "triệu lượt",
         "lượt", "lao động", "căn nhà", "hộ", "người", "lần", "ha", "km", "doanh nghiệp", "trường", "xã",
         "ngày làm việc", "ngày", "giờ", "tuổi")
_QUANTITY = re.compile(
    rf"(?<![\w/.,])(?<!ngày )(?<!tháng )({_NUMBER}(?:\s*[-–]\s*{_NUMBER})?)\s*"
    rf"({'|'.join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))})(?!\w)(?!\s+\d)"
)
# pyvi tags after which a noun phrase is complete: punctuation, preposition, conjunctions.
_PHRASE_END_TAGS = frozenset(("F", "E", "C", "CC"))
_PHRASE_END_WORDS = frozenset(("là", "được", "đã", "sẽ", "đang", "phải", "cần", "có", "còn", "thì", "mà"))
_QUOTED = re.compile(r"[“\"]([^”\"]{2,120})[”\"]")
_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Span:
    """A part of a sentence that can be blanked.

    Attributes:
        start: Offset in the sentence.
        end: End offset (exclusive).
        text: ``sentence[start:end]``.
        kind: ``year``, ``number``, ``term``, ``list_item``.
        shape: What distractors must share: the unit of a number, the tag pattern and syllable
            count of a term, the first syllable of a list item.
    """

    start: int
    end: int
    text: str
    kind: str
    shape: str


@lru_cache(maxsize=65536)
def words_key(text: str) -> str:
    """Folded words only (no punctuation), space-separated: the form used for comparisons."""
    return _NON_WORD.sub(" ", fold(text)).strip()


def years(sentence: str) -> list[Span]:
    """Standalone years (not parts of ranges such as ``2021 - 2025`` or numbers like ``28-NQ``)."""
    spans = []
    for m in _YEAR.finditer(sentence):
        if _RANGE_AROUND.search(sentence[: m.start()]) or _RANGE_AFTER.match(sentence[m.end() :]):
            continue
        spans.append(Span(m.start(), m.end(), m.group(0), "year", "year"))
    return spans


def quantities(sentence: str) -> list[Span]:
    """Numbers with a unit (``45%``, ``6,5 - 7%``, ``200 đồng chí``, ``35 năm``); the span is the
    number and unit together, the shape the unit."""
    spans = []
    for m in _QUANTITY.finditer(sentence):
        unit = m.group(2)
        # "năm" and "tháng" only for durations, not "năm 2025" or "2021 - 2025 năm".
        if unit in ("năm", "tháng") and (_YEAR.fullmatch(m.group(1)) or "-" in m.group(1)):
            continue
        spans.append(Span(m.start(), m.end(), m.group(0), "number", unit))
    return spans


@dataclass(frozen=True)
class Token:
    """A pyvi word: its text in the sentence, POS tag and span."""

    text: str
    tag: str
    start: int
    end: int

    @property
    def syllables(self) -> int:
        """Number of syllables."""
        return len(self.text.split())


@lru_cache(maxsize=4096)
def tokens(sentence: str) -> tuple[Token, ...]:
    """pyvi words of the sentence mapped back onto its characters (empty if they cannot be)."""
    from pyvi import ViPosTagger, ViTokenizer

    words, tags = ViPosTagger.postagging(ViTokenizer.tokenize(sentence))
    result, cursor = [], 0
    for word, tag in zip(words, tags):
        parts = word.split("_")
        start = sentence.find(parts[0], cursor)
        if start < 0:
            return ()
        end = start
        for part in parts:
            found = sentence.find(part, end)
            # Syllables of one word are separated by blanks only.
            if found < 0 or sentence[end:found].strip():
                return ()
            end = found + len(part)
        result.append(Token(sentence[start:end], str(tag), start, end))
        cursor = end
    return tuple(result)


# Words whose object a blank may ask: a verb or a noun ("sử dụng ____", "vùng nuôi ____"). After a
# preposition, determiner or number ("của ____", "các ____") any noun fits and the blank tests
# nothing; after a copula or auxiliary ("là ____", "được ____") neither.
_GOVERNOR_TAGS = frozenset(("V", "N"))
_NOT_GOVERNORS = frozenset(("là", "có", "được", "bị", "phải", "cần", "đã", "sẽ", "đang"))


def governor(sentence: str, span: Span) -> str:
    """The content word right before a span, which the span is the object or complement of
    ("ứng dụng" in "ứng dụng công nghệ thông tin"), folded; ``""`` when the span follows a
    function word, punctuation or nothing."""
    toks = tokens(sentence)
    before = [t for t in toks if t.end <= span.start]
    if not before or sentence[before[-1].end : span.start] != " ":
        return ""
    word = before[-1]
    if word.tag not in _GOVERNOR_TAGS or word.text.lower() in _NOT_GOVERNORS or not word.text[:1].isalpha():
        return ""
    return words_key(word.text)


def on_word_boundaries(sentence: str, span: Span) -> bool:
    """Whether a span starts and ends where pyvi's words do: a blank must never cut a word
    ("trang ____" for "trang thiết bị")."""
    toks = tokens(sentence)
    if not toks:
        return False
    starts, ends = {t.start for t in toks}, {t.end for t in toks}
    return span.start in starts and span.end in ends


def noun_phrases(sentence: str) -> list[Span]:
    """Noun phrases of 2–4 syllables: a common noun, optionally followed by one noun or
    adjective (``vị trí việc làm``, ``nguồn nhân lực``). Shape: tag pattern + syllable count.
    A phrase right after or before another noun is part of a longer one ("hệ thống [chính trị]"):
    skipped."""
    toks = tokens(sentence)
    spans = []
    for i, tok in enumerate(toks):
        if tok.tag != "N" or not tok.text[:1].islower():
            continue
        if i > 0 and toks[i - 1].tag in ("N", "Np") and sentence[toks[i - 1].end : tok.start] == " ":
            continue
        for j in (i, i + 1):
            if j >= len(toks) or (j > i and (toks[j].tag not in ("N", "A") or not toks[j].text[:1].islower())):
                break
            if j > i and sentence[toks[i].end : toks[j].start] != " ":
                break
            syllables = sum(t.syllables for t in toks[i : j + 1])
            # A one-syllable word at either end is often mis-tagged or cut from a neighbour
            # ("[nghiêm] quy định", "trách nhiệm [người] đứng đầu").
            if j > i and (toks[i].syllables == 1 or toks[j].syllables == 1):
                continue
            # Followed by another noun, the phrase is cut short ("bản chất giai cấp [công nhân]").
            if j + 1 < len(toks) and toks[j + 1].tag in ("N", "Np") and sentence[toks[j].end : toks[j + 1].start] == " ":
                continue
            # The phrase must end where a phrase ends (punctuation, a preposition or conjunction,
            # the verb of its clause), else it is the head of a longer one ("hiệu quả công tác
            # [tuyên truyền]", "đồng chí [cấp ủy viên]") and a blank there reads as nonsense.
            if j + 1 < len(toks) and toks[j + 1].tag not in _PHRASE_END_TAGS and toks[j + 1].text.lower() not in _PHRASE_END_WORDS:
                continue
            # Part of a hyphenated compound ("tổ chức chính trị - xã hội") is no phrase of its own.
            if sentence[toks[j].end :].startswith(" - ") or sentence[: toks[i].start].endswith(" - "):
                continue
            if 2 <= syllables <= 4:
                pattern = "+".join(t.tag for t in toks[i : j + 1])
                spans.append(
                    Span(toks[i].start, toks[j].end, sentence[toks[i].start : toks[j].end], "term", f"{pattern}/{syllables}")
                )
    return spans


def quoted_lists(sentence: str) -> list[list[Span]]:
    """Comma-separated lists inside one pair of quotes (``“Dân biết, dân bàn, ...”``) or made of
    quoted phrases in a row (``“tự diễn biến”, “tự chuyển hóa”``): each with at least three
    items, or two for a row of quotes, of 2–4 syllables. Shape of an item: its first syllable."""
    lists: list[list[Span]] = []
    for m in _QUOTED.finditer(sentence):
        items, cursor = [], m.start(1)
        for piece in m.group(1).split(","):
            start = sentence.index(piece, cursor)
            cursor = start + len(piece)
            stripped = piece.strip()
            start += piece.index(stripped[:1]) if stripped else 0
            items.append(Span(start, start + len(stripped), stripped, "list_item", _head(stripped)))
        if len(items) >= 3:
            lists.append(items)
    # Quoted phrases in a row, separated only by commas.
    run: list[Span] = []
    for m in _QUOTED.finditer(sentence):
        if "," in m.group(1):
            continue
        if run and sentence[run[-1].end + 1 : m.start()].strip() not in (",",):
            if len(run) >= 2:
                lists.append(run)
            run = []
        run.append(Span(m.start(1), m.end(1), m.group(1), "list_item", _head(m.group(1))))
    if len(run) >= 2:
        lists.append(run)
    return [items for items in lists if all(2 <= len(i.text.split()) <= 4 for i in items)]


def _head(text: str) -> str:
    return fold(text.split()[0]) if text.split() else ""
