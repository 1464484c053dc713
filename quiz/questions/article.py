"""``article``: what an article of a legal document is about ("Theo Thông tư số 21/2025/TT-BGDĐT,
Điều 7 quy định về nội dung nào?" — "Nguồn kinh phí"), options the titles of the document's other
articles.

An article's title is the document's own summary of it; contests on a Nghị định or a Thông tư
ask it this way. Titles every such document carries ("Phạm vi điều chỉnh", "Hiệu lực thi hành")
are guessed from the article's place, so they are never asked, and offered as one option at most.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from quiz.items import QuizItem
from quiz.questions.base import Checks, Context, Kind, other_options
from quiz.sentences import Sentence
from quiz.source import heading_label

_ARTICLE = re.compile(r"Điều (\d+[a-z]?)$")
# Titles of the articles every legal document has, in the place it has them.
_STANDARD = re.compile(
    r"(?:phạm vi điều chỉnh|đối tượng áp dụng|giải thích từ ngữ|hiệu lực|thi hành|tổ chức thực hiện|"
    r"(?:điều khoản|quy định) chuyển tiếp|điều khoản cuối)",
    re.IGNORECASE,
)
MIN_TITLE_WORDS, MAX_TITLE_WORDS = 2, 20
# "Ban hành kèm theo Quyết định này Quy định …": the articles that follow are the issued text's.
_ISSUES = re.compile(
    r"ban hành kèm theo (?:quyết định|thông tư|nghị định|nghị quyết) này (?:là )?"
    r"(?P<kind>quy định|quy chế|điều lệ|quy trình|hướng dẫn)\b", re.IGNORECASE,
)
_ATTACHED_TITLE = re.compile(r"^\(?\s*ban hành kèm theo", re.IGNORECASE)
_QUESTION = re.compile(r"Điều (\d+[a-z]?) quy định về nội dung nào")


def articles(sentences: list[Sentence]) -> dict[str, dict[str, tuple[str, Sentence]]]:
    """Each document's titled articles: number → (title as shown, the article's first sentence)."""
    found: dict[str, dict[str, tuple[str, Sentence]]] = {}
    titles: dict[tuple[str, str], set[str]] = {}
    for sentence in sentences:
        passage = sentence.passage
        parts = passage.section.split(".")
        for depth, part in enumerate(parts[: len(passage.headings)]):
            m = _ARTICLE.match(part)
            if m:
                title = heading_label(passage.headings[depth])
                titles.setdefault((passage.doc_id, m[1]), set()).add(title)
                if not title.endswith("…") and MIN_TITLE_WORDS <= len(title.split()) <= MAX_TITLE_WORDS:
                    found.setdefault(passage.doc_id, {}).setdefault(m[1], (title, sentence))
                break
    # A Quyết định numbers its own articles and those of the Quy định it issues alike: a number
    # with two titles names no one article.
    return {
        doc_id: {n: v for n, v in titled.items() if len(titles[doc_id, n]) == 1}
        for doc_id, titled in found.items()
    }


def issued_with(ctx: Context, doc_id: str) -> tuple[str, int] | None:
    """What a document issues with itself ("Quy định" of a Quyết định "Ban hành kèm theo Quyết
    định này Quy định …") and where it starts (the passage order of its "(Ban hành kèm theo …)"
    line, else of its first chapter), or ``None``."""
    m = _ISSUES.search(" ".join(ctx.lib.document_text(doc_id).split()))
    if not m:
        return None
    passages = sorted((p for p in ctx.passages if p.doc_id == doc_id), key=lambda p: p.order)
    start = next((p.order for p in passages if _ATTACHED_TITLE.match(p.text)), None)
    if start is None:
        start = next((p.order for p in passages if p.section.startswith("Chương")), None)
    return (m["kind"].capitalize(), start) if start is not None else None


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per titled article that is not one every document has, when the document has
    three other titled articles to offer."""
    for doc_id, titled in articles(sources).items():
        # Options from every article of the document, not only the wanted ones.
        everything = articles([s for s in ctx.sentences if s.passage.doc_id == doc_id]).get(doc_id, titled)
        attached = issued_with(ctx, doc_id)
        for number, (title, sentence) in titled.items():
            if _STANDARD.search(title):
                continue
            # The titles every document has stand in their fixed places: beside them an article
            # of the body is the one option left, so the body's other articles come first and
            # one of those titles at most is offered.
            others = sorted((t for n, (t, _) in everything.items() if n != number),
                            key=lambda t: (bool(_STANDARD.search(t)), abs(len(t) - len(title)), t))
            wrong = other_options(title, others)
            if wrong is None or sum(bool(_STANDARD.search(t)) for t in wrong) > 1:
                yield None
                continue
            label = ctx.labels[doc_id]
            # An article of the Quy định a Quyết định issues is that Quy định's, not the Quyết
            # định's (which has an Điều 1–3 of its own).
            if attached and sentence.passage.order >= attached[1]:
                label = f"{attached[0]} ban hành kèm theo {label}"
            yield ctx.item(
                "article", sentence, f"Theo {label}, Điều {number} quy định về nội dung nào?", title, wrong,
                f"Điều {number} của {label} có tên “{title}”.", ("article",), 1, seed,
            )


def backed(item: QuizItem, checks: Checks) -> bool:
    """The document titles the asked article with the key."""
    m = _QUESTION.search(item.stem)
    if not m:
        return False
    text = " ".join(checks.text(item.doc_id).split()).lower()
    return bool(re.search(rf"điều {re.escape(m[1])}\W{{1,6}}{re.escape(item.answer.lower())}", text))


KIND = Kind(
    build=build, backed=backed, round_trip=None, of_document=True, fallback=True,
    missing="tài liệu không chia thành các điều có tên riêng (ngoài phạm vi, đối tượng, hiệu lực)",
)
