"""Readers for every supported format, built at test time in tmp_path."""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import pytest

from corpus.cite import citation
from corpus.errors import UnreadableFile
from corpus.metadata import find_recipients
from corpus.read import decode, load_documents, read_file, slug
from corpus.segment import outline, segment
from tests.corpus.docs import pdf_font, write_pdf

VIETNAMESE = "Nâng cao năng lực lãnh đạo, sức chiến đấu của Đảng; Ủy ban kiểm tra"




LONG = (
    "Các cấp ủy, tổ chức đảng chú trọng nâng cao năng lực, sức chiến đấu của tổ chức cơ sở đảng, "
    "đảng viên; nêu cao tinh thần tự giác, tự kiểm tra, tự phê bình và phê bình trong việc chấp "
    "hành nghị quyết, chỉ thị của Đảng, giữ gìn phẩm chất, đạo đức, lối sống gương mẫu."
)


def test_txt_keeps_original_wording(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "I. ĐÁNH GIÁ\r\n\r\n1. Ưu điểm\r\n\r\nCác cấp uỷ của \u00d0ảng bộ hoá.\r\n")
    (tmp_path / "Kế hoạch 230.txt").write_text(nfd, encoding="utf-8")
    (doc,) = read_file(tmp_path / "Kế hoạch 230.txt")
    assert doc.id == "ke-hoach-230"
    assert doc.text == "I. ĐÁNH GIÁ\n\n1. Ưu điểm\n\nCác cấp uỷ của \u00d0ảng bộ hoá.\n"
    assert unicodedata.is_normalized("NFC", doc.text)
    assert doc.source == "Kế hoạch 230.txt"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1258"])
def test_txt_encodings(tmp_path: Path, encoding: str) -> None:
    text = f"{VIETNAMESE}.\n"
    data = _cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    (doc,) = read_file(path)
    assert doc.text == text


def _cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed base letters (â, ơ, ư...), combining tone marks."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out.append((base + "".join(c for c in decomposed if c in tones)).encode("cp1258"))
    return b"".join(out)


def test_unknown_encoding_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "garbage.txt").write_bytes(bytes(range(128, 256)) * 20)
    (tmp_path / "french.txt").write_bytes("Les élèves été très contents à l'école.".encode("cp1252"))
    result = load_documents([tmp_path])
    assert result.documents == []
    assert sorted(result.skipped) == [("french.txt", "không rõ bảng mã"), ("garbage.txt", "không rõ bảng mã")]
    with pytest.raises(UnreadableFile) as error:
        read_file(tmp_path / "garbage.txt")
    assert str(error.value) == "Không đọc được tệp garbage.txt: không rõ bảng mã"


def test_decode_prefers_utf8() -> None:
    assert decode("Đảng".encode(), "x") == "Đảng"
    assert decode(b"plain ascii", "x") == "plain ascii"


def test_markdown(tmp_path: Path) -> None:
    (tmp_path / "nq.md").write_text(
        "# NGHỊ QUYẾT\n\n## I. MỤC TIÊU\n\n### 1. Mục tiêu chung\n\n"
        "Nâng cao **năng lực** lãnh đạo và *sức chiến đấu*\ncủa [Đảng](https://example.org).\n\n"
        "* Ý thứ nhất về `công tác` cán bộ trong tình hình mới.\n- Ý thứ hai về tổ chức bộ máy tinh gọn.\n\n"
        "| Chỉ tiêu | Giá trị |\n|---|---|\n| Tăng trưởng | 6,5% |\n\n---\n",
        encoding="utf-8",
    )
    (doc,) = read_file(tmp_path / "nq.md")
    assert doc.text == (
        "NGHỊ QUYẾT\n\nI. MỤC TIÊU\n\n1. Mục tiêu chung\n\n"
        "Nâng cao năng lực lãnh đạo và sức chiến đấu của Đảng.\n\n"
        "- Ý thứ nhất về công tác cán bộ trong tình hình mới.\n- Ý thứ hai về tổ chức bộ máy tinh gọn.\n\n"
        # A table row is one line naming its columns (issue 14: one passage per row), under a
        # line naming the columns, which marks the rows as a table's ("dòng N" in citations).
        "Chỉ tiêu | Giá trị\nChỉ tiêu: Tăng trưởng; Giá trị: 6,5%\n"
    )
    sections = [(p.section, p.point) for p in segment(doc)]
    assert sections[:3] == [("I.1", 1), ("I.1", 2), ("I.1", 3)]


def test_markdown_written_by_hand_with_tight_lists(tmp_path: Path) -> None:
    """Markdown as people write it: paragraphs set apart by blank lines and wrapped where the
    writer liked (a capital after a full stop at a line's start), lists written tight under
    their lead. A paragraph is one, whatever starts its lines; each item is one."""
    (tmp_path / "hd.md").write_text(
        "# HƯỚNG DẪN\n\n## I. MỤC ĐÍCH\n\nBảo đảm việc học tập nghị quyết đến từng chi bộ.\nĐảng viên"
        " tham gia đầy đủ các buổi học.\n\nCác việc cần làm:\n- Lập danh sách đảng viên;\n"
        "- Bố trí giảng viên;\n- Tổ chức kiểm tra.\n\n## II. THỜI GIAN\n\n1. Học tập trong quý I.\n"
        "2. Báo cáo kết quả trước\nngày 30/4.\n3. Sơ kết vào tháng 6.\n",
        encoding="utf-8",
    )
    (doc,) = read_file(tmp_path / "hd.md")
    texts = [p.text for p in segment(doc)]
    assert "Bảo đảm việc học tập nghị quyết đến từng chi bộ. Đảng viên tham gia đầy đủ các buổi học." in texts
    assert "- Bố trí giảng viên;" in texts
    assert "2. Báo cáo kết quả trước ngày 30/4." in texts


def test_a_markdown_report_with_a_pipe_table_and_wrapped_figures(tmp_path: Path) -> None:
    """A report written in Markdown without blank lines: a pipe table right above the next part
    ("**Phần thứ hai**" was one more row of it to CommonMark, and every heading after it), and a
    paragraph wrapped before a figure ("… đạt" / "72.500 tỷ đồng …" was read as part 72)."""
    (tmp_path / "bc.md").write_text(
        "**BÁO CÁO**\n**kết quả năm 2025**\n**Phần thứ nhất**\n**KẾT QUẢ NĂM 2025**\n"
        "**I. PHÁT TRIỂN KINH TẾ - XÃ HỘI**\nTăng trưởng kinh tế ước đạt 8,6%; thu ngân sách nhà nước đạt\n"
        "72.500 tỷ đồng, bằng 112% dự toán.\n| Chỉ tiêu | Kế hoạch | Thực hiện |\n|---|---|---|\n"
        "| Tăng trưởng GRDP (%) | 8,0 | 8,6 |\n| Tỉ lệ hộ nghèo (%) | 0,5 | 0,3 |\n**Phần thứ hai**\n"
        "**NHIỆM VỤ NĂM 2026**\n**I. MỤC TIÊU**\nPhấn đấu tăng trưởng kinh tế đạt 10% trở lên.\n",
        encoding="utf-8",
    )
    (doc,) = read_file(tmp_path / "bc.md")
    assert outline(doc) == [
        ("Phần thứ nhất", "KẾT QUẢ NĂM 2025"), ("I", "PHÁT TRIỂN KINH TẾ - XÃ HỘI"),
        ("Phần thứ hai", "NHIỆM VỤ NĂM 2026"), ("I", "MỤC TIÊU"),
    ]
    passages = segment(doc)
    assert passages[0].text.endswith("thu ngân sách nhà nước đạt 72.500 tỷ đồng, bằng 112% dự toán.")
    assert [p.text for p in passages if p.section == "Phần thứ nhất.I.bảng"][-1] == (
        "Chỉ tiêu: Tỉ lệ hộ nghèo (%); Kế hoạch: 0,5; Thực hiện: 0,3")
    assert passages[-1].section == "Phần thứ hai.I" and passages[-1].text == "Phấn đấu tăng trưởng kinh tế đạt 10% trở lên."


@pytest.mark.parametrize("name, body", [
    ("qc.md", "1. Quy chế này áp dụng đối với các thành viên Ban Chỉ đạo.\n\n2. Ban Chỉ đạo có các nhiệm vụ"
     " sau:\n\n- a) Chỉ đạo xây dựng kế hoạch hằng năm;\n- b) Kiểm tra, đôn đốc việc thực hiện.\n"),
    ("qc.html", "<p>1. Quy chế này áp dụng đối với các thành viên Ban Chỉ đạo.</p><p>2. Ban Chỉ đạo có các"
     " nhiệm vụ sau:</p><ul><li>a) Chỉ đạo xây dựng kế hoạch hằng năm;</li><li>b) Kiểm tra, đôn đốc việc"
     " thực hiện.</li></ul>"),
])
def test_a_clause_s_points_written_as_a_bulleted_list(tmp_path: Path, name: str, body: str) -> None:
    """A page listing a clause's points as a list ("- a) …"): each is its point, cited "điểm a",
    not the clause's first item ("ý 1") with the bullet in its text."""
    head, article = ("**QUYẾT ĐỊNH**\n\n", "**Điều 1. Phạm vi áp dụng**\n\n") if name.endswith(".md") else (
        "<p><b>QUYẾT ĐỊNH</b></p>", "<p><b>Điều 1. Phạm vi áp dụng</b></p>")
    (tmp_path / name).write_text(head + article + body, encoding="utf-8")
    (doc,) = read_file(tmp_path / name)
    cited = [(citation(doc, p).split(", ", 1)[1], p.text) for p in segment(doc)]
    assert cited[1:] == [
        ("Điều 1 (Phạm vi áp dụng), khoản 2, điểm a", "a) Chỉ đạo xây dựng kế hoạch hằng năm;"),
        ("Điều 1 (Phạm vi áp dụng), khoản 2, điểm b", "b) Kiểm tra, đôn đốc việc thực hiện."),
    ]


def test_plus_items_under_a_dash_are_cited_under_it(tmp_path: Path) -> None:
    """A Party plan's "+" lines under a dash item ("- … trong đó:" / "+ …"): each is cited under
    its dash ("ý 1.2"), a paragraph going on after one with it, and the next dash is the second
    ("ý 2"), as a reader counts them, not the sixth."""
    (tmp_path / "kh.md").write_text(
        "**KẾ HOẠCH**\n\n**Tuyên truyền Nghị quyết Đại hội**\n\n**I. NHIỆM VỤ**\n\n1. Công tác tuyên truyền\n\n"
        "- Tổ chức tuyên truyền sâu rộng Nghị quyết Đại hội, trong đó:\n\n+ Tổ chức hội nghị học tập Nghị quyết;\n\n"
        "+ Phát hành tài liệu hỏi - đáp về Nghị quyết.\n\nMỗi chi bộ nhận ít nhất 02 bộ tài liệu.\n\n"
        "- Kiểm tra việc học tập Nghị quyết ở cơ sở.\n\n2. Công tác kiểm tra\n\n+ Kiểm tra định kỳ;\n\n"
        "+ Kiểm tra đột xuất.\n",
        encoding="utf-8",
    )
    (doc,) = read_file(tmp_path / "kh.md")
    cited = [(citation(doc, p).split(", mục ")[1], p.sub) for p in segment(doc)]
    assert cited == [
        ("I.1 (Công tác tuyên truyền), ý 1", 0), ("I.1 (Công tác tuyên truyền), ý 1.1", 1),
        ("I.1 (Công tác tuyên truyền), ý 1.2", 2), ("I.1 (Công tác tuyên truyền), ý 1.2", 2),
        ("I.1 (Công tác tuyên truyền), ý 2", 0),
        # Lines marked "+" under no dash are the part's own items.
        ("I.2 (Công tác kiểm tra), ý 1", 0), ("I.2 (Công tác kiểm tra), ý 2", 0),
    ]


def test_the_star_under_a_party_letterhead_written_apart(tmp_path: Path) -> None:
    """The "*" under a Party letterhead's name, set apart by blank lines (an empty list item to
    CommonMark), made the number's line a bullet, the letterhead a part and the title lost."""
    (tmp_path / "tb.md").write_text(
        "**ĐẢNG BỘ TỈNH ĐỒNG NAI**\n\n**TỈNH ỦY**\n\n*\n\nSố 112-TB/TU\n\n*Đồng Nai, ngày 05 tháng 6 năm 2025*\n\n"
        "**THÔNG BÁO**\n\n**kết luận về công tác chuyển đổi số**\n\n1- Đánh giá chung\n\n"
        "Công tác chuyển đổi số có bước tiến rõ nét.\n",
        encoding="utf-8",
    )
    (doc,) = read_file(tmp_path / "tb.md")
    assert (doc.title, doc.number, doc.issuer) == (
        "Thông báo kết luận về công tác chuyển đổi số", "112-TB/TU", "Tỉnh ủy Đồng Nai")
    assert [citation(doc, p) for p in segment(doc)] == ["Thông báo 112-TB/TU, mục 1 (Đánh giá chung)"]


def test_grid_tables_as_pandoc_writes_a_word_file(tmp_path: Path) -> None:
    """A Word file turned into Markdown by pandoc: its letterhead, signature and data tables become
    grid tables, their cells' lines wrapped at the column's width. Read as text, the issuer was
    "Nam" (of "… VIỆT" / "NAM**"), the date, the signer and the recipients were lost."""
    border, wide = "+" + "-" * 35 + "+" + "-" * 35 + "+", "+" + "=" * 6 + "+" + "=" * 22 + "+" + "=" * 11 + "+"
    thin = "+" + "-" * 6 + "+" + "-" * 22 + "+" + "-" * 11 + "+"

    def row(*cells: str, widths: tuple[int, ...] = (35, 35)) -> str:
        return "|" + "|".join(f" {c}".ljust(w) for c, w in zip(cells, widths)) + "|"

    table = (6, 22, 11)
    (tmp_path / "qd.md").write_text("\n".join([
        border, row("**ỦY BAN NHÂN DÂN**", "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT"), row("**TỈNH ĐỒNG NAI**", "NAM**"),
        row("", "**Độc lập - Tự do - Hạnh phúc**"), border,
        row("Số: 123/QĐ-UBND", "*Đồng Nai, ngày 5 tháng 6 năm"), row("", "2025*"), border, "",
        "**QUYẾT ĐỊNH**", "", "**Về việc công bố danh mục thủ tục hành chính**", "",
        "**Điều 1.** Công bố danh mục thủ tục hành chính sau:", "",
        thin, row("STT", "Tên thủ tục", "Thời hạn", widths=table), wide,
        row("1", "Cấp giấy phép xây", "15 ngày", widths=table), row("", "dựng", "", widths=table), thin,
        row("2", "Cấp lại giấy phép", "05 ngày", widths=table), thin, "",
        "**Điều 2.** Quyết định này có hiệu lực kể từ ngày ký.", "",
        border, row("***Nơi nhận:***", "**CHỦ TỊCH**"), row("", ""), row("\\- Như Điều 2;", ""),
        row("", ""), row("\\- Lưu: VT.", "**Nguyễn Văn An**"), border, "",
    ]), encoding="utf-8")
    (doc,) = read_file(tmp_path / "qd.md")
    assert (doc.number, doc.date, doc.issuer, doc.signer) == ("123/QĐ-UBND", "2025-06-05", "Ủy ban nhân dân tỉnh Đồng Nai", "Nguyễn Văn An")
    assert [p.text for p in segment(doc)][1:3] == [
        "STT: 1; Tên thủ tục: Cấp giấy phép xây dựng; Thời hạn: 15 ngày", "STT: 2; Tên thủ tục: Cấp lại giấy phép; Thời hạn: 05 ngày"]
    assert find_recipients(doc.text) == ["Như Điều 2"]


def test_markdown_page_headed_by_its_kind_and_number(tmp_path: Path) -> None:
    """A page a site or a user writes: "# NGHỊ ĐỊNH 168/2024/NĐ-CP", the subject under it, "Ban
    hành ngày …", then ATX headings. The title was "Nghị định 168/2024/NĐ-CP" and the date lost;
    "Nghị định này quy định về:" over the clauses was a part's name they stood under ("ý 1")."""
    (tmp_path / "nd.md").write_text(
        "# NGHỊ ĐỊNH 168/2024/NĐ-CP\n\nQuy định xử phạt vi phạm hành chính về trật tự, an toàn giao thông"
        " trong lĩnh vực giao thông đường bộ\n\n*Ban hành ngày 26/12/2024 bởi Chính phủ*\n\n"
        "## Chương I. NHỮNG QUY ĐỊNH CHUNG\n\n### Điều 1. Phạm vi điều chỉnh\n\nNghị định này quy định về:\n\n"
        "1. Hành vi vi phạm hành chính, hình thức xử phạt, mức xử phạt.\n2. Mức trừ điểm giấy phép lái xe.\n",
        encoding="utf-8",
    )
    (doc,) = read_file(tmp_path / "nd.md")
    assert doc.title == (
        "Nghị định quy định xử phạt vi phạm hành chính về trật tự, an toàn giao thông trong lĩnh vực giao thông đường bộ"
    )
    assert (doc.number, doc.kind, doc.date, doc.issuer) == ("168/2024/NĐ-CP", "nghị định", "2024-12-26", "Chính phủ")
    passages = segment(doc)
    assert [(p.section, p.text) for p in passages[:2]] == [
        ("Chương I.Điều 1", "Nghị định này quy định về:"),
        ("Chương I.Điều 1.1", "1. Hành vi vi phạm hành chính, hình thức xử phạt, mức xử phạt."),
    ]


def test_markdown_with_front_matter_and_a_field_table(tmp_path: Path) -> None:
    """A page from another site: front matter, the page's heading, a table of the document's
    fields under "THÔNG TIN VĂN BẢN", then "VĂN BẢN" over the document. None of it is text; the
    fields count where the document's own letterhead says nothing (here: its signer)."""
    (tmp_path / "nq.md").write_text(
        "---\nlayout: vanban\ntitle: \"Nghị quyết số 14/2026/NQ-CP: Về Chương trình lập pháp\"\n"
        "date: 2026-01-16\nsohieu: 14/2026/NQ-CP\nloaivanban: Nghị quyết\nnguoiky: Nguyễn Văn A\n---\n\n"
        "# Nghị quyết số 14/2026/NQ-CP\n\n## THÔNG TIN VĂN BẢN\n\n| Trường | Giá trị |\n|---|---|\n"
        "| Số ký hiệu | 14/2026/NQ-CP |\n| Ngày ban hành | 16/01/2026 |\n| Cơ quan ban hành | Chính phủ |\n\n"
        "## VĂN BẢN\n\n**CHÍNH PHỦ**\n\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n**Độc lập - Tự do - Hạnh phúc**\n\n"
        "Số 14/NQ-CP\n\nHà Nội, ngày 16 tháng 01 năm 2026\n\n## NGHỊ QUYẾT\n\nvề Chương trình lập pháp năm 2026\n\n"
        "### Điều 1.\n\nThông qua đề nghị bổ sung Dự án Luật vào Chương trình lập pháp năm 2026.\n",
        encoding="utf-8",
    )
    (doc,) = read_file(tmp_path / "nq.md")
    assert doc.text.startswith("CHÍNH PHỦ\n"), doc.text[:200]
    assert (doc.number, doc.date, doc.issuer, doc.signer) == ("14/NQ-CP", "2026-01-16", "Chính phủ", "Nguyễn Văn A")
    assert doc.title == "Nghị quyết về Chương trình lập pháp năm 2026"
    assert [p.text for p in segment(doc)] == ["Thông qua đề nghị bổ sung Dự án Luật vào Chương trình lập pháp năm 2026."]


def test_markdown_numbered_layout_rows(tmp_path: Path) -> None:
    """A portal's layout table numbered in its first column ("1.2" | "Thời gian: …"), with a table
    of steps under one of its rows, reads as numbered parts; the next number ends the steps."""
    rows = [
        ["**1**", "**TỔ CHỨC TẬP HUẤN**"],
        ["**1.1**", "**Đối tượng**: Cán bộ cấp xã"],
        ["**1.2**", "**Các bước thực hiện**"],
        ["**STT**", "**Công việc**", "**Đơn vị chủ trì**", "**Thời hạn**"],
        ["A1", "Lập danh sách học viên", "Phòng Nội vụ", "05 ngày"],
        ["A2", "Mở lớp tập huấn", "Trường Chính trị tỉnh", "10 ngày"],
        ["**2**", "**KINH PHÍ**"],
        ["**-**", "Ngân sách tỉnh bảo đảm."],
    ]
    layout = "\n|\n|\n".join("\n|\n".join(row) for row in rows)  # "|" between cells, two between rows
    (tmp_path / "kh.md").write_text(f"# KẾ HOẠCH\n\n**I. NỘI DUNG**\n\n|\n{layout}\n|\n", encoding="utf-8")
    (doc,) = read_file(tmp_path / "kh.md")
    assert [(p.section, p.point, p.text) for p in segment(doc)] == [
        ("I.1.1", None, "1.1. Đối tượng: Cán bộ cấp xã"),
        ("I.1.2.bảng", 1, "STT: A1; Công việc: Lập danh sách học viên; Đơn vị chủ trì: Phòng Nội vụ; Thời hạn: 05 ngày"),
        ("I.1.2.bảng", 2, "STT: A2; Công việc: Mở lớp tập huấn; Đơn vị chủ trì: Trường Chính trị tỉnh; Thời hạn: 10 ngày"),
        ("I.2", None, "- Ngân sách tỉnh bảo đảm."),
    ]


def test_footnote_marks_and_notes(tmp_path: Path) -> None:
    """A portal page's footnotes: the marks glued to the text ("thể thao.[3]") would end a clause
    with "]" instead of its full stop (read as a heading with nothing under it, the clause lost)
    and stand in names; the notes after the signature are a part of their own."""
    (tmp_path / "vbhn.md").write_text(
        "**CHÍNH PHỦ**\n|\nSố: 12/VBHN-BTC\n|\n**NGHỊ ĐỊNH**\n**QUY ĐỊNH VỀ LỆ PHÍ TRƯỚC BẠ**\n"
        "*Căn cứ Luật Phí và lệ phí ngày 25 tháng 11 năm 2015;[1]*\n"
        "**Điều 1. Phạm vi điều chỉnh[2]**\nNghị định này quy định về lệ phí trước bạ.\n"
        "**Điều 2. Đối tượng chịu lệ phí trước bạ**\n1. Nhà, đất.\n"
        "2. Súng săn; súng dùng để tập luyện, thi đấu thể thao.[3]\n3. Tàu thủy, kể cả sà lan.\n|\n"
        "**BỘ TRƯỞNG**\n**Hồ Đức Phớc**\n|\n[1]\nNghị định số 51/2024/NĐ-CP có căn cứ ban hành như sau.\n"
        "[2]\nĐiều này được sửa đổi theo khoản 1 Điều 1 của Nghị định số 51/2024/NĐ-CP.\n"
        "[3]\nKhoản này được sửa đổi theo khoản 2 Điều 1 của Nghị định số 51/2024/NĐ-CP.\n",
        encoding="utf-8",
    )
    (doc,) = read_file(tmp_path / "vbhn.md")
    passages = segment(doc)
    cited = {p.text: (p.section, p.headings) for p in passages}
    assert cited["2. Súng săn; súng dùng để tập luyện, thi đấu thể thao."][0] == "Điều 2.2"
    assert cited["Nghị định này quy định về lệ phí trước bạ."] == ("Điều 1", ("Phạm vi điều chỉnh",))
    notes = [p for p in passages if p.section == "chú thích"]
    assert [p.text[:4] for p in notes] == ["[1] ", "[2] ", "[3] "]
    assert notes[2].text.endswith("khoản 2 Điều 1 của Nghị định số 51/2024/NĐ-CP.")
    assert not any(p.text.startswith("[") for p in passages if p.section != "chú thích")


def test_images_and_links_leave_their_words_only(tmp_path: Path) -> None:
    """A page's pictures (a stamp, a formula's image) leave no word where their alt text says
    nothing ("tỉnh image An Giang"); a link keeps its words, not its address; an alt text that
    says something stays."""
    (tmp_path / "qd.md").write_text(
        "**QUYẾT ĐỊNH**\n\n**BAN HÀNH QUY ĐỊNH VỀ QUẢN LÝ CHỢ**\n\n"
        "**Điều 1.** Ban hành Quy định về quản lý chợ trên địa bàn tỉnh ![image](https://x/a.png) An Giang.\n\n"
        "**Điều 2.** Theo [Luật Thương mại](https://thuvienphapluat.vn/van-ban/luat.aspx) và bảng ![](b.png) sau"
        " ![image001.jpg](c.jpg) ![Sơ đồ quy trình](d.png).\n",
        encoding="utf-8",
    )
    (doc,) = read_file(tmp_path / "qd.md")
    texts = [p.text for p in segment(doc)]
    assert texts == [
        "Ban hành Quy định về quản lý chợ trên địa bàn tỉnh An Giang.",
        "Theo Luật Thương mại và bảng sau Sơ đồ quy trình.",
    ]


def test_docx(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("KẾ HOẠCH", level=0)
    document.add_heading("I. MỤC ĐÍCH, YÊU CẦU", level=1)
    document.add_paragraph("Quán triệt sâu sắc nghị quyết đến cán bộ, đảng viên trong toàn tỉnh.")
    document.add_paragraph("Ý kiến thứ nhất về công tác tuyên truyền.", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Đơn vị", "Thời gian"
    table.cell(1, 0).merge(table.cell(1, 1)).text = "Ban Tuyên giáo Tỉnh ủy"
    document.add_paragraph("Hết.")
    path = tmp_path / "kh.docx"
    document.save(str(path))
    (doc,) = read_file(path)
    assert doc.text == (
        "KẾ HOẠCH\nI. MỤC ĐÍCH, YÊU CẦU\n"
        "Quán triệt sâu sắc nghị quyết đến cán bộ, đảng viên trong toàn tỉnh.\n"
        "- Ý kiến thứ nhất về công tác tuyên truyền.\n"
        "Đơn vị\nThời gian\nBan Tuyên giáo Tỉnh ủy\n\nHết."
    )
    assert segment(doc)[0].section == "I"


def test_docx_footnotes_are_read_after_the_body(tmp_path: Path) -> None:
    """Word keeps footnotes in a part of their own (``word/footnotes.xml``): they were not read.
    They follow the body as "[1] …", as a portal prints them, and are a part of their own."""
    import zipfile

    import docx

    document = docx.Document()
    for line in ("QUY ĐỊNH", "Điều 1. Phạm vi điều chỉnh", "Quy định này quy định về Phông lưu trữ Đảng.",
                 "Điều 2. Hiệu lực", "Quy định này có hiệu lực từ ngày ký."):
        document.add_paragraph(line)
    plain = tmp_path / "plain.docx"
    document.save(str(plain))
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    notes = (
        f'<w:footnotes {w}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:t>Thay thế Quy định số 270-QĐ/TW ngày 06/12/2014.</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    rel = ('<Relationship Id="rIdNotes" Target="footnotes.xml" Type="http://schemas.openxmlformats.org/'
           'officeDocument/2006/relationships/footnotes"/></Relationships>')
    path = tmp_path / "quy-dinh.docx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", rel.encode())
            target.writestr(item, data)
        target.writestr("word/footnotes.xml", notes)
    (doc,) = read_file(path)
    assert doc.text.endswith("ngày ký.\n\n[1] Thay thế Quy định số 270-QĐ/TW ngày 06/12/2014.")
    note = segment(doc)[-1]
    assert (note.section, note.text) == ("chú thích", "[1] Thay thế Quy định số 270-QĐ/TW ngày 06/12/2014.")


def _numbered(document, paragraph, level: int) -> None:  # noqa: ANN001 - python-docx objects
    """Give a paragraph Word automatic numbering: I. / 1. / 1.1. by level."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = document.part.numbering_part.element
    if numbering.find(".//{*}num[@{*}numId='90']") is None:
        levels = [("upperRoman", "%1."), ("decimal", "%2."), ("decimal", "%2.%3.")]
        body = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
            for i, (fmt, text) in enumerate(levels)
        )
        numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{body}</w:abstractNum>'))
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
    )


def test_docx_automatic_numbering(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    outline = [
        (0, "ĐÁNH GIÁ"), (1, "Ưu điểm"), (2, "Về tổ chức"), (2, "Về cán bộ"), (1, "Hạn chế"),
        (0, "MỤC TIÊU"), (1, "Mục tiêu chung"),
    ]
    for level, title in outline:
        _numbered(document, document.add_paragraph(title, style="Heading 2"), level)
        document.add_paragraph(f"Nội dung của phần {title.lower()} được trình bày đầy đủ.")
    path = tmp_path / "numbered.docx"
    document.save(str(path))
    (doc,) = read_file(path)
    headings = [line for line in doc.text.splitlines() if not line.startswith("Nội dung")]
    assert headings == [
        "I. ĐÁNH GIÁ", "1. Ưu điểm", "1.1. Về tổ chức", "1.2. Về cán bộ", "2. Hạn chế",
        "II. MỤC TIÊU", "1. Mục tiêu chung",
    ]
    sections = [p.section for p in segment(doc)]
    assert sections == ["I", "I.1", "I.1.1", "I.1.2", "I.2", "II", "II.1"]


def test_docx_bullets_of_a_second_level_are_items_under_the_first(tmp_path: Path) -> None:
    """Word's automatic bullets at two levels (a "-" item and the items under it, which Word may
    draw "o"): the second level reads "+", cited under its item ("ý 1.2"), not as items of the
    part counted on from the first."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:numFmt w:val="bullet"/><w:lvlText w:val="{glyph}"/></w:lvl>'
        for i, glyph in enumerate(("-", "o"))
    )
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="91">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="91"/></w:num>'))
    document.add_paragraph("1. Công tác tuyên truyền")
    for level, text in ((0, "Tổ chức tuyên truyền Nghị quyết, trong đó:"), (1, "Tổ chức hội nghị học tập;"),
                        (1, "Phát hành tài liệu hỏi - đáp;"), (0, "Kiểm tra việc học tập Nghị quyết.")):
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="91"/></w:numPr>'))
    document.save(str(tmp_path / "kh.docx"))
    (doc,) = read_file(tmp_path / "kh.docx")
    assert [(citation(doc, p).rsplit(", ", 1)[1], p.text[:2]) for p in segment(doc)] == [
        ("ý 1", "- "), ("ý 1.1", "+ "), ("ý 1.2", "+ "), ("ý 2", "- ")]


def test_corrupt_docx_and_pdf_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG")
    result = load_documents([tmp_path, tmp_path / "missing.txt"])
    assert result.documents == []
    reasons = dict(result.skipped)
    assert reasons["broken.docx"] == "tệp DOCX bị hỏng hoặc không đúng định dạng"
    assert reasons["broken.pdf"] == "tệp PDF bị hỏng"
    assert reasons["old.doc"] == "tệp .doc bị hỏng hoặc không đúng định dạng"
    assert reasons["picture.png"].startswith("định dạng không được hỗ trợ")
    assert reasons["missing.txt"] == "không tìm thấy tệp hoặc thư mục"


DOC = Path(__file__).parents[1] / "data" / "doc"


def test_old_word_files_read_as_word_shows_them() -> None:
    """A .doc (Word 97–2003), through LibreOffice: its letterhead and signature tables, its data
    table and its automatic list numbers, as a .docx gives them (tests/data/doc)."""
    (report,) = read_file(DOC / "bao-cao-128-bc-tu.doc")
    assert (report.number, report.kind, report.date, report.issuer, report.signer) == (
        "128-BC/TU", "báo cáo", "2025-12-15", "Tỉnh ủy Đồng Nai", "Lê Thị Hoa")
    assert report.title == "Báo cáo kết quả thực hiện nhiệm vụ chính trị năm 2025, phương hướng, nhiệm vụ năm 2026"
    assert [label for label, _ in outline(report)] == ["Phần thứ nhất", "I", "1", "2", "II", "Phần thứ hai", "I", "II"]
    cited = [(citation(report, p), p.text) for p in segment(report)]
    assert ("Báo cáo 128-BC/TU, Phần thứ nhất, mục II (PHÁT TRIỂN KINH TẾ - XÃ HỘI), dòng 2",
            "Chỉ tiêu: Thu ngân sách (tỷ đồng); Kế hoạch 2025: 64.700; Ước thực hiện 2025: 72.500") in cited
    assert cited[-1][1].startswith("2. Đẩy nhanh tiến độ các công trình trọng điểm")
    (notice,) = read_file(DOC / "thong-tri-09-tt-tw.doc")
    assert (notice.number, notice.kind, notice.signer) == ("09-TT/TW", "thông tri", "Nguyễn Văn Minh")
    assert [p.text for p in segment(notice)][-1] == "Thông tri này phổ biến đến chi bộ."
    # The same notice saved as OpenDocument text and as RTF reads the same.
    read = [(citation(notice, p), p.text) for p in segment(notice)]
    for suffix in (".odt", ".rtf"):
        (again,) = read_file(DOC / f"thong-tri-09-tt-tw{suffix}")
        fields = ("title", "number", "kind", "date", "issuer", "signer")
        assert [getattr(again, f) for f in fields] == [getattr(notice, f) for f in fields], suffix
        assert [(citation(again, p), p.text) for p in segment(again)] == read, suffix


def test_a_file_not_of_its_kind_is_refused_as_damaged(tmp_path: Path) -> None:
    # LibreOffice reads any bytes as plain text: a text file named .odt or .rtf is not converted.
    for suffix in (".odt", ".rtf"):
        (tmp_path / f"x{suffix}").write_text("Quyết định về việc thành lập Ban Chỉ đạo", encoding="utf-8")
        with pytest.raises(UnreadableFile, match=f"tệp \\{suffix} bị hỏng"):
            read_file(tmp_path / f"x{suffix}")


def test_pdf_reflows_lines_and_drops_running_headers(tmp_path: Path) -> None:
    other = LONG.replace("Các cấp ủy", "Mọi cấp ủy").replace("gương mẫu", "trong sáng")
    pages = [
        ["I. MỤC TIÊU", "1. Nâng cao chất lượng", f"- {LONG}"],
        [f"- {other}", "2. Đổi mới phương thức", f"- {LONG}"],
        ["II. TỔ CHỨC THỰC HIỆN", f"Ban Tổ chức Tỉnh ủy theo dõi. {other}"],
    ]
    path = write_pdf(tmp_path / "kh.pdf", pages, header="Tài liệu học tập nghị quyết")
    (doc,) = read_file(path)
    assert "Tài liệu học tập nghị quyết" not in doc.text
    lines = doc.text.splitlines()
    assert lines[:3] == ["I. MỤC TIÊU", "1. Nâng cao chất lượng", f"- {LONG}"]
    assert not any(line.strip().isdigit() for line in lines)
    sections = [p.section for p in segment(doc)]
    assert sections == ["I.1", "I.1", "I.2", "II"]


def test_jsonl(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "KL-15", "title": "Kết luận 15", "text": "1. Nội dung\n\nMột đoạn.", "number": "15-KL/TW", "date": "5/9/2021", "tag": "x"}),
        "{not json",
        json.dumps({"id": "no-text", "title": "Trống", "text": "  "}),
        "",
        json.dumps({"id": "bad#id", "text": "abc"}),
        json.dumps({"id": "KL-15", "title": "Bản trùng", "text": "Nội dung khác."}),
        json.dumps({"id": 7, "text": "Văn bản có mã số nguyên."}),
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = load_documents([tmp_path / "batch.jsonl"])
    assert [doc.id for doc in result.documents] == ["KL-15", "7"]
    first = result.documents[0]
    assert (first.title, first.number, first.date, first.kind) == ("Kết luận 15", "15-KL/TW", "2021-09-05", "kết luận")
    assert first.extra == {"tag": "x"}
    assert result.skipped == [
        ("batch.jsonl (dòng 2)", "dòng không phải JSON hợp lệ"),
        ("batch.jsonl (dòng 3)", "thiếu trường 'text' có nội dung"),
        ("batch.jsonl (dòng 5)", "thiếu trường 'id' hợp lệ (chuỗi không rỗng, không chứa '#')"),
        ("batch.jsonl", "mã văn bản 'KL-15' bị trùng, bỏ qua bản sau"),
    ]


def test_folders_ids_and_manifest(tmp_path: Path, bundled_dir: Path) -> None:
    shutil.copytree(bundled_dir, tmp_path / "corpus")
    (tmp_path / "corpus" / ".hidden.txt").write_text("bí mật", encoding="utf-8")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "nq-dh13-2021.md").write_text("Bản khác của nghị quyết.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text(" \n\n", encoding="utf-8")
    result = load_documents([tmp_path / "corpus", tmp_path / "other", tmp_path / "empty.txt"])
    ids = [doc.id for doc in result.documents]
    assert ids == ["kh-230-tu-2023-chuyende2", "nq-dh13-2021", "nq-dh13-2021-2"]
    assert result.skipped == [("empty.txt", "tệp không có nội dung văn bản")]
    plan = result.documents[0]
    assert plan.number == "230-KH/TU" and plan.date == "2023-03-10"
    assert plan.kind == "tài liệu học tập (chuyên đề)"
    assert plan.issuer == "Ban Tổ chức Tỉnh ủy Đồng Nai"
    assert "tổ cức" in plan.extra["notes"]  # manifest cells are kept as written


def test_bad_manifest_is_reported_once(tmp_path: Path) -> None:
    (tmp_path / "MANIFEST.tsv").write_text("name\ttitle\n", encoding="utf-8")
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Kế hoạch số 12-KH/TU ngày 1/2/2024\n\n1. Nội dung\n\nMột đoạn văn.\n", encoding="utf-8")
    result = load_documents([tmp_path])
    assert [doc.number for doc in result.documents] == ["12-KH/TU", "12-KH/TU"]
    assert result.skipped == [("MANIFEST.tsv", "bảng kê thiếu cột 'file'")]


def test_slug() -> None:
    assert slug("Nghị quyết số 28-NQ/TW (bản in)") == "nghi-quyet-so-28-nq-tw-ban-in"
    assert slug("Đại hội XIII") == "dai-hoi-xiii"
    assert slug("###") == "tai-lieu"


def test_a_page_opening_with_a_rule_keeps_its_text(tmp_path: Path) -> None:
    """A rule ("---") at the top and another further down frame no front matter: the text between
    them is the document's, never dropped as a site's metadata."""
    (tmp_path / "tb.md").write_text(
        "---\n\nTHÔNG BÁO\n\nKết luận của Thường trực Tỉnh ủy về công tác cán bộ.\n\n---\n\n"
        "1. Các cơ quan khẩn trương triển khai thực hiện.\n",
        encoding="utf-8",
    )
    (doc,) = read_file(tmp_path / "tb.md")
    assert "Kết luận của Thường trực Tỉnh ủy về công tác cán bộ." in doc.text


def test_a_table_set_apart_ends_before_the_text_under_it() -> None:
    """A report's figures in the portal's layout cells, the page's paragraphs set apart: the text
    under the table, and the next part's heading, ran into the last row as cells of it."""
    from corpus.markdown import markdown_text

    rows = [["**TT**", "**Cấp giải quyết**", "**Số hồ sơ tiếp nhận**", "**Tỷ lệ đúng hạn**"],
            ["1", "Cấp tỉnh", "186.420", "98,7%"], ["2", "Cấp xã", "1.058.898", "99,2%"]]
    # A lone "|" between two cells, two between two rows.
    table = "\n|\n|\n".join("\n|\n".join(row) for row in rows)
    source = (
        "**3. Cải cách thủ tục hành chính**\n\nKết quả giải quyết hồ sơ năm 2025 như sau:\n|\n" + table
        + "\n|\n\nTỷ lệ hồ sơ được số hóa kết quả giải quyết đạt 91,2%.\n\n**4. Cải cách tổ chức bộ máy hành chính**\n\n"
        "Tỉnh đã giảm 09 sở và tương đương.\n"
    )
    lines = markdown_text(source).split("\n")
    assert "TT: 2; Cấp giải quyết: Cấp xã; Số hồ sơ tiếp nhận: 1.058.898; Tỷ lệ đúng hạn: 99,2%" in lines
    assert "Tỷ lệ hồ sơ được số hóa kết quả giải quyết đạt 91,2%." in lines
    assert "4. Cải cách tổ chức bộ máy hành chính" in lines
