"""Load check of the served app: simulated users searching over raw HTTP on loopback.

Each user loops (bounded by time and a request cap) over Gradio's HTTP API for the ``search``
event: ``POST /gradio_api/call/search`` then ``GET /gradio_api/call/search/{event_id}`` (the
result stream). ``gradio_client`` is not used: it adds ~65 ms of its own per call.

Usage:
    python bench/load_app.py                      # serve the app from the default data dir
    python bench/load_app.py --data-dir /tmp/d    # ... from another data dir
    python bench/load_app.py --url http://127.0.0.1:7860   # an app already running (loopback only)

Target: no errors and p95 < 1 s with 30 users for 60 s.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import httpx

ROOT = Path(__file__).resolve().parents[1]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass
class UserStats:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def dev_queries() -> list[str]:
    """The dev set's questions: realistic, mixed with and without diacritics."""
    with open(ROOT / "tests" / "data" / "dev_seed.tsv", encoding="utf-8") as handle:
        return [row["query"] for row in csv.DictReader(handle, delimiter="\t")]


def fresh_queries(count: int, seed: int = 5) -> list[str]:
    """Distinct 4–9 word snippets of the bundled documents: no two users repeat a query, so the
    app's query-embedding cache cannot help (the worst case)."""
    words = " ".join(p.read_text("utf-8") for p in sorted((ROOT / "corpus" / "data" / "default").glob("*.txt"))).split()
    rng = random.Random(seed)
    seen: dict[str, None] = {}
    while len(seen) < count:
        start = rng.randrange(len(words) - 10)
        seen[" ".join(words[start : start + rng.randint(4, 9)])] = None
    return list(seen)


def call(client: httpx.Client, base: str, api_name: str, data: list, session: str | None = None) -> list:
    """One event called as a browser's API call does it: the outputs of ``event: complete``.

    Raises:
        RuntimeError: The event ended in an error (its message included) or sent no result.
    """
    started = client.post(f"{base}/gradio_api/call/{api_name}", json={"data": data, "session_hash": session})
    started.raise_for_status()
    event_id = started.json()["event_id"]
    stream = client.get(f"{base}/gradio_api/call/{api_name}/{event_id}")
    stream.raise_for_status()
    event = None
    for line in stream.text.splitlines():
        if line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:") and event in ("complete", "error"):
            payload = json.loads(line[5:])
            if event == "error":
                raise RuntimeError(f"{api_name} failed: {payload!r}")
            return payload
    raise RuntimeError(f"no result from {api_name}: {stream.text[:200]!r}")


def search_once(client: httpx.Client, base: str, query: str, session: str | None = None) -> list[dict]:
    """One search as the browser sends it; raises on any failure or an empty result."""
    # Raw HTTP calls must send every input (gradio_client fills the defaults itself):
    # query, documents, kinds, date from, date to, passages per document (0: no limit), k.
    results = call(client, base, "search", [query, [], [], "", "", 0, 10], session)[0]
    if not isinstance(results, list) or not results:
        raise RuntimeError(f"empty or malformed result for {query!r}")
    return results


def user(
    base: str, queries: list[str], offset: int, deadline: float, max_requests: int, stats: UserStats, think: float
) -> None:
    pause = random.Random(offset)
    # One browser tab is one Gradio session for all its searches; a new session per request
    # would make the server build a session state for every component, every time.
    session = f"load-user-{offset}-{random.getrandbits(32):08x}"
    with httpx.Client(timeout=30.0) as client:
        for n in range(max_requests):
            if n and think:
                # A person reads the results before the next question: 0.5–1.5 × the mean pause.
                time.sleep(think * pause.uniform(0.5, 1.5))
            if time.monotonic() >= deadline:
                break
            query = queries[(offset + n) % len(queries)]
            start = time.perf_counter()
            try:
                search_once(client, base, query, session)
            except Exception as error:  # noqa: BLE001 - every failure counts as an error, with its kind
                stats.errors.append(f"{type(error).__name__}: {error}"[:200])
                continue
            stats.latencies.append(time.perf_counter() - start)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(data_dir: str | None, port: int) -> None:
    sys.path.insert(0, str(ROOT))  # a spawned child starts from this file, not from the repo root
    from app.serve import serve
    from index.settings import Settings

    serve(Settings.load(data_dir=data_dir, host="127.0.0.1", port=port))


def wait_until_up(
    base: str, timeout: float, *, path: str = "/gradio_api/info", process: subprocess.Popen | None = None,
    log: Path | None = None,
) -> None:
    """Wait until ``base + path`` answers 200; fail at once if ``process`` (the server) exits,
    with the end of its ``log``. Used by the benches and the replica tests alike."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:] if log else ""
            raise RuntimeError(f"the server at {base} exited with {process.returncode}\n{tail}")
        try:
            if httpx.get(f"{base}{path}", timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    tail = log.read_text(errors="replace")[-3000:] if log else ""
    raise RuntimeError(f"the app at {base} did not come up within {timeout:.0f} s\n{tail}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an app already running on loopback (default: start one)")
    parser.add_argument("--data-dir", help="data dir for the app this script starts")
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--max-requests", type=int, default=10_000, help="cap per user")
    parser.add_argument("--startup-timeout", type=float, default=600.0)
    parser.add_argument(
        "--think", type=float, default=0.0,
        help="mean seconds a user reads results before searching again (default 0: back to back)",
    )
    parser.add_argument(
        "--fresh", action="store_true",
        help="every search a new query (defeats the query cache); default: the dev questions, repeated",
    )
    args = parser.parse_args(argv)

    server = None
    if args.url:
        if urlparse(args.url).hostname not in LOOPBACK:
            parser.error("only loopback URLs (127.0.0.1) may be load-tested")
        base = args.url.rstrip("/")
    else:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = multiprocessing.get_context("spawn").Process(target=_serve, args=(args.data_dir, port), daemon=True)
        server.start()
    try:
        wait_until_up(base, args.startup_timeout)
        queries = fresh_queries(args.users * 2000) if args.fresh else dev_queries()
        search_once(httpx.Client(timeout=60.0), base, queries[0])  # warm-up, not counted
        stats = [UserStats() for _ in range(args.users)]
        deadline = time.monotonic() + args.seconds
        threads = [
            threading.Thread(
                target=user, args=(base, queries, i * (2000 if args.fresh else 7), deadline, args.max_requests, s, args.think),
            )
            for i, s in enumerate(stats)
        ]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
    finally:
        if server is not None:
            server.terminate()
            server.join(10)

    latencies = [x for s in stats for x in s.latencies]
    errors = [e for s in stats for e in s.errors]
    print(f"{args.users} users, {elapsed:.0f} s, {len(latencies)} searches ({len(latencies) / elapsed:.1f}/s), {len(errors)} errors")
    if latencies:
        print(
            f"latency p50 {percentile(latencies, 50) * 1000:.0f} ms, p95 {percentile(latencies, 95) * 1000:.0f} ms, "
            f"max {max(latencies) * 1000:.0f} ms, mean {statistics.mean(latencies) * 1000:.0f} ms"
        )
    for error in sorted(set(errors))[:5]:
        print(f"  error: {error}")
    ok = not errors and latencies and percentile(latencies, 95) < 1.0
    print("target (no errors, p95 < 1 s):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
