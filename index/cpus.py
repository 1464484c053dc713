"""How many cores this process may use: both model runtimes size their threads by it."""

from __future__ import annotations

import os


def available_cpus() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
