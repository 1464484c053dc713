"""Several replicas on one PostgreSQL database: two ``sotay serve`` processes, each with its own
data directory, share the quiz database; any of them answers any request of a live session.

Scenarios: a participant joins through replica 1 and answers through replica 2 while the trainer
advances on replica 2 and the projector on replica 1 shows the counts; a PostgreSQL restart
during a session (every answer stored, or reported to the participant as not sent); ``kill -9``
of a replica in the middle of a question (no stored answer lost, participants go on through the
other). The last one kills replica 1, so it runs last.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from app.hall import LIVE_CACHE_S
from bench.load_app import wait_until_up
from quiz.db import QuizDB
from quiz.sessions import SessionStore
from tests.app.conftest import free_port, signed_in_cookie
from tests.quiz.session_items import sample_items

pytestmark = pytest.mark.slow

ROOT = Path(__file__).parents[2]
TRAINER, TRAINER_PASSWORD = "bcv", "mat-khau-bcv"
STARTUP_S = 240


@dataclass
class Replica:
    url: str
    process: subprocess.Popen
    log: Path

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30)


def start_replica(data: Path, database_url: str, model_cache_dir: str, log: Path) -> Replica:
    """``sotay serve`` in a child process over ``data`` (a copy of an indexed data dir) and the
    shared database."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SOTAY_")},
        "PYTHONPATH": str(ROOT), "OMP_WAIT_POLICY": "PASSIVE",
        "SOTAY_DATA_DIR": str(data), "SOTAY_MODEL_CACHE_DIR": model_cache_dir, "SOTAY_DATABASE_URL": database_url,
        "SOTAY_HOST": "127.0.0.1", "SOTAY_PORT": str(port),
        "SOTAY_TRAINER_USER": TRAINER, "SOTAY_TRAINER_PASSWORD": TRAINER_PASSWORD,
    }
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve"], cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out,
            stderr=subprocess.STDOUT,
        )
    return Replica(f"http://127.0.0.1:{port}", process, log)


def stop(replica: Replica) -> None:
    if replica.process.poll() is None:
        replica.process.send_signal(signal.SIGTERM)
        try:
            replica.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            replica.process.kill()
            replica.process.wait()


@dataclass
class Cluster:
    replicas: list[Replica]
    store: SessionStore  # the test's own view of the shared database (a third process's worth)


@pytest.fixture(scope="module")
def cluster(postgres, library, tmp_path_factory) -> Iterator[Cluster]:  # noqa: ANN001
    url = postgres.create_database()
    root = tmp_path_factory.mktemp("replicas")
    replicas = []
    try:
        for n in (1, 2):
            data = root / f"data{n}"
            # Each replica derives its own index files; copying the built ones saves re-encoding.
            shutil.copytree(library.settings.data_path, data, ignore=shutil.ignore_patterns("quiz.sqlite*"))
            replicas.append(start_replica(data, url, library.settings.model_cache_dir, root / f"replica{n}.log"))
        for replica in replicas:
            wait_until_up(replica.url, STARTUP_S, path="/thi", process=replica.process, log=replica.log)
        db = QuizDB(url)
        yield Cluster(replicas, SessionStore(db))
        db.dispose()
    finally:
        for replica in replicas:
            stop(replica)
        postgres.drop_database(url)


def call(client: httpx.Client, name: str, body: object) -> tuple[int, dict]:
    response = client.post(f"/thi/api/{name}", json=body)
    try:
        return response.status_code, response.json()
    except ValueError:
        return response.status_code, {"error": response.text[:200]}


def trainer(replica: Replica, code: str, key: str):  # noqa: ANN201 - gradio_client.Client
    """The trainer's screen on ``replica`` (Gradio's API, signed in), resumed on the session as a
    refresh of the page would (the browser keeps the code and key)."""
    from gradio_client import Client

    client = Client(replica.url, verbose=False, headers=signed_in_cookie(replica.url, TRAINER, TRAINER_PASSWORD))
    client.predict({"code": code, "key": key}, api_name="/quiz_trainer_resume")
    return client


def projector(screen) -> str:  # noqa: ANN001
    """The projector's HTML as the trainer's screen refreshes it."""
    return screen.predict(api_name="/quiz_dashboard")[1]


def counts(html: str) -> tuple[int, int]:
    """(people joined, answers) as the projector shows them."""
    found = re.search(r"<b>(\d+)</b> người tham gia · <b>\d+</b> đã nộp bài · <b>(\d+)</b> câu trả lời", html)
    assert found, html[:500]
    return int(found[1]), int(found[2])


def test_any_replica_answers_any_request_of_a_live_session(cluster) -> None:  # noqa: ANN001
    """Participants join through one replica and answer through the other; the trainer advances
    on replica 2 while the projector on replica 1 shows the counts."""
    one, two = cluster.replicas
    items = sample_items()
    code, key = cluster.store.create(items, mode="paced", question_s=60)
    trainer_two, projector_one = trainer(two, code, key), trainer(one, code, key)
    with one.client() as an_one, two.client() as an_two, two.client() as binh_two, one.client() as binh_one:
        status, an = call(an_one, "join", {"code": code, "name": "Nguyễn Văn An", "unit": "Chi bộ 1"})
        assert status == 200, an
        status, binh = call(binh_two, "join", {"code": code, "name": "Trần Thị Bình", "unit": "Chi bộ 2"})
        assert status == 200, binh
        # A browser's cookie, issued by one replica, is signed with the key kept in the database.
        an_two.cookies, binh_one.cookies = an_one.cookies, binh_two.cookies
        assert "Câu đang làm: câu 1/4" in trainer_two.predict(api_name="/quiz_next_question")[1]
        status, live = call(an_two, "live", {"code": code})
        assert live["round"]["number"] == 1 and live["round"]["open"] and live["question"]["position"] == 0
        assert call(an_two, "answer", {"code": code, "token": an["token"], "position": 0, "choice": items[0].answer}) == (
            200, {"answered": 1},
        )
        assert call(binh_one, "answer", {"code": code, "token": binh["token"], "position": 0, "choice": "Huế"}) == (
            200, {"answered": 1},
        )
        shown = projector(projector_one)
        assert counts(shown) == (2, 2) and "2 người đã trả lời" in shown
        # The trainer moves on through replica 2; both replicas show question 2 once the phones'
        # poll is no older than the hall's cache of it.
        assert "Câu đang làm: câu 2/4" in trainer_two.predict(api_name="/quiz_next_question")[1]
        time.sleep(LIVE_CACHE_S)
        for client in (an_one, binh_two):
            status, live = call(client, "live", {"code": code})
            assert live["round"]["number"] == 2 and live["question"]["position"] == 1
        late = call(an_one, "answer", {"code": code, "token": an["token"], "position": 0, "choice": items[0].answer})
        assert late == (400, {"error": "Câu hỏi này đã hết giờ trả lời."})
        assert call(an_one, "answer", {"code": code, "token": an["token"], "position": 1, "choice": "Đúng"})[0] == 200
        assert counts(projector(projector_one)) == (2, 3)
        # The same name again through the other replica, from the same browser: the same attempt.
        status, again = call(an_two, "join", {"code": code, "name": "nguyen van an", "unit": ""})
        assert status == 200 and again["token"] == an["token"] and again["answers"] == {"0": items[0].answer, "1": "Đúng"}
    board = cluster.store.dashboard(code, key)
    assert [(r.name, r.points) for r in board.leaderboard] == [("Nguyễn Văn An", 2000), ("Trần Thị Bình", 0)]


def answer_for(seconds: float, clients: list[httpx.Client], code: str, token: str, items: list, log: list) -> None:
    """A participant changing answers for ``seconds``, alternately through each replica; every
    reply is logged as (position, choice, status, body)."""
    end, n = time.monotonic() + seconds, 0
    while time.monotonic() < end:
        position = n % len(items)
        item = items[position]
        choice = item.answer if item.type == "matching" else item.options[n // len(items) % len(item.options)]
        client = clients[n % len(clients)]
        try:
            status, body = call(client, "answer", {"code": code, "token": token, "position": position, "choice": choice})
        except httpx.HTTPError as error:  # the page says: "Mất kết nối tới máy chủ ..."
            status, body = 0, {"error": type(error).__name__}
        log.append((position, choice, status, body))
        n += 1
        time.sleep(0.05)


def check_nothing_lost(store: SessionStore, code: str, token: str, log: list) -> None:
    """Each position holds the last answer the participant was told was stored, or one sent
    after it that was reported as not sent (it may have reached the database all the same)."""
    stored = store.attempt(code, token).answers
    for position in {p for p, *_ in log}:
        sent = [(choice, status) for p, choice, status, _ in log if p == position]
        acked = max((i for i, (_, status) in enumerate(sent) if status == 200), default=-1)
        assert acked >= 0, "no answer of this position was ever stored"
        assert stored[position] in {choice for choice, _ in sent[acked:]}, (position, stored[position], sent[acked:])
    for _, _, status, body in log:
        assert status == 200 or body.get("error"), body  # a failure is always reported


def join_through_one(cluster: Cluster, code: str, n: int) -> list[tuple[str, httpx.Client, httpx.Client, list]]:
    """``n`` participants joined through replica 1: (token, their client of replica 1, of replica
    2 with the same browser cookie, an empty log of their answers)."""
    one, two = cluster.replicas
    people = []
    for i in range(n):
        client_one, client_two = one.client(), two.client()
        status, joined = call(client_one, "join", {"code": code, "name": f"Học viên {i}", "unit": ""})
        assert status == 200, joined
        client_two.cookies = client_one.cookies
        people.append((joined["token"], client_one, client_two, []))
    return people


def test_a_postgresql_restart_loses_no_answer_and_replicas_reconnect(cluster, postgres) -> None:  # noqa: ANN001
    items = sample_items()
    code, key = cluster.store.create(items, time_limit_s=0)
    people = join_through_one(cluster, code, 4)
    with ThreadPoolExecutor(len(people)) as pool:
        runs = [pool.submit(answer_for, 8.0, [one, two], code, token, items, log) for token, one, two, log in people]
        time.sleep(2.0)
        postgres.stop()  # by its PID: open transactions are cut off
        time.sleep(1.5)
        postgres.start()
        for run in runs:
            run.result()
    refused = [body for *_, log in people for _, _, status, body in log if status != 200]
    assert refused, "the restart fell between answers: nothing was tested"
    assert all(status == 503 for *_, log in people for _, _, status, _ in log if status != 200)
    assert {body["error"] for body in refused} == {
        "Câu trả lời chưa được gửi: máy chủ mất kết nối tới cơ sở dữ liệu. Vui lòng chọn lại sau giây lát."
    }
    for token, one, two, log in people:
        # After the restart both replicas store answers again.
        assert [status for _, _, status, _ in log[-2:]] == [200, 200]
        check_nothing_lost(cluster.store, code, token, log)
        one.close()
        two.close()


def test_kill_9_of_a_replica_mid_question_loses_no_stored_answer(cluster) -> None:  # noqa: ANN001
    """Replica 1 dies (SIGKILL) while participants answer through it; they go on through replica 2."""
    one = cluster.replicas[0]
    items = sample_items()
    code, key = cluster.store.create(items, time_limit_s=600)
    people = join_through_one(cluster, code, 4)
    with ThreadPoolExecutor(len(people)) as pool:
        runs = [pool.submit(answer_for, 3.0, [client_one], code, token, items, log) for token, client_one, _, log in people]
        time.sleep(1.0)
        one.process.kill()  # SIGKILL, by its PID
        one.process.wait()
        for run in runs:
            run.result()
    assert any(status == 0 for *_, log in people for _, _, status, _ in log), "replica 1 died between answers"
    for token, client_one, client_two, log in people:
        check_nothing_lost(cluster.store, code, token, log)
        # The participant goes on through replica 2: the attempt as stored, and new answers.
        status, state = call(client_two, "state", {"code": code, "token": token})
        assert status == 200 and {int(k): v for k, v in state["answers"].items()} == cluster.store.attempt(code, token).answers
        assert call(client_two, "answer", {"code": code, "token": token, "position": 1, "choice": "Sai"})[0] == 200
        status, done = call(client_two, "finish", {"code": code, "token": token})
        assert status == 200 and done["handed_in"]
        client_one.close()
        client_two.close()
    board = cluster.store.dashboard(code, key)
    assert board.joined == board.finished == 4
