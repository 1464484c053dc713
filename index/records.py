"""What the index hands out: stored passages, document summaries and search results."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from corpus.document import Passage


@dataclass(frozen=True)
class DocumentInfo:
    """A document of the library with its metadata and passage count."""

    id: str
    title: str
    number: str
    date: str
    issuer: str
    kind: str
    source: str
    passages: int
    content_hash: str
    signer: str = ""


@dataclass(frozen=True)
class PassageRecord(Passage):
    """A stored passage: the segmenter's :class:`Passage` with its key and citation.

    ``key`` (``"<doc_id>#<order>"``) stays the same across rebuilds while the document does.
    """

    key: str = field(kw_only=True)
    citation: str = field(kw_only=True)

    @classmethod
    def of(cls, passage: Passage, citation: str) -> PassageRecord:
        values = {f.name: getattr(passage, f.name) for f in fields(passage)}
        return cls(**values, key=f"{passage.doc_id}#{passage.order}", citation=citation)


@dataclass(frozen=True)
class SearchResult:
    """One ranked passage for a query, with everything needed to show and cite it."""

    rank: int
    key: str
    doc_id: str
    doc_title: str
    doc_number: str
    section: str
    headings: tuple[str, ...]
    citation: str
    text: str
    score: float
    best_sentence: str
    matched_terms: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """The fields of ``sotay search --json`` (and the app's search endpoint)."""
        data = asdict(self)
        data["headings"] = list(self.headings)
        data["matched_terms"] = list(self.matched_terms)
        return data
