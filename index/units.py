"""Units: the passages that belong together (an article, a short section, a short document).

Passages are cut small — a clause, a bullet — so that the model sees one idea at a time; but a
question is usually answered by an article as a whole, and the words that say what the article is
about stand in its title, not in its clauses. A unit gathers the passages of one article ("Điều",
wherever it stands in the section path), otherwise of the smallest section (or whole document)
that is short enough to read as one piece. Units are scored as a whole by BM25 and rank their
passages together.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from corpus.cite import is_issued_text, section_components
from corpus.document import Passage
from corpus.titlecase import as_sentence, is_caps
from index.tokens import folded_tokens, pyvi_words, word_tokens

# The longest text taken for a bare heading ("Điều 17. Trách nhiệm của …" with nothing under it).
MAX_HEADING_CHARS = 200
_MARKUP = re.compile(r"[*#_\s]+")
_SENTENCE_END = re.compile(r"[.;:!?…]$")
# A heading names a part and gives nothing: a value after a colon ("2.4. Số lượng hồ sơ: 01 (bộ)",
# a table row "TT: B4; Trình tự: …") or cells after a semicolon make a line content. A colon right
# after a bare number names the part all the same ("Điều 1: Phạm vi", "Bước 3: Chuẩn bị nhân sự").
_VALUE = re.compile(r"[:;]\s*\S")
_NUMBER_COLON = re.compile(r"^(?:[^\W\d_]+\s+){0,2}(?:\d+[a-z]?|[IVXLC]+)\s*:")

# A unit longer than this is split along its sections: about a long law article (Điều 3 of the
# Law on Marriage and Family, 25 definitions, is 5,500 characters).
MAX_UNIT_CHARS = 8000


def _components(passage: Passage) -> list[str]:
    """The levels of a passage's section path: its components, a "(3)" item together with the
    section it numbers ("đột phá(3)"), so that a long section is cut into its items."""
    levels: list[str] = []
    for component in section_components(passage.section):
        if component.startswith("(") and levels:
            levels[-1] += component
        else:
            levels.append(component)
    return levels


def _article_key(passage: Passage) -> tuple[str, ...] | None:
    parts = _components(passage)
    for depth, part in enumerate(parts, start=1):
        if part.startswith("Điều "):
            return tuple(parts[:depth])
    return None


def _windows(rows: list[int], passages: Sequence[Passage]) -> list[list[int]]:
    """Consecutive runs of rows of at most MAX_UNIT_CHARS (a long run under one flat section)."""
    windows: list[list[int]] = [[]]
    size = 0
    for r in rows:
        if windows[-1] and size + len(passages[r].text) > MAX_UNIT_CHARS:
            windows.append([])
            size = 0
        windows[-1].append(r)
        size += len(passages[r].text)
    return windows


def _split(rows: list[int], passages: Sequence[Passage], depth: int) -> list[list[int]]:
    size = sum(len(passages[r].text) for r in rows)
    if size <= MAX_UNIT_CHARS:
        return [rows]
    if all(len(_components(passages[r])) <= depth for r in rows):
        # No deeper section to cut at: a unit shares its title and headings with every passage,
        # so a hundred passages under one heading would all rank together.
        return _windows(rows, passages)
    buckets: dict[tuple[str, ...], list[int]] = {}
    for r in rows:
        buckets.setdefault(tuple(_components(passages[r])[: depth + 1]), []).append(r)
    return [unit for bucket in buckets.values() for unit in _split(bucket, passages, depth + 1)]


def assign_units(passages: Sequence[Passage]) -> list[int]:
    """The unit number of each passage row (rows grouped by document, in document order)."""
    by_doc: dict[str, list[int]] = {}
    for row, passage in enumerate(passages):
        by_doc.setdefault(passage.doc_id, []).append(row)
    unit_of = [0] * len(passages)
    count = 0
    for rows in by_doc.values():
        articles: dict[tuple[str, ...] | None, list[int]] = {}
        for r in rows:
            articles.setdefault(_article_key(passages[r]), []).append(r)
        # A document with articles is cut at them; one without, by size along its sections.
        groups = _split(rows, passages, 0) if list(articles) == [None] else list(articles.values())
        for group in groups:
            for r in group:
                unit_of[r] = count
            count += 1
    return unit_of


def is_bare_heading(text: str) -> bool:
    """Whether a passage is only a heading: short, not ended like a sentence or a clause, and
    giving no value ("label: value", a table row)."""
    bare = _MARKUP.sub(" ", text).strip()
    return (
        0 < len(bare) <= MAX_HEADING_CHARS
        and not _SENTENCE_END.search(bare)
        and not _VALUE.search(_NUMBER_COLON.sub("", bare, count=1))
    )


# The label a list item or a heading starts with, as its shape: "(11).", "2.", "1.2.", "a)", "II.", "-".
_LABEL = re.compile(r"\s*(?:\((\d+|[a-zđ])\)|([IVXLC]+)\b|(\d+(?:\.\d+)*)|([a-zđ])\b)\s*([.):]?)|\s*([-+•])")


def _label_shape(text: str) -> tuple[str, ...] | None:
    m = _LABEL.match(_MARKUP.sub(" ", text))
    if not m:
        return None
    bracketed, roman, number, letter, mark, bullet = m.groups()
    if bullet:
        return (bullet,)
    if bracketed:
        return ("(d)" if bracketed.isdigit() else "(a)", mark)
    if not mark:
        return None
    return ("d" * len(number.split(".")) if number else "I" if roman else "a", mark)


def bodies_of_headings(passages: Sequence[Passage]) -> dict[int, int]:
    """Bare heading row → the row after it in the same document (rows in document order).

    A short item followed by one labelled alike ("(11). Thông tin về …" then "(12). …", "III. …"
    then "IV. …") is a list item or an empty part, not a heading over its sibling.
    """
    return {
        row: row + 1
        for row, passage in enumerate(passages[:-1])
        if passages[row + 1].doc_id == passage.doc_id and is_bare_heading(passage.text)
        and ((shape := _label_shape(passage.text)) is None or shape != _label_shape(passages[row + 1].text))
    }


def unit_headings(passages: Sequence[Passage], rows: list[int]) -> list[str]:
    """The distinct headings of a unit's passages, in order: what the unit is about."""
    seen: dict[str, None] = {}
    for r in rows:
        for heading in passages[r].headings:
            seen.setdefault(heading, None)
    return list(seen)


def unit_fields(
    passages: Sequence[Passage],
    words: Sequence[list[str]],
    folded: Sequence[list[str]],
    titles: dict[str, str],
    leads: dict[str, str],
) -> tuple[list[int], dict[str, list[list[str]]]]:
    """Units of the passage rows and each unit's lexical fields (the passages' two, and "plain").

    A unit's tokens are its document's title, its headings and its passages' own tokens, so
    that "Theo Luật Hôn nhân và gia đình, điều kiện kết hôn..." finds the article by its name.
    A document that is one unit adds its lead (``leads``: the text before its first passage,
    which no passage holds): an article given as a document opens with its name there
    ("Các nguyên tắc cơ bản của pháp luật dân sự"), the words most questions use.
    The "plain" field is what plain BM25 over an article reads: pyvi words without their
    syllables, and no item titles (cut from the passage they open, they would count it twice).
    """
    unit_of = assign_units(passages)
    members: dict[int, list[int]] = {}
    for row, unit in enumerate(unit_of):
        members.setdefault(unit, []).append(row)
    units_of_doc: dict[str, set[int]] = {}
    for passage, unit in zip(passages, unit_of):
        units_of_doc.setdefault(passage.doc_id, set()).add(unit)
    # Titles and headings repeat from unit to unit of a document: segmented once each.
    segmented: dict[str, list[str]] = {}

    def tokens(text: str) -> list[str]:
        if text not in segmented:
            segmented[text] = word_tokens(text)
        return segmented[text]

    fields: dict[str, list[list[str]]] = {"words": [], "folded": [], "plain": []}
    for unit in range(len(members)):
        rows = members[unit]
        doc_id = passages[rows[0]].doc_id
        lead = leads.get(doc_id, "") if len(units_of_doc[doc_id]) == 1 else ""
        about = [titles.get(doc_id, ""), lead, *unit_headings(passages, rows)]
        fields["words"].append([t for text in about for t in tokens(text)] + [t for r in rows for t in words[r]])
        fields["folded"].append(folded_tokens("\n".join(about)) + [t for r in rows for t in folded[r]])
        plain = [t for text in about if not text.endswith("…") for t in pyvi_words(tokens(text))]
        fields["plain"].append(plain + [t for r in rows for t in pyvi_words(words[r])])
    return unit_of, fields


# A parenthesized document number in a title, "(91/2015/QH13)", "(văn bản hợp nhất 01/VBHN-VPQH)".
_CODE = re.compile(r"\s*\([^()]*\d+[/-][^()]*\)")


def model_inputs(passages: Sequence[Passage], title: str) -> list[str]:
    """What the embedding model reads for each passage of one document.

    A clause ("c) Không bị mất năng lực hành vi dân sự;") means little alone: it is prefixed
    with the headings above it that its text does not already repeat and, when the document is
    one unit (an article given as its own document), with the document's title less a document
    number in brackets: to the model that is word pieces (7 of the 15 tokens of "Bộ luật Dân sự
    2015 (91/2015/QH13), Điều 2"), a twelfth of what an outside benchmark's clauses cost to encode,
    with no loss measured (docs/search.md); the lexical side still reads it. Headings typed in
    capitals are given in sentence case (:func:`_readable_headings`).
    """
    whole = len(set(assign_units(passages))) == 1
    short = _CODE.sub("", title).strip()
    readable = _readable_headings(passages)
    inputs = []
    for p in passages:
        context = [short] if whole and short else []
        context += [readable.get(h, h) for h in _context_headings(p) if h.rstrip("…")[:40] not in p.text]
        inputs.append(" – ".join(context) + "\n" + p.text if context else p.text)
    return inputs


def _context_headings(passage: Passage) -> tuple[str, ...]:
    """The headings a passage's model input opens with: all but the name of a text issued with
    the document ("Quy định kèm theo"'s subject), which, like the document's title, every one of
    its passages would carry: "Trong Quyết định này, các từ ngữ dưới đây được hiểu như sau:"
    under "… Cổng thông tin điện tử tỉnh Bắc Ninh …" outranked the definition of that portal."""
    components = section_components(passage.section)
    if len(components) != len(passage.headings) or not components or not is_issued_text(components[0]):
        return passage.headings
    return passage.headings[1:]


def _readable_headings(passages: Sequence[Passage]) -> dict[str, str]:
    """Each heading typed in capitals → in sentence case ("NHIỆM VỤ VÀ GIẢI PHÁP CỦA ỦY BAN NHÂN
    DÂN TỈNH ĐỒNG NAI" → "Nhiệm vụ và giải pháp của Ủy ban nhân dân tỉnh Đồng Nai"): the model
    reads capitals as rare word pieces. (Capitalizing the names the document's own text does,
    as titles are, scored a little lower on the real documents: docs/search.md.)"""
    return {h: as_sentence(h) for p in passages for h in p.headings if is_caps(h)}
