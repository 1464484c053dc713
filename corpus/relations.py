"""References to other documents, read from the text and typed by what the sentence says.

"Thực hiện Chỉ thị số 50-CT/TW ..." is a link of type ``carries_out`` to 50-CT/TW; "Căn cứ Luật
... số 33/2024/QH15" is ``based_on``; "Quy định này thay thế Quy định số 270-QĐ/TW" is
``replaces``; "sửa đổi, bổ sung một số điều của Nghị định số 72/2020/NĐ-CP" is ``amends``;
"bãi bỏ ..." or "... hết hiệu lực" is ``repeals``; any other numbered reference is ``mentions``.

The text is read through a cleaned copy (Markdown emphasis, table bars and line wraps removed,
letters normalized) that keeps a map back to the original offsets, so a reference written as
``**Nghị định số\\n72/2020/NĐ-CP**`` is found and located in the original text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

from corpus.metadata import kind_of_number
from corpus.normalize import fold, normalize, unify_tone_marks
from corpus.titlecase import UPPER

LinkType = Literal["carries_out", "based_on", "replaces", "amends", "repeals", "mentions"]

# Kinds a reference names before its number, longest first so "Nghị quyết liên tịch" wins.
_KINDS = sorted(
    (
        "nghị quyết", "nghị quyết liên tịch", "chỉ thị", "quy định", "quyết định", "kết luận", "kế hoạch",
        "hướng dẫn", "thông báo", "thông tri", "nghị định", "thông tư", "thông tư liên tịch", "luật",
        "bộ luật", "pháp lệnh", "công văn", "văn bản", "tờ trình", "chương trình", "đề án", "quy chế",
        "báo cáo", "công điện", "điều lệ", "hiến pháp",
    ),
    key=len,
    reverse=True,
)
# The kinds as one alternation, longest first (also what a search question names a document by).
KINDS_PATTERN = "|".join(_KINDS)
_KIND_RE = re.compile(r"\b(" + KINDS_PATTERN + r")\b", re.IGNORECASE)
# A number: Party style "50-CT/TW", "03-TTr/ĐU"; state style "72/2020/NĐ-CP", "66.4/2025/NQ-CP",
# "11306/VPCP-NN"; the Assembly's "33/2024/QH15"; the Government's before 1998, "12/CP". Not a
# date ("17/11/2022": no letters), not a standard ("TCVN 5687:2010").
_CODE = r"[A-ZĐ][A-Za-zĐđ]{0,7}"
_BODY = r"[A-ZĐ][A-Za-zĐđ0-9]*(?:-[A-ZĐ0-9][A-Za-zĐđ0-9]*)*"
NUMBER_RE = re.compile(
    rf"(?<![\w./-])\d{{1,5}}(?:\.\d{{1,3}})?[a-z]?"
    rf"(?:-{_CODE}/{_BODY}|(?:/\d{{4}})?/{_CODE}- ?{_BODY}|/\d{{4}}/(?:UBTV)?QH\d{{1,2}}|/(?:CP|TTg|HĐBT))(?![\w/-])"
)

# A cheap look for anything shaped like a number ("50-CT", "72/2020/NĐ", "12/CP") in the raw
# text, before the cleaning: a date ("17/11/2022") is not.
_MAY_CITE = re.compile(r"\d(?:/\d{4})?[-/][\s*_]*[A-ZĐÐ]")
# What the sentence does with the reference. Checked on the cleaned, lowercased text.
# "Căn cứ" types a reference only as the statement's first words ("Giao Chính phủ, căn cứ vào
# ..." is an instruction, not the document's basis).
_BASED_ON = re.compile(r"^[\s\-+•]*căn cứ(?: vào)?\b")
# Where the preamble ends: the first article, chapter, part or top-level numbered section.
_BODY_START = re.compile(r"\n\s*(?:Điều 1\b|Chương I\b|Phần (?:I|thứ nhất)\b|I\s*[.\-]\s|1\.\s+[A-ZĐ])")
# "Căn cứ Hiến pháp ... đã được sửa đổi, bổ sung ... theo Nghị quyết số 203/2025/QH15": the
# basis is the amended text; the amending one is mentioned.
_PASSIVE_AMENDED = re.compile(r"\bđược sửa đổi")
# A verb of carrying out types a reference only when it governs it: at most a few words
# ("các nội dung của") between the verb and the reference's kind word.
_GOVERNS = 20
_CARRIES_OUT = re.compile(
    r"(?<!việc )(?<!tình hình )(?<!kết quả )(?<!quá trình )(?<!được )(?<!hiệu lực )"
    r"\b(?:thực hiện|triển khai(?: thực hiện)?|quán triệt|cụ thể hóa|hướng dẫn (?:thực hiện|thi hành)|thi hành)\b"
    r"(?! theo)"
)
_REPLACES = re.compile(r"\bthay thế(?! bằng)\b")
# Not "điều chỉnh": "đối tượng điều chỉnh của Nghị định ..." is whom a text governs. Not passive:
# "... được sửa đổi, bổ sung theo Nghị định số ..." describes another text.
_AMENDS = re.compile(r"(?<!được )(?<!sửa đổi, )\b(?:sửa đổi(?:, bổ sung)?|bổ sung|đính chính)\b")
_REPEALS = re.compile(r"\b(?:bãi bỏ|hủy bỏ|bị bãi bỏ|hết hiệu lực(?: thi hành)?)\b")
_REPEALED_AFTER = re.compile(r"\b(?:hết hiệu lực|bị bãi bỏ|được bãi bỏ)\b")
# Verbs that type the reference they govern ("Căn cứ" is handled apart: only at a statement's start).
_TRIGGERS: tuple[tuple[LinkType, re.Pattern[str]], ...] = (
    ("replaces", _REPLACES),
    ("amends", _AMENDS),
    ("repeals", _REPEALS),
    ("carries_out", _CARRIES_OUT),
)
# "... các quan điểm, mục tiêu ... nêu trong Nghị quyết": the verb governs what the text sets out.
_CONTENTS_OF = re.compile(r"^.{0,90}\bnêu (?:trong|tại)\s*$", re.DOTALL)
# "Về đề nghị nghiên cứu, sửa đổi ...": a change asked for, not made by this document.
_PROPOSAL = re.compile(r"\b(?:đề nghị|kiến nghị|đề xuất|nghiên cứu|xem xét|dự thảo)\b")
# A statement that only names a document ("Quyết định số 1747/QĐ-TTg ..." after "Căn cứ
# Quyết định số 1746/QĐ-TTg ...;", or "b) Nghị định số ..." in a list).
_ITEM_MARK = r"\s*(?:[a-zđ]\)|[-+•])?\s*"
_ITEM = re.compile(_ITEM_MARK + r"(?:[a-zđ]\)|[-+•])")
# Also a list of parts: "các khoản 1, 3 Điều 7 ... của Nghị định số ..." after "c) Khoản 2 Điều 3;".
_CONTINUATION = re.compile(
    _ITEM_MARK + r"(?:(?:các )?(?:điểm|khoản|điều|chương|mục|phụ lục)\b[^;]{0,80}?\b(?:của|kèm theo)\s+)?"
    r"(?:" + KINDS_PATTERN + r")\b[^;]{0,80}?\d",
    re.IGNORECASE,
)
# "tại khoản 9 Điều 3 Nghị định số ...", "Điều 16 Luật Khoa học ... số ...": the article cited,
# followed only by the kind and name of the document (no full stop, no other clause).
_ARTICLE_BEFORE = re.compile(r"\bđiều\s+(\d+[a-zđ]?)\s+(?:của\s+)?(?:" + KINDS_PATTERN + r")\b[^.;:]{0,80}$")
# Where one statement ends: a semicolon, a full stop before a capital, a colon or a bullet at a
# line start, or a new "Căn cứ"/"Xét" line.
_CLAUSE_END = re.compile(
    r";|\.(?=\s+[\"'(]?[" + UPPER + r"0-9])|:\s*\n|\n\s*[-+•]\s|\n(?=\s*(?:căn cứ|xét|theo đề nghị|điều \d))",
    re.IGNORECASE,
)
# What may stand between two references of one list ("Quyết định số 1/QĐ-UB ngày 2/3/2020 và
# Quyết định số 4/QĐ-UB"): dates, issuers, kind words, "số", commas and "và".
_DATE = re.compile(r"\bngày\s+\d{1,2}(?:\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\s+tháng\s+\d{1,2}\s+năm\s+\d{4})")
_LIST_GAP = re.compile(r"^[\s,]*(?:và|hoặc|,)?[\s,]*(?:(?:" + KINDS_PATTERN + r")\s*)?(?:số\s*)?$", re.IGNORECASE)
_COORDINATED = re.compile(r"(?:\bvà|\bđồng thời|,)\s*$")


@dataclass(frozen=True)
class Link:
    """A reference from a document to another one, by number.

    Attributes:
        type: What the citing text does with the target (``carries_out``, ``based_on``,
            ``replaces``, ``amends``, ``repeals``, ``mentions``).
        number: The target's number, normalized (:func:`normalize_number`).
        kind: The target's kind as named in the text, else from the number's type code.
        start: Offset of the number in the citing document's original text.
        end: End offset (exclusive) of the number.
        quote: The statement that makes the reference, cleaned, for display.
        article: The article cited ("Điều 4" of "khoản 2 Điều 4 Nghị định số ..."), else ``""``.
    """

    type: LinkType
    number: str
    kind: str
    start: int
    end: int
    quote: str
    article: str = ""


def normalize_number(number: str) -> str:
    """A document number as compared: normalized letters, no spaces, upper case (``qđ`` = ``QĐ``)."""
    return re.sub(r"\s+", "", normalize(number)).upper()


def number_key(number: str) -> str:
    """A document number as a question may type it: compared without diacritics too, so that
    "80/2025/QD-UBND" typed without them finds 80/2025/QĐ-UBND."""
    return fold(normalize_number(number))


# Kinds whose documents are cited by their name rather than their number: "Bộ luật Dân sự 2015",
# "Luật Phòng, chống ma túy", "Hiến pháp", "Điều lệ Đảng". Other titles describe their document
# ("Nghị định quy định về tuyển dụng…"), and a question cites those by number.
CITED_BY_NAME = frozenset({"luật", "bộ luật", "pháp lệnh", "điều lệ", "hiến pháp"})
_NAMED_KINDS = re.compile(r"^(?:" + "|".join(sorted(CITED_BY_NAME, key=len, reverse=True)) + r")\b")
# What a title adds to the name: the article of an article given as a document, bracketed
# numbers ("(91/2015/QH13)", "(văn bản hợp nhất …)"), and, last, the year.
_ARTICLE_SUFFIX = re.compile(r",?\s*\bđiều\s+\d+[a-zđ]?\b.*$")
_BRACKETED = re.compile(r"\s*\([^)]*\)")
_TRAILING_YEAR = re.compile(r"\s+(?:năm\s+)?(\d{4})$")


def cited_name(title: str) -> tuple[tuple[str, ...], str] | None:
    """(name's words, year) a document is cited by when its title names a law, else None.

    "Bộ luật Dân sự 2015 (91/2015/QH13), Điều 16" → (("bộ", "luật", "dân", "sự"), "2015"); the
    words are lowercased and normalized, punctuation left out, so "Luật Phòng, chống ma túy" is
    cited with or without its comma. A kind alone is a name only for the Constitution.
    """
    lowered = normalize(title).lower().strip()
    if not _NAMED_KINDS.match(lowered):
        return None
    bare = _BRACKETED.sub("", _ARTICLE_SUFFIX.sub("", lowered)).strip(" ,.;:")
    year = _TRAILING_YEAR.search(bare)
    words = tuple(re.findall(r"\w+", bare[: year.start()] if year else bare))
    if len(words) < 3 and words != ("hiến", "pháp"):
        return None
    return words, year.group(1) if year else ""


@functools.lru_cache(maxsize=4096)
def _normal_char(ch: str) -> str:
    return normalize(ch)


def _clean(text: str) -> tuple[str, list[int]]:
    """The text without Markdown markers and line wraps, and each character's original offset.

    Line breaks are kept (one per run) because a new line may end a statement; spaces collapse.
    """
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if ch in "*_#|\\":
            continue
        if ch.isspace():
            mark = "\n" if ch == "\n" else " "
            if out and out[-1] in " \n":
                if mark == "\n" and out[-1] == " ":
                    out[-1] = "\n"
                continue
            out.append(mark)
            where.append(i)
            continue
        norm = _normal_char(ch) if not ch.isascii() else ch
        if len(norm) != 1:  # an invisible character dropped, or one that does not map one-to-one
            if not norm:
                continue
            norm = ch
        out.append(norm)
        where.append(i)
    cleaned = "".join(out)
    retoned = unify_tone_marks(cleaned)
    # Moving a tone mark keeps composed letters one-to-one; keep the map only if it did.
    return (retoned if len(retoned) == len(cleaned) else cleaned), where


def _clauses(clean: str) -> list[tuple[int, int, str]]:
    """Spans of the statements of the cleaned text, each with the delimiter that ends it."""
    spans, start = [], 0
    for match in _CLAUSE_END.finditer(clean):
        spans.append((start, match.start(), match.group(0).strip()))
        start = match.end()
    spans.append((start, len(clean), ""))
    return spans


def _kind_before(prefix: str, number: str) -> str:
    """The kind word closest before the number (within its phrase), else the number's own."""
    window = prefix[-80:]
    found = list(_KIND_RE.finditer(window))
    if found:
        return normalize(found[-1].group(1)).lower()
    return kind_of_number(number)


def _last_trigger(text: str) -> tuple[int, LinkType] | None:
    """The latest trigger phrase in ``text`` (lowercased): its end offset and link type."""
    best: tuple[int, LinkType] | None = None
    for link_type, pattern in _TRIGGERS:
        for match in pattern.finditer(text):
            if best is None or match.end() > best[0]:
                best = (match.end(), link_type)
    return best


def extract_links(text: str, own_number: str = "") -> list[Link]:
    """Every numbered reference of ``text`` to another document, typed, in text order.

    Args:
        text: A document's original text (Markdown markers and hard line wraps are tolerated).
        own_number: The document's own number; references to it (its letterhead, the portal's
            metadata) are left out.

    Returns:
        One :class:`Link` per occurrence of a number.
    """
    if not _MAY_CITE.search(text):
        # Most passages of a law cite nothing by number: not worth cleaning the whole text.
        return []
    clean, where = _clean(text)
    lower = clean.lower()
    own = normalize_number(own_number) if own_number else ""
    # The basis of a document is stated before its body; a "Căn cứ ..." inside an article
    # ("Căn cứ Nghị định số 135/2020/NĐ-CP, ... xác định") only cites.
    opening = _BODY_START.search(clean)
    body = opening.start() if opening else len(clean)
    quotes = [m.start() for m in re.finditer('"', clean)]
    links: list[Link] = []
    # The type a statement hands on to the next one when that one only names a document: the
    # next item of a "Căn cứ" list, or the items under "... sau đây hết hiệu lực:".
    carried: LinkType | None = None
    for c_start, c_end, delimiter in _clauses(clean):
        numbers = [m for m in NUMBER_RE.finditer(clean, c_start, c_end)]
        head = lower[c_start:c_end]
        if not numbers:
            last = _last_trigger(head)
            if last and delimiter.startswith(":") and not _proposed(head):
                carried = "repeals" if _REPEALED_AFTER.search(head) else last[1]
            elif not _ITEM.match(head):
                carried = None
            continue
        continues = bool(_CONTINUATION.match(lower, c_start)) and carried is not None
        previous_end: int | None = None
        previous_type: LinkType | None = None
        start = c_start
        first_type: LinkType | None = None
        for i, match in enumerate(numbers):
            number = normalize_number(match.group(0))
            if number == own:
                # The letterhead's "Số: ..." starts the title that follows it.
                previous_end, previous_type, start = None, None, match.end()
                continue
            gap = lower[(previous_end if previous_end is not None else start) : match.start()]
            if previous_end is None:
                if continues and start == c_start:
                    link_type: LinkType = carried  # type: ignore[assignment]
                elif _BASED_ON.search(gap) and match.start() < body:
                    # "Căn cứ ..." types the statement's first reference whatever words follow
                    # ("Căn cứ Luật sửa đổi, bổ sung ... số 47/2019/QH14" is based_on).
                    link_type = "mentions" if _PASSIVE_AMENDED.search(gap) else "based_on"
                else:
                    link_type = _governing(gap) or "mentions"
            elif _LIST_GAP.match(_DATE.sub("", _strip_of(gap))):
                link_type = previous_type or "mentions"
            else:
                # A trigger after another reference is this reference's own verb only when it is
                # coordinated ("... và bãi bỏ Quyết định số ..."); otherwise the words describe
                # the previous document ("Nghị định số 16/2025/NĐ-CP sửa đổi ... Nghị định số 72").
                last = _last_trigger(gap)
                link_type = "mentions"
                if last is not None and _COORDINATED.search(gap[: _trigger_start(gap, last)]):
                    link_type = last[1]
            after = lower[match.end() : numbers[i + 1].start() if i + 1 < len(numbers) else c_end]
            if link_type == "mentions" and _REPEALED_AFTER.search(_DATE.sub("", after)[:120]):
                link_type = "repeals"
            if link_type != "mentions" and (
                sum(q < match.start() for q in quotes) % 2 or (link_type != "carries_out" and _proposed(gap))
            ):
                # Quoted from another text, or proposed rather than done.
                link_type = "mentions"
            previous_end, previous_type = match.end(), link_type
            first_type = first_type or link_type
            links.append(
                Link(
                    type=link_type,
                    number=number,
                    kind=_kind_before(lower[c_start : match.start()], number),
                    start=where[match.start()],
                    end=where[match.end() - 1] + 1,
                    quote=" ".join(clean[c_start:c_end].split()),
                    article=_article(gap),
                )
            )
        carried = first_type if first_type in ("based_on", "repeals", "replaces", "amends") else None
        if _REPEALED_AFTER.search(head) and delimiter.startswith(":"):
            carried = "repeals"
    return links


def _governing(gap: str) -> LinkType | None:
    """The type given by the last trigger before a reference, if that trigger governs it."""
    last = _last_trigger(gap)
    if last is None:
        return None
    kinds = list(_KIND_RE.finditer(gap, last[0]))
    reach = (kinds[0].start() if kinds else len(gap)) - last[0]
    between = gap[last[0] : last[0] + reach]
    if last[1] == "carries_out" and (" theo " in between or (reach > _GOVERNS and not _CONTENTS_OF.search(between))):
        return None
    return last[1]


def _trigger_start(gap: str, last: tuple[int, LinkType]) -> int:
    """Where the trigger ending at ``last[0]`` starts in ``gap``."""
    pattern = dict(_TRIGGERS)[last[1]]
    starts = [m.start() for m in pattern.finditer(gap) if m.end() == last[0]]
    return starts[0] if starts else last[0]


def _article(gap: str) -> str:
    """The article named just before a reference: "Điều 4" of "... khoản 2 Điều 4 Nghị định số "."""
    match = _ARTICLE_BEFORE.search(gap)
    return f"Điều {match.group(1)}" if match else ""


def _proposed(text: str) -> bool:
    return bool(_PROPOSAL.search(text))


def _strip_of(gap: str) -> str:
    """The gap without an issuer phrase ("của Ủy ban nhân dân tỉnh"), which lists repeat."""
    return re.sub(r"\bcủa\s[^,;]{0,60}?(?=,|\svà\b)", "", gap)
