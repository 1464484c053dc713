"""An index build encodes beside its other stages: same vectors, each distinct input once."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np

from index.library import Library
from index.settings import Settings
from index.units import model_inputs

# Two law articles given as documents (the way a JSONL library holds them), one of them twice
# under another id: the same title and text make the same model inputs.
ARTICLE = {
    "title": "Luật Hôn nhân và gia đình, Điều 8",
    "text": "Điều kiện kết hôn\n\n1. Nam, nữ kết hôn với nhau phải tuân theo các điều kiện sau đây:\n"
    "a) Nam từ đủ 20 tuổi trở lên, nữ từ đủ 18 tuổi trở lên;\nb) Việc kết hôn do nam và nữ tự nguyện quyết định;\n"
    "c) Không bị mất năng lực hành vi dân sự;\n2. Nhà nước không thừa nhận hôn nhân giữa những người cùng giới tính.",
}
OTHER = {
    "title": "Luật Hôn nhân và gia đình, Điều 9",
    "text": "Đăng ký kết hôn\n\n1. Việc kết hôn phải được đăng ký và do cơ quan nhà nước có thẩm quyền thực hiện.\n"
    "2. Vợ chồng đã ly hôn muốn xác lập lại quan hệ vợ chồng thì phải đăng ký kết hôn.",
}


class CountingEmbedder:
    """The session's model, recording the passages it is asked to encode and in which thread."""

    def __init__(self, embedder) -> None:  # noqa: ANN001
        self._embedder = embedder
        self.encoded: list[str] = []
        self.threads: set[str] = set()

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self._embedder, name)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        self.encoded.extend(texts)
        self.threads.add(threading.current_thread().name)
        return self._embedder.encode_passages(texts)


def _library(tmp_path: Path, settings: Settings, embedder) -> Library:  # noqa: ANN001
    own = Settings.load(data_dir=str(tmp_path / "data"), model_cache_dir=settings.model_cache_dir)
    return Library(own, embedder=embedder)


def test_a_build_encodes_each_distinct_input_once_beside_the_main_thread(tmp_path: Path, settings: Settings, embedder) -> None:  # noqa: ANN001
    source = tmp_path / "laws.jsonl"
    rows = [{"id": "hngd:8", **ARTICLE}, {"id": "hngd:8-copy", **ARTICLE}, {"id": "hngd:9", **OTHER}]
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    counting = CountingEmbedder(embedder)
    library = _library(tmp_path, settings, counting)
    report = library.add_paths([source])

    copies = library.passages("hngd:8")
    assert report.passages == 2 * len(copies) + len(library.passages("hngd:9"))
    assert len(counting.encoded) == len(set(counting.encoded)) == len(copies) + len(library.passages("hngd:9"))
    assert threading.main_thread().name not in counting.threads
    assert np.array_equal(library.passage_vectors("hngd:8"), library.passage_vectors("hngd:8-copy"))


def test_vectors_of_a_build_are_its_passages_own_in_row_order(tmp_path: Path, settings: Settings, embedder) -> None:  # noqa: ANN001
    source = tmp_path / "laws.jsonl"
    rows = [{"id": f"hngd:{n}", **article} for n, article in ((8, ARTICLE), (9, OTHER))]
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    library = _library(tmp_path, settings, embedder)
    library.add_paths([source])
    gen = library._current()
    for doc_id, article in (("hngd:8", ARTICLE), ("hngd:9", OTHER)):
        alone = embedder.encode_passages(model_inputs(library.passages(doc_id), article["title"]))
        indexed = gen.dense.vectors()[gen.doc_rows[doc_id]]
        assert np.allclose(indexed, alone, atol=1e-6)


def test_tokens_are_counted_while_the_model_encodes(embedder) -> None:  # noqa: ANN001
    texts = [f"{ARTICLE['text']} (bản {n})" for n in range(300)]
    encoding = threading.Thread(target=embedder.encode_passages, args=(texts,))
    encoding.start()
    try:
        counted = embedder.count_tokens("Điều kiện kết hôn")
        assert encoding.is_alive(), "the encode ended before the count: give it more texts"
    finally:
        encoding.join()
    assert counted == embedder.count_tokens("Điều kiện kết hôn") > 0
