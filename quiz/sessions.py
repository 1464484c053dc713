"""Quiz sessions: a trainer opens one with a join code, participants answer, everyone sees results.

Pure Python over :class:`quiz.db.QuizDB`, no UI. Every answer is written as it is given, so a
participant who refreshes or reconnects resumes with the join code and their token. The time limit
is enforced here, on the server: an answer after the participant's deadline is refused.
Trainer actions need the session's ``trainer_key``, handed out once when the session is opened.

Two modes. In an exam (``"exam"``) each participant works through all questions on their own
clock. In a trainer-paced session (``"paced"``) the trainer opens one question at a time for
``question_s`` seconds; every participant answers that question only, and when its time is up
the room sees the distribution, the key and the leaderboard. Rounds are rows with their opening
and closing times, so whether a question is open is read from the database, never from the
state of one process.

Nothing of the key leaves the store while anyone can still answer: a handed-in attempt gets its
score and review only once the session is closed (a throwaway attempt learns nothing to pass to
a real one), and right/wrong per question only when the trainer allowed the key.
"""

from __future__ import annotations

import functools
import json
import random
import secrets
import threading
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
import unicodedata
from dataclasses import dataclass
from typing import Any

from confusable_homoglyphs.confusables import confusables_data

from corpus.errors import QuizError
from corpus.inputs import text_input
from corpus.normalize import fold, normalize
from index.database import IntegrityError, RowMapping, Transaction
from quiz.db import QuizDB
from quiz.items import MATCH_SEPARATOR, ORDERED_OPTIONS, QuizItem

# No 0/O, 1/I/L: a code read aloud or copied from a projector is typed right the first time.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
# An answer clicked as the countdown hits zero is still in flight; accept it for this long.
GRACE_S = 2.0
MAX_ITEMS = 200
MAX_TIME_LIMIT_S = 4 * 3600
MAX_NAME_CHARS = 80
MAX_UNIT_CHARS = 120
MAX_CODE_CHARS = 32
MAX_TOKEN_CHARS = 64
MAX_CHOICE_CHARS = 4000
MODES = ("exam", "paced")
MIN_QUESTION_S, MAX_QUESTION_S = 5, 600
# Points of a right answer in a paced session; with speed points, an answer at the last moment
# still gets half of them.
ROUND_POINTS = 1000
# Characters that render as nothing but are not of Unicode category Cf (format): the combining
# grapheme joiner, Khmer inherent vowels, the Mongolian vowel separator; and Hangul fillers,
# which render as a blank, read as a space.
INVISIBLE = str.maketrans(dict.fromkeys("\u034f\u17b4\u17b5\u180e") | dict.fromkeys("\u115f\u1160\u3164\uffa0", " "))


@dataclass(frozen=True)
class SessionInfo:
    """A session as the trainer opened it."""

    code: str
    title: str
    time_limit_s: int
    shuffle: bool
    created_at: float
    closed_at: float | None
    n_questions: int
    allow_retake: bool = False
    show_key: bool = False
    allow_change: bool = True
    mode: str = "exam"
    question_s: int = 0
    speed_points: bool = False

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def paced(self) -> bool:
        return self.mode == "paced"


@dataclass(frozen=True)
class Round:
    """One question of a paced session as opened by the trainer."""

    number: int  # 1, 2, ... in the order opened
    position: int
    opened_at: float
    closes_at: float

    def remaining(self, now: float) -> float:
        return max(0.0, self.closes_at - now)

    def is_open(self, now: float) -> bool:
        return now <= self.closes_at


@dataclass(frozen=True)
class Question:
    """A question as one participant sees it (their order, their option order)."""

    number: int
    position: int
    type: str
    stem: str
    options: tuple[str, ...]
    left: tuple[str, ...] = ()


@dataclass(frozen=True)
class Attempt:
    """A participant's view of their attempt: questions, answers so far, deadline."""

    code: str
    token: str
    name: str
    unit: str
    title: str
    questions: tuple[Question, ...]
    answers: dict[int, str]
    deadline: float | None
    finished: bool
    session_open: bool
    allow_change: bool = True
    mode: str = "exam"

    def remaining(self, now: float) -> float | None:
        """Seconds left (never below 0), or ``None`` without a time limit."""
        return None if self.deadline is None else max(0.0, self.deadline - now)

    def can_answer(self, now: float) -> bool:
        return not self.finished and self.session_open and (self.deadline is None or now <= self.deadline + GRACE_S)


@dataclass(frozen=True)
class ReviewRow:
    """One question of a finished attempt, with the key, explanation and citation."""

    number: int
    stem: str
    given: str
    answer: str
    correct: bool | None  # None: the trainer did not allow the key
    explanation: str
    citation: str


@dataclass(frozen=True)
class Result:
    """A participant's score and review, once the session is closed."""

    name: str
    unit: str
    correct: int
    total: int
    seconds: float
    review: tuple[ReviewRow, ...]
    show_key: bool = True  # False: each row's right/wrong, answer, explanation and citation are left empty
    points: int = 0


@dataclass(frozen=True)
class LeaderRow:
    rank: int
    name: str
    unit: str
    correct: int
    answered: int
    seconds: float
    finished: bool
    points: int = 0


@dataclass(frozen=True)
class QuestionStats:
    number: int
    stem: str
    answer: str
    answered: int
    correct: int
    top_wrong: str
    top_wrong_count: int
    options: tuple[tuple[str, int], ...] = ()  # every option offered, with how many chose it

    @property
    def share_correct(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class Dashboard:
    """What the trainer watches live."""

    session: SessionInfo
    joined: int
    finished: int
    answers: int
    leaderboard: tuple[LeaderRow, ...]
    questions: tuple[QuestionStats, ...]
    current: int = 0  # number of the question the room is on: the round opened last, or answered last
    round: Round | None = None  # paced: the round opened last
    now: float = 0.0

    @property
    def key_hidden(self) -> bool:
        """Whether the key of the current question must not be shown (someone can still answer it)."""
        if not self.session.is_open:
            return False
        if self.session.paced:
            return self.round is None or self.round.is_open(self.now)
        return True


def normalize_code(code: str) -> str:
    """A join code as typed (any case, spaces or dashes) in its canonical form."""
    return "".join(ch for ch in text_input(code, MAX_CODE_CHARS, "Mã phiên thi", QuizError).upper() if ch.isalnum())


def clean_name(name: str) -> str:
    """A name as shown: NFKC (fullwidth letters become plain ones), invisible characters dropped,
    then the project's normalization."""
    text = unicodedata.normalize("NFKC", name).translate(INVISIBLE)
    return normalize("".join(c for c in text if unicodedata.category(c) != "Cf" and not "\ufe00" <= c <= "\ufe0f"))


@functools.lru_cache(maxsize=4096)
def _latin(char: str) -> str:
    """The Latin letter or digit ``char`` looks like (Unicode's confusables), else ``char``."""
    if char.isascii():
        return char
    for glyph in confusables_data.get(char, ()):
        if glyph["c"].isascii() and glyph["c"].isalnum():
            return glyph["c"].lower()
    return char


def name_key(name: str) -> str:
    """How names are told apart in a session: by how they look, without case, spacing or
    diacritics differences ("Nguyễn Văn An" and "nguyen van  an" are one person), and with
    letters of other scripts that look Latin (Cyrillic "е"), fullwidth letters and invisible
    characters folded away, so that nobody appears twice under one name."""
    folded = fold(clean_name(name))
    return " ".join("".join(_latin(c) for c in folded).split())


def _item_to_json(item: QuizItem) -> str:
    return json.dumps(item.to_json(), ensure_ascii=False)


def _item_from_row(row: Mapping[str, Any]) -> QuizItem:
    return QuizItem.from_json(json.loads(row["item_json"]))


def _choice_text(item: QuizItem, choice: str | Sequence[str]) -> str:
    return choice if isinstance(choice, str) else MATCH_SEPARATOR.join(choice)


def _participant_view(item: QuizItem, rng: random.Random, shuffle: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Options (and matching left sides) in the order one participant sees them."""
    options = list(item.options)
    # Đúng/Sai and counts (ascending numbers) keep their natural order; shuffling them only confuses.
    if shuffle and item.type not in ORDERED_OPTIONS:
        rng.shuffle(options)
    left = tuple(l for l, _ in item.pairs)
    return tuple(options), left


class SessionStore:
    """Sessions, participants and answers in the quiz database.

    Args:
        db: The quiz database.
        clock: Current time in seconds (default: the database server's clock, the same for every
            replica; injectable so tests can move past a deadline).
    """

    def __init__(self, db: QuizDB, clock: Callable[[], float] | None = None) -> None:
        self.db = db
        self.clock = clock or db.now
        # A session's items never change once it is opened: parsed once, not on every answer.
        self._items_cache: dict[int, list[QuizItem]] = {}
        self._cache_lock = threading.Lock()

    # -- trainer -----------------------------------------------------------------------------

    def create(
        self, items: Sequence[QuizItem], *, title: str = "", time_limit_s: int = 0, shuffle: bool = True,
        allow_retake: bool = False, show_key: bool = False, allow_change: bool = True, mode: str = "exam",
        question_s: int = 20, speed_points: bool = False,
    ) -> tuple[str, str]:
        """Open a session with ``items``; returns ``(join code, trainer key)``.

        ``allow_retake``: a participant who handed in may start again (the new attempt replaces
        the old). ``show_key``: the review, once the session is closed, shows right/wrong, the key,
        explanation and source. ``allow_change``: an answer may be changed until hand-in (or, paced,
        until the question closes); otherwise the first answer stands.

        ``mode="paced"``: the trainer opens the questions one at a time (:meth:`next_question`),
        each for ``question_s`` seconds; ``speed_points`` makes a faster right answer worth more.
        Questions keep their order and options are not shuffled, so phones match the projector;
        there is no overall time limit and no retake.

        Raises:
            QuizError: No items, too many, or a time limit out of range.
        """
        if not items:
            raise QuizError("Chưa có câu hỏi nào để mở phiên thi.")
        if len(items) > MAX_ITEMS:
            raise QuizError(f"Một phiên thi có tối đa {MAX_ITEMS} câu hỏi.")
        if mode not in MODES:
            raise QuizError("Hình thức thi không hợp lệ.")
        if not 0 <= int(time_limit_s) <= MAX_TIME_LIMIT_S:
            raise QuizError(f"Thời gian làm bài phải từ 0 đến {MAX_TIME_LIMIT_S // 60} phút.")
        if mode == "paced":
            if not MIN_QUESTION_S <= int(question_s) <= MAX_QUESTION_S:
                raise QuizError(f"Thời gian mỗi câu phải từ {MIN_QUESTION_S} đến {MAX_QUESTION_S} giây.")
            time_limit_s, shuffle, allow_retake = 0, False, False
        else:
            question_s, speed_points = 0, False
        trainer_key = secrets.token_urlsafe(16)
        title = normalize(title or "")[:200]
        for _ in range(20):
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            try:
                with self.db.write() as conn:
                    session_id = conn.execute(
                        "INSERT INTO sessions (code, trainer_key, title, time_limit_s, shuffle, created_at, allow_retake,"
                        " show_key, allow_change, mode, question_s, speed_points) VALUES (:code, :trainer_key, :title,"
                        " :time_limit_s, :shuffle, :created_at, :allow_retake, :show_key, :allow_change, :mode, :question_s,"
                        " :speed_points) RETURNING id",
                        {
                            "code": code, "trainer_key": trainer_key, "title": title or f"Phiên thi {code}",
                            "time_limit_s": int(time_limit_s), "shuffle": int(shuffle), "created_at": self.clock(),
                            "allow_retake": int(allow_retake), "show_key": int(show_key), "allow_change": int(allow_change),
                            "mode": mode, "question_s": int(question_s), "speed_points": int(speed_points),
                        },
                    ).scalar_one()
                    conn.execute(
                        "INSERT INTO session_items (session_id, position, item_json) VALUES (:session_id, :position, :item)",
                        [{"session_id": session_id, "position": i, "item": _item_to_json(item)} for i, item in enumerate(items)],
                    )
                return code, trainer_key
            except IntegrityError:
                continue  # code already taken: draw another
        raise QuizError("Không tạo được mã phiên thi, vui lòng thử lại.")

    def info(self, code: str) -> SessionInfo:
        """The session with join code ``code``.

        Raises:
            QuizError: No such session.
        """
        with self.db.read() as conn:
            return self._info(conn, code)

    def close(self, code: str, trainer_key: str) -> None:
        """Stop accepting joins and answers."""
        with self.db.write() as conn:
            session_id = self._check_trainer(conn, code, trainer_key)
            conn.execute(
                "UPDATE sessions SET closed_at = :now WHERE id = :id AND closed_at IS NULL", {"now": self.clock(), "id": session_id}
            )

    def dashboard(self, code: str, trainer_key: str) -> Dashboard:
        """Live counts, leaderboard (correct answers, then time) and per-question statistics."""
        with self.db.read() as conn:
            session_id = self._check_trainer(conn, code, trainer_key)
            info = self._info(conn, code)
            items = self._items(conn, session_id)
            current_round = self._round(conn, info.code)
            people = conn.all(
                "SELECT p.id, p.name, p.unit, p.joined_at, p.deadline, p.finished_at,"
                " COUNT(a.position) AS answered, COALESCE(SUM(a.correct), 0) AS correct,"
                " COALESCE(SUM(a.points), 0) AS points, MAX(a.answered_at) AS last_at"
                " FROM participants p LEFT JOIN answers a ON a.participant_id = p.id"
                " WHERE p.session_id = :session_id GROUP BY p.id",
                session_id=session_id,
            )
            answers = conn.all(
                "SELECT a.position, a.choice, a.correct, a.answered_at FROM answers a"
                " JOIN participants p ON p.id = a.participant_id WHERE p.session_id = :session_id",
                session_id=session_id,
            )
        ranked = sorted(
            people,
            key=lambda p: (-p["points"], -p["correct"], self._elapsed(p, info), p["name"].casefold()),
        )
        leaderboard = tuple(
            LeaderRow(
                rank=i,
                name=p["name"],
                unit=p["unit"],
                correct=p["correct"],
                answered=p["answered"],
                seconds=round(self._elapsed(p, info), 1),
                finished=p["finished_at"] is not None,
                points=p["points"],
            )
            for i, p in enumerate(ranked, start=1)
        )
        return Dashboard(
            session=info,
            joined=len(people),
            finished=sum(p["finished_at"] is not None for p in people),
            answers=len(answers),
            leaderboard=leaderboard,
            questions=tuple(self._question_stats(items, answers)),
            current=(
                current_round.position + 1 if current_round
                else max(answers, key=lambda a: a["answered_at"])["position"] + 1 if answers else 1
            ),
            round=current_round,
            now=self.clock(),
        )

    def next_question(self, code: str, trainer_key: str) -> Round:
        """Paced: close the current question (if still open) and open the next one.

        Raises:
            QuizError: Not a paced session, closed, or no question left.
        """
        with self.db.write() as conn:
            session_id = self._check_trainer(conn, code, trainer_key)
            # Two clicks (on two replicas) must not both open question n + 1.
            conn.lock(f"session:{session_id}")
            info = self._info(conn, code)
            if not info.paced:
                raise QuizError("Phiên thi này không do báo cáo viên điều khiển từng câu.")
            if not info.is_open:
                raise QuizError("Phiên thi đã kết thúc.")
            now = self.clock()
            current = self._round(conn, info.code)
            number = current.number + 1 if current else 1
            if number > info.n_questions:
                raise QuizError("Đã hết câu hỏi; hãy đóng phiên thi để công bố kết quả.")
            if current and current.is_open(now):
                conn.execute(
                    "UPDATE rounds SET closes_at = :now WHERE session_id = :session_id AND number = :number",
                    {"now": now, "session_id": session_id, "number": current.number},
                )
            conn.execute(
                "INSERT INTO rounds (session_id, number, position, opened_at, closes_at)"
                " VALUES (:session_id, :number, :position, :opened_at, :closes_at)",
                {"session_id": session_id, "number": number, "position": number - 1, "opened_at": now,
                 "closes_at": now + info.question_s},
            )
            return Round(number, number - 1, now, now + info.question_s)

    def end_question(self, code: str, trainer_key: str) -> None:
        """Paced: close the current question now (everyone has answered)."""
        with self.db.write() as conn:
            session_id = self._check_trainer(conn, code, trainer_key)
            now = self.clock()
            conn.execute(
                "UPDATE rounds SET closes_at = :now WHERE session_id = :session_id AND closes_at > :now"
                " AND number = (SELECT MAX(number) FROM rounds WHERE session_id = :session_id)",
                {"now": now, "session_id": session_id},
            )

    def current_round(self, code: str) -> Round | None:
        """Paced: the question opened last (open or not), ``None`` before the first."""
        with self.db.read() as conn:
            return self._round(conn, normalize_code(code))

    def live(self, code: str) -> tuple[SessionInfo, Round | None, Question | None]:
        """The session, its last round and, while that round is open, its question as every phone
        sees it (a paced session shuffles nothing); one read, for the route 500 phones poll."""
        with self.db.read() as conn:
            info = self._info(conn, code)
            current = self._round(conn, info.code)
            if not (info.paced and current and current.is_open(self.clock())):
                return info, current, None
            session_id = conn.scalar("SELECT id FROM sessions WHERE code = :code", code=info.code)
            item = self._items(conn, session_id)[current.position]
        options, left = _participant_view(item, random.Random(0), shuffle=False)
        return info, current, Question(current.number, current.position, item.type, item.stem, options, left)

    # -- participants ------------------------------------------------------------------------

    def join(self, code: str, name: str, unit: str, browser: str = "") -> Attempt:
        """Join the session ``code``; the attempt's ``token`` resumes it later.

        A name is taken once per session (see :func:`name_key`), and a browser (the id the hall
        keeps in a signed cookie) joins once: under another name from a browser already in the
        session, it is refused. Joining again under that name from the same ``browser`` resumes
        that attempt, or, once handed in, starts it over when the trainer allows retakes (the new
        attempt replaces the old); from any other browser, or without one, it is refused.

        Raises:
            QuizError: Unknown or closed session, missing, overlong or taken name, overlong unit.
        """
        name = clean_name(text_input(name, MAX_NAME_CHARS, "Họ và tên", QuizError))
        unit = normalize(text_input(unit, MAX_UNIT_CHARS, "Đơn vị", QuizError))
        browser = text_input(browser, MAX_TOKEN_CHARS, "Mã trình duyệt", QuizError)
        if not name:
            raise QuizError("Vui lòng nhập họ và tên.")
        key = name_key(name)
        with self.db.write() as conn:
            info = self._info(conn, code)
            # Two joins under one name, or from one browser, through two replicas: one at a time
            # (always the name first, then the browser, so two joins never wait on each other).
            conn.lock(f"join:{info.code}:name:{key}")
            if browser:
                conn.lock(f"join:{info.code}:browser:{browser}")
            now = self.clock()
            deadline = now + info.time_limit_s if info.time_limit_s else None
            row = conn.one(
                "SELECT p.* FROM participants p JOIN sessions s ON s.id = p.session_id WHERE s.code = :code AND p.name_key = :key",
                code=info.code, key=key,
            )
            if row is not None:
                if not browser or not secrets.compare_digest(row["browser"], browser):
                    raise QuizError(
                        f"Tên «{name}» đã có người dùng trong phiên thi này. Nếu đó là bạn, hãy mở lại trên thiết bị"
                        " và trình duyệt đã dùng để vào thi; nếu không, hãy ghi thêm chữ lót hoặc đơn vị để phân biệt."
                    )
                if row["finished_at"] is not None and info.allow_retake and info.is_open:
                    conn.execute("DELETE FROM answers WHERE participant_id = :id", {"id": row["id"]})
                    conn.execute(
                        "UPDATE participants SET joined_at = :now, deadline = :deadline, finished_at = NULL, unit = :unit"
                        " WHERE id = :id",
                        {"now": now, "deadline": deadline, "unit": unit or row["unit"], "id": row["id"]},
                    )
                token = row["token"]
            else:
                if not info.is_open:
                    raise QuizError("Phiên thi đã kết thúc, không thể tham gia.")
                other = browser and conn.one(
                    "SELECT p.name FROM participants p JOIN sessions s ON s.id = p.session_id"
                    " WHERE s.code = :code AND p.browser = :browser",
                    code=info.code, browser=browser,
                )
                if other:
                    raise QuizError(
                        f"Trình duyệt này đã vào phiên thi với tên «{other['name']}»; mỗi người chỉ tham gia một lần."
                        " Hãy vào lại bằng đúng tên đó."
                    )
                token = secrets.token_urlsafe(16)
                conn.execute(
                    "INSERT INTO participants (session_id, token, name, unit, joined_at, deadline, name_key, browser)"
                    " SELECT id, :token, :name, :unit, :now, :deadline, :key, :browser FROM sessions WHERE code = :code",
                    {"token": token, "name": name, "unit": unit, "now": now, "deadline": deadline, "key": key,
                     "browser": browser, "code": info.code},
                )
        return self.attempt(code, token)

    def attempt(self, code: str, token: str) -> Attempt:
        """The attempt of ``token`` in session ``code``, with the answers saved so far.

        Raises:
            QuizError: The token does not belong to that session.
        """
        with self.db.read() as conn:
            info = self._info(conn, code)
            p = self._participant(conn, info.code, token)
            items = self._items(conn, p["session_id"])
            saved = {
                r["position"]: r["choice"]
                for r in conn.all("SELECT position, choice FROM answers WHERE participant_id = :id", id=p["id"])
            }
        # Seeded by the token: the same participant always sees the same order, without storing it.
        rng = random.Random(token)
        order = list(range(len(items)))
        if info.paced:
            # Only the question open now: phones never hold the ones still to come.
            current = self.current_round(info.code)
            order = [current.position] if current and current.is_open(self.clock()) else []
        elif info.shuffle:
            rng.shuffle(order)
        questions = []
        for number, position in enumerate(order, start=1):
            item = items[position]
            options, left = _participant_view(item, rng, info.shuffle)
            questions.append(Question(number, position, item.type, item.stem, options, left))
        return Attempt(
            code=info.code,
            token=token,
            name=p["name"],
            unit=p["unit"],
            title=info.title,
            questions=tuple(questions),
            answers=saved,
            deadline=p["deadline"],
            finished=p["finished_at"] is not None,
            session_open=info.is_open,
            allow_change=info.allow_change,
            mode=info.mode,
        )

    def answer(self, code: str, token: str, position: int, choice: str | Sequence[str]) -> int:
        """Save (or change) the answer to the item at ``position``; returns how many are answered.

        Raises:
            QuizError: Past the deadline, finished, session closed, or a choice not offered.
        """
        if isinstance(position, bool) or not isinstance(position, int):
            raise QuizError("Số thứ tự câu hỏi không hợp lệ.")
        if isinstance(choice, (list, tuple)):
            choice = [text_input(c, MAX_CHOICE_CHARS, "Lựa chọn", QuizError) for c in choice]
        else:
            choice = text_input(choice, MAX_CHOICE_CHARS, "Lựa chọn", QuizError)
        with self.db.write() as conn:
            info = self._info(conn, code)
            p = self._participant(conn, info.code, token, lock=True)
            now = self.clock()
            if p["finished_at"] is not None:
                raise QuizError("Bạn đã nộp bài, không thể sửa câu trả lời.")
            if not info.is_open:
                raise QuizError("Phiên thi đã kết thúc, câu trả lời không được ghi nhận.")
            if p["deadline"] is not None and now > p["deadline"] + GRACE_S:
                raise QuizError("Đã hết thời gian làm bài, câu trả lời không được ghi nhận.")
            items = self._items(conn, p["session_id"])
            if not 0 <= position < len(items):
                raise QuizError("Câu hỏi không có trong phiên thi này.")
            points = 0
            item = items[position]
            text = _choice_text(item, choice)
            offered = set(item.options)
            picked = text.split(MATCH_SEPARATOR) if item.type == "matching" else [text]
            if not text or not set(picked) <= offered:
                raise QuizError("Lựa chọn không hợp lệ.")
            if item.type == "matching" and (len(picked) != len(item.pairs) or len(set(picked)) != len(picked)):
                raise QuizError(f"Câu ghép nối cần {len(item.pairs)} lựa chọn khác nhau, mỗi mục một lần.")
            correct = item.is_correct(text)
            if info.paced:
                current = self._round(conn, info.code)
                if current is None or current.position != position or now > current.closes_at + GRACE_S:
                    raise QuizError("Câu hỏi này đã hết giờ trả lời.")
                if correct:
                    # Speed points: full at the opening, half at the closing.
                    share = 1 - 0.5 * min(1.0, (now - current.opened_at) / max(1, info.question_s)) if info.speed_points else 1
                    points = round(ROUND_POINTS * share)
            row = {"id": p["id"], "position": int(position), "choice": text, "correct": int(correct), "now": now, "points": points}
            insert = (
                "INSERT INTO answers (participant_id, position, choice, correct, answered_at, points)"
                " VALUES (:id, :position, :choice, :correct, :now, :points) ON CONFLICT (participant_id, position)"
            )
            if info.allow_change:
                conn.execute(
                    insert + " DO UPDATE SET choice = excluded.choice, correct = excluded.correct,"
                    " answered_at = excluded.answered_at, points = excluded.points",
                    row,
                )
            else:
                stored = conn.execute(insert + " DO NOTHING", row).rowcount
                # The same answer sent again (a retry after a lost reply) is stored already: not an error.
                if not stored and conn.scalar(
                    "SELECT choice FROM answers WHERE participant_id = :id AND position = :position", **row
                ) != text:
                    raise QuizError("Câu này đã được trả lời; phiên thi này không cho đổi câu trả lời.")
            return conn.scalar("SELECT COUNT(*) FROM answers WHERE participant_id = :id", id=p["id"])

    def finish(self, code: str, token: str) -> Attempt:
        """Hand in the attempt (idempotent); its :meth:`result` follows when the session closes."""
        with self.db.write() as conn:
            info = self._info(conn, code)
            p = self._participant(conn, info.code, token, lock=True)
            if p["finished_at"] is None:
                conn.execute("UPDATE participants SET finished_at = :now WHERE id = :id", {"now": self.clock(), "id": p["id"]})
        return self.attempt(code, token)

    def result(self, code: str, token: str) -> Result:
        """Score and review; available once the session is closed (until then someone may still be
        answering, and a score or a right/wrong is a key to them).

        Raises:
            QuizError: The attempt is still running, or the session still open.
        """
        attempt = self.attempt(code, token)
        if attempt.can_answer(self.clock()):
            raise QuizError("Bài làm chưa nộp; hãy nộp bài để xem kết quả.")
        if attempt.session_open:
            raise QuizError("Đã nộp bài. Kết quả sẽ có khi báo cáo viên đóng phiên thi.")
        with self.db.read() as conn:
            info = self._info(conn, code)
            p = self._participant(conn, info.code, token)
            items = self._items(conn, p["session_id"])
            totals = conn.one(
                "SELECT MAX(answered_at) AS last_at, COALESCE(SUM(points), 0) AS points FROM answers WHERE participant_id = :id",
                id=p["id"],
            )
            last_at, points = totals["last_at"], totals["points"]
        review, correct = [], 0
        # Paced sessions show the current question only; the review covers them all, in order.
        questions = attempt.questions if not info.paced else [Question(i + 1, i, it.type, it.stem, it.options) for i, it in enumerate(items)]
        for q in questions:
            item = items[q.position]
            given = attempt.answers.get(q.position, "")
            right = bool(given) and item.is_correct(given)
            correct += right
            shown = (item.answer, right, item.explanation, item.citation) if info.show_key else ("", None, "", "")
            review.append(ReviewRow(q.number, item.stem, given, *shown))
        elapsed = self._elapsed({**dict(p), "last_at": last_at}, info)
        return Result(
            attempt.name, attempt.unit, correct, len(review), round(elapsed, 1), tuple(review), info.show_key, points
        )

    # -- helpers -----------------------------------------------------------------------------

    @staticmethod
    def _info(conn: Transaction, code: str) -> SessionInfo:
        code = normalize_code(code)
        row = conn.one(
            "SELECT s.*, (SELECT COUNT(*) FROM session_items i WHERE i.session_id = s.id) AS n FROM sessions s WHERE code = :code",
            code=code,
        )
        if row is None:
            raise QuizError(f"Không tìm thấy phiên thi có mã {code or '(trống)'}.")
        return SessionInfo(
            row["code"], row["title"], row["time_limit_s"], bool(row["shuffle"]), row["created_at"], row["closed_at"], row["n"],
            bool(row["allow_retake"]), bool(row["show_key"]), bool(row["allow_change"]), row["mode"], row["question_s"],
            bool(row["speed_points"]),
        )

    @staticmethod
    def _round(conn: Transaction, code: str) -> Round | None:
        row = conn.one(
            "SELECT r.number, r.position, r.opened_at, r.closes_at FROM rounds r JOIN sessions s ON s.id = r.session_id"
            " WHERE s.code = :code ORDER BY r.number DESC LIMIT 1",
            code=code,
        )
        return Round(**row) if row else None

    @staticmethod
    def _participant(conn: Transaction, code: str, token: str, *, lock: bool = False) -> RowMapping:
        token = text_input(token, MAX_TOKEN_CHARS, "Mã bài làm", QuizError)
        if lock:
            # An answer and the hand-in of one attempt, arriving through two replicas: one at a time.
            conn.lock(f"attempt:{token}")
        row = conn.one(
            "SELECT p.* FROM participants p JOIN sessions s ON s.id = p.session_id WHERE s.code = :code AND p.token = :token",
            code=code, token=token,
        )
        if row is None:
            raise QuizError("Không tìm thấy bài làm của bạn trong phiên thi này; hãy tham gia lại bằng mã phiên.")
        return row

    @staticmethod
    def _check_trainer(conn: Transaction, code: str, trainer_key: str) -> int:
        row = conn.one("SELECT id, trainer_key FROM sessions WHERE code = :code", code=normalize_code(code))
        if row is None:
            raise QuizError(f"Không tìm thấy phiên thi có mã {normalize_code(code) or '(trống)'}.")
        trainer_key = text_input(trainer_key, MAX_TOKEN_CHARS, "Khóa phiên thi", QuizError)
        if not secrets.compare_digest(row["trainer_key"], trainer_key):
            raise QuizError("Chỉ người tạo phiên thi mới xem được kết quả này.")
        return row["id"]

    def _items(self, conn: Transaction, session_id: int) -> list[QuizItem]:
        with self._cache_lock:
            cached = self._items_cache.get(session_id)
        if cached is None:
            rows = conn.all("SELECT item_json FROM session_items WHERE session_id = :id ORDER BY position", id=session_id)
            cached = [_item_from_row(r) for r in rows]
            with self._cache_lock:
                self._items_cache[session_id] = cached
        return cached

    @staticmethod
    def _elapsed(p: Mapping[str, Any], info: SessionInfo) -> float:
        """Time used: until hand-in, else until the last answer; never more than the limit."""
        end = p["finished_at"] or p["last_at"] or p["joined_at"]
        elapsed = max(0.0, end - p["joined_at"])
        return min(elapsed, info.time_limit_s) if info.time_limit_s else elapsed

    @staticmethod
    def _question_stats(items: list[QuizItem], answers: Sequence[RowMapping]) -> list[QuestionStats]:
        by_position: dict[int, list[RowMapping]] = {}
        for a in answers:
            by_position.setdefault(a["position"], []).append(a)
        stats = []
        for position, item in enumerate(items):
            given = by_position.get(position, [])
            chosen = Counter(a["choice"] for a in given)
            wrong = Counter(a["choice"] for a in given if not a["correct"]).most_common(1)
            # Matching answers are whole combinations: list those given, most frequent first.
            offered = item.options if item.type != "matching" else [c for c, _ in chosen.most_common()]
            stats.append(
                QuestionStats(
                    number=position + 1,
                    stem=item.stem,
                    answer=item.answer,
                    answered=len(given),
                    correct=sum(a["correct"] for a in given),
                    top_wrong=wrong[0][0] if wrong else "",
                    top_wrong_count=wrong[0][1] if wrong else 0,
                    options=tuple((option, chosen[option]) for option in offered),
                )
            )
        return stats
