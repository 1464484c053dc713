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

A library of thousands (``--alqac N``): the 2,894 articles of the outside benchmark
(``../shared/eval``, written as JSONL into ``--work-dir``, never into the repository), indexed by
the default model into a fresh data dir: first in this process, each stage of the build timed
(:class:`StageClock`: reading, segmentation, pyvi, folded tokens, unit fields, BM25, encoding,
FAISS, writing), then ``N`` whole ``sotay index`` commands, fresh process and data dir each.

Retrieval quality of each model setting is measured by ``bench/retrieval.py`` (run it with
``SOTAY_MODEL`` set): the legal sets and the bundled ones, hybrid and dense.

    python -m bench.build [--rounds 3] [--end-to-end 3] [--alqac 1 --work-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bench.retrieval import alqac_jsonl
from corpus.cite import citation
from corpus.read import load_documents
from corpus.segment import segment
from index import library as library_module
from index import store as store_module
from index import units as units_module
from index.dense import DenseIndex
from index.encoding import BackgroundEncoder
from index.lexical import LexicalIndex
from index.library import Library
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
                passages = int(re.search(r"đoạn văn: (\d+)", done.stdout).group(1))
            print(f"round {round_ + 1}/{rounds}: " + ", ".join(f"{t[-1]:.1f} s" for t in times.values()), flush=True)
    base = statistics.median(times[E5_FP32_MODEL])
    print(f"\n`sotay index` of {passages} passages, whole command, fresh data dir (median of {rounds}):\n")
    print("| model setting | seconds | passages/s | vs torch |")
    print("|---|---|---|---|")
    for model, runs in times.items():
        median = statistics.median(runs)
        print(f"| `{model}` | {median:.1f} ({', '.join(f'{t:.1f}' for t in runs)}) | {passages / median:.1f}"
              f" | {base / median:.2f}x |")


@dataclass
class _Frame:
    stage: str
    wall: float
    cpu: float
    children_wall: float = 0.0
    children_cpu: float = 0.0


@dataclass
class StageClock:
    """Wall and CPU seconds of each stage of a build, by wrapping the functions the build calls.

    Times are exclusive (a stage called inside another is taken out of the outer one) and per
    thread: CPU is the calling thread's own, so a stage running beside the encoding is not
    charged for the model's threads. The encoding's CPU is what the process spent beyond every
    other stage (the model's runtime threads), its wall the time its calls took in their thread.
    """

    wall: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    _local: threading.local = field(default_factory=threading.local)
    _undo: list[Callable[[], None]] = field(default_factory=list)

    def wrap(self, stage: str, owner: object, name: str) -> None:
        """Time every call of ``owner.name`` as ``stage`` until :meth:`restore`."""
        original = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)
        function = original.__func__ if isinstance(original, (classmethod, staticmethod)) else original
        clock = self

        def timed(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            stack = clock._local.__dict__.setdefault("stack", [])
            frame = _Frame(stage, time.perf_counter(), time.thread_time())
            stack.append(frame)
            try:
                return function(*args, **kwargs)
            finally:
                stack.pop()
                wall, cpu = time.perf_counter() - frame.wall, time.thread_time() - frame.cpu
                clock.wall[stage] = clock.wall.get(stage, 0.0) + wall - frame.children_wall
                clock.cpu[stage] = clock.cpu.get(stage, 0.0) + cpu - frame.children_cpu
                if stack:
                    stack[-1].children_wall += wall
                    stack[-1].children_cpu += cpu

        setattr(owner, name, classmethod(timed) if isinstance(original, classmethod) else timed)
        self._undo.append(lambda: setattr(owner, name, original))

    def restore(self) -> None:
        while self._undo:
            self._undo.pop()()


def staged_build(source: Path, work: Path) -> None:
    """Index ``source`` into a fresh data dir in this process; print each stage's seconds."""
    clock = StageClock()
    for stage, owner, name in (
        ("reading", library_module, "load_documents"),
        ("segmentation (with model token counts)", library_module, "segment"),
        ("pyvi words", library_module, "word_tokens"),
        ("pyvi words", units_module, "word_tokens"),
        ("folded tokens", library_module, "folded_tokens"),
        ("folded tokens", units_module, "folded_tokens"),
        ("unit fields", store_module, "unit_fields"),
        ("BM25 indexes (bm25s)", LexicalIndex, "build"),
        ("encoding", Embedder, "encode_passages"),
        ("waiting for the encoding", BackgroundEncoder, "vectors"),
        ("FAISS", DenseIndex, "build"),
        ("writing (SQLite, files, vector cache)", library_module, "write_generation"),
    ):
        clock.wrap(stage, owner, name)
    with tempfile.TemporaryDirectory(prefix="build-", dir=work) as data_dir:
        library = Library(Settings.load(data_dir=data_dir, model=DEFAULT_MODEL))
        library.embedder  # noqa: B018 - the model loads before the clock starts (a fixed cost)
        started, cpu_started = time.perf_counter(), time.process_time()
        try:
            report = library.add_paths([source])
        finally:
            clock.restore()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    others = sum(v for k, v in clock.cpu.items() if k != "encoding")
    clock.cpu["encoding"] = cpu - others
    print(f"\n{report.passages} passages of {report.documents} documents, in this process (model loaded before):"
          f" {wall:.1f} s wall, {report.passages / wall:.1f} passages/s; {cpu:.1f} CPU s\n")
    print("| stage | CPU s | share of CPU | wall s |")
    print("|---|---|---|---|")
    for stage in dict.fromkeys([*clock.wall, "encoding"]):
        if stage != "encoding":
            print(f"| {stage} | {clock.cpu.get(stage, 0.0):.1f} | {clock.cpu.get(stage, 0.0) / cpu:.0%}"
                  f" | {clock.wall.get(stage, 0.0):.1f} |")
    untimed = wall - sum(v for k, v in clock.wall.items() if k != "encoding")
    print(f"| the rest (the build's loop, hashing, vector cache lookups) | – | – | {untimed:.1f} |")
    print(f"| encoding, in its own thread beside the stages above | {clock.cpu['encoding']:.1f}"
          f" | {clock.cpu['encoding'] / cpu:.0%} | {clock.wall.get('encoding', 0.0):.1f} |")


def whole_builds(source: Path, work: Path, rounds: int) -> None:
    """``sotay index`` of ``source`` into a fresh data dir, fresh process each, default model."""
    times, passages = [], 0
    for round_ in range(rounds):
        with tempfile.TemporaryDirectory(prefix="whole-", dir=work) as data_dir:
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "app.cli", "index", "--data-dir", data_dir, str(source)],
                env={**os.environ, "SOTAY_MODEL": DEFAULT_MODEL}, capture_output=True, text=True, check=True,
            )
            times.append(time.perf_counter() - started)
        passages = int(re.search(r"đoạn văn: (\d+)", done.stdout).group(1))
        print(f"round {round_ + 1}/{rounds}: {times[-1]:.1f} s", flush=True)
    median = statistics.median(times)
    print(f"\n`sotay index` of {passages} passages, whole command, fresh data dir: median {median:.1f} s"
          f" ({', '.join(f'{t:.1f}' for t in times)}), {passages / median:.1f} passages/s")


def alqac(rounds: int, work: Path) -> None:
    work.mkdir(parents=True, exist_ok=True)
    source = alqac_jsonl(work)
    staged_build(source, work)
    if rounds:
        whole_builds(source, work, rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="encoding rounds (0: skip)")
    parser.add_argument("--end-to-end", type=int, default=3, help="whole `sotay index` runs per model (0: skip)")
    parser.add_argument("--alqac", type=int, default=None, metavar="N",
                        help="the 2,894 ALQAC articles: a build timed stage by stage, then N whole `sotay index` runs")
    parser.add_argument("--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "sotay-bench",
                        help="where the ALQAC JSONL and the data dirs go (outside the repository)")
    args = parser.parse_args()
    if args.rounds:
        encoding(args.rounds)
    if args.end_to_end:
        end_to_end(args.end_to_end)
    if args.alqac is not None:
        alqac(args.alqac, args.work_dir)
    print(f"\nload average (1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
