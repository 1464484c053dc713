"""The two records that flow through the whole pipeline: documents and their passages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


class DocumentName(Protocol):
    """What names a document in a citation: a :class:`Document`, or a library's record of one
    (no text needed)."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def number(self) -> str: ...

    @property
    def date(self) -> str: ...

    @property
    def kind(self) -> str: ...


@dataclass
class Document:
    """A document as read from disk, before segmentation.

    ``text`` is the original text (NFC, line breaks as ``\\n``); passage spans index into it.
    Metadata fields are empty strings when unknown; ``date`` is ISO ``YYYY-MM-DD``. ``ocr`` is
    True when some of the text was recognized from scanned pages rather than read from the file.
    """

    id: str
    text: str
    title: str = ""
    number: str = ""
    date: str = ""
    issuer: str = ""
    kind: str = ""
    source: str = ""
    signer: str = ""
    ocr: bool = False
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Passage:
    """A span of a document small enough for the embedding model, with where it stands.

    Attributes:
        doc_id: The id of its document.
        order: Its position among the document's passages, from 0.
        section: The section path, e.g. ``"IV.3.2"`` (empty before the first heading).
        headings: The heading titles along the section path, outermost first.
        point: The 1-based number of the item (bullet/paragraph) inside its section, if any.
        start: Character offset of the passage in ``Document.text``.
        end: End offset (exclusive) in ``Document.text``.
        text: ``Document.text[start:end]``, the original wording to display and quote.
        part: For a long item split at sentence boundaries, 1-based piece number, else 0.
        sub: For a "+" item under a dash item, its 1-based number under it (``point`` is the
            dash item's), else 0.
    """

    doc_id: str
    order: int
    section: str
    headings: tuple[str, ...]
    point: int | None
    start: int
    end: int
    text: str
    part: int = 0
    sub: int = 0
