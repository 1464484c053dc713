"""One code path for the project's two storage engines: an embedded SQLite file, or PostgreSQL.

``database_url`` empty keeps today's embedded files (one per store in the data directory);
``postgresql://user:password@host/name`` puts every store in one PostgreSQL database shared by
any number of ``sotay serve`` replicas. Both are reached through SQLAlchemy Core (psycopg 3 for
PostgreSQL): plain SQL text with named binds (``:name``), ``INSERT … ON CONFLICT`` and
``RETURNING``, all of which SQLite (3.35+) and PostgreSQL understand alike. No ORM.

A store opens a :class:`Database` and works inside :meth:`Database.read` or
:meth:`Database.write`, each one transaction on a pooled connection handed out as a
:class:`Transaction`. The pool pings a connection before lending it and drops every connection
of a server that went away, so replicas reconnect by themselves after a PostgreSQL restart; a
transaction cut off by the loss raises :class:`~corpus.errors.DatabaseUnavailable` (a Vietnamese
message: what was being written was not stored) instead of a driver traceback.

Times: :meth:`Database.now` is the database server's clock (the local clock corrected by an
offset measured when the database is opened), so deadlines and question timers written by one
replica mean the same on every other, whatever each machine's clock says.
"""

from __future__ import annotations

import functools
import hashlib
import re
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Connection, CursorResult, Engine, RowMapping, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.sql.elements import TextClause

from corpus.errors import DatabaseUnavailable

__all__ = ["Database", "DatabaseUnavailable", "IntegrityError", "RowMapping", "Transaction", "database_url", "enable_wal"]

Dialect = Literal["sqlite", "postgresql"]

# Long enough to ride out a burst of concurrent answer writes, short enough to surface a stuck lock.
SQLITE_BUSY_TIMEOUT_S = 15.0
# Connections one process keeps to PostgreSQL, and how many more it opens under a burst. Several
# replicas share the server's max_connections (100 by default): 4 replicas x 20 stay below it.
PG_POOL_SIZE, PG_MAX_OVERFLOW = 8, 12
# SQLite connections are file handles: enough for every worker thread of the web server, so none
# waits for one; writers queue on the process's write lock anyway.
SQLITE_POOL_SIZE, SQLITE_MAX_OVERFLOW = 16, 48
# How long a request waits for a pooled connection before it is told the database is busy.
POOL_TIMEOUT_S = 20.0
UNAVAILABLE = "Mất kết nối tới cơ sở dữ liệu; thao tác chưa được ghi nhận, vui lòng thử lại."


def database_url(target: str | Path) -> str:
    """The SQLAlchemy URL of ``target``: a ``postgresql://`` URL (any driver spelling) is given
    the psycopg 3 driver; anything else is the path of an SQLite file."""
    target = str(target)
    if re.match(r"postgres(ql)?(\+\w+)?://", target):
        return re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql+psycopg://", target)
    return f"sqlite:///{Path(target)}"


@functools.lru_cache(maxsize=1024)
def _clause(sql: str) -> TextClause:
    # Parsing the bind names of a statement once per text, not on every execution.
    return text(sql)


class Transaction:
    """One open transaction: run SQL with named binds (``:name``), dialect-neutral.

    Attributes:
        dialect: ``"sqlite"`` or ``"postgresql"``, for the rare statement that differs.
        connection: The SQLAlchemy connection, for what the helpers below do not cover.
    """

    def __init__(self, connection: Connection, dialect: Dialect) -> None:
        self.connection = connection
        self.dialect: Dialect = dialect

    def execute(self, sql: str, params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None) -> CursorResult:
        """Run one statement; a list of parameter mappings runs it once for each."""
        if isinstance(params, Sequence) and not params:
            raise ValueError("execute() with an empty list of parameter sets")
        return self.connection.execute(_clause(sql), params)

    def one(self, sql: str, **params: Any) -> RowMapping | None:
        """The first row of a query as a mapping (column name to value), ``None`` if none."""
        return self.connection.execute(_clause(sql), params).mappings().first()

    def all(self, sql: str, **params: Any) -> list[RowMapping]:
        """Every row of a query, as mappings."""
        return list(self.connection.execute(_clause(sql), params).mappings())

    def scalar(self, sql: str, **params: Any) -> Any:
        """The first column of the first row, ``None`` without a row."""
        return self.connection.execute(_clause(sql), params).scalar()

    def lock(self, name: str) -> None:
        """Hold the lock ``name`` until the transaction ends, so that two replicas do not run the
        same read-then-write at once (opening the next question, taking a name). A PostgreSQL
        advisory lock; SQLite needs none, its write transaction already excludes every other."""
        if self.dialect == "postgresql":
            key = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)
            self.connection.execute(_clause("SELECT pg_advisory_xact_lock(:key)"), {"key": key})

    def script(self, script: str) -> None:
        """Run each statement of a DDL ``script`` written for SQLite, inside this transaction.

        For PostgreSQL two SQLite spellings are translated: ``INTEGER PRIMARY KEY`` (SQLite's
        row id, numbered by itself) becomes an identity column, and ``REAL`` (8 bytes in SQLite,
        4 in PostgreSQL, too few for a timestamp) becomes ``DOUBLE PRECISION``.
        """
        buffer = ""
        for line in script.splitlines(keepends=True):
            buffer += line
            if sqlite3.complete_statement(buffer):
                self.connection.exec_driver_sql(self._translate(buffer))
                buffer = ""
        if buffer.strip():
            raise ValueError(f"incomplete SQL statement in script: {buffer.strip()[:60]}")

    def _translate(self, statement: str) -> str:
        if self.dialect != "postgresql":
            return statement
        statement = re.sub(r"\bINTEGER PRIMARY KEY\b", "INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", statement)
        return re.sub(r"\bREAL\b", "DOUBLE PRECISION", statement)

    def has_table(self, name: str) -> bool:
        """Whether the table ``name`` exists."""
        return inspect(self.connection).has_table(name)


class Database:
    """A pooled SQLAlchemy engine over an SQLite file or a PostgreSQL database.

    Args:
        target: A ``postgresql://`` URL, or the path of the SQLite file (created if missing).
    """

    def __init__(self, target: str | Path) -> None:
        url = make_url(database_url(target))
        self.dialect: Dialect = "postgresql" if url.get_backend_name() == "postgresql" else "sqlite"
        # Shown in messages and logs: never the password.
        self.name = url.render_as_string(hide_password=True) if self.dialect == "postgresql" else str(url.database)
        if self.dialect == "sqlite":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
            self.engine = _sqlite_engine(url)
        else:
            self.engine = create_engine(
                url, pool_pre_ping=True, pool_size=PG_POOL_SIZE, max_overflow=PG_MAX_OVERFLOW,
                pool_timeout=POOL_TIMEOUT_S,
                # No server-side prepared statements: through pgbouncer in transaction mode (Debian
                # 12 ships 1.18, which cannot track them) the next transaction may land on a server
                # connection that has, or lacks, the statement psycopg prepared on another.
                connect_args={"connect_timeout": 10, "prepare_threshold": None},
            )
        # Writers of one process queue here, not in SQLite's busy handler, which sleeps in growing
        # steps (up to 100 ms) and so turned a burst of answers into seconds of waiting. PostgreSQL
        # locks rows, not the database: its writers need no queue.
        self._write_lock = threading.Lock() if self.dialect == "sqlite" else None
        self._clock_offset = self._measure_clock_offset()

    def __repr__(self) -> str:
        return f"Database({self.name!r})"

    @contextmanager
    def read(self) -> Iterator[Transaction]:
        """A transaction for reading: every query inside sees one consistent state."""
        with self._transaction(write=False) as tx:
            yield tx

    @contextmanager
    def write(self) -> Iterator[Transaction]:
        """A write transaction, committed on success and rolled back on any error. In SQLite it
        takes the database's write lock up front (``BEGIN IMMEDIATE``) instead of upgrading a
        read lock later, which would fail under concurrent writers."""
        if self._write_lock is None:
            with self._transaction(write=True) as tx:
                yield tx
        else:
            with self._write_lock, self._transaction(write=True) as tx:
                yield tx

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[Transaction]:
        try:
            with self.engine.connect() as connection:
                if write:
                    connection = connection.execution_options(sotay_write=True)
                with connection.begin():
                    yield Transaction(connection, self.dialect)
        except DBAPIError as error:
            # A lost server (restart, network) is the installation's state, not a bug: say what
            # happened to the operation. The pool has already dropped the dead connections.
            if self.dialect == "postgresql" and (error.connection_invalidated or _is_disconnect(error)):
                raise DatabaseUnavailable(UNAVAILABLE) from error
            raise

    def now(self) -> float:
        """Seconds since the epoch by the database server's clock (the local one for SQLite)."""
        return time.time() + self._clock_offset

    def dispose(self) -> None:
        """Close every pooled connection (at the end of a process or a test)."""
        self.engine.dispose()

    def _measure_clock_offset(self) -> float:
        if self.dialect == "sqlite":
            return 0.0
        best: tuple[float, float] | None = None
        with self.read() as tx:
            for _ in range(3):  # the sample with the shortest round trip is the most exact
                before = time.time()
                server = float(tx.scalar("SELECT EXTRACT(EPOCH FROM clock_timestamp())"))
                after = time.time()
                if best is None or after - before < best[0]:
                    best = (after - before, server - (before + after) / 2)
        return best[1] if best else 0.0


def _sqlite_engine(url: Any) -> Engine:
    engine = create_engine(
        url, pool_size=SQLITE_POOL_SIZE, max_overflow=SQLITE_MAX_OVERFLOW, pool_timeout=POOL_TIMEOUT_S,
        # A pooled connection serves one thread at a time, never two at once.
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Transactions are begun explicitly (below), so a write takes the lock up front and the
        # driver never commits behind SQLAlchemy's back.
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        # WAL: readers (trainer dashboards) never block writers (participants' answers). A
        # property of the file, kept once set. With WAL, NORMAL keeps the file consistent and
        # every committed answer survives an app crash; FULL would fsync each answer (~20 ms).
        enable_wal(dbapi_connection)
        dbapi_connection.execute("PRAGMA synchronous = NORMAL")

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        write = connection.get_execution_options().get("sotay_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def enable_wal(connection: sqlite3.Connection) -> None:
    """Put the SQLite file of ``connection`` in WAL mode (kept by the file once set)."""
    # Switching a new file to WAL needs its exclusive lock, and SQLite answers "database is
    # locked" at once, without its busy handler, while another process opens the same new file:
    # replicas starting together would fail. Retry until the file is in WAL or the timeout passes.
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_S
    while True:
        try:
            if connection.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal":
                return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
        else:
            if time.monotonic() > deadline:
                raise sqlite3.OperationalError("could not switch the database to WAL mode")
        time.sleep(0.01)


def _is_disconnect(error: DBAPIError) -> bool:
    # psycopg reports a server shut down mid-transaction as OperationalError ("terminating
    # connection due to administrator command", "server closed the connection unexpectedly").
    import psycopg

    return isinstance(error.orig, (psycopg.OperationalError, psycopg.InterfaceError))
