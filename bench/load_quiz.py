"""Load check of a live session: hundreds of participants join and answer through the hall page's
JSON routes (``/thi/api/...``), the route the participant page in their browsers uses.

Prepares a data directory (bundled corpus indexed, one exam session and one trainer-paced
session of the same generated questions), serves the whole app (``python -m app serve``) in a
child process on 127.0.0.1 (a free port), then runs each session in turn (``--sessions``):

**Exam** (``exam``):

1. every participant loads the page and joins at the same moment (``/thi``, ``/thi/api/join``);
2. they answer question after question. ``--mode herd`` (default): everyone answers the same
   question within ``--window`` seconds (0: all at the same instant), then the next; ``--mode
   free``: each at their own pace, up to ``--think`` seconds per question;
3. each hands in (``/thi/api/finish``).

**Trainer-paced** (``paced``): everyone joins; then, question after question, this process opens
the question as the trainer's button does (a row in the database, read by the server like any
other), and each phone notices it by polling ``/thi/api/live`` (every 1.5 s, so within 1.5 s),
which carries the question's options, and answers within ``--window`` seconds of the opening.

**Replicas** (``--replicas N``): after the single process on SQLite, the same sessions again on
N ``sotay serve`` replicas sharing one throwaway PostgreSQL (Debian's server, ``initdb`` in a
temporary dir, as the tests start it), behind nginx (Debian's; requests spread by fewest open
connections, no affinity), so that both sets of figures come from one run on one machine.

At the end the database must hold exactly the answers each participant sent: none lost, none
mixed up. Prints, per session, join and answer latency percentiles, errors, lost answers. Every
loop is bounded (one pass over the questions, HTTP timeouts).

    python -m bench.load_quiz --participants 500 --questions 10              # both, 5 s window
    python -m bench.load_quiz --participants 500 --questions 10 --window 0 --sessions exam   # all at once
    python -m bench.load_quiz --participants 500 --mode free --think 10 --sessions exam
    python -m bench.load_quiz --participants 1000 --questions 10 --sessions exam --replicas 2   # + nginx, PostgreSQL
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter

import httpx

from bench.load_app import free_port, wait_until_up

SERVER_START_TIMEOUT_S = 300
REQUEST_TIMEOUT_S = 60
LIVE_POLL_S = 1.5  # as the page (app/static/hall.js)


class Connection:
    """One keep-alive HTTP/1.1 connection, as a participant's browser holds one.

    Not httpx: with hundreds of concurrent requests its connection pool (it scans every
    connection per request) took most of the load generator's CPU, which shares the two cores
    with the server: the figures measured the client. Requests here are idempotent (a join from
    the same browser resumes, an answer overwrites), so one is resent on a fresh connection if
    the server closed the idle one. The browser cookie the server sets at a join is not sent
    back: each participant joins once, so each is a browser of its own anyway.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        self.reconnected = False  # the last request needed a new connection (the idle one was closed)

    async def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        payload = json.dumps(body).encode() if body is not None else b""
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(payload)}\r\n\r\n"
        ).encode()
        self.reconnected = False
        for attempt in range(2):
            fresh = self.streams is None
            if fresh:
                self.reconnected = attempt > 0 or self.reconnected
                self.streams = await asyncio.open_connection(self.host, self.port)
            reader, writer = self.streams
            try:
                writer.write(head + payload)
                await writer.drain()
                return await asyncio.wait_for(self._response(reader), REQUEST_TIMEOUT_S)
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                self.reconnected = True
                if fresh or attempt:
                    raise
        raise AssertionError("unreachable")

    @staticmethod
    async def _response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
        header = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(header[0].split()[1])
        fields = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in header[1:] if line)}
        return status, await reader.readexactly(int(fields.get("content-length", "0")))

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


class Participant:
    """One person in the hall: their attempt and the answers they sent."""

    def __init__(self, number: int, connection: Connection) -> None:
        self.http = connection
        self.name = f"Học viên {number:03d}"
        self.rng = random.Random(number)
        self.attempt: dict = {}
        self.sent: dict[int, str] = {}
        self.reconnects: list[float] = []  # latencies of answers sent on a new connection

    def pick(self, question: dict) -> str | list[str]:
        if question["type"] == "matching":
            options = list(question["options"])
            self.rng.shuffle(options)
            return options[: len(question["left"])]
        return self.rng.choice(question["options"])


async def post(p: Participant, name: str, body: dict) -> dict:
    status, raw = await p.http.request("POST", f"/thi/api/{name}", body)
    data = json.loads(raw)
    if status != 200:
        raise RuntimeError(f"{p.name} {name}: HTTP {status}: {data.get('error')}")
    return data


async def join(code: str, p: Participant, latencies: list[float]) -> None:
    started = time.perf_counter()
    status, page = await p.http.request("GET", f"/thi?ma={code}")
    if status != 200 or b'lang="vi"' not in page:
        raise RuntimeError(f"{p.name}: the page answered HTTP {status}")
    p.attempt = await post(p, "join", {"code": code, "name": p.name, "unit": "Đơn vị tải thử"})
    latencies.append(time.perf_counter() - started)


async def answer(p: Participant, number: int, delay: float, latencies: list[float]) -> None:
    await asyncio.sleep(delay)
    await send_answer(p, p.attempt["questions"][number], latencies)


async def send_answer(p: Participant, question: dict, latencies: list[float]) -> None:
    choice = p.pick(question)
    started = time.perf_counter()
    await post(p, "answer", {"code": p.attempt["code"], "token": p.attempt["token"], "position": question["position"], "choice": choice})
    latencies.append(time.perf_counter() - started)
    if p.http.reconnected:
        p.reconnects.append(latencies[-1])
    p.sent[question["position"]] = " | ".join(choice) if isinstance(choice, list) else choice


async def paced_answer(p: Participant, number: int, opened: float, window: float, latencies: list[float]) -> None:
    """A phone in a paced session: notices question ``number`` (and its options) at its next poll, answers."""
    await asyncio.sleep(p.rng.uniform(0, LIVE_POLL_S))
    live = await post(p, "live", {"code": p.attempt["code"]})
    if not live["round"] or live["round"]["number"] != number + 1 or not live["question"]:
        raise RuntimeError(f"{p.name}: live shows round {live['round']}, expected {number + 1}")
    await asyncio.sleep(max(0.0, opened + p.rng.uniform(LIVE_POLL_S, window) - time.perf_counter()))
    await send_answer(p, live["question"], latencies)


async def run(port: int, code: str, args: argparse.Namespace, open_next=None, rounds: int = 0) -> dict:  # noqa: ANN001
    """One session's load; ``open_next`` (paced) opens the next of ``rounds`` questions as the trainer would."""
    people = [Participant(i, Connection("127.0.0.1", port)) for i in range(args.participants)]
    joins: list[float] = []
    answers: list[float] = []
    errors: list[BaseException] = []

    def keep(results: list) -> list[Participant]:
        """The participants whose step succeeded; the failures are counted, not retried."""
        errors.extend(r for r in results if isinstance(r, BaseException))
        return [p for p, r in zip(active, results) if not isinstance(r, BaseException)]

    try:
        started = time.perf_counter()
        active = people
        active = keep(await asyncio.gather(*(join(code, p, joins) for p in active), return_exceptions=True))
        join_wall = time.perf_counter() - started
        # A paced attempt holds no question until the trainer opens one.
        n_questions = rounds if open_next else min((len(p.attempt["questions"]) for p in active), default=0)
        started = time.perf_counter()
        if open_next is not None:
            for number in range(n_questions):
                open_next()
                opened = time.perf_counter()
                steps = (paced_answer(p, number, opened, args.window, answers) for p in active)
                active = keep(await asyncio.gather(*steps, return_exceptions=True))
        elif args.mode == "herd":
            for number in range(n_questions):
                steps = (answer(p, number, p.rng.uniform(0, args.window), answers) for p in active)
                active = keep(await asyncio.gather(*steps, return_exceptions=True))
        else:

            async def own_pace(p: Participant) -> None:
                for number in range(n_questions):
                    await answer(p, number, p.rng.uniform(0, args.think), answers)

            active = keep(await asyncio.gather(*(own_pace(p) for p in active), return_exceptions=True))
        answer_wall = time.perf_counter() - started
        finishes = [post(p, "finish", {"code": p.attempt["code"], "token": p.attempt["token"]}) for p in active]
        keep(await asyncio.gather(*finishes, return_exceptions=True))
    finally:
        for p in people:
            p.http.close()
    return {"people": people, "joins": joins, "answers": answers, "errors": errors, "join_wall": join_wall, "answer_wall": answer_wall}


def stop(process: subprocess.Popen) -> None:
    """End a child this bench started: SIGTERM, then SIGKILL if it has not exited in 30 s."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def _ms(values: list[float], q: int) -> str:
    if len(values) < 2:
        return "-"
    return f"{1000 * statistics.quantiles(values, n=100)[q - 1]:.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--mode", choices=("herd", "free"), default="herd")
    parser.add_argument("--window", type=float, default=5.0, help="herd, paced: everyone answers a question within this many seconds")
    parser.add_argument("--sessions", default="exam,paced", help="which sessions to run, in order: exam, paced or both")
    parser.add_argument("--think", type=float, default=10.0, help="free: up to this many seconds before each answer")
    parser.add_argument(
        "--replicas", type=int, default=0,
        help="also run the sessions again on this many replicas behind nginx, sharing a throwaway PostgreSQL",
    )
    parser.add_argument("--data-dir", help="data directory (default: a new temporary one)")
    args = parser.parse_args(argv)
    data_dir = args.data_dir or tempfile.mkdtemp(prefix="sotay-load-")

    from index.library import Library
    from index.settings import Settings
    from quiz.generate import Generator, Request
    from quiz.items import ITEM_TYPES

    settings = Settings.load(data_dir=os.path.join(data_dir, "single"))
    lib = Library(settings)
    lib.ensure_index()
    # Fill-in-the-blank items are the slowest to generate and add nothing to a load check.
    types = tuple(t for t in ITEM_TYPES if t != "fill_blank")
    items = Generator(lib).generate(Request(n=args.questions, seed=1, types=types)).items  # type: ignore[arg-type]

    ok = setup_run("single process, SQLite", [settings], items, args)
    if args.replicas:
        from tests import pg  # the throwaway server of the tests: initdb in a temporary dir, stopped by PID

        server = pg.start_server()
        try:
            url = server.create_database()
            replicas = [
                Settings.load(data_dir=os.path.join(data_dir, f"replica-{n + 1}"), database_url=url)
                for n in range(args.replicas)
            ]
            # The first replica puts the library in the database; the others make their index from it.
            Library(replicas[0], embedder=lib.embedder).ensure_index()
            ok = setup_run(f"{args.replicas} replicas behind nginx, PostgreSQL", replicas, items, args) and ok
        finally:
            pg.remove(server)
    return 0 if ok else 1


def setup_run(name: str, replicas: list, items: list, args: argparse.Namespace) -> bool:  # noqa: ANN001 - Settings, QuizItem
    """Serve the app once per ``replicas`` settings (one: straight; more: behind nginx), run the
    sessions against it and print their figures under ``name``; True when nothing went wrong."""
    from quiz.db import QuizDB
    from quiz.sessions import SessionStore

    store = SessionStore(QuizDB.open(replicas[0]))
    kinds = [k.strip() for k in args.sessions.split(",") if k.strip() in ("exam", "paced")]
    sessions = {
        "exam": store.create(items, title="Tải thử", time_limit_s=0, shuffle=True),
        # Long enough that the last answer of the window is in time; the trainer moves on anyway.
        "paced": store.create(items, title="Tải thử từng câu", mode="paced", question_s=int(args.window) + 10, speed_points=True),
    }
    ports = [free_port() for _ in replicas]
    servers: list[subprocess.Popen] = []
    logs = []
    results = {}
    try:
        for settings, port in zip(replicas, ports):
            env = {**os.environ, "SOTAY_HOST": "127.0.0.1", "SOTAY_PORT": str(port), "SOTAY_DATABASE_URL": settings.database_url}
            command = [sys.executable, "-m", "app", "serve", "--data-dir", settings.data_dir]
            os.makedirs(settings.data_dir, exist_ok=True)
            # A file, not a pipe nobody reads (a full one stalls the server).
            logs.append(open(os.path.join(settings.data_dir, "server.log"), "w", encoding="utf-8"))  # noqa: SIM115
            servers.append(subprocess.Popen(command, env=env, stdout=logs[-1], stderr=subprocess.STDOUT))
        for server, port in zip(servers, ports):
            wait_until_up(f"http://127.0.0.1:{port}", SERVER_START_TIMEOUT_S, path="/thi", process=server)
        port = ports[0]
        if len(servers) > 1:
            port, balancer = start_nginx(ports, os.path.dirname(replicas[0].data_dir))
            servers.insert(0, balancer)
        for kind in kinds:
            code, key = sessions[kind]
            opener = (lambda code=code, key=key: store.next_question(code, key)) if kind == "paced" else None
            results[kind] = asyncio.run(run(port, code, args, opener, len(items)))
    finally:
        for process in servers:
            stop(process)
        for log in logs:
            log.close()

    print(f"#### {name}")
    if len(servers) > 1:
        with open(os.path.join(os.path.dirname(replicas[0].data_dir), "nginx", "upstreams.log"), encoding="utf-8") as handle:
            spread = Counter(line.strip() for line in handle)
        print("requests per replica (nginx): " + ", ".join(f"{addr} {n}" for addr, n in sorted(spread.items())))
    ok = True
    for kind, out in results.items():
        ok = report(store, kind, *sessions[kind], out, args, ", ".join(log.name for log in logs)) and ok
    store.db.dispose()
    return ok


NGINX_CONF = """
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    # Which replica answered each request: the bench counts them to show the load was shared.
    log_format upstream '$upstream_addr';
    access_log {prefix}/upstreams.log upstream;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    upstream sotay {{
        least_conn;
{servers}
        keepalive 64;
        # Below uvicorn's 5 s: nginx must never reuse a connection the replica is closing (a
        # POST on it would come back as 502, not retried).
        keepalive_timeout 4s;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://sotay;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
    }}
}}
"""


def start_nginx(ports: list[int], workdir: str) -> tuple[int, subprocess.Popen]:
    """nginx (Debian's) on a free port in front of the replicas on ``ports``; returns its port and process.

    The hall's routes hold no state in a process, so requests are spread by fewest open
    connections, with no affinity; ``deploy/nginx-sotay.conf`` is the production counterpart.
    """
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(nginx):
        raise SystemExit("nginx is not installed: apt-get install -y nginx (the bench runs it in a temporary dir)")
    prefix = os.path.join(workdir, "nginx")
    os.makedirs(prefix, exist_ok=True)
    os.chmod(prefix, 0o777)  # nginx's workers run as an unprivileged user when started as root
    port = free_port()
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in ports)
    conf = os.path.join(prefix, "nginx.conf")
    with open(conf, "w", encoding="utf-8") as handle:
        handle.write(NGINX_CONF.format(prefix=prefix, servers=servers, port=port))
    process = subprocess.Popen([nginx, "-p", prefix, "-c", conf, "-g", "daemon off;"], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited with {process.returncode}; see {prefix}/error.log")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/thi", timeout=5).status_code == 200:
                return port, process
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("nginx did not answer in time")


def report(store, kind: str, code: str, key: str, out: dict, args: argparse.Namespace, log_path: str) -> bool:  # noqa: ANN001
    """Print one session's figures; True when nothing was lost, mixed up or refused."""
    sent = {p.name: p.sent for p in out["people"]}
    board = store.dashboard(code, key)
    n_sent = sum(len(s) for s in sent.values())
    mismatched = 0
    with store.db.read() as conn:
        rows = conn.all(
            "SELECT p.name, p.token FROM participants p JOIN sessions s ON s.id = p.session_id WHERE s.code = :code", code=code
        )
    for row in rows:
        if store.attempt(code, row["token"]).answers != sent.get(row["name"]):
            mismatched += 1
    lost = n_sent - board.answers
    joins, answers = out["joins"], out["answers"]
    print(f"== {kind}: {'trainer-paced, each question opened by the trainer' if kind == 'paced' else 'exam'} ==")
    print(
        f"participants={args.participants} joined={len(joins)} questions={len(board.questions)} answers_sent={n_sent} "
        f"answers_stored={board.answers} lost={lost} mismatched={mismatched} errors={len(out['errors'])}"
    )
    print(f"join ms (page + join): p50={_ms(joins, 50)} p95={_ms(joins, 95)} max={1000 * max(joins, default=0):.0f}; all joined in {out['join_wall']:.1f} s")
    if kind == "paced":
        pace = f"paced, everyone polls /live every {LIVE_POLL_S:g} s and answers within {args.window:g} s of the opening"
    elif args.mode == "herd":
        pace = f"herd, each question answered by everyone within {args.window:g} s"
    else:
        pace = f"own pace, up to {args.think:g} s per question"
    print(
        f"answer ms: p50={_ms(answers, 50)} p95={_ms(answers, 95)} max={1000 * max(answers, default=0):.0f}; "
        f"{len(answers) / out['answer_wall']:.0f} answers/s over {out['answer_wall']:.1f} s ({pace})"
    )
    again = [t for p in out["people"] for t in p.reconnects]
    print(f"answers on a new connection (the server closes idle ones after 5 s): {len(again)}, p50={_ms(again, 50)} p95={_ms(again, 95)}")
    for text, n in Counter(repr(e)[:160] for e in out["errors"]).most_common(5):
        print(f"error ×{n}: {text}", file=sys.stderr)
    if out["errors"]:
        print(f"server log: {log_path}", file=sys.stderr)
    return not out["errors"] and lost == 0 and mismatched == 0 and len(rows) == args.participants


if __name__ == "__main__":
    raise SystemExit(main())
