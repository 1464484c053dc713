"""Leitner self-study: missed questions come back more often, progress is kept per user."""

from __future__ import annotations

from collections import Counter

import pytest

from corpus.errors import QuizError
from quiz.srs import BOX_INTERVALS_S, MAX_BOX, Deck, owner_key, scope_of
from tests.quiz.session_items import sample_items


@pytest.fixture
def deck(quiz_db, clock) -> Deck:  # noqa: ANN001
    return Deck(quiz_db, clock=clock)


A = "browser-a-0123456789abcdef"
B = "browser-b-0123456789abcdef"


def test_a_deck_is_owned_by_a_browser_id_never_by_a_name(deck):
    assert owner_key(A) == A
    for bad in ("   ", "Nguyễn Văn Đức", "An", None, 42, ["x" * 30], "x" * 65, "a" * 19, "a" * 30 + "'"):
        with pytest.raises(QuizError, match="Không nhận ra trình duyệt"):
            deck.stats(bad)


def test_adding_twice_keeps_progress(deck):
    items = sample_items()
    assert deck.add(A, items) == 4
    deck.record(A, items[0].id, True)
    assert deck.add(A, items) == 0
    assert deck.stats(A).boxes[:2] == (3, 1)


def test_right_answers_climb_boxes_wrong_answers_fall_back(deck, clock):
    item = sample_items()[0]
    deck.add(A, [item])
    for box in range(2, MAX_BOX + 1):
        card = deck.record(A, item.id, True)
        assert card.box == box and card.due == clock.now + BOX_INTERVALS_S[box - 1]
    assert deck.record(A, item.id, True).box == MAX_BOX  # stays in the last box
    card = deck.record(A, item.id, False)
    assert (card.box, card.due, card.lapses, card.seen) == (1, clock.now, 1, MAX_BOX + 1)


def test_missed_questions_come_back_more_often(deck, clock):
    """A learner who always misses one question and knows the others sees it most in a sitting."""
    items = sample_items()
    hard = items[3].id
    deck.add(A, items)
    shown: Counter[str] = Counter()
    last = ""
    for _ in range(12):
        card = deck.next_card(A, after=last)
        if card is None:
            break
        shown[card.key] += 1
        deck.record(A, card.key, card.key != hard)
        last = card.key
        clock.now += 20  # twenty seconds a question
    assert shown[hard] >= 4
    assert all(shown[i.id] == 1 for i in items if i.id != hard)  # known ones wait ten minutes


def test_next_card_skips_the_one_just_shown_and_filters_by_scope(deck):
    items = sample_items()
    deck.add(A, items)
    first = deck.next_card(A)
    assert deck.next_card(A, after=first.key).key != first.key
    scope = scope_of(items[2])  # section I.2 holds items 2 and 3
    assert scope == "nq-dh13-2021#I.2"
    seen = {deck.next_card(A, scopes=[scope]).key}
    assert seen <= {items[2].id, items[3].id}
    assert deck.stats(A, scopes=[scope]).total == 2
    # A section covers its subsections; "doc#" the whole document; nothing else leaks in.
    assert deck.stats(A, scopes=["nq-dh13-2021#I"]).total == 4
    assert deck.stats(A, scopes=["nq-dh13-2021#"]).total == 4
    assert deck.stats(A, scopes=["nq-dh13-2021#I.1", "other#"]).total == 2
    assert deck.stats(A, scopes=["nq-dh13-2021#I.2.1", "NQ-DH13-2021#", "nq-dh13*"]).total == 0
    # A single due card is shown again rather than nothing.
    deck.record(A, items[2].id, True)
    assert deck.next_card(A, scopes=[scope], after=items[3].id).key == items[3].id


def test_nothing_due_then_due_again_later(deck, clock):
    item = sample_items()[0]
    deck.add(A, [item])
    deck.record(A, item.id, True)
    assert deck.next_card(A) is None
    assert deck.stats(A).due == 0
    clock.now += BOX_INTERVALS_S[1]
    assert deck.next_card(A).key == item.id


def test_decks_are_per_user(deck):
    items = sample_items()
    deck.add(A, items[:1])
    deck.add(B, items)
    assert deck.stats(A).total == 1 and deck.stats(B).total == 4
    with pytest.raises(QuizError, match="không có trong bộ ôn tập"):
        deck.record(A, items[3].id, True)
