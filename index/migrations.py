"""Recorded schema migrations, run the same way on SQLite and PostgreSQL (the pattern of simonw/llm's
``llm/migrations.py``): plain functions applied once each, in order, recorded by name in a table
of their own (``_sotay_migrations`` by default). Never edit what a shipped migration does: add a
new one.

A migration of a :class:`~index.database.Database` takes the :class:`~index.database.Transaction`
it runs in; DDL written for SQLite goes through :meth:`~index.database.Transaction.script`, which
adapts it for PostgreSQL.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from typing import Any

from index.database import Database, Transaction

# A migration takes the transaction it runs in: a Transaction of a Database, or a plain sqlite3
# connection for the files that stay SQLite in every installation (the library's generations).
Migration = Callable[[Any], None]
TABLE = "_sotay_migrations"


def _has_table(tx: Transaction | sqlite3.Connection, table: str) -> bool:
    if isinstance(tx, Transaction):
        return tx.has_table(table)
    return tx.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name", {"name": table}).fetchone() is not None


def applied(tx: Transaction | sqlite3.Connection, table: str = TABLE) -> list[str]:
    """Names of the migrations recorded in the database, in the order applied."""
    if not _has_table(tx, table):
        return []
    # Ties (one run of several migrations within a clock tick) fall back to the names' numbering.
    return [r[0] for r in tx.execute(f"SELECT name FROM {table} ORDER BY applied_at, name").fetchall()]


def apply_migrations(tx: Transaction | sqlite3.Connection, migrations: Sequence[Migration], table: str = TABLE) -> list[str]:
    """Apply the migrations not yet recorded, inside the caller's write transaction; returns their names.

    One transaction around all of them, so a crash never leaves a half-applied schema; on
    PostgreSQL a lock named after ``table`` makes replicas starting at once apply each only once.
    """
    create = f"CREATE TABLE IF NOT EXISTS {table} (name TEXT PRIMARY KEY, applied_at REAL NOT NULL);"
    if isinstance(tx, Transaction):
        tx.lock(f"migrations:{table}")
        tx.script(create)
    else:
        tx.execute(create)
    done = {r[0] for r in tx.execute(f"SELECT name FROM {table}").fetchall()}
    applied_now = []
    for fn in migrations:
        if fn.__name__ in done:
            continue
        fn(tx)
        tx.execute(f"INSERT INTO {table} (name, applied_at) VALUES (:name, :at)", {"name": fn.__name__, "at": time.time()})
        applied_now.append(fn.__name__)
    return applied_now


def migrate(db: Database, migrations: Sequence[Migration], table: str = TABLE) -> list[str]:
    """Apply to ``db`` the migrations not yet recorded; returns the names applied now."""
    with db.write() as tx:
        return apply_migrations(tx, migrations, table)
