"""How well ``corpus/`` reads real documents' layout, against the hand-checked gold.

For each of the 21 real documents in ``tests/data/realdocs/`` (pages saved from a law portal),
``tests/data/realdocs/gold/<name>.json`` holds the expected metadata (title, number, kind, date,
issuer, signer) and heading outline (label and name of every Phần/Chương/Mục/Điều, Roman,
lettered and numbered part). This reads each document as ``sotay index`` does and reports, per
metadata field, how many documents have it exactly right, and the outline's precision and
recall over all headings (a heading counts when its label and name match, names compared after
normalization and case folding), plus every passage that is portal chrome, letterhead,
signature or recipients list.

Run: ``python -m bench.reading`` (``--verbose`` lists every mismatch).

``python -m bench.reading --shaped`` instead reads the pages of ``tests/data/shaped/``
(written in the portal's shapes for kinds the real pages lack, not real documents) against what
their writer expected of each, ``EXPECTED.tsv``: per field and for the first three recipients, how
many are right, and the passages of chrome, letterhead, signature or recipients. With
``--printed``, ``--issued`` or ``--scanned`` it reads those pages so instead of the real ones.

``python -m bench.reading --jsonl [--rounds N]`` instead times reading the outside benchmark's
2,894 law articles as a JSONL library file (what ``sotay index`` reads first): CPU seconds of
``corpus.read.read_file``, median of the rounds.

``python -m bench.reading --printed`` instead prints each page's text to a PDF two ways (space
between paragraphs; Word's way, a first-line indent and justified lines: ``tests/corpus/docs.py``)
and reads it back: how many pages give the same metadata, the same outline and the same passages
(citation and text up to spacing), and how many passages differ from the page's in all.

``python -m bench.reading --issued`` instead lays each page out as its issuer's Word file
(letterhead and signature as two-column tables, in three column widths), prints it to PDF with
LibreOffice and reads it back: per field, how many pages give it the same, and the same for the
recipients list and the passages. ``--scanned`` instead scans those of the template's layout
(first two pages and the page of the "Nơi nhận" list, rendered at 300 dpi) and reads them by OCR:
per field, how many pages give it the same.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from corpus import frame
from corpus.document import Document
from corpus.normalize import normalize
from corpus.read import read_file
from corpus.segment import outline, segment
from corpus.titlecase import UPPER

REALDOCS = Path(__file__).resolve().parents[1] / "tests" / "data" / "realdocs"
SHAPED = REALDOCS.parent / "shaped"


def pages(folder: Path) -> list[Path]:
    """A folder's saved pages, in name order: every Markdown file but its README (a page without a
    number of its own, a propaganda outline's, is named by its kind and issuer)."""
    return sorted(path for path in folder.glob("*.md") if path.name != "README.md")
FIELDS = ("title", "number", "kind", "date", "issuer", "signer")
# Passages that are not the document: the portal's frame, the letterhead, the signature block
# and the recipients list.
_CHROME = re.compile(
    r"THƯ VIỆN PHÁP LUẬT|Đang tải văn bản|Click vào phần bôi vàng|Văn bản này chưa cập nhật|"
    r"^(?:Số hiệu|Loại văn bản|Nơi ban hành|Người ký|Ngày ban hành)\s*:|^Nơi nhận\s*:|"
    r"^(?:TM|T/M|KT|TL|TUQ)\s*[./]\s*[" + UPPER + r"]{2}"
)


@dataclass
class Report:
    """Figures over the documents read."""

    documents: int = 0
    right: Counter[str] = field(default_factory=Counter)
    gold_headings: int = 0
    found_headings: int = 0
    matched_headings: int = 0
    mismatches: list[str] = field(default_factory=list)
    chrome: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched_headings / self.found_headings if self.found_headings else 1.0

    @property
    def recall(self) -> float:
        return self.matched_headings / self.gold_headings if self.gold_headings else 1.0


def _key(label: str, name: str) -> tuple[str, str]:
    return normalize(label).casefold(), normalize(name).rstrip(" .:;").casefold()


def is_chrome(text: str) -> bool:
    """Whether a passage is portal chrome, letterhead, signature or recipients list."""
    norm = normalize(text)
    return bool(_CHROME.search(norm)) or frame.is_letterhead(norm) or frame.is_signature(norm)


def score(folder: Path = REALDOCS) -> Report:
    """Read every document that has a gold file and compare."""
    report = Report()
    for gold_path in sorted((folder / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        (doc,) = read_file(folder / gold["file"])
        report.documents += 1
        for name in FIELDS:
            if getattr(doc, name) == gold[name]:
                report.right[name] += 1
            else:
                report.mismatches.append(f"{gold['file']} {name}: {getattr(doc, name)!r} ≠ {gold[name]!r}")
        expected = Counter(_key(label, name) for label, name in gold["headings"])
        found = Counter(_key(label, name) for label, name in outline(doc))
        matched = expected & found
        report.gold_headings += sum(expected.values())
        report.found_headings += sum(found.values())
        report.matched_headings += sum(matched.values())
        for missing in expected - found:
            report.mismatches.append(f"{gold['file']} heading missed: {missing}")
        for extra in found - expected:
            report.mismatches.append(f"{gold['file']} heading extra: {extra}")
        for passage in segment(doc):
            if is_chrome(passage.text):
                report.chrome.append(f"{gold['file']} #{passage.order}: {passage.text[:80]!r}")
    return report


def shaped(folder: Path = SHAPED) -> Report:
    """The pages written in the portal's shapes for kinds the real pages lack, against what their
    writer expected (``EXPECTED.tsv``: the metadata fields and the first three recipients), and
    their passages of chrome, letterhead, signature or recipients."""
    from corpus.metadata import find_recipients

    report = Report()
    with (folder / "EXPECTED.tsv").open(encoding="utf-8", newline="") as handle:
        expected = list(csv.DictReader(handle, delimiter="\t"))
    for row in expected:
        (doc,) = read_file(folder / row["file"])
        report.documents += 1
        read = {name: getattr(doc, name) for name in FIELDS if name in row}
        read["recipients"] = "; ".join(find_recipients(doc.text)[:3])
        for name, value in read.items():
            if value == row[name]:
                report.right[name] += 1
            else:
                report.mismatches.append(f"{row['file']} {name}: {value!r} ≠ {row[name]!r}")
        report.chrome += [f"{row['file']} #{p.order}: {p.text[:80]!r}" for p in segment(doc) if is_chrome(p.text)]
    return report


def time_jsonl(rounds: int) -> list[float]:
    """CPU seconds of each read of the benchmark's articles as a JSONL file."""
    from bench.retrieval import alqac_jsonl  # the benchmark lives outside the repository

    with tempfile.TemporaryDirectory() as work:
        source = alqac_jsonl(Path(work))
        seconds = []
        for _ in range(rounds):
            start = time.process_time()
            read_file(source)
            seconds.append(time.process_time() - start)
    return seconds


def printed(folder: Path = REALDOCS) -> dict[str, Counter[str]]:
    """Per print style, counts of pages read the same from the PDF as from the page."""
    from tests.corpus.docs import build_pdf

    counts: dict[str, Counter[str]] = {"spaced": Counter(), "word": Counter()}
    with tempfile.TemporaryDirectory() as work:
        for path in pages(folder):
            (doc,) = read_file(path)
            source = Path(work) / f"{path.stem}.txt"
            source.write_text(doc.text, encoding="utf-8")
            for style, count in counts.items():
                (pdf,) = read_file(build_pdf(source, Path(work) / f"{path.stem}-{style}.pdf", word_style=style == "word"))
                count["pages"] += 1
                count["metadata"] += [getattr(pdf, n) for n in FIELDS] == [getattr(doc, n) for n in FIELDS]
                count["outline"] += outline(pdf) == outline(doc)
                _count_passages(count, doc, pdf)
    return counts


def _count_passages(count: Counter[str], page: Document, again: Document) -> None:
    """Whether ``again`` gives every passage of ``page`` the same (citation and text up to
    spacing), and how many passages it reads otherwise."""
    import difflib

    from corpus.cite import citation

    read, reread = ([(citation(doc, p), " ".join(p.text.split())) for p in segment(doc)] for doc in (page, again))
    count["passages"] += reread == read
    changed = difflib.SequenceMatcher(None, read, reread, autojunk=False).get_opcodes()
    count["passages read otherwise"] += sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in changed if op != "equal")


# Letterhead and signature columns of a Word template's widths (cm), of half the page each, and
# narrower: how often they wrap.
ISSUED_LAYOUTS = {"template": (6.5, 9.5), "halves": (8.0, 8.0), "narrow": (5.5, 7.5)}


def _issued_pdfs(folder: Path, work: Path, layouts: dict[str, tuple[float, float]]) -> dict[Path, Document]:
    """Each page of ``folder`` laid out as its issuer's Word file in each of ``layouts``
    (``tests/corpus/docs.py::issued_docx``), printed to PDF by LibreOffice in one run into
    ``work``: each PDF with the page as read. Pages without a kind line or a "Kính gửi" under
    their letterhead are left out."""
    import subprocess

    from corpus.legacy_word import soffice_binary
    from tests.corpus.docs import issued_docx

    binary = soffice_binary()
    if binary is None:
        raise SystemExit("LibreOffice is missing: apt-get install libreoffice-writer-nogui")
    sources: dict[Path, Document] = {}
    for path in pages(folder):
        (doc,) = read_file(path)
        try:
            for layout, widths in layouts.items():
                sources[issued_docx(doc, work / f"{path.stem}.{layout}.docx", widths)] = doc
        except StopIteration:  # no title or "Kính gửi" line to lay the letterhead over
            continue
    def convert(files: list[Path]) -> None:
        subprocess.run(
            [binary, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(work), *map(str, files)],
            capture_output=True, timeout=1800, check=True,
        )

    # A few dozen files a run: one run over some 250 files stopped converting midway without an
    # error. The files a run missed are tried again.
    files = list(sources)
    for n in range(0, len(files), _SOFFICE_BATCH):
        convert(files[n:n + _SOFFICE_BATCH])
    missed = [source for source in files if not source.with_suffix(".pdf").exists()]
    if missed:
        convert(missed)
    return {source.with_suffix(".pdf"): doc for source, doc in sources.items()}


_SOFFICE_BATCH = 30


def issued(folder: Path = REALDOCS) -> dict[str, Counter[str]]:
    """Per layout, counts of pages read the same from their issuer's Word file printed to PDF as
    from the page."""
    from corpus.metadata import find_recipients

    counts: dict[str, Counter[str]] = {layout: Counter() for layout in ISSUED_LAYOUTS}
    with tempfile.TemporaryDirectory() as work:
        for printed, doc in _issued_pdfs(folder, Path(work), ISSUED_LAYOUTS).items():
            (pdf,) = read_file(printed)
            count = counts[printed.name.split(".")[1]]
            count["pages"] += 1
            for field_name in FIELDS:
                count[field_name] += getattr(pdf, field_name) == getattr(doc, field_name)
            count["recipients"] += find_recipients(pdf.text) == find_recipients(doc.text)
            _count_passages(count, doc, pdf)
    return counts


def scanned(folder: Path = REALDOCS) -> dict[str, Counter[str]]:
    """Counts of pages whose fields OCR reads the same from a scan of their printed Word file
    (the template's layout; its first two pages and the page of its "Nơi nhận", rendered at 300
    dpi) as from the page."""
    from tests.corpus.scans import scan_printed

    count: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as work:
        layout = {"template": ISSUED_LAYOUTS["template"]}
        for printed, doc in _issued_pdfs(folder, Path(work), layout).items():
            (scan,) = read_file(scan_printed(printed, printed.with_suffix(".scan.pdf"), first=2))
            count["pages"] += 1
            for field_name in FIELDS:
                count[field_name] += getattr(scan, field_name) == getattr(doc, field_name)
    return {"scanned": count}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list every mismatch")
    parser.add_argument("--jsonl", action="store_true", help="time reading the benchmark's JSONL instead")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of --jsonl")
    parser.add_argument("--printed", action="store_true", help="read the pages printed to PDF instead")
    parser.add_argument("--issued", action="store_true", help="read the pages as Word files printed to PDF instead")
    parser.add_argument("--scanned", action="store_true", help="read those PDFs scanned, by OCR, instead")
    parser.add_argument("--shaped", action="store_true", help="read the pages of other kinds in tests/data/shaped instead")
    args = parser.parse_args(argv)
    if args.printed or args.issued or args.scanned:
        folder = SHAPED if args.shaped else REALDOCS
        results = printed(folder) if args.printed else issued(folder) if args.issued else scanned(folder)
        for style, count in results.items():
            print(f"printed {style}: " + ", ".join(f"{name} {n}" for name, n in count.items()))
        return
    if args.jsonl:
        seconds = time_jsonl(args.rounds)
        print(f"JSONL read, CPU s: median {statistics.median(seconds):.2f} of {', '.join(f'{s:.2f}' for s in seconds)}")
        return
    report = shaped() if args.shaped else score()
    print(f"{report.documents} documents")
    for name in [*FIELDS, "recipients"] if args.shaped else FIELDS:
        print(f"  {name:<10} right for {report.right[name]:>2} of {report.documents}")
    if not args.shaped:
        print(
            f"  headings: gold {report.gold_headings}, found {report.found_headings}, matched "
            f"{report.matched_headings}: precision {report.precision:.3f}, recall {report.recall:.3f}"
        )
    print(f"  passages of chrome, letterhead, signature or recipients: {len(report.chrome)}")
    if args.verbose:
        for line in [*report.mismatches, *report.chrome]:
            print("   ", line)


if __name__ == "__main__":
    main()
