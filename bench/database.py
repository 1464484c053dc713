"""The quiz store on each backend: participants join and answer from many threads at once,
straight through :class:`quiz.sessions.SessionStore` (no HTTP), so the figures are the storage's.

For each backend (``--backends``): a fresh database (an SQLite file in a temporary directory, or
a database on a throwaway PostgreSQL server started from Debian's binaries, as the tests do),
one exam session of ``--questions`` questions; ``--participants`` join, then answer every
question, spread over ``--threads`` threads. Prints join and answer latency (median, p95, max),
answers per second, and how many answers the database holds against how many were sent.

    python -m bench.database --participants 300 --questions 10 --threads 8

Only the store's public calls are used, so the same file measures another checkout's store
(``PYTHONPATH=<checkout> python bench/database.py --backends sqlite``) as a baseline.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(target: str, participants: int, questions: int, threads: int) -> dict[str, float]:
    """Join and answer on the database ``target``; latencies in milliseconds."""
    from quiz.db import QuizDB
    from quiz.sessions import SessionStore
    from tests.quiz.session_items import sample_items

    store = SessionStore(QuizDB(target))
    items = [sample_items()[i % 3] for i in range(questions)]  # no matching item: one choice each
    code, key = store.create(items, time_limit_s=0, shuffle=False)
    joins: list[float] = []
    answers: list[float] = []

    def participant(n: int) -> None:
        started = time.perf_counter()
        token = store.join(code, f"Học viên {n}", "Chi bộ").token
        joins.append(time.perf_counter() - started)
        for position, item in enumerate(items):
            started = time.perf_counter()
            store.answer(code, token, position, item.options[(n + position) % len(item.options)])
            answers.append(time.perf_counter() - started)

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(participant, range(participants)))
    elapsed = time.perf_counter() - started
    stored = store.dashboard(code, key).answers
    ms = [1000 * v for v in answers]
    return {
        "join_p50": 1000 * statistics.median(joins), "join_p95": 1000 * percentile(joins, 0.95),
        "answer_p50": statistics.median(ms), "answer_p95": percentile(ms, 0.95), "answer_max": max(ms),
        "answers_per_s": len(answers) / elapsed, "sent": len(answers), "stored": stored,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args(argv)
    ok = True
    for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
        if backend == "postgresql":
            from tests import pg

            server = pg.start_server(durable=True)  # fsync on: the figures of a real server
            try:
                figures = measure(server.create_database(), args.participants, args.questions, args.threads)
            finally:
                pg.remove(server)
        else:
            figures = measure(str(Path(tempfile.mkdtemp(prefix="sotay-bench-")) / "quiz.sqlite"), args.participants,
                              args.questions, args.threads)
        ok = ok and figures["sent"] == figures["stored"]
        print(
            f"{backend:10} join p50 {figures['join_p50']:.1f} ms p95 {figures['join_p95']:.1f} ms · answer p50 "
            f"{figures['answer_p50']:.1f} ms p95 {figures['answer_p95']:.1f} ms max {figures['answer_max']:.0f} ms · "
            f"{figures['answers_per_s']:.0f} answers/s · stored {figures['stored']}/{figures['sent']}",
            flush=True,
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
