"""Served search latency: sotay's ``/search`` against the plain Gradio app a user would write.

Two servers run side by side, each in its own process: ``sotay serve`` and a plain Gradio app
whose ``/search`` encodes the query with the same built e5 model (sentence-transformers,
``query: `` prompt) and does an exact inner-product search (FAISS ``IndexFlatIP``) over the same
passage vectors. Both are called over raw HTTP as a browser's API call does it
(``POST /gradio_api/call/search`` with every declared input, then the event stream), one client,
query by query, alternating which server goes first. Every query is new to both servers (sotay
keeps an LRU cache of query vectors): the questions of ``tests/data/*.tsv`` in reworded
variants, all with diacritics (a query typed without them skips the model in
sotay, which would flatter it).

Usage:
    python -m bench.served                     # fresh temporary data dir (indexes the bundled corpus)
    python -m bench.served --data-dir /tmp/d   # an existing data dir

Target (issue 10): sotay p50 ≤ 1.2 × plain, p95 ≤ 1.5 × plain.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import tempfile
import time

import httpx

from corpus.normalize import has_diacritics
from bench.load_app import ROOT, call, free_port, percentile, search_once, wait_until_up

WARMUP = ["khởi động máy chủ", "công tác cán bộ", "chuyển đổi số", "kinh tế tư nhân", "quốc phòng an ninh"]
# Reworded forms a cadre might type: each makes a question new to the query cache.
VARIANTS = ["{q}?", "Cho tôi biết: {q}?", "{q}? Trích dẫn văn bản nào?", "Xin hỏi, theo văn kiện, {q}?", "{q} (nêu rõ nguồn)"]


def questions() -> list[str]:
    """The test sets' questions typed with diacritics, in reworded variants, each once."""
    seeds: list[str] = []
    for path in sorted((ROOT / "tests" / "data").glob("*.tsv")):
        with open(path, encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                seeds.append(row["query"])
    variants = (v.format(q=q.rstrip("?")) for q in seeds if has_diacritics(q) for v in VARIANTS)
    return list(dict.fromkeys(variants))


def serve_plain(data_dir: str, port: int) -> None:
    """The plain app: e5 encode + exact inner product over the passages of sotay's live index."""
    import os

    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # as sotay does; fair to both
    import faiss
    import gradio as gr
    import torch
    from sentence_transformers import SentenceTransformer

    from index.model import build_model
    from index.settings import Settings
    from index.store import Generation, current_generation

    settings = Settings.load(data_dir=data_dir)
    gen = Generation(current_generation(settings.data_path), settings.model)
    index = faiss.IndexFlatIP(gen.dense.vectors().shape[1])
    index.add(gen.dense.vectors())
    model = SentenceTransformer(str(build_model(settings)), device="cpu", model_kwargs={"dtype": torch.float32})
    passages = [(p.text, p.citation, gen.documents[p.doc_id].title) for p in gen.passages]

    def search(query: str, k: int = 10) -> list[dict]:
        vector = model.encode(["query: " + query], normalize_embeddings=True, convert_to_numpy=True)
        scores, rows = index.search(vector, int(k))
        return [
            {"text": passages[r][0], "citation": passages[r][1], "doc_title": passages[r][2], "score": float(s)}
            for s, r in zip(scores[0], rows[0])
        ]

    with gr.Blocks(analytics_enabled=False) as demo:
        query = gr.Textbox()
        k = gr.Number(10, precision=0)
        out = gr.JSON()
        query.submit(search, [query, k], out, api_name="search")
    demo.launch(server_name="127.0.0.1", server_port=port, ssr_mode=False)


def _start(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, *args], cwd=ROOT, stdout=subprocess.DEVNULL)


def _stats(name: str, values: list[float]) -> tuple[float, float]:
    p50, p95 = statistics.median(values), percentile(values, 95)
    print(f"{name:<7} p50 {p50 * 1000:6.1f} ms   p95 {p95 * 1000:6.1f} ms   mean {statistics.mean(values) * 1000:6.1f} ms")
    return p50, p95


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="sotay data dir (default: a fresh temporary one)")
    parser.add_argument("--serve-plain", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_plain:
        serve_plain(args.data_dir, args.serve_plain)
        return 0
    data_dir = args.data_dir or tempfile.mkdtemp(prefix="sotay-served-bench-")
    ports = {"sotay": free_port(), "plain": free_port()}
    bases = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    servers = [_start(["-m", "app", "serve", "--data-dir", data_dir, "--port", str(ports["sotay"])])]
    try:
        wait_until_up(bases["sotay"], 900)  # the plain app reads the index sotay builds
        servers.append(_start(["-m", "bench.served", "--data-dir", data_dir, "--serve-plain", str(ports["plain"])]))
        wait_until_up(bases["plain"], 300)
        clients = {name: httpx.Client(timeout=60.0) for name in bases}
        session = "bench-served"  # one browser tab per server

        def ask(name: str, query: str) -> float:
            start = time.perf_counter()
            if name == "sotay":
                search_once(clients[name], bases[name], query, session)
            else:
                call(clients[name], bases[name], "search", [query, 10], session)
            return time.perf_counter() - start

        for query in WARMUP:
            for name in bases:
                ask(name, query)
        timings: dict[str, list[float]] = {name: [] for name in bases}
        order = list(bases)
        for query in questions():
            for name in order:
                timings[name].append(ask(name, query))
            order.reverse()
    finally:
        for server in servers:
            server.terminate()
            server.wait(30)
    print(f"{len(timings['sotay'])} new questions, one client, A/B alternating, raw HTTP on loopback")
    s50, s95 = _stats("sotay", timings["sotay"])
    p50, p95 = _stats("plain", timings["plain"])
    ok = s50 <= 1.2 * p50 and s95 <= 1.5 * p95
    print(f"ratio   p50 {s50 / p50:.2f}×   p95 {s95 / p95:.2f}×   target (≤ 1.2× / ≤ 1.5×): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
