"""How soon an upload through one replica is searchable on another: two ``sotay serve`` replicas
on one throwaway PostgreSQL (Debian's server, as the tests start it), each with its own data dir.

Each round uploads a new small document through replica 1's upload endpoint (signed in as the
administrator, as the library tab does), then asks replica 2's search endpoint for a phrase only
that document holds, every 0.2 s, until the document is the first result. Prints, per round and
as medians: the upload's own time on replica 1 (the baseline: reading, encoding, the new index
generation there), and the delay after it until replica 2 answers with the document (its
follower's poll, every 2 s, then a new index generation from the shared documents and vectors).

    python -m bench.library_sync --rounds 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.load_app import free_port, wait_until_up
from bench.load_quiz import SERVER_START_TIMEOUT_S, stop

ADMIN_USER, ADMIN_PASSWORD = "quantri", "mat-khau-do-thu"
GIVE_UP_S = 60


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)

    from gradio_client import Client, handle_file

    from index.library import Library
    from index.settings import Settings
    from tests import pg

    work = Path(tempfile.mkdtemp(prefix="sotay-sync-"))
    server = pg.start_server()
    replicas: list[subprocess.Popen] = []
    try:
        url = server.create_database()
        first = Settings.load(data_dir=str(work / "replica-1"), database_url=url)
        Library(first).ensure_index()  # the bundled corpus into the database, before either serves
        ports = [free_port(), free_port()]
        for n, port in enumerate(ports, start=1):
            env = {
                **os.environ, "SOTAY_DATABASE_URL": url, "SOTAY_PORT": str(port), "SOTAY_HOST": "127.0.0.1",
                "SOTAY_ADMIN_USER": ADMIN_USER, "SOTAY_ADMIN_PASSWORD": ADMIN_PASSWORD,
            }
            log = open(work / f"replica-{n}.log", "w", encoding="utf-8")  # noqa: SIM115 - closed with the process
            command = [sys.executable, "-m", "app", "serve", "--data-dir", str(work / f"replica-{n}")]
            replicas.append(subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT))
        for process, port in zip(replicas, ports):
            wait_until_up(f"http://127.0.0.1:{port}", SERVER_START_TIMEOUT_S, path="/thi", process=process)
        one, two = (f"http://127.0.0.1:{port}" for port in ports)
        cookie = httpx.post(f"{one}/dang-nhap", json={"user": ADMIN_USER, "password": ADMIN_PASSWORD}, timeout=30)
        cookie.raise_for_status()
        admin = Client(one, verbose=False, headers={"Cookie": f"sotay_dang_nhap={cookie.cookies['sotay_dang_nhap']}"})
        admin.predict(ADMIN_USER, "", api_name="/sign_in")
        searcher = Client(two, verbose=False)

        uploads, delays = [], []
        for n in range(args.rounds):
            doc_id = f"dong-bo-{n}"
            phrase = f"kho lưu trữ điện tử số {n} của chi bộ khu phố {n + 1}"
            path = work / f"{doc_id}.txt"
            path.write_text(f"1. Chuyển đổi số\n\n- Mỗi chi bộ lập {phrase} trước tháng chín.\n", encoding="utf-8")
            started = time.perf_counter()
            report, *_ = admin.predict([handle_file(str(path))], "", "", "", "", "", api_name="/upload")
            uploaded = time.perf_counter()
            if "Đã thêm 1 tài liệu" not in report:
                raise RuntimeError(f"upload {n} refused: {report}")
            while True:
                results = searcher.predict(phrase, api_name="/search")
                if results and results[0]["doc_id"] == doc_id:
                    break
                if time.perf_counter() - uploaded > GIVE_UP_S:
                    raise RuntimeError(f"{doc_id} not found on replica 2 after {GIVE_UP_S} s")
                time.sleep(0.2)
            uploads.append(uploaded - started)
            delays.append(time.perf_counter() - uploaded)
            print(f"round {n + 1}: upload on replica 1 {uploads[-1]:.2f} s; on replica 2 {delays[-1]:.2f} s after")
        print(
            f"median over {args.rounds}: upload {statistics.median(uploads):.2f} s, found on replica 2 "
            f"{statistics.median(delays):.2f} s after (max {max(delays):.2f} s; "
            f"{statistics.median(delays) / statistics.median(uploads):.2f}× the upload's own time)"
        )
    finally:
        for process in replicas:
            stop(process)
        pg.remove(server)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
