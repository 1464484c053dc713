"""Typed links and "what is new", measured against what was written by hand.

Links: precision and recall of (document, type, cited number) against ``tests/data/relations_gold.tsv``
(the documents the rules were written on) and ``relations_gold_heldout.tsv`` (two documents read
only for the gold), next to a baseline that finds the same numbers but calls every one a
``mentions``; extraction time per document over the 21 real documents of ``../shared/realdocs``
when present, else the copies in ``tests/data/realdocs``.

Comparison: for each pair of ``tests/data/versions/planted.tsv``, the planted changes found and
the false alarms, with the project's embeddings and without them (alignment by shared words
only, the baseline); the time of one comparison (encoding both documents included).

Run: ``python -m bench.relations [--work-dir DIR]``
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from bench.reading import pages
from corpus.read import load_documents
from corpus.relations import extract_links, normalize_number
from index.compare import compare_documents, compare_passages
from index.library import Library
from index.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SHARED = ROOT.parent / "shared" / "realdocs"


def _gold(path: Path) -> dict[str, set[tuple[str, str]]]:
    gold: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for line in path.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith(("#", "document\t")):
            doc_id, link_type, number, _ = line.split("\t")
            gold[doc_id].add((link_type, normalize_number(number)))
    return gold


def _score(found: int, wrong: int, missed: int) -> str:
    precision = found / (found + wrong) if found + wrong else 0.0
    recall = found / (found + missed) if found + missed else 0.0
    return f"precision {precision:.3f} recall {recall:.3f} ({found} right, {wrong} wrong, {missed} missed)"


def links() -> None:
    documents = {d.id: d for d in load_documents([DATA / "realdocs", ROOT / "corpus" / "data" / "default"]).documents}
    for name, extra in (("relations_gold.tsv", {"nq-dh13-2021"}), ("relations_gold_heldout.tsv", set())):
        gold = _gold(DATA / name)
        totals = {"typed": [0, 0, 0], "all mentions (baseline)": [0, 0, 0]}
        by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for doc_id in sorted(set(gold) | extra):
            doc = documents[doc_id]
            got = {(link.type, link.number) for link in extract_links(doc.text, doc.number)}
            baseline = {("mentions", number) for _, number in got}
            expected = gold.get(doc_id, set())
            for label, found in (("typed", got), ("all mentions (baseline)", baseline)):
                counts = totals[label]
                counts[0] += len(found & expected)
                counts[1] += len(found - expected)
                counts[2] += len(expected - found)
            for link_type in {t for t, _ in got | expected}:
                mine = {x for x in got if x[0] == link_type}
                theirs = {x for x in expected if x[0] == link_type}
                by_type[link_type][0] += len(mine & theirs)
                by_type[link_type][1] += len(mine - theirs)
                by_type[link_type][2] += len(theirs - mine)
        print(f"\n{name}: {len(set(gold) | extra)} documents, {sum(map(len, gold.values()))} gold links")
        for label, counts in totals.items():
            print(f"  {label:26} {_score(*counts)}")
        for link_type, counts in sorted(by_type.items()):
            print(f"    {link_type:24} {_score(*counts)}")
    folder = SHARED if SHARED.is_dir() else DATA / "realdocs"
    real = load_documents(pages(folder)).documents
    times = []
    for doc in real:
        start = time.perf_counter()
        extract_links(doc.text, doc.number)
        times.append((time.perf_counter() - start) * 1000)
    sizes = [len(d.text) for d in real]
    print(
        f"\nextraction over {len(real)} real documents ({folder.name}): median {statistics.median(times):.1f} ms"
        f" per document, max {max(times):.0f} ms (largest {max(sizes) // 1000} k characters)"
    )


def comparisons(work_dir: Path) -> None:
    lib = Library(Settings.load(data_dir=str(work_dir / "versions")))
    lib.add_paths([DATA / "versions", DATA / "realdocs" / "21-2025-tt-bgddt.md"])
    planted: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for row in (DATA / "versions" / "planted.tsv").read_text("utf-8").splitlines():
        if row.strip() and not row.startswith(("#", "old\t")):
            old, new, change, starts_with = row.split("\t")
            planted[(old, new)].append((change, starts_with))
    print()
    for (old_id, new_id), expected in planted.items():
        timings = []
        for _ in range(3):
            start = time.perf_counter()
            with_model = compare_documents(lib, old_id, new_id)
            timings.append(time.perf_counter() - start)
        old, new = lib.passages(old_id), lib.passages(new_id)
        # Baseline: the same alignment with no meaning, only shared words.
        blind = compare_passages(old_id, old, new_id, new, np.zeros((len(old), 1)), np.zeros((len(new), 1)))
        print(f"{old_id} → {new_id}: {len(expected)} planted changes, {len(old)} → {len(new)} passages,"
              f" compare median {statistics.median(timings):.2f} s")
        for label, comparison in (("embeddings + words", with_model), ("words only (baseline)", blind)):
            found = [(c.kind, (c.new_text if c.kind == "new" else c.old_text).strip()) for c in comparison.changes]
            hits = sum(any(k == p[0] and t.startswith(p[1]) for k, t in found) for p in expected)
            alarms = sum(not any(k == p[0] and t.startswith(p[1]) for p in expected) for k, t in found)
            print(f"  {label:22} found {hits}/{len(expected)} planted, {alarms} false alarms in {len(found)} reported")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "sotay-bench-relations")
    args = parser.parse_args()
    links()
    comparisons(args.work_dir)


if __name__ == "__main__":
    main()
