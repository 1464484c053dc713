"""``law``: the law a document is issued under ("Căn cứ Luật Hải quan ngày 23/6/2014;" → "Thông báo
số 39305/TB-CHQ được ban hành căn cứ luật nào sau đây?"), options the laws other documents of the
library are issued under.

A law cited by its name only says no subject (``cited`` asks the subject of a numbered decree or
circular the preamble cites): what a learner is expected to know of it is that the document rests
on it. No law the document names anywhere is offered as a wrong option (a decision on bidding
procedures quoting "Luật Đấu thầu" in its appendix, beside "Luật Tổ chức chính quyền địa
phương" in its preamble), so the key is the only law of the options the document names. A fact
of the document: it gives way to an item stating the law ("Nghị định … quy định chi tiết và biện
pháp thi hành Luật Hải quan" as a cited decree's subject).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterator

from quiz.items import QuizItem
from quiz.questions.base import Checks, Context, Kind, other_options
from quiz.questions.subject import document_item
from quiz.sentences import Sentence, split_passages
from quiz.terms import words_key

# "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16/6/2025;", "Căn cứ Luật Thủy
# sản năm 2017": the law's name, up to its number, date or year (a name may hold commas: "Luật
# Cán bộ, công chức").
_BASIS = re.compile(
    r"^Căn cứ (?P<law>Luật [A-ZĐ][^;()\d]{1,80}?)(?=\s+(?:số|ngày|năm|đã|được)\s|\s*,\s*(?:số|ngày|năm)\s|\s*[;.(]|\s*$)"
)
MAX_LAW_WORDS = 12


def basis(sentence: str) -> str:
    """The law a "Căn cứ Luật …" sentence cites, by name ("Luật Hải quan"), or ``""``."""
    m = _BASIS.match(sentence)
    if not m or len(m["law"].split()) > MAX_LAW_WORDS or m["law"].rstrip().endswith(","):
        return ""
    return m["law"].strip()


def _laws(ctx: Context, doc_id: str) -> list[tuple[Sentence, str]]:
    """A document's preamble sentences citing a law, with its name."""
    preamble = split_passages(p for p in ctx.passages if p.doc_id == doc_id and not p.section)
    return [(s, law) for s in preamble if (law := basis(s.text))]


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """Per numbered document citing a law: the law fewest documents of the library rest on (what
    tells this document's basis), among the laws other documents cite and this one never names."""
    cited = {d: _laws(ctx, d) for d in ctx.documents}
    used = Counter(words_key(law) for laws in cited.values() for law in {law for _, law in laws})
    for doc_id in dict.fromkeys(s.passage.doc_id for s in sources):
        info, label = ctx.documents[doc_id], ctx.labels[doc_id]
        if not cited[doc_id] or not info.number or info.number not in label:
            continue
        sentence, key = min(cited[doc_id], key=lambda pair: used[words_key(pair[1])])
        text = f" {words_key(ctx.lib.document_text(doc_id))} "
        pool = sorted({law for d, laws in cited.items() if d != doc_id for _, law in laws
                       if f" {words_key(law)} " not in text})
        random.Random(f"{seed}|law|{doc_id}").shuffle(pool)
        # Closest in length first, so that the key is not the odd one out.
        wrong = other_options(key, sorted(pool, key=lambda law: abs(len(law) - len(key))))
        yield document_item(ctx, info, "law", sentence, f"{label} được ban hành căn cứ luật nào sau đây?", key, wrong, seed)


def backed(item: QuizItem, checks: Checks) -> bool:
    """The source is a sentence of the document citing the key, and the document names no other
    option."""
    text = f" {words_key(checks.text(item.doc_id))} "
    return (basis(item.source_text) == item.answer and item.source_text in checks.text(item.doc_id)
            and not any(f" {words_key(o)} " in text for o in item.options if o != item.answer))


KIND = Kind(
    # As ``cited``: the basis completes a short quiz, it does not take the place of who, by when …
    build=build, backed=backed, hides_answer=True, round_trip=None, of_document=True, most=0.1, fallback=True,
    told_whole=True,
    missing="tài liệu không nêu căn cứ là một luật (“Căn cứ Luật … ”) hoặc thư viện có ít hơn 4 luật được căn cứ",
)
