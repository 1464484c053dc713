"""Reading uploaded files in a child process that a time limit or a cancelled request stops.

A reader busy in lxml, pypdf or Tesseract cannot be interrupted from another thread, and a
thread left running after its request is gone keeps a core and its memory (a crafted .docx kept
a server core busy for 13 minutes). The files are read by :func:`corpus.read.load_documents` in
a fresh interpreter (``python -m corpus.bounded``) in a session of its own; when the time is up
or the request is cancelled, its whole process group (OCR's Tesseract included) is killed and
the upload reports why. A fresh interpreter rather than multiprocessing: it neither copies the
server's memory nor re-imports the server's main module.

The child reads the file list as JSON on stdin and writes JSON lines on stdout: progress
messages, then the documents read and the files skipped.
"""

from __future__ import annotations

import dataclasses
import json
import os
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import corpus
from corpus.document import Document
from corpus.errors import ReadCancelled
from corpus.read import LoadResult, ReadProgress, load_documents

_POLL_SECONDS = 0.1


def too_slow(seconds: float) -> str:
    """The reason given to every file of an upload whose read ran out of time."""
    return f"đọc quá {seconds:g} giây cho phép của một lần tải lên nên đã dừng; hãy tải lên ít tệp hơn hoặc tệp nhỏ hơn"


def load_bounded(
    paths: list[Path],
    *,
    seconds: float,
    max_chars: int,
    progress: ReadProgress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> LoadResult:
    """:func:`corpus.read.load_documents` with a time limit and a way to stop it.

    Args:
        paths: The files (or folders) to read.
        seconds: Time the whole read may take; past it, nothing is kept and every file is
            skipped with the reason.
        max_chars: Most characters of text all the files together may give.
        progress: Told of each file and each OCR page, as by ``load_documents``.
        cancelled: Polled while the files are read; once it returns True the read is stopped.

    Raises:
        ReadCancelled: ``cancelled`` returned True.
    """
    package_root = str(Path(corpus.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
    child = subprocess.Popen(
        [sys.executable, "-m", "corpus.bounded"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,  # its own process group, so that Tesseract dies with it
    )
    deadline = time.monotonic() + seconds
    names = [Path(p).name for p in paths]
    try:
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(json.dumps({"paths": [str(p) for p in paths], "max_chars": max_chars}).encode())
        child.stdin.close()
        for message in _messages(child.stdout, deadline, cancelled):
            if message is None:
                return LoadResult(skipped=[(name, too_slow(seconds)) for name in names])
            if "progress" in message and progress is not None:
                progress(*message["progress"])
            elif "documents" in message:
                return LoadResult(
                    documents=[Document(**d) for d in message["documents"]],
                    skipped=[tuple(s) for s in message["skipped"]],  # type: ignore[misc]
                )
        # The child died without an answer (killed by the system, or a reader crashed).
        return LoadResult(skipped=[(name, "trình đọc tệp dừng bất thường") for name in names])
    finally:
        _stop(child)


def _messages(stream: object, deadline: float, cancelled: Callable[[], bool] | None):  # noqa: ANN202
    """The child's JSON lines as they come; None once the deadline has passed, and the end when
    the child closes its output.

    Raises:
        ReadCancelled: ``cancelled`` returned True while waiting.
    """
    selector = selectors.DefaultSelector()
    selector.register(stream, selectors.EVENT_READ)  # type: ignore[arg-type]
    buffer = b""
    try:
        while True:
            if cancelled is not None and cancelled():
                raise ReadCancelled("Đã dừng đọc tệp vì yêu cầu tải lên đã bị hủy.")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                yield None
                return
            if not selector.select(min(_POLL_SECONDS, remaining)):
                continue
            chunk = os.read(stream.fileno(), 1 << 20)  # type: ignore[attr-defined]
            if not chunk:
                return
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                yield json.loads(line)
    finally:
        selector.close()


def _stop(child: subprocess.Popen[bytes]) -> None:
    """Kill the child's process group if it is still at work, and reap the child."""
    if child.poll() is None:
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    child.wait(timeout=10)
    if child.stdout is not None:
        child.stdout.close()


def _main() -> None:
    request = json.loads(sys.stdin.read())

    def send(message: dict) -> None:
        sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    def progress(done: int, total: int, message: str) -> None:
        send({"progress": [done, total, message]})

    result = load_documents([Path(p) for p in request["paths"]], progress=progress, max_chars=request["max_chars"])
    send({"documents": [dataclasses.asdict(d) for d in result.documents], "skipped": result.skipped})


if __name__ == "__main__":
    _main()
