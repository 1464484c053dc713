"""Lexical tokens: Vietnamese-aware, one-letter syllables kept, accent-folded field."""

from __future__ import annotations

from index.tokens import content_tokens, folded_tokens, pyvi_words, word_tokens


def test_word_tokens_keep_compounds_syllables_and_one_letter_words() -> None:
    tokens = word_tokens("Cán bộ ở cơ sở, hệ thống chính trị")
    assert "ở" in tokens
    assert {"cán_bộ", "cán", "bộ", "hệ_thống", "chính_trị"} <= set(tokens)


def test_normalization_happens_before_tokenizing() -> None:
    assert word_tokens("Ðảng uỷ") == word_tokens("Đảng ủy")


def test_folded_tokens_match_text_typed_without_diacritics() -> None:
    assert folded_tokens("Lấy phiếu tín nhiệm") == folded_tokens("lay phieu tin nhiem")
    assert "lay_phieu" in folded_tokens("lay phieu")


def test_question_words_are_dropped_but_not_look_alikes() -> None:
    assert content_tokens(word_tokens("cơ sở là gì")) == ["cơ_sở", "cơ", "sở"]
    assert content_tokens(["co", "so", "la", "gi"], folded=True) == ["so"]


def test_pyvi_words_are_the_compounds_without_their_syllables() -> None:
    tokens = word_tokens("Hệ thống chính trị ở Việt Nam, khoản 1")
    assert pyvi_words(tokens) == ["hệ_thống", "chính_trị", "ở", "việt_nam", "khoản", "1"]
    assert pyvi_words(["hệ", "thống"]) == ["hệ", "thống"]


def test_pyvi_reads_the_capitals_of_a_name_before_the_words_are_lowercased() -> None:
    # pyvi's model takes "Bộ luật" for one word only as written: lowercased first, it splits it.
    assert pyvi_words(word_tokens("Theo Bộ luật dân sự 2015, tập quán là gì?"))[:3] == ["theo", "bộ_luật", "dân_sự"]
