"""A decision publishing procedures, read as a trainer asks it: how many procedures each of its
lists holds (Điều 1: "danh mục 01 thủ tục hành chính (TTHC) được sửa đổi, bổ sung và 03 TTHC bãi
bỏ"), and a row's period or fee set for a case, the case named in the stem, also when the cell
lists its situations ("(đối với các trường hợp: a; b; c)"). Real generator and validator on
tests/data/realdocs/1486-qd-ubnd.md, asked alone."""

from __future__ import annotations

import pytest
from tests.quiz.quiz_generated import check_enough, each_alone, realdocs_library

from index.library import Library
from index.settings import Settings
from quiz.generate import Generated
from quiz.questions.procedure import facts
from quiz.questions.published import counts

BIDDING = "1486-qd-ubnd"
# The library of tests/quiz/test_trainer_items.py, shared with it.
DOCS = ("54-2025-tt-bct", "39305-tb-chq", BIDDING, "2637-qd-ubnd",
        "3769-qd-ubnd", "5680-ct-cs", "11306-vpcp-nn", "80-2025-qd-ubnd")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    return realdocs_library(tmp_path_factory.mktemp("trainer"), settings, embedder, DOCS)


@pytest.fixture(scope="module")
def bidding(library: Library) -> Generated:
    return each_alone(library, (BIDDING,))[BIDDING]


def test_each_list_of_a_publishing_article_is_counted() -> None:
    sentence = ("Công bố kèm theo Quyết định này danh mục 01 thủ tục hành chính (TTHC) được sửa đổi, bổ sung và 03 "
                "TTHC bãi bỏ trong lĩnh vực đấu thầu thuộc phạm vi, chức năng quản lý của Sở Tài chính tỉnh Bắc Ninh.")
    assert [(m["n"], what) for m, what in counts(sentence)] == [
        ("01", "thủ tục hành chính trong lĩnh vực đấu thầu được sửa đổi, bổ sung"),
        ("03", "thủ tục hành chính trong lĩnh vực đấu thầu bị bãi bỏ"),
    ]
    # Written in figures and words, a count is ``spelled``'s; a sentence that publishes nothing
    # counts nothing.
    assert counts("Công bố kèm theo Quyết định này danh mục 12 (mười hai) thủ tục hành chính được sửa đổi, bổ sung.") == []
    assert counts("Sở Tư pháp rà soát 03 thủ tục hành chính được sửa đổi, bổ sung.") == []


def test_a_fee_and_a_period_set_per_case_are_asked_with_their_case() -> None:
    row = ("Tên TTHC: Cấp chứng chỉ; Thời hạn giải quyết: Trong thời hạn 15 (mười lăm) ngày làm việc kể từ ngày ban "
           "hành quyết định (đối với cá nhân đạt kỳ thi), 07 (bảy) ngày làm việc kể từ ngày ban hành quyết định "
           "(đối với các trường hợp: chứng chỉ đã được cấp còn thời hạn nhưng do thay đổi thông tin trên chứng chỉ; "
           "cá nhân đăng ký trong thời hạn tối thiểu 15 ngày trước ngày chứng chỉ hết hiệu lực; chứng chỉ bị mất "
           "hoặc hư hỏng); Phí, lệ phí: 0 đồng đối với cá nhân đạt kỳ thi; 100.000 đồng đối với các trường hợp còn lại")
    found = {(f.column.kind, f.key): f for f in facts(row)}
    assert set(found) == {("period", "15"), ("period", "07"), ("fee", "0")}
    assert found[("period", "15")].case == "đối với cá nhân đạt kỳ thi"
    # The shortest situation stating no number ("15 ngày" would read as an option).
    assert found[("period", "07")].case == "đối với trường hợp chứng chỉ bị mất hoặc hư hỏng"
    assert found[("period", "07")].others == ("15",)
    assert found[("fee", "0")].case == "đối với cá nhân đạt kỳ thi"
    # Each source runs from the procedure's name to the end of its case and reads back its key (the
    # first period's case is no longer needed once the later ones are left out).
    for fact in found.values():
        assert fact.run.startswith("Tên TTHC: Cấp chứng chỉ")
        assert any(f.key == fact.key and f.case in ("", fact.case) for f in facts(fact.run))


def test_the_decision_gives_more_items_each_passing(library: Library, bidding: Generated) -> None:
    # Before: 9 of the 20 asked (in a library of all real documents; 9 in this one too).
    check_enough(library, {BIDDING: bidding}, {BIDDING: 11})
    published = {i.answer: i for i in bidding.items if i.type == "published"}
    assert "01" in published, [i.stem for i in bidding.items]
    assert published["01"].stem.endswith("có bao nhiêu thủ tục hành chính trong lĩnh vực đấu thầu được sửa đổi, bổ sung?")
    assert list(published["01"].options) == sorted(published["01"].options, key=int)
    fees = [i for i in bidding.items if i.type == "procedure" and "mức phí" in i.stem]
    for item in fees:
        assert item.answer == "0" and "đối với cá nhân đạt kỳ thi nghiệp vụ chuyên môn về đấu thầu, mức phí" in item.stem
