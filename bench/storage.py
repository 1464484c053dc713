"""What grows with what in the shared PostgreSQL: bytes per document, per passage vector, per
participant and per answer, measured on a throwaway server (as the tests start one).

Puts the bundled corpus in (documents and their passage vectors), and ``--add`` files, then a session with
``--participants`` participants answering ``--questions`` questions each, and prints each
table's size (``pg_total_relation_size``: rows, indexes and TOAST) divided by its rows, beside
the size of one replica's own index files under its data dir.

    python -m bench.storage --participants 1000 --questions 10 --add ../shared/realdocs
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

TABLES = ("library_documents", "library_vectors", "sessions", "session_items", "participants", "answers")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--add", nargs="*", default=[], help="more files or folders to put in the library")
    args = parser.parse_args(argv)

    from index.library import Library
    from index.settings import Settings
    from index.store import current_generation
    from quiz.db import QuizDB
    from quiz.generate import Generator, Request
    from quiz.items import ITEM_TYPES
    from quiz.sessions import SessionStore
    from tests import pg

    server = pg.start_server()
    try:
        url = server.create_database()
        settings = Settings.load(data_dir=tempfile.mkdtemp(prefix="sotay-storage-"), database_url=url)
        library = Library(settings)
        library.ensure_index()
        if args.add:
            library.add_paths(args.add)
        types = tuple(t for t in ITEM_TYPES if t not in ("fill_blank", "matching"))
        items = Generator(library).generate(Request(n=args.questions, seed=1, types=types)).items  # type: ignore[arg-type]
        db = QuizDB.open(settings)
        store = SessionStore(db)
        code, _ = store.create(items, title="Đo dung lượng", shuffle=False)
        for n in range(args.participants):
            attempt = store.join(code, f"Học viên {n:04d}", "Đơn vị đo")
            for position, item in enumerate(items):
                store.answer(code, attempt.token, position, item.options[0])
        with db.read() as tx:
            tx.execute("ANALYZE")
            print(f"{'table':<20}{'rows':>8}{'bytes':>12}{'bytes/row':>11}")
            for table in TABLES:
                rows = tx.scalar(f"SELECT COUNT(*) FROM {table}")
                size = tx.scalar("SELECT pg_total_relation_size(:t)", t=table)
                print(f"{table:<20}{rows:>8}{size:>12}{size // max(rows, 1):>11}")
            total = tx.scalar("SELECT pg_database_size(current_database())")
        passages = len(library.passages())
        local = sum(f.stat().st_size for f in Path(current_generation(settings.data_path)).rglob("*") if f.is_file())
        print(f"database total: {total} bytes; {len(library.documents())} documents, {passages} passages")
        print(f"one replica's index generation (FAISS, BM25, passages, links): {local} bytes, {local // max(passages, 1)} per passage")
        db.dispose()
    finally:
        pg.remove(server)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
