"""``true_false``: a sentence with a fact that matters, paraphrased, stated as the text says it
or with that fact changed."""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterator

from quiz.items import FALSE, TRUE, QuizItem
from quiz.paraphrase import paraphrase, reworded
from quiz.questions.base import Checks, Context, Kind
from quiz.questions.fill_blank import BOUND_NUMBER, blankable
from quiz.sentences import Sentence
from quiz.terms import Span, quantities, tokens, years

# Facts a false statement may change: a changed number, year or list item is plainly another
# fact; a swapped noun phrase can be a near-synonym, which would make "Sai" debatable.
CHANGEABLE = ("year", "number", "list_item")
MAX_STATEMENT_WORDS = 40


def _statement(ctx: Context, sentence: Sentence) -> bool:
    """A sentence a true/false item can state: with a verb, of a length that can be read
    aloud (a clause of a long sentence is introduced by its heading, see :meth:`Context.stem`)."""
    if not ctx.usable(sentence) or sentence.words > MAX_STATEMENT_WORDS or not ctx.stem(sentence, sentence.text):
        return False
    return any(t.tag == "V" for t in tokens(sentence.text))


def changeable(ctx: Context, sentence: Sentence) -> list[Span]:
    """Facts of a sentence a false statement may change: not a number bound to another fact
    of the sentence (an anniversary with its year, a year beside another year)."""
    text = sentence.text
    spans = [s for s in blankable(ctx, sentence) if s.kind in CHANGEABLE]
    several_years = len(years(text)) > 1 or bool(re.search(r"\d{4}\s*[-–]\s*\d{4}", text))
    units = Counter(q.shape for q in quantities(text))
    return [
        s for s in spans
        if not BOUND_NUMBER.search(text[: s.start])
        and not (s.kind == "year" and several_years)
        # A duration matches the plan's period; two numbers of one unit may add up.
        and not (s.kind == "number" and (s.shape in ("năm", "tháng") or units[s.shape] > 1))
    ]


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One statement per sentence that has a fact that matters, stated as the text says it
    or with that fact changed.

    Only statements with a fact that matters: the same sentence can then be asked true or
    false, and a bare task ("Thực hiện tốt ...") is not asked at all. And only sentences the
    paraphrase rewords: a verbatim true statement is recognised, not understood.

    Every such sentence yields its statement both ways whatever the seed (the seed only
    decides which way comes first): a served app draws a new seed per request, and dropping
    the true statements that outnumbered the false ones made the count swing with it (9
    asked of the uploaded test documents, 6 to 9 given).
    """
    statements = [
        (s, facts[0]) for s in sources
        if _statement(ctx, s) and reworded(s.text) and (facts := changeable(ctx, s))
    ]
    random.Random(f"{seed}|tf").shuffle(statements)
    # Trues minus falses so far: each statement is asked first the way that evens them out (a
    # coin on a tie), so that guessing "Đúng" earns nothing; the other way comes after all
    # of them, for the picking to fall back on (one item per passage: it never takes both).
    lead = 0
    other_ways: list[QuizItem] = []
    for sentence, span in statements:
        rng = random.Random(f"{seed}|tf|{sentence.passage.key}|{sentence.start}")
        # Same difficulty for the true and the changed statement: it must not hint the answer.
        difficulty = 1 if sentence.words <= 20 else 2 if sentence.words <= 30 else 3
        true_item = ctx.item(
            "true_false", sentence, ctx.stem(sentence, paraphrase(sentence.text)), TRUE, [FALSE],
            f"Đúng. Văn bản nêu: “{sentence.text}”", ("statement",), difficulty, seed,
            id_extra=sentence.text, options=(TRUE, FALSE),
        )
        swapped = ctx.pick(sentence, span, rng, 1)
        false_item = None
        if swapped is not None:
            changed = sentence.text[: span.start] + swapped[0] + sentence.text[span.end :]
            false_item = ctx.item(
                "true_false", sentence, ctx.stem(sentence, paraphrase(changed)), FALSE, [TRUE],
                f"Sai. Văn bản nêu “{span.text}”, không phải “{swapped[0]}”: “{sentence.text}”",
                (span.kind,), difficulty, seed, id_extra=changed, options=(TRUE, FALSE),
            )
        wants_false = lead > 0 or (lead == 0 and rng.random() < 0.5)
        first, second = (false_item, true_item) if wants_false and false_item else (true_item, false_item)
        lead += 1 if first is true_item else -1
        yield first
        if second is not None:
            other_ways.append(second)
    yield from other_ways


def backed(item: QuizItem, checks: Checks) -> bool:
    """A true statement is the source paraphrased; a false one is not, and its explanation
    quotes the source."""
    source = item.source_text
    if item.answer == TRUE:
        return item.stem.endswith(paraphrase(source))
    return paraphrase(source) not in item.stem and item.explanation.endswith(f"“{source}”")


def true_false_options(item: QuizItem) -> bool:
    """Exactly "Đúng", "Sai"."""
    return item.options == (TRUE, FALSE)


KIND = Kind(
    build=build, backed=backed, option_count=true_false_options, balanced=False,
    missing="không có câu nào nêu một số liệu, năm hay mục liệt kê có thể đổi thành nhận định sai",
)
