"""Who, by when and what a term means, where the document says it at length: a notice's answer
to a point in one sentence of five clauses (634/TB-VPCP), a limit still to come on the day the
notice was issued, a glossary entry an amending circular quotes (54/2025/TT-BCT); with the real
generator and validator (tests/data/realdocs, kept as found)."""

from __future__ import annotations

import dataclasses
import random
import re

import pytest
from tests.quiz.quiz_generated import generated, generator_for, realdocs_library

from index.library import Library
from index.settings import Settings
from quiz.generate import Request
from quiz.questions.base import ELISION, blank_backed, elided
from quiz.questions.deadline import _last_day, _later_days, distractors, limits
from quiz.questions.definition import definition
from quiz.terms import Span

NOTICE, CIRCULAR, GLOSSARY = "634-tb-vpcp", "54-2025-tt-bct", "80-2025-qd-ubnd"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    return realdocs_library(tmp_path_factory.mktemp("long"), settings, embedder, (NOTICE, CIRCULAR, GLOSSARY))


def test_a_long_sentence_is_quoted_by_who_what_and_by_when() -> None:
    text = ("Bộ Xây dựng khẩn trương rà soát, sớm bàn giao trong năm 2025 dự án đầu tư xây dựng công trình nạo vét "
            "luồng tàu vào khu bến cảng Nghi Sơn tại Khu kinh tế Nghi Sơn cho tỉnh Thanh Hóa làm cơ quan chủ quản hoặc "
            "cơ quan có thẩm quyền để triển khai Dự án theo quy định, báo cáo Thủ tướng Chính phủ kết quả thực hiện "
            "trước ngày 31 tháng 12 năm 2025.")
    span = limits(text)[0][0]
    assert elided(text, span) == "Bộ Xây dựng khẩn trương rà soát … báo cáo Thủ tướng Chính phủ kết quả thực hiện trước ngày ____."
    body = Span(0, len("Bộ Xây dựng"), "Bộ Xây dựng", "body", "Bộ")
    assert elided(text, body).startswith("____ khẩn trương rà soát … báo cáo")
    # The blank in a middle clause, the last too long to add: the end is left out.
    task = ("Giao Sở Y tế chủ trì, phối hợp với các đơn vị: Văn phòng UBND tỉnh (Trung tâm Công báo - Tin học) và các "
            "cơ quan, đơn vị liên quan căn cứ Quyết định này, trong thời hạn 03 ngày làm việc công khai các TTHC trên cơ "
            "sở dữ liệu quốc gia về TTHC, xây dựng quy trình điện tử giải quyết TTHC trên Hệ thống thông tin giải quyết "
            "TTHC của tỉnh (https://motcua.hatinh.gov.vn) để áp dụng thực hiện theo quy định.")
    assert elided(task, limits(task)[0][0]) == (
        "Giao Sở Y tế chủ trì … trong thời hạn ____ công khai các TTHC trên cơ sở dữ liệu quốc gia về TTHC …")
    # A sentence without clauses to leave out is not cut anywhere.
    assert elided("Trong thời hạn 15 ngày làm việc kể từ ngày nhận đủ hồ sơ " * 6, Span(15, 34, "x", "number", "ngày")) == ""


def test_a_notice_asks_its_long_points_too(library: Library) -> None:
    # Before: the points answered in a sentence of more than 70 words (III.2, III.5, III.6) and
    # the second sentences of a point (III.4, after "Để xác định …," and "Với vai trò …,") gave
    # nothing; 634 alone gave 9 of 20 (13 among the real documents).
    result = generated(library, Request(n=20, seed=1, doc_ids=(NOTICE,)))
    assert len(result.items) >= 15, result.rejected
    validator = generator_for(library).validator
    text = library.document_text(NOTICE)
    flat = " ".join(text.split())
    asked = [i for i in result.items if i.type in ("responsible", "deadline")]
    assert len(asked) >= 9
    cut = [i for i in asked if ELISION.strip() in i.stem.rsplit("“", 1)[1]]
    assert cut, [i.stem for i in asked]
    for item in asked:
        assert validator.check(item) == [] and item.source_text in text
        # What the stem quotes is the source's own words, in its order.
        quoted = item.stem.rsplit("“", 1)[1].rstrip("”").replace("____", item.answer)
        pieces = [p for p in quoted.removesuffix(" …").split(ELISION)]
        assert all(p.lower() in item.source_text.lower() for p in pieces), item.stem
        if "về “" in item.stem:
            # The point, whole or by its first clause ("điều chuyển số vốn dư…").
            topic = item.stem.split("về “", 1)[1].split("”", 1)[0]
            assert f"Về {topic.removesuffix('…')}" in flat, topic
        wrong = next(o for o in item.options if o != item.answer)
        assert not blank_backed(dataclasses.replace(item, answer=wrong))
    # Dated 22/11/2025: a limit still to come is offered beside no date long past, and never as
    # the earliest option; where every date still to come is later, the key a month earlier
    # (just past on that day) is the one earlier option.
    for item in (i for i in asked if i.type == "deadline"):
        span = next(s for s, _ in limits(item.source_text) if s.text == item.answer)
        lasts = {o: _last_day(dataclasses.replace(span, text=o)) for o in item.options} if span.kind == "date" else {}
        if lasts and lasts[item.answer] is not None:
            assert any(last < lasts[item.answer] for last in lasts.values()), item.options
            past = [o for o, last in lasts.items() if last < (2025, 11, 22)]
            assert past in ([], _later_days(span, (-1,))), item.options
    # A body named after the point's purpose or the body's capacity is asked too.
    assert any(re.search(r"“(?:Để|Với vai trò)[^”]*, ____ ", i.stem) for i in asked), [i.stem for i in asked]


def test_a_limit_still_to_come_is_offered_no_date_long_past_nor_as_the_earliest() -> None:
    # A notice of 22/11/2025 asking for a report "trước ngày 01 tháng 12 năm 2025" offered
    # 01/7/2025 and 01/12/2024; then only later dates, so the key was always the earliest
    # option, which a learner picks without knowing it: the key a month earlier now takes the
    # last place. A cut-off long past keeps its neighbours.
    due = limits("báo cáo Thủ tướng Chính phủ trước ngày 01 tháng 12 năm 2025.")[0][0]
    assert set(distractors(due, random.Random(1), (2025, 11, 22))) == {
        "01 tháng 12 năm 2026", "01 tháng 1 năm 2026", "01 tháng 11 năm 2025"}
    month = limits("báo cáo Chính phủ trong tháng 12 năm 2025.")[0][0]
    assert set(distractors(month, random.Random(1), (2025, 11, 22))) == {
        "tháng 11 năm 2025", "tháng 1 năm 2026", "tháng 2 năm 2026"}
    this_month = limits("(hoàn thành trong tháng 11/2025)")[0][0]
    assert set(distractors(this_month, random.Random(1), (2025, 11, 5))) == {"12/2025", "1/2026", "10/2025"}
    new_year = limits("(hoàn thành trong tháng 1/2026)")[0][0]
    assert "12/2025" in distractors(new_year, random.Random(1), (2025, 12, 20))
    first_quarter = limits("báo cáo kết quả trong Quý I năm 2026.")[0][0]
    assert "Quý IV năm 2025" in distractors(first_quarter, random.Random(1), (2025, 11, 22))
    cut_off = limits("thôi việc trước ngày 15 tháng 12 năm 1993, sau đó làm việc")[0][0]
    assert "15 tháng 11 năm 1993" in distractors(cut_off, random.Random(1), (2025, 6, 30))


def test_a_target_year_still_to_come_is_offered_no_year_already_past() -> None:
    # The bundled plan of 10/3/2023: "Đến năm 2025, phải cơ bản hoàn thiện …" offered 2020, a
    # year the plan had already lived through; now later milestones and the year before the key,
    # which the plan had not yet reached.
    target = limits("Đến năm 2025, phải cơ bản hoàn thiện xây dựng vị trí việc làm.")[0][0]
    assert set(distractors(target, random.Random(1), (2023, 3, 10))) == {"năm 2030", "năm 2035", "năm 2024"}
    milestone = limits("Đến năm 2030, tỉ lệ đô thị hoá đạt trên 50%.")[0][0]
    assert set(distractors(milestone, random.Random(1), (2023, 3, 10))) == {"năm 2025", "năm 2035", "năm 2040"}
    # No earlier year is left to offer for the plan's own year.
    this_year = limits("Đến năm 2023, hoàn thành việc rà soát.")[0][0]
    assert all(o > "năm 2023" for o in distractors(this_year, random.Random(1), (2023, 3, 10)))


def test_a_glossary_entry_an_amending_text_quotes_is_a_definition(library: Library) -> None:
    generator = generator_for(library)
    entries = {d for s in generator.sentences if s.passage.doc_id == CIRCULAR and (d := definition(s))}
    assert ("Mức kỳ vọng P50", "giá trị điện năng giao nhận bình quân nhiều năm của nhà máy điện, với xác suất 50% "
            "điện năng giao nhận thực tế của nhà máy điện trong nhiều năm sẽ đạt được hoặc cao hơn giá trị này") in entries
    # An entry the source broke at a line inside "(viết tắt theo tiếng Anh:" is read whole (it was
    # cut short there, and not asked).
    assert any(term == "Nhà máy điện linh hoạt" and meaning.endswith("duy trì ổn định hệ thống điện")
               for term, meaning in entries)
    # Few entries of its own: never offered among another document's terms (a portal's glossary);
    # its entries of plants are asked among the plants it names (before: not asked at all).
    result = generated(library, Request(n=20, seed=1, doc_ids=(CIRCULAR,)))
    asked = [i for i in result.items if i.type == "definition"]
    assert asked and all(o.startswith("Nhà máy") for i in asked for o in i.options), [i.options for i in asked]
    others = generator.candidates("definition", [s for s in generator.sentences if s.passage.doc_id == GLOSSARY], 1)
    assert others and not any("Mức kỳ vọng P50" in i.options for i in others)
