"""``replaced``: the earlier text a document repeals, replaces or amends, from its own clause
("Bãi bỏ Thông tư liên tịch số 07/2013/TTLT-BGDĐT-BNV-BTC …", "Sửa đổi, bổ sung TTHC tương ứng
đã được công bố tại các Quyết định …: số 761/QĐ-UBND …; số 810/QĐ-UBND …" → "Quyết định số
1486/QĐ-UBND sửa đổi, bổ sung TTHC tương ứng đã được công bố tại văn bản nào sau đây?").

Options are the other texts the document names by number (the decrees and decisions its preamble
rests on, the one it takes effect with), never another text the clause names (it would be right
too), nor the document itself; the key's kind among them, so that it is not the odd one out."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from quiz.items import QuizItem
from quiz.questions.base import OPTIONS, Checks, Context, Kind
from quiz.questions.effective import numbered_texts
from quiz.questions.subject import document_item
from quiz.sentences import Sentence

# The clause, opening on what it does: "Bãi bỏ …", "Thay thế …", "Sửa đổi, bổ sung … tại …".
_CLAUSE = re.compile(r"^\W*(?:\d+\.\s*)?(?P<verb>Bãi bỏ|Thay thế|Sửa đổi, bổ sung)\s+(?P<rest>.+)$", re.DOTALL)
# What is amended, when the clause says it before where it was published ("TTHC tương ứng đã được
# công bố [tại] …").
_WHAT = re.compile(r"^(?P<what>[^.;:]{3,80}?)\s+tại\s+(?:các\s+)?(?=Quyết định|Nghị định|Thông tư|Nghị quyết)")


# The end of a clause the sentence splitter cut at its semicolons ("…: số 761/QĐ-UBND … (cũ); số
# 810/QĐ-UBND …."): every text it names is amended.
_CLAUSE_END = re.compile(r"\.(?:\s|$)|\n\s*\n")


def _read(sentence: str, document: str, own_number: str) -> tuple[str, str, list[str]] | None:
    """The clause's verb, what it amends (``""`` for a whole text) and the texts it names, in
    order, read on in the document to the clause's end; ``None`` for no such clause."""
    m = _CLAUSE.match(" ".join(sentence.split()))
    if m is None:
        return None
    at = document.find(sentence)
    end = _CLAUSE_END.search(document, at + len(sentence)) if at >= 0 else None
    whole = document[at : end.start() if end else len(document)] if at >= 0 else sentence
    texts = [t for t in numbered_texts(whole) if own_number not in t]
    what = _WHAT.match(m["rest"])
    if not texts or not (what or m["rest"].startswith(("Thông tư", "Nghị định", "Quyết định", "Nghị quyết", "các"))):
        return None
    return m["verb"], what["what"] if what else "", texts


def _question(label: str, verb: str, what: str) -> str:
    if what:
        return f"{label} {verb.lower()} {what} tại văn bản nào sau đây?"
    return f"{label} {verb.lower()} văn bản nào sau đây?"


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per numbered document: its first clause repealing, replacing or amending texts
    it names by number."""
    for doc_id in dict.fromkeys(s.passage.doc_id for s in sources):
        info, label = ctx.documents[doc_id], ctx.labels[doc_id]
        if not info.number or info.number not in label:
            continue
        document = ctx.lib.document_text(doc_id)
        found = next(((s, r) for s in ctx.every_sentence(doc_id) if (r := _read(s.text, document, info.number))), None)
        if found is None:
            continue
        sentence, (verb, what, named) = found
        # The clause whole, past the semicolons the splitter cut it at, is the evidence: it names
        # every text amended (and leaves a sentence quoted by another item free).
        end = _CLAUSE_END.search(document, sentence.start + len(sentence.text))
        clause = document[sentence.start : end.start() if end else len(document)]
        if "\n" not in clause.strip() and sentence.passage.text.find(clause) >= 0:
            sentence = Sentence(clause, sentence.start, sentence.passage)
        key = named[0]
        kind = key.split(" số ")[0]
        others = [t for t in numbered_texts(document) if t not in named and info.number not in t]
        rng = random.Random(f"{seed}|replaced|{doc_id}")
        rng.shuffle(others)
        others.sort(key=lambda t: not t.startswith(kind))
        enough = len(others) >= OPTIONS - 1 and others[0].startswith(kind)
        yield document_item(ctx, info, "replaced", sentence, _question(label, verb, what), key,
                            others[: OPTIONS - 1] if enough else None, seed, 2)


def backed(item: QuizItem, checks: Checks) -> bool:
    """The quoted clause names the key, and none of the other options."""
    read = _read(item.source_text, checks.text(item.doc_id), "\0")
    return read is not None and read[2][0] == item.answer and not any(o in read[2] for o in item.options if o != item.answer)


KIND = Kind(
    # What a text repeals completes a short quiz, as what its preamble cites does.
    build=build, backed=backed, hides_answer=True, round_trip=None, of_document=True, most=0.1, fallback=True,
    missing="tài liệu không bãi bỏ, thay thế hay sửa đổi văn bản nào được nêu số hiệu (“Bãi bỏ Thông tư số …”)",
)
