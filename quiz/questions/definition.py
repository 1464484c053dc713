"""``definition``: term ↔ meaning, both ways, from "Giải thích từ ngữ" articles ("1. Đơn vị hành
chính là …") and "… được hiểu là …" sentences; the other options are the library's other terms
or meanings."""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterator

from quiz.distractors import too_alike
from quiz.items import QuizItem
from quiz.questions.base import OPTIONS, Checks, Context, Kind, display
from quiz.questions.symbol import MAX_LEGEND_CHARS, last_legend
from quiz.sentences import Sentence
from quiz.terms import tokens, words_key

_DEFINES = re.compile(r"^(?P<term>[^,;:()“”]{3,80}?)\s+(?:được hiểu là|là)\s+(?P<meaning>.{15,400}?)[.;]?$", re.DOTALL)
# A glossary entry often ends on where the term comes from ("… của cơ quan nhà nước được quy
# định tại khoản 9 Điều 3 Nghị định số 42/2022/NĐ-CP …"): the meaning is what comes before.
_REFERENCE = re.compile(r"\s*(?:,\s*)?(?:được quy định tại|theo quy định tại|quy định tại|\(sau đây)\b.*$")
MAX_MEANING_CHARS = 240
# A meaning shown in a stem is shown without the foreign names it spells out, and when still
# too long, by its first clause of at least this many words ("nhà máy thủy điện sử dụng hệ
# thống chứa nước … để tích trữ thủy năng và phát điện, …").
_SPELLED_OUT = re.compile(r"\s*\((?:viết tắt|tiếng Anh|tên tiếng)[^()]*\)", re.IGNORECASE)
MIN_CLAUSE_WORDS = 10
_GLOSSARY = re.compile(r"giải thích từ ngữ", re.IGNORECASE)
_UNDERSTOOD = " được hiểu là "
MAX_TERM_WORDS = 8


def _parts(text: str) -> tuple[str, str] | None:
    """The term and meaning of a "… là …" sentence, the meaning without the reference it ends
    on, or ``None``."""
    m = _DEFINES.match(text)
    if not m:
        return None
    meaning = _REFERENCE.sub("", m["meaning"]).strip()
    if len(meaning) < 15 or len(quoted_meaning(meaning)) > MAX_MEANING_CHARS:
        return None
    return m["term"].strip(), meaning


def quoted_meaning(meaning: str) -> str:
    """A meaning as a stem quotes it: without "(viết tắt theo tiếng Anh: …)", and cut to its
    first clause, "…" after it, when still longer than :data:`MAX_MEANING_CHARS`."""
    meaning = _SPELLED_OUT.sub("", meaning)
    if len(meaning) <= MAX_MEANING_CHARS:
        return meaning
    for m in re.finditer(r", ", meaning):
        if len(meaning[: m.start()].split()) >= MIN_CLAUSE_WORDS:
            return f"{meaning[: m.start()]}, …" if m.start() <= MAX_MEANING_CHARS else meaning
    return meaning


# An amending text quotes the glossary entry it writes as a numbered clause of its own: “3. Nhà
# máy thủy điện tích năng là …”.
_QUOTED_ENTRY = re.compile(r"^\s*“\d+\.\s*$")


def quoted_entry(sentence: Sentence) -> bool:
    """Whether a sentence opens a numbered clause an amending text quotes (see
    :data:`_QUOTED_ENTRY`)."""
    passage = sentence.passage
    return bool(_QUOTED_ENTRY.match(passage.text[: sentence.start - passage.start]))


def definition(sentence: Sentence) -> tuple[str, str] | None:
    """The term and meaning a sentence defines, or ``None``: only in a glossary article, in a
    glossary entry an amending text quotes, or with "được hiểu là"; a term of a few words, not a
    clause ("Đây là …", "Việc … là …"), and a meaning whole (a line break may cut one short at
    "(viết tắt theo tiếng Anh:")."""
    parts = _parts(sentence.text)
    if not parts:
        return None
    glossary = any(_GLOSSARY.search(h) for h in sentence.passage.headings)
    term, meaning = parts
    if not glossary and not quoted_entry(sentence) and _UNDERSTOOD not in sentence.text:
        return None
    if meaning.count("(") != meaning.count(")"):
        return None
    if len(term.split()) > MAX_TERM_WORDS or term.split()[0].lower() in ("đây", "đó", "việc", "điều", "mục", "nội"):
        return None
    return term, meaning


# Where a name stops: punctuation, or a word that starts what is said of the thing named.
_NAME_ENDS = re.compile(
    r"[,;:.()“”\"]|\s(?:là|và|hoặc|có|được|đã|đang|sẽ|do|theo|tại|của|trong|để|mà|thì|hết|không|quy định|"
    r"áp dụng|sử dụng|thuộc|với|cho|từ|đến|trên|dưới|bao gồm|nhưng|khi|nếu|này|đó|các|những)\b",
    re.IGNORECASE,
)
HEAD_WORDS = 2
_NAME_TAGS = frozenset(("N", "Np", "A"))
# The names said most, for a few options to be drawn from.
MAX_KIN = 6
MAX_NAME_WORDS = 10


def kin(sentences: list[Sentence], term: str, meaning: str) -> list[str]:
    """Names a document gives that open on a term's first words and run at least two words
    past them ("nhà máy điện gió ngoài khơi" for "Nhà máy thủy điện tích năng"), most said
    first; not the term, one its name holds or holds it, nor the kind its meaning names
    ("nhà máy nhiệt điện" in the meaning of "Nhà máy điện linh hoạt")."""
    head = " ".join(term.split()[:HEAD_WORDS])
    if len(term.split()) <= HEAD_WORDS:
        return []
    found: Counter[str] = Counter()
    spelled: dict[str, str] = {}
    opening = re.compile(rf"(?<!\w){re.escape(head)}(?!\w)", re.IGNORECASE)
    for sentence in sentences:
        for m in opening.finditer(sentence.text):
            rest = sentence.text[m.start():]
            end = _NAME_ENDS.search(rest, len(head))
            name = rest[: end.start() if end else len(rest)].strip()
            # A name ends on a noun or adjective, not on what is said of it ("nhà máy điện
            # [hoạt động]", "… [chưa]").
            last = [t for t in tokens(name) if t.text.strip()][-1:]
            if not last or last[0].tag not in _NAME_TAGS:
                continue
            if len(name.split()) - HEAD_WORDS < 2 or len(name.split()) > MAX_NAME_WORDS:
                continue
            key = words_key(name)
            found[key] += 1
            spelled.setdefault(key, name[:1].lower() + name[1:])
    said, own = f" {words_key(meaning)} ", f" {words_key(term)} "
    kept: list[str] = []
    # Names sharing words with the meaning first ("nhà máy thủy điện chiến lược …" for a meaning
    # "nhà máy thủy điện sử dụng …"): the others the meaning rules out at a glance.
    ranked = sorted(found, key=lambda k: (not _said_in(k, said), -found[k]))
    for k in ranked:
        if f" {k} " in said or f" {k} " in own or own in f" {k} ":
            continue
        # One of two names, the one's words past the head inside the other's ("nhà máy [năng
        # lượng tái tạo nhỏ]", "nhà máy [điện năng lượng tái tạo nhỏ]"): they read alike.
        tail = f" {' '.join(k.split()[HEAD_WORDS:])} "
        if not any(tail in f" {c} " or f" {' '.join(c.split()[HEAD_WORDS:])} " in f" {k} " for c in kept):
            kept.append(k)
    return [spelled[k] for k in kept[:MAX_KIN]]


def _said_in(name: str, said: str) -> bool:
    """Whether two words in a row of a name past its head are said in ``said`` (folded, padded)."""
    tail = name.split()[HEAD_WORDS:]
    return any(f" {a} {b} " in said for a, b in zip(tail, tail[1:]))


def _gives_away(key: str, meaning: str, distractors: list[str]) -> bool:
    """Whether the meaning shown repeats words of the key's name past its head ("… mô đun linh
    hoạt …" for "Nhà máy điện linh hoạt") and of no distractor's: matched, not known."""
    said = f" {words_key(meaning)} "
    return _said_in(words_key(key), said) and not any(_said_in(words_key(d), said) for d in distractors)


def _echoes(key: str, shown: str, distractors: list[str]) -> bool:
    """Whether the key opens with the words the stem shows ("Người quản trị vận hành Cổng TTĐT"
    → "Người quản trị vận hành về …"), or its first word is said in the stem, and no distractor's
    is: it gives itself away."""
    opening = " ".join(words_key(shown).split()[:2])
    if words_key(key).startswith(opening) and not any(words_key(d).startswith(opening) for d in distractors):
        return True
    # The key's first word said in the stem and no distractor's ("thuật ngữ nào được hiểu là
    # “kênh giao tiếp …”?" → "Kênh cung cấp thông tin"): matched, not known.
    said = f" {words_key(shown)} "
    first = words_key(key).split()[:1]
    return bool(first) and f" {first[0]} " in said and not any(f" {w} " in said for d in distractors for w in words_key(d).split()[:1])


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """Two items per definition: its meaning for the term, and its term for the meaning; one per
    legend row listing what a formula's term includes."""
    yield from _legend_items(ctx, sources, seed)
    found = [(s, d) for s in ctx.sentences if (d := definition(s))]
    wanted = {id(s) for s in sources}
    for sentence, (term, meaning) in found:
        if id(sentence) not in wanted:
            continue
        label = ctx.labels[sentence.passage.doc_id]
        rng = random.Random(f"{seed}|definition|{sentence.passage.key}|{sentence.start}")
        for ask_meaning in (True, False):
            if ask_meaning and len(meaning) > MAX_MEANING_CHARS:
                continue
            key = display(meaning) if ask_meaning else display(term)
            # An amended entry or two ("Mức kỳ vọng P50" in a Thông tư on power prices) beside
            # another document's glossary ("Cổng TTĐT thành phần") stands out either way: such
            # entries are asked and offered among their own document's terms only.
            pool = [display(m if ask_meaning else t) for s, (t, m) in found if s is not sentence
                    and (s.passage.doc_id == sentence.passage.doc_id or not (quoted_entry(sentence) or quoted_entry(s)))
                    and len(m) <= MAX_MEANING_CHARS]
            topped = not ask_meaning and len(pool) < OPTIONS - 1
            if topped:
                # Too few terms of its own: the names its document gives things of the term's
                # kind ("Nhà máy điện gió ngoài khơi" for "Nhà máy thủy điện tích năng").
                # Its own terms of another kind ("Mức kỳ vọng P50") would stand out among them.
                head = words_key(" ".join(term.split()[:HEAD_WORDS]))
                pool = [p for p in pool if words_key(p).startswith(head)]
                pool += [display(n) for n in kin(ctx.every_sentence(sentence.passage.doc_id), term, meaning)]
            # Another meaning opening on the asked term ("Kênh cung cấp thông tin chính thức …",
            # the Cổng TTĐT's, for "Kênh cung cấp thông tin") describes one too: ambiguous. Asking
            # the term, so is another term whose meaning opens on the key, and a term the meaning
            # shown opens on ("kênh cung cấp thông tin chính thức …") is matched, not known.
            said = f"{words_key(term)} "
            pool = [p for p in dict.fromkeys(pool) if not too_alike(p, key) and not (ask_meaning and f"{words_key(p)} ".startswith(said))]
            # Names of its kind keep their rank (those the meaning's words fit first).
            pool = pool if topped else sorted(pool)
            if not ask_meaning:
                shown = f"{words_key(meaning)} "
                pool = [p for p in pool if not shown.startswith(f"{words_key(p)} ")
                        and not any(display(t) == p and f"{words_key(m)} ".startswith(said) for _, (t, m) in found)]
            if not topped:
                rng.shuffle(pool)
            chosen: list[str] = []
            for p in pool:
                if not any(too_alike(p, c) for c in chosen):
                    chosen.append(p)
            if len(chosen) < OPTIONS - 1:
                yield None
                continue
            if _echoes(key, term if ask_meaning else quoted_meaning(meaning), chosen[: OPTIONS - 1]):
                continue
            if not ask_meaning and _gives_away(key, quoted_meaning(meaning), chosen[: OPTIONS - 1]):
                continue
            stem = (f"Theo {label}, “{term}” được hiểu là gì?" if ask_meaning
                    else f"Theo {label}, thuật ngữ nào được hiểu là: “{quoted_meaning(meaning)}”?")
            yield ctx.item(
                "definition", sentence, stem, key, chosen[: OPTIONS - 1], f"Văn bản nêu: “{' '.join(sentence.text.split())}”",
                ("definition",), 2, seed, id_extra=str(ask_meaning),
            )


# A formula's legend row naming what a term of it includes ("Trong đó:" then "a) Tổng số tiết dạy
# được tính thực tế/năm học bao gồm: số tiết đã dạy thực tế/năm học; số tiết dạy được quy đổi
# …"): the row's paragraph, its marker left out. Its items are cut into sentences at their
# semicolons; the row is read whole from the document's text.
_INCLUDES = re.compile(r"^(?P<term>[^:;,()]{10,120}?)\s+bao gồm:\s*(?P<meaning>[^\n]{20,}?)[.;]?\s*$")
MAX_LISTED_CHARS = 320
_ROW_MARKER = re.compile(r"^\s*(?:[a-zđ]\)|\d+[.)]|[-–•+])\s*")


def _row_at(text: str, start: int) -> re.Match[str] | None:
    """A row "X bao gồm: …" read from ``start`` to the end of its line."""
    end = text.find("\n", start)
    return _INCLUDES.match(text[start : end if end >= 0 else len(text)])


def legend_row(sentence: Sentence, text: str) -> tuple[str, str] | None:
    """The term and what it includes, of a legend row opening at ``sentence`` in its document's
    ``text``, or ``None``: only under a "Trong đó:" line of its clause, a row listing two items
    at least."""
    line_start = text.rfind("\n", 0, sentence.start) + 1
    if _ROW_MARKER.sub("", text[line_start : sentence.start], count=1).strip():
        return None
    if last_legend(text[max(0, line_start - MAX_LEGEND_CHARS) : line_start]) is None:
        return None
    m = _row_at(text, sentence.start)
    if not m or ";" not in m["meaning"] or len(m["term"].split()) > MAX_NAME_WORDS + 4:
        return None
    return m["term"].strip(), m["meaning"].strip()


def _legend_items(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """Per legend row of a wanted sentence: which term includes what it lists, options the terms
    of the document's other such rows (what else its formulas total up)."""
    wanted = {id(s) for s in sources}
    for doc_id in dict.fromkeys(s.passage.doc_id for s in sources):
        text = ctx.lib.document_text(doc_id)
        rows = [(s, row) for s in ctx.sentences if s.passage.doc_id == doc_id and (row := legend_row(s, text))]
        for sentence, (term, meaning) in rows:
            # A row listing too much to quote is only another row's option.
            if id(sentence) not in wanted or len(meaning) > MAX_LISTED_CHARS:
                continue
            others = [display(t) for s, (t, _) in rows if s is not sentence]
            rng = random.Random(f"{seed}|definition|legend|{sentence.passage.key}|{sentence.start}")
            rng.shuffle(others)
            chosen: list[str] = []
            for other in others:
                if not any(too_alike(other, c) for c in [display(term), *chosen]):
                    chosen.append(other)
            if len(chosen) < OPTIONS - 1:
                yield None
                continue
            wrong = chosen[: OPTIONS - 1]
            if _echoes(display(term), meaning, wrong) or _gives_away(display(term), meaning, wrong):
                continue
            yield ctx.item(
                "definition", sentence,
                f"Theo {ctx.labels[doc_id]}, đại lượng nào trong công thức bao gồm: “{meaning}”?",
                display(term), wrong, f"Văn bản nêu: “{term} bao gồm: {meaning}”", ("definition",), 3, seed,
                id_extra="legend",
            )


def backed(item: QuizItem, checks: Checks) -> bool:
    """The source defines the term with the meaning the item pairs it with."""
    if item.stem.endswith("”?") and "đại lượng nào trong công thức bao gồm:" in item.stem:
        text = checks.text(item.doc_id)
        start = text.find(item.source_text)
        m = _row_at(text, start) if start >= 0 else None
        return (m is not None and words_key(m["term"]) == words_key(item.answer)
                and item.stem.endswith(f"bao gồm: “{m['meaning'].strip()}”?"))
    parts = _parts(item.source_text)
    if not parts:
        return False
    term, meaning = parts
    if item.stem.endswith("được hiểu là gì?"):
        return f"“{term}”" in item.stem and words_key(item.answer) == words_key(meaning)
    return f"“{quoted_meaning(meaning)}”" in item.stem and words_key(item.answer) == words_key(term)


KIND = Kind(
    build=build, backed=backed, hides_answer=True,
    first=True,
    missing="tài liệu không có điều “Giải thích từ ngữ” hay câu “… được hiểu là …”",
)
