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
