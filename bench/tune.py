"""Ranking settings compared on several dev sets at once (tuning halves only).

Every setting of a small grid of :class:`index.fusion.RankingParams` is scored on the tuning
questions of each dev set of ``bench/retrieval.py`` (alqac tuning half, legal tuning half,
dev_seed, realdocs); the held-out halves are never read here. Printed: MRR@10 and R@10 per set
and their mean, best mean first. Query vectors come from the library's cache after the first
setting, so a grid costs lexical scoring only.

Run: ``python -m bench.tune [--work-dir DIR] [--grid NAME=v1,v2 ...]``
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import tempfile
from dataclasses import fields, replace
from pathlib import Path

from bench.retrieval import dev_sets
from index.evaluate import evaluate
from index.fusion import RankingParams
from index.settings import Settings

DEFAULT_GRID = ("fusion=score,rrf", "dense_weight=1.0,1.5,2.0", "unit_weight=0.5,0.8")


def parse_grid(specs: list[str]) -> list[dict[str, object]]:
    """``["a=1,2", "b=x"]`` → every combination as keyword arguments of RankingParams."""
    types = {f.name: f.type for f in fields(RankingParams)}
    axes = []
    for spec in specs:
        name, values = spec.split("=", 1)
        cast = {"float": float, "int": int, "bool": lambda v: v.lower() in ("1", "true", "yes")}.get(str(types[name]), str)
        axes.append([(name, cast(v)) for v in values.split(",")])
    return [dict(combo) for combo in itertools.product(*axes)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work-dir", default=str(Path(tempfile.gettempdir()) / "sotay-bench-retrieval"))
    parser.add_argument("--grid", nargs="*", default=list(DEFAULT_GRID))
    parser.add_argument("--mode", default="hybrid", choices=("hybrid", "lexical", "dense"))
    parser.add_argument("--sets", default="alqac,legal,dev_seed,realdocs", help="comma-separated dev sets")
    args = parser.parse_args()
    from index.model import load_embedder

    work = Path(args.work_dir)
    embedder = load_embedder(Settings.load(data_dir=str(work / "bundled")))
    sets = [d for d in dev_sets(work, embedder, args.sets.split(",")) if "held-out" not in d.name]
    rows = []
    for overrides in parse_grid(args.grid):
        params = replace(RankingParams(), **overrides)
        figures = []
        for dev in sets:
            dev.library.ranking = params
            report = evaluate(dev.library, dev.questions, mode=args.mode)
            figures.append((report.mrr, report.recall(10)))
        mean = statistics.mean(m for m, _ in figures)
        rows.append((mean, overrides, figures))
        print(f"{mean:.3f} {overrides} " + " ".join(f"{m:.3f}/{r:.2f}" for m, r in figures), flush=True)
    print("\n| setting | mean MRR@10 | " + " | ".join(d.name for d in sets) + " |")
    print("|---|---|" + "---|" * len(sets))
    for mean, overrides, figures in sorted(rows, key=lambda r: -r[0]):
        cells = " | ".join(f"{m:.3f} / {r:.2f}" for m, r in figures)
        print(f"| {', '.join(f'{k}={v}' for k, v in overrides.items())} | {mean:.3f} | {cells} |")


if __name__ == "__main__":
    main()
