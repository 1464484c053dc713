"""Retrieval quality on a question set: Recall@1/5/10 and MRR@10.

A question's gold is an excerpt (column ``gold``: a hit is a result whose text contains it),
document ids (column ``doc_id``, alternatives separated by ``|``: a hit is a result of one of
those documents, the way an outside benchmark scores ``sotay search --json`` by ``doc_id``), or
both (a passage of one document words it like one of another: "Quyết định này có hiệu lực thi
hành kể từ ngày ký." alone).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from corpus.normalize import normalize
from index.library import Library
from index.records import SearchResult
from index.search import Mode


@dataclass(frozen=True)
class Question:
    id: str
    query: str
    gold: str = ""
    gold_docs: tuple[str, ...] = ()

    def answered_by(self, result: SearchResult) -> bool:
        return self.answers(result.doc_id, result.text)

    def answers(self, doc_id: str, text: str) -> bool:
        """Whether a text of document ``doc_id`` answers: of a gold document, holding the gold
        excerpt, or both when both are given."""
        if self.gold_docs and doc_id not in self.gold_docs:
            return False
        return not self.gold or normalize(self.gold).lower() in normalize(text).lower()


@dataclass
class EvalReport:
    """Figures for one run; ``misses`` are questions with no hit in the top k."""

    k: int
    questions: int = 0
    hits_at: dict[int, int] = field(default_factory=dict)
    reciprocal_ranks: float = 0.0
    misses: list[tuple[Question, list[str]]] = field(default_factory=list)

    def recall(self, at: int) -> float:
        return self.hits_at.get(at, 0) / self.questions if self.questions else 0.0

    @property
    def mrr(self) -> float:
        return self.reciprocal_ranks / self.questions if self.questions else 0.0

    def add(self, question: Question, rank: int | None, top: list[str]) -> None:
        """Count one question answered at ``rank`` (1-based, None for not at all)."""
        self.questions += 1
        for cutoff in sorted({1, 5, 10, self.k}):
            if rank is not None and rank <= cutoff:
                self.hits_at[cutoff] = self.hits_at.get(cutoff, 0) + 1
        if rank is not None and rank <= 10:
            self.reciprocal_ranks += 1.0 / rank
        if rank is None or rank > self.k:
            self.misses.append((question, top))


def read_questions(path: Path) -> list[Question]:
    """Rows of a TSV with columns ``id``, ``query`` and ``gold`` or ``doc_id``."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    columns = set(rows[0] if rows else {})
    if not {"id", "query"} <= columns or not columns & {"gold", "doc_id"}:
        raise ValueError(f"{path.name}: needs columns id, query and gold or doc_id")
    return [
        Question(r["id"], r["query"], r.get("gold") or "", tuple(filter(None, (r.get("doc_id") or "").split("|"))))
        for r in rows
    ]


def evaluate(
    library: Library,
    questions: list[Question],
    *,
    k: int = 10,
    mode: Mode = "hybrid",
    per_doc_limit: int | None = None,
) -> EvalReport:
    """Search each question as ``sotay search --k K`` does and score the results."""
    report = EvalReport(k=k)
    for question in questions:
        results = library.search(question.query, k=max(k, 10), mode=mode, per_doc_limit=per_doc_limit)
        rank = next((r.rank for r in results if question.answered_by(r)), None)
        report.add(question, rank, [r.citation for r in results[:3]])
    return report
