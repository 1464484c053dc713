"""Human citations for passages, in the way Vietnamese documents refer to each other.

``citation()`` is the reference shown under a search result or a quiz answer
("Kế hoạch 230-KH/TU, mục IV.3.2 (Về công tác cán bộ), ý 4"); ``quote_citation()`` is the
parenthesized form a propagandist appends to a quoted passage
("(Kế hoạch số 230-KH/TU ngày 10/3/2023, mục IV.3.1)").
"""

from __future__ import annotations

import itertools
import re

from corpus.document import DocumentName, Passage
from corpus.lines import ATTACHED
from corpus.metadata import long_name, short_name, trim_title

# Section path components (see corpus.segment): "(3)" items, "a)" items, lowercase label keys,
# and the numbered part ("IV", "3", "Điều 5", ...). The one reading of section paths: citations,
# the app's labels and outline, and the index's units all split paths with it.
SECTION_COMPONENT = re.compile(r"\([0-9a-zđ]+\)|[^.(]+")
# A text issued with the document ("Quy định kèm theo") is a division as an appendix is.
_ATTACHED_TEXT = rf"[^\W\d_][^\W\d_ ]*(?: [^\W\d_]+)* {ATTACHED}"
_NUMBERED = re.compile(
    rf"[IVXLC]+|[A-H]|\d+|(?:Phần|Chương|Mục|Điều|PHẦN|CHƯƠNG|MỤC|ĐIỀU)\s.+|Phụ lục(?:\s.+)?|{_ATTACHED_TEXT}"
)
# The section path component of a data table ("bảng", or "bảng 2" where a section holds several):
# its rows are the passages under it, cited "dòng N" (Passage.point), never as sections.
TABLE = "bảng"
_TABLE_COMPONENT = re.compile(rf"{TABLE}(?: \d+)?")
_APPENDIX = "Phụ lục"
# What an amending text's clause amends, from its heading over the new wording ("Sửa đổi, bổ sung
# khoản 2 Điều 5 như sau", "Bổ sung Điều 25a vào sau Điều 25 như sau").
_AMENDS = re.compile(
    r"(?:Sửa đổi, bổ sung|Sửa đổi|Bổ sung|Thay thế)\s+(?:(?:điểm|khoản|tiết)\s+\S+\s+)*Điều\s+\d+[a-zđ]?\b"
    r"(?=.*\bnhư sau\W*$)",
    re.IGNORECASE,
)
_ROMAN = re.compile(r"[IVXLC]+")
# The named units of laws, decrees and Party rules ("Chương II", "Mục 1", "Điều 5"). Capitalized:
# a lowercase "mục tiêu tổng quát" is a labelled part, not a unit.
_LEGAL_UNIT = re.compile(r"(?:Phần|Chương|Mục|Điều|PHẦN|CHƯƠNG|MỤC|ĐIỀU)\s")


def section_components(section: str) -> list[str]:
    """A section path's components: ``I.2.đột phá(3)`` → ``["I", "2", "đột phá", "(3)"]``,
    ``I.2(a)`` → ``["I", "2", "(a)"]``, ``Chương II.Điều 5.1.a)`` → ``["Chương II", "Điều 5",
    "1", "a)"]``."""
    return SECTION_COMPONENT.findall(section)


def numbered_components(section: str) -> list[str]:
    """A section path's leading numbered components: ``IV.3.1`` → all three, ``B.2.NỘI DUNG QUY
    TRÌNH`` → ``["B", "2"]`` (a label read from the layout is no numbered part)."""
    components = section_components(section)
    lead = 0
    while lead < len(components) and _NUMBERED.fullmatch(components[lead]):
        lead += 1
    return components[:lead]


def is_issued_text(component: str) -> bool:
    """Whether a section path component is a text issued with the document ("Quy định kèm theo")."""
    return component.endswith(f" {ATTACHED}")


def is_legal_unit(component: str) -> bool:
    """Whether a section path component is a named legal unit ("Chương II", "Điều 5")."""
    return bool(_LEGAL_UNIT.match(component))


def legal_units(numbered: str) -> list[str]:
    """A numbered section path read unit by unit, the numbers after an article being its clauses
    (a Roman numeral its "mục"): ``Chương II.Mục 1.Điều 5.1`` → ``["Chương II", "Mục 1", "Điều 5",
    "khoản 1"]``, ``Điều 1.II.2`` → ``["Điều 1", "mục II", "khoản 2"]``; empty when
    the path names no legal unit (a plan's ``IV.3.1``)."""
    components = section_components(numbered)
    if not any(is_legal_unit(c) for c in components):
        return []
    units, in_article = [], False
    for component in components:
        if is_legal_unit(component):
            in_article = component.split()[0].lower() == "điều"
            units.append(component)
        elif in_article:
            # A decision's article holding a plan in Roman parts: "khoản 2 mục II Điều 1".
            units.append(f"{'mục' if _ROMAN.fullmatch(component) else 'khoản'} {component}")
        else:
            units.append(component)
    return units


def is_table_row(passage: Passage) -> bool:
    """Whether a passage is a row of a data table (its section path ends with the table)."""
    components = section_components(passage.section)
    return bool(components) and bool(_TABLE_COMPONENT.fullmatch(components[-1]))


def citation(doc: DocumentName, passage: Passage) -> str:
    """The reference for a passage: document, numbered section with its title, sub-section, item.

    Examples: ``Kế hoạch 230-KH/TU, mục IV.3.2 (Về công tác cán bộ), ý 4``;
    ``Nghị quyết Đại hội ... của Đảng, mục I.2 (Tầm nhìn và định hướng phát triển), Các đột phá
    chiến lược, ý (3)``.
    """
    return ", ".join([short_name(doc), *_location(passage)])


def quote_citation(doc: DocumentName, passage: Passage) -> str:
    """The parenthesized source for a quote: ``(Kế hoạch số 230-KH/TU ngày 10/3/2023, mục IV.3.1)``."""
    numbered, _, tail = _split_section(passage)
    parts = [long_name(doc)]
    if numbered:
        parts.append(_reference(numbered, ()))
    elif not passage.section:
        parts.append("phần mở đầu")
    # A lettered point is part of a legal reference ("Điều 17, khoản 2, điểm a"); sub-section
    # titles and bullet numbers would only lengthen a quote's source.
    parts.extend(t for t in tail if t.startswith(("điểm ", f"{TABLE} ")))
    if is_table_row(passage) and passage.point is not None:
        parts.append(f"dòng {passage.point}")
    return f"({', '.join(parts)})"


def _location(passage: Passage) -> list[str]:
    numbered, titles, tail = _split_section(passage)
    parts: list[str] = []
    if numbered:
        parts.append(_reference(numbered, titles))
    elif not passage.section:
        parts.append("phần mở đầu")
    parts.extend(tail)
    if passage.point is not None:
        # "ý" reads right for bullets and paragraphs alike; a table's row is its "dòng"; the
        # second "+" line under the first dash is "ý 1.2".
        number = f"{passage.point}.{passage.sub}" if passage.sub else str(passage.point)
        parts.append(f"{'dòng' if is_table_row(passage) else 'ý'} {number}")
    return parts


def _reference(numbered: str, titles: tuple[str, ...]) -> str:
    """``IV.3.2`` → ``mục IV.3.2 (title of 3.2)``; legal texts cite the divisions, the article
    with its title and the clauses: ``Chương II.Điều 5.1`` → ``Chương II, Điều 5 (Trách nhiệm),
    khoản 1``. ``titles`` holds one heading per component, or none."""
    components = section_components(numbered)
    if components[0].startswith(_APPENDIX) or is_issued_text(components[0]):
        # "Phụ lục II.A.1": the appendix, then the reference inside it ("mục A.1 (…)"); "Quy
        # định kèm theo.Chương I.Điều 1" as "Quy định kèm theo, Chương I, Điều 1 (…)".
        # Its name (a line in capitals) is left out: "Phụ lục I" finds it.
        inner = numbered[len(components[0]) + 1:]
        head = components[0]
        if head == _APPENDIX and titles and titles[0] and titles[0].lower() != head.lower():
            # An appendix without a number is told by its name (a portal page may drop a
            # decree's "PHỤ LỤC I" line and keep "CÔNG VIỆC KHAI THÁC THAN TRONG HẦM LÒ").
            head = f"{head} ({trim_title(titles[0])})"
        return ", ".join([head, _reference(inner, titles[1:])]) if inner else head
    units = legal_units(numbered) or components
    article = next((i for i, u in enumerate(units) if u.split()[0].lower() == "điều"), None)
    index = len(units) - 1 if article is None else article
    title = trim_title(titles[index]) if index < len(titles) and titles[index] else ""
    named = f" ({title})" if title else ""
    if article is None:
        # A plan in parts: "Phần thứ hai, mục A.1 (…)", not "mục Phần thứ hai.A.1".
        divisions = list(itertools.takewhile(is_legal_unit, units))
        rest = ".".join(units[len(divisions):])
        return ", ".join([*divisions[:-1], divisions[-1] + named] if not rest else [*divisions, f"mục {rest}{named}"])
    # The article with the divisions it stands in, as the real structure names it: "Chương II,
    # Điều 6 (…), khoản 1".
    divisions = [unit for unit in units[:article] if is_legal_unit(unit)]
    inside = [
        # An amending text's clause names what it amends: "khoản 2 (sửa đổi, bổ sung Điều 12),
        # khoản 1" is clause 1 of the new Điều 12, not a clause of a clause.
        f"{unit} ({amends[0][0].lower()}{amends[0][1:]})" if (amends := _AMENDS.match(title)) else unit
        for unit, title in itertools.zip_longest(units[article + 1:], titles[article + 1:len(units)], fillvalue="")
    ]
    return ", ".join([*divisions, units[article] + named, *inside])


def _split_section(passage: Passage) -> tuple[str, tuple[str, ...], list[str]]:
    """Split a section path into its leading numbered part, that part's headings (one per
    component), and the rest (sub-section titles and item markers) in reading form."""
    components = section_components(passage.section)
    lead = len(numbered_components(passage.section))
    rest = components[lead:]
    # Each component after the numbered part owns one heading, counted from the end.
    owned = len(passage.headings) - len(rest)
    tail = []
    for component, title in zip(rest, passage.headings[max(owned, 0):]):
        if component.startswith("("):
            tail.append(f"ý {component}")
        elif component.endswith(")"):
            tail.append(f"điểm {component[:-1]}")
        elif _NUMBERED.fullmatch(component):
            tail.append(f"ý {component}")
        elif _TABLE_COMPONENT.fullmatch(component) and not title:
            if component != TABLE:
                tail.append(component)  # "bảng 2"; a section's only table goes without saying
        else:
            tail.append(trim_title(title) if title else component)
    titles = passage.headings[max(owned - lead, 0):max(owned, 0)] if lead else ()
    return ".".join(components[:lead]), titles, tail
