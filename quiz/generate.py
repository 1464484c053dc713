"""Quiz items generated from the documents' own structure and words (no language model).

Candidates of every type are built from the library's passages, then validated
(:mod:`quiz.validate`) and picked reproducibly from a seed, mixing types and sources.
"""

from __future__ import annotations

import random
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from corpus.errors import QuizError, UnknownDocument
from index.acronyms import find_definitions
from index.records import PassageRecord
from quiz.distractors import GRAM, DistractorPicker, Pools, acronym_related, initials, ngrams, number_value, too_alike
from quiz.lists import ListQuestions, is_part
from quiz.order import OrderQuestions, misfiled
from quiz.items import BLANK, FALSE, ITEM_TYPES, MATCH_SEPARATOR, TRUE, ItemType, QuizItem, item_id
from quiz.paraphrase import paraphrase, reworded
from quiz.sentences import Sentence, split_passages
from quiz.source import askable_passage, boilerplate, doc_label, heading_label, part_headings
from quiz.statements import fragment, gives_part_away, leads, names_part, standalone, whole
from quiz.terms import Span, noun_phrases, on_word_boundaries, quantities, quoted_lists, tokens, words_key, years
from quiz.validate import Validator, display

if TYPE_CHECKING:  # a type hint only: importing the library loads the search stack (seconds)
    from index.library import Library

# Sentences asked about: long enough to say something, short enough to read aloud.
MIN_WORDS, MAX_WORDS = 8, 55
# A noun phrase is a key term when it occurs in this many sentences of the corpus: once is
# often a typo or an oddity, more often a common word ("cán bộ").
TERM_DF = (2, 3)
MIN_TERM_SENTENCE_WORDS = 12
KEY_TERM_SENTENCES = 4
# A four-word phrase found in at most this many sentences is distinctive: a statement sharing
# one with another group could belong there too.
RARE_PHRASE = 3
MATCHING_SETS = 3
OPTIONS = 4
# Item types whose options are shuffled (the others keep a meaningful order: Đúng/Sai, numbers).
SHUFFLED_TYPES = ("fill_blank", "acronym", "where", "which", "not_in", "order")
# Facts a false statement may change: a changed number, year or list item is plainly another
# fact; a swapped noun phrase can be a near-synonym, which would make "Sai" debatable.
CHANGEABLE = ("year", "number", "list_item")
# Abbreviations every cadre reads daily: asking what they stand for tests nothing.
COMMON_ACRONYMS = frozenset(
    ("UBND", "HĐND", "MTTQ", "MTTQVN", "GDP", "TW", "TƯ", "QH", "BCH", "BCT", "BBT", "CNXH", "XHCN",
     "CNTT", "CT-XH", "KT-XH", "TU", "HU", "ĐU", "NQ", "KH", "QĐ", "ĐBQH", "TAND", "VKSND", "CAND", "QĐND")
)
# A number bound to another fact of its sentence ("kỷ niệm 100 năm" with "năm 2030") is not
# changed in a false statement: the arithmetic gives the change away.
_BOUND_NUMBER = re.compile(r"(kỷ niệm|lần thứ|thứ)\s*$", re.IGNORECASE)
_ENUMERATION = re.compile(r"(?:,|\bvà|\bhoặc)\s*$")
_ANY_YEAR = re.compile(r"(?:19|20)\d\d")
_LISTED_AFTER = re.compile(r"\s*,?\s*(?:gồm|bao gồm|là)?\s*:")
# "định kỳ 6 tháng", "Định kỳ hằng quý, 06 tháng và cả năm": a period a few words after.
_PERIODIC = re.compile(r"(?:định kỳ|hằng|mỗi)\b[^.;:]{0,25}$", re.IGNORECASE)
_COMPARED = re.compile(r"so với (?:cùng kỳ )?năm\s*$")
_BULLETED = re.compile(r"\s*(?:[-–•+]|\(\d+\)|[a-zđ]\))\s")


@dataclass(frozen=True)
class Request:
    """What to generate.

    Attributes:
        n: How many items.
        seed: Same seed, same library, same request → same items in the same order.
        doc_ids: Only these documents (empty: all).
        sections: Only passages whose section path starts with one of these (empty: all).
        types: Only these item types.
        difficulties: Only these estimated difficulties.
    """

    n: int = 20
    seed: int = 0
    doc_ids: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    types: tuple[ItemType, ...] = ITEM_TYPES  # type: ignore[assignment]
    difficulties: tuple[int, ...] = (1, 2, 3)


@dataclass
class Generated:
    """Items with the bookkeeping the quality report needs.

    Attributes:
        items: The picked items.
        candidates: Candidates built, per type.
        rejected: Rejections per validation rule (``no_distractors`` when too few good
            distractors were found to build the item at all).
        checked: Candidates validated.
        passed: Validated candidates that broke no rule (picked or not).
    """

    items: list[QuizItem]
    candidates: Counter[str] = field(default_factory=Counter)
    rejected: Counter[str] = field(default_factory=Counter)
    checked: int = 0
    passed: int = 0


def _group(passage: PassageRecord) -> tuple[str, ...]:
    """The headings down to the passage's group (its run-in heading is the item's own words,
    not a group)."""
    return part_headings(passage)


class Generator:
    """Builds, validates and picks quiz items over one library.

    Args:
        library: The library whose passages the items are made from.
    """

    def __init__(self, library: Library) -> None:
        self.lib = library
        self.passages = library.passages()
        if not self.passages:
            raise QuizError("Thư viện chưa có tài liệu nào để tạo câu hỏi.")
        self.sentences = split_passages(self.passages)
        documents = library.documents()
        self.labels = {d.id: doc_label(d) for d in documents}
        self.doc_years = {d.id: int(d.date[:4]) if d.date[:4].isdigit() else 0 for d in documents}
        sectioned = {p.doc_id for p in self.passages if p.section}
        wrong_step = set().union(*(misfiled(self.lib.passages(d.id)) for d in documents))
        # Letterheads, preambles and "Nơi nhận" are neither asked about nor offered as options,
        # nor are passages filed under the wrong step (their citation would be wrong).
        self.sentences = [
            s for s in self.sentences
            if askable_passage(s.passage, s.passage.doc_id in sectioned) and not boilerplate(s.text)
            and s.passage.key not in wrong_step
        ]
        self.defined = {d.id: {a for a, _ in find_definitions(library.document_text(d.id))} for d in documents}
        headings = {h for p in self.passages for h in p.headings}
        self.pools = Pools.build(self.sentences, headings)
        self.picker = DistractorPicker(self.pools, library.embedder.encode_queries)
        self.validator = Validator(library)
        self.lists = ListQuestions(self)
        self.orders = OrderQuestions(self)

    # -- public -----------------------------------------------------------------------------

    def generate(self, request: Request, *, validate_all: bool = False) -> Generated:
        """Items for the request, every one validated.

        Args:
            request: What to generate.
            validate_all: Validate every candidate (for the quality report), not only until
                ``request.n`` items are found.

        Raises:
            QuizError: An unknown document, section or type, or a bad count.
        """
        self._check(request)
        sources = [s for s in self.sentences if self._wanted(s.passage, request)]
        by_type: dict[str, list[QuizItem]] = {}
        result = Generated(items=[])
        for type_ in request.types:
            items = [
                it for it in self._candidates(type_, sources, request.seed, result.rejected)
                if it.difficulty in request.difficulties
            ]
            random.Random(f"{request.seed}|{type_}").shuffle(items)
            by_type[type_] = items
            result.candidates[type_] = len(items)
        # Round robin over the types, scarcest first (in passages: a true/false statement comes
        # both ways) so that their few items keep their sources.
        passages = {t: {it.passage_key for it in items} for t, items in by_type.items()}
        order = sorted(by_type, key=lambda t: (len(passages[t]), t))
        for n, type_ in enumerate(order):
            # A passage is asked once, so within a type: one candidate per passage first, those
            # from passages no scarcer type can ask next, and key-term blanks (the weakest items:
            # without a language model, a phrase from elsewhere fits the slot only by chance) last.
            scarcer = set().union(*(passages[t] for t in order[:n]))
            seen: Counter[str] = Counter()
            rank = {}
            for it in by_type[type_]:
                rank[it.id] = seen[it.passage_key]
                seen[it.passage_key] += 1
            by_type[type_].sort(key=lambda it: (
                it.type == "fill_blank" and it.tags[:1] == ("term",), rank[it.id], it.passage_key in scarcer,
            ))
        queue: list[QuizItem] = []
        while any(by_type.values()):
            for type_ in order:
                if by_type[type_]:
                    queue.append(by_type[type_].pop(0))
        used_sources: set[str] = set()
        used_keys: Counter[tuple[str, str]] = Counter()

        def take(item: QuizItem) -> None:
            nonlocal used_sources
            # One item per passage, no two stems alike, no key asked twice: each would give
            # answers away or repeat an option list.
            sources_of = self._source_keys(item)
            key = (item.type, words_key(item.answer))
            # A part's name may be the key of two "where" items (other statements, other options).
            repeats = 2 if item.type == "where" else 1
            if sources_of & used_sources or used_keys[key] >= repeats or self.validator.too_close(item, result.items):
                result.rejected["stem_too_close"] += 1
                return
            used_sources |= sources_of
            if item.type != "true_false":
                used_keys[key] += 1
            result.items.append(item)

        # A true/false statement whose answer already leads is asked the other way if it can be,
        # else waits until the others are tried, so that the picked ones are as many "Đúng" as
        # "Sai" wherever the sources allow.
        other_way = {(it.source_text, it.passage_key, it.answer): it for it in by_type.get("true_false", [])}
        waiting: list[QuizItem] = []
        for item in queue:
            if len(result.items) >= request.n and not validate_all:
                break
            result.checked += 1
            failures = self.validator.check(item)
            if failures:
                result.rejected.update(failures)
                continue
            result.passed += 1
            if len(result.items) >= request.n:
                continue
            if item.type == "true_false" and _lead(result.items, item.answer) > 0:
                flipped = other_way.get((item.source_text, item.passage_key, TRUE if item.answer == FALSE else FALSE))
                if flipped is None or self.validator.check(flipped):
                    waiting.append(item)
                    continue
                item = flipped
            take(item)
        for item in waiting:
            if len(result.items) < request.n:
                take(item)
        result.items = _balance_keys(result.items, request.seed)
        return result

    # -- requests ---------------------------------------------------------------------------

    def _check(self, request: Request) -> None:
        if request.n < 1:
            raise QuizError("Số câu hỏi phải lớn hơn 0.")
        known_docs = {p.doc_id for p in self.passages}
        for doc_id in request.doc_ids:
            if doc_id not in known_docs:
                raise UnknownDocument(doc_id)
        for type_ in request.types:
            if type_ not in ITEM_TYPES:
                raise QuizError(f"Loại câu hỏi không hợp lệ: {type_} (chọn trong: {', '.join(ITEM_TYPES)}).")
        for section in request.sections:
            if not any(self._in_section(p, section) for p in self.passages):
                raise QuizError(f"Không có mục «{section}» trong tài liệu đã chọn.")

    @staticmethod
    def _in_section(passage: PassageRecord, section: str) -> bool:
        return passage.section == section or passage.section.startswith(section.rstrip(".") + ".")

    def _wanted(self, passage: PassageRecord, request: Request) -> bool:
        if request.doc_ids and passage.doc_id not in request.doc_ids:
            return False
        return not request.sections or any(self._in_section(passage, s) for s in request.sections)

    def _source_keys(self, item: QuizItem) -> set[str]:
        """The passages (and sentences) an item shows: its source, matched statements, options."""
        keys = {item.passage_key, words_key(item.source_text)}
        for _, right in item.pairs:
            keys |= {self.validator.passage_at(item.doc_id, right).key, words_key(right)}
        if item.type in ("which", "not_in"):
            # The other options' passages stay free: only their sentences are not asked again.
            keys |= {words_key(o) for o in item.options}
        return keys

    # -- building ---------------------------------------------------------------------------

    def _candidates(self, type_: str, sources: list[Sentence], seed: int, rejected: Counter[str]) -> list[QuizItem]:
        build = {
            "fill_blank": self._fill_blanks,
            "true_false": self._true_false,
            "acronym": self._acronyms,
            "where": self._where,
            "matching": self._matching,
            "which": lambda src, sd: self.lists.membership(src, sd, negative=False),
            "not_in": lambda src, sd: self.lists.membership(src, sd, negative=True),
            "count": self.lists.count,
            "order": self.orders.items,
        }[type_]
        items = []
        for item in build(sources, seed):
            if item is None:
                rejected["no_distractors"] += 1
            else:
                items.append(item)
        return items

    def _item(
        self,
        type_: ItemType,
        source: Sentence,
        stem: str,
        answer: str,
        distractors: Sequence[str],
        explanation: str,
        tags: Sequence[str],
        difficulty: int,
        seed: int,
        *,
        id_extra: str = "",
        pairs: tuple[tuple[str, str], ...] = (),
        options: tuple[str, ...] = (),
    ) -> QuizItem:
        """One item from its parts; options are the answer and distractors shuffled (seeded),
        unless given in display order (Đúng/Sai, matching)."""
        passage = source.passage
        ident = item_id(type_, f"{passage.key}|{source.text}", f"{answer}|{id_extra}")
        if not options:
            shuffled = [answer, *distractors]
            random.Random(f"{seed}|{ident}").shuffle(shuffled)
            options = tuple(shuffled)
        group = _group(passage)
        return QuizItem(
            id=ident,
            type=type_,
            stem=stem,
            options=options,
            answer=answer,
            explanation=explanation,
            citation=passage.citation,
            doc_id=passage.doc_id,
            source_text=source.text,
            passage_key=passage.key,
            section=passage.section,
            tags=(*tags, *group[-1:]),
            difficulty=max(1, min(3, difficulty)),
            pairs=pairs,
        )

    def _stem(self, sentence: Sentence, body: str, question: str = "") -> str:
        """"Theo <document>[, question]: <body>"; a clause cut from a longer sentence is introduced
        by its heading instead of a bare "…", so that it reads as a statement about that part."""
        label = self.labels[sentence.passage.doc_id]
        if question:
            return f"Theo {label}, {question} {display(body)}"
        if whole(sentence.text):
            return f"Theo {label}: {body}"
        group = _group(sentence.passage)
        if not group:
            return ""
        heading = heading_label(group[-1])
        # "Về công tác cán bộ" already says "về".
        about = f"“{heading}”" if heading.lower().startswith("về ") else f"về “{heading}”"
        return f"Theo {label}, {about}: {body}"

    def _blankable(self, sentence: Sentence) -> list[Span]:
        """What can be blanked in a sentence, best first: list items, years, numbers, key terms."""
        text = sentence.text
        spans: list[Span] = []
        for items in quoted_lists(text):
            spans.append(items[-1])
        # A number in a series of the same unit ("loại I là 22 người; loại II là ____; loại III là
        # 18 người") is found by elimination, not known.
        units = Counter(q.shape for q in quantities(text))
        # The document's own year ("hoàn thành trong tháng 9 năm 2023" in a 2023 directive) is
        # guessed by anyone who reads the date on it.
        # So is the year before it in "so với năm 2023" of a 2024 plan.
        doc_year = self.doc_years.get(sentence.passage.doc_id, 0)
        spans += [
            y for y in years(text)
            if int(y.text) != doc_year and not (int(y.text) == doc_year - 1 and _COMPARED.search(text[: y.start]))
        ] + [
            q for q in quantities(text) if units[q.shape] == 1
            # "Kỷ niệm 70 năm … (1954 - 2024)" is arithmetic; "định kỳ 6 tháng" a fixed phrase
            # whose made-up neighbours ("định kỳ 7 tháng") read as nonsense.
            and not (q.shape in ("năm", "tháng") and _BOUND_NUMBER.search(text[: q.start]) and _ANY_YEAR.search(text))
            and not (q.shape in ("tháng", "năm", "ngày") and _PERIODIC.search(text[: q.start]))
            # "không quá 03 người, gồm: [three roles]": the list that follows counts them out.
            and not _LISTED_AFTER.match(text[q.end :])
        ]
        terms = [
            t for t in noun_phrases(text)
            if TERM_DF[0] <= self.pools.term_df.get(words_key(t.text), 0) <= TERM_DF[1]
            # A key term of the text, not a word said everywhere ("tổ chức", "ý kiến"): a blank on
            # a common word tests nothing and many options fit it.
            and self.pools.sentence_count(words_key(t.text)) <= KEY_TERM_SENTENCES
            # "có hiệu quả" is an adverb: "hiệu quả chủ trương" is no phrase.
            and not text[: t.start].rstrip().lower().endswith((" có", " một cách"))
            # One word (of two syllables or more): options for a two-word blank are pieced
            # together from the corpus and read as nonsense ("vững chắc độc lập"), unless the
            # key is a term the document repeats as such.
            and (len(tokens(t.text)) == 1 or self.pools.term_df.get(words_key(t.text), 0) >= 3)
            # One item of an enumeration: many words fit that slot ("chức năng, ____ và quyền hạn");
            # and a blank opening the sentence has too little before it to pin it down.
            and len(text[: t.start].split()) >= 3 and not _ENUMERATION.search(text[: t.start]) and not re.match(r"\s*(?:,|và\b|hoặc\b)", text[t.end :])
        ]
        terms.sort(key=lambda t: (self.pools.term_df[words_key(t.text)], -len(t.text)))
        # A term blank needs a sentence long enough to pin the term down.
        if sentence.words >= MIN_TERM_SENTENCE_WORDS:
            spans += terms[:1]
        # A blank whose answer is still visible elsewhere in the sentence gives itself away, and a
        # blank must not cut a word in two.
        return [s for s in spans if _visible_once(text, s) and on_word_boundaries(text, s)]

    def _usable(self, sentence: Sentence) -> bool:
        return MIN_WORDS <= sentence.words <= MAX_WORDS

    def _pick(self, sentence: Sentence, span: Span, rng: random.Random, k: int) -> list[str] | None:
        exclude = [i.text for items in quoted_lists(sentence.text) for i in items]
        return self.picker.pick(
            sentence.text, span, rng, k=k, exclude=exclude, nearby=sentence.passage.text,
            doc_year=self.doc_years.get(sentence.passage.doc_id, 0),
        )

    def _text_difficulty(self, answer: str, distractors: Sequence[str]) -> int:
        """1–3 from how close in meaning the distractors are to the key (e5 similarity)."""
        vectors = self.picker.embed([answer, *distractors])
        sim = float((vectors[1:] @ vectors[0]).mean())
        return 3 if sim > 0.88 else 1 if sim < 0.84 else 2

    def _difficulty(self, span: Span, distractors: Sequence[str], sentence: Sentence) -> int:
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
            score = self._text_difficulty(span.text, distractors)
        if self.pools.term_df.get(words_key(span.text), 0) == 1 or sentence.words > 35:
            score += 1
        return score

    def _fill_blanks(self, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
        for sentence in sources:
            if not self._usable(sentence):
                continue
            for span in self._blankable(sentence):
                rng = random.Random(f"{seed}|{sentence.passage.key}|{sentence.start}|{span.start}")
                distractors = self._pick(sentence, span, rng, OPTIONS - 1)
                if distractors is None:
                    yield None
                    continue
                blanked = sentence.text[: span.start] + BLANK + sentence.text[span.end :]
                stem = self._stem(sentence, blanked)
                if not stem:
                    continue
                yield self._item(
                    "fill_blank", sentence, stem, span.text, distractors,
                    f"Văn bản nêu: “{sentence.text}”", (span.kind,), self._difficulty(span, distractors, sentence), seed,
                )

    def _statement(self, sentence: Sentence) -> bool:
        """A sentence a true/false item can state: with a verb, of a length that can be read
        aloud (a clause of a long sentence is introduced by its heading, see :meth:`_stem`)."""
        if not self._usable(sentence) or sentence.words > 40 or not self._stem(sentence, sentence.text):
            return False
        return any(t.tag == "V" for t in tokens(sentence.text))

    def _changeable(self, sentence: Sentence) -> list[Span]:
        """Facts of a sentence a false statement may change: not a number bound to another fact
        of the sentence (an anniversary with its year, a year beside another year)."""
        text = sentence.text
        spans = [s for s in self._blankable(sentence) if s.kind in CHANGEABLE]
        several_years = len(years(text)) > 1 or bool(re.search(r"\d{4}\s*[-–]\s*\d{4}", text))
        units = Counter(q.shape for q in quantities(text))
        return [
            s for s in spans
            if not _BOUND_NUMBER.search(text[: s.start])
            and not (s.kind == "year" and several_years)
            # A duration matches the plan's period; two numbers of one unit may add up.
            and not (s.kind == "number" and (s.shape in ("năm", "tháng") or units[s.shape] > 1))
        ]

    def _true_false(self, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
        """One statement per sentence that has a fact that matters, stated as the text says it
        or with that fact changed.

        Only statements with a fact that matters: the same sentence can then be asked true or
        false, and a bare task ("Thực hiện tốt ...") is not asked at all. And only sentences the
        paraphrase rewords: a verbatim true statement is recognised, not understood.

        Every such sentence yields its statement both ways whatever the seed (the seed only
        decides which way comes first): a served app draws a new seed per request, and dropping
        the true statements that outnumbered the false ones made the count swing with it (9
        asked of the uploaded test documents, 6 to 9 given).
        """
        statements = [
            (s, facts[0]) for s in sources
            if self._statement(s) and reworded(s.text) and (facts := self._changeable(s))
        ]
        random.Random(f"{seed}|tf").shuffle(statements)
        # Trues minus falses so far: each statement is asked first the way that evens them out (a
        # coin on a tie), so that guessing "Đúng" earns nothing; the other way comes after all
        # of them, for the picking to fall back on (one item per passage: it never takes both).
        lead = 0
        other_ways: list[QuizItem] = []
        for sentence, span in statements:
            rng = random.Random(f"{seed}|tf|{sentence.passage.key}|{sentence.start}")
            # Same difficulty for the true and the changed statement: it must not hint the answer.
            difficulty = 1 if sentence.words <= 20 else 2 if sentence.words <= 30 else 3
            true_item = self._item(
                "true_false", sentence, self._stem(sentence, paraphrase(sentence.text)), TRUE, [FALSE],
                f"Đúng. Văn bản nêu: “{sentence.text}”", ("statement",), difficulty, seed,
                id_extra=sentence.text, options=(TRUE, FALSE),
            )
            swapped = self._pick(sentence, span, rng, 1)
            false_item = None
            if swapped is not None:
                changed = sentence.text[: span.start] + swapped[0] + sentence.text[span.end :]
                false_item = self._item(
                    "true_false", sentence, self._stem(sentence, paraphrase(changed)), FALSE, [TRUE],
                    f"Sai. Văn bản nêu “{span.text}”, không phải “{swapped[0]}”: “{sentence.text}”",
                    (span.kind,), difficulty, seed, id_extra=changed, options=(TRUE, FALSE),
                )
            wants_false = lead > 0 or (lead == 0 and rng.random() < 0.5)
            first, second = (false_item, true_item) if wants_false and false_item else (true_item, false_item)
            lead += 1 if first is true_item else -1
            yield first
            if second is not None:
                other_ways.append(second)
        yield from other_ways

    def _acronyms(self, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
        dictionary = self.lib.acronyms
        pairs = dictionary.items()
        for acronym, expansion in pairs:
            if len(dictionary.expansions(acronym)) != 1 or acronym in COMMON_ACRONYMS:
                continue  # several expansions: no single right answer; a common one: nothing to test
            pattern = re.compile(rf"(?<![\w/-]){re.escape(acronym)}(?![\w/-])")
            uses = [
                s for s in sources
                # Only where the document defines the abbreviation itself: what it means there is
                # then part of the document, not general knowledge.
                if self._usable(s) and s.words <= 40 and pattern.search(s.text)
                and acronym in self.defined.get(s.passage.doc_id, ())
                and words_key(expansion) not in words_key(s.text)
            ]
            if not uses:
                continue
            sentence = min(uses, key=lambda s: (s.words, s.passage.order, s.start))
            others = [
                e for a, e in pairs
                if a != acronym and not too_alike(e, expansion) and not acronym_related(acronym, e)
                and not any(too_alike(e, x) for x in dictionary.expansions(acronym))
            ]
            others = sorted(set(others))
            if len(others) < OPTIONS - 1:
                yield None
                continue
            vectors = self.picker.embed([expansion, *others])
            sims = vectors[1:] @ vectors[0]
            # Plausible first: expansions whose initials start like the acronym, then by meaning.
            first = words_key(acronym)[:1]
            ranked = [others[i] for i in sorted(range(len(others)), key=lambda i: (initials(others[i])[:1] != first, -sims[i]))]
            rng = random.Random(f"{seed}|acr|{acronym}")
            shortlist = ranked[: 2 * (OPTIONS - 1)]
            rng.shuffle(shortlist)
            shortlist.sort(key=lambda e: abs(len(e.split()) - len(expansion.split())))
            chosen: list[str] = []
            for cand in shortlist:
                if not any(too_alike(cand, c) for c in chosen):
                    chosen.append(cand)
                if len(chosen) == OPTIONS - 1:
                    break
            if len(chosen) < OPTIONS - 1:
                yield None
                continue
            label = self.labels[sentence.passage.doc_id]
            yield self._item(
                "acronym", sentence,
                f"Trong câu sau của {label}, “{acronym}” là viết tắt của cụm từ nào? {display(sentence.text)}",
                expansion, chosen, f"“{acronym}” là viết tắt của “{expansion}”. Câu trong văn bản: “{sentence.text}”",
                ("acronym",), 1, seed,
            )

    def _groups(self, doc_id: str) -> dict[tuple[str, ...], list[Sentence]]:
        """A document's sentences by group. In a group of bulleted items, a paragraph without a
        bullet is left out: it is often a closing remark the layout put under the last group."""
        groups: dict[tuple[str, ...], list[Sentence]] = defaultdict(list)
        for sentence in self.sentences:
            if sentence.passage.doc_id == doc_id:
                group = _group(sentence.passage)
                if group:
                    groups[group].append(sentence)
        for group, sentences in groups.items():
            passages = {s.passage.key: s.passage for s in sentences}.values()
            bulleted = {p.key for p in passages if _BULLETED.match(p.text)}
            if len(bulleted) * 2 >= len(passages):
                groups[group] = [s for s in sentences if s.passage.key in bulleted]
        return groups

    def _option_groups(self, group: tuple[str, ...], groups: dict[tuple[str, ...], list[Sentence]]) -> list[tuple[str, ...]]:
        """The group with up to three others: siblings first, then groups at the same depth."""
        # Closest in length first, so that the key is not the odd one out.
        by_length = sorted(groups, key=lambda g: (abs(len(g[-1]) - len(group[-1])), g))
        siblings = [g for g in by_length if g != group and g[:-1] == group[:-1]]
        cousins = [g for g in by_length if g != group and len(g) == len(group) and g not in siblings]
        chosen = [group]
        for g in siblings + cousins:
            if len(chosen) == OPTIONS:
                break
            if not any(too_alike(g[-1], c[-1]) for c in chosen):
                chosen.append(g)
        return chosen

    def _distinct(self, sentence: Sentence, group: tuple[str, ...], others: list[tuple[str, ...]],
                  groups: dict[tuple[str, ...], list[Sentence]]) -> bool:
        """Whether a statement belongs to its group only: no other option group shares a rare
        four-word phrase with it ("kiểm soát quyền lực") or much of its wording, and search finds
        its own passage first."""
        grams = ngrams(sentence.text, GRAM)
        if not grams:
            return False
        for other in others:
            other_grams = set().union(*(ngrams(s.text, GRAM) for s in groups[other]))
            shared = grams & other_grams
            if len(shared) / len(grams) > 0.2 or any(self.pools.gram_df[g] <= RARE_PHRASE for g in shared):
                return False
        keys = {g: [s.passage.key for s in groups[g]] for g in [group, *others]}
        return self.validator.first_group_hit(sentence.text, sentence.passage, keys)

    def _where(self, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
        for doc_id in dict.fromkeys(s.passage.doc_id for s in sources):
            groups = self._groups(doc_id)
            for sentence in sources:
                if sentence.passage.doc_id != doc_id or not (12 <= sentence.words <= 45):
                    continue
                group = _group(sentence.passage)
                if not group or not is_part(group[-1], intro=False) or names_part(sentence.text, group[-1]):
                    continue
                # A clause cut from a longer sentence that opens on a linking word ("gắn với …",
                # "nhất là …") says nothing on its own.
                if fragment(sentence.text) or not standalone(sentence.text):
                    continue
                option_groups = self._option_groups(group, {g: v for g, v in groups.items() if is_part(g[-1], intro=False)})
                if len(option_groups) < 3:
                    continue
                if not self._distinct(sentence, group, option_groups[1:], groups):
                    yield None
                    continue
                other_texts = [s.text for g in option_groups[1:] for s in groups.get(g, [])]
                if gives_part_away(self.pools, sentence.text, group[-1], [g[-1] for g in option_groups[1:]], other_texts):
                    continue
                parents = {g[:-1] for g in option_groups}
                label = self.labels[doc_id]
                where = (
                    f"mục nào của phần “{heading_label(group[-2])}”" if len(parents) == 1 and len(group) > 1
                    else "phần nào"
                )
                answer = heading_label(group[-1])
                others = [heading_label(g[-1]) for g in option_groups[1:]]
                yield self._item(
                    "where", sentence, f"Theo {label}, nội dung sau thuộc {where}? {display(sentence.text)}",
                    answer, others, f"Nội dung này thuộc “{answer}”: “{sentence.text}”", ("section",),
                    self._text_difficulty(answer, others), seed,
                )

    def _matching(self, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
        for doc_id in dict.fromkeys(s.passage.doc_id for s in sources):
            groups = self._groups(doc_id)
            wanted = {id(s) for s in sources}
            by_parent: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
            for g in groups:
                if len(g) > 1:
                    by_parent[g[:-1]].append(g)
            for parent, children in by_parent.items():
                if len(children) < 3:
                    continue
                rng = random.Random(f"{seed}|match|{doc_id}|{parent}")
                children = sorted(children, key=lambda g: groups[g][0].passage.order)
                used: set[int] = set()
                # A few sets per part, each with other measures (and, with many groups, other groups).
                for _ in range(MATCHING_SETS):
                    rng.shuffle(children)
                    pairs: list[tuple[str, Sentence]] = []
                    for g in children:
                        # A measure is the first sentence of an item, not a detail further down.
                        candidates = [
                            s for s in groups[g]
                            if id(s) in wanted and id(s) not in used and 8 <= s.words <= 40 and leads(s) and standalone(s.text)
                        ]
                        rng.shuffle(candidates)
                        others = [c for c in children if c != g]
                        # Matched by a shared word ("Kỷ niệm …" ↔ "… các ngày kỷ niệm") is no knowledge.
                        elsewhere = [s.text for o in others for s in groups[o]]
                        pick = next(
                            (s for s in candidates if self._distinct(s, g, others, groups)
                             and not gives_part_away(self.pools, s.text, g[-1], [o[-1] for o in others], elsewhere)),
                            None,
                        )
                        if pick is not None:
                            pairs.append((g[-1], pick))
                        if len(pairs) == OPTIONS:
                            break
                    if len(pairs) < 3:
                        yield None
                        break
                    used |= {id(s) for _, s in pairs}
                    yield self._matching_item(doc_id, parent, pairs, seed, rng)

    def _matching_item(self, doc_id: str, parent: tuple[str, ...], pairs: list[tuple[str, Sentence]],
                       seed: int, rng: random.Random) -> QuizItem:
        pairs = sorted(pairs, key=lambda pair: (pair[1].passage.order, pair[1].start))
        rights = [display(s.text) for _, s in pairs]
        lefts = [heading_label(left) for left, _ in pairs]
        explanation = " ".join(f"“{left}” — “{s.text}” ({s.passage.citation})." for left, (_, s) in zip(lefts, pairs))
        return self._item(
            "matching", pairs[0][1],
            f"Theo {self.labels[doc_id]}, hãy ghép mỗi mục của phần “{heading_label(parent[-1])}” với nội dung thuộc mục đó.",
            MATCH_SEPARATOR.join(rights), [], explanation, ("section",), 2, seed,
            id_extra="|".join(rights), pairs=tuple(zip(lefts, rights)),
            options=tuple(sorted(rights, key=lambda r: rng.random())),
        )


def _lead(items: list[QuizItem], answer: str) -> int:
    """How many more true/false items of ``items`` have ``answer`` as their key than the other."""
    keys = Counter(i.answer for i in items if i.type == "true_false")
    return keys[answer] - keys[TRUE if answer == FALSE else FALSE]


def _balance_keys(items: list[QuizItem], seed: int) -> list[QuizItem]:
    """Move keys so each option letter is the key about equally often (seeded): independently
    shuffled items still cluster by chance, and a student who notices "C" wins points."""
    shuffled = [i for i, item in enumerate(items) if item.type in SHUFFLED_TYPES]
    slots = [n % OPTIONS for n in range(len(shuffled))]
    random.Random(f"{seed}|keys").shuffle(slots)
    balanced = list(items)
    for index, slot in zip(shuffled, slots):
        item = items[index]
        others = [o for o in item.options if o != item.answer]
        slot = min(slot, len(others))
        balanced[index] = replace(item, options=(*others[:slot], item.answer, *others[slot:]))
    return balanced


def _visible_once(text: str, span: Span) -> bool:
    """The answer does not show elsewhere in the sentence."""
    rest = words_key(text[: span.start] + " " + text[span.end :])
    return f" {words_key(span.text)} " not in f" {rest} "
