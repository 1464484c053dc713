"""The app's HTML: accent-insensitive highlights, the best sentence, and no markup from documents."""

from __future__ import annotations

import html
import re
from pathlib import Path

from app.render import (
    document_html,
    empty_results,
    highlight,
    match_spans,
    outline_html,
    result_card,
    results_html,
    section_label,
    summary_line,
)
from corpus.cite import citation
from corpus.normalize import fold
from corpus.read import read_file
from corpus.segment import segment
from index.highlight import QueryTerms, matched_phrases
from index.records import DocumentInfo, PassageRecord
from tests.corpus.docs import CITY_PLAN, DECISION, DECREE, PARTY_RULE

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "data" / "default"
PLAN = (CORPUS / "kh-230-tu-2023-chuyende2.txt").read_text(encoding="utf-8")


def _paragraph(containing: str) -> str:
    return next(p for p in PLAN.split("\n") if containing in p)


def test_highlight_without_diacritics_marks_accented_words(library):
    result = library.search("lay phieu tin nhiem", k=1)[0]
    marked = re.findall(r"<mark>(.*?)</mark>", highlight(result.text, result.matched_terms))
    assert "lấy phiếu tín nhiệm" in marked
    # Every mark is made of the query's syllables ("trách nhiệm" marks "nhiệm": a real match).
    assert all(set(fold(m).split()) <= {"lay", "phieu", "tin", "nhiem"} for m in marked)


def test_typed_diacritics_mark_only_real_matches():
    text = "Đảng Cộng sản Việt Nam lãnh đạo; đến năm 2025 hoàn thành. Nằm trong kế hoạch năm."
    accented = matched_phrases(text, QueryTerms.of(["năm"], folded=False))
    assert accented == ("năm",)
    marked = [text[s:e] for s, e in match_spans(text, accented)]
    assert marked == ["năm", "năm"]
    # Typed without diacritics, "nam" may mean any of them: folding is right there.
    folded = matched_phrases(text, QueryTerms.of(["nam"], folded=True))
    assert set(folded) == {"Nam", "năm", "Nằm"}


def test_highlights_cover_whole_syllables_only():
    assert match_spans("thanh niên an toàn", ["an"]) == [(11, 13)]
    assert match_spans("ở cơ sở, ý kiến", []) == []


def test_best_sentence_is_wrapped_and_marks_stay_inside():
    text = _paragraph("Công tác quản lý, đánh giá cán bộ còn hạn chế")
    best = "Công tác quản lý, đánh giá cán bộ còn hạn chế, vẫn còn cán bộ thiếu tâm huyết"
    sentence_start = text.index("Công tác quản lý")
    sentence = text[sentence_start : text.index(".", sentence_start) + 1]
    assert sentence.startswith(best)
    out = highlight(text, ["cán bộ"], sentence)
    inside = re.search(r'<span class="best"[^>]*>(.*?)</span>', out).group(1)
    assert "<mark>cán bộ</mark>" in inside
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text


def test_a_best_sentence_without_matched_words_is_not_underlined(library):
    # Words no passage of the plan has: a dense-only match has no best sentence to point at.
    result = library.search("tiêm chủng vắc xin", k=1, doc_ids=["kh-230-tu-2023-chuyende2"])[0]
    assert result.best_sentence == "" and not result.matched_terms
    assert 'class="best"' not in highlight(result.text, result.matched_terms, result.best_sentence)
    assert 'class="best"' not in highlight("2. Công chức cấp xã phải có trình độ.", [], "2.")


def test_document_text_cannot_inject_markup():
    evil = 'Nghị quyết <script>alert(1)</script> <img src=x onerror="alert(2)"> “quoted”'
    result = {
        "rank": 1, "key": 'x"><script>#0', "doc_id": "x", "doc_title": '<b>Tiêu đề</b>" onmouseover="x', "doc_number": "1/<i>",
        "section": "I", "headings": ["<u>Mở đầu</u>"], "citation": "<a href=javascript:1>c</a>",
        "text": evil, "score": 0.5, "best_sentence": "", "matched_terms": ["Nghị quyết"],
    }
    out = result_card(result, '" onmouseover="alert(3)', "<i>Kế hoạch</i>", 1.0)
    assert "<script" not in out and "<img" not in out and "<b>" not in out and "<a " not in out and "<i>" not in out
    assert 'onmouseover="' not in out
    assert "&lt;script&gt;" in out


def _result(rank: int, doc_id: str, score: float) -> dict:
    return {
        "rank": rank, "key": f"{doc_id}#{rank}", "doc_id": doc_id, "doc_title": f"Tiêu đề đầy đủ rất dài của {doc_id}",
        "doc_number": "", "section": "I", "headings": [], "citation": "c", "text": "Đoạn văn", "score": score,
        "best_sentence": "", "matched_terms": [],
    }


def test_cards_show_short_names_full_titles_once_and_relative_strength():
    results = [_result(1, "kh", 0.98), _result(2, "nq", 0.49), _result(3, "kh", 0.245)]
    copies = {r["key"]: "x" for r in results}
    names = {"kh": "Kế hoạch 230-KH/TU", "nq": "Văn kiện Đại hội XIII"}
    out = results_html(results, copies, names)
    assert re.findall(r'class="doc-short"[^>]*>([^<]*)<', out) == ["Kế hoạch 230-KH/TU", "Văn kiện Đại hội XIII", "Kế hoạch 230-KH/TU"]
    # The full title once as text (the cards carry it only as a tooltip).
    assert re.sub(r'title="[^"]*"', "", out).count("Tiêu đề đầy đủ rất dài của kh") == 1
    assert re.findall(r'aria-valuenow="(\d+)"', out) == ["100", "50", "25"]
    assert "0,98" not in out and "0.98" not in out
    grouped = results_html(results, copies, names, grouped=True)
    assert grouped.count('class="sotay-group"') == 2
    assert re.sub(r'title="[^"]*"', "", grouped).count("Tiêu đề đầy đủ rất dài của kh") == 1


def test_section_label_and_empty_hints():
    assert section_label("IV.3.1", ["NHIỆM VỤ, GIẢI PHÁP", "Về tổ chức bộ máy"]) == (
        "Mục IV.3.1 — NHIỆM VỤ, GIẢI PHÁP › Về tổ chức bộ máy"
    )
    hints = empty_results("lay phieu tin nhiem", filtered=True)
    assert "Bỏ bớt bộ lọc" in hints and "không dấu" in hints
    assert "Bỏ bớt bộ lọc" not in empty_results("lấy phiếu", filtered=False)


def _read(path: Path) -> tuple[DocumentInfo, list[PassageRecord]]:
    """A real-shaped document as the library stores it (read, segmented and cited; no model)."""
    doc = read_file(path)[0]
    records = [PassageRecord.of(p, citation(doc, p)) for p in segment(doc)]
    info = DocumentInfo(doc.id, doc.title, doc.number, doc.date, doc.issuer, doc.kind, doc.source, len(records), "")
    return info, records


def _passage(records: list[PassageRecord], starts: str) -> PassageRecord:
    return next(r for r in records if r.text.startswith(starts))


def test_legal_sections_are_named_by_their_units():
    _, records = _read(DECREE)
    point = _passage(records, "a) Bí thư, Phó Bí thư Đảng ủy")
    # Not "Mục Chương II.Mục 1.Điều 5.1": "Mục" is itself a unit of the decree.
    assert section_label(point.section, point.headings, point.text) == (
        "Chương II, Mục 1, Điều 5, khoản 1 — CÁN BỘ, CÔNG CHỨC CẤP XÃ › CHỨC VỤ, CHỨC DANH VÀ SỐ LƯỢNG"
        " › Chức vụ, chức danh › Cán bộ cấp xã có các chức vụ sau đây"
    )
    clause = _passage(records, "1. Cán bộ cấp xã quy định tại khoản 1 Điều 5")
    # The clause's heading is its own first sentence: said once, in the passage.
    assert section_label(clause.section, clause.headings, clause.text) == "Chương I, Điều 2, khoản 1 — QUY ĐỊNH CHUNG › Đối tượng áp dụng"
    # Without the text (a quiz's section picker) the heading stays.
    assert section_label(clause.section, clause.headings).endswith("› Cán bộ cấp xã quy định tại khoản 1 Điều 5 Nghị định này")
    _, rule = _read(PARTY_RULE)
    article = _passage(rule, "Điều 1. Nói, viết, làm trái")
    assert section_label(article.section, article.headings, article.text) == "Điều 1"


def test_legal_outline_stops_at_articles_and_the_reader_says_each_clause_once():
    info, records = _read(DECREE)
    outline = re.findall(r"<a [^>]*>([^<]*)</a>", outline_html(records))
    assert outline[:4] == ["Chương I. QUY ĐỊNH CHUNG", "Điều 1. Phạm vi điều chỉnh", "Điều 2. Đối tượng áp dụng",
                           "Điều 3. Nguyên tắc quản lý cán bộ, công chức cấp xã"]
    assert "Mục 1. CHỨC VỤ, CHỨC DANH VÀ SỐ LƯỢNG" in outline and not any(re.match(r"\d", item) for item in outline)
    reader = document_html(info, records)
    text = html.unescape(re.sub(r"<[^>]+>", "\n", reader))
    assert text.count("Cán bộ cấp xã quy định tại khoản 1 Điều 5 Nghị định này") == 1
    assert "1. Cán bộ cấp xã có các chức vụ sau đây" in text  # a clause's lead-in over its points stays
    assert "Ngày\n\n10/6/2023" in text  # as documents write dates
    # Every outline link has its target, shown heading or not.
    targets = set(re.findall(r'id="([^"]+)"', reader))
    assert set(re.findall(r'href="#([^"]+)"', outline_html(records))) <= targets


def test_the_reader_keeps_the_headings_of_items_and_labelled_parts():
    def text_of(path: Path) -> str:
        return html.unescape(re.sub(r"<[^>]+>", "\n", document_html(*_read(path))))

    plan = text_of(CITY_PLAN)
    # Items with a heading of their own ("a) ...") over bullets: the heading is text of the plan.
    assert "a) Đẩy nhanh tiến độ giải ngân vốn đầu tư công" in plan
    assert plan.index("a) Đẩy nhanh tiến độ") < plan.index("- Các chủ đầu tư phân bổ chi tiết")
    # What follows the signature is an appendix, not more of the last article.
    decision = text_of(DECISION)
    assert decision.index("Phạm vi điều chỉnh") < decision.index("Phụ lục") < decision.index("Biểu mẫu số 01")
    # A heading that is the passage's own first words is said once: a point's, a part's ("I- ...").
    assert text_of(DECREE).count("Bí thư, Phó Bí thư Đảng ủy") == 1
    assert text_of(CORPUS / "nq-dh13-2021.txt").count("Tán thành những nội dung cơ bản về đánh giá kết quả") == 1


def test_the_summary_names_at_most_two_cited_documents() -> None:
    results = [{"doc_id": f"d{i}"} for i in range(4)]
    line = summary_line("Bộ luật Dân sự 2015 quy định gì", results, named=["Điều 16", "Điều 17", "Điều 18"])
    assert "4 đoạn từ 4 tài liệu. Câu hỏi nhắc tới Điều 16, Điều 17 và 1 văn bản khác: các đoạn của các văn bản này" in line
    assert "nhắc tới" not in summary_line("q", results)
