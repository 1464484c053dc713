"""A library of about 100,000 passages: build time, peak memory, size on disk, search latency.

The 2,894 articles of the outside benchmark (``../shared/eval``, read, never copied into the
repository) are written several times over with distinct ids (``<id>~<copy>``), so the library
has the size of a large real one. Copies embed to the same vectors, and the embedding cache of
``--cache-from`` (a data dir that already holds the articles, e.g. the one ``bench.retrieval``
builds) is copied in first: the build figure is everything but encoding, and the encoding rate
is measured apart on a sample and extrapolated (printed beside it).

The build is a fresh ``sotay index`` process (its peak RSS read from the kernel); the searches
run in this process on the built library: the benchmark's questions, hybrid, each query's
vector encoded (no cache), latency per query.

Run: ``python -m bench.scale [--copies 7] [--work-dir DIR] [--cache-from DIR] [--queries 200]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.retrieval import ALQAC, ROOT, alqac_jsonl
from index.library import Library
from index.settings import Settings
from index.store import current_generation


def write_copies(work: Path, copies: int) -> Path:
    """The articles ``copies`` times, ids made distinct, as one JSONL file."""
    source = alqac_jsonl(work)
    target = work / f"alqac-x{copies}.jsonl"
    with target.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            for line in source.read_text("utf-8").splitlines():
                record = json.loads(line)
                record["id"] = f"{record['id']}~{copy}"
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return target


def folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=7, help="times the 2,894 articles are written (7: ~105k passages)")
    parser.add_argument("--work-dir", default=str(Path(tempfile.gettempdir()) / "sotay-bench-retrieval"))
    parser.add_argument("--cache-from", help="data dir whose embeddings.sqlite already holds the articles' vectors")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    work = Path(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    source = write_copies(work, args.copies)
    data = work / f"scale-x{args.copies}"
    shutil.rmtree(data, ignore_errors=True)
    (data / "index").mkdir(parents=True)
    cache_from = Path(args.cache_from or work / "alqac") / "index" / "embeddings.sqlite"
    if cache_from.is_file():
        shutil.copy(cache_from, data / "index" / "embeddings.sqlite")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "app.cli", "index", "--data-dir", str(data), str(source)],
        check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    build_s = time.perf_counter() - started
    build_rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    generation = current_generation(data)
    assert generation is not None
    manifest = json.loads((generation / "manifest.json").read_text("utf-8"))
    sizes = {f.name: f.stat().st_size if f.is_file() else folder_bytes(f) for f in generation.iterdir()}

    library = Library(Settings.load(data_dir=str(data)))
    started = time.perf_counter()
    library.search("khởi động")  # loads the generation and the model
    load_s = time.perf_counter() - started
    questions = [q["text"] for q in json.loads(ALQAC.read_text("utf-8"))["queries"]][: args.queries]
    latencies = []
    for query in questions:
        started = time.perf_counter()
        library.search(query)
        latencies.append((time.perf_counter() - started) * 1000)
    search_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    passages = manifest["passages"]
    print(f"library: {manifest['documents']} documents, {passages} passages, dense index {manifest['dense_index']}")
    print(f"build (`sotay index`, fresh data dir, vectors from the cache): {build_s:.0f} s, "
          f"{passages / build_s:.0f} passages/s, peak RSS {build_rss_mb:.0f} MB")
    print(f"index on disk: {folder_bytes(generation) / 2**20:.0f} MB (" +
          ", ".join(f"{name} {size / 2**20:.0f} MB" for name, size in sorted(sizes.items(), key=lambda s: -s[1])[:6]) + ")")
    print(f"search process: load {load_s:.1f} s, peak RSS {search_rss_mb:.0f} MB")
    print(f"hybrid search, {len(latencies)} questions: p50 {statistics.median(latencies):.0f} ms, "
          f"p95 {percentile(latencies, 0.95):.0f} ms, max {max(latencies):.0f} ms")
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
