"""What a statement shown on its own must be: an option, a "which part" statement, one side of a
matching pair.

It must read without the sentence before it ("Nhờ đó …" leans on it, "… được hiểu như sau"
announces a list, "Cán bộ cấp xã quy định tại khoản 1 Điều 5" only points elsewhere), and it must
not give its part away: a statement that names its part, or shares with the part's name a word no
other option has, is matched, not known.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from quiz.distractors import Pools
from quiz.sentences import Sentence
from quiz.source import heading_label
from quiz.terms import tokens, words_key

# A word found in at most this many sentences is distinctive: a statement sharing it with the name
# of the part asked about gives the part away.
DISTINCTIVE_SENTENCES = 10
# ... and a word in more than this share of the corpus's sentences is common: it tells nothing.
COMMON_WORD_SHARE = 0.08
# Words before a closing "quy định tại khoản …" up to which a statement is only a pointer.
CROSS_REFERENCE_WORDS = 14
_CROSS_REFERENCE = re.compile(r"\s*(?:được |đã được )?(?:quy định|nêu) tại (?:khoản|điểm|Điều|Mục|Chương).*$", re.IGNORECASE)
_ANAPHORIC = re.compile(
    r"(?:nhờ đó|do đó|vì vậy|vì thế|tuy nhiên|bên cạnh đó|ngoài ra|trên cơ sở đó|từ đó|qua đó|như vậy)\b", re.IGNORECASE
)
_OWN_SCOPE = re.compile(
    r"(?:Luật|Bộ luật|Nghị định|Nghị quyết|Thông tư(?: liên tịch)?|Quyết định|Quy định|Quy chế|Chỉ thị|Kế hoạch|"
    r"Hướng dẫn|Điều lệ|Quy trình) này (?:quy định|hướng dẫn|(?:không )?(?:được )?áp dụng)\b"
)
_LEAD_IN = re.compile(r"(?:như sau|sau đây|dưới đây|bao gồm|gồm)\s*:?\s*$", re.IGNORECASE)
_LINKING = re.compile(r"(?:gắn với|trong đó|nhất là|đồng thời|và|hoặc|để|nhằm|với|giữa|(?:không )?bao gồm|gồm|kể cả)\b",
                      re.IGNORECASE)


def whole(text: str) -> bool:
    """Whether a unit starts like a sentence (a clause cut from a longer one starts in lower case)."""
    return text[:1].isupper() or text[:1].isdigit()


_SENTENCE_END = re.compile(r"[.!?…:]\s|\n")


def lost_subject(sentence: Sentence) -> bool:
    """Whether a unit lost the subject its list's lead-in holds (:func:`cut_from_lead`), or a
    clause cut from a longer sentence the subject its sentence opens with
    ("Mọi đảng viên phải gương mẫu, …; hoàn thành tốt nhiệm vụ được giao"): only clauses of a
    sentence that opens on a verb, a list of tasks ("Tăng cường …; đẩy mạnh …"), read alone; a
    clause that opens on a noun has a subject of its own ("…; tỉ lệ thất nghiệp … dưới 4%")."""
    if cut_from_lead(sentence):
        return True
    if whole(sentence.text):
        return False
    # "Khi …; khi …; tảo nở hoa tại vùng nuôi …": a clause of a sentence opening on a condition
    # is one of its conditions; alone it reads as a fact.
    offset = sentence.start - sentence.passage.start
    if _CONDITION.match(_FULL_STOP.split(sentence.passage.text[:offset])[-1].lstrip(" -–•+*()0123456789.")):
        return True
    own = tokens(sentence.text)
    if not own or not own[0].tag.startswith("V"):
        return False
    before = sentence.passage.text[: sentence.start - sentence.passage.start]
    head = _SENTENCE_END.split(before)[-1].lstrip(" -–•+*()0123456789.")
    words = tokens(head)
    return not words or not words[0].tag.startswith("V")


_FULL_STOP = re.compile(r"[.!?…]\s|\n")
_PARENTHESES = re.compile(r"\([^()]*\)")
# "… bao gồm: Tài liệu lưu trữ có giá trị đặc biệt; …": a list's lead-in with its first item.
_LIST_LEAD = re.compile(r"(?:bao gồm|gồm|gồm có|như sau|sau đây|dưới đây)\s*:", re.IGNORECASE)
# A lead-in that introduces examples or a list by a word ("… các biện pháp chủ yếu như:") keeps
# its items readable as tasks; one that ends on its subject ("hồ sơ … của các cơ quan, tổ
# chức:") leaves its items without one. A short one is a run-in label ("Về xã hội:").
_INTRO_WORD = re.compile(r"(?:như|sau|gồm|gồm có|bao gồm|là|sau đây|dưới đây|cụ thể)\s*$", re.IGNORECASE)
LABEL_WORDS = 6
# A run of short comma-separated noun phrases ("Văn bản giấy (…), tin nhắn qua điện thoại, hệ
# thống phát thanh …") after a sentence of its own lists what that sentence announced.
LIST_PIECE_WORDS = 7
_CONDITION = re.compile(r"(?:khi|nếu|trường hợp|trong trường hợp)\b", re.IGNORECASE)


def cut_from_lead(sentence: Sentence) -> bool:
    """Whether a unit is part of a list whose lead-in holds its subject: the lead-in with its
    first item only ("Hồ sơ … bao gồm: Tài liệu lưu trữ có giá trị đặc biệt", the list going on
    after ";"), a later item of a list after a lead-in ending on its subject ("… hồ sơ cán bộ,
    công chức của các cơ quan, tổ chức: Thuộc diện Trung ương …; thuộc diện tỉnh ủy …"), or a
    bare run of short noun phrases following the sentence that announced them ("… bằng nhiều
    hình thức khác nhau. Văn bản giấy …, tin nhắn …")."""
    offset = sentence.start - sentence.passage.start
    before = sentence.passage.text[:offset]
    after = sentence.passage.text[offset + len(sentence.text) :]
    if _LIST_LEAD.search(sentence.text) and after.lstrip().startswith(";"):
        return True
    head = _FULL_STOP.split(before)[-1]
    if ":" in head:
        lead = head.split(":", 1)[0]
        return len(lead.split()) > LABEL_WORDS and not _INTRO_WORD.search(lead)
    pieces = [p.split() for p in _PARENTHESES.sub("", sentence.text).rstrip(" .;").split(",")]
    own = tokens(sentence.text)
    return (
        whole(sentence.text) and not leads(sentence) and bool(own) and own[0].tag == "N"
        and len(pieces) >= 3 and all(len(p) <= LIST_PIECE_WORDS for p in pieces)
    )


def leads(sentence: Sentence) -> bool:
    """Whether the sentence opens its passage (after any bullet marker)."""
    return not sentence.passage.text[: sentence.start - sentence.passage.start].strip(" -–•+()0123456789.\n")


def fragment(text: str) -> bool:
    """Whether a clause cut from a longer sentence opens on a linking word ("gắn với …", "nhất
    là …"): on its own it says nothing."""
    return not whole(text) and bool(_LINKING.match(text))


def standalone(text: str) -> bool:
    """Whether a statement can be read on its own, as an option or after a question: not one
    that leans on the sentence before ("Nhờ đó …", "Tuy nhiên …") or announces a list ("…
    được hiểu như sau"), not a bare cross-reference."""
    return not _ANAPHORIC.match(text) and not _LEAD_IN.search(text) and not cross_reference_only(text)


def cross_reference_only(text: str) -> bool:
    """Whether a statement is a bare pointer to another provision ("Cán bộ cấp xã quy định tại
    khoản 1 Điều 5 Nghị định này."): a noun phrase and where it is defined, nothing a reader
    could place."""
    rest = _CROSS_REFERENCE.sub("", text)
    return rest != text and len(rest.split()) <= CROSS_REFERENCE_WORDS


def names_part(text: str, heading: str) -> bool:
    """Whether a statement names the part it belongs to: it contains the part's name, opens
    with a label the name contains ("Đối tượng áp dụng: …" under "Phạm vi điều chỉnh và đối
    tượng áp dụng"), or opens on the formula every legal text states its scope with ("Thông tư
    này quy định …", "Nghị định này áp dụng đối với …": its "Phạm vi điều chỉnh" or "Đối tượng
    áp dụng" by convention), which gives a "which part" question away."""
    name = words_key(heading_label(heading))
    label = text.split(":", 1)[0] if ":" in text[:60] else ""
    return (f" {name} " in f" {words_key(text)} " or bool(label and f" {words_key(label)} " in f" {name} ")
            or bool(_OWN_SCOPE.match(text)))


def gives_part_away(pools: Pools, statement: str, part: str, others: Sequence[str], other_texts: Sequence[str] = ()) -> bool:
    """Whether a statement shares with its part's name a distinctive word no other option's
    name has ("Kỷ niệm 134 năm …" under "Tuyên truyền các ngày kỷ niệm …", "… cơ sở chăn
    nuôi …" under "Hỗ trợ phát triển chăn nuôi"): the key is then matched, not known.

    Distinctive: rare in the corpus (``pools``), absent from the statements of the other options'
    parts (``other_texts``), or not among the corpus's most common words — "kiểm tra, giám sát"
    is said often, and elsewhere too, yet a reader matches it with "… công tác kiểm tra, giám
    sát" at once; "cán bộ" is said in every other sentence and tells nothing.
    """
    def words(text: str) -> set[str]:
        return {words_key(t.text) for t in tokens(text) if t.syllables >= 2 and t.tag in ("N", "V", "A")}

    other_words = set().union(*(words(heading_label(o)) for o in others))
    shared = (words(heading_label(part)) - other_words) & words(statement)
    elsewhere = " ".join(f" {words_key(t)} " for t in other_texts)
    common = len(pools.corpus_keys) * COMMON_WORD_SHARE
    return any(
        pools.sentence_count(w) <= max(DISTINCTIVE_SENTENCES, common) or (other_texts and f" {w} " not in elsewhere)
        for w in shared
    )
