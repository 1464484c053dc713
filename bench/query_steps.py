"""What reading the question and the best candidates again costs a search: the answer-shape
lift, the lookup of documents described by their title and the candidates read against each other
(index.contrast), on and off, in one process.

Over the ALQAC library of ``bench/retrieval.py`` (2,894 articles, about 15,000 passages, built in
``--work-dir`` by it), the first ``--queries`` questions are searched once to fill the query-vector
cache (encoding is not what is measured), then searched in rounds alternating three settings
(all three steps off, contrast alone off, all on); each round prints p50 and p95 in milliseconds.

Run: ``python -m bench.query_steps [--work-dir DIR] [--queries 200] [--rounds 3]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from unittest import mock

from bench.retrieval import ALQAC
from index.fusion import RankingParams
from index.library import Library
from index.settings import Settings


def latencies(library: Library, queries: list[str]) -> tuple[float, float]:
    times = []
    for query in queries:
        start = time.perf_counter()
        library.search(query, k=10)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * len(times))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work-dir", default=str(Path(tempfile.gettempdir()) / "sotay-bench-retrieval"))
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    library = Library(Settings.load(data_dir=str(Path(args.work_dir) / "alqac")))
    queries = [q["text"] for q in json.loads(ALQAC.read_text("utf-8"))["queries"]][: args.queries]
    for query in queries:
        library.search(query, k=10)
    no_contrast = replace(RankingParams(), contrast=0.0)
    off = replace(no_contrast, answer_lift=0.0, answer_lift_alone=0.0)
    for n in range(1, args.rounds + 1):
        library.ranking = off
        with mock.patch("index.search._described", return_value=[]):
            without = latencies(library, queries)
        library.ranking = no_contrast
        before = latencies(library, queries)
        library.ranking = RankingParams()
        with_steps = latencies(library, queries)
        print(f"round {n}: without p50 {without[0]:.1f} p95 {without[1]:.1f} ms | "
              f"contrast off p50 {before[0]:.1f} p95 {before[1]:.1f} ms | "
              f"with p50 {with_steps[0]:.1f} p95 {with_steps[1]:.1f} ms", flush=True)


if __name__ == "__main__":
    main()
