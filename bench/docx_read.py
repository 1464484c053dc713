"""Reading speed of .docx files: the streaming reader (corpus/word.py) against the python-docx
reader it replaced, on generated Word files of a given amount of text.

Each generated file is the body of a real python-docx document (numbered headings with Word list
numbering and the "Heading 2" style, body paragraphs, "List Bullet" items, a table) repeated
until ``word/document.xml`` reaches the size asked (tests/corpus/bulky.py). The previous reader is
loaded from git history (``--baseline-rev``, default the commit before the rewrite) so that
both run on the same files in the same process; both must give the same text. A crafted file
that unpacks to ~99 MB (420 KB on disk, just under the unpacked-size limit) is read by the new
reader only: it stops at the text-size limit instead of running for minutes.

Figures are medians of ``--rounds`` runs, round-robin, as wall-clock and as CPU time of the
process (on a shared machine the CPU time is the figure that does not depend on other load).

    python -m bench.docx_read [--sizes 1 4] [--rounds 3] [--baseline-rev ffa9b76]
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from corpus.errors import UnreadableFile
from corpus.limits import MAX_TEXT_CHARS
from corpus.word import read_docx
from index.settings import Settings
from tests.corpus.bulky import crafted_docx, grow_docx

ROOT = Path(__file__).resolve().parents[1]
UPLOAD_CHARS = Settings.__dataclass_fields__["upload_max_chars"].default
def baseline_reader(rev: str) -> Callable[[Path, str], str]:
    """``read_docx`` of corpus/word.py as it was at ``rev`` (the python-docx reader)."""
    source = subprocess.run(
        ["git", "show", f"{rev}:corpus/word.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    file = Path(tempfile.mkdtemp()) / "word_baseline.py"
    file.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("word_baseline", file)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.read_docx


def timed(read: Callable[[Path, str], str], path: Path) -> tuple[float, float, str]:
    """Wall-clock seconds, CPU seconds of this process, and the text read."""
    start, cpu = time.perf_counter(), time.process_time()
    text = read(path, path.name)
    return time.perf_counter() - start, time.process_time() - cpu, text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 4], help="document.xml sizes in MB")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline-rev", default="ffa9b76")
    args = parser.parse_args(argv)
    old = baseline_reader(args.baseline_rev)
    work = Path(tempfile.mkdtemp(prefix="sotay-docx-bench-"))
    print("| document.xml | file | paragraphs | text | python-docx (before) wall / CPU | streaming (now) wall / CPU | speed-up (CPU) |")
    print("|---|---|---|---|---|---|---|")
    for size in args.sizes:
        path = grow_docx(work / f"doc-{size:g}mb.docx", int(size * 1024 * 1024))
        with zipfile.ZipFile(path) as archive:
            xml = archive.getinfo("word/document.xml").file_size
        walls: dict[str, list[float]] = {"old": [], "new": []}
        cpus: dict[str, list[float]] = {"old": [], "new": []}
        texts: dict[str, str] = {}
        for _ in range(args.rounds):
            for name, read in (("old", old), ("new", read_docx)):
                wall, cpu, texts[name] = timed(read, path)
                walls[name].append(wall)
                cpus[name].append(cpu)
        if texts["old"] != texts["new"]:
            print(f"texts differ for {path.name}", file=sys.stderr)
            return 1
        m = {key: (statistics.median(walls[key]), statistics.median(cpus[key])) for key in walls}
        print(
            f"| {xml / 1e6:.1f} MB | {path.stat().st_size / 1e3:.0f} KB | {texts['new'].count(chr(10)) + 1} "
            f"| {len(texts['new']) / 1e6:.2f} M chars | {m['old'][0]:.2f} s / {m['old'][1]:.2f} s "
            f"| {m['new'][0]:.2f} s / {m['new'][1]:.2f} s | {m['old'][1] / m['new'][1]:.0f}× |"
        )
    bomb = crafted_docx(work / "bom.docx")
    with zipfile.ZipFile(bomb) as archive:
        xml = archive.getinfo("word/document.xml").file_size
    print(f"\ncrafted: {bomb.stat().st_size / 1e3:.0f} KB on disk, document.xml {xml / 1e6:.1f} MB unpacked")
    for label, limit in (("per-file bound (sotay index)", MAX_TEXT_CHARS), ("upload bound (upload_max_chars)", UPLOAD_CHARS)):
        start, cpu = time.perf_counter(), time.process_time()
        try:
            read_docx(bomb, bomb.name, max_chars=limit)
            outcome = "read"
        except UnreadableFile as error:
            outcome = f"refused: {error.reason}"
        print(f"- {label}: {outcome} after {time.perf_counter() - start:.2f} s wall, {time.process_time() - cpu:.2f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
