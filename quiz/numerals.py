"""Numbers written in words, as rules write periods and counts that must not be misread ("mười lăm
ngày", "07 (bảy) ngày làm việc"): how a number below a hundred is spelt, and what such words say."""

from __future__ import annotations

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
# The words numbers below a hundred are spelt with: a run of them may be a number.
NUMBER_WORDS = (*_DIGITS[1:], "tư", "lăm", "mốt", "mười", "mươi")


def spellings(n: int) -> set[str]:
    """How a number below a hundred is written in words ("hai mươi mốt", "mười lăm"; "tư" or
    "bốn" after "mươi")."""
    if n < 10:
        return {_DIGITS[n]}
    tens, unit = divmod(n, 10)
    head = "mười" if tens == 1 else f"{_DIGITS[tens]} mươi"
    if unit == 0:
        return {head}
    if unit == 5:
        return {f"{head} lăm"}
    if unit == 1 and tens > 1:
        return {f"{head} mốt", f"{head} một"}
    if unit == 4 and tens > 1:
        return {f"{head} tư", f"{head} bốn"}
    return {f"{head} {_DIGITS[unit]}"}


_VALUES = {words: n for n in range(1, 100) for words in spellings(n)}


def value_of(words: str) -> int | None:
    """The number words spell ("mười lăm": 15), or ``None`` when they spell none."""
    return _VALUES.get(" ".join(words.lower().split()))


def written(n: int, like: str) -> str:
    """A number written as the key is ("07 (bảy)": padded to its width, its words after it)."""
    figures = str(n).zfill(len(like)) if like.startswith("0") else str(n)
    return f"{figures} ({min(spellings(n))})"
