"""Check uploaded files and stage them under safe generated names before ingestion.

A browser-supplied file name is never used as a path: each accepted file is copied into a fresh
temporary directory under an ASCII name derived from it (so re-uploading the same file name maps
to the same document and updates it), and the original name is kept as the document's source
(through a MANIFEST.tsv in the staging directory, which the reader picks up).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath

from corpus.errors import BadInput
from corpus.normalize import fold
from corpus.metadata import MANIFEST_NAME
from index.settings import Settings

ALLOWED_SUFFIXES = (".pdf", ".docx", ".doc", ".odt", ".rtf", ".txt", ".md")
_CONTROL = re.compile(r"[\t\r\n]+")


class UploadRejected(BadInput):
    """An upload refused as a whole (too many files, nothing to add)."""


@dataclass(frozen=True)
class StagedFile:
    """An accepted upload: where its copy is, and the name the user gave it."""

    path: Path
    display_name: str


def display_name(uploaded: str) -> str:
    """The user's file name (last path component only, whatever separator it used)."""
    return PurePath(uploaded.replace("\\", "/")).name


def safe_stem(name: str) -> str:
    """An ASCII stem for a staged copy: folded, ``[a-z0-9-]`` only, never empty."""
    stem = re.sub(r"[^a-z0-9]+", "-", fold(PurePath(name).stem)).strip("-")[:80].rstrip("-")
    return stem or "tai-lieu"


def stage_uploads(
    paths: list[str], settings: Settings, names: list[str] | None = None
) -> tuple[Path, list[StagedFile], list[tuple[str, str]]]:
    """Validate uploaded files and copy the good ones into a new temporary directory.

    Args:
        paths: Where the web server stored the uploads.
        settings: For ``upload_max_mb`` and ``upload_max_files``.
        names: The users' file names, if they differ from the stored ones' names.

    Returns:
        The staging directory (the caller removes it), the staged files and the skipped ones as
        (file name, Vietnamese reason).

    Raises:
        UploadRejected: No file, or more than ``upload_max_files`` at once.
    """
    if not paths:
        raise UploadRejected("Chưa chọn tệp nào để tải lên.")
    if len(paths) > settings.upload_max_files:
        raise UploadRejected(
            f"Tối đa {settings.upload_max_files} tệp mỗi lần tải lên (đã chọn {len(paths)} tệp)."
        )
    names = [display_name(n) for n in (names or paths)]
    limit = settings.upload_max_mb * 1024 * 1024
    staging = Path(tempfile.mkdtemp(prefix="sotay-upload-"))
    staged: list[StagedFile] = []
    skipped: list[tuple[str, str]] = []
    used: set[str] = set()
    for source, name in zip(paths, names):
        suffix = PurePath(name).suffix.lower()
        size = Path(source).stat().st_size
        if suffix not in ALLOWED_SUFFIXES:
            skipped.append((name, f"định dạng {suffix or '(không có đuôi)'} không được hỗ trợ (chỉ {', '.join(ALLOWED_SUFFIXES)})"))
            continue
        if size > limit:
            skipped.append((name, f"tệp lớn hơn giới hạn {settings.upload_max_mb} MB"))
            continue
        if size == 0:
            skipped.append((name, "tệp rỗng"))
            continue
        stem = safe_stem(name)
        candidate, n = stem, 2
        while candidate + suffix in used:
            candidate, n = f"{stem}-{n}", n + 1
        used.add(candidate + suffix)
        target = staging / f"{candidate}{suffix}"
        shutil.copyfile(source, target)
        staged.append(StagedFile(target, name))
    _write_manifest(staging, staged)
    return staging, staged, skipped


def _write_manifest(staging: Path, staged: list[StagedFile]) -> None:
    """A MANIFEST.tsv beside the copies, so each document keeps the user's file name as its source."""
    if not staged:
        return
    # The manifest is TSV without quoting: tabs and line breaks in a name would break its row.
    rows = ["file\tsource"] + [f.path.name + "\t" + _CONTROL.sub(" ", f.display_name) for f in staged]
    (staging / MANIFEST_NAME).write_text("\n".join(rows) + "\n", encoding="utf-8")


def client_left() -> Callable[[], bool]:
    """A test of whether the Gradio request being handled is still wanted: False while it runs,
    True once its client has gone (page closed: the queue marks the event not alive) or it was
    cancelled (the event has left the queue's running jobs). Outside a queued Gradio request
    (a direct call, a test) it is never cancelled.

    Gradio stops an async handler on cancel but cannot stop a thread; the upload's reading
    polls this test and kills its reading process (corpus/bounded.py). The queue has no public
    API for it: this reads the same running-jobs table that ``gr.Progress`` updates.
    """
    from gradio.context import LocalContext

    blocks, event_id = LocalContext.blocks.get(None), LocalContext.event_id.get(None)
    queue = getattr(blocks, "_queue", None)
    if queue is None or event_id is None:
        return lambda: False

    def gone() -> bool:
        for job in queue.active_jobs:
            for event in job or ():
                if event._id == event_id:
                    return not event.alive
        return True

    return gone
