"""The quiz database: sessions, participants, answers, self-study decks, sign-ins and secrets.

One SQLite file (``quiz.sqlite`` in the data dir), or the PostgreSQL database of ``database_url``
shared by every replica (:mod:`index.database`). Schema changes are plain functions registered
with :func:`migration` and applied once each, in order, by name; the names applied are kept in
``_sotay_migrations`` (:mod:`index.migrations`). Never edit what a shipped migration does: add a
new one. (The DDL below is SQLite's; quoting ``"user"``, a reserved word in PostgreSQL, leaves
the SQLite schema as it was.)
"""

from __future__ import annotations

import secrets
import threading
from pathlib import Path

from corpus.normalize import fold
from index.database import Database, Transaction
from index.migrations import Migration, applied, migrate
from index.settings import Settings

MIGRATIONS: list[Migration] = []
# The databases opened through QuizDB.open, by target: engines are per process, not per caller.
_OPENED: dict[str, QuizDB] = {}
_OPENED_LOCK = threading.Lock()


def migration(fn: Migration) -> Migration:
    """Register ``fn`` as the next migration; its ``__name__`` is its permanent record."""
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_sessions(tx: Transaction) -> None:
    tx.script(
        """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            trainer_key TEXT NOT NULL,
            title TEXT NOT NULL,
            time_limit_s INTEGER NOT NULL,
            shuffle INTEGER NOT NULL,
            created_at REAL NOT NULL,
            closed_at REAL
        );
        CREATE TABLE session_items (
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            item_json TEXT NOT NULL,
            PRIMARY KEY (session_id, position)
        );
        CREATE TABLE participants (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            token TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            unit TEXT NOT NULL,
            joined_at REAL NOT NULL,
            deadline REAL,
            finished_at REAL
        );
        CREATE INDEX participants_session ON participants(session_id);
        CREATE TABLE answers (
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            choice TEXT NOT NULL,
            correct INTEGER NOT NULL,
            answered_at REAL NOT NULL,
            PRIMARY KEY (participant_id, position)
        );
        """
    )


@migration
def m002_srs_cards(tx: Transaction) -> None:
    tx.script(
        """
        CREATE TABLE srs_cards (
            "user" TEXT NOT NULL,
            key TEXT NOT NULL,
            scope TEXT NOT NULL,
            item_json TEXT NOT NULL,
            box INTEGER NOT NULL,
            due REAL NOT NULL,
            seen INTEGER NOT NULL DEFAULT 0,
            lapses INTEGER NOT NULL DEFAULT 0,
            last_seen REAL,
            PRIMARY KEY ("user", key)
        );
        CREATE INDEX srs_cards_due ON srs_cards("user", scope, due);
        """
    )


class QuizDB(Database):
    """The quiz database, migrated to the latest schema when opened.

    Args:
        target: The SQLite file (``quiz.sqlite`` in the data dir) or a ``postgresql://`` URL.
    """

    def __init__(self, target: Path | str) -> None:
        super().__init__(target)
        migrate(self, MIGRATIONS)

    @classmethod
    def open(cls, settings: Settings) -> QuizDB:
        """The database of ``settings``: ``database_url`` if set, else the data directory's file.

        One instance per database in the process, whoever opens it (the hall, the sign-ins, the
        quiz tab): one connection pool per replica, as SQLAlchemy advises, so replicas times
        pool size stays within the server's connections, and one SQLite write queue per file.
        """
        target = settings.database_url or str(settings.data_path / "quiz.sqlite")
        with _OPENED_LOCK:
            if target not in _OPENED:
                _OPENED[target] = cls(target)
            return _OPENED[target]

    def secret(self, name: str) -> str:
        """A random secret kept in the database, made on first use (e.g. the key that encrypts
        what the app stores in browsers, so a saved quiz attempt still resumes after a restart,
        and every replica reads what another stored)."""
        with self.write() as tx:
            tx.execute(
                "INSERT INTO meta (key, value) VALUES (:key, :value) ON CONFLICT (key) DO NOTHING",
                {"key": f"secret:{name}", "value": secrets.token_urlsafe(32)},
            )
            return tx.scalar("SELECT value FROM meta WHERE key = :key", key=f"secret:{name}")

    def applied_migrations(self) -> list[str]:
        """Names of the migrations recorded in the database, in the order applied."""
        with self.read() as tx:
            return applied(tx)


@migration
def m003_meta(tx: Transaction) -> None:
    tx.script("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);")


@migration
def m004_exam_integrity(tx: Transaction) -> None:
    """One attempt per name in a session, tied to the browser that joined; trainer switches for
    retakes and for showing the key at review (sessions opened before kept showing it)."""
    tx.script(
        """
        ALTER TABLE sessions ADD COLUMN allow_retake INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE sessions ADD COLUMN show_key INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE participants ADD COLUMN name_key TEXT;
        ALTER TABLE participants ADD COLUMN browser TEXT NOT NULL DEFAULT '';
        """
    )
    seen: set[tuple[int, str]] = set()
    for row in tx.all("SELECT id, session_id, name FROM participants ORDER BY id"):
        key = " ".join(fold(row["name"]).split())
        # Duplicates made before this migration stay (their results are real) under distinct keys.
        unique = key if (row["session_id"], key) not in seen else f"{key}#{row['id']}"
        seen.add((row["session_id"], key))
        tx.execute("UPDATE participants SET name_key = :key WHERE id = :id", {"key": unique, "id": row["id"]})
    tx.execute("CREATE UNIQUE INDEX participants_name ON participants(session_id, name_key)")


@migration
def m005_hall(tx: Transaction) -> None:
    """Names compared by their look (confusable letters and invisible characters folded); the
    trainer's switch for changing an answer before hand-in (on, as before); trainer-paced mode
    (each question opened by the trainer for a fixed time, its opening stored so any process can
    tell whether it is still open); administrator and trainer sign-ins held on the server."""
    from quiz.sessions import name_key  # the same comparison new names get; sessions imports this module

    tx.script(
        """
        ALTER TABLE sessions ADD COLUMN allow_change INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE sessions ADD COLUMN mode TEXT NOT NULL DEFAULT 'exam';
        ALTER TABLE sessions ADD COLUMN question_s INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE sessions ADD COLUMN speed_points INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE rounds (
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            position INTEGER NOT NULL,
            opened_at REAL NOT NULL,
            closes_at REAL NOT NULL,
            PRIMARY KEY (session_id, number)
        );
        ALTER TABLE answers ADD COLUMN points INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE sign_ins (
            token_hash TEXT PRIMARY KEY,
            "user" TEXT NOT NULL,
            role TEXT NOT NULL,
            created_at REAL NOT NULL,
            last_seen REAL NOT NULL
        );
        DROP INDEX participants_name;
        """
    )
    seen: set[tuple[int, str]] = set()
    for row in tx.all("SELECT id, session_id, name FROM participants ORDER BY id"):
        key = name_key(row["name"])
        unique = key if (row["session_id"], key) not in seen else f"{key}#{row['id']}"
        seen.add((row["session_id"], key))
        tx.execute("UPDATE participants SET name_key = :key WHERE id = :id", {"key": unique, "id": row["id"]})
    tx.execute("CREATE UNIQUE INDEX participants_name ON participants(session_id, name_key)")
    # One browser, one participant per session (empty: joined without a browser id, before this).
    tx.execute("CREATE INDEX participants_browser ON participants(session_id, browser)")


@migration
def m006_guard_failures(tx: Transaction) -> None:
    """Wrong passwords and join codes counted per client in the database, so that every replica
    of the app slows a guesser by one count."""
    tx.script(
        """
        CREATE TABLE guard_failures (
            scope TEXT NOT NULL,
            client TEXT NOT NULL,
            failures INTEGER NOT NULL,
            blocked_until REAL NOT NULL,
            PRIMARY KEY (scope, client)
        );
        """
    )
