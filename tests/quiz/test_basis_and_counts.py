"""Short real documents read as a trainer asks them: a decision publishing procedures (how many
procedures each of its lists holds, Điều 1: "danh mục 01 thủ tục hành chính (TTHC) được sửa đổi,
bổ sung và 03 TTHC bãi bỏ"; a row's period or fee set for a case, the case named in the stem, also
when the cell lists its situations, "(đối với các trường hợp: a; b; c)"; the document it takes
effect with) and a customs notice, both by the law they are issued under. Real generator and
validator on tests/data/realdocs, each document asked alone."""

from __future__ import annotations

import pytest
from tests.quiz.quiz_generated import check_enough, each_alone, generator_for, realdocs_library

from index.library import Library
from index.settings import Settings
from quiz.export import FORMATS, render
from quiz.generate import Generated
from quiz.questions.law import basis
from quiz.questions.procedure import facts
from quiz.questions.proposer import proposer
from quiz.questions.published import counts

BIDDING, NOTICE, NOTARY, FARMING = "1486-qd-ubnd", "39305-tb-chq", "2637-qd-ubnd", "3769-qd-ubnd"
# The library of tests/quiz/test_trainer_items.py, shared with it.
DOCS = ("54-2025-tt-bct", NOTICE, BIDDING, NOTARY,
        FARMING, "5680-ct-cs", "11306-vpcp-nn", "80-2025-qd-ubnd")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    return realdocs_library(tmp_path_factory.mktemp("trainer"), settings, embedder, DOCS)


@pytest.fixture(scope="module")
def per_doc(library: Library) -> dict[str, Generated]:
    return each_alone(library, (BIDDING, NOTICE, NOTARY, FARMING))


@pytest.fixture(scope="module")
def bidding(per_doc: dict[str, Generated]) -> Generated:
    return per_doc[BIDDING]


def test_each_list_of_a_publishing_article_is_counted() -> None:
    sentence = ("Công bố kèm theo Quyết định này danh mục 01 thủ tục hành chính (TTHC) được sửa đổi, bổ sung và 03 "
                "TTHC bãi bỏ trong lĩnh vực đấu thầu thuộc phạm vi, chức năng quản lý của Sở Tài chính tỉnh Bắc Ninh.")
    assert [(m["n"], what) for m, what in counts(sentence)] == [
        ("01", "thủ tục hành chính trong lĩnh vực đấu thầu được sửa đổi, bổ sung"),
        ("03", "thủ tục hành chính trong lĩnh vực đấu thầu bị bãi bỏ"),
    ]
    # A count of several fields together is asked of all of them: "… trong lĩnh vực Công chứng" was
    # the question, 13 its key, 4 the right answer.
    several = ("Công bố kèm theo Quyết định này Danh mục 13 thủ tục hành chính được sửa đổi, bổ sung trong các lĩnh vực "
               "Công chứng, Trợ giúp pháp lý, Hộ tịch, Chứng thực thuộc phạm vi chức năng quản lý của Sở Tư pháp.")
    assert [(m["n"], what) for m, what in counts(several)] == [
        ("13", "thủ tục hành chính trong các lĩnh vực Công chứng, Trợ giúp pháp lý, Hộ tịch, Chứng thực được sửa đổi, bổ sung"),
    ]
    # Written in figures and words, a count is ``spelled``'s; a sentence that publishes nothing
    # counts nothing.
    assert counts("Công bố kèm theo Quyết định này danh mục 12 (mười hai) thủ tục hành chính được sửa đổi, bổ sung.") == []
    assert counts("Sở Tư pháp rà soát 03 thủ tục hành chính được sửa đổi, bổ sung.") == []


def test_a_fee_and_a_period_set_per_case_are_asked_with_their_case() -> None:
    row = ("Tên TTHC: Cấp chứng chỉ; Thời hạn giải quyết: Trong thời hạn 15 (mười lăm) ngày làm việc kể từ ngày ban "
           "hành quyết định (đối với cá nhân đạt kỳ thi), 07 (bảy) ngày làm việc kể từ ngày ban hành quyết định "
           "(đối với các trường hợp: chứng chỉ đã được cấp còn thời hạn nhưng do thay đổi thông tin trên chứng chỉ; "
           "cá nhân đăng ký trong thời hạn tối thiểu 15 ngày trước ngày chứng chỉ hết hiệu lực; chứng chỉ bị mất "
           "hoặc hư hỏng); Phí, lệ phí: 0 đồng đối với cá nhân đạt kỳ thi; 100.000 đồng đối với các trường hợp còn lại")
    found = {(f.column.kind, f.key): f for f in facts(row)}
    assert set(found) == {("period", "15"), ("period", "07"), ("fee", "0")}
    assert found[("period", "15")].case == "đối với cá nhân đạt kỳ thi"
    # The shortest situation stating no number ("15 ngày" would read as an option).
    assert found[("period", "07")].case == "đối với trường hợp chứng chỉ bị mất hoặc hư hỏng"
    assert found[("period", "07")].others == ("15",)
    assert found[("fee", "0")].case == "đối với cá nhân đạt kỳ thi"
    # Each source runs from the procedure's name to the end of its case and reads back its key (the
    # first period's case is no longer needed once the later ones are left out).
    for fact in found.values():
        assert fact.run.startswith("Tên TTHC: Cấp chứng chỉ")
        assert any(f.key == fact.key and f.case in ("", fact.case) for f in facts(fact.run))


def test_the_decision_gives_more_items_each_passing(library: Library, bidding: Generated) -> None:
    # Before: 9 of the 20 asked (in a library of all real documents; 9 in this one too).
    check_enough(library, {BIDDING: bidding}, {BIDDING: 13})
    published = {i.answer: i for i in bidding.items if i.type == "published"}
    assert "01" in published, [i.stem for i in bidding.items]
    assert published["01"].stem.endswith("có bao nhiêu thủ tục hành chính trong lĩnh vực đấu thầu được sửa đổi, bổ sung?")
    assert list(published["01"].options) == sorted(published["01"].options, key=int)
    fees = [i for i in bidding.items if i.type == "procedure" and "mức phí" in i.stem]
    # Each fee with its case: the later one, set for a list of cases, with the shortest of them.
    cases = {"0": "đối với cá nhân đạt kỳ thi nghiệp vụ chuyên môn về đấu thầu, mức phí",
             "100.000": "bị mất hoặc hư hỏng, mức phí"}
    for item in fees:
        assert cases[item.answer] in item.stem, item.stem


def test_a_law_is_read_by_its_name() -> None:
    assert basis("Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16/6/2025;") == (
        "Luật Tổ chức chính quyền địa phương")
    assert basis("Căn cứ Luật Cán bộ, công chức ngày 24 tháng 6 năm 2025;") == "Luật Cán bộ, công chức"
    assert basis("Căn cứ Luật Thủy sản năm 2017;") == "Luật Thủy sản"
    # An amending law names no law of its own; a decree is ``cited``'s.
    assert basis("Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ;") == ""
    assert basis("Căn cứ Nghị định số 08/2015/NĐ-CP ngày 21/01/2015 của Chính phủ quy định chi tiết …") == ""


def test_each_document_is_asked_the_law_it_rests_on_among_laws_it_never_names(
        library: Library, per_doc: dict[str, Generated]) -> None:
    for doc in (BIDDING, NOTARY):
        [item] = [i for i in per_doc[doc].items if i.type == "law"]
        assert item.answer == "Luật Tổ chức chính quyền địa phương"
        assert item.stem.endswith("được ban hành căn cứ luật nào sau đây?")
        text = " ".join(library.document_text(doc).split()).lower()
        others = [o for o in item.options if o != item.answer]
        assert len(others) == 3 and all(o.startswith("Luật ") and o.lower() not in text for o in others), item.options
    # The customs notice rests on "Luật Hải quan"; a cited decree "… quy định chi tiết và biện
    # pháp thi hành Luật Hải quan …" keyed beside it tells it, so then it is not asked.
    notice = per_doc[NOTICE].items
    told = any("Luật Hải quan" in i.answer for i in notice if i.type != "law")
    assert [i.answer for i in notice if i.type == "law"] == ([] if told else ["Luật Hải quan"])


def test_a_decision_taking_effect_with_another_is_asked_which(per_doc: dict[str, Generated]) -> None:
    [item] = [i for i in per_doc[BIDDING].items if i.type == "effective"]
    assert item.stem == "Quyết định số 1486/QĐ-UBND có hiệu lực theo văn bản nào?"
    assert item.answer == "Quyết định số 3740/QĐ-BTC"
    # The decisions whose procedures it amends, named by their numbers alone in its text, are of
    # the key's kind: the key is not the only Quyết định.
    assert {"Quyết định số 761/QĐ-UBND", "Quyết định số 810/QĐ-UBND"} <= set(item.options), item.options
    assert "Quyết định số 1486/QĐ-UBND" not in item.options


def test_a_proposer_is_read_with_its_post_and_without_its_province() -> None:
    assert proposer("Theo đề nghị của Giám đốc Sở Tài chính tỉnh Bắc Ninh tại Tờ trình số 287/TTr-STC ngày 11/11/2025.") == (
        "Giám đốc", "Sở Tài chính")
    assert proposer("Theo đề nghị của Giám đốc Sở Nông nghiệp và Môi trường tại Tờ trình số 10720/TTr-SNNMT-VP") == (
        "Giám đốc", "Sở Nông nghiệp và Môi trường")
    assert proposer("Theo đề nghị của Bộ trưởng Bộ Nội vụ;") == ("Bộ trưởng", "Bộ Nội vụ")
    # Two proposers name no one.
    assert proposer("Theo đề nghị của Giám đốc Sở Nội vụ và Giám đốc Sở Tài chính.") is None


def _proposer_candidates(library: Library, doc: str) -> list:
    generator = generator_for(library)
    return generator.candidates("proposer", [s for s in generator.sentences if s.passage.doc_id == doc], 1)


def test_a_decision_is_asked_whose_proposal_it_was_issued_on(library: Library, per_doc: dict[str, Generated]) -> None:
    [item] = _proposer_candidates(library, FARMING)
    assert generator_for(library).validator.check(item) == []
    assert item.stem == "Quyết định số 3769/QĐ-UBND được ban hành theo đề nghị của ai?"
    assert item.answer == "Giám đốc Sở Nông nghiệp và Môi trường"
    assert all(o.startswith("Giám đốc Sở ") and "tỉnh" not in o for o in item.options), item.options
    # Where another item names the body (its subject "… lĩnh vực Nông nghiệp và Môi trường …";
    # "Giám đốc Sở Tư pháp chủ trì, phối hợp …" blanked for its deadline; a subject "… của Sở Tài
    # chính tỉnh Bắc Ninh"), whose proposal it was is given away, so it is not asked.
    for doc, body in ((FARMING, "Nông nghiệp và Môi trường"), (NOTARY, "Sở Tư pháp"), (BIDDING, "Sở Tài chính")):
        items = per_doc[doc].items
        assert any(body in i.stem or body in i.answer for i in items), doc
        assert not [i for i in items if i.type == "proposer"], doc


def test_the_new_readings_export_to_every_format(library: Library, per_doc: dict[str, Generated]) -> None:
    kinds = ("published", "law", "effective", "procedure")
    items = [i for r in per_doc.values() for i in r.items if i.type in kinds] + _proposer_candidates(library, FARMING)
    assert {*kinds, "proposer"} <= {i.type for i in items}
    for fmt in FORMATS:
        data = render(items, fmt)
        assert data, fmt
        if fmt in ("json", "csv", "aiken"):
            body = data.decode("utf-8")
            assert all(i.answer in body for i in items), fmt


def test_a_clause_cut_from_a_table_row_is_asked_with_the_rows_name() -> None:
    """A procedure's row, too long to quote, is cut at its semicolons: "trường hợp cần xác minh thì
    không quá 03 ngày làm việc" was asked with no word of which procedure it sets."""
    from pathlib import Path

    from corpus.cite import citation
    from corpus.read import read_file
    from corpus.segment import segment
    from index.records import PassageRecord
    from quiz.questions.base import _row_of
    from quiz.sentences import split_passage

    (doc,) = read_file(Path(__file__).parents[1] / "data" / "shaped" / "2154-qd-ubnd.md")
    rows = [PassageRecord.of(p, citation(doc, p)) for p in segment(doc) if "Lĩnh vực Trợ giúp pháp lý —" in p.text]
    clauses = {s.text: _row_of(s) for row in rows for s in split_passage(row)}
    assert clauses["trường hợp cần xác minh thì không quá 03 ngày làm việc"] == "Giải quyết yêu cầu trợ giúp pháp lý"
    # The clause holding the name is asked as it is.
    assert not any(name for text, name in clauses.items() if "Giải quyết yêu cầu trợ giúp pháp lý" in text)


def test_a_consolidated_texts_notes_are_not_asked() -> None:
    """A note quotes the amending text's own article ("… tại Thông tư này áp dụng từ năm ngân sách
    2024"): asked "Theo Văn bản hợp nhất số 38/VBHN-BTC", its "này" named the wrong text."""
    from pathlib import Path

    from corpus.cite import citation
    from corpus.read import read_file
    from corpus.segment import segment
    from index.records import PassageRecord
    from quiz.source import askable_passage

    (doc,) = read_file(Path(__file__).parents[1] / "data" / "shaped" / "38-vbhn-btc.md")
    records = [PassageRecord.of(p, citation(doc, p)) for p in segment(doc)]
    notes = [r for r in records if r.section == "chú thích"]
    assert len(notes) == 16 and not any(askable_passage(r, True) for r in notes)
    assert sum(askable_passage(r, True) for r in records) == len(records) - 16 - 4  # the opening's four
