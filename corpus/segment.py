"""Cut a document into passages that know where they stand in its structure.

Vietnamese Party and state documents number their parts in a few conventional ways (``I.``/
``I-``, ``1.``, ``3.1.``, ``a)``, ``(1)``, ``Điều 5``, ``Chương II``...), and also open
sub-sections with unnumbered labels (``Mục tiêu cụ thể:``), ALL-CAPS lines or short title
lines. Nesting is not declared, so it is inferred the way a reader does: a numbering style seen
for the first time goes one level deeper; a style already open closes everything below it
(``Phần`` > ``Chương`` > ``Mục`` > ``Điều`` always nest in that order). Detection reads
:func:`~corpus.normalize.normalize` of each line; spans and titles come from the original.

Section paths (:attr:`Passage.section`) join one component per open section with ``.``:

- numbered headings give their number: roman ``IV``, arabic ``3``; ``3.1.`` under ``3`` gives
  ``1`` (path ``IV.3.1``); ``Điều 5``, ``Chương II``, ``Mục 1``, ``Phần thứ nhất`` keep the word;
- letter items give ``a)``; parenthesized items ``(3)`` are glued without a dot
  (``I.2.đột phá(3)``);
- unnumbered sub-sections (``Các đột phá chiến lược:``, an ALL-CAPS or short title line over
  content) give a lowercase key of their first two content words (``đột phá``), four when two
  siblings would share it (``mục tiêu tổng quát`` / ``mục tiêu cụ thể``).

:attr:`Passage.headings` holds one title per component, outermost first. A numbered line that
carries its own text (``(1) Tiếp tục đổi mới ...``, ``I- Tán thành ...``) is a section whose text
is a passage; its title is its opening clause, cut with ``…``.

Inside a section each bullet or paragraph is one item (:attr:`Passage.point`, numbered only
when the section holds several); a bullet ending with ``:`` keeps the paragraphs under it as
one item. An item over the token budget is cut at sentence ends (then ``;``/``,``, then words)
into parts. Not passages: headings on their own, the title block before the first numbered
heading (name, letterhead, banners like ``QUYẾT NGHỊ``; a prose paragraph there is kept, with
section ``""``, and so are the "Căn cứ ..." lines of a legal text, as one passage), the
signature block and the recipients list ("Nơi nhận:"). A closing formula after the last article
or section ("Luật này được Quốc hội ... thông qua", "... để xem xét, chỉ đạo./.") is filed under
section ``phần kết``, not under that article. How lines are recognized: :mod:`corpus.lines`.

An appendix ("PHỤ LỤC I") is a division above all others: component ``Phụ lục I``. A data
table (a line naming its columns, ``STT | Tên | …``, then one line per row, as the Markdown and
HTML readers write it) is a node of its own under the section it stands in, component ``bảng``
(``bảng 2`` where a section holds several), never a heading: each row is one item, numbered even
when alone, so a row is cited ``Phụ lục I, dòng 3``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from corpus import frame
from corpus.cite import TABLE
from corpus.document import Document, Passage
from corpus.lines import FIXED_RANK, FORM_LABEL, TERMINAL, Line, classify, is_field, is_lead, successor
from corpus.metadata import AMENDING
from corpus.normalize import normalize
from corpus.portal import NOTE
from corpus.titlecase import UPPER, is_caps

# Bump whenever anything in corpus/ changes the passages or citations a document gives (markdown,
# lines, frame, reflow, titlecase, cite, this module): indexes record it, and documents segmented by
# an older version are re-segmented on the next build instead of keeping their old passages.
SEGMENTER_VERSION = "2026-12-16b"

# Longest title of an item (a numbered line with its own text), in words, before it is cut.
_TITLE_WORDS = 20

_SKIPPED = {"separator", "title", "filler", "letterhead"}
# A Roman part over articles ("I- QUY ĐỊNH CHUNG" over "Điều 1" in a Party rule) holds them as
# a Chương would (see _rank); other numbered parts under an article's rank are closed by a new article.
_PART_RANK = {"roman": FIXED_RANK["chuong"]}
# Numbering styles of the parts a reader lists in an outline (not lettered or "(1)" items).
_OUTLINED = frozenset({"phan", "chuong", "muc", "dieu", "roman", "upper", "dotted", "arabic", "arabic_paren"})
# The numbers a list starts with.
_FIRST_NUMBERS = frozenset({"1", "a", "I", "A"})
# A form's name is its label (``corpus.lines.FORM_LABEL``), its section path component.
# What may follow a form's label on its line: nothing, a colon, or a note in parentheses.
_FORM_NOTE = re.compile(r"\s*(?:[.:]|\([^()]{1,120}\))?\s*")
# A list of forms names one every few lines; a form runs on for many.
_FORM_LIST_GAP = 3
# Lines of the signature block and the recipients list; a short line among them is a name.
_TAIL = {"signature", "recipients", "bullet", "separator", "letterhead", "filler", "title"}
# Lettered and bracketed items of a list ("a) …", "(1) …", "1) …").
_LISTED = frozenset({"letter", "paren", "arabic_paren"})
_FACT_LEAD_WORDS = 12
_SUBJECT = re.compile(r"^(?:\*\*)?Về\s")
# Numbers that place or name a text rather than state a fact: "khoản 1 Điều 3", "Nghị định số
# 72/2020/NĐ-CP", "Bước 4", a year alone.
_REFERENCE = re.compile(
    r"\b(?:khoản|điểm|Điều|điều|Chương|chương|Mục|mục|Phần|phần|Phụ lục|phụ lục|tiết|số|Bước|bước)\s+\d+[a-zđ]?\b"
    r"|\d+[/-][\w/.-]+|\b(?:19|20)\d\d\b"
)
_BULLET = re.compile(r"[-+•]\s")
_TAIL_NAME_WORDS = 6
_STOPWORDS = frozenset(
    "các những về của và trong đối với cho một số là được có theo tại từ đến nhằm để".split()
)
_SENTENCE_END = re.compile(r"(?<=[.!?…;])[\"'”)]*\s+(?=[\"'“(]?[" + UPPER + r"0-9\-+•])")
_CLAUSE_END = re.compile(r"(?<=[;,:])\s+")
_DENSE_WORD = re.compile(r"\d|[^\W\d_]*[A-ZĐ][^\W\d_]*[A-ZĐ]")
# A form's field left blank for whoever fills it in: one word and its colon ("Số:"; a longer
# label, "Thành phần tham dự:", names the items under it), or a few words around a run of dots
# ("Quê quán: ………", "……., ngày .... tháng .... năm ……..", "(1) ......."). Nothing to find, quote
# or ask: it stays in the text, not in a passage.
_BARE_LABEL = re.compile(r"[^\W\d_]+\s*:")
_FILL = re.compile(r"[.…_]{3,}")
_FILL_NOTE = re.compile(r"\(\d{1,2}\)")
_BLANK_FIELD_WORDS = 5
# A form's signature scaffolding: how its signer signs (``frame.SIGNING``), with or after whose
# place it is ("NGƯỜI ĐỀ NGHỊ", "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ").
_SIGNER_PLACE_WORDS = 12
# An article's label alone: a form of a decision, its articles left to whoever fills it in ("Điều
# 1." over "1. Ông/Bà ………").
_UNIT_ALONE = re.compile(r"Điều\s+\d+[a-z]?\s*[.:]?")
# A form's place and date with the day, month and year left out: "Bắc Ninh, ngày tháng năm 20…".
_BLANK_DATE = re.compile(r"[^,.;:]{0,40},\s*ngày\s*[.…_ ]*tháng\s*[.…_ ]*năm\s*(?:20)?[.…_ ]*", re.IGNORECASE)


def estimate_tokens(text: str) -> int:
    """Conservative token count for multilingual subword models (XLM-R family).

    A plain Vietnamese syllable costs 1.5 tokens; a word with digits or an acronym (``HĐND``,
    ``28-NQ/TW``) about one token per two characters. On the bundled corpus, against the
    multilingual-e5 (XLM-R) tokenizer, this never undercounts a line and overcounts the median
    line by about 30%.
    """
    total = sum(1 + len(w) / 2 if _DENSE_WORD.search(w) else 1.5 for w in text.split())
    return math.ceil(total) + 2  # the model's start and end tokens


@dataclass
class _Node:
    style: str
    number: str
    title: str
    parent: _Node | None
    key: str = ""
    is_item: bool = False  # a numbered line carrying its own text, not a heading
    line: Line | None = None  # the numbered line that opened it
    # That line's span when, a list's lead, it states facts of its own (see _states_facts).
    lead: tuple[int, int] | None = None
    items: list[list[tuple[int, int]]] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)


def segment(
    doc: Document, *, max_tokens: int = 400, count_tokens: Callable[[str], int] | None = None
) -> list[Passage]:
    """Split a document into structure-aware passages.

    Args:
        doc: The document; passage spans index into ``doc.text``.
        max_tokens: Upper bound on each passage's token count (an item longer than this is cut
            at sentence boundaries into numbered parts).
        count_tokens: The embedding model's token counter; defaults to :func:`estimate_tokens`.

    Returns:
        Passages in document order. Headings never stand alone; the title block before the
        first numbered heading and signature lines do not become passages.
    """
    count = count_tokens or estimate_tokens
    lines = classify(doc.text)
    root = _build_tree(doc.text, lines)
    _assign_keys(root)
    passages: list[Passage] = []
    for node, path, headings in _walk(root):
        numbers = _item_numbers(doc.text, node)
        # A table's rows are numbered even when there is one: a row is cited "dòng N".
        numbered = len(node.items) > 1 or node.style == "table"
        # A lead stating facts is the part's own passage, cited as the part; its items keep
        # their numbers.
        lead = [((None, 0), [node.lead])] if node.lead else []
        for (point, sub), spans in [*lead, *zip(numbers, node.items)]:
            pieces = _split(doc.text, spans, max_tokens, count)
            for part, (start, end) in enumerate(pieces, start=1):
                passages.append(
                    Passage(
                        doc_id=doc.id,
                        order=len(passages),
                        section=path,
                        headings=headings,
                        point=point if numbered and point is not None else None,
                        sub=sub,
                        start=start,
                        end=end,
                        text=doc.text[start:end],
                        part=part if len(pieces) > 1 else 0,
                    )
                )
    # A section's text after a table inside it comes after the table's rows (the tree holds a
    # node's own items before its children).
    passages.sort(key=lambda p: p.start)
    kept = [
        p for p, following in zip(passages, [*passages[1:], None])
        if not blank_field(p.text) and not (following and _signer_place(p.text) and frame.SIGNING.search(following.text))
    ]
    return [replace(p, order=n) for n, p in enumerate(kept)]


def _signer_place(text: str) -> bool:
    """Whether a text is at most a signer's place in capitals ("NGƯỜI ĐỀ NGHỊ"), or nothing."""
    words = text.split()
    return len(words) <= _SIGNER_PLACE_WORDS and not any(c.islower() for c in text)


def _item_numbers(text: str, node: _Node) -> list[tuple[int, int]]:
    """Each item's number in its section and, for a "+" item under an item with another mark
    ("- Tổ chức tuyên truyền …, trong đó:" over "+ Tổ chức hội nghị …"), its number under that
    item (0 for the others): the reader counts the dashes and, under one, its "+" lines, so the
    dash after three "+" lines is the second, not the fifth. A paragraph without a mark after a
    "+" item goes on with it ("+ Cơ chế hoạt động: …" / "Trận đấu kết thúc khi …")."""
    numbers: list[tuple[int, int]] = []
    point = sub = 0
    parent = False  # the last item not marked "+" has another bullet's mark
    for item in node.items:
        opening = text[item[0][0]:item[0][1]].lstrip()
        goes_on = sub and not _BULLET.match(opening)
        if opening.startswith("+ ") and parent:
            sub += 1
        elif not goes_on:
            point, sub = point + 1, 0
            parent = bool(_BULLET.match(opening)) and not opening.startswith("+")
        numbers.append((point, sub))
    return numbers


def blank_field(text: str) -> bool:
    """Whether a passage's text is only a form's field left blank ("Số: ...........", "Số:") or
    its signature scaffolding ("NGƯỜI ĐỀ NGHỊ (Ký và ghi rõ họ tên)")."""
    bare = normalize(text).strip(" *#|")
    if _BARE_LABEL.fullmatch(bare) or _BLANK_DATE.fullmatch(bare) or _UNIT_ALONE.fullmatch(bare):
        return True
    if frame.SIGNING.search(bare) and _signer_place(frame.SIGNING.sub(" ", bare)):
        return True
    if not _FILL.search(bare):
        return False
    rest = _FILL_NOTE.sub(" ", _FILL.sub(" ", bare))
    return len(re.findall(r"[^\W\d_]+", rest)) <= _BLANK_FIELD_WORDS


def outline(doc: Document) -> list[tuple[str, str]]:
    """The document's numbered headings in order, as (label, name): ``("Chương II", "QUY ĐỊNH
    CỤ THỂ")``, ``("Điều 6", "Trách nhiệm …")``, ``("III", "TỔ CHỨC THỰC HIỆN")``, ``("1.1",
    "…")``.

    A numbered line is a heading when it names a part, or when parts follow under it ("1. Quan
    trắc và cảnh báo môi trường." over "1.1. …", "a) …"); a numbered paragraph with its own
    text is not, nor are an article's clauses or lettered items. An article is a heading even
    when its text follows its number ("Điều 20. Quy định này thay thế …"): it then has no name.
    """
    root = _build_tree(doc.text, classify(doc.text))
    candidates: list[_Node] = []

    def visit(node: _Node, in_article: bool) -> None:
        for child in node.children:
            if child.style == "dieu" or (child.style in _OUTLINED and not in_article):
                candidates.append(child)
            visit(child, in_article or child.style == "dieu")

    visit(root, False)
    found: list[tuple[str, str]] = []
    for i, node in enumerate(candidates):
        following = candidates[i + 1].number if i + 1 < len(candidates) else ""
        if node.style == "dieu":
            found.append((node.number, "" if node.is_item else node.title))
        elif not node.is_item or node.children or following.startswith(node.number + "."):
            found.append((node.number, node.title.rstrip("…")))
    return found


def _build_tree(text: str, lines: list[Line]) -> _Node:
    root = _Node("root", "", "", None)
    stack: list[_Node] = [root]
    preamble_end = _preamble_end(lines)
    previous: list[tuple[int, int]] | None = None  # the last item, to attach continuations
    basis: list[tuple[int, int]] | None = None  # the "Căn cứ ..." lines of the title block
    in_tail = False  # inside the signature block or the recipients list
    table = root  # the data table whose rows are being read
    interrupted: list[_Node] | None = None  # the sections a form stands among, while in a form
    caption: _Node | None = None  # a label naming only the table under it ("Thông số kỹ thuật:")
    for i, line in enumerate(lines):
        if caption is not None and line.kind != "row":
            # The label named the table only when a bullet like those before it follows the
            # table: the list the label interrupted goes on in the part around them.
            if stack[-1] is caption and line.kind == "bullet" and _bulleted(text, caption.parent):
                stack.pop()
            caption = None
        if _opens_form(lines, i):
            # A form is one division of its own, under the appendix it stands in (else the
            # document), whatever section it follows; its contents are never outlined.
            interrupted = interrupted or list(stack)
            in_tail, previous = False, None
            del stack[next((k for k in range(len(stack) - 1, 0, -1) if stack[k].style == "phuluc"), 0) + 1:]
            form = _Node("form", FORM_LABEL.match(line.norm).group(0), " ".join(text[line.start:line.end].split()), stack[-1])
            stack[-1].children.append(form)
            stack.append(form)
            continue
        if interrupted is not None:
            if line.kind == "marker" and (line.style == "phuluc" or _goes_on(interrupted, line, text)):
                # The document goes on after the form: "4. Thủ tục" after its "3. Thủ tục".
                stack[:] = interrupted if line.style != "phuluc" else [root]
                interrupted, previous = None, None
            elif line.kind in _SKIPPED or line.kind in {"signature", "recipients"}:
                previous = None
                continue
            elif line.kind not in {"table", "row"}:
                span = (line.start, line.end)
                if previous is not None and _continues(text, previous, line):
                    previous.append(span)
                else:
                    previous = [span]
                    stack[-1].items.append(previous)
                continue
        if line.kind in {"signature", "recipients"} and i >= preamble_end:
            in_tail, previous = True, None
            continue
        if in_tail:
            if _in_tail(line) or _wrapped(text, lines, i):
                continue
            # Content again after the signature (an appendix): it stands on its own.
            in_tail = False
            del stack[1:]
        if i >= preamble_end and NOTE.match(line.norm):
            # A footnote ("[3] Khoản này được sửa đổi …"), after the signature or the last
            # article: the notes are a part of their own, one item each.
            if stack[-1].key != "chú thích":
                del stack[1:]
                stack.append(_trailing(root, "Chú thích"))
            previous = [(line.start, line.end)]
            stack[-1].items.append(previous)
            continue
        if line.kind in _SKIPPED:
            previous = None
            continue
        if line.kind == "table":
            if stack == [root] and root.children:
                stack.append(_trailing(root, "Phụ lục"))
            last = stack[-1]
            caption = last if last.style == "label" and not (last.items or last.children) else None
            table = _Node("table", "", "", last)
            stack[-1].children.append(table)
            previous = None
            continue
        if line.kind == "row":
            # One item per row, never a heading; group rows are written into the row's text.
            table.items.append([(line.start, line.end)])
            continue
        if i < preamble_end:
            joins = line.kind in {"paragraph", "label", "plain", "bullet"} and not is_caps(line.norm)
            if line.kind == "basis" or (basis is not None and joins):
                # The legal basis and the enacting words under it are one passage of the
                # opening part ("phần mở đầu"), never a section.
                if basis is None:
                    basis = []
                    root.items.append(basis)
                basis.append((line.start, line.end))
                continue
            if (is_lead(line) and not _kept_in_preamble(lines, i)) or (line.kind == "marker" and line.is_item):
                # "Sở hữu chung chấm dứt trong trường hợp sau đây:" over "1. …": text, and the
                # items of a list in the opening part (see _preamble_end).
                previous = [(line.start, line.end)]
                root.items.append(previous)
                continue
            if not _kept_in_preamble(lines, i):
                continue
        if line.kind in {"marker", "label", "caps", "plain"}:
            node = _open(stack, line, text)
            previous = None
            if _states_facts(text, line):
                node.lead = (line.start, line.end)
            if line.is_item:
                previous = [(line.start, line.end)]
                node.items.append(previous)
            continue
        span = (line.start, line.end)
        if previous is not None and _continues(text, previous, line):
            previous.append(span)
            continue
        if line.kind == "paragraph" and len(line.norm.split()) < 4 and not TERMINAL.search(line.norm) and not (
            any(c.isdigit() for c in line.norm) and any(c.isalpha() for c in line.norm)
        ):
            # A stray name or signature line, a mark ("x"), a table cell's number alone ("1.4");
            # a figure with what it counts ("52 tuần", "Tổng số: 120") is content.
            continue
        if line.kind == "paragraph" and i >= preamble_end and frame.is_closing(line.norm) and _closes(stack, line.norm):
            # "Luật này được Quốc hội ... thông qua ...", "... để xem xét, chỉ đạo./.": the
            # closing words belong to no article or section.
            del stack[1:]
            stack.append(_trailing(root, "Phần kết"))
        elif stack == [root] and root.children:
            # Text after the signature under no heading of its own: an appendix.
            stack.append(_trailing(root, "Phụ lục"))
        elif stack[-1].is_item and stack[-1].style in _LISTED and is_field(line.norm):
            # "Số lượng hồ sơ: 01 bộ" after "b) Văn bản đề nghị …": the next field of the part
            # the list stands in, not more of its last item.
            stack.pop()
        previous = [span]
        stack[-1].items.append(previous)
    _keep_empty_parts(root, text)
    return root


def _states_facts(text: str, line: Line) -> bool:
    """Whether a numbered line over a list states facts a reader asks for, beyond naming the list:
    a long lead with figures or dates ("1. Thời gian: cao điểm được triển khai từ ngày 15/12/2025
    đến hết ngày 05/3/2026 …, chia thành 02 giai đoạn:", "1- Ban Chấp hành Đảng bộ xã … gồm 15
    đồng chí, có tên sau đây:"). As a heading only, its words reached no passage."""
    if line.kind != "marker" or line.is_item or line.style in FIXED_RANK:
        return False
    lead = " ".join(text[line.title_start:line.end].split())
    if not lead.endswith(":") or len(lead.split()) < _FACT_LEAD_WORDS or AMENDING.match(lead) or _SUBJECT.match(lead):
        # An amendment's lead ("Sửa đổi, bổ sung điểm b khoản 2 Điều 5 như sau:") names its place,
        # a subject's ("Về tình hình kinh tế - xã hội 10 tháng năm 2025 …:") the part's matter.
        return False
    return any(c.isdigit() for c in _REFERENCE.sub("", lead))


def _is_empty(node: _Node) -> bool:
    """Whether a part holds no text of its own nor any part."""
    return not (node.items or node.children or node.is_item)


def _closes(stack: list[_Node], norm: str) -> bool:
    """Whether closing words end the document rather than the part open before them. The first
    text under a heading is that part's own ("Điều 20. Điều khoản thi hành" / "Trong quá trình
    thực hiện …./."); in an article, only a law's "… được Quốc hội … thông qua" closes the text:
    its last sentence, whatever its end mark ("… chịu trách nhiệm thi hành Nghị quyết này./."),
    is the article's."""
    if stack[-1].parent is not None and _is_empty(stack[-1]):
        return False
    return frame.is_passed(norm) or not any(part.style == "dieu" for part in stack)


def _keep_empty_parts(node: _Node, text: str) -> None:
    """A numbered line with nothing under it is an item: its text is kept. Read as a heading, a
    clause without its full stop ("2. Súng săn; … thi đấu thể thao" between "1. Nhà, đất." and
    "3. …", or last before the next article) opened a part that held nothing, and was lost.
    Divisions (Phần, Chương, Mục, Điều, I, A) and names in capitals stay headings. A lead
    sentence read as an empty part is its parent's text."""
    kept = []
    for child in node.children:
        _keep_empty_parts(child, text)
        line = child.line
        empty = line is not None and _is_empty(child)
        if empty and is_lead(line):
            node.items.append([(line.start, line.end)])
            continue
        kept.append(child)
        if (
            empty and child.style not in {*FIXED_RANK, "roman", "upper", "caps", "label"}
            and not line.title and line.title_start < line.end and not is_caps(line.norm)
        ):
            line.is_item = child.is_item = True
            child.title = _title(text, line)
            child.items.append([(line.start, line.end)])
    node.children[:] = kept


def _bulleted(text: str, node: _Node | None) -> bool:
    """Whether a part's own items are bullets ("- Thành phần, cấu tạo …")."""
    return node is not None and any(_BULLET.match(text[item[0][0]:item[0][1]].lstrip()) for item in node.items)


def _opens_form(lines: list[Line], i: int) -> bool:
    """Whether line ``i`` names a form attached to the document: the form's label alone on its
    line, or with a note ("Mẫu số 03 (Dành cho thân nhân …)"), not a sentence naming one, and
    no other form's label right under it (a list of forms: "Mẫu số 01" / "Đơn đề nghị xác nhận"
    / "Mẫu số 02" …)."""
    line = lines[i]
    label = FORM_LABEL.match(line.norm) if line.kind in {"plain", "caps", "label", "paragraph"} else None
    return (
        label is not None
        and bool(_FORM_NOTE.fullmatch(line.norm[label.end():]))
        and not any(FORM_LABEL.match(following.norm) for following in lines[i + 1:i + 1 + _FORM_LIST_GAP])
    )


def _goes_on(stack: list[_Node], line: Line, text: str) -> bool:
    """Whether a numbered heading after a form is the next part of the document, not a numbered
    line of the form ("1. Tên cơ sở:"): it follows the last part of its numbering among those
    the form stands in, or a part of that numbering with the same name ("4. Thủ tục" after
    "3. Thủ tục", with "1. Thuốc được nhập khẩu …" and "2. Các thuốc …" between)."""
    if line.is_item:
        return False
    title = _title(text, line)
    for node in stack[1:]:
        parts = [c for c in node.parent.children if c.style == line.style and not c.is_item] if node.parent else []
        if any(
            successor(part.number) == line.number and (part is parts[-1] or part.title == title) for part in parts
        ):
            return True
    return False


def _trailing(root: _Node, title: str) -> _Node:
    """The unnumbered part after the body that holds the closing words or an appendix; its
    section path is its title in lowercase ("phần kết", "phụ lục")."""
    last = root.children[-1] if root.children else None
    if last is None or last.style != "closing" or last.title != title:
        last = _Node("closing", "", title, root, key=title.lower())
        root.children.append(last)
    return last


def _in_tail(line: Line) -> bool:
    """Whether a line still belongs to the signature block or the recipients list: their own
    lines, bullets, "Lưu: VT", and short unpunctuated lines (the signer's name)."""
    if FORM_LABEL.match(line.norm):
        return False  # a form attached after the signature
    if line.kind in _TAIL or frame.is_filing(line.norm):
        return True
    if line.kind == "caps":
        return not frame.kind_heading(line.norm) and not line.norm.startswith("PHỤ LỤC")
    return (
        line.kind in {"paragraph", "plain"}
        and len(line.norm.split()) <= _TAIL_NAME_WORDS
        and not TERMINAL.search(line.norm)
    )


def _wrapped(text: str, lines: list[Line], i: int) -> bool:
    """Whether line ``i`` goes on with the recipient's entry on the line before it: cut after a
    comma ("- Công ty … (số 208, ngõ 66, phố Kim Mã Thượng," / "p. Cống Vị, Ba Đình, Hà Nội);"),
    not a lettered item "p." of a part; or, in a PDF's narrow column, anywhere before the entry's
    closing mark ("- Tỉnh ủy, HĐND, UBND tỉnh Thanh" / "Hóa;", "- Lưu Văn phòng Trung ương" /
    "Đảng."), which left the rest as a passage of its own."""
    return _wraps_entry(text, lines, i, 0)


def _wraps_entry(text: str, lines: list[Line], i: int, depth: int) -> bool:
    if i == 0 or lines[i].blank_before:
        return False
    before = text[lines[i - 1].start:lines[i - 1].end].rstrip()
    if before.endswith(","):
        return True
    # An entry's rest is running text, two lines at most: never a heading, an item or the block.
    if depth > 1 or lines[i].kind not in {"paragraph", "plain"}:
        return False
    entry = re.match(rf"^{frame.RECIPIENT_MARK}\s", lines[i - 1].norm) or _wraps_entry(text, lines, i - 1, depth + 1)
    return bool(entry) and not before.endswith((";", ".", ":"))


def _is_content(line: Line) -> bool:
    return line.kind == "bullet" or (line.kind == "paragraph" and _is_prose(line.norm))


def _preamble_end(lines: list[Line]) -> int:
    """Where the body starts: the first numbered heading, else the first content line. A list
    right over the legal basis is the opening's: a consolidated text's note names the texts it
    merges ("… được sửa đổi, bổ sung bởi:" / "1. Thông tư số …;" / "2. …" / "Căn cứ …")."""
    numbered = next((i for i, line in enumerate(lines) if line.kind == "marker"), None)
    if numbered is not None:
        after = next((i for i in range(numbered, len(lines)) if not (lines[i].kind == "marker" and lines[i].is_item)), len(lines))
        if after < len(lines) and lines[after].kind == "basis":
            return next((i for i in range(after, len(lines)) if lines[i].kind == "marker"), len(lines))
        return numbered
    return next((i for i, line in enumerate(lines) if _is_content(line)), len(lines))


def _kept_in_preamble(lines: list[Line], i: int) -> bool:
    """In the title block only prose, bullets and the headings directly over them count; the
    document's name, letterhead, "Căn cứ ..." lines and banners like "QUYẾT NGHỊ" do not."""
    line = lines[i]
    if line.kind in {"caps", "plain", "label"}:
        # Directly over its content: the issuing body's name stands over the letterhead.
        following = next((ln for ln in lines[i + 1:] if ln.kind not in {"separator", "filler"}), None)
        return following is not None and _is_content(following)
    return _is_content(line)


def _is_prose(norm: str) -> bool:
    words = len(norm.split())
    return words >= 60 or (words >= 10 and bool(re.search(r"[.;:,!?…]$", norm)))


def _continues(text: str, previous: list[tuple[int, int]], line: Line) -> bool:
    """Whether a paragraph belongs to the item before it rather than starting a new one."""
    if line.kind != "paragraph":
        return False
    if text[previous[0][0]:previous[0][1]].rstrip().endswith(":"):
        return True  # "- ... các nội dung sau:" followed by its sub-paragraphs
    last = text[previous[-1][0]:previous[-1][1]].rstrip()
    # A hard-wrapped line: no blank line, no closing punctuation, lowercase continuation.
    return not line.blank_before and not TERMINAL.search(last) and line.norm[0].islower()


def _open(stack: list[_Node], line: Line, text: str) -> _Node:
    style = line.style if line.kind == "marker" else ("caps" if line.kind == "caps" else "label")
    if stack[-1].style == "closing":
        stack.pop()
    if style in FIXED_RANK:
        rank = FIXED_RANK[style]
        while len(stack) > 1 and _rank(stack, len(stack) - 1) >= rank:
            stack.pop()
    elif any(node.style == style for node in stack):
        same = [k for k, node in enumerate(stack) if node.style == style]
        last = stack[-1]
        # An amendment's new wording numbers from 1 again under the item that brings it in
        # ("8. Bổ sung Điều 8a sau Điều 8 như sau:" / "“Điều 8a. …" / "1. Nhà máy điện khác …").
        opens_inside = not (last.items or last.children) or line.amending
        if not (line.number in _FIRST_NUMBERS and same[-1] == len(stack) - 1 and opens_inside):
            # The part this number follows ("2. Miễn nhiệm …" after "1. Bổ nhiệm …", with the
            # procedure's own "1" … "4" between), else the innermost part of that numbering.
            del stack[next((k for k in reversed(same) if successor(stack[k].number) == line.number), same[-1]):]
        # else a list starting right under a part of the same numbering ("1. Bổ nhiệm …" over
        # "1. KÝ HIỆU QUY TRÌNH", "2. NỘI DUNG QUY TRÌNH") is inside that part
    elif line.kind == "marker" and not line.is_item:
        # A numbered heading is never the child of an unnumbered label.
        while len(stack) > 1 and stack[-1].style == "label":
            stack.pop()
    elif style == "caps" and len(stack) > 1 and stack[1].style == "roman" and stack[1].children and not any(
        node.style == "dieu" for node in stack
    ):
        # A heading in capitals after the Roman parts, unnumbered ("KHẨU HIỆU TUYÊN TRUYỀN" under
        # an outline's "III-"), stands beside them: its "1." … are not the last part's.
        del stack[1:]
    parent = stack[-1]
    node = _Node(style, line.number, _title(text, line), parent, is_item=line.is_item, line=line)
    parent.children.append(node)
    stack.append(node)
    return node


def _rank(stack: list[_Node], k: int) -> int:
    """The fixed rank of the part ``stack[k]`` (99: below every legal division). A Roman part
    holds articles as a Chương does, except inside an article: "Điều 1. Phê duyệt Đề án … với
    những nội dung chủ yếu sau:" / "I. QUAN ĐIỂM" … "IV. TỔ CHỨC THỰC HIỆN" / "Điều 2. …"."""
    style = stack[k].style
    if style in FIXED_RANK:
        return FIXED_RANK[style]
    if style in _PART_RANK and not any(node.style == "dieu" for node in stack[:k]):
        return _PART_RANK[style]
    return 99


def _title(text: str, line: Line) -> str:
    if line.title:
        return line.title
    title = " ".join(text[line.title_start:line.end].split()).rstrip(":").rstrip()
    if not line.is_item:
        return title
    # An item's title is its opening clause (or first words), marked as cut.
    # A text's closing mark ("… kể từ ngày ký ban hành./.") ends no title.
    first = re.split(r"(?<=[.;:!?])\s", title, maxsplit=1)[0].rstrip(".;:!?/")
    if len(first.split()) > _TITLE_WORDS:
        first = " ".join(first.split()[:_TITLE_WORDS]).rstrip(",")
    return first if first == title.rstrip(".;:!?/") else first + "…"


def _assign_keys(node: _Node) -> None:
    tables = [c for c in node.children if c.style == "table"]
    for n, table in enumerate(tables, start=1):
        table.key = TABLE if len(tables) == 1 else f"{TABLE} {n}"
    unnumbered = [c for c in node.children if c.style in {"label", "caps"}]
    short = [_label_key(c.title, 2) for c in unnumbered]
    for child, key in zip(unnumbered, short):
        child.key = key if short.count(key) == 1 else _label_key(child.title, 4)
    seen: dict[str, int] = {}
    forms = [c for c in node.children if c.style == "form"]
    for child in forms:
        child.key = child.number
    for child in [*unnumbered, *forms]:
        seen[child.key] = seen.get(child.key, 0) + 1
        if seen[child.key] > 1:
            child.key = f"{child.key}-{seen[child.key]}"
    for child in node.children:
        _assign_keys(child)


def _label_key(title: str, size: int) -> str:
    words = [w for w in re.findall(r"[^\W_]+", normalize(title).lower())]
    content = [w for w in words if w not in _STOPWORDS] or words
    return " ".join(content[:size])


def _component(node: _Node) -> str:
    if node.style in {"label", "caps", "closing", "table", "form"}:
        return node.key
    if node.style == "dotted":
        # "3.1." under "3" is component "1"; the parent's number is already in the path.
        parent_number = node.parent.number if node.parent else ""
        if parent_number and node.number.startswith(parent_number + "."):
            return node.number[len(parent_number) + 1:]
        return node.number
    if node.style == "paren":
        return f"({node.number})"
    if node.style in {"letter", "arabic_paren"}:
        return f"{node.number})"
    return node.number


def _walk(root: _Node):
    """Yield (node, section path, headings) for every node, in document order."""

    def visit(node: _Node, path: str, headings: tuple[str, ...]):
        yield node, path, headings
        for child in node.children:
            component = _component(child)
            glue = "" if not path or child.style == "paren" else "."
            yield from visit(child, f"{path}{glue}{component}", (*headings, child.title))

    # Children of a node come after its own items in the text, so a pre-order walk keeps order.
    yield from visit(root, "", ())


def _split(
    text: str, spans: list[tuple[int, int]], max_tokens: int, count: Callable[[str], int]
) -> list[tuple[int, int]]:
    """Cut an item (one or more paragraph spans) into pieces under ``max_tokens``."""
    start, end = spans[0][0], spans[-1][1]
    if count(text[start:end]) <= max_tokens:
        return [(start, end)]
    units: list[tuple[int, int]] = []
    for span in spans:
        units.extend(_fit(text, span, max_tokens, count))
    pieces: list[tuple[int, int]] = []
    for unit in units:
        if pieces and count(text[pieces[-1][0]:unit[1]]) <= max_tokens:
            pieces[-1] = (pieces[-1][0], unit[1])
        else:
            pieces.append(unit)
    return pieces


def _fit(
    text: str, span: tuple[int, int], max_tokens: int, count: Callable[[str], int]
) -> list[tuple[int, int]]:
    """Break one span into units that each fit: sentences, then clauses, then words."""
    if count(text[span[0]:span[1]]) <= max_tokens:
        return [span]
    for boundary in (_SENTENCE_END, _CLAUSE_END, re.compile(r"\s+")):
        cuts = _cut(text, span, boundary)
        if len(cuts) > 1:
            return [unit for cut in cuts for unit in _fit(text, cut, max_tokens, count)]
    return [span]


def _cut(text: str, span: tuple[int, int], boundary: re.Pattern[str]) -> list[tuple[int, int]]:
    start, end = span
    pieces: list[tuple[int, int]] = []
    for match in boundary.finditer(text, start, end):
        if match.start() > start:
            pieces.append((start, match.start()))
        start = match.end()
    if start < end:
        pieces.append((start, end))
    return pieces
