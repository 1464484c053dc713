"""Quiz generation on the bundled corpus with the real model: every item right and traceable."""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter

import pytest
from tests.quiz.quiz_generated import FORTY, generated, generator_for

from corpus.errors import QuizError, UnknownDocument
from corpus.metadata import short_name
from index.library import Library
from quiz.distractors import too_alike
from quiz.generate import Generator, Request
from quiz.items import BLANK, FALSE, ITEM_TYPES, TRUE, QuizItem
from quiz.paraphrase import paraphrase
from quiz.questions import where
from quiz.questions.base import group_of
from quiz.questions.registry import KINDS
from quiz.source import heading_label
from quiz.terms import words_key
from quiz.validate import ROUND_TRIP_K


@pytest.fixture(scope="module")
def items(library) -> list[QuizItem]:  # noqa: ANN001
    return generated(library).items


def test_many_items_of_at_least_six_types(items: list[QuizItem]) -> None:
    # One passage per item and only items worth asking: the two bundled documents do not hold
    # forty of them, and the generator says so rather than pad the quiz.
    assert len(items) >= 27
    assert len({i.type for i in items}) >= 6
    assert len({i.id for i in items}) == len(items)


def test_every_item_passes_every_rule(library, items: list[QuizItem]) -> None:  # noqa: ANN001
    validator = generator_for(library).validator
    assert {i.id: validator.check(i) for i in items if validator.check(i)} == {}


def test_items_are_traceable_to_verbatim_sources(library, items: list[QuizItem]) -> None:  # noqa: ANN001
    for item in items:
        assert item.source_text in library.document_text(item.doc_id)
        passage = library.passage(item.passage_key)
        assert item.source_text in passage.text and passage.doc_id == item.doc_id
        documents = {d.id: d for d in library.documents()}
        if KINDS[item.type].of_document:
            # The subject, date and issuer of a document are the document's own: it is cited,
            # not the sentence the item stands on, and what the explanation quotes is a line of
            # it (the date line may be outside every passage).
            assert item.citation == short_name(documents[item.doc_id]) and item.section == ""
            quoted = re.findall(r"“([^”]+)”", item.explanation)
            assert all(q in library.document_text(item.doc_id) for q in quoted), item.explanation
        else:
            assert item.source_text in item.explanation
            assert item.citation == passage.citation
        assert 1 <= item.difficulty <= 3


def test_keys_are_one_of_the_options_and_backed_by_the_source(library, items: list[QuizItem]) -> None:  # noqa: ANN001
    for item in items:
        if item.type == "matching":
            assert sorted(r for _, r in item.pairs) == sorted(item.options)
            continue
        assert item.options.count(item.answer) == 1
        if item.type == "fill_blank":
            assert item.stem.replace(BLANK, item.answer).endswith(item.source_text)
        elif item.type == "true_false":
            assert item.options == (TRUE, FALSE)
            # True statements are the source paraphrased; false ones say something else.
            assert item.stem.endswith(paraphrase(item.source_text)) == (item.answer == TRUE)
        elif item.type == "where":
            assert item.answer in library.passage(item.passage_key).headings
        elif item.type == "acronym":
            acronym = item.stem.split("“")[1].split("”")[0]
            assert library.acronyms.expansions(acronym) == [item.answer]


def test_distractors_are_not_right_too(library, items: list[QuizItem]) -> None:  # noqa: ANN001
    corpus = " ".join(words_key(library.document_text(d.id)) for d in library.documents())
    for item in (i for i in items if i.type == "fill_blank"):
        for option in item.options:
            if option == item.answer:
                continue
            assert not too_alike(option, item.answer)
            assert f" {words_key(option)} " not in f" {words_key(item.source_text)} "
            filled = words_key(item.stem.replace(BLANK, option).split(": ", 1)[1].lstrip("… "))
            assert filled not in corpus, (item.id, option)


def test_no_look_alike_options_and_enough_context(items: list[QuizItem]) -> None:
    for item in items:
        options = list(item.options)
        if item.type == "motto":
            # A motto beside itself a part short or two parts swapped: alike by design, never equal.
            assert len({words_key(o) for o in options}) == len(options), item.id
            continue
        assert all(not too_alike(a, b) for n, a in enumerate(options) for b in options[n + 1 :]), item.id
        if item.type == "fill_blank":
            assert item.stem.count(BLANK) == 1
            assert len(words_key(item.source_text).split()) - len(words_key(item.answer).split()) >= 6


def test_round_trip_finds_the_source_in_top_three(library, items: list[QuizItem]) -> None:  # noqa: ANN001
    for item in items:
        if item.type in ("count", "order", "position"):
            continue  # its key is recomputed from the document's structure, not searched
        if KINDS[item.type].of_document:
            continue  # its key is the document's date, issuer or subject, not a passage's
        queries = {"matching": [r for _, r in item.pairs], "which": list(item.options), "not_in": list(item.options)}
        hits = {r.key for q in queries.get(item.type, [item.stem]) for r in library.search(q, k=ROUND_TRIP_K)}
        assert item.passage_key in hits, item.id


def test_second_choice_parts_are_the_key_s_siblings_where_it_has_them(library) -> None:  # noqa: ANN001
    # A statement the nearest parts could also hold is asked among the sibling parts it is told
    # apart from when its part has three siblings or more (a group of tasks among groups of
    # tasks), never beside parts of another branch ("Mục đích", "Yêu cầu": the key is found by its
    # place); a part with fewer siblings ("Yêu cầu" beside "Mục đích") takes parts of its depth.
    context = generator_for(library).context
    asked = [i for i in where.more(context, context.sentences, 1) if i is not None]
    assert asked
    for item in asked:
        group = group_of(library.passage(item.passage_key))
        groups = context.groups(item.doc_id)
        siblings = {g[: len(group)] for g in groups if g[: len(group) - 1] == group[:-1]} - {group}
        if len(siblings) >= 3:
            assert set(item.options) <= {heading_label(g[-1]) for g in [group, *siblings]}, item.id
    assert not [i for i in asked if i.source_text.startswith("Xử lý kiên quyết, nghiêm minh")]


def test_one_item_per_source_sentence_and_passage(items: list[QuizItem]) -> None:
    sources = [words_key(i.source_text) for i in items]
    assert len(sources) == len(set(sources))
    # Forty items from two documents: a passage is asked again (on another sentence) only when
    # one per passage falls short, and three times at most. Three was two: the Nghị quyết lists
    # a dozen target figures in each of three passages, and a third figure of the same list is a
    # better item than the "which part" items the rule now leaves out (options "Mục đích", "Yêu
    # cầu" beside groups of tasks, the key found by its level).
    passages = Counter(i.passage_key for i in items)
    assert max(passages.values()) <= 3
    # Key-term blanks whose options would read as nonsense in the slot ("sự lãnh đạo thuận lợi
    # của Đảng") are no longer asked; the second choices complete the forty.
    assert len(items) == 40


def test_json_round_trip(items: list[QuizItem]) -> None:
    for item in items:
        assert QuizItem.from_json(json.loads(json.dumps(item.to_json(), ensure_ascii=False))) == item


def test_same_seed_same_items_other_seed_other_items(library) -> None:  # noqa: ANN001
    request = Request(n=6, seed=5, types=("fill_blank", "acronym"))
    first = generator_for(library).generate(request).items
    again = type(generator_for(library))(library).generate(request).items
    assert [i.to_json() for i in first] == [i.to_json() for i in again]
    other = generator_for(library).generate(dataclasses.replace(request, seed=6)).items
    assert [i.id for i in other] != [i.id for i in first]
    # The same item from another seed keeps its id.
    shared = {i.id for i in first} & {i.id for i in other}
    assert all(next(x for x in other if x.id == s).answer == next(x for x in first if x.id == s).answer for s in shared)


def test_filters_by_document_type_section_and_difficulty(library) -> None:  # noqa: ANN001
    doc = "kh-230-tu-2023-chuyende2"
    result = generator_for(library).generate(
        Request(n=5, seed=2, doc_ids=(doc,), sections=("IV",), types=("where", "fill_blank"), difficulties=(1, 2))
    )
    assert result.items
    for item in result.items:
        assert item.doc_id == doc and item.section.startswith("IV")
        assert item.type in ("where", "fill_blank") and item.difficulty in (1, 2)


@pytest.mark.parametrize(
    "request_, refusal",
    [
        (Request(n=0), QuizError),
        # An unknown document is refused as everywhere else in the library.
        (Request(doc_ids=("khong-co",)), UnknownDocument),
        (Request(types=("essay",)), QuizError),  # type: ignore[arg-type]
        (Request(sections=("IX.9",)), QuizError),
    ],
)
def test_bad_requests_are_refused_in_vietnamese(library, request_: Request, refusal: type[Exception]) -> None:  # noqa: ANN001
    with pytest.raises(refusal) as error:
        generator_for(library).generate(request_)
    assert str(error.value)


def _first(items: list[QuizItem], type_: str) -> QuizItem:
    return next(i for i in items if i.type == type_)


def test_each_rule_rejects_a_broken_item(library, items: list[QuizItem]) -> None:  # noqa: ANN001
    validator = generator_for(library).validator
    fill = _first(items, "fill_blank")
    off_topic = "Thời tiết hôm nay ở Hà Nội có mưa rào và gió mùa đông bắc"
    wrong = next(o for o in fill.options if o != fill.answer)
    broken = {
        "answer_not_in_options": dataclasses.replace(fill, answer=fill.answer + " x"),
        "option_count": dataclasses.replace(fill, options=fill.options[:3]) if fill.options[3] != fill.answer
        else dataclasses.replace(fill, options=fill.options[1:]),
        "source_not_verbatim": dataclasses.replace(fill, source_text=fill.source_text + " thêm"),
        "answer_not_in_source": dataclasses.replace(fill, answer=wrong),
        "look_alike_options": dataclasses.replace(
            fill, options=tuple(fill.answer.upper() if o == wrong else o for o in fill.options)
        ),
        "answer_in_stem": dataclasses.replace(fill, stem=f"{fill.stem} ({fill.answer})"),
        "too_long": dataclasses.replace(fill, stem=fill.stem + " nữa" * 200),
        "layout_debris": dataclasses.replace(fill, stem=f"Phần “” — {fill.stem}"),
        "round_trip": next(
            item for item in (dataclasses.replace(i, stem=off_topic) for i in items if i.type == "where")
            if item.passage_key not in {r.key for r in library.search(off_topic, k=ROUND_TRIP_K)}
        ),
    }
    for rule, item in broken.items():
        assert rule in validator.check(item), rule
    short = dataclasses.replace(
        fill, source_text="Đến năm 2025", stem=f"Theo X: Đến năm {BLANK}", answer="2025",
        options=("2025", "2030", "2045", "2020"),
    )
    assert "little_context" in validator.check(short)
    assert validator.too_close(fill, [dataclasses.replace(fill, id="other")])


def test_true_false_is_balanced(library) -> None:  # noqa: ANN001
    result = generator_for(library).generate(Request(n=20, seed=3, types=("true_false",)))
    answers = [i.answer for i in result.items]
    assert answers and abs(answers.count(TRUE) - answers.count(FALSE)) <= len(answers) // 3


def test_all_item_types_are_generated(library) -> None:  # noqa: ANN001
    assert set(generated(library, FORTY).candidates) == set(ITEM_TYPES)
    # The bundled documents hold no procedure or timeline: ordering items are tested on the
    # uploaded ones (tests/quiz/test_quality.py), and none is made up here.
    # Nor a glossary, or four documents to ask what each is about: those kinds are tested on real
    # documents (tests/quiz/test_kinds.py) and said to be missing here; so are a worked example, a merger of administrative units and an
    # administrative procedure published as a table row, an article with a title and a preamble
    # citing a numbered decree, a formula or its legend of symbols, a number written in figures and words, a table of
    # abolished procedures, a customs code, a table of a procedure's steps or a clause saying from when
    # the document takes effect, a count of procedures published, a law or a proposer in a preamble,
    # a text repealed or amended, the figures of goods a table or a notice of classification gives.
    # The plan's target year ("Đến năm 2025, phải cơ bản hoàn thiện …") is a deadline.
    absent = ("order", "definition", "subject", "scenario", "merged", "procedure", "article", "cited",
              "formula", "symbol", "spelled", "abolished", "customs_code", "step", "effective", "published", "law",
              "proposer", "replaced", "spec")
    assert all(generated(library, FORTY).candidates[t] > 0 for t in ITEM_TYPES if t not in absent)
    assert all(generated(library, FORTY).candidates[t] == 0 for t in absent)
    assert len(generated(library, FORTY).missing_kinds(ITEM_TYPES)) == len(absent)


def test_true_false_count_does_not_depend_on_the_seed(library) -> None:  # noqa: ANN001
    # A served app draws a new seed per request: the same request must give as many statements.
    results = [generator_for(library).generate(Request(n=9, seed=seed, types=("true_false",))) for seed in range(4)]
    assert len({r.candidates["true_false"] for r in results}) == 1
    assert len({len(r.items) for r in results}) == 1 and results[0].items
    for result in results:
        answers = [i.answer for i in result.items]
        assert abs(answers.count(TRUE) - answers.count(FALSE)) <= 1, answers


def test_generation_through_the_served_query_batcher_is_the_same(library, settings, embedder) -> None:  # noqa: ANN001
    from app.batching import QueryBatcher

    served = Library(settings, embedder=QueryBatcher(embedder))
    request = Request(n=12, seed=4, types=("true_false", "fill_blank", "where"))
    here = generator_for(library).generate(request).items
    assert [i.id for i in Generator(served).generate(request).items] == [i.id for i in here]


PLAN = "kh-230-tu-2023-chuyende2"


def test_a_plan_asked_alone_offers_parts_its_statement_is_told_apart_from(library) -> None:  # noqa: ANN001
    # A plan whose task groups all "đổi mới, nâng cao …": the nearest parts share a statement's
    # words, so the first choice of options gives none for most statements (18 of 30 before).
    generator = generator_for(library)
    result = generated(library, Request(n=30, seed=1, doc_ids=(PLAN,)))
    assert len(result.items) >= 21, (len(result.items), result.rejected)
    assert all(generator.validator.check(i) == [] for i in result.items)
    sources = [s for s in generator.sentences if s.passage.doc_id == PLAN]
    first = {i.source_text for i in KINDS["where"].build(generator.context, sources, 1) if i is not None}
    second = [i for i in KINDS["where"].more(generator.context, sources, 1) if i is not None]
    # They pass every rule (the round trip may still fail). Two, not four: a group of tasks is
    # asked among its sibling groups only, and the three statements told apart only from "Mục
    # đích" and "Yêu cầu" (the key found by its place) are no longer asked.
    assert sum(not generator.validator.check(i) for i in second) >= 2, len(second)
    groups = generator.context.groups(PLAN)
    for item in second:
        assert item.source_text not in first
        sentence = next(s for s in sources if s.text == item.source_text)
        own = next(g for g in groups if g[-1].endswith(item.answer) and sentence in groups[g])
        others = [g for g in groups if any(g[-1].endswith(o) for o in item.options if o != item.answer)]
        assert len(others) == len(item.options) - 1
        assert generator.context.distinct(sentence, own, others, groups)


def test_a_plans_dash_items_are_counted_per_part_only_to_complete_a_quiz(library) -> None:  # noqa: ANN001
    generator = generator_for(library)
    sources = [s for s in generator.sentences if s.passage.doc_id == PLAN]
    text = library.document_text(PLAN)

    def dashes(start: str, end: str) -> int:
        part = text[text.index(start) : text.index(end, text.index(start))]
        return sum(line.lstrip().startswith("- ") for line in part.splitlines())

    # The first choice counts sub-parts only ("Nhiệm vụ, giải pháp" and its six groups).
    assert {i.stem for i in KINDS["count"].build(generator.context, sources, 1) if i is not None} == {
        "Theo Kế hoạch số 230-KH/TU, phần “Nhiệm vụ, giải pháp” nêu bao nhiêu nhóm nhiệm vụ?"
    }
    counted = {i.stem: i for i in KINDS["count"].more(generator.context, sources, 1) if i is not None}
    targets = counted["Theo Kế hoạch số 230-KH/TU, phần “Mục tiêu” nêu bao nhiêu mục tiêu?"]
    assert targets.answer == str(dashes("III. MỤC TIÊU", "IV.")) == "3"
    # Nine tasks of several sentences each: counting them is not worth asking (a strict reading
    # threw the item away), so a part is counted up to six dash items.
    assert dashes("3.2. Về công tác cán bộ", "\n4. ") == 9
    assert "Theo Kế hoạch số 230-KH/TU, phần “Về công tác cán bộ” nêu bao nhiêu nội dung?" not in counted
    control = counted["Theo Kế hoạch số 230-KH/TU, phần “Đổi mới, nâng cao chất lượng, hiệu quả công tác kiểm tra, giám sát” nêu bao nhiêu nội dung?"]
    assert control.answer == str(dashes("4. Đổi mới, nâng cao chất lượng, hiệu quả công tác kiểm tra", "\n5. ")) == "5"
    # "Mục đích" lists two: too few to ask how many.
    assert not any("“Mục đích”" in stem for stem in counted)
    for item in counted.values():
        assert generator.validator.check(item) == [], item.stem
        assert item.answer in item.options and len(item.options) == 4
