"""Two readings a trainer expects of real documents: the subjects of two merger resolutions,
alike but for their provinces, are each other's options both ways; and who must act when a case
arises ("… thì người đứng đầu cơ sở giáo dục phải thông báo …") is asked as who is responsible.
Real generator and validator, the documents beside three other central texts."""

from __future__ import annotations

from collections import Counter

import pytest
from tests.quiz.quiz_generated import each_alone, generator_for, realdocs_library

from index.library import Library
from index.settings import Settings
from quiz.generate import Generated
from quiz.items import QuizItem
from quiz.questions.responsible import assigned_bodies
from quiz.distractors import other_name
from quiz.validate import look_alike

CA_MAU, DONG_THAP, CIRCULAR = "1655-nq-ubtvqh15", "1663-nq-ubtvqh15", "21-2025-tt-bgddt"
# 170/2025/NĐ-CP names the posts of a public body ("Người đứng đầu cơ quan sử dụng công chức"), the
# other options a trainer offers beside the head of a school.
DOCS = (CA_MAU, DONG_THAP, CIRCULAR, "16-2025-nd-cp", "54-2025-tt-bct", "170-2025-nd-cp")
CA_MAU_SUBJECT = "Sắp xếp các đơn vị hành chính cấp xã của tỉnh Cà Mau năm 2025"
DONG_THAP_SUBJECT = "Sắp xếp các đơn vị hành chính cấp xã của tỉnh Đồng Tháp năm 2025"


def test_look_alike_reads_the_same_both_ways() -> None:
    # SequenceMatcher's ratio is 0.896 one way and 0.912 the other for these two.
    assert look_alike(CA_MAU_SUBJECT, DONG_THAP_SUBJECT) == look_alike(DONG_THAP_SUBJECT, CA_MAU_SUBJECT)
    assert other_name(CA_MAU_SUBJECT, DONG_THAP_SUBJECT) and other_name(DONG_THAP_SUBJECT, CA_MAU_SUBJECT)
    # Other common words, or a name beside none, are no other name.
    assert not other_name("Sở Tài chính", "Sở Tư pháp")
    assert not other_name("Bộ Nội vụ", "Bộ Nội vụ tỉnh Cà Mau")
    # Proper names after no place's unit may name one thing twice (a product's two trade names).
    assert not other_name("Tên thương mại: Magic The Gathering Commander Deck", "Tên thương mại: Magic The Gathering Welcome Deck")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    return realdocs_library(tmp_path_factory.mktemp("finish"), settings, embedder, DOCS)


@pytest.fixture(scope="module")
def alone(library: Library) -> dict[str, Generated]:
    return each_alone(library, (CA_MAU, DONG_THAP, CIRCULAR))


def _valid(library: Library, kind: str, doc_id: str) -> list[QuizItem]:
    generator = generator_for(library)
    sources = [s for s in generator.sentences if s.passage.doc_id == doc_id]
    return [it for it in generator.candidates(kind, sources, 1, Counter()) if generator.validator.check(it) == []]


@pytest.mark.parametrize(("doc_id", "key", "other"), [(CA_MAU, CA_MAU_SUBJECT, DONG_THAP_SUBJECT),
                                                      (DONG_THAP, DONG_THAP_SUBJECT, CA_MAU_SUBJECT)])
def test_each_merger_resolution_has_the_other_as_an_option(library: Library, doc_id: str, key: str, other: str) -> None:
    items = _valid(library, "subject", doc_id)
    assert [it.answer for it in items] == [key]
    assert other in items[0].options


def test_twins_are_not_two_distractors(library: Library) -> None:
    # The circular's subject is offered beside one of the two merger resolutions, not both.
    items = _valid(library, "subject", CIRCULAR)
    assert len(items) == 1
    assert not {CA_MAU_SUBJECT, DONG_THAP_SUBJECT} <= set(items[0].options)


def test_who_must_act_after_thi_is_asked(library: Library, alone: dict[str, Generated]) -> None:
    items = [it for it in alone[CIRCULAR].items if it.type == "responsible"]
    # A duty ("… thì ____ phải thông báo …") and, since who decides is asked too, a power ("… thì
    # ____ quy định bằng văn bản …"), each a fact of its own.
    assert [it.answer for it in items] == ["người đứng đầu cơ sở giáo dục"] * 2
    item = next(it for it in items if "thì ____ phải thông báo bằng văn bản" in it.stem)
    # The other posts written lower case too, as the key stands mid-clause.
    assert all(o[:1].islower() for o in item.options if o.lower().startswith("người"))
    # Only a duty: a body after "thì" doing something else is no task given.

    assert assigned_bodies("Nếu đủ điều kiện thì Sở Nội vụ được xem xét hồ sơ.") == []
