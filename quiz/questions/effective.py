"""``effective``: from when a numbered document takes effect ("Nghị định số 158/2025/NĐ-CP có
hiệu lực thi hành từ khi nào?"), read from its own closing clause ("Nghị định này có hiệu lực thi
hành từ ngày 01 tháng 7 năm 2025", "… kể từ ngày ký", "… từ ngày được thông qua").

The options are the moments documents really take effect from: the day they are signed, the day
a body passes them, a date. A date offered is never the day the document was signed when "from
signing" is among the options (both would be right), nor before it."""

from __future__ import annotations

import datetime
import random
import re
from collections.abc import Iterator

from quiz.items import QuizItem
from quiz.questions.base import OPTIONS, Checks, Context, Kind
from quiz.questions.subject import document_item, of_document
from quiz.sentences import Sentence

_SIGNED = "Từ ngày ký"
_PASSED = "Từ ngày được thông qua"
# A document whose page lost its date, taking effect when signed: no date can be offered (any
# could be its signing day), but the periods after signing documents take effect after can ("…
# có hiệu lực sau 45 ngày kể từ ngày ký"), written so that none holds the key's "từ ngày ký".
_AFTER_SIGNING = tuple(f"{days} ngày sau ngày ký" for days in (10, 15, 45))
# "Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2025", "Thông báo này có hiệu lực
# từ ngày ký", "Quy định này thay thế Quy định số 270-QĐ/TW … và có hiệu lực thi hành kể từ ngày
# ký": the document's own clause, not a sentence about a time before it took effect ("Trường hợp …
# trước ngày Nghị định này có hiệu lực").
_CLAUSE = re.compile(
    r"^\W*(?:\d+\.\s*)?(?:Điều\s+\d+\.\s*)?[A-ZĐ]\w*(?:\s+\w+)?\s+(?:này\s+(?:[^.;]{0,200}?\svà\s+)?)?"
    r"có hiệu lực(?:\s+thi hành)?\s+(?:kể\s+)?từ\s+"
    r"(?P<when>ngày\s+(?:ký|ban hành|được thông qua|(?P<d>\d{1,2})\s*(?:tháng\s*|/)\s*(?P<m>\d{1,2})\s*(?:năm\s*|/)\s*(?P<y>\d{4})))",
)


# "Quyết định này có hiệu lực theo Quyết định số 3740/QĐ-BTC ngày 05/11/2025 của Bộ trưởng Bộ Tài
# chính": a decision publishing a ministry's procedures takes effect with the ministry's decision.
_BY = re.compile(
    r"^\W*(?:Điều\s+\d+\.\s*)?[A-ZĐ]\w*(?:\s+\w+)?\s+này\s+có hiệu lực(?:\s+thi hành)?\s+(?:kể\s+từ\s+ngày\s+)?theo\s+"
    r"(?P<doc>(?:Quyết định|Nghị định|Thông tư|Nghị quyết)\s+số\s+\d+/[\w/.-]*\w)"
)
# A numbered document as a text names it, its kind said by its number's code when the number
# stands alone ("các Quyết định …: số 761/QĐ-UBND …; số 810/QĐ-UBND …").
_NUMBERED = re.compile(r"(?<!\w)số\s+(?P<number>\d+/(?:\d{4}/)?(?P<code>QĐ|NĐ|TTLT|TT|NQ)-[\w-]*\w)")
_KINDS = {"QĐ": "Quyết định", "NĐ": "Nghị định", "TTLT": "Thông tư liên tịch", "TT": "Thông tư", "NQ": "Nghị quyết"}


def numbered_texts(text: str) -> list[str]:
    """The numbered texts a text names, in order, each once, by kind and number ("Quyết định số
    761/QĐ-UBND", "Thông tư liên tịch số 07/2013/TTLT-BGDĐT-BNV-BTC")."""
    return list(dict.fromkeys(f"{_KINDS[m['code']]} số {m['number']}" for m in _NUMBERED.finditer(text)))


def _by_reference(ctx: Context, doc_id: str, info: object, label: str, seed: int) -> Iterator[QuizItem | None]:
    """The document whose effect a document follows ("… có hiệu lực theo Quyết định số
    3740/QĐ-BTC …"), among the other documents its text names by number, of the key's kind first
    (the decisions whose procedures it amends, say)."""
    found = next(((s, m) for s in ctx.every_sentence(doc_id) if (m := _BY.match(s.text))), None)
    if found is None:
        return
    sentence, match = found
    key = " ".join(match["doc"].split())
    own = getattr(info, "number", "") or "-"
    named = [t for t in numbered_texts(ctx.lib.document_text(doc_id)) if not t.endswith(f" số {own}")]
    others = [d for d in named if d != key]
    kind = key.split(" số ")[0]
    rng = random.Random(f"{seed}|effective|{doc_id}|by")
    rng.shuffle(others)
    others.sort(key=lambda d: not d.startswith(kind))
    # The key's kind among a majority of its options, or it stands out ("the only Quyết định").
    enough = len(others) >= OPTIONS - 1 and sum(d.startswith(kind) for d in others[: OPTIONS - 1]) >= 2
    yield document_item(ctx, info, "effective", sentence, f"{label} có hiệu lực theo văn bản nào?", key,
                        others[: OPTIONS - 1] if enough else None, seed, 2)


# "Việc chi trả tiền lương dạy thêm giờ cho nhà giáo năm học 2024 - 2025 thực hiện theo quy định
# tại Thông tư liên tịch số 07/2013/TTLT-BGDĐT-BNV-BTC …": a transition, the period the text it
# replaces still governs. Asked by what is done in that period, up to the text named.
_TRANSITION = re.compile(
    r"^\W*(?:\d+\.\s*)?(?P<what>[A-ZĐ][^.;:]{10,200}?\b(?:năm học|năm tài chính|năm)\s+\d{4}(?:\s*[-–]\s*\d{4})?)"
    r"\s+(?:tiếp tục\s+)?thực hiện theo(?:\s+quy định tại)?\s+"
    r"(?P<doc>(?:Thông tư liên tịch|Thông tư|Nghị định|Quyết định|Nghị quyết)\s+số\s+\d+/[\w/.-]*\w)"
)


def _transition(ctx: Context, doc_id: str, info: object, label: str, seed: int) -> Iterator[QuizItem | None]:
    """The text a period before the document applies still follows ("… năm học 2024 - 2025 thực
    hiện theo văn bản nào?"): among the document itself, the obvious wrong answer, and the other
    texts it names by number (the decrees its preamble rests on)."""
    found = next(((s, m) for s in ctx.every_sentence(doc_id) if (m := _TRANSITION.match(s.text))), None)
    if found is None:
        return
    sentence, match = found
    key = " ".join(match["doc"].split())
    own = f"{info.kind.capitalize()} số {info.number}" if getattr(info, "kind", "") and getattr(info, "number", "") else ""
    named = [d for d in numbered_texts(ctx.lib.document_text(doc_id)) if d != key and getattr(info, "number", "-") not in d]
    rng = random.Random(f"{seed}|effective|{doc_id}|transition")
    rng.shuffle(named)
    others = [own, *named] if own else named
    what = match["what"][:1].lower() + match["what"][1:]
    yield document_item(ctx, info, "effective", sentence, f"Theo {label}, {what} thực hiện theo văn bản nào?", key,
                        others[: OPTIONS - 1] if len(others) >= OPTIONS - 1 else None, seed, 2)


# "Dân quân thường trực vào viện điều trị trước ngày Nghị định này có hiệu lực nhưng ra viện từ
# ngày Nghị định có hiệu lực thì được quỹ bảo hiểm y tế thanh toán … theo quy định của Nghị định
# này": a case straddling the day the document takes effect, and the text that governs it (the
# document itself, or the one it replaces). Asked up to the text, which is left out.
_KIND_NAMES = r"(?:Thông tư liên tịch|Thông tư|Nghị định|Quyết định|Nghị quyết)"
_STRADDLE = re.compile(
    rf"^\W*(?:\d+\.\s*)?(?P<case>[A-ZĐ][^.;]{{10,250}}?\btrước ngày {_KIND_NAMES} này có hiệu lực\b[^.;]{{0,200}}?)"
    rf"\s+thì\s+(?P<what>[^.;]{{5,200}}?)\s+theo quy định (?:tại|của)\s+"
    rf"(?P<doc>{_KIND_NAMES}\s+(?:này\b|số\s+\d+/[\w/.-]*\w))"
)


_OTHER_CASE = re.compile(r"\btrừ (?:trường hợp|khi)\b", re.IGNORECASE)


def _straddling(ctx: Context, doc_id: str, info: object, label: str, seed: int) -> Iterator[QuizItem | None]:
    """The text that governs a case straddling the day the document takes effect ("… thì được quỹ
    bảo hiểm y tế thanh toán … theo quy định của văn bản nào?"): among the document itself and
    the other texts it names by number (the text it amends, first of all)."""
    own = f"{info.kind.capitalize()} số {info.number}" if getattr(info, "kind", "") and getattr(info, "number", "") else ""
    if not own:
        return
    named = [d for d in numbered_texts(ctx.lib.document_text(doc_id)) if getattr(info, "number", "-") not in d]
    for sentence in ctx.every_sentence(doc_id):
        match = _STRADDLE.match(sentence.text)
        # "… theo quy định tại Thông tư số 12/2025/TT-BCT, trừ trường hợp bên bán điện lựa chọn
        # áp dụng Thông tư này …": another text for another case, both right.
        if match is None or _OTHER_CASE.search(sentence.text, match.end()):
            continue
        key = own if match["doc"].endswith(" này") else " ".join(match["doc"].split())
        others = [d for d in [own, *named] if d != key]
        rng = random.Random(f"{seed}|effective|{doc_id}|straddle|{sentence.start}")
        rng.shuffle(others)
        case = match["case"][:1].lower() + match["case"][1:]
        yield document_item(
            ctx, info, "effective", sentence,
            f"Theo {label}, {case} thì {match['what']} theo quy định của văn bản nào?", key,
            others[: OPTIONS - 1] if len(others) >= OPTIONS - 1 else None, seed, 2,
        )


def _moment(match: re.Match[str]) -> tuple[str, datetime.date | None] | None:
    """The clause's moment as an option reads it, with its date when it names one."""
    when = match["when"]
    if match["y"]:
        try:
            day = datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            return None
        return _dated(day), day
    if when.endswith("thông qua"):
        return _PASSED, None
    return _SIGNED, None  # "ngày ký" and "ngày ban hành" are one day


def _dated(day: datetime.date) -> str:
    return f"Từ ngày {day.day:02d}/{day.month:02d}/{day.year}"


def _first_of_month(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


def _other_moments(key: str, key_day: datetime.date | None, signed: datetime.date | None,
                   passed_by_a_body: bool, on_signing: bool, rng: random.Random) -> list[str]:
    """Three moments a reader could take for the key: from signing (or passing, for a resolution
    a body votes), and dates on the first of a month after the signing, as laws take effect (for
    a document taking effect when signed whose date is lost, periods after signing)."""
    others = [] if on_signing else [_PASSED if passed_by_a_body else _SIGNED]
    base = key_day or signed
    if base is not None:
        dates = {_first_of_month(base, n) for n in (-1, 1, 2, 6) if n > 0 or key_day is not None}
        dates.add(datetime.date(base.year + 1, 1, 1))
        # A date is never before the document was signed, nor its signing day offered beside
        # "from signing".
        dates = {d for d in dates if d != key_day and (signed is None or d > signed)}
        picked = sorted(dates)
        rng.shuffle(picked)
        others += [_dated(d) for d in picked]
    elif key == _SIGNED:
        others += _AFTER_SIGNING
    return [o for o in dict.fromkeys(others) if o != key][: OPTIONS - 1]


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """Per numbered document: the moment its own closing clause says it takes effect."""
    for doc_id in dict.fromkeys(s.passage.doc_id for s in sources):
        info, label = ctx.documents[doc_id], ctx.labels[doc_id]
        if not info.number or info.number not in label:
            continue
        yield from _transition(ctx, doc_id, info, label, seed)
        yield from _straddling(ctx, doc_id, info, label, seed)
        found = next(((s, m) for s in ctx.every_sentence(doc_id) if (m := _CLAUSE.match(s.text))), None)
        if found is None:
            yield from _by_reference(ctx, doc_id, info, label, seed)
            continue
        sentence, match = found
        moment = _moment(match)
        if moment is None:
            continue
        key, key_day = moment
        try:
            signed = datetime.date.fromisoformat(info.date) if len(info.date) == 10 else None
        except ValueError:
            signed = None
        if key_day is not None and signed is not None and key_day < signed:
            continue
        # A resolution its body votes on takes effect when passed; the other kinds when signed.
        passed_by_a_body = key == _PASSED or (info.kind or "").lower() == "nghị quyết"
        # Effect on the signing day, stated as a date, is no choice between the two.
        on_signing = key_day is not None and key_day == signed
        distractors = _other_moments(
            key, key_day, signed, passed_by_a_body, on_signing, random.Random(f"{seed}|effective|{doc_id}"),
        )
        if len(distractors) < OPTIONS - 1:
            yield None
            continue
        yield of_document(info, ctx.item(
            "effective", sentence, f"{label} có hiệu lực thi hành từ khi nào?", key, distractors,
            f"Văn bản nêu: “{sentence.text}”", ("effective",), 1, seed,
        ))


def backed(item: QuizItem, checks: Checks) -> bool:
    """The key is what the quoted clause says."""
    transition = _TRANSITION.match(item.source_text)
    if transition and item.stem.endswith(" thực hiện theo văn bản nào?"):
        return " ".join(transition["doc"].split()) == item.answer
    straddle = _STRADDLE.match(item.source_text)
    if straddle and item.stem.endswith(" theo quy định của văn bản nào?"):
        if not straddle["doc"].endswith(" này"):
            return " ".join(straddle["doc"].split()) == item.answer
        info = checks.lib.document(item.doc_id)
        return item.answer == f"{info.kind.capitalize()} số {info.number}" and straddle["doc"].startswith(info.kind.capitalize())
    if item.stem.endswith("theo văn bản nào?"):
        by = _BY.match(item.source_text)
        return by is not None and " ".join(by["doc"].split()) == item.answer
    match = _CLAUSE.match(item.source_text)
    moment = _moment(match) if match else None
    return moment is not None and moment[0] == item.answer


KIND = Kind(
    build=build, backed=backed, round_trip=None, of_document=True,
    first=True, most=0.1,
    missing="tài liệu không ghi rõ thời điểm có hiệu lực (“… này có hiệu lực thi hành từ ngày …”)",
)
