"""Checks every item must pass before it is shown: a wrong key in front of a class is the worst
failure, so a doubtful item is rejected, and each rejection is counted by rule.

Rules (names as counted):
    ``answer_not_in_options``  the key is not exactly one of the options (matching: the pairs).
    ``option_count``           not 4 options (3–4 for "where"), or not [Đúng, Sai].
    ``source_not_verbatim``    the source sentence is not in the document's original text or
                               not in its passage.
    ``answer_not_in_source``   the source does not back the key (the blank filled with the key
                               is not the source sentence, a "true" statement is not the source,
                               a heading is not the passage's, an acronym maps elsewhere, an
                               ordering is not the steps' numbered order).
    ``look_alike_options``     two options equal after folding, one inside another, an acronym
                               and its expansion, or nearly the same characters.
    ``little_context``         a blank that leaves too few words around it, or blanks too much.
    ``answer_in_stem``         the key can be read in the stem.
    ``too_long``               a stem or option too long to read (or to search with).
    ``round_trip``             searching with the stem does not find the source passage in the
                               top 3 (for matching: searching with each right-hand side).
    ``stem_too_close``         (when picking) a stem too close to one already picked, a
                               second item on the same source sentence, or a key already asked
                               by an item of the same type.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any

from corpus.errors import SotayError
from index.records import PassageRecord, SearchResult
from quiz.distractors import too_alike
from quiz.items import BLANK, FALSE, TRUE, QuizItem
from quiz.paraphrase import paraphrase
from quiz.source import heading_label
from quiz.terms import words_key

if TYPE_CHECKING:  # a type hint only: importing the library loads the search stack (seconds)
    from index.library import Library

ROUND_TRIP_K = 3
MAX_STEM_CHARS = 450
MAX_OPTION_CHARS = 260
MIN_CONTEXT_WORDS = 6
MAX_BLANK_SHARE = 0.4
LOOK_ALIKE_RATIO = 0.9
CLOSE_STEMS = 0.6


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


def _after_common_start(a: str, b: str) -> tuple[str, str]:
    """Both texts past the words they open with alike."""
    a_words, b_words = a.split(), b.split()
    n = 0
    while n < min(len(a_words), len(b_words)) and a_words[n] == b_words[n]:
        n += 1
    return " ".join(a_words[n:]), " ".join(b_words[n:])


def quoted_heading(stem: str) -> str:
    """The first “quoted” phrase of a stem: the heading a list question is about."""
    return stem.split("“", 1)[1].split("”", 1)[0] if "“" in stem else ""


def has_heading(passage: PassageRecord, label: str) -> bool:
    """Whether a passage stands under a heading shown as ``label`` (see :func:`heading_label`)."""
    return any(heading_label(h) == label for h in passage.headings)


class Validator:
    """Validates items against one library (its documents, passages, acronyms and search)."""

    def __init__(self, library: Library) -> None:
        self.lib = library
        self._searches: dict[str, list[SearchResult]] = {}
        self._texts: dict[str, str] = {}

    def search(self, query: str) -> list[SearchResult]:
        """Top results for a query (cached: candidates share sentences)."""
        if query not in self._searches:
            try:
                self._searches[query] = self.lib.search(query, k=5)
            except SotayError:
                self._searches[query] = []
        return self._searches[query]

    def _text(self, doc_id: str) -> str:
        if doc_id not in self._texts:
            self._texts[doc_id] = self.lib.document_text(doc_id)
        return self._texts[doc_id]

    def check(self, item: QuizItem) -> list[str]:
        """The rules the item breaks (empty when it is fit to show)."""
        failures = []
        for rule, ok in (
            ("answer_not_in_options", self._answer_in_options),
            ("option_count", self._option_count),
            ("source_not_verbatim", self._verbatim),
            ("answer_not_in_source", self._backed),
            ("look_alike_options", self._distinct_options),
            ("little_context", self._context),
            ("answer_in_stem", self._hidden),
            ("too_long", self._short_enough),
        ):
            try:
                passed = ok(item)
            except LookupError:  # an option or right-hand side that is not in the document
                passed = False
            if not passed:
                failures.append(rule)
        if not failures and not self._round_trip_found(item):
            failures.append("round_trip")
        return failures

    def too_close(self, item: QuizItem, picked: Iterable[QuizItem]) -> bool:
        """Whether the item's stem is too close to one already picked (shared words or characters).

        The words two stems open with alike ("Theo Nghị quyết …, nội dung sau thuộc mục nào của
        phần “…”?") are the question's frame, not its content: only what follows is compared, or
        two questions on one long-named document would always count as alike."""
        for other in picked:
            mine, theirs = _after_common_start(item.stem, other.stem)
            words, other_words = set(words_key(mine).split()), set(words_key(theirs).split())
            if len(words & other_words) / max(1, len(words | other_words)) > CLOSE_STEMS:
                return True
            if SequenceMatcher(None, mine, theirs).ratio() > 0.8:
                return True
        return False

    def first_group_hit(self, text: str, passage: PassageRecord, groups: dict[Any, Sequence[str]]) -> bool:
        """Whether searching with ``text`` finds ``passage``'s group before any other group, and
        no other group's passage in the top 3 (so the statement belongs to one group only)."""
        owner = {key: group for group, keys in groups.items() for key in keys}
        own = owner.get(passage.key)
        hits = [r for r in self.search(text) if r.key in owner]
        if not hits or owner[hits[0].key] != own or hits[0].key != passage.key:
            return False
        return all(owner[r.key] == own for r in self.search(text)[:ROUND_TRIP_K] if r.key in owner)

    # -- rules ------------------------------------------------------------------------------

    @staticmethod
    def _answer_in_options(item: QuizItem) -> bool:
        if item.type == "matching":
            rights = [r for _, r in item.pairs]
            return sorted(rights) == sorted(item.options) and item.is_correct(rights)
        return item.options.count(item.answer) == 1

    @staticmethod
    def _option_count(item: QuizItem) -> bool:
        if item.type == "true_false":
            return item.options == (TRUE, FALSE)
        if item.type in ("where", "which", "not_in"):
            return 3 <= len(item.options) <= 4
        if item.type == "matching":
            return 3 <= len(item.pairs) <= 4
        return len(item.options) == 4

    def _verbatim(self, item: QuizItem) -> bool:
        try:
            passage = self.lib.passage(item.passage_key)
            text = self._text(item.doc_id)
        except SotayError:
            return False
        if not item.source_text or item.source_text not in passage.text or item.source_text not in text:
            return False
        return all(verbatim_of(right, text) for _, right in item.pairs)

    def _backed(self, item: QuizItem) -> bool:
        source = item.source_text
        if item.type == "fill_blank":
            return item.stem.count(BLANK) == 1 and item.stem.replace(BLANK, item.answer).endswith(source)
        if item.type == "true_false":
            if item.answer == TRUE:
                return item.stem.endswith(paraphrase(source))
            return paraphrase(source) not in item.stem and item.explanation.endswith(f"“{source}”")
        if item.type == "acronym":
            acronym = item.stem.split("“", 1)[1].split("”", 1)[0]
            return acronym in source and self.lib.acronyms.expansions(acronym) == [item.answer]
        if item.type == "where":
            return has_heading(self.lib.passage(item.passage_key), item.answer)
        if item.type == "matching":
            return all(has_heading(self.passage_at(item.doc_id, right), left) for left, right in item.pairs)
        if item.type in ("which", "not_in"):
            group = quoted_heading(item.stem)
            inside = {o: has_heading(self.passage_at(item.doc_id, o), group) for o in item.options}
            want = item.type == "which"
            return all(inside[o] == (want if o == item.answer else not want) for o in item.options)
        if item.type == "count":
            from quiz.lists import members

            return str(len(members(self.lib.passages(item.doc_id), quoted_heading(item.stem)))) == item.answer
        if item.type == "order":
            from quiz.order import backed

            return backed(item, self.lib.passages(item.doc_id))
        return False

    def passage_at(self, doc_id: str, shown: str) -> PassageRecord:
        text = verbatim_of(shown, self._text(doc_id))
        offset = self._text(doc_id).find(text) if text else -1
        for passage in self.lib.passages(doc_id):
            if passage.start <= offset < passage.end:
                return passage
        raise LookupError(text)

    @staticmethod
    def _distinct_options(item: QuizItem) -> bool:
        options = list(item.options)
        # Orderings of the same steps share every character by design: only equality counts.
        similar = (lambda a, b: words_key(a) == words_key(b)) if item.type == "order" else (
            lambda a, b: too_alike(a, b) or SequenceMatcher(None, words_key(a), words_key(b)).ratio() > LOOK_ALIKE_RATIO
        )
        for i, a in enumerate(options):
            for b in options[i + 1 :]:
                if similar(a, b):
                    return False
        return True

    @staticmethod
    def _context(item: QuizItem) -> bool:
        if item.type != "fill_blank":
            return True
        sentence = words_key(item.source_text).split()
        blank = words_key(item.answer).split()
        return len(sentence) - len(blank) >= MIN_CONTEXT_WORDS and len(blank) <= MAX_BLANK_SHARE * len(sentence)

    @staticmethod
    def _hidden(item: QuizItem) -> bool:
        if item.type not in ("fill_blank", "acronym"):
            return True
        return f" {words_key(item.answer)} " not in f" {words_key(item.stem)} "

    @staticmethod
    def _short_enough(item: QuizItem) -> bool:
        return len(item.stem) <= MAX_STEM_CHARS and all(len(o) <= MAX_OPTION_CHARS for o in item.options)

    def _round_trip_found(self, item: QuizItem) -> bool:
        try:
            return self._round_trip(item)
        except LookupError:
            return False

    def _round_trip(self, item: QuizItem) -> bool:
        if item.type == "matching":
            return all(
                self.passage_at(item.doc_id, r).key in {x.key for x in self.search(r)[:ROUND_TRIP_K]}
                for _, r in item.pairs
            )
        if item.type in ("which", "not_in"):
            return all(
                self.passage_at(item.doc_id, o).key in {x.key for x in self.search(o)[:ROUND_TRIP_K]}
                for o in item.options
            )
        if item.type in ("count", "order"):
            return True  # the key is recomputed from the document's structure by ``_backed``
        return item.passage_key in {r.key for r in self.search(item.stem)[:ROUND_TRIP_K]}
