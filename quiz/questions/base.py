"""What every question kind shares: the :class:`Kind` record a kind module exports, and the
:class:`Context` it builds items with (the library's sentences, labels, distractor pools and the
validator's searches).

A kind module (``quiz/questions/<name>.py``) defines ``KIND = Kind(build=..., backed=...)``; the
registry (:mod:`quiz.questions`) finds it by the name listed in :data:`quiz.items.KINDS`.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from corpus.cite import is_table_row
from index.records import PassageRecord, SearchResult
from quiz.distractors import GRAM, DistractorPicker, Pools, ngrams, too_alike
from quiz.items import BLANK, QuizItem, item_id
from quiz.sentences import Sentence, split_passages
from quiz.source import heading_label, part_headings
from quiz.statements import whole
from quiz.terms import Span, quoted_lists, words_key

if TYPE_CHECKING:  # a type hint only: importing the library loads the search stack (seconds)
    from index.library import Library

OPTIONS = 4
# Sentences asked about: long enough to say something, short enough to read aloud.
MIN_WORDS, MAX_WORDS = 8, 55
MAX_QUOTED_WORDS = 70
# A four-word phrase found in at most this many sentences is distinctive: a statement sharing
# one with another group could belong there too.
RARE_PHRASE = 3
# A four-word phrase found in at least this many sentences is a name a document repeats.
NAME_PHRASE = 12
_BULLETED_PASSAGE = re.compile(r"\s*(?:[-–•+]|\(\d+\)|[a-zđ]\))\s")
# A notice answers each point in one sentence: "Về dự án …: Bộ Xây dựng khẩn trương rà soát …".
_TOPIC = re.compile(r"^Về\s+(?P<topic>[^:]+):\s+(?=\w)")
MAX_TOPIC_WORDS = 30
_MARKER = re.compile(r"^\s*(?:\d+[.)]|[a-zđ]\)|[-–•+])\s*")


def display(text: str) -> str:
    """A sentence or clause as shown on its own, as an option or after a question: starting
    with a capital letter (a clause cut from a longer sentence starts in lower case)."""
    return text[:1].upper() + text[1:]


def verbatim_of(shown: str, text: str) -> str:
    """The document's own wording of a shown sentence (see :func:`display`), or ``""``."""
    for wording in (shown, shown[:1].lower() + shown[1:]):
        if wording and wording in text:
            return wording
    return ""


def quoted_heading(stem: str) -> str:
    """The first “quoted” phrase of a stem: the heading a list question is about."""
    return stem.split("“", 1)[1].split("”", 1)[0] if "“" in stem else ""


def has_heading(passage: PassageRecord, label: str) -> bool:
    """Whether a passage stands under a heading shown as ``label`` (see :func:`heading_label`)."""
    return any(heading_label(h) == label for h in passage.headings)


def _in_appendix(group: tuple[str, ...]) -> bool:
    """Whether a group stands in an appendix (a "Phụ lục" or a form, "Mẫu 01")."""
    return any(heading_label(h).lower().startswith(("phụ lục", "mẫu", "biểu mẫu")) for h in group)


# A sentence too long to quote whole (a notice's answer to a point: who acts, what they do in
# five clauses, to whom they report and by when) is quoted by the clauses that say who, what is
# asked and by when: its first, the blank's and its last, the others elided.
ELISION = " … "
CLAUSE_BREAK = re.compile(r",\s+")
ELIDED_WORDS = 45
_GROUNDS = re.compile(r",\s+căn cứ (?:vào\s+)?[^,;_]{5,200}?,\s+")


def blank_backed(item: QuizItem) -> bool:
    """Whether the quoted sentence of a :meth:`Context.blank_item` stem, its blank filled with
    the key, is the source sentence, or its first and last words with clauses between them
    elided (see :func:`elided`)."""
    if item.stem.count(BLANK) != 1:
        return False
    filled = item.stem.replace(BLANK, item.answer)
    if f"“{display(item.source_text)}”" in filled:
        return True
    if ELISION.rstrip() not in filled or not filled.endswith("”"):
        return False
    quoted = filled[filled.rfind("“", 0, filled.rfind(ELISION.rstrip())) + 1 : -1]
    # "… trong thời hạn 03 ngày làm việc công khai các TTHC …": the end left out.
    cut_short = quoted.endswith(ELISION.rstrip())
    pieces = quoted.removesuffix(ELISION.rstrip()).split(ELISION)
    source = display(item.source_text)
    if not (source.startswith(pieces[0]) and (cut_short or source.endswith(pieces[-1]))):
        return False
    cursor = 0
    for piece in pieces:
        found = source.find(piece, cursor)
        if found < 0:
            return False
        cursor = found + len(piece)
    return True


def elided(text: str, span: Span) -> str:
    """A long sentence with its blank (``span``), quoted by its first clause, the blank's and its
    last (or, when that says too much still, its first and the blank's, then "…"), the clauses
    between them written "…"; ``""`` when those say too much still (or the sentence has no
    clauses to leave out)."""
    breaks = list(CLAUSE_BREAK.finditer(text))
    clauses = list(zip([0, *(m.end() for m in breaks)], [*(m.start() for m in breaks), len(text)]))
    own = next((n for n, (start, end) in enumerate(clauses) if start <= span.start and span.end <= end), None)
    if own is None:
        return ""
    last = len(clauses) - 1
    for shown in ({0, own, last}, {0, own}):
        runs: list[list[int]] = []
        for n in sorted(shown):
            if runs and n == runs[-1][-1] + 1:
                runs[-1].append(n)
            else:
                runs.append([n])
        pieces = [text[clauses[run[0]][0] : clauses[run[-1]][1]] for run in runs]
        holder = next(i for i, run in enumerate(runs) if own in run)
        offset = clauses[runs[holder][0]][0]
        piece = pieces[holder]
        pieces[holder] = piece[: span.start - offset] + BLANK + piece[span.end - offset :]
        cut_short = runs[-1][-1] != last
        quoted = ELISION.join(pieces) + (ELISION.rstrip() if cut_short else "")
        if (len(pieces) > 1 or cut_short) and len(quoted.split()) <= ELIDED_WORDS:
            return quoted
    return ""


def _point(topic: str) -> str:
    """A point as a stem names it: whole, or by its first clause when it runs long ("điều
    chuyển số vốn dư…"); ``""`` when even that is too long."""
    if len(topic.split()) <= MAX_TOPIC_WORDS:
        return topic
    first = topic.split(", ", 1)[0]
    return f"{first}…" if len(first.split()) <= MAX_TOPIC_WORDS else ""


def assignment(sentence: Sentence) -> tuple[str, Sentence]:
    """The point a notice's answer is about and the answer itself ("Về dự án …: Bộ Xây dựng
    khẩn trương …" → "dự án …" and "Bộ Xây dựng khẩn trương …"), the point read from the part's
    heading when the sentence opens the part ("3. Về …:" read as a heading), or from the point's
    opening when the sentence goes on answering it ("4. Về …: …. Để xác định …, Ủy ban nhân dân
    tỉnh phối hợp …"); otherwise ``""`` and the sentence. The answer alone is short enough to
    quote; the point says which one."""
    m = _TOPIC.match(sentence.text)
    if m and (point := _point(m["topic"])):
        return point, Sentence(sentence.text[m.end() :], sentence.start + m.end(), sentence.passage)
    passage = sentence.passage
    heading = heading_label(passage.headings[-1]) if passage.headings else ""
    opens = not passage.text[: sentence.start - passage.start].strip()
    if opens and heading.startswith("Về ") and not heading.endswith("…") and len(heading.split()) <= MAX_TOPIC_WORDS:
        return heading[3:], sentence
    opening = _TOPIC.match(_MARKER.sub("", passage.text, count=1))
    if not opens and opening and (point := _point(opening["topic"])):
        return point, sentence
    return "", sentence


# A table row as the reading writes it: its groups' names, then "Column: value" cells.
_ROW_CELL = re.compile(r"(?:^|; )(?P<column>[^:;—]{1,60}): (?P<value>[^;]+)")


def _row_of(sentence: Sentence) -> str:
    """What a clause cut from a table row belongs to, the row's name ("Giải quyết yêu cầu trợ
    giúp pháp lý" for "trường hợp cần xác minh thì không quá 03 ngày làm việc"): the first cell
    of the row that is no number; ``""`` for any other sentence, or a clause holding it."""
    passage = sentence.passage
    if not is_table_row(passage) or sentence.start <= passage.start:
        return ""
    row = passage.text.rsplit(" — ", 1)[-1]
    name = next((m["value"].strip() for m in _ROW_CELL.finditer(row) if any(c.isalpha() for c in m["value"])), "")
    return name if name and len(name.split()) <= _ROW_NAME_WORDS and name not in sentence.text else ""


_ROW_NAME_WORDS = 16


def group_of(passage: PassageRecord) -> tuple[str, ...]:
    """The headings down to the passage's group (its run-in heading is the item's own words,
    not a group)."""
    return part_headings(passage)


def quotable(sentence: Sentence, span: Span, who: Span | None) -> bool:
    """Whether a sentence with a blank at ``span`` can be quoted: long enough to say something,
    and short enough to read whole or, when its first clause names who acts (``who``, the body
    it assigns the task), with clauses elided (see :func:`elided`). A first clause that says no
    one ("Người lao động có thời gian công tác là quân nhân") is cut from an enumeration, not
    from a task, and what follows it reads as nonsense."""
    if sentence.words < MIN_WORDS:
        return False
    if sentence.words <= MAX_QUOTED_WORDS:
        return True
    first = CLAUSE_BREAK.search(sentence.text)
    return who is not None and (first is None or who.end <= first.start()) and bool(elided(sentence.text, span))


class Checks(Protocol):
    """What kinds ask of the validator: searches, the library's texts and passages."""

    lib: Library

    def search(self, query: str) -> list[SearchResult]:
        """Top results for a query."""

    def text(self, doc_id: str) -> str:
        """A document's original text."""

    def passage_at(self, doc_id: str, shown: str) -> PassageRecord:
        """The passage holding a shown sentence (``LookupError`` when none does)."""

    def first_group_hit(self, text: str, passage: PassageRecord, groups: dict[Any, Sequence[str]]) -> bool:
        """Whether searching with ``text`` finds ``passage``'s group first and alone."""


def other_options(key: str, candidates: Iterable[str]) -> list[str] | None:
    """The first three candidates that read unlike the key and each other (see
    :func:`quiz.distractors.too_alike`), or ``None`` when fewer do."""
    chosen: list[str] = []
    for candidate in candidates:
        if not any(too_alike(candidate, c) for c in [key, *chosen]):
            chosen.append(candidate)
            if len(chosen) == OPTIONS - 1:
                return chosen
    return None


def four_options(item: QuizItem) -> bool:
    """The usual option count: the key and three distractors."""
    return len(item.options) == OPTIONS


def search_finds_stem(item: QuizItem, checks: Checks, k: int) -> bool:
    """The usual round trip: searching with the stem finds the source passage in the top ``k``."""
    return item.passage_key in {r.key for r in checks.search(item.stem)[:k]}


def telling_runs(item: QuizItem) -> list[str]:
    """What tells an item's key apart from its options: the runs of its words no option holds
    ("dak lak" of "Ủy ban nhân dân tỉnh Đắk Lắk" among other provinces' committees); none when
    each of its words is in some option (a date among dates a month or a year away)."""
    option_words = set().union(*(words_key(o).split() for o in item.options if o != item.answer))
    runs: list[list[str]] = [[]]
    for word in words_key(item.answer).split():
        if word in option_words:
            runs.append([])
        else:
            runs[-1].append(word)
    return [" ".join(run) for run in runs if run]


def always(item: QuizItem) -> bool:
    """A rule a kind does not need."""
    return True


def times(n: int) -> Callable[[QuizItem], int]:
    """How many items of a quiz may share a key, the same for every item (:attr:`Kind.key_repeats`)."""
    return lambda item: n


def once(item: QuizItem) -> int:
    """A fact is asked once."""
    return 1


@dataclass(frozen=True)
class Kind:
    """One question kind: how its candidates are built and how an item of it is checked.

    Attributes:
        build: Candidates from the wanted sentences and a seed (``None`` for a candidate that
            found too few good distractors).
        backed: Whether the documents back the key (rule ``answer_not_in_source``).
        option_count: Whether the item has the options it should (rule ``option_count``).
        round_trip: Whether searching finds what the item shows (rule ``round_trip``), given
            the validator and how many results count; ``None``: the key is recomputed from the
            document's structure by ``backed``.
        context: Whether a blank leaves enough words around it (rule ``little_context``).
        hides_answer: The key must not be readable in the stem (rule ``answer_in_stem``), or
            the kind's own check of that.
        balanced: The key's position is balanced over a quiz (options have no natural order).
        missing: Why a document yields none of this kind, in a trainer's words.
        key_repeats: How many items of a quiz may share a given item's key (a part's or a
            body's name keys several statements, each with other options; a fact is asked once):
            :func:`times` for a number whatever the item.
        told_whole: What tells the key from its options is the whole of it, never a word of it
            (a law's name: "thủ tục hải quan" in another item says nothing of "Luật Hải quan").
        of_document: The item asks about the document itself (its subject, date, issuer): its
            source sentence is evidence only, so it leaves the passage free for other items.
        first: What a trainer asks first (who, by when, what it means, which threshold, in what
            order, what about, when issued): its candidates are queued before the other kinds',
            so a document with more candidates than asked gives these wherever they are usable.
        fallback: Its candidates are taken only once every other kind's are (a kind that can
            fill a quiz on its own, such as one item per titled article, completes a short quiz
            rather than crowd out the kinds that ask the text itself).
        most: The largest share of a quiz its items may take, however many it has (what the
            preamble cites: three in a quiz of twenty teach the basis, seven are padding).
        framed: Its stems are one fixed question around quoted names (a procedure's, a step's and
            its table's): two of its items naming other things ask other facts, however alike
            they read ("thủ tục “Bổ nhiệm …”" and "thủ tục “Miễn nhiệm …”": the differing word
            is the point of the question), so only items naming the same are too close; and
            two of its items may ask two cells of one row (who carries out a step, how long).
        more: Second-choice candidates of the kind, built only where ``build`` gives none for a
            sentence (options chosen among fewer parts, say); queued with the fallback kinds'
            candidates, so they only complete a quiz the first choices leave short.
    """

    build: Callable[[Context, list[Sentence], int], Iterator[QuizItem | None]]
    backed: Callable[[QuizItem, Checks], bool]
    option_count: Callable[[QuizItem], bool] = four_options
    round_trip: Callable[[QuizItem, Checks, int], bool] | None = search_finds_stem
    context: Callable[[QuizItem], bool] = always
    hides_answer: bool | Callable[[QuizItem], bool] = False
    balanced: bool = True
    missing: str = ""
    key_repeats: Callable[[QuizItem], int] = once
    told_whole: bool = False
    of_document: bool = False
    first: bool = False
    fallback: bool = False
    most: float = 1.0
    framed: bool = False
    more: Callable[[Context, list[Sentence], int], Iterator[QuizItem | None]] | None = None


class Context:
    """The library as question kinds see it, and the helpers they share.

    Attributes:
        lib: The library the items are made from.
        passages: All stored passages.
        sentences: The askable sentences (no letterhead, preamble, "Nơi nhận", misfiled step).
        labels: How stems name each document ("Kế hoạch số 308/KH-UBND").
        doc_years: Each document's year (0 when unknown).
        defined: The abbreviations each document defines itself.
        documents: The library's documents, by id.
        pools: Distractor candidates of the corpus.
        picker: Picks distractors for a span.
        checks: The validator's searches and lookups.
    """

    def __init__(self, lib: Library, passages: list[PassageRecord], sentences: list[Sentence], labels: dict[str, str],
                 doc_years: dict[str, int], defined: dict[str, set[str]], documents: dict[str, Any],
                 pools: Pools, picker: DistractorPicker, checks: Checks) -> None:
        self.lib = lib
        self.passages = passages
        self.sentences = sentences
        self.labels = labels
        self.doc_years = doc_years
        self.defined = defined
        self.documents = documents
        self.pools = pools
        self.picker = picker
        self.checks = checks
        self._every_sentence: dict[str, list[Sentence]] = {}

    def every_sentence(self, doc_id: str) -> list[Sentence]:
        """All of a document's sentences, letterhead, preamble and debris included (unlike
        :attr:`sentences`, which holds the askable ones): what a kind reads to know the document,
        split once per document."""
        if doc_id not in self._every_sentence:
            self._every_sentence[doc_id] = split_passages([p for p in self.passages if p.doc_id == doc_id])
        return self._every_sentence[doc_id]

    def item(
        self,
        type_: str,
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
        group = group_of(passage)
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

    def stem(self, sentence: Sentence, body: str, question: str = "") -> str:
        """"Theo <document>[, question]: <body>"; a clause cut from a longer sentence is introduced
        by its heading instead of a bare "…", so that it reads as a statement about that part."""
        label = self.labels[sentence.passage.doc_id]
        if question:
            return f"Theo {label}, {question} {display(body)}"
        if whole(sentence.text):
            return f"Theo {label}: {body}"
        group = group_of(sentence.passage)
        if not group:
            return ""
        heading = heading_label(group[-1])
        # "Về công tác cán bộ" already says "về".
        about = f"“{heading}”" if heading.lower().startswith("về ") else f"về “{heading}”"
        return f"Theo {label}, {about}: {body}"

    def blank_item(self, type_: str, sentence: Sentence, span: Span, question: str, distractors: Sequence[str],
                   why: str, difficulty: int, seed: int, topic: str = "", upto: int | None = None) -> QuizItem:
        """An item asking what fills a blank of a quoted sentence ("Theo …, <question> “… ____ …”"),
        its explanation quoting the sentence (see :func:`blank_backed`); a notice's answer to a
        point is asked with the point (``topic``, see :func:`assignment`). The quote stops at
        ``upto`` ("…") when what follows would tell the key."""
        blanked = sentence.text[: span.start] + BLANK + sentence.text[span.end : upto]
        if upto is not None:
            blanked += ELISION.rstrip()
        elif sentence.words > MAX_QUOTED_WORDS:
            blanked = elided(sentence.text, span) or blanked
        else:
            # The grounds a task rests on, set between who and what ("Giao Chính phủ, căn cứ vào
            # Nghị quyết này và Đề án số 364/ĐA-CP … của Chính phủ, tổ chức …"), say neither.
            blanked = _GROUNDS.sub(ELISION, blanked, count=1)
        label = self.labels[sentence.passage.doc_id]
        topic = topic or _row_of(sentence)
        about = f" về “{topic}”," if topic else ""
        return self.item(
            type_, sentence, f"Theo {label},{about} {question} “{display(blanked)}”", span.text, distractors,
            f"{why} Văn bản nêu: “{sentence.text}”".strip(), (type_,), difficulty, seed,
        )

    @staticmethod
    def usable(sentence: Sentence, max_words: int = MAX_WORDS) -> bool:
        """Whether a sentence is of a length to ask about (a quoted task or limit may be longer
        than a statement to judge: ``max_words``; the validator still bounds the stem)."""
        return MIN_WORDS <= sentence.words <= max_words

    def pick(self, sentence: Sentence, span: Span, rng: random.Random, k: int) -> list[str] | None:
        """``k`` distractors for a span of a sentence, or ``None`` when too few are good."""
        exclude = [i.text for items in quoted_lists(sentence.text) for i in items]
        return self.picker.pick(
            sentence.text, span, rng, k=k, exclude=exclude, nearby=sentence.passage.text,
            doc_year=self.doc_years.get(sentence.passage.doc_id, 0), doc_id=sentence.passage.doc_id,
        )

    def text_difficulty(self, answer: str, distractors: Sequence[str]) -> int:
        """1–3 from how close in meaning the distractors are to the key (e5 similarity)."""
        vectors = self.picker.embed([answer, *distractors])
        sim = float((vectors[1:] @ vectors[0]).mean())
        return 3 if sim > 0.88 else 1 if sim < 0.84 else 2

    def groups(self, doc_id: str) -> dict[tuple[str, ...], list[Sentence]]:
        """A document's sentences by group. In a group of bulleted items, a paragraph without a
        bullet is left out: it is often a closing remark the layout put under the last group."""
        groups: dict[tuple[str, ...], list[Sentence]] = defaultdict(list)
        for sentence in self.sentences:
            if sentence.passage.doc_id == doc_id:
                group = group_of(sentence.passage)
                if group:
                    groups[group].append(sentence)
        for group, sentences in groups.items():
            passages = {s.passage.key: s.passage for s in sentences}.values()
            bulleted = {p.key for p in passages if _BULLETED_PASSAGE.match(p.text)}
            if len(bulleted) * 2 >= len(passages):
                groups[group] = [s for s in sentences if s.passage.key in bulleted]
        return groups

    @staticmethod
    def option_groups(group: tuple[str, ...], groups: dict[tuple[str, ...], list[Sentence]],
                      rng: random.Random | None = None) -> list[tuple[str, ...]]:
        """The group with up to three others: siblings first, then groups at the same depth;
        with ``rng``, three drawn from the five closest siblings where it has four or more, so
        that a part asked again comes with other options."""
        # Closest in length first, so that the key is not the odd one out.
        by_length = sorted(groups, key=lambda g: (abs(len(g[-1]) - len(group[-1])), g))
        siblings = [g for g in by_length if g != group and g[:-1] == group[:-1]]
        # An appendix's forms and tables are no alternatives to the body's articles ("Mẫu 01"
        # beside "Giải thích từ ngữ").
        cousins = [g for g in by_length if g != group and len(g) == len(group) and g not in siblings
                   and _in_appendix(g) == _in_appendix(group)]
        ranked = siblings + cousins
        if rng is not None and len(siblings) >= OPTIONS:
            # Drawn among siblings only: a part of another branch is a weaker alternative.
            closest = siblings[: OPTIONS + 1]
            drawn = rng.sample(closest, OPTIONS - 1)
            ranked = [*sorted(drawn, key=closest.index), *ranked]
        chosen = [group]
        for g in dict.fromkeys(ranked):
            if len(chosen) == OPTIONS:
                break
            if not any(too_alike(g[-1], c[-1]) for c in chosen):
                chosen.append(g)
        return chosen

    def shares_phrase(self, sentence: Sentence, others: list[tuple[str, ...]],
                      groups: dict[tuple[str, ...], list[Sentence]]) -> bool:
        """Whether a statement shares a rare four-word phrase ("kiểm soát quyền lực") or much of
        its wording with another group: it could belong there too."""
        grams = ngrams(sentence.text, GRAM)
        if not grams:
            return True
        # A name the document repeats in every other sentence ("Cổng TTĐT tỉnh và Cổng TTĐT
        # thành phần") is shared by every part and tells none apart: not counted in the share.
        telling = {g for g in grams if self.pools.gram_df[g] < NAME_PHRASE}
        for other in others:
            other_grams = set().union(*(ngrams(s.text, GRAM) for s in groups[other]))
            shared = grams & other_grams
            if len(shared & telling) / max(1, len(telling)) > 0.2 or any(self.pools.gram_df[g] <= RARE_PHRASE for g in shared):
                return True
        return False

    def distinct(self, sentence: Sentence, group: tuple[str, ...], others: list[tuple[str, ...]],
                 groups: dict[tuple[str, ...], list[Sentence]]) -> bool:
        """Whether a statement belongs to its group only: no other option group shares a rare
        four-word phrase with it or much of its wording, and search finds its own passage first."""
        if self.shares_phrase(sentence, others, groups):
            return False
        keys = {g: [s.passage.key for s in groups[g]] for g in [group, *others]}
        return self.checks.first_group_hit(sentence.text, sentence.passage, keys)
