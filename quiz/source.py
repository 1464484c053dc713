"""How stems name their source, and which sentences of a document are worth a question.

A stem names the document the way a trainer would say it ("Theo Kế hoạch số 308/KH-UBND, ..."),
never by a raw upper-case title. Letterheads, the preamble ("Căn cứ ...", "Thực hiện Nghị quyết
..."), "Nơi nhận", signature blocks and schedule lines are not asked about: they test nothing
the document is for.
"""

from __future__ import annotations

import re

from corpus.metadata import AMENDING, KIND_BY_CODE, kind_of_number, trim_title
from corpus.relations import CITED_BY_NAME
from corpus.titlecase import as_sentence
from index.records import DocumentInfo, PassageRecord
from quiz.terms import words_key

_KINDS = set(KIND_BY_CODE.values()) | CITED_BY_NAME
_BOILERPLATE = re.compile(
    r"^\W*(?:căn cứ|nơi nhận|kính gửi|ban hành kèm theo|như trên|lưu\s*:|số\s*:|số\s+\d|tm\.|t/m|kt\.|tl\.|q\.|"
    r"cộng hòa xã hội|độc lập\W+tự do|đảng cộng sản việt nam|\(?đã ký|chủ tịch$|bí thư$|"
    r"thời gian(?: thực hiện| hoàn thành)?\s*:|thời hạn(?: hoàn thành)?\s*:|tiến độ\s*:|"
    r"cơ quan (?:chủ trì|phối hợp)\s*:|đơn vị (?:chủ trì|phối hợp)\s*:|"
    r"(?:luật|bộ luật|nghị định|pháp lệnh|nghị quyết) này (?:đã )?được .{0,120}thông qua|"
    r"(?:quyết định|nghị quyết|nghị định|chỉ thị|kế hoạch|quy định|thông tư|luật) này có hiệu lực)",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[-–•+]|\(?\d+(?:\.\d+)*[.)]|[a-zđ]\))\s*")
_LETTERHEAD = re.compile(r"cộng hòa xã hội|độc lập\W+tự do|-{3,}", re.IGNORECASE)
_PLACE_DATE = re.compile(r"^[^,]{2,40},\s*ngày\s+\d", re.IGNORECASE)
# The sentence that hands the document over to its body ("... ban hành Kế hoạch ... như sau:").
_PREAMBLE_VERB = re.compile(r"^(?:thực hiện|triển khai|căn cứ)\s+(?:nghị quyết|kế hoạch|chỉ thị|quyết định|"
                            r"kết luận|luật|nghị định|thông tư|chương trình|quy định|văn bản|công văn)", re.IGNORECASE)
# The recipients; a consolidated text's notes, which name the texts that amended it and quote
# their own articles ("… Thông tư này áp dụng từ năm ngân sách 2024": another text's "này").
_HEADINGS_NOT_ASKED = re.compile(r"nơi nhận|^chú thích$", re.IGNORECASE)
# Layout a page or a converter left in the text: Markdown emphasis, table pipes, empty quotes, a
# form's dotted fill-in lines ("năm……"),
# a law portal's chrome; and a word split by a stray space ("vũ t rang"): a lone consonant is no
# Vietnamese word (a list letter after "điểm" or before ")" is, and so is a formula's "x").
_DEBRIS = re.compile(
    r"[*|#]|“\s*”|\"\s*\"|…{2,}|\.{4,}|đang tải văn bản|thư viện pháp luật|click|văn bản liên quan|"
    r"(?<!điểm)(?<!tiết)\s(?![aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵ])"
    # A formula's times sign ("Tiền lương 01 tiết dạy x 150%") is no split word.
    r"(?!(?-i:x\s+[\d(\[A-ZĐ]))[b-zđ](?=\s)(?!\s*\))",
    re.IGNORECASE,
)


def sentence_case(text: str) -> str:
    """An all-capitals heading or title written as a sentence, names kept ("KẾ HOẠCH CỦA ĐẢNG BỘ
    TỈNH GIA LAI" → "Kế hoạch của Đảng bộ tỉnh Gia Lai"); mixed-case text is kept as it is."""
    letters = [c for c in text if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return text
    return as_sentence(text)


def doc_label(info: DocumentInfo) -> str:
    """How a stem names its document: "Kế hoạch số 308/KH-UBND", "Luật Cư trú", else its
    title, shortened and never in capitals."""
    kind = info.kind.lower() if info.kind.lower() in _KINDS else kind_of_number(info.number or "")
    title = sentence_case(info.title or "")
    if _LETTERHEAD.search(title):  # a title detected from the letterhead names nothing
        title = ""
    # An amending law is cited by its number ("Luật số 118/2025/QH15"): its title is no name.
    if kind in CITED_BY_NAME and title.lower().startswith(kind) and not (
        info.number and AMENDING.match(title[len(kind):].strip())
    ):
        return trim_title(title, 8)
    if kind and info.number:
        return f"{kind.capitalize()} số {info.number}"
    return trim_title(title or info.id, 16)


def heading_label(heading: str) -> str:
    """A heading as quoted in a stem: sentence case, without its trailing colon."""
    return sentence_case(heading).rstrip(" :.")


def part_headings(passage: PassageRecord) -> tuple[str, ...]:
    """The headings of the parts a passage stands in, without the item's own run-in heading
    (its first words, cut with "…" or whole when the item is one short sentence)."""
    heads = list(passage.headings)
    own = f" {words_key(_BULLET.sub('', passage.text, count=1))} "
    while heads and (heads[-1].endswith("…") or own.startswith(f" {words_key(heads[-1])} ")):
        heads.pop()
    return tuple(heads)


def boilerplate(text: str) -> bool:
    """Whether a sentence is a letterhead, preamble, addressee, signature or schedule line."""
    return bool(_BOILERPLATE.match(text) or _PLACE_DATE.match(text) or _PREAMBLE_VERB.match(text))


# A table row read as text ("174.272: 2; 522.816: 500.000; STT72 PL2"), or a heading that is a
# row's reference code ("STT 1, PL 2, QĐ 66").
_TABLE_ROW = re.compile(r"(?:[^:;]{1,80}:\s*[^:;]{0,80};\s*){2,}|\.:\s")
_CODES = re.compile(r"(?<!\d)(?!(?:19|20)\d\d(?!\d))\d+")


# A Vietnamese syllable ends on a vowel or one of these; a word with Vietnamese letters that
# ends otherwise is a typo of the source ("nâg cao" for "nâng cao").
_FINALS = frozenset(("", "c", "ch", "m", "n", "ng", "nh", "p", "t"))
_CONSONANTS = frozenset("bcdđghklmnpqrstvx")
_WORD_RUN = re.compile(r"\w+")
_ASCII = frozenset("abcdefghijklmnopqrstuvwxyz")


def misspelled(text: str) -> bool:
    """Whether a lower-case word with Vietnamese letters (diacritics) ends on no Vietnamese
    final (names keep theirs: "Đắk Lắk")."""
    for word in _WORD_RUN.findall(text):
        if word.isalpha() and word.islower() and not _ASCII.issuperset(word):
            final = len(word) - len(word.rstrip("".join(_CONSONANTS)))
            if word[len(word) - final :] not in _FINALS:
                return True
    return False


def debris(text: str) -> bool:
    """Whether a sentence carries layout debris (Markdown, pipes, empty quotes, portal chrome, a
    table row read as text), a word split by a stray space or a misspelled word: shown in a
    question it reads as broken, so it is not asked about."""
    return bool(_DEBRIS.search(text) or _TABLE_ROW.search(text) or misspelled(text))


def coded(heading: str) -> bool:
    """Whether a heading holds reference codes and numbers ("STT 1, PL 2, QĐ 66", "Bản chính: 01
    Bản sao: 01"; years do not count): no name of a part."""
    return len(_CODES.findall(heading)) >= 2 or debris(heading)


def askable_passage(passage: PassageRecord, sectioned: bool) -> bool:
    """Whether questions may come from a passage: not the opening block of a document that has
    sections (title, letterhead, preamble), not "Nơi nhận", not a consolidated text's notes."""
    if sectioned and not passage.section:
        return False
    return not any(_HEADINGS_NOT_ASKED.search(h) for h in passage.headings)
