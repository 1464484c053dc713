"""One quiz as a whole: varied (no kind takes more than about a third of a quiz while other kinds
have usable items left, and a document that has little else still gives the items asked), and no
item answering another (a question on the document itself, its issuer, date or subject, is not
asked beside an item stating what tells its key from its options, nor where the document's number
names the issuer, "NĐ-CP": Chính phủ). The bundled corpus and real documents, with the real
generator and validator."""

from __future__ import annotations

import dataclasses
from collections import Counter
from itertools import permutations
from types import SimpleNamespace

import pytest
from tests.quiz.quiz_generated import FORTY, each_alone, generated, generator_for, realdocs_library

import quiz.generate
from index.library import Library
from index.settings import Settings
from quiz.generate import MIX, Generated, Request, gives_away
from quiz.questions.issued import named_by_number
from quiz.questions.subject import subject_of, tier

# A Party Quy định whose articles assign tasks (10 of its 20 items were "who" before the share),
# a provincial plan whose title names its province, a Quyết định issuing a Quy định (the library
# of tests/quiz/test_usable.py).
RULES, PLAN, DECISION = "383-qd-tw", "0134-kh-ubnd", "80-2025-qd-ubnd"


@pytest.fixture(scope="module")
def realdocs(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    return realdocs_library(tmp_path_factory.mktemp("usable"), settings, embedder, (PLAN, RULES, DECISION, "1486-qd-ubnd"))


@pytest.fixture(scope="module")
def quizzes(realdocs: Library) -> dict[str, Generated]:
    return each_alone(realdocs, (PLAN, RULES, DECISION))


def _most(items: list) -> tuple[str, int]:  # noqa: ANN001 - QuizItem
    return Counter(i.type for i in items).most_common(1)[0]


def test_no_kind_takes_more_than_its_share_of_the_bundled_quiz(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    # Before: 14 of 30 were "which part" items (seed 1) while other kinds had usable items left.
    request = Request(n=30, seed=1)
    mixed = generated(library, request)
    monkeypatch.setattr(quiz.generate, "MIX", 1.0)
    free = generator_for(library).generate(request)
    assert len(mixed.items) == len(free.items) == 30
    kind, count = _most(free.items)
    assert count > round(30 * MIX)
    kinds = Counter(i.type for i in mixed.items)
    assert kinds[kind] < count and len(kinds) >= len({i.type for i in free.items})


def test_the_bundled_forty_still_come_whole(library: Library) -> None:
    # Forty use up the other kinds: "which part" items past their third complete the quiz.
    result = generated(library, FORTY)
    assert len(result.items) == 40


def test_a_document_of_many_tasks_gives_other_kinds_too(quizzes: dict[str, Generated]) -> None:
    # Before: 10 of the Quy định's 20 items asked who does a task.
    for doc, result in quizzes.items():
        assert len(result.items) == 20, (doc, result.rejected)
        kind, count = _most(result.items)
        assert count <= round(20 * MIX), (doc, kind, count)


def test_the_share_never_lowers_the_yield(realdocs: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    # More asked than the Quy định has: as many items as without the share.
    request = Request(n=40, seed=1, doc_ids=(RULES,))
    capped = generator_for(realdocs).generate(request)
    # A quiz of one kind only is all of that kind (seven: the Quy định's key its own sentence
    # gives away, "… giúp Chánh Văn phòng Trung ương Đảng …", is no longer asked; was eight).
    only = generator_for(realdocs).generate(Request(n=7, seed=1, doc_ids=(RULES,), types=("responsible",)))
    assert len(only.items) == 7
    monkeypatch.setattr(quiz.generate, "MIX", 1.0)
    free = generator_for(realdocs).generate(request)
    assert len(capped.items) >= len(free.items)


def test_no_item_states_what_another_asks(quizzes: dict[str, Generated]) -> None:
    for doc, result in quizzes.items():
        for shown, asked in permutations(result.items, 2):
            assert not gives_away(shown, asked), (doc, shown.stem, shown.options, asked.stem, asked.answer)


def test_a_plan_naming_its_province_tells_who_issued_it(realdocs: Library, quizzes: dict[str, Generated]) -> None:
    # Before: "Kế hoạch số 0134/KH-UBND về nội dung nào sau đây?" keyed "… trên địa bàn tỉnh Đắk
    # Lắk …" beside "… do cơ quan nào ban hành?" among four provinces' committees. (This library
    # no longer asks the plan's subject: it holds two other local documents only.)
    [info] = [d for d in realdocs.documents() if d.id == PLAN]
    subject = dataclasses.replace(quizzes[PLAN].items[0], type="subject", answer=subject_of(info),
                                  stem="Kế hoạch số 0134/KH-UBND về nội dung nào sau đây?")
    assert "Đắk Lắk" in subject.answer
    committees = tuple(f"Ủy ban nhân dân tỉnh {p}" for p in ("Lai Châu", "Bắc Ninh", "Đắk Lắk", "Vĩnh Long"))
    issuer = dataclasses.replace(subject, type="issued", stem="Kế hoạch số 0134/KH-UBND do cơ quan nào ban hành?",
                                 answer=committees[2], options=committees)
    assert gives_away(subject, issuer)
    # The province among other provinces' committees is what tells the key: a subject naming
    # no province tells nothing.
    assert not gives_away(dataclasses.replace(subject, answer="Quan trắc môi trường vùng nuôi trồng thủy sản"), issuer)
    # A date among dates a month or a year away is told by the whole date only.
    dated = dataclasses.replace(issuer, stem="Kế hoạch số 0134/KH-UBND được ban hành vào thời gian nào?",
                                answer="25/11/2025", options=("25/11/2025", "25/10/2025", "15/11/2025", "25/11/2024"))
    assert gives_away(dataclasses.replace(subject, stem="… (Kèm theo Kế hoạch số 0134/KH-UBND ngày 25/11/2025) …"), dated)
    assert not gives_away(dataclasses.replace(subject, stem="… ngày 25/10/2025 …"), dated)


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


def test_a_subject_is_offered_among_subjects_of_its_tier(quizzes: dict[str, Generated]) -> None:
    # A province's plan is not asked among a Party rule's and a customs notice's subjects: their
    # field tells them apart. Another kind of document is offered only from the same tier; beside
    # two local decisions and a Party rule the plan is not asked what it is about (it was, with the
    # Party rule's subject among the options).
    assert not [i for i in quizzes[PLAN].items if i.type == "subject"]
    def doc(number: str, issuer: str) -> SimpleNamespace:
        return SimpleNamespace(number=number, issuer=issuer)

    assert tier(doc("383-QĐ/TW", "Ban Chấp hành Trung ương")) == tier(doc("230-KH/TU", "")) == "party"
    assert tier(doc("0134/KH-UBND", "Ủy ban nhân dân tỉnh Đắk Lắk")) == "local"
    assert tier(doc("1610/QĐ-TTPVHCC", "Trung tâm Phục vụ hành chính công thành phố Hà Nội")) == "local"
    assert tier(doc("39305/TB-CHQ", "Cục Hải quan")) == tier(doc("158/2025/NĐ-CP", "Chính phủ")) == "central"
