"""What a question asks for (a count, a length of time, an amount, a share, a date) and the
passages that state it, on real documents with the real model."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from index.answers import asked_particulars, asked_shape
from index.fusion import RankingParams
from index.library import Library, default_corpus_dir
from index.settings import Settings

REALDOCS = Path(__file__).parents[1] / "data" / "realdocs"
SHAPED = Path(__file__).parents[1] / "data" / "shaped"


@pytest.mark.parametrize(
    ("question", "answer", "other"),
    [
        ("Một năm học được thanh toán tối đa bao nhiêu tiết dạy thêm?", "không quá 200 tiết", "định mức tiết dạy"),
        ("Tỉnh sửa đổi bao nhiêu thủ tục?", "danh mục 12 (mười hai) thủ tục", "các thủ tục hành chính"),
        ("Xe gắn máy được chở tối đa mấy người?", "được chở tối đa hai người", "chở người bệnh"),
        ("Bao lâu thì được trả lời?", "Năm (05) ngày làm việc", "trả lời bằng văn bản"),
        ("Kế hoạch kéo dài mấy năm?", "Thời gian thực hiện: Từ năm 2026 - 2030", "Thời gian thực hiện: hằng năm"),
        # In the unit asked: a step's days do not say how many years the plan runs.
        ("Kế hoạch kéo dài mấy năm?", "Thời gian thực hiện: Từ năm 2026 - 2030", "Thời gian: 01 ngày/hội nghị."),
        ("Giải quyết trong bao nhiêu ngày?", "trong thời hạn 15 ngày", "trong thời hạn 03 tháng"),
        ("Mỗi năm tỉnh bỏ ra bao nhiêu tiền để quan trắc?", "01 năm: 1.500.000.000 đồng", "trong 01 năm"),
        ("Sản xuất công nghiệp tăng bao nhiêu phần trăm?", "tăng 15,55%", "tăng mạnh"),
        ("Hạn nộp báo cáo là ngày nào?", "trước ngày 15 tháng 12 năm 2025", "nộp báo cáo đúng hạn"),
        # When a text takes effect: its own sentence says so, a date or "ngày ký"; the dates of the
        # texts it amends or rests on do not.
        ("Thông tư áp dụng từ ngày nào?", "có hiệu lực từ ngày 21 tháng 11 năm 2025", "Thông tư số 09/2025/TT-BCT ngày 01 tháng 02 năm 2025"),
        ("Thông báo có hiệu lực từ khi nào?", "Thông báo này có hiệu lực từ ngày ký.", "Căn cứ Luật Hải quan ngày 23/6/2014"),
        ("quyet dinh co hieu luc thi hanh tu ngay nao", "Quyết định này có hiệu lực thi hành kể từ ngày ký.", "ngày 17/11/2022"),
        # Nor the day the text it replaces ends, though that is "kể từ ngày" too.
        ("Thông tư bắt đầu áp dụng từ ngày nào?", "Thông tư này có hiệu lực thi hành từ ngày 01 tháng 4 năm 2026.",
         "Thông tư số 33/2015/TT-BYT … hết hiệu lực kể từ ngày Thông tư này có hiệu lực thi hành."),
        # What a text replaces: the sentence naming it, not a phrase replaced in an amendment.
        ("Quy chế mới thay cho văn bản nào trước đây?", "Quy chế này thay thế Quyết định số 12/2020/QĐ-UBND",
         "cụm từ “Sở Nội vụ” được thay thế bằng cụm từ “Sở Tư pháp”"),
        ("Tăng trưởng kinh tế ước đạt bao nhiêu?", "ước đạt 8,19%", "ước đạt khá"),
        ("thi cong chuc vong 1 phai dung bao nhieu cau", "trả lời đúng từ 50% số câu hỏi", "trả lời đúng các câu hỏi"),
        ("chung thuc di chuc mat may ngay", "Thời hạn giải quyết: 02 ngày làm việc", "Thời hạn giải quyết: trong ngày"),
    ],
)
def test_a_question_asking_for_a_quantity_knows_its_answers_shape(question: str, answer: str, other: str) -> None:
    shape = asked_shape(question)
    assert shape is not None
    assert shape.held_by(answer) and not shape.held_by(other)


@pytest.mark.parametrize(
    "question",
    [
        "Ai được giao lãnh đạo ban hành Nghị quyết?",
        # "Khi nào" asks for an event as often as for a date: "là thời điểm … trả thu nhập".
        "Thời điểm xác định thu nhập chịu thuế từ tiền lương là khi nào?",
        "Khi nào cơ sở phải giải trình?",
        "Ai thay thế giám đốc khi vắng mặt?",
    ],
)
def test_a_question_asking_for_no_quantity_lifts_nothing(question: str) -> None:
    assert asked_shape(question) is None


def test_a_bare_how_many_asks_for_any_number() -> None:
    shape = asked_shape("Tăng trưởng kinh tế 9 tháng ước đạt bao nhiêu?")
    assert shape is not None and shape.held_by("ước đạt 8,19%") and not shape.held_by("ước đạt khá")


def test_the_passage_stating_the_asked_quantity_comes_before_its_siblings(
    tmp_path: Path, settings: Settings, embedder  # noqa: ANN001
) -> None:
    # 21/2025/TT-BGDĐT speaks of extra teaching hours in a dozen passages; the one that caps them
    # ("không quá 200 tiết") was 20th for this question when a count asked for counted for nothing.
    lib = Library(Settings.load(data_dir=str(tmp_path), model_cache_dir=settings.model_cache_dir), embedder=embedder)
    lib.add_paths([REALDOCS / f for f in ("21-2025-tt-bgddt.md", "3005-qd-ubnd.md", "0134-kh-ubnd.md")])
    for query in (
        "Số tiết dạy thêm được thanh toán trong một năm học tối đa là bao nhiêu tiết?",
        "giao vien duoc thanh toan toi da bao nhieu tiet day them moi nam",
    ):
        for mode in ("hybrid", "lexical"):
            top = [r.text for r in lib.search(query, k=3, mode=mode)]
            assert any("không quá 200 tiết" in t for t in top), (query, mode, [t[:60] for t in top])
    lib.ranking = replace(RankingParams(), answer_lift=0.0, answer_lift_alone=0.0)
    unlifted = [r.text for r in lib.search("Số tiết dạy thêm được thanh toán trong một năm học tối đa là bao nhiêu tiết?", k=3)]
    assert not any("không quá 200 tiết" in t for t in unlifted)


def test_the_sentence_saying_when_a_text_takes_effect_comes_before_its_other_dates(
    tmp_path: Path, settings: Settings, embedder  # noqa: ANN001
) -> None:
    # An amending decree cites the dates of the texts it amends; "áp dụng" is more of its words.
    # Its "Nghị định này có hiệu lực thi hành từ ngày 23 tháng 3 năm 2025." was 4th.
    lib = Library(Settings.load(data_dir=str(tmp_path), model_cache_dir=settings.model_cache_dir), embedder=embedder)
    lib.add_paths([REALDOCS / f for f in ("16-2025-nd-cp.md", "54-2025-tt-bct.md", "21-2025-tt-bgddt.md")])
    top = [r.text for r in lib.search("Nghị định 16/2025/NĐ-CP bắt đầu áp dụng từ khi nào?", k=2)]
    assert any("có hiệu lực thi hành từ ngày 23 tháng 3 năm 2025" in t for t in top), [t[:60] for t in top]
    # A named document's passages are all candidates: the question's other words ("về trạm y tế
    # xã") reach every passage on health stations, none of them the one sentence that answers.
    lib.add_paths([SHAPED / "05-2026-tt-byt.md", SHAPED / "1865-qd-syt.md"])
    top = lib.search("Thông tư 05/2026/TT-BYT về trạm y tế xã bắt đầu áp dụng từ ngày nào?", k=1)
    assert "có hiệu lực thi hành từ ngày 01 tháng 4 năm 2026" in top[0].text, top[0].citation


def test_the_sentence_naming_what_a_text_replaces_comes_first(
    tmp_path: Path, settings: Settings, embedder  # noqa: ANN001
) -> None:
    # 383-QĐ/TW's "Quy định này thay thế Quy định số 270-QĐ/TW …" shares few words with the
    # question; its articles on storing Party documents share many, and came first.
    lib = Library(Settings.load(data_dir=str(tmp_path), model_cache_dir=settings.model_cache_dir), embedder=embedder)
    lib.add_paths([REALDOCS / "383-qd-tw.md", REALDOCS / "212-kl-tw.md", default_corpus_dir()])
    top = lib.search("Quy định về phông lưu trữ Đảng thay cho văn bản nào?", k=1)
    assert "thay thế Quy định số 270-QĐ/TW" in top[0].text, top[0].citation


# A decision setting up a steering committee, typed as Word gives it (names invented).
_COMMITTEE = """TỈNH ỦY ĐỒNG NAI
Số 1208-QĐ/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Đồng Nai, ngày 16 tháng 6 năm 2025

QUYẾT ĐỊNH
về việc thành lập Ban Chỉ đạo chuyển đổi số của tỉnh

- Căn cứ Điều lệ Đảng;
- Xét đề nghị của Ban Tổ chức Tỉnh ủy,

BAN THƯỜNG VỤ TỈNH ỦY QUYẾT ĐỊNH

Điều 1. Thành lập Ban Chỉ đạo chuyển đổi số của tỉnh (gọi tắt là Ban Chỉ đạo), gồm các đồng chí có tên sau:
1. Đồng chí Lê Văn An, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy - Trưởng Ban.
2. Đồng chí Trần Minh Bình, Phó Bí thư Tỉnh ủy, Chủ tịch Ủy ban nhân dân tỉnh - Phó Trưởng Ban Thường trực.
3. Đồng chí Phạm Thị Cúc, Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy - Phó Trưởng Ban.

Điều 2. Ban Chỉ đạo giúp Ban Thường vụ Tỉnh ủy lãnh đạo, chỉ đạo chuyển đổi số trên địa bàn tỉnh; Trưởng Ban phân công nhiệm vụ cụ thể cho các thành viên. Sở Khoa học và Công nghệ là cơ quan thường trực của Ban Chỉ đạo.

Điều 3. Văn phòng Tỉnh ủy, các cơ quan, đơn vị liên quan và các đồng chí có tên tại Điều 1 căn cứ Quyết định thi hành.
"""


@pytest.mark.parametrize(
    ("question", "holder"),
    [
        ("Ai làm trưởng ban chỉ đạo chuyển đổi số của tỉnh?", "Lê Văn An"),
        ("Trưởng ban chỉ đạo chuyển đổi số là ai?", "Lê Văn An"),
        ("Ai là phó trưởng ban thường trực Ban Chỉ đạo chuyển đổi số?", "Trần Minh Bình"),
    ],
)
def test_a_question_on_who_holds_a_post_is_answered_by_the_member_named_with_it(
    tmp_path: Path, settings: Settings, embedder, question: str, holder: str  # noqa: ANN001
) -> None:
    # The committee's own articles share the question's words; the members list names the head
    # last in an item ("… - Trưởng Ban."), beside deputies ("… - Phó Trưởng Ban.").
    shape = asked_shape(question)
    assert shape is not None
    source = tmp_path / "src" / "1208-qd-tu.txt"
    source.parent.mkdir()
    source.write_text(_COMMITTEE, encoding="utf-8")
    lib = Library(Settings.load(data_dir=str(tmp_path / "data"), model_cache_dir=settings.model_cache_dir), embedder=embedder)
    lib.add_paths([source, default_corpus_dir()])
    top = lib.search(question, k=1)[0]
    assert holder in top.text, (top.citation, top.text[:80])
    assert shape.held_by(top.text)


def test_the_post_asked_for_is_the_one_held_not_a_deputys_or_another_bodys() -> None:
    head = "1. Đồng chí Lê Văn An, Bí thư Tỉnh ủy - Trưởng Ban."
    deputy = "3. Đồng chí Phạm Thị Cúc, Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy - Phó Trưởng Ban."
    for question in ("ai lam truong ban chi dao", "Ai giữ chức Trưởng ban?"):
        shape = asked_shape(question)
        assert shape is not None and shape.held_by(head) and not shape.held_by(deputy)
    first = asked_shape("Tổ trưởng tổ giúp việc là ai?")
    assert first is not None and first.held_by("- Tổ trưởng: ông Nguyễn Văn Dũng, Chánh Văn phòng.")


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        # The question without its reference to the document ("Kết luận 212 do ai ký?").
        ("do ai ký?", ["signer"]),
        ("được ban hành vào ngày nào?", ["date"]),
        ("ky khi nao", ["date"]),
        ("do cơ quan nào ban hành, ai ký?", ["signer", "issuer"]),
        ("Cho biết ngày ban hành", ["date"]),
        ("ra đời năm nào?", ["date"]),
        ("cho biết ngày ký", ["date"]),
        ("ky nam nao", ["date"]),
        ("gửi những đâu?", ["recipients"]),
        ("gui cho ai", ["recipients"]),
        ("Nơi nhận?", ["recipients"]),
        ("còn hiệu lực không?", ["status"]),
        ("đã bị thay thế bởi văn bản nào chưa?", ["status"]),
        # Asking something else: who signs a contract under a code, when a text takes effect.
        ("Theo Bộ luật Lao động, ai ký hợp đồng lao động?", []),
        ("Quyết định có hiệu lực kể từ ngày ký không?", []),
        ("Ai được giao lãnh đạo ban hành Nghị quyết?", []),
        ("yêu cầu gửi báo cáo cho ai?", []),
        ("có hiệu lực từ ngày nào?", []),
        ("Những hành vi nào bị bãi bỏ?", []),
    ],
)
def test_what_a_question_asks_of_a_documents_particulars(question: str, asked: list[str]) -> None:
    assert asked_particulars(question) == asked


def test_a_documents_number_is_asked_of_its_description() -> None:
    # The reference taken out ("Nghị quyết … về đột phá …") may take "là nghị quyết số" with it.
    whole = "Nghị quyết về đột phá phát triển khoa học, công nghệ là nghị quyết số mấy?"
    assert asked_particulars("mấy?", whole) == ["number"]
    assert asked_particulars("hiệu là gì", "nghị quyết về chuyển đổi số số hiệu là gì") == ["number"]
    assert asked_particulars("ban hành ngày nào?", "Quy định về lưu trữ số mấy, ban hành ngày nào?") == ["date", "number"]
    assert asked_particulars("quy định bao nhiêu nội dung?", "Chỉ thị về đại hội quy định bao nhiêu nội dung?") == []
