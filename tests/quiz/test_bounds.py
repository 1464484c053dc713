"""A minimum or maximum a rule sets as a sum of money or a multiple of the base salary ("… quyết
định nhưng không thấp hơn 1.170.000 đồng") is a threshold: asked by ``threshold`` with the
document's own sums as options, never also as a plain amount; with the real generator and
validator on a real decree of allowances asked alone."""

from __future__ import annotations

import pytest
from tests.quiz.quiz_generated import each_alone, realdocs_library

from index.library import Library
from index.settings import Settings
from quiz.generate import Generated
from quiz.questions.amount import amounts
from quiz.questions.threshold import thresholds

DECREE = "16-2025-nd-cp"
BOUND = ("Đối với Thôn đội trưởng: Mức hưởng phụ cấp hằng tháng do Ủy ban nhân dân cấp tỉnh trình Hội đồng nhân "
         "dân cùng cấp quyết định nhưng không thấp hơn 1.170.000 đồng")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    # The same library as tests/quiz/test_yield.py, so both share its items.
    return realdocs_library(tmp_path_factory.mktemp("yield"), settings, embedder,
                            (DECREE, "21-2025-tt-bgddt", "3005-qd-ubnd", "2637-qd-ubnd"))


def test_a_bound_in_money_or_base_salaries_is_a_threshold_and_no_amount() -> None:
    assert [(s.text, s.shape) for s in thresholds(BOUND)] == [("1.170.000 đồng", "đồng")]
    assert amounts(BOUND) == []
    capped = "Mức hỗ trợ không cao hơn 1,5 lần mức lương cơ sở cho mỗi người"
    assert [s.text for s in thresholds(capped)] == ["1,5 lần mức lương cơ sở"]
    # A range is no bound, and of two sums of a unit one is found by elimination.
    assert thresholds("Phạt tiền từ 1.000.000 đồng đến 3.000.000 đồng đối với hành vi vi phạm") == []
    assert thresholds("Mức chi tối đa 500.000 đồng cho mỗi người; người phục vụ không quá 200.000 đồng") == []


def test_the_decrees_bounds_are_asked_as_thresholds_among_its_own_sums(library: Library) -> None:
    result: Generated = each_alone(library, (DECREE,))[DECREE]
    text = library.document_text(DECREE)
    money = [i for i in result.items if i.type == "threshold" and i.answer.endswith("đồng")]
    assert money, [(i.type, i.answer) for i in result.items]
    for item in money:
        assert "không thấp hơn ____" in item.stem or "không cao hơn ____" in item.stem, item.stem
        assert all(o.endswith(" đồng") for o in item.options), item.options
        # Mostly sums the decree itself sets, not made up.
        assert sum(o in text for o in item.options) >= 3, item.options
    # No figure asked twice, once as a threshold and once as an amount.
    asked = [(i.source_text, i.answer) for i in result.items if i.type in {"threshold", "amount"}]
    assert len(asked) == len(set(asked))


def test_sums_set_per_person_or_page_and_multiples_of_the_base_salary_are_amounts() -> None:
    """An allowance set as a multiple of the base salary ("0,5 lần mức lương cơ sở/người/tháng") or
    a sum set per person and day was no amount (a "/" after the unit), and a sum's round
    neighbours were refused as look-alikes of it: a provincial resolution on allowances gave no
    amount item. The options are sums of the same unit, the document's own first."""
    from quiz.questions.amount import distractors

    text = "Phó Trưởng thôn, Tổ phó tổ dân phố: 0,5 lần mức lương cơ sở/người/tháng"
    (span,) = amounts(text)
    assert (span.text, span.shape) == ("0,5 lần mức lương cơ sở/người/tháng", "lần mức lương cơ sở/người/tháng")
    options = distractors(span, text, ["0,3 lần mức lương cơ sở/người/tháng"])
    assert options[0] == "0,3 lần mức lương cơ sở/người/tháng" and len(options) == 3
    assert all(o.endswith(" lần mức lương cơ sở/người/tháng") for o in options)
    daily = "Người trực tiếp tham gia công việc của thôn được bồi dưỡng 150.000 đồng/người/ngày thực tế tham gia."
    (span,) = amounts(daily)
    assert span.text == "150.000 đồng/người/ngày"
    assert len(distractors(span, daily, [])) == 3
    # 2637/QĐ-UBND's fees: two sums per page, one found by elimination; the cap a threshold.
    fees = ("Mức thu phí: 2.000 đồng/trang; từ trang thứ 3 trở lên thu 1.000 đồng/trang, tối đa thu không quá "
            "200.000 đồng/bản.")
    assert amounts(fees) == [] and [s.text for s in thresholds(fees)] == ["200.000 đồng/bản"]
    # A "/" before what no sum is set per is no unit of it.
    assert amounts("Cước thuê bao là 50.000 đồng/thuê bao di động mỗi tháng") == []


def test_a_sum_of_nothing_the_document_writes_is_no_option() -> None:
    # "Phí, lệ phí: 0 đồng" elsewhere in the document made the options' ordering divide by zero:
    # a quiz asked of a department's plan failed with an error.
    from quiz.questions.amount import distractors

    text = "Mức hỗ trợ cho mỗi học sinh là 150.000 đồng/học sinh/tháng trong thời gian học tập tại trường."
    (span,) = amounts(text)
    options = distractors(span, text, ["0 đồng/học sinh/tháng", "200.000 đồng/học sinh/tháng"])
    assert options[0] == "200.000 đồng/học sinh/tháng" and "0 đồng/học sinh/tháng" not in options
