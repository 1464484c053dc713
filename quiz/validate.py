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
    ``answer_in_stem``         the key can be read in the stem, or worked out from it (a part
                               of a total the sentence states with its other parts).
    ``too_long``               a stem or option too long to read (or to search with).
    ``in_cited_title``         the blank is in the title of a text the sentence cites
                               ("Quyết định số 613/QĐ-TTg … về việc trợ cấp … dưới ____ công tác
                               thực tế"): it names that text, it is no rule to learn.
    ``round_trip``             searching with the stem does not find the source passage in the
                               top 3 (for matching: searching with each right-hand side).
    ``stem_too_close``         (when picking) a stem too close to one already picked, a
                               second item on the same source sentence, or a key already asked
                               by an item of the same type.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any

from corpus.errors import SotayError
from index.records import PassageRecord, SearchResult
from quiz.distractors import number_value, other_name, too_alike
from quiz.items import BLANK, QuizItem
from quiz.questions.base import verbatim_of
from quiz.questions.registry import KINDS
from quiz.terms import words_key

if TYPE_CHECKING:  # a type hint only: importing the library loads the search stack (seconds)
    from index.library import Library

ROUND_TRIP_K = 3
MAX_STEM_CHARS = 450
MAX_OPTION_CHARS = 260
LOOK_ALIKE_RATIO = 0.9
CLOSE_STEMS = 0.6


def _after_common_start(a: str, b: str) -> tuple[str, str]:
    """Both texts past the words they open with alike, up to the blank: past it, words both say
    are what is asked, not the question's frame ("“____ chỉ đạo xây dựng, cập nhật … kho lưu trữ
    số …”" for two bodies)."""
    a_words, b_words = a.split(), b.split()
    n = 0
    while n < min(len(a_words), len(b_words)) and a_words[n] == b_words[n] and BLANK not in a_words[n]:
        n += 1
    return " ".join(a_words[n:]), " ".join(b_words[n:])


_QUOTED = re.compile(r"“([^”]*)”")
_SHOWN_DEBRIS = re.compile(r"[*|#]|“\s*”")
# A text cited by its number, date and issuer, then its title ("Quyết định số 92/2005/QĐ-TTg ngày
# 29 tháng 4 năm 2005 của Thủ tướng Chính phủ về thực hiện chế độ …"). A sentence that opens on
# it is an entry of a list of such texts: the title runs to a bracket or a semicolon; cited in
# the middle of a rule, to the clause's end.
_CITED_TEXT = (
    r"(?:Luật|Bộ luật|Pháp lệnh|Nghị định|Nghị quyết|Thông tư(?: liên tịch)?|Quyết định|Chỉ thị|Kết luận|Quy định)"
    r" (?:số )?\d[\w/.-]*(?: ngày \d{1,2}(?:/\d{1,2}/\d{4}| tháng \d{1,2} năm \d{4}))?(?: của [^,;()]{1,80}?)?"
    r" (?:về|quy định|hướng dẫn)\b"
)
_OPENING_CITATION = re.compile(rf"^(?:[-–•+]\s*|[a-zđ0-9]+[.)]\s*)?{_CITED_TEXT}[^;()]*")
_INNER_CITATION = re.compile(rf"{_CITED_TEXT}[^,;()]*")
# Numbers as a sentence states a total and its parts ("có 102 đơn vị hành chính cấp xã, gồm 82 xã
# và 20 phường"): dates, years and the numbers that name things ("khoản 1 Điều 5", "Quân khu 7")
# left out, they add up to nothing.
_NOT_AMOUNTS = re.compile(
    r"\d{1,2}/\d{1,2}(?:/\d{4})?|ngày \d{1,2} tháng \d{1,2}(?: năm \d{4})?|tháng \d{1,2}(?:/| năm )\d{4}"
    r"|\b(?:19|20)\d\d\b|\b(?:Điều|khoản|điểm|Mục|Chương|Phụ lục|số|lần thứ|thứ|Phường|Quân khu|Bước)\s+\d\S*",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")
# A year the sentence names as one ("năm 1994"), not a document's number ("số 37/2021/QH15").
_NAMED_YEAR = re.compile(r"(?<=năm )(?:19|20)\d\d\b")
# A period of years the sentence names ("giai đoạn 2026-2031"): its first and last years.
_NAMED_PERIOD = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b")
_AMOUNT = re.compile(r"(?<![\w/.,])\d+(?:[.,]\d+)*(?![\w/])")
# The values of a date or period: its numbers and Roman numerals ("Quý II").
_VALUE = re.compile(r"\d+|\b[IVX]+\b")


def other_value(a: str, b: str) -> bool:
    """Whether two options are the same words around other values ("tháng 11 năm 2025" and
    "tháng 12 năm 2025", "Quý I năm 2026" and "Quý II năm 2026"): two dates of one unit, not two
    spellings of one phrase, however many characters they share."""
    return _VALUE.findall(a) != _VALUE.findall(b) and _VALUE.sub("0", a) == _VALUE.sub("0", b)


def look_alike(a: str, b: str) -> bool:
    """Whether two options read alike (rule ``look_alike_options``): :func:`too_alike`, or nearly
    the same characters either way (the ratio of :class:`SequenceMatcher` depends on the order of
    its texts; the rule does not)."""
    return too_alike(a, b) or max(SequenceMatcher(None, words_key(x), words_key(y)).ratio()
                                  for x, y in ((a, b), (b, a))) > LOOK_ALIKE_RATIO


def _blank_offsets(item: QuizItem) -> list[int]:
    """Where in the source sentence the blank of a stem may stand: the key's occurrences, those
    the stem's words before the blank lead to when there are several."""
    if BLANK not in item.stem or not item.answer:
        return []
    source, answer = item.source_text, item.answer
    found = [m.start() for m in re.finditer(re.escape(answer), source)]
    before = item.stem.split(BLANK, 1)[0].split()[-3:]
    lead = " ".join(before).lstrip("“\"")
    led = [at for at in found if lead and source[:at].rstrip().endswith(lead.rstrip())]
    return led or found


def blank_in_cited_title(item: QuizItem) -> bool:
    """Whether an item's blank stands in the title of a text its sentence cites (rule
    ``in_cited_title``)."""
    offsets = _blank_offsets(item)
    if not offsets:
        return False
    source = item.source_text
    titles = [m.span() for m in _OPENING_CITATION.finditer(source)]
    titles += [m.span() for m in _INNER_CITATION.finditer(source)]
    return all(any(start <= at < end for start, end in titles) for at in offsets)


def worked_out(item: QuizItem) -> bool:
    """Whether a number blank is worked out from the rest of its sentence: one of the sentence's
    numbers is the sum of the others, the key among them ("có 102 đơn vị hành chính cấp xã, gồm
    ____ và 20 phường"), or a year next to one the sentence names ("các năm trước năm ____ được
    lấy bằng hệ số … của năm 1994"), or to a period it names ("Đến năm ____, phải cơ bản hoàn
    thiện …, làm cơ sở để xác định tổng biên chế … giai đoạn 2026-2031": the year before it). A
    year the quote leaves out ("… trong từng cơ quan, tổ chức …") tells the learner nothing."""
    answer = item.answer.strip().removeprefix("năm ")
    if BLANK not in item.stem or not _AMOUNT.match(answer):
        return False
    key = number_value(answer)
    if _YEAR.fullmatch(answer):
        named = [int(y) for y in _NAMED_YEAR.findall(item.source_text)]
        named += [int(y) for period in _NAMED_PERIOD.findall(item.source_text) for y in period]
        if int(key) in named:
            named.remove(int(key))
        return any(n in named and str(n) in item.stem for n in (int(key) - 1, int(key) + 1))
    values = [number_value(m.group(0)) for m in _AMOUNT.finditer(_NOT_AMOUNTS.sub(" ", item.source_text))]
    if len(values) < 3 or key not in values:
        return False
    return abs(sum(values) - 2 * max(values)) < 1e-9


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

    def text(self, doc_id: str) -> str:
        """A document's original text (cached)."""
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
            ("in_cited_title", self._not_in_cited_title),
            ("layout_debris", self._clean),
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
        two questions on one long-named document would always count as alike. Two items of a
        framed kind (:attr:`Kind.framed`) naming other things are never alike."""
        framed = KINDS[item.type].framed
        for other in picked:
            if framed and other.type == item.type and _QUOTED.findall(item.stem) != _QUOTED.findall(other.stem):
                continue
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
        return KINDS[item.type].option_count(item)

    def _verbatim(self, item: QuizItem) -> bool:
        try:
            passage = self.lib.passage(item.passage_key)
            text = self.text(item.doc_id)
        except SotayError:
            return False
        if not item.source_text or item.source_text not in passage.text or item.source_text not in text:
            return False
        return all(verbatim_of(right, text) for _, right in item.pairs)

    def _backed(self, item: QuizItem) -> bool:
        return KINDS[item.type].backed(item, self)

    def passage_at(self, doc_id: str, shown: str) -> PassageRecord:
        """The passage holding a shown sentence.

        Raises:
            LookupError: No passage of the document holds it.
        """
        text = verbatim_of(shown, self.text(doc_id))
        offset = self.text(doc_id).find(text) if text else -1
        for passage in self.lib.passages(doc_id):
            if passage.start <= offset < passage.end:
                return passage
        raise LookupError(text)

    @staticmethod
    def _distinct_options(item: QuizItem) -> bool:
        options = list(item.options)
        # Orderings of the same steps, a motto beside itself a part short or two parts swapped,
        # and procedures on one object ("Cấp", "Cấp lại", "Gia hạn chứng chỉ …": rows of the
        # document's own tables, the action is what is asked) share their characters by design:
        # only equality counts.
        similar = (lambda a, b: words_key(a) == words_key(b)) if item.type in ("order", "motto", "abolished") else (
            lambda a, b: look_alike(a, b) and not other_value(a, b) and not other_name(a, b))
        for i, a in enumerate(options):
            for b in options[i + 1 :]:
                if similar(a, b):
                    return False
        return True

    @staticmethod
    def _context(item: QuizItem) -> bool:
        return KINDS[item.type].context(item)

    @staticmethod
    def _hidden(item: QuizItem) -> bool:
        rule = KINDS[item.type].hides_answer
        if callable(rule):
            return rule(item) and not worked_out(item)
        if not rule:
            return True
        return f" {words_key(item.answer)} " not in f" {words_key(item.stem)} " and not worked_out(item)

    @staticmethod
    def _not_in_cited_title(item: QuizItem) -> bool:
        return not blank_in_cited_title(item)

    @staticmethod
    def _clean(item: QuizItem) -> bool:
        # Whatever a kind builds from headings, cells or metadata, what the trainer shows carries
        # no Markdown, table pipes or empty quotes ("phần “” nêu bao nhiêu…").
        return not any(_SHOWN_DEBRIS.search(text) for text in (item.stem, *item.options))

    @staticmethod
    def _short_enough(item: QuizItem) -> bool:
        return len(item.stem) <= MAX_STEM_CHARS and all(len(o) <= MAX_OPTION_CHARS for o in item.options)

    def _round_trip_found(self, item: QuizItem) -> bool:
        try:
            return self._round_trip(item)
        except LookupError:
            return False

    def _round_trip(self, item: QuizItem) -> bool:
        # No round trip for a kind whose key is recomputed from the document's structure.
        found = KINDS[item.type].round_trip
        return found is None or found(item, self, ROUND_TRIP_K)
