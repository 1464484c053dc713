"""The index on disk: generations swapped atomically, and an embedding cache.

Layout under ``<data_dir>/index``::

    CURRENT                 name of the live generation (replaced atomically)
    gen-<time>-<id>/        one complete, immutable index
        library.sqlite      documents (with their original text), passages and the links between
                            documents (recorded migrations: an older generation gains new tables on opening)
        dense.faiss         passage vectors
        bm25_words/, bm25_folded/, bm25_plain/    passage BM25 (accented words with their syllables,
                            folded syllables, plain pyvi words)
        unit_bm25_words/, unit_bm25_folded/, unit_bm25_plain/    the same over units (articles, short
                            sections), and plain pyvi words of units
        stats.json          folded-syllable document frequencies (best-sentence choice)
        manifest.json       model, dimension, normalization and tokenizer versions, corpus hash
    embeddings.sqlite       vectors by (model, passage input hash): unchanged passages are not re-embedded

A build writes a new generation in a temporary folder, renames it into place and only then
points ``CURRENT`` at it; a crash at any point leaves the previous generation live.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from corpus.atomic import write_atomically
from corpus.cite import is_table_row
from corpus.document import Document
from corpus.errors import IndexMismatch, IndexMissing
from corpus.normalize import NORMALIZATION_VERSION, fold
from corpus.relations import NUMBER_RE, cited_name, extract_links, normalize_number, number_key
from corpus.segment import SEGMENTER_VERSION
from index.dense import DenseIndex
from index.accents import FILE as ACCENTS
from index.accents import AccentModel
from index.lexical import LexicalIndex
from index.database import Database, Transaction, enable_wal
from index.migrations import Migration, applied, migrate
from index.records import DocumentInfo, PassageRecord
from index.tokens import TOKENIZER_VERSION, pyvi_words
from index.units import MAX_UNIT_CHARS, bodies_of_headings, unit_fields

# 3: units (passages.unit, unit_bm25_*) — older indexes are refused with "rebuild".
# 4: long runs under one flat section cut into units of at most MAX_UNIT_CHARS.
# 5: units gain a "plain" field (unit_bm25_plain), and a one-unit document's lead its unit fields.
# 6: passages gain the "plain" field too (bm25_plain).
# 7: a one-unit document's title reaches the model without its bracketed document number.
# 8: headings typed in capitals reach the model in sentence case.
FORMAT_VERSION = 8
_SCHEMA = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY, title TEXT, number TEXT, date TEXT, issuer TEXT, kind TEXT, source TEXT,
    extra TEXT, content_hash TEXT, text TEXT, signer TEXT, ocr INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE passages (
    row INTEGER PRIMARY KEY, doc_id TEXT, ord INTEGER, section TEXT, headings TEXT, point INTEGER,
    start INTEGER, end_ INTEGER, part INTEGER, text TEXT, citation TEXT, words TEXT, folded TEXT, input_hash TEXT,
    unit INTEGER, sub INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX passages_doc ON passages (doc_id, ord);
"""


@dataclass(frozen=True)
class StoredLink:
    """A reference from a passage to another document (:mod:`corpus.relations`), resolved.

    ``target_id`` is the library document with that number, or ``""`` when none is in the library;
    ``article`` the article of it the passage cites ("Điều 4"), if it names one.
    """

    doc_id: str
    passage_key: str
    type: str
    number: str
    kind: str
    start: int
    end: int
    quote: str
    target_id: str
    article: str


def _fill_links(tx: Transaction) -> None:
    """Read every document's links from its stored text and resolve them within this generation."""
    tx.execute("DELETE FROM links")
    documents = tx.all("SELECT id, number, text FROM documents ORDER BY id")
    by_number: dict[str, str] = {}
    for doc in documents:
        if doc["number"]:
            by_number.setdefault(normalize_number(doc["number"]), doc["id"])
    rows = []
    for doc in documents:
        doc_id = doc["id"]
        spans = tx.all("SELECT ord, start, end_ FROM passages WHERE doc_id = :doc_id ORDER BY ord", doc_id=doc_id)
        for link in extract_links(doc["text"] or "", doc["number"] or ""):
            # The passage that says it; a link in the letterhead or title (no passage) cites the document.
            order = next((s["ord"] for s in spans if s["start"] <= link.start < s["end_"]), None)
            target = by_number.get(link.number, "")
            rows.append({
                "doc_id": doc_id, "passage_key": f"{doc_id}#{order}" if order is not None else "", "type": link.type,
                "number": link.number, "kind": link.kind, "start": link.start, "end_": link.end, "quote": link.quote,
                "target_id": target if target != doc_id else "", "article": link.article,
            })
    if rows:
        tx.execute(
            "INSERT INTO links VALUES (:doc_id, :passage_key, :type, :number, :kind, :start, :end_, :quote,"
            " :target_id, :article)",
            rows,
        )


def m001_links(tx: Transaction) -> None:
    """Links between documents, read from the text (an index built before them gets them here)."""
    tx.execute(
        "CREATE TABLE links (doc_id TEXT, passage_key TEXT, type TEXT, number TEXT, kind TEXT, start INTEGER,"
        " end_ INTEGER, quote TEXT, target_id TEXT, article TEXT)"
    )
    tx.execute("CREATE INDEX links_doc ON links (doc_id)")
    tx.execute("CREATE INDEX links_target ON links (target_id)")
    _fill_links(tx)


# The library database's migrations, applied when a generation is written and when an older one
# is opened: never edit one that has shipped, add a new one.
MIGRATIONS: list[Migration] = [m001_links]


def migrate_generation(generation: Path) -> list[str]:
    """Bring a generation's library database to the current schema; returns the migrations applied."""
    db = Database(generation / "library.sqlite")
    try:
        with db.read() as tx:
            if len(applied(tx)) == len(MIGRATIONS):
                return []
        return migrate(db, MIGRATIONS)
    finally:
        db.dispose()


@dataclass(frozen=True)
class StoredPassage:
    """A passage row as built: its record, its lexical tokens and the hash of its model input."""

    record: PassageRecord
    words: list[str]
    folded: list[str]
    input_hash: str


@dataclass(frozen=True)
class Manifest:
    model: str
    dimension: int
    normalization: str
    tokenizer: str
    corpus_hash: str
    documents: int
    passages: int
    dense_index: str
    created: str
    format: int = FORMAT_VERSION
    # Not checked at search time: an older segmentation still answers, and is redone at the next build.
    segmenter: str = ""
    # With a shared database (index/shared_library.py): the library generation this index was made from.
    library_generation: int = 0

    def check(self, model: str) -> None:
        """Refuse an index built with another model, normalization or token scheme."""
        problems = []
        if self.format != FORMAT_VERSION:
            problems.append(f"định dạng {self.format} (cần {FORMAT_VERSION})")
        if self.model != model:
            problems.append(f"mô hình «{self.model}» (cài đặt hiện tại: «{model}»)")
        if self.normalization != NORMALIZATION_VERSION or self.tokenizer != TOKENIZER_VERSION:
            problems.append("phiên bản chuẩn hóa/tách từ cũ")
        if problems:
            raise IndexMismatch(
                "Chỉ mục hiện có được xây dựng với " + "; ".join(problems)
                + ". Hãy xây dựng lại: sotay index --rebuild"
            )


def index_root(data_dir: Path) -> Path:
    return data_dir / "index"


def current_generation(data_dir: Path) -> Path | None:
    """The live generation folder, or None when nothing has been built yet."""
    pointer = index_root(data_dir) / "CURRENT"
    try:
        name = pointer.read_text("utf-8").strip()
    except FileNotFoundError:
        return None
    path = index_root(data_dir) / name
    return path if (path / "manifest.json").is_file() else None


def read_manifest(generation: Path) -> Manifest:
    return Manifest(**json.loads((generation / "manifest.json").read_text("utf-8")))


def corpus_hash(documents: Iterable[tuple[str, str]]) -> str:
    """Hash of (doc id, content hash) pairs, order-independent."""
    digest = hashlib.sha256()
    for doc_id, content in sorted(documents):
        digest.update(f"{doc_id}\0{content}\n".encode())
    return digest.hexdigest()


def document_hash(doc: Document) -> str:
    """Content hash of a document's text and metadata: any change re-segments it."""
    payload = json.dumps(
        [doc.text, doc.title, doc.number, doc.date, doc.issuer, doc.kind, sorted(doc.extra.items())],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def write_generation(
    data_dir: Path,
    documents: list[tuple[Document, str]],
    passages: list[StoredPassage],
    vectors: np.ndarray | Callable[[], np.ndarray],
    *,
    model: str,
    ann_threshold: int,
    document_frequency: dict[str, int],
    library_generation: int = 0,
) -> Path:
    """Write a complete generation and make it live; returns its folder.

    Args:
        documents: (document, content hash) pairs.
        passages: Rows in order; row i has vector ``vectors[i]``.
        vectors: The passage vectors, or what returns them: called once the rest is built and
            written, so that an encoding still running is waited for last.
        library_generation: The shared library's generation these documents are (0: no database).
    """
    root = index_root(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f"tmp-{uuid.uuid4().hex}"
    tmp.mkdir()
    try:
        with closing(sqlite3.connect(tmp / "library.sqlite")) as conn, conn:
            conn.executescript(_SCHEMA)
            conn.executemany(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (d.id, d.title, d.number, d.date, d.issuer, d.kind, d.source,
                     json.dumps(d.extra, ensure_ascii=False), h, d.text, d.signer, int(d.ocr))
                    for d, h in documents
                ],
            )
            first: dict[str, int] = {}
            for p in passages:
                first[p.record.doc_id] = min(first.get(p.record.doc_id, p.record.start), p.record.start)
            unit_of, units = unit_fields(
                [p.record for p in passages], [p.words for p in passages], [p.folded for p in passages],
                {d.id: d.title for d, _ in documents},
                {d.id: d.text[: first[d.id]] for d, _ in documents if d.id in first},
            )
            conn.executemany(
                "INSERT INTO passages VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (i, p.record.doc_id, p.record.order, p.record.section,
                     json.dumps(p.record.headings, ensure_ascii=False), p.record.point, p.record.start,
                     p.record.end, p.record.part, p.record.text, p.record.citation, " ".join(p.words),
                     " ".join(p.folded), p.input_hash, unit_of[i], p.record.sub)
                    for i, p in enumerate(passages)
                ],
            )
        migrate_generation(tmp)
        LexicalIndex.build({
            "words": [p.words for p in passages], "folded": [p.folded for p in passages],
            "plain": [pyvi_words(p.words) for p in passages],
        }).save(tmp)
        LexicalIndex.build(units).save(tmp, prefix="unit_bm25_")
        write_atomically(tmp / "stats.json", json.dumps(document_frequency, ensure_ascii=False).encode())
        AccentModel.build([p.record.text for p in passages] + [d.title for d, _ in documents]).save(tmp / ACCENTS)
        if callable(vectors):
            vectors = vectors()
        dense = DenseIndex.build(vectors, ann_threshold=ann_threshold)
        dense.save(tmp / "dense.faiss")
        manifest = Manifest(
            model=model,
            dimension=int(vectors.shape[1]),
            normalization=NORMALIZATION_VERSION,
            tokenizer=TOKENIZER_VERSION,
            corpus_hash=corpus_hash((d.id, h) for d, h in documents),
            documents=len(documents),
            passages=len(passages),
            dense_index=dense.kind,
            created=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            segmenter=SEGMENTER_VERSION,
            library_generation=library_generation,
        )
        # The manifest goes last: a folder without one is never taken for a generation.
        write_atomically(tmp / "manifest.json", json.dumps(manifest.__dict__, ensure_ascii=False, indent=1).encode())
        final = root / f"gen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        os.replace(tmp, final)
        write_atomically(root / "CURRENT", final.name.encode())
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _prune(root, keep={final.name})
    return final


def _prune(root: Path, keep: set[str]) -> None:
    """Remove old generations and leftovers of crashed builds, keeping the newest older one.

    The previous generation stays for readers that opened it just before the swap.
    """
    generations = sorted((p for p in root.glob("gen-*") if p.name not in keep), reverse=True)
    for old in generations[1:]:
        shutil.rmtree(old, ignore_errors=True)
    for leftover in root.glob("tmp-*"):
        if time.time() - leftover.stat().st_mtime > 3600:
            shutil.rmtree(leftover, ignore_errors=True)


def _optional_columns(conn: sqlite3.Connection) -> str:
    """``signer, ocr``, with constants for generations written before documents recorded them."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(documents)")}
    return ", ".join(name if name in columns else empty for name, empty in (("signer", "''"), ("ocr", "0")))


def _passage_sub(conn: sqlite3.Connection) -> str:
    """``sub``, or 0 for generations written before passages recorded it (their citations say it)."""
    return "sub" if any(row[1] == "sub" for row in conn.execute("PRAGMA table_info(passages)")) else "0"


def stored_documents(generation: Path) -> list[tuple[Document, str]]:
    """The documents of a generation with their content hashes, whatever model built it."""
    with closing(sqlite3.connect(f"file:{generation / 'library.sqlite'}?mode=ro", uri=True)) as conn:
        rows = conn.execute(
            "SELECT id, text, title, number, date, issuer, kind, source, extra, content_hash,"
            f" {_optional_columns(conn)} FROM documents"
        ).fetchall()
    return [
        (Document(id=r[0], text=r[1], title=r[2], number=r[3], date=r[4], issuer=r[5], kind=r[6],
                  source=r[7], extra=json.loads(r[8]), signer=r[10] or "", ocr=bool(r[11])), r[9])
        for r in rows
    ]


class Generation:
    """A loaded, read-only generation: passages in memory, FAISS and BM25 ready to search."""

    def __init__(self, path: Path, model: str) -> None:
        if not (path / "manifest.json").is_file():
            raise IndexMissing("Chưa có chỉ mục. Hãy chạy: sotay index")
        self.path = path
        self.manifest = read_manifest(path)
        self.manifest.check(model)
        migrate_generation(path)
        with closing(self._connect()) as conn:
            docs = conn.execute(
                "SELECT d.id, d.title, d.number, d.date, d.issuer, d.kind, d.source, d.content_hash,"
                " (SELECT COUNT(*) FROM passages p WHERE p.doc_id = d.id),"
                f" {_optional_columns(conn)} FROM documents d"
            ).fetchall()
            rows = conn.execute(
                "SELECT doc_id, ord, section, headings, point, start, end_, part, text, citation, input_hash, unit,"
                f" {_passage_sub(conn)} FROM passages ORDER BY row"
            ).fetchall()
            self.links = [StoredLink(*r) for r in conn.execute("SELECT * FROM links ORDER BY doc_id, start")]
        # Grouped once: a document's links and those citing it are read per document (a library's
        # list, `sotay docs --json`), which a scan of every link would make quadratic.
        self.links_from: dict[str, list[StoredLink]] = {}
        self.links_to: dict[str, list[StoredLink]] = {}
        for link in self.links:
            self.links_from.setdefault(link.doc_id, []).append(link)
            if link.target_id:
                self.links_to.setdefault(link.target_id, []).append(link)
        self.documents: dict[str, DocumentInfo] = {
            d[0]: DocumentInfo(id=d[0], title=d[1], number=d[2], date=d[3], issuer=d[4], kind=d[5],
                               source=d[6], content_hash=d[7], passages=d[8], signer=d[9] or "",
                               ocr=bool(d[10]))
            for d in docs
        }
        # Documents by their number as compared (without diacritics: a question may type "QD"), by
        # its serial alone ("230" of "230-KH/TU", "Kế hoạch 230" in a question), and laws by the name they are cited by ("Bộ luật Dân sự
        # 2015") under its first two words folded (a question typed without diacritics names them
        # too), (words, year) → documents: a query that names one ranks its passages first.
        self.documents_by_number: dict[str, list[str]] = {}
        self.documents_by_serial: dict[str, list[str]] = {}
        self.documents_by_name: dict[tuple[str, ...], dict[tuple[tuple[str, ...], str], list[str]]] = {}
        self.documents_by_kind: dict[str, list[tuple[str, frozenset[tuple[str, str]]]]] = {}
        # Documents by the numbers their titles cite: what carries another out ("Kế hoạch … thực
        # hiện Nghị quyết số 57-NQ/TW …"), for a question about that ("… thực hiện Nghị quyết 57").
        self.documents_citing: dict[str, list[str]] = {}
        for info in self.documents.values():
            number = normalize_number(info.number) if info.number else ""
            if number:
                self.documents_by_number.setdefault(number_key(number), []).append(info.id)
                self.documents_by_serial.setdefault(re.match(r"\d*", number).group(), []).append(info.id)
            for cited in {normalize_number(m.group(0)) for m in NUMBER_RE.finditer(info.title)} - {number}:
                self.documents_citing.setdefault(cited, []).append(info.id)
            if name := cited_name(info.title):
                key = tuple(fold(w) for w in name[0][:2])
                self.documents_by_name.setdefault(key, {}).setdefault(name, []).append(info.id)
            elif info.kind:
                # Other documents are described by their title's words ("Kế hoạch quan trắc môi
                # trường vùng nuôi thủy sản …"): kind folded → (document, its title's pairs of
                # syllables folded, "quan trac", "moi truong").
                syllables = re.findall(r"\w+", fold(info.title))
                self.documents_by_kind.setdefault(fold(info.kind), []).append(
                    (info.id, frozenset(zip(syllables, syllables[1:]))))
        self.passages: list[PassageRecord] = [
            PassageRecord(key=f"{r[0]}#{r[1]}", doc_id=r[0], order=r[1], section=r[2],
                          headings=tuple(json.loads(r[3])), point=r[4], start=r[5], end=r[6],
                          part=r[7], text=r[8], citation=r[9], sub=r[12])
            for r in rows
        ]
        self.input_hashes = [r[10] for r in rows]
        self.unit_of_row = np.asarray([r[11] for r in rows], dtype=np.int64)
        units = int(self.unit_of_row.max()) + 1 if rows else 0
        self.row_of = {p.key: i for i, p in enumerate(self.passages)}
        grouped: dict[str, list[int]] = {doc_id: [] for doc_id in self.documents}
        for row, passage in enumerate(self.passages):
            grouped[passage.doc_id].append(row)
        self.doc_rows = {doc_id: np.asarray(rows, dtype=np.int64) for doc_id, rows in grouped.items()}
        # Units that are their document's only unit (an article given as a document of its own).
        self.unit_is_document = np.zeros(units, dtype=bool)
        # Units ranked as whole articles: those, and every unit of a document short enough to be
        # read as one piece (an article given as a document that holds "Điều" lines of its own).
        self.unit_of_short_document = np.zeros(units, dtype=bool)
        for doc_rows in self.doc_rows.values():
            if len(doc_rows) and len(set(self.unit_of_row[doc_rows].tolist())) == 1:
                self.unit_is_document[self.unit_of_row[doc_rows[0]]] = True
            if sum(len(self.passages[r].text) for r in doc_rows) <= MAX_UNIT_CHARS:
                self.unit_of_short_document[self.unit_of_row[doc_rows]] = True
        self.unit_of_short_document |= self.unit_is_document
        self.body_of_heading = bodies_of_headings(self.passages)
        # The data table each row of a table is (-1: not a table's row), numbered in the library.
        self.table_of_row = np.full(len(self.passages), -1, dtype=np.int64)
        tables: dict[tuple[str, str], int] = {}
        for row, passage in enumerate(self.passages):
            if is_table_row(passage):
                self.table_of_row[row] = tables.setdefault((passage.doc_id, passage.section), len(tables))
        self.has_tables = bool(tables)
        self.dense = DenseIndex.load(path / "dense.faiss")
        self.lexical = LexicalIndex.load(path, len(self.passages))
        self.unit_lexical = LexicalIndex.load(path, units, prefix="unit_bm25_")
        self.document_frequency: dict[str, int] = json.loads((path / "stats.json").read_text("utf-8"))
        self._accents = AccentModel.load(path / ACCENTS)

    @property
    def accents(self) -> AccentModel:
        """What restores a question's diacritics (:mod:`index.accents`): stored with the index, or
        counted from its passages once for an index built before it was."""
        if self._accents is None:
            self._accents = AccentModel.build([p.text for p in self.passages] + [d.title for d in self.documents.values()])
        return self._accents

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{self.path / 'library.sqlite'}?mode=ro", uri=True)

    def document_text(self, doc_id: str) -> str:
        with closing(self._connect()) as conn:
            row = conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row[0] if row else ""

    def stored_documents(self) -> list[tuple[Document, str]]:
        """Every document with its content hash, as stored (for incremental rebuilds)."""
        return stored_documents(self.path)

    def stored_passages(self, doc_id: str) -> list[StoredPassage]:
        """A document's passage rows with their tokens, to carry into a new generation unchanged."""
        with closing(self._connect()) as conn:
            rows = conn.execute("SELECT row, words, folded FROM passages WHERE doc_id = ? ORDER BY ord", (doc_id,)).fetchall()
        return [
            StoredPassage(self.passages[r[0]], r[1].split(), r[2].split(), self.input_hashes[r[0]])
            for r in rows
        ]


class EmbeddingCache:
    """Passage vectors by (model, hash of the exact model input), in SQLite."""

    def __init__(self, data_dir: Path) -> None:
        index_root(data_dir).mkdir(parents=True, exist_ok=True)
        self._path = index_root(data_dir) / "embeddings.sqlite"
        with closing(self._connect()) as conn, conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS vectors (model TEXT, input_hash TEXT, vector BLOB,"
                " PRIMARY KEY (model, input_hash))"
            )

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self._path, timeout=30)
        enable_wal(conn)
        return conn

    def get(self, model: str, hashes: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with closing(self._connect()) as conn:
            for start in range(0, len(hashes), 500):
                chunk = hashes[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for input_hash, blob in conn.execute(
                    f"SELECT input_hash, vector FROM vectors WHERE model = ? AND input_hash IN ({marks})",
                    [model, *chunk],
                ):
                    found[input_hash] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put(self, model: str, items: dict[str, np.ndarray]) -> None:
        with closing(self._connect()) as conn, conn:
            conn.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?,?,?)",
                [(model, h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in items.items()],
            )

