"""``sotay db copy``: an embedded installation moved into a real PostgreSQL, checked, and rerun."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from index.library import Library, default_corpus_dir
from index.settings import Settings
from quiz.db import QuizDB
from quiz.sessions import SessionStore
from quiz.srs import Deck
from tests import pg
from tests.quiz.session_items import sample_items

NOTE = "1. Số hóa\n\n- Ghi chú thử nghiệm: đơn vị phải hoàn thành số hóa hồ sơ đảng viên trước quý hai năm sau."
QUIZ_TABLES = ("sessions", "session_items", "participants", "answers", "rounds", "srs_cards", "meta")


@pytest.fixture
def shared_url(postgres: pg.PgServer):  # noqa: ANN201
    url = postgres.create_database()
    yield url
    postgres.drop_database(url)


@pytest.fixture
def installation(tmp_path: Path, settings: Settings, embedder) -> Settings:  # noqa: ANN001
    """An embedded data dir in use: two documents, an exam with two participants' answers, a
    trainer-paced session with an opened question, a self-study deck and a secret."""
    own = Settings.load(data_dir=str(tmp_path / "data"), model_cache_dir=settings.model_cache_dir)
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "ghi-chu.txt").write_text(NOTE, encoding="utf-8")
    (folder / "ke-hoach.txt").write_text((default_corpus_dir() / "kh-230-tu-2023-chuyende2.txt").read_text("utf-8"), encoding="utf-8")
    Library(own, embedder=embedder).add_paths([folder])
    db = QuizDB.open(own)
    store = SessionStore(db)
    code, _ = store.create(sample_items(), title="Kiểm tra Đại hội XIII", shuffle=False)
    for name in ("Nguyễn Văn An", "Trần Thị Bình"):
        attempt = store.join(code, name, "Chi bộ 1")
        store.answer(code, attempt.token, 0, sample_items()[0].options[0])
    paced, key = store.create(sample_items(), title="Từng câu", mode="paced")
    store.next_question(paced, key)
    Deck(db).add("b" * 32, sample_items())
    db.secret("cookie")
    db.dispose()
    return own


def _counts(url: str) -> dict[str, int]:
    db = QuizDB(url)
    with db.read() as tx:
        counts = {t: tx.scalar(f"SELECT COUNT(*) FROM {t}") for t in (*QUIZ_TABLES, "library_documents", "library_vectors")}
    db.dispose()
    return counts


def test_copy_then_rerun_moves_everything_once(installation: Settings, shared_url: str, capsys, embedder) -> None:  # noqa: ANN001
    assert main(["db", "copy", "--to", shared_url, "--data-dir", installation.data_dir]) == 0
    printed = capsys.readouterr().out
    assert "participants: 2 dòng trong bản nhúng, 2 trong PostgreSQL (khớp)" in printed
    assert "library_documents: 2 dòng trong bản nhúng, 2 trong PostgreSQL (khớp)" in printed
    first = _counts(shared_url)
    assert first["sessions"] == 2 and first["answers"] == 2 and first["rounds"] == 1 and first["srs_cards"] == 4
    assert first["library_vectors"] > 0

    # More activity in the embedded installation, then the copy again: the new rows come, none twice.
    db = QuizDB.open(installation)
    store = SessionStore(db)
    code = store.create(sample_items(), title="Buổi sau")[0]
    store.join(code, "Lê Văn Cường", "Chi bộ 2")
    db.dispose()
    assert main(["db", "copy", "--to", shared_url, "--data-dir", installation.data_dir]) == 0
    second = _counts(shared_url)
    assert second == {**first, "sessions": 3, "session_items": first["session_items"] + 4, "participants": 3}

    # A replica on the database finds the library and the sessions as they were; numbers it
    # hands out continue after the copied ones.
    replica = Settings.load(data_dir=str(Path(installation.data_dir).parent / "replica"),
                            model_cache_dir=installation.model_cache_dir, database_url=shared_url)
    library = Library(replica, embedder=embedder)
    assert [d.id for d in library.documents()] == [d.id for d in Library(installation, embedder=embedder).documents()]
    assert library.search("số hóa hồ sơ đảng viên", k=1)[0].doc_id == "ghi-chu"
    shared = SessionStore(QuizDB.open(replica))
    assert shared.attempt(code, shared.join(code, "Phạm Thị Dung", "Chi bộ 2").token).answers == {}
    assert shared.create(sample_items(), title="Trên máy chủ chung")[0]
    assert shared.db.secret("cookie") == QuizDB.open(installation).secret("cookie")


def test_bad_address_and_server_down_are_one_vietnamese_line(installation: Settings, capsys, postgres: pg.PgServer) -> None:  # noqa: ANN001
    assert main(["db", "copy", "--to", "mysql://u@h/d", "--data-dir", installation.data_dir]) == 1
    assert capsys.readouterr().err.strip().startswith("Lỗi: Địa chỉ cơ sở dữ liệu không hợp lệ")
    down = f"postgresql://postgres@127.0.0.1:{pg._free_port()}/sotay"
    assert main(["db", "copy", "--to", down, "--data-dir", installation.data_dir]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith("Lỗi: Không kết nối được tới PostgreSQL (127.0.0.1:") and "không chạy" in error
    assert len(error.splitlines()) == 1
    missing = postgres.url("khong_co")
    assert main(["db", "copy", "--to", missing, "--data-dir", installation.data_dir]) == 1
    assert "chưa được tạo" in capsys.readouterr().err
