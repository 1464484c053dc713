"""``proposer``: whose proposal a document is issued on ("Theo đề nghị của Giám đốc Sở Tài chính
tỉnh Bắc Ninh tại Tờ trình số 287/TTr-STC …" → "Quyết định số 1486/QĐ-UBND được ban hành theo đề
nghị của ai?"): the body that drafted it and answers for it, which a learner of a decision is
expected to know.

Options are the same post of other bodies: the proposers other documents of the library name,
then the key body's peers of ``quiz/data/bodies.tsv`` ("Giám đốc Sở Tư pháp", "Giám đốc Sở Y
tế"), written without the province, which would tell the key apart. A fact of the document
itself: it gives way to an item whose stem or key names the body (``DOCUMENT_FACTS``).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from quiz.bodies import peers
from quiz.items import QuizItem
from quiz.questions.base import Checks, Context, Kind, other_options
from quiz.questions.issued import clean_issuer, same_level
from quiz.questions.subject import document_item
from quiz.sentences import Sentence, split_passages
from quiz.terms import words_key

# "Theo đề nghị của Giám đốc Sở Tư pháp tại Tờ trình số …", "Theo đề nghị của Bộ trưởng Bộ Nội vụ;",
# and a resolution's "Xét đề nghị của Chính phủ tại Tờ trình số …": the Government proposes as a
# body, no post of it.
_POSTS = r"Giám đốc|Bộ trưởng|Cục trưởng|Tổng cục trưởng|Vụ trưởng|Chánh Văn phòng|Trưởng ban"
_PROPOSED = re.compile(
    rf"^(?:Theo|Xét) đề nghị của (?:(?P<post>{_POSTS})"
    r"\s+(?P<body>[A-ZĐ][^,;.()]{2,80}?)|(?P<national>Chính phủ))(?=\s+tại\s|\s*[,;.]|\s*$)"
)
# Who else a resolution's preamble names: "Báo cáo thẩm tra số … của Ủy ban Pháp luật và Tư pháp",
# which examined the proposal and did not make it (the first option beside the proposer).
_EXAMINED = re.compile(r"\bthẩm tra\b[^;]*?\bcủa\s+(?P<body>(?:Ủy ban|Uỷ ban|Hội đồng)[^,;.()*]{3,60}?)\s*(?:[,;.*]|$)")
# "… Giám đốc Sở Nội vụ và Giám đốc Sở Tài chính": two proposers ("Sở Nông nghiệp và Môi trường"
# is one body).
_SECOND = re.compile(rf"\svà\s+(?:{_POSTS}|Chủ tịch)\b")
# Where a local body is ("Sở Tài chính tỉnh Bắc Ninh"): left out, or it tells the key apart.
_PLACE = re.compile(r"\s+(?:tỉnh|thành phố)(?:\s+[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÝ]\w*)+$")


def proposer(sentence: str) -> tuple[str, str] | None:
    """The post and body a "Theo đề nghị của …" sentence names, the body without its province
    ("Giám đốc", "Sở Tài chính"), or ``None`` (a proposal of several bodies names no one)."""
    m = _PROPOSED.match(sentence)
    if m and m["national"]:
        return "", m["national"]
    if not m or _SECOND.search(m["body"]):
        return None
    return m["post"], _PLACE.sub("", m["body"].strip())


def _national_options(sentence: str, issuer: str, key: str) -> list[str]:
    """Options for the Government proposing to a national body: who examined the proposal, then
    the State's other national bodies (not the issuer, which decides on it, nor the Prime
    Minister, who signs the Government's submission: :func:`other_options` leaves it out as
    reading like the key)."""
    examined = [m["body"].strip() for m in _EXAMINED.finditer(sentence)]
    return [o for o in dict.fromkeys([*examined, *same_level(key, set())]) if o not in (issuer, key)]


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """Per numbered document issued on a body's proposal: that post, among the same post of other
    bodies."""
    named: dict[str, tuple[Sentence, str, str]] = {}
    for doc_id in ctx.documents:
        preamble = split_passages(p for p in ctx.passages if p.doc_id == doc_id and not p.section)
        found = next(((s, who) for s in preamble if (who := proposer(s.text))), None)
        if found:
            named[doc_id] = (found[0], *found[1])
    for doc_id in dict.fromkeys(s.passage.doc_id for s in sources):
        info, label = ctx.documents[doc_id], ctx.labels[doc_id]
        if doc_id not in named or not info.number or info.number not in label:
            continue
        sentence, post, body = named[doc_id]
        key = f"{post} {body}".strip()
        if not post:
            wrong = other_options(key, _national_options(sentence.text, clean_issuer(info, ctx.lib.document_text(doc_id)), key))
            yield document_item(ctx, info, "proposer", sentence, f"{label} được ban hành theo đề nghị của cơ quan nào?", key, wrong, seed)
            continue
        library = sorted({f"{p} {b}" for d, (_, p, b) in named.items() if d != doc_id and p == post})
        random.Random(f"{seed}|proposer|{doc_id}").shuffle(library)
        same_level = [f"{post} {peer}" for peer in peers(body)]
        random.Random(f"{seed}|proposer|{doc_id}|peers").shuffle(same_level)
        wrong = other_options(key, [o for o in dict.fromkeys([*library, *same_level]) if words_key(o) != words_key(key)])
        yield document_item(ctx, info, "proposer", sentence, f"{label} được ban hành theo đề nghị của ai?", key, wrong, seed)


def backed(item: QuizItem, checks: Checks) -> bool:
    """The source is the document's sentence naming the key as the proposer."""
    found = proposer(item.source_text)
    return found is not None and " ".join(found).strip() == item.answer and item.source_text in checks.text(item.doc_id)


KIND = Kind(
    build=build, backed=backed, hides_answer=True, round_trip=None, of_document=True, most=0.1, fallback=True,
    missing="tài liệu không nêu được ban hành theo đề nghị của ai (“Theo đề nghị của Giám đốc Sở …”)",
)
