"""Item quality on real-shaped uploaded documents (tests/data/docs: a law with Chương/Điều, a
Nghị định, a Party Quy định with numbered Điều, a city Kế hoạch with a letterhead and Nơi nhận),
indexed as a user would upload them, with the real model: every failure class a trainer found in
generated quizzes, each checked on what the generator actually produced."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from pathlib import Path

import pytest
from tests.quiz.quiz_generated import generated, generator_for

from corpus.cite import citation
from corpus.document import Document
from corpus.segment import segment
from corpus.titlecase import UPPER
from index.library import Library
from index.records import DocumentInfo, PassageRecord
from index.settings import Settings
from quiz.distractors import USUAL_PERIODS, made_up_numbers, number_value
from quiz.export import FORMATS, render
from quiz.generate import Generated, Request
from quiz.items import BLANK, FALSE, TRUE, QuizItem
from quiz.order import ARROW, misfiled, sequences
from quiz.paraphrase import paraphrase, reworded
from quiz.questions.acronym import COMMON_ACRONYMS
from quiz.questions.base import quoted_heading
from quiz.questions.fill_blank import blankable
from quiz.questions.registry import KINDS
from quiz.source import boilerplate, doc_label, sentence_case
from quiz.statements import cross_reference_only, gives_part_away
from quiz.terms import Span, on_word_boundaries, quantities, tokens, words_key, years

DOCS = Path(__file__).resolve().parent.parent / "data" / "docs"
ALL = Request(n=60, seed=1)
_ARTICLE = re.compile(r"^\s*Điều\s+(\d+)", re.MULTILINE)
_CAPS_RUN = re.compile(r"\b[" + UPPER + r"]{2,}(?:\s+[" + UPPER + r"]{2,}){2,}\b")


@pytest.fixture(scope="module")
def uploaded(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    lib = Library(
        Settings.load(data_dir=str(tmp_path_factory.mktemp("docs")), model_cache_dir=settings.model_cache_dir),
        embedder=embedder,
    )
    lib.add_paths([DOCS])
    return lib


@pytest.fixture(scope="module")
def result(uploaded: Library) -> Generated:
    return generated(uploaded, ALL)


@pytest.fixture(scope="module")
def items(result: Generated) -> list[QuizItem]:
    assert len(result.items) >= 40
    return result.items


def _offset(lib: Library, item: QuizItem) -> int:
    passage = lib.passage(item.passage_key)
    offset = lib.document_text(item.doc_id).find(item.source_text, passage.start)
    assert passage.start <= offset < passage.end, item.id
    return offset


def test_citation_names_the_article_the_source_sentence_is_in(uploaded: Library, items: list[QuizItem]) -> None:
    checked = 0
    for item in items:
        if KINDS[item.type].of_document:
            continue  # cites the document itself (tests/quiz/test_kinds.py)
        text = uploaded.document_text(item.doc_id)
        articles = list(_ARTICLE.finditer(text[: _offset(uploaded, item)]))
        if not articles:
            continue
        checked += 1
        assert re.search(rf"\bĐiều {articles[-1].group(1)}\b", item.citation), (item.id, item.citation)
        assert item.citation == uploaded.passage(item.passage_key).citation
    assert checked >= 10


def test_stems_name_the_document_in_short_form_never_in_capitals(uploaded: Library, items: list[QuizItem]) -> None:
    labels = {d.id: doc_label(d) for d in uploaded.documents()}
    assert labels["ke-hoach-308-kh-ubnd"] == "Kế hoạch số 308/KH-UBND"
    assert labels["quy-dinh-37-qd-tw"].startswith("Quy định")
    for item in items:
        assert labels[item.doc_id] in item.stem or item.stem.startswith("Trong câu sau của"), item.id
        assert not _CAPS_RUN.search(item.stem.replace(labels[item.doc_id], "")), (item.id, item.stem)
    assert sentence_case("KẾ HOẠCH TRIỂN KHAI THỰC HIỆN") == "Kế hoạch triển khai thực hiện"
    # A heading quoted in a stem keeps the names in it (the reader's own sentence case).
    assert sentence_case("ĐẢNG BỘ TỈNH GIA LAI PHÁT HUY VAI TRÒ CỦA UBND") == "Đảng bộ tỉnh Gia Lai phát huy vai trò của UBND"
    # A law by its name; an amending law by its number ("Theo Luật sửa đổi…," was its stems' name).
    law = DocumentInfo("luat", "Luật Cư trú", "68/2020/QH14", "", "Quốc hội", "luật", "", 1, "")
    assert doc_label(law) == "Luật Cư trú"
    amending = dataclasses.replace(law, title="Luật sửa đổi, bổ sung một số điều của Luật Tiếp công dân",
                                   number="118/2025/QH15")
    assert doc_label(amending) == "Luật số 118/2025/QH15"


def test_no_letterhead_preamble_recipients_or_schedule_lines(uploaded: Library, items: list[QuizItem]) -> None:
    numbers = [d.number for d in uploaded.documents() if d.number]
    for item in items:
        if item.type in ("issued", "subject", "effective"):
            # Asked of the document's own title, date or issuer line, or its clause of effect,
            # which is its source; never of a preamble that cites another document.
            assert not re.match(r"\s*(Căn cứ|Thực hiện)", item.source_text), item.id
            continue
        assert not boilerplate(item.source_text), item.id
        assert not re.match(r"\s*(Căn cứ|Nơi nhận|Số\s*:|Thực hiện Nghị quyết)", item.source_text), item.id
        for option in item.options:
            assert not re.match(r"\s*Số\s*:", option) and not any(n in option for n in numbers), (item.id, option)


def test_no_stem_quotes_a_clause_with_a_bare_ellipsis(items: list[QuizItem]) -> None:
    for item in items:
        assert "…" not in item.stem.replace(quoted_heading(item.stem), ""), (item.id, item.stem)


def test_blanks_never_split_a_word(items: list[QuizItem]) -> None:
    fills = [i for i in items if i.type == "fill_blank"]
    assert fills
    for item in fills:
        start = item.source_text.index(item.answer) if item.source_text.count(item.answer) == 1 else None
        if start is not None:
            span = Span(start, start + len(item.answer), item.answer, "term", "")
            assert on_word_boundaries(item.source_text, span), item.id
        assert not re.search(r"\w" + re.escape(BLANK) + r"|" + re.escape(BLANK) + r"\w", item.stem), item.id


def test_number_options_keep_the_unit_and_scale_and_years_their_side(uploaded: Library, items: list[QuizItem]) -> None:
    doc_years = {d.id: int(d.date[:4]) for d in uploaded.documents() if d.date}
    for item in (i for i in items if i.type == "fill_blank"):
        answer_quantities = quantities(item.answer)
        if answer_quantities:
            unit = answer_quantities[0].shape
            for option in item.options:
                found = quantities(option)
                assert found and found[0].shape == unit, (item.id, option)
                assert 0.5 <= number_value(option) / number_value(item.answer) <= 2, (item.id, option)
        elif years(item.answer) and item.answer.isdigit():
            year = doc_years.get(item.doc_id)
            for option in item.options:
                assert abs(int(option) - int(item.answer)) <= 15
                if year:
                    assert (int(option) >= year) == (int(item.answer) >= year), (item.id, option)


def test_no_option_forms_a_phrase_listed_next_to_the_key(uploaded: Library, items: list[QuizItem]) -> None:
    for item in (i for i in items if i.type == "fill_blank"):
        nearby = f" {words_key(uploaded.passage(item.passage_key).text)} "
        for option in item.options:
            if option != item.answer:
                assert f" {words_key(option)} " not in nearby, (item.id, option)


def test_term_blanks_are_not_one_slot_of_an_enumeration(result: Generated, uploaded: Library) -> None:
    generator = generator_for(uploaded)
    sentence = next(s for s in generator.sentences if "căn cứ chức năng, nhiệm vụ được giao" in s.text)
    terms = [s.text for s in blankable(generator.context, sentence) if s.kind == "term"]
    assert "chức năng" not in terms and "nhiệm vụ" not in terms


def test_acronyms_asked_only_when_the_document_defines_them(uploaded: Library, items: list[QuizItem]) -> None:
    for item in (i for i in items if i.type == "acronym"):
        acronym = item.stem.split("“")[1].split("”")[0]
        assert acronym not in COMMON_ACRONYMS
        assert f"({acronym})" in uploaded.document_text(item.doc_id)


def test_true_false_states_facts_paraphrased_and_changes_free_facts(items: list[QuizItem]) -> None:
    statements = [i for i in items if i.type == "true_false"]
    assert statements
    for item in statements:
        body = item.stem.split("”: ", 1)[1] if "”: " in item.stem else item.stem.split(": ", 1)[1]
        # Each one has a verb: a bare noun phrase is no statement.
        assert any(t.tag == "V" for t in tokens(item.source_text)), item.id
        if item.answer == TRUE:
            assert body == paraphrase(item.source_text)
        else:
            assert item.answer == FALSE and body != paraphrase(item.source_text)
            assert not re.search(r"kỷ niệm \d", body)


def test_list_questions_are_generated_and_keyed_from_the_structure(uploaded: Library, result: Generated) -> None:
    assert result.candidates["which"] > 0 and result.candidates["not_in"] + result.candidates["count"] > 0
    text = uploaded.document_text("ke-hoach-308-kh-ubnd")
    tasks = text[text.index("III. NHIỆM VỤ") : text.index("IV.")]
    expected = len(re.findall(r"^\d+\. ", tasks, re.MULTILINE))
    generator = generator_for(uploaded)
    counts = [
        i for i in generator.candidates("count", generator.sentences, 1)
        if i is not None and i.doc_id == "ke-hoach-308-kh-ubnd" and "nhiệm vụ" in quoted_heading(i.stem).lower()
    ]
    assert counts and all(i.answer == str(expected) for i in counts)
    assert all(generator.validator.check(i) == [] for i in counts)


def test_no_passage_used_twice_and_difficulty_comes_from_the_item(items: list[QuizItem]) -> None:
    # Sixty asked of seven documents: a passage is asked a second time (on another sentence) only
    # when one per passage falls short, never a third time.
    # An item on the whole document (its date, issuer, subject) asks none of its passage.
    asked = [i for i in items if not KINDS[i.type].of_document]
    keys = Counter(i.passage_key for i in asked)
    assert max(keys.values()) <= 2 and len({i.source_text for i in asked}) == len(asked)
    by_type: dict[str, Counter[int]] = {}
    for item in items:
        by_type.setdefault(item.type, Counter())[item.difficulty] += 1
    assert any(len(levels) > 1 for levels in by_type.values())


def test_validation_rejects_list_questions_with_a_wrong_key(uploaded: Library, items: list[QuizItem]) -> None:
    validator = generator_for(uploaded).validator
    broken = []
    for item in items:
        if item.type in ("which", "not_in"):
            wrong = next(o for o in item.options if o != item.answer)
            broken.append(dataclasses.replace(item, answer=wrong))
            # The same options asked the other way round have another key.
            other = "not_in" if item.type == "which" else "which"
            broken.append(dataclasses.replace(item, type=other))
    generator = generator_for(uploaded)
    for item in generator.candidates("count", generator.sentences, 1):
        if item is not None:
            broken.append(dataclasses.replace(item, answer=str(int(item.answer) + 1),
                                              options=(*item.options, str(int(item.answer) + 1))[-4:]))
    assert broken
    for item in broken:
        assert "answer_not_in_source" in validator.check(item), item.id


PROCEDURE = "quyet-dinh-1520-qd-ubnd-tiep-cong-dan"
TIMELINE = "ke-hoach-85-kh-ubnd-so-hoa"


def _order_items(uploaded: Library) -> dict[str, QuizItem]:
    generator = generator_for(uploaded)
    return {i.doc_id: i for i in generator.candidates("order", generator.sentences, 1) if i is not None}


def test_ordering_items_follow_the_numbered_steps_of_a_procedure_and_a_timeline(uploaded: Library) -> None:
    orders = _order_items(uploaded)
    assert set(orders) == {PROCEDURE, TIMELINE}
    validator = generator_for(uploaded).validator
    for doc_id, item in orders.items():
        text = uploaded.document_text(doc_id)
        # The key lists the steps in the order the document numbers them ("Bước 1.", "Giai đoạn 2").
        markers = re.findall(r"^(?:\d+\.\s*)?(?:Bước|Giai đoạn) (\d+)\b", text, re.MULTILINE)
        steps = item.answer.split(ARROW)
        assert len(steps) == len(markers) == len(set(markers)) and markers == sorted(markers, key=int)
        offsets = [text.lower().find(s.lower()) for s in steps]
        assert -1 not in offsets and offsets == sorted(offsets), (item.id, steps)
        # Short names, never a date that gives the place away; four different orderings.
        assert all(len(s.split()) <= 14 and not re.search(r"\d+/\d{4}|tháng \d", s) for s in steps)
        assert len(set(item.options)) == 4 and all(sorted(o.split(ARROW)) == sorted(steps) for o in item.options)
        assert "thứ tự đúng" in item.stem and validator.check(item) == []
        wrong = next(o for o in item.options if o != item.answer)
        assert "answer_not_in_source" in validator.check(dataclasses.replace(item, answer=wrong))


def test_unordered_lists_are_never_ordering_questions(uploaded: Library, library: Library) -> None:
    # Numbered tasks ("III. NHIỆM VỤ CỤ THỂ 1. … 4."), goals and articles are lists, not steps.
    found = {d.id: [s.part for s in sequences(lib.passages(d.id))] for lib in (uploaded, library) for d in lib.documents()}
    assert found.pop(PROCEDURE) == ["Các bước tiếp công dân"]
    assert found.pop(TIMELINE) == ["Tiến độ thực hiện"]
    assert not any(found.values()), found


def test_ordering_items_export_to_every_format(uploaded: Library) -> None:
    items = list(_order_items(uploaded).values())
    for fmt in FORMATS:
        data = render(items, fmt)
        if fmt in ("json", "csv", "gift", "moodle-xml", "aiken"):
            body = data.decode("utf-8")
            assert items[0].answer.split(ARROW)[0] in body and ARROW.strip() in body, fmt
        assert data, fmt
    aiken = render(items, "aiken").decode("utf-8")
    for item in items:
        assert f"ANSWER: {'ABCD'[item.answer_index]}" in aiken


def test_more_true_false_where_the_documents_allow_and_none_verbatim(result: Generated) -> None:
    statements = [i for i in result.items if i.type == "true_false"]
    # 2 (was 4): the trainer's kinds (who, by when, threshold, ...) are asked first, and these
    # documents' dates and bodies now give more of them, as do their subjects and issue dates read
    # from the letterhead (up to a tenth of the quiz each), so sixty items hold fewer statements.
    assert len(statements) >= 2
    answers = [i.answer for i in statements]
    assert abs(answers.count(TRUE) - answers.count(FALSE)) <= 1
    for item in statements:
        # Reworded beyond spelling: "tỉ lệ" → "tỷ lệ" alone leaves a statement verbatim.
        assert item.source_text not in item.stem and reworded(item.source_text), item.id
    assert not reworded("Tỉ lệ lao động qua đào tạo là 70%") and reworded("Tỉ lệ thất nghiệp dưới 4%")


def test_every_step_of_the_procedure_is_filed_under_its_own_heading(uploaded: Library) -> None:
    # "Bước 4. Phân loại, xử lý nội dung khiếu nại, tố cáo, kiến nghị, phản ánh" is longer than a
    # plain title line; it is still a step heading, so its text is cited as Bước 4, not Bước 3.
    passages = uploaded.passages(PROCEDURE)
    sorting = next(p for p in passages if "phân loại và hướng dẫn công dân" in p.text)
    assert "Bước 4" in sorting.headings[-1] and "Bước 4" in sorting.citation
    assert not any("Bước" in p.text for p in passages)
    assert misfiled(passages) == set()


def test_nothing_is_asked_from_passages_filed_under_the_wrong_step() -> None:
    # A step line the segmenter reads as a sentence ("Bước 4. … ." ends with a period) stays in
    # the previous step's passage: from there on the citations name the wrong step.
    doc = Document(id="qt", title="Quy trình thử", text=(
        "QUY TRÌNH\nThử nghiệm\nĐiều 1. Các bước\nBước 1. Tiếp nhận hồ sơ\nCán bộ tiếp nhận hồ sơ.\n"
        "Bước 2. Kiểm tra hồ sơ\nCán bộ kiểm tra hồ sơ.\n"
        "Bước 3. Thẩm định hồ sơ\nCán bộ thẩm định hồ sơ.\nBước 4. Trả kết quả cho công dân.\n"
        "Công dân nhận kết quả tại bộ phận một cửa.\n"
    ))
    records = [PassageRecord.of(p, citation(doc, p)) for p in segment(doc)]
    wrong = misfiled(records)
    assert wrong == {r.key for r in records if "Bước 4" in r.text or "một cửa" in r.text}, [
        (r.section, r.text) for r in records
    ]


def test_which_part_statements_do_not_name_their_part(uploaded: Library) -> None:
    generator = generator_for(uploaded)
    others = ["Số lượng cán bộ, công chức cấp xã", "Hình thức tuyển dụng công chức cấp xã"]
    named = "Tiêu chuẩn chung của cán bộ, công chức cấp xã thực hiện theo quy định của pháp luật về cán bộ, công chức."
    assert gives_part_away(generator.pools, named, "Tiêu chuẩn của cán bộ, công chức cấp xã", others)
    plain = "Thi tuyển được thực hiện theo 02 vòng: vòng 1 thi trắc nghiệm trên máy vi tính."
    assert not gives_part_away(generator.pools, plain, "Hình thức tuyển dụng công chức cấp xã", others[:1])
    assert cross_reference_only("Cán bộ cấp xã quy định tại khoản 1 Điều 5 Nghị định này.")
    assert cross_reference_only("Người hoạt động không chuyên trách ở cấp xã quy định tại khoản 1 Điều 33 Nghị định này.")
    assert not cross_reference_only("Thời hạn tạm trú tối đa là 02 năm và có thể tiếp tục gia hạn nhiều lần.")


def test_no_year_blank_anyone_reads_off_the_document_date(uploaded: Library, library: Library, items: list[QuizItem]) -> None:
    doc_years = {d.id: int(d.date[:4]) for d in uploaded.documents() if d.date}
    for item in items:
        if item.type == "fill_blank" and item.answer.isdigit() and len(item.answer) == 4:
            assert int(item.answer) != doc_years.get(item.doc_id), item.id
    # "kỷ niệm 50 năm …" next to its year is arithmetic, not knowledge: neither the 50 years nor
    # the year they name ("Đến năm 2025, kỷ niệm 50 năm giải phóng hoàn toàn miền Nam").
    generator = generator_for(library)
    sentence = next(s for s in generator.sentences if "kỷ niệm 50 năm" in s.text)
    blanks = [s.text for s in blankable(generator.context, sentence)]
    assert "50 năm" not in blanks and "2025" in sentence.text and "2025" not in blanks


def test_true_false_count_is_the_same_whatever_the_seed(uploaded: Library) -> None:
    # The served app draws a new seed per request: before, 9 statements asked of these documents
    # gave 9, 6, 6 and 8 for seeds 0–3 (true statements beyond the false ones were dropped).
    generator = generator_for(uploaded)
    results = [generator.generate(Request(n=9, seed=seed, types=("true_false",))).items for seed in range(4)]
    assert [len(items) for items in results] == [9] * 4
    for items in results:
        answers = [i.answer for i in items]
        assert abs(answers.count(TRUE) - answers.count(FALSE)) <= 1, answers


def test_made_up_time_limits_are_periods_documents_set() -> None:
    # "trong thời hạn 10 ngày": 11 or 12 ngày next to it read as invented, 7 or 15 do not.
    made = made_up_numbers(Span(0, 7, "10 ngày", "number", "ngày"))
    assert len(made) >= 3 and all(int(m.split()[0]) in USUAL_PERIODS["ngày"] for m in made)
    # An unusual limit keeps neighbours a round step away.
    assert "11 ngày" not in made and "12 ngày" in made_up_numbers(Span(0, 7, "11 ngày", "number", "ngày"))
