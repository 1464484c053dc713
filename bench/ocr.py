"""Character error rate of the OCR of scanned PDFs (corpus/ocr.py) on scan-like pages of known text.

Pages are made as tests/corpus/scans.py makes them: 24 lines of a project test document (a
Party Quy định, a law, a city Kế hoạch) printed in DejaVu Sans 12 pt on an A4 page at 300 dpi,
then turned by a small angle and/or sprinkled with specks, saved as an image-only PDF and read
back through ``corpus.read.read_file`` (PDFium renders the page, Tesseract ``vie`` reads it).
CER = Levenshtein distance / reference length, whitespace runs counted as one space. Printed per
condition: the median CER over the documents, the worst, and the median seconds per page.

    python -m bench.ocr [--docs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from corpus.ocr import tesseract_binary
from corpus.read import read_file
from tests.corpus.docs import CITY_PLAN, LAW, PARTY_RULE
from tests.corpus.scans import character_error_rate, known_text, scan_page, write_scan_pdf

CONDITIONS: list[tuple[str, dict[str, float]]] = [
    ("clean, 300 dpi", {}),
    ("rotated 1°", {"angle": 1.0}),
    ("rotated 2.5°", {"angle": 2.5}),
    ("noise 1%", {"noise": 0.01}),
    ("noise 3%", {"noise": 0.03}),
    ("rotated 1.5° + noise 1%", {"angle": 1.5, "noise": 0.01}),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=3, help="how many source documents (1-3)")
    args = parser.parse_args(argv)
    if tesseract_binary() is None:
        print("Tesseract with Vietnamese data is not installed (tesseract-ocr, tesseract-ocr-vie).", file=sys.stderr)
        return 1
    sources = [PARTY_RULE, LAW, CITY_PLAN][: args.docs]
    work = Path(tempfile.mkdtemp(prefix="sotay-ocr-bench-"))
    print(f"{len(sources)} documents x {len(CONDITIONS)} conditions, one A4 page each\n")
    print("| page | median CER | worst CER | s/page (median) |")
    print("|---|---|---|---|")
    for label, options in CONDITIONS:
        rates, seconds = [], []
        for n, source in enumerate(sources):
            text = known_text(source=source)
            path = write_scan_pdf(work / f"{source.stem}-{n}.pdf", [scan_page(text, seed=n, **options)])
            start = time.perf_counter()
            (doc,) = read_file(path)
            seconds.append(time.perf_counter() - start)
            rates.append(character_error_rate(text, doc.text))
        print(f"| {label} | {statistics.median(rates):.2%} | {max(rates):.2%} | {statistics.median(seconds):.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
