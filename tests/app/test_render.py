"""The app's HTML: accent-insensitive highlights, the best sentence, and no markup from documents."""

from __future__ import annotations

import html
import re
from pathlib import Path

from app.render import empty_results, highlight, match_spans, result_card, section_label

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "data" / "default"
PLAN = (CORPUS / "kh-230-tu-2023-chuyende2.txt").read_text(encoding="utf-8")


def _paragraph(containing: str) -> str:
    return next(p for p in PLAN.split("\n") if containing in p)


def test_highlight_without_diacritics_marks_accented_words():
    text = _paragraph("lấy phiếu tín nhiệm là cơ sở quan trọng")
    out = highlight(text, ["lay phieu"])
    marked = re.findall(r"<mark>(.*?)</mark>", out)
    assert marked and all(m == "lấy phiếu" for m in marked)


def test_highlight_marks_each_case_and_old_tone_style():
    # The plan writes both "khoá" (old tone placement) and "hóa"; folding treats them alike.
    spans = match_spans("Nghị quyết Trung ương 5 khoá X và khóa XIII", ["Khóa"])
    assert len(spans) == 2


def test_one_letter_terms_do_not_light_up_everything():
    assert match_spans("ở cơ sở, ý kiến", ["ở", "ý"]) == []


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


def test_document_text_cannot_inject_markup():
    evil = 'Nghị quyết <script>alert(1)</script> <img src=x onerror="alert(2)"> “quoted”'
    result = {
        "rank": 1, "key": 'x"><script>#0', "doc_id": "x", "doc_title": "<b>Tiêu đề</b>", "doc_number": "1/<i>",
        "section": "I", "headings": ["<u>Mở đầu</u>"], "citation": "<a href=javascript:1>c</a>",
        "text": evil, "score": 0.5, "best_sentence": "", "matched_terms": ["nghi quyet"],
    }
    out = result_card(result, copy_text='" onmouseover="alert(3)')
    assert "<script" not in out and "<img" not in out and "<b>" not in out and "<a " not in out
    assert 'onmouseover="' not in out
    assert "&lt;script&gt;" in out


def test_section_label_and_empty_hints():
    assert section_label("IV.3.1", ["NHIỆM VỤ, GIẢI PHÁP", "Về tổ chức bộ máy"]) == (
        "Mục IV.3.1 — NHIỆM VỤ, GIẢI PHÁP › Về tổ chức bộ máy"
    )
    hints = empty_results("lay phieu tin nhiem", filtered=True)
    assert "Bỏ bớt bộ lọc" in hints and "không dấu" in hints
    assert "Bỏ bớt bộ lọc" not in empty_results("lấy phiếu", filtered=False)
