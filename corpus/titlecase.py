"""Sentence case for titles typed in capitals ("TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT SỐ 01/NQ-CP ...
CỦA CHÍNH PHỦ" → "triển khai thực hiện Nghị quyết số 01/NQ-CP ... của Chính phủ").

Lowercasing alone would lose what a reader expects capitalized. Three sources put it back:
acronyms and codes are recognized because they are not Vietnamese syllables (``UBND``,
``GRDP``, ``NQ-CP``) and stay as they are; the document's own running text shows how it writes
a phrase in mid-sentence ("của Chính phủ", "Hội đồng nhân dân (HĐND)", "thành phố Đà Nẵng");
a short list covers the institutions and names that documents always capitalize.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from corpus.normalize import unify_tone_marks

_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
_VOWEL = "aăâeêioôơuưyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
_MARKED_VOWELS = frozenset(_VOWEL) - set("aeiouy")
_SYLLABLE = re.compile(rf"(?P<onset>{_ONSET})(?P<nucleus>[{_VOWEL}]{{1,3}})(?P<coda>ch|ng|nh|[cmnptk])?")
# A vowel group ending in a glide takes no final consonant ("lai", never "lait"), but for "uy"
# ("huỳnh", "tuýt") and "oo" ("xoong").
_GLIDES = frozenset("iìíỉĩịyỳýỷỹỵoòóỏõọuùúủũụ")
_TONELESS = str.maketrans("ìíỉĩịỳýỷỹỵòóỏõọùúủũụ", "iiiiiyyyyyooooouuuuu")
_ROMAN = re.compile(r"[IVXLC]+")
# Words after which a Roman numeral is a number ("khóa XIII", "lần thứ IV", "Chương II",
# "khu vực XI").
_ROMAN_AFTER = frozenset("khóa khoá thứ chương phần mục kỳ hội vực".split())
_WORD = re.compile(r"[^\W_]+")
# Where a sentence starts: punctuation, a line break, a bullet or an item number ("a)", "2.").
_SENTENCE_START = re.compile(r"[.!?;:\n]|^\s*(?:[-+•*]|\(?[0-9a-zđIVX]{1,4}[.)\-])", re.MULTILINE)
_MAX_PHRASE = 6
# A code: letters joined to digits by a dash or a slash ("230-KH/TU", "01/NQ-CP").
_IN_CODE = re.compile(r"\d[-/]|[-/]\d")
# Names documents capitalize, for titles whose body does not show them in mid-sentence; the
# lowercase entries keep common nouns built on a name in lowercase ("Đảng" but "đảng viên").
_KNOWN = (
    "Ban Chấp hành Trung ương", "Ban Chấp hành", "Bộ Chính trị", "Ban Bí thư", "Trung ương", "Chính phủ",
    "Quốc hội", "Thủ tướng Chính phủ", "Ủy ban nhân dân", "Hội đồng nhân dân",
    "Mặt trận Tổ quốc Việt Nam", "Đảng Cộng sản Việt Nam", "Việt Nam", "Tổ quốc",
    "Hồ Chí Minh", "Hà Nội", "Đại hội", "Nhân dân", "Ban Thường vụ", "Tỉnh ủy", "Thành ủy",
    "Huyện ủy", "Ủy ban Kiểm tra", "Ban Tổ chức", "Ban Tuyên giáo", "Đảng", "Đảng bộ",
    "đảng viên", "tổ chức đảng", "cấp ủy đảng", "chi bộ đảng", "Cục Hải quan", "Cục Thuế",
    "Trung tâm Phục vụ", "Văn phòng Chính phủ", "Bộ Tài chính", "Bộ Công Thương",
    "Ban Tuyên giáo và Dân vận", "Ban Dân vận", "Ban Nội chính", "Ngân hàng Nhà nước",
    "Hội nghị lần thứ", "Hội nghị Trung ương", "Đại hội đại biểu toàn quốc",
    # Bodies of the people, whose "nhân dân" stays lowercase beside the Nhân dân (the people).
    "Tòa án nhân dân", "Viện kiểm sát nhân dân", "Công an nhân dân", "Quân đội nhân dân",
    "Đoàn Thanh niên Cộng sản", "Ban cán sự đảng",
)
_KNOWN_LOWER = frozenset(name.lower() for name in _KNOWN)

def _overriding(name: str) -> bool:
    """Whether a known name writes a shorter known name in it otherwise: "Tòa án nhân dân" holds
    "Nhân dân" (the people) in lowercase."""
    words = name.split()
    return any(
        " ".join(words[i:j]) != other and " ".join(words[i:j]).lower() == other.lower()
        for other in _KNOWN for i in range(len(words)) for j in range(i + 1, len(words) + 1)
    )


# The known names written over whatever phrase a title's casing ended inside them, longest first.
_OVERRIDING = sorted(
    ((tuple(name.lower().split()), tuple(name.split())) for name in _KNOWN if _overriding(name)),
    key=lambda pair: -len(pair[0]),
)
# Administrative units whose name ends a title or an issuer ("... TỈNH ĐỒNG NAI", "HUYỆN ỦY
# XUÂN LỘC"): the name's syllables are capitalized.
_UNITS = tuple(
    unit.split()
    for unit in (
        "thành phố", "thị xã", "thị trấn", "tỉnh ủy", "thành ủy", "huyện ủy", "quận ủy", "thị ủy",
        "đảng ủy", "đặc khu", "tỉnh", "huyện", "quận", "phường", "xã",
    )
)
_MAX_PLACE_WORDS = 4
# Provinces are named in mid-title too ("ĐẢNG BỘ TỈNH GIA LAI PHÁT HUY …"), where nothing else
# tells where a place's name ends; after "tỉnh" or "thành phố" a province's name is one.
_PROVINCES = sorted(
    {
        tuple(unify_tone_marks(line).lower().replace(" - ", " ").split())
        for line in (Path(__file__).parent / "data" / "provinces.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    },
    key=len,
    reverse=True,
)
_PROVINCE_SET = frozenset(_PROVINCES)
_PROVINCE_UNITS = (("tỉnh",), ("thành", "phố"))
_TERM_WORDS = frozenset({"khóa", "nhiệm", "lần"})
_PLURAL = frozenset({"các", "những", "mọi", "từng"})
# A document kind followed by its number is a name: "Nghị quyết số 01/NQ-CP", "Kế hoạch 230-KH/TU".
_CITED_KIND = re.compile(
    r"\b(nghị quyết|quyết định|quy định|nghị định|thông tư|chỉ thị|kế hoạch|kết luận|hướng dẫn"
    r"|thông báo|thông tri|công điện|chương trình|đề án|luật|bộ luật|pháp lệnh)(?=\s+(?:số\s+)?\d)"
)


def opens_with_name(text: str) -> bool:
    """Whether ``text`` opens with a known name as written ("Hội nghị lần thứ tám …", "Ban Bí
    thư …"): its first letter stays a capital in mid-sentence."""
    return any(name[0].isupper() and (text == name or text.startswith(name + " ")) for name in _KNOWN)


def is_caps(text: str) -> bool:
    """Whether the letters of ``text`` are all capitals (at least two of them)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def sentence_case(text: str, body: str = "", *, place_name: bool = True, names_first: bool = False) -> str:
    """``text`` (in capitals) in lowercase except acronyms, codes, Roman numerals and the
    phrases that ``body`` or the list of known names capitalize. The first letter is left
    lowercase too: the caller decides what the title starts with. ``place_name``: the words
    after an administrative unit at the end are a place's name (a title's "… TỈNH ĐỒNG NAI"; not
    a question's "… tỉnh phải làm gì"). ``names_first``: a known name keeps its capitals even
    where the body writes the phrase in lowercase (an issuer is that one body: "Ban Thường vụ
    Tỉnh ủy", though a rule for every province writes "ban thường vụ tỉnh ủy")."""
    words = list(_WORD.finditer(text))
    cased = [
        # A word of a code keeps its case: "230-KH/TU" (whose "TU" is also a syllable).
        m.group(0) if _IN_CODE.search(_run(text, m)) else _lower_word(m.group(0), words[i - 1].group(0) if i else "")
        for i, m in enumerate(words)
    ]
    hints = _hints(body, [w.lower() for w in cased], names_first)
    i, shortest = 0, 1
    while i < len(cased):
        for size in range(min(_MAX_PHRASE, len(cased) - i), shortest - 1, -1):
            form = hints.get(tuple(w.lower() for w in cased[i:i + size]))
            if form:
                cased[i:i + size] = [_apply(word, shape) for word, shape in zip(cased[i:i + size], form)]
                # The last word may open the next phrase ("... tỉnh Đồng" + "Đồng Nai"), not be
                # written again alone ("tổ chức đảng", not "tổ chức" + "Đảng").
                i, shortest = i + max(size - 1, 1), 2 if size > 1 else 1
                break
        else:
            i, shortest = i + 1, 1
    if names_first:
        _known_names(cased)
    for k, match in enumerate(words):
        if body and cased[k] == match.group(0) and len(cased[k]) >= 2 and cased[k].isupper() and is_acronym(cased[k]):
            cased[k] = _loanword(cased[k], body) or cased[k]
    _province_names(cased)
    if body:
        _quoted_names(text, words, cased, body)
    if place_name:
        _place_name(text, words, cased)
    out, last = [], 0
    for match, word in zip(words, cased):
        out.append(text[last:match.start()])
        out.append(word)
        last = match.end()
    out.append(text[last:])
    result = "".join(out)
    return _CITED_KIND.sub(lambda m: m.group(1)[0].upper() + m.group(1)[1:], result)


def as_sentence(text: str, *, place_name: bool = True) -> str:
    """``text`` in capitals written as a sentence: :func:`sentence_case` with a capital first
    letter ("NHIỆM VỤ CỦA ĐẢNG BỘ TỈNH GIA LAI" → "Nhiệm vụ của Đảng bộ tỉnh Gia Lai")."""
    cased = sentence_case(text, place_name=place_name)
    return cased[:1].upper() + cased[1:]


def _known_names(cased: list[str]) -> None:
    """Write the known names that hold another otherwise as the list does, the longest first: a
    phrase the body capitalized may have ended inside one ("Hội đồng Thẩm phán Tòa án" + "nhân dân
    tối cao"), and "Nhân dân" alone is the people, not the "nhân dân" of "Tòa án nhân dân"."""
    lowered = [w.lower() for w in cased]
    taken = [False] * len(cased)
    for key, form in _OVERRIDING:
        size = len(key)
        for start in range(len(cased) - size + 1):
            if tuple(lowered[start:start + size]) == key and not any(taken[start:start + size]):
                cased[start:start + size] = [_apply(w, shape) for w, shape in zip(cased[start:start + size], form)]
                taken[start:start + size] = [True] * size


def _loanword(word: str, body: str) -> str:
    """How ``body`` most often writes a word in capitals that is no Vietnamese syllable, if not in
    capitals: a loanword or a name ("INTERNET" → "Internet", "SUNRISE" → "Sunrise" though the
    investor's name is in capitals once), not an acronym ("UBND"); else ``""``."""
    forms: Counter[str] = Counter()
    for match in re.finditer(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", body, flags=re.IGNORECASE):
        start, end = body.rfind("\n", 0, match.start()) + 1, body.find("\n", match.end())
        if not is_caps(body[start:end if end >= 0 else len(body)]):  # a heading in capitals (the title itself) does not vote
            forms[match.group(0)] += 1
    form = forms.most_common(1)[0][0] if forms else word
    return "" if form == word else form


def _run(text: str, match: re.Match[str]) -> str:
    """The run of non-blank characters a word stands in ("230-KH/TU" for "TU")."""
    start, end = match.start(), match.end()
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


def _quoted_names(text: str, words: list[re.Match[str]], cased: list[str], body: str) -> None:
    """A phrase the title quotes opens with a capital where the body quotes it so: "DANH HIỆU
    “NGHỆ NHÂN NHÂN DÂN”" is the body's "danh hiệu “Nghệ nhân nhân dân”" (a quotation in the body
    alone, "tội “Lừa đảo …”", leaves an unquoted title's words as they are)."""
    for k, match in enumerate(words):
        if match.start() and text[match.start() - 1] in _OPENING_QUOTES and cased[k].islower():
            capital = cased[k][0].upper() + cased[k][1:]
            if re.search(rf"[{''.join(_OPENING_QUOTES)}]{re.escape(capital)}\b", body):
                cased[k] = capital


def is_province(words: list[str]) -> bool:
    """Whether the words are a province's or a centrally-governed city's name ("GIA LAI")."""
    return tuple(unify_tone_marks(w.lower()) for w in words) in _PROVINCE_SET


def _province_names(cased: list[str]) -> None:
    """Capitalize a province's name after "tỉnh" or "thành phố", wherever it stands."""
    lowered = [unify_tone_marks(w.lower()) for w in cased]
    for k in range(1, len(cased)):
        if not any(tuple(lowered[max(k - len(unit), 0):k]) == unit for unit in _PROVINCE_UNITS):
            continue
        for name in _PROVINCES:
            if tuple(lowered[k:k + len(name)]) == name:
                cased[k:k + len(name)] = [w[0].upper() + w[1:].lower() for w in cased[k:k + len(name)]]
                break


def _place_name(text: str, words: list[re.Match[str]], cased: list[str]) -> None:
    """Capitalize the name after an administrative unit at the end of ``text``: "tỉnh đồng nai"
    → "tỉnh Đồng Nai"; also before a committee that ends it ("đảng bộ tỉnh đồng nai tỉnh ủy": a
    letterhead's two lines run into one)."""
    lowered = [w.lower() for w in cased]
    end = len(cased)
    if end >= 2 and lowered[-1] == "ủy" and lowered[-2:] in _UNITS:
        end -= 2
    for size in range(1, _MAX_PLACE_WORDS + 1):
        start = end - size
        gaps = (text[words[j - 1].end():words[j].start()] for j in range(start, end))
        if start < 1 or any(gap.strip(" -") for gap in gaps):
            return  # the name would span punctuation ("Bà Rịa - Vũng Tàu" is one name)
        if any(c.isdigit() for w in cased[start:end] for c in w):
            return
        if lowered[start] in {"ủy", "hội"}:
            continue  # "tỉnh ủy" is itself a unit; "xã hội" is society, not a commune
        if lowered[start] in _TERM_WORDS:
            return  # "Ban Chấp hành Đảng bộ tỉnh khóa I": a term, no place
        if any(tuple(lowered[start:end]) == tuple(unit) for unit in _UNITS):
            return  # "… Đảng ủy phường": the ward's own committee, no place named
        for unit in _UNITS:
            if lowered[max(start - len(unit), 0):start] == unit:
                if lowered[max(start - len(unit) - 1, 0)] in _PLURAL:
                    return  # "các xã biên giới đất liền": communes of a kind, no one commune's name
                if " ".join(lowered[start:end]) not in _KNOWN_LOWER:  # "Đảng ủy Chính phủ" names no place
                    cased[start:end] = [w[0].upper() + w[1:].lower() for w in cased[start:end]]
                return


def is_syllable(word: str) -> bool:
    """Whether a word is spelled as one Vietnamese syllable could be ("ngoài", "có"; not "àiđã")."""
    match = _SYLLABLE.fullmatch(word.lower())
    if not match:
        return False
    nucleus = match.group("nucleus")
    return not (match.group("coda") and len(nucleus) > 1 and nucleus[-1] in _GLIDES
                and nucleus.translate(_TONELESS) not in ("uy", "oo"))


def onset_length(word: str) -> int:
    """How many letters open a syllable before its vowels ("thuế": 2, "huế": 1); 0 for a word
    that is no syllable."""
    match = _SYLLABLE.fullmatch(word.lower())
    return len(match.group("onset")) if match and is_syllable(word) else 0


def is_acronym(word: str) -> bool:
    """A token that is not a Vietnamese syllable: an acronym or code ("UBND", "GRDP", "NQ").
    A word with a marked vowel is Vietnamese even where the syllable pattern misses it (the
    place names "ĐẮK LẮK")."""
    lowered = word.lower()
    if any(c in _MARKED_VOWELS for c in lowered):
        return False
    return not word.isdigit() and not is_syllable(lowered)


def _lower_word(word: str, before: str) -> str:
    if any(c.isdigit() for c in word) or not word.isupper():
        return word
    if _ROMAN.fullmatch(word) and (len(word) >= 3 or before.lower() in _ROMAN_AFTER):
        return word
    if len(word) >= 2 and is_acronym(word):
        return word
    return word.lower()


def _apply(word: str, shape: str) -> str:
    """``word`` with the capitalization of ``shape`` (same word, another case)."""
    if word.lower() != shape.lower() or (is_caps(word) and len(word) >= 2 and is_acronym(word)):
        return word
    return shape


_OPENING_QUOTES = frozenset("\"“‘«'")


def _hints(body: str, title: list[str], names_first: bool = False) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Phrases of the title (lowercased word tuples) → how to write them: as the body writes
    them in mid-sentence when it mostly capitalizes them, else as the known names do (first, with
    ``names_first``)."""
    wanted = {tuple(title[i:i + n]) for n in range(1, _MAX_PHRASE + 1) for i in range(len(title) - n + 1)}
    hints: dict[tuple[str, ...], tuple[str, ...]] = {}
    for name in _KNOWN:
        key = tuple(name.lower().split())
        if key in wanted:
            hints[key] = tuple(name.split())
    known = set(hints)
    firsts = {key[0] for key in wanted}
    forms: dict[tuple[str, ...], Counter[tuple[str, ...]]] = {}
    # The title's words are compared in one tone-mark placement: a body writing "tỉnh uỷ quyền"
    # still votes for the lowercase of "TỈNH ỦY QUYỀN".
    for sentence in _SENTENCE_START.split(unify_tone_marks(body)):
        matches = list(_WORD.finditer(sentence))
        tokens = [m.group(0) for m in matches]
        lowered = [t.lower() for t in tokens]
        # So is a quotation's, which does not vote either: the crime of "Lừa đảo chiếm đoạt tài sản".
        quoted = [j for j, m in enumerate(matches) if m.start() and sentence[m.start() - 1] in _OPENING_QUOTES]
        for i in range(1, len(tokens)):  # the first word of a sentence is capitalized anyway
            if lowered[i] not in firsts:
                continue
            if lowered[i - 1] == "luật" or lowered[max(i - 2, 0):i] == ["pháp", "lệnh"]:
                continue  # "Luật Phòng, chống …": the law's name has the capital, not "phòng, chống"
            for n in range(2, min(_MAX_PHRASE, len(tokens) - i) + 1):
                if any(i <= j < i + n for j in quoted):
                    break
                key = tuple(lowered[i:i + n])
                form = tuple(tokens[i:i + n])
                if key in wanted and not any(len(w) >= 2 and w.isupper() and not is_acronym(w) for w in form):
                    forms.setdefault(key, Counter())[form] += 1  # headings in capitals do not vote
    for key, counts in forms.items():
        if names_first and any(key[i:j] in known for i in range(len(key)) for j in range(i + 1, len(key) + 1)):
            continue  # a phrase holding a known name is written as the name is
        capitalized = Counter({form: n for form, n in counts.items() if any(w[0].isupper() for w in form)})
        if sum(capitalized.values()) * 2 > sum(counts.values()):
            hints[key] = capitalized.most_common(1)[0][0]
        else:
            hints[key] = key  # this document writes the phrase in lowercase, whatever the list says
    return hints


def _letters(test: str) -> str:
    blocks = (range(0xC0, 0x250), range(0x1E00, 0x1F00))
    return "".join(chr(c) for block in blocks for c in block if chr(c).isalpha() and getattr(chr(c), test)())


# One letter in capitals, or in lowercase, as the body of a regex character class. A range such as
# "À-Ỹ" takes in every letter coded between, lowercase ones too (à, đ, ư, ợ …): "… trí tuệ...
# được đẩy mạnh" was cut as if a sentence began at "được".
UPPER = "A-Z" + _letters("isupper")
LOWER = "a-z" + _letters("islower")
