"""A throwaway PostgreSQL server for the tests: Debian's binaries, ``initdb`` in a temporary
directory, a free loopback port, stopped by its PID.

The server runs as the ``postgres`` system user when the tests run as root (``initdb`` and
``postgres`` refuse root). It trades durability against a machine crash for speed (``fsync=off``;
commits still wait for the server, as in production): a test database never outlives the run. Each test gets a database of its own (``CREATE DATABASE`` is a file copy of
``template1``, a few tens of milliseconds).
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
USER = "postgres"


def available() -> bool:
    """Whether Debian's PostgreSQL 15 server is installed (``./run.sh test`` installs it)."""
    return (PG_BIN / "initdb").is_file() and (PG_BIN / "postgres").is_file()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class PgServer:
    """One PostgreSQL cluster in ``directory``, listening on 127.0.0.1:``port``."""

    directory: Path
    durable: bool = False  # fsync as in production (benchmarks); tests skip it
    port: int = field(default_factory=_free_port)
    process: subprocess.Popen | None = None
    _numbers: itertools.count = field(default_factory=lambda: itertools.count(1))

    def _as_server_user(self) -> dict:
        # Popen switches to the server's user itself, so the PID we hold is the postmaster's own.
        if os.getuid() != 0:
            return {}
        return {"user": USER, "group": pwd.getpwnam(USER).pw_gid, "extra_groups": []}

    def init(self) -> None:
        """``initdb`` a new cluster (UTF-8, C collation: text sorts by code point, as in SQLite)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        if os.getuid() == 0:
            entry = pwd.getpwnam(USER)
            os.chown(self.directory, entry.pw_uid, entry.pw_gid)
        subprocess.run(
            [str(PG_BIN / "initdb"), "-D", str(self.directory / "cluster"), "-U", USER, "-A", "trust", "-E", "UTF8",
             "--no-locale", "--no-sync"],
            check=True, capture_output=True, **self._as_server_user(),
        )

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        log = open(self.directory / "server.log", "ab")  # noqa: SIM115 - the server holds it open
        if os.getuid() == 0:
            os.chown(self.directory / "server.log", pwd.getpwnam(USER).pw_uid, -1)
        self.process = subprocess.Popen(
            [str(PG_BIN / "postgres"), "-D", str(self.directory / "cluster"), "-p", str(self.port),
             "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.directory}",
             *([] if self.durable else ["-c", "fsync=off", "-c", "full_page_writes=off"]),
             "-c", "max_connections=400", "-c", "shared_buffers=64MB"],
            stdout=log, stderr=subprocess.STDOUT, **self._as_server_user(),
        )
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"PostgreSQL did not start: {(self.directory / 'server.log').read_text()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    pass
                if self._ready():
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("PostgreSQL did not accept connections within 30 s")

    def _ready(self) -> bool:
        import psycopg

        try:
            with psycopg.connect(self.url("postgres"), connect_timeout=2):
                return True
        except psycopg.OperationalError:
            return False

    def stop(self, *, kill: bool = False) -> None:
        """Stop the server by its PID: a fast shutdown (SIGINT: open transactions are rolled
        back, clients cut off), or SIGKILL with ``kill``."""
        if self.process is None:
            return
        self.process.send_signal(signal.SIGKILL if kill else signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def url(self, database: str) -> str:
        """The ``postgresql://`` URL of ``database`` on this server."""
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = f"test_{next(self._numbers)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop the database of ``url``, cutting off whoever is still connected."""
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


PGBOUNCER = Path("/usr/sbin/pgbouncer")


@dataclass
class Bouncer:
    """pgbouncer in transaction mode in front of ``server`` (as ``deploy/pgbouncer.ini`` runs it),
    with a pool of ``pool_size`` server connections, so that transactions of one client connection
    land on different server connections."""

    server: PgServer
    pool_size: int = 2
    port: int = field(default_factory=_free_port)
    process: subprocess.Popen | None = None

    def start(self) -> None:
        """Write the configuration next to the server's files and start pgbouncer (as the server's
        user: it refuses root), waiting until it listens."""
        home = self.server.directory
        (home / "userlist.txt").write_text(f'"{USER}" ""\n')
        (home / "pgbouncer.ini").write_text(
            f"[databases]\n* = host=127.0.0.1 port={self.server.port}\n"
            f"[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {self.port}\nunix_socket_dir =\n"
            f"auth_type = trust\nauth_file = {home / 'userlist.txt'}\npool_mode = transaction\n"
            f"default_pool_size = {self.pool_size}\nmax_client_conn = 200\nserver_reset_query =\n"
            f"logfile = {home / 'pgbouncer.log'}\n"
        )
        self.process = subprocess.Popen(
            [str(PGBOUNCER), str(home / "pgbouncer.ini")], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
            **self.server._as_server_user(),
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("pgbouncer did not start")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("pgbouncer did not listen within 15 s")

    def url(self, database: str) -> str:
        """The URL of ``database`` through pgbouncer."""
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        """Stop pgbouncer by its PID."""
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=15)
            self.process = None


def start_server(*, durable: bool = False) -> PgServer:
    """A new cluster in a new temporary directory (outside pytest's, which only root may enter),
    started; ``durable``: with fsync, as a production server runs."""
    server = PgServer(Path(tempfile.mkdtemp(prefix="sotay-pg-")), durable=durable)
    server.init()
    server.start()
    return server


def remove(server: PgServer) -> None:
    """Stop ``server`` and delete its files."""
    server.stop()
    shutil.rmtree(server.directory, ignore_errors=True)
