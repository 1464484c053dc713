"""Retrieval quality of each mode on the project's question sets, as in the README's table.

Evaluates hybrid, dense and lexical search on the dev set, the paraphrase set, and both typed
without diacritics (the queries folded). Uses the data dir given, building the bundled corpus
there if it has no index.

Run: ``python bench/retrieval.py [--data-dir DIR]``
"""

from __future__ import annotations

import argparse
from pathlib import Path

from corpus.normalize import fold
from index.evaluate import Question, evaluate, read_questions
from index.library import Library
from index.settings import Settings

DATA = Path(__file__).parents[1] / "tests" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir")
    args = parser.parse_args()
    library = Library(Settings.load(data_dir=args.data_dir))
    library.ensure_index()
    dev, para = read_questions(DATA / "dev_seed.tsv"), read_questions(DATA / "paraphrase.tsv")
    sets = {
        "dev_seed": dev,
        "paraphrase": para,
        "no diacritics": [Question(q.id, fold(q.query), q.gold) for q in dev + para],
    }
    print("| question set | mode | Recall@1 | Recall@5 | Recall@10 | MRR@10 |\n|---|---|---|---|---|---|")
    for name, questions in sets.items():
        for mode in ("hybrid", "dense", "lexical"):
            r = evaluate(library, questions, mode=mode)
            print(f"| {name} ({len(questions)}) | {mode} | {r.recall(1):.2f} | {r.recall(5):.2f} | {r.recall(10):.2f} | {r.mrr:.3f} |")


if __name__ == "__main__":
    main()
