"""Quiz generation quality on the bundled corpus: what is built, what validation rejects and why.

Validates every candidate (not only until ``--n`` items are found) and prints: candidates per
type, rejections per rule, the type mix of the picked items, the round-trip hit rate (searching
with a stem finds its source passage in the top 3, among candidates passing every other rule),
and option balance (how often the key is the longest option, key position, length spread),
which a test-wise student would otherwise exploit.

Run: ``python bench/quiz_quality.py [--n 40] [--seed 1] [--data-dir DIR] [--json] [--items FILE]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections import Counter
from typing import Any

from index.library import Library
from index.settings import Settings
from quiz.export import write
from quiz.generate import Generated, Generator, Request
from quiz.items import FALSE, TRUE, QuizItem


def option_balance(items: list[QuizItem]) -> dict[str, Any]:
    """How much option lengths and positions give the key away (multiple choice items only)."""
    mc = [i for i in items if i.type in ("fill_blank", "acronym", "where")]
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
        "picked_difficulty": dict(sorted(Counter(i.difficulty for i in items).items())),
        "round_trip_hit_rate": round(result.passed / round_trip_tried, 3) if round_trip_tried else None,
        "true_false": {"Đúng": tf.count(TRUE), "Sai": tf.count(FALSE)},
        "option_balance": option_balance(items),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", help="an existing data directory (default: a fresh one with the bundled corpus)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--items", help="also write the picked items to this JSON file, to read them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sotay-quiz-bench-") as tmp:
        library = Library(Settings.load(data_dir=args.data_dir or tmp))
        library.ensure_index()
        start = time.perf_counter()
        result = Generator(library).generate(Request(n=args.n, seed=args.seed), validate_all=True)
        data = report(result, time.perf_counter() - start)
    if args.items:
        write(result.items, "json", args.items)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for key, value in data.items():
        print(f"{key:28} {value}")


if __name__ == "__main__":
    main()
