"""``spec``: the figures a document gives of goods, with their unit, as an officer checking
them asks.

- A characteristic measured in a table of items and their values ("Hạng mục: Kích thước thẻ trò
  chơi; Thông số: 63mm x 88mm") or on a field line ("Trọng lượng: 1,8 kg"): "Theo Thông báo số
  39305/TB-CHQ, mặt hàng “Thẻ in hình trò chơi trí tuệ” có “Kích thước thẻ trò chơi” là bao
  nhiêu?"; a thing and its measure stated without a verb ("Hộp + phụ kiện ~ 50-100gram."):
  "…, trong mô tả mặt hàng “…”, “Hộp + phụ kiện” nặng bao nhiêu?". Options are the key's figures
  moved together by a round step, written like it ("53mm x 78mm", "73mm x 98mm"): the same unit
  and form, so that only the document tells them apart. Only a value that is a figure with a
  unit of measure is asked ("Lớp coating bóng hoặc mờ" is a description: its neighbours would be
  another characteristic's values).
- A count in the description of goods a notice classifies ("Người chơi được cung cấp sẵn 100
  thẻ …", "… chỉ huy ghi được 21 điểm tấn công"): what fills the blank, options the notice's
  other counts of the same thing first ("60 thẻ"), then round neighbours. A count is a
  characteristic of the goods only where the document describes goods to classify them (it
  decides a code, :mod:`quiz.questions.customs_code`); elsewhere a number before a noun is as
  often a list's length or a reference.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from quiz.distractors import nice_step, number_value
from quiz.items import BLANK, QuizItem
from quiz.questions.base import MAX_QUOTED_WORDS, OPTIONS, Checks, Context, Kind, blank_backed, search_finds_stem
from quiz.questions.customs_code import codes, goods
from quiz.sentences import Sentence
from quiz.terms import Span, tokens

_NUMBER = r"\d+(?:[.,]\d+)?"
# Units of measure of goods (length, mass, paper weight, volume, power, charge, frequency, heat).
_UNITS = ("mm", "cm", "m", "km", "µm", "g", "gram", "gam", "kg", "tấn", "gsm", "g/m2", "g/m²", "ml", "l", "lít",
          "W", "kW", "V", "mAh", "Hz", "kHz", "MHz", "GHz", "inch", "°C")
_MASS = frozenset(("g", "gram", "gam", "kg", "tấn"))
_LENGTH = frozenset(("mm", "cm", "m", "km", "µm", "inch"))
_UNIT = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
# A figure with its unit, alone: "63mm x 88mm", "1.8-2.0 gram", "~0.3mm", "300-330gsm".
_FIGURE = re.compile(
    rf"[~≈]?\s*{_NUMBER}\s*(?:{_UNIT})?(?:\s*(?:-|–|x|×)\s*{_NUMBER}\s*(?:{_UNIT})?)*"
)
_UNIT_AFTER = re.compile(rf"(?<=\d)\s*({_UNIT})(?![^\W\d_])")
# A row of a table of two columns, as the reading writes it: "Hạng mục: X; Thông số: Y".
_PAIR_ROW = re.compile(r"^(?P<left>[^:;—]{1,40}): (?P<name>[^:;]{2,80}); (?P<right>[^:;]{1,40}): (?P<value>[^;]{1,40})$")
# A field line: "Trọng lượng tịnh: 1,8 kg".
_FIELD = re.compile(r"^(?P<name>[^:;]{2,80}): (?P<value>[^;:]{1,40}?)\.?$")
# A thing and its measure, without a verb: "Bộ thẻ Commander (100 thẻ) ~120 gram.".
_MEASURED = re.compile(rf"^(?P<name>[^:;~≈\d][^:;~≈]{{1,80}}?)\s+(?P<value>[~≈]?\s*{_NUMBER}\s*(?:{_UNIT}|[-–x×]).*?)\.?$")
MAX_NAME_WORDS = 8
# A count in a sentence: a number of things ("100 thẻ", "21 điểm"), not a year, a date, a code, a
# range, a share or a figure with a unit of measure.
_COUNT = re.compile(r"(?<![\w./,:–-])(?P<n>\d{1,4})\s+(?P<noun>[^\W\d_]+)(?![\w/])")
# pyvi's tags of a noun a number counts ("thẻ", "người"; "2025 có" is a year and a verb).
_NOUN_TAGS = frozenset(("N", "Nc", "Nu"))
# What a count is compared with is something else than the goods.
_COMPARED = re.compile(r"\b(?:khác với|so với|thay vì|hơn)\b")
# Nouns a number before them does not count: time (asked as deadlines), parts of texts.
_NOT_COUNTED = frozenset(("ngày", "tháng", "năm", "giờ", "phút", "quý", "tuần", "điều", "khoản", "mục", "chương",
                          "phần", "lần"))


def table_row(text: str) -> re.Match[str] | None:
    """A row of a table of two columns, as the reading writes it ("Hạng mục: Bề mặt; Thông số:
    Lớp coating bóng hoặc mờ"): its columns' headers ``left`` and ``right``, its ``name`` and
    ``value``."""
    return _PAIR_ROW.match(text)


def figure(text: str) -> tuple[str, str] | None:
    """What a table row of two columns, a field line or a short statement of a measure measures
    and its figure, (name, figure), or None when its value is no figure with a unit of measure."""
    m = _PAIR_ROW.match(text) or _FIELD.match(text) or _MEASURED.match(text)
    if m is None:
        return None
    # An aside in brackets is not asked with the name ("Bộ thẻ Commander (100 thẻ)"): it may
    # state what another item asks.
    name, value = re.sub(r"\s*\([^()]*\)", "", m["name"]).strip(), m["value"].strip()
    units = set(_UNIT_AFTER.findall(value))
    if (
        len(units) != 1 or not _FIGURE.fullmatch(value) or len(name.split()) > MAX_NAME_WORDS
        or not name[:1].isupper() or any(c.isdigit() for c in name)
    ):
        return None
    return name, value


def _parse(number: str) -> tuple[float, int, str]:
    """A number as written in a figure: its value, its decimals and its decimal mark ("1.8" and
    "1,8" are both one and eight tenths: a figure of goods is as often written the English way)."""
    for mark in ".,":
        if mark in number:
            whole, decimals = number.split(mark)
            return float(f"{whole}.{decimals}"), len(decimals), mark
    return float(number), 0, ""


def _written(value: float, decimals: int, mark: str) -> str:
    return f"{value:.{decimals}f}".replace(".", mark) if decimals else str(int(round(value)))


def _moves(value: str) -> list[str]:
    """Figures written like ``value``, each number of it moved together by a round step, nearest
    first on either side, none of them zero or below. The step is about a tenth of the first
    number, or the roundness of the key's numbers when coarser ("50-100gram" moves by 25, "100
    thẻ" by 50): options less round than the key would tell it."""
    numbers = [_parse(m.group(0)) for m in re.finditer(_NUMBER, value)]
    decimals = max(n[1] for n in numbers)
    units = [round(n * 10**decimals) for n, _, _ in numbers]
    round_steps = (k * 10**e for e in range(7) for k in (1, 2, 5, 25 / 10))
    roundness = max((c for c in round_steps if c == int(c) and c <= units[0] / 2 and all(u % c == 0 for u in units)),
                    default=1)
    step = max(nice_step(numbers[0][0] * 0.1), roundness / 10**decimals)
    made: list[str] = []
    for shift in (-1, 1, -2, 2, 3, -3):
        moved = [number + shift * step for number, _, _ in numbers]
        if min(moved) <= 0:
            continue
        written = iter(_written(v, max(places, decimals), mark or ".") for v, (_, places, mark) in zip(moved, numbers))
        made.append(re.sub(_NUMBER, lambda _: next(written), value))
    return made


def moved_figures(value: str, seed: str) -> list[str]:
    """Three figures written like ``value`` (:func:`_moves`), drawn among the four nearest: the
    key stands among them, not always at an end."""
    chosen = _moves(value)[:4]
    random.Random(seed).shuffle(chosen)
    return chosen[: OPTIONS - 1] if len(chosen) >= OPTIONS - 1 else []


def counts(sentence: str, compared: bool = False) -> list[Span]:
    """The counts of things in a sentence ("100 thẻ"), each with the thing counted as its shape;
    one of what the goods are compared with ("khác với cách chơi truyền thống 60 thẻ") only with
    ``compared`` (an option, never a key)."""
    found = []
    nouns = {t.start for t in tokens(sentence) if t.tag in _NOUN_TAGS}
    for m in _COUNT.finditer(sentence):
        noun = m["noun"]
        clause = re.split(r"[,;:().]", sentence[: m.start()])[-1]
        if (
            m.start("noun") not in nouns or not noun[0].islower() or noun in _NOT_COUNTED or noun in _UNITS
            or (not compared and _COMPARED.search(clause))
        ):
            continue
        found.append(Span(m.start(), m.end(), m.group(0), "number", noun))
    return found


def _count_options(span: Span, sentence: str, written: list[str]) -> list[str]:
    """Three counts of the key's thing: the document's own (none its sentence shows), then round
    neighbours of the key, the nearest first on either side (three below it would tell it as the
    largest)."""
    from quiz.validate import look_alike, other_value  # the validator imports every kind

    key = number_value(span.text)
    chosen = [span.text]
    for value in [*(v for v in written if v not in sentence and number_value(v) != key), *_moves(span.text)]:
        # The validator's rule: "150 thẻ" and "50 thẻ" are two values, not look-alikes.
        if not any(look_alike(value, c) and not other_value(value, c) for c in chosen):
            chosen.append(value)
    return chosen[1:OPTIONS] if len(chosen) >= OPTIONS else []


def _figures(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per characteristic measured, asked once however many tables repeat it."""
    asked: set[tuple[str, str, str]] = set()
    for sentence in sources:
        doc_id = sentence.passage.doc_id
        found = figure(sentence.text)
        if found is None or (doc_id, *found) in asked:
            continue
        asked.add((doc_id, *found))
        name, value = found
        wrong = moved_figures(value, f"{seed}|spec|{sentence.passage.key}|{name}")
        if not wrong:
            yield None
            continue
        yield ctx.item(
            "spec", sentence, f"Theo {ctx.labels[doc_id]}, {_question(sentence.text, name, value, goods(ctx.every_sentence(doc_id)))}",
            value, wrong, f"Văn bản nêu: “{sentence.text}”", ("spec",), 2, seed,
        )


def _question(text: str, name: str, value: str, named: str) -> str:
    """What the stem asks, the name asked last (stems on one table open alike and are told apart
    by it): a characteristic the goods have ("mặt hàng “…” có “Độ dày” là bao nhiêu?"), or a thing
    of their description weighed or measured ("trong mô tả mặt hàng “…”, “Hộp + phụ kiện” nặng
    bao nhiêu?")."""
    if _PAIR_ROW.match(text) or _FIELD.match(text):
        return f"mặt hàng “{named}” có “{name}” là bao nhiêu?" if named else f"“{name}” là bao nhiêu?"
    unit = _UNIT_AFTER.search(value).group(1)
    verb = "nặng" if unit in _MASS else "có kích thước" if unit in _LENGTH else "là"
    return f"trong mô tả mặt hàng “{named}”, “{name}” {verb} bao nhiêu?" if named else f"“{name}” {verb} bao nhiêu?"


def _counts(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per count of a notice's goods, each number asked once (sections repeating one
    description, or "100 thẻ" and "bộ 100 lá", say it twice)."""
    classifying = {s.passage.doc_id for s in sources if codes(s.text)}
    written: dict[str, dict[str, list[str]]] = {}
    asked: set[tuple[str, str]] = set()
    for sentence in sources:
        doc_id = sentence.passage.doc_id
        if doc_id not in classifying or not ctx.usable(sentence, MAX_QUOTED_WORDS) or codes(sentence.text):
            continue
        if doc_id not in written:
            written[doc_id] = {}
            for span in (span for s in sources if s.passage.doc_id == doc_id for span in counts(s.text, compared=True)):
                written[doc_id].setdefault(span.shape, []).append(span.text)
        for span in counts(sentence.text):
            if (doc_id, span.text.split()[0]) in asked:
                continue
            asked.add((doc_id, span.text.split()[0]))
            wrong = _count_options(span, sentence.text, list(dict.fromkeys(written[doc_id][span.shape])))
            if not wrong:
                yield None
                continue
            yield ctx.blank_item(
                "spec", sentence, span, "con số nào điền vào chỗ trống?", wrong, f"Văn bản ghi {span.text}.", 2, seed,
                topic=goods(ctx.every_sentence(doc_id)),
            )


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """The measured characteristics, then the counts of goods a notice classifies."""
    yield from _figures(ctx, sources, seed)
    yield from _counts(ctx, sources, seed)


def backed(item: QuizItem, checks: Checks) -> bool:
    """A measured characteristic: the source row or line gives the key for the name the stem
    quotes; a count: the key is a count of the source sentence and fills the blank."""
    if BLANK in item.stem:
        return blank_backed(item) and any(span.text == item.answer for span in counts(item.source_text))
    found = figure(item.source_text)
    return found is not None and found[1] == item.answer and f"“{found[0]}”" in item.stem


def round_trip(item: QuizItem, checks: Checks, k: int) -> bool:
    """A count's stem finds its sentence; a measured characteristic is read back from its row by
    :func:`backed` (two tables of one notice may give it alike)."""
    return BLANK not in item.stem or search_finds_stem(item, checks, k)


KIND = Kind(
    build=build, backed=backed, round_trip=round_trip, hides_answer=True,
    missing="tài liệu không nêu thông số đo được của hàng hóa (“Kích thước: 63mm x 88mm”) hay số lượng trong mô tả hàng hóa được xác định mã số",
)
