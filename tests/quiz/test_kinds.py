"""The question kinds a trainer asks of real documents (who is responsible, by when, what a term
means, which threshold, what a document is about and when it was issued), on law-portal pages
kept as found (tests/data/realdocs, copied from the project's shared real documents), with the
real model; and the registry that holds one module per kind."""

from __future__ import annotations

import ast
import dataclasses
import re
from html import escape
from pathlib import Path

import pytest
from tests.quiz.quiz_generated import each_alone, generator_for, realdocs_library

from index.library import Library
from index.settings import Settings
from quiz.export import FORMATS, render
from quiz.generate import Generated, Request
from quiz.items import ITEM_TYPES
from quiz.questions.base import group_of
from quiz.questions.deadline import limits
from quiz.questions.fill_blank import blankable
from quiz.questions.registry import KINDS
from quiz.questions.responsible import body_heading
from quiz.questions.threshold import thresholds
from quiz.sentences import _trim
from quiz.source import debris

ROOT = Path(__file__).resolve().parent.parent.parent
REALDOCS = ROOT / "tests" / "data" / "realdocs"
# A provincial plan whose "Tổ chức thực hiện" names a body per part, and a Party Quy định that
# assigns tasks to bodies in its sentences ("Văn phòng Trung ương Đảng hướng dẫn …").
PLAN, RULES = "0134-kh-ubnd", "383-qd-tw"
# The same library as tests/quiz/test_usable.py, so both share its items.
SHARED_DOCS = (PLAN, RULES, "80-2025-qd-ubnd", "1486-qd-ubnd")
NEW_KINDS = ("responsible", "deadline", "definition", "threshold", "subject", "issued", "procedure")
_DEBRIS = re.compile(r"[*|#]|“\s*”")


@pytest.fixture(scope="module")
def realdocs(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    return realdocs_library(tmp_path_factory.mktemp("realdocs"), settings, embedder, SHARED_DOCS)


@pytest.fixture(scope="module")
def per_doc(realdocs: Library) -> dict[str, Generated]:
    return each_alone(realdocs, (PLAN, RULES))


def test_every_kind_has_its_module_its_check_and_its_reason() -> None:
    assert list(KINDS) == list(ITEM_TYPES)
    assert set(NEW_KINDS) <= set(KINDS)
    assert all(kind.missing for kind in KINDS.values())


def test_quiz_modules_import_each_other_without_a_cycle() -> None:
    graph: dict[str, set[str]] = {}
    for path in [*(ROOT / "quiz").glob("*.py"), *(ROOT / "quiz" / "questions").glob("*.py")]:
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # Module-level imports only: a cycle there breaks importing.
        graph[name] = {n.module for n in tree.body if isinstance(n, ast.ImportFrom) and n.module and n.module.startswith("quiz")}
    seen: dict[str, int] = {}

    def visit(node: str, path: tuple[str, ...]) -> None:
        assert node not in path, " → ".join((*path, node))
        if seen.get(node):
            return
        for child in graph.get(node, ()):
            visit(child, (*path, node))
        seen[node] = 1

    for module in graph:
        visit(module, ())


def test_time_limits_and_thresholds_are_read_with_their_units() -> None:
    found = limits("Thông báo công khai trong vòng 24 giờ kể từ khi nhận; hoàn thành trong tháng 11/2025 và trước ngày 30/6/2025.")
    assert [(s.text, how) for s, how in found] == [("24 giờ", "period"), ("11/2025", "date"), ("30/6/2025", "date")]
    assert [s.text for s in thresholds("Hội nghị hợp lệ khi có ít nhất hai phần ba tổng số ủy viên, mỗi tổ không quá 03 người.")] == [
        "hai phần ba", "03 người",
    ]
    # A worked example's numbers are not the rule.
    assert thresholds("Ví dụ: tỉnh A có không quá 45 ủy viên.") == []


def test_layout_debris_is_never_shown() -> None:
    assert debris("lực lượng vũ t rang nhân dân") and debris("KHÔNG thuộc “”") and debris("** THƯ VIỆN PHÁP LUẬT**")
    assert not debris("theo điểm b khoản 2 Điều 5") and not debris("Tỉ lệ hộ nghèo giảm 1,5%")
    # A word no Vietnamese syllable spells (a typo of the source), not a name of a place.
    assert debris("nâg cao hiệu quả công tác tuyên truyền") and not debris("tỉnh Đắk Lắk, Đăk Glong")
    assert not debris("động cơ đốt trong dạng pít - tông RICE (Reciprocating Internal Combustion Engine)")
    text = "**1.** Bộ Chính trị, Ban Bí thư cơ bản nhất trí."
    start, end = _trim(text, 0, len(text))
    assert text[start:end] == "Bộ Chính trị, Ban Bí thư cơ bản nhất trí."


def test_a_long_real_document_gives_the_items_asked(per_doc: dict[str, Generated]) -> None:
    # Asked 20 of each alone: the Quy định gives 20; the plan 16 (its appendix tables are not
    # asked, its body-named parts are asked as "who", not as options of "which part", and 23 of
    # its candidates find no distractors of their kind).
    for doc, result in per_doc.items():
        assert len(result.items) >= 16, (doc, result.rejected)
        # An item on the whole document (its date, issuer, subject) asks none of its sentences.
        asked = [i for i in result.items if not KINDS[i.type].of_document]
        assert len({i.source_text for i in asked}) == len(asked), doc
    assert len(per_doc[RULES].items) == 20


def test_no_item_shows_layout_debris(per_doc: dict[str, Generated]) -> None:
    for result in per_doc.values():
        for item in result.items:
            for text in (item.stem, item.explanation, item.citation, *item.options):
                assert not _DEBRIS.search(text), (item.id, text)


def test_responsible_items_name_the_body_the_document_gives_the_task(realdocs: Library, per_doc: dict[str, Generated]) -> None:
    items = [i for r in per_doc.values() for i in r.items if i.type == "responsible"]
    assert {i.doc_id for i in items} == {PLAN, RULES}
    validator = generator_for(realdocs).validator
    for item in items:
        passage = realdocs.passage(item.passage_key)
        own = body_heading(group_of(passage)[-1]) if group_of(passage) else ""
        assert item.answer == own or item.answer in item.source_text, item.id
        # Options are bodies, none of them named in the task itself.
        assert all(o.split()[0][0].isupper() for o in item.options), item.options
        wrong = next(o for o in item.options if o != item.answer)
        assert "answer_not_in_source" in validator.check(dataclasses.replace(item, answer=wrong)), item.id


def test_a_plan_lists_who_does_what(per_doc: dict[str, Generated]) -> None:
    by_part = [i for i in per_doc[PLAN].items if i.type == "responsible" and "được giao nhiệm vụ sau" in i.stem]
    assert by_part
    for item in by_part:
        # The plan's four parts named after bodies (IV.1–IV.4; "Các cơ sở sản xuất giống, NTTS
        # thương phẩm" is read as a body too).
        assert set(item.options) <= {"Sở Nông nghiệp và Môi trường", "Sở Tài chính", "UBND các xã/phường",
                                     "Các cơ sở sản xuất giống, NTTS thương phẩm"}


def test_threshold_and_deadline_items_keep_the_unit_in_every_option(realdocs: Library) -> None:
    result = generator_for(realdocs).generate(Request(n=10, seed=1, types=("threshold", "deadline")))
    assert result.items
    for item in result.items:
        unit = item.answer.split()[-1] if " " in item.answer else "%" if item.answer.endswith("%") else ""
        assert all(o.endswith(unit) for o in item.options), item.options
        assert len(set(item.options)) == 4


def test_kinds_a_document_lacks_are_explained_in_a_trainers_words(per_doc: dict[str, Generated]) -> None:
    missing = per_doc[RULES].missing_kinds(ITEM_TYPES)
    assert any(line.startswith("Giải thích từ ngữ: tài liệu không có") for line in missing), missing
    assert not any(line.startswith("Cơ quan, chức danh phụ trách") for line in missing)


def test_numbers_of_a_worked_example_are_not_asked(fresh_library: Library, tmp_path: Path) -> None:
    text = (
        "QUY ĐỊNH\nVề số lượng ủy viên\n"
        "Điều 1. Số lượng\n1. Số lượng ủy viên ban thường vụ không quá 15 người, do cấp ủy quyết định trong từng nhiệm kỳ.\n"
        "2. Cách tính số lượng theo quy mô đảng bộ được hướng dẫn riêng. Ví dụ: tỉnh A có 45 ủy viên thì ban thường vụ có 13 người.\n"
    )
    (tmp_path / "vi-du.txt").write_text(text, encoding="utf-8")
    fresh_library.add_paths([tmp_path / "vi-du.txt"])
    context = generator_for(fresh_library).context
    example = next(s for s in context.sentences if "tỉnh A" in s.text)
    rule = next(s for s in context.sentences if "không quá 15 người" in s.text)
    assert not [s for s in blankable(context, example) if s.kind in ("number", "year")]
    assert [s.text for s in thresholds(rule.text)] == ["15 người"]


def test_new_kinds_export_to_every_format(per_doc: dict[str, Generated]) -> None:
    items = [i for r in per_doc.values() for i in r.items if i.type in NEW_KINDS]
    assert {"responsible", "issued"} <= {i.type for i in items}
    for fmt in FORMATS:
        data = render(items, fmt)
        assert data, fmt
        if fmt in ("json", "csv", "gift", "moodle-xml", "aiken"):
            body = data.decode("utf-8")
            assert all(escape(i.answer, quote=False) in body or i.answer in body for i in items), fmt


def test_a_worked_example_is_asked_as_a_scenario(fresh_library: Library, tmp_path: Path) -> None:
    text = (
        "QUY ĐỊNH\nVề số lượng ủy viên ban thường vụ\n"
        "Điều 1. Số lượng ủy viên ban thường vụ\n"
        "1. Số lượng ủy viên ban thường vụ không quá một phần ba tổng số cấp ủy viên, do cấp ủy quyết định trong từng nhiệm kỳ.\n"
        "2. Khi tính số lượng, phần lẻ được làm tròn xuống theo quy mô của đảng bộ. "
        "Ví dụ: đảng bộ tỉnh A có 47 cấp ủy viên thì ban thường vụ có không quá 15 người.\n"
    )
    (tmp_path / "vi-du.txt").write_text(text, encoding="utf-8")
    fresh_library.add_paths([tmp_path / "vi-du.txt"])
    generator = generator_for(fresh_library)
    result = generator.generate(Request(n=10, seed=1, types=("scenario", "threshold")))
    scenario = [i for i in result.items if i.type == "scenario"]
    assert len(scenario) == 1, result.rejected
    item = scenario[0]
    # The given figure stays, the result is asked, with options of its unit.
    assert item.answer == "15 người" and "47 cấp ủy viên" in item.stem and "____" in item.stem
    assert "Ví dụ" not in item.stem and all(o.endswith(" người") for o in item.options) and len(set(item.options)) == 4
    wrong = next(o for o in item.options if o != item.answer)
    assert "answer_not_in_source" in generator.validator.check(dataclasses.replace(item, answer=wrong))
    # The example's numbers are never asked as the rule; the rule's threshold is.
    assert [i.answer for i in result.items if i.type == "threshold"] == ["một phần ba"]


def test_a_glossary_article_gives_definitions_both_ways(realdocs: Library) -> None:
    # 80/2025/QĐ-UBND: "Điều 3. Giải thích từ ngữ", one entry ending on the decree it comes from.
    request = Request(n=10, seed=1, doc_ids=("80-2025-qd-ubnd",), types=("definition",))
    result = generator_for(realdocs).generate(request)
    stems = [i.stem for i in result.items]
    # "Kênh cung cấp thông tin" is not asked: of the other three meanings, one opens on the term
    # itself ("Kênh cung cấp thông tin chính thức, … trên môi trường mạng", the portal's), which
    # describes a kind of channel and reads as right too (tests/quiz/test_usable.py).
    assert len(result.items) >= 2, result.rejected
    assert any(s.endswith("được hiểu là gì?") for s in stems), stems
    assert any("thuật ngữ nào được hiểu là" in s for s in stems), stems
    for item in result.items:
        assert "Nghị định số 42/2022" not in item.answer and "Điều 3 (Giải thích từ ngữ)" in item.citation
        # A meaning opening on the term's own words would give itself away.
        assert not item.answer.startswith("Người quản trị vận hành về"), item.options


def test_a_merger_asks_the_new_units_name(fresh_library: Library) -> None:
    # 1655/NQ-UBTVQH15: 64 numbered mergers "… thành xã mới có tên gọi là xã …".
    fresh_library.add_paths([REALDOCS / "1655-nq-ubtvqh15.md"])
    generator = generator_for(fresh_library)
    result = generator.generate(Request(n=20, seed=1, doc_ids=("1655-nq-ubtvqh15",)))
    # 19 where fewer merged names pass the checks: who issued it is not asked, "NQ-UBTVQH15" in
    # every stem names the issuer (tests/quiz/test_mix.py).
    assert len(result.items) >= 19, result.rejected
    merged = [i for i in result.items if i.type == "merged"]
    assert len(merged) >= 10
    for item in merged:
        assert item.stem.endswith("có tên gọi là ____.”") and item.source_text.endswith(f"có tên gọi là {item.answer}.")
        unit = item.answer.split()[0]
        assert all(o.split()[0] == unit for o in item.options) and len(set(item.options)) == 4
        # A key the stem shows is one of the merged units it names, never the only one shown.
        shown = [o for o in item.options if o in item.stem]
        assert item.answer not in shown or len(shown) >= 2, item.options


def test_a_procedure_card_asks_its_time_limit_and_fee(
    tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder  # noqa: ANN001
) -> None:
    # 2637/QĐ-UBND publishes its procedures as appendix table rows ("Tên thủ tục hành chính: …;
    # Thời hạn giải quyết: Không quá 02 (hai) ngày làm việc …; Phí, lệ phí: Phí: 50.000 đồng/…").
    library = realdocs_library(tmp_path_factory.mktemp("rows"), settings, embedder, ("2637-qd-ubnd",))
    result = generator_for(library).generate(Request(n=20, seed=1, doc_ids=("2637-qd-ubnd",), types=("procedure",)))
    items = result.items
    assert len(items) >= 4, result.rejected
    asked = {i.stem.rsplit("”", 1)[-1] for i in items}
    assert " được giải quyết trong thời hạn bao nhiêu ngày làm việc?" in asked, asked
    assert any(a.startswith(" là bao nhiêu đồng/") for a in asked), asked
    text = library.document_text("2637-qd-ubnd")
    for item in items:
        assert ", dòng " in item.citation, item.citation
        if item.source_text.startswith("Tên thủ tục hành chính: "):
            name = item.source_text.split(": ", 1)[1].split(";", 1)[0]
        else:
            # A cell of a row's continuation passage (asked to complete the quiz): the last
            # procedure named before that passage is the one the stem names.
            name = re.search(r"thủ tục “(.+)”", item.stem)[1]
            before = text[: library.passage(item.passage_key).start]
            assert before.rsplit("Tên thủ tục hành chính: ", 1)[1].startswith(f"{name};")
        assert f"thủ tục “{name}”" in item.stem and item.answer not in item.stem
        # The row gives the key in the unit the stem asks; options are bare numbers of that unit
        # ("02 ngày làm việc" and "03 ngày làm việc" read alike), each of its own first digit.
        unit = item.stem.rsplit("bao nhiêu ", 1)[1].rstrip("?").replace("đồng", "")
        assert re.search(rf"{re.escape(item.answer)}(?: \([^)]*\))? ?(?:đồng)?{re.escape(unit)}", item.source_text), item.source_text
        assert len({o.lstrip("0.")[0] for o in item.options}) == 4 and all(re.fullmatch(r"[\d.]+", o) for o in item.options), item.options
        assert not _DEBRIS.search(item.stem + "".join(item.options))
