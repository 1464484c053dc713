"""Retrieval quality beside plain baselines, all in one run: MRR@10, Recall@5 and Recall@10.

Question sets (dev sets):

- ``alqac: tune`` / ``alqac: held-out``: the outside benchmark in ``../shared/eval`` (2,894 law
  articles, 500 questions, scored by article id), split by the parity of the question number
  (odd: tuning, even: held out). Read from the shared folder, never copied into the repository.
- ``legal: tune`` / ``legal: held-out``: ``bench/data/legal_dev.tsv`` and ``legal_test.tsv`` over
  the 230 law articles of ``bench/data/legal_articles.jsonl``, scored by article id.
- ``dev_seed``: ``tests/data/dev_seed.tsv`` over the bundled corpus (a hit is a result holding
  the gold excerpt).
- ``realdocs: tune`` / ``realdocs: held-out``: ``bench/data/realdocs_dev.tsv``, questions written
  on the 21 documents of ``../shared/realdocs`` (the library holds them all), gold excerpts, split
  by the parity of the question number like ALQAC. A gold excerpt that is in no passage or in
  more than one is reported on stderr: it would score nothing, or a wrong passage as a hit.
- ``realdocs: fresh held-out``: ``bench/data/realdocs_fresh.tsv``, three questions a document on
  the same library, written without running the search after the ranking had been tuned on the
  set above: a check that what was tuned there holds on questions it never saw; never tuned on.
- ``party``: ``bench/data/party_blind.tsv``, 48 questions on a library of four real Party
  documents only (Kết luận 212-KL/TW and Quy định 383-QĐ/TW of ``../shared/realdocs``, the two
  bundled documents), the shape of the issue's unseen measure; written by a writer who never ran
  the search nor saw the other question sets; never tuned on.
- ``shaped``: ``bench/data/shaped_questions.tsv``, 612 questions on two hundred and four pages of
  ``tests/data/shaped`` (written in the portal's shapes for kinds the real pages lack, not real
  documents), in a library of the 21 real pages and the 212 shaped ones; written by the pages'
  writers, who never ran the search; never tuned on.

Systems, each over the same library:

- ``sotay hybrid``, ``sotay lexical``, ``sotay dense``: ``Library.search`` as ``sotay search --json``;
- ``sotay không dấu``: sotay hybrid on the same questions typed without diacritics (folded), as
  many users type them; the questions of a set typed so already count in every row;
- ``sotay thiếu dấu``: sotay hybrid on the same questions with each word's diacritics dropped with
  probability 0.3 (seeded by the question's id), as a hurried user or a phone's autocorrect
  leaves them;
- ``plain bm25``: bm25s over the lowercased pyvi words of title + text, one entry per article for
  the article-scored sets, one per sotay passage (its text alone) for the excerpt-scored ones;
- ``plain dense``: e5 (the same model) over those same entries, query and passage prefixes, texts
  cut at 512 tokens;
- ``plain rrf``: reciprocal rank fusion (k = 60) of the plain top 100 of both.

Indexes and plain vectors are kept in ``--work-dir`` and reused, so a rerun only embeds what
changed. ``--misses`` prints the questions sotay hybrid misses in its top 10.

Run: ``python -m bench.retrieval [--work-dir DIR] [--sets alqac,legal,...] [--misses]``
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import random
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import bm25s
import numpy as np
from pyvi import ViTokenizer

from corpus.errors import IndexMismatch
from corpus.normalize import fold, normalize
from bench.reading import pages
from corpus.read import load_documents
from index.evaluate import EvalReport, Question, evaluate, read_questions
from index.library import Library, default_corpus_dir
from index.model import Embedder, model_build
from index.settings import Settings

ROOT = Path(__file__).parents[1]
TESTS = ROOT / "tests" / "data"
DATA = ROOT / "bench" / "data"
SHARED = ROOT.parent / "shared"
ALQAC = SHARED / "eval" / "alqac2022_legal_qa.json"
REALDOCS = SHARED / "realdocs"
ARTICLES = DATA / "legal_articles.jsonl"
MODES = ("hybrid", "lexical", "dense")
SETS = ("alqac", "legal", "dev_seed", "realdocs", "party", "shaped")
SHAPED = TESTS / "shaped"
PARTY_DOCS = ("212-kl-tw.md", "383-qd-tw.md")
RRF_K = 60
PLAIN_CANDIDATES = 100


def pyvi_words(text: str) -> list[str]:
    """The baseline's tokens: pyvi words of the normalized text, lowercased, punctuation dropped."""
    return [w for w in ViTokenizer.tokenize(normalize(text)).lower().split() if re.search(r"\w", w)]


@dataclass(frozen=True)
class Entry:
    """One thing the plain baselines rank: an article, or a passage of the library."""

    doc_id: str
    text: str


class PlainBaselines:
    """BM25, e5 dense and their RRF over entries, with no other processing (built on first use)."""

    def __init__(self, entries: list[Entry], embedder: Embedder, cache: Path) -> None:
        self.entries = entries
        self.embedder = embedder
        self.cache = cache

    @functools.cached_property
    def bm25(self) -> bm25s.BM25:
        retriever = bm25s.BM25()
        retriever.index([pyvi_words(e.text) or ["∅"] for e in self.entries], show_progress=False)
        return retriever

    @functools.cached_property
    def vectors(self) -> np.ndarray:
        texts = [e.text for e in self.entries]
        # Keyed by the model's build, not its name: a new build of the default embeds them again.
        build = model_build(self.embedder.name)
        digest = hashlib.sha256(json.dumps([build, texts]).encode()).hexdigest()[:16]
        path = self.cache / f"plain-vectors-{digest}.npy"
        if path.is_file():
            return np.load(path)
        vectors = self.embedder.encode_passages(texts)
        np.save(path, vectors)
        return vectors

    def lexical(self, query: str) -> list[int]:
        ids = self.bm25.get_tokens_ids(pyvi_words(query))
        if not ids:
            return []
        scores = self.bm25.get_scores_from_ids(ids)
        top = np.argsort(-scores, kind="stable")[:PLAIN_CANDIDATES]
        return [int(i) for i in top if scores[i] > 0]

    def dense(self, query: str) -> list[int]:
        sims = self.vectors @ self.embedder.encode_queries([query])[0]
        return [int(i) for i in np.argsort(-sims, kind="stable")[:PLAIN_CANDIDATES]]

    def rrf(self, query: str) -> list[int]:
        fused: dict[int, float] = {}
        for ranking in (self.lexical(query), self.dense(query)):
            for rank, i in enumerate(ranking, start=1):
                fused[i] = fused.get(i, 0.0) + 1.0 / (RRF_K + rank)
        return sorted(fused, key=lambda i: -fused[i])

    def report(self, questions: list[Question], rank: Callable[[str], list[int]], k: int = 10) -> EvalReport:
        report = EvalReport(k=k)
        for q in questions:
            top = [self.entries[i] for i in rank(q.query)[:k]]
            hit = next((n for n, e in enumerate(top, start=1) if q.answers(e.doc_id, e.text)), None)
            report.add(q, hit, [e.doc_id for e in top[:3]])
        return report


@dataclass
class DevSet:
    name: str
    library: Library
    questions: list[Question]
    baselines: PlainBaselines


def open_library(data_dir: Path, sources: Sequence[Path], embedder: Embedder) -> Library:
    library = Library(Settings.load(data_dir=str(data_dir)), embedder=embedder)
    try:
        library.add_paths(sources)
    except IndexMismatch:  # built by an older format: re-index what is stored, then update
        library.rebuild()
        library.add_paths(sources)
    return library


def article_entries(jsonl: Path) -> list[Entry]:
    return [Entry(d.id, f"{d.title}\n{d.text}") for d in load_documents([jsonl]).documents]


def passage_entries(library: Library) -> list[Entry]:
    return [Entry(p.doc_id, p.text) for p in library.passages()]


# Share of a question's words whose diacritics the "thiếu dấu" row drops.
MISSING_SHARE = 0.3


def marks_missing(query: str, seed: str) -> str:
    """``query`` with each word's diacritics dropped with probability ``MISSING_SHARE``, the same
    words for the same ``seed``."""
    chance = random.Random(seed)
    return " ".join(fold(word) if chance.random() < MISSING_SHARE else word for word in query.split(" "))


def alqac_jsonl(work: Path) -> Path:
    """The benchmark's articles as a JSONL library file, in the work dir (outside the repository)."""
    target = work / "alqac.jsonl"
    data = json.loads(ALQAC.read_text("utf-8"))
    lines = [json.dumps({"id": p["id"], "title": p["title"], "text": p["text"]}, ensure_ascii=False) for p in data["passages"]]
    content = "\n".join(lines) + "\n"
    if not target.is_file() or target.read_text("utf-8") != content:
        target.write_text(content, "utf-8")
    return target


def parity_halves(questions: list[Question]) -> tuple[list[Question], list[Question]]:
    """(tuning half, held-out half): odd question numbers (the id's last digits) tune, even ones are held out."""
    number = lambda q: int(re.search(r"\d+$", q.id).group())  # noqa: E731
    return [q for q in questions if number(q) % 2], [q for q in questions if not number(q) % 2]


def alqac_questions() -> tuple[list[Question], list[Question]]:
    queries = json.loads(ALQAC.read_text("utf-8"))["queries"]
    return parity_halves([Question(q["id"], q["text"], gold_docs=tuple(q["relevant"])) for q in queries])


def ambiguous_golds(library: Library, questions: list[Question]) -> list[str]:
    """Questions whose gold (an excerpt, with its document when given) is in no passage of the
    library, or in more than one."""
    passages = library.passages()
    counts = {q.id: sum(q.answers(p.doc_id, p.text) for p in passages) for q in questions if q.gold}
    return [f"{qid}: gold in {n} passages" for qid, n in counts.items() if n != 1]


def dev_sets(work: Path, embedder: Embedder, names: Sequence[str]) -> list[DevSet]:
    sets: list[DevSet] = []
    if "alqac" in names:
        source = alqac_jsonl(work)
        library = open_library(work / "alqac", [source], embedder)
        plain = PlainBaselines(article_entries(source), embedder, work)
        tune, held_out = alqac_questions()
        sets += [DevSet("alqac: tune", library, tune, plain), DevSet("alqac: held-out", library, held_out, plain)]
    if "legal" in names:
        library = open_library(work / "legal", [ARTICLES], embedder)
        plain = PlainBaselines(article_entries(ARTICLES), embedder, work)
        sets += [
            DevSet("legal: tune", library, read_questions(DATA / "legal_dev.tsv"), plain),
            DevSet("legal: held-out", library, read_questions(DATA / "legal_test.tsv"), plain),
        ]
    if "dev_seed" in names:
        library = open_library(work / "bundled", [default_corpus_dir()], embedder)
        sets.append(DevSet("dev_seed", library, read_questions(TESTS / "dev_seed.tsv"),
                           PlainBaselines(passage_entries(library), embedder, work)))
    if "realdocs" in names:
        library = open_library(work / "realdocs", pages(REALDOCS), embedder)
        questions = {name: read_questions(DATA / name) for name in ("realdocs_dev.tsv", "realdocs_fresh.tsv")}
        for name, asked in questions.items():
            for problem in ambiguous_golds(library, asked):
                print(f"{name}: {problem}", file=sys.stderr)
        plain = PlainBaselines(passage_entries(library), embedder, work)
        tune, held_out = parity_halves(questions["realdocs_dev.tsv"])
        sets += [
            DevSet("realdocs: tune", library, tune, plain),
            DevSet("realdocs: held-out", library, held_out, plain),
            DevSet("realdocs: fresh held-out", library, questions["realdocs_fresh.tsv"], plain),
        ]
    if "party" in names:
        library = open_library(work / "party", [*(REALDOCS / name for name in PARTY_DOCS), default_corpus_dir()], embedder)
        asked = read_questions(DATA / "party_blind.tsv")
        for problem in ambiguous_golds(library, asked):
            print(f"party_blind.tsv: {problem}", file=sys.stderr)
        sets.append(DevSet("party", library, asked, PlainBaselines(passage_entries(library), embedder, work)))
    if "shaped" in names:
        library = open_library(work / "shaped", [*pages(REALDOCS), *pages(SHAPED)], embedder)
        asked = read_questions(DATA / "shaped_questions.tsv")
        for problem in ambiguous_golds(library, asked):
            print(f"shaped_questions.tsv: {problem}", file=sys.stderr)
        sets.append(DevSet("shaped", library, asked, PlainBaselines(passage_entries(library), embedder, work)))
    return sets


def row(name: str, system: str, r: EvalReport) -> str:
    return f"| {name} ({r.questions}) | {system} | {r.mrr:.3f} | {r.recall(5):.3f} | {r.recall(10):.3f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work-dir", default=str(Path(tempfile.gettempdir()) / "sotay-bench-retrieval"))
    parser.add_argument("--sets", default=",".join(SETS), help=f"comma-separated, of {', '.join(SETS)}")
    parser.add_argument("--misses", action="store_true", help="print the questions sotay hybrid misses in the top 10")
    args = parser.parse_args()
    work = Path(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    from index.model import load_embedder

    embedder = load_embedder(Settings.load(data_dir=str(work / "bundled")))
    print("| dev set | system | MRR@10 | R@5 | R@10 |\n|---|---|---|---|---|")
    misses: list[str] = []
    for dev in dev_sets(work, embedder, args.sets.split(",")):
        for mode in MODES:
            report = evaluate(dev.library, dev.questions, mode=mode)
            print(row(dev.name, f"sotay {mode}", report), flush=True)
            if mode == "hybrid":
                misses += [f"{dev.name}: {q.id} {q.query} → {' | '.join(top)}" for q, top in report.misses]
        unaccented = [replace(q, query=fold(q.query)) for q in dev.questions]
        print(row(dev.name, "sotay không dấu", evaluate(dev.library, unaccented)), flush=True)
        missing = [replace(q, query=marks_missing(q.query, q.id)) for q in dev.questions]
        print(row(dev.name, "sotay thiếu dấu", evaluate(dev.library, missing)), flush=True)
        plain = dev.baselines
        for system, rank in (("plain bm25", plain.lexical), ("plain dense", plain.dense), ("plain rrf", plain.rrf)):
            print(row(dev.name, system, plain.report(dev.questions, rank)), flush=True)
    if args.misses:
        print("\n".join(["", "sotay hybrid misses:", *misses]))


if __name__ == "__main__":
    main()
