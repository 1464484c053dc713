"""``sotay db copy --to postgresql://…``: move an embedded installation into PostgreSQL.

Copies what a data directory holds that replicas share: the library (documents with their text
and content hashes, from the live index generation; passage vectors from ``embeddings.sqlite``)
and the quiz database (``quiz.sqlite``: sessions with their questions, participants, answers and
rounds, self-study decks, sign-ins, secrets), then reads every copied row back and compares.

Safe to run again: a row is written by its primary key (a second copy replaces the rows it wrote
the first time with the source's current values, adds the new ones, and duplicates nothing); rows
only the database has are left alone. Copy before the replicas start writing to the database:
a session a replica created there could hold a number a later copy also brings.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlalchemy import MetaData, Table, func, select, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from corpus.errors import DatabaseUnavailable, SotayError
from index.migrations import TABLE as MIGRATIONS_TABLE
from index.settings import Settings
from index.shared_library import SharedLibrary
from index.store import current_generation, index_root, stored_documents
from quiz.db import QuizDB

BATCH = 1000
URL_SHAPE = re.compile(r"^postgres(ql)?(\+\w+)?://[^/]+/[^/?]+")
# What the driver says when it cannot connect, and how to say it to the person running the copy.
_REASONS = (
    ("password authentication failed", "sai tên người dùng hoặc mật khẩu"),
    ("does not exist", "cơ sở dữ liệu hoặc người dùng chưa được tạo (createuser, createdb)"),
    ("connection refused", "máy chủ PostgreSQL không chạy hoặc không nghe ở cổng này"),
    ("timeout", "máy chủ không trả lời"),
    ("could not translate host name", "không tìm thấy máy chủ"),
)


@dataclass(frozen=True)
class TableCount:
    """One table's figures after a copy.

    Attributes:
        source: Rows in the embedded installation.
        target: Rows in PostgreSQL afterwards (more than ``source`` if it had rows of its own).
        different: Source rows missing from PostgreSQL or stored there with other values (0 when
            the copy is complete).
    """

    table: str
    source: int
    target: int
    different: int


def check_url(url: str) -> str:
    """The URL if it names a PostgreSQL database, else a :class:`SotayError` saying the shape."""
    if not URL_SHAPE.match(url or ""):
        raise SotayError(
            f"Địa chỉ cơ sở dữ liệu không hợp lệ: «{url}». Cần dạng postgresql://người_dùng:mật_khẩu@máy:cổng/tên_csdl"
        )
    return url


@contextmanager
def reaching(url: str) -> Iterator[None]:
    """Turn a failure to reach the database of ``url`` into one Vietnamese line."""
    try:
        yield
    except (DatabaseUnavailable, DBAPIError) as error:
        detail = str(getattr(error, "orig", None) or error.__cause__ or error).lower()
        reason = next((said for found, said in _REASONS if found in detail), "")
        where = url.split("://", 1)[-1].split("@")[-1]  # host and database, never the password
        message = f"Không kết nối được tới PostgreSQL ({where})"
        raise SotayError(message + (f": {reason}." if reason else ".")) from None


def copy_installation(settings: Settings, url: str, say: Callable[[str], None] = print) -> list[TableCount]:
    """Copy the embedded installation of ``settings.data_dir`` into the database of ``url``.

    Returns the per-table counts (also said line by line through ``say``); raises
    :class:`SotayError` when a source row could not be matched in PostgreSQL afterwards.
    """
    check_url(url)
    quiz_file = settings.data_path / "quiz.sqlite"
    generation = current_generation(settings.data_path)
    if generation is None and not quiz_file.is_file():
        raise SotayError(f"Thư mục dữ liệu {settings.data_dir} chưa có thư viện hay cơ sở dữ liệu câu hỏi nào để chép.")
    with reaching(url):
        target = QuizDB(url)  # the quiz schema, migrated as a replica would
        shared = SharedLibrary(target)
        counts = _copy_library(settings, generation, shared)
        if quiz_file.is_file():
            counts += _copy_quiz(QuizDB(quiz_file), target)
        target.dispose()
    for count in counts:
        state = "khớp" if count.different == 0 else f"{count.different} dòng thiếu hoặc khác"
        say(f"{count.table}: {count.source} dòng trong bản nhúng, {count.target} trong PostgreSQL ({state})")
    broken = [c.table for c in counts if c.different]
    if broken:
        raise SotayError(f"Bản chép chưa đủ ở bảng {', '.join(broken)}; hãy chạy lại lệnh.")
    return counts


def _copy_library(settings: Settings, generation: Path | None, shared: SharedLibrary) -> list[TableCount]:
    documents = stored_documents(generation) if generation is not None else []
    with shared.change(documents) as change:
        stored = {doc.id: content_hash for doc, content_hash in change.documents}
        if any(stored.get(doc.id) != content_hash for doc, content_hash in documents):
            # Documents only the database has stay; the copied ones are added or replaced.
            merged = {doc.id: (doc, content_hash) for doc, content_hash in [*change.documents, *documents]}
            change.publish(sorted(merged.values(), key=lambda item: item[0].id))
    after = {doc.id: content_hash for doc, content_hash in shared.snapshot(documents).documents}
    missing_docs = sum(after.get(doc.id) != content_hash for doc, content_hash in documents)

    vectors: dict[str, dict] = {}
    cache = index_root(settings.data_path) / "embeddings.sqlite"
    if cache.is_file():
        with closing(sqlite3.connect(f"file:{cache}?mode=ro", uri=True)) as conn:
            for model, input_hash, blob in conn.execute("SELECT model, input_hash, vector FROM vectors"):
                vectors.setdefault(model, {})[input_hash] = blob
    missing_vectors = 0
    for model, items in vectors.items():
        hashes = list(items)
        for start in range(0, len(hashes), BATCH):
            chunk = hashes[start : start + BATCH]
            shared.put(model, {h: np.frombuffer(items[h], dtype=np.float32) for h in chunk})
            found = shared.get(model, chunk)
            missing_vectors += sum(found.get(h) is None or found[h].tobytes() != items[h] for h in chunk)
    with shared.db.read() as tx:
        stored_docs = tx.scalar("SELECT COUNT(*) FROM library_documents")
        stored_vectors = tx.scalar("SELECT COUNT(*) FROM library_vectors")
    return [
        TableCount("library_documents", len(documents), stored_docs, missing_docs),
        TableCount("library_vectors", sum(len(v) for v in vectors.values()), stored_vectors, missing_vectors),
    ]


def _copy_quiz(source: QuizDB, target: QuizDB) -> list[TableCount]:
    counts = []
    with source.read() as src, target.write() as dst:
        tables = MetaData()
        tables.reflect(bind=src.connection)
        theirs = MetaData()
        theirs.reflect(bind=dst.connection)
        # Parents first (sessions before their participants, participants before their answers).
        for table in tables.sorted_tables:
            if table.name == MIGRATIONS_TABLE:
                continue  # the target records its own migrations
            counts.append(_copy_table(src.connection, table, dst.connection, theirs.tables[table.name]))
    source.dispose()
    return counts


def _copy_table(src: Connection, table: Table, dst: Connection, into: Table) -> TableCount:
    key = [c.name for c in into.primary_key.columns]
    if not key:
        raise SotayError(f"Bảng {table.name} không có khóa chính: không chép lại an toàn được.")
    columns = [c.name for c in table.columns]
    rows = [dict(r) for r in src.execute(select(table)).mappings()]
    for start in range(0, len(rows), BATCH):
        statement = insert(into).values(rows[start : start + BATCH])
        update = {c: statement.excluded[c] for c in columns if c not in key}
        dst.execute(statement.on_conflict_do_update(index_elements=key, set_=update) if update else statement.on_conflict_do_nothing())
    for name in key:
        # Numbers PostgreSQL hands out itself (identity columns) continue after the copied ones.
        sequence = dst.scalar(select(func.pg_get_serial_sequence(into.name, name)))
        highest = dst.scalar(select(func.max(into.c[name])))
        if sequence is not None and highest is not None:
            dst.scalar(select(func.setval(sequence, highest)))
    different = 0
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        keys = [tuple(r[k] for k in key) for r in chunk]
        stored = {
            tuple(r[k] for k in key): r
            for r in dst.execute(select(into).where(tuple_(*(into.c[k] for k in key)).in_(keys))).mappings()
        }
        different += sum(
            1 for r, k in zip(chunk, keys) if k not in stored or any(stored[k][c] != r[c] for c in columns)
        )
    return TableCount(table.name, len(rows), dst.scalar(select(func.count()).select_from(into)), different)
