"""``subject``: what a numbered document of the library is about ("Kết luận số 212-KL/TW về nội
dung nào sau đây?"); distractors are the subjects of other documents, of the same kind first."""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Iterator
from typing import Any

from corpus.metadata import short_name
from quiz.distractors import other_name, too_alike
from quiz.items import QuizItem
from quiz.questions.base import OPTIONS, Checks, Context, Kind, display
from quiz.sentences import Sentence
from quiz.source import sentence_case
from quiz.terms import words_key

_ABOUT = re.compile(r"\bvề\s+(?:việc\s+)?(?P<subject>.+)$", re.IGNORECASE)
_CITING = re.compile(r"\W*(?:căn cứ|thực hiện)\b", re.IGNORECASE)
_REMIT = re.compile(r",?\s+thuộc phạm vi\b.*$")
MIN_SUBJECT_WORDS = 4
MAX_SUBJECT_WORDS = 40


def subject_of(info: Any) -> str:
    """What a document is about, from its title ("… về định hướng xây dựng tiêu chuẩn …", or
    what follows its kind: "Kế hoạch quan trắc …"), or ``""`` when the title does not say it in
    words a question can show."""
    title = sentence_case(" ".join((info.title or "").split()))
    if not info.number or re.search(r"[*|#]", title):
        return ""
    m = _ABOUT.search(title)
    kind = (info.kind or "").lower()
    if m:
        subject = m["subject"]
    elif kind and title.lower().startswith(kind + " "):
        # "Kế hoạch quan trắc, cảnh báo môi trường …", "Quyết định công bố danh mục …": what
        # follows the kind says what the document does.
        subject = title[len(kind) + 1 :]
    else:
        return ""
    subject = sentence_case(subject).rstrip(" .;:")
    subject = display(subject)
    if len(subject.split()) > MAX_SUBJECT_WORDS:
        # A long title ends on whose remit it falls in and a remark: "… trong lĩnh vực chứng
        # thực thuộc phạm vi chức năng quản lý của Sở Tư pháp tỉnh Vĩnh Long (thủ tục hành
        # chính thực hiện không phụ thuộc …)"; what it is about comes before.
        subject = _REMIT.sub("", subject)
    return subject if MIN_SUBJECT_WORDS <= len(subject.split()) <= MAX_SUBJECT_WORDS else ""


# A Party document's number ends on the committee that issued it ("383-QĐ/TW", "230-KH/TU"); a
# local body names its province or city ("Ủy ban nhân dân tỉnh Đắk Lắk", "… thành phố Hà Nội").
_PARTY_NUMBER = re.compile(r"/(?:TW|TU|HU|QU|ĐU|ĐUK)\b")
_LOCAL_ISSUER = re.compile(r"\b(?:tỉnh|thành phố|huyện|quận|xã|phường)\b", re.IGNORECASE)
_LOCAL_NUMBER = re.compile(r"\b(?:UBND|HĐND)\b")


def tier(info: Any) -> str:
    """Whose document it is: the Party's, the State's central bodies', or a local body's."""
    if _PARTY_NUMBER.search(info.number or ""):
        return "party"
    if _LOCAL_NUMBER.search(info.number or "") or _LOCAL_ISSUER.search(info.issuer or ""):
        return "local"
    return "central"


def source_sentence(ctx: Context, doc_id: str, words: str) -> Sentence | None:
    """The first sentence of a document (letterhead and title included) holding ``words``: the
    letterhead, date line or title before the body mentions them; never a preamble citing another
    document ("Căn cứ …", "Thực hiện …")."""
    key = f" {words_key(words)} "
    return next(
        (s for s in ctx.every_sentence(doc_id) if key in f" {words_key(s.text)} " and not _CITING.match(s.text)), None
    )


def document_line(ctx: Context, doc_id: str, *words: str) -> str:
    """The first line of a document's whole text holding one of ``words`` (tried in order): the
    letterhead's date line or title, which a document's passages may leave out (a Kết luận whose
    first passage opens on its body)."""
    lines = ctx.lib.document_text(doc_id).splitlines()
    folded = [f" {words_key(line)} " for line in lines]
    for key in (f" {words_key(w)} " for w in words):
        for line, fold in zip(lines, folded):
            if key in fold:
                return line
    return ""


def anchor(ctx: Context, sources: list[Sentence], doc_id: str, found: Sentence | None) -> Sentence | None:
    """The sentence an item on a whole document stands on: the one stating what is asked, else
    the document's first askable sentence (the item then cites the document, not that sentence)."""
    return found or next((s for s in sources if s.passage.doc_id == doc_id), None)


def of_document(info: Any, item: QuizItem) -> QuizItem:
    """The item citing the document itself: what it asks (subject, date, issuer) is the
    document's own, not of the part or topic of the sentence it stands on."""
    return dataclasses.replace(item, citation=short_name(info), section="", tags=item.tags[:1])


def document_item(ctx: Context, info: Any, type_: str, sentence: Sentence, stem: str, key: str,
                  wrong: list[str] | None, seed: int, difficulty: int = 1) -> QuizItem | None:
    """An item on the document itself (see :func:`of_document`) quoting the sentence that states
    its key, or ``None`` when too few options were found."""
    if wrong is None:
        return None
    return of_document(info, ctx.item(type_, sentence, stem, key, wrong, f"Văn bản nêu: “{sentence.text}”",
                                      (type_,), difficulty, seed))


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per numbered document whose title names its subject."""
    subjects = {d: subject_of(info) for d, info in ctx.documents.items()}
    for doc_id in dict.fromkeys(s.passage.doc_id for s in sources):
        info, subject = ctx.documents[doc_id], subjects.get(doc_id, "")
        label = ctx.labels[doc_id]
        if not subject or info.number not in label:
            continue
        found = source_sentence(ctx, doc_id, " ".join(subject.split()[:MIN_SUBJECT_WORDS])) or source_sentence(ctx, doc_id, info.number)
        source = anchor(ctx, sources, doc_id, found)
        if source is None:
            continue
        rng = random.Random(f"{seed}|subject|{doc_id}")
        others = [(d, s) for d, s in subjects.items() if s and d != doc_id and not too_alike(s, subject)]
        same_kind = [s for d, s in others if ctx.documents[d].kind == info.kind]
        # Another kind of document only from the same tier: a customs notice's or a Party rule's
        # subject beside a province's plan is told apart by its field, not known.
        rest = [s for d, s in others if ctx.documents[d].kind != info.kind and tier(ctx.documents[d]) == tier(info)]
        rng.shuffle(same_kind)
        rng.shuffle(rest)
        chosen: list[str] = []
        for s in same_kind + rest:
            # Two texts alike but for their provinces are options beside each other only when the
            # key is one of them: as two distractors they tell each other wrong.
            if not any(too_alike(s, c) or other_name(s, c) for c in chosen):
                chosen.append(s)
        if len(chosen) < OPTIONS - 1:
            yield None
            continue
        date = f" ngày {'/'.join(reversed(info.date.split('-')))}" if info.date else ""
        quote = f" Văn bản nêu: “{found.text}”" if found else ""
        yield of_document(info, ctx.item(
            "subject", source, f"{label} về nội dung nào sau đây?", subject, chosen[: OPTIONS - 1],
            f"{label}{date} về {subject}.{quote}", ("subject",), 1, seed,
        ))


def backed(item: QuizItem, checks: Checks) -> bool:
    """The key is the subject the document's title names."""
    info = next((d for d in checks.lib.documents() if d.id == item.doc_id), None)
    return info is not None and subject_of(info) == item.answer


KIND = Kind(
    build=build, backed=backed, round_trip=None, of_document=True,
    first=True, most=0.1,
    missing="thư viện thiếu tên văn bản rõ ràng (“… về …”) hoặc có ít hơn 4 văn bản để làm phương án",
)
