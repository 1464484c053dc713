"""Startup: a fresh data dir gets the bundled corpus indexed with visible progress; a second start does not."""

from __future__ import annotations

import shutil
import time

import pytest

from app.serve import prepare
from index.settings import Settings

pytestmark = pytest.mark.slow


def test_first_start_builds_with_progress_second_start_is_quick(tmp_path, library, embedder, capsys):  # noqa: ANN001
    data = tmp_path / "data"
    (data / "index").mkdir(parents=True)
    # Reuse the session's passage vectors: the build path runs in full, without re-encoding.
    shutil.copy(library.settings.data_path / "index" / "embeddings.sqlite", data / "index" / "embeddings.sqlite")
    settings = Settings.load(data_dir=str(data), model_cache_dir=library.settings.model_cache_dir)

    lib = prepare(settings, embedder=embedder)
    first = capsys.readouterr().err
    assert "Lần chạy đầu" in first and "Tách đoạn" in first and "Ghi chỉ mục" in first
    assert "Đã lập chỉ mục 2 tài liệu" in first and "Sẵn sàng" in first
    assert len(lib.documents()) == 2

    started = time.monotonic()
    again = prepare(settings, embedder=embedder)
    second = capsys.readouterr().err
    assert time.monotonic() - started < 10
    assert "Lần chạy đầu" not in second and "Tách đoạn" not in second and "Sẵn sàng" in second
    assert again.search("lấy phiếu tín nhiệm")[0].doc_id == "kh-230-tu-2023-chuyende2"
