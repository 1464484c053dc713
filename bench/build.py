"""Index-build speed: each way to run the model on the same passages, and whole ``sotay index`` runs.

Passages are paragraph-length and real: the dense inputs ``sotay index`` makes of the 230 law
articles in ``bench/data/legal_articles.jsonl`` (954 passages, title and headings included, as
the index embeds them).

Encoding (``--rounds`` round-robin, medians, since a shared machine makes absolute figures
move): torch float32, the reference; the ONNX float32 graph as the default ran it before (one
batch at a time on two intra-op threads) and as it runs now (one single-threaded batch per core
at once); the int8 default, both ways. Printed: passages per second (wall clock) and per
CPU-second of this process, the ratio to torch, and each variant's lowest and mean cosine to
torch's vectors.

End to end (``--end-to-end N``): ``sotay index --data-dir NEW bench/data/legal_articles.jsonl``
as a fresh process per run, per model setting, round-robin: the whole command (imports, model
load, segmentation, embedding, both BM25 indexes, writing), the figure the README quotes.

Retrieval quality of each model setting is measured by ``bench/retrieval.py`` (run it with
``SOTAY_MODEL`` set): the legal sets and the bundled ones, hybrid and dense.

    python -m bench.build [--rounds 3] [--end-to-end 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from corpus.cite import citation
from corpus.read import load_documents
from corpus.segment import segment
from index.model import E5_FP32_MODEL, E5_ONNX_FP32_MODEL, ONNX_BATCH_SIZE, TORCH_BATCH_SIZE, Embedder
from index.model import build_default_model, load_embedder
from index.onnxe5 import OnnxE5
from index.records import PassageRecord
from index.settings import DEFAULT_MODEL, Settings
from index.units import model_inputs

LEGAL = Path(__file__).parent / "data" / "legal_articles.jsonl"
MODELS = (E5_FP32_MODEL, E5_ONNX_FP32_MODEL, DEFAULT_MODEL)


@dataclass
class Variant:
    name: str
    encode: Callable[[list[str]], np.ndarray]


def legal_inputs(embedder: Embedder) -> list[str]:
    """What ``sotay index`` embeds of the legal articles, passage by passage."""
    settings = Settings.load()
    texts = []
    for doc in load_documents([LEGAL]).documents:
        records = [
            PassageRecord.of(p, citation(doc, p))
            for p in segment(doc, max_tokens=settings.max_passage_tokens, count_tokens=embedder.count_tokens)
        ]
        texts.extend(model_inputs(records, doc.title))
    return texts


def onnx_variant(name: str, embedder: Embedder, model: str, *, rows_alone: bool, parallel_runs: int, batch: int) -> Variant:
    """The embedder's prompts and input preparation, run by an ONNX session configured as asked."""
    encoder = OnnxE5(build_default_model(Settings.load(model=model)), rows_alone=rows_alone, parallel_runs=parallel_runs)
    prompt = embedder.profile.passage_prompt
    return Variant(name, lambda texts: encoder.encode([prompt + embedder.prepare(t) for t in texts], batch))


def encoding(rounds: int) -> None:
    loaded = {}
    for name in MODELS:
        started = time.perf_counter()
        loaded[name] = load_embedder(Settings.load(model=name))
        print(f"load {name} (incl. imports; builds it if missing): {time.perf_counter() - started:.1f} s")
    torch, onnx_fp32, int8 = (loaded[m] for m in MODELS)
    texts = legal_inputs(int8)
    cores = len(os.sched_getaffinity(0))
    variants = [
        Variant(f"torch float32, batch {TORCH_BATCH_SIZE} (reference)", lambda t: torch.encode_passages(t)),
        onnx_variant(f"ONNX float32, batch 8, 1 run x {cores} threads (the default before)", onnx_fp32,
                     E5_ONNX_FP32_MODEL, rows_alone=False, parallel_runs=1, batch=8),
        Variant(f"ONNX float32, batch {ONNX_BATCH_SIZE}, {cores} runs x 1 thread (`{E5_ONNX_FP32_MODEL}`)",
                lambda t: onnx_fp32.encode_passages(t)),
        onnx_variant(f"ONNX int8, alone, 1 run x {cores} threads", int8, DEFAULT_MODEL,
                     rows_alone=True, parallel_runs=1, batch=1),
        Variant(f"**ONNX int8, alone, {cores} runs x 1 thread (the default)**", lambda t: int8.encode_passages(t)),
    ]
    tokens = sorted(int8.count_tokens(t) + 4 for t in texts)  # + <s>, </s> and the 2-token prompt
    pick = lambda q: tokens[min(len(tokens) - 1, int(q * len(tokens)))]  # noqa: E731
    print(f"{len(texts)} passages; model tokens p10 {pick(0.1)}, p50 {pick(0.5)}, p90 {pick(0.9)}, max {tokens[-1]}")
    reference = variants[0].encode(texts)
    speeds: dict[str, list[float]] = {v.name: [] for v in variants}
    cpu_speeds: dict[str, list[float]] = {v.name: [] for v in variants}
    cosines: dict[str, np.ndarray] = {}
    for round_ in range(rounds):
        for variant in variants:  # round-robin: load changes hit every variant alike
            started, cpu_started = time.perf_counter(), time.process_time()
            vectors = variant.encode(texts)
            speeds[variant.name].append(len(texts) / (time.perf_counter() - started))
            cpu_speeds[variant.name].append(len(texts) / (time.process_time() - cpu_started))
            cosines.setdefault(variant.name, np.sum(vectors * reference, axis=1))
        print(f"round {round_ + 1}/{rounds}: " + ", ".join(f"{s[-1]:.1f}" for s in speeds.values()), flush=True)
    base = statistics.median(speeds[variants[0].name])
    cpu_base = statistics.median(cpu_speeds[variants[0].name])
    print("\n| variant | passages/s (median) | vs torch | passages per CPU-second | vs torch | cosine to torch min / mean |")
    print("|---|---|---|---|---|---|")
    for variant in variants:
        wall, cpu, cos = statistics.median(speeds[variant.name]), statistics.median(cpu_speeds[variant.name]), cosines[variant.name]
        print(f"| {variant.name} | {wall:.1f} | {wall / base:.2f}x | {cpu:.1f} | {cpu / cpu_base:.2f}x"
              f" | {cos.min():.4f} / {cos.mean():.4f} |")


def end_to_end(rounds: int) -> None:
    """Whole ``sotay index`` commands on the legal articles, one fresh process and data dir each."""
    passages = 954
    times: dict[str, list[float]] = {m: [] for m in MODELS}
    with tempfile.TemporaryDirectory() as tmp:
        for round_ in range(rounds):
            for model in MODELS:
                data_dir = Path(tmp) / f"{round_}-{model.replace('/', '_')}"
                env = {**os.environ, "SOTAY_MODEL": model}
                started = time.perf_counter()
                done = subprocess.run(
                    [sys.executable, "-m", "app.cli", "index", "--data-dir", str(data_dir), str(LEGAL)],
                    env=env, capture_output=True, text=True, check=True,
                )
                times[model].append(time.perf_counter() - started)
                passages = int(done.stdout.rsplit("đoạn văn:", 1)[1].strip(" .\n"))
            print(f"round {round_ + 1}/{rounds}: " + ", ".join(f"{t[-1]:.1f} s" for t in times.values()), flush=True)
    base = statistics.median(times[E5_FP32_MODEL])
    print(f"\n`sotay index` of {passages} passages, whole command, fresh data dir (median of {rounds}):\n")
    print("| model setting | seconds | passages/s | vs torch |")
    print("|---|---|---|---|")
    for model, runs in times.items():
        median = statistics.median(runs)
        print(f"| `{model}` | {median:.1f} ({', '.join(f'{t:.1f}' for t in runs)}) | {passages / median:.1f}"
              f" | {base / median:.2f}x |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="encoding rounds (0: skip)")
    parser.add_argument("--end-to-end", type=int, default=3, help="whole `sotay index` runs per model (0: skip)")
    args = parser.parse_args()
    if args.rounds:
        encoding(args.rounds)
    if args.end_to_end:
        end_to_end(args.end_to_end)
    print(f"\nload average (1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
