"""A cross-encoder reranker trained from the e5-small weights on pairs mined from the repository's
libraries, measured as a second stage over sotay hybrid search.

Steps (each reads what the one before wrote into ``--work-dir``):

- ``mine``: segments the bundled corpus, ``tests/data/realdocs`` (less the five documents the
  realdocs dev questions were written on) and ``bench/data/legal_articles.jsonl`` the way the
  library does, and mines training groups of one positive and hard negatives: a heading and the
  text under it (its own text only, the heading taken out), a sentence and the rest of its passage
  (the sentence taken out); negatives are BM25's best other passages. No question of any dev set
  and nothing of ALQAC is read.
- ``train``: e5-small's BERT reads ``<s> query: q </s></s> passage: p </s>`` (160 tokens at
  most); a linear head over the mean of the last hidden states gives the score. Embeddings and the
  lower layers stay frozen, the top ``--layers`` and the head learn (softmax cross-entropy over
  each group), fixed seed, fixed step count.
- ``candidates``: the first stage's top 20 (sotay hybrid) for every dev question, with the text
  the model reads for each (the passage's embedding input).
- ``export``: the trained model as an int8 ONNX graph, fused and quantized like the encoder.
- ``score``: MRR@10 and R@10 of the first stage and of reranking its top k (5/10/20) with the
  int8 graph, alone or blended with the first stage's score, per dev set (tuning halves unless
  ``--held-out``).
- ``latency``: search p50/p95 (wall and CPU) on the ALQAC library, alone and with its top 5/10
  reranked.

Figures and the commands that made them: docs/search.md ("A cross-encoder second stage"). The
measured reranker lost MRR on every dev set and did not fit the latency budget, so nothing of it
is in the product.

Run: ``python -m bench.rerank {mine,train,candidates,export,score,latency} [--work-dir DIR]``
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from corpus.normalize import normalize
from corpus.read import load_documents
from corpus.segment import segment
from index.e5build import MODEL_DIR_NAME
from index.library import default_corpus_dir
from index.settings import Settings
from index.units import model_inputs

ROOT = Path(__file__).parents[1]
REALDOCS = ROOT / "tests" / "data" / "realdocs"
ARTICLES = ROOT / "bench" / "data" / "legal_articles.jsonl"
# The documents the realdocs dev questions were written on: kept out of training so that set
# measures text the reranker never read.
HELD_BACK = ("212-kl-tw", "383-qd-tw", "634-tb-vpcp", "3769-qd-ubnd", "5680-ct-cs")
MAX_TOKENS = 160
NEGATIVES = 3
SEED = 16
_NUMBERING = re.compile(r"^\s*(?:(?:Điều|Chương|Mục|Phần|Tiết)\s+[\dIVXLC]+[a-zđ]?\s*[.:]?|[\dIVXLC]+(?:\.\d+)*[.)]|[a-zđ]\))\s*",
                        re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.;:!?])\s+|\n+")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", normalize(text).lower())


def _tokenizer():
    from tokenizers import Tokenizer

    return Tokenizer.from_file(str(Path(Settings.load().model_cache_dir) / MODEL_DIR_NAME / "tokenizer.json"))


def training_passages() -> list[dict]:
    """Every passage of the training documents: doc, heading, own text and the model's input."""
    tokenizer = _tokenizer()
    count = lambda text: len(tokenizer.encode(text, add_special_tokens=False).ids)  # noqa: E731
    sources = [default_corpus_dir(), ARTICLES, *(p for p in sorted(REALDOCS.glob("*.md")) if p.stem not in HELD_BACK)]
    out = []
    for doc in load_documents(sources).documents:
        passages = segment(doc, max_tokens=400, count_tokens=count)
        for p, view in zip(passages, model_inputs(passages, doc.title)):
            heading = p.headings[-1] if p.headings else (doc.title if len(passages) == 1 else "")
            out.append({"doc": doc.id, "heading": _NUMBERING.sub("", heading).strip(" .:*"), "text": p.text, "view": view})
    return out


def mine(passages: list[dict], seed: int = SEED) -> list[dict]:
    """Training groups ``{query, positive, negatives}`` from the passages (deterministic for a seed)."""
    import bm25s

    rng = random.Random(seed)
    retriever = bm25s.BM25()
    retriever.index([_words(p["text"]) or ["∅"] for p in passages], show_progress=False)
    vocabulary = retriever.vocab_dict

    def hard_negatives(query: str, excluded: set[int], same: str) -> list[int]:
        ids = [vocabulary[w] for w in _words(query) if w in vocabulary]
        if not ids:
            return []
        scores = retriever.get_scores_from_ids(ids)
        top = [int(i) for i in np.argsort(-scores)[:30] if scores[i] > 0]
        pool = [i for i in top if i not in excluded and passages[i]["heading"] != same][:12]
        return rng.sample(pool, min(NEGATIVES, len(pool)))

    groups = []
    by_heading: dict[tuple[str, str], list[int]] = {}
    for i, p in enumerate(passages):
        # A cut item title ("Người không trúng tuyển…") is the start of its own text: no task.
        if len(p["heading"].split()) >= 3 and not p["heading"].endswith("…"):
            by_heading.setdefault((p["doc"], p["heading"]), []).append(i)
    for (_doc, heading), rows in by_heading.items():
        positive = rng.choice(rows)
        negatives = hard_negatives(heading, set(rows), heading)
        if len(negatives) == NEGATIVES:
            groups.append({"query": heading, "positive": passages[positive]["text"],
                           "negatives": [passages[n]["text"] for n in negatives]})
    for i, p in enumerate(passages):
        sentences = [s for s in _SENTENCE.split(p["text"]) if 8 <= len(s.split()) <= 40]
        if len(_SENTENCE.split(p["text"])) < 2 or not sentences:
            continue
        sentence = rng.choice(sentences)
        rest = p["view"].replace(sentence, " ").strip()
        if len(p["text"].replace(sentence, " ").split()) < 8:
            continue
        negatives = hard_negatives(sentence, {i}, "")
        if len(negatives) == NEGATIVES:
            groups.append({"query": sentence, "positive": rest, "negatives": [passages[n]["view"] for n in negatives]})
    rng.shuffle(groups)
    return groups


def pair_inputs(tokenizer, queries: list[str], passages: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Token ids and attention mask of ``<s> query: q </s></s> passage: p </s>`` pairs, padded."""
    encoded = tokenizer.encode_batch([(f"query: {q}", f"passage: {p}") for q, p in zip(queries, passages)])
    width = max(len(e.ids) for e in encoded)
    ids = np.ones((len(encoded), width), dtype=np.int64)
    mask = np.zeros((len(encoded), width), dtype=np.int64)
    for r, e in enumerate(encoded):
        ids[r, : len(e.ids)] = e.ids
        mask[r, : len(e.ids)] = 1
    return ids, mask


class CrossEncoder:
    """e5-small's BERT over a (query, passage) pair, mean-pooled, and a linear head: one score."""

    def __init__(self, model_dir: Path, trainable_layers: int) -> None:
        import torch
        from tokenizers import Tokenizer
        from transformers import AutoModel

        self.torch = torch
        self.bert = AutoModel.from_pretrained(model_dir, dtype=torch.float32, attn_implementation="eager")
        self.head = torch.nn.Linear(self.bert.config.hidden_size, 1)
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS, strategy="only_second")
        first = self.bert.config.num_hidden_layers - trainable_layers
        for name, param in self.bert.named_parameters():
            param.requires_grad = name.startswith("encoder.layer.") and int(name.split(".")[2]) >= first
        self.first_trained = first

    def parameters(self):
        return [p for p in self.bert.parameters() if p.requires_grad] + list(self.head.parameters())

    def batch(self, queries: list[str], passages: list[str]):
        ids, mask = pair_inputs(self.tokenizer, queries, passages)
        return self.torch.from_numpy(ids), self.torch.from_numpy(mask)

    def forward(self, ids, mask):
        hidden = self.bert(input_ids=ids, attention_mask=mask).last_hidden_state
        m = mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)
        return self.head(pooled).squeeze(-1)

    def score(self, query: str, passages: list[str], batch_size: int = 10) -> np.ndarray:
        self.bert.eval()
        out = []
        with self.torch.no_grad():
            for start in range(0, len(passages), batch_size):
                chunk = passages[start : start + batch_size]
                out.append(self.forward(*self.batch([query] * len(chunk), chunk)).numpy())
        return np.concatenate(out) if out else np.zeros(0, np.float32)

    def delta(self) -> dict[str, np.ndarray]:
        """The trained weights only, fp16."""
        state = {f"bert.{k}": v for k, v in self.bert.state_dict().items()
                 if k.startswith("encoder.layer.") and int(k.split(".")[2]) >= self.first_trained}
        state.update({f"head.{k}": v for k, v in self.head.state_dict().items()})
        return {k: v.detach().to(self.torch.float16).numpy() for k, v in state.items()}

    def load_delta(self, tensors: dict[str, np.ndarray]) -> None:
        torch = self.torch
        bert = {k[5:]: torch.from_numpy(v.astype(np.float32)) for k, v in tensors.items() if k.startswith("bert.")}
        head = {k[5:]: torch.from_numpy(v.astype(np.float32)) for k, v in tensors.items() if k.startswith("head.")}
        missing = set(bert) - set(self.bert.state_dict())
        if missing:
            raise ValueError(f"unknown tensors in the delta: {sorted(missing)[:3]}")
        self.bert.load_state_dict(bert, strict=False)
        self.head.load_state_dict(head)


def model_dir() -> Path:
    return Path(Settings.load().model_cache_dir) / MODEL_DIR_NAME


def train(groups: list[dict], out: Path, *, steps: int, layers: int, batch_groups: int, lr: float) -> None:
    import torch
    from safetensors.numpy import save_file

    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    model = CrossEncoder(model_dir(), layers)
    model.head.weight.data.normal_(0, 0.02)
    model.head.bias.data.zero_()
    optimizer = torch.optim.AdamW(
        [{"params": [p for p in model.bert.parameters() if p.requires_grad], "lr": lr},
         {"params": list(model.head.parameters()), "lr": lr * 20}], weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / max(1, steps // 10)) * max(0.0, (steps - s) / max(1, steps)))
    model.bert.train()
    started, losses = time.perf_counter(), []
    for step in range(steps):
        chunk = [groups[(step * batch_groups + g) % len(groups)] for g in range(batch_groups)]
        queries = [g["query"] for g in chunk for _ in range(1 + NEGATIVES)]
        texts = [t for g in chunk for t in [g["positive"], *g["negatives"]]]
        logits = model.forward(*model.batch(queries, texts)).view(batch_groups, 1 + NEGATIVES)
        loss = torch.nn.functional.cross_entropy(logits, torch.zeros(batch_groups, dtype=torch.long))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        schedule.step()
        losses.append(float(loss.detach()))
        if (step + 1) % 10 == 0:
            print(f"step {step + 1}/{steps} loss {statistics.mean(losses[-10:]):.3f} "
                  f"{time.perf_counter() - started:.0f} s", flush=True)
        if (step + 1) % 50 == 0 and step + 1 < steps:  # a checkpoint to measure while training goes on
            save_file(model.delta(), str(out.with_suffix(f".step{step + 1}.safetensors")))
    save_file(model.delta(), str(out), metadata={"layers": str(layers), "steps": str(steps)})
    print(f"trained {steps} steps × {batch_groups} groups in {time.perf_counter() - started:.0f} s → {out}")


def candidates(work: Path, sets: list[str], k: int = 20) -> list[dict]:
    """The first stage's top k for every question of the dev sets, with each passage's model input."""
    from bench.retrieval import dev_sets
    from index.model import load_embedder

    embedder = load_embedder(Settings.load(data_dir=str(work / "bundled")))
    out = []
    for dev in dev_sets(work, embedder, sets):
        views: dict[str, dict[str, str]] = {}
        for q in dev.questions:
            results = dev.library.search(q.query, k=k)
            rows = []
            for r in results:
                if r.doc_id not in views:
                    ps = dev.library.passages(r.doc_id)
                    views[r.doc_id] = dict(zip((p.key for p in ps), model_inputs(ps, dev.library.document(r.doc_id).title)))
                rows.append({"key": r.key, "score": r.score, "view": views[r.doc_id][r.key],
                             "hit": q.answers(r.doc_id, r.text)})
            out.append({"set": dev.name, "query": q.query, "rows": rows})
        print(f"{dev.name}: {len(dev.questions)} questions", flush=True)
    return out


def _mrr(hits: list[list[bool]]) -> tuple[float, float, float]:
    ranks = [next((n for n, h in enumerate(row[:10], 1) if h), None) for row in hits]
    return (sum(1 / r for r in ranks if r) / len(ranks), sum(1 for r in ranks if r and r <= 5) / len(ranks),
            sum(1 for r in ranks if r) / len(ranks))


def _minmax(values: np.ndarray) -> np.ndarray:
    span = values.max() - values.min()
    return (values - values.min()) / span if span > 0 else np.zeros_like(values)


def rerank_hits(item: dict, scores: np.ndarray, k: int, weight: float) -> list[bool]:
    """Hits in the new order: the top k re-sorted by ``weight·cross + (1−weight)·first`` (min-max), the rest kept."""
    rows = item["rows"]
    head = rows[:k]
    if not head:
        return []
    first = _minmax(np.array([r["score"] for r in head], dtype=np.float64))
    blended = weight * _minmax(scores[: len(head)].astype(np.float64)) + (1 - weight) * first
    order = sorted(range(len(head)), key=lambda i: -blended[i])
    return [head[i]["hit"] for i in order] + [r["hit"] for r in rows[k:]]


def export(delta: Path, layers: int, out: Path) -> None:
    """The cross-encoder with ``delta`` as an int8 ONNX graph (fused and quantized like the encoder)."""
    import torch
    from safetensors.numpy import load_file

    from index.onnxe5 import _fuse, _quantize

    model = CrossEncoder(model_dir(), layers)
    model.load_delta(load_file(str(delta)))
    model.bert.eval()

    class Scored(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert, self.head = model.bert, model.head

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return model.forward(input_ids, attention_mask)

    out.mkdir(parents=True, exist_ok=True)
    ids = torch.tensor([[0, 41, 1294, 12, 2, 1], [0, 41, 1294, 12, 5, 2]])
    with torch.no_grad():
        torch.onnx.export(
            Scored(), (ids, (ids != 1).long()), str(out / "exported.onnx"), dynamo=False, opset_version=17,
            input_names=["input_ids", "attention_mask"], output_names=["score"],
            dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                          "score": {0: "batch"}},
        )
    print(_fuse(out / "exported.onnx", out / "fused.onnx"))
    print(_quantize(out / "fused.onnx", out / "model.onnx", keep_float=("/head/Gemm_MatMul",)))
    (out / "exported.onnx").unlink()
    (out / "fused.onnx").unlink()
    candidates_file = delta.parent / "rerank-candidates.json"
    if candidates_file.is_file():  # int8 against fp32 on every 12th ALQAC tuning question's top 10
        items = [i for i in json.loads(candidates_file.read_text("utf-8")) if i["set"] == "alqac: tune"][::12][:20]
        int8 = OnnxCrossEncoder(out / "model.onnx")
        pairs = [(model.score(i["query"], [r["view"] for r in i["rows"][:10]]),
                  int8.score(i["query"], [r["view"] for r in i["rows"][:10]])) for i in items]
        print(f"int8 vs fp32 on {len(items)} questions × 10: mean correlation "
              f"{statistics.mean(float(np.corrcoef(a, b)[0, 1]) for a, b in pairs):.3f}; reranker alone MRR@10 "
              f"fp32 {_mrr([rerank_hits(i, a, 10, 1.0) for i, (a, _) in zip(items, pairs)])[0]:.3f}, "
              f"int8 {_mrr([rerank_hits(i, b, 10, 1.0) for i, (_, b) in zip(items, pairs)])[0]:.3f}")


class OnnxCrossEncoder:
    """Runs the exported graph on (query, passage) pairs, one call per query."""

    def __init__(self, graph: Path, threads: int = 2) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS, strategy="only_second")

    def score(self, query: str, passages: list[str]) -> np.ndarray:
        if not passages:
            return np.zeros(0, np.float32)
        ids, mask = pair_inputs(self.tokenizer, [query] * len(passages), passages)
        return self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]


def latency(work: Path, graph: Path, ks: tuple[int, ...] = (5, 10), queries: int = 40) -> None:
    """p50/p95 of hybrid search on the ALQAC library (about 15k passages), alone and with its top k reranked.

    Wall time and this process's CPU time are both printed: on a shared machine the wall time
    mostly measures the other processes; the CPU time of one query at a time on one thread is
    what an idle core would take.
    """
    from bench.retrieval import alqac_jsonl, alqac_questions, open_library
    from index.model import load_embedder

    embedder = load_embedder(Settings.load(data_dir=str(work / "bundled")))
    library = open_library(work / "alqac", [alqac_jsonl(work)], embedder)
    reranker = OnnxCrossEncoder(graph, threads=1)
    tune, _ = alqac_questions()
    views: dict[str, dict[str, str]] = {}
    library.search(tune[0].query)
    timings: dict[str, list[tuple[float, float]]] = {"first stage": [], **{f"k={k}": [] for k in ks}}
    for q in tune[:queries]:
        library._query_cache.clear()
        wall, cpu = time.perf_counter(), time.process_time()
        results = library.search(q.query, k=max(ks))
        first = (time.perf_counter() - wall, time.process_time() - cpu)
        timings["first stage"].append(first)
        for k in ks:
            wall, cpu = time.perf_counter(), time.process_time()
            texts = []
            for r in results[:k]:
                if r.doc_id not in views:
                    ps = library.passages(r.doc_id)
                    views[r.doc_id] = dict(zip((p.key for p in ps), model_inputs(ps, library.document(r.doc_id).title)))
                texts.append(views[r.doc_id][r.key])
            reranker.score(q.query, texts)
            timings[f"k={k}"].append((first[0] + time.perf_counter() - wall, first[1] + time.process_time() - cpu))
    print(f"{len(library.passages())} passages, {queries} questions; milliseconds")
    print("| search | wall p50 | wall p95 | CPU p50 | CPU p95 |\n|---|---|---|---|---|")
    for name, values in timings.items():
        ms = np.array(values) * 1000
        print(f"| {name} | {np.percentile(ms[:, 0], 50):.0f} | {np.percentile(ms[:, 0], 95):.0f} "
              f"| {np.percentile(ms[:, 1], 50):.0f} | {np.percentile(ms[:, 1], 95):.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=("mine", "train", "candidates", "score", "export", "latency"))
    parser.add_argument("--work-dir", default=str(Path(tempfile.gettempdir()) / "sotay-bench-retrieval"))
    parser.add_argument("--steps", type=int, default=150)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--batch-groups", type=int, default=2)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--delta", default="rerank-delta.safetensors")
    parser.add_argument("--depth", type=int, default=10, help="first-stage results scored by the reranker")
    parser.add_argument("--held-out", action="store_true", help="score the held-out halves too")
    parser.add_argument("--sets", default="alqac,legal,dev_seed,realdocs")
    args = parser.parse_args()
    work = Path(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    if args.step == "mine":
        started = time.perf_counter()
        passages = training_passages()
        groups = mine(passages)
        (work / "rerank-groups.json").write_text(json.dumps(groups, ensure_ascii=False), "utf-8")
        kinds = sum(1 for g in groups if len(g["query"].split()) < 8)
        print(f"{len(passages)} passages → {len(groups)} groups ({kinds} heading, {len(groups) - kinds} sentence) "
              f"in {time.perf_counter() - started:.0f} s")
    elif args.step == "train":
        groups = json.loads((work / "rerank-groups.json").read_text("utf-8"))
        train(groups, work / args.delta, steps=args.steps, layers=args.layers, batch_groups=args.batch_groups, lr=args.lr)
    elif args.step == "candidates":
        items = candidates(work, args.sets.split(","))
        (work / "rerank-candidates.json").write_text(json.dumps(items, ensure_ascii=False), "utf-8")
    elif args.step == "export":
        export(work / args.delta, args.layers, work / "rerank-onnx")
    elif args.step == "latency":
        latency(work, work / "rerank-onnx" / "model.onnx")
    else:
        score(work, work / "rerank-onnx" / "model.onnx", args.depth, args.held_out)


def score(work: Path, graph: Path, depth: int, held_out: bool) -> None:
    items = [item for item in json.loads((work / "rerank-candidates.json").read_text("utf-8"))
             if held_out or "held-out" not in item["set"]]
    model = OnnxCrossEncoder(graph)
    started, cpu = time.perf_counter(), time.process_time()
    scores = [model.score(item["query"], [r["view"] for r in item["rows"][:depth]]) for item in items]
    print(f"scored {sum(len(s) for s in scores)} pairs in {time.perf_counter() - started:.0f} s "
          f"({time.process_time() - cpu:.0f} CPU s)")
    (work / "rerank-scores.json").write_text(json.dumps(
        [{"set": item["set"], "query": item["query"], "scores": s.tolist()} for item, s in zip(items, scores)],
        ensure_ascii=False), "utf-8")
    names = list(dict.fromkeys(item["set"] for item in items))
    systems = [("first stage", None, 0.0)] + [(f"rerank k={k} w={w}", k, w) for k in (5, 10, 20) if k <= depth
                                               for w in (1.0, 0.7, 0.5, 0.3)]
    print("| system | " + " | ".join(names) + " | mean MRR@10 |\n|---|" + "---|" * (len(names) + 1))
    for system, k, weight in systems:
        cells = []
        for name in names:
            chosen = [(item, s) for item, s in zip(items, scores) if item["set"] == name]
            hits = [[r["hit"] for r in item["rows"]] if k is None else rerank_hits(item, s, k, weight) for item, s in chosen]
            cells.append(_mrr(hits))
        print(f"| {system} | " + " | ".join(f"{m:.3f} / {r10:.2f}" for m, _r5, r10 in cells)
              + f" | {statistics.mean(m for m, _, _ in cells):.3f} |", flush=True)


if __name__ == "__main__":
    main()
