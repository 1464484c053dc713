"""Segmentation, metadata and citations on real-shaped documents the project was not tuned on
(tests/data/docs): a hard-wrapped law, a decree from a PDF, a Party Quy định and a city Kế hoạch
with a letterhead table, the last also as a .docx."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from corpus.cite import citation, quote_citation
from corpus.document import Document, Passage
from corpus.metadata import long_name, short_name
from corpus.read import read_file
from corpus.reflow import unwrap
from corpus.segment import segment
from tests.corpus.docs import CITY_PLAN, DECISION, DECREE, LAW, PARTY_RULE, build_docx, build_pdf

# Frame lines that must never be a passage (nor part of one).
FRAME = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số:",
    "Nơi nhận",
    "Lưu",
    "TM.",
    "T/M",
    "THỦ TƯỚNG",
    "CHỦ TỊCH",
    "TỔNG BÍ THƯ",
    "Phạm Minh Chính",
    "Nguyễn Phú Trọng",
    "Nguyễn Thị Kim Ngân",
    "Võ Tấn Đức",
    "Hồ Kỳ Minh",
)


@functools.cache  # each document read and cut once for the module; tests only look
def _read(path: Path) -> tuple[Document, list[Passage]]:
    (doc,) = read_file(path)
    return doc, segment(doc)


def _find(passages: list[Passage], phrase: str) -> Passage:
    found = [p for p in passages if phrase in " ".join(p.text.split())]
    assert len(found) == 1, f"{phrase!r} in {len(found)} passages"
    return found[0]


def _check_frame(passages: list[Passage], sections: str, opening: tuple[str, str]) -> None:
    """No frame line in any passage; every passage under a numbered section matching
    ``sections`` or in the opening/closing part; the first passage is the opening part (the
    legal basis or the plan's preamble) and starts and ends with ``opening``."""
    for passage in passages:
        for mark in FRAME:
            assert mark not in passage.text, f"{mark!r} in passage {passage.section!r}: {passage.text[:80]!r}"
        assert passage.section in {"", "phần kết"} or re.match(sections, passage.section), passage.section
    first = passages[0]
    assert (first.section, first.headings) == ("", ())
    assert first.text.startswith(opening[0]) and first.text.endswith(opening[1])


# --- the law: hard-wrapped at 80 characters, as a PDF text layer gives it ---------------------


def test_law_metadata() -> None:
    doc, _ = _read(LAW)
    assert (doc.kind, doc.number, doc.date, doc.title) == ("luật", "68/2020/QH14", "2020-11-13", "Luật Cư trú")
    assert doc.issuer == "Quốc hội"
    assert short_name(doc) == "Luật Cư trú"
    assert long_name(doc) == "Luật Cư trú số 68/2020/QH14 ngày 13/11/2020"


def test_law_wrapped_lines_are_rejoined() -> None:
    doc, passages = _read(LAW)
    assert "thuộc quyền sở hữu hoặc quyền sử dụng của công dân" in doc.text  # cut after "hoặc"
    lodging = _find(passages, "Chỗ ở hợp pháp là nơi được sử dụng để sinh sống")
    assert "\n" not in lodging.text and lodging.text.endswith("theo quy định của pháp luật.")
    assert lodging.section == "Chương I.Điều 2.1"
    # "... tại khoản 2" / "Điều 20 của Luật này.": a reference at the start of a line, no article.
    inner_city = _find(passages, "Việc đăng ký thường trú vào nội thành")
    assert inner_city.text.endswith("khoản 2 Điều 20 của Luật này.")
    assert inner_city.section == "Chương IV.Điều 17.3"
    assert not any("Điều 20" in p.section for p in passages)


def test_law_headings_over_several_lines() -> None:
    _, passages = _read(LAW)
    spouse = _find(passages, "Vợ về ở với chồng")
    assert spouse.section == "Chương IV.Điều 17.1.a)"
    # "Chương IV" / "ĐĂNG KÝ THƯỜNG TRÚ" and "Điều 17." / its title are single headings.
    assert spouse.headings[:2] == (
        "ĐĂNG KÝ THƯỜNG TRÚ",
        "Điều kiện đăng ký thường trú tại chỗ ở hợp pháp do thuê, mượn, ở nhờ",
    )
    forbidden = _find(passages, "Cản trở công dân thực hiện quyền tự do cư trú")
    assert forbidden.headings[1] == (
        "Các hành vi bị nghiêm cấm về cư trú trong việc đăng ký, quản lý cư trú và khai thác thông tin về cư trú"
    )
    assert _find(passages, "Trong thời hạn 07 ngày làm việc").section == "Chương IV.Điều 18"


def test_law_every_article_is_a_section() -> None:
    doc, passages = _read(LAW)
    articles = set(re.findall(r"^Điều (\d+)\.", doc.text, flags=re.MULTILINE))
    sections = {m.group(1) for p in passages if (m := re.search(r"Điều (\d+)", p.section))}
    assert sections == articles


def test_law_frame_is_not_a_section() -> None:
    _, passages = _read(LAW)
    _check_frame(passages, r"Chương [IVX]+\.Điều \d+", ("Căn cứ Hiến pháp", "Quốc hội ban hành Luật Cư trú."))
    # The closing formula is not filed under the last article.
    closing = passages[-1]
    assert closing.text.startswith("Luật này được Quốc hội") and closing.section == "phần kết"
    assert _find(passages, "Sổ hộ khẩu, Sổ tạm trú").section == "Chương VI.Điều 38.3"


def test_law_citations() -> None:
    doc, passages = _read(LAW)
    rental = _find(passages, "Được chủ sở hữu chỗ ở hợp pháp đồng ý")
    assert citation(doc, rental).startswith("Luật Cư trú, Chương IV, Điều 17 (Điều kiện đăng ký thường trú")
    assert citation(doc, rental).endswith(", khoản 2, điểm a")
    assert quote_citation(doc, rental) == "(Luật Cư trú số 68/2020/QH14 ngày 13/11/2020, Chương IV, Điều 17, khoản 2, điểm a)"
    assert citation(doc, _find(passages, "Luật này quy định về việc")) == "Luật Cư trú, Chương I, Điều 1 (Phạm vi điều chỉnh)"
    assert citation(doc, passages[0]) == "Luật Cư trú, phần mở đầu"
    assert quote_citation(doc, passages[0]) == "(Luật Cư trú số 68/2020/QH14 ngày 13/11/2020, phần mở đầu)"


# --- the decree: PDF letterhead columns on one line, recipients beside the signature ---------


def test_decree_metadata() -> None:
    doc, _ = _read(DECREE)
    assert (doc.kind, doc.number, doc.date, doc.issuer) == ("nghị định", "33/2023/NĐ-CP", "2023-06-10", "Chính phủ")
    # The subject line starts with "QUY ĐỊNH": the kind is still the heading's, Nghị định.
    assert doc.title == (
        "Nghị định quy định về cán bộ, công chức cấp xã và người hoạt động không chuyên trách "
        "ở cấp xã, ở thôn, tổ dân phố"
    )


def test_decree_signature_printed_beside_the_recipients() -> None:
    """The block's lines on the list's ("Nơi nhận: TM. CHÍNH PHỦ", "- Ban Bí thư Trung ương Đảng;
    THỦ TƯỚNG", "- HĐND, UBND …; Phạm Minh Chính"), as a PDF prints the two cells side by side:
    the signer is found, and no entry holds the block's words (there was neither)."""
    from corpus.metadata import find_recipients

    doc, _ = _read(DECREE)
    assert doc.signer == "Phạm Minh Chính"
    assert find_recipients(doc.text) == [
        "Ban Bí thư Trung ương Đảng", "Thủ tướng, các Phó Thủ tướng Chính phủ", "Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ",
        "HĐND, UBND các tỉnh, thành phố trực thuộc trung ương", "Văn phòng Trung ương và các Ban của Đảng", "Văn phòng Quốc hội",
    ]


def test_decree_structure_and_frame() -> None:
    doc, passages = _read(DECREE)
    # The legal basis, then the enacting words, are one passage.
    _check_frame(passages, r"Chương [IVX]+\.(Mục \d+\.)?Điều \d+", ("Căn cứ Luật Tổ chức Chính phủ", "ở thôn, tổ dân phố."))
    assert passages[0].text.count("Căn cứ") == 4 and "Theo đề nghị của Bộ trưởng Bộ Nội vụ;" in passages[0].text
    ward = _find(passages, "Đối với phường: loại I là 23 người")
    assert ward.section == "Chương II.Mục 1.Điều 6.1.a)"
    assert ward.headings[:3] == ("CÁN BỘ, CÔNG CHỨC CẤP XÃ", "CHỨC VỤ, CHỨC DANH VÀ SỐ LƯỢNG", "Số lượng cán bộ, công chức cấp xã")
    assert citation(doc, ward) == "Nghị định 33/2023/NĐ-CP, Chương II, Mục 1, Điều 6 (Số lượng cán bộ, công chức cấp xã), khoản 1, điểm a"
    assert passages[-1].section == "Chương IV.Điều 38.2"


# --- the Party rule: a Quy định under a "-QĐ/TW" number, Word letterhead ----------------------


def test_party_rule_is_a_quy_dinh() -> None:
    doc, _ = _read(PARTY_RULE)
    assert (doc.kind, doc.number, doc.date) == ("quy định", "37-QĐ/TW", "2021-10-25")
    assert doc.issuer == "Ban Chấp hành Trung ương"
    assert doc.title == "Quy định về những điều đảng viên không được làm"
    assert short_name(doc) == "Quy định 37-QĐ/TW"


def test_party_rule_articles() -> None:
    doc, passages = _read(PARTY_RULE)
    _check_frame(passages, r"Điều \d+", ("- Căn cứ Điều lệ Đảng;", "những điều đảng viên không được làm như sau:"))
    # An article whose text stands on its heading line is a section with that text as passage.
    first = _find(passages, "Nói, viết, làm trái hoặc không thực hiện Cương lĩnh chính trị")
    assert first.section == "Điều 1" and first.text.startswith("Điều 1.")
    gambling = _find(passages, "cho vay nặng lãi")
    assert gambling.section == "Điều 5.2"
    assert citation(doc, gambling) == "Quy định 37-QĐ/TW, Điều 5 (Những điều không được làm về kinh tế và tài sản), khoản 2"
    assert [p.section for p in passages][-1] == "Điều 8"


# --- a decision and the rule it issues, printed after the signature -------------------------


def test_decision_with_the_rule_it_issues() -> None:
    doc, passages = _read(DECISION)
    assert (doc.kind, doc.number, doc.date) == ("quyết định", "12/2024/QĐ-UBND", "2024-06-05")
    assert doc.issuer == "Ủy ban nhân dân tỉnh Đồng Nai"
    # The "QUYẾT ĐỊNH:" banner before the articles is neither the title nor a passage.
    assert doc.title == "Quyết định ban hành Quy định về công tác văn thư trên địa bàn tỉnh Đồng Nai"
    _check_frame(passages, r"(Quy định kèm theo\.Chương I\.)?Điều \d+|phụ lục", ("Căn cứ Luật Tổ chức", "ngày 20 tháng 5 năm 2024."))
    # The rule it issues is a division of its own: its "Điều 1" is not the decision's.
    assert [p.section for p in passages] == ["", "Điều 1", "Điều 2", "Quy định kèm theo.Chương I.Điều 1", "phụ lục"]
    assert not any("QUYẾT ĐỊNH:" in p.text or "Ban hành kèm theo Quyết định số" in p.text for p in passages)
    form = passages[-1]
    assert form.text.startswith("Biểu mẫu số 01") and citation(doc, form) == "Quyết định 12/2024/QĐ-UBND, Phụ lục"


# --- the city plan: letterhead table, title in capitals over two lines -----------------------


def _check_city_plan(doc: Document, passages: list[Passage]) -> None:
    assert (doc.kind, doc.number, doc.date) == ("kế hoạch", "308/KH-UBND", "2024-03-05")
    assert doc.issuer == "Ủy ban nhân dân thành phố Đà Nẵng"
    assert doc.title.startswith(
        "Kế hoạch triển khai thực hiện Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ về "
        "nhiệm vụ, giải pháp chủ yếu thực hiện"
    )
    assert doc.title.endswith("dự toán ngân sách nhà nước năm 2024")
    _check_frame(passages, r"(I|II|III|IV)\.", ("Thực hiện Nghị quyết số 01/NQ-CP", "với các nội dung sau:"))
    growth = _find(passages, "(GRDP) đạt từ 7,5% đến 8%")
    assert (growth.section, growth.point) == ("II.2", 1)
    assert growth.headings == ("MỤC TIÊU VÀ CÁC CHỈ TIÊU CHỦ YẾU", "Các chỉ tiêu chủ yếu")
    assert citation(doc, growth) == "Kế hoạch 308/KH-UBND, mục II.2 (Các chỉ tiêu chủ yếu), ý 1"
    disbursement = _find(passages, "tỷ lệ giải ngân đạt trên 95%")
    assert (disbursement.section, disbursement.point) == ("III.1.a)", 1)
    closing = passages[-1]
    assert closing.section == "phần kết" and closing.text.endswith("để xem xét, chỉ đạo./.")
    assert _find(passages, "Đề nghị Ủy ban Mặt trận Tổ quốc").section == "IV.4"


def test_city_plan_from_text() -> None:
    _check_city_plan(*_read(CITY_PLAN))


def test_city_plan_from_word_with_letterhead_table(tmp_path: Path) -> None:
    doc, passages = _read(build_docx(CITY_PLAN, tmp_path / "ke-hoach.docx"))
    _check_city_plan(doc, passages)
    assert [(p.section, p.point, p.text) for p in passages] == [
        (p.section, p.point, p.text) for p in _read(CITY_PLAN)[1]
    ]


def test_party_rule_from_word(tmp_path: Path) -> None:
    doc, passages = _read(build_docx(PARTY_RULE, tmp_path / "quy-dinh.docx"))
    text_doc, text_passages = _read(PARTY_RULE)
    assert (doc.kind, doc.number, doc.title) == (text_doc.kind, text_doc.number, text_doc.title)
    assert [p.section for p in passages] == [p.section for p in text_passages]


def test_law_from_word_with_a_paragraph_per_line(tmp_path: Path) -> None:
    """A PDF converted to Word keeps one paragraph per printed line: re-joined like the text."""
    doc, passages = _read(build_docx(LAW, tmp_path / "luat.docx"))
    assert doc.title == "Luật Cư trú"
    assert [(p.section, p.point) for p in passages] == [(p.section, p.point) for p in _read(LAW)[1]]


def test_unwrap_leaves_unwrapped_text_alone(plan: Document, resolution: Document) -> None:
    for path in (DECREE, PARTY_RULE, CITY_PLAN):
        text = path.read_text(encoding="utf-8")
        assert unwrap(text) == text
    assert unwrap(plan.text) == plan.text
    assert unwrap(resolution.text) == resolution.text


@pytest.mark.parametrize("source", [LAW, DECREE, PARTY_RULE, CITY_PLAN], ids=lambda path: path.stem)
def test_printed_to_pdf_reads_the_same(tmp_path: Path, source: Path) -> None:
    """Printed to PDF, every paragraph wraps at the page width and pages break anywhere: the
    re-flowed text gives the same metadata and passages (up to line breaks)."""
    doc, passages = _read(build_pdf(source, tmp_path / f"{source.stem}.pdf"))
    text_doc, text_passages = _read(source)
    fields = ("title", "kind", "number", "date", "issuer")
    assert [getattr(doc, f) for f in fields] == [getattr(text_doc, f) for f in fields]
    assert [(p.section, p.point, " ".join(p.text.split())) for p in passages] == [
        (p.section, p.point, " ".join(p.text.split())) for p in text_passages
    ]
