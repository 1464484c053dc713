"""A customs notice saved from a law portal (tests/data/realdocs/39305-tb-chq.md) read as it is
laid out: a table of two columns, "Hạng mục" | "Thông số", is a table (each row cited "dòng N");
its goods' fields ("Nhà sản xuất: Wizards of the Coast") are lines of the text, not names of
parts; the recipients' list and the signature block are no passages, even where an address wraps
onto a line that reads as a lettered item ("p. Cống Vị, Ba Đình, Hà Nội);")."""

from __future__ import annotations

from bench.reading import REALDOCS
from corpus.cite import citation, is_table_row
from corpus.markdown import markdown_text
from corpus.read import read_file
from corpus.segment import segment

NOTICE = REALDOCS / "39305-tb-chq.md"


def test_a_table_of_two_columns_in_bold_is_a_table() -> None:
    text = markdown_text(NOTICE.read_text(encoding="utf-8"))
    assert text.count("\nHạng mục | Thông số\n") == 2
    assert "Hạng mục: Kích thước thẻ trò chơi; Thông số: 63mm x 88mm\n" in text
    # The table's last row ends where the page's layout put the text after it in a third cell.
    assert "Hạng mục: Đóng gói; Thông số: Hộp giấy/carton + seal nilon\n\n- Quy trình sản xuất:" in text


def test_the_notice_is_cited_by_its_parts_and_its_table_rows() -> None:
    (doc,) = read_file(NOTICE)
    passages = segment(doc)
    rows = [p for p in passages if is_table_row(p)]
    assert len(rows) == 16 and all(p.text.startswith("Hạng mục: ") for p in rows)
    # The second table stands under its caption, "Thông số kỹ thuật:", which names it only.
    assert citation(doc, rows[8]) == (
        "Thông báo 39305/TB-CHQ, mục 3 (Kết quả xác định trước mã số), Thông số kỹ thuật, dòng 1"
    )
    code = next(p for p in passages if "mã số 9504.40.00" in p.text)
    assert code.section == "3" and citation(doc, code).startswith("Thông báo 39305/TB-CHQ, mục 3 (Kết quả xác định trước mã số), ý ")
    # No heading is a heading row's cell or a field's value; every field is a passage of its part.
    assert not any(h.startswith(("Hộp giấy", "Tên thương mại", "Nhà sản xuất")) for p in passages for h in p.headings)
    fields = [p.text for p in passages if p.section == "1"]
    assert fields == [
        "Tên thương mại: Magic The Gathering Commander Deck",
        "Tên gọi theo cấu tạo, công dụng: Thẻ in hình trò chơi trí tuệ.",
        "Ký, mã hiệu, chủng loại: MTG",
        "Nhà sản xuất: Wizards of the Coast",
    ]


def test_recipients_and_signature_are_no_passages() -> None:
    (doc,) = read_file(NOTICE)
    passages = segment(doc)
    assert passages[-1].section == "phần kết" and passages[-1].text.startswith("Cục trưởng Cục hải quan thông báo")
    assert not any(s in p.text for p in passages for s in ("Cống Vị", "để báo cáo", "Lưu: VT", "Đào Thu Hương"))
