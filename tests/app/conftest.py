"""The served app: the real model and the bundled corpus behind a real Gradio server on a free port."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.batching import QueryBatcher
from app.serve import launch
from app.ui import build_app
from index.library import Library
from index.settings import Settings

ADMIN_USER = "quantri"
ADMIN_PASSWORD = "mat-khau-thu-nghiem"


def signed_in_cookie(url: str, user: str = ADMIN_USER, password: str = ADMIN_PASSWORD) -> dict[str, str]:
    """The ``Cookie`` header of a sign-in at ``POST /dang-nhap``, for API clients (gradio_client)."""
    import httpx

    response = httpx.post(f"{url}/dang-nhap", json={"user": user, "password": password}, timeout=30)
    response.raise_for_status()
    return {"Cookie": f"sotay_dang_nhap={response.cookies['sotay_dang_nhap']}"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class ServedApp:
    url: str
    settings: Settings
    lib: Library


@pytest.fixture(scope="session")
def served_app(tmp_path_factory: pytest.TempPathFactory, library: Library, embedder) -> Iterator[ServedApp]:  # noqa: ANN001
    """The app over its own copy of the session's indexed data dir (tests may change it)."""
    data = tmp_path_factory.mktemp("served") / "data"
    # Copying the built index (and its embedding cache) saves re-encoding the bundled corpus.
    shutil.copytree(library.settings.data_path, data)
    settings = Settings.load(
        data_dir=str(data),
        model_cache_dir=library.settings.model_cache_dir,
        admin_user=ADMIN_USER,
        admin_password=ADMIN_PASSWORD,
        upload_max_files=5,
        upload_max_mb=2,
        port=free_port(),
    )
    with serving(Library(settings, embedder=QueryBatcher(embedder)), settings) as app:
        yield app


@contextmanager
def serving(lib: Library, settings: Settings) -> Iterator[ServedApp]:
    """The app over ``lib`` on the settings' port, closed afterwards."""
    demo = build_app(lib, settings)
    url = launch(demo, settings, block=False)
    try:
        yield ServedApp(url.rstrip("/"), settings, lib)
    finally:
        demo.close()


@pytest.fixture(scope="session")
def plan_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small Word document with a distinctive passage, as a trainer would upload it."""
    from docx import Document as DocxDocument

    path = tmp_path_factory.mktemp("uploads") / "Hướng dẫn số 05-HD-BTG.docx"
    doc = DocxDocument()
    doc.add_paragraph("HƯỚNG DẪN")
    doc.add_paragraph("Số 05-HD/BTG ngày 15/4/2024 về tuyên truyền chuyển đổi số trong sinh hoạt chi bộ")
    doc.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    doc.add_paragraph(
        "1. Đưa sổ tay điện tử vào sinh hoạt chi bộ định kỳ, giúp đảng viên tra cứu nhanh văn kiện "
        "và giảm giấy tờ trong các buổi họp."
    )
    doc.add_paragraph("II. NỘI DUNG")
    doc.add_paragraph(
        "1. Mỗi chi bộ cử một đồng chí phụ trách hướng dẫn sử dụng sổ tay điện tử cho đảng viên cao tuổi."
    )
    doc.save(str(path))
    return path
