"""A customs notice of classification read as a trainer of customs officers asks it: the figures
of its goods' table with their unit ("Kích thước thẻ trò chơi" → "63mm x 88mm", options of the
same unit and form) and the counts of its description ("100 thẻ", "21 điểm"), besides the code
(tests/quiz/test_trainer_items.py). Real generator and validator on tests/data/realdocs, the
notice asked alone in the library of tests/quiz/test_basis_and_counts.py."""

from __future__ import annotations

import re

import pytest
from tests.quiz.quiz_generated import check_enough, each_alone, generated, realdocs_library

from index.library import Library
from index.settings import Settings
from quiz.export import FORMATS, render
from quiz.generate import Generated, Request
from quiz.questions.spec import counts, figure, moved_figures

NOTICE = "39305-tb-chq"
# The library of tests/quiz/test_basis_and_counts.py and test_trainer_items.py, shared with them.
DOCS = ("54-2025-tt-bct", NOTICE, "1486-qd-ubnd", "2637-qd-ubnd",
        "3769-qd-ubnd", "5680-ct-cs", "11306-vpcp-nn", "80-2025-qd-ubnd")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    return realdocs_library(tmp_path_factory.mktemp("trainer"), settings, embedder, DOCS)


@pytest.fixture(scope="module")
def notice(library: Library) -> Generated:
    return each_alone(library, (NOTICE,))[NOTICE]


def _written_like(option: str) -> str:
    return re.sub(r"\d+", "0", option)


def test_a_measured_row_or_field_is_a_figure_and_a_description_is_not() -> None:
    assert figure("Hạng mục: Kích thước thẻ trò chơi; Thông số: 63mm x 88mm") == ("Kích thước thẻ trò chơi", "63mm x 88mm")
    assert figure("Trọng lượng tịnh: 1,8 kg.") == ("Trọng lượng tịnh", "1,8 kg")
    for text in ("Hạng mục: Bề mặt; Thông số: Lớp coating bóng hoặc mờ (matte)", "Số lượng hồ sơ: 01 bộ",
                 "Thời hạn giải quyết: 07 ngày làm việc", "STT: 1; Tên: Cấp phép; Phí: 50.000 đồng"):
        assert figure(text) is None, text
    # Every number moved together, written like the key (the decimal mark, the places, "~").
    assert moved_figures("1.8-2.0 gram", "s") and all(
        re.fullmatch(r"\d\.\d-\d\.\d gram", f) for f in moved_figures("1.8-2.0 gram", "s"))
    assert all(re.fullmatch(r"~0\.\dmm", f) for f in moved_figures("~0.3mm", "s"))


def test_a_count_is_a_number_of_things_of_the_goods() -> None:
    sentence = ("MTG Commander Deck khác với cách chơi truyền thống 60 thẻ. Người chơi được cung cấp sẵn 100 thẻ, "
                "chơi 3-5 người; năm 2025 có 12 tỉnh theo Điều 5 và 10 ngày.")
    # Not what the goods are compared with, a range, a year, a part of a text or a period.
    assert [span.text for span in counts(sentence)] == ["100 thẻ", "12 tỉnh"]


def test_the_notice_gives_its_figures_and_counts(library: Library, notice: Generated) -> None:
    # Before: 9 of the 20 asked (8 in this library): the code, the basis, the dates, one blank.
    # Its sections 2 and 3 repeat one description, so no "which part" item is right; nor does
    # the library name another company's request or another manufacturer to offer beside its own.
    check_enough(library, {NOTICE: notice}, {NOTICE: 18})
    items = [i for i in notice.items if i.type == "spec"]
    answers = {i.answer for i in items}
    assert {"63mm x 88mm", "1.8-2.0 gram", "~0.3mm", "300-330gsm", "100 thẻ", "21 điểm"} <= answers, answers
    for item in items:
        # Options of the key's unit and form, the key at no end of them.
        assert len({_written_like(o) for o in item.options}) == 1, item.options
        ordered = sorted(item.options, key=lambda o: float(re.search(r"\d+(?:[.,]\d+)?", o).group(0).replace(",", ".")))
        assert item.answer not in (ordered[0], ordered[-1]), item.options
    table = [i for i in items if "dòng" in i.citation]
    assert table and all("mặt hàng “Thẻ in hình trò chơi trí tuệ” có “" in i.stem for i in table)
    # A table repeated in two sections is asked once.
    assert len(table) == len({i.answer for i in table})


def test_the_notice_items_export_in_every_format(notice: Generated) -> None:
    items = [i for i in notice.items if i.type == "spec"]
    for fmt in FORMATS:
        data = render(items, fmt)
        assert data, fmt
        if fmt in ("json", "csv", "aiken"):
            assert all(i.answer in data.decode("utf-8") for i in items), fmt


def test_the_notice_matches_its_described_rows_and_its_labelled_run(notice: Generated) -> None:
    matched = {item.tags[0]: dict(item.pairs) for item in notice.items if item.type == "matching"}
    # The table's rows described in words, not its figures (asked by spec, and told by their form).
    assert matched["table"]["Bề mặt"] == "Lớp coating bóng hoặc mờ (matte)", matched
    assert matched["table"]["Mực in"] == "Offset + UV spot + Metal ink", matched
    assert not any(c.isdigit() for pairs in matched.values() for value in pairs.values() for c in value)
    # "Công dụng theo thiết kế: Giải trí chiến thuật: Tạo trải nghiệm …": its run of uses, asked
    # once though both sections give it; not "Sưu tầm" ↔ "… tăng giá trị sưu tập" (one word tells
    # it), nor "Quy trình sản xuất", whose steps' descriptions each repeat their name ("Đóng hộp" ↔
    # "Cho vào hộp giấy …", "Cán màng phủ" ↔ "Phủ lớp bóng …").
    assert matched["run"]["Giải trí chiến thuật"].startswith("Tạo trải nghiệm lâu dài"), matched
    assert "Sưu tầm" not in matched["run"] and "Đóng hộp" not in matched["run"]
    runs = [item for item in notice.items if item.tags[:1] == ("run",)]
    assert len(runs) == 1 and runs[0].stem.endswith("trong phần “Công dụng theo thiết kế”.")


def test_a_fallback_kind_passes_its_cap_only_to_complete_a_quiz(library: Library) -> None:
    # Only "what does this basis say" asked: its cap (15 %, one item of 4) would leave the quiz
    # at one though the decision cites five texts with their content (two of them the later
    # entries of a "Căn cứ Nghị định …; Nghị định số …" list, with one subject: asked once).
    request = Request(n=4, seed=1, doc_ids=("2637-qd-ubnd",), types=("cited",))
    result = generated(library, request)
    assert result.candidates["cited"] == 5 and len(result.items) == 4, result.rejected
    # Where other kinds fill the quiz, the cap holds.
    for result in each_alone(library, ("2637-qd-ubnd",)).values():
        assert sum(item.type == "cited" for item in result.items) <= 3
