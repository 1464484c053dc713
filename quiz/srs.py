"""Self-study with spaced repetition: Leitner boxes per owner, kept in the quiz database.

A deck's owner is a random id the browser keeps (made by the app on first use), not a name:
typing someone's name must not open their deck.

A card starts in box 1. A right answer moves it up one box and puts it off for longer; a wrong
answer sends it back to box 1, due at once, so missed questions come back more often. The next
card is the due one in the lowest box (then the longest overdue), never the card just shown when
another is due.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from corpus.errors import QuizError
from quiz.db import QuizDB
from quiz.items import QuizItem

# Box n waits BOX_INTERVALS_S[n - 1] after a right answer. Box 1 is "again in this sitting";
# from box 3 on the wait is in days, as in a paper Leitner box.
BOX_INTERVALS_S: tuple[int, ...] = (0, 10 * 60, 24 * 3600, 3 * 24 * 3600, 7 * 24 * 3600)
MAX_BOX = len(BOX_INTERVALS_S)
CARD = 'SELECT * FROM srs_cards WHERE "user" = :user AND key = :key'


@dataclass(frozen=True)
class Card:
    """A quiz item in one user's deck."""

    key: str
    scope: str
    item: QuizItem
    box: int
    due: float
    seen: int
    lapses: int


@dataclass(frozen=True)
class DeckStats:
    total: int
    due: int
    boxes: tuple[int, ...]  # cards per box, box 1 first


# secrets.token_urlsafe(16) and longer; a plain name never fits.
OWNER_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def owner_key(owner: object) -> str:
    """``owner`` when it has the form of a browser id, else a Vietnamese :class:`QuizError`."""
    if not isinstance(owner, str) or not OWNER_PATTERN.fullmatch(owner):
        raise QuizError("Không nhận ra trình duyệt của bạn; hãy tải lại trang để tiếp tục ôn tập.")
    return owner


def scope_of(item: QuizItem) -> str:
    """What a card is filed under: its document and section (``"<doc_id>#<section>"``).

    Filters take the same form; ``"<doc_id>#"`` stands for the whole document.
    """
    return f"{item.doc_id}#{item.section}"


def _scope_filter(scopes: Iterable[str] | None) -> tuple[str, dict[str, object]]:
    """SQL matching cards under any of ``scopes``: ``"doc#"`` is the whole document, ``"doc#IV"``
    section IV and its subsections (IV.1, IV.1.2...), as the section choice in the UI means."""
    if scopes is None:
        return "", {}
    clauses, params = [], {}
    for i, scope in enumerate(scopes):
        # A prefix compared as it is (case-sensitive, no wildcard to escape), the same in SQLite
        # and PostgreSQL; LIKE differs between them in case and escaping.
        prefix = scope if scope.endswith("#") else scope.rstrip(".") + "."
        params |= {f"prefix{i}": prefix, f"length{i}": len(prefix)}
        clause = f"substr(scope, 1, :length{i}) = :prefix{i}"
        if not scope.endswith("#"):
            clause = f"(scope = :scope{i} OR {clause})"
            params[f"scope{i}"] = scope
        clauses.append(clause)
    return f" AND ({' OR '.join(clauses) or '1 = 0'})", params


def _card(row) -> Card:
    return Card(row["key"], row["scope"], QuizItem.from_json(json.loads(row["item_json"])), row["box"], row["due"], row["seen"], row["lapses"])


class Deck:
    """The Leitner decks of all users.

    Args:
        db: The quiz database.
        clock: Current time in seconds (injectable for tests).
    """

    def __init__(self, db: QuizDB, clock: Callable[[], float] | None = None) -> None:
        self.db = db
        self.clock = clock or db.now

    def add(self, user: str, items: Iterable[QuizItem]) -> int:
        """Put new items in box 1 of ``user``'s deck; items already there keep their progress.

        Returns:
            How many cards were added.
        """
        user, now = owner_key(user), self.clock()
        rows = [
            {"user": user, "key": item.id, "scope": scope_of(item), "item": json.dumps(item.to_json(), ensure_ascii=False), "now": now}
            for item in items
        ]
        if not rows:
            return 0
        count = 'SELECT COUNT(*) FROM srs_cards WHERE "user" = :user'
        with self.db.write() as conn:
            before = conn.scalar(count, user=user)
            conn.execute(
                'INSERT INTO srs_cards ("user", key, scope, item_json, box, due) VALUES (:user, :key, :scope, :item, 1, :now)'
                ' ON CONFLICT ("user", key) DO NOTHING',
                rows,
            )
            return conn.scalar(count, user=user) - before

    def next_card(self, user: str, *, scopes: Iterable[str] | None = None, after: str = "") -> Card | None:
        """The card to show next, or ``None`` when nothing is due.

        Args:
            user: Deck owner.
            scopes: Only cards filed under these scopes (``None``: all the user's cards).
            after: Key of the card just shown; it is skipped unless it is the only one due.
        """
        user, now = owner_key(user), self.clock()
        where, params = _scope_filter(scopes)
        sql = f'SELECT * FROM srs_cards WHERE "user" = :user AND due <= :now{where} ORDER BY box, due, key LIMIT 2'
        with self.db.read() as conn:
            rows = conn.all(sql, user=user, now=now, **params)
        rows = [r for r in rows if r["key"] != after] or rows
        return _card(rows[0]) if rows else None

    def card(self, user: str, key: str) -> Card:
        """One card of ``user``'s deck.

        Raises:
            QuizError: The card is not in the user's deck.
        """
        with self.db.read() as conn:
            row = conn.one(CARD, user=owner_key(user), key=key)
        if row is None:
            raise QuizError("Câu hỏi này không có trong bộ ôn tập của bạn.")
        return _card(row)

    def record(self, user: str, key: str, correct: bool) -> Card:
        """Move a card after an answer: up one box if right, back to box 1 (due now) if wrong.

        Raises:
            QuizError: The card is not in the user's deck.
        """
        user, now = owner_key(user), self.clock()
        with self.db.write() as conn:
            row = conn.one(CARD, user=user, key=key)
            if row is None:
                raise QuizError("Câu hỏi này không có trong bộ ôn tập của bạn.")
            box = min(row["box"] + 1, MAX_BOX) if correct else 1
            due = now + BOX_INTERVALS_S[box - 1] if correct else now
            conn.execute(
                "UPDATE srs_cards SET box = :box, due = :due, seen = seen + 1, lapses = lapses + :lapse, last_seen = :now"
                ' WHERE "user" = :user AND key = :key',
                {"box": box, "due": due, "lapse": int(not correct), "now": now, "user": user, "key": key},
            )
            return _card(conn.one(CARD, user=user, key=key))

    def stats(self, user: str, *, scopes: Iterable[str] | None = None) -> DeckStats:
        """Cards in total, due now, and per box."""
        user, now = owner_key(user), self.clock()
        where, params = _scope_filter(scopes)
        sql = f'SELECT box, due FROM srs_cards WHERE "user" = :user{where}'
        with self.db.read() as conn:
            rows = conn.all(sql, user=user, **params)
        boxes = [0] * MAX_BOX
        for r in rows:
            boxes[r["box"] - 1] += 1
        return DeckStats(len(rows), sum(r["due"] <= now for r in rows), tuple(boxes))
