"""``motto``: a motto a document sets, asked whole ("… công tác dân vận của các cơ quan nhà nước
với phương châm “____”." → "Dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ
hưởng"); options the motto with one part left out (the shorter mottos said before it, "Dân biết,
dân bàn, dân làm, dân kiểm tra") or two parts in each other's place.

Contests ask "phương châm nào?" of a document, and a motto is known by its parts and their order:
an option missing one part or changing the order is plainly wrong to whoever learned it, and
plausible to whoever did not. Only for a motto of five parts or more inside one pair of quotes: a
shorter one, or one of paired contrasts ("có vào, có ra, có lên, có xuống"), left a part short
reads as broken, not as another motto. A second choice: it completes a quiz the kinds asking the
text leave short.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from quiz.items import QuizItem
from quiz.questions.base import OPTIONS, Checks, Context, Kind, blank_backed, quotable
from quiz.sentences import Sentence
from quiz.terms import Span, quoted_lists

PARTS = 5


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """No first choice: the kinds that ask the text come first."""
    return iter(())


def more(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per motto of five parts or more a sentence quotes."""
    for sentence in sources:
        text = sentence.text
        for parts in quoted_lists(text):
            start, end = parts[0].start, parts[-1].end
            motto = text[start:end]
            words = [p.text for p in parts]
            # One pair of quotes around the whole list, its parts joined by commas only.
            if len(parts) < PARTS or ", ".join(words) != motto or text[start - 1 : start] not in "“\"" \
                    or text[end : end + 1] not in "”\"":
                continue
            span = Span(start, end, motto, "list_item", "motto")
            if not quotable(sentence, span, None):
                continue
            rng = random.Random(f"{seed}|motto|{sentence.passage.key}|{start}")
            yield ctx.blank_item(
                "motto", sentence, span, "nội dung nào điền vào chỗ trống?", variants(words, rng),
                f"Văn bản nêu đủ {len(words)} vế, theo thứ tự: {motto}.", 2, seed,
            )


def variants(parts: list[str], rng: random.Random) -> list[str]:
    """Three mottos a learner may confuse with ``parts``: without its last part, without one of
    its middle parts, and with two middle parts in each other's place (the first part, which
    everyone remembers, stays first)."""
    middle = rng.randrange(1, len(parts) - 1)
    swap = rng.randrange(1, len(parts) - 2)
    swapped = [*parts[:swap], parts[swap + 1], parts[swap], *parts[swap + 2 :]]
    wrong = [parts[:-1], [*parts[:middle], *parts[middle + 1 :]], swapped]
    return [", ".join(w) for w in wrong][: OPTIONS - 1]


def backed(item: QuizItem, checks: Checks) -> bool:
    """The blank filled with the key is the source sentence."""
    return blank_backed(item)


KIND = Kind(
    build=build, backed=backed, hides_answer=True, more=more,
    missing="tài liệu không nêu phương châm, khẩu hiệu nào từ năm vế trở lên trong ngoặc kép",
)
