"""Who readings that raise the trainer's share of real documents: whose proposal a resolution of
the Standing Committee is passed on ("Xét đề nghị của Chính phủ tại Tờ trình số …": the
Government, among the State's other national bodies and the body that examined the proposal,
never the issuer that decides on it), and who carries out each step a decision describes in words
("Bước 4. Xác định và ban hành Thông báo …" then "Cơ quan Thuế căn cứ …"); with the real generator
and validator on a real merger resolution and a real decision."""

from __future__ import annotations

import pytest
from tests.quiz.quiz_generated import each_alone, generator_for, realdocs_library

from index.library import Library
from index.settings import Settings
from quiz.questions.proposer import _national_options, proposer
from quiz.questions.registry import KINDS

MERGERS, STEPS = "1663-nq-ubtvqh15", "1610-qd-ttpvhcc"
PREAMBLE = ("Xét đề nghị của Chính phủ tại Tờ trình số 363/TTr-CP và Đề án số 364/ĐA-CP ngày 09 tháng 5 năm 2025, "
            "Báo cáo thẩm tra số 414/BC-UBPLTP15 ngày 03 tháng 6 năm 2025 của Ủy ban Pháp luật và Tư pháp,")


@pytest.fixture(scope="module")
def decrees(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    # The library tests/quiz/test_trainer_readings.py builds, shared with it.
    return realdocs_library(tmp_path_factory.mktemp("read"), settings, embedder, ("158-2025-nd-cp", MERGERS))


@pytest.fixture(scope="module")
def described(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    # The library tests/quiz/test_trainer_readings.py builds, shared with it.
    return realdocs_library(tmp_path_factory.mktemp("steps"), settings, embedder, (STEPS,))


def test_the_government_proposes_as_a_body_and_the_examining_committee_is_offered_first() -> None:
    assert proposer(PREAMBLE) == ("", "Chính phủ")
    options = _national_options(PREAMBLE, "Ủy ban Thường vụ Quốc hội", "Chính phủ")
    assert options[0] == "Ủy ban Pháp luật và Tư pháp"
    assert "Ủy ban Thường vụ Quốc hội" not in options and "Chính phủ" not in options
    # A post stays read as before.
    assert proposer("Theo đề nghị của Bộ trưởng Bộ Quốc phòng;") == ("Bộ trưởng", "Bộ Quốc phòng")


def test_a_resolution_is_asked_whose_proposal_it_was_passed_on(decrees: Library) -> None:
    generator = generator_for(decrees)
    sources = [s for s in generator.sentences if s.passage.doc_id == MERGERS]
    items = [i for i in KINDS["proposer"].build(generator.context, sources, 1) if i is not None]
    assert len(items) == 1
    item = items[0]
    assert item.stem == "Nghị quyết số 1663/NQ-UBTVQH15 được ban hành theo đề nghị của cơ quan nào?"
    assert item.answer == "Chính phủ" and len(item.options) == 4
    # Neither the issuer, which decides, nor the Prime Minister, who signs the Government's
    # submission: each would read as right.
    assert not {"Ủy ban Thường vụ Quốc hội", "Thủ tướng Chính phủ"} & set(item.options)
    assert generator.validator.check(item) == []


def test_who_carries_out_each_described_step_is_asked(described: Library) -> None:
    result = each_alone(described, (STEPS,))[STEPS]
    asked = {i.stem.rsplit("bước “", 1)[1]: i for i in result.items if i.type == "step"}
    # Not "Nộp hồ sơ" nor "Công dân thực hiện nghĩa vụ tài chính": the applicant is offered, never
    # asked; not "Chuyên viên xử lý hồ sơ", whose name says who acts; not "Thẩm định hồ sơ", whose
    # text opens with four bodies.
    assert {step: item.answer for step, item in asked.items()} == {
        "Tiếp nhận hồ sơ”?": "Bộ phận Một cửa",
        "Xác định và ban hành Thông báo về nghĩa vụ tài chính”?": "Cơ quan Thuế",
        "Trả kết quả”?": "Bộ phận Một cửa",
    }
    validator = generator_for(described).validator
    for item in asked.values():
        assert item.stem.startswith("Theo Quyết định số 1610/QĐ-TTPVHCC, trong “Mô tả quy trình điện tử”, ai thực hiện")
        assert len(item.options) == 4 and validator.check(item) == []
        # One name of the applicant at most: "Cá nhân, tổ chức" beside "Người dân, doanh nghiệp"
        # would be ruled out together.
        assert sum(o in ("Cá nhân, tổ chức", "Người dân, doanh nghiệp") for o in item.options) <= 1
    # They take the place of other kinds, not of the ordering of the same steps.
    assert sum(i.type == "order" for i in result.items) == 1 and len(result.items) == 20
