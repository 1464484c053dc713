"""The pages written in the portal's shapes for kinds the real pages lack (``tests/data/shaped``):
every field their writer expected, and no passage of chrome, letterhead, signature or recipients.
Each rule they found has its own test on a real page or on the shape alone where one could be
made; the rest are read here on the pages where they were found."""

from __future__ import annotations

import csv

from bench.reading import FIELDS, SHAPED, shaped
from corpus.cite import citation
from corpus.read import read_file
from corpus.segment import segment


def test_the_pages_of_other_kinds_read_as_their_writer_expected() -> None:
    report = shaped()
    assert report.documents == 212
    assert report.mismatches == [] and all(report.right[name] == 212 for name in [*FIELDS, "recipients"])
    assert report.chrome == []


def test_a_dispatchs_addressees_are_its_letterhead() -> None:
    # "THỦ TƯỚNG CHÍNH PHỦ điện:" / "- Các Bộ trưởng: …" was a heading over its addressees and its
    # opening paragraphs, each a point of it.
    (dispatch,) = read_file(SHAPED / "226-cd-ttg.md")
    passages = segment(dispatch)
    assert passages[0].text.startswith("Thời gian qua, thực hiện Chỉ thị số 23-CT/TW")
    assert citation(dispatch, passages[0]) == "Công điện 226/CĐ-TTg, phần mở đầu, ý 1"
    assert not any("Các Bộ trưởng: Công an, Xây dựng" in p.text for p in passages)


def test_a_table_numbered_on_from_a_list_above_it_is_one_table() -> None:
    # A commendation's five bodies numbered 1–5 in cells, then its twelve people in a table: the
    # fifth body ran into the table's names, and the table ended at its row 5 (the list's next).
    (decision,) = read_file(SHAPED / "2871-qd-ubnd.md")
    passages = segment(decision)
    bodies = [p for p in passages if "Tập thể" in " ".join(p.headings)]
    assert [p.text.split(".", 1)[0] for p in bodies] == ["1", "2", "3", "4", "5"]
    people = [citation(decision, p).rsplit(", ", 1)[-1] for p in passages if "Cá nhân" in " ".join(p.headings)]
    assert people == [f"dòng {n}" for n in range(1, 13)]


def test_joint_coordination_rules_of_two_provincial_bodies() -> None:
    # "QUY CHẾ PHỐI HỢP" / "GIỮA SỞ TƯ PHÁP VÀ …": the title stopped at its kind's words; the
    # letterhead "SỞ TƯ PHÁP - CÔNG AN" / "TỈNH ĐỒNG THÁP" names the province once for both; the
    # second signer writes his rank before his name ("Đại tá Lâm Thành Nghĩa") and was lost.
    (rules,) = read_file(SHAPED / "01-qcph-stp-cat.md")
    assert rules.title.startswith("Quy chế phối hợp giữa Sở Tư pháp và Công an tỉnh Đồng Tháp trong công tác")
    assert rules.issuer == "Sở Tư pháp tỉnh Đồng Tháp - Công an tỉnh Đồng Tháp"
    assert rules.signer == "Huỳnh Minh Triết, Lâm Thành Nghĩa"


def test_an_appendix_named_over_two_lines_around_a_document_number() -> None:
    # "… CHƯƠNG TRÌNH HÀNH" / "ĐỘNG SỐ 24-CTr/TU": the number's lowercase "r" made the second line
    # no capitals, a heading of its own under the appendix.
    (programme,) = read_file(SHAPED / "24-ctr-tu.md")
    rows = [p for p in segment(programme) if p.section.startswith("Phụ lục")]
    assert rows and all(p.headings[0].endswith("CHƯƠNG TRÌNH HÀNH ĐỘNG SỐ 24-CTr/TU") for p in rows)


def test_a_dispatchs_addressees_are_whom_it_is_sent_to_and_a_heading_on_power_is_none() -> None:
    from corpus import frame
    from corpus.metadata import find_addressees

    (dispatch,) = read_file(SHAPED / "226-cd-ttg.md")
    assert find_addressees(dispatch.text)[1] == "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"
    # The dispatch's line is a body in capitals: a heading ending in "điện:" is no letterhead.
    assert frame.opens_addressees("THỦ TƯỚNG CHÍNH PHỦ điện:")
    assert not any(frame.is_letterhead(line) for line in ("Tiết kiệm điện:", "Giá bán lẻ điện:"))


def test_a_forms_signature_scaffolding_is_no_passage_and_ends_its_table() -> None:
    # A decree's application form: "XÁC NHẬN CỦA CƠ QUAN …" / "(Ký, ghi rõ họ tên, đóng dấu)" /
    # "NGƯỜI ĐỀ NGHỊ" / "(Ký và ghi rõ họ tên)" were four passages with nothing to find or ask.
    (decree,) = read_file(SHAPED / "296-2025-nd-cp.md")
    form = [p.text for p in segment(decree) if "Mẫu số 01" in p.section]
    assert any(text.startswith("ĐƠN ĐỀ NGHỊ THUÊ NHÀ Ở CÔNG VỤ") for text in form)
    assert any(text.startswith("Ghi chú: (1)") for text in form)
    assert not any("(Ký" in text or "NGƯỜI ĐỀ NGHỊ" in text for text in form)
    # A form's blank table, its place, date and signer after it: they ran into its total row,
    # which, blank, is no passage either.
    (circular,) = read_file(SHAPED / "02-2025-ttlt-bnv-btc.md")
    assert [p.text for p in segment(circular) if "Phụ lục" in p.section][-1] == "STT: II; Nội dung: Chính sách nghỉ thôi việc"


def test_an_order_promulgating_a_law() -> None:
    # "LỆNH" was no kind, "CHỦ TỊCH NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" over the signer's name
    # was letterhead (the country's name in it), and the portal's summary "… năm 2025 số
    # 47/2025/L-CTN" was cut at its "số", leaving a passage under the signer's name.
    (order,) = read_file(SHAPED / "47-2025-l-ctn.md")
    assert (order.kind, order.title, order.issuer) == ("lệnh", "Lệnh về việc công bố luật", "Chủ tịch nước")
    passages = segment(order)
    assert passages[0].text.endswith("NAY CÔNG BỐ:\n\nLuật sửa đổi, bổ sung một số điều của Luật Tiếp công dân")
    assert passages[-1].text.startswith("Đã được Quốc hội") and all(p.section == "" for p in passages)


def test_a_consolidated_text() -> None:
    # Its number says what it is under the merged circular's "THÔNG TƯ"; the note naming the texts
    # it merges ("1. Thông tư số 19/2024/TT-BTC …") opens it, and the articles a footnote quotes
    # ("[8] Điều 2 của Thông tư … quy định như sau:" / "“Điều 2. …" / "1. …") are not its parts.
    (merged,) = read_file(SHAPED / "38-vbhn-btc.md")
    assert merged.kind == "văn bản hợp nhất" and merged.title.startswith("Thông tư quy định việc quản lý")
    passages = segment(merged)
    assert citation(merged, passages[1]) == "Văn bản hợp nhất 38/VBHN-BTC, phần mở đầu, ý 2"
    assert passages[3].text.startswith("Căn cứ Luật Ngân sách nhà nước")
    assert citation(merged, passages[4]).startswith("Văn bản hợp nhất 38/VBHN-BTC, Điều 1 (Phạm vi")
    assert "Chú thích" in citation(merged, passages[-1]) and passages[-1].text.endswith("tiếp tục thực hiện.”.")


def test_a_party_congress_a_party_letter_and_a_budget_resolution() -> None:
    (congress,) = read_file(SHAPED / "01-nq-dh.md")
    assert congress.issuer == "Đại hội đại biểu Đảng bộ xã Tiên Lữ lần thứ I"
    # "Số 1287-CV/TU*V/v tập trung …*": the subject in italics run into the number's line.
    (letter,) = read_file(SHAPED / "1287-cv-tu.md")
    assert letter.number == "1287-CV/TU" and letter.title.startswith("Công văn về việc tập trung lãnh đạo")
    # "tổ chức đảng" in the body's lowercase, not "tổ chức" then "Đảng".
    (guide,) = read_file(SHAPED / "34-hd-btctw.md")
    assert "sau sắp xếp tổ chức đảng theo mô hình" in guide.title
    # "b) Thu từ hoạt động xuất khẩu, nhập khẩu:" / "60.000 triệu đồng.": the sum is the point's.
    (budget,) = read_file(SHAPED / "86-nq-hdnd.md")
    assert any(p.text == "b) Thu từ hoạt động xuất khẩu, nhập khẩu: 60.000 triệu đồng." for p in segment(budget))


def test_an_amending_texts_clause_names_what_it_amends() -> None:
    # "khoản 2, khoản 1" read as a clause of a clause; the new Điều 12's clause 1 is meant.
    (law,) = read_file(SHAPED / "118-2025-qh15.md")
    cited = [citation(law, p).split("), ", 1)[1] for p in segment(law) if p.section.startswith("Điều 1.")]
    assert "khoản 2 (sửa đổi, bổ sung Điều 12), khoản 1" in cited
    assert "khoản 5 (bổ sung Điều 25a), khoản 4" in cited
    assert "khoản 7" in cited  # "Bãi bỏ Điều 13 và Điều 16." is the clause's own text, no new wording


def test_a_row_on_one_line_keeps_its_empty_cells() -> None:
    # "2028 | | 34 | 59 |": 34 was read as the second column's, the empty cell dropped.
    (scheme,) = read_file(SHAPED / "09-da-tu.md")
    row = next(p.text for p in segment(scheme) if p.text.startswith("Năm: 2028"))
    assert row == "Năm: 2028; Số chi bộ xóm, tổ dân phố thành lập mới: 34; Số xóm, tổ dân phố còn chưa có chi bộ riêng (cuối năm): 59"


def test_a_reports_table_total_and_a_paragraph_wrapped_after_its_colon() -> None:
    (report,) = read_file(SHAPED / "5218-bc-bvhttdl.md")
    passages = segment(report)
    # "Tổng số" over the first column, a change "-412" among its figures: they go under the last.
    assert any(p.text.endswith("so với năm 2024 (vụ): -412") and p.text.startswith("Tổng số; Năm 2024 (vụ): 4.254") for p in passages)
    # "100% vụ việc … theo quy định:" / "áp dụng biện pháp …" was a heading over its own rest.
    handled = next(p for p in passages if p.text.startswith("100% vụ việc"))
    assert "theo quy định: áp dụng biện pháp cấm tiếp xúc" in " ".join(handled.text.split())
    assert citation(report, handled).endswith("mục II.4 (Hỗ trợ nạn nhân và xử lý người có hành vi bạo lực)")


def test_communes_of_a_kind_are_no_place_name() -> None:
    (resolution,) = read_file(SHAPED / "247-2025-qh15.md")
    assert resolution.title.endswith("tại các xã biên giới đất liền")


def test_a_tables_total_and_the_text_the_page_left_in_its_last_cell() -> None:
    # An inspection's conclusions: the total's figures went under the last columns (one of text),
    # and the rest of the document, its parts III–V, recipients and signature, was one cell of it.
    (conclusion,) = read_file(SHAPED / "745-kl-ttr.md")
    passages = segment(conclusion)
    assert any(p.text == "Tổng cộng; Giá trị đã thanh toán: 21.603,0; Giá trị sai phạm: 612,3" for p in passages)
    assert citation(conclusion, passages[-1]) == "Kết luận 745/KL-TTr, Phần kết"
    assert any(citation(conclusion, p).startswith("Kết luận 745/KL-TTr, mục V.1 (Về kinh tế") for p in passages)
    # A real plan's total over the first columns, a column of notes last: under "Thành tiền".
    (plan,) = read_file(SHAPED.parent / "realdocs" / "0134-kh-ubnd.md")
    assert any(p.text.endswith("Tổng ( I +II +III +IV); Thành tiền (đồng): 1.500.000.000") for p in segment(plan))
    # A total's label alone over its figures alone (the layout cells lost their empty ones) headed
    # every row after it as a group's name; group A's subtotal and its four projects follow.
    (plan,) = read_file(SHAPED / "39-nq-hdnd.md")
    rows = [p.text for p in segment(plan) if p.text.startswith(("TỔNG CỘNG", "A. VỐN"))]
    assert rows[0] == "TỔNG CỘNG (A+B+C); Tổng mức đầu tư dự kiến: 188.900; Kế hoạch vốn giai đoạn 2026 - 2030: 186.450"
    assert len(rows) == 6


def test_an_addressee_in_brackets_over_two_lines_is_no_heading() -> None:
    # "(Địa chỉ: …, tỉnh Bắc Ninh;" / "MST: 2300817462)": the bracket's rest was a heading in
    # capitals over the whole letter.
    (letter,) = read_file(SHAPED / "6391-ct-cs.md")
    assert not any("MST" in citation(letter, p) for p in segment(letter))


def test_every_field_is_read_from_the_text_alone() -> None:
    # The portal's metadata table ("Người ký: …") had hidden that "CHÁNH THANH TRA" over a name
    # was no signature block: a PDF or a copy of the text without the table had no signer.
    from corpus.metadata import detect_metadata

    with (SHAPED / "EXPECTED.tsv").open(encoding="utf-8", newline="") as handle:
        expected = list(csv.DictReader(handle, delimiter="\t"))
    differ = []
    for row in expected:
        (page,) = read_file(SHAPED / row["file"])
        found = detect_metadata(page.text)
        differ += [(row["file"], name) for name in ("title", "number", "kind", "date", "issuer", "signer") if found.get(name, "") != row[name]]
    assert differ == []


def test_a_congress_numbered_on_a_line_of_its_own() -> None:
    # The congress's page printed from Word with a narrow letterhead column: "LẦN THỨ" / "I".
    from corpus.metadata import detect_metadata

    (page,) = read_file(SHAPED / "01-nq-dh.md")
    narrow = page.text.replace("ĐẠI HỘI ĐẠI BIỂU LẦN THỨ I", "ĐẠI HỘI ĐẠI BIỂU LẦN THỨ\nI", 1)
    assert narrow != page.text
    assert detect_metadata(narrow)["issuer"] == "Đại hội đại biểu Đảng bộ xã Tiên Lữ lần thứ I"


def test_minutes_and_an_invitation() -> None:
    # "BIÊN BẢN" and "GIẤY MỜI" were no kinds: the title ran from the letterhead ("Ủy ban nhân dân:
    # XÃ TÂN HƯNG BIÊN BẢN …") and the issuer was the title; the minutes' secretary signs too.
    (minutes,) = read_file(SHAPED / "52-bb-ubnd.md")
    assert (minutes.kind, minutes.issuer, minutes.signer) == ("biên bản", "Ủy ban nhân dân xã Tân Hưng", "Hồ Ngọc Diễm, Huỳnh Văn Lộc")
    (invitation,) = read_file(SHAPED / "417-gm-ubnd.md")
    assert invitation.kind == "giấy mời" and invitation.title.startswith("Giấy mời dự họp nghe báo cáo")


def test_an_urgency_mark_is_letterhead_not_the_issuer() -> None:
    # "HỎA TỐC" in the number's cell was read as the body under "ỦY BAN NHÂN DÂN TỈNH GIA LAI".
    from corpus import frame

    (letter,) = read_file(SHAPED / "5126-ubnd-kt.md")
    assert letter.issuer == "Ủy ban nhân dân tỉnh Gia Lai"
    for mark in ("HỎA TỐC", "THƯỢNG KHẨN", "KHẨN - MẬT", "TỐI MẬT"):
        assert frame.is_letterhead(mark) and frame.issuing_body(mark) == ""
    assert frame.issuing_body("BAN KHẨN CẤP") == "BAN KHẨN CẤP"


def test_a_propaganda_outline_its_title_dates_and_slogans() -> None:
    # "ĐỀ CƯƠNG TUYÊN TRUYỀN" was no kind (its letterhead, kind and subject one issuer); the subject
    # naming the Party and the part "I- ĐẢNG CỘNG SẢN VIỆT NAM RA ĐỜI …" were letterhead; the
    # slogans under "KHẨU HIỆU TUYÊN TRUYỀN" were points 1–8 of part III.
    from corpus import frame

    (outline,) = read_file(SHAPED / "dc-btgdvtu.md")
    assert outline.kind == "đề cương" and outline.title.endswith("Việt Nam (03/02/1930 - 03/02/2026)")
    passages = segment(outline)
    assert passages[0].section == "I" and passages[0].headings[0].startswith("ĐẢNG CỘNG SẢN VIỆT NAM RA ĐỜI")
    slogans = [p for p in passages if p.headings[:1] == ("KHẨU HIỆU TUYÊN TRUYỀN",)]
    assert len(slogans) == 8 and slogans[1].text == "2. Đảng Cộng sản Việt Nam quang vinh muôn năm!"
    assert not frame.is_letterhead("KỶ NIỆM 96 NĂM NGÀY THÀNH LẬP ĐẢNG CỘNG SẢN VIỆT NAM")
    assert frame.is_letterhead("ĐẢNG BỘ TỈNH GIA LAI ĐẢNG CỘNG SẢN VIỆT NAM")


def test_bodies_named_by_acronyms_and_mottos_of_their_own() -> None:
    # "ỦY BAN MTTQ VIỆT NAM" was the issuer as written; the Youth Union's "ĐOÀN TNCS HỒ CHÍ MINH",
    # where the national motto stands, went on its name; "ỦY BAN KIỂM TRA" alone under "ĐẢNG BỘ
    # TỈNH TÂY NINH" (run into one line) was "Đảng bộ tỉnh Tây ninhủy ban Kiểm tra".
    names = {name: read_file(SHAPED / name)[0].issuer for name in ("97-hd-mttq-btt.md", "146-kh-tdtn-tnnt.md", "214-qd-ubkttu.md")}
    assert names == {
        "97-hd-mttq-btt.md": "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh An Giang",
        "146-kh-tdtn-tnnt.md": "Ban Chấp hành Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh Vĩnh Long",
        "214-qd-ubkttu.md": "Ủy ban Kiểm tra Tỉnh ủy Tây Ninh",
    }


def test_a_court_body_and_a_quoted_crime_keep_their_case() -> None:
    # "Tòa án Nhân dân tối cao" (the people's "Nhân dân" inside the court's name) and "tội Lừa đảo
    # chiếm đoạt tài sản" (the body quotes the crime's name, capitalized as a quotation starts).
    from corpus.titlecase import sentence_case

    (resolution,) = read_file(SHAPED / "03-2025-nq-hdtp.md")
    assert resolution.issuer == "Hội đồng Thẩm phán Tòa án nhân dân tối cao"
    assert "về tội lừa đảo chiếm đoạt tài sản và tội sử dụng" in resolution.title
    assert sentence_case("TRUY CẬP CỔNG THÔNG TIN CỦA TỈNH", 'Các xã dùng “Cổng thông tin" của tỉnh.') == "truy cập cổng thông tin của tỉnh"
    # A title quoting the phrase itself quotes it as the body does.
    assert sentence_case("TRUY CẬP “CỔNG THÔNG TIN” CỦA TỈNH", 'Các xã dùng “Cổng thông tin" của tỉnh.') == "truy cập “Cổng thông tin” của tỉnh"


def test_two_signers_one_on_behalf_of_a_long_name() -> None:
    # "TM. ĐOÀN CHỦ TỊCH ỦY BAN TRUNG ƯƠNG MẶT TRẬN TỔ QUỐC VIỆT NAM" (14 words) was no signature
    # line, and the second signer of the joint resolution was lost.
    (joint,) = read_file(SHAPED / "05-2025-nqlt-cp-dctubtwmttqvn.md")
    assert joint.signer == "Phạm Quốc Thịnh, Trịnh Thị Minh Hòa"


def test_a_political_reports_subject_under_its_kind() -> None:
    # "BÁO CÁO CHÍNH TRỊ" / (blank) / "CỦA BAN CHẤP HÀNH ĐẢNG BỘ XÃ …": the title stopped at its kind.
    (report,) = read_file(SHAPED / "86-bc-du.md")
    assert report.title.startswith("Báo cáo chính trị của Ban Chấp hành Đảng bộ xã Phú Quới trình Đại hội")


def test_a_table_of_two_columns_named_in_plain_type() -> None:
    # "Loại thẻ | Hạn mức …" over three cards, inside an amended article: each card was a heading
    # over its limit ("khoản 1, Thẻ ghi nợ" :: "100.000.000 đồng/tháng") and the header was lost.
    (circular,) = read_file(SHAPED / "31-2025-tt-nhnn.md")
    rows = [p.text for p in segment(circular) if "Thẻ ghi nợ" in p.text]
    assert rows == ["Loại thẻ: Thẻ ghi nợ; Hạn mức giao dịch rút tiền, chuyển khoản, thanh toán tối đa: 100.000.000 đồng/tháng"]


def test_a_header_over_two_rows_its_spanning_names_over_each_column() -> None:
    # "Chỉ tiêu theo vùng | | | | | |" over "| | | Trung du và miền núi phía Bắc | …": no table was
    # found, each criterion a heading of its own; "Thời gian thực hiện" over "Bắt đầu" / "Hoàn
    # thành" split "Đơn vị chủ trì" instead (names as long, the dates under the time's).
    (criteria,) = read_file(SHAPED / "2734-qd-ttg.md")
    first = next(p.text for p in segment(criteria) if p.section.startswith("Phụ lục"))
    assert first.startswith("I. QUY HOẠCH — TT: 1; Tên tiêu chí: Quy hoạch; Nội dung tiêu chí: 1.1.")
    assert "; Chỉ tiêu theo vùng Tây Nguyên: Đạt;" in first
    (plan,) = read_file(SHAPED / "2185-kh-stp.md")
    row = next(p.text for p in segment(plan) if p.section.startswith("Phụ lục"))
    assert "Đơn vị chủ trì: Văn phòng; Đơn vị phối hợp: Các phòng, đơn vị; Thời gian thực hiện Bắt đầu: 01/2026;" in row


def test_a_row_opening_with_an_empty_cell_keeps_it() -> None:
    # "| **Tổng cộng** | | **11** | |": the total's figure stands under "Chỉ tiêu" (it was read one
    # column to the left, "STT: Tổng cộng; Phòng …: 11").
    (notice,) = read_file(SHAPED / "4127-tb-sxd.md")
    assert any(p.text == "Tổng cộng; Chỉ tiêu: 11" for p in segment(notice))


def test_two_party_bodies_sign_a_joint_text_under_a_letterhead_of_three_cells() -> None:
    # "ĐẢNG BỘ TỈNH ĐẮK LẮKBAN TUYÊN GIÁO … | ĐẢNG ĐOÀN ỦY BAN MẶT TRẬN … | ĐẢNG CỘNG SẢN VIỆT NAM"
    # over "Số 18-QC/BTGDVTU | Số 09-QC/ĐĐMTTQ | Đắk Lắk, ngày …" was read as a table of three
    # columns (no date, an issuer of "|"); the second block "T/M ĐẢNG ĐOÀN…(Đã ký)Y Ngọc Êban" under
    # the first was lost, and "- Lưu BTGDVTU, ĐĐMTTQ." ended no recipients list.
    (rules,) = read_file(SHAPED / "18-qc-btgdvtu.md")
    assert (rules.number, rules.date) == ("18-QC/BTGDVTU", "2025-12-12")
    assert rules.issuer == "Ban Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk - Đảng đoàn Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Đắk Lắk"
    assert rules.signer == "Nguyễn Thị Thanh Hương, Y Ngọc Êban"
    (resolution,) = read_file(SHAPED / "05-nq-tu.md")
    assert "Ban Chấp hành Đảng bộ tỉnh khóa I về phát triển" in resolution.title  # a term, no place


def test_a_branch_under_its_national_body_named_alone() -> None:
    # "TỔNG LĐLĐ VIỆT NAM" / "LĐLĐ TỈNH NGHỆ AN" was one body; "BẢO HIỂM XÃ HỘI VIỆT NAMBẢO HIỂM XÃ
    # HỘI TỈNH THANH HÓA", run into one line, was "… việt nambảo hiểm …". The letterhead's own lines
    # in the text no longer show how its lines join.
    names = {name: read_file(SHAPED / name)[0].issuer for name in ("156-kh-ldld.md", "168-bc-hlhpn.md", "3186-bhxh-qlt.md", "286-tb-kviii.md")}
    assert names == {
        "156-kh-ldld.md": "Liên đoàn Lao động tỉnh Nghệ An",
        "168-bc-hlhpn.md": "Hội Liên hiệp Phụ nữ tỉnh Đồng Tháp",
        "3186-bhxh-qlt.md": "Bảo hiểm xã hội tỉnh Thanh Hóa",
        "286-tb-kviii.md": "Kiểm toán nhà nước khu vực III",
    }


def test_party_bodies_named_with_their_place() -> None:
    # "TỈNH ỦY NGHỆ AN" / "ĐẢNG ĐOÀN" / "HỘI ĐỒNG NHÂN DÂN TỈNH"; a Party cell under its ward's
    # organization; Hồ Chí Minh City keeps "Thành phố" (the name alone is the man's).
    names = {name: read_file(SHAPED / name)[0].issuer for name in ("186-bc-dd.md", "24-nq-cb.md", "142-tb-ubkttu.md")}
    assert names == {
        "186-bc-dd.md": "Đảng đoàn Hội đồng nhân dân tỉnh Nghệ An",
        "24-nq-cb.md": "Chi bộ Tổ dân phố số 12 phường Định Công",
        "142-tb-ubkttu.md": "Ủy ban Kiểm tra Thành ủy Thành phố Hồ Chí Minh",
    }
    # The cell names itself in its title as it writes its name.
    assert read_file(SHAPED / "24-nq-cb.md")[0].title.startswith("Nghị quyết Chi bộ tháng 01 năm 2026 về")


def test_a_subject_in_lowercase_and_a_name_set_apart_under_the_kind() -> None:
    # "KẾT LUẬN KIỂM TRA" / "việc thực hiện …": the title stopped at the capitals; "**chuẩn y kết
    # quả bầu cử tại Đại hội đại biểu**" / "**Đảng bộ xã Nghĩa Hành …**", set apart, at the first line.
    (notice,) = read_file(SHAPED / "142-tb-ubkttu.md")
    assert notice.title.startswith("Thông báo kết luận kiểm tra việc thực hiện nhiệm vụ kiểm tra")
    (approval,) = read_file(SHAPED / "1127-qd-tu.md")
    assert approval.title.endswith("tại Đại hội đại biểu Đảng bộ xã Nghĩa Hành lần thứ I, nhiệm kỳ 2025 - 2030")


def test_a_rank_over_the_signer_and_a_scheme() -> None:
    # "Đại tá" on its own line over "**Trần Quốc Hưng**" was read as the signer's line, and no name.
    assert read_file(SHAPED / "462-kh-cat-pc06.md")[0].signer == "Trần Quốc Hưng"
    # "PHƯƠNG ÁN" was no kind: the title was the letterhead's "Ủy ban nhân dân: XÃ TRIỆU PHONG …".
    (scheme,) = read_file(SHAPED / "38-pa-ubnd.md")
    assert (scheme.kind, scheme.issuer) == ("phương án", "Ủy ban nhân dân xã Triệu Phong")


def test_empty_cells_inside_a_row_and_a_groups_subtotals() -> None:
    # "**4.150**" / "|" / "|" / "**4.060**": the empty cell read as the row's end, and "4.060" headed
    # every row after it as a group's name.
    (plan,) = read_file(SHAPED / "156-kh-ldld.md")
    rows = [p.text for p in segment(plan) if p.text.startswith("I. Kinh phí")]
    assert rows[0] == "I. Kinh phí của LĐLĐ tỉnh; Số suất: 4.150; Thành tiền (triệu đồng): 4.060"
    assert rows[1].startswith("I. Kinh phí của LĐLĐ tỉnh — TT: 1; Nội dung: Chương trình")
    # A group's subtotals under their columns, its rows under its name, the reserve row without
    # a number in its own columns, and the total under none of the groups.
    (resolution,) = read_file(SHAPED / "39-nq-hdnd.md")
    texts = [p.text for p in segment(resolution)]
    assert "A. VỐN NGÂN SÁCH TỈNH HỖ TRỢ CÓ MỤC TIÊU; Tổng mức đầu tư dự kiến: 119.500; Kế hoạch vốn giai đoạn 2026 - 2030: 112.600" in texts
    assert any(t.startswith("A. VỐN NGÂN SÁCH TỈNH HỖ TRỢ CÓ MỤC TIÊU — STT: 1; Danh mục dự án: Đường giao thông") for t in texts)
    assert "B. VỐN NGÂN SÁCH XÃ — Danh mục dự án: Dự phòng; Kế hoạch vốn giai đoạn 2026 - 2030: 6.450" in texts
    assert texts[texts.index("A. VỐN NGÂN SÁCH TỈNH HỖ TRỢ CÓ MỤC TIÊU; Tổng mức đầu tư dự kiến: 119.500; Kế hoạch vốn giai đoạn 2026 - 2030: 112.600") - 1].startswith(
        "TỔNG CỘNG (A+B+C); Tổng mức đầu tư dự kiến: 188.900"
    )


def test_an_appendix_titled_by_a_kind_keeps_its_label() -> None:
    # "PHỤ LỤC II" / "PHƯƠNG ÁN" / "TÁI CẤU TRÚC …" / "(Kèm theo Quyết định …)": a kind known to the
    # reader would make the appendix a text issued with the decision, cited "Phương án kèm theo".
    from bench.reading import REALDOCS

    (decision,) = read_file(REALDOCS / "1610-qd-ttpvhcc.md")
    sections = {citation(decision, p).split(", ")[1] for p in segment(decision) if "LÝ DO TÁI CẤU TRÚC" in citation(decision, p)}
    assert sections == {"Phụ lục II"}


def test_joint_issuers_one_a_line_and_a_dotted_number() -> None:
    # "BỘ TƯ PHÁP -" / "TÒA ÁN NHÂN DÂN" / "TỐI CAO": the dash was cut off the first line, which
    # then read as the court's ministry; "66.14/2026/NQ-CP" was read "14/2026/NQ-CP".
    assert read_file(SHAPED / "01-2025-ttlt-btp-tandtc.md")[0].issuer == "Bộ Tư pháp - Tòa án nhân dân tối cao"
    assert read_file(SHAPED / "66-14-2026-nq-cp.md")[0].number == "66.14/2026/NQ-CP"


def test_a_recipients_list_without_its_label() -> None:
    # The "Nơi nhận:" cell was lost: the list over "- Lưu: HC, PLTP." is still the recipients, and
    # no passage.
    from corpus.metadata import find_recipients

    (resolution,) = read_file(SHAPED / "2043-nq-ubtvqh15.md")
    assert find_recipients(resolution.text)[:3] == ["Chính phủ", "Ủy ban TW Mặt trận Tổ quốc Việt Nam", "Ban Tổ chức Trung ương"]
    assert not any(p.text.startswith(("- Bộ Nội vụ", "- Lưu")) for p in segment(resolution))


def test_names_in_titles_and_issuers_of_new_kinds_of_place() -> None:
    # A quoted title ("DANH HIỆU “NGHỆ NHÂN NHÂN DÂN”") as the body quotes it; a special zone is a
    # place ("Đặc khu phú quốc"); a ward's own committee names no place ("Đảng ủy Phường"); a
    # province's school of politics; an apostrophe in a K'Ho name (the signer was lost).
    assert 'danh hiệu "Nghệ nhân nhân dân", "Nghệ nhân ưu tú"' in read_file(SHAPED / "52-2026-nd-cp.md")[0].title
    assert read_file(SHAPED / "27-qd-ubnd.md")[0].issuer == "Ủy ban nhân dân đặc khu Phú Quốc"
    assert read_file(SHAPED / "07-ct-du.md")[0].title.startswith("Chỉ thị của Ban Thường vụ Đảng ủy phường về")
    assert read_file(SHAPED / "85-kh-tct.md")[0].issuer == "Trường Chính trị tỉnh Quảng Ngãi"
    assert read_file(SHAPED / "318-qd-ubkttu.md")[0].signer == "K' Bình Ha Sơn"


def test_a_lead_stating_facts_is_a_passage() -> None:
    # "1. Thời gian: … đến hết ngày 05/3/2026 …, chia thành 02 giai đoạn:" and "1- Ban Chấp hành Đảng
    # bộ xã … gồm 15 đồng chí, có tên sau đây:" were headings only: questions on the span and the
    # count had no passage to find.
    (plan,) = read_file(SHAPED / "462-kh-cat-pc06.md")
    assert any(p.text.startswith("1. Thời gian: cao điểm") and p.point is None for p in segment(plan))
    (decision,) = read_file(SHAPED / "2145-qd-tu.md")
    assert any("gồm 15 đồng chí, có tên sau đây:" in p.text for p in segment(decision))


def test_letterheads_of_older_and_joint_bodies() -> None:
    # "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG SỞ NỘI VỤ" (a <br> read as a space) was one body; a police
    # Party committee named by a bare level ("ĐẢNG ỦY CÔNG AN TỈNH") lost its province; a district
    # committee under its province's ("TỈNH ỦY QUẢNG BÌNHHUYỆN ỦY BỐ TRẠCH") was both run together;
    # "BAN CÁN SỰ ĐẢNG" was "Ban Cán sự Đảng"; two departments each under "UBND TỈNH NINH BÌNH" gave
    # only the second; "2856/LĐTBXH-NCC" (an issuer's code of six letters) was no number.
    issuers = {name: read_file(SHAPED / name)[0].issuer for name in (
        "412-snv-ccvc.md", "112-kh-duca.md", "18-nq-hu.md", "96-ctr-bcsd.md", "01-khlt-syt-sgddt.md",
    )}
    assert issuers == {
        "412-snv-ccvc.md": "Sở Nội vụ thành phố Hải Phòng",
        "112-kh-duca.md": "Đảng ủy Công an tỉnh Hưng Yên",
        "18-nq-hu.md": "Huyện ủy Bố Trạch",
        "96-ctr-bcsd.md": "Ban cán sự đảng Bộ Kế hoạch và Đầu tư",
        "01-khlt-syt-sgddt.md": "Sở Y tế tỉnh Ninh Bình - Sở Giáo dục và Đào tạo tỉnh Ninh Bình",
    }
    assert read_file(SHAPED / "2856-ldtbxh-ncc.md")[0].number == "2856/LĐTBXH-NCC"
    (plan,) = read_file(SHAPED / "01-khlt-syt-sgddt.md")
    assert (plan.kind, plan.title[:30]) == ("kế hoạch liên tịch", "Kế hoạch liên tịch khám sức kh")
    # "**(lần đầu)**" set apart under the subject is the title's.
    assert read_file(SHAPED / "3125-qd-ubnd.md")[0].title.endswith("của bà Hoàng Thị Lan (lần đầu)")


def test_units_under_their_parent_named_as_they_call_themselves() -> None:
    # "QUÂN KHU 1" / "BỘ CHQS TỈNH THÁI NGUYÊN" was "Quân khu 1 Bộ CHQS …"; "CỤC THUẾTHUẾ TỈNH
    # KHÁNH HÒA" was cut "THUẾT|HUẾ"; a hospital under its department, a school under one that names
    # its province without "tỉnh"; an office under the body it serves; a board of a national bank.
    names = {name: read_file(SHAPED / name)[0].issuer for name in (
        "1586-kh-bch.md", "2317-tb-khh.md", "2457-kvxi-ksc.md", "214-bc-hndt.md", "45-qd-bvdk.md",
        "27-kh-thptnth.md", "48-bc-vp.md", "06-kh-bdd.md", "02-hd-hdtdkt.md", "09-nq-du.md",
        "118-tb-pcht.md", "15-tb-cax.md", "37-cckl-bvr.md", "125-qd-bptth.md", "09-tb-tthdnd.md",
        "18-kh-mttq-btt.md", "215-bc-lmhtx.md")}
    assert names == {
        "1586-kh-bch.md": "Bộ Chỉ huy Quân sự tỉnh Thái Nguyên",
        "2317-tb-khh.md": "Thuế tỉnh Khánh Hòa",
        "2457-kvxi-ksc.md": "Kho bạc Nhà nước khu vực XI",
        "214-bc-hndt.md": "Ban Chấp hành Hội Nông dân tỉnh Lào Cai",
        "45-qd-bvdk.md": "Bệnh viện Đa khoa tỉnh Phú Thọ",
        "27-kh-thptnth.md": "Trường Trung học phổ thông Nguyễn Thái Học tỉnh Gia Lai",
        "48-bc-vp.md": "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh Cà Mau",
        "06-kh-bdd.md": "Ban đại diện Hội đồng quản trị Ngân hàng Chính sách xã hội tỉnh Cà Mau",
        "02-hd-hdtdkt.md": "Hội đồng Thi đua - Khen thưởng tỉnh Sơn La",
        "09-nq-du.md": "Đảng ủy các cơ quan Đảng tỉnh Phú Thọ",
        # A company under its corporation, a commune's police under the province's, a
        # sub-department glued to its department ("… TỈNH ĐẮK LẮKCHI CỤC KIỂM LÂM").
        "118-tb-pcht.md": "Công ty Điện lực Hà Tĩnh",
        "15-tb-cax.md": "Công an xã Kim Liên",
        "37-cckl-bvr.md": "Chi cục Kiểm lâm tỉnh Đắk Lắk",
        # A body whose name ends on its province's; a council's standing committee; a Front
        # committee's standing board acts for the committee; "LIÊN MINH HTX" (no commune in "HỢP TÁC XÃ").
        "125-qd-bptth.md": "Báo và Phát thanh, Truyền hình Đồng Nai",
        "09-tb-tthdnd.md": "Thường trực Hội đồng nhân dân xã Nghĩa Đàn",
        "18-kh-mttq-btt.md": "Ủy ban Mặt trận Tổ quốc Việt Nam xã Đức Hòa",
        "215-bc-lmhtx.md": "Liên minh Hợp tác xã tỉnh Ninh Bình",
    }
    # "TỔNG BIÊN TẬP …" enacts the decision: no part of its title. "TRƯỞNG CÔNG AN XÃ" signs.
    (decision,) = read_file(SHAPED / "125-qd-bptth.md")
    assert decision.title.endswith("trên các loại hình báo chí của Báo và Phát thanh, Truyền hình Đồng Nai")
    assert read_file(SHAPED / "15-tb-cax.md")[0].signer == "Hoàng Văn Dũng"


def test_a_subject_line_before_the_enacting_authority_and_a_signer_with_his_degree() -> None:
    # "**Về việc kiện toàn Hội đồng Thuốc và Điều trị**" / "**Bệnh viện Đa khoa tỉnh Phú Thọ năm
    # 2026**" / "**GIÁM ĐỐC BỆNH VIỆN …**": the second line, set apart, is the subject's; the
    # director signs "BSCKII. Nguyễn Hữu Tâm".
    (decision,) = read_file(SHAPED / "45-qd-bvdk.md")
    assert decision.title.endswith("Hội đồng Thuốc và Điều trị Bệnh viện Đa khoa tỉnh Phú Thọ năm 2026")
    assert decision.signer == "Nguyễn Hữu Tâm"


def test_an_older_style_numbers_with_slashes() -> None:
    # "I/ MỤC ĐÍCH", "1/ Công tác kiểm tra, giám sát", "a/ Mỗi thành viên …": each item was an "ý"
    # of its part; "a/" is a point of "1/", which heads it.
    (plan,) = read_file(SHAPED / "06-kh-bdd.md")
    cited = {citation(plan, p) for p in segment(plan) if p.text.startswith("a/ Mỗi thành viên")}
    assert cited == {"Kế hoạch 06/KH-BĐD, mục IV.1 (Công tác kiểm tra, giám sát), điểm a"}


def test_new_bodies_kinds_and_signers_of_the_last_pages() -> None:
    read = {name: read_file(SHAPED / name)[0] for name in (
        "1842-kvviii-nv.md", "386-qd-bqlda.md", "27-qd-thads.md", "215-nq-du.md", "thu-chuc-tet-tu.md",
        "27-lkg-mttq-btt.md", "318-ctrph-cat.md")}
    assert {name: doc.issuer for name, doc in read.items()} == {
        # "CỤC HẢI QUANCHI CỤC …": "QUANCHI" has no marked vowel and read as an acronym.
        "1842-kvviii-nv.md": "Chi cục Hải quan khu vực VIII",
        # "BAN QLDA ĐẦU TƯ XÂY DỰNG" / "CÁC CÔNG TRÌNH GIAO THÔNG": no name opens with "CÁC".
        "386-qd-bqlda.md": "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh Tuyên Quang",
        # Three levels, the unit's place on a line of its own.
        "27-qd-thads.md": "Thi hành án dân sự tỉnh Phú Thọ",
        "215-nq-du.md": "Đảng ủy Quân sự tỉnh Hà Tĩnh",
        "thu-chuc-tet-tu.md": "Tỉnh ủy Cà Mau",
        "27-lkg-mttq-btt.md": "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Đắk Lắk",
        # Two cells, each a body under its national parent.
        "318-ctrph-cat.md": "Công an tỉnh Tuyên Quang - Hội Liên hiệp Phụ nữ tỉnh Tuyên Quang",
    }
    # An enforcement officer signs; a rank after "(Đã ký)" is no part of the name.
    assert read["27-qd-thads.md"].signer == "Đinh Công Tuấn"
    assert read["215-nq-du.md"].signer == "Phan Văn Hiếu"
    # A letter and an appeal are kinds; the portal's "Khongso" is no number; the writer's subject
    # set apart under the kind ("**THƯ CHÚC TẾT**" / "CỦA BÍ THƯ TỈNH ỦY GỬI …") is the title's.
    letter = read["thu-chuc-tet-tu.md"]
    assert (letter.kind, letter.number) == ("thư", "")
    assert letter.title.startswith("Thư chúc Tết của Bí thư Tỉnh ủy gửi cán bộ, đảng viên")
    assert read["27-lkg-mttq-btt.md"].kind == "lời kêu gọi"
    # "Luật Phòng, chống bạo lực gia đình" capitalizes the law's name, not "phòng, chống".
    assert "bảo đảm an ninh, trật tự, phòng, chống tội phạm" in read["318-ctrph-cat.md"].title


def test_central_bodies_joint_guides_and_an_approvers_block() -> None:
    read = {name: read_file(SHAPED / name)[0] for name in (
        "21-hd-mttw-dct.md", "318-kh-twdtn-pt.md", "02-hdln-cat-vks-ta.md", "72-kh-mnsc.md", "4128-ct-bgddt.md",
        "09-kh-hnb.md")}
    # The Presidium acts for the Front's Central Committee; the Youth Union's Central Committee
    # has its name where the national name stands ("BAN CHẤP HÀNH TRUNG ƯƠNG" | "ĐOÀN TNCS HỒ CHÍ MINH").
    assert read["21-hd-mttw-dct.md"].issuer == "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"
    assert read["318-kh-twdtn-pt.md"].issuer == "Ban Chấp hành Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh"
    # Three bodies of one province, each named with it once; the police's signer under his rank.
    guide = read["02-hdln-cat-vks-ta.md"]
    assert guide.kind == "hướng dẫn liên ngành"
    assert guide.issuer == (
        "Công an tỉnh Hưng Yên - Viện kiểm sát nhân dân tỉnh Hưng Yên - Tòa án nhân dân tỉnh Hưng Yên"
    )
    assert guide.signer == "Trần Quốc Việt, Phạm Thị Thu Hường, Đặng Văn Khải"
    # "DUYỆT CỦA ỦY BAN NHÂN DÂN XÃ …" beside the principal approves the plan; she signs it.
    assert read["72-kh-mnsc.md"].signer == "Đinh Thị Bích Liên"
    # A subject cut inside a range of years, or before the numeral "lần thứ" awaits ("I - năm
    # 2026", no part heading).
    assert read["4128-ct-bgddt.md"].title.endswith("năm học 2025 - 2026 của ngành Giáo dục")
    assert read["09-kh-hnb.md"].title.endswith("Tây Ninh lần thứ I - năm 2026")
