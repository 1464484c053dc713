"""What is new between two versions: every planted change found, few false alarms."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.errors import UnknownDocument
from index.compare import compare_documents, suggest_pairs, word_diff
from index.library import Library

VERSIONS = Path(__file__).resolve().parents[1] / "data" / "versions"


@pytest.fixture(scope="module")
def versions(tmp_path_factory, settings, embedder) -> Library:  # noqa: ANN001
    data = tmp_path_factory.mktemp("versions")
    lib = Library(type(settings).load(data_dir=str(data), model_cache_dir=settings.model_cache_dir), embedder=embedder)
    lib.add_paths([VERSIONS])
    return lib


def _planted() -> list[tuple[str, str]]:
    rows = (VERSIONS / "planted.tsv").read_text("utf-8").splitlines()[1:]
    return [tuple(r.split("\t")) for r in rows if r.strip()]  # type: ignore[misc]


def test_every_planted_change_is_found_with_at_most_one_false_alarm_in_ten(versions: Library) -> None:
    comparison = compare_documents(versions, "quy-dinh-47-qd-tw", "quy-dinh-37-qd-tw")
    found = [(c.kind, (c.new_text if c.kind == "new" else c.old_text).strip()) for c in comparison.changes]
    planted = _planted()
    hits = [p for p in planted if any(kind == p[0] and text.startswith(p[1]) for kind, text in found)]
    false_alarms = [f for f in found if not any(f[0] == p[0] and f[1].startswith(p[1]) for p in planted)]
    assert hits == planted, [f[:2] for f in ((k, t[:60]) for k, t in found)]
    assert len(false_alarms) <= len(found) / 10, false_alarms
    # Each side is cited, and a reworded passage shows its words.
    changed = next(c for c in comparison.changes if c.old_text.startswith("2. Chạy chức"))
    assert changed.old_citation and changed.new_citation and changed.section == changed.section
    assert any(op.op == "insert" and "chạy luân chuyển" in op.text for op in changed.words)


def test_the_newer_rule_replaces_the_older_one_and_is_suggested_for_comparison(versions: Library) -> None:
    assert versions.status("quy-dinh-47-qd-tw").state == "replaced"
    assert versions.status("quy-dinh-47-qd-tw").by == ("quy-dinh-37-qd-tw",)
    assert versions.status("quy-dinh-37-qd-tw").state == "in_force"
    assert ("quy-dinh-47-qd-tw", "quy-dinh-37-qd-tw", "replaces") in suggest_pairs(versions)
    relations = versions.relations("quy-dinh-37-qd-tw")
    replaces = [l for l in relations["links"] if l["type"] == "replaces"]
    assert [(l["number"], l["target_id"]) for l in replaces] == [("47-QĐ/TW", "quy-dinh-47-qd-tw")]
    assert replaces[0]["passage_key"].startswith("quy-dinh-37-qd-tw#")
    # The older rule's own reference to 115-QĐ/TW is kept by number: not in the library.
    old_links = versions.relations("quy-dinh-47-qd-tw")["links"]
    assert [(l["type"], l["number"], l["target_id"]) for l in old_links] == [("replaces", "115-QĐ/TW", "")]
    # Search can leave replaced documents out.
    everything = versions.search("những điều đảng viên không được làm về lối sống", k=10)
    in_force = versions.search("những điều đảng viên không được làm về lối sống", k=10, in_force_only=True)
    assert "quy-dinh-47-qd-tw" in {r.doc_id for r in everything}
    assert {r.doc_id for r in in_force} == {"quy-dinh-37-qd-tw"}


def test_an_unknown_document_is_refused(versions: Library) -> None:
    with pytest.raises(UnknownDocument):
        compare_documents(versions, "khong-co", "quy-dinh-37-qd-tw")


def test_word_diff_marks_inserted_and_deleted_words() -> None:
    ops = word_diff("định kỳ báo cáo Bộ Chính trị.", "định kỳ hằng năm báo cáo Bộ Chính trị, Ban Bí thư.")
    assert [(o.op, o.text) for o in ops] == [
        ("equal", "định kỳ"), ("insert", "hằng năm"), ("equal", "báo cáo Bộ Chính"),
        ("delete", "trị."), ("insert", "trị, Ban Bí thư."),
    ]
