"""Quiz items generated from the documents' own structure and words (no language model).

Candidates of every type are built from the library's passages, then validated
(:mod:`quiz.validate`) and picked reproducibly from a seed, mixing types and sources.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from corpus.errors import QuizError, UnknownDocument
from index.acronyms import find_definitions
from index.records import PassageRecord
from quiz.distractors import DistractorPicker, Pools
from quiz.items import FALSE, ITEM_TYPES, TRUE, TYPE_LABELS, ItemType, QuizItem
from quiz.order import misfiled
from quiz.questions.base import OPTIONS, Context, telling_runs
from quiz.questions.registry import KINDS
from quiz.sentences import Sentence, split_passages
from quiz.source import askable_passage, boilerplate, debris, doc_label
from quiz.terms import words_key
from quiz.validate import Validator

if TYPE_CHECKING:  # a type hint only: importing the library loads the search stack (seconds)
    from index.library import Library


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
            distractors were found to build the item at all, ``kind_full`` for a valid candidate
            of a kind the quiz already holds its share of, :attr:`Kind.most` or :data:`MIX`,
            ``gives_away`` for one that states what another picked item asks).
        checked: Candidates validated.
        passed: Validated candidates that broke no rule (picked or not).
    """

    items: list[QuizItem]
    candidates: Counter[str] = field(default_factory=Counter)
    rejected: Counter[str] = field(default_factory=Counter)
    checked: int = 0
    passed: int = 0

    @property
    def failed_checks(self) -> int:
        """Candidates a validation rule rejected (not counting duplicates, nor candidates that
        found too few distractors to be built)."""
        return sum(n for rule, n in self.rejected.items()
                   if rule not in ("no_distractors", "stem_too_close", "kind_full", "gives_away"))

    @property
    def duplicates(self) -> int:
        """Valid candidates left out because an item on the same sentence, key or wording was
        already picked, or one that states what it asks."""
        return self.rejected["stem_too_close"] + self.rejected["gives_away"]

    def missing_kinds(self, types: tuple[str, ...]) -> list[str]:
        """For each asked kind the documents yield none of: its name and why, for a trainer."""
        return [f"{TYPE_LABELS[t]}: {KINDS[t].missing}" for t in types if not self.candidates[t] and KINDS[t].missing]


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
        # nor are passages filed under the wrong step (their citation would be wrong), nor
        # sentences that would show layout debris.
        self.sentences = [
            s for s in self.sentences
            if askable_passage(s.passage, s.passage.doc_id in sectioned) and not boilerplate(s.text)
            and s.passage.key not in wrong_step and not debris(s.text)
        ]
        # An appendix after a body of its own (tables of sampling sites, cost estimates) is read
        # as rows and cells, not parts: only its body is asked.
        appendix = _appendices(self.passages, self.sentences)
        self.sentences = [s for s in self.sentences if s.passage.key not in appendix]
        self.defined = {d.id: {a for a, _ in find_definitions(library.document_text(d.id))} for d in documents}
        headings = {h for p in self.passages for h in p.headings}
        self.pools = Pools.build(self.sentences, headings)
        self.picker = DistractorPicker(self.pools, library.embedder.encode_queries)
        self.validator = Validator(library)
        self.context = Context(
            library, self.passages, self.sentences, self.labels, self.doc_years, self.defined,
            {d.id: d for d in documents}, self.pools, self.picker, self.validator,
        )

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
        # A quiz on some parts asks nothing of the whole document (its subject, date, issuer).
        for type_ in (t for t in request.types if not (request.sections and KINDS[t].of_document)):
            items = [
                it for it in self.candidates(type_, sources, request.seed, result.rejected)
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
        # What a trainer asks first, then the other kinds, then the kinds that only complete a
        # short quiz; within each, the kinds take turns.
        tiers = (
            [t for t in order if KINDS[t].first and not KINDS[t].fallback],
            [t for t in order if not KINDS[t].first and not KINDS[t].fallback],
            [t for t in order if KINDS[t].fallback],
        )
        every = {t: list(items) for t, items in by_type.items()}

        def untold(type_: str, facts: list[QuizItem]) -> int:
            """How many candidates of a kind state none of ``facts``."""
            return sum(not any(gives_away(it, fact) for fact in facts) for it in every[type_])

        queue = [item for tier in tiers for item in _in_turns(by_type, tier)]
        used_sources: set[str] = set()
        used_keys: Counter[tuple[str, str]] = Counter()
        # A key asked again comes with other options the third time, unless the quiz would
        # otherwise fall short: the same key among the same options over and over is rote.
        used_option_sets: Counter[tuple[str, str, frozenset[str]]] = Counter()

        spare: list[QuizItem] = []
        asked_again: Counter[str] = Counter()
        kinds_taken: Counter[str] = Counter()
        room = {t: max(1, round(request.n * KINDS[t].most)) for t in request.types}
        # Items of a kind past its share of the mix wait until every other kind's are tried.
        share = max(1, round(request.n * MIX))
        overflow: list[QuizItem] = []
        # A fallback kind's items past its cap (:attr:`Kind.most`) complete, last of all, a quiz
        # every other kind leaves short: one more item on what a cited text says is worth more
        # to a trainer than a missing one.
        capped: list[QuizItem] = []

        def drop(item: QuizItem) -> None:
            nonlocal used_sources
            result.items.remove(item)
            result.rejected["gives_away"] += 1
            used_sources -= self._source_keys(item)
            kinds_taken[item.type] -= 1
            key = (item.type, words_key(item.answer))
            used_keys[key] -= 1
            used_option_sets[(*key, frozenset(words_key(o) for o in item.options))] -= 1

        # Items of a kind asked less that state a fact of the document a picked item asks: they
        # give way to it, and complete, last of all, a quiz every other item leaves short.
        telling: list[QuizItem] = []

        def take(item: QuizItem, second: bool = False, past_cap: bool = False, told_fact: bool = False) -> None:
            nonlocal used_sources
            if told_fact:  # counted once, by the rule that leaves it out now
                result.rejected["gives_away"] -= 1
            if kinds_taken[item.type] >= room[item.type] and not past_cap:
                if not second:
                    result.rejected["kind_full"] += 1
                    if KINDS[item.type].fallback:
                        capped.append(item)
                return
            told = [other for other in result.items if _either_gives_away(item, other)]
            # An item on the document itself (a cited decree's subject) stating a fact already
            # asked gives way too: it would only replace one question on the document by another.
            if told and (item.type in DOCUMENT_FACTS or KINDS[item.type].of_document
                         or any(other.type not in DOCUMENT_FACTS for other in told)):
                if not second:
                    result.rejected["gives_away"] += 1
                return
            if told and untold(item.type, told) >= request.n:
                # An item whose kind has enough others stating none of it to fill the quiz gives
                # way, and nothing is lost (one of sixty mergers names the province a
                # resolution's subject is told apart by).
                if not second:
                    result.rejected["gives_away"] += 1
                return
            if told and not KINDS[item.type].first and not told_fact:
                # Otherwise an item of a kind asked less waits: what the document is about or who
                # issued it is what a trainer asks first; a "which part" item naming the province
                # is one of many.
                if not second:
                    result.rejected["gives_away"] += 1
                    telling.append(item)
                return
            for other in told:
                # A fact of the document gives way to an item on its text that states it: one item
                # lost, not each that names the province.
                drop(other)
            # One item per passage, no two stems alike, no key asked twice: each would give
            # answers away or repeat an option list. When the quiz would otherwise fall short, a
            # passage may be asked again, on another sentence (``second``).
            sources_of = self._source_keys(item)
            clash = sources_of & used_sources
            if KINDS[item.type].framed:
                # Another cell of a row already asked by its kind ("ai chịu trách nhiệm …" beside
                # "thời gian thực hiện …" of one step): another fact, its stem telling nothing of it.
                clash -= {item.passage_key} - {o.passage_key for o in result.items if o.type != item.type}
            if second:
                # Three times at most, each time on another sentence (a passage listing a
                # Nghị quyết's targets holds a dozen figures).
                # A cell of a table row (a procedure's period for one case, its fee for another)
                # is a fact of its own: a row is asked once per cell.
                clash = {k for k in clash
                         if "#" not in k or (asked_again[k] >= PASSAGE_REPEATS and item.type not in CELL_KINDS)}
            key = (item.type, words_key(item.answer))
            # A question on the document itself is a fixed short frame ("… về nội dung nào sau
            # đây?"): it shares words with other frames, not content.
            alike = not KINDS[item.type].of_document and self.validator.too_close(item, result.items)
            same_options = (*key, frozenset(words_key(o) for o in item.options))
            rote = used_option_sets[same_options] >= 2 and not second
            if clash or used_keys[key] >= KINDS[item.type].key_repeats(item) or rote or alike:
                if not second:
                    result.rejected["stem_too_close"] += 1
                    if all("#" in k for k in clash):
                        spare.append(item)
                return
            if second:
                result.rejected["stem_too_close"] -= 1
                asked_again.update(k for k in sources_of & used_sources if "#" in k)
            if past_cap:
                result.rejected["kind_full"] -= 1
            used_sources |= sources_of
            kinds_taken[item.type] += 1
            if item.type != "true_false":
                used_keys[key] += 1
                used_option_sets[same_options] += 1
            result.items.append(item)

        # A true/false statement whose answer already leads is asked the other way if it can be,
        # else waits until the others are tried, so that the picked ones are as many "Đúng" as
        # "Sai" wherever the sources allow.
        other_way = {(it.source_text, it.passage_key, it.answer): it for it in by_type.get("true_false", [])}
        waiting: list[QuizItem] = []

        def consider(items: list[QuizItem]) -> None:
            for item in items:
                if len(result.items) >= request.n and not validate_all:
                    break
                result.checked += 1
                failures = self.validator.check(item)
                if failures:
                    result.rejected.update(failures)
                    continue
                result.passed += 1
                if len(result.items) < request.n:
                    place(item)

        def place(item: QuizItem, mixed: bool = True) -> None:
            if mixed and kinds_taken[item.type] >= share:
                # Before a true/false statement is turned the other way: that is decided when
                # it is taken.
                overflow.append(item)
                return
            if item.type == "true_false" and _lead(result.items, item.answer) > 0:
                flipped = other_way.get((item.source_text, item.passage_key, TRUE if item.answer == FALSE else FALSE))
                if flipped is None or self.validator.check(flipped):
                    waiting.append(item)
                    return
                item = flipped
            take(item)

        consider(queue)
        if len(result.items) < request.n:
            # Second-choice candidates are built only for a quiz the first choices leave short
            # (they cost searches), so a quiz that fills is the same with or without them.
            consider(self._second_choices(request, sources, result))
        # A kind past its share completes a quiz the other kinds leave short, before a passage is
        # asked a second time.
        for item in overflow:
            if len(result.items) < request.n:
                place(item, mixed=False)
            else:
                result.rejected["kind_full"] += 1
        for item in waiting:
            if len(result.items) < request.n:
                take(item)
        for item in spare:
            # A true/false statement only where it evens out Đúng and Sai.
            if len(result.items) < request.n and (item.type != "true_false" or _lead(result.items, item.answer) < 0):
                take(item, second=True)
        for item in capped:
            if len(result.items) < request.n:
                take(item, past_cap=True)
        # Only where they are more than the facts they would drop: one item lost, not each that
        # names the province.
        facts = {other.id for item in telling for other in result.items if _either_gives_away(item, other)}
        if len(telling) > len(facts):
            for item in telling:
                if len(result.items) < request.n:
                    take(item, told_fact=True)
        result.items = _balance_keys(result.items, request.seed)
        return result

    def _second_choices(self, request: Request, sources: list[Sentence], result: Generated) -> list[QuizItem]:
        """The kinds' second-choice candidates (:attr:`Kind.more`), kinds taking turns; counted
        in ``result.candidates``."""
        by_type: dict[str, list[QuizItem]] = {}
        for type_ in request.types:
            build = KINDS[type_].more
            if build is not None:
                items = [it for it in build(self.context, sources, request.seed)
                         if it is not None and it.difficulty in request.difficulties]
                random.Random(f"{request.seed}|{type_}|more").shuffle(items)
                by_type[type_] = items
                result.candidates[type_] += len(items)
        return _in_turns(by_type, list(by_type))

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
        if KINDS[item.type].of_document:
            # Its passage stays free; its sentence is not asked again when the explanation quotes
            # it (an item standing on a document's first sentence only to cite the document
            # shows nothing of it).
            own = {f"{item.type}|{item.stem}"}
            return own | {words_key(item.source_text)} if item.source_text in item.explanation else own
        keys = {item.passage_key, words_key(item.source_text)}
        for _, right in item.pairs:
            keys |= {self.validator.passage_at(item.doc_id, right).key, words_key(right)}
        if item.type in ("which", "not_in"):
            # The other options' passages stay free: only their sentences are not asked again.
            keys |= {words_key(o) for o in item.options}
        return keys

    # -- building ---------------------------------------------------------------------------

    def candidates(self, type_: str, sources: list[Sentence], seed: int,
                   rejected: Counter[str] | None = None) -> list[QuizItem]:
        """Every candidate of one kind from the given sentences (not validated); candidates that
        found too few good distractors are counted in ``rejected["no_distractors"]``."""
        items = []
        for item in KINDS[type_].build(self.context, sources, seed):
            if item is None:
                if rejected is not None:
                    rejected["no_distractors"] += 1
            else:
                items.append(item)
        return items


# The largest share of a quiz one kind takes while other kinds have usable items left: twenty
# "which part" items drill one skill, a trainer wants who, by when, what it means … in turn.
MIX = 1 / 3
# The kinds asking a fact of the document itself (what it is about, when and by whom it was
# issued, on whose proposal, under which law): any other item on the document may state it (a
# cited decree "… thi hành Luật Hải quan" tells the law).
DOCUMENT_FACTS = ("subject", "issued", "proposer", "law")
# How many more times a passage may be asked, on other sentences, when the quiz would
# otherwise fall short.
PASSAGE_REPEATS = 2
# The kinds asking one cell of a table row, each cell its own source (the run from the row's
# name to the cell): past PASSAGE_REPEATS, a short quiz still asks a row's other cells.
CELL_KINDS = ("procedure",)
# A document's body needs this many askable sentences before its appendix to be asked alone.
BODY_SENTENCES = 20


def _appendices(passages: list[PassageRecord], sentences: list[Sentence]) -> set[str]:
    """Keys of the passages from a document's first "Phụ lục" on, when its body before them has
    enough to ask (a Quyết định that is all appendix keeps it)."""
    keys: set[str] = set()
    asked = Counter(s.passage.key for s in sentences)
    by_doc: dict[str, list[PassageRecord]] = {}
    for passage in passages:
        by_doc.setdefault(passage.doc_id, []).append(passage)
    for doc_passages in by_doc.values():
        doc_passages.sort(key=lambda p: p.order)
        start = next((n for n, p in enumerate(doc_passages)
                      if p.section.lower().startswith("phụ lục") or any(h.lower().startswith("phụ lục") for h in p.headings)), None)
        if start is not None and sum(asked[p.key] for p in doc_passages[:start]) >= BODY_SENTENCES:
            keys |= {p.key for p in doc_passages[start:]}
    return keys


def _in_turns(by_type: dict[str, list[QuizItem]], turns: list[str]) -> list[QuizItem]:
    """The candidates of ``turns`` in one queue, the kinds taking turns, one at a turn, until all
    are taken (the lists of ``by_type`` are emptied)."""
    queue: list[QuizItem] = []
    while any(by_type[t] for t in turns):
        for type_ in turns:
            if by_type[type_]:
                queue.append(by_type[type_].pop(0))
    return queue


def _either_gives_away(a: QuizItem, b: QuizItem) -> bool:
    """Whether one of two items gives the other's key away (:func:`gives_away`, both ways)."""
    return gives_away(a, b) or gives_away(b, a)


def gives_away(shown: QuizItem, asked: QuizItem) -> bool:
    """Whether ``shown``'s stem or key states what tells the key of ``asked``, a fact of their
    document itself, from its options: a subject "… trên địa bàn tỉnh Đắk Lắk" answers who issued
    the document among the committees of four provinces. (A part's title among a "which part"
    item's options says nothing of which article it is: only document facts are told this way.)"""
    if asked.type not in DOCUMENT_FACTS or shown.doc_id != asked.doc_id or shown is asked:
        return False
    # A key all of whose words some option holds (a date among dates a month or a year away) is
    # told by the whole of it ("… ngày 25/11/2025 …").
    runs = (not KINDS[asked.type].told_whole and telling_runs(asked)) or [words_key(asked.answer)]
    texts = [f" {words_key(t)} " for t in (shown.stem, shown.answer)]
    if asked.type == "proposer":
        # A body given a task ("Giao Chính phủ … công bố công khai trước ngày ____") is not told
        # to be the one that proposed the text.
        given = f" giao {words_key(asked.answer)} "
        texts = [t.replace(given, " giao ") for t in texts]
    return any(all(f" {run} " in text for run in runs) for text in texts)


def _lead(items: list[QuizItem], answer: str) -> int:
    """How many more true/false items of ``items`` have ``answer`` as their key than the other."""
    keys = Counter(i.answer for i in items if i.type == "true_false")
    return keys[answer] - keys[TRUE if answer == FALSE else FALSE]


def _balance_keys(items: list[QuizItem], seed: int) -> list[QuizItem]:
    """Move keys so each option letter is the key about equally often (seeded): independently
    shuffled items still cluster by chance, and a student who notices "C" wins points."""
    shuffled = [i for i, item in enumerate(items) if KINDS[item.type].balanced]
    slots = [n % OPTIONS for n in range(len(shuffled))]
    random.Random(f"{seed}|keys").shuffle(slots)
    balanced = list(items)
    for index, slot in zip(shuffled, slots):
        item = items[index]
        others = [o for o in item.options if o != item.answer]
        slot = min(slot, len(others))
        balanced[index] = replace(item, options=(*others[:slot], item.answer, *others[slot:]))
    return balanced

