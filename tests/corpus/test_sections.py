"""One reading of section paths for citations, the app's labels and the index's units."""

from __future__ import annotations

from app.render import numbered_section
from corpus.cite import section_components
from corpus.document import Passage
from index.units import assign_units


def _passage(section: str, order: int = 0) -> Passage:
    return Passage("d", order, section, (), None, 0, 1, "x")


def test_one_split_of_a_lettered_item_in_parentheses() -> None:
    # Three rules used to give "(a)", "a)" and "2(a)" for the last part of "I.2(a)".
    assert section_components("I.2(a)") == ["I", "2", "(a)"]
    assert numbered_section("I.2(a)") == "I.2"
    assert section_components("I.2.đột phá(3)") == ["I", "2", "đột phá", "(3)"]
    assert section_components("Chương II.Điều 5.1.a)") == ["Chương II", "Điều 5", "1", "a)"]
    assert section_components("") == []


def test_units_group_an_article_whatever_follows_it() -> None:
    passages = [_passage("Chương I.Điều 2.1", 0), _passage("Chương I.Điều 2.1(a)", 1), _passage("Chương I.Điều 3", 2)]
    assert assign_units(passages) == [0, 0, 1]
    short = [_passage("I.2.đột phá(1)", 0), _passage("I.2.đột phá(2)", 1)]
    assert assign_units(short) == [0, 0]  # a short section is one unit, items and all
