"""The library: documents in, a searchable index out. The one object the CLI, app and quizzes use."""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

import numpy as np

from corpus.cite import citation
from corpus.document import Document
from corpus.errors import DatabaseUnavailable, IndexMismatch, IndexMissing, UnknownDocument, UnknownPassage
from corpus.metadata import display_date, find_addressees, find_recipients, short_name, signing_body
from corpus.normalize import fold, has_diacritics
from corpus.read import LoadResult, load_documents
from corpus.segment import SEGMENTER_VERSION, segment
from index.acronyms import AcronymDictionary, build_dictionary
from index.answers import asked_particulars
from index.encoding import BackgroundEncoder
from index.fusion import RankingParams
from index.units import model_inputs
from index.records import DocumentInfo, PassageRecord, SearchResult
from index.search import Filters, Mode, check_query, cited_documents, search
from index.settings import Settings
from index.shared_library import Change, SharedLibrary, open_shared_library
from index.store import (
    EmbeddingCache,
    Generation,
    StoredLink,
    StoredPassage,
    current_generation,
    document_hash,
    index_root,
    read_manifest,
    stored_documents,
    write_generation,
)
from index.tokens import folded_tokens, syllables, word_tokens

if TYPE_CHECKING:  # the model module is imported when the model is first needed
    from index.model import TextEmbedder

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
METADATA_FIELDS = ("title", "number", "date", "issuer", "kind")
QUERY_CACHE_SIZE = 2048
NO_PASSAGE = "không có đoạn văn nào đọc được"
# How often a replica asks the shared database for the library's generation (the issue asks for
# an upload to be searchable on every replica within 10 s; a new generation takes a few seconds).
FOLLOW_INTERVAL_S = 2.0


STATUS_OF = {"replaces": "replaced", "repeals": "repealed"}


@dataclass(frozen=True)
class DocumentStatus:
    """A document's standing in the library.

    Attributes:
        state: ``in_force``, ``replaced`` or ``repealed``.
        by: The library documents that replace or repeal it.
        amended_by: The library documents that amend it (it stays in force).
    """

    state: str
    by: tuple[str, ...]
    amended_by: tuple[str, ...]


@dataclass
class _Edit:
    """A change of the library in progress: the documents as they stand, and where new ones go.

    Attributes:
        stored: The library's documents with their content hashes.
        previous: This data directory's live generation (its passages are reused), if any.
        shared: The change in the shared database, with ``database_url`` set.
    """

    stored: list[tuple[Document, str]]
    previous: Generation | None
    shared: Change | None

    @property
    def number(self) -> int:
        """The shared library's generation as it stands (0 without a database)."""
        return self.shared.generation if self.shared is not None else 0

    def publish(self, documents: list[tuple[Document, str]]) -> int:
        """Record ``documents`` as the library; returns the generation number the index records."""
        return self.shared.publish(documents) if self.shared is not None else 0

    def stale(self) -> bool:
        """Whether this data directory's index is missing, behind the shared library, or made by
        an older segmenter (files read again unchanged after an upgrade are segmented anew)."""
        return (
            self.previous is None
            or self.previous.manifest.library_generation != self.number
            or self.previous.manifest.segmenter != SEGMENTER_VERSION
        )


@dataclass
class IngestReport:
    """What a build did, for the CLI summary and the upload panel."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    documents: int = 0
    passages: int = 0


# A question with diacritics on few of its words is read as one typed without them.
_MIN_BARE_WORDS = 4
_BARE_SHARE = 0.6


def _bare(text: str) -> bool:
    """Whether ``text`` was typed without diacritics, or with them on a few words only: of a
    question with them, at most 56 % of the syllables are bare (the dev sets' 298; median 13 %),
    and a question with them on a third of its words ranked far below the same without any."""
    words = [s for s in syllables(text) if s.isalpha()]
    bare = sum(s == fold(s, normalized=True) for s in words)
    return not has_diacritics(text) or (len(words) >= _MIN_BARE_WORDS and bare >= _BARE_SHARE * len(words))


def _restored(gen: Generation, text: str) -> str:
    """``text`` with the diacritics the library's words give its bare syllables, when it was
    typed without them (:func:`_bare`), or with a syllable bare that the library seldom writes so
    ("Thời han nộp hồ sơ là bao lâu?": a phone's autocorrect, a mark forgotten), and some came back
    (:mod:`index.accents`); else ``""``. A syllable typed with diacritics keeps them."""
    mostly_bare = _bare(text)
    typed = syllables(text)
    bare = [at for at, s in enumerate(typed) if s.isalpha() and s == fold(s, normalized=True)]
    if not (mostly_bare or any(gen.accents.wants_marks(typed, at) for at in bare)):
        return ""
    restored = gen.accents.restore(text, seldom_only=not mostly_bare)
    return restored if restored != " ".join(typed) else ""


# How particulars are said, and for how many of the named documents (a law named by its name is
# hundreds of articles given as documents).
_PARTICULAR_LABELS = {"signer": "người ký", "date": "ban hành ngày", "issuer": "cơ quan ban hành", "number": "số hiệu",
                      "addressees": "kính gửi", "recipients": "nơi nhận", "status": ""}
_PARTICULAR_DOCUMENTS = 3


def default_corpus_dir() -> Path:
    """The bundled default corpus shipped inside the package."""
    return Path(str(resources.files("corpus") / "data" / "default"))


def _no_progress(done: int, total: int, message: str) -> None:
    log.info("%s (%d/%d)", message, done, total)


class Library:
    """Documents, passages and the index of one data directory.

    Reads are thread-safe and keep working during a build: a build writes a new generation and
    swaps it in; searches pick the new one up on their next call.

    With ``database_url`` set, the documents and the vector cache live in the shared database
    (:mod:`index.shared_library`) and this data directory holds the index made from them: a
    change is published there, and :meth:`sync` (run every few seconds by :meth:`follow` in a
    served app) brings in the changes other replicas made.
    """

    def __init__(self, settings: Settings, embedder: TextEmbedder | None = None) -> None:
        self.settings = settings
        self._embedder = embedder
        self._lock = threading.Lock()
        self._build_lock = threading.Lock()
        self._generation: Generation | None = None
        self._pointer: tuple[int, int] | None = None
        self._acronyms: AcronymDictionary | None = None
        self._query_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._shared: SharedLibrary | None = open_shared_library(settings)
        self._synced = False
        self._follower: threading.Thread | None = None
        # How candidates are fused and grouped; replaceable to compare settings (bench/retrieval.py).
        self.ranking = RankingParams(fusion=settings.fusion, rrf_k=settings.rrf_k)

    # -- model and generation -------------------------------------------------------------

    @property
    def embedder(self) -> TextEmbedder:
        """The embedding model, loaded on first use."""
        with self._lock:
            if self._embedder is None:
                from index.model import load_embedder

                self._embedder = load_embedder(self.settings)
            return self._embedder

    def _current(self) -> Generation:
        if self._shared is not None and not self._synced:
            # A command run against a replica's data dir answers from the shared library as it is.
            self._synced = True
            self.sync()
        # A build replaces the CURRENT pointer file (new inode); until then the loaded generation
        # stands, and a stat is all a search pays to know it.
        try:
            stamp = os.stat(index_root(self.settings.data_path) / "CURRENT")
            pointer = (stamp.st_ino, stamp.st_mtime_ns)
        except FileNotFoundError:
            pointer = None
        with self._lock:
            if self._generation is not None and pointer == self._pointer:
                return self._generation
        path = current_generation(self.settings.data_path)
        if path is None:
            raise IndexMissing("Chưa có chỉ mục trong thư mục dữ liệu. Hãy chạy: sotay index")
        with self._lock:
            if self._generation is None or self._generation.path != path:
                self._generation = Generation(path, self._model_build())
                self._acronyms = None
            self._pointer = pointer
            return self._generation

    def has_index(self) -> bool:
        return current_generation(self.settings.data_path) is not None

    @property
    def acronyms(self) -> AcronymDictionary:
        """Shipped pairs, the documents' own definitions and the user's file(s)."""
        gen = self._current()
        with self._lock:
            if self._acronyms is None:
                user_files = [self.settings.data_path / "acronyms.tsv"]
                if self.settings.acronyms_file:
                    user_files.append(Path(self.settings.acronyms_file))
                self._acronyms = build_dictionary((p.text for p in gen.passages), user_files)
            return self._acronyms

    # -- reading ----------------------------------------------------------------------------

    def documents(self) -> list[DocumentInfo]:
        return sorted(self._current().documents.values(), key=lambda d: (d.date or "", d.id))

    def document(self, doc_id: str) -> DocumentInfo:
        gen = self._current()
        if doc_id not in gen.documents:
            raise UnknownDocument(doc_id)
        return gen.documents[doc_id]

    def document_text(self, doc_id: str) -> str:
        self.document(doc_id)
        return self._current().document_text(doc_id)

    def passages(self, doc_id: str | None = None) -> list[PassageRecord]:
        gen = self._current()
        if doc_id is None:
            return list(gen.passages)
        self.document(doc_id)
        return [gen.passages[r] for r in gen.doc_rows[doc_id]]

    def passage(self, key: str) -> PassageRecord:
        gen = self._current()
        if key not in gen.row_of:
            raise UnknownPassage(key)
        return gen.passages[gen.row_of[key]]

    # -- links between documents ----------------------------------------------------------

    def links(self, doc_id: str) -> list[StoredLink]:
        """The references a document makes to others, in text order (resolved or by number only)."""
        self.document(doc_id)
        return list(self._current().links_from.get(doc_id, ()))

    def cited_by(self, doc_id: str) -> list[StoredLink]:
        """The references other library documents make to this one."""
        self.document(doc_id)
        return list(self._current().links_to.get(doc_id, ()))

    def status(self, doc_id: str) -> DocumentStatus:
        """Whether a document is in force, or replaced or repealed by another in the library."""
        by_type: dict[str, list[str]] = {}
        for link in self.cited_by(doc_id):
            if link.doc_id not in by_type.setdefault(link.type, []):
                by_type[link.type].append(link.doc_id)
        for state in ("replaces", "repeals"):
            if by_type.get(state):
                return DocumentStatus(STATUS_OF[state], tuple(by_type[state]), tuple(by_type.get("amends", ())))
        return DocumentStatus("in_force", (), tuple(by_type.get("amends", ())))

    def relations(self, doc_id: str) -> dict[str, Any]:
        """A document's status and links as JSON-ready data (``sotay links``, ``docs --json``, the API).

        Each link carries its type, the cited number and kind, the passage that says it
        (``passage_key``, empty for the title or letterhead), the library document it resolves
        to (``target_id``, empty when that document is not in the library), the article cited
        (``article``) and that article's first passage in the target (``target_key``).
        """
        status = self.status(doc_id)

        def row(link: StoredLink) -> dict[str, Any]:
            return {
                "type": link.type, "number": link.number, "kind": link.kind, "doc_id": link.doc_id,
                "passage_key": link.passage_key, "target_id": link.target_id, "article": link.article,
                "target_key": self._article_key(link.target_id, link.article), "quote": link.quote,
            }

        return {
            "doc_id": doc_id,
            "status": status.state,
            "replaced_by": list(status.by),
            "amended_by": list(status.amended_by),
            "links": [row(link) for link in self.links(doc_id)],
            "cited_by": [row(link) for link in self.cited_by(doc_id)],
        }

    def _article_key(self, doc_id: str, article: str) -> str:
        """The first passage of the cited article in a library document ("" if not found)."""
        if not doc_id or not article:
            return ""
        return next(
            (p.key for p in self.passages(doc_id) if p.section == article or p.section.startswith(article + ".")), ""
        )

    def superseded(self) -> set[str]:
        """Documents replaced or repealed by another document of the library."""
        return {
            link.target_id for link in self._current().links
            if link.type in ("replaces", "repeals") and link.target_id
        }

    def context(self, key: str, before: int = 1, after: int = 1) -> list[PassageRecord]:
        """The passage with its neighbours in the same document, in document order."""
        target = self.passage(key)
        siblings = self.passages(target.doc_id)
        i = next(i for i, p in enumerate(siblings) if p.key == key)
        return siblings[max(0, i - before) : i + after + 1]

    # -- searching --------------------------------------------------------------------------

    def search(self, query: str, filters: Filters | None = None, *, mode: Mode = "hybrid", **fields: Any) -> list[SearchResult]:
        """Passages that answer the query, best first, with citations and highlights.

        Args:
            filters: Documents, kinds, dates, per-document limit and k; or give its fields as
                keywords (``k=5, doc_ids=[...]``).

        Raises:
            BadQuery: empty or overlong query. UnknownDocument: a filter names no document.
            IndexMissing / IndexMismatch: nothing built, or built with other settings.
        """
        filters = replace(filters or Filters(), **fields)
        text = check_query(query, self.settings.max_query_chars)
        gen = self._current()
        typed = ""
        if mode != "lexical":
            # The model reads unaccented Vietnamese poorly (e5 alone 0.21 MRR@10 on such questions,
            # 0.54 with pyvi's accent restoration): a question the library's words give diacritics
            # to is searched with them, its lexical side reading the folded syllables too; else, in
            # hybrid mode, by BM25 on the folded syllables alone (docs/search.md).
            restored = _restored(gen, text)
            if restored:
                typed, text = text, restored
            elif mode == "hybrid" and not has_diacritics(text):
                mode = "lexical"
        if filters.in_force_only:
            superseded = self.superseded()
            if superseded:
                kept = [d for d in (filters.doc_ids or gen.documents) if d not in superseded]
                if not kept:
                    return []
                filters = replace(filters, doc_ids=kept)
        filters.check(gen)
        filters = replace(
            filters,
            k=filters.k or self.settings.top_k,
            per_doc_limit=self.settings.per_doc_limit if filters.per_doc_limit is None else filters.per_doc_limit,
        )
        named, text = cited_documents(gen, text)
        typed = cited_documents(gen, typed)[1] if typed else ""
        dense_text, extra_terms = self.acronyms.expand_query(text)
        vector = None if mode == "lexical" else self._query_vector(dense_text)
        return search(gen, vector, text, extra_terms, filters=filters, params=self.ranking, mode=mode, named=named,
                      typed=typed)

    def read_as(self, query: str) -> str:
        """The words a question typed without diacritics is searched with, diacritics restored
        from the library's (the app shows them); ``""`` when it has diacritics or none came back."""
        return _restored(self._current(), check_query(query, self.settings.max_query_chars))

    def named_documents(self, query: str) -> list[str]:
        """The documents a question names, by number, name or title (their passages come first in
        its results): the app says so, so that a reader sees what the question was taken to cite."""
        text = check_query(query, self.settings.max_query_chars)
        gen = self._current()
        named = cited_documents(gen, text)[0]
        return [doc_id for doc_id in gen.documents if doc_id in named]

    def particulars(self, query: str) -> list[str]:
        """What a question asks of the particulars of the documents it names, which their
        letterhead, signature block and recipients list give and no passage states, one line per
        document: "Kết luận 212-KL/TW: người ký Trần Cẩm Tú." for "Kết luận 212 do ai ký?"."""
        gen = self._current()
        text = check_query(query, self.settings.max_query_chars)
        named, rest = cited_documents(gen, text)
        asked = asked_particulars(rest, text)
        if not asked:
            return []
        # A letter's addressees are said with its recipients.
        shown = [n for name in asked for n in (("addressees", "recipients") if name == "recipients" else (name,))]
        lines = []
        for doc_id in [d for d in gen.documents if d in named][:_PARTICULAR_DOCUMENTS]:
            doc = self.document(doc_id)
            found = {"signer": doc.signer, "date": display_date(doc.date) if doc.date else "", "number": doc.number}
            if "issuer" in asked:
                found["issuer"] = signing_body(doc.issuer, self.document_text(doc_id))
            if "recipients" in asked:
                written = self.document_text(doc_id)
                addressees = find_addressees(written)
                # "Như trên" (as above) names the addressees, already said.
                recipients = [r for r in find_recipients(written) if not (addressees and r.lower() == "như trên")]
                found |= {"addressees": "; ".join(addressees), "recipients": "; ".join(recipients)}
            if "status" in asked:
                found["status"] = self._standing(doc_id)
            said = [f"{_PARTICULAR_LABELS[name]} {found[name]}".strip() for name in shown if found.get(name)]
            if said:
                lines.append(f"{short_name(doc)}: {', '.join(said)}.")
        return lines

    def _standing(self, doc_id: str) -> str:
        """Whether a document is still in force as far as the library tells: what replaces, repeals
        or amends it, or that no document of the library does (another may, outside it)."""
        status = self.status(doc_id)

        def names(ids: Sequence[str]) -> str:
            return ", ".join(short_name(self.document(d)) for d in ids)

        said = {"replaced": f"đã bị thay thế bởi {names(status.by)}", "repealed": f"đã bị bãi bỏ bởi {names(status.by)}"}.get(
            status.state, "chưa văn bản nào trong thư viện thay thế hay bãi bỏ")
        return f"{said}; được sửa đổi, bổ sung bởi {names(status.amended_by)}" if status.amended_by else said

    def _query_vector(self, text: str) -> np.ndarray:
        """The query's embedding, from a small LRU cache: example questions and popular topics
        are asked again and again, and encoding is most of a search's CPU time."""
        with self._lock:
            vector = self._query_cache.get(text)
            if vector is not None:
                self._query_cache.move_to_end(text)
                return vector
        vector = self.embedder.encode_queries([text])[0]
        with self._lock:
            self._query_cache[text] = vector
            while len(self._query_cache) > QUERY_CACHE_SIZE:
                self._query_cache.popitem(last=False)
        return vector

    def similar(self, key: str, filters: Filters | None = None, **fields: Any) -> list[SearchResult]:
        """Passages like the given one (searching with its text), the passage itself left out."""
        passage = self.passage(key)
        text = passage.text[: self.settings.max_query_chars]
        filters = replace(filters or Filters(), **fields)
        return self.search(text, replace(filters, exclude_keys=(*filters.exclude_keys, key)))

    # -- changing the library ---------------------------------------------------------------

    @contextmanager
    def _building(self) -> Iterator[None]:
        """One build at a time, across threads and processes."""
        lock_path = self.settings.data_path / "index" / ".build.lock"
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with self._build_lock, open(lock_path, "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            # Every build leaves the index at the shared library's generation (see _current).
            self._synced = True
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextmanager
    def _editing(self) -> Iterator[_Edit]:
        """The library's documents under the build lock (and, with a database, the change lock
        every replica shares); the database part commits when the block ends without error."""
        with self._building():
            path = current_generation(self.settings.data_path)
            gen = Generation(path, self._model_build()) if path is not None else None
            stored = gen.stored_documents() if gen is not None else []
            if self._shared is None:
                yield _Edit(stored, gen, None)
                return
            with self._shared.change(stored) as change:
                yield _Edit(change.documents, gen, change)

    def sync(self, progress: Progress | None = None) -> bool:
        """Bring this data directory's index to the shared library's generation (a no-op without
        ``database_url``); returns whether a new generation was made. Searches keep using the
        previous generation until the new one is live."""
        if self._shared is None:
            return False
        with self._building():
            path = current_generation(self.settings.data_path)
            if path is not None and read_manifest(path).library_generation == self._shared.generation():
                return False
            previous = None
            if path is not None:
                with self._lock:
                    loaded = self._generation if self._generation is not None and self._generation.path == path else None
                try:
                    previous = loaded or Generation(path, self._model_build())
                except IndexMismatch:  # made by another model: nothing to reuse
                    previous = None
            snapshot = self._shared.snapshot(stored_documents(path) if path is not None else [])
            if path is None and snapshot.generation == 0:
                return False  # nothing was ever put in the shared library
            self._write(snapshot.documents, previous, progress, IngestReport(), snapshot.generation)
        return True

    def follow(self, interval: float = FOLLOW_INTERVAL_S) -> None:
        """Keep the index at the shared library's generation from a background thread (a served
        replica); a failed check (the database restarting, say) is logged and tried again."""
        if self._shared is None or self._follower is not None:
            return

        def loop() -> None:
            while True:
                time.sleep(interval)
                try:
                    self.sync()
                except DatabaseUnavailable as error:  # a restart or the network: said once per try, no traceback
                    log.warning("the shared library is out of reach: %s", error)
                except Exception:  # noqa: BLE001 - the replica keeps serving its generation meanwhile
                    log.warning("could not bring the index to the shared library's generation", exc_info=True)

        self._follower = threading.Thread(target=loop, name="sotay-library-follower", daemon=True)
        self._follower.start()

    def ensure_index(self, progress: Progress | None = None) -> IngestReport | None:
        """Make the index ready: the bundled corpus on a new data directory; a rebuild of one
        made by another model, normalization or segmentation (after an upgrade, say), so that a
        served app keeps answering instead of asking its users to run a command. With a shared
        database, the index is made from its library, which gets the bundled corpus if empty."""
        if self._shared is not None:
            self._synced = True
            if self._shared.generation() == 0:
                return self.add_paths([default_corpus_dir()], progress=progress)
            self.sync(progress)
        if not self.has_index():
            return self.add_paths([default_corpus_dir()], progress=progress)
        try:
            segmenter = self._current().manifest.segmenter
        except IndexMismatch as mismatch:
            log.warning("rebuilding the index: %s", mismatch)
            return self.rebuild(progress)
        if segmenter != SEGMENTER_VERSION:
            log.warning("re-segmenting the index: segmenter %r, now %r", segmenter, SEGMENTER_VERSION)
            return self.rebuild(progress)
        return None

    def add_paths(
        self,
        paths: Iterable[str | Path],
        *,
        metadata: dict[str, str] | None = None,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Read files/folders into the library: new ones added, changed ones replaced, the rest kept."""
        # Reading reports each file and each page OCR reads: a scan takes seconds a page.
        return self.add_loaded(load_documents(paths, progress=progress), metadata=metadata, progress=progress)

    def add_loaded(
        self,
        loaded: LoadResult,
        *,
        metadata: dict[str, str] | None = None,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Put documents already read into the library, as :meth:`add_paths` does.

        A new or changed document that yields no passage (a title and a signature, say) is not
        put in: it is reported among the skipped files, and an earlier version stays as it was.
        """
        documents = loaded.documents
        if metadata:
            fields = {k: v for k, v in metadata.items() if k in METADATA_FIELDS and v}
            documents = [replace(d, **fields) for d in documents]
        report = IngestReport(skipped=list(loaded.skipped))
        with self._editing() as edit:
            by_id = {d.id: (d, h) for d, h in edit.stored}
            for doc in documents:
                new_hash = document_hash(doc)
                if doc.id in by_id and by_id[doc.id][1] == new_hash:
                    report.unchanged.append(doc.id)
                    continue
                if not segment(doc, max_tokens=self.settings.max_passage_tokens):
                    # A JSONL file holds many documents: say which record was empty.
                    many = doc.source.lower().endswith(".jsonl")
                    report.skipped.append((f"{doc.source} (bản ghi {doc.id})" if many else doc.source or doc.id, NO_PASSAGE))
                    continue
                (report.updated if doc.id in by_id else report.added).append(doc.id)
                by_id[doc.id] = (doc, new_hash)
            if report.added or report.updated:
                self._write(list(by_id.values()), edit.previous, progress, report, edit.publish(list(by_id.values())))
            elif edit.stale():
                self._write(list(by_id.values()), edit.previous, progress, report, edit.number)
            else:
                report.documents, report.passages = len(by_id), len(edit.previous.passages)
        return report

    def rebuild(self, progress: Progress | None = None) -> IngestReport:
        """Re-segment and re-index every stored document (after a model or normalization change)."""
        report = IngestReport()
        with self._building():
            path = current_generation(self.settings.data_path)
            # Read the stored documents without the manifest check: that check is why we rebuild.
            documents = stored_documents(path) if path is not None else []
            number = 0
            if self._shared is not None:
                snapshot = self._shared.snapshot(documents)
                documents, number = snapshot.documents, snapshot.generation
            if path is None and not number:
                raise IndexMissing("Chưa có chỉ mục để xây dựng lại. Hãy chạy: sotay index")
            report.updated = [d.id for d, _ in documents]
            self._write(documents, None, progress, report, number)
        return report

    def remove(self, doc_id: str) -> IngestReport:
        with self._editing() as edit:
            kept = [(d, h) for d, h in edit.stored if d.id != doc_id]
            if len(kept) == len(edit.stored):
                raise UnknownDocument(doc_id)
            report = IngestReport(removed=[doc_id])
            self._write(kept, edit.previous, None, report, edit.publish(kept))
        return report

    def update_metadata(self, doc_id: str, **fields: str) -> IngestReport:
        """Change title, number, date, issuer or kind; citations are rebuilt to match."""
        unknown = set(fields) - set(METADATA_FIELDS)
        if unknown:
            raise ValueError(f"not metadata fields: {sorted(unknown)}")
        with self._editing() as edit:
            report = IngestReport(updated=[doc_id])
            updated = []
            for doc, old_hash in edit.stored:
                if doc.id == doc_id:
                    doc = replace(doc, **fields)
                    old_hash = document_hash(doc)
                updated.append((doc, old_hash))
            if doc_id not in {d.id for d, _ in edit.stored}:
                raise UnknownDocument(doc_id)
            self._write(updated, edit.previous, None, report, edit.publish(updated))
        return report

    def _write(
        self,
        documents: list[tuple[Document, str]],
        previous: Generation | None,
        progress: Progress | None,
        report: IngestReport,
        library_generation: int = 0,
    ) -> None:
        progress = progress or _no_progress
        embedder = self.embedder
        model_key = self._model_key()
        # Passages of unchanged documents are kept only if today's segmenter made them.
        same_segmenter = previous is not None and previous.manifest.segmenter == SEGMENTER_VERSION
        reusable = {d.id: h for d, h in previous.stored_documents()} if same_segmenter else {}
        passages: list[StoredPassage] = []
        total = len(documents)
        with BackgroundEncoder(embedder, self._vector_cache(), model_key) as encoder:
            for n, (doc, content_hash) in enumerate(sorted(documents, key=lambda item: item[0].id)):
                progress(n, total, f"Tách đoạn: {doc.title or doc.id}")
                if previous is not None and reusable.get(doc.id) == content_hash:
                    kept = previous.stored_passages(doc.id)
                    passages.extend(kept)
                    encoder.feed([p.input_hash for p in kept], model_inputs([p.record for p in kept], doc.title))
                    continue
                records = [
                    PassageRecord.of(p, citation(doc, p))
                    for p in segment(doc, max_tokens=self.settings.max_passage_tokens, count_tokens=embedder.count_tokens)
                ]
                inputs = model_inputs(records, doc.title)
                hashes = [hashlib.sha256(f"{model_key}\0{text}".encode()).hexdigest() for text in inputs]
                passages.extend(
                    StoredPassage(record, word_tokens(record.text), folded_tokens(record.text), input_hash)
                    for record, input_hash in zip(records, hashes)
                )
                encoder.feed(hashes, inputs)
            frequency = Counter(t for p in passages for t in set(p.folded) if "_" not in t)

            def vectors() -> np.ndarray:
                vectors = encoder.vectors([p.input_hash for p in passages], progress)
                progress(total, total, "Ghi chỉ mục")
                return vectors

            write_generation(
                self.settings.data_path,
                documents,
                passages,
                vectors,
                model=self._model_build(),
                ann_threshold=self.settings.ann_threshold,
                document_frequency=dict(frequency),
                library_generation=library_generation,
            )
        self._current()
        report.documents, report.passages = len(documents), len(passages)

    def _model_build(self) -> str:
        """The model build an index is made with: an index of another build is rebuilt (its vectors differ)."""
        from index.model import model_build

        return model_build(self.settings.model)

    def _model_key(self) -> str:
        """What a cached passage vector depends on besides its input: the model's build and its prompts."""
        return "|".join(
            (self._model_build(), self.settings.query_prompt, self.settings.passage_prompt, self.settings.model_word_segmented)
        )

    def passage_vectors(self, doc_id: str) -> np.ndarray:
        """A document's passage embeddings as indexed (from the vector cache; encoded if missing)."""
        self.document(doc_id)
        gen = self._current()
        rows = gen.doc_rows[doc_id]
        hashes = [gen.input_hashes[r] for r in rows]
        found = self._vector_cache().get(self._model_key(), hashes)
        if len(found) < len(hashes):
            records = [gen.passages[r] for r in rows]
            inputs = model_inputs(records, self.document(doc_id).title)
            missing = [i for i, h in enumerate(hashes) if h not in found]
            for i, vector in zip(missing, self.embedder.encode_passages([inputs[i] for i in missing])):
                found[hashes[i]] = vector
        if not hashes:
            return np.empty((0, self.embedder.dim), dtype=np.float32)
        return np.stack([found[h] for h in hashes]).astype(np.float32)

    def _vector_cache(self) -> EmbeddingCache | SharedLibrary:
        """Where passage vectors are kept: the shared database (one replica encodes, the others
        load) or this data directory's ``embeddings.sqlite``."""
        return self._shared if self._shared is not None else EmbeddingCache(self.settings.data_path)
