"""Short real documents read whole, as a trainer asks them: a decision publishing procedures (a
fee set for a list of cases, each cell of its one procedure row, each text its preamble lists
after "Căn cứ các Nghị định của Chính phủ:") and a customs notice (the order of a production
process told as a labelled run). Real generator and validator on tests/data/realdocs, each
document asked alone, in the library of tests/quiz/test_basis_and_counts.py."""

from __future__ import annotations

import pytest
from tests.quiz.quiz_generated import check_enough, each_alone, generator_for, realdocs_library
from tests.quiz.test_basis_and_counts import BIDDING, DOCS, NOTICE

from index.library import Library
from index.settings import Settings
from quiz.generate import Generated
from quiz.order import sequences, shown_steps
from quiz.questions.procedure import facts

FEE_CELL = ("Tên TTHC: Cấp chứng chỉ; Phí, lệ phí: 0 đồng đối với cá nhân đạt kỳ thi; 100.000 đồng đối với các "
            "trường hợp: chứng chỉ đã được cấp còn thời hạn nhưng do thay đổi thông tin trên chứng chỉ; cá nhân "
            "đăng ký trong thời hạn tối thiểu 15 ngày trước ngày chứng chỉ hết hiệu lực; chứng chỉ bị mất hoặc hư "
            "hỏng (Mức thu này chưa bao gồm thuế giá trị gia tăng)")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    return realdocs_library(tmp_path_factory.mktemp("trainer"), settings, embedder, DOCS)


@pytest.fixture(scope="module")
def per_doc(library: Library) -> dict[str, Generated]:
    return each_alone(library, (BIDDING, NOTICE))


def test_a_later_fee_set_for_a_list_of_cases_is_asked_with_one_of_them() -> None:
    found = {f.key: f for f in facts(FEE_CELL) if f.column.kind == "fee"}
    assert set(found) == {"0", "100.000"}
    later = found["100.000"]
    # Named by its shortest situation stating no number, as a period is; the note in brackets
    # after the list is no situation.
    assert later.case == "đối với trường hợp chứng chỉ bị mất hoặc hư hỏng"
    assert later.run.startswith("Tên TTHC: Cấp chứng chỉ") and later.run.endswith("chứng chỉ bị mất hoặc hư hỏng")
    assert later.run[later.cell:].startswith("100.000 đồng đối với các trường hợp:")
    # A later fee for "the other cases" names no case a learner can tell: not asked.
    assert [f.key for f in facts(FEE_CELL.split("; 100.000")[0] + "; 100.000 đồng đối với các trường hợp còn lại")
            if f.column.kind == "fee"] == ["0"]


def test_each_cell_of_a_procedure_row_is_asked(library: Library, per_doc: dict[str, Generated]) -> None:
    procedure = {(i.answer, "mức phí" in i.stem): i for i in per_doc[BIDDING].items if i.type == "procedure"}
    # Both periods and both fees of its one row, each with its case (the row is asked once per
    # cell, past the three times a passage may be asked).
    assert set(procedure) == {("15", False), ("07", False), ("0", True), ("100.000", True)}, list(procedure)
    fee = procedure[("100.000", True)]
    assert fee.stem == ("Theo Quyết định số 1486/QĐ-UBND, đối với trường hợp chứng chỉ hành nghề hoạt động đấu thầu đã "
                        "được cấp còn thời hạn nhưng bị mất hoặc hư hỏng, mức phí, lệ phí của thủ tục “Cấp chứng chỉ "
                        "nghiệp vụ chuyên môn về đấu thầu” là bao nhiêu đồng?")
    # The source is the fee's own cell, in the passage that holds it (the row runs over two).
    assert fee.source_text.startswith("100.000 đồng đối với các trường hợp:")
    assert "0" in fee.options


def test_every_text_of_a_preamble_list_is_cited(library: Library, per_doc: dict[str, Generated]) -> None:
    generator = generator_for(library)
    sources = [s for s in generator.sentences if s.passage.doc_id == BIDDING]
    cited = {i.stem.split(" căn cứ ")[1].split(". ")[0]: i for i in generator.candidates("cited", sources, 1)}
    # "Căn cứ các Nghị định của Chính phủ: số 63/2010/NĐ-CP … về …; số 48/2013/NĐ-CP … và số
    # 92/2017/NĐ-CP … sửa đổi, bổ sung …; số 118/2025/NĐ-CP … về …": the first and the last (two
    # texts with one subject are not asked).
    item = cited["Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ"]
    assert item.answer.startswith("Thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông")
    assert generator.validator.check(item) == []
    assert "Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ" in cited
    assert not [k for k in cited if "48/2013" in k or "92/2017" in k]


def test_a_process_told_as_a_labelled_run_is_ordered(library: Library, per_doc: dict[str, Generated]) -> None:
    [run] = [s for s in sequences(library.passages(NOTICE)) if s.part == "Quy trình sản xuất"]
    # "In offset In mặt trước …" names no step between "Thiết kế đồ họa" and "Ép lớp lõi": the
    # named steps are asked as the steps below, not as all of them.
    assert run.partial
    assert [s.label for s in run.steps] == ["Thiết kế đồ họa", "Ép lớp lõi", "Cán màng phủ", "Bế (die-cutting)",
                                            "Kiểm tra chất lượng", "Đóng gói", "Đóng hộp"]
    [item] = [i for i in per_doc[NOTICE].items if i.type == "order"]
    assert item.stem == "Theo Thông báo số 39305/TB-CHQ, thứ tự đúng của các bước sau trong “Quy trình sản xuất” là:"
    assert item.answer == " → ".join(s.label for s in shown_steps(run))


def test_a_body_opening_an_item_of_a_list_giving_tasks_is_asked(library: Library,
                                                                 per_doc: dict[str, Generated]) -> None:
    generator = generator_for(library)
    sources = [s for s in generator.sentences if s.passage.doc_id == BIDDING]
    asked = {i.answer: i for i in generator.candidates("responsible", sources, 1)}
    # "Điều 2. Giao các cơ quan, đơn vị: … 2. Các đơn vị sự nghiệp … của UBND tỉnh niêm yết công
    # khai TTHC …": the name ends where the closing article's and the table's stop, before the
    # task's verb, "có chức năng" and all.
    units = "Các đơn vị sự nghiệp công lập có chức năng đào tạo, bồi dưỡng thuộc phạm vi quản lý của UBND tỉnh"
    item = asked[units]
    assert item.stem.endswith("“____ niêm yết công khai TTHC tại đơn vị và thực hiện giải quyết TTHC theo Quyết "
                              "định này và Quyết định số 3740/QĐ-BTC ngày 05/11/2025 của Bộ trưởng Bộ Tài chính đã "
                              "công khai trên Cổng Dịch vụ công quốc gia (https://dichvucong.gov.vn).”"), item.stem
    # The other bodies of the decision: those its closing article charges after "Thủ trưởng các
    # cơ quan, đơn vị:" and the one the first task is done with, in brackets.
    others = {"Sở Tài chính", "Văn phòng UBND tỉnh", "Trung tâm Phục vụ hành chính công tỉnh"}
    assert set(item.options) - {units} == others
    assert generator.validator.check(item) == []
    assert units in [i.answer for i in per_doc[BIDDING].items if i.type == "responsible"]
    # The first task's body is read as before, its partners in the sentence not offered.
    assert "Văn phòng UBND tỉnh" not in asked["Sở Tài chính"].options


def test_both_short_documents_give_more(library: Library, per_doc: dict[str, Generated]) -> None:
    # Before: 1486/QĐ-UBND 16, 39305/TB-CHQ 18 in this library (with the other real documents,
    # 19 and 20: this one holds too few notices to ask the notice's subject among); 1486/QĐ-UBND
    # 19 before the body opening its second task was asked.
    check_enough(library, per_doc, {BIDDING: 20, NOTICE: 19})
