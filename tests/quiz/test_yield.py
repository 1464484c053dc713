"""Enough items from real documents that gave few: a decree of allowances (amounts of money), a
circular with titled articles and a preamble citing decrees, a Quyết định publishing procedures;
each asked alone, with the real generator and validator (tests/data/realdocs, kept as found)."""

from __future__ import annotations

import dataclasses
import random
import re
from pathlib import Path

import pytest
from tests.quiz.quiz_generated import check_enough, each_alone, generated, generator_for, realdocs_library

from corpus.cite import numbered_components, section_components
from index.library import Library
from index.settings import Settings
from quiz.generate import Generated, Request
from quiz.questions.amount import amounts
from quiz.questions.cited import cited, preamble
from quiz.questions.deadline import distractors as deadline_distractors
from quiz.questions.deadline import limits
from quiz.questions.registry import KINDS
from quiz.questions.responsible import assigned_bodies
from quiz.sentences import _trim
from quiz.source import debris
from quiz.validate import other_value

REALDOCS = Path(__file__).resolve().parent.parent / "data" / "realdocs"
DECREE, CIRCULAR, PROCEDURES = "16-2025-nd-cp", "21-2025-tt-bgddt", "3005-qd-ubnd"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    # The same library as tests/quiz/test_numbers_and_issuers.py, so both share its items.
    return realdocs_library(tmp_path_factory.mktemp("yield"), settings, embedder, (DECREE, CIRCULAR, PROCEDURES, "2637-qd-ubnd"))


@pytest.fixture(scope="module")
def per_doc(library: Library) -> dict[str, Generated]:
    return each_alone(library, (DECREE, CIRCULAR, PROCEDURES))


def test_documents_that_gave_few_give_more_and_every_item_passes(library: Library, per_doc: dict[str, Generated]) -> None:
    # Before the amount, article and cited kinds: 9, 5 and 8 items of the 20 asked. The decree
    # gives 16, not 18: the year that names a cited law ("Luật Bảo hiểm xã hội năm ____", and a
    # false statement changing it) is no longer asked.
    check_enough(library, per_doc, {DECREE: 16, CIRCULAR: 12, PROCEDURES: 11})


def test_an_amount_is_asked_with_the_documents_other_amounts_of_its_unit(library: Library, per_doc: dict[str, Generated]) -> None:
    items = [i for i in per_doc[DECREE].items if i.type == "amount"]
    assert len(items) >= 5
    text = library.document_text(DECREE)
    for item in items:
        unit = item.answer.split()[-1] if "đồng" in item.answer else "%"
        assert all(o.endswith(unit) for o in item.options), item.options
        assert item.answer in {s.text for s in amounts(item.source_text)}
        # Mostly amounts the decree itself sets, not made up.
        assert sum(o in text for o in item.options) >= 3, item.options
        # No half of an amending text's quote marks shown ("“… 234.000 đồng".”).
        assert '"' not in item.stem, item.stem


def test_an_article_is_asked_by_its_title(library: Library, per_doc: dict[str, Generated]) -> None:
    items = [i for i in generated(library, Request(n=20, seed=1, doc_ids=(CIRCULAR,), types=("article",))).items]
    # Điều 3–7 of the circular; Phạm vi điều chỉnh, Đối tượng áp dụng, Hiệu lực … are never keys.
    assert {re.search(r"Điều (\d+)", i.stem)[1] for i in items} == {"3", "4", "5", "6", "7"}
    text = " ".join(library.document_text(CIRCULAR).split())
    for item in items:
        number = re.search(r"Điều (\d+)", item.stem)[1]
        assert re.search(rf"Điều {number}\W{{1,6}}{re.escape(item.answer)}", text), item.answer
        assert all(re.search(rf"Điều \d+\W{{1,6}}{re.escape(o)}", text) for o in item.options), item.options


def test_a_cited_decree_is_asked_by_its_subject(library: Library) -> None:
    result = generated(library, Request(n=20, seed=1, doc_ids=(PROCEDURES,), types=("cited",)))
    assert len(result.items) >= 3, result.rejected
    # An entry of a "Căn cứ" list after its first is read with the list's opening words.
    cites = {s.text: (document, subject) for s, document, subject in preamble(library.passages(PROCEDURES), PROCEDURES)}
    for item in result.items:
        document, subject = cites[item.source_text]
        assert item.answer == subject and f"căn cứ {document}." in item.stem
        assert item.answer.lower() in item.source_text.lower()
        assert len(set(item.options)) == 4


def test_a_cited_subject_stops_before_its_amendments() -> None:
    sentence = ("Căn cứ Nghị định số 08/2015/NĐ-CP ngày 21/01/2015 của Chính phủ quy định chi tiết và biện pháp thi "
                "hành Luật Hải quan về thủ tục hải quan, được sửa đổi, bổ sung tại Nghị định số 167/2025/NĐ-CP")
    document, subject = cited(sentence)
    assert document == "Nghị định số 08/2015/NĐ-CP ngày 21/01/2015 của Chính phủ"
    assert subject == "Quy định chi tiết và biện pháp thi hành Luật Hải quan về thủ tục hải quan"
    assert cited("Căn cứ Luật Giáo dục số 43/2019/QH14") is None


def test_an_amending_texts_quote_marks_are_not_half_shown() -> None:
    for text, unit in (
        ('"a) Mức trợ cấp ngày công không thấp hơn 327.600 đồng";', "Mức trợ cấp ngày công không thấp hơn 327.600 đồng"),
        ('h) Tiểu đội trưởng: 234.000 đồng".', "Tiểu đội trưởng: 234.000 đồng"),
        ("“Điều 8. Chế độ phụ cấp hằng tháng", "Điều 8. Chế độ phụ cấp hằng tháng"),
        ("Văn bản nêu “ít nhất” hai lần.", "Văn bản nêu “ít nhất” hai lần."),
    ):
        start, end = _trim(text, 0, len(text))
        assert text[start:end] == unit


def test_a_formulas_times_sign_is_no_split_word() -> None:
    assert not debris("Tiền lương 01 tiết dạy thêm = Tiền lương 01 tiết dạy x 150%.")
    assert debris("lực lượng vũ t rang")


# Where a row of 2637/QĐ-UBND breaks into passages depends on a few characters (a cell's closing
# full stop moves it); a copy whose third row says its one special case twice puts that row's fee
# surely in the passage after the one naming the procedure.
_SPECIAL_CASE = (
    "*- Trường hợp người yêu cầu chứng\nthực thuộc diện già yếu, không thể đi lại được, đang bị tạm giữ, tạm giam,\n"
    "thi hành án phạt tù hoặc có lý do chính đáng khác thì nộp ngoài trụ sở của\ncơ quan thực hiện chứng thực.*\n"
)


@pytest.fixture(scope="module")
def longer_rows(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    folder = tmp_path_factory.mktemp("longer-rows")
    text = (REALDOCS / "2637-qd-ubnd.md").read_text(encoding="utf-8")
    assert text.count(_SPECIAL_CASE) == 1
    (folder / "2637-qd-ubnd.md").write_text(text.replace(_SPECIAL_CASE, _SPECIAL_CASE * 2), encoding="utf-8")
    lib = Library(Settings.load(data_dir=str(folder / "data"), model_cache_dir=settings.model_cache_dir), embedder=embedder)
    lib.add_paths([folder / "2637-qd-ubnd.md"])
    return lib


def test_a_procedure_cell_in_a_rows_continuation_is_asked_with_the_rows_name(longer_rows: Library) -> None:
    # The third row's fee stands in a passage after the one naming the procedure.
    generator = generator_for(longer_rows)
    doc = "2637-qd-ubnd"
    sources = [s for s in generator.sentences if s.passage.doc_id == doc]
    first = {(i.passage_key, i.stem) for i in KINDS["procedure"].build(generator.context, sources, 1) if i is not None}
    items = [i for i in KINDS["procedure"].more(generator.context, sources, 1) if i is not None]
    assert items
    text = longer_rows.document_text(doc)
    for item in items:
        assert (item.passage_key, item.stem) not in first
        assert generator.validator.check(item) == [], item.stem
        passage = longer_rows.passage(item.passage_key)
        name = re.search(r"thủ tục “(.+)”", item.stem)[1]
        # The cell's own passage does not name the procedure; the row before it does.
        assert name not in passage.text
        assert text[: passage.start].rsplit("Tên thủ tục hành chính: ", 1)[1].startswith(f"{name};")
        assert f"Phí: {item.answer} đồng" in item.source_text
        wrong = next(o for o in item.options if o != item.answer)
        assert "answer_not_in_source" in generator.validator.check(dataclasses.replace(item, answer=wrong))


def test_a_second_choice_asks_only_numbered_parts(library: Library) -> None:
    # 3005/QĐ-UBND: inside its numbered parts, labels read from the layout ("NỘI DUNG QUY TRÌNH",
    # "Bản chính", "Số lượng hồ sơ: 01 (bộ)") are parts too, but not ones worth asking.
    generator = generator_for(library)
    sources = [s for s in generator.sentences if s.passage.doc_id == PROCEDURES]
    assert any(section_components(s.passage.section) != numbered_components(s.passage.section) for s in sources)
    for item in KINDS["where"].more(generator.context, sources, 1):
        if item is not None:
            section = library.passage(item.passage_key).section
            assert section_components(section) == numbered_components(section), (item.stem, item.options)


def test_dates_written_out_are_read_as_limits_with_options_written_alike() -> None:
    found = limits(
        "Bộ Xây dựng báo cáo trước ngày 31 tháng 12 năm 2025; Bộ Nội vụ báo cáo trong tháng 12 năm 2025 và "
        "Ủy ban nhân dân tỉnh báo cáo trong Quý I năm 2026."
    )
    assert [(s.text, s.shape) for s, _ in found] == [
        ("31 tháng 12 năm 2025", "day"), ("tháng 12 năm 2025", "month"), ("Quý I năm 2026", "quarter"),
    ]
    rng = random.Random(1)
    day, month, quarter = (deadline_distractors(s, rng) for s, _ in found)
    # A month's end moves to other months' ends, a month past December into the next year.
    assert set(day) == {"30 tháng 11 năm 2025", "31 tháng 10 năm 2025", "15 tháng 12 năm 2025"}
    assert set(month) == {"tháng 10 năm 2025", "tháng 11 năm 2025", "tháng 1 năm 2026"}
    assert set(quarter) == {"Quý II năm 2026", "Quý III năm 2026", "Quý IV năm 2026"}
    # A cut-off on the first of a month moves by months and years, not to the 5th.
    cut_off = limits("áp dụng đối với người tham gia trước ngày 01 tháng 7 năm 2025")[0][0]
    assert all(o.startswith("01 tháng ") for o in deadline_distractors(cut_off, rng))
    target = limits("Đến năm 2025, phải cơ bản hoàn thiện xây dựng vị trí việc làm.")[0][0]
    assert target.text == "năm 2025" and set(deadline_distractors(target, rng)) == {"năm 2020", "năm 2030", "năm 2035"}
    assert limits("Đến năm 2030, kỷ niệm 100 năm thành lập Đảng: Là nước đang phát triển.") == []
    # A date of an event is no limit, nor the end of a range whose start is said.
    assert limits("Hội nghị trực tuyến Chính phủ với các địa phương ngày 07 tháng 11 năm 2025.") == []
    # The year such a range spans is asked whole instead (tests/quiz/test_symbol.py): its end alone
    # is still not.
    school_year = limits("Năm học được tính từ ngày 01 tháng 7 năm trước đến hết ngày 30 tháng 6 của năm liền kề.")
    assert [(s.text, s.shape) for s, _ in school_year] == [
        ("từ ngày 01 tháng 7 năm trước đến hết ngày 30 tháng 6 của năm liền kề", "year_span")]
    assert limits("Số liệu tính từ ngày 05 tháng 7 năm trước đến hết ngày 30 tháng 6 của năm liền kề.") == []


def test_dates_of_one_unit_are_no_look_alikes() -> None:
    assert other_value("tháng 11 năm 2025", "tháng 12 năm 2025") and other_value("Quý I năm 2026", "Quý II năm 2026")
    assert not other_value("Bộ Nội vụ", "Bộ Nội vụ") and not other_value("tháng 12 năm 2025", "quý IV năm 2025")


def test_a_body_named_with_va_is_one_body() -> None:
    def named(text: str) -> list[str]:
        return [s.text for s in assigned_bodies(text)]

    assert named("giao Bộ Nông nghiệp và Môi trường chủ trì phối hợp với các Bộ") == ["Bộ Nông nghiệp và Môi trường"]
    assert named("Giao Bộ Văn hóa, Thể thao và Du lịch chủ trì") == ["Bộ Văn hóa, Thể thao và Du lịch"]
    assert named("Về dự án: Bộ Xây dựng khẩn trương rà soát") == ["Bộ Xây dựng"]
    assert named("Giao Sở Tài chính và Sở Nội vụ chủ trì") == [] and named("Giao Bộ Công an và các cơ quan chủ trì") == []


@pytest.fixture(scope="module")
def notice(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    # The library of tests/quiz/test_long_sentences.py, which asks the same notice.
    return realdocs_library(tmp_path_factory.mktemp("notice"), settings, embedder, (NOTICE, "54-2025-tt-bct", "80-2025-qd-ubnd"))


NOTICE = "634-tb-vpcp"


def test_a_notice_asks_who_is_to_do_what_by_when(notice: Library) -> None:
    # 634/TB-VPCP answers each of the province's requests in one sentence ("Về …: giao Bộ … chủ
    # trì …, báo cáo … trước ngày 30 tháng 11 năm 2025"); its dates were written out and its
    # bodies named with "và", so it gave no item on who or by when. Alone in a library it gave 9
    # of 20, among all the real documents (whose bodies are options too) 11.
    result = generated(notice, Request(n=20, seed=1, doc_ids=(NOTICE,)))
    assert len(result.items) >= 9, result.rejected
    validator = generator_for(notice).validator
    text = notice.document_text(NOTICE)
    asked = [i for i in result.items if i.type in ("responsible", "deadline")]
    assert {i.type for i in asked} == {"responsible", "deadline"}
    for item in asked:
        assert validator.check(item) == [] and item.source_text in text
        assert item.answer in item.source_text
        if "về “" in item.stem:
            # The point the answer is about, said in the notice ("Về dự án …:") before the answer;
            # a long one named by its first clause ("điều chuyển số vốn dư…").
            topic = item.stem.split("về “", 1)[1].split("”", 1)[0]
            assert f"Về {topic.removesuffix('…')}" in " ".join(text.split())
        wrong = next(o for o in item.options if o != item.answer)
        assert "answer_not_in_source" in validator.check(dataclasses.replace(item, answer=wrong))


def test_a_threshold_in_periods_of_teaching_is_asked(per_doc: dict[str, Generated]) -> None:
    items = {i.answer: i for i in per_doc[CIRCULAR].items if i.type == "threshold"}
    # "nghỉ từ 03 ngày trở lên …; … nghỉ dưới 03 ngày …" is asked too, in its own clause (whole,
    # its other clause gave the key away).
    assert set(items) == {"200 tiết", "03 ngày"}
    assert all(o.endswith(" tiết") for o in items["200 tiết"].options)
    assert all(o.endswith(" ngày") for o in items["03 ngày"].options)


def test_a_bodys_paragraph_of_tasks_is_asked_sentence_by_sentence(settings: Settings, embedder) -> None:  # noqa: ANN001
    bundled = Library(settings, embedder=embedder)
    bundled.ensure_index()
    generator = generator_for(bundled)
    plan = "kh-230-tu-2023-chuyende2"
    sources = [s for s in generator.sentences if s.passage.doc_id == plan]
    items = [i for i in KINDS["responsible"].build(generator.context, sources, 1)
             if i is not None and "đặt ra đối với" in i.stem]
    by_task = {i.source_text: i.answer for i in items}
    # A later sentence of "Đối với UBND các cấp: …" is UBND's task; a short slogan is not asked.
    assert by_task["Thường xuyên tổ chức đánh giá mức độ hài lòng của người dân, doanh nghiệp đối với công chức và "
                   "hoạt động của cơ quan nhà nước."] == "UBND các cấp"
    assert "Phát huy dân chủ, pháp quyền, hiện đại, chuyên nghiệp, khoa học." not in by_task
    for item in items:
        assert generator.validator.check(item) == [], item.stem
        wrong = next(o for o in item.options if o != item.answer)
        assert "answer_not_in_source" in generator.validator.check(dataclasses.replace(item, answer=wrong))
