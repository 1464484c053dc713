"""Short real documents that gave one or two items: a Kết luận of the Politburo whose passages
leave out its letterhead and title, and whose tasks go to Party committees the library names one
of; an official letter. Real generator and validator (tests/data/realdocs, kept as found)."""

from __future__ import annotations


import pytest
from tests.quiz.quiz_generated import generated, generator_for, realdocs_library

from corpus.metadata import short_name
from index.library import Library
from index.settings import Settings
from quiz.bodies import peers
from quiz.generate import Generated, Request

CONCLUSION, LETTER = "212-kl-tw", "5680-ct-cs"
# Four numbered documents of three tiers (Party, central, local): too few of one tier to offer
# the subjects of.
OTHERS = ("11306-vpcp-nn", "3769-qd-ubnd")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    return realdocs_library(tmp_path_factory.mktemp("short"), settings, embedder, (CONCLUSION, LETTER, *OTHERS))


@pytest.fixture(scope="module")
def conclusion(library: Library) -> Generated:
    return generated(library, Request(n=20, seed=1, doc_ids=(CONCLUSION,)))


def test_a_conclusion_without_its_letterhead_in_passages_is_asked_when_and_who(
    library: Library, conclusion: Generated
) -> None:
    # Before: one item (a deadline). The date line and title are in the document's text only.
    kinds = {item.type for item in conclusion.items}
    assert {"issued", "responsible", "deadline"} <= kinds, [(i.type, i.stem) for i in conclusion.items]
    # Not what it is about: the library holds no other Party document, and the subjects of a
    # province's decision or a ministry's letter would be told apart by their field.
    assert "subject" not in kinds
    validator = generator_for(library).validator
    info = next(d for d in library.documents() if d.id == CONCLUSION)
    for item in conclusion.items:
        assert validator.check(item) == [], (item.id, item.stem)
        if item.type in ("issued", "subject"):
            # It cites the document, not the sentence it stands on.
            assert item.citation == short_name(info)
    dated = next(i for i in conclusion.items if i.stem.endswith("thời gian nào?"))
    assert dated.answer == "18/11/2025" and "ngày 18 tháng 11 năm 2025" in dated.explanation


def test_a_party_committee_is_offered_among_its_peers_in_the_keys_spelling(conclusion: Generated) -> None:
    item = next(i for i in conclusion.items if i.type == "responsible")
    assert item.answer == "Đảng uỷ Quốc hội"
    # All four of one level, written "uỷ" as the document writes the key: no option stands out.
    assert all(o.startswith("Đảng uỷ ") for o in item.options), item.options
    assert len(set(item.options)) == 4


def test_peers_are_of_the_keys_level_and_never_the_key_itself() -> None:
    assert "Sở Tài chính" not in peers("Sở Tài chính tỉnh Nghệ An")
    assert "Sở Nội vụ" in peers("Sở Tài chính tỉnh Nghệ An")
    assert "Ban Nội chính Trung ương" in peers("Ban Tổ chức Trung ương")
    # A province's board gets the province's boards, not the Centre's.
    assert all("Tỉnh uỷ" in p for p in peers("Ban Tổ chức Tỉnh uỷ"))
    # No list holds a commune's Party committee or a steering board: no made-up peers.
    assert peers("Đảng ủy xã") == [] and peers("Ban Chỉ đạo") == []
    # The Politburo and a military command open on "Bộ" and are no ministries.
    assert peers("Bộ Chính trị") == [] and peers("Bộ Tư lệnh Thủ đô Hà Nội") == []


def test_an_official_letter_is_asked_when_not_whom_or_about_what(library: Library) -> None:
    result = generated(library, Request(n=20, seed=1, doc_ids=(LETTER,)))
    stems = [i.stem for i in result.items]
    assert any(s.endswith("được ban hành vào thời gian nào?") for s in stems), stems
    # Its issuer, Cục Thuế, is not asked: the library names no other Cục to offer beside it.
    assert not any(s.endswith("do cơ quan nào ban hành?") for s in stems), stems
    # Nor what it is about: beside one other central letter the library offers only a province's
    # decision and a Party conclusion, of other tiers.
    assert not any(s.endswith("về nội dung nào sau đây?") for s in stems), stems
    # "dự kiến Quốc hội thông qua vào tháng 12/2025": a date expected, not a limit it sets.
    expected = next(i for i in result.items if i.type == "deadline")
    assert "dự kiến" in expected.source_text and expected.explanation.startswith("Mốc thời gian văn bản nêu là 12/2025")
