"""What a strict reading of documents never read before (21/2025/TT-BGDĐT, 634/TB-VPCP,
158/2025/NĐ-CP, 1663/NQ-UBTVQH15) found failing, one test per class.

Keys a learner reads off the question: a formula's key spelled out by its own terms, an article
among the titles of fixed place, a scope sentence "Thông tư này quy định …", a part of a total the
sentence states, a year next to one it names, a new commune named after the district the stem
shows, a figure the only one written without a leading zero. Not worth asking, or offered among
options of another kind: a figure in the title of a cited decision, the period a statistic is
reported for, a list "do Bộ Y tế ban hành" taken for a task, an enterprise among ministries.
Every candidate is built and checked by the real generator and validator (tests/data/realdocs,
kept as found)."""

from __future__ import annotations

import pytest
from tests.quiz.quiz_generated import generator_for, realdocs_library

from index.library import Library
from index.settings import Settings
from quiz.distractors import made_up_numbers, padded_alike
from quiz.items import QuizItem
from quiz.questions.responsible import assigned_bodies, is_enterprise
from quiz.questions.where import _led_items
from quiz.statements import names_part
from quiz.terms import quantities

CIRCULAR, NOTICE, DECREE, MERGERS = "21-2025-tt-bgddt", "634-tb-vpcp", "158-2025-nd-cp", "1663-nq-ubtvqh15"
FIXED_PLACE = ("Phạm vi điều chỉnh", "Đối tượng áp dụng", "Hiệu lực", "Giải thích từ ngữ")


@pytest.fixture(scope="module")
def circular(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    # The library of tests/quiz/test_yield.py and test_numbers_and_issuers.py, shared.
    return realdocs_library(tmp_path_factory.mktemp("read"), settings, embedder,
                            ("16-2025-nd-cp", CIRCULAR, "2637-qd-ubnd", "3005-qd-ubnd"))


@pytest.fixture(scope="module")
def notice(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    # The library of tests/quiz/test_long_sentences.py, shared.
    return realdocs_library(tmp_path_factory.mktemp("read"), settings, embedder, (NOTICE, "54-2025-tt-bct", "80-2025-qd-ubnd"))


@pytest.fixture(scope="module")
def decrees(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    return realdocs_library(tmp_path_factory.mktemp("read"), settings, embedder, (DECREE, MERGERS))


def checked(library: Library, type_: str, doc: str) -> list[tuple[QuizItem, list[str]]]:
    """Every candidate of a kind on one document, with the rules it breaks."""
    generator = generator_for(library)
    sources = [s for s in generator.sentences if s.passage.doc_id == doc]
    return [(item, generator.validator.check(item)) for item in generator.candidates(type_, sources, 1)]


def test_a_formula_is_not_asked_where_its_own_terms_spell_the_key(circular: Library) -> None:
    # Read before: "____ = Tiền lương 01 tiết dạy x 150%" asked "Tiền lương 01 tiết dạy thêm", and
    # "____ = (Định mức tiết dạy trung bình trong 01 tuần) x (Số tuần … thời gian công tác thực
    # tế)" asked "Định mức tiết dạy/thời gian công tác thực tế".
    results = {item.answer: failures for item, failures in checked(circular, "formula", CIRCULAR)}
    for spelled_out in ("Tiền lương 01 tiết dạy thêm", "Định mức tiết dạy/thời gian công tác thực tế"):
        assert "answer_in_stem" in results[spelled_out]
    assert sum(not failures for failures in results.values()) >= 2, results


def test_articles_of_fixed_place_are_no_options_beside_the_bodys_articles(
    circular: Library, decrees: Library
) -> None:
    # Read before: "Điều 5 quy định về nội dung nào?" among "Hiệu lực và trách nhiệm thi hành",
    # "Phạm vi điều chỉnh" and "Đối tượng áp dụng": the one option that is no first or last article.
    articles = [item for item, failures in checked(circular, "article", CIRCULAR) if not failures]
    assert len(articles) >= 4
    for item in articles:
        assert sum(o.startswith(FIXED_PLACE) for o in item.options if o != item.answer) <= 1, item.options
    # "Trường hợp nghỉ từ 03 ngày trở lên trong 01 tuần …" was asked among "Nguồn kinh phí",
    # "Phạm vi điều chỉnh" and "Đối tượng áp dụng". The circular's articles of its body share
    # their words too much to tell a statement's apart: it has no such item left; the decree has.
    assert not any(not i.answer.startswith(FIXED_PLACE) for i, _ in checked(circular, "where", CIRCULAR))
    parts = [item for item, failures in checked(decrees, "where", DECREE) if not failures]
    assert any(not item.answer.startswith(FIXED_PLACE) for item in parts)
    for item in parts:
        if not item.answer.startswith(FIXED_PLACE):
            assert not any(o.startswith(FIXED_PLACE) for o in item.options), item.options


def test_a_scope_sentence_and_a_listed_item_are_not_asked_which_part(circular: Library) -> None:
    # Read before: "Thông tư này quy định chế độ …" (its article by the formula every legal text
    # uses) and "Thời gian nhà giáo được … cử đi đào tạo, bồi dưỡng …" (an item of "…, bao gồm:").
    assert names_part("Thông tư này quy định chế độ trả tiền lương dạy thêm giờ đối với nhà giáo.", "Phạm vi điều chỉnh")
    assert names_part("Thông tư này không áp dụng đối với nhà giáo trong các cơ sở giáo dục thuộc Bộ Quốc phòng.",
                      "Phạm vi điều chỉnh")
    assert not names_part("Năm học quy định tại Thông tư này được tính từ ngày 01 tháng 7 năm trước.", "Quy định chung")
    generator = generator_for(circular)
    led = [p.text for p in generator.passages if p.key in _led_items(generator.context, CIRCULAR)]
    assert len(led) == 3 and all(t.startswith(("a) Thời gian", "b) Thời gian", "c) Thời gian")) for t in led), led
    # The items of a list of cases ("10. … được xác định như sau:", "a) Cơ sở giáo dục nơi nhà
    # giáo đến biệt phái chi trả …") are sentences of their own.


def test_a_rate_above_a_whole_is_offered_such_rates() -> None:
    # "Tiền lương 01 tiết dạy thêm = Tiền lương 01 tiết dạy x 150%" was offered 85 %, 100 %, 81 %:
    # percentages were kept at most 100 whatever the key.
    span = quantities("Tiền lương 01 tiết dạy thêm = Tiền lương 01 tiết dạy x 150%.")[0]
    made = made_up_numbers(span)
    assert made and all(float(m.rstrip("%")) > 100 for m in made), made
    share = quantities("Tỷ lệ giải quyết hồ sơ đúng hạn đạt 95%.")[0]
    assert all(float(m.rstrip("%")) <= 100 for m in made_up_numbers(share))


def test_a_part_of_a_stated_total_and_a_year_next_to_a_named_one_are_not_asked(decrees: Library) -> None:
    # Read before: "… có 102 đơn vị hành chính cấp xã, gồm ____ và 20 phường" (82 xã) and "… các
    # năm trước năm ____ được lấy bằng hệ số … của năm 1994" (1995).
    merged_total = [(i, f) for i, f in checked(decrees, "fill_blank", MERGERS) if i.answer == "82 xã"]
    assert merged_total and all("answer_in_stem" in f for _, f in merged_total)
    year = [(i, f) for i, f in checked(decrees, "fill_blank", DECREE)
            if i.answer == "1995" and "của năm 1994" in i.source_text]
    assert year and all("answer_in_stem" in f for _, f in year)


def test_a_new_commune_named_after_the_district_the_stem_shows_is_not_asked(decrees: Library) -> None:
    # Read before: "… thị trấn Sa Rài, xã Bình Phú (huyện Tân Hồng) và xã Tân Công Chí thành xã
    # mới có tên gọi là ____" → "xã Tân Hồng".
    results = checked(decrees, "merged", MERGERS)
    district = [f for i, f in results if i.answer == "xã Tân Hồng"]
    assert district and all("answer_in_stem" in f for f in district)
    # A name the merged units give is still asked ("thị trấn Vĩnh Bình, …" → "xã Vĩnh Bình").
    assert sum(not f for _, f in results) >= 20


def test_figures_are_offered_written_like_the_key(notice: Library) -> None:
    # Read before: "Tăng trưởng kinh tế ____ của Tỉnh …" offered "9 tháng" among "06 tháng",
    # "07 tháng", "11 tháng": the key the one figure without a leading zero.
    numbers = [i for i, f in checked(notice, "fill_blank", NOTICE) if not f and i.tags[:1] == ("number",)]
    assert numbers
    for item in numbers:
        assert all(padded_alike(o, item.answer) for o in item.options), item.options
    assert padded_alike("9 tháng", "11 tháng") and not padded_alike("9 tháng", "06 tháng")


def test_a_figure_in_a_cited_decisions_title_is_not_asked(decrees: Library) -> None:
    # Read before: "Quyết định số 613/QĐ-TTg … về việc trợ cấp hằng tháng cho những người có từ
    # đủ 15 năm đến dưới ____ công tác thực tế …" (20 năm) and "Quyết định số 92/2005/QĐ-TTg …
    # về địa phương trước ngày ____" (10 tháng 01 năm 1982).
    titled = [(i, f) for type_ in ("threshold", "deadline", "fill_blank") for i, f in checked(decrees, type_, DECREE)
              if i.source_text.startswith(("Quyết định số 613/QĐ-TTg", "Quyết định số 92/2005/QĐ-TTg"))]
    assert titled
    assert all("in_cited_title" in f for _, f in titled), [(i.answer, f) for i, f in titled]
    # A limit the decree sets in a sentence of its own is still asked.
    limits = [i for i, f in checked(decrees, "deadline", DECREE) if not f]
    assert any(i.answer == "15 ngày làm việc" for i in limits)


def test_a_list_a_ministry_issued_is_no_task_given_to_it() -> None:
    # Read before: "… thuộc Danh mục bệnh cần chữa trị dài ngày do ____ ban hành mà hồ sơ …" was
    # asked "cơ quan nào được giao", key Bộ Y tế.
    assert assigned_bodies("Đối với trường hợp hưởng chế độ ốm đau do mắc bệnh thuộc Danh mục bệnh cần chữa trị dài "
                           "ngày do Bộ Y tế ban hành mà hồ sơ đề nghị hưởng có ngày bắt đầu nghỉ hưởng chế độ") == []
    # A power the sentence ends on is still one.
    assert [s.text for s in assigned_bodies("Quy chế làm việc của cấp ủy do Ban Chấp hành ban hành.")] == ["Ban Chấp hành"]


def test_the_period_of_a_reported_figure_is_not_asked(notice: Library) -> None:
    # Read before: "Tăng trưởng kinh tế ____ của Tỉnh ước đạt 8,19%" (9 tháng), "sản xuất công
    # nghiệp tăng trưởng cao, ____ tăng 15,55%" (10 tháng).
    blanks = checked(notice, "fill_blank", NOTICE)
    periods = [i for i, _ in blanks if i.answer in ("9 tháng", "10 tháng")]
    assert not periods, [i.stem for i in periods]
    # The figure itself is.
    assert any(i.answer == "8,19%" for i, f in blanks if not f)


def test_an_enterprise_is_offered_among_enterprises_only(notice: Library) -> None:
    # Read before: "Với vai trò là chủ đầu tư, ____ chủ động làm việc, trao đổi với các Tập đoàn lớn
    # …" (Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam) among three ministries.
    for item, failures in checked(notice, "responsible", NOTICE):
        if not failures:
            assert len({is_enterprise(o) for o in item.options}) == 1, item.options
    assert all(not is_enterprise(o) for o in ("Bộ Tài chính", "Ủy ban nhân dân tỉnh Thanh Hóa"))
