"""Recorded schema migrations for the project's SQLite files (the pattern of simonw/llm's
``llm/migrations.py``): plain functions applied once each, in order, recorded by name in
``_sotay_migrations``. Never edit a migration that has shipped: add a new one."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence

Migration = Callable[[sqlite3.Connection], None]


def applied(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations recorded in the database, in the order applied."""
    try:
        return [r[0] for r in conn.execute("SELECT name FROM _sotay_migrations ORDER BY rowid")]
    except sqlite3.OperationalError:  # no table yet: nothing applied
        return []


def apply_migrations(conn: sqlite3.Connection, migrations: Sequence[Migration]) -> list[str]:
    """Apply the migrations not yet recorded, inside the caller's transaction; returns their names.

    The caller holds one write transaction around this call, so a crash never leaves a
    half-applied schema and two processes opening the file at once do not apply one twice.
    """
    conn.execute("CREATE TABLE IF NOT EXISTS _sotay_migrations (name TEXT PRIMARY KEY, applied_at REAL NOT NULL)")
    done = {r[0] for r in conn.execute("SELECT name FROM _sotay_migrations")}
    applied_now = []
    for fn in migrations:
        if fn.__name__ in done:
            continue
        fn(conn)
        conn.execute("INSERT INTO _sotay_migrations (name, applied_at) VALUES (?, ?)", (fn.__name__, time.time()))
        applied_now.append(fn.__name__)
    return applied_now
