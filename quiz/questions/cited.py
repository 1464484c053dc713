"""``cited``: what a document the preamble cites is about ("Thông tư số 21/2025/TT-BGDĐT được ban
hành căn cứ Nghị định số 145/2020/NĐ-CP … Văn bản được căn cứ đó có nội dung nào sau đây?"),
options the subjects of the other documents cited, in this document's preamble first.

A legal document names its basis in the preamble ("Căn cứ Nghị định số … của Chính phủ quy định
…"); a learner of it is expected to know which decree it implements. A law cited by its name only
("Căn cứ Luật Giáo dục số 43/2019/QH14") says no subject and is not asked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from index.records import PassageRecord
from quiz.items import QuizItem
from quiz.questions.base import Checks, Context, Kind, display, other_options
from quiz.questions.subject import subject_of
from quiz.sentences import Sentence, split_passages
from quiz.source import debris

_CITED = re.compile(
    r"^Căn cứ (?:(?P<doc>(?:Nghị định|Thông tư(?: liên tịch)?|Quyết định|Nghị quyết|Chỉ thị|Kết luận|Quy định) (?:số )?[\w/.-]+)"
    # The first of a list of one issuer's texts: "Căn cứ các Nghị định của Chính phủ: số
    # 63/2010/NĐ-CP ngày 08/6/2010 về kiểm soát thủ tục hành chính; số …".
    r"|các (?P<kind>Nghị định|Thông tư|Quyết định|Nghị quyết) của (?P<by>[^:;]{3,60}):\s*số (?P<number>[\w/.-]+))"
    r"(?P<date> ngày \d{1,2}(?:/\d{1,2}/\d{4}| tháng \d{1,2} năm \d{4}))?"
    # The title opens on its first such word, whatever its case ("… của Chính phủ Về việc …", "… của
    # Bộ trưởng … Quy định về …"): read in lower case only, the issuer ran into the title and the
    # subject was the title's last words ("về quy định hành chính").
    r"(?: của (?P<issuer>[^;]+?))?\s+(?P<subject>(?i:quy định|hướng dẫn|về|sửa đổi|ban hành)\b[^;]+?)\s*[;.]?$"
)
# "…, được sửa đổi, bổ sung tại Nghị định số …", not "… thủ tục hành chính được sửa đổi, bổ sung,
# bãi bỏ trong lĩnh vực …" (what the cited document is about).
_AMENDED = re.compile(r",\s*(?:đã )?được sửa đổi|\s(?:đã )?được sửa đổi(?:, bổ sung)? (?:tại|bởi|theo)\b")
MIN_SUBJECT_WORDS, MAX_SUBJECT_WORDS = 4, 40


def cited(sentence: str) -> tuple[str, str] | None:
    """The document a "Căn cứ …" sentence cites (number, date and issuer as written) and its
    subject as an option shows it, or ``None``."""
    m = _CITED.match(sentence)
    if not m:
        return None
    # "…, được sửa đổi, bổ sung tại Nghị định số …" tells the amendment, not the subject.
    subject = _AMENDED.split(m["subject"])[0]
    subject = subject[3:] if subject.lower().startswith("về ") else subject
    if not MIN_SUBJECT_WORDS <= len(subject.split()) <= MAX_SUBJECT_WORDS or debris(subject):
        return None
    doc = m["doc"] or f"{m['kind']} số {m['number']}"
    issuer = m["issuer"] or m["by"]
    of = f" của {issuer}" if issuer else ""
    return f"{doc}{m['date'] or ''}{of}", display(subject)


# An entry after the first of a "Căn cứ" list, cut at its semicolon: "số 118/2025/NĐ-CP ngày … về
# …" after "Căn cứ các Nghị định của Chính phủ: số 63/2010/NĐ-CP …;", or "Nghị định số 92/2017/NĐ-CP
# … về …" after "Căn cứ Nghị định số 63/2010/NĐ-CP …;".
_LIST_HEAD = re.compile(r"^Căn cứ các (?:Nghị định|Thông tư|Quyết định|Nghị quyết) của [^:;]{3,60}:\s*")
_ENTRY = re.compile(r"^(?:(?P<number>số \d)|(?:Nghị định|Thông tư|Quyết định|Nghị quyết) số \d)")


def preamble(passages: Iterable[PassageRecord], doc_id: str) -> list[tuple[Sentence, str, str]]:
    """A document's citing sentences with the document each cites and its subject (an entry of
    a list read with the list's opening words)."""
    found = []
    lead = ""
    for sentence in split_passages(p for p in passages if p.doc_id == doc_id and not p.section):
        entry = _ENTRY.match(sentence.text) if lead else None
        if entry is not None:
            basis = cited((lead if entry["number"] else "Căn cứ ") + sentence.text)
        else:
            basis = cited(sentence.text)
            head = _LIST_HEAD.match(sentence.text)
            lead = head[0] if head else "Căn cứ " if sentence.text.startswith("Căn cứ") else ""
        if basis:
            found.append((sentence, *basis))
    return found


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per numbered document a wanted document's preamble cites with its subject."""
    wanted = list(dict.fromkeys(s.passage.doc_id for s in sources))
    if not wanted:
        return
    preambles = {d: preamble(ctx.passages, d) for d in ctx.documents}
    library_subjects = [s for s in (subject_of(info) for info in ctx.documents.values()) if s]
    for doc_id in wanted:
        label = ctx.labels[doc_id]
        own = [subject for _, _, subject in preambles[doc_id]]
        elsewhere = [subject for d, cites in preambles.items() if d != doc_id for _, _, subject in cites]
        for sentence, document, subject in preambles[doc_id]:
            # This preamble's other documents first, then documents other preambles cite, then
            # the library's own; within each, closest in length to the key (no odd one out).
            tiers = (own, elsewhere, [display(s) for s in library_subjects])
            ranked = [o for tier in tiers for o in sorted(tier, key=lambda o: abs(len(o) - len(subject)))]
            wrong = other_options(subject, ranked)
            if wrong is None:
                yield None
                continue
            yield ctx.item(
                "cited", sentence,
                f"{label} được ban hành căn cứ {document}. Văn bản được căn cứ đó có nội dung nào sau đây?",
                subject, wrong, f"Văn bản nêu: “{sentence.text}”", ("cited",), 2, seed,
            )


def backed(item: QuizItem, checks: Checks) -> bool:
    """The source is a citing sentence of the document whose subject is the key."""
    return any(sentence.text == item.source_text and subject == item.answer
               for sentence, _, subject in preamble(checks.lib.passages(item.doc_id), item.doc_id))


KIND = Kind(
    build=build, backed=backed, round_trip=None, of_document=True, fallback=True, most=0.15,
    missing="tài liệu không nêu căn cứ là văn bản có số và nội dung (“Căn cứ Nghị định số … quy định …”)",
)
