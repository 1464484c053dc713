"""The quiz database: one SQLite file (``quiz.sqlite`` in the data dir) with recorded migrations.

Schema changes are plain functions registered with :func:`migration` and applied once each, in
order, by name; the names applied are kept in ``_sotay_migrations`` (the pattern of simonw/llm's
``llm/migrations.py``). Never edit a migration that has shipped: add a new one.

Each thread has its own connection (Gradio runs handlers on a pool of worker threads), so none
is shared across threads. The file is in WAL mode so readers (trainer dashboards) never block
writers (participants' answers).
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from corpus.normalize import fold
from index.migrations import Migration, apply_migrations
from index.settings import Settings

MIGRATIONS: list[Migration] = []

# Long enough to ride out a burst of concurrent answer writes, short enough to surface a stuck lock.
BUSY_TIMEOUT_S = 15.0


def migration(fn: Migration) -> Migration:
    """Register ``fn`` as the next migration; its ``__name__`` is its permanent record."""
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_sessions(conn: sqlite3.Connection) -> None:
    _execute_all(
        conn,
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
def m002_srs_cards(conn: sqlite3.Connection) -> None:
    _execute_all(
        conn,
        """
        CREATE TABLE srs_cards (
            user TEXT NOT NULL,
            key TEXT NOT NULL,
            scope TEXT NOT NULL,
            item_json TEXT NOT NULL,
            box INTEGER NOT NULL,
            due REAL NOT NULL,
            seen INTEGER NOT NULL DEFAULT 0,
            lapses INTEGER NOT NULL DEFAULT 0,
            last_seen REAL,
            PRIMARY KEY (user, key)
        );
        CREATE INDEX srs_cards_due ON srs_cards(user, scope, due);
        """
    )


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE in write()), so a read never
    # silently holds a transaction open and a write takes the lock up front instead of upgrading.
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=True)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    # In WAL mode NORMAL keeps the database consistent and every committed answer survives an
    # app crash; only a power cut may drop the last commits. FULL would fsync each answer (~20 ms).
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


class QuizDB:
    """The quiz database file; migrated to the latest schema when opened."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        # Writers of this process queue here, not in SQLite's busy handler, which sleeps in
        # growing steps (up to 100 ms) and so turned a burst of answers into seconds of waiting.
        self._write_lock = threading.Lock()
        with self._connection() as conn:
            # WAL is a property of the file: set once, every later connection uses it.
            conn.execute("PRAGMA journal_mode = WAL")
        migrate(self)

    @classmethod
    def open(cls, settings: Settings) -> QuizDB:
        """The database of the data directory in ``settings``."""
        return cls(settings.data_path / "quiz.sqlite")

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        # One connection per thread, kept: closing the last connection of a WAL file checkpoints
        # it, which would cost every short operation a few milliseconds of disk work.
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = _connect(self.path)
        yield conn

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A connection inside a read transaction: every query sees the same snapshot."""
        with self._connection() as conn:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("COMMIT")

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A connection inside ``BEGIN IMMEDIATE``; committed on success, rolled back on error."""
        with self._write_lock, self._connection() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def secret(self, name: str) -> str:
        """A random secret kept in the database, made on first use (e.g. the key that encrypts
        what the app stores in browsers, so a saved quiz attempt still resumes after a restart)."""
        with self.write() as conn:
            conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (f"secret:{name}", secrets.token_urlsafe(32)))
            return conn.execute("SELECT value FROM meta WHERE key = ?", (f"secret:{name}",)).fetchone()[0]

    def applied_migrations(self) -> list[str]:
        """Names of the migrations recorded in the file, in the order applied."""
        with self.read() as conn:
            return [r["name"] for r in conn.execute("SELECT name FROM _sotay_migrations ORDER BY rowid")]


def migrate(db: QuizDB) -> list[str]:
    """Apply the migrations not yet recorded in ``db``; returns the names applied now.

    Each migration and its record are one transaction, so a crash never leaves a half-applied
    schema, and two processes opening the file at once do not apply one twice.
    """
    with db.write() as conn:
        return apply_migrations(conn, MIGRATIONS)


@migration
def m003_meta(conn: sqlite3.Connection) -> None:
    _execute_all(conn, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);")


@migration
def m004_exam_integrity(conn: sqlite3.Connection) -> None:
    """One attempt per name in a session, tied to the browser that joined; trainer switches for
    retakes and for showing the key at review (sessions opened before kept showing it)."""
    _execute_all(
        conn,
        """
        ALTER TABLE sessions ADD COLUMN allow_retake INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE sessions ADD COLUMN show_key INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE participants ADD COLUMN name_key TEXT;
        ALTER TABLE participants ADD COLUMN browser TEXT NOT NULL DEFAULT '';
        """
    )
    seen: set[tuple[int, str]] = set()
    for row in conn.execute("SELECT id, session_id, name FROM participants ORDER BY id").fetchall():
        key = " ".join(fold(row["name"]).split())
        # Duplicates made before this migration stay (their results are real) under distinct keys.
        unique = key if (row["session_id"], key) not in seen else f"{key}#{row['id']}"
        seen.add((row["session_id"], key))
        conn.execute("UPDATE participants SET name_key = ? WHERE id = ?", (unique, row["id"]))
    conn.execute("CREATE UNIQUE INDEX participants_name ON participants(session_id, name_key)")


@migration
def m005_hall(conn: sqlite3.Connection) -> None:
    """Names compared by their look (confusable letters and invisible characters folded); the
    trainer's switch for changing an answer before hand-in (on, as before); trainer-paced mode
    (each question opened by the trainer for a fixed time, its opening stored so any process can
    tell whether it is still open); administrator and trainer sign-ins held on the server."""
    from quiz.sessions import name_key  # the same comparison new names get; sessions imports this module

    _execute_all(
        conn,
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
            user TEXT NOT NULL,
            role TEXT NOT NULL,
            created_at REAL NOT NULL,
            last_seen REAL NOT NULL
        );
        DROP INDEX participants_name;
        """
    )
    seen: set[tuple[int, str]] = set()
    for row in conn.execute("SELECT id, session_id, name FROM participants ORDER BY id").fetchall():
        key = name_key(row["name"])
        unique = key if (row["session_id"], key) not in seen else f"{key}#{row['id']}"
        seen.add((row["session_id"], key))
        conn.execute("UPDATE participants SET name_key = ? WHERE id = ?", (unique, row["id"]))
    conn.execute("CREATE UNIQUE INDEX participants_name ON participants(session_id, name_key)")
    # One browser, one participant per session (empty: joined without a browser id, before this).
    conn.execute("CREATE INDEX participants_browser ON participants(session_id, browser)")


def _execute_all(conn: sqlite3.Connection, script: str) -> None:
    """Run each statement of ``script``; unlike ``executescript`` it does not commit the transaction."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            conn.execute(buffer)
            buffer = ""
    if buffer.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buffer.strip()[:60]}")
