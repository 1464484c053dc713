"""Search benchmark: build cost, size, memory and query latency, against two baselines, same run.

For the bundled corpus and for synthetic corpora of 10k and 100k passages, prints:
index build time and passages/s, index size on disk, process RSS, and query latency p50/p95 over
at least 200 queries for (a) BM25 alone, (b) the plain pipeline a user would otherwise write
(sentence-transformers encode + FAISS flat search, nothing else) and (c) sotay's hybrid search
(acronym expansion, BM25 + dense, fusion, filters, highlights, best sentence).

Synthetic passages are made from the real ones so text statistics stay realistic: each joins
two or three sentences drawn from different real passages; its tokens are those sentences'
tokens and its vector is the normalized sum of the source passages' real embeddings plus a little
noise (encoding 100k texts on 2 cores would take most of an hour and measure the model, not the
index). Synthetic build time therefore excludes embedding; the bundled-corpus build includes it.

Run: ``python bench/search.py [--sizes 10000 100000] [--queries 200] [--hnsw-too]``
"""

from __future__ import annotations

import os

# As index.model does for the app: OpenMP threads that spin while idle steal the only other core.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path

import faiss
import numpy as np
import torch
from sentence_transformers import SentenceTransformer

from corpus.document import Document
from index.highlight import sentences
from index.library import Library
from index.model import build_model, model_build
from index.records import PassageRecord
from index.settings import Settings
from index.store import Generation, StoredPassage, write_generation


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"p50 {statistics.median(ordered) * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms"


def make_queries(passages: list[PassageRecord], n: int, seed: int = 7) -> list[str]:
    """Query-like snippets: 5–10 consecutive words from random passages, plus the dev questions."""
    rng = random.Random(seed)
    dev = [line.split("\t")[1] for line in Path(__file__).parents[1].joinpath("tests/data/dev_seed.tsv").read_text("utf-8").splitlines()[1:]]
    queries = list(dev)
    while len(queries) < n:
        words = rng.choice(passages).text.split()
        start = rng.randrange(max(1, len(words) - 10))
        queries.append(" ".join(words[start : start + rng.randint(5, 10)]))
    return queries[:n]


def plain_model(settings: Settings) -> SentenceTransformer:
    """The model as a user would load it: sentence-transformers straight from the built directory."""
    return SentenceTransformer(str(build_model(settings)), device="cpu", model_kwargs={"dtype": torch.float32})


def compare(lib: Library, gen: Generation, vectors: np.ndarray, queries: list[str], model: SentenceTransformer) -> None:
    """Time the three pipelines on the same queries, interleaved so machine noise hits all alike."""
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)

    def plain(q: str) -> None:
        v = model.encode([q], prompt="query: ", convert_to_numpy=True, normalize_embeddings=True)
        flat.search(np.asarray(v, dtype=np.float32), 10)

    runs = {
        "(a) BM25 alone": lambda q: lib.search(q, mode="lexical"),
        "(b) plain encode + FAISS flat": plain,
        f"(c) sotay hybrid ({gen.dense.kind})": lambda q: lib.search(q),
    }
    samples: dict[str, list[float]] = {label: [] for label in runs}
    for run in runs.values():
        run(queries[0])  # warm-up
    for q in queries:
        for label, run in runs.items():
            t0 = time.perf_counter()
            run(q)
            samples[label].append(time.perf_counter() - t0)
    for label, times in samples.items():
        print(f"  {label:<34} {percentiles(times)}")
    lexical, baseline, hybrid = (statistics.median(t) for t in samples.values())
    print(f"  hybrid / plain p50 ratio: {hybrid / baseline:.2f}   (BM25 / plain: {lexical / baseline:.2f})")


def bench_bundled(root: Path, queries_n: int, plain: SentenceTransformer) -> tuple[Library, list[StoredPassage], np.ndarray]:
    settings = Settings.load(data_dir=str(root / "bundled"))
    lib = Library(settings)
    t0 = time.perf_counter()
    lib.embedder  # noqa: B018 - load the model outside the build timing
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    report = lib.ensure_index()
    build = time.perf_counter() - t0
    gen = lib._current()
    print(f"\n== bundled corpus: {report.documents} documents, {report.passages} passages")
    print(f"  model load {load:.1f} s; build (segment + embed + index) {build:.1f} s = {report.passages / build:.1f} passages/s")
    print(f"  index on disk {dir_mb(gen.path):.1f} MB; process RSS {rss_mb():.0f} MB")
    vectors = gen.dense.vectors()
    compare(lib, gen, vectors, make_queries(gen.passages, queries_n), plain)
    stored = [p for d in gen.documents for p in gen.stored_passages(d)]
    return lib, stored, vectors


def synthetic(stored: list[StoredPassage], vectors: np.ndarray, size: int, seed: int = 11):
    """Passages, vectors and documents for a synthetic corpus of ``size`` passages."""
    rng = np.random.default_rng(seed)
    pool = [(i, s) for i, p in enumerate(stored) for s in sentences(p.record.text)]
    docs = [Document(id=f"syn{d:04d}", text="", title=f"Tài liệu tổng hợp {d}", kind="tổng hợp") for d in range(max(1, size // 100))]
    passages, rows = [], []
    for n in range(size):
        picks = [pool[j] for j in rng.choice(len(pool), size=rng.integers(2, 4), replace=False)]
        text = " ".join(s for _, s in picks)
        doc = docs[n % len(docs)]
        order = n // len(docs)
        record = PassageRecord(
            key=f"{doc.id}#{order}", doc_id=doc.id, order=order, section=str(order + 1), headings=(),
            point=None, start=0, end=len(text), text=text, citation=f"{doc.title}, đoạn {order + 1}",
        )
        words = [t for i, _ in picks for t in stored[i].words[:40]]
        folded = [t for i, _ in picks for t in stored[i].folded[:60]]
        passages.append(StoredPassage(record, words, folded, f"syn{n}"))
        vector = vectors[[i for i, _ in picks]].sum(axis=0) + rng.normal(0, 0.02, vectors.shape[1])
        rows.append(vector / np.linalg.norm(vector))
    return docs, passages, np.asarray(rows, dtype=np.float32)


def bench_synthetic(
    root: Path, lib: Library, stored: list[StoredPassage], vectors: np.ndarray, size: int, queries_n: int,
    ann_threshold: int, plain: SentenceTransformer,
) -> None:
    docs, passages, synth_vectors = synthetic(stored, vectors, size)
    settings = Settings.load(data_dir=str(root / f"syn{size}-{ann_threshold}"), ann_threshold=ann_threshold)
    syn = Library(settings, embedder=lib.embedder)
    rss0 = rss_mb()
    t0 = time.perf_counter()
    write_generation(settings.data_path, [(d, d.id) for d in docs], passages, synth_vectors,
                     model=model_build(settings.model), ann_threshold=ann_threshold, document_frequency={})
    build = time.perf_counter() - t0
    gen = syn._current()
    print(f"\n== synthetic {size:,} passages, dense index {gen.dense.kind}")
    print(f"  build (SQLite + BM25 + FAISS, vectors given) {build:.1f} s = {size / build:,.0f} passages/s")
    print(f"  index on disk {dir_mb(gen.path):.0f} MB; RSS {rss_mb():.0f} MB (+{rss_mb() - rss0:.0f} MB for this index)")
    compare(syn, gen, synth_vectors, make_queries(gen.passages, queries_n), plain)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--hnsw-too", action="store_true", help="also time an HNSW index at each size")
    args = parser.parse_args()
    faiss.omp_set_num_threads(2)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        plain = plain_model(Settings.load(data_dir=str(root / "bundled")))
        lib, stored, vectors = bench_bundled(root, args.queries, plain)
        for size in args.sizes:
            bench_synthetic(root, lib, stored, vectors, size, args.queries, lib.settings.ann_threshold, plain)
            if args.hnsw_too:
                bench_synthetic(root, lib, stored, vectors, size, args.queries, 1, plain)


if __name__ == "__main__":
    main()
