"""Load check of a quiz session: many participants answer at once through the app's HTTP API.

Prepares a data directory (bundled corpus indexed, one session of generated questions), serves
the app in a child process on 127.0.0.1 (a free port), then simulates participants, each with
its own Gradio session: ``quiz_join``, then one ``quiz_answer`` per question, as the browser does
(``POST /gradio_api/call/<api_name>``, then ``GET`` of the event's result). Every loop is bounded
(one pass over the questions, HTTP timeouts). At the end the database must hold exactly the
answers each participant sent: none lost, none mixed up. Prints submit latency percentiles.

    python -m bench.load_quiz --participants 50 --questions 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import httpx

# Output positions of the participant events (see app.quiz_tab._participant_panel's `outputs`).
OUT_MESSAGE, OUT_CHOICE, OUT_SLOTS = 9, 10, 12
SLOTS = 6
SERVER_START_TIMEOUT_S = 300


async def call(client: httpx.AsyncClient, api_name: str, data: list, session_hash: str) -> list:
    """One event over Gradio's HTTP API; returns its output data (raises on an error event)."""
    posted = await client.post(f"/gradio_api/call/{api_name}", json={"data": data, "session_hash": session_hash})
    posted.raise_for_status()
    event_id = posted.json()["event_id"]
    async with client.stream("GET", f"/gradio_api/call/{api_name}/{event_id}") as response:
        event = ""
        async for line in response.aiter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event in ("complete", "error"):
                payload = json.loads(line.split(":", 1)[1])
                if event == "error":
                    raise RuntimeError(f"{api_name} failed: {payload}")
                return payload
    raise RuntimeError(f"{api_name}: no result")


def _options(update: dict | None) -> list[str]:
    return [c[1] if isinstance(c, list) else c for c in (update or {}).get("choices", [])]


def pick(out: list, rng: random.Random) -> tuple[str, list]:
    """A random response to the question shown in ``out``: (stored form, event data)."""
    choice_update = out[OUT_CHOICE]
    if choice_update and choice_update.get("visible"):
        answer = rng.choice(_options(choice_update))
        return answer, [answer, *([None] * SLOTS)]
    visible = [u for u in out[OUT_SLOTS : OUT_SLOTS + SLOTS] if u and u.get("visible")]
    options = _options(visible[0])
    rng.shuffle(options)
    chosen = options[: len(visible)]
    return " | ".join(chosen), [None, *chosen, *([None] * (SLOTS - len(chosen)))]


async def participant(
    client: httpx.AsyncClient, code: str, number: int, n_questions: int, think_s: float, latencies: list[float]
) -> list[str]:
    """Join, then answer each question once (after up to ``think_s`` seconds of reading);
    returns the answers sent, in the order asked."""
    rng = random.Random(number)
    session_hash = uuid.uuid4().hex
    name = f"Học viên {number:03d}"
    out = await call(client, "quiz_join", [code, name, "Đơn vị tải thử"], session_hash)
    sent = []
    for _ in range(n_questions):
        answer, data = pick(out, rng)
        if think_s:
            await asyncio.sleep(rng.uniform(0, think_s))
        started = time.perf_counter()
        out = await call(client, "quiz_answer", data, session_hash)
        latencies.append(time.perf_counter() - started)
        if "Đã lưu" not in (out[OUT_MESSAGE] or ""):
            raise RuntimeError(f"{name}: answer not confirmed: {out[OUT_MESSAGE]!r}")
        sent.append(answer)
    return sent


async def run_participants(url: str, code: str, count: int, n_questions: int, think_s: float) -> tuple[list[float], list, float]:
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=2 * count)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:
        started = time.perf_counter()
        results = await asyncio.gather(
            *(participant(client, code, i, n_questions, think_s, latencies) for i in range(count)), return_exceptions=True
        )
    return latencies, results, time.perf_counter() - started


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server exited with {server.returncode}")
        try:
            if "/quiz_answer" in httpx.get(f"{url}/gradio_api/info", timeout=5).json()["named_endpoints"]:
                return
            raise RuntimeError("the served app has no quiz tab (quiz_answer endpoint)")
        except (httpx.HTTPError, ValueError, KeyError):
            time.sleep(1)
    raise RuntimeError("server did not start in time")


def serve_tab_only(data_dir: str, port: int) -> None:
    """Serve only the quiz tab (for an app that does not include it yet)."""
    import gradio as gr

    from app.quiz_tab import build_quiz_tab
    from index.library import Library
    from index.settings import Settings

    settings = Settings.load(data_dir=data_dir)
    with gr.Blocks() as demo:
        with gr.Tab("Ôn tập & Thi"):
            build_quiz_tab(Library(settings), settings)
    demo.queue(default_concurrency_limit=1)
    demo.launch(server_name="127.0.0.1", server_port=port, quiet=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=50)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--data-dir", help="data directory (default: a new temporary one)")
    parser.add_argument(
        "--think", type=float, default=0.0, help="each participant waits up to this many seconds before each answer (0: all at once)"
    )
    parser.add_argument("--tab-only", action="store_true", help="serve only the quiz tab instead of the whole app")
    parser.add_argument("--serve-tab-only", metavar="PORT", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    data_dir = args.data_dir or tempfile.mkdtemp(prefix="sotay-load-")
    if args.serve_tab_only:
        serve_tab_only(data_dir, args.serve_tab_only)
        return 0

    from index.library import Library
    from index.settings import Settings
    from quiz.db import QuizDB
    from quiz.generate import Generator, Request
    from quiz.items import ITEM_TYPES
    from quiz.sessions import SessionStore

    settings = Settings.load(data_dir=data_dir)
    lib = Library(settings)
    lib.ensure_index()
    # Fill-in-the-blank items are the slowest to generate and add nothing to a load check.
    types = tuple(t for t in ITEM_TYPES if t != "fill_blank")
    items = Generator(lib).generate(Request(n=args.questions, seed=1, types=types)).items  # type: ignore[arg-type]
    store = SessionStore(QuizDB.open(settings))
    code, key = store.create(items, title="Tải thử", time_limit_s=0, shuffle=True)

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    if args.tab_only:
        command = [sys.executable, "-m", "bench.load_quiz", "--data-dir", data_dir, "--serve-tab-only", str(port)]
    else:
        command = [sys.executable, "-m", "app", "serve", "--data-dir", data_dir]
    env = {**os.environ, "SOTAY_HOST": "127.0.0.1", "SOTAY_PORT": str(port)}
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _wait_until_up(url, server)
        latencies, results, wall = asyncio.run(run_participants(url, code, args.participants, len(items), args.think))
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    errors = [r for r in results if isinstance(r, BaseException)]
    sent = {f"Học viên {i:03d}": r for i, r in enumerate(results) if not isinstance(r, BaseException)}
    board = store.dashboard(code, key)
    lost = args.participants * len(items) - board.answers
    mismatched = 0
    with store.db.read() as conn:
        rows = conn.execute(
            "SELECT p.name, p.token FROM participants p JOIN sessions s ON s.id = p.session_id WHERE s.code = ?", (code,)
        ).fetchall()
    for row in rows:
        attempt = store.attempt(code, row["token"])
        if row["name"] in sent and [attempt.answers.get(q.position) for q in attempt.questions] != sent[row["name"]]:
            mismatched += 1
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    print(
        f"participants={args.participants} questions={len(items)} answers_sent={len(latencies)} "
        f"answers_stored={board.answers} lost={lost} mismatched={mismatched} errors={len(errors)}"
    )
    print(
        f"submit latency ms: p50={1000 * cuts[49]:.0f} p95={1000 * cuts[94]:.0f} max={1000 * max(latencies, default=0):.0f}; "
        f"{len(latencies) / wall:.0f} answers/s over {wall:.1f} s (think time up to {args.think:g} s; "
        f"{'quiz tab only' if args.tab_only else 'whole app'})"
    )
    for error in errors[:5]:
        print("error:", error, file=sys.stderr)
    return 0 if not errors and lost == 0 and mismatched == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
