"""Metadata from MANIFEST.tsv and from the text; citations of the bundled documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.corpus.docs import LAW

from bench.reading import REALDOCS
from corpus.cite import citation, quote_citation
from corpus.document import Document, Passage
from corpus.errors import UnreadableFile
from corpus.metadata import (
    apply_metadata,
    detect_metadata,
    display_date,
    find_addressees,
    find_number,
    find_recipients,
    kind_of_number,
    long_name,
    parse_date,
    read_manifest,
    short_name,
    signing_body,
    trim_title,
)
from corpus.read import read_file
from corpus.segment import segment


def test_manifest_metadata(plan: Document, resolution: Document) -> None:
    assert (plan.number, plan.date, plan.kind) == ("230-KH/TU", "2023-03-10", "tài liệu học tập (chuyên đề)")
    assert plan.title.startswith("Chuyên đề 2: Kế hoạch số 230-KH/TU")
    assert plan.source.startswith("the project's founding document")
    assert set(plan.extra) == {"notes"}
    assert resolution.title == "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"
    assert (resolution.number, resolution.date, resolution.kind) == ("", "2021-02-01", "nghị quyết")


def test_detect_from_bundled_plan_text(plan: Document) -> None:
    detected = detect_metadata(plan.text)
    assert detected["number"] == "230-KH/TU"  # not 28-NQ/TW, cited later in the same title
    assert detected["date"] == "2023-03-10"
    assert detected["kind"] == "kế hoạch"
    assert detected["title"].startswith("Chuyên đề 2: Kế hoạch số 230-KH/TU ngày 10/3/2023 của Ban Chấp hành Đảng bộ tỉnh")


def test_detect_from_letterhead() -> None:
    text = (
        "ĐẢNG CỘNG SẢN VIỆT NAM\nTỈNH ỦY ĐỒNG NAI\nSố 12-CT/TU\n"
        "Đồng Nai, ngày 5 tháng 6 năm 2024\nCHỈ THỊ\nVề tăng cường công tác dân vận\n"
        "1. Các cấp ủy quán triệt chỉ thị này.\n"
    )
    assert detect_metadata(text) == {
        "number": "12-CT/TU",
        "kind": "chỉ thị",
        "date": "2024-06-05",
        "title": "Chỉ thị về tăng cường công tác dân vận",
        "issuer": "Tỉnh ủy Đồng Nai",
    }
    decree = "CHÍNH PHỦ\nSố: 35/2024/NĐ-CP\nHà Nội, ngày 02/4/2024\nNGHỊ ĐỊNH\nQuy định xử phạt\nChương I\n"
    assert detect_metadata(decree)["number"] == "35/2024/NĐ-CP"
    assert detect_metadata(decree)["kind"] == "nghị định"
    assert detect_metadata(decree)["date"] == "2024-04-02"



def test_a_plain_text_copy_with_its_block_and_name_on_one_line() -> None:
    # As a portal's plain-text copy gives a decision: no blank lines, the letterhead run together
    # with its rules, the subject as "V/V …" under the kind, the signature block and the
    # signer's name on one line. The title was "Quyết định", the signer lost, and the block a
    # heading the appendix stood under.
    text = (
        "ỦY BAN NHÂN DÂN TỈNH AN GIANG -------\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc  ---------------\n"
        "Số: 215/QĐ-UBND\nAn Giang, ngày 12 tháng 03 năm 2019\nQUYẾT ĐỊNH\n"
        "V/V CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH LĨNH VỰC HỘ TỊCH\n"
        "ỦY BAN NHÂN DÂN TỈNH AN GIANG\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;\nQUYẾT ĐỊNH:\n"
        "Điều 1. Công bố kèm theo Quyết định này Danh mục thủ tục hành chính lĩnh vực hộ tịch.\n"
        "Điều 2. Quyết định có hiệu lực thi hành kể từ ngày ký.\n"
        "Nơi nhận: - Như Điều 2; - Lưu: VT.\n"
        "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH     Nguyễn Thanh Bình\n"
        "DANH MỤC\nTHỦ TỤC HÀNH CHÍNH LĨNH VỰC HỘ TỊCH\n"
        "1. Đăng ký khai sinh.\n"
    )
    found = detect_metadata(text)
    # "Danh mục" capitalized as the text's own article writes it.
    assert found["title"] == "Quyết định về việc công bố Danh mục thủ tục hành chính lĩnh vực hộ tịch"
    assert found["signer"] == "Nguyễn Thanh Bình"
    passages = segment(Document(id="qd", text=text, **found))
    assert not any("Nguyễn Thanh Bình" in p.text or "Nguyễn Thanh Bình" in " ".join(p.headings) for p in passages)


def test_a_party_resolutions_subject_under_its_issuer_is_in_its_title() -> None:
    # "NGHỊ QUYẾT" / "CỦA BỘ CHÍNH TRỊ" / "về đột phá …": a Party resolution's or directive's
    # title as a .docx or .txt gives it, one line each. The subject in lowercase under the issuer
    # in capitals was left out ("Nghị quyết của Bộ Chính trị").
    text = (
        "BAN CHẤP HÀNH TRUNG ƯƠNG\n*\nSố 57-NQ/TW\nĐẢNG CỘNG SẢN VIỆT NAM\nHà Nội, ngày 22 tháng 12 năm 2024\n\n"
        "NGHỊ QUYẾT\nCỦA BỘ CHÍNH TRỊ\nvề đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi "
        "số quốc gia\n\nI- TÌNH HÌNH VÀ NGUYÊN NHÂN\nThời gian qua, khoa học, công nghệ đã có đóng góp.\n"
    )
    found = detect_metadata(text)
    assert found["title"] == (
        "Nghị quyết của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"
    )
    assert found["number"] == "57-NQ/TW" and found["date"] == "2024-12-22"
    directive = text.replace("NGHỊ QUYẾT\nCỦA BỘ CHÍNH TRỊ\nvề đột phá", "CHỈ THỊ\nCỦA BAN BÍ THƯ\nVề đột phá")
    assert detect_metadata(directive)["title"].startswith("Chỉ thị của Ban Bí thư về đột phá phát triển")

def test_a_text_issued_with_a_decision_takes_no_number_from_its_subject() -> None:
    # A plan attached to a decision has no number of its own: "57-NQ/TW" is the resolution it
    # carries out ("Kế hoạch 57-NQ/TW" was its citation), and its "(Ban hành kèm theo …)" line
    # names the decision, not part of its title.
    plan = (
        "ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG NAI\nKẾ HOẠCH\nTriển khai thực hiện Nghị quyết số 57-NQ/TW về đột phá\n"
        "(Ban hành kèm theo Quyết định số 123/QĐ-UBND ngày 10/3/2025 của UBND tỉnh)\n\nI. MỤC ĐÍCH\n"
    )
    found = detect_metadata(plan)
    assert "number" not in found
    assert found["title"] == "Kế hoạch triển khai thực hiện Nghị quyết số 57-NQ/TW về đột phá"
    # Its own number under the letterhead is kept; so is a resolution's own number in its title.
    assert detect_metadata(plan.replace("TỈNH ĐỒNG NAI\n", "TỈNH ĐỒNG NAI\nSố: 45/KH-UBND\n"))["number"] == "45/KH-UBND"
    resolution = "BAN CHẤP HÀNH TRUNG ƯƠNG\nNGHỊ QUYẾT\nSố 57-NQ/TW về đột phá phát triển khoa học\n\nI. TÌNH HÌNH\n"
    assert detect_metadata(resolution)["number"] == "57-NQ/TW"

def test_a_central_party_documents_issuing_body_is_the_one_it_is_signed_for() -> None:
    # The letterhead (and the portal) say "Ban Chấp hành Trung ương" for every central document.
    for name, body in (("212-kl-tw.md", "Bộ Chính trị"), ("383-qd-tw.md", "Ban Bí thư")):
        (doc,) = read_file(REALDOCS / name)
        assert doc.issuer == "Ban Chấp hành Trung ương"
        assert signing_body(doc.issuer, doc.text) == body
    assert signing_body("Ủy ban nhân dân tỉnh Bắc Ninh", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH") == "Ủy ban nhân dân tỉnh Bắc Ninh"


def test_who_a_text_is_sent_to() -> None:
    def read(name: str) -> str:
        return read_file(REALDOCS / name)[0].text

    assert find_recipients(read("212-kl-tw.md"))[:2] == [
        "Các cơ quan, ban đảng Trung ương", "Các tỉnh ủy, thành ủy, đảng ủy trực thuộc Trung ương"]
    # The list run into one line under the decree's block, the filing entry left out; the forms
    # of its appendix have lists and addressees of their own, with blanks: none is the text's.
    decree = read("158-2025-nd-cp.md")
    assert find_recipients(decree)[0] == "Thủ tướng, các Phó Thủ tướng Chính phủ"
    assert not any(r.startswith("Lưu") for r in find_recipients(decree)) and find_addressees(decree) == []
    # A "+" line goes with its entry; an entry wrapped over two lines is one.
    assert find_recipients(read("80-2025-qd-ubnd.md"))[-1] == (
        "VP UBND tỉnh: LĐVP, KGVX; TTTT: 01 bản giấy, 01 bản điện tử (đăng Công báo)")
    assert find_recipients(read("39305-tb-chq.md"))[0].endswith("phố Kim Mã Thượng, p. Cống Vị, Ba Đình, Hà Nội)")
    assert find_addressees(read("5680-ct-cs.md")) == ["Ban Tuyên giáo và Dân vận Trung ương"]
    assert find_recipients(read("21-2025-tt-bgddt.md")) == []  # the page has no list


@pytest.mark.parametrize(
    ("head", "issuer"),
    [
        ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA\n; R VIỆT NAM\nTỈNH NGHỆ AN :", "Ủy ban nhân dân tỉnh Nghệ An"),
        ("VĂN PHÒNG CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ\n5 NGHĨA VIỆT NAM", "Văn phòng Chính phủ"),
    ],
)
def test_a_scanned_letterhead_read_across_its_columns(head: str, issuer: str) -> None:
    """Tesseract reads a scan's two letterhead columns across, line by line, with specks: the
    national name's pieces were read into the issuer ("Văn phòng Chính phủ cộng hòa xã hội chủ 5
    nghĩa Việt Nam")."""
    text = (
        f"{head}\nSố: 15/QĐ-UBND ï\n+ Độc lập - Tự do - Hạnh phúc\nNghệ An, ngày 19 tháng 11 năm 2025\n"
        "QUYẾT ĐỊNH\nVỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH\nCăn cứ Luật Tổ chức chính quyền địa phương;\n"
        "Điều 1. Công bố danh mục thủ tục hành chính của Ủy ban nhân dân tỉnh Nghệ An.\n"
    )
    assert detect_metadata(text)["issuer"] == issuer


_SCANNED_TAIL = (
    "4. Giao Đảng uỷ Chính phủ lãnh đạo, chỉ đạo các cơ quan chức năng.\n"
    "Nơi nhận: T/M BỘ CHÍNH TRỊ\n"
    "- Các cơ quan, ban đảng Trần Cẩm Tú\n"
    "Trung ương,\n"
    "- Các tỉnh uỷ, thành uỷ, đảng uỷ trực thuộc Trung\n"
    "ương,\n"
    "- UBND thành phố Hồ Chí Minh,\n"
    "- Lưu Văn phòng Trung ương Đảng.\n"
)


def test_a_scanned_signature_read_across_the_recipients_list() -> None:
    """A scan's two cells read across, line by line (as Tesseract gives them): the block's line
    after the label, the signer's name after an entry's first line. The name is the signer and
    no recipient's; a city named after a person stays a recipient."""
    from corpus.metadata import find_signer

    text = "\n" * 6 + _SCANNED_TAIL
    assert find_signer(text) == "Trần Cẩm Tú"
    assert find_recipients(text) == [
        "Các cơ quan, ban đảng Trung ương", "Các tỉnh ủy, thành ủy, đảng ủy trực thuộc Trung ương",
        "UBND thành phố Hồ Chí Minh",
    ]


def test_a_signers_name_printed_before_an_entrys_wrapped_rest() -> None:
    """A Word file's signature table printed to PDF beside the recipients list: the block's line
    between two lines of an entry, the name at the start of the entry's wrapped rest ("Đinh Văn
    Lực học tỉnh;"). The signer was lost, and the list ended at an entry of two ("- Thường trực
    HĐND tỉnh;" / "UBND tỉnh;")."""
    from corpus.metadata import find_signer

    tail = (
        "Nơi nhận:\n- Ủy ban Thường vụ Quốc hội;\n- Thường trực HĐND tỉnh;\nUBND tỉnh;\n- Đại biểu HĐND tỉnh;\n"
        "- Trung tâm Công báo và Tin\nCHỦ TỊCH\nĐinh Văn Lực học tỉnh;\n- Lưu: VT, CTHĐND.\n"
    )
    text = "\n" * 6 + tail
    assert find_signer(text) == "Đinh Văn Lực"
    assert find_recipients(text) == [
        "Ủy ban Thường vụ Quốc hội", "Thường trực HĐND tỉnh; UBND tỉnh", "Đại biểu HĐND tỉnh",
        "Trung tâm Công báo và Tin học tỉnh",
    ]
    # The block's first line printed inside an entry's line, the entry going on after it.
    party = ("Nơi nhận:\n- Các tỉnh ủy, thành ủy, K/T TRƯỞNG BAN đảng ủy trực thuộc Trung ương,\n"
             "- Các ban đảng, PHÓ TRƯỞNG BAN\nVăn phòng Trung ương Đảng,\nNguyễn Thanh Tùng\n- Lưu Văn phòng.\n")
    assert find_recipients("\n" * 6 + party) == [
        "Các tỉnh ủy, thành ủy, đảng ủy trực thuộc Trung ương", "Các ban đảng, Văn phòng Trung ương Đảng",
    ]


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        ("230-KH/TU", "kế hoạch"),
        ("28-NQ/TW", "nghị quyết"),
        ("05-CT/TW", "chỉ thị"),
        ("21-KL/TW", "kết luận"),
        ("08-QĐi/TW", "quy định"),
        ("35/2024/NĐ-CP", "nghị định"),
        ("123/QĐ-TTg", "quyết định"),
        ("01/2023/TT-BTC", "thông tư"),
        ("02-TT/TW", "thông tri"),  # the Party's "TT"
        ("15/CĐ-TTg", "công điện"),
        ("7-XY/TW", ""),
    ],
)
def test_kind_of_number(number: str, kind: str) -> None:
    assert kind_of_number(number) == kind
    assert find_number(f"Theo văn bản số {number} ngày 1/1/2024") == number


def test_dates() -> None:
    assert parse_date("10/3/2023") == "2023-03-10"
    assert parse_date("2023-03-10") == "2023-03-10"
    assert parse_date("10 tháng 3 năm 2023") == "2023-03-10"
    assert parse_date("31/2/2023") == ""
    assert display_date("2021-02-01") == "1/2/2021"


def test_apply_metadata_prefers_given_fields() -> None:
    doc = Document(id="x", text="KẾ HOẠCH\nSố 230-KH/TU ngày 10/3/2023\n1. Mục đích\nNội dung.")
    apply_metadata(doc, {"title": "Tên riêng", "date": "1/2/2023", "ghi chú": "a"})
    assert (doc.title, doc.date, doc.number, doc.kind) == ("Tên riêng", "2023-02-01", "230-KH/TU", "kế hoạch")
    assert doc.extra == {"ghi chú": "a"}


def test_manifest_errors(tmp_path: Path) -> None:
    bad = tmp_path / "MANIFEST.tsv"
    bad.write_text("name\ttitle\na.txt\tA\n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="thiếu cột 'file'"):
        read_manifest(bad)
    bad.write_bytes(b"file\ttitle\na.txt\t\xff\n")
    with pytest.raises(UnreadableFile):
        read_manifest(bad)


def test_names(plan: Document, resolution: Document) -> None:
    assert short_name(plan) == "Kế hoạch 230-KH/TU"
    assert long_name(plan) == "Kế hoạch số 230-KH/TU ngày 10/3/2023"
    assert short_name(resolution) == "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"
    assert long_name(resolution) == "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng ngày 1/2/2021"
    untitled = Document(id="tai-lieu", text="", title="Báo cáo tổng kết công tác xây dựng Đảng và thi hành Điều lệ Đảng nhiệm kỳ 2020 - 2025 của Đảng bộ tỉnh")
    assert short_name(untitled) == "Báo cáo tổng kết công tác xây dựng Đảng và thi hành Điều lệ…"
    assert trim_title("Kế hoạch ngắn") == "Kế hoạch ngắn"
    # A plan without a number of its own is named by the resolution it carries out; the clause
    # cut gave "Kế hoạch triển khai…".
    carrying_out = Document(
        id="ke-hoach", text="",
        title="Kế hoạch triển khai thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá "
        "phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
    )
    assert short_name(carrying_out) == "Kế hoạch triển khai thực hiện Nghị quyết số 57-NQ/TW…"
    assert long_name(carrying_out) == "Kế hoạch triển khai thực hiện Nghị quyết số 57-NQ/TW…"


def _passage(doc: Document, phrase: str) -> Passage:
    (found,) = [p for p in segment(doc) if phrase in p.text]
    return found


def test_citations_of_the_plan(plan: Document) -> None:
    trust = _passage(plan, "lấy phiếu tín nhiệm")
    assert citation(plan, trust) == "Kế hoạch 230-KH/TU, mục IV.3.2 (Về công tác cán bộ), ý 7"
    jobs = _passage(plan, "Đến năm 2025, phải cơ bản hoàn thiện xây dựng vị trí việc làm")
    assert quote_citation(plan, jobs) == "(Kế hoạch số 230-KH/TU ngày 10/3/2023, mục IV.3.1)"


def test_citations_of_the_resolution(resolution: Document) -> None:
    infrastructure = _passage(resolution, "(3) Xây dựng hệ thống kết cấu hạ tầng")
    assert citation(resolution, infrastructure) == (
        "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng, mục I.2 (Tầm nhìn và định "
        "hướng phát triển), Các đột phá chiến lược, ý (3)"
    )
    target = _passage(resolution, "Đến năm 2030, kỷ niệm 100 năm thành lập Đảng")
    assert citation(resolution, target).endswith("mục I.2 (Tầm nhìn và định hướng phát triển), Mục tiêu cụ thể, ý 2")
    assert quote_citation(resolution, target) == (
        "(Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng ngày 1/2/2021, mục I.2)"
    )
    opening = segment(resolution)[0]
    assert citation(resolution, opening).endswith("của Đảng, phần mở đầu")
    second = _passage(resolution, "II- Thông qua Báo cáo chính trị")
    # A long item's title is cut at its first clause.
    assert citation(resolution, second).endswith("của Đảng, mục II (Thông qua Báo cáo chính trị…)")


def test_citation_of_legal_text() -> None:
    text = (
        "NGHỊ ĐỊNH\nQuy định xử phạt\nChương II\nĐiều 5. Trách nhiệm\n"
        "1. Các cơ quan có trách nhiệm sau:\na) Tổ chức thực hiện nghị định này.\n"
    )
    doc = Document(id="nd", text=text, number="35/2024/NĐ-CP", date="2024-04-02")
    (passage,) = segment(doc)
    assert passage.section == "Chương II.Điều 5.1.a)"
    assert citation(doc, passage) == "Nghị định 35/2024/NĐ-CP, Chương II, Điều 5 (Trách nhiệm), khoản 1, điểm a"
    assert quote_citation(doc, passage) == "(Nghị định số 35/2024/NĐ-CP ngày 2/4/2024, Chương II, Điều 5, khoản 1, điểm a)"


def test_citation_of_a_party_text_in_parts() -> None:
    # A provincial resolution in "Phần thứ …" with "A-", "B-" parts under them (the Party's hyphen,
    # as in its "I-" and "1-"): "A- KẾT QUẢ ĐẠT ĐƯỢC" was no heading, and the parts were cited
    # "mục Phần thứ nhất (…), A- KẾT QUẢ ĐẠT ĐƯỢC", "mục Phần thứ hai.1".
    text = (
        "Phần thứ nhất\nTÌNH HÌNH THỰC HIỆN NGHỊ QUYẾT\n\nA- KẾT QUẢ ĐẠT ĐƯỢC\n\n"
        "(1) Tỉ lệ lao động qua đào tạo đạt 71,5%.\n\nB- HẠN CHẾ\n\n- Chính sách thu hút chuyên gia chưa hấp dẫn.\n\n"
        "Phần thứ hai\nTỔ CHỨC THỰC HIỆN\n\n1. Ban cán sự đảng Ủy ban nhân dân tỉnh xây dựng kế hoạch thực hiện.\n"
    )
    doc = Document(id="nq", text=text, number="09-NQ/TU", date="2025-05-20", kind="nghị quyết")
    cited = [citation(doc, p) for p in segment(doc)]
    assert cited == [
        "Nghị quyết 09-NQ/TU, Phần thứ nhất, mục A (KẾT QUẢ ĐẠT ĐƯỢC), ý (1)",
        "Nghị quyết 09-NQ/TU, Phần thứ nhất, mục B (HẠN CHẾ)",
        "Nghị quyết 09-NQ/TU, Phần thứ hai, mục 1 (Ban cán sự đảng Ủy ban nhân dân tỉnh xây dựng kế hoạch thực…)",
    ]
    assert quote_citation(doc, segment(doc)[0]) == "(Nghị quyết số 09-NQ/TU ngày 20/5/2025, Phần thứ nhất, mục A)"


def test_citation_of_party_points_and_sub_parts_with_hyphens() -> None:
    # The Party's hyphen after a point's letter and a sub-part's number ("a- …", "1.1- …"), as after
    # its "I-" and "1-": they were cited "ý 1", "ý 2" of the part above.
    text = (
        "I- TÌNH HÌNH\n\n1- Hạn chế\n\na- Một số cấp ủy chưa quan tâm đúng mức.\n\nb- Nguồn lực còn hạn chế.\n\n"
        "II- MỤC TIÊU\n\n1- Mục tiêu\n\n1.1- Mục tiêu chung: Xây dựng con người Đồng Nai phát triển toàn diện.\n\n"
        "1.2- Mục tiêu cụ thể: Đến năm 2030, 95% ấp đạt danh hiệu văn hóa.\n"
    )
    doc = Document(id="nq", text=text, number="45-NQ/TU", kind="nghị quyết")
    assert [citation(doc, p) for p in segment(doc)] == [
        "Nghị quyết 45-NQ/TU, mục I.1 (Hạn chế), điểm a",
        "Nghị quyết 45-NQ/TU, mục I.1 (Hạn chế), điểm b",
        "Nghị quyết 45-NQ/TU, mục II.1.1 (Mục tiêu chung…)",
        "Nghị quyết 45-NQ/TU, mục II.1.2 (Mục tiêu cụ thể…)",
    ]


_PARTY_PAGE = REALDOCS / "383-qd-tw.md"


@pytest.mark.parametrize(
    ("letterhead", "kind", "number", "issuer", "read_kind"),
    [
        # The Party's "-TT/" is a thông tri (the State's a thông tư), and "THÔNG TRI" a kind.
        ("**TỈNH ỦY ĐỒNG NAI**", "THÔNG TRI", "02-TT/TU", "Tỉnh ủy Đồng Nai", "thông tri"),
        # The rule's body writes "ban thường vụ tỉnh ủy" for every province: the issuer is one.
        ("**BAN THƯỜNG VỤ\nTỈNH ỦY BÌNH DƯƠNG**", "CHỈ THỊ", "25-CT/TU", "Ban Thường vụ Tỉnh ủy Bình Dương", "chỉ thị"),
        # "Chính phủ" after "Đảng ủy" is no place's name ("Chính Phủ").
        ("**ĐẢNG ỦY CHÍNH PHỦ**", "KẾT LUẬN", "15-KL/ĐU", "Đảng ủy Chính phủ", "kết luận"),
        ("**BAN TUYÊN GIÁO VÀ DÂN VẬN\nTRUNG ƯƠNG**", "HƯỚNG DẪN", "12-HD/BTGDVTW", "Ban Tuyên giáo và Dân vận Trung ương", "hướng dẫn"),
        # The organization over its committee is the committee, named as cadres name it ("Đảng bộ
        # tỉnh Đồng Nai Tỉnh ủy" before); a committee over one of its bodies is that body's.
        ("**ĐẢNG BỘ TỈNH ĐỒNG NAI\nTỈNH ỦY**", "NGHỊ QUYẾT", "18-NQ/TU", "Tỉnh ủy Đồng Nai", "nghị quyết"),
        ("**ĐẢNG BỘ XÃ PHÚ LÝ\nĐẢNG ỦY XÃ**", "NGHỊ QUYẾT", "05-NQ/ĐU", "Đảng ủy xã Phú Lý", "nghị quyết"),
        ("**TỈNH ỦY ĐỒNG NAI\nBAN TỔ CHỨC**", "HƯỚNG DẪN", "08-HD/BTCTU", "Ban Tổ chức Tỉnh ủy Đồng Nai", "hướng dẫn"),
        # A committee's body under the organization, named with the committee's place.
        ("**ĐẢNG BỘ TỈNH ĐỒNG NAI\nBAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY**", "HƯỚNG DẪN", "12-HD/BTGDVTU",
         "Ban Tuyên giáo và Dân vận Tỉnh ủy Đồng Nai", "hướng dẫn"),
        ("**ĐẢNG BỘ TỈNH ĐỒNG NAI\nVĂN PHÒNG TỈNH ỦY**", "THÔNG BÁO", "31-TB/VPTU", "Văn phòng Tỉnh ủy Đồng Nai", "thông báo"),
        ("**ĐẢNG BỘ XÃ PHÚ LÝ\nBAN THƯỜNG VỤ ĐẢNG ỦY**", "KẾT LUẬN", "07-KL/ĐU", "Ban Thường vụ Đảng ủy xã Phú Lý", "kết luận"),
        # The same lines run together by a page that flattened the letterhead's cell.
        ("ĐẢNG BỘ THÀNH PHỐ HÀ NỘITHÀNH ỦY", "KẾ HOẠCH", "12-KH/TU", "Thành ủy Hà Nội", "kế hoạch"),
        ("TỈNH ỦY ĐỒNG NAIVĂN PHÒNG", "THÔNG BÁO", "30-TB/VPTU", "Văn phòng Tỉnh ủy Đồng Nai", "thông báo"),
    ],
)
def test_party_letterheads_of_other_bodies_and_kinds(
    letterhead: str, kind: str, number: str, issuer: str, read_kind: str, tmp_path: Path
) -> None:
    """383-QĐ/TW's page with another issuing body, kind and number in its letterhead."""
    source = _PARTY_PAGE.read_text(encoding="utf-8")
    source = source.replace("**BAN CHẤP HÀNH\nTRUNG ƯƠNG**", letterhead).replace("Số 383-QĐ/TW", f"Số {number}")
    (tmp_path / "page.md").write_text(source.replace("**QUY ĐỊNH**\n", f"**{kind}**\n", 1), encoding="utf-8")
    (doc,) = read_file(tmp_path / "page.md")
    assert (doc.number, doc.kind, doc.issuer, doc.date) == (number, read_kind, issuer, "2025-11-19")
    assert doc.title == f"{read_kind.capitalize()} về Phông lưu trữ Đảng Cộng sản Việt Nam"


@pytest.mark.parametrize(
    ("letterhead", "issuer"),
    [
        # A body named by its field writes the field in capitals, each field after "và".
        ("**BỘ GIÁO DỤC VÀ ĐÀO TẠO**", "Bộ Giáo dục và Đào tạo"),
        ("**UBND TỈNH NGHỆ AN**\n**SỞ NỘI VỤ**", "Sở Nội vụ tỉnh Nghệ An"),
        ("**NGÂN HÀNG NHÀ NƯỚC**\n**VIỆT NAM**", "Ngân hàng Nhà nước Việt Nam"),
        ("**BAN CHỈ ĐẠO**\n**CHUYỂN ĐỔI SỐ TỈNH**", "Ban Chỉ đạo chuyển đổi số tỉnh"),
        # A letterhead cell flattened with its two lines run together.
        ("ỦY BAN NHÂN DÂNTỈNH NGHỆ AN", "Ủy ban nhân dân tỉnh Nghệ An"),
        ("HỘI ĐỒNG NHÂN DÂNXÃ PHÚ LÝ", "Hội đồng nhân dân xã Phú Lý"),
        ("UBND TỈNH NGHỆ ANSỞ NỘI VỤ", "Sở Nội vụ tỉnh Nghệ An"),
        # A joint circular's two ministries, each by its own name.
        ("**BỘ TÀI CHÍNH - BỘ NỘI VỤ**", "Bộ Tài chính - Bộ Nội vụ"),
    ],
)
def test_state_letterheads_of_other_bodies(letterhead: str, issuer: str, tmp_path: Path) -> None:
    """3769/QĐ-UBND's page with another body in its letterhead, and as a công điện."""
    source = (REALDOCS / "3769-qd-ubnd.md").read_text(encoding="utf-8")
    source = source.replace("**ỦY BAN NHÂN DÂN**\n**TỈNH NGHỆ AN**", letterhead, 1)
    source = source.replace("**QUYẾT ĐỊNH**", "**CÔNG ĐIỆN**", 1).replace("3769/QĐ-UBND", "15/CĐ-UBND")
    (tmp_path / "page.md").write_text(source, encoding="utf-8")
    (doc,) = read_file(tmp_path / "page.md")
    assert (doc.issuer, doc.kind, doc.number) == (issuer, "công điện", "15/CĐ-UBND")


@pytest.mark.parametrize(
    ("line", "number"),
    [("Số: 3769 /QĐ-UBND", "3769/QĐ-UBND"), ("Số 25 - CT/TU", "25-CT/TU"), ("Số: 05/2025/ TT- BNV", "05/2025/TT-BNV")],
)
def test_a_number_typed_with_spaces_in_it(line: str, number: str) -> None:
    # A number filled in by hand on the letterhead: "Số:  3769 /QĐ-UBND".
    assert find_number(line) == number
    assert find_number(f"GIAI ĐOẠN 2021 - 2025\n{line}") == number


def _signed_with(block: str, tmp_path: Path) -> Document:
    """3769/QĐ-UBND's page with its signature block written as ``block``."""
    source = (REALDOCS / "3769-qd-ubnd.md").read_text(encoding="utf-8")
    source = source.replace("**KT. CHỦ TỊCH**\n**PHÓ CHỦ TỊCH**\n**Phùng Thành Vinh**", block, 1)
    (tmp_path / "page.md").write_text(source, encoding="utf-8")
    (doc,) = read_file(tmp_path / "page.md")
    return doc


@pytest.mark.parametrize(
    "block",
    [
        "**TM. ỦY BAN NHÂN DÂN**\n**KT. CHỦ TỊCH**\n**PHÓ CHỦ TỊCH**\n\n\n\n**Phùng Thành Vinh**",
        "**TM. ỦY BAN NHÂN DÂN**\n**CHỦ TỊCH**\n*(Đã ký)*\n**Phùng Thành Vinh**",
        "**KT. CHỦ TỊCH**\n**PHÓ CHỦ TỊCH**\n[daky]\n**Phùng Thành Vinh**",
        "**T/M BAN THƯỜNG VỤ**\n**PHÓ BÍ THƯ**\n**Phùng Thành Vinh**",
        "**Q. CHỦ TỊCH**\n**Phùng Thành Vinh**",
        # A table cell flattened into one line, with or without a space before the name, and
        # joined to the recipients' cell as the portal gives 1663/NQ-UBTVQH15's block.
        "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Phùng Thành Vinh",
        "KT. CHỦ TỊCHPHÓ CHỦ TỊCHPhùng Thành Vinh",
        "- Lưu: VT, KSTT (N). | TM. ỦY BAN NHÂN DÂNKT. CHỦ TỊCHPHÓ CHỦ TỊCHPhùng Thành Vinh",
        "| | KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\nPhùng Thành Vinh |",
        # A consolidated text's block (văn bản hợp nhất), on its lines or in one cell.
        "**XÁC THỰC VĂN BẢN HỢP NHẤT**\n**KT. CHỦ TỊCH**\n**PHÓ CHỦ TỊCH**\n**Phùng Thành Vinh**",
        "XÁC THỰC VĂN BẢN HỢP NHẤT KT. CHỦ TỊCH PHÓ CHỦ TỊCH Phùng Thành Vinh",
    ],
)
def test_signature_blocks_of_other_shapes(block: str, tmp_path: Path) -> None:
    doc = _signed_with(block, tmp_path)
    assert doc.signer == "Phùng Thành Vinh"
    assert not any("Phùng Thành Vinh" in p.text or "CHỦ TỊCH" in p.text for p in segment(doc))


def test_a_joint_texts_signers_are_all_read(tmp_path: Path) -> None:
    """A text two bodies issue together is signed by one of each: the first name alone was read.
    A page's table gives their blocks one after the other; a plain-text copy reads them across
    (the blocks' lines, then the names one under the other)."""
    from corpus.metadata import find_signer

    blocks = ("**KT. BỘ TRƯỞNG BỘ NỘI VỤ**\n**THỨ TRƯỞNG**\n**Phùng Thành Vinh**\n|\n"
              "**KT. BỘ TRƯỞNG BỘ TÀI CHÍNH**\n**THỨ TRƯỞNG**\n**Trần Văn Khiêm**")
    doc = _signed_with(blocks, tmp_path)
    assert doc.signer == "Phùng Thành Vinh, Trần Văn Khiêm"
    assert not any("Trần Văn Khiêm" in p.text or "THỨ TRƯỞNG" in p.text for p in segment(doc))
    across = "KT. BỘ TRƯỞNG BỘ NỘI VỤ\nTHỨ TRƯỞNG\nKT. BỘ TRƯỞNG BỘ TÀI CHÍNH\nTHỨ TRƯỞNG\n\nPhùng Thành Vinh\nTrần Văn Khiêm\n"
    assert find_signer("\n" * 6 + across + "Nơi nhận:\n- Như trên;\n") == "Phùng Thành Vinh, Trần Văn Khiêm"


def test_an_amending_law_is_named_by_what_it_amends(tmp_path: Path) -> None:
    """A law's name keeps its capital ("Luật Cư trú"); an amending law's title is no name ("Luật
    Sửa đổi, bổ sung …" was read)."""
    source = LAW.read_text(encoding="utf-8").replace("LUẬT\nCƯ TRÚ", "LUẬT\nSỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT CƯ TRÚ", 1)
    (tmp_path / "law.txt").write_text(source, encoding="utf-8")
    (doc,) = read_file(tmp_path / "law.txt")
    assert doc.title == "Luật sửa đổi, bổ sung một số điều của Luật Cư trú"
    assert read_file(LAW)[0].title == "Luật Cư trú"


def test_a_title_in_sentence_case_set_apart_line_by_line(tmp_path: Path) -> None:
    """The same in sentence case: a line cut mid-phrase ("… lĩnh vực") goes on, so does one
    opening in lowercase; the title stopped at its first line."""
    source = (REALDOCS / "3769-qd-ubnd.md").read_text(encoding="utf-8")
    subject = next(block for block in source.split("\n\n") if block.startswith("BAN HÀNH\nDANH MỤC"))
    lines = ("**Về việc ban hành Danh mục thủ tục hành chính lĩnh vực**\n\n**Nông nghiệp và Môi trường thực hiện"
             " không phụ thuộc vào địa giới**\n\n**hành chính trong phạm vi cấp tỉnh**")
    (tmp_path / "page.md").write_text(source.replace(subject, lines, 1), encoding="utf-8")
    (doc,) = read_file(tmp_path / "page.md")
    assert doc.title == (
        "Quyết định về việc ban hành Danh mục thủ tục hành chính lĩnh vực Nông nghiệp và Môi trường thực hiện"
        " không phụ thuộc vào địa giới hành chính trong phạm vi cấp tỉnh"
    )
    assert doc.issuer == "Ủy ban nhân dân tỉnh Nghệ An"
    assert not any(p.text.startswith(("Nông nghiệp và Môi trường", "hành chính trong phạm vi")) for p in segment(doc))


def test_a_title_in_capitals_set_apart_line_by_line(tmp_path: Path) -> None:
    """A page that sets each line of the subject apart in bold: the title is all of them."""
    source = (REALDOCS / "3769-qd-ubnd.md").read_text(encoding="utf-8")
    subject = next(block for block in source.split("\n\n") if block.startswith("BAN HÀNH\nDANH MỤC"))
    lines = "**VỀ VIỆC BAN HÀNH DANH MỤC THỦ TỤC HÀNH CHÍNH**\n**LĨNH VỰC NÔNG NGHIỆP VÀ MÔI TRƯỜNG**"
    (tmp_path / "page.md").write_text(source.replace(subject, lines, 1), encoding="utf-8")
    (doc,) = read_file(tmp_path / "page.md")
    assert doc.title == "Quyết định về việc ban hành danh mục thủ tục hành chính lĩnh vực Nông nghiệp và Môi trường"
    assert doc.issuer == "Ủy ban nhân dân tỉnh Nghệ An"  # the authority in capitals under it is not the title's


def test_a_signers_name_run_on_to_the_block_in_the_recipients_cell(tmp_path: Path) -> None:
    """1663/NQ-UBTVQH15's page lost its signer's name; pages that keep it run it on to the block,
    in the cell beside the recipients, with no space: "…QUỐC HỘICHỦ TỊCHTrần Thanh Mẫn"."""
    source = (REALDOCS / "1663-nq-ubtvqh15.md").read_text(encoding="utf-8")
    assert "QUỐC HỘICHỦ TỊCH\n|" in source
    (tmp_path / "page.md").write_text(source.replace("QUỐC HỘICHỦ TỊCH\n|", "QUỐC HỘICHỦ TỊCHTrần Thanh Mẫn\n|"))
    (doc,) = read_file(tmp_path / "page.md")
    assert doc.signer == "Trần Thanh Mẫn"
    passages = segment(doc)
    assert passages[-1].text.startswith("Nghị quyết này được Ủy ban Thường vụ Quốc hội")
    assert not any("Trần Thanh Mẫn" in p.text for p in passages)


@pytest.mark.parametrize(
    ("kind", "subject", "title"),
    [
        # A resolution of a plenum: the plenum's name keeps its capital after the kind.
        ("NGHỊ QUYẾT", "HỘI NGHỊ LẦN THỨ TÁM\nBAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG KHÓA XIII\nvề Chiến lược bảo vệ Tổ quốc",
         "Nghị quyết Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng khóa XIII về Chiến lược bảo vệ Tổ quốc"),
        ("KẾT LUẬN", "CỦA BỘ CHÍNH TRỊ\nvề tiếp tục thực hiện Nghị quyết số 28-NQ/TW",
         "Kết luận của Bộ Chính trị về tiếp tục thực hiện Nghị quyết số 28-NQ/TW"),
        # Each line set apart in bold, the subject in lowercase as the Party's format writes it
        # (its kind and issuer in capitals): the title stopped at the issuer.
        ("NGHỊ QUYẾT", "**CỦA BỘ CHÍNH TRỊ**\n**về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và\n"
         "chuyển đổi số quốc gia**",
         "Nghị quyết của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"),
        ("THÔNG BÁO", "**KẾT LUẬN CỦA BAN BÍ THƯ**\n**về tình hình thực hiện công tác chuyển đổi số năm 2024,**\n"
         "**nhiệm vụ trọng tâm năm 2025**",
         "Thông báo kết luận của Ban Bí thư về tình hình thực hiện công tác chuyển đổi số năm 2024,"
         " nhiệm vụ trọng tâm năm 2025"),
        # The year carried to a line of its own: the title stopped before it.
        ("HƯỚNG DẪN", "TUYÊN TRUYỀN CÁC NGÀY LỄ LỚN, SỰ KIỆN LỊCH SỬ QUAN TRỌNG NĂM\n2026",
         "Hướng dẫn tuyên truyền các ngày lễ lớn, sự kiện lịch sử quan trọng năm 2026"),
        ("KẾT LUẬN", "CỦA BAN BÍ THƯ\nvề nhiệm vụ trọng tâm giai đoạn\n2026 - 2030",
         "Kết luận của Ban Bí thư về nhiệm vụ trọng tâm giai đoạn 2026 - 2030"),
        # A joint text's kind: its subject was lost ("Hướng dẫn liên tịch").
        ("HƯỚNG DẪN LIÊN TỊCH", "về tổ chức các hoạt động kỷ niệm 50 năm Ngày giải phóng",
         "Hướng dẫn liên tịch về tổ chức các hoạt động kỷ niệm 50 năm Ngày giải phóng"),
    ],
)
def test_party_titles_under_their_kind(kind: str, subject: str, title: str, tmp_path: Path) -> None:
    source = _PARTY_PAGE.read_text(encoding="utf-8")
    heading = "**QUY ĐỊNH**\n\nVỀ\nPHÔNG LƯU TRỮ ĐẢNG CỘNG SẢN VIỆT NAM"
    assert heading in source
    (tmp_path / "page.md").write_text(source.replace(heading, f"**{kind}**\n\n{subject}", 1), encoding="utf-8")
    (doc,) = read_file(tmp_path / "page.md")
    assert doc.title == title
    assert segment(doc)[0].text.startswith("- Căn cứ Điều lệ Đảng")  # the subject is no passage


def test_what_a_pdf_wraps_in_a_signature_a_recipients_run_and_a_title() -> None:
    # From the shaped pages as their issuers' Word files printed to PDF: a block run into one line
    # wrapped before the name's last syllable ("…(Đã ký)Hoàng Minh" / "Khuê"); a list run into one
    # line wrapped before its filing entry; a title's line naming resolutions by number was the
    # number line of a letterhead, and the title stopped at "… SỐ 70-NQ/TW,".
    from corpus import frame
    from corpus.metadata import find_recipients, find_signer

    text = "Điều 3. Thông tư này có hiệu lực.\n- Như Điều 2; - Văn phòng Chính phủ;\n- Bộ Tư pháp; - Lưu: VP, PC.\n"
    assert find_recipients(text) == ["Như Điều 2", "Văn phòng Chính phủ", "Bộ Tư pháp"]
    signed = "a\nb\nc\nd\ne\n- Như Điều 2; - Lưu: VP.\nKT. THỐNG ĐỐCPHÓ THỐNG ĐỐC(Đã ký)Hoàng Minh\nKhuê\n"
    assert find_signer(signed) == "Hoàng Minh Khuê"
    assert find_signer(signed.replace("Khuê\n", "PHỤ LỤC\n")) == "Hoàng Minh"
    assert not frame.is_letterhead("NGHỊ QUYẾT SỐ 71-NQ/TW VÀ NGHỊ QUYẾT SỐ 72-NQ/TW CỦA BỘ CHÍNH TRỊ")
    assert frame.is_letterhead("Nghị quyết số: 252/2025/QH15")


def test_a_letter_is_a_kind_only_where_it_heads_a_text() -> None:
    from corpus import frame
    from corpus.metadata import kind_of_title

    assert frame.kind_heading("THƯ CHÚC TẾT") == "thư"
    assert frame.kind_heading("THƯ KÝ") == "" and frame.kind_heading("THƯ VIỆN TỈNH") == ""
    # A kind is a whole word of the title: "Thường trực …" is no letter.
    assert kind_of_title("Thường trực Hội đồng nhân dân tỉnh") == ""
    assert kind_of_title("Thư ngỏ gửi các doanh nghiệp") == "thư"
