"""The administrative frame around a document's body: letterhead, title, legal basis,
closing formula, recipients and signature.

Vietnamese Party and state documents share one layout (Nghị định 30/2020/NĐ-CP for state bodies,
Hướng dẫn 36-HD/VPTW for Party bodies): a two-column letterhead (issuing body | national name and
motto, then "Số: ..." | place and date), the document kind in capitals with its subject under it,
the "Căn cứ ..." lines of a legal text, the body, then the recipients ("Nơi nhận:") beside the
signature block ("TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", the signer's name).
Extracted text loses the columns: cells follow one another (Word tables) or share a line (PDF).

Every predicate here reads a line already passed through :func:`corpus.normalize.normalize`.
"""

from __future__ import annotations

import re

from corpus.titlecase import LOWER, UPPER, is_acronym, is_syllable, onset_length

# Kinds as they head a document, longest first so "NGHỊ QUYẾT LIÊN TỊCH" wins over "NGHỊ QUYẾT"
# and "QUYẾT ĐỊNH" is never read as "QUY ĐỊNH".
KINDS = (
    "nghị quyết liên tịch",
    "kế hoạch liên tịch",
    "hướng dẫn liên tịch",
    "hướng dẫn liên ngành",
    "thông tư liên tịch",
    "chương trình hành động",
    "lời kêu gọi",
    "nghị quyết",
    "quyết định",
    "quy định",
    "nghị định",
    "thông tư",
    "chỉ thị",
    "kế hoạch",
    "kết luận",
    "hướng dẫn",
    "thông báo",
    "thông tri",
    "công điện",
    "báo cáo",
    "chương trình",
    "đề án",
    "phương án",
    "thông cáo",
    "quy chế",
    "quy trình",
    "điều lệ",
    "tờ trình",
    "công văn",
    "giấy mời",
    "biên bản",
    "đề cương",
    "pháp lệnh",
    "lệnh",
    "bộ luật",
    "hiến pháp",
    "luật",
    "thư",
)
# Kinds named by their subject ("Luật Cư trú", "Bộ luật Lao động"): the name is capitalized.
NAMED_KINDS = frozenset({"luật", "bộ luật", "pháp lệnh", "hiến pháp"})

# In capitals, as letterheads write them: running text names the country in lowercase.
# The Youth Union's letterhead puts its own name where the national name stands ("BCH ĐOÀN TNCS HỒ
# CHÍ MINH / TỈNH …" | "ĐOÀN TNCS HỒ CHÍ MINH"): only the whole line is that motto.
YOUTH_UNION = r"ĐOÀN (?:TNCS|THANH NIÊN CỘNG SẢN) HỒ CHÍ MINH"
_NATIONAL = re.compile(
    r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|ĐẢNG CỘNG SẢN VIỆT NAM|Độc lập\W+Tự do\W+Hạnh phúc"
    rf"|^{YOUTH_UNION}(?=[\W_]*$)"
)
_LETTERHEAD_WORDS = 25
# The same lines as words, to tell a line that a narrow letterhead column broke ("CỘNG HÒA XÃ
# HỘI CHỦ NGHĨA" / "VIỆT NAM", "Độc lập - Tự do" / "- Hạnh phúc") from a line of its own.
_NATIONAL_WORDS = tuple(
    tuple(line.split())
    for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ĐẢNG CỘNG SẢN VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
)
# A title naming the Party or the State in its subject: "KỶ NIỆM 96 NĂM NGÀY THÀNH LẬP ĐẢNG CỘNG
# SẢN VIỆT NAM", "ĐIỀU LỆ ĐẢNG CỘNG SẢN VIỆT NAM", "… QUỐC KHÁNH NƯỚC CỘNG HÒA …".
# So does a numbered heading: "I- ĐẢNG CỘNG SẢN VIỆT NAM RA ĐỜI - BƯỚC NGOẶT …".
_MENTION = re.compile(
    r"\b(?:LẬP|CỦA|LỆ|SỬ|NƯỚC|VỀ|VÀ|VỚI|TRONG|CHO)\s+(?:CỘNG HÒA XÃ HỘI CHỦ NGHĨA|ĐẢNG CỘNG SẢN) VIỆT NAM"
    r"|^(?:[IVXLC]{1,5}|\d{1,2})\s*[.)–-]\s+(?:CỘNG HÒA XÃ HỘI CHỦ NGHĨA|ĐẢNG CỘNG SẢN) VIỆT NAM"
)
# "Số: 12/QĐ-UBND"; in a form, the number left blank: "Số: …/BC-UBND", "Số: /BC-...", or its
# "/BC-..." alone under a "Số:" line.
_NUMBER_LINE = re.compile(
    r"^(?:(?:Luật|Bộ luật|Pháp lệnh|Nghị quyết|Quyết định)\s+)?Số\s*:?\s*(?:\S*\d|[.…\s]*/[A-ZĐ])|^[.…]*/[A-ZĐ]{1,8}-\S*$", re.IGNORECASE
)
# A title's line naming other texts by number: "NGHỊ QUYẾT SỐ 71-NQ/TW VÀ NGHỊ QUYẾT SỐ 72-NQ/TW CỦA
# BỘ CHÍNH TRỊ" (a resolution's own number line says no more than its number and date).
_CITED_NUMBERS = re.compile(
    r"^(?:Luật|Bộ luật|Pháp lệnh|Nghị quyết|Quyết định)\s+số\s*:?\s*\S*\d\S*\s*(?:,|\s(?:và|của)\s)", re.IGNORECASE
)
# A title's subject line names the Party or the country without being letterhead: "VỀ PHÔNG
# LƯU TRỮ ĐẢNG CỘNG SẢN VIỆT NAM".
_SUBJECT_START = re.compile(r"^(?:VỀ|Về|V/v)\s")
_SUBJECT = re.compile(r"\s(?:về|V/v)\s", re.IGNORECASE)
# The addressee and the subject line of an official letter ("Kính gửi: ...", "V/v ...").
# A dispatch's (Công điện) own line: "THỦ TƯỚNG CHÍNH PHỦ điện:", the body in capitals (matched
# case-sensitively inside the patterns below, which ignore case: "Tiết kiệm điện:" is a heading).
_WIRES = rf"(?-i:[{UPPER}][{UPPER}\s.-]+\sđiện\s*:)"
# Who a letter or a dispatch is addressed to, before the addressees.
ADDRESSEES_LABEL = re.compile(rf"^(?:Kính\s+gửi\s*:?|{_WIRES})\s*", re.IGNORECASE)
_ADDRESS = re.compile(rf"^(?:Kính gửi\s*:|V/v\b|{_WIRES})", re.IGNORECASE)
# "Kính gửi:" alone (or the dispatch's line): the addressees are listed under it.
_ADDRESSEES = re.compile(rf"^(?:Kính gửi\s*:|{_WIRES})$", re.IGNORECASE)
_ABOUT = re.compile(r"^V/v\b", re.IGNORECASE)
_PLACE_DATE = re.compile(r"^[" + UPPER + r"][^,;:]{1,40},\s*ngày\s+(?:\d|\.{2,}|…)")  # "TP. Hồ Chí Minh, ngày"
# Separator marks under the letterhead ("*", "-----", "———").
_MARK = re.compile(r"^[\W_]{1,40}$")
# How urgent or secret a text is, stamped by its number (Nghị định 30/2020/NĐ-CP): "HỎA TỐC",
# "THƯỢNG KHẨN", "KHẨN", "MẬT", "TỐI MẬT", "TUYỆT MẬT", or two of them ("KHẨN - MẬT").
_GRADE = r"(?:HỎA TỐC(?: HẸN GIỜ)?|THƯỢNG KHẨN|KHẨN|TUYỆT MẬT|TỐI MẬT|MẬT)"
_GRADING = re.compile(rf"^{_GRADE}(?:\s*[-,/]\s*{_GRADE})?[\W_]*$")

# Signature block: "TM. CHÍNH PHỦ", "T/M BAN THƯỜNG VỤ", "KT. CHỦ TỊCH", "TL. BỘ TRƯỞNG",
# an office in capitals, "(Đã ký)".
_ON_BEHALF = re.compile(r"^(?:TM|T/M|KT|K/T|TL|T/L|TUQ|Q|UQ)\s*[./]?\s+[" + UPPER + r"]")
_OFFICE = re.compile(
    r"^(?:(?:PHÓ|QUYỀN)\s+)?(?:CHỦ TỊCH|THỦ TƯỚNG|BỘ TRƯỞNG|THỨ TRƯỞNG|TỔNG BÍ THƯ|BÍ THƯ|"
    r"GIÁM ĐỐC|CHÁNH VĂN PHÒNG|TRƯỞNG BAN|CHÁNH ÁN|VIỆN TRƯỞNG|TỔNG KIỂM TOÁN|CHỦ NHIỆM|"
    r"TRƯỞNG PHÒNG|TỔNG CỤC TRƯỞNG|CỤC TRƯỞNG|CHI CỤC TRƯỞNG|CHÁNH THANH TRA|TỔNG THANH TRA|CHỦ TRÌ|THƯ KÝ|"
    r"CHỈ HUY TRƯỞNG|TƯ LỆNH|CHÍNH ỦY|HIỆU TRƯỞNG|TỔNG GIÁM ĐỐC|TRƯỞNG THUẾ|TRƯỞNG CÔNG AN|TỔNG BIÊN TẬP|"
    r"ĐỘI TRƯỞNG|THỦ TRƯỞNG|CHẤP HÀNH VIÊN|THẨM PHÁN|KIỂM SÁT VIÊN)\b"
)
# The enacting authority in capitals between a title and its legal basis ("ỦY BAN THƯỜNG VỤ QUỐC
# HỘI", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …", "HỘI ĐỒNG NHÂN DÂN TỈNH …" over "KHÓA X, KỲ HỌP THỨ …").
_ENACTING = re.compile(
    r"^(?:ỦY BAN|UỶ BAN|HỘI ĐỒNG|CHÍNH PHỦ|QUỐC HỘI|BAN CHẤP HÀNH|BAN THƯỜNG VỤ|BỘ CHÍNH TRỊ|BAN BÍ THƯ|"
    r"ĐẢNG [ỦU]Y|TỈNH [ỦU]Y|THÀNH [ỦU]Y|HUYỆN [ỦU]Y|KHÓA|KHOÁ|CHỦ TỊCH NƯỚC)\b"
)
# The longest office in capitals: "CHỦ TỊCH NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".
_SIGNATURE_WORDS = 11
# The longest on-behalf line: "TM. ĐOÀN CHỦ TỊCH ỦY BAN TRUNG ƯƠNG MẶT TRẬN TỔ QUỐC VIỆT NAM".
_ON_BEHALF_WORDS = 16
_SESSION = re.compile(r"^(?:KHÓA|KHOÁ)\b")
# A form's instruction to whoever signs it: "(Ký, ghi rõ họ tên, đóng dấu)", "(Chữ ký của người
# khai)".
SIGNING = re.compile(r"\((?:chữ )?ký\b[^()]*\)", re.IGNORECASE)
# "(Đã ký)" on its own line (a page's "[daky]" mark too); "Đã ký kết 15 hợp đồng" is prose.
_SIGNED = re.compile(r"^[(\[]?\s*(?:đã ký|daky|ký tên|ký, ghi rõ họ tên|đã ký và đóng dấu)\W*$", re.IGNORECASE)
RECIPIENTS_LABEL = re.compile(r"^(?:Nơi nhận|Noi nhan)\s*(?::|$)", re.IGNORECASE)  # "NƠI NHẬN" alone: a Markdown heading
# The list run into one line with its "Nơi nhận:" lost, as a portal page gives a decree's
# ("- Thủ tướng, các Phó Thủ tướng Chính phủ; - Các bộ, …; - Lưu: VT, KTTH(2b)"), with the
# bullet Word or the drafter chose ("• Như Điều 3; • Lưu: VT").
RECIPIENT_MARK = r"[-+•·▪●]"
# A Party text's entries end with a comma, its filing entry names the office: "…, - Lưu Văn phòng
# Tỉnh ủy."
_RECIPIENTS_RUN = re.compile(
    rf"^{RECIPIENT_MARK}\s*[^\W\d_].*[;,]\s*{RECIPIENT_MARK}\s*Lưu(?:\s*:|\s+(?:VT|Văn phòng|hồ sơ|(?-i:[A-ZĐ]{{2,}}))\b)", re.IGNORECASE
)
# Where two lines of a letterhead run together: before a word that only ever opens a syllable
# (so never the end of a longer one), glued to the capital before it ("CỤC HẢI QUANCHI CỤC …":
# "QUANCHI" reads as an acronym to the syllable check).
_GLUED_LINES = re.compile(
    rf"(?<=[{UPPER}])(?=(?:TỈNH|THÀNH PHỐ|THÀNH ỦY|HUYỆN ỦY|XÃ|PHƯỜNG|ĐẶC KHU|SỞ|BAN|CỤC|VĂN PHÒNG|ĐẢNG ỦY|ĐẢNG BỘ|ỦY BAN|"
    r"CHI CỤC|CHI NHÁNH|CHI BỘ|CÔNG AN|CÔNG TY|TRUNG TÂM|BỆNH VIỆN|TRƯỜNG|THANH TRA|KHO BẠC|BẢO HIỂM|NGÂN HÀNG|"
    r"TÒA ÁN|VIỆN KIỂM SÁT|THI HÀNH ÁN|HỘI ĐỒNG|MẶT TRẬN|LIÊN ĐOÀN|BỘ CHỈ HUY)\b)"
)
# A table cell flattened with no space between its lines: "PHÓ CHỦ TỊCHPhùng Thành Vinh".
_CAPS_THEN_NAME = re.compile(rf"([{UPPER}]{{2}})([{UPPER}][{LOWER}])")
# A rank the armed forces' and police's signers write before their name ("Đại tá Lâm Thành Nghĩa").
RANK_WORDS = r"(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy|uý)"
RANK = re.compile(rf"^{RANK_WORDS}\s+(?=\S)")
# The line a consolidated text's signature block opens with, over its on-behalf mark.
_CONSOLIDATED = re.compile(r"^XÁC THỰC VĂN BẢN HỢP NHẤT\b\s*")
# A signature block run into one line: "TM. CHÍNH PHỦKT. THỦ TƯỚNGPHÓ THỦ TƯỚNG(Đã ký)Hồ Đức
# Phớc", "( Đã ký) Lê Thành Long".
_SIGNED_IN_LINE = re.compile(r"\(\s*Đã ký\s*\)\s*(?P<name>[^()]*)$", re.IGNORECASE)
_FILING = re.compile(rf"^{RECIPIENT_MARK}?\s*Lưu\s*:?\s", re.IGNORECASE)
_ENTRY = re.compile(rf"^{RECIPIENT_MARK}\s")

# "Căn cứ ...", "Theo đề nghị của ...", "Xét Tờ trình ...": the legal basis of a legal text.
_BASIS = re.compile(r"^[-+•]?\s*(?:Căn cứ|Theo đề nghị|Xét đề nghị|Xét Tờ trình|Theo Tờ trình)\b", re.IGNORECASE)
# Closing formulas that follow the last article or section.
_PASSED = re.compile(r"^(?:Luật|Bộ luật|Pháp lệnh|Nghị quyết|Hiến pháp) này (?:đã )?được\b.{0,160}\bthông qua\b", re.IGNORECASE)
_CLOSING = re.compile(
    r"^Trong quá trình (?:tổ chức |triển khai )*thực hiện\b.{0,80}\b(?:khó khăn|vướng mắc|phát sinh)\b"
    # A Party text's last line, after its last section: "Nghị quyết này phổ biến đến chi bộ."
    r"|^(?:Nghị quyết|Chỉ thị|Kết luận|Quy định|Quy chế|Hướng dẫn|Thông tri|Kế hoạch|Chương trình|Thông báo)"
    r" này (?:được )?phổ biến đến\b",
    re.IGNORECASE,
)


def is_subject_line(norm: str) -> bool:
    """A "V/v …" (về việc) line: a letter's subject, or a title's under its kind ("QUYẾT ĐỊNH" /
    "V/V CÔNG BỐ DANH MỤC …", as some portals give it)."""
    return bool(_ABOUT.match(norm))


def opens_addressees(norm: str) -> bool:
    """Whether a line is a letter's "Kính gửi:" with its addressees listed under it."""
    return bool(_ADDRESSEES.match(norm))


def is_place_date(norm: str) -> bool:
    """A place-and-date line: "Hà Nội, ngày 18 tháng 11 năm 2025", "TP. Hồ Chí Minh, ngày …"."""
    return bool(_PLACE_DATE.match(norm))


def is_letterhead(norm: str) -> bool:
    """A letterhead line: national name and motto, "Số: ...", place and date, a separator mark,
    the addressee or subject line of a letter, or several of these run together on one line by
    PDF extraction. "Số 05-HD/BTG ngày ... về ..." names the subject: it is a title line."""
    if len(norm.split()) > _LETTERHEAD_WORDS:
        return False
    return bool(
        # "CHỦ TỊCH NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" over a signer's name is an office.
        (_NATIONAL.search(norm) and not _SUBJECT_START.match(norm) and not _OFFICE.match(norm) and not _MENTION.search(norm))
        or (norm and not _national_cut(norm))
        or (_NUMBER_LINE.match(norm) and not _SUBJECT.search(norm) and not _CITED_NUMBERS.match(norm))
        or _PLACE_DATE.match(norm)
        or _ADDRESS.match(norm)
        or _MARK.match(norm)
        or _GRADING.match(norm)
    )


def breaks_national_line(previous: str, line: str) -> bool:
    """Whether ``line`` (normalized) is the rest of the national name or motto that ``previous``
    ends with the first words of: a PDF of a letterhead whose right column is narrower than
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in bold gives it on two lines, and "VIỆT NAM" alone
    was read as the issuing body."""
    before, after = _dashed(previous.split()), _dashed(line.split())
    for words in _NATIONAL_WORDS:
        for cut in range(1, len(words)):
            head, rest = words[:cut], words[cut:]
            # The rest may be broken again: "CỘNG" / "HÒA XÃ HỘI CHỦ NGHĨA" / "VIỆT NAM".
            n = min(len(rest), len(after))
            if n and tuple(before[-cut:]) == head and tuple(after[:n]) == rest[:n]:
                return True
    return False


def _national_cut(line: str) -> str:
    """A letterhead line less a piece of the national name that a scan read across the columns
    put on it: its first words at the end ("VĂN PHÒNG CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ"), or its last
    words as the whole line, after the specks OCR reads ("5 NGHĨA VIỆT NAM", "; R VIỆT NAM"). Two
    words alone may be a body's name going on ("NGÂN HÀNG NHÀ NƯỚC" / "VIỆT NAM"): they are the
    national name's only after specks."""
    words = line.split()
    while words and (len(words[0]) == 1 or not any(c.isalpha() for c in words[0])):
        words = words[1:]
    if not words:
        return line
    specked = len(words) < len(line.split())
    for national in _NATIONAL_WORDS[:2]:
        suffix = len(words) < len(national) and tuple(words) == national[len(national) - len(words):]
        if suffix and (specked or len(words) > 2):
            return ""
        if 2 <= len(words) < len(national) and tuple(words) == national[: len(words)]:
            return ""  # its first words alone: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" / "; 5 VIỆT NAM"
        for cut in range(len(national) - 1, 1, -1):
            if tuple(words[-cut:]) == national[:cut] and len(words) > cut:
                return " ".join(words[:-cut])
    return line


def _dashed(words: list[str]) -> list[str]:
    return ["-" if word in {"–", "—"} else word for word in words]


def letterhead_lines(norm: str) -> list[str]:
    """A letterhead line as its lines: a page that flattened the letterhead's cell runs them
    together ("ỦY BAN NHÂN DÂNTỈNH ĐỒNG NAI", "UBND TỈNH ĐỒNG NAISỞ NỘI VỤ", "BẢO HIỂM XÃ HỘI
    VIỆT NAMBẢO HIỂM XÃ HỘI TỈNH …")."""
    lines = []
    for part in _GLUED_LINES.split(norm):
        words = part.split(" ")
        start = 0
        for k, word in enumerate(words):
            halves = _glued_syllables(word)
            if halves:
                lines.append(" ".join([*words[start:k], halves[0]]))
                words[k], start = halves[1], k
        lines.append(" ".join(words[start:]))
    return lines


def _glued_syllables(word: str) -> tuple[str, str] | None:
    """A word in capitals that is two syllables run together ("NAMBẢO", "NƯỚCKIỂM"), as its
    two syllables; ``None`` for a syllable, an acronym or a code. Of two ways to cut it, the one
    leaving the second syllable its whole opening consonants: "THUẾ|THUẾ", not "THUẾT|HUẾ"."""
    if len(word) < 4 or not word.isalpha() or not word.isupper() or is_syllable(word) or is_acronym(word):
        return None
    cuts = [cut for cut in range(len(word) - 1, 0, -1) if is_syllable(word[:cut]) and is_syllable(word[cut:])]
    if not cuts:
        return None
    cut = max(cuts, key=lambda at: onset_length(word[at:]))
    return word[:cut], word[cut:]


def issuing_body(norm: str) -> str:
    """The issuing body's part of a letterhead line in capitals ("ỦY BAN NHÂN DÂN", "QUỐC HỘI"
    of "QUỐC HỘI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), or ``""``."""
    if _NUMBER_LINE.match(norm) or _PLACE_DATE.match(norm) or _ADDRESS.match(norm) or _GRADING.match(norm):
        return ""
    # OCR's specks at the end ("TỈNH NGHỆ AN :") go too.
    rest = _national_cut(" ".join(_NATIONAL.sub(" ", norm).split())).strip(" -*_—–:;")
    if re.search(r"\w\s+-[\s*]*$", norm):
        rest += " -"  # joint issuers, one a line: "BỘ TƯ PHÁP -" / "TÒA ÁN NHÂN DÂN TỐI CAO"
    letters = [c for c in rest if c.isalpha()]
    if len(letters) < 2 or not all(c.isupper() for c in letters) or kind_heading(rest):
        return ""
    return rest


def opens_frame_line(norm: str) -> bool:
    """Whether a line starts a line of the frame that never continues the one before it: the
    legal basis ("Căn cứ …", capitalized: "căn cứ vào …" may go on a sentence) or the place and
    date ("Hà Nội, ngày 18 tháng 11 năm 2025"), which a PDF's re-flowed title block ran on."""
    return (norm[:1].isupper() and is_basis(norm)) or bool(_PLACE_DATE.match(norm))


def enacts(norm: str, after: list[str]) -> bool:
    """Whether a line names the authority that enacts a text ("ỦY BAN THƯỜNG VỤ QUỐC HỘI", "GIÁM
    ĐỐC TRUNG TÂM …"), as decisions and resolutions set it over their legal basis: one of the two
    lines ``after`` it (normalized, non-blank) is the basis ("Căn cứ …")."""
    def names_authority(line: str) -> bool:
        return bool(_ENACTING.match(line) or _OFFICE.match(line))

    if not names_authority(norm) or not any(is_basis(line) for line in after[:2]):
        return False
    # A title wrapped before an office's name ("… ĐƯỢC ỦY BAN NHÂN DÂN TỈNH ỦY QUYỀN CHO" / "GIÁM
    # ĐỐC SỞ Y TẾ GIẢI QUYẾT …" / "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …" / "Căn cứ …"): the authority
    # is the line right over the basis, or over its council's "KHÓA …, KỲ HỌP …" line.
    return is_basis(after[0]) or bool(_SESSION.match(after[0])) or not names_authority(after[0])


def on_behalf(norm: str) -> bool:
    """Whether a line opens with the signature's on-behalf mark ("TM. ỦY BAN NHÂN DÂN", "KT. BỘ TRƯỞNG"),
    perhaps after a consolidated text's "XÁC THỰC VĂN BẢN HỢP NHẤT"."""
    return bool(_ON_BEHALF.match(_block_line(norm)))


def names_office(norm: str) -> bool:
    """Whether a line opens with a signer's office in capitals ("CHỦ TỊCH", "PHÓ THỦ TƯỚNG"),
    perhaps with the name glued to it ("CHỦ TỊCHThái Bảo")."""
    return bool(_OFFICE.match(_block_line(norm)))


def _block_line(norm: str) -> str:
    """A signature block's line as the checks read it: a name glued to the capitals before it set
    apart, a consolidated text's "XÁC THỰC VĂN BẢN HỢP NHẤT" dropped."""
    return _CONSOLIDATED.sub("", _CAPS_THEN_NAME.sub(r"\1 \2", norm))


def signed_name(norm: str) -> str:
    """The signer's name on the line of the block it ends, or ``""``: a plain-text copy runs them
    into one line ("TM. ỦY BAN NHÂN DÂN CHỦ TỊCH     Phạm Đình Nghị"), a portal's flattened cell
    with no space at all ("KT. CHỦ TỊCHPHÓ CHỦ TỊCHPhùng Thành Vinh")."""
    norm = _block_line(norm)
    if not (_ON_BEHALF.match(norm) or _OFFICE.match(norm)):
        return ""
    words = norm.split()
    cut = next((k for k, word in enumerate(words) if any(c.islower() for c in word)), len(words))
    name = RANK.sub("", " ".join(words[cut:])).split()  # "… PHÓ GIÁM ĐỐC Đại tá Trần Quốc Việt"
    if cut < 2 or not 2 <= len(name) <= 5 or not all(word[:1].isupper() and word.isalpha() for word in name):
        return ""
    return " ".join(name)


def is_signature(norm: str) -> bool:
    """A line of the signature block ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "THỦ TƯỚNG"), a
    consolidated text's "XÁC THỰC VĂN BẢN HỢP NHẤT" over it included."""
    if _CONSOLIDATED.match(norm):
        norm = _CONSOLIDATED.sub("", norm)
        if not norm:
            return True
    if _SIGNED.match(norm) or signed_name(norm):
        return True
    signed = _SIGNED_IN_LINE.search(norm)
    if signed and (_ON_BEHALF.match(norm) or signed.start() == 0):
        name = signed["name"].split()
        return len(name) <= 5 and all(word[:1].isupper() for word in name)
    letters = [c for c in norm if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters):
        return False
    behalf = bool(_ON_BEHALF.match(norm))
    return len(norm.split()) <= (_ON_BEHALF_WORDS if behalf else _SIGNATURE_WORDS) and (behalf or bool(_OFFICE.match(norm)))


def is_recipients(norm: str) -> bool:
    """The "Nơi nhận:" line that opens the recipients list, or the whole list run into one line."""
    return bool(RECIPIENTS_LABEL.match(norm) or _RECIPIENTS_RUN.match(norm))


def split_signature(norm: str) -> tuple[str, str]:
    """A line of the recipients list (its "Nơi nhận:" label, an entry or an entry's wrapped rest)
    and the signature block's line that a PDF printed at its end, the block's cell standing
    beside the list's: "Nơi nhận: GIÁM ĐỐC" → ("Nơi nhận:", "GIÁM ĐỐC"), "- Đảng ủy … ở Trung
    ương, T/M BỘ CHÍNH TRỊ" → ("- Đảng ủy … ở Trung ương,", "T/M BỘ CHÍNH TRỊ"); ``(norm, "")``
    for a line without such an end."""
    words = norm.split()
    for cut in range(1, len(words)):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        # The list's part is written in lowercase: "KT. CHỦ TỊCH" is the block's line whole.
        if any(c.islower() for c in head) and is_signature(tail) and all(c.isupper() for c in tail if c.isalpha()):
            return head, tail
    # Or inside it, an entry's line going on after the block's: "- Các tỉnh ủy, thành ủy, K/T
    # TRƯỞNG BAN đảng ủy trực thuộc Trung ương," (the block's first line is its on-behalf mark).
    for cut in range(1, len(words) - 1):
        if not (any(c.islower() for c in words[cut - 1]) and on_behalf(" ".join(words[cut:]))):
            continue
        end = next((k for k in range(cut + 1, len(words)) if any(c.islower() for c in words[k])), len(words))
        if end < len(words):
            return " ".join(words[:cut] + words[end:]), " ".join(words[cut:end])
    return norm, ""


def is_filing(norm: str) -> bool:
    """The "- Lưu: VT, ..." line that ends the recipients list."""
    return bool(_FILING.match(norm))


def unlabelled_recipients(norms: list[str]) -> range | None:
    """Where a recipients list that lost its "Nơi nhận:" label stands among ``norms`` (normalized
    lines; ``""`` a blank one): the entries right over its filing entry ("- Chính phủ;" / … /
    "- Lưu: HC, PLTP."), at least two of them, an entry's wrapped rest with them."""
    for end in range(len(norms) - 1, 0, -1):
        if not (_ENTRY.match(norms[end]) and is_filing(norms[end])):
            continue
        start = end
        while start > 0 and norms[start - 1] and not norms[start - 1].endswith("."):
            above = norms[start - 1]
            wrapped = start > 1 and bool(_ENTRY.match(norms[start - 2])) and not norms[start - 2].endswith(";")
            if not (_ENTRY.match(above) or (above.endswith(";") and wrapped)):
                break
            start -= 1
        return range(start, end + 1) if end - start >= 2 else None
    return None


def is_basis(norm: str) -> bool:
    """A line of the legal basis ("Căn cứ Luật Tổ chức Chính phủ ...;")."""
    return bool(_BASIS.match(norm)) and not norm.isupper()  # "CĂN CỨ, THẨM QUYỀN, …" is a heading


def is_closing(norm: str) -> bool:
    """A closing formula after the last article or section ("Luật này được Quốc hội ... thông
    qua ...", "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc ..."), or any paragraph
    ending with the "./." end mark."""
    return bool(_PASSED.match(norm) or _CLOSING.match(norm)) or norm.endswith("./.")


def is_passed(norm: str) -> bool:
    """The words that close a law or resolution after its last article ("Luật này được Quốc hội
    nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV, kỳ họp thứ 9 thông qua ngày …")."""
    return bool(_PASSED.match(norm))


def kind_heading(norm: str) -> str:
    """The kind a title line starts with when it is written as a heading ("NGHỊ ĐỊNH",
    "KẾ HOẠCH", "QUY ĐỊNH về ..."), or ``""``. Only capitals count: "Kế hoạch này ..." in running
    text is not a title."""
    for kind in KINDS:
        word = kind.upper()
        if norm.startswith(word) and (len(norm) == len(word) or not norm[len(word)].isalnum()):
            return kind if kind != "thư" or _LETTER.match(norm) else ""
    return ""


# A letter heading its text ("THƯ CHÚC TẾT", "THƯ NGỎ"), not a "THƯ KÝ" signing or a "THƯ VIỆN".
_LETTER = re.compile(r"^THƯ(?:$|\s+(?:CHÚC|GỬI|NGỎ|KHEN|CẢM ƠN|THĂM|KÊU GỌI|CỦA)\b)")
