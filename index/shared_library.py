"""The library shared by replicas, in the database of ``database_url`` (PostgreSQL).

What a replica needs to rebuild its index from nothing is here; what it derives is not:

    library_documents   each document: metadata, original text, content hash
    library_state       one row: the library's generation number, bumped by every change
    library_vectors     passage vectors by (model key, hash of the exact model input)

Each replica keeps its own index generations (FAISS, BM25, passages, links) under its data dir
(:mod:`index.store`), made from these documents, and records in each generation's manifest the
library generation it reflects. A replica whose generation differs from the database's makes a
new one (:meth:`index.library.Library.sync`); until it is live, searches use the previous one.
Passages and links are not stored here: they are the segmenter's and the link reader's output
over the stored text, the same on every replica, and a replica reuses its own for documents
whose content hash has not changed. Vectors are stored: encoding is most of a build's time, so
the replica that takes an upload encodes its passages and the others load them.

Changes are serialized across replicas by a transaction-level advisory lock (it works through
pgbouncer in transaction mode, and a replica that dies releases it with its connection).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from corpus.document import Document
from index.database import Database, RowMapping, Transaction
from index.migrations import migrate
from index.settings import Settings

CHANGE_LOCK = "library:change"
MIGRATIONS_TABLE = "_sotay_library_migrations"
CHUNK = 500


def m001_shared_library(tx: Transaction) -> None:
    """Documents, the generation number and the vector cache."""
    tx.execute(
        "CREATE TABLE library_documents (id TEXT PRIMARY KEY, title TEXT NOT NULL, number TEXT NOT NULL,"
        " date TEXT NOT NULL, issuer TEXT NOT NULL, kind TEXT NOT NULL, source TEXT NOT NULL, extra TEXT NOT NULL,"
        " signer TEXT NOT NULL, ocr BOOLEAN NOT NULL, content_hash TEXT NOT NULL, text TEXT NOT NULL,"
        " generation BIGINT NOT NULL)"
    )
    tx.execute(
        "CREATE TABLE library_state (id INTEGER PRIMARY KEY CHECK (id = 1), generation BIGINT NOT NULL,"
        " changed_at DOUBLE PRECISION NOT NULL)"
    )
    tx.execute("INSERT INTO library_state (id, generation, changed_at) VALUES (1, 0, 0)")
    tx.execute(
        "CREATE TABLE library_vectors (model TEXT NOT NULL, input_hash TEXT NOT NULL, vector BYTEA NOT NULL,"
        " PRIMARY KEY (model, input_hash))"
    )


# Applied when a replica opens the shared library; never edit one that has shipped, add a new one.
MIGRATIONS = [m001_shared_library]
_COLUMNS = ("id", "title", "number", "date", "issuer", "kind", "source", "extra", "signer", "ocr", "content_hash", "text")


def _document(row: RowMapping) -> tuple[Document, str]:
    return (
        Document(id=row["id"], text=row["text"], title=row["title"], number=row["number"], date=row["date"],
                 issuer=row["issuer"], kind=row["kind"], source=row["source"], extra=json.loads(row["extra"]),
                 signer=row["signer"], ocr=bool(row["ocr"])),
        row["content_hash"],
    )


def _row(doc: Document, content_hash: str, generation: int) -> dict:
    return {
        "id": doc.id, "title": doc.title, "number": doc.number, "date": doc.date, "issuer": doc.issuer,
        "kind": doc.kind, "source": doc.source, "extra": json.dumps(doc.extra, ensure_ascii=False),
        "signer": doc.signer or "", "ocr": bool(doc.ocr), "content_hash": content_hash, "text": doc.text,
        "generation": generation,
    }


def _generation(tx: Transaction) -> int:
    return int(tx.scalar("SELECT generation FROM library_state WHERE id = 1"))


def _documents(tx: Transaction, known: list[tuple[Document, str]]) -> list[tuple[Document, str]]:
    """Every document, taken from ``known`` where its content hash is the same (no text fetched)."""
    have = {doc.id: (doc, content_hash) for doc, content_hash in known}
    rows = tx.all("SELECT id, content_hash FROM library_documents ORDER BY id")
    wanted = [r["id"] for r in rows if have.get(r["id"], (None, ""))[1] != r["content_hash"]]
    fetched: dict[str, tuple[Document, str]] = {}
    for start in range(0, len(wanted), CHUNK):
        query = f"SELECT {', '.join(_COLUMNS)} FROM library_documents WHERE id = ANY(:ids)"
        for row in tx.all(query, ids=wanted[start : start + CHUNK]):
            fetched[row["id"]] = _document(row)
    return [fetched.get(r["id"]) or have[r["id"]] for r in rows]


@dataclass
class Snapshot:
    """The library as of one generation: every document with its content hash."""

    generation: int
    documents: list[tuple[Document, str]] = field(default_factory=list)


def open_shared_library(settings: Settings) -> SharedLibrary | None:
    """The shared library of ``settings.database_url``, or None for the embedded files (no URL)."""
    if not settings.database_url:
        return None
    return SharedLibrary(Database(settings.database_url))


class SharedLibrary:
    """The documents, generation number and vector cache of the library in the database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        migrate(db, MIGRATIONS, MIGRATIONS_TABLE)

    def generation(self) -> int:
        """The library's generation number (0: nothing was ever put in)."""
        with self.db.read() as tx:
            return _generation(tx)

    def snapshot(self, known: list[tuple[Document, str]]) -> Snapshot:
        """The documents as of the current generation.

        Args:
            known: Documents the caller holds (its index's) with their content hashes; those
                unchanged in the database are taken from here, so only new and changed texts
                cross the network.
        """
        with self.db.read() as tx:
            # One transaction, but PostgreSQL's default (read committed) gives each statement
            # its own view: a change committed between them would mix two generations.
            tx.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            return Snapshot(_generation(tx), _documents(tx, known))

    @contextmanager
    def change(self, known: list[tuple[Document, str]]) -> Iterator[Change]:
        """The one change of the library in progress across all replicas.

        Waits for any other replica's change to finish, then yields the library as it stands
        (``known`` as in :meth:`snapshot`); :meth:`Change.publish` writes the new document set
        and bumps the generation. It commits when the block ends, or not at all if it raises.
        """
        with self.db.write() as tx:
            # Held to the end of the transaction; released too if this replica dies.
            tx.lock(CHANGE_LOCK)
            yield Change(tx, _generation(tx), _documents(tx, known))

    # -- the vector cache -------------------------------------------------------------------

    def get(self, model: str, hashes: list[str]) -> dict[str, np.ndarray]:
        """Cached vectors of these model inputs (those missing are left out)."""
        found: dict[str, np.ndarray] = {}
        with self.db.read() as tx:
            for start in range(0, len(hashes), CHUNK):
                for row in tx.all(
                    "SELECT input_hash, vector FROM library_vectors WHERE model = :model AND input_hash = ANY(:hashes)",
                    model=model, hashes=hashes[start : start + CHUNK],
                ):
                    found[row["input_hash"]] = np.frombuffer(bytes(row["vector"]), dtype=np.float32)
        return found

    def put(self, model: str, items: dict[str, np.ndarray]) -> None:
        """Store vectors; one already there (another replica encoded it) is kept."""
        if not items:
            return
        with self.db.write() as tx:
            tx.execute(
                "INSERT INTO library_vectors (model, input_hash, vector) VALUES (:model, :input_hash, :vector)"
                " ON CONFLICT (model, input_hash) DO NOTHING",
                [{"model": model, "input_hash": h, "vector": np.asarray(v, dtype=np.float32).tobytes()} for h, v in items.items()],
            )


class Change:
    """The library under the change lock: its documents, and the way to replace them."""

    def __init__(self, tx: Transaction, generation: int, documents: list[tuple[Document, str]]) -> None:
        self._tx = tx
        self.generation = generation
        self.documents = documents

    def publish(self, documents: list[tuple[Document, str]]) -> int:
        """Make ``documents`` the library (added, changed and removed ones written); returns the
        new generation number. Committed when the :meth:`SharedLibrary.change` block ends."""
        number = self.generation + 1
        before = {doc.id: content_hash for doc, content_hash in self.documents}
        after = {doc.id for doc, _ in documents}
        changed = [_row(doc, h, number) for doc, h in documents if before.get(doc.id) != h]
        removed = [doc_id for doc_id in before if doc_id not in after]
        if changed:
            columns = (*_COLUMNS, "generation")
            self._tx.execute(
                f"INSERT INTO library_documents ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})"
                f" ON CONFLICT (id) DO UPDATE SET {', '.join(f'{c} = EXCLUDED.{c}' for c in columns[1:])}",
                changed,
            )
        if removed:
            self._tx.execute("DELETE FROM library_documents WHERE id = ANY(:ids)", {"ids": removed})
        self._tx.execute(
            "UPDATE library_state SET generation = :number, changed_at = EXTRACT(EPOCH FROM clock_timestamp()) WHERE id = 1",
            {"number": number},
        )
        self.generation, self.documents = number, documents
        return number
