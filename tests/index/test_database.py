"""The database seam: one code path over SQLite and PostgreSQL, recorded migrations, reconnection."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from corpus.errors import DatabaseUnavailable
from index.database import Database, IntegrityError, Transaction
from index.database import database_url as engine_url
from index.migrations import applied, migrate
from tests import pg


def m001_things(tx: Transaction) -> None:
    tx.script(
        """
        CREATE TABLE things (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            at REAL NOT NULL
        );
        """
    )


def m002_count(tx: Transaction) -> None:
    tx.script("ALTER TABLE things ADD COLUMN count INTEGER NOT NULL DEFAULT 0;")


@pytest.fixture
def db(tmp_path, database_url) -> Iterator[Database]:  # noqa: ANN001
    database = Database(database_url or tmp_path / "test.sqlite")
    yield database
    database.dispose()


def at_once(target: str | Path, work: Callable[[Database], Any], engines: int = 4) -> tuple[list[Any], list[BaseException]]:
    """``work`` run at once by several engines of one database (as replicas starting together),
    each in a thread of its own: what each returned, and what each raised."""
    results: list[Any] = []
    errors: list[BaseException] = []

    def start() -> None:
        other = Database(target)
        try:
            results.append(work(other))
        except BaseException as error:  # noqa: BLE001 - reported by the caller
            errors.append(error)
        finally:
            other.dispose()

    threads = [threading.Thread(target=start) for _ in range(engines)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_urls_pick_the_engine(tmp_path) -> None:  # noqa: ANN001
    assert engine_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert engine_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    assert engine_url(tmp_path / "x.sqlite") == f"sqlite:///{tmp_path / 'x.sqlite'}"


def test_migrations_are_recorded_once_and_sql_is_the_same_on_both(db) -> None:  # noqa: ANN001
    assert migrate(db, [m001_things]) == ["m001_things"]
    assert migrate(db, [m001_things, m002_count]) == ["m002_count"]
    assert migrate(db, [m001_things, m002_count]) == []
    with db.read() as tx:
        assert applied(tx) == ["m001_things", "m002_count"]
    with db.write() as tx:
        first = tx.execute("INSERT INTO things (name, at) VALUES (:name, :at) RETURNING id", {"name": "a", "at": 1.7e9 + 0.125})
        first_id = first.scalar_one()
        tx.execute("INSERT INTO things (name, at) VALUES (:name, :at)", [{"name": "b", "at": 2.0}, {"name": "c", "at": 3.0}])
        upsert = "INSERT INTO things (name, at) VALUES (:name, :at) ON CONFLICT (name) DO UPDATE SET count = things.count + 1"
        tx.execute(upsert, {"name": "a", "at": 0.0})
        assert tx.execute("INSERT INTO things (name, at) VALUES ('a', 0) ON CONFLICT (name) DO NOTHING").rowcount == 0
    with db.read() as tx:
        row = tx.one("SELECT id, at, count FROM things WHERE name = :name", name="a")
        # Timestamps keep their fractions (PostgreSQL's REAL would have rounded to 4 bytes).
        assert (row["id"], row["at"], row["count"]) == (first_id, 1.7e9 + 0.125, 1)
        assert [r["name"] for r in tx.all("SELECT name FROM things ORDER BY id")] == ["a", "b", "c"]
        assert tx.scalar("SELECT COUNT(*) FROM things") == 3


def test_a_failed_write_leaves_nothing(db) -> None:  # noqa: ANN001
    migrate(db, [m001_things])
    with pytest.raises(IntegrityError):
        with db.write() as tx:
            tx.execute("INSERT INTO things (name, at) VALUES ('x', 0)")
            tx.execute("INSERT INTO things (name, at) VALUES ('x', 0)")
    with db.read() as tx:
        assert tx.scalar("SELECT COUNT(*) FROM things") == 0


def test_replicas_starting_at_once_apply_each_migration_once(db, database_url, tmp_path) -> None:  # noqa: ANN001
    """Four processes' worth of engines migrating one database concurrently."""
    results, errors = at_once(database_url or tmp_path / "test.sqlite", lambda other: migrate(other, [m001_things, m002_count]))
    assert not errors
    assert sorted(len(r) for r in results) == [0, 0, 0, 2]


def test_concurrent_writers_lose_nothing(db) -> None:  # noqa: ANN001
    migrate(db, [m001_things])

    def write(n: int) -> None:
        for i in range(20):
            with db.write() as tx:
                tx.execute("INSERT INTO things (name, at) VALUES (:name, :at)", {"name": f"{n}-{i}", "at": db.now()})

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with db.read() as tx:
        assert tx.scalar("SELECT COUNT(*) FROM things") == 120


def test_a_server_restart_is_reported_then_the_pool_reconnects(postgres) -> None:  # noqa: ANN001
    url = postgres.create_database()
    db = Database(url)
    try:
        migrate(db, [m001_things])
        with db.write() as tx:
            tx.execute("INSERT INTO things (name, at) VALUES ('before', 0)")
        postgres.stop()
        with pytest.raises(DatabaseUnavailable, match="chưa được ghi nhận"):
            with db.write() as tx:
                tx.execute("INSERT INTO things (name, at) VALUES ('during', 0)")
        postgres.start()
        with db.write() as tx:  # the pool pings, finds its connections dead, opens new ones
            tx.execute("INSERT INTO things (name, at) VALUES ('after', 0)")
        with db.read() as tx:
            assert [r["name"] for r in tx.all("SELECT name FROM things ORDER BY id")] == ["before", "after"]
        assert abs(db.now() - time.time()) < 1  # one machine: the server's clock is ours
    finally:
        db.dispose()
        postgres.drop_database(url)


@pytest.mark.skipif(not pg.PGBOUNCER.is_file(), reason="pgbouncer is not installed (./run.sh test installs it)")
def test_writers_through_pgbouncer_in_transaction_mode_lose_nothing(postgres) -> None:  # noqa: ANN001
    # Two server connections for eight client connections: a statement psycopg prepared on one
    # server connection would be missing (or already there) on the next, which failed such writes
    # with DuplicatePreparedStatement / "prepared statement does not exist".
    url = postgres.create_database()
    bouncer = pg.Bouncer(postgres)
    bouncer.start()
    db = Database(bouncer.url(url.rsplit("/", 1)[1]))
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(25):
                with db.write() as tx:
                    tx.execute(
                        "INSERT INTO things (name, at) VALUES (:name, :at) ON CONFLICT (name) DO UPDATE SET at = :at",
                        {"name": f"{n}-{i % 10}", "at": float(i)},
                    )
        except BaseException as error:  # noqa: BLE001 - collected for the assertion below
            errors.append(error)

    try:
        migrate(db, [m001_things])
        threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        with db.read() as tx:
            assert tx.scalar("SELECT COUNT(*) FROM things") == 80
    finally:
        db.dispose()
        bouncer.stop()
        postgres.drop_database(url)


def test_engines_opening_one_new_sqlite_file_at_once_all_connect(tmp_path) -> None:  # noqa: ANN001
    """Switching a new file to WAL is refused at once (no busy wait) while another connection
    opens it; before a retry, about one round in ten failed with "database is locked"."""
    def journal_mode(other: Database) -> str:
        with other.read() as tx:
            return tx.scalar("PRAGMA journal_mode")

    for round_ in range(40):
        results, errors = at_once(tmp_path / f"{round_}.sqlite", journal_mode)
        assert not errors, f"round {round_}: {errors[0]!r}"
        assert results == ["wal"] * 4
