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
    lib.add_paths([VERSIONS, VERSIONS.parent / "realdocs" / "21-2025-tt-bgddt.md"])
    return lib


def _planted() -> dict[tuple[str, str], list[tuple[str, str]]]:
    planted: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for row in (VERSIONS / "planted.tsv").read_text("utf-8").splitlines():
        if row.strip() and not row.startswith(("#", "old\t")):
            old, new, change, starts_with = row.split("\t")
            planted.setdefault((old, new), []).append((change, starts_with))
    return planted


def _is(found: tuple[str, str], planted: tuple[str, str]) -> bool:
    return found[0] == planted[0] and found[1].startswith(planted[1])


def test_every_planted_change_is_found_with_at_most_one_false_alarm_in_ten(versions: Library) -> None:
    hits = reported = false_alarms = total = 0
    for (old_id, new_id), planted in _planted().items():
        comparison = compare_documents(versions, old_id, new_id)
        found = [(c.kind, (c.new_text if c.kind == "new" else c.old_text).strip()) for c in comparison.changes]
        missed = [p for p in planted if not any(_is(f, p) for f in found)]
        assert not missed, (old_id, missed, [(k, t[:60]) for k, t in found])
        hits += len(planted)
        total += len(planted)
        reported += len(found)
        false_alarms += sum(not any(_is(f, p) for p in planted) for f in found)
    assert hits == total and false_alarms <= reported / 10, (false_alarms, reported)


def test_changes_cite_both_sides_and_show_the_words(versions: Library) -> None:
    comparison = compare_documents(versions, "quy-dinh-47-qd-tw", "quy-dinh-37-qd-tw")
    changed = next(c for c in comparison.changes if c.old_text.startswith("2. Chạy chức"))
    assert changed.old_citation.startswith("Quy định 47-QĐ/TW") and changed.new_citation.startswith("Quy định 37-QĐ/TW")
    assert changed.section == "Điều 4.2"
    assert any(op.op == "insert" and "chạy luân chuyển" in op.text for op in changed.words)
    summary = comparison.to_json()["summary"]
    assert summary == {"new": 2, "dropped": 2, "changed": 5, "unchanged": summary["unchanged"]}


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
        ("equal", "định kỳ"), ("insert", " hằng năm"), ("equal", " báo cáo Bộ Chính trị"),
        ("insert", ", Ban Bí thư"), ("equal", "."),
    ]
    assert "".join(o.text for o in ops if o.op != "delete") == "định kỳ hằng năm báo cáo Bộ Chính trị, Ban Bí thư."
