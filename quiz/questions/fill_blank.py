"""``fill_blank``: a sentence with one fact blanked (a list item, a year, a number, a key term),
four options of the key's shape."""

from __future__ import annotations

import random
import re
import statistics
from collections import Counter
from collections.abc import Iterator, Sequence

from quiz.distractors import initials, number_value
from quiz.items import BLANK, QuizItem
from quiz.questions.base import OPTIONS, Checks, Context, Kind
from quiz.questions.deadline import ANNIVERSARY, limits
from quiz.sentences import Sentence
from quiz.terms import Span, governor, noun_phrases, on_word_boundaries, quantities, quoted_lists, tokens, words_key, years

# A noun phrase is a key term when it occurs in this many sentences of the corpus: once is
# often a typo or an oddity, more often a common word ("cán bộ").
TERM_DF = (2, 3)
MIN_TERM_SENTENCE_WORDS = 12
KEY_TERM_SENTENCES = 4
MIN_CONTEXT_WORDS = 6
MAX_BLANK_SHARE = 0.4
# A number bound to another fact of its sentence ("kỷ niệm 100 năm" with "năm 2030") is not
# changed in a false statement: the arithmetic gives the change away.
BOUND_NUMBER = re.compile(r"(kỷ niệm|lần thứ|thứ)\s*$", re.IGNORECASE)
_ENUMERATION = re.compile(r"(?:,|\bvà|\bhoặc)\s*$")
_ANY_YEAR = re.compile(r"(?:19|20)\d\d")
_LISTED_AFTER = re.compile(r"\s*,?\s*(?:gồm|bao gồm|là)?\s*:")
# "định kỳ 6 tháng", "Định kỳ hằng quý, 06 tháng và cả năm": a period a few words after.
_PERIODIC = re.compile(r"(?:định kỳ|hằng|mỗi)\b[^.;:]{0,25}$", re.IGNORECASE)
_REPORTED_RATE = re.compile(r"[^,;:]*?\b(?:tăng|giảm|đạt)\b[^,;:]*?\d+(?:,\d+)?\s*%")
_COMPARED = re.compile(r"so với (?:cùng kỳ )?năm\s*$")
# The year of a cited text's name or date ("Luật Dược ngày 06 tháng 4 năm ____", "Luật Đất đai
# năm ____"): it names the text, it is no fact to learn.
_NAMED_YEAR = re.compile(r"(?:\bngày \d{1,2} tháng \d{1,2} năm|\b(?:Luật|Bộ luật|Nghị định|Nghị quyết|Thông tư|Quyết định)\b[^.;:]{0,60}\bnăm)\s*$")
# A worked example ("Ví dụ: tỉnh A có 45 ủy viên …"): its numbers are not the rule.
EXAMPLE = re.compile(r"\bví dụ\b|\bchẳng hạn\b", re.IGNORECASE)
# A worked calculation, its result stated ("1.500.000.000 đồng/năm x 05 năm = 7.500.000.000
# đồng"): each of its numbers follows from the others, not known. A rule's formula ("Tiền lương
# 01 tiết dạy thêm = Tiền lương 01 tiết dạy x 150%") states no result and stays askable.
CALCULATION = re.compile(r"=\s*\d")


def blankable(ctx: Context, sentence: Sentence) -> list[Span]:
    """What can be blanked in a sentence, best first: list items, years, numbers, key terms."""
    text = sentence.text
    spans: list[Span] = []
    for items in quoted_lists(text):
        # A slogan of one-word contrasts after a shared word ("có vào, có ra, có lên, có xuống")
        # is completed by its pattern; no other phrase of the corpus reads as its end.
        if not _contrasts(items):
            spans.append(items[-1])
    example = EXAMPLE.search(sentence.passage.text[: sentence.start - sentence.passage.start + len(text)])
    # A number in a series of the same unit ("loại I là 22 người; loại II là ____; loại III là
    # 18 người") is found by elimination, not known.
    units = Counter(q.shape for q in quantities(text))
    # The document's own year ("hoàn thành trong tháng 9 năm 2023" in a 2023 directive) is
    # guessed by anyone who reads the date on it.
    # So is the year before it in "so với năm 2023" of a 2024 plan.
    doc_year = ctx.doc_years.get(sentence.passage.doc_id, 0)
    # A year named by its anniversary ("Đến năm ____, kỷ niệm 100 năm thành lập Đảng") is
    # counted, not known.
    spans += [] if example or CALCULATION.search(text) else [
        y for y in years(text) if not ANNIVERSARY.search(text)
        and int(y.text) != doc_year and not (int(y.text) == doc_year - 1 and _COMPARED.search(text[: y.start]))
        and not _NAMED_YEAR.search(text[: y.start])
    ] + [
        q for q in quantities(text) if units[q.shape] == 1
        # "Kỷ niệm 70 năm … (1954 - 2024)" is arithmetic; "định kỳ 6 tháng" a fixed phrase
        # whose made-up neighbours ("định kỳ 7 tháng") read as nonsense.
        and not (q.shape in ("năm", "tháng") and BOUND_NUMBER.search(text[: q.start]) and _ANY_YEAR.search(text))
        and not (q.shape in ("tháng", "năm", "ngày") and _PERIODIC.search(text[: q.start]))
        # "không quá 03 người, gồm: [three roles]": the list that follows counts them out.
        and not _LISTED_AFTER.match(text[q.end :])
        # "Tăng trưởng kinh tế 9 tháng … ước đạt 8,19%": the period a figure is reported for,
        # not a fact of its own.
        and not (q.shape in ("tháng", "năm") and _REPORTED_RATE.match(text[q.end :]))
    ]
    pools = ctx.pools
    terms = [
        t for t in noun_phrases(text)
        if TERM_DF[0] <= pools.term_df.get(words_key(t.text), 0) <= TERM_DF[1]
        # A key term of the text, not a word said everywhere ("tổ chức", "ý kiến"): a blank on
        # a common word tests nothing and many options fit it.
        and pools.sentence_count(words_key(t.text)) <= KEY_TERM_SENTENCES
        # "có hiệu quả" is an adverb: "hiệu quả chủ trương" is no phrase.
        and not text[: t.start].rstrip().lower().endswith((" có", " một cách"))
        # One word (of two syllables or more): options for a two-word blank are pieced
        # together from the corpus and read as nonsense ("vững chắc độc lập"), unless the
        # key is a term the document repeats as such.
        and (len(tokens(t.text)) == 1 or pools.term_df.get(words_key(t.text), 0) >= 3)
        # One item of an enumeration: many words fit that slot ("chức năng, ____ và quyền hạn");
        # and a blank opening the sentence has too little before it to pin it down.
        and len(text[: t.start].split()) >= 3 and not _ENUMERATION.search(text[: t.start]) and not re.match(r"\s*(?:,|và\b|hoặc\b)", text[t.end :])
    ]
    terms = [t for t in terms if _askable_term(ctx, sentence, t)]
    terms.sort(key=lambda t: (pools.term_df[words_key(t.text)], -len(t.text)))
    # A term blank needs a sentence long enough to pin the term down.
    if sentence.words >= MIN_TERM_SENTENCE_WORDS:
        spans += terms[:1]
    # A blank whose answer is still visible elsewhere in the sentence gives itself away, and a
    # blank must not cut a word in two.
    return [s for s in spans if _visible_once(text, s) and on_word_boundaries(text, s)]


def _contrasts(items: list[Span]) -> bool:
    """Whether every item of a quoted list is one shared word and one word more."""
    heads = {words_key(i.text.split()[0]) for i in items}
    return len(heads) == 1 and all(len(i.text.split()) == 2 for i in items)


def _askable_term(ctx: Context, sentence: Sentence, term: Span) -> bool:
    """Whether a key term is worth a blank: the object of a verb or noun whose other objects in
    the corpus can stand in for it ("tăng cường ứng dụng ____"), not glossed right after ("Vùng
    nuôi ____ (cá nước lạnh)"), not the end of a name the document abbreviates ("Thuốc bảo vệ
    ____" beside "thuốc BVTV": a collocation, not knowledge), and not given away by another
    sentence of the document saying the governing word and the key together ("Tổ chức thu gom
    rác thải, chất thải …" for "thu gom ____ từ nuôi trồng thủy sản")."""
    text = sentence.text
    word = governor(text, term)
    if not word or text[term.end :].lstrip().startswith("("):
        return False
    doc_id = sentence.passage.doc_id
    before = [t.text for t in tokens(text) if t.end <= term.start][-2:]
    document = ctx.checks.text(doc_id)
    for n in range(1, len(before) + 1):
        # Initials are folded: "D" stands for "Đ" as well.
        letters = re.escape(initials(" ".join([*before[-n:], term.text])).upper()).replace("D", "[DĐ]")
        if re.search(rf"(?<!\w){letters}(?!\w)", document):
            return False
    key = f" {words_key(term.text)} "
    return not any(
        key in f" {words_key(s.text)} " and f" {word} " in f" {words_key(s.text)} "
        for s in ctx.sentences if s.passage.doc_id == doc_id and s.text != text
    )


def _visible_once(text: str, span: Span) -> bool:
    """The answer does not show elsewhere in the sentence."""
    rest = words_key(text[: span.start] + " " + text[span.end :])
    return f" {words_key(span.text)} " not in f" {rest} "


def _difficulty(ctx: Context, span: Span, distractors: Sequence[str], sentence: Sentence) -> int:
    """1–3 from the item itself: how close the distractors are to the key (embedding
    similarity for words, relative distance for numbers), how rare the key is, how long the
    sentence is to read."""
    if span.kind in ("year", "number"):
        answer = max(number_value(span.text), 1.0)
        gap = statistics.mean(abs(number_value(d) - answer) / answer for d in distractors)
        close = gap < (0.003 if span.kind == "year" else 0.15)
        far = gap > (0.006 if span.kind == "year" else 0.4)
        score = 2 + int(close) - int(far)
    else:
        score = ctx.text_difficulty(span.text, distractors)
    if ctx.pools.term_df.get(words_key(span.text), 0) == 1 or sentence.words > 35:
        score += 1
    return score


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per blankable fact of each sentence of a readable length."""
    for sentence in sources:
        if not ctx.usable(sentence):
            continue
        # A time limit is asked as a ``deadline``, with periods documents set as options.
        limit_starts = {span.start for span, _ in limits(sentence.text)}
        for span in blankable(ctx, sentence):
            if span.start in limit_starts:
                continue
            rng = random.Random(f"{seed}|{sentence.passage.key}|{sentence.start}|{span.start}")
            distractors = ctx.pick(sentence, span, rng, OPTIONS - 1)
            if distractors is None:
                yield None
                continue
            blanked = sentence.text[: span.start] + BLANK + sentence.text[span.end :]
            stem = ctx.stem(sentence, blanked)
            if not stem:
                continue
            yield ctx.item(
                "fill_blank", sentence, stem, span.text, distractors,
                f"Văn bản nêu: “{sentence.text}”", (span.kind,), _difficulty(ctx, span, distractors, sentence), seed,
            )


def backed(item: QuizItem, checks: Checks) -> bool:
    """The blank filled with the key is the source sentence."""
    return item.stem.count(BLANK) == 1 and item.stem.replace(BLANK, item.answer).endswith(item.source_text)


def enough_context(item: QuizItem) -> bool:
    """The blank leaves enough words around it and does not blank too much."""
    sentence = words_key(item.source_text).split()
    blank = words_key(item.answer).split()
    return len(sentence) - len(blank) >= MIN_CONTEXT_WORDS and len(blank) <= MAX_BLANK_SHARE * len(sentence)


KIND = Kind(
    build=build, backed=backed, context=enough_context, hides_answer=True,
    missing="không có câu nào có số liệu, năm hay thuật ngữ đủ rõ để điền vào chỗ trống",
)
