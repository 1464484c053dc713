"""Diacritics restored to a question typed without them, from the library's own words."""

from __future__ import annotations

from pathlib import Path

from corpus.normalize import fold
from index.accents import FILE, AccentModel
from index.library import Library, default_corpus_dir

PLAN = default_corpus_dir() / "kh-230-tu-2023-chuyende2.txt"


def _plan_model() -> AccentModel:
    return AccentModel.build([PLAN.read_text(encoding="utf-8")])


def test_a_folded_question_gets_the_plans_words_back() -> None:
    model = _plan_model()
    asked = "Các cấp ủy phải làm gì để nâng cao chất lượng công tác kiểm tra, giám sát?"
    assert model.restore(fold(asked)) == "các cấp ủy phải làm gì để nâng cao chất lượng công tác kiểm tra giám sát"
    # Question phrasing the documents do not hold, and the context that tells "năm" from "nam".
    assert model.restore("bao nhieu nam") == "bao nhiêu năm"
    assert model.restore("o dau") == "ở đâu"


def test_a_syllable_typed_with_diacritics_keeps_them() -> None:
    # "tính" stays as typed though the plan's "tỉnh" folds the same; the bare syllables around it
    # are restored.
    assert _plan_model().restore("cach tính chat luong") == "cách tính chất lượng"


def test_what_the_library_does_not_hold_stays_as_typed() -> None:
    model = _plan_model()
    # A document's number, a figure and a word no document holds pass through.
    assert model.restore("nghi quyet 28-nq/tw nam 2030 zzyzx") == "nghị quyết 28-nq/tw năm 2030 zzyzx"
    assert model.restore("") == ""


def test_a_number_tells_the_syllable_after_it() -> None:
    # In these texts "nam" is likelier than "năm" alone, but a number comes before "năm" only.
    model = AccentModel.build(["Phía nam giáp tỉnh bạn; cán bộ nam và nữ.", "Miền nam, nam giới.", "Kỷ niệm 80 năm Ngày thành lập."])
    assert model.restore("nam") == "nam"
    assert model.restore("ky niem 95 nam") == "kỷ niệm 95 năm"
    # The phrasing of questions the search answers from metadata comes back.
    model = _plan_model()
    assert model.restore("ke hoach 230 do ai ky") == "kế hoạch 230 do ai ký"
    assert model.restore("can bao nhieu tien") == "cần bao nhiêu tiền"


def test_the_model_is_stored_with_the_index(library: Library, tmp_path: Path) -> None:
    gen = library._current()
    assert (gen.path / FILE).is_file()
    assert gen.accents.restore("thuc hien nghi quyet") == "thực hiện nghị quyết"
    model = _plan_model()
    model.save(tmp_path / FILE)
    loaded = AccentModel.load(tmp_path / FILE)
    assert loaded is not None and loaded.restore("doi moi phuong thuc") == model.restore("doi moi phuong thuc")
    assert AccentModel.load(tmp_path / "missing.npz") is None


def test_a_question_typed_without_diacritics_is_answered_as_with_them(fresh_library: Library) -> None:
    # Before, such a question was searched by BM25 on folded syllables alone (the model reads
    # unaccented text poorly), and ranked other passages first than the same question typed right.
    realdocs = Path(__file__).parents[1] / "data" / "realdocs"
    fresh_library.add_paths([realdocs / "383-qd-tw.md", realdocs / "212-kl-tw.md", PLAN])
    for asked in ("Tài liệu lưu trữ điện tử phải được bảo quản như thế nào?",
                  "Cán bộ làm công tác lưu trữ được hưởng chế độ gì?"):
        typed = [r.key for r in fresh_library.search(fold(asked), k=4)]
        right = [r.key for r in fresh_library.search(asked, k=4)]
        # The same answer first; the runner-up may swap with a near tie (0.333 against 0.332 on an
        # AVX2-only CPU, whose int8 arithmetic moves the vectors a little), but stays near the top.
        assert typed[0] == right[0] and typed[1] in right and right[1] in typed, asked
    # Diacritics on a few words only (a phone's autocorrect) read as typed without them: before,
    # such a question went the accented way with most of its words matching nothing.
    partly = "Tai lieu luu trữ dien tu phai duoc bao quan nhu the nao?"
    assert fresh_library.read_as(partly) == "tài liệu lưu trữ điện tử phải được bảo quản như thế nào"
    expected = [r.key for r in fresh_library.search("Tài liệu lưu trữ điện tử phải được bảo quản như thế nào?", k=2)]
    assert [r.key for r in fresh_library.search(partly, k=2)] == expected
    assert fresh_library.read_as("Tài liệu lưu trữ điện tử phải được bảo quản như thế nào?") == ""
    # Marks missing on a syllable or two of a question typed with them: read with the library's
    # marks, where before its bare words matched nothing; a word written bare ("Nai") stays so.
    missing = "Tài liệu lưu trữ dien tử phai được bảo quản như thế nào?"
    assert fresh_library.read_as(missing) == "tài liệu lưu trữ điện tử phải được bảo quản như thế nào"
    assert [r.key for r in fresh_library.search(missing, k=2)] == expected
    assert fresh_library.read_as("Tỉnh ủy Đồng Nai giao nhiệm vụ gì cho Ban Tổ chức?") == ""
    # Only those: a bare word the library writes bare too ("bao" of "bao gồm") stays as typed.
    assert fresh_library.read_as("Tài liệu phai được bao quản thế nào?") == "tài liệu phải được bao quản thế nào"
    # … unless a number after it tells its marks: "nam 2030" is "năm", "Việt Nam" stays.
    assert fresh_library.read_as("Mục tiêu đến nam 2030 là gì?") == "mục tiêu đến năm 2030 là gì"
    assert fresh_library.read_as("Đảng Cộng sản Việt Nam 95 năm qua") == ""
