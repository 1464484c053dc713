"""Segmentation of the two bundled documents and of small synthetic ones."""

from __future__ import annotations

import pytest

from corpus.document import Document, Passage
from corpus.segment import estimate_tokens, segment


def _find(passages: list[Passage], phrase: str) -> Passage:
    found = [p for p in passages if phrase in p.text]
    assert len(found) == 1, f"{phrase!r} in {len(found)} passages"
    return found[0]


def _segmented(text: str) -> list[Passage]:
    """The passages of a document of ``text``, their invariants checked."""
    doc = Document(id="doc", text=text)
    passages = segment(doc)
    _check_invariants(doc, passages)
    return passages


def _check_invariants(doc: Document, passages: list[Passage]) -> None:
    assert [p.order for p in passages] == list(range(len(passages)))
    previous_end = 0
    for p in passages:
        assert p.doc_id == doc.id
        assert p.text == doc.text[p.start:p.end]
        assert p.text == p.text.strip() and p.text
        assert p.start >= previous_end, "passages overlap or are out of order"
        previous_end = p.end


@pytest.fixture(scope="module")
def plan_passages(plan: Document) -> list[Passage]:
    return segment(plan)


@pytest.fixture(scope="module")
def resolution_passages(resolution: Document) -> list[Passage]:
    return segment(resolution)


def test_plan_sections(plan: Document, plan_passages: list[Passage]) -> None:
    _check_invariants(plan, plan_passages)
    jobs = _find(plan_passages, "Đến năm 2025, phải cơ bản hoàn thiện xây dựng vị trí việc làm")
    assert jobs.section == "IV.3.1"
    assert jobs.headings == (
        "NHIỆM VỤ, GIẢI PHÁP",
        "Đổi mới, nâng cao chất lượng, hiệu quả công tác tổ chức, cán bộ",
        "Về tổ chức bộ máy",
    )
    assert jobs.point == 3
    trust = _find(plan_passages, "lấy phiếu tín nhiệm")
    assert (trust.section, trust.point) == ("IV.3.2", 7)
    assert trust.headings[-1] == "Về công tác cán bộ"
    assert trust.text.startswith("- Thường xuyên cảnh báo")
    assert _find(plan_passages, "Qua hơn 15 năm thực hiện").section == "I.1"
    assert _find(plan_passages, "Tạo sự chuyển biến mạnh mẽ, thực chất").section == "III"
    # The heading of IV.4 has no blank line before its first bullet.
    assert _find(plan_passages, "Tăng cường, nâng cao hiệu lực").section == "IV.4"


def test_plan_title_block_and_signature_are_not_passages(plan_passages: list[Passage]) -> None:
    texts = " ".join(p.text for p in plan_passages)
    assert "CHUYÊN ĐỀ 2" not in texts
    assert "Kế hoạch số 230-KH/TU ngày 10/3/2023 của Ban Chấp hành" not in texts
    assert "BAN TỔ CHỨC TỈNH ỦY" not in texts
    assert plan_passages[0].section == "I.1"


def test_plan_sub_paragraphs_stay_with_their_bullet(plan_passages: list[Passage]) -> None:
    """"- ... thực hiện tốt các nội dung sau:" and its "Đối với ..." paragraphs are one item."""
    intro = _find(plan_passages, "thực hiện tốt các nội dung sau:")
    courts = _find(plan_passages, "Đối với các cơ quan tư pháp")
    assert intro.section == courts.section == "IV.1"
    assert intro.point == courts.point == 4
    assert intro.part >= 1 and courts.part > intro.part


def test_resolution_sections(resolution: Document, resolution_passages: list[Passage]) -> None:
    _check_invariants(resolution, resolution_passages)
    opening = resolution_passages[0]
    assert opening.section == "" and opening.text.startswith("Đại hội đại biểu toàn quốc lần thứ XIII")
    approval = _find(resolution_passages, "I- Tán thành những nội dung cơ bản")
    assert approval.section == "I"
    assert approval.headings[0].startswith("Tán thành những nội dung cơ bản")
    assert _find(resolution_passages, "Trong những năm tới, tình hình thế giới").section == "I.2"
    targets = [p for p in resolution_passages if p.section == "I.2.mục tiêu cụ thể"]
    assert [p.point for p in targets] == [1, 2, 3]
    assert targets[1].text.startswith("- Đến năm 2030, kỷ niệm 100 năm thành lập Đảng")
    assert targets[1].headings[1:] == ("Tầm nhìn và định hướng phát triển", "Mục tiêu cụ thể")
    general = _find(resolution_passages, "Nâng cao năng lực lãnh đạo, năng lực cầm quyền và sức chiến đấu")
    assert (general.section, general.point) == ("I.2.mục tiêu tổng quát", None)
    views = _find(resolution_passages, "Kiên định và vận dụng, phát triển sáng tạo")
    assert (views.section, views.point) == ("I.2.quan điểm", 1)


def test_resolution_numbered_items_under_labels(resolution_passages: list[Passage]) -> None:
    infrastructure = _find(resolution_passages, "(3) Xây dựng hệ thống kết cấu hạ tầng")
    assert infrastructure.section == "I.2.đột phá(3)"
    assert infrastructure.headings[-2:] == (
        "Các đột phá chiến lược",
        "Xây dựng hệ thống kết cấu hạ tầng đồng bộ, hiện đại cả về kinh tế và xã hội…",
    )
    assert infrastructure.text.startswith("(3) Xây dựng")
    assert _find(resolution_passages, "(12) Tiếp tục nắm vững").section == "I.2.định hướng phát triển(12)"
    assert _find(resolution_passages, "(6) Quản lý chặt chẽ, sử dụng hợp lý").section == "I.2.nhiệm vụ(6)"
    economy = _find(resolution_passages, "Về kinh tế: Tốc độ tăng trưởng")
    assert (economy.section, economy.point) == ("I.2.định hướng chỉ tiêu", 1)
    assert _find(resolution_passages, "VI- Thông qua kết quả bầu").section == "VI"
    appeal = _find(resolution_passages, "Đại hội kêu gọi toàn Đảng")
    assert (appeal.section, appeal.point) == ("VII", 2)
    texts = " ".join(p.text for p in resolution_passages)
    assert "QUYẾT NGHỊ" not in texts and "ĐẠI HỘI ĐẠI BIỂU TOÀN QUỐC LẦN THỨ XIII" not in texts


@pytest.mark.parametrize("name", ["plan", "resolution"])
def test_every_heading_has_content_and_nothing_is_lost(name: str, request: pytest.FixtureRequest) -> None:
    doc: Document = request.getfixturevalue(name)
    passages = segment(doc)
    # No heading-only passage: each passage holds more than a heading line's worth of words,
    # and no passage is one of the section titles.
    titles = {h for p in passages for h in p.headings}
    for p in passages:
        assert p.text not in titles
        assert len(p.text.split()) >= 8, p.text
    # Every long line of the document (content) is covered by some passage.
    covered = [False] * len(doc.text)
    for p in passages:
        covered[p.start:p.end] = [True] * (p.end - p.start)
    offset = 0
    for line in doc.text.split("\n"):
        if len(line.split()) > 60:
            gaps = [c for i, c in enumerate(line) if not covered[offset + i] and not c.isspace()]
            assert not gaps, line[:60]
        offset += len(line) + 1


def test_a_clause_without_its_full_stop_is_kept() -> None:
    # Read as a heading with nothing under it, a clause lacking its full stop was lost: between
    # its siblings, last before the next article, or a lettered item last before the next clause.
    text = (
        "Điều 2. Đối tượng chịu lệ phí trước bạ\n\n1. Nhà, đất.\n"
        "2. Súng săn; súng dùng để tập luyện, thi đấu thể thao\n3. Tàu thủy, kể cả sà lan, ca nô\n\n"
        "Điều 3. Mức thu\n\n1. Ô tô:\na) Ô tô chở người từ 09 chỗ ngồi trở xuống nộp 2%\nb) Ô tô tải nộp 2%;\n"
        "c) Xe máy nộp 1%\n2. Nhà, đất: Mức thu là 0,5%.\n\nĐiều 4. Hiệu lực\n\nNghị định này có hiệu lực từ ngày ký.\n"
    )
    passages = _segmented(text)
    assert [p.section for p in passages] == [
        "Điều 2.1", "Điều 2.2", "Điều 2.3", "Điều 3.1.a)", "Điều 3.1.b)", "Điều 3.1.c)", "Điều 3.2", "Điều 4",
    ]
    assert _find(passages, "Súng săn").text.endswith("thi đấu thể thao")
    assert _find(passages, "Xe máy").headings[-2] == "Ô tô"


def test_bare_names_under_a_lead_are_its_list() -> None:
    # "Tổ giúp việc gồm:" was dropped as a filler and the names under it as stray signature names:
    # the part was lost whole. The signer's name under the signature stays out.
    text = (
        "Điều 2. Ban Chỉ đạo giúp Chủ tịch UBND tỉnh chỉ đạo công tác chuyển đổi số.\n"
        "Tổ giúp việc gồm:\nTrần Văn An\nBà Nguyễn Thị Bình\nPhạm Quốc Cường\n\n"
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.\n\nCHỦ TỊCH\nVõ Tấn Đức\n"
    )
    passages = _segmented(text)
    members = _find(passages, "Tổ giúp việc gồm:")
    assert members.section == "Điều 2"
    assert members.text.split("\n") == ["Tổ giúp việc gồm:", "Trần Văn An", "Bà Nguyễn Thị Bình", "Phạm Quốc Cường"]
    assert not any("Võ Tấn Đức" in p.text for p in passages)


def test_a_lead_sentence_over_unnumbered_steps_is_kept() -> None:
    # "… theo trình tự sau đây:" read as a part's name, closed by the first "Bước 1." as its
    # sibling, and lost (1520/QĐ-UBND's Điều 4).
    text = (
        "Điều 4. Các bước tiếp công dân\n"
        "Việc tiếp công dân tại Trụ sở Tiếp công dân tỉnh được thực hiện theo trình tự sau đây:\n"
        "Bước 1. Đón tiếp, xác định nhân thân của công dân\n"
        "Người tiếp công dân đề nghị công dân nêu rõ họ tên, địa chỉ.\n"
        "Bước 2. Nghe, ghi chép nội dung trình bày của công dân\n"
        "Người tiếp công dân nghe, ghi chép đầy đủ nội dung công dân trình bày.\n"
    )
    passages = _segmented(text)
    lead = _find(passages, "Việc tiếp công dân tại Trụ sở")
    assert lead.section == "Điều 4" and lead.text.endswith("theo trình tự sau đây:")
    assert [p.section for p in passages[-2:]] == ["Điều 4.bước 1", "Điều 4.bước 2"]


def test_an_articles_lead_before_its_clauses_is_kept() -> None:
    # An article read alone, its name on the first line (how the legal benchmark gives them): the
    # lead before "1." was lost, numbered parts never standing under an unnumbered label.
    text = (
        "Chấm dứt sở hữu chung\n\nSở hữu chung chấm dứt trong trường hợp sau đây:\n\n"
        "1. Tài sản chung đã được chia.\n\n2. Tài sản chung không còn.\n"
    )
    passages = _segmented(text)
    assert [(p.section, p.text) for p in passages] == [
        ("", "Sở hữu chung chấm dứt trong trường hợp sau đây:"),
        ("1", "1. Tài sản chung đã được chia."),
        ("2", "2. Tài sản chung không còn."),
    ]


def test_an_articles_last_sentence_with_the_end_mark_is_the_articles() -> None:
    # "./." ended the document, so the executing sentence under "Điều 4." was cited "Phần kết";
    # a law's "… được Quốc hội … thông qua" after its last article still closes the text, and a
    # recipients list under a bare "NƠI NHẬN" heading (a Markdown copy) is no passage.
    text = (
        "Điều 3. Bộ Y tế chủ trì triển khai xây dựng Luật.\n\n"
        "Điều 4. Hiệu lực thi hành\n\nNghị quyết này có hiệu lực thi hành kể từ ngày ký ban hành.\n\n"
        "Bộ trưởng Bộ Y tế, Thủ trưởng cơ quan có liên quan chịu trách nhiệm thi hành Nghị quyết này./.\n\n"
        "NƠI NHẬN\n\n- Ban Bí thư Trung ương Đảng;\n- Lưu: VT, KGVX.\n"
    )
    passages = _segmented(text)
    assert [(p.section, p.point) for p in passages] == [("Điều 3", None), ("Điều 4", 1), ("Điều 4", 2)]
    law = "Điều 9. Luật này có hiệu lực từ ngày 01 tháng 7 năm 2026.\n\nLuật này được Quốc hội khóa XV, kỳ họp thứ 9 thông qua ngày 25 tháng 6 năm 2025./.\n"
    assert [p.section for p in _segmented(law)] == ["Điều 9", "phần kết"]


def test_a_party_texts_last_line_is_no_items() -> None:
    # "Nghị quyết này phổ biến đến chi bộ." after the last item of "IV- TỔ CHỨC THỰC HIỆN", with no
    # "./." (the portal drops it), was cited as more of item 2 ("ý 2"); it closes the text.
    # Inside an article the same words stay the article's.
    text = (
        "IV- TỔ CHỨC THỰC HIỆN\n\n1- Các tỉnh ủy, thành ủy tổ chức học tập, quán triệt Nghị quyết.\n\n"
        "2- Đảng đoàn Quốc hội lãnh đạo việc hoàn thiện hệ thống pháp luật.\n\n"
        "Nghị quyết này phổ biến đến chi bộ.\n"
    )
    assert [p.section for p in _segmented(text)] == ["IV.1", "IV.2", "phần kết"]
    rule = "Điều 5. Hiệu lực thi hành\n\nQuy định này có hiệu lực từ ngày ký.\n\nQuy định này được phổ biến đến chi bộ.\n"
    assert [p.section for p in _segmented(rule)] == ["Điều 5", "Điều 5"]


def test_a_short_line_with_a_figure_is_kept() -> None:
    # Short lines without a closing stop are dropped as stray names or marks ("x"); a figure is
    # content (21/2025/TT-BGDĐT's "52 tuần" under its formula was lost).
    text = (
        "Điều 3. Kinh phí\n\n1. Tổng kinh phí thực hiện như sau:\n\nTổng số: 120\n\n500 triệu đồng\n\nx\n\n"
        "2. Nguồn kinh phí từ ngân sách tỉnh.\n"
    )
    texts = [p.text for p in segment(Document(id="kp", text=text))]
    assert texts == ["Tổng số: 120", "500 triệu đồng", "2. Nguồn kinh phí từ ngân sách tỉnh."]


@pytest.mark.parametrize("name", ["plan", "resolution"])
@pytest.mark.parametrize("max_tokens", [60, 150, 400])
def test_token_bound(name: str, max_tokens: int, request: pytest.FixtureRequest) -> None:
    doc: Document = request.getfixturevalue(name)
    passages = segment(doc, max_tokens=max_tokens)
    _check_invariants(doc, passages)
    assert all(estimate_tokens(p.text) <= max_tokens for p in passages)
    # Smaller budgets split items into numbered parts, never across sections.
    split = [p for p in passages if p.part]
    if max_tokens <= 150:
        assert split
    for p in split:
        siblings = [q for q in passages if (q.section, q.point) == (p.section, p.point) and q.part]
        assert [q.part for q in siblings] == list(range(1, len(siblings) + 1))


def test_custom_counter_and_sentence_boundaries() -> None:
    sentences = [f"Câu số {i} nói về việc xây dựng Đảng trong sạch vững mạnh." for i in range(1, 13)]
    doc = Document(id="d", text="1. Nhiệm vụ\n\n- " + " ".join(sentences) + "\n")
    words = lambda text: len(text.split())  # noqa: E731 - a tiny stand-in for a model tokenizer
    passages = segment(doc, max_tokens=25, count_tokens=words)
    assert len(passages) > 1
    for p in passages:
        assert words(p.text) <= 25
        assert p.text.rstrip().endswith(".")  # cut at sentence ends only
        assert (p.section, p.point) == ("1", None)
    assert [p.part for p in passages] == list(range(1, len(passages) + 1))


def test_heading_styles() -> None:
    text = "\n".join(
        [
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "KẾ HOẠCH",
            "Thực hiện chỉ thị",
            "Phần thứ nhất",
            "TÌNH HÌNH CHUNG",
            "I. MỤC TIÊU",
            "1. Mục tiêu chung",
            "Nâng cao chất lượng sinh hoạt chi bộ trong toàn Đảng bộ tỉnh.",
            "1.1. Về tổ chức",
            "a) Sắp xếp lại tổ chức bộ máy các cơ quan của Đảng cho tinh gọn.",
            "b) Rà soát chức năng, nhiệm vụ của các ban xây dựng Đảng.",
            "1.2. Về cán bộ",
            "+ Bồi dưỡng cán bộ trẻ có triển vọng ở cơ sở và cấp huyện.",
            "Phần thứ hai",
            "TỔ CHỨC THỰC HIỆN",
            "Chương II",
            "Điều 5. Trách nhiệm thi hành",
            "Các ban, ngành chịu trách nhiệm thi hành kế hoạch này kể từ ngày ký.",
        ]
    )
    passages = segment(Document(id="x", text=text))
    sections = [(p.section, p.point) for p in passages]
    assert sections == [
        ("Phần thứ nhất.I.1", None),
        ("Phần thứ nhất.I.1.1.a)", None),
        ("Phần thứ nhất.I.1.1.b)", None),
        ("Phần thứ nhất.I.1.2", None),
        ("Phần thứ hai.Chương II.Điều 5", None),
    ]
    assert passages[0].headings == ("TÌNH HÌNH CHUNG", "MỤC TIÊU", "Mục tiêu chung")
    assert passages[-1].headings == ("TỔ CHỨC THỰC HIỆN", "", "Trách nhiệm thi hành")


def test_spans_refer_to_original_text() -> None:
    """Detection runs on normalized lines; spans and titles come from the original."""
    text = "I\u2013 \u00d0ÁNH GIÁ\n\n1.  Về  công tác cán bộ\n\n\u2013 Cán bộ phải gương mẫu, nói đi đôi với làm, hoá giải mâu thuẫn.\n"
    doc = Document(id="x", text=text)
    (passage,) = segment(doc)
    assert passage.section == "I.1"
    assert passage.headings == ("\u00d0ÁNH GIÁ", "Về công tác cán bộ")
    assert passage.text == "\u2013 Cán bộ phải gương mẫu, nói đi đôi với làm, hoá giải mâu thuẫn."
    assert doc.text[passage.start:passage.end] == passage.text


def test_signature_and_recipients_are_dropped() -> None:
    text = (
        "1. Tổ chức thực hiện\n\nCác cấp ủy tổ chức quán triệt kế hoạch này đến từng chi bộ.\n\n"
        "T/M BAN THƯỜNG VỤ\nBÍ THƯ\nNguyễn Văn An\n\nNơi nhận:\n- Ban Bí thư (để báo cáo),\n- Lưu VP.\n"
    )
    passages = segment(Document(id="x", text=text))
    assert [p.text for p in passages] == ["Các cấp ủy tổ chức quán triệt kế hoạch này đến từng chi bộ."]


def test_unnumbered_label_keys_are_unique() -> None:
    text = (
        "II. MỤC TIÊU\n\nMục tiêu chung:\n\nXây dựng tổ chức đảng trong sạch, vững mạnh toàn diện.\n\n"
        "Mục tiêu cụ thể:\n\n- Đến năm 2025, 100% chi bộ sinh hoạt chuyên đề hằng quý.\n"
    )
    passages = segment(Document(id="x", text=text))
    assert [p.section for p in passages] == ["II.mục tiêu chung", "II.mục tiêu cụ thể"]


def test_empty_document() -> None:
    assert segment(Document(id="x", text="")) == []
    assert segment(Document(id="x", text="KẾ HOẠCH\n\n")) == []


def test_unnumbered_headings_and_title_block() -> None:
    """Without numbering, a short line over content is a heading; the name above is not."""
    text = (
        "KẾ HOẠCH\nTổ chức hội nghị quán triệt\n\nBối cảnh\n\n"
        "Năm 2024 là năm có ý nghĩa quan trọng trong việc thực hiện nghị quyết.\n\n"
        "Nội dung chính\n\n- Quán triệt nghị quyết đến toàn thể cán bộ, đảng viên.\n"
        "- Xây dựng chương trình hành động cụ thể của từng chi bộ.\n"
    )
    passages = segment(Document(id="x", text=text))
    assert [(p.section, p.headings, p.point) for p in passages] == [
        ("bối cảnh", ("Bối cảnh",), None),
        ("nội dung", ("Nội dung chính",), 1),
        ("nội dung", ("Nội dung chính",), 2),
    ]


def test_caps_subtitle_inside_numbered_section() -> None:
    text = (
        "I. TÌNH HÌNH\n\nTình hình chung của Đảng bộ tỉnh trong năm qua cơ bản ổn định.\n\n"
        "II. NHIỆM VỤ\n\nNHIỆM VỤ TRỌNG TÂM\n\n"
        "1. Tăng cường công tác kiểm tra, giám sát ở các cấp ủy.\n\n"
        "III. TỔ CHỨC THỰC HIỆN\n\nCác cấp ủy triển khai thực hiện kế hoạch này ngay sau khi ban hành.\n"
    )
    sections = [p.section for p in segment(Document(id="x", text=text))]
    assert sections == ["I", "II.nhiệm vụ.1", "III"]


def test_intro_lines_are_neither_headings_nor_passages() -> None:
    text = (
        "1. Nhiệm vụ\n\nCụ thể như sau:\n\n- Rà soát quy chế làm việc của cấp ủy các cấp.\n"
        "- Kiện toàn tổ chức bộ máy cơ quan tham mưu.\n"
    )
    passages = segment(Document(id="x", text=text))
    assert [(p.section, p.point) for p in passages] == [("1", 1), ("1", 2)]


def test_frame_lines_and_prose_that_looks_like_them() -> None:
    """"(Đã ký)" and an office in capitals end the body; prose starting the same way does not,
    nor does a reference to an article at the start of a wrapped line."""
    text = (
        "I. KẾT QUẢ\n\nĐã ký kết 15 hợp đồng đầu tư với tổng vốn 2.000 tỷ đồng trong năm 2023.\n\n"
        "Căn cứ kết quả kiểm tra, các chi bộ rà soát lại nghị quyết năm.\n\n"
        "GIÁM ĐỐC\n(Đã ký)\nNguyễn Văn Bình\n"
    )
    passages = segment(Document(id="x", text=text))
    assert [p.text[:12] for p in passages] == ["Đã ký kết 15", "Căn cứ kết q"]
    assert {p.section for p in passages} == {"I"}


def test_an_items_name_never_ends_with_the_texts_closing_mark() -> None:
    # "3. Nghị quyết này có hiệu lực thi hành kể từ ngày ký ban hành./." was named "… ban hành./".
    text = (
        "IV. TỔ CHỨC THỰC HIỆN\n\n1. Các Bộ trưởng, Chủ tịch Ủy ban nhân dân các tỉnh tổ chức thực hiện Nghị quyết này.\n\n"
        "2. Giao Văn phòng Chính phủ theo dõi, đôn đốc việc thực hiện Nghị quyết này.\n\n"
        "3. Nghị quyết này có hiệu lực thi hành kể từ ngày ký ban hành./.\n"
    )
    last = segment(Document(id="nq", text=text))[-1]
    assert last.headings[-1] == "Nghị quyết này có hiệu lực thi hành kể từ ngày ký ban hành"


def test_a_lead_stating_facts_over_its_list_is_a_passage_of_its_own() -> None:
    # As a heading only, the time span and the count reached no passage: asked "đến ngày nào?",
    # the search could show only the phases under it.
    text = (
        "KẾ HOẠCH\n\nI. THỜI GIAN\n\n"
        "1. Thời gian: cao điểm được triển khai từ ngày 15/12/2025 đến hết ngày 05/3/2026, chia thành 02 giai đoạn:\n\n"
        "- Giai đoạn 1: tuyên truyền, vận động giao nộp vũ khí.\n\n"
        "- Giai đoạn 2: bảo đảm an ninh, trật tự dịp Tết.\n\n"
        "2. Sửa đổi, bổ sung điểm b khoản 2 Điều 5 của Quy chế số 12/QC-UBND như sau:\n\n"
        "- Điểm b được thay bằng quy định mới về thời hạn báo cáo.\n\n"
        "- Nội dung khác giữ nguyên như quy định hiện hành.\n"
    )
    passages = _segmented(text)
    lead = _find(passages, "đến hết ngày 05/3/2026")
    assert (lead.section, lead.point) == ("I.1", None)
    assert [p.point for p in passages if p.text.startswith("- Giai đoạn")] == [1, 2]
    # An amendment's lead names the place it amends, no fact: a heading only.
    assert not any(p.text.startswith("2. Sửa đổi") for p in passages)
