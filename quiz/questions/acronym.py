"""``acronym``: what an abbreviation the document defines stands for; distractors are other
expansions of the library, starting like the abbreviation."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from quiz.distractors import acronym_related, initials, too_alike
from quiz.items import QuizItem
from quiz.questions.base import OPTIONS, Checks, Context, Kind, display
from quiz.sentences import Sentence
from quiz.terms import words_key

MAX_SENTENCE_WORDS = 40
# Abbreviations every cadre reads daily: asking what they stand for tests nothing.
COMMON_ACRONYMS = frozenset(
    ("UBND", "HĐND", "MTTQ", "MTTQVN", "GDP", "TW", "TƯ", "QH", "BCH", "BCT", "BBT", "CNXH", "XHCN",
     "CNTT", "CT-XH", "KT-XH", "TU", "HU", "ĐU", "NQ", "KH", "QĐ", "ĐBQH", "TAND", "VKSND", "CAND", "QĐND")
)


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per abbreviation a document defines and uses in a short sentence."""
    dictionary = ctx.lib.acronyms
    pairs = dictionary.items()
    for acronym, expansion in pairs:
        if len(dictionary.expansions(acronym)) != 1 or acronym in COMMON_ACRONYMS:
            continue  # several expansions: no single right answer; a common one: nothing to test
        pattern = re.compile(rf"(?<![\w/-]){re.escape(acronym)}(?![\w/-])")
        uses = [
            s for s in sources
            # Only where the document defines the abbreviation itself: what it means there is
            # then part of the document, not general knowledge.
            if ctx.usable(s) and s.words <= MAX_SENTENCE_WORDS and pattern.search(s.text)
            and acronym in ctx.defined.get(s.passage.doc_id, ())
            and words_key(expansion) not in words_key(s.text)
        ]
        if not uses:
            continue
        sentence = min(uses, key=lambda s: (s.words, s.passage.order, s.start))
        others = [
            e for a, e in pairs
            if a != acronym and not too_alike(e, expansion) and not acronym_related(acronym, e)
            and not any(too_alike(e, x) for x in dictionary.expansions(acronym))
        ]
        others = sorted(set(others))
        if len(others) < OPTIONS - 1:
            yield None
            continue
        vectors = ctx.picker.embed([expansion, *others])
        sims = vectors[1:] @ vectors[0]
        # Plausible first: expansions whose initials start like the acronym, then by meaning.
        first = words_key(acronym)[:1]
        ranked = [others[i] for i in sorted(range(len(others)), key=lambda i: (initials(others[i])[:1] != first, -sims[i]))]
        rng = random.Random(f"{seed}|acr|{acronym}")
        shortlist = ranked[: 2 * (OPTIONS - 1)]
        rng.shuffle(shortlist)
        shortlist.sort(key=lambda e: abs(len(e.split()) - len(expansion.split())))
        chosen: list[str] = []
        for cand in shortlist:
            if not any(too_alike(cand, c) for c in chosen):
                chosen.append(cand)
            if len(chosen) == OPTIONS - 1:
                break
        if len(chosen) < OPTIONS - 1:
            yield None
            continue
        label = ctx.labels[sentence.passage.doc_id]
        yield ctx.item(
            "acronym", sentence,
            f"Trong câu sau của {label}, “{acronym}” là viết tắt của cụm từ nào? {display(sentence.text)}",
            expansion, chosen, f"“{acronym}” là viết tắt của “{expansion}”. Câu trong văn bản: “{sentence.text}”",
            ("acronym",), 1, seed,
        )


def backed(item: QuizItem, checks: Checks) -> bool:
    """The abbreviation is in the source and the library maps it to the key only."""
    acronym = item.stem.split("“", 1)[1].split("”", 1)[0]
    return acronym in item.source_text and checks.lib.acronyms.expansions(acronym) == [item.answer]


KIND = Kind(
    build=build, backed=backed, hides_answer=True,
    missing="tài liệu không tự định nghĩa chữ viết tắt nào (dạng “… (ABC)”)",
)
