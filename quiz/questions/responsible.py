"""``responsible``: who leads, chairs, coordinates, approves or answers for a task ("Giao ____
lãnh đạo, chỉ đạo …", "Đối với HĐND các cấp: …"); options are bodies or posts named in the
library, of the same level as the key where the library has them."""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence

from index.records import PassageRecord
from quiz.bodies import peers
from quiz.distractors import too_alike
from quiz.items import BLANK, QuizItem
from quiz.questions.base import (
    ELISION, MAX_QUOTED_WORDS, MAX_WORDS, MIN_WORDS, OPTIONS, Checks, Context, Kind, assignment, blank_backed,
    display, group_of, has_heading, quotable, telling_runs, times,
)
from quiz.sentences import Sentence, split_passages
from quiz.source import heading_label
from quiz.statements import fragment, standalone, whole
from quiz.terms import Span, tokens, words_key

_HEAD = (
    r"(?:Bộ Chính trị|Ban Bí thư|Ban Thường vụ|Ban Chấp hành|Ban cán sự|Ban|Sở|Bộ|Ủy ban|Uỷ ban|UBND|Đảng ủy|Đảng uỷ|"
    r"Đảng đoàn|Văn phòng|Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ|Huyện ủy|Huyện uỷ|Tổng cục|Chi cục|Cục|Phòng|Trung tâm|"
    r"Hội đồng|Mặt trận|Công an|Thanh tra|Kho bạc|Chính phủ|Thủ tướng|Quốc hội|Chủ tịch|Giám đốc|Bí thư|Thủ trưởng|"
    r"Chánh [Vv]ăn phòng|Thường trực|Tập đoàn|Tổng công ty|"
    r"Người đứng đầu|Liên đoàn|Tòa án|Toà án|Viện kiểm sát|Cấp ủy|Cấp uỷ|Các sở|Các cơ quan|Các ban|Các cơ sở|"
    # The tax authorities by their names since 2025 ("Thuế Thành phố Hà Nội", "Thuế tỉnh …", "Thuế
    # cơ sở"), not a tax ("Thuế thu nhập cá nhân", "thuế TNCN"), whatever the pattern's case.
    r"(?-i:Thuế)(?=\s+(?i:tỉnh|thành phố|cơ sở)\b))"
)
_ROLE = (
    r"(?:có chức năng|chủ trì|phối hợp|lãnh đạo|chỉ đạo|tham mưu|chịu trách nhiệm|có trách nhiệm|phê duyệt|hướng dẫn|"
    r"theo dõi|quyết định|xem xét|khẩn trương|chủ động|rà soát|nghiên cứu|là (?:đầu mối|cơ quan|đơn vị))"
)
# "Giao Đảng uỷ Chính phủ lãnh đạo …", "Sở Nội vụ chủ trì, phối hợp …" (at the start of a sentence,
# after its purpose or capacity, "Để xác định vị trí cụ thể của dự án, Ủy ban nhân dân tỉnh phối
# hợp …", "Với vai trò là chủ đầu tư, Tập đoàn … chủ động …", or at the start of the answer a
# notice gives to a point: "Về dự án …: Bộ Xây dựng khẩn trương rà soát …"), "… do Chánh Văn
# phòng Trung ương Đảng quyết định" — but not "… thuộc Danh mục bệnh … do Bộ Y tế ban hành mà
# hồ sơ …" or "… danh mục bệnh … do Bộ Y tế ban hành, có giấy xác nhận …": a text issued or
# approved by a body, named inside a clause that goes on, is a reference to it, no task.
_LEAD = r"^(?:[Đđ]ể|[Vv]ới vai trò|[Tt]rên cơ sở)\s[^,;:]{3,80},\s+"
_ASSIGNED = re.compile(
    rf"(?:^|\b[Gg]iao\s+|:\s+|{_LEAD})(?P<body>{_HEAD}(?:\s+[^\s.;:()]+){{0,12}}?)\s+{_ROLE}\b"
    # "Trường hợp … thì người đứng đầu cơ sở giáo dục phải thông báo …": who must act when a case
    # arises, only for a duty, or who decides then ("… thì người đứng đầu cơ sở giáo dục quy định
    # bằng văn bản …", not a reference, "… thì Ủy ban nhân dân tỉnh quy định tại …").
    rf"|\bthì\s+(?P<then>(?:{_HEAD}|[Nn]gười đứng đầu|[Tt]hủ trưởng)(?:\s+[^\s.;:()]+){{0,12}}?)\s+(?:phải|có trách nhiệm|quyết định|quy định(?!\s+(?:tại|của)\b))\b"
    rf"|\bdo\s+(?P<by>{_HEAD}(?:\s+[^\s.;:()]+){{0,12}}?)\s+(?:(?:quyết định|chủ trì)\b|(?:phê duyệt|ban hành)(?=\s*(?:[.;]|$)))"
)
# "và" inside one body's name ("Bộ Nông nghiệp và Môi trường", "Bộ Giáo dục và Đào tạo"), not
# between two bodies ("Sở Tài chính và Sở Nội vụ", "Bộ Công an và các cơ quan").
_TWO_BODIES = re.compile(rf"\svà\s+(?:{_HEAD}|[^\sA-ZĐÂĂÊÔƠƯÁÀẢÃẠ])")
# A part named after a body ("1. Sở Nông nghiệp và Môi trường:", "UBND các xã/phường"): what
# stands under it is that body's task.
_BODY_HEADING = re.compile(rf"^(?:[\dIVX]+[.)]\s*)?(?P<body>{_HEAD}(?:,?\s+[^\s.;:()]+){{0,12}})\s*:?$")
# An article or part setting out one body's duties: "Trách nhiệm của Sở Tài chính", or giving
# them, its tasks listed under it: "1. Giao Giám đốc Sở Tư pháp" then "- Cập nhật công khai …".
_DUTIES_OF = re.compile(
    r"^(?:[\dIVX]+[.)]\s*)?(?:giao\s+|(?:trách nhiệm|nhiệm vụ|quyền hạn)(?:,? (?:và )?(?:trách nhiệm|nhiệm vụ|quyền hạn))* của\s+)",
    re.IGNORECASE,
)
TASK_WORDS = (6, 45)
_GIVES = re.compile(r"^(?:[\dIVX]+[.)]\s*)?giao\s", re.IGNORECASE)
# What stands before a list item's first words in its passage: its dash or number.
_ITEM_OPENING = re.compile(r"\s*(?:[-–•+]|\d+[.)]|[a-zđ]\))\s*")
# A shorter sentence after a body's first task is a slogan any body could follow ("Phát huy dân
# chủ, pháp quyền, hiện đại, chuyên nghiệp, khoa học.").
FOLLOWER_WORDS = 15
# A task whose search finds another body's passage within this share of its own score is shared.
RIVAL_SHARE = 0.8
# "Đối với HĐND các cấp: tập trung đổi mới …": a task set for one body of a list.
_FOR = re.compile(r"^Đối với (?P<body>[^:]{3,80}):\s*(?P<task>.{20,})$")
# What "Đối với …:" names when it names a body ("HĐND các cấp", "MTTQVN, các tổ chức CT-XH"),
# not a case ("Đối với bài thi phỏng vấn: …").
_BODY_WORDS = re.compile(rf"^(?:{_HEAD}|HĐND|MTTQ)|\b(?:cơ quan|tổ chức|cấp ủy|cấp uỷ|đảng|đoàn thể)\b", re.IGNORECASE)
MAX_BODY_WORDS = 12
# Words of a task that say what it is: another body followed by them has the same task.
TASK_OPENING = 4
# Words of a task that only say with whom it is done ("chủ trì, phối hợp với các Bộ, cơ quan và
# địa phương liên quan …"): every assignment of a notice opens on them, so what the task is comes
# after them.
_COORDINATION = frozenset("chu tri phoi hop voi cac co quan lien va dia phuong don vi bo nganh so ban".split())


def task_opening(after: str) -> str:
    """The words that say what a task is, from the text after its body's name."""
    words = words_key(after).split()
    while words and words[0] in _COORDINATION:
        words.pop(0)
    return " ".join(words[:TASK_OPENING])


# Words no body's name holds: "Hội đồng xác định giá trị tài liệu được thành lập để [tham mưu]"
# runs past the name into its clause.
_NOT_IN_NAME = re.compile(r"\b(?:được|để|là|có|theo|sẽ|đã|đang|phải|cần|thì|mà|khi|nếu|làm việc)\b")


def assigned_bodies(sentence: str) -> list[Span]:
    """The bodies a sentence gives a task or a power ("Giao Bộ Nông nghiệp và Môi trường chủ trì …",
    "… do Chánh Văn phòng Trung ương Đảng quyết định"), as spans of it."""
    spans = []
    for m in _ASSIGNED.finditer(sentence):
        group = next(g for g in ("body", "then", "by") if m[g])
        body = m[group].rstrip(" ,")
        # After "thì" the duty's "phải" ends the name: the tagger's word class of its last word
        # ("giáo dục" read as a verb) does not decide it.
        if (len(body.split()) <= MAX_BODY_WORDS and not _TWO_BODIES.search(body) and not _NOT_IN_NAME.search(body)
                and (group == "then" or _named(body))):
            spans.append(Span(m.start(group), m.start(group) + len(body), body, "body", body.split()[0]))
    return spans


# An item of a list giving tasks ("Giao các cơ quan, đơn vị:" then "2. Các đơn vị sự nghiệp công
# lập có chức năng đào tạo, bồi dưỡng thuộc phạm vi quản lý của UBND tỉnh niêm yết công khai TTHC
# …") opens on who acts, however long its name and whatever verb its task opens on.
_LISTED_HEAD = re.compile(rf"(?:{_HEAD}|(?:Các\s+)?[Đđ]ơn vị|UBND)\b")
MAX_LISTED_WORDS = 25
_WORD_RUN = re.compile(r"\S+")


def listed_body(checks: Checks, passage: PassageRecord, offset: int, text: str) -> Span | None:
    """Who opens an item (``text``, at ``offset`` of its passage) of a list giving tasks ("Giao
    các cơ quan, đơn vị:"), or ``None``. Its name ends where the words the document says again
    stop (its closing article, a table's "Cơ quan thực hiện: Đơn vị sự nghiệp công lập … của UBND
    tỉnh"), on a noun and before the task's verb: the task is said once, the name again."""
    if (not _ITEM_OPENING.fullmatch(passage.text[:offset])
            or not any(_GIVES.match(heading_label(h)) for h in group_of(passage)[-1:])
            or not _LISTED_HEAD.match(text)):
        return None
    document = f" {words_key(checks.text(passage.doc_id))} "
    end = 0
    for n, word in enumerate(_WORD_RUN.finditer(text)):
        said = words_key(text[: word.end()]).removeprefix("cac ")
        if n >= MAX_LISTED_WORDS or document.count(f" {said} ") < 2:
            break
        end = word.end()
    body = text[:end].rstrip(" ,")
    rest = tokens(text[len(body) :])
    if (len(body.split()) < 2 or not rest or not rest[0].tag.startswith("V") or not _named(body)
            or _TWO_BODIES.search(body)):
        return None
    return Span(0, len(body), body, "body", body.split()[0])


# "tổ chức" and "đơn vị" end a name as nouns whatever the tagger says.
_NOUN_ENDINGS = ("tổ chức", "đơn vị", "cá nhân")


def _named(body: str) -> bool:
    """Whether a name ends where a name ends: on a noun, a capitalised word ("Cục Lưu trữ") or a
    noun the tagger misreads; not on a verb of its clause ("Người đứng đầu cơ quan, tổ chức, đơn
    vị ra [quyết định]")."""
    last = tokens(body)[-1:] if body else ()
    return bool(last) and (last[0].tag.startswith("N") or last[0].text[:1].isupper() or body.endswith(_NOUN_ENDINGS))


def body_heading(heading: str) -> str:
    """The body a part is named after ("Sở Tài chính", "Trách nhiệm của Sở Tài chính", "Giao
    Giám đốc Sở Tư pháp"), or ``""``."""
    label = _DUTIES_OF.sub("", heading_label(heading), count=1)
    m = _BODY_HEADING.match(display(label))
    return m["body"] if m and len(m["body"].split()) <= MAX_BODY_WORDS else ""


# The closing article naming who executes the text: "Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám
# đốc Sở Tư pháp; …; Chủ tịch Ủy ban nhân dân các xã, phường và tổ chức, cá nhân có liên quan
# chịu trách nhiệm thi hành Quyết định này".
_EXECUTORS = re.compile(r"(?:^|\n)\s*(?:\d+\.\s*)?(?P<list>[^\n]{10,600}?)\s+(?:chịu|có) trách nhiệm (?:tổ chức )?thi hành\b")
# Where a list of executors breaks into names: a semicolon, or a comma or "và" before a body's
# head word ("Các Bộ trưởng, Thủ trưởng cơ quan ngang Bộ, Chủ tịch Ủy ban nhân dân tỉnh, thành
# phố …", not "Sở Khoa học và Công nghệ") or before "tổ chức, cá nhân có liên quan"; a colon
# before the bodies whose heads it charges ("Thủ trưởng các cơ quan, đơn vị: Văn phòng UBND tỉnh,
# Sở Tài chính; …").
# A post named by a common noun ("…, Giám đốc Sở Giáo dục và Đào tạo, người đứng đầu các cơ sở
# giáo dục công lập, …") ends the name before it too.
_EXECUTOR_BREAK = re.compile(
    rf"\s*[;:]\s*|(?:,|\s+và)\s+(?={_HEAD}\b|(?:các\s+)?(?:cơ quan|tổ chức|cá nhân|đơn vị|người đứng đầu|thủ trưởng)\b)"
)
_UNITS_UNDER = re.compile(r"\s*\(và [^()]{3,60}\)\s*$")
# "Chủ tịch Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung ương": a list's separators end a
# name, so it may run longer than one found in a sentence.
MAX_EXECUTOR_WORDS = 14
# A post of a body named with its proper name ("Cục trưởng Cục Nhà giáo và Cán bộ quản lý giáo
# dục"): a name, whatever the tagger reads its last word as.
_PROPER_BODY = re.compile(rf"\s{_HEAD}\s+[A-ZĐ]")


def executors(ctx: Context, doc_id: str) -> set[str]:
    """The bodies and posts a document's closing article charges with executing it, each named
    on its own (not "các cơ quan, tổ chức có liên quan"): the bodies of its world, which a trainer
    offers beside the one given a task."""
    names: set[str] = set()
    for passage in ctx.passages:
        if passage.doc_id != doc_id:
            continue
        for m in _EXECUTORS.finditer(passage.text):
            for name in _EXECUTOR_BREAK.split(m["list"]):
                # A body named with the units under it ("Văn phòng Đăng ký đất đai Hà Nội (và các
                # Chi nhánh trực thuộc)") is offered by its name.
                name = _UNITS_UNDER.sub("", name).strip(" ,.")
                if (re.match(_HEAD, name) and not name.lower().startswith("các") and "liên quan" not in name
                        and len(name.split()) <= MAX_EXECUTOR_WORDS and (_named(name) or _PROPER_BODY.search(name))
                        and not re.search(rf"\b{_ROLE}\b", name)):
                    names.add(name)
    return names


# "… chủ trì, phối hợp với Văn phòng UBND tỉnh (Trung tâm Phục vụ hành chính công tỉnh) rà soát …":
# the bodies a task is done with, broken as a list of executors is and at brackets. The last runs
# on into the task unless the clause ends with it.
_PARTNERS = re.compile(r"\bphối hợp với\s+(?P<list>[^.;:]{3,300})(?P<end>[.;:]|$)?")


def partners(ctx: Context, doc_id: str) -> set[str]:
    """The bodies a document names as those its tasks are done with, each named on its own: of
    its world, as its executors are."""
    names: set[str] = set()
    for sentence in ctx.every_sentence(doc_id):
        for m in _PARTNERS.finditer(sentence.text):
            pieces = [p for part in re.split(r"\s*[()]\s*", m["list"]) for p in _EXECUTOR_BREAK.split(part) if p]
            for name in pieces if m["end"] is not None else pieces[:-1]:
                if (re.match(_HEAD, name) and not name.lower().startswith("các") and len(name.split()) <= MAX_BODY_WORDS
                        and _named(name) and not _NOT_IN_NAME.search(name) and not re.search(rf"\b{_ROLE}\b", name)):
                    names.add(name)
    return names


def _pool(ctx: Context) -> dict[str, set[str]]:
    """Every body the library names as the one who leads, chairs or answers for something, when
    its name ends on a noun ("Người đứng đầu cơ quan sử dụng" is cut short, no name), with the
    documents naming it."""
    found: dict[str, str] = {}
    docs: dict[str, set[str]] = defaultdict(set)
    for sentence in split_passages(ctx.passages):
        for span in assigned_bodies(sentence.text):
            if tokens(span.text)[-1].tag.startswith("N") or span.text.endswith(_NOUN_ENDINGS):
                name = found.setdefault(words_key(span.text), span.text)
                docs[name].add(sentence.passage.doc_id)
    return {name: docs[name] for name in sorted(docs)}


# A post held by a person ("Cục trưởng Cục Lưu trữ", "Người đứng đầu cơ quan") and the body it
# heads ("Cục Lưu trữ") are not alternatives: the body does through its head what the head
# does. Options are posts for a post, bodies for a body.
_POST = re.compile(
    r"(?:Người|Thủ trưởng|Thủ tướng|Chủ tịch|Phó|Giám đốc|Tổng Giám đốc|Bí thư|Tổng Bí thư|Cục trưởng|Vụ trưởng|"
    r"Bộ trưởng|Chánh|Trưởng|Chủ nhiệm|Cán bộ|Công chức|Viên chức)\b", re.IGNORECASE,
)


def is_post(name: str) -> bool:
    """Whether a name is a post held by a person rather than a body."""
    return bool(_POST.match(name))


# An enterprise ("Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam") among ministries is the
# one option that invests and trades: "Với vai trò là chủ đầu tư, ____ …" picks it out.
_ENTERPRISE = re.compile(r"(?:Tập đoàn|Tổng công ty|Công ty|Ngân hàng thương mại)\b", re.IGNORECASE)


def is_enterprise(name: str) -> bool:
    """Whether a name is an enterprise's rather than a body of the State or the Party."""
    return bool(_ENTERPRISE.match(name))


def _level(body: str) -> str:
    """The head word that sets a body's level ("Sở", "Ban", "Đảng ủy")."""
    m = re.match(_HEAD, body)
    return words_key(m.group(0)) if m else ""


def _choose(ctx: Context, key: str, candidates: list[str], sentence: str, rng: random.Random,
            own: set[str] = frozenset()) -> list[str]:
    """Three bodies other than the key, not named in the sentence, posts for a post, enterprises
    for an enterprise and bodies of the State or the Party for one of them: when ``own`` is given, those the same document names or bodies of the key's level
    ("Văn phòng UBND tỉnh" for "Văn phòng tỉnh ủy") — another name of another document's world reads as
    implausible ("Người đứng đầu cơ quan sử dụng công chức" among archive bodies, "Bộ trưởng Bộ
    Quốc phòng" in a Party rule) — the document's own and the key's level first, then by meaning."""
    here = f" {words_key(sentence)} "
    others = [
        c for c in candidates
        if not too_alike(c, key) and f" {words_key(c)} " not in here and is_post(c) == is_post(key)
        and is_enterprise(c) == is_enterprise(key)
        and (not own or c in own or (not is_post(c) and _level(c) == _level(key)))
    ]
    if len(others) < OPTIONS - 1:
        return []
    vectors = ctx.picker.embed([key, *others])
    sims = vectors[1:] @ vectors[0]
    level = _level(key)
    ranked = [others[i] for i in sorted(range(len(others)), key=lambda i: (
        others[i] not in own, _level(others[i]) != level, -sims[i]))]
    shortlist = ranked[: 2 * (OPTIONS - 1)]
    rng.shuffle(shortlist)
    shortlist.sort(key=lambda c: (c not in own, _level(c) != level))
    chosen: list[str] = []
    for c in shortlist:
        if not any(too_alike(c, x) for x in chosen):
            chosen.append(c)
    if key[:1].islower():
        # A post the sentence writes lower case mid-clause ("thì người đứng đầu cơ sở giáo dục
        # phải …"): the other common-noun posts written alike, or the key's case gives it away.
        chosen = [c[:1].lower() + c[1:] if _COMMON_POST.match(c) else c for c in chosen]
    return chosen[: OPTIONS - 1] if len(chosen) >= OPTIONS - 1 else []


# Posts named by common nouns, not by a body's proper name ("Bộ trưởng Bộ Tài chính").
_COMMON_POST = re.compile(r"(?:Người|Thủ trưởng|Cán bộ|Công chức|Viên chức)\b")


# Words of a body's name that say nothing of which body it is.
_GENERIC = frozenset("các cấp cơ quan tổ chức đơn vị và ban sở ủy uỷ nhân dân tỉnh huyện xã phường thành phố trung ương".split())
_WORD = re.compile(r"\w+")


def names_body(task: str, bodies: list[str]) -> bool:
    """Whether a task names one of the bodies offered, or the distinctive words of one ("HĐND",
    "tư pháp", "Nông nghiệp và Môi trường"): the key is then matched, not known, or two keys
    fit. One of those words alone is no name ("môi trường" in a task of an environment plan)."""
    said = f" {' '.join(_WORD.findall(task.lower()))} "
    for body in bodies:
        words = _WORD.findall(body.lower())
        while words and words[0] in _GENERIC:
            words.pop(0)
        while words and words[-1] in _GENERIC:
            words.pop()
        if words and f" {' '.join(words)} " in said:
            return True
    return False


def parts_of_bodies(ctx: Context, doc_id: str) -> dict[str, str]:
    """The folded text under each part of a document named after a body ("2. Người đứng đầu
    lưu trữ lịch sử của Đảng: Chánh Văn phòng Trung ương Đảng ủy quyền cho Cục trưởng Cục Lưu
    trữ …"), by that body."""
    under: dict[str, list[str]] = defaultdict(list)
    for passage in ctx.passages:
        if passage.doc_id == doc_id:
            for heading in passage.headings:
                if not heading.endswith("…") and (body := body_heading(heading)):
                    under[body].append(words_key(passage.text))
    return {body: f" {' '.join(texts)} " for body, texts in under.items()}


def stands_for(a: str, b: str, under: dict[str, str], delegations: Sequence[str] = ()) -> bool:
    """Whether the part named after one body names the other (the head of a historical archive
    is, by delegation, the Cục trưởng it names), or a sentence of the document has one act for
    the other ("Chánh Văn phòng Trung ương Đảng ủy quyền cho Cục trưởng Cục Lưu trữ", among
    ``delegations``, folded): either could be meant."""
    def said(name: str, text: str) -> bool:
        return any(f" {words_key(n)} " in text for n in {name, name.split(",")[0]})

    for body, other in ((a, b), (b, a)):
        text = under.get(body, "")
        if text and said(other, text):
            return True
    return any(said(a, text) and said(b, text) for text in delegations)


def delegations(ctx: Context, doc_id: str) -> list[str]:
    """The document's sentences where one body acts for another ("ủy quyền cho"), folded."""
    return [f" {words_key(s.text)} " for s in ctx.every_sentence(doc_id)
            if " uy quyen " in f" {words_key(s.text)} "]


def _own_first(ctx: Context, sentence: Sentence, siblings: list[tuple[str, ...]],
               groups: dict[tuple[str, ...], list[Sentence]]) -> bool:
    """Whether search with a task finds its own passage first, well ahead of any other body's:
    a task two bodies share in substance ("Phối hợp với các cơ quan liên quan …") is no question."""
    others = {s.passage.key for g in siblings for s in groups[g]}
    hits = ctx.checks.search(sentence.text)
    if not hits or hits[0].key != sentence.passage.key:
        return False
    rival = next((h.score for h in hits[1:] if h.key in others), 0.0)
    return rival <= hits[0].score * RIVAL_SHARE


def _by_body_part(ctx: Context, sources: list[Sentence], seed: int, pool: dict[str, set[str]]) -> Iterator[QuizItem | None]:
    """Tasks listed under parts named after bodies: which body has the task (options: the
    sibling parts' bodies; for a part without two such siblings, "1. Giao Giám đốc Sở Tư pháp"
    beside clauses, the bodies of the document's world, as for a task given in a sentence)."""
    wanted = {id(s) for s in sources}
    low, high = TASK_WORDS
    for doc_id in dict.fromkeys(s.passage.doc_id for s in sources):
        all_groups = ctx.groups(doc_id)
        groups = {g: v for g, v in all_groups.items() if body_heading(g[-1])}
        world = _world(ctx, doc_id, pool)
        pairs = Counter(pair for s in ctx.every_sentence(doc_id) for pair in _word_pairs(s.text))
        for group, sentences in groups.items():
            siblings = [g for g in groups if g != group and g[:-1] == group[:-1]]
            names = [body_heading(g[-1]) for g in [group, *siblings]]
            asked: list[str] = []
            for sentence in sentences:
                if any(_restates(sentence.text, task, pairs) for task in asked):
                    continue
                # A task under a part giving it ("- Cập nhật công khai …" under "Giao Giám đốc Sở
                # Tư pháp") is quoted whole, as long as any sentence asked.
                most = high if len(siblings) >= 2 else MAX_WORDS
                if id(sentence) not in wanted or not low <= sentence.words <= most:
                    continue
                if fragment(sentence.text) or not standalone(sentence.text):
                    continue
                rng = random.Random(f"{seed}|responsible|{sentence.passage.key}|{sentence.start}")
                if len(siblings) < 2:
                    # Only a list item's own opening is the part's body's task, not a clause going
                    # on from it ("…; Danh mục thủ tục hành chính cung cấp dịch vụ công trực tuyến").
                    # Not under a heading that goes on past a name ("Bộ trưởng Bộ Tài chính có trách
                    # nhiệm chỉ đạo:"), nor an item naming who acts itself ("Bảo hiểm xã hội Việt
                    # Nam có trách nhiệm công khai …").
                    # A part only named after a body ("Điều 8. Hội đồng tuyển dụng công chức") may
                    # list its members, and one on a body's duties shares them with the bodies
                    # beside it: only a part giving them ("1. Giao Giám đốc Sở Tư pháp") is read so.
                    marker = sentence.passage.text[: sentence.start - sentence.passage.start]
                    if (not _GIVES.match(heading_label(group[-1])) or not _ITEM_OPENING.fullmatch(marker)
                            or names_body(sentence.text, names[:1])
                            or re.search(rf"\b{_ROLE}\b", names[0]) or not _named(names[0])
                            or assigned_bodies(sentence.text)):
                        continue
                    others = _choose(ctx, names[0], [c for c in world if not names_body(sentence.text, [c])],
                                     sentence.text, rng, world)
                    if not others:
                        yield None
                        continue
                    asked.append(sentence.text)
                    yield _task_item(ctx, sentence, names[0], others, seed)
                    continue
                # A task naming its own body gives the key away; a body it names as a partner
                # ("Chủ trì, phối hợp với Sở Khoa học và Công nghệ …") is not offered.
                others = [n for n in names[1:] if not names_body(sentence.text, [n])]
                if names_body(sentence.text, names[:1]) or len(others) < OPTIONS - 2:
                    continue
                if ctx.shares_phrase(sentence, siblings, all_groups) or not _own_first(ctx, sentence, siblings, all_groups):
                    yield None
                    continue
                rng.shuffle(others)
                asked.append(sentence.text)
                yield _task_item(ctx, sentence, names[0], others[: OPTIONS - 1], seed)


# Word pairs two tasks of one body share and no other sentence of the document says: the tasks
# restate each other.
RESTATING_PAIRS = 2


def _word_pairs(text: str) -> set[tuple[str, str]]:
    words = words_key(text).split()
    return set(zip(words, words[1:]))


def _restates(task: str, other: str, pairs: Counter[tuple[str, str]]) -> bool:
    """Whether two tasks of one body say the same thing in other words ("Tổ chức thu gom rác thải,
    chất thải … từ các hoạt động NTTS", "Triển khai hoạt động thu gom chất thải từ nuôi trồng
    thủy sản …"): they share word pairs (``pairs``: how many sentences of the document say each)
    no other sentence says. Asked both, one answers the other."""
    shared = [pair for pair in _word_pairs(task) & _word_pairs(other) if pairs[pair] <= 2]
    return len(shared) >= RESTATING_PAIRS


def _task_item(ctx: Context, sentence: Sentence, body: str, others: list[str], seed: int) -> QuizItem:
    """Which body a task listed under its part is given to."""
    return ctx.item(
        "responsible", sentence,
        f"Theo {ctx.labels[sentence.passage.doc_id]}, cơ quan, {'chức danh' if is_post(body) else 'đơn vị'} nào được giao"
        f" nhiệm vụ sau? “{display(sentence.text)}”",
        body, others, f"Nhiệm vụ của {body}. Văn bản nêu: “{sentence.text}”",
        ("responsible",), ctx.text_difficulty(body, others), seed,
    )


def _world(ctx: Context, doc_id: str, pool: dict[str, set[str]]) -> list[str]:
    """The bodies of a document's world: those it gives tasks, names its parts after or charges
    with executing it."""
    return sorted({name for name, docs in pool.items() if doc_id in docs}
                  | set(parts_of_bodies(ctx, doc_id)) | executors(ctx, doc_id))


def _tasks_given(ctx: Context, doc_id: str) -> dict[str, set[str]]:
    """What each body a document assigns work to is given (:func:`task_opening`), by the
    body's folded name."""
    given: dict[str, set[str]] = defaultdict(set)
    for sentence in ctx.sentences:
        if sentence.passage.doc_id == doc_id:
            unit = assignment(sentence)[1].text
            for span in assigned_bodies(unit):
                given[words_key(span.text)].add(task_opening(unit[span.end :]))
    return given


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per task assigned to a named body, per task listed under a part named after a
    body, and per task a list sets "for" one body."""
    pool = _pool(ctx)
    yield from _by_body_part(ctx, sources, seed, pool)
    yield from _funded(ctx, sources, seed)
    doc_texts: dict[str, str] = {}
    # Bodies a document names its parts after ("Trách nhiệm của Sở Tài chính"): of its world too.
    headed: dict[str, set[str]] = {}
    parts: dict[str, dict[str, str]] = {}
    acting: dict[str, list[str]] = {}
    charged: dict[str, set[str]] = {}
    given: dict[str, dict[str, set[str]]] = {}
    for whole_sentence in sources:
        topic, sentence = assignment(whole_sentence)
        rng = random.Random(f"{seed}|responsible|{sentence.passage.key}|{sentence.start}")
        spans = assigned_bodies(sentence.text)[:1]
        listed = None if spans or topic else listed_body(
            ctx.checks, sentence.passage, sentence.start - sentence.passage.start, sentence.text)
        for span in spans or ([listed] if listed else []):
            # A listed body's long name is not quoted: the words left are.
            shown = sentence.words - len(span.text.split()) + 1
            if not (quotable(sentence, span, span) or listed and MIN_WORDS <= shown <= MAX_QUOTED_WORDS):
                continue
            doc_id = sentence.passage.doc_id
            if doc_id not in headed:
                parts[doc_id] = parts_of_bodies(ctx, doc_id)
                acting[doc_id] = delegations(ctx, doc_id)
                # Not a heading that goes on past a name ("Bộ trưởng Bộ Tài chính có trách nhiệm
                # chỉ đạo:").
                headed[doc_id] = {b for b in parts[doc_id] if not re.search(rf"\b{_ROLE}\b", b)}
                charged[doc_id] = executors(ctx, doc_id) | partners(ctx, doc_id)
            # The bodies and posts charged with executing the document, and those its tasks are
            # done with, are of its world too ("Giám đốc Sở Giáo dục và Đào tạo" beside "người
            # đứng đầu cơ sở giáo dục").
            own = {name for name, docs in pool.items() if doc_id in docs} | headed[doc_id] | charged[doc_id]
            # A body the document gives the same task elsewhere ("Cục trưởng Cục Lưu trữ quyết
            # định việc công bố …" beside "Người đứng đầu cơ quan, tổ chức quyết định việc công
            # bố …") would be right too.
            task = task_opening(sentence.text[span.end :])
            texts = doc_texts.setdefault(sentence.passage.doc_id, " | ".join(
                words_key(s.text) for s in ctx.sentences if s.passage.doc_id == sentence.passage.doc_id))
            if doc_id not in given:
                given[doc_id] = _tasks_given(ctx, doc_id)
            candidates = [
                c for c in dict.fromkeys([*pool, *sorted(headed[doc_id] | charged[doc_id]), *peers(span.text)])
                if f"{words_key(c)} {task}" not in texts and task not in given[doc_id].get(words_key(c), ())
                and not stands_for(c, span.text, parts[doc_id], acting[doc_id])
            ]
            wrong = _choose(ctx, span.text, candidates, sentence.text, rng, own)
            if not wrong:
                yield None
                continue
            yield ctx.blank_item(
                "responsible", sentence, span, "cơ quan, chức danh nào điền vào chỗ trống?", wrong,
                f"Văn bản giao cho {span.text}.", ctx.text_difficulty(span.text, wrong), seed, topic,
            )
    for doc_id in dict.fromkeys(s.passage.doc_id for s in sources):
        listed = [(s, m["body"], m["task"]) for s in sources if s.passage.doc_id == doc_id and (m := _FOR.match(s.text))
                  and _BODY_WORDS.search(display(m["body"]))]
        # The options are every body a paragraph opens with, also one whose sentence is not asked
        # (a typo of the source in "Đối với MTTQVN, …: … nâg cao …").
        bodies = list(dict.fromkeys(
            display(m["body"]) for s in ctx.every_sentence(doc_id)
            if (m := _FOR.match(s.text)) and _BODY_WORDS.search(display(m["body"]))
        ))
        # The paragraph a body's tasks open goes on with more of them ("Đối với HĐND các cấp:
        # tập trung …. Đặc biệt coi trọng xây dựng chính sách …"): each sentence is its task too,
        # and so is each clause of a long one that opens on a verb ("…; thực hiện tốt vai trò đại
        # diện …"): the paragraph's body is its subject, and the question names it.
        listed += [(s, body, s.text) for s in sources if s.passage.doc_id == doc_id and not _FOR.match(s.text)
                   and (body := paragraph_body(s.passage.text, s.start - s.passage.start)) and display(body) in bodies
                   and FOLLOWER_WORDS <= s.words <= TASK_WORDS[1] and (whole(s.text) or _opens_on_verb(s.text))
                   and standalone(s.text) and not fragment(s.text)]
        for sentence, body, task in listed:
            if names_body(task, bodies):
                continue
            rng = random.Random(f"{seed}|responsible|{sentence.passage.key}|{sentence.start}")
            wrong = _choose(ctx, display(body), bodies, task, rng)
            if not wrong:
                yield None
                continue
            yield ctx.item(
                "responsible", sentence,
                f"Theo {ctx.labels[doc_id]}, nhiệm vụ sau đặt ra đối với cơ quan, tổ chức nào? “{display(task)}”",
                display(body), wrong, _said_for(body, sentence.text), ("responsible",),
                ctx.text_difficulty(body, wrong), seed,
            )


# Who pays: "Kinh phí đóng bảo hiểm xã hội … do ngân sách địa phương bảo đảm", "Ngân sách trung
# ương bảo đảm đào tạo …", "… thì được quỹ bảo hiểm y tế thanh toán …". The sources public money
# is paid from; the State budget holds both levels, so it is offered only beside a fund and never
# asked (one level would be right too).
_SOURCES = ("ngân sách trung ương", "ngân sách địa phương", "quỹ bảo hiểm xã hội", "quỹ bảo hiểm y tế")
_WHOLE_BUDGET = "ngân sách nhà nước"
_FUNDED = re.compile(
    rf"(?:^|\bdo\s+|\bđược\s+)(?P<source>{'|'.join(_SOURCES)})\s+(?:bảo đảm|chi trả|thanh toán)\b", re.IGNORECASE,
)
FUNDING_QUESTION = "nguồn kinh phí nào điền vào chỗ trống?"


def funding(sentence: str) -> Span | None:
    """The source a sentence says pays for something, or ``None``."""
    m = _FUNDED.search(sentence)
    return Span(m.start("source"), m.end("source"), m["source"], "body", "source") if m else None


def _refiled(passages: Sequence[PassageRecord]) -> set[str]:
    """Keys of the passages filed under a part closed earlier in their document ("Điều 1.1" again
    for a clause of an article an amending text adds, "Điều 15a. …" then "1. Ngân sách trung
    ương …"): the part cited is another one."""
    keys: set[str] = set()
    by_doc: dict[str, list[PassageRecord]] = defaultdict(list)
    for passage in passages:
        by_doc[passage.doc_id].append(passage)
    for doc_passages in by_doc.values():
        closed: set[str] = set()
        last = ""
        for passage in sorted(doc_passages, key=lambda p: p.order):
            if passage.section and passage.section != last:
                if passage.section in closed:
                    keys.add(passage.key)
                closed.add(last)
                last = passage.section
    return keys


def _funded(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """Per sentence naming who pays: that source, quoted up to the end of its clause, among the
    other sources (another level of the budget, the insurance funds)."""
    found = [(s, span) for s in sources if (span := funding(s.text)) and MIN_WORDS <= s.words <= MAX_WORDS]
    misfiled = _refiled([p for p in ctx.passages if p.doc_id in {s.passage.doc_id for s, _ in found}]) if found else set()
    for sentence, span in found:
        if sentence.passage.key in misfiled:
            continue
        key = span.text.lower()
        funds = [f for f in _SOURCES if f != key and f.startswith("quỹ")]
        budgets = [f for f in _SOURCES if f != key and f.startswith("ngân sách")]
        rng = random.Random(f"{seed}|responsible|funded|{sentence.passage.key}|{sentence.start}")
        rng.shuffle(budgets)
        wrong = [*funds, *budgets] if key.startswith("ngân sách") else [*funds, _WHOLE_BUDGET, *budgets]
        end = min((i for i in (sentence.text.find(", ", span.end), sentence.text.find("; ", span.end)) if i >= 0),
                  default=len(sentence.text))
        clause = sentence.text[:end]
        shown = clause[: span.start] + BLANK + clause[span.end :] + (ELISION.rstrip() if end < len(sentence.text) else "")
        wrong = [w for w in wrong if w not in clause.lower()][: OPTIONS - 1]
        if len(wrong) < OPTIONS - 1:
            yield None
            continue
        if span.text[:1].isupper():
            wrong = [display(w) for w in wrong]
        yield ctx.item(
            "responsible", sentence,
            f"Theo {ctx.labels[sentence.passage.doc_id]}, {FUNDING_QUESTION} “{display(shown)}”", span.text, wrong,
            f"Văn bản nêu: “{sentence.text}”", ("responsible",), 2, seed,
        )


def _said_for(body: str, sentence: str) -> str:
    """The explanation of a task set for a body: the sentence, under the paragraph's opening
    when the sentence does not say it."""
    if _FOR.match(sentence):
        return f"Văn bản nêu: “{sentence}”"
    return f"Văn bản nêu trong đoạn “Đối với {body}: …”: “{sentence}”"


def _opens_on_verb(clause: str) -> bool:
    own = tokens(clause)
    return bool(own) and own[0].tag.startswith("V")


def paragraph_body(text: str, offset: int) -> str:
    """The body whose tasks the paragraph holding ``offset`` of a passage's text opens with
    ("Đối với HĐND các cấp: …"), or ``""``."""
    paragraph = text[text.rfind("\n", 0, offset) + 1 :]
    m = _FOR.match(paragraph.split("\n", 1)[0])
    return m["body"] if m and _BODY_WORDS.search(display(m["body"])) else ""


def backed(item: QuizItem, checks: Checks) -> bool:
    """The key is the body the source sentence assigns the task to."""
    source = item.source_text
    listed = _FOR.match(source)
    if item.stem.endswith(f"được giao nhiệm vụ sau? “{display(source)}”"):
        passage = checks.passage_at(item.doc_id, source)
        return any(body_heading(h) == item.answer for h in group_of(passage)[-1:]) and all(
            o == item.answer or not has_heading(passage, o) for o in item.options
        )
    if listed:
        return display(listed["body"]) == item.answer and f"“{display(listed['task'])}”" in item.stem
    if "nhiệm vụ sau đặt ra đối với" in item.stem:
        passage = checks.passage_at(item.doc_id, source)
        offset = passage.text.find(source)
        return (display(paragraph_body(passage.text, offset)) == item.answer
                and item.stem.endswith(f"“{display(source)}”"))
    if not blank_backed(item):
        return False
    if FUNDING_QUESTION in item.stem:
        span = funding(source)
        return span is not None and span.text == item.answer
    if any(span.text == item.answer for span in assigned_bodies(source)):
        return True
    passage = checks.passage_at(item.doc_id, source)
    listed = listed_body(checks, passage, passage.text.find(source), source)
    return listed is not None and listed.text == item.answer


def hidden(item: QuizItem) -> bool:
    """Whether the key cannot be read in the quoted sentence: neither whole nor by the words of
    it no option holds ("cấp xã" of "Văn phòng cấp ủy cấp xã" in "… của các cơ quan, tổ chức cấp xã
    …" among provincial and central offices; "Trung ương Đảng" of "Cục Lưu trữ, Văn phòng Trung
    ương Đảng" in "… giúp Chánh Văn phòng Trung ương Đảng …"). One word alone ("cơ" of "Các cơ sở
    …" in "cơ quan") tells nothing."""
    quoted = f" {words_key(item.stem.split('?', 1)[-1])} "
    return f" {words_key(item.answer)} " not in f" {words_key(item.stem)} " and not any(
        len(run.split()) >= 2 and f" {run} " in quoted for run in telling_runs(item))


def three_or_four(item: QuizItem) -> bool:
    """Three or four bodies (a list may name only three)."""
    return 3 <= len(item.options) <= 4


KIND = Kind(
    build=build, backed=backed, hides_answer=hidden, option_count=three_or_four,
    key_repeats=times(3),
    first=True,
    missing="tài liệu không giao việc cho cơ quan, chức danh nào bằng tên (“Giao … chủ trì”, “… chịu trách nhiệm”)",
)
