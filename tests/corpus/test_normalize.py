"""corpus.normalize on the spelling variants found in real documents."""

from __future__ import annotations

import unicodedata

import pytest

from corpus.normalize import fold, has_diacritics, normalize, unify_tone_marks


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        ("\u00d0ảng", "Đảng"),  # Icelandic eth instead of Đ (in the bundled plan)
        ("\u0189ảng", "Đảng"),
        ("\u00f0ồng chí", "đồng chí"),
        ("hoá", "hóa"),
        ("HOÁ", "HÓA"),
        ("Hoà bình", "Hòa bình"),
        ("uỷ ban", "ủy ban"),
        ("UỶ BAN", "ỦY BAN"),
        ("khoẻ", "khỏe"),
        ("thuý", "thúy"),
        ("Thuỵ", "Thụy"),
        ("hoạ", "họa"),
    ],
)
def test_variants_converge(variant: str, expected: str) -> None:
    assert normalize(variant) == expected
    assert normalize(unicodedata.normalize("NFD", variant)) == expected


@pytest.mark.parametrize("word", ["quý", "quỳ", "toán", "hoàng", "khuya", "thuở", "hóa", "ủy"])
def test_already_normalized_words_are_untouched(word: str) -> None:
    assert normalize(word) == word


def test_nfd_input_becomes_nfc() -> None:
    text = unicodedata.normalize("NFD", "Nghị quyết Đại hội XIII")
    assert normalize(text) == "Nghị quyết Đại hội XIII"
    assert unicodedata.is_normalized("NFC", normalize(text))


def test_quotes_dashes_and_invisible_characters() -> None:
    assert normalize("\u201cĐảng\u201d \u2013 \u2018dân\u2019 \u2014 nước") == "\"Đảng\" - 'dân' - nước"
    assert normalize("cán\u00a0bộ\u200b đảng\u00adviên\ufeff") == "cán bộ đảngviên"
    assert normalize("  a \t b\n\nc  ") == "a b c"


def test_keep_newlines() -> None:
    assert normalize(" a  b \r\n\r\n c \r d ", keep_newlines=True) == "a b\n\nc\nd"


def test_unify_tone_marks_keeps_other_text() -> None:
    assert unify_tone_marks("Kế hoạch hoá, uỷ nhiệm; 2023!") == "Kế hoạch hóa, ủy nhiệm; 2023!"


def test_fold_and_diacritics() -> None:
    assert fold("\u00d0ảng Cộng sản VIỆT NAM hoá") == "dang cong san viet nam hoa"
    assert fold("Hóa") == fold("hoá")
    assert has_diacritics("Đảng") and has_diacritics("\u00d0ang")
    assert not has_diacritics("Dang cong san")
