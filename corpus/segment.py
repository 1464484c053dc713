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
section ``""``), signature lines and everything from ``Nơi nhận:`` on.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from corpus import frame
from corpus.document import Document, Passage
from corpus.normalize import normalize

# Longest line (in words) still read as a heading title rather than an item with its own text.
_MAX_HEADING_WORDS = 40
_MAX_LABEL_WORDS = 25
_MAX_PLAIN_HEADING_WORDS = 12
_TITLE_WORDS = 20

_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
# (style, pattern on the normalized line); the pattern's end is where the title starts.
_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("phan", re.compile(r"^(?:Phần|PHẦN)\s+(?:(?:thứ|THỨ)\s+\w+|[IVX]+\b|\d+\b)[.:\-]?\s*")),
    ("chuong", re.compile(r"^(?:Chương|CHƯƠNG)\s+(?:[IVX]+|\d+)\b[.:\-]?\s*")),
    ("muc", re.compile(r"^(?:Mục|MỤC)\s+(?:[IVX]+|\d+)\b[.:\-]?\s*")),
    ("dieu", re.compile(r"^(?:Điều|ĐIỀU)\s+\d+[a-z]?\b[.:\-]?\s*")),
    ("roman", re.compile(rf"^(?=[IVX])({_ROMAN})\s*[.\-)]\s*(?=\S)")),
    ("upper", re.compile(r"^([A-H])\s*[.)]\s+(?=\S)")),
    ("dotted", re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,4})(?:\.\s*|\s+)(?=[A-ZĐÀ-Ỹ])")),
    ("arabic", re.compile(r"^(\d{1,2})\s*[.\-]\s*(?=[^\W\d_]|[\"'(])")),
    ("arabic_paren", re.compile(r"^(\d{1,2})\)\s*(?=\S)")),
    ("paren", re.compile(r"^\((\d{1,2}|[a-zđ])\)\s*(?=\S)")),
    ("letter", re.compile(r"^([a-zđ])\s*[).]\s+(?=\S)")),
]
# Legal divisions nest in a fixed order; other styles nest in the order they first appear.
_FIXED_RANK = {"phan": 0, "chuong": 1, "muc": 2, "dieu": 3}
_SKIPPED = {"separator", "title", "filler", "letterhead"}
# Lines of the signature block and the recipients list; a short line among them is a name.
_TAIL = {"signature", "recipients", "bullet", "separator", "letterhead", "filler", "title"}
_TAIL_NAME_WORDS = 6
_BULLET = re.compile(r"^[-+•*·▪●○◦□■➢►✓]\s*(?=\S)")
_SEPARATOR = re.compile(r"^[\W_]+$")
_TERMINAL = re.compile(r"[.;!?…]\s*[\"')\]]*$")
_SENTENCE_INSIDE = re.compile(r"[.!?…]\s+[\"'(]?[A-ZĐÀ-Ỹ]")
_INTRO = re.compile(r"\b(?:sau|gồm|là|như)\s*:$", re.IGNORECASE)
_STOPWORDS = frozenset(
    "các những về của và trong đối với cho một số là được có theo tại từ đến nhằm để".split()
)
_SENTENCE_END = re.compile(r"(?<=[.!?…;])[\"'”)]*\s+(?=[\"'“(]?[A-ZĐÀ-Ỹ0-9\-+•])")
_CLAUSE_END = re.compile(r"(?<=[;,:])\s+")
_DENSE_WORD = re.compile(r"\d|[^\W\d_]*[A-ZĐ][^\W\d_]*[A-ZĐ]")


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
class _Line:
    start: int
    end: int
    norm: str
    # "paragraph", "bullet", "marker", "label", "caps", "plain", "separator", "title", "filler",
    # "letterhead", "basis", "signature", "recipients"
    kind: str
    style: str = ""
    number: str = ""
    title_start: int = 0  # offset in the document where the text after the marker starts
    is_item: bool = False  # a numbered line carrying its own text rather than a title
    title: str = ""  # set when the title stands on the next line
    blank_before: bool = True


@dataclass
class _Node:
    style: str
    number: str
    title: str
    parent: _Node | None
    key: str = ""
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
    lines = _classify(doc.text)
    root = _build_tree(doc.text, lines)
    _assign_keys(root)
    passages: list[Passage] = []
    for node, path, headings in _walk(root):
        numbered = len(node.items) > 1
        for point, spans in enumerate(node.items, start=1):
            pieces = _split(doc.text, spans, max_tokens, count)
            for part, (start, end) in enumerate(pieces, start=1):
                passages.append(
                    Passage(
                        doc_id=doc.id,
                        order=len(passages),
                        section=path,
                        headings=headings,
                        point=point if numbered else None,
                        start=start,
                        end=end,
                        text=doc.text[start:end],
                        part=part if len(pieces) > 1 else 0,
                    )
                )
    return passages


def preamble_lines(text: str, limit: int = 12) -> list[str]:
    """The non-blank lines before the first numbered heading (the title block), stripped.

    Without any numbered heading, the first few lines. Metadata detection reads these.
    """
    head = "\n".join(text.split("\n", 4 * limit)[: 4 * limit])  # the title block is near the top
    lines = _classify(head)
    first = next((i for i, line in enumerate(lines) if line.kind == "marker"), min(5, len(lines)))
    return [text[line.start:line.end] for line in lines[: min(first, limit)]]


def opens_block(line: str) -> bool:
    """Whether a line starts a heading, a numbered item or a bullet (so it never continues the
    line before it when re-flowing hard-wrapped text)."""
    norm = normalize(line)
    return bool(norm) and (bool(_BULLET.match(norm)) or _marker(norm) is not None)


def _marker(norm: str) -> tuple[str, re.Match[str]] | None:
    """The numbering style a line starts with, and its match.

    A legal division's number followed straight by a lowercase word ("Điều 20 của Luật này.",
    at the start of a hard-wrapped line) is a reference, not a heading.
    """
    for style, pattern in _MARKERS:
        match = pattern.match(norm)
        if not match or (style == "roman" and not match.group(1)):
            continue
        if style in _FIXED_RANK and match.group(0).rstrip()[-1].isalnum() and norm[match.end():][:1].islower():
            return None
        return style, match
    return None


def _classify(text: str) -> list[_Line]:
    lines: list[_Line] = []
    offset = 0
    blank = True
    for raw in text.split("\n"):
        start, end = offset, offset + len(raw)
        offset = end + 1
        norm = normalize(raw)
        if not norm:
            blank = True
            continue
        lead = len(raw) - len(raw.lstrip())
        trail = len(raw) - len(raw.rstrip())
        line = _Line(start + lead, end - trail, norm, "paragraph", blank_before=blank)
        blank = False
        _classify_line(text, line)
        lines.append(line)
    _mark_title_block(lines)
    # A short unnumbered, unpunctuated line is a heading only if content follows it.
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else None
        if line.kind == "plain" and (following is None or following.kind == "separator"):
            line.kind = "paragraph"
        if line.kind == "marker" and line.title_start >= line.end:
            _take_title(text, lines, i)
    return lines


def _take_title(text: str, lines: list[_Line], i: int) -> None:
    """A heading alone on its line ("Chương I", "Điều 17.") takes its name from the lines under
    it: "QUY ĐỊNH CHUNG", or a chapter name in capitals over two lines, or an article title
    that Word or a PDF wrapped ("Điều kiện đăng ký ... do thuê," / "mượn, ở nhờ")."""
    line = lines[i]
    legal = line.style in _FIXED_RANK
    parts: list[_Line] = []
    for following in lines[i + 1:i + 4]:
        if parts and (following.blank_before or not _continues_title(parts[-1], following)):
            break
        if not parts and not (
            following.kind in {"caps", "plain", "label"}
            or (legal and following.kind == "paragraph" and _is_title_text(following.norm))
        ):
            return
        parts.append(following)
    if parts:
        line.title = " ".join(" ".join(text[p.start:p.end].split()) for p in parts).rstrip(":")
        for part in parts:
            part.kind = "title"


def _continues_title(previous: _Line, line: _Line) -> bool:
    if line.kind in {"marker", "bullet", "basis", "separator"} or not _is_title_text(line.norm):
        return False
    if previous.kind == "caps":
        return line.kind == "caps"  # a chapter name in capitals over two lines
    return line.norm[0].islower()  # an article title wrapped mid-phrase


def _is_title_text(norm: str) -> bool:
    return len(norm.split()) <= _MAX_HEADING_WORDS and not re.search(r"[.;!?…]$", norm)


def _mark_title_block(lines: list[_Line]) -> None:
    """The document's kind in capitals ("NGHỊ ĐỊNH", "KẾ HOẠCH") before the first numbered
    heading, and its subject on the lines under it, are the title, not a section."""
    for i, line in enumerate(lines):
        if line.kind == "marker":
            return
        if line.kind in {"caps", "plain", "label", "paragraph"} and frame.kind_heading(line.norm):
            break
    else:
        return
    line.kind = "title"
    caps_seen = False
    for following in lines[i + 1:i + 6]:
        if (
            following.blank_before
            or following.kind not in {"caps", "plain", "label", "paragraph"}
            or (caps_seen and following.kind != "caps")
            or re.search(r"[.;:!?…]$", following.norm)
            or len(following.norm.split()) > _MAX_HEADING_WORDS
        ):
            return
        caps_seen = caps_seen or following.kind == "caps"
        following.kind = "title"


def _classify_line(text: str, line: _Line) -> None:
    norm = line.norm
    words = norm.split()
    if _SEPARATOR.match(norm):
        line.kind = "separator"
        return
    if frame.is_basis(norm):
        line.kind = "basis"
        return
    if frame.is_recipients(norm):
        line.kind = "recipients"
        return
    if frame.is_letterhead(norm):
        line.kind = "letterhead"
        return
    if _BULLET.match(norm):
        line.kind = "bullet"
        return
    found = _marker(norm)
    if found:
        style, match = found
        rest = norm[match.end():]
        line.kind, line.style = "marker", style
        line.number = _number(style, match)
        line.title_start = _original_offset(text, line.start, line.end, match.end())
        line.is_item = bool(rest) and (
            len(rest.split()) > _MAX_HEADING_WORDS
            or bool(_TERMINAL.search(rest))
            or bool(_SENTENCE_INSIDE.search(rest))
        )
        return
    if frame.is_signature(norm):
        line.kind = "signature"
        return
    letters = [c for c in norm if c.isalpha()]
    if norm.endswith(":") and len(words) < 8 and _INTRO.search(norm):
        line.kind = "filler"  # "Cụ thể như sau:" introduces the items, it is neither
    elif norm.endswith(":") and len(words) <= _MAX_LABEL_WORDS and ": " not in norm and not _INTRO.search(norm):
        line.kind = "label"
    elif len(letters) >= 2 and all(c.isupper() for c in letters) and len(words) <= _MAX_LABEL_WORDS:
        line.kind = "caps"
    elif (
        len(words) <= _MAX_PLAIN_HEADING_WORDS
        and norm[0].isupper()
        and not re.search(r"[.;:!?…,]$", norm)
    ):
        line.kind = "plain"
    line.title_start = line.start


def _number(style: str, match: re.Match[str]) -> str:
    if style in _FIXED_RANK:
        return " ".join(match.group(0).strip(" .:-").split())
    return match.group(1)


def _original_offset(text: str, start: int, end: int, norm_index: int) -> int:
    """Map an offset in ``normalize(line)`` back to the document.

    normalize() keeps every visible character one-for-one (NFC input) and only drops
    whitespace and invisible characters, so counting visible characters aligns the two.
    """
    line = text[start:end]
    visible = len(normalize(line)[:norm_index].replace(" ", ""))
    i = 0
    while i < len(line) and visible > 0:
        if normalize(line[i]) and not line[i].isspace():
            visible -= 1
        i += 1
    while i < len(line) and (line[i].isspace() or not normalize(line[i])):
        i += 1
    return start + i


def _build_tree(text: str, lines: list[_Line]) -> _Node:
    root = _Node("root", "", "", None)
    stack: list[_Node] = [root]
    preamble_end = _preamble_end(lines)
    previous: list[tuple[int, int]] | None = None  # the last item, to attach continuations
    basis: list[tuple[int, int]] | None = None  # the "Căn cứ ..." lines of the title block
    in_tail = False  # inside the signature block or the recipients list
    for i, line in enumerate(lines):
        if line.kind in {"signature", "recipients"} and i >= preamble_end:
            in_tail, previous = True, None
            continue
        if in_tail:
            if _in_tail(line):
                continue
            # Content again after the signature (an appendix): it stands on its own.
            in_tail = False
            del stack[1:]
        if line.kind in _SKIPPED:
            previous = None
            continue
        if i < preamble_end:
            if line.kind == "basis" or (basis is not None and line.kind in {"paragraph", "label", "plain", "bullet"}):
                # The legal basis and the enacting words under it are one passage of the
                # opening part ("phần mở đầu"), never a section.
                if basis is None:
                    basis = []
                    root.items.append(basis)
                basis.append((line.start, line.end))
                continue
            if not _kept_in_preamble(lines, i):
                continue
        if line.kind in {"marker", "label", "caps", "plain"}:
            node = _open(stack, line, text)
            previous = None
            if line.is_item:
                previous = [(line.start, line.end)]
                node.items.append(previous)
            continue
        span = (line.start, line.end)
        if previous is not None and _continues(text, previous, line):
            previous.append(span)
            continue
        if line.kind == "paragraph" and len(line.norm.split()) < 4 and not _TERMINAL.search(line.norm):
            continue  # a stray name or signature line
        if line.kind == "paragraph" and i >= preamble_end and frame.is_closing(line.norm):
            # "Luật này được Quốc hội ... thông qua ...", "... để xem xét, chỉ đạo./.": the
            # closing words belong to no article or section.
            del stack[1:]
            stack.append(_closing(root))
        previous = [span]
        stack[-1].items.append(previous)
    return root


def _closing(root: _Node) -> _Node:
    if not root.children or root.children[-1].style != "closing":
        root.children.append(_Node("closing", "", "Phần kết", root, key="phần kết"))
    return root.children[-1]


def _in_tail(line: _Line) -> bool:
    """Whether a line still belongs to the signature block or the recipients list: their own
    lines, bullets, "Lưu: VT", and short unpunctuated lines (the signer's name)."""
    if line.kind in _TAIL or frame.is_filing(line.norm):
        return True
    if line.kind == "caps":
        return not frame.kind_heading(line.norm) and not line.norm.startswith("PHỤ LỤC")
    return (
        line.kind in {"paragraph", "plain"}
        and len(line.norm.split()) <= _TAIL_NAME_WORDS
        and not _TERMINAL.search(line.norm)
    )


def _is_content(line: _Line) -> bool:
    return line.kind == "bullet" or (line.kind == "paragraph" and _is_prose(line.norm))


def _preamble_end(lines: list[_Line]) -> int:
    """Where the body starts: the first numbered heading, else the first content line."""
    numbered = next((i for i, line in enumerate(lines) if line.kind == "marker"), None)
    if numbered is not None:
        return numbered
    return next((i for i, line in enumerate(lines) if _is_content(line)), len(lines))


def _kept_in_preamble(lines: list[_Line], i: int) -> bool:
    """In the title block only prose, bullets and the headings directly over them count; the
    document's name, letterhead, "Căn cứ ..." lines and banners like "QUYẾT NGHỊ" do not."""
    line = lines[i]
    if line.kind in {"caps", "plain", "label"}:
        following = next((ln for ln in lines[i + 1:] if ln.kind not in _SKIPPED), None)
        return following is not None and _is_content(following)
    return _is_content(line)


def _is_prose(norm: str) -> bool:
    words = len(norm.split())
    return words >= 60 or (words >= 10 and bool(re.search(r"[.;:,!?…]$", norm)))


def _continues(text: str, previous: list[tuple[int, int]], line: _Line) -> bool:
    """Whether a paragraph belongs to the item before it rather than starting a new one."""
    if line.kind != "paragraph":
        return False
    if text[previous[0][0]:previous[0][1]].rstrip().endswith(":"):
        return True  # "- ... các nội dung sau:" followed by its sub-paragraphs
    last = text[previous[-1][0]:previous[-1][1]].rstrip()
    # A hard-wrapped line: no blank line, no closing punctuation, lowercase continuation.
    return not line.blank_before and not _TERMINAL.search(last) and line.norm[0].islower()


def _open(stack: list[_Node], line: _Line, text: str) -> _Node:
    style = line.style if line.kind == "marker" else ("caps" if line.kind == "caps" else "label")
    if stack[-1].style == "closing":
        stack.pop()
    if style in _FIXED_RANK:
        rank = _FIXED_RANK[style]
        while len(stack) > 1 and _FIXED_RANK.get(stack[-1].style, 99) >= rank:
            stack.pop()
    elif any(node.style == style for node in stack):
        while stack[-1].style != style:
            stack.pop()
        stack.pop()
    elif line.kind == "marker" and not line.is_item:
        # A numbered heading is never the child of an unnumbered label.
        while len(stack) > 1 and stack[-1].style == "label":
            stack.pop()
    parent = stack[-1]
    node = _Node(style, line.number, _title(text, line), parent)
    parent.children.append(node)
    stack.append(node)
    return node


def _title(text: str, line: _Line) -> str:
    if line.title:
        return line.title
    title = " ".join(text[line.title_start:line.end].split()).rstrip(":").rstrip()
    if not line.is_item:
        return title
    # An item's title is its opening clause (or first words), marked as cut.
    first = re.split(r"(?<=[.;:!?])\s", title, maxsplit=1)[0].rstrip(".;:!?")
    if len(first.split()) > _TITLE_WORDS:
        first = " ".join(first.split()[:_TITLE_WORDS]).rstrip(",")
    return first if first == title.rstrip(".;:!?") else first + "…"


def _assign_keys(node: _Node) -> None:
    unnumbered = [c for c in node.children if c.style in {"label", "caps"}]
    short = [_label_key(c.title, 2) for c in unnumbered]
    for child, key in zip(unnumbered, short):
        child.key = key if short.count(key) == 1 else _label_key(child.title, 4)
    seen: dict[str, int] = {}
    for child in unnumbered:
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
    if node.style in {"label", "caps", "closing"}:
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
