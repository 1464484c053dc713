"""Links stored with the library: resolved by number, placed at the cited article, migrated in;
on both backends (tests/index/conftest.py)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from index.library import Library
from index.store import MIGRATIONS, current_generation

RULE = """BAN CHẤP HÀNH TRUNG ƯƠNG
Số 12-QĐ/TW
QUY ĐỊNH
VỀ CÔNG TÁC KIỂM TRA

Điều 1. Phạm vi
Quy định này quy định về công tác kiểm tra của tổ chức đảng.

Điều 2. Trách nhiệm kiểm tra
1. Cấp ủy các cấp lãnh đạo, chỉ đạo công tác kiểm tra.
2. Ủy ban kiểm tra giúp cấp ủy thực hiện nhiệm vụ kiểm tra.
"""
PLAN = """TỈNH ỦY
Số 45-KH/TU
KẾ HOẠCH
THỰC HIỆN QUY ĐỊNH SỐ 12-QĐ/TW VỀ CÔNG TÁC KIỂM TRA

I. MỤC ĐÍCH
1. Thực hiện nghiêm Quy định số 12-QĐ/TW của Ban Chấp hành Trung ương.
2. Ủy ban kiểm tra các cấp làm đúng trách nhiệm theo Điều 2 Quy định số 12-QĐ/TW; tham khảo Hướng dẫn số 03-HD/UBKTTW.
"""


def _library(tmp_path: Path, fresh_library: Library) -> Library:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "quy-dinh-12.txt").write_text(RULE, encoding="utf-8")
    (folder / "ke-hoach-45.txt").write_text(PLAN, encoding="utf-8")
    fresh_library.add_paths([folder])
    return fresh_library


def test_links_resolve_by_number_and_open_at_the_cited_article(tmp_path: Path, fresh_library: Library) -> None:
    lib = _library(tmp_path, fresh_library)
    links = lib.relations("ke-hoach-45")["links"]
    assert [(l["type"], l["number"], l["target_id"], l["article"]) for l in links] == [
        ("carries_out", "12-QĐ/TW", "quy-dinh-12", ""),
        ("carries_out", "12-QĐ/TW", "quy-dinh-12", ""),
        ("mentions", "12-QĐ/TW", "quy-dinh-12", "Điều 2"),
        ("mentions", "03-HD/UBKTTW", "", ""),
    ]
    # The title's link belongs to no passage; the others to the passage that says them.
    assert links[0]["passage_key"] == "" and links[1]["passage_key"].startswith("ke-hoach-45#")
    assert lib.passage(links[2]["target_key"]).section.startswith("Điều 2")
    cited_by = lib.relations("quy-dinh-12")["cited_by"]
    assert {l["doc_id"] for l in cited_by} == {"ke-hoach-45"} and lib.status("quy-dinh-12").state == "in_force"


def test_an_index_built_before_links_gets_them_on_opening(tmp_path: Path, fresh_library: Library) -> None:
    lib = _library(tmp_path, fresh_library)
    database = current_generation(lib.settings.data_path) / "library.sqlite"
    with closing(sqlite3.connect(database)) as conn, conn:
        conn.execute("DROP TABLE links")
        conn.execute("DROP TABLE _sotay_migrations")
    reopened = Library(lib.settings, embedder=lib.embedder)
    assert [l["number"] for l in reopened.relations("ke-hoach-45")["links"]][-1] == "03-HD/UBKTTW"
    with closing(sqlite3.connect(database)) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM _sotay_migrations")] == [m.__name__ for m in MIGRATIONS]
