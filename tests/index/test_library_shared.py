"""The library shared by replicas through PostgreSQL (``database_url``): each replica's index is
made from the documents in the database, an upload on one is found on the others, vectors are
encoded once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from index.library import Library
from index.settings import Settings
from index.store import current_generation, read_manifest
from tests import pg
from tests.index.test_library import PLAN_TEXT, _folder

NOTE = "1. Số hóa\n\n- Ghi chú thử nghiệm: đơn vị phải hoàn thành số hóa hồ sơ đảng viên trước quý hai năm sau."
UPLOAD = "1. Chuyển đổi số\n\n- Mỗi chi bộ lập kho lưu trữ điện tử biên bản sinh hoạt định kỳ trước tháng chín."
REPO = Path(__file__).resolve().parents[2]


class CountingEmbedder:
    """The session's model, counting the passages it is asked to encode."""

    def __init__(self, embedder) -> None:  # noqa: ANN001
        self._embedder = embedder
        self.passages_encoded = 0

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self._embedder, name)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        self.passages_encoded += len(texts)
        return self._embedder.encode_passages(texts)


@pytest.fixture
def shared_url(postgres: pg.PgServer):  # noqa: ANN201
    url = postgres.create_database()
    yield url
    postgres.drop_database(url)


def _replica(tmp_path: Path, name: str, url: str, settings: Settings, embedder) -> Library:  # noqa: ANN001
    replica = Settings.load(data_dir=str(tmp_path / name), model_cache_dir=settings.model_cache_dir, database_url=url)
    return Library(replica, embedder=embedder)


def test_a_second_replica_makes_its_index_from_the_database_without_encoding(
    tmp_path: Path, shared_url: str, settings: Settings, embedder  # noqa: ANN001
) -> None:
    first = _replica(tmp_path, "r1", shared_url, settings, embedder)
    first.add_paths([_folder(tmp_path, ("ke-hoach.txt", PLAN_TEXT), ("ghi-chu.txt", NOTE))])
    assert read_manifest(current_generation(first.settings.data_path)).library_generation == 1

    counting = CountingEmbedder(embedder)
    second = _replica(tmp_path, "r2", shared_url, settings, counting)
    assert second.ensure_index() is None  # nothing to add: the database has the library
    assert [d.id for d in second.documents()] == ["ghi-chu", "ke-hoach"]
    assert counting.passages_encoded == 0  # every vector came from the shared cache
    assert [p.text for p in second.passages("ke-hoach")] == [p.text for p in first.passages("ke-hoach")]
    assert second.search("số hóa hồ sơ đảng viên", k=1)[0].doc_id == "ghi-chu"
    assert second.document("ke-hoach").content_hash == first.document("ke-hoach").content_hash
    # Links are read again from the shared text on each replica, to the same result.
    assert second.relations("ke-hoach") == first.relations("ke-hoach") and first.links("ke-hoach")


def test_changes_on_one_replica_reach_the_other(tmp_path: Path, shared_url: str, settings: Settings, embedder) -> None:  # noqa: ANN001
    first = _replica(tmp_path, "r1", shared_url, settings, embedder)
    second = _replica(tmp_path, "r2", shared_url, settings, embedder)
    first.add_paths([_folder(tmp_path, ("ke-hoach.txt", PLAN_TEXT))])
    assert [d.id for d in second.documents()] == ["ke-hoach"]

    # Until it syncs, the second replica answers from the generation it has.
    second.add_paths([_folder(tmp_path, ("ghi-chu.txt", NOTE))])
    assert not second.sync()  # its own change: nothing to bring in
    first.update_metadata("ghi-chu", title="Kế hoạch số hóa hồ sơ", number="05-KH/TU")
    assert [d.id for d in first.documents()] == ["ghi-chu", "ke-hoach"]
    assert second.document("ghi-chu").number == ""
    assert second.sync()
    assert second.document("ghi-chu").number == "05-KH/TU"
    assert second.passages("ghi-chu")[0].citation.startswith("Kế hoạch 05-KH/TU")

    second.remove("ke-hoach")
    assert first.sync()
    assert [d.id for d in first.documents()] == ["ghi-chu"]
    generations = {read_manifest(current_generation(lib.settings.data_path)).library_generation for lib in (first, second)}
    assert generations == {4}


def test_a_replica_started_on_an_empty_database_puts_the_bundled_corpus_in_once(
    tmp_path: Path, shared_url: str, settings: Settings, embedder  # noqa: ANN001
) -> None:
    first = _replica(tmp_path, "r1", shared_url, settings, embedder)
    report = first.ensure_index()
    assert report is not None and report.added
    second = _replica(tmp_path, "r2", shared_url, settings, embedder)
    assert second.ensure_index() is None
    assert [d.id for d in second.documents()] == [d.id for d in first.documents()]
    assert read_manifest(current_generation(second.settings.data_path)).library_generation == 1


def test_an_interrupted_change_leaves_the_shared_library_as_it_was(
    tmp_path: Path, shared_url: str, settings: Settings, embedder, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    from index.lexical import LexicalIndex

    first = _replica(tmp_path, "r1", shared_url, settings, embedder)
    first.add_paths([_folder(tmp_path, ("ke-hoach.txt", PLAN_TEXT))])

    def crash(self: LexicalIndex, directory: Path, prefix: str = "bm25_") -> None:
        raise KeyboardInterrupt("power cut while writing the BM25 files")

    monkeypatch.setattr(LexicalIndex, "save", crash)
    with pytest.raises(KeyboardInterrupt):
        first.add_paths([_folder(tmp_path, ("ghi-chu.txt", NOTE))])
    monkeypatch.undo()
    second = _replica(tmp_path, "r2", shared_url, settings, embedder)
    assert [d.id for d in second.documents()] == ["ke-hoach"]
    assert read_manifest(current_generation(second.settings.data_path)).library_generation == 1


REPLICA = """
import json, sys, time
from index.library import Library
from index.settings import Settings

library = Library(Settings.load(data_dir=sys.argv[1], database_url=sys.argv[2]))
library.ensure_index()
library.follow(interval=float(sys.argv[3]))
print(json.dumps({"ready": [d.id for d in library.documents()]}), flush=True)
for query in sys.stdin:
    started = time.perf_counter()
    hits = library.search(query.strip(), k=3)
    print(json.dumps({"docs": [h.doc_id for h in hits], "seconds": time.perf_counter() - started}), flush=True)
"""


def test_an_upload_on_one_replica_is_found_on_another_process_within_ten_seconds(
    tmp_path: Path, shared_url: str, settings: Settings, embedder  # noqa: ANN001
) -> None:
    first = _replica(tmp_path, "r1", shared_url, settings, embedder)
    first.add_paths([_folder(tmp_path, ("ke-hoach.txt", PLAN_TEXT))])
    env = {**os.environ, "PYTHONPATH": str(REPO), "SOTAY_MODEL_CACHE_DIR": settings.model_cache_dir}
    other = subprocess.Popen(
        [sys.executable, "-c", REPLICA, str(tmp_path / "r2"), shared_url, "2"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=REPO,
    )
    try:
        assert json.loads(other.stdout.readline()) == {"ready": ["ke-hoach"]}

        def ask(query: str) -> list[str]:
            other.stdin.write(query + "\n")
            other.stdin.flush()
            return json.loads(other.stdout.readline())["docs"]

        query = "kho lưu trữ điện tử biên bản sinh hoạt chi bộ"
        assert "chuyen-doi-so" not in ask(query)
        uploaded = time.monotonic()
        first.add_paths([_folder(tmp_path, ("chuyen-doi-so.txt", UPLOAD))])
        # Searches keep being answered (from the previous generation) until the new one is live.
        while (found := ask(query)) and found[0] != "chuyen-doi-so" and time.monotonic() - uploaded < 15:
            time.sleep(0.2)
        waited = time.monotonic() - uploaded
        assert found[0] == "chuyen-doi-so"
        assert waited < 10, f"found after {waited:.1f} s"
    finally:
        other.stdin.close()
        other.wait(timeout=30)
