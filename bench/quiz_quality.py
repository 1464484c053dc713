"""Quiz generation quality: what is built, what validation rejects and why, on the bundled corpus
and on real-shaped uploaded documents.

For each document set (``bundled``: the bundled corpus; ``docs``: every file of ``--docs``,
default ``tests/data/docs``, indexed into a temporary data directory as a user would upload
them; ``heldout``: the same for ``--heldout``, default ``tests/data/heldout``, documents of kinds
the generator was not tuned on, read before any fix; ``realdocs``: the same for ``--realdocs``,
default ``tests/data/realdocs``, law-portal pages kept as found), validates every candidate (not only until ``--n`` items are found) and prints: candidates
per type, rejections per rule, the type mix and difficulty of the picked items, the round-trip hit
rate (searching with a stem finds its source passage in the top 3, among candidates passing every
other rule), and option balance (how often the key is the longest option, key position, length
spread), which a test-wise student would otherwise exploit. The picked items are written, one
readable block each, to ``bench/out/quiz-<set>.txt`` to be read as a trainer would. With
``--per-doc N`` it also asks each document of the set alone for N items and reports how many came
(and, per kind, why none), as ``sotay quiz generate --doc ID --n N`` would.

Run: ``python -m bench.quiz_quality [--n 30] [--seed 1] [--sets bundled,docs,heldout,realdocs] [--docs DIR]
[--heldout DIR] [--realdocs DIR] [--per-doc 20] [--json]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from index.library import Library
from index.settings import Settings
from quiz.export import write
from quiz.generate import Generated, Generator, Request
from quiz.items import FALSE, ITEM_TYPES, TRUE, TYPE_LABELS, QuizItem

OUT = Path(__file__).resolve().parent / "out"
# What a trainer asks first of a real document: who (acts, proposed it), by when, what a term or a
# symbol means, which threshold, a worked case, in what order, what a document is about, when and
# by whom it was issued.
TRAINER_KINDS = ("responsible", "proposer", "deadline", "procedure", "step", "definition", "symbol", "threshold", "scenario", "order", "subject", "issued", "effective")
DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
# A document this long should give the items asked of it.
LONG_DOCUMENT = 7000


def option_balance(items: list[QuizItem]) -> dict[str, Any]:
    """How much option lengths and positions give the key away (multiple choice items only)."""
    mc = [i for i in items if i.type not in ("true_false", "matching", "count", "order")]
    if not mc:
        return {}
    # Strictly: with ties (all years have four digits) the length says nothing.
    longest = sum(1 for i in mc if all(len(i.answer) > len(o) for o in i.options if o != i.answer))
    shortest = sum(1 for i in mc if all(len(i.answer) < len(o) for o in i.options if o != i.answer))
    spreads = []
    for item in mc:
        others = [len(o) for o in item.options if o != item.answer]
        spreads.append(abs(len(item.answer) - statistics.mean(others)) / max(1, statistics.mean(others)))
    return {
        "mc_items": len(mc),
        "key_is_longest": round(longest / len(mc), 2),
        "key_is_shortest": round(shortest / len(mc), 2),
        "chance": round(1 / statistics.mean(len(i.options) for i in mc), 2),
        "key_vs_distractor_length_gap": round(statistics.mean(spreads), 2),
        "key_position": dict(sorted(Counter("ABCD"[i.answer_index] for i in mc).items())),
    }


def report(result: Generated, seconds: float) -> dict[str, Any]:
    items = result.items
    round_trip_tried = result.passed + result.rejected.get("round_trip", 0)
    tf = [i.answer for i in items if i.type == "true_false"]
    return {
        "seconds": round(seconds, 1),
        "candidates": dict(result.candidates),
        "candidates_total": sum(result.candidates.values()),
        "validated": result.checked,
        "passed_all_rules": result.passed,
        "rejected_by_rule": dict(result.rejected.most_common()),
        "picked": len(items),
        "picked_types": dict(Counter(i.type for i in items).most_common()),
        "trainer_kinds": sum(i.type in TRAINER_KINDS for i in items),
        "picked_difficulty": dict(sorted(Counter(i.difficulty for i in items).items())),
        "round_trip_hit_rate": round(result.passed / round_trip_tried, 3) if round_trip_tried else None,
        "true_false": {"Đúng": tf.count(TRUE), "Sai": tf.count(FALSE)},
        "option_balance": option_balance(items),
    }


def readable(items: list[QuizItem]) -> str:
    """Items one block each: id, type, difficulty, citation, stem, options with the key marked."""
    blocks = []
    for n, item in enumerate(items, 1):
        lines = [f"{n}. [{item.id}] {TYPE_LABELS[item.type]} · độ khó {item.difficulty} · {item.citation}", item.stem]
        if item.type == "matching":
            lines += [f"    {left}  →  {right}" for left, right in item.pairs]
        else:
            lines += [f"  {'*' if o == item.answer else '-'} {o}" for o in item.options]
        lines.append(f"    ({item.explanation})")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def per_document(generator: Generator, library: Library, n: int, seed: int) -> dict[str, Any]:
    """Each document asked alone for ``n`` items: how many came, of which kinds, and the kinds it
    yields none of."""
    found: dict[str, Any] = {}
    for doc in library.documents():
        result = generator.generate(Request(n=n, seed=seed, doc_ids=(doc.id,)))
        found[doc.id] = {
            "characters": len(library.document_text(doc.id)),
            "items": len(result.items),
            "types": dict(Counter(i.type for i in result.items).most_common()),
            "trainer_kinds": sum(i.type in TRAINER_KINDS for i in result.items),
            "failed_checks": result.failed_checks,
            "duplicates": result.duplicates,
            "missing": result.missing_kinds(ITEM_TYPES),
        }
        (OUT / f"quiz-{doc.id}.txt").write_text(readable(result.items), encoding="utf-8")
    long = [d for d in found.values() if d["characters"] >= LONG_DOCUMENT]
    found["summary"] = {
        f"documents of {LONG_DOCUMENT:,}+ characters": len(long),
        f"giving {n}": sum(d["items"] >= n for d in long),
        "items asked / produced": f"{n * len(long)} / {sum(d['items'] for d in long)}",
        "trainer kinds / items": f"{sum(d['trainer_kinds'] for d in long)} / {sum(d['items'] for d in long)}",
    }
    return found


def run_set(name: str, library: Library, args: argparse.Namespace) -> dict[str, Any]:
    start = time.perf_counter()
    generator = Generator(library)
    result = generator.generate(Request(n=args.n, seed=args.seed), validate_all=True)
    data = report(result, time.perf_counter() - start)
    OUT.mkdir(exist_ok=True)
    (OUT / f"quiz-{name}.txt").write_text(readable(result.items), encoding="utf-8")
    write(result.items, "json", str(OUT / f"quiz-{name}.json"))
    if args.per_doc:
        data["per_document"] = per_document(generator, library, args.per_doc, args.seed)
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sets", default="bundled,docs,heldout", help="comma-separated: bundled, docs, heldout, realdocs")
    parser.add_argument("--docs", default=str(DATA / "docs"), help="folder of real-shaped documents for the 'docs' set")
    parser.add_argument("--heldout", default=str(DATA / "heldout"), help="folder of documents for the 'heldout' set")
    parser.add_argument("--realdocs", default=str(DATA / "realdocs"), help="folder of law-portal pages for the 'realdocs' set")
    parser.add_argument("--per-doc", type=int, default=0, help="also ask each document alone for this many items")
    parser.add_argument("--data-dir", help="an existing data directory for the bundled set (default: a fresh one)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args()
    reports = {}
    for name in args.sets.split(","):
        with tempfile.TemporaryDirectory(prefix=f"sotay-quiz-bench-{name}-") as tmp:
            data_dir = args.data_dir if name == "bundled" and args.data_dir else tmp
            library = Library(Settings.load(data_dir=data_dir))
            if name == "bundled":
                library.ensure_index()
            else:
                folder = Path(getattr(args, name))
                # The documents only, not the folder's README (or the gold layouts beside them).
                library.add_paths(sorted(p for p in folder.iterdir() if p.is_file() and p.name != "README.md"))
            reports[name] = run_set(name, library, args)
    if args.json:
        print(json.dumps(reports, ensure_ascii=False, indent=2))
        return
    for name, data in reports.items():
        print(f"== {name} (items in {OUT / f'quiz-{name}.txt'})")
        for key, value in data.items():
            print(f"{key:28} {value}")


if __name__ == "__main__":
    main()
