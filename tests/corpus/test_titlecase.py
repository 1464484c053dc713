"""Sentence case for titles typed in capitals."""

from __future__ import annotations

import re
import unicodedata

from corpus.titlecase import LOWER, UPPER, is_acronym, is_syllable, sentence_case


def test_acronyms_codes_and_numerals_keep_their_case() -> None:
    assert sentence_case("BÁO CÁO CỦA UBND VỀ GRDP VÀ KT-XH NĂM 2024") == "báo cáo của UBND về GRDP và KT-XH năm 2024"
    assert sentence_case("NGHỊ QUYẾT SỐ 28-NQ/TW KHÓA XIII VỀ VI PHẠM") == "Nghị quyết số 28-NQ/TW khóa XIII về vi phạm"
    assert is_acronym("HĐND") and is_acronym("CĐS") and not is_acronym("nghiêng") and not is_acronym("QUYỀN")
    # A code's part that is also a syllable ("TU" of "230-KH/TU") is the code's.
    assert sentence_case("THỰC HIỆN KẾ HOẠCH SỐ 230-KH/TU") == "thực hiện Kế hoạch số 230-KH/TU"
    # A body typing the old tone-mark placement votes all the same ("tỉnh uỷ quyền").
    body = "Các thủ tục được Ủy ban nhân dân tỉnh uỷ quyền cho Giám đốc Sở Y tế giải quyết."
    assert sentence_case("ĐƯỢC ỦY BAN NHÂN DÂN TỈNH ỦY QUYỀN CHO GIÁM ĐỐC SỞ Y TẾ GIẢI QUYẾT", body) == (
        "được Ủy ban nhân dân tỉnh ủy quyền cho Giám đốc Sở Y tế giải quyết"
    )


def test_known_names_and_the_documents_own_spelling() -> None:
    assert sentence_case("TRIỂN KHAI CHỈ THỊ CỦA CHÍNH PHỦ") == "triển khai chỉ thị của Chính phủ"
    assert sentence_case("CÔNG TÁC XÂY DỰNG ĐẢNG VÀ KẾT NẠP ĐẢNG VIÊN CỦA BAN THƯỜNG VỤ TỈNH ỦY") == (
        "công tác xây dựng Đảng và kết nạp đảng viên của Ban Thường vụ Tỉnh ủy"
    )
    body = "Ủy ban nhân dân thành phố Đà Nẵng giao Sở Nội vụ chủ trì. Các phường của thành phố Đà Nẵng thực hiện."
    assert sentence_case("ĐỀ ÁN CỦA THÀNH PHỐ ĐÀ NẴNG VỀ SỞ NỘI VỤ", body) == "đề án của thành phố Đà Nẵng về Sở Nội vụ"
    # A document that writes a known name in lowercase is followed.
    assert sentence_case("Ý KIẾN CỦA NHÂN DÂN", "Lấy ý kiến của nhân dân trong xã. Ý kiến của nhân dân được tổng hợp.") == (
        "ý kiến của nhân dân"
    )


def test_place_name_after_an_administrative_unit() -> None:
    assert sentence_case("ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU") == "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu"
    # Not in a question: "… tỉnh phải làm gì" names no place.
    assert sentence_case("UBND TỈNH PHẢI LÀM GÌ", place_name=False) == "UBND tỉnh phải làm gì"
    assert sentence_case("ĐẢNG ỦY XÃ TÂN AN") == "Đảng ủy xã Tân An"
    assert sentence_case("PHÁT TRIỂN KINH TẾ - XÃ HỘI") == "phát triển kinh tế - xã hội"
    assert sentence_case("Ở CẤP XÃ, Ở THÔN, TỔ DÂN PHỐ") == "ở cấp xã, ở thôn, tổ dân phố"


def test_a_province_is_named_in_mid_title() -> None:
    # Nothing but the province's name tells where it ends before "phát huy".
    assert sentence_case("ĐẢNG BỘ TỈNH GIA LAI PHÁT HUY TRUYỀN THỐNG") == "Đảng bộ tỉnh Gia Lai phát huy truyền thống"
    assert sentence_case("UBND TỈNH THANH HOÁ PHẢI LÀM GÌ", place_name=False) == "UBND tỉnh Thanh Hoá phải làm gì"
    assert sentence_case("CỦA THÀNH PHỐ HỒ CHÍ MINH VÀ TỈNH BÀ RỊA - VŨNG TÀU CŨ") == (
        "của thành phố Hồ Chí Minh và tỉnh Bà Rịa - Vũng Tàu cũ"
    )
    # A province's name is a common phrase elsewhere: "hòa bình" is peace.
    assert sentence_case("XÃ HỘI HÒA BÌNH VÀ PHÁT TRIỂN") == "xã hội hòa bình và phát triển"


def test_the_letter_classes_split_the_alphabet_by_case() -> None:
    # "[A-ZĐÀ-Ỹ]" took in "đ", "ư", "ợ" …: a sentence was taken to begin at "được".
    tones = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    letters = {unicodedata.normalize("NFC", v + tone) for v in "aăâeêioôơuưy" for tone in tones} | set("bcdđghklmnpqrstvx")
    assert len(letters) == 89 and all(len(c) == 1 for c in letters)
    for c in letters:
        assert re.fullmatch(f"[{LOWER}]", c) and not re.fullmatch(f"[{UPPER}]", c), c
        assert re.fullmatch(f"[{UPPER}]", c.upper()) and not re.fullmatch(f"[{LOWER}]", c.upper()), c


def test_a_loanword_in_capitals_as_the_body_writes_it() -> None:
    # "DỊCH VỤ INTERNET": no syllable, so kept in capitals as an acronym is; the body writes
    # "Internet" (the title in capitals does not vote). "UBND" stays.
    body = "DỊCH VỤ INTERNET\nCung cấp dịch vụ Internet cho người dân; UBND tỉnh quản lý Internet."
    assert sentence_case("DỊCH VỤ INTERNET CỦA UBND TỈNH", body) == "dịch vụ Internet của UBND tỉnh"
    assert sentence_case("DỊCH VỤ INTERNET", "DỊCH VỤ INTERNET") == "dịch vụ INTERNET"
    # A name the body writes in capitals once (an investor's "SUNRISE PRECISION") and as a name
    # more often is written as the name.
    body = "Nhà đầu tư: SUNRISE PRECISION. Dự án Nhà máy Sunrise Vina của Công ty Sunrise Precision."
    assert sentence_case("DỰ ÁN SUNRISE VINA", body) == "dự án Sunrise Vina"


def test_a_syllable_ending_in_a_glide_takes_no_final_consonant() -> None:
    # "LAITRƯỜNG" (two letterhead lines run together) is "LAI" + "TRƯỜNG", never "LAIT" + "RƯỜNG".
    assert is_syllable("lai") and not is_syllable("lait") and not is_syllable("ngoait")
    assert all(is_syllable(w) for w in ("huỳnh", "tuýt", "xoong", "khuỷu", "người", "thuyết", "rường"))
    # The highlands' names end in "k": "Đắk Lắk", "Krông Búk".
    assert is_syllable("lắk") and is_syllable("búk")
