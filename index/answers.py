"""What kind of answer a question asks for, and whether a passage holds one.

"Bao nhiêu tiết …?", "bao lâu …?", "mức phụ cấp bao nhiêu?", "có hiệu lực từ ngày nào?": a
third of the questions cadres ask want a count, a length of time, an amount of money, a share or
a date. The passage that answers states one ("không quá 200 tiết", "05 ngày làm việc",
"1.170.000 đồng", "ngày 21 tháng 11 năm 2025"); its sibling passages on the same subject often
do not. The search gives the candidates that hold the asked-for shape a small lift
(``RankingParams.answer_lift``); it never removes a candidate.

Questions and passages are compared ignoring case, folded (without diacritics) when the question was
typed không dấu.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from corpus.normalize import fold, has_diacritics, normalize

_NUMBER = r"\d[\d.,]*"
# Written-out numbers ("mười hai", "năm") the documents put in brackets beside the digits, or
# the digits in brackets after the words: "12 (mười hai) thủ tục", "Năm (05) ngày làm việc".
_ASIDE = r"\)?\s*(?:\([^()\d]{1,30}\)\s*)?"
# A count may be written out ("chở tối đa hai người").
_COUNTING = r"(?:\d[\d.,]*|\b(?:một|hai|ba|bốn|tư|năm|sáu|bảy|tám|chín|mười|mươi|trăm)\b)"
_TIME_UNITS = "ngày|tháng|năm|giờ|tuần|phút|quý"
_YEARS = r"|năm \d{4}\s*(?:-|đến)\s*(?:năm )?\d{4}"
_DURATION = rf"{_COUNTING}{_ASIDE}(?:{_TIME_UNITS})\b{_YEARS}"
_MONEY = rf"{_NUMBER}\s*(?:đồng|nghìn|ngàn|triệu|tỷ)\b"
_SHARE = rf"{_NUMBER}\s*%|phần trăm"
_DATE = (
    r"ngày \d{1,2}(?:/\d{1,2}| tháng \d{1,2})|\d{1,2}/\d{1,2}/\d{4}|tháng \d{1,2}(?:/| năm )\d{4}"
    r"|năm \d{4}|kể từ ngày"
)

# When a text takes effect: "có hiệu lực (thi hành) (kể) từ ngày …", "được áp dụng từ ngày …";
# not when the text it replaces ends ("Thông tư số 33/2015/TT-BYT … hết hiệu lực kể từ ngày …").
_IN_FORCE = r"(?<!hết )hiệu lực(?: thi hành)?\s*(?:kể\s+)?từ|áp dụng\s*(?:kể\s+)?từ ngày"

# What a text replaces: "Quy định này thay thế Quy định số 270-QĐ/TW …", "… thay thế Quyết định số …".
_REPLACES = (
    r"thay thế (?:cho )?(?:các |những )?(?:quyết định|quy định|nghị định|nghị quyết|thông tư|chỉ thị|kết luận"
    r"|hướng dẫn|kế hoạch|quy chế|luật|pháp lệnh|văn bản)"
)

# A question's words → the shape of its answer, first match wins (the more specific first).
_ASKED: tuple[tuple[str, str], ...] = (
    # "… thay cho văn bản nào?", "… thay thế quyết định nào trước đó?": the sentence naming it.
    (r"\bthay (?:thế|cho)\b.*\bnào\b", _REPLACES),
    # "… có hiệu lực từ khi nào?", "… bắt đầu áp dụng từ ngày nào?": the text's own sentence says
    # so; the other dates of an amending text do not answer it.
    (r"(?:hiệu lực|áp dụng|thi hành)\b.*(?:(?:ngày|khi|lúc|thời điểm) nào|bao giờ)", _IN_FORCE),
    # "… kéo dài mấy năm?": in years, not the "01 ngày/hội nghị" of one of its steps.
    *((rf"(?:bao nhiêu|mấy) {unit}\b", rf"{_COUNTING}{_ASIDE}{unit}\b" + (_YEARS if unit == "năm" else ""))
      for unit in _TIME_UNITS.split("|")),
    (r"bao lâu|thời hạn .*bao nhiêu", _DURATION),
    (r"bao nhiêu (?:phần trăm|%)|tỷ lệ .*bao nhiêu", _SHARE),
    (r"bao nhiêu tiền|(?:tiền|kinh phí|lệ phí|phí|giá|vốn|lương|phụ cấp|trợ cấp) .*bao nhiêu", _MONEY),
    (r"(?:ngày|năm|tháng|thời điểm|hôm) nào|bao giờ", _DATE),
)
# Who holds a post: "Ai làm Trưởng ban …?", "Phó Trưởng ban thường trực là ai?". A committee's
# members list names each person with the post last ("1. Đồng chí …, Bí thư Tỉnh ủy - Trưởng Ban.")
# or first ("Trưởng ban: đồng chí …"); a deputy's post ("- Phó Trưởng Ban.") is not the head's, and
# the head of another body named on the way ("Trưởng Ban Tuyên giáo …, Phó Trưởng Ban") is not it.
_POST = (
    r"(?:phó\s+)?(?:trưởng\s+(?:tiểu\s+)?(?:ban|đoàn|nhóm)|tổ\s+(?:trưởng|phó)|chủ\s+tịch|chủ\s+nhiệm|bí\s+thư"
    r"|giám\s+đốc|thư\s+ký)(?:\s+thường\s+trực)?"
)
_WHO_HOLDS = (
    rf"\bai\s+(?:là|làm|giữ|đảm\s+nhiệm|đảm\s+nhận)\s+(?:chức\s+(?:vụ\s+)?)?({_POST})\b",
    rf"\b({_POST})\b.*\b(?:là\s+ai|do\s+ai)\b",
)
_PERSON = r"\b(?:đồng\s+chí|ông|bà)\s"
_COUNT = r"(?:bao nhiêu|mấy) (\w+)"
# Words after "bao nhiêu" that are not the counted thing ("từ bao nhiêu đến …", "… bao nhiêu thì …").
_NOT_COUNTED = frozenset("đến là thì và so trở được cho mỗi một lần".split())


@lru_cache(maxsize=512)
def _compiled(source: str, folded: bool) -> re.Pattern[str]:
    return re.compile(fold(source) if folded else source, re.IGNORECASE)


@dataclass(frozen=True)
class Shape:
    """The shape of the answer one question asks for."""

    pattern: re.Pattern[str]
    folded: bool

    def held_by(self, text: str) -> bool:
        """Whether a passage's text (NFC, as documents are read) states something of that shape."""
        return bool(self.pattern.search(fold(text, normalized=True) if self.folded else text))


def asked_shape(question: str) -> Shape | None:
    """The shape of the answer the question asks for, or None when it asks for none of them."""
    folded = not has_diacritics(question)
    text = fold(question) if folded else normalize(question).lower()
    for asked in _WHO_HOLDS:
        found = _compiled(asked, folded).search(text)
        if found:
            post = r"\s+".join(map(re.escape, found.group(1).split()))
            deputy = "" if found.group(1).startswith("ph") else r"(?<!phó\s)"
            return Shape(_compiled(rf"(?m){_PERSON}[^\n]*?{deputy}\b{post}\s*[.;,]?\s*$|^\W*(?:\d+[.)]\s*)?{post}\s*:\s*{_PERSON}", folded), folded)
    for asked, shape in _ASKED:
        if _compiled(asked, folded).search(text):
            return Shape(_compiled(shape, folded), folded)
    skipped = {fold(w) for w in _NOT_COUNTED} if folded else _NOT_COUNTED
    counted = [w for w in _compiled(_COUNT, folded).findall(text) if w not in skipped]
    if counted:  # "bao nhiêu tiết", "mấy điểm": the number comes with the thing counted
        noun = re.escape(counted[-1])
        return Shape(_compiled(rf"{_COUNTING}{_ASIDE}(?:% số )?{noun}\b", folded), folded)
    if _compiled(r"bao nhiêu|mấy\s*\??$", folded).search(text):
        return Shape(_compiled(_NUMBER, folded), folded)
    return None


# What a question asks of a document's own particulars, which its letterhead and signature block
# give and no passage states: "Kết luận 212 do ai ký?", "Quy định 383 ban hành ngày nào?", "Chỉ
# thị 45 do cơ quan nào ban hành?".
_PARTICULARS = (
    ("signer", r"\bai ký\b|\bngười ký\b|\bký bởi\b"),
    ("date", r"\b(?:ban hành|ký|ra đời) (?:vào )?(?:ngày|khi|lúc|năm|tháng|hôm) nào|\b(?:ban hành|ký|ra đời) (?:từ )?bao giờ"
             r"|\bngày (?:ban hành|ký)\b"),
    ("issuer", r"\b(?:cơ quan|đơn vị|cấp) nào ban hành\b|\bai ban hành\b|\bdo (?:ai|đâu|cơ quan nào|cấp nào) ban hành\b"
               r"|\bcơ quan ban hành\b|\bnơi ban hành\b"),
    # Who it is sent to ("Kết luận 212 gửi những đâu?"): its "Kính gửi" and "Nơi nhận" lists.
    ("recipients", r"\bgửi (?:cho |đến |tới |về )?(?:những )?(?:ai|đâu|cơ quan nào|đơn vị nào|nơi nào)\b"
                   r"|\bnơi nhận\b|\bai (?:được )?nhận\b"),
    # Whether it is still in force ("Quy định 47 còn hiệu lực không?", "… đã bị thay thế chưa?").
    ("status", r"\bcòn hiệu lực\b|\bhết hiệu lực\b|\bbị thay thế\b|\bbị bãi bỏ\b|\bbị sửa đổi\b|\bcòn (?:được )?áp dụng\b"),
)


# Words a question on particulars may hold beside them ("Kết luận 212 được ban hành vào ngày nào,
# do ai ký?"): more words than these ask something else ("Theo Bộ luật Lao động, ai ký hợp đồng lao
# động?" asks who signs a contract, not who signed the code).
_ASIDE_PARTICULARS = frozenset("do được đã và của văn bản này là thì vậy ra cho biết hỏi xin".split())
_ASIDE_WORDS = 1


# A document's number asked of its description: "Nghị quyết về đột phá phát triển khoa học, công
# nghệ là nghị quyết số mấy?", "… số hiệu là gì?".
_NUMBER_ASKED = r"\bsố (?:mấy|bao nhiêu|nào)\b|\bsố hiệu\b|\bký hiệu\b"
_NUMBER_WORDS = frozenset("số mấy bao nhiêu nào hiệu ký gì".split())
# … and beside whether it is in force ("… đã bị thay thế bởi văn bản nào chưa?").
_STATUS_WORDS = frozenset("không chưa nữa hay hoặc bởi nào hiện nay giờ".split())


def asked_particulars(question: str, whole: str = "") -> list[str]:
    """The particulars a question asks of a document it names, of "signer", "date", "issuer",
    "recipients", "status", "number": ``question`` is the question without its references to documents
    (``search.cited_documents``), ``whole`` the question as asked (the reference may hold the
    words asking for the number)."""
    folded = not has_diacritics(question)
    text = fold(question) if folded else normalize(question).lower()
    asked = [name for name, pattern in _PARTICULARS if _compiled(pattern, folded).search(text)]
    whole_text = fold(whole) if folded else normalize(whole).lower()
    if whole and _compiled(_NUMBER_ASKED, folded).search(whole_text):
        asked.append("number")
    if not asked:
        return []
    rest = text
    for _, pattern in _PARTICULARS:
        rest = _compiled(pattern, folded).sub(" ", rest)
    aside = (_ASIDE_PARTICULARS | (_NUMBER_WORDS if "number" in asked else frozenset())
             | (_STATUS_WORDS if "status" in asked else frozenset()))
    aside = {fold(w) for w in aside} if folded else aside
    other = [w for w in re.findall(r"[^\W\d_]+", rest) if w not in aside]
    return asked if len(other) <= _ASIDE_WORDS else []
