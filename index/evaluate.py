"""Retrieval quality on a question set: Recall@1/5/10 and MRR@10 against gold excerpts."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from corpus.normalize import normalize
from index.library import Library
from index.search import Mode


@dataclass(frozen=True)
class Question:
    id: str
    query: str
    gold: str


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


def read_questions(path: Path) -> list[Question]:
    """Rows of a TSV with columns ``id``, ``query``, ``gold``."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    missing = {"id", "query", "gold"} - set(rows[0] if rows else {})
    if missing:
        raise ValueError(f"{path.name}: missing columns {sorted(missing)}")
    return [Question(r["id"], r["query"], r["gold"]) for r in rows]


def _contains(text: str, gold: str) -> bool:
    return normalize(gold).lower() in normalize(text).lower()


def evaluate(library: Library, questions: list[Question], *, k: int = 10, mode: Mode = "hybrid") -> EvalReport:
    """A hit is a result whose text contains the gold excerpt after normalization."""
    report = EvalReport(k=k, questions=len(questions))
    cutoffs = sorted({1, 5, 10, k})
    for question in questions:
        results = library.search(question.query, k=max(k, 10), mode=mode)
        rank = next((r.rank for r in results if _contains(r.text, question.gold)), None)
        for cutoff in cutoffs:
            if rank is not None and rank <= cutoff:
                report.hits_at[cutoff] = report.hits_at.get(cutoff, 0) + 1
        if rank is not None and rank <= 10:
            report.reciprocal_ranks += 1.0 / rank
        if rank is None or rank > k:
            report.misses.append((question, [r.citation for r in results[:3]]))
    return report
