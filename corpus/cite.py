"""Human citations for passages, in the way Vietnamese documents refer to each other.

``citation()`` is the reference shown under a search result or a quiz answer
("Kế hoạch 230-KH/TU, mục IV.3.2 (Về công tác cán bộ), ý 4"); ``quote_citation()`` is the
parenthesized form a propagandist appends to a quoted passage
("(Kế hoạch số 230-KH/TU ngày 10/3/2023, mục IV.3.1)").
"""

from __future__ import annotations

import re

from corpus.document import Document, Passage
from corpus.metadata import long_name, short_name, trim_title

# Section path components (see corpus.segment): "(3)" items, "a)" items, lowercase label keys,
# and the numbered part ("IV", "3", "Điều 5", ...).
_COMPONENT = re.compile(r"\(\d+\)|[^.(]+")


def citation(doc: Document, passage: Passage) -> str:
    """The reference for a passage: document, numbered section with its title, sub-section, item.

    Examples: ``Kế hoạch 230-KH/TU, mục IV.3.2 (Về công tác cán bộ), ý 4``;
    ``Nghị quyết Đại hội ... của Đảng, mục I.2 (Tầm nhìn và định hướng phát triển), Các đột phá
    chiến lược, ý (3)``.
    """
    return ", ".join([short_name(doc), *_location(passage)])


def quote_citation(doc: Document, passage: Passage) -> str:
    """The parenthesized source for a quote: ``(Kế hoạch số 230-KH/TU ngày 10/3/2023, mục IV.3.1)``."""
    numbered, _, _ = _split_section(passage)
    parts = [long_name(doc)]
    if numbered:
        parts.append(f"mục {numbered}")
    return f"({', '.join(parts)})"


def _location(passage: Passage) -> list[str]:
    numbered, numbered_title, tail = _split_section(passage)
    parts: list[str] = []
    if numbered:
        title = trim_title(numbered_title) if numbered_title else ""
        parts.append(f"mục {numbered}" + (f" ({title})" if title else ""))
    elif not passage.section:
        parts.append("phần mở đầu")
    parts.extend(tail)
    if passage.point is not None:
        parts.append(f"ý {passage.point}")  # "ý" reads right for bullets and paragraphs alike
    return parts


def _split_section(passage: Passage) -> tuple[str, str, list[str]]:
    """Split a section path into its numbered prefix, that prefix's title, and the rest
    (label titles and item markers) in reading form."""
    components = _COMPONENT.findall(passage.section)
    headings = list(passage.headings)
    tail: list[str] = []
    # Walk from the innermost component; each one owns one heading from the end.
    while components and not _is_numbered(components[-1]):
        component = components.pop()
        title = headings.pop() if headings else ""
        if component.startswith("("):
            tail.append(f"ý {component}")
        elif component.endswith(")"):
            tail.append(f"điểm {component[:-1]}")
        else:
            tail.append(trim_title(title) if title else component)
    tail.reverse()
    numbered = passage.section[: sum(len(c) for c in components) + max(len(components) - 1, 0)]
    return numbered, (headings[-1] if numbered and headings else ""), tail


def _is_numbered(component: str) -> bool:
    return not (component.startswith("(") or component.endswith(")") or component[:1].islower())
