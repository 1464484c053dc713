"""Index-build encoding speed and retrieval quality of each way to run the default model.

Compares, in one run, the torch fp32 path that indexing used before (sentence-transformers,
batches of 8 over calls of 32 passages, as ``Library._embed`` calls it) with the candidates:
torch fp32 with all passages in one length-sorted call, torch with dynamic int8 ``Linear``
layers, the fused fp32 ONNX Runtime graph that is now the default (:mod:`index.onnxe5`) at
several batch sizes, and its int8 variant. The variants are timed round-robin, ``--rounds``
times each, on the same passages; medians and the ratio to the fp32 baseline are printed, since a
shared machine makes absolute figures move; passages per CPU-second (all threads of this
process) too, as they move less when other processes compete for the cores.

Passages: the bundled corpus as ``sotay index`` segments it, plus paragraph-length windows of
1-8 consecutive sentences of it (seeded), up to ``--passages``. Quality, per variant: the
bundled corpus indexed with that variant, then MRR@10 and Recall@5 of hybrid and dense search
on ``tests/data/dev_seed.tsv`` and ``tests/data/paraphrase.tsv`` (as ``sotay eval``), the lowest
and mean cosine of its passage vectors to fp32's, and one-query encoding latency.

    python -m bench.build [--passages 600] [--rounds 3] [--speed-only]
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # before torch is imported, as the app does

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from corpus.read import load_documents
from corpus.segment import segment
from index.evaluate import evaluate, read_questions
from index.highlight import sentences
from index.library import Library, default_corpus_dir
from index.model import (
    E5_FP32_MODEL,
    E5_INT8_MODEL,
    ONNX_BATCH_SIZE,
    TORCH_BATCH_SIZE,
    Embedder,
    SentenceTransformerEncoder,
    load_embedder,
)
from index.settings import DEFAULT_MODEL, Settings

DATA = Path(__file__).parents[1] / "tests" / "data"
LIBRARY_CHUNK = 32  # passages per encode call in Library._embed before (now 512)
QUERIES = ["Đến năm 2025 phải hoàn thành việc gì về vị trí việc làm?", "lấy phiếu tín nhiệm", "chuyển đổi số quốc gia"]


@dataclass
class Variant:
    name: str
    embedder: Embedder
    batch_size: int
    chunk: int | None = None  # passages per call; None: all in one call

    def encode(self, texts: list[str]) -> np.ndarray:
        step = self.chunk or len(texts)
        return np.vstack(
            [self.embedder.encode_passages(texts[i : i + step], self.batch_size) for i in range(0, len(texts), step)]
        )


def bench_passages(n: int, count_tokens: Callable[[str], int]) -> list[str]:
    """The bundled corpus's passages, then windows of its sentences: ``n`` in all."""
    documents = load_documents([default_corpus_dir()]).documents
    passages = [p.text for d in documents for p in segment(d, max_tokens=400, count_tokens=count_tokens)]
    pool = [s for p in passages for s in sentences(p)]
    rng = random.Random(7)
    while len(passages) < n:
        start = rng.randrange(len(pool))
        window = " ".join(pool[start : start + rng.randint(1, 8)])
        if count_tokens(window) <= 400:
            passages.append(window)
    return passages[:n]


def torch_int8(fp32: Embedder) -> Embedder:
    """A copy of the fp32 model with its Linear layers dynamically quantized to int8."""
    import copy

    import torch

    model = copy.deepcopy(fp32.encoder.model)
    transformer = model[0]  # its ``auto_model`` is a read-only view of ``model``
    transformer.model = torch.ao.quantization.quantize_dynamic(transformer.model, {torch.nn.Linear}, dtype=torch.qint8)
    return Embedder(SentenceTransformerEncoder(model), fp32.name, fp32.profile, batch_size=16)


def quality(embedder: Embedder, data_dir: Path) -> dict[str, float]:
    library = Library(Settings.load(data_dir=str(data_dir)), embedder=embedder)
    library.ensure_index()
    out = {}
    for set_name in ("dev_seed", "paraphrase"):
        questions = read_questions(DATA / f"{set_name}.tsv")
        for mode in ("hybrid", "dense"):
            report = evaluate(library, questions, mode=mode)
            out[f"{set_name} {mode} mrr"] = report.mrr
            out[f"{set_name} {mode} r5"] = report.recall(5)
    return out


def query_latency_ms(embedder: Embedder, runs: int = 30) -> float:
    embedder.encode_queries(QUERIES)
    times = []
    for i in range(runs):
        started = time.perf_counter()
        embedder.encode_queries([QUERIES[i % len(QUERIES)] + f" {i}"])
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--speed-only", action="store_true", help="skip the quality runs and query latency")
    args = parser.parse_args()

    loaded: dict[str, Embedder] = {}
    for name in (DEFAULT_MODEL, E5_INT8_MODEL, E5_FP32_MODEL):  # the model cache of the settings
        started = time.perf_counter()
        loaded[name] = load_embedder(Settings.load(model=name))
        print(f"load {name} (incl. imports; builds it if missing): {time.perf_counter() - started:.1f} s")
    fast, int8, fp32 = loaded[DEFAULT_MODEL], loaded[E5_INT8_MODEL], loaded[E5_FP32_MODEL]

    variants = [
        Variant(f"torch fp32, batch {TORCH_BATCH_SIZE}, calls of {LIBRARY_CHUNK} (before)", fp32, TORCH_BATCH_SIZE,
                LIBRARY_CHUNK),
        Variant("torch fp32, batch 32, one sorted call", fp32, 32),
        Variant("torch int8 dynamic, batch 16, one call", torch_int8(fp32), 16),
        *(Variant(f"onnx fp32, batch {b}, one call", fast, b) for b in sorted({8, 16, 32, ONNX_BATCH_SIZE})),
        Variant(f"onnx fp32, batch {ONNX_BATCH_SIZE}, calls of {LIBRARY_CHUNK}", fast, ONNX_BATCH_SIZE, LIBRARY_CHUNK),
        Variant(f"onnx int8, batch {ONNX_BATCH_SIZE}, one call", int8, ONNX_BATCH_SIZE),
    ]
    texts = bench_passages(args.passages, fp32.count_tokens)
    tokens = sorted(fp32.count_tokens(t) + 4 for t in texts)  # + <s>, </s> and the 2-token prompt
    pick = lambda q: tokens[min(len(tokens) - 1, int(q * len(tokens)))]  # noqa: E731
    print(
        f"{len(texts)} passages; model tokens p10 {pick(0.1)}, p50 {pick(0.5)}, p90 {pick(0.9)}, max {tokens[-1]};"
        f" mean {statistics.mean(tokens):.0f}"
    )
    reference = variants[0].encode(texts)
    speeds: dict[str, list[float]] = {v.name: [] for v in variants}
    cpu_speeds: dict[str, list[float]] = {v.name: [] for v in variants}
    cosines: dict[str, np.ndarray] = {}
    for round_ in range(args.rounds):
        for variant in variants:  # round-robin: load changes hit every variant alike
            started, cpu_started = time.perf_counter(), time.process_time()
            vectors = variant.encode(texts)
            speeds[variant.name].append(len(texts) / (time.perf_counter() - started))
            cpu_speeds[variant.name].append(len(texts) / (time.process_time() - cpu_started))
            cosines.setdefault(variant.name, np.sum(vectors * reference, axis=1))
        print(f"round {round_ + 1}/{args.rounds}: " + ", ".join(f"{s[-1]:.1f}" for s in speeds.values()), flush=True)

    base = statistics.median(speeds[variants[0].name])
    cpu_base = statistics.median(cpu_speeds[variants[0].name])
    print(
        "\n| variant | passages/s (median) | vs before | passages per CPU-second | vs before | query p50 ms | dev MRR hybrid / dense | dev R@5 hybrid"
        " | paraphrase MRR hybrid / dense | paraphrase R@5 hybrid | cosine to fp32 min / mean |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    scores: dict[int, dict[str, float]] = {}
    latency: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for variant in variants:
            key = id(variant.embedder)
            if args.speed_only:
                median, cpu = statistics.median(speeds[variant.name]), statistics.median(cpu_speeds[variant.name])
                print(f"| {variant.name} | {median:.1f} | {median / base:.2f}x | {cpu:.1f} | {cpu / cpu_base:.2f}x"
                      f" | – | – | – | – | – | {cosines[variant.name].min():.4f} / {cosines[variant.name].mean():.4f} |")
                continue
            if key not in scores:  # batch size and calls change speed, not vectors
                scores[key] = quality(variant.embedder, Path(tmp) / str(key))
                latency[key] = query_latency_ms(variant.embedder)
            q, median, cos = scores[key], statistics.median(speeds[variant.name]), cosines[variant.name]
            cpu = statistics.median(cpu_speeds[variant.name])
            print(
                f"| {variant.name} | {median:.1f} | {median / base:.2f}x | {cpu:.1f} | {cpu / cpu_base:.2f}x"
                f" | {latency[key]:.1f}"
                f" | {q['dev_seed hybrid mrr']:.3f} / {q['dev_seed dense mrr']:.3f} | {q['dev_seed hybrid r5']:.2f}"
                f" | {q['paraphrase hybrid mrr']:.3f} / {q['paraphrase dense mrr']:.3f}"
                f" | {q['paraphrase hybrid r5']:.2f} | {cos.min():.4f} / {cos.mean():.4f} |"
            )
    print(f"\nload average (1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
