"""No item of a quiz answers another: a question on the document itself (its issuer, date,
subject) is not asked beside an item stating what tells its key from its options, nor where the
document's number names the issuer ("NĐ-CP": Chính phủ); real documents, the real generator."""

from __future__ import annotations

from itertools import permutations

import pytest
from tests.quiz.quiz_generated import each_alone, realdocs_library

from index.library import Library
from index.settings import Settings
from quiz.generate import Generated, _gives_away
from quiz.questions.issued import named_by_number

# The library of tests/quiz/test_usable.py: a provincial plan whose title names its province, a
# Party Quy định, a Quyết định issuing a Quy định.
PLAN, RULES, DECISION = "0134-kh-ubnd", "383-qd-tw", "80-2025-qd-ubnd"


@pytest.fixture(scope="module")
def realdocs(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    return realdocs_library(tmp_path_factory.mktemp("usable"), settings, embedder, (PLAN, RULES, DECISION, "1486-qd-ubnd"))


@pytest.fixture(scope="module")
def quizzes(realdocs: Library) -> dict[str, Generated]:
    return each_alone(realdocs, (PLAN, RULES, DECISION))


def test_no_item_states_what_another_asks(quizzes: dict[str, Generated]) -> None:
    for doc, result in quizzes.items():
        for shown, asked in permutations(result.items, 2):
            assert not _gives_away(shown, asked), (doc, shown.stem, shown.options, asked.stem, asked.answer)


def test_a_plan_naming_its_province_is_not_asked_who_issued_it_beside_that(quizzes: dict[str, Generated]) -> None:
    # Before: "Kế hoạch số 0134/KH-UBND về nội dung nào sau đây?" keyed "… trên địa bàn tỉnh Đắk
    # Lắk …" beside "… do cơ quan nào ban hành?" among four provinces' committees.
    items = quizzes[PLAN].items
    issuer = [i for i in items if i.type == "issued" and i.stem.endswith("ban hành?")]
    if issuer:
        assert not any("Đắk Lắk" in t for i in items if i is not issuer[0] for t in (i.stem, *i.options))
    assert quizzes[PLAN].rejected["gives_away"] > 0


def test_a_number_naming_the_issuer_asks_no_issuer() -> None:
    assert named_by_number("16/2025/NĐ-CP", "Chính phủ")
    assert named_by_number("54/2025/TT-BCT", "Bộ Công Thương")
    assert named_by_number("21/2025/TT-BGDĐT", "Bộ Giáo dục và Đào tạo")
    assert named_by_number("1655/NQ-UBTVQH15", "Ủy ban Thường vụ Quốc hội")
    # Every province's committee fits "-UBND": the options do too, so the item stands.
    assert named_by_number("0134/KH-UBND", "Ủy ban nhân dân tỉnh Đắk Lắk")
    assert named_by_number("0134/KH-UBND", "Ủy ban nhân dân thành phố Hà Nội")
    # "TW" says the Party's centre, not which of its bodies.
    assert not named_by_number("383-QĐ/TW", "Ban Bí thư")
    assert not named_by_number("16/2025/NĐ-CP", "Quốc hội")


def test_issued_items_give_nothing_away_by_the_number(quizzes: dict[str, Generated]) -> None:
    for result in quizzes.values():
        for item in result.items:
            if item.type != "issued":
                continue
            number = item.stem.split(" số ", 1)[1].split()[0]
            if item.stem.endswith("ban hành?") and named_by_number(number, item.answer):
                assert all(named_by_number(number, o) for o in item.options), item.options
            year = item.answer.rsplit("/", 1)[-1]
            if item.stem.endswith("thời gian nào?") and year in number:
                # No date of another year beside a number holding the year.
                assert all(o.endswith(year) for o in item.options), item.options
