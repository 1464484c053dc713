"""The acronym dictionary: shipped pairs, the documents' own definitions, the user's file."""

from __future__ import annotations

from pathlib import Path

from index.acronyms import AcronymDictionary, build_dictionary, find_definitions
from index.library import default_corpus_dir


def test_definitions_given_by_the_bundled_plan_are_found() -> None:
    text = (default_corpus_dir() / "kh-230-tu-2023-chuyende2.txt").read_text("utf-8")
    found = dict(find_definitions(text))
    assert found["PTLĐ"] == "phương thức lãnh đạo"
    assert found["HTCT"] == "hệ thống chính trị"


def test_definition_needs_matching_initials() -> None:
    assert find_definitions("đổi mới phương thức lãnh đạo (PTLĐ) và báo cáo (Phụ lục)") == [("PTLĐ", "phương thức lãnh đạo")]
    assert find_definitions("hoạt động kinh tế (GDP)") == []


def test_expansion_works_both_ways_and_in_lowercase() -> None:
    dictionary = build_dictionary([])
    dense, extra = dictionary.expand_query("vai trò của htct và UBND")
    assert dense == "vai trò của hệ thống chính trị (HTCT) và Ủy ban nhân dân (UBND)"
    assert extra == ["hệ thống chính trị", "Ủy ban nhân dân"]
    _, extra = dictionary.expand_query("các tổ chức chính trị - xã hội của hệ thống chính trị")
    assert set(extra) == {"CT-XH", "HTCT"}


def test_document_numbers_and_everyday_words_are_left_alone() -> None:
    dictionary = build_dictionary([])
    dense, extra = dictionary.expand_query("Nghị quyết 28-NQ/TW về tu dưỡng")
    assert dense == "Nghị quyết 28-NQ/TW về tu dưỡng"
    assert extra == []  # "nghị quyết" → NQ would only add noise


def test_user_file_adds_pairs(tmp_path: Path) -> None:
    user = tmp_path / "acronyms.tsv"
    user.write_text("acronym\texpansion\nBCĐ\tBan Chỉ đạo\n", encoding="utf-8")
    dictionary = build_dictionary([], [user, tmp_path / "missing.tsv"])
    assert dictionary.expansions("BCĐ") == ["Ban Chỉ đạo"]
    assert dictionary.acronym_of("ban chi dao") == "BCĐ"


def test_duplicate_expansions_are_kept_once() -> None:
    dictionary = AcronymDictionary([("HTCT", "hệ thống chính trị"), ("HTCT", "Hệ thống chính trị")])
    assert dictionary.items() == [("HTCT", "hệ thống chính trị")]


def test_drafting_form_definitions_are_found() -> None:
    # "(sau đây viết tắt là Cổng TTĐT)": the words around the acronym repeat those around its
    # expansion (80/2025/QĐ-UBND); an initial with a tone mark counts as its letter ("Ủy" → U).
    text = (
        "Cổng thông tin điện tử (sau đây viết tắt là Cổng TTĐT) tỉnh; Ủy ban nhân dân tỉnh (sau đây gọi "
        "tắt là UBND tỉnh); Ủy ban Kiểm tra (UBKT); quy định (sau đây gọi là Quy định)"
    )
    assert dict(find_definitions(text)) == {"TTĐT": "thông tin điện tử", "UBND": "Ủy ban nhân dân", "UBKT": "Ủy ban Kiểm tra"}
    _, extra = build_dictionary([text]).expand_query("cổng thông tin điện tử tỉnh Bắc Ninh đặt ở đâu")
    assert "TTĐT" in extra
