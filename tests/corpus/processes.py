"""The reading processes an upload starts (corpus/bounded.py), seen from /proc, to check that a
stopped read leaves nothing running."""

from __future__ import annotations

import os
from pathlib import Path


def reading_processes(groups: set[int] = frozenset()) -> list[tuple[int, bytes]]:  # type: ignore[assignment]
    """(pid, program) of the ``python -m corpus.bounded`` children of this test process, and of
    any process in the given process groups (a reader's group holds its Tesseract runs); dead
    processes not yet reaped (zombies, which use nothing) left out."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        state, ppid, pgid = stat[0], int(stat[1]), int(stat[2])
        if state == "Z":
            continue
        if (ppid == os.getpid() and b"corpus.bounded" in cmdline) or pgid in groups:
            found.append((int(entry.name), Path(cmdline[0].decode()).name.encode()))
    return found
