"""From when a numbered document takes effect, read from its own closing clause ("… này có hiệu
lực thi hành từ ngày …", "… kể từ ngày ký", "… từ ngày được thông qua"); with the real generator
and validator on real documents (tests/data/realdocs, kept as found)."""

from __future__ import annotations

import re

import pytest
from tests.quiz.quiz_generated import generator_for, realdocs_library

from index.library import Library
from index.settings import Settings
from quiz.items import QuizItem

# The libraries of tests/quiz/test_yield.py and tests/quiz/test_read_unseen.py, shared with them.
NOTICE_DOCS = ("634-tb-vpcp", "54-2025-tt-bct", "80-2025-qd-ubnd")
DECREE_DOCS = ("158-2025-nd-cp", "1663-nq-ubtvqh15")
_DATE = re.compile(r"^Từ ngày (\d\d)/(\d\d)/(\d{4})$")


def _items(library: Library) -> dict[str, QuizItem]:
    generator = generator_for(library)
    items = generator.candidates("effective", generator.sentences, 1)
    for item in items:
        assert generator.validator.check(item) == [], (item.stem, generator.validator.check(item))
        assert item.source_text in library.document_text(item.doc_id)
    return {item.doc_id: item for item in items}


@pytest.fixture(scope="module")
def notices(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> dict[str, QuizItem]:  # noqa: ANN001
    return _items(realdocs_library(tmp_path_factory.mktemp("notice"), settings, embedder, NOTICE_DOCS))


@pytest.fixture(scope="module")
def decrees(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> dict[str, QuizItem]:  # noqa: ANN001
    return _items(realdocs_library(tmp_path_factory.mktemp("read"), settings, embedder, DECREE_DOCS))


def _day(option: str) -> tuple[int, int, int]:
    day, month, year = (int(x) for x in _DATE.match(option).groups())
    return year, month, day


def test_a_date_of_effect_is_asked_among_from_signing_and_later_dates(notices: dict[str, QuizItem]) -> None:
    # Quyết định 80/2025/QĐ-UBND, signed on 22 November: "có hiệu lực thi hành từ ngày 05 tháng 12
    # năm 2025 và thay thế Quyết định số 13/2023/QĐ-UBND …".
    item = notices["80-2025-qd-ubnd"]
    assert item.stem == "Quyết định số 80/2025/QĐ-UBND có hiệu lực thi hành từ khi nào?"
    assert item.answer == "Từ ngày 05/12/2025" and "Từ ngày ký" in item.options and len(item.options) == 4
    assert item.source_text.startswith("Quyết định này có hiệu lực thi hành từ ngày 05 tháng 12 năm 2025")
    assert item.citation == "Quyết định 80/2025/QĐ-UBND"
    # Every date offered is after the signing (22 November 2025), none before it.
    assert all(_day(o) > (2025, 11, 22) for o in item.options if _DATE.match(o))


def test_effect_on_the_signing_day_is_no_choice_between_the_day_and_signing(notices: dict[str, QuizItem]) -> None:
    # Thông tư 54/2025/TT-BCT is dated 21/11/2025 and "có hiệu lực từ ngày 21 tháng 11 năm 2025":
    # "from signing" would be right too, so it is not offered.
    item = notices["54-2025-tt-bct"]
    assert item.answer == "Từ ngày 21/11/2025" and "Từ ngày ký" not in item.options
    assert all(_DATE.match(o) and _day(o) >= (2025, 11, 21) for o in item.options)
    # A notice without a clause of its own effect is not asked.
    assert "634-tb-vpcp" not in notices


def test_a_resolution_a_body_passes_takes_effect_when_passed(decrees: dict[str, QuizItem]) -> None:
    item = decrees["1663-nq-ubtvqh15"]
    assert item.answer == "Từ ngày được thông qua" and "Từ ngày ký" not in item.options
    # Nghị định 158/2025/NĐ-CP: the page shows no date of its own, only the clause's.
    item = decrees["158-2025-nd-cp"]
    assert item.answer == "Từ ngày 01/07/2025" and "Từ ngày ký" in item.options
