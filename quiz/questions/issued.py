"""``issued``: when a numbered document was issued ("… được ban hành vào thời gian nào?") and by
whom ("… do cơ quan nào ban hành?"), from the document's own date and issuer."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from typing import Any

from corpus.metadata import CENTRAL_COMMITTEE, signing_body
from quiz.bodies import peers
from quiz.distractors import too_alike
from quiz.items import QuizItem
from quiz.questions.base import OPTIONS, Checks, Context, Kind, other_options
from quiz.questions.subject import anchor, document_line, of_document, source_sentence
from quiz.sentences import Sentence
from quiz.source import sentence_case
from quiz.terms import words_key

_DAYS = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


def shown_date(iso: str) -> str:
    """``2025-11-18`` → ``18/11/2025``."""
    year, month, day = iso.split("-")
    return f"{int(day)}/{int(month)}/{year}"


def _other_dates(iso: str, rng: random.Random, year_shown: bool = False) -> list[str]:
    """Dates a reader could take for the issue date: a month off, a year off (unless the number
    the stem shows holds the year: "Nghị định số 16/2025/NĐ-CP" was not issued in 2024), ten days
    off."""
    year, month, day = (int(x) for x in iso.split("-"))
    made = []
    for y, m, d in ((year, month - 1, day), (year, month + 1, day), (year - 1, month, day),
                    (year, month, day + 10 if day <= 18 else day - 10), (year, month, day + 1 if day < 28 else day - 1)):
        if year_shown and y != year:
            continue
        if 1 <= m <= 12 and 1 <= d <= _DAYS[m]:
            made.append(f"{d}/{m}/{y}")
    rng.shuffle(made)
    return made[: OPTIONS - 1]


# Who issues the Party's central documents: the options for a Party document's issuer.
_PARTY_ISSUERS = ("Bộ Chính trị", "Ban Bí thư", CENTRAL_COMMITTEE, "Văn phòng Trung ương Đảng")
# Who issues the State's national documents (a Luật, a Nghị định, a Nghị quyết of the Standing
# Committee): such an issuer is offered among the others, not among a province's bodies.
_NATIONAL = ("Quốc hội", "Ủy ban Thường vụ Quốc hội", "Chủ tịch nước", "Chính phủ", "Thủ tướng Chính phủ",
             "Tòa án nhân dân tối cao", "Viện kiểm sát nhân dân tối cao", "Kiểm toán nhà nước")
# The offices of the central bodies, which issue notices and letters in their name.
_OFFICES = ("Văn phòng Chính phủ", "Văn phòng Quốc hội", "Văn phòng Chủ tịch nước", "Văn phòng Trung ương Đảng")
# A local body and its place: "Ủy ban nhân dân | tỉnh Vĩnh Long".
_LOCAL = re.compile(r"^(?P<body>.+?)\s+(?P<place>(?:tỉnh|thành phố)(?:\s+[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÝ]\w*)+)$")


def same_level(issuer: str, known: set[str]) -> list[str]:
    """Bodies that issue documents of the issuer's level, other than it: the State's national
    bodies or the central offices for one of them, ministries for a ministry, the same body of
    the other provinces the library names for a local body ("Ủy ban nhân dân tỉnh Đắk Lắk" for
    "… tỉnh Vĩnh Long"), else the library's State issuers of the same head word ("Cục Thuế" for
    "Cục Hải quan"). A body of another level is no alternative: a reader knows a Cục issues no
    Nghị định."""
    for level in (_NATIONAL, _OFFICES):
        if issuer in level:
            return [i for i in level if i != issuer]
    if issuer.startswith("Bộ ") and (ministries := peers(issuer)):
        # The ministries of quiz/data/bodies.tsv, not the library's issuers ("Bộ Chính trị" is none).
        return ministries
    local = _LOCAL.match(issuer)
    if local:
        places = {m["place"] for k in known if (m := _LOCAL.match(k))}
        return [f"{local['body']} {place}" for place in sorted(places) if words_key(place) != words_key(local["place"])]
    head = issuer.split()[0]
    return [i for i in sorted(known)
            if i.split()[0] == head and i != issuer and not _LOCAL.match(i) and i not in _PARTY_ISSUERS]


def named_by_number(number: str, body: str) -> bool:
    """Whether a document's number names a body by its initials ("54/2025/TT-BCT": Bộ Công
    Thương; "0134/KH-UBND": the Ủy ban nhân dân of any province; "1655/NQ-UBTVQH15": Ủy ban
    Thường vụ Quốc hội; "và" is left out: "TT-BGDĐT"), as every reader of such numbers knows."""
    local = _LOCAL.match(body)
    initials = "".join(w[0] for w in words_key(local["body"] if local else body).split() if w != "va")
    codes = {re.sub(r"\d", "", code) for code in words_key(number).split()}
    return initials in codes


def clean_issuer(info: Any, text: str) -> str:
    """The issuer as a question can show it (for a Party document, the body that signs it), or
    ``""`` when the metadata holds layout debris."""
    issuer = " ".join((info.issuer or "").split())
    if not issuer or any(c in issuer for c in "*|#") or len(issuer.split()) > 12:
        return ""
    signing = signing_body(issuer, text)
    return signing if signing != issuer else sentence_case(issuer)


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """Per numbered document: its date (when the text states it) and its issuer (when the
    library has three other issuers to offer)."""
    issuers = {d: clean_issuer(info, ctx.lib.document_text(d)) for d, info in ctx.documents.items()}
    for doc_id in dict.fromkeys(s.passage.doc_id for s in sources):
        info, label = ctx.documents[doc_id], ctx.labels[doc_id]
        if not info.number or info.number not in label:
            continue
        rng = random.Random(f"{seed}|issued|{doc_id}")
        if len(info.date) == 10:
            year, month, day = info.date.split("-")
            written = (f"ngày {int(day)} tháng {int(month)} năm {year}", f"ngày {day} tháng {month} năm {year}",
                       f"ngày {int(day)}/{int(month)}/{year}", f"ngày {day}/{month}/{year}")
            found = next((s for w in written if (s := source_sentence(ctx, doc_id, w))), None)
            line = found.text if found else document_line(ctx, doc_id, *written)
            source = anchor(ctx, sources, doc_id, found)
            if line and source is not None:
                key = shown_date(info.date)
                others = _other_dates(info.date, rng, year_shown=year in info.number)
                yield of_document(info, ctx.item(
                    "issued", source, f"{label} được ban hành vào thời gian nào?", key, others,
                    f"{label} ban hành ngày {key}. Văn bản nêu: “{line}”", ("issued",), 2, seed,
                ))
        issuer = issuers.get(doc_id, "")
        source = anchor(ctx, sources, doc_id, None)
        if not issuer or source is None:
            continue
        # A Party document's issuer among the Party's central bodies, not a province's UBND.
        party = (info.number or "").endswith("/TW")
        known = set(_PARTY_ISSUERS) if party else set(same_level(issuer, {i for d, i in issuers.items() if i}))
        # A body the title names beside the signer ("Kết luận của Bộ Chính trị, Ban Bí thư")
        # issued it too.
        title = f" {words_key(info.title or '')} "
        others = sorted({i for i in known if i and not too_alike(i, issuer) and f" {words_key(i)} " not in title})
        rng.shuffle(others)
        # Not two that read alike ("Quốc hội" beside "Ủy ban Thường vụ Quốc hội").
        chosen = other_options(issuer, others)
        if chosen is None:
            yield None
            continue
        if named_by_number(info.number, issuer) and not all(named_by_number(info.number, o) for o in chosen):
            # The number every stem on the document shows answers it ("NĐ-CP": Chính phủ).
            continue
        yield of_document(info, ctx.item(
            "issued", source, f"{label} do cơ quan nào ban hành?", issuer, chosen,
            f"{label} do {issuer} ban hành.", ("issued",), 1, seed,
        ))


def backed(item: QuizItem, checks: Checks) -> bool:
    """The key is the document's own date (stated in the source sentence) or issuer."""
    info = next((d for d in checks.lib.documents() if d.id == item.doc_id), None)
    if info is None:
        return False
    if item.stem.endswith("thời gian nào?"):
        return len(info.date) == 10 and shown_date(info.date) == item.answer
    return clean_issuer(info, checks.text(item.doc_id)) == item.answer


KIND = Kind(
    build=build, backed=backed, round_trip=None, of_document=True,
    # Two items per document in a quiz of one (its date and issuer), not a third of a quiz of
    # several.
    first=True, most=0.1,
    missing="tài liệu không ghi rõ ngày ban hành hoặc cơ quan ban hành",
)
