"""The plan alone asked for 30 items: who is given which task in its "Đối với <body>: …"
paragraphs, clauses included, and no sentence asked twice."""

from __future__ import annotations

from collections import Counter

from tests.quiz.quiz_generated import generated, generator_for

from index.library import Library
from quiz.generate import Request
from quiz.questions.registry import KINDS
from quiz.statements import whole

PLAN = "kh-230-tu-2023-chuyende2"


def test_a_clause_of_a_bodys_paragraph_that_opens_on_a_verb_is_asked_as_its_task(library: Library) -> None:
    generator = generator_for(library)
    sources = [s for s in generator.sentences if s.passage.doc_id == PLAN]
    items = [i for i in KINDS["responsible"].build(generator.context, sources, 1) if i is not None]
    clauses = {i.source_text: i.answer for i in items if not whole(i.source_text)}
    # "Đối với MTTQVN, các tổ chức CT-XH: tập trung …; thực hiện tốt vai trò đại diện …; nâng cao
    # chất lượng các phong trào thi đua …; xây dựng …; làm cầu nối …": the long sentence is cut at
    # its semicolons, and each clause of fifteen words or more is a task of the paragraph's body.
    assert any(t.startswith("thực hiện tốt vai trò đại diện") for t in clauses)
    assert any(t.startswith("nâng cao chất lượng các phong trào thi đua") for t in clauses)
    assert {a for t, a in clauses.items() if "đoàn viên" in t or "thi đua" in t} == {"MTTQVN, các tổ chức CT-XH"}
    # Too short to tell one body's task from another's (fewer than fifteen words).
    assert not any(t.startswith(("làm cầu nối", "xây dựng và chỉnh đốn")) for t in clauses)


def test_the_plan_alone_gives_26_of_30_and_asks_no_sentence_twice(library: Library) -> None:
    items = generated(library, Request(n=30, seed=1, doc_ids=(PLAN,))).items
    # Before: 24 (the bodies' clauses were not asked; a third part of three items was left out
    # as a repeated key). 27 until the headings in capitals reached the model in sentence case:
    # then the "which part" item on the Yêu cầu part passed its round trip and took that part's
    # first sentence, which its count item also asks.
    assert len(items) >= 26
    asked = Counter(i.source_text for i in items if not KINDS[i.type].of_document and i.type != "count")
    assert asked.most_common(1)[0][1] == 1
    # Each part counted once; at most three parts with the same number of items.
    counts = [i for i in items if i.type == "count"]
    assert len({i.stem for i in counts}) == len(counts)
    assert max(Counter(i.answer for i in counts).values()) <= 3


def test_the_plan_asks_its_target_year_without_the_period_it_prepares(library: Library) -> None:
    items = generated(library, Request(n=30, seed=1, doc_ids=(PLAN,))).items
    # "Đến năm 2025, phải cơ bản hoàn thiện xây dựng vị trí việc làm trong từng cơ quan, tổ chức,
    # làm cơ sở để xác định tổng biên chế của HTCT giai đoạn 2026-2031": asked up to "tổ chức",
    # the year before the period left unsaid; the sentence's other blank, which would show the
    # year, is not asked beside it.
    targets = [i for i in items if "vị trí việc làm trong từng cơ quan" in i.source_text]
    assert [(i.type, i.answer) for i in targets] == [("deadline", "năm 2025")]
    assert "2026" not in targets[0].stem and "2026-2031" in targets[0].explanation
    assert all(o.startswith("năm ") and int(o[4:]) >= 2024 for o in targets[0].options)
