"""Retrieval quality side by side: sotay hybrid, lexical and dense against a plain article-level BM25.

Question sets:

- ``tests/data/dev_seed.tsv`` and ``paraphrase.tsv`` over the bundled corpus (a hit is a result
  containing the gold excerpt), and both typed without diacritics;
- ``bench/data/legal_dev.tsv`` (tuning half) and ``legal_test.tsv`` (held out) over the 230 law
  articles of ``bench/data/legal_articles.jsonl``, one document per article as an outside
  benchmark gives them, scored by ``doc_id`` through the same call as
  ``sotay search --queries FILE --json --k 10``. The legal corpus is indexed twice: titles as the
  articles carry them ("Điều 8. Điều kiện kết hôn"), and with the law's name in front
  ("Luật Hôn nhân và gia đình 2014 - Điều 8. Điều kiện kết hôn").

The baseline ``bm25-article`` is the simplest thing that works: bm25s over the lowercased pyvi
words of title + text, one entry per article, no other processing.

Indexes are kept in ``--work-dir`` (default: a folder in the system temp dir) and updated
incrementally, so a rerun only re-embeds what changed.

Run: ``python -m bench.retrieval [--work-dir DIR] [--misses]``
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import bm25s
from pyvi import ViTokenizer

from corpus.errors import IndexMismatch
from corpus.normalize import fold
from corpus.read import load_documents
from index.evaluate import EvalReport, Question, evaluate, read_questions
from index.library import Library, default_corpus_dir
from index.settings import Settings

ROOT = Path(__file__).parents[1]
TESTS = ROOT / "tests" / "data"
DATA = ROOT / "bench" / "data"
ARTICLES = DATA / "legal_articles.jsonl"
MODES = ("hybrid", "lexical", "dense")


def pyvi_words(text: str) -> list[str]:
    """The baseline's tokens: pyvi words, lowercased, punctuation dropped."""
    return [w for w in ViTokenizer.tokenize(text).lower().split() if re.search(r"\w", w)]


class ArticleBM25:
    """Plain BM25 with one entry per document (title + text)."""

    def __init__(self, jsonl: Path) -> None:
        docs = load_documents([jsonl]).documents
        self.ids = [d.id for d in docs]
        self.retriever = bm25s.BM25()
        self.retriever.index([pyvi_words(f"{d.title}\n{d.text}") for d in docs], show_progress=False)

    def top(self, query: str, k: int = 10) -> list[str]:
        ids = self.retriever.get_tokens_ids(pyvi_words(query))
        if not ids:
            return []
        scores = self.retriever.get_scores_from_ids(ids)
        order = sorted(range(len(scores)), key=lambda i: -scores[i])[:k]
        return [self.ids[i] for i in order if scores[i] > 0]


def baseline_report(bm25: ArticleBM25, questions: list[Question], k: int = 10) -> EvalReport:
    report = EvalReport(k=k)
    for q in questions:
        top = bm25.top(q.query, k)
        rank = next((i for i, doc_id in enumerate(top, start=1) if doc_id in q.gold_docs), None)
        report.add(q, rank, top[:3])
    return report


def with_law_in_title(work: Path) -> Path:
    """The articles again, the law's name put in front of each title."""
    target = work / "legal_articles_law_title.jsonl"
    lines = []
    for line in ARTICLES.read_text("utf-8").splitlines():
        record = json.loads(line)
        record["title"] = f"{record['law']} - {record['title']}"
        lines.append(json.dumps(record, ensure_ascii=False))
    target.write_text("\n".join(lines) + "\n", "utf-8")
    return target


def open_library(data_dir: Path, source: Path, embedder: object) -> Library:
    library = Library(Settings.load(data_dir=str(data_dir)), embedder=embedder)
    try:
        library.add_paths([source])
    except IndexMismatch:  # built by an older format: re-index what is stored, then update
        library.rebuild()
        library.add_paths([source])
    return library


def row(name: str, mode: str, r: EvalReport) -> str:
    return f"| {name} ({r.questions}) | {mode} | {r.recall(1):.2f} | {r.recall(5):.2f} | {r.recall(10):.2f} | {r.mrr:.3f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work-dir", default=str(Path(tempfile.gettempdir()) / "sotay-bench-retrieval"))
    parser.add_argument("--misses", action="store_true", help="print the questions hybrid misses in the top 10")
    args = parser.parse_args()
    work = Path(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    from index.model import load_embedder

    embedder = load_embedder(Settings.load(data_dir=str(work / "bundled")))
    bundled = open_library(work / "bundled", default_corpus_dir(), embedder)
    dev, para = read_questions(TESTS / "dev_seed.tsv"), read_questions(TESTS / "paraphrase.tsv")
    legal_dev, legal_test = read_questions(DATA / "legal_dev.tsv"), read_questions(DATA / "legal_test.tsv")
    runs: list[tuple[str, Library, list[Question], Callable[[list[Question]], EvalReport] | None]] = [
        ("dev_seed", bundled, dev, None),
        ("paraphrase", bundled, para, None),
        ("no diacritics", bundled, [Question(q.id, fold(q.query), q.gold) for q in dev + para], None),
    ]
    for label, source in (("legal", ARTICLES), ("legal, law in title", with_law_in_title(work))):
        library = open_library(work / label.replace(", ", "-").replace(" ", "-"), source, embedder)
        baseline = ArticleBM25(source)
        for name, questions in (("tune", legal_dev), ("held-out", legal_test)):
            runs.append((f"{label}: {name}", library, questions, lambda qs, b=baseline: baseline_report(b, qs)))
    print("| question set | mode | Recall@1 | Recall@5 | Recall@10 | MRR@10 |\n|---|---|---|---|---|---|")
    misses: list[str] = []
    for name, library, questions, baseline in runs:
        for mode in MODES:
            report = evaluate(library, questions, mode=mode)
            print(row(name, mode, report), flush=True)
            if mode == "hybrid":
                misses += [f"{name}: {q.id} {q.query} → {' | '.join(top)}" for q, top in report.misses]
        if baseline is not None:
            print(row(name, "bm25-article", baseline(questions)), flush=True)
    if args.misses:
        print("\n".join(["", "hybrid misses:", *misses]))


if __name__ == "__main__":
    main()
