"""Document metadata: from a MANIFEST.tsv beside the files, else detected from the text.

Party and state documents carry a number (số hiệu) whose type code says what kind of document
it is (``230-KH/TU`` is a Kế hoạch, ``35/2024/NĐ-CP`` a Nghị định), a date, and a title in
the block before the first heading. Detection only looks at that opening block: the body cites
other documents' numbers and dates all the time.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

from corpus import frame
from corpus.document import Document, DocumentName
from corpus.errors import UnreadableFile
from corpus.normalize import fold, normalize
from corpus.lines import is_attached, only_number, title_block
from corpus.titlecase import is_acronym, is_caps, is_province, is_syllable, opens_with_name, sentence_case

MANIFEST_NAME = "MANIFEST.tsv"
FIELDS = ("title", "number", "date", "issuer", "signer", "kind", "source")

# A ministry's text merged with its amendments ("38/VBHN-BTC"): its title keeps the merged
# text's kind ("THÔNG TƯ"), its number says what it is.
CONSOLIDATED = "văn bản hợp nhất"
# Type codes inside document numbers, as used by Party (``-KH/TU``) and state (``/NĐ-CP``) bodies.
KIND_BY_CODE = {
    "BC": "báo cáo",
    "CT": "chỉ thị",
    "CTr": "chương trình",
    "CV": "công văn",
    "CĐ": "công điện",
    "BB": "biên bản",
    "GM": "giấy mời",
    "ĐA": "đề án",
    "ĐC": "đề cương",
    "HD": "hướng dẫn",
    "HDLT": "hướng dẫn liên tịch",
    "HDLN": "hướng dẫn liên ngành",
    "KH": "kế hoạch",
    "KHLT": "kế hoạch liên tịch",
    "KL": "kết luận",
    "LKG": "lời kêu gọi",
    "L": "lệnh",
    "NĐ": "nghị định",
    "NQ": "nghị quyết",
    "NQLT": "nghị quyết liên tịch",
    "PA": "phương án",
    "QC": "quy chế",
    "QĐ": "quyết định",
    "QĐi": "quy định",
    "QyĐ": "quy định",
    "TB": "thông báo",
    "TC": "thông cáo",
    "TT": "thông tư",
    "TTLT": "thông tư liên tịch",
    "TTr": "tờ trình",
    "VBHN": CONSOLIDATED,
}
# Where the Party's codes differ: its "-TT/TW" is a thông tri, never a thông tư.
_PARTY_KIND_BY_CODE = {**KIND_BY_CODE, "TT": "thông tri"}
# Codes of central bodies at the end of a number ("/NĐ-CP", "/NQ-UBTVQH15", "/TT-BGDĐT").
ISSUER_BY_CODE = {
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "CTN": "Chủ tịch nước",
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "VPCP": "Văn phòng Chính phủ",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BCT": "Bộ Công Thương",
    "BTC": "Bộ Tài chính",
    "BNV": "Bộ Nội vụ",
    "BTP": "Bộ Tư pháp",
    "BYT": "Bộ Y tế",
    "BQP": "Bộ Quốc phòng",
    "BCA": "Bộ Công an",
    "BXD": "Bộ Xây dựng",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "CHQ": "Cục Hải quan",
    "CT": "Cục Thuế",
}
_KINDS_BY_LENGTH = sorted(set(KIND_BY_CODE.values()) | set(frame.KINDS), key=len, reverse=True)
# A type code, or for a letter its issuer's ("2856/LĐTBXH-NCC").
_CODE = r"[A-ZĐ][A-Za-zĐđ]{0,6}"
_ISSUER = r"[A-ZĐ][A-Za-zĐđ0-9]*(?:-[A-Za-zĐđ0-9]+)*"
# Party style "230-KH/TU", "08-QĐi/TW"; state style "35/2024/NĐ-CP", "123/QĐ-TTg".
_PARTY_NUMBER = re.compile(rf"\b(\d{{1,5}})-({_CODE})/({_ISSUER})")
# A Government resolution under a resolution of the National Assembly may number on from it: "66.14/2026/NQ-CP".
_STATE_NUMBER = re.compile(rf"\b(\d{{1,5}}(?:\.\d{{1,3}})?)(?:/(\d{{4}}))?/({_CODE})-({_ISSUER})")
# Laws and resolutions of the National Assembly: "68/2020/QH14" (the kind is in the title).
_ASSEMBLY_NUMBER = re.compile(r"\b\d{1,5}/\d{4}/(?:UBTV)?QH\d{1,2}\b")
# A number's slash or dash with spaces around it.
_SPACED_JOINT = re.compile(r"(?<=[\dA-ZĐ])\s*([/-])\s*(?=[\dA-ZĐ])")
# "V/v thuế TNCN từ tiền lương, tiền công." under a letter's number.
_LETTER_SUBJECT = re.compile(r"^V/v\.?\s*(.+)$", re.IGNORECASE)
# A line of the recipients list as written: its label or an entry.
_LISTED = re.compile(rf"^(?:{frame.RECIPIENT_MARK}|Nơi nhận|Noi nhan)", re.IGNORECASE)
# "(Đã ký) Lê Thành Long" where a page lost the signature block's layout.
_SIGNED_NAME = re.compile(r"\(\s*Đã ký\s*\)\s*([^()|]+?)\s*\|?$", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\bngày\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\b", re.IGNORECASE)
_WORDED_DATE = re.compile(
    r"\bngày\s+(\d{1,2})\s+tháng\s*(\d{1,2})\s+năm\s*(\d{4})\b", re.IGNORECASE
)
# A page's line giving the date a document was issued: "Ban hành ngày 26/12/2024", "Ngày ban hành: 26/12/2024".
_ISSUED_ON = re.compile(r"^(?:ban hành ngày|ngày ban hành\s*:?)\s*", re.IGNORECASE)
_ANY_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
# Letterhead lines that are never the title.
_BOILERPLATE = re.compile(
    r"^(ĐẢNG CỘNG SẢN VIỆT NAM|CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\W+Tự do\W+Hạnh phúc"
    r"|Số\s*:?\s*\S*\d|[^,]{2,40},\s*ngày\s+\d)",
    re.IGNORECASE,
)
_TITLE_WORDS = 14
# Letterhead lines of a state parent body (a ministry, a province's people's committee, a
# department over its hospital or school) and of a place ("TỈNH HÀ TĨNH", "THÀNH PHỐ HÀ NỘI").
_STATE_PARENT = re.compile(r"^(?:BỘ|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|SỞ)\b")
# Bodies named after the parent they serve: "Văn phòng Ủy ban nhân dân tỉnh …", "Thanh tra Bộ …",
# "Thường trực Hội đồng nhân dân xã …".
_OFFICE_OF_PARENT = frozenset(("VĂN PHÒNG", "THANH TRA", "THƯỜNG TRỰC"))
# A committee's standing board, which its texts name under it: the committee issues them.
_STANDING_BOARDS = frozenset(("BAN THƯỜNG TRỰC", "ĐOÀN CHỦ TỊCH"))
_COUNCIL = re.compile(rf"^HỘI ĐỒNG NHÂN DÂN (?:TỈNH|THÀNH PHỐ|XÃ|PHƯỜNG|ĐẶC KHU)\s")
_MINISTRY_AND_BODY = re.compile(r"^(BỘ\s.+?)\s((?:TỔNG\s)?CỤC\s.+)$")
_COMMITTEE_AND_BODY = re.compile(
    r"^((?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND)\s(?:TỈNH|THÀNH PHỐ|XÃ|PHƯỜNG|ĐẶC KHU)\s.+?)"
    r"\s((?:SỞ|BAN|VĂN PHÒNG|THANH TRA|CHI CỤC|TRUNG TÂM|BỘ CHỈ HUY)\s.+)$"
)
_PLACE_NAME = re.compile(r"\s((?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|đặc khu)\s.+)$")
_PLACE_LINE = re.compile(r"(?:^|\s)(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|(?<!TÁC )XÃ|PHƯỜNG|ĐẶC KHU)\s")
# Where a branch's name names its place or region ("… TỈNH THANH HÓA", "… KHU VỰC III").
_OWN_BRANCH = re.compile(r"\s(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|(?<!TÁC )XÃ(?! HỘI)|PHƯỜNG|KHU VỰC)\s")
# A Party letterhead: the organization over its committee ("ĐẢNG BỘ TỈNH ĐỒNG NAI" / "TỈNH ỦY"),
# or a committee over one of its bodies ("TỈNH ỦY ĐỒNG NAI" / "BAN TỔ CHỨC").
_LEVEL = r"(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|ĐẶC KHU)"
_COMMITTEE_NAME = r"(?:(?:TỈNH|THÀNH|HUYỆN|QUẬN|THỊ) ỦY|ĐẢNG ỦY)"
_BODY_NAME = r"(?:BAN|VĂN PHÒNG|ỦY BAN KIỂM TRA|TRƯỜNG CHÍNH TRỊ)\b"
_PARTY_ORGANIZATION = re.compile(rf"^ĐẢNG BỘ (?P<level>{_LEVEL}) (?P<place>.+)$")
_COMMITTEE = re.compile(rf"^{_COMMITTEE_NAME}(?: {_LEVEL})?$")
_NAMED_COMMITTEE = re.compile(rf"^{_COMMITTEE_NAME} \S")
_COMMITTEE_BODY = re.compile(rf"^{_BODY_NAME}")
# A committee or organization named with its place ("TỈNH ỦY NGHỆ AN", "ĐẢNG BỘ TỈNH QUẢNG NGÃI").
_COMMITTEE_PLACE = re.compile(rf"^(?:{_COMMITTEE_NAME}|ĐẢNG BỘ {_LEVEL}) (?P<place>.+)$")
_BARE_LEVEL = re.compile(rf"\s{_LEVEL}$")
# A Party cell under the organization above it ("ĐẢNG BỘ PHƯỜNG ĐỊNH CÔNG" / "CHI BỘ TỔ DÂN PHỐ SỐ
# 12"): named with that organization's place.
_CELL = re.compile(r"^CHI BỘ\s")
# A committee's body under the organization ("ĐẢNG BỘ TỈNH ĐỒNG NAI" / "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY").
_BODY_OF_COMMITTEE = re.compile(rf"^{_BODY_NAME}.*\s{_COMMITTEE_NAME}$")
# Those two lines in one bold run: "ĐẢNG BỘ TỈNH ĐỒNG NAI TỈNH ỦY".
# A Party congress under the organization holding it ("ĐẢNG BỘ XÃ TIÊN LỮ" / "ĐẠI HỘI ĐẠI BIỂU
# LẦN THỨ I"): its resolution is the congress's.
_CONGRESS = re.compile(r"^(?P<body>ĐẠI HỘI(?: ĐẠI BIỂU)?)(?P<rest>(?: .+)?)$")
_ROMAN = re.compile(r"[IVXLC]{1,5}")
# Acronyms a letterhead may name its body with ("ỦY BAN MTTQ VIỆT NAM", "BCH ĐOÀN TNCS HỒ CHÍ
# MINH"): the issuer is named in full, as the body's own name reads.
_LETTERHEAD_ACRONYMS = {
    "UBND": "ỦY BAN NHÂN DÂN",
    "HĐND": "HỘI ĐỒNG NHÂN DÂN",
    "MTTQ": "MẶT TRẬN TỔ QUỐC",
    "BCH": "BAN CHẤP HÀNH",
    "TNCS": "THANH NIÊN CỘNG SẢN",
    "UBKT": "ỦY BAN KIỂM TRA",
    "LĐLĐ": "LIÊN ĐOÀN LAO ĐỘNG",
    "LHPN": "LIÊN HIỆP PHỤ NỮ",
    "CCB": "CỰU CHIẾN BINH",
    "BHXH": "BẢO HIỂM XÃ HỘI",
    "KTNN": "KIỂM TOÁN NHÀ NƯỚC",
    "VKSND": "VIỆN KIỂM SÁT NHÂN DÂN",
    "TAND": "TÒA ÁN NHÂN DÂN",
    "ĐBQH": "ĐẠI BIỂU QUỐC HỘI",
    "CHQS": "CHỈ HUY QUÂN SỰ",
    "HĐQT": "HỘI ĐỒNG QUẢN TRỊ",
    "THPT": "TRUNG HỌC PHỔ THÔNG",
    "THCS": "TRUNG HỌC CƠ SỞ",
    "HTX": "HỢP TÁC XÃ",
    "QLDA": "QUẢN LÝ DỰ ÁN",
    "ĐTXD": "ĐẦU TƯ XÂY DỰNG",
}
_LETTERHEAD_ACRONYM = re.compile(rf"\b(?:{'|'.join(_LETTERHEAD_ACRONYMS)})\b")
_COMMITTEE_OF_LEVEL = {"TỈNH": "Tỉnh ủy", "THÀNH PHỐ": "Thành ủy"}
_LEVEL_OF_COMMITTEE = {"TỈNH": "TỈNH", "THÀNH": "THÀNH PHỐ"}
_PARTY_JOINED = re.compile(rf"^(ĐẢNG BỘ .+?|{_COMMITTEE_NAME} .+?) ((?:{_COMMITTEE_NAME}|{_BODY_NAME}).*)$")
# Words a letterhead line of a body or a place opens with. A line that opens with none of them
# may be the rest of the line above, which a narrow column broke ("ỦY BAN NHÂN DÂN TỈNH BẮC" /
# "NINH", "TRUNG TÂM PHỤC VỤ" / "HÀNH CHÍNH CÔNG", "ĐẢNG ỦY CÁC CƠ QUAN" / "ĐẢNG TỈNH").
_OPENS_BODY = re.compile(
    rf"^(?:{_LEVEL}|ỦY BAN|UỶ BAN|UBND|HĐND|HỘI ĐỒNG|BỘ|SỞ|CỤC|TỔNG CỤC|CHI CỤC|VỤ|BAN|VĂN PHÒNG|TRUNG TÂM|"
    r"ĐẢNG (?:BỘ|ỦY|UỶ|ĐOÀN)|CHI BỘ|TỈNH [ỦU]Y|THÀNH [ỦU]Y|HUYỆN [ỦU]Y|CHÍNH PHỦ|QUỐC HỘI|TRƯỜNG|VIỆN|HỌC VIỆN|BỆNH VIỆN|CÔNG AN|"
    r"MẶT TRẬN|ĐẠI HỘI|HỘI|ĐOÀN|LIÊN ĐOÀN|PHÒNG|KHO BẠC|THANH TRA|TÒA ÁN|TOÀ ÁN|KIỂM TOÁN|BẢO HIỂM|NGÂN HÀNG|"
    r"TẬP ĐOÀN|TỔNG CÔNG TY|CÔNG TY|CHI NHÁNH|ĐÀI|BÁO|NHÀ XUẤT BẢN|BỘ CHỈ HUY|BỘ TƯ LỆNH)\b"
)
# A line that stops where its name cannot: after a place's level ("… TỈNH" / "ĐẮK LẮK") or a
# joining word ("BỘ GIÁO DỤC VÀ" / "ĐÀO TẠO").
_CUT_NAME = re.compile(rf"(?:(?:^|\s)(?:{_LEVEL}|VÀ|CỦA)|[-,&])$")
# A line that opens with a word no name opens with: the rest of the one above ("BAN QLDA ĐẦU TƯ
# XÂY DỰNG" / "CÁC CÔNG TRÌNH GIAO THÔNG").
_GOES_ON = re.compile(r"^(?:CÁC|VÀ|CỦA)\s")
# A state body named by its field ("Bộ Giáo dục và Đào tạo", "Sở Nội vụ tỉnh …"): the field runs
# up to the place; a "Ban" names its task ("Ban Chỉ đạo phòng, chống …"), a school its level
# ("Trường Trung học phổ thông …"), only its first word.
_FIELD_BODY = re.compile(
    r"^(?:(?P<ministry>Bộ|Sở|Phòng|Cục|Tổng cục|Chi cục|Vụ)|Ban|Trường) (?P<field>.+?)"
    r"(?=\s(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|đặc khu)\s|$)"
)
# Where a ministry's field names a further field: "… và Đào tạo", "Văn hóa, Thể thao", "Lao động - Thương binh".
_NEXT_FIELD = re.compile(r"(^|\svà\s|,\s|\s-\s)(\w)")


def read_manifest(path: str | Path) -> dict[str, dict[str, str]]:
    """Read a MANIFEST.tsv: file name → its metadata (empty cells left out).

    Columns: ``file`` (required), ``title``, ``number``, ``date``, ``issuer``, ``kind``,
    ``source``; any other column is kept too and ends up in :attr:`Document.extra`.

    Raises:
        UnreadableFile: The manifest is not UTF-8 TSV with a ``file`` column.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise UnreadableFile(path.name, "không đọc được bảng kê (cần UTF-8, phân cách bằng tab)") from error
    reader = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    if not reader.fieldnames or "file" not in [name.strip() for name in reader.fieldnames]:
        raise UnreadableFile(path.name, "bảng kê thiếu cột 'file'")
    rows: dict[str, dict[str, str]] = {}
    for row in reader:
        # Values are kept as written (NFC only): notes may describe the original spelling.
        cleaned = {
            (key or "").strip(): unicodedata.normalize("NFC", value or "").strip()
            for key, value in row.items()
            if key and isinstance(value, str)
        }
        name = cleaned.pop("file", "")
        if name:
            rows[name] = {key: value for key, value in cleaned.items() if value}
    return rows


def apply_metadata(
    doc: Document, fields: dict[str, str] | None = None, fallback: dict[str, str] | None = None
) -> Document:
    """Fill a document's metadata: given fields first, detection from the text next, then the
    fallback for what is still unknown.

    Args:
        doc: The document; its fields already set (e.g. from a JSONL record) are kept unless
            ``fields`` overrides them.
        fields: Manifest or user-supplied values; ``date`` may be ISO or ``d/m/yyyy``; other
            keys than the document's fields go to ``extra``.
        fallback: Values that count less than the document's own text (a law portal's
            metadata table, :mod:`corpus.portal`), in the same form as ``fields``.
    """
    fields = dict(fields or {})
    for key in FIELDS:
        value = fields.pop(key, "")
        if key == "date" and value:
            value = parse_date(value)
        if value:
            setattr(doc, key, value)
    doc.extra.update({key: value for key, value in fields.items() if value})
    detected = detect_metadata(doc.text)
    for key in ("title", "number", "date", "kind", "issuer", "signer"):
        if not getattr(doc, key):
            setattr(doc, key, detected.get(key, ""))
    for key, value in (fallback or {}).items():
        if key in FIELDS and value and not getattr(doc, key):
            setattr(doc, key, parse_date(value) if key == "date" else value)
    if not doc.kind and doc.number:
        doc.kind = kind_of_number(doc.number)
    return doc


def detect_metadata(text: str) -> dict[str, str]:
    """Guess title, number, date, kind, issuer and signer from a document's own text: its title
    block, and its signature block for the signer.

    Returns:
        The fields found (missing ones are absent); date as ISO ``YYYY-MM-DD``.
    """
    head_lines, named = title_block(text)
    head = "\n".join(head_lines) or text[:600]
    found: dict[str, str] = {}
    # The title names the kind ("QUY ĐỊNH", even under a Party number "37-QĐ/TW" that
    # Quyết định numbers share).
    titled = frame.kind_heading(normalize(named[0])) if named else ""
    number = find_number(head)
    if number and _cited_in_title(number, titled, named):
        # "KẾ HOẠCH / Triển khai thực hiện Nghị quyết số 57-NQ/TW …": a text issued with a
        # decision has no number of its own; the one its subject names is another text's.
        rest = [line for line in head_lines if line not in named and not is_attached(normalize(line))]
        number = find_number("\n".join(rest))
    if number:
        found["number"] = number
    when = _own_date(head_lines, number, text)
    if when:
        found["date"] = when
    issuer = _issuer(head_lines, text) or issuer_of_number(number)
    if issuer:
        found["issuer"] = issuer
    signer = find_signer(text)
    if signer:
        found["signer"] = signer
    subject = _letter_subject(head_lines)
    # A letter's "V/v ..." line makes it a Công văn whatever its number's code ("5680/CT-CS" is
    # the Cục Thuế's Phòng Chính sách, not a Chỉ thị); the number's type code is the fallback.
    numbered = kind_of_number(number) if number else ""
    kind = (numbered if numbered == CONSOLIDATED else titled) or ("công văn" if subject else "") or numbered
    if named:
        title = _named_title(named, text)
    elif subject:
        title = f"Công văn về việc {subject}"
    else:
        title = _title(head_lines)
        if kind and title and kind not in normalize(title).lower():
            # A page that lost its kind line: the kind its number names, then the subject.
            title = f"{kind.capitalize()} {title[0].lower()}{title[1:]}"
    if title and issuer:
        title = _issuer_named(title, issuer)
    if title:
        found["title"] = title
    kind = kind or (kind_of_title(title) if title else "")
    if kind:
        found["kind"] = kind
    return found


def _cited_in_title(number: str, own: str, named: list[str]) -> bool:
    """Whether a number found in the head is one the title's subject cites: it stands under the
    kind line (``own``, the kind it names), and its type code names another kind ("Nghị quyết
    số 57-NQ/TW" under "KẾ HOẠCH"; a Party "QĐ" number may be a Quy định's own)."""
    if len(named) < 2:
        return False
    cited = kind_of_number(number)
    if not own or not cited or cited == own or {own, cited} == {"quy định", "quyết định"}:
        return False
    return number not in normalize(named[0]) and any(number in normalize(line) for line in named[1:])


_DATED_LINE = re.compile(r",\s*ng")


def _own_date(head_lines: list[str], number: str, text: str) -> str:
    """The document's own date: its place-and-date line ("Hà Nội, ngày 18 tháng 11 năm 2025"),
    else a date written right after its own number ("Kế hoạch số 230-KH/TU ngày 10/3/2023"), in
    its head or further on, else the date its closing formula gives ("Nghị quyết này được ... thông qua ngày ...").
    Never a date of a document the title or a "Căn cứ ..." line names."""
    dated = [line for line in head_lines if frame.is_letterhead(normalize(line)) or _ISSUED_ON.match(normalize(line))]
    when = find_date("\n".join(_ISSUED_ON.sub("ngày ", normalize(line)) for line in dated))
    if when:
        return when
    if not number:
        # A letter without a number dated over its signature ("Cà Mau, ngày 12 tháng 02 năm 2026"
        # / "BÍ THƯ TỈNH ỦY").
        # Normalizing every line of a long text is slow: only those with a ", ng…" may be one.
        lines = (normalize(line) for line in text.split("\n") if _DATED_LINE.search(line))
        return next(filter(None, (find_date(norm) for norm in lines if frame.is_place_date(norm))), "")
    # A page that lost its date cell may still name it with its number further on: an
    # appendix's "(Kèm theo Quyết định số 2154/QĐ-UBND ngày 06 tháng 11 năm 2025 …)".
    for where in ("\n".join(head_lines), text):
        own = re.search(rf"{re.escape(number)}\s*,?\s*(ngày\s.{{6,30}})", normalize(where))
        when = find_date(own.group(1)) if own else ""
        if when:
            break
    if not when:
        closing = re.search(r"\bthông qua\s+(ngày\s.{6,30})", normalize(text[-4000:]))
        when = find_date(closing.group(1)) if closing else ""
    return when


def _letter_subject(head_lines: list[str]) -> str:
    """The subject of a letter (Công văn) under its number: "V/v thuế TNCN ..." → "thuế TNCN ..."."""
    for line in head_lines:
        match = _LETTER_SUBJECT.match(normalize(line))
        if match:
            return match.group(1).rstrip(" .")
    return ""


def find_signer(text: str) -> str:
    """The signer's name under the (first) signature block: "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" /
    "Nguyễn Quỳnh Thiện", or a "(Đã ký) Lê Thành Long" line; ``""`` when none is written."""
    # A table row the page flattened keeps its outer pipes: "| CHỦ TỊCH", "Trần Thanh Mẫn |".
    raw = [line.strip(" |") for line in text.split("\n")]
    # The block's line at the end of a line of the recipients list, where a PDF printed it.
    raw = [frame.split_signature(normalize(line))[1] or line if _LISTED.match(line) else line for line in raw]
    lines = [normalize(line) if _may_sign(line) else "" for line in raw]
    for i, line in enumerate(lines):
        if _APPROVAL.match(line):
            continue  # the body above approving the text beside its signer ("DUYỆT CỦA UBND XÃ …")
        signed = _SIGNED_NAME.search(line)
        # "(Đã ký)Đại tá Phan Văn Hiếu": the name without the rank.
        name = _unranked(signed.group(1)) if signed else ""
        if _is_name(name):
            # A PDF may wrap the block's line before the name's last syllable: "…(Đã ký)Hoàng Minh" /
            # "Khuê".
            rest = next((normalize(after) for after in raw[i + 1:i + 3] if after.strip()), "")
            wrapped = len(rest.split()) == 1 and rest.istitle() and is_syllable(rest) and _is_name(f"{name} {rest}")
            if wrapped:
                return f"{name} {rest}"
            # A joint text's blocks, one under the other: "T/M BAN …(Đã ký)Nguyễn …" / "T/M ĐẢNG
            # ĐOÀN…(Đã ký)Y Ngọc Êban".
            names = [name]
            for after in [normalize(line) for line in raw[i + 1:i + 1 + 2 * _MAX_COSIGNERS] if line.strip()][:_MAX_COSIGNERS]:
                cosigned = _SIGNED_NAME.search(after)
                cosigner = _unranked(cosigned.group(1)) if cosigned else ""
                if not _is_name(cosigner):
                    break
                names.append(cosigner)
            return ", ".join(names)
        # A portal's table may put the block in the cell after the recipients' ("- Lưu: VT. | KT.
        # CHỦ TỊCH…") on one line.
        # Two blocks side by side sign a joint text: "T/M BAN …(Đã ký)… | T/M ĐẢNG ĐOÀN…(Đã ký)…".
        if i >= 5 and (names := [name for name in map(frame.signed_name, _cells(line)) if name]):
            return ", ".join(names[:1 + _MAX_COSIGNERS])
        if not frame.is_signature(line) or i < 5:
            continue
        following, at = _name_under(raw, i)
        if following:
            return ", ".join([following, *_cosigners(raw, at)])
    return ""


def _cosigners(raw: list[str], at: int) -> list[str]:
    """A joint text's other signers, after the first one's name on line ``at``: their blocks, side
    by side on the page, read one after the other ("KT. BỘ TRƯỞNG BỘ NỘI VỤ" / "THỨ TRƯỞNG" / name
    / "KT. BỘ TRƯỞNG BỘ TÀI CHÍNH" / …), or read across (the blocks' lines, then the names one
    under the other)."""
    rest = [_unranked(norm) for norm in map(normalize, raw[at + 1:at + 12]) if norm]
    names: list[str] = []
    k = 0
    while k < len(rest) and len(names) < _MAX_COSIGNERS:
        if frame.is_signature(rest[k]):
            k = next((j for j in range(k, len(rest)) if not (frame.is_signature(rest[j]) or is_caps(rest[j]))), len(rest))
        if k == len(rest) or not _is_name(rest[k]) or is_caps(rest[k]):
            break
        names.append(rest[k])
        k += 1
    return names


# Bodies issuing one text together: two, rarely three or four.
_MAX_COSIGNERS = 3


def _name_under(raw: list[str], block: int) -> tuple[str, int]:
    """The signer's name under the signature block's line ``block``: the first line under it
    that is neither the block's nor in capitals, if a name; the enacting authority over the "Căn
    cứ ..." lines ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ...") has none. A PDF may print the recipients
    list between the two (the cells side by side read one after the other): its entries, their
    wrapped rest and its filing entry are passed over."""
    in_entry = False
    for at, line in enumerate(raw[block + 1:block + 40], block + 1):
        norm = normalize(line)
        # A rank may stand on a line of its own over the name ("Đại tá" / "Trần Quốc Hưng").
        if not norm or frame.is_signature(norm) or is_caps(norm) or _RANK_ALONE.match(norm):
            continue
        if _ENTRY_MARK.match(norm) or in_entry:
            signed = _name_cut(norm)[1]
            if signed:
                return signed, at
            in_entry = not frame.is_filing(norm) and not _FILED.match(norm) and norm[-1] not in ";.,"
            continue
        if _is_name(_unranked(norm)):
            return _unranked(norm), at
        return _name_lead(norm)[0], at
    return "", block


# The recipients list: its entries' marks, the filing entry ("Lưu: VT, …", "Lưu Văn phòng …"),
# a form's blanks ("Ông (bà) ………"), where a list run into one line starts its next entry.
_ENTRY_MARK = re.compile(rf"^{frame.RECIPIENT_MARK}\s*")
_FILED = re.compile(r"^Lưu\b", re.IGNORECASE)
_BLANKS = re.compile(r"[.…_]{4,}|…{2,}")
_RUN_ENTRY = re.compile(rf"[;,]\s*{frame.RECIPIENT_MARK}\s+")


def find_recipients(text: str) -> list[str]:
    """Who a text is sent to, as its "Nơi nhận:" list names them ("Các tỉnh ủy, thành ủy", "Như
    Điều 4", "TTgCP, các PTTgCP (để b/c)"), the filing entry left out: the first such list that
    is no form's blank one. A "+" line goes with the entry above it ("VP UBND tỉnh: LĐVP, KGVX")."""
    lines = [normalize(line.split(" | ")[0].strip(" |")) for line in text.split("\n")]
    for i, line in enumerate(lines):
        if _RUN_ENTRY.search(line) and _ENTRY_MARK.match(line) and not frame.is_recipients(line):
            # A list run into one line that a PDF wrapped: "- Ban Bí thư …; - …;" / "- Văn phòng Quốc
            # hội; … - Lưu: VT, NN (2b)." is one list.
            end = next((j for j in range(i + 1, min(i + 4, len(lines))) if not _ENTRY_MARK.match(lines[j])), min(i + 4, len(lines)))
            if frame.is_recipients(" ".join(lines[i:end])):
                line = lines[i] = " ".join(lines[i:end])
                lines[i + 1:end] = [""] * (end - i - 1)
        if not frame.is_recipients(line):
            continue
        entries: list[str] = []
        head, beside = frame.split_signature(line)
        # The block printed beside the list, between its entries: its lines in capitals (an
        # office wrapped: "KT. BỘ TRƯỞNG, CHỦ" / "NHIỆM"), then the signer's name, are passed over.
        in_block, signer_next = bool(beside), bool(beside)
        pieces = [frame.RECIPIENTS_LABEL.sub("", head).strip(), *lines[i + 1:]]
        for k, piece in enumerate(pieces):
            piece, block = frame.split_signature(piece)
            if frame.is_signature(piece) or (in_block and piece and is_caps(piece)):
                in_block = signer_next = True
                continue
            in_block = bool(block)
            signer_next = signer_next or in_block
            if signer_next and _is_name(piece) and not is_caps(piece):
                signer_next = False
                continue
            if signer_next:
                # The name printed at an entry's end: "- HĐND, UBND các tỉnh …; Phạm Minh Chính",
                # "- Các cơ quan, ban đảng Trần Cẩm Tú" (a scan's columns read across), or at the
                # start of its wrapped rest: "Đinh Văn Lực học tỉnh;".
                piece, name = _name_cut(piece)
                if not name:
                    name, piece = _name_lead(piece)
                signer_next = not name
            if not piece:
                continue
            # After a semicolon a line without a mark ends the list, unless an entry follows it:
            # it is then the rest of an entry of two ("- Thường trực HĐND tỉnh;" / "UBND tỉnh;").
            listed_on = entries[-1:] and entries[-1].endswith(";") and _ENTRY_MARK.match(next(filter(None, pieces[k + 1:]), ""))
            if frame.is_filing(piece) or (
                not _ENTRY_MARK.match(piece) and (not entries or (entries[-1][-1:] in ";." and not listed_on))
            ):
                break
            if piece.startswith("+") and entries:
                entries[-1] = entries[-1].rstrip(" ;,") + (" " if entries[-1].endswith(":") else "; ") + _ENTRY_MARK.sub("", piece)
            elif _ENTRY_MARK.match(piece):
                entries.extend(_RUN_ENTRY.split(_ENTRY_MARK.sub("", piece)))
            else:  # a long entry wrapped onto the next line
                entries[-1] = f"{entries[-1]} {piece}"
        named = [e.strip(" ;,.:") for e in entries if not _FILED.match(e)]
        if named and not any(_BLANKS.search(e) for e in named):
            return named
    unlabelled = frame.unlabelled_recipients(lines)
    return find_recipients("Nơi nhận:\n" + "\n".join(lines[k] for k in unlabelled)) if unlabelled else []



def _name_cut(line: str) -> tuple[str, str]:
    """A line of the recipients list and the signer's name printed at its end, beside it: after a
    ";" ("HĐND, UBND các tỉnh …; Phạm Minh Chính"), or two to four capitalized words from a
    common family name after the entry's lowercase ("Các cơ quan, ban đảng Trần Cẩm Tú", as a
    scan's columns are read across; not "thành phố Hồ Chí Minh"); else ``(line, "")``."""
    head, cut, tail = line.rpartition(";")
    tail = tail.strip()
    if cut and _is_name(tail) and not is_caps(tail):
        return head.strip(" ;,"), tail
    words = line.split()
    for size in (4, 3, 2):
        run, before = words[-size:], words[-size - 1] if len(words) > size else ""
        if (
            before and run[0] in _FAMILY_NAMES and all(w.isalpha() and w[0].isupper() and w[1:].islower() for w in run)
            and (before.endswith(",") or before.islower()) and before.strip(",") not in _PLACE_LEVELS
        ):
            return " ".join(words[:-size]), " ".join(run)
    return line, ""


def _name_lead(line: str) -> tuple[str, str]:
    """The signer's name printed at the start of a line of the recipients list, before an entry's
    wrapped rest on the same line ("Đinh Văn Lực học tỉnh;", a PDF of the two cells side by side),
    and that rest; else ``("", line)``."""
    words = line.split()
    for size in (4, 3, 2):
        run, after = words[:size], words[size] if len(words) > size else ""
        if (
            after[:1].islower() and run[0] in _FAMILY_NAMES
            and all(w.isalpha() and w[0].isupper() and w[1:].islower() for w in run)
        ):
            return " ".join(run), " ".join(words[size:])
    return "", line


# Family names most Vietnamese bear (not those that also open place names: Hà, Mai, Cao, Thái,
# Lâm, Lý).
_FAMILY_NAMES = frozenset(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Đinh Trương Đoàn Lương Trịnh Chu Lưu "
    "Tạ Quách Triệu Kiều Nông Hứa".split()
)
_PLACE_LEVELS = frozenset("phố tỉnh xã phường huyện quận thị trấn đường thôn ấp bản".split())


def find_addressees(text: str) -> list[str]:
    """Who a letter is addressed to ("Kính gửi: Bộ Nông nghiệp và Môi trường."), on its line or
    listed under it, when that line comes before the recipients list (a form's "Kính gửi: ……" in
    an appendix is no addressee)."""
    lines = [normalize(line.strip(" |")) for line in text.split("\n")]
    for i, line in enumerate(lines):
        if frame.is_recipients(line):
            return []
        if not frame.ADDRESSEES_LABEL.match(line):
            continue
        rest = frame.ADDRESSEES_LABEL.sub("", line)
        if rest:
            named = [rest]
        else:
            listed = [ln for ln in lines[i + 1:i + 12] if ln]
            named = [_ENTRY_MARK.sub("", ln) for ln in itertools.takewhile(lambda ln: bool(_ENTRY_MARK.match(ln)), listed)]
        named = [n.strip(" ;,.:") for n in named]
        return [] if not named or any(_BLANKS.search(n) for n in named) else named
    return []


_APPROVAL = re.compile(r"^(?:DUYỆT|PHÊ DUYỆT|XÁC NHẬN)\b")


def _may_sign(line: str) -> bool:
    """Whether a raw line can be a line of a signature block (all its letters capitals) or a
    "(Đã ký) Name" line: only those are normalized, most of a long text is not."""
    # A block's first line may run on to the signer's name ("TM. ỦY BAN NHÂN DÂN CHỦ TỊCH  Tên").
    return (
        "ký" in line.lower() or all(c.isupper() for c in line if c.isalpha())
        or any(frame.on_behalf(cell) or frame.names_office(cell) for cell in _cells(line))
    )


def _cells(line: str) -> list[str]:
    """A line's table cells, stripped (the line itself when it has no " | ")."""
    return [cell.strip() for cell in line.split(" | ")]


_RANK_ALONE = re.compile(rf"^{frame.RANK_WORDS}$")


# Degrees a doctor, a scientist or an engineer signs with, one or several ("BSCKII. Nguyễn Hữu
# Tâm", "PGS.TS. …", "ThS.DS. …").
_DEGREES = re.compile(r"^(?:(?:GS|PGS|TSKH|TS|ThS|Ths|BSCKI{1,2}|BSCK[12]|BSNT|BS|DSCKI{1,2}|DS|KTS|KS|CN|LS)\.\s*)+(?=[A-ZĐ])")


def _unranked(line: str) -> str:
    """A signer's line without the rank or the degrees before the name."""
    return _DEGREES.sub("", frame.RANK.sub("", line))


def _is_name(line: str) -> bool:
    """A person's name: two to five capitalized words, no digits or punctuation but the apostrophe
    of some ethnic minorities' names ("K’ Bình Ha Sơn", "Ka H'Liên")."""
    words = line.split()
    return 2 <= len(words) <= 5 and all(w[0].isupper() and w.replace("’", "").replace("'", "").isalpha() for w in words)


def issuer_of_number(number: str) -> str:
    """The issuing body a number's code names, for central bodies whose code is unambiguous
    (``16/2025/NĐ-CP`` → ``Chính phủ``), or ``""``."""
    codes = re.split(r"[-/]", normalize(number))
    for code in reversed(codes[1:]):
        if code in ISSUER_BY_CODE:
            return ISSUER_BY_CODE[code]
        stripped = re.sub(r"\d+$", "", code)  # "UBTVQH15": the term's number
        if stripped in ISSUER_BY_CODE:
            return ISSUER_BY_CODE[stripped]
    return ""


def find_number(text: str) -> str:
    """The first document number (số hiệu) in the text, or ``""``; typed with spaces in it ("Số:
    3769 /QĐ-UBND", "25 - CT/TU", a number filled in by hand), it is read without them."""
    norm = _SPACED_JOINT.sub(r"\1", normalize(text))
    patterns = (_PARTY_NUMBER, _STATE_NUMBER, _ASSEMBLY_NUMBER)
    matches = [m for m in (pattern.search(norm) for pattern in patterns) if m]
    if not matches:
        return ""
    return min(matches, key=lambda m: m.start()).group(0)


def kind_of_number(number: str) -> str:
    """The document kind named by a number's type code (``230-KH/TU`` → ``kế hoạch``), or ``""``."""
    number = normalize(number)
    party = _PARTY_NUMBER.fullmatch(number)
    if party:
        return _PARTY_KIND_BY_CODE.get(party.group(2), "")
    state = _STATE_NUMBER.fullmatch(number)
    if state:
        return KIND_BY_CODE.get(state.group(3), "")
    return ""


def kind_of_title(title: str) -> str:
    """The document kind a title starts with (``Nghị quyết Đại hội ...`` → ``nghị quyết``), or ``""``."""
    lowered = normalize(title).lower()
    for kind in _KINDS_BY_LENGTH:
        whole = lowered.startswith(kind) and not lowered[len(kind):len(kind) + 1].isalnum()  # "thư", not "thường"
        if whole or re.search(rf"(^|[:\s]){re.escape(kind)}\s+(số\s+)?\d", lowered):
            return kind
    return ""


def find_date(text: str) -> str:
    """The first ``ngày d/m/yyyy`` or ``ngày d tháng m năm yyyy`` as ISO, or ``""``."""
    norm = normalize(text)
    matches = [m for m in (_NUMERIC_DATE.search(norm), _WORDED_DATE.search(norm)) if m]
    for match in sorted(matches, key=lambda m: m.start()):
        iso = _iso(*match.groups())
        if iso:
            return iso
    return ""


def parse_date(value: str) -> str:
    """A date given as ISO or ``d/m/yyyy`` (also with ``.`` or ``-``) as ISO, or ``""`` if invalid."""
    iso = _ISO_DATE.match(value)
    if iso:
        year, month, day = iso.groups()
        return _iso(day, month, year)
    numeric = _ANY_DATE.match(value)
    if numeric:
        return _iso(*numeric.groups())
    return find_date(value) or find_date(f"ngày {value}")


def _iso(day: str, month: str, year: str) -> str:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return ""


def display_date(iso: str) -> str:
    """``2023-03-10`` → ``10/3/2023``, the way documents write dates."""
    try:
        value = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{value.day}/{value.month}/{value.year}"


def _field_capitals(name: str) -> str:
    """A state body's name with its field in capitals, as the body writes it: "Bộ nội vụ" →
    "Bộ Nội vụ", "Bộ giáo dục và đào tạo" → "Bộ Giáo dục và Đào tạo", "Ban chỉ đạo …" → "Ban
    Chỉ đạo …"."""
    match = _FIELD_BODY.match(name)
    if not match or name.lower().startswith("ban cán sự đảng"):  # "Ban cán sự đảng Bộ …" names no field
        return name
    field = match["field"]
    if match["ministry"]:
        field = _NEXT_FIELD.sub(lambda m: m[1] + m[2].upper(), field)
    else:
        field = field[0].upper() + field[1:]
    return name[:match.start("field")] + field + name[match.end("field"):]


_YOUTH_MOTTO = re.compile(rf"\b{frame.YOUTH_UNION}\b")


def _issuer(head_lines: list[str], text: str) -> str:
    """The issuing body from the letterhead's capitals, before the title: "ỦY BAN NHÂN DÂN" /
    "THÀNH PHỐ ĐÀ NẴNG" → "Ủy ban nhân dân thành phố Đà Nẵng"."""
    parts: list[str] = []
    for norm in (part for line in head_lines for part in frame.letterhead_lines(normalize(line))):
        if frame.kind_heading(norm):
            break
        part = frame.issuing_body(norm)
        if part:
            parts.append(part)
        elif parts and _ROMAN.fullmatch(norm):
            parts.append(norm)  # a narrow column's "ĐẠI HỘI ĐẠI BIỂU LẦN THỨ" / "I"
        elif not frame.is_letterhead(norm):
            break  # the letterhead is over
    if not parts:
        return ""
    if parts == ["BAN CHẤP HÀNH TRUNG ƯƠNG"] and any(_YOUTH_MOTTO.search(normalize(line)) for line in head_lines):
        # The Youth Union's Central Committee: its name stands where the national name does.
        parts = ["BAN CHẤP HÀNH TRUNG ƯƠNG ĐOÀN TNCS HỒ CHÍ MINH"]
    parts = [_LETTERHEAD_ACRONYM.sub(lambda m: _LETTERHEAD_ACRONYMS[m[0]], part) for part in _rejoined(parts, text)]
    again = [k for k in range(1, len(parts)) if parts[k] == parts[0]] or [
        # Or a national body's line after a body named with its place, the next cell's parent:
        # "BỘ CÔNG AN" / "CÔNG AN TỈNH TUYÊN QUANG" | "HỘI LHPN VIỆT NAM" / "HỘI LHPN TỈNH TUYÊN QUANG".
        k for k in range(2, len(parts) - 1)
        if parts[k].endswith(" VIỆT NAM") and _OWN_BRANCH.search(parts[k - 1]) and _OWN_BRANCH.search(parts[k + 1])
    ]
    if again and len(parts) > 2:
        # Joint issuers under one parent, each cell naming it ("UBND TỈNH NINH BÌNH" / "SỞ Y TẾ" |
        # "UBND TỈNH NINH BÌNH" / "SỞ GIÁO DỤC VÀ ĐÀO TẠO"), or each its own: each body by its name.
        groups = [parts[start:end] for start, end in zip([0, *again], [*again, len(parts)])]
        return " - ".join(filter(None, (_named_issuer(group, text) for group in groups)))
    return _named_issuer(parts, text)


def _named_issuer(parts: list[str], text: str) -> str:
    """The issuing body named from its letterhead's lines in capitals (see :func:`_issuer`)."""
    if len(parts) > 1 and parts[-1] in _STANDING_BOARDS:
        # "ỦY BAN MTTQ VIỆT NAM" / "XÃ ĐỨC HÒA" / "BAN THƯỜNG TRỰC": the committee it acts for.
        parts = parts[:-1]
    if len(parts) > 1 and parts[0] == "BAN CHẤP HÀNH TRUNG ƯƠNG":
        # A body of the Central Committee is named after it: "Ban Tổ chức Trung ương",
        # "Văn phòng Trung ương Đảng".
        body = sentence_case(parts[-1], text)
        body = body[0].upper() + body[1:]
        return "Văn phòng Trung ương Đảng" if body == "Văn phòng" else f"{body} Trung ương"
    joined = (_MINISTRY_AND_BODY.match(parts[0]) or _COMMITTEE_AND_BODY.match(parts[0])) if len(parts) == 1 else None
    if joined:
        # "BỘ TÀI CHÍNH CỤC THUẾ", "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG SỞ NỘI VỤ": two letterhead
        # lines run together.
        parts = list(joined.groups())
    if len(parts) > 1 and parts[-1] in _OFFICE_OF_PARENT:
        # The office of the body above it, not a "Văn phòng tỉnh Vĩnh Long": "ỦY BAN NHÂN DÂN TỈNH
        # VĨNH LONG" / "VĂN PHÒNG"; "BỘ Y TẾ" / "THANH TRA" is "Thanh tra Bộ Y tế"; "ĐOÀN ĐBQH VÀ
        # HĐND" / "TỈNH CÀ MAU" / "VĂN PHÒNG" the "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng
        # nhân dân tỉnh Cà Mau".
        parent = sentence_case(" ".join(parts[:-1]), text, names_first=True)
        return _field_capitals(f"{parts[-1].capitalize()} {parent[0].upper()}{parent[1:]}")
    if len(parts) > 2 and _STATE_PARENT.match(parts[0]) and _PLACE_LINE.match(parts[-1]) and not _PLACE_LINE.search(parts[-2]):
        # A unit's place on a line of its own under it: "BỘ TƯ PHÁP" / "CỤC QUẢN LÝ THI HÀNH ÁN
        # DÂN SỰ" / "THI HÀNH ÁN DÂN SỰ" / "TỈNH PHÚ THỌ".
        parts = [*parts[:-2], f"{parts[-2]} {parts[-1]}"]
    if len(parts) > 1 and _STATE_PARENT.match(parts[0]) and not _PLACE_LINE.match(parts[-1]):
        # A state body under its ministry or province is named by itself ("BỘ TÀI CHÍNH" /
        # "CỤC HẢI QUAN" is the Cục Hải quan), with the province's name if the parent has one;
        # its name is cased as the text writes it whole ("Hội đồng Thi đua - Khen thưởng"), else
        # by the list of known names before the text's mentions (a "thủ tục hải quan").
        place = _PLACE_LINE.search(parts[0])
        body = _as_named(parts[-1], text) or sentence_case(parts[-1], text, names_first=True)
        where = sentence_case(parts[0][place.start():].strip(), text) if place else ""
        if where and body.split()[-1].lower() == where.split()[0].lower():
            where = where.split(" ", 1)[-1]  # "THANH TRA TỈNH" under "UBND TỈNH NGHỆ AN": "Thanh tra tỉnh Nghệ An"
        elif _PLACE_NAME.search(body) or (where and body.lower().endswith(where.split(" ", 1)[-1].lower())):
            # "BỆNH VIỆN ĐA KHOA TỈNH PHÚ THỌ" under "SỞ Y TẾ TỈNH PHÚ THỌ", "BÁO VÀ PHÁT THANH,
            # TRUYỀN HÌNH ĐỒNG NAI" under "UBND TỈNH ĐỒNG NAI" name their own.
            where = ""
        elif not place:
            where = _province_of(parts[0], text)  # "SỞ GIÁO DỤC VÀ ĐÀO TẠO GIA LAI" / "TRƯỜNG THPT …"
        return _field_capitals(" ".join([body[0].upper() + body[1:], where]).strip())
    if len(parts) == 2 and _COUNCIL.match(parts[0]) and parts[1].startswith("BAN "):
        # A council's committee under it ("HĐND TỈNH ĐẮK LẮK" / "BAN PHÁP CHẾ"): "Ban Pháp chế Hội
        # đồng nhân dân tỉnh Đắk Lắk".
        body, council = sentence_case(parts[1], text, names_first=True), sentence_case(parts[0], text, names_first=True)
        return f"{_field_capitals(body[0].upper() + body[1:])} {council[0].upper()}{council[1:]}"
    if len(parts) == 3 and _PARTY_ORGANIZATION.match(parts[0]) and _OPENS_BODY.match(parts[2]):
        # Two Party bodies' joint text, the first under its organization: "ĐẢNG BỘ TỈNH ĐẮK LẮK" /
        # "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY" | "ĐẢNG ĐOÀN ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM TỈNH …".
        first = _party_issuer(parts[:2], text)
        second = sentence_case(parts[2], text, names_first=True)
        if first:
            return f"{first} - {second[0].upper()}{second[1:]}"
    party = _party_issuer(parts, text)
    if party:
        return party
    placed = _COMMITTEE_PLACE.match(parts[0]) if len(parts) > 1 else None
    if placed and _BARE_LEVEL.search(parts[-1]):
        # A body whose name ends on a level with no place ("TỈNH ỦY NGHỆ AN" / "ĐẢNG ĐOÀN" /
        # "HỘI ĐỒNG NHÂN DÂN TỈNH"): the place is the committee's above it.
        named = sentence_case(f"{' '.join(parts[1:])} {placed['place']}", text, names_first=True)
        return named[0].upper() + named[1:]
    branch = _OWN_BRANCH.search(parts[1]) if len(parts) == 2 and not _PLACE_LINE.match(parts[1]) else None
    theirs = _OWN_BRANCH.search(parts[0])
    if branch and (not theirs or parts[0][theirs.start():] != parts[1][branch.start():]):
        # A branch or unit under its national or provincial body, named with its own place or
        # region ("TỔNG LĐLĐ VIỆT NAM" / "LĐLĐ TỈNH NGHỆ AN", "KIỂM TOÁN NHÀ NƯỚC" / "… KHU VỰC
        # III", "QUÂN KHU 1" / "BỘ CHQS TỈNH THÁI NGUYÊN", "CỤC THUẾ" / "THUẾ TỈNH KHÁNH HÒA",
        # "CÔNG AN TỈNH NGHỆ AN" / "CÔNG AN XÃ KIM LIÊN"): the branch alone; a board is its
        # parent's ("NGÂN HÀNG CHÍNH SÁCH XÃ HỘI" / "BAN ĐẠI DIỆN HĐQT TỈNH CÀ MAU").
        own, where = parts[1][:branch.start()], parts[1][branch.start():]
        if own.startswith("BAN ") and not _pairs(own) & _pairs(parts[0]):
            own = f"{own} {parts[0]}"
        named = sentence_case(f"{own}{where}", text, names_first=True)
        return named[0].upper() + named[1:]
    if (len(parts) == 2 and not theirs and not _PLACE_LINE.match(parts[1])
            and _province_of(parts[1], text) and not _province_of(parts[0], text)):
        # A company named after its province under its corporation ("TỔNG CÔNG TY ĐIỆN LỰC MIỀN
        # BẮC" / "CÔNG TY ĐIỆN LỰC HÀ TĨNH").
        named = sentence_case(parts[1], text, names_first=True)
        return named[0].upper() + named[1:]
    # Line by line, so that each line's place name is found: "BAN THƯỜNG VỤ" / "TỈNH ỦY BÌNH DƯƠNG".
    issuer = " ".join(sentence_case(part, text, names_first=True) for part in parts)
    # Joint issuers ("BỘ TÀI CHÍNH - BỘ NỘI VỤ", a joint circular's): each body by its own name;
    # a province named once after the last ("SỞ TƯ PHÁP - CÔNG AN" / "TỈNH ĐỒNG THÁP") is each one's.
    bodies = [_field_capitals(body[0].upper() + body[1:]) for body in issuer.split(" - ")]
    place = _PLACE_NAME.search(bodies[-1])
    if len(bodies) > 1 and place and not any(_PLACE_NAME.search(body) for body in bodies[:-1]):
        # "CÔNG AN TỈNH -" / "…" / "TÒA ÁN NHÂN DÂN TỈNH" / "HƯNG YÊN": each one's level is there.
        level, name = place[1].split(" ", 1)
        bodies = [
            *(f"{body} {name}" if body.lower().endswith(f" {level}") else f"{body} {place[1]}" for body in bodies[:-1]),
            bodies[-1],
        ]
    return " - ".join(bodies)


def _rejoined(parts: list[str], text: str) -> list[str]:
    """The letterhead's lines of capitals with the lines a narrow column broke joined again: a
    line that opens no body or place goes on the one above when that one stops where a name
    cannot, when it is one word ("NINH"), or when the document's own text names the two as one
    ("Trung tâm Phục vụ hành chính công")."""
    words: list[str] = []
    folded: list[str] = []
    out = parts[:1]
    for part in parts[1:]:
        joined = f"{out[-1]} {part}"
        if out[-1].endswith(" -"):
            out[-1] = joined  # joint issuers, one a line: "BỘ TƯ PHÁP -" / "TÒA ÁN NHÂN DÂN" / "TỐI CAO"
            continue
        if not _OPENS_BODY.match(part) and (_CUT_NAME.search(out[-1]) or _GOES_ON.match(part) or len(part.split()) == 1):
            out[-1] = joined
            continue
        if not _OPENS_BODY.match(part):
            if not words:
                words = re.findall(r"\w+", normalize(text))
                folded = [fold(word, normalized=True) for word in words]
            # Of joint issuers, the last one's name ("BỘ TƯ PHÁP - TÒA ÁN NHÂN DÂN" / "TỐI CAO").
            before, _, last = out[-1].rpartition(" - ")
            named = _as_written(f"{last} {part}", words, folded)
            if named:
                out[-1] = f"{before} - {named}" if before else named
                continue
        out.append(part)
    return out


def _as_written(name: str, words: list[str], folded: list[str]) -> str:
    """``name`` in capitals as the text writes it, its diacritics included, if the text's words
    (``folded``: the same without diacritics) hold it, compared without diacritics: a scan's "ỦY
    BAN NHÂN DÂN" / "TĨNH BẮC NINH" is the text's "Ủy ban nhân dân tỉnh Bắc Ninh"; ``""`` if not."""
    wanted = fold(name).split()
    if not wanted:
        return ""
    for start in (i for i, word in enumerate(folded) if word == wanted[0]):
        written = words[start:start + len(wanted)]
        # The letterhead's own lines, in capitals, say nothing of how its lines join.
        if folded[start:start + len(wanted)] == wanted and not all(word.isupper() for word in written):
            return " ".join(written).upper()
    return ""


def _pairs(name: str) -> set[tuple[str, str]]:
    words = name.split()
    return set(zip(words, words[1:]))


# The centrally-governed cities: a "thành phố", every other name of provinces.txt a "tỉnh".
_CITIES = frozenset(("HÀ NỘI", "HUẾ", "HẢI PHÒNG", "ĐÀ NẴNG", "HỒ CHÍ MINH", "CẦN THƠ"))


def _province_of(name: str, text: str) -> str:
    """The province a body's name ends with when it gives no level ("SỞ GIÁO DỤC VÀ ĐÀO TẠO GIA
    LAI"), with its level ("tỉnh Gia Lai"); ``""`` if it ends with none."""
    words = name.split()
    for size in range(min(4, len(words) - 1), 0, -1):
        if is_province(words[-size:]):
            place = " ".join(words[-size:])
            level = "THÀNH PHỐ" if place in _CITIES else "TỈNH"
            return sentence_case(f"{level} {place}", text, names_first=True)
    return ""


def _as_named(name: str, text: str) -> str:
    """``name`` in capitals cased as the text most often writes the whole of it as a name (its
    first letter a capital, not in capitals): "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" → "Hội đồng Thi
    đua - Khen thưởng"; ``""`` if the text never does."""
    words = list(re.finditer(r"\w+", name))
    if len(words) < 2:
        return ""
    pattern = r"\b" + r"\W+".join(re.escape(w[0]) for w in words) + r"\b"
    forms = Counter(
        tuple(re.findall(r"\w+", found[0])) for found in re.finditer(pattern, text, re.IGNORECASE)
        if found[0][0].isupper() and not found[0].isupper()
    )
    if not forms:
        return ""
    out, last = [], 0
    for word, written in zip(words, forms.most_common(1)[0][0]):
        out += [name[last:word.start()], written]
        last = word.end()
    return "".join(out) + name[last:]


def _party_issuer(parts: list[str], text: str) -> str:
    """A Party committee or body named as cadres name it, or ``""``: "ĐẢNG BỘ TỈNH ĐỒNG NAI" /
    "TỈNH ỦY" → "Tỉnh ủy Đồng Nai", "ĐẢNG BỘ XÃ PHÚ LÝ" / "ĐẢNG ỦY XÃ" → "Đảng ủy xã Phú Lý",
    "TỈNH ỦY ĐỒNG NAI" / "BAN TỔ CHỨC" → "Ban Tổ chức Tỉnh ủy Đồng Nai"."""
    congress = _CONGRESS.match(parts[-1]) if len(parts) > 1 else None
    if congress and _PARTY_ORGANIZATION.match(parts[-2]):
        # "Đại hội đại biểu Đảng bộ xã Tiên Lữ lần thứ I"
        organization = sentence_case(parts[-2], text, names_first=True)
        held = sentence_case(congress["body"], names_first=True)
        return f"{held[0].upper()}{held[1:]} {organization[0].upper()}{organization[1:]}{sentence_case(congress['rest'])}"
    joined = _PARTY_JOINED.match(parts[0]) if len(parts) == 1 else None
    if joined:
        parts = list(joined.groups())
    if len(parts) != 2:
        return ""
    parent, body = parts
    organization = _PARTY_ORGANIZATION.match(parent)
    school = _COMMITTEE_PLACE.match(parent) if body == "TRƯỜNG CHÍNH TRỊ" else None
    if school:
        # A province's school of politics is the province's, under its committee: "TỈNH ỦY QUẢNG
        # NGÃI" / "TRƯỜNG CHÍNH TRỊ" is the "Trường Chính trị tỉnh Quảng Ngãi".
        level = organization["level"] if organization else _LEVEL_OF_COMMITTEE.get(parent.split()[0], "")
        named = sentence_case(f"{level} {school['place']}", text, names_first=True)
        return f"Trường Chính trị {named}" if level else ""
    if organization and _CELL.match(body):
        named = sentence_case(f"{body} {organization['level']} {organization['place']}", text, names_first=True)
        return named[0].upper() + named[1:]
    if organization and _NAMED_COMMITTEE.match(body) and not _COMMITTEE.match(body):
        # A committee named whole under its parent's organization ("ĐẢNG BỘ TỈNH TÂY NINH" /
        # "ĐẢNG ỦY XÃ HẬU NGHĨA", a commune's since communes stand under the province).
        named = sentence_case(body, text, names_first=True)
        if _BARE_LEVEL.search(body):  # "ĐẢNG ỦY CÔNG AN TỈNH": the province's police's committee
            place = sentence_case(f"{organization['level']} {organization['place']}", text, names_first=True)
            named = f"{named} {_place_alone(place, organization['level'])}"
        return _committee_capitals(named[0].upper() + named[1:])
    if organization and (_COMMITTEE.match(body) or _BODY_OF_COMMITTEE.match(body)):
        place = sentence_case(f"{organization['level']} {organization['place']}", text, names_first=True)
        if _COMMITTEE.match(body):
            named = " ".join(body.split()[:2]).capitalize()  # "Tỉnh ủy", "Đảng ủy"
        else:  # "Ban Tuyên giáo và Dân vận Tỉnh ủy", "Ban Thường vụ Đảng ủy"
            named = sentence_case(body, text, names_first=True)
            named = _committee_capitals(named[0].upper() + named[1:])
        if named.endswith("Đảng ủy"):
            return f"{named} {place}"  # "Đảng ủy xã Phú Lý"
        return f"{named} {_place_alone(place, organization['level'])}"
    if organization and _COMMITTEE_BODY.match(body):
        # A body under its organization alone ("ĐẢNG BỘ TỈNH TÂY NINH" / "ỦY BAN KIỂM TRA") is its
        # committee's: the Tỉnh ủy's, Thành ủy's, or a commune's Đảng ủy.
        named = sentence_case(body, text, names_first=True)
        place = sentence_case(f"{organization['level']} {organization['place']}", text, names_first=True)
        committee = _COMMITTEE_OF_LEVEL.get(organization["level"])
        where = f"{committee} {_place_alone(place, organization['level'])}" if committee else f"Đảng ủy {place}"
        return f"{named[0].upper()}{named[1:]} {where}"
    if _NAMED_COMMITTEE.match(parent) and _NAMED_COMMITTEE.match(body) and not (_COMMITTEE.match(body) or _BARE_LEVEL.search(body)):
        # A committee under the one above it, each with its place ("TỈNH ỦY QUẢNG BÌNH" / "HUYỆN ỦY
        # BỐ TRẠCH"): the lower one's text.
        named = sentence_case(body, text, names_first=True)
        return _committee_capitals(named[0].upper() + named[1:])
    if _NAMED_COMMITTEE.match(parent) and _COMMITTEE_BODY.match(body):
        named = sentence_case(body, text, names_first=True)
        return f"{named[0].upper()}{named[1:]} {sentence_case(parent, text, names_first=True)}"
    return ""


def _place_alone(place: str, level: str) -> str:
    """A place's name without its level: "tỉnh Tây Ninh" → "Tây Ninh", "thành phố Huế" → "Huế";
    but "Thành phố Hồ Chí Minh": the name alone is the man's ("Thành ủy Thành phố Hồ Chí Minh")."""
    name = place.split(" ", 1 + (level in {"THÀNH PHỐ", "THỊ XÃ", "ĐẶC KHU"}))[-1]
    return f"Thành phố {name}" if name == "Hồ Chí Minh" else name


def _committee_capitals(name: str) -> str:
    """A body's name with its committee as a name: "Văn phòng tỉnh ủy" → "Văn phòng Tỉnh ủy"."""
    return re.sub(r"\b(tỉnh|thành|huyện|quận|thị|đảng) ủy$", lambda m: f"{m[1].capitalize()} ủy", name, flags=re.IGNORECASE)


# What an amending text's subject opens with: it names no law of its own.
AMENDING = re.compile(r"^(?:sửa đổi|bổ sung|bãi bỏ)\b", re.IGNORECASE)


def _named_title(lines: list[str], text: str) -> str:
    """The title from its kind heading and subject lines: "KẾ HOẠCH" / "TRIỂN KHAI ... CỦA
    CHÍNH PHỦ" → "Kế hoạch triển khai ... của Chính phủ"; "LUẬT" / "CƯ TRÚ" → "Luật Cư trú"."""
    first = normalize(lines[0])
    kind = frame.kind_heading(first)
    rest = "" if only_number(first[len(kind):]) else first[len(kind):].strip()  # "NGHỊ ĐỊNH 168/2024/NĐ-CP"
    parts = [part for part in (rest, *(normalize(line) for line in lines[1:])) if part]
    # Lines in capitals read in sentence case, a run of them as one phrase; a subject line under
    # them stays as written ("CỦA BỘ CHÍNH TRỊ" / "về đột phá …").
    runs: list[list[str]] = []
    for part in parts:
        if runs and is_caps(part) == is_caps(runs[-1][0]):
            runs[-1].append(part)
        else:
            runs.append([part])
    read = [sentence_case(" ".join(run), text) if is_caps(run[0]) else " ".join(run) for run in runs]
    read = [_LETTER_SUBJECT.sub(r"về việc \1", part) for part in read]  # "V/V CÔNG BỐ …": "về việc công bố …"
    # "CỦA BAN BÍ THƯ" / "Về tăng cường …": the subject goes on the sentence in lowercase.
    subject = " ".join([*read[:1], *(re.sub(r"^Về\s", "về ", part) for part in read[1:])])
    head = kind.capitalize()
    if not subject:
        return head
    opening = subject.split()[0]
    if kind in frame.NAMED_KINDS and not AMENDING.match(subject):
        # "Luật Cư trú", "Bộ luật Lao động"; an amending law is no name ("Luật sửa đổi, bổ sung …").
        subject = subject[0].upper() + subject[1:]
    elif not (len(opening) >= 2 and opening.isupper() and is_acronym(opening)) and not opens_with_name(subject):
        subject = subject[0].lower() + subject[1:]
    return f"{head} {subject}"


_PARTY_ORGANIZATIONS = frozenset(("chi bộ", "đảng bộ", "đảng ủy"))


def _issuer_named(title: str, issuer: str) -> str:
    """A Party organization's title whose subject opens with its own name writes it as the
    organization does: the cell's "NGHỊ QUYẾT" / "CHI BỘ THÁNG 01 NĂM 2026" is the "Nghị quyết Chi
    bộ tháng 01 …" of the "Chi bộ Tổ dân phố số 12 …" (a body's "Kết luận thanh tra" names the
    work it does, not the "Thanh tra tỉnh")."""
    words, named = title.split(), issuer.split()
    if " ".join(named[:2]).lower() not in _PARTY_ORGANIZATIONS:
        return title
    for start in (1, 2):  # after a kind of one or two words
        size = min(len(named), len(words) - start)
        while size >= 2 and [w.lower() for w in words[start:start + size]] != [w.lower() for w in named[:size]]:
            size -= 1
        if size >= 2 and " ".join(words[:start]).lower() in _KINDS_BY_LENGTH:
            return " ".join([*words[:start], *named[:size], *words[start + size:]])
    return title


def _title(lines: list[str]) -> str:
    kept = []
    for line in lines:
        norm = normalize(line)
        if _BOILERPLATE.match(norm) or not re.search(r"[^\W\d_]", norm):
            continue
        if len(norm.split()) > 60 or norm.endswith((",", ".")):
            break  # prose: the body has started
        kept.append(norm)
    title = " ".join(kept)
    kind_line = next((i for i, line in enumerate(kept) if line.lower() in _KINDS_BY_LENGTH), None)
    if kind_line is not None and kind_line + 1 < len(kept):
        # "KẾ HOẠCH" on its own line, then "Thực hiện ...": "Kế hoạch thực hiện ...". Lines above
        # it are the issuer's letterhead.
        rest = " ".join(kept[kind_line + 1:])
        title = f"{kept[kind_line].capitalize()} {rest[0].lower()}{rest[1:]}"
    elif len(kept) > 1 and kept[0].isupper() and len(kept[0].split()) <= 4:
        title = f"{kept[0].capitalize()}: {' '.join(kept[1:])}"  # "CHUYÊN ĐỀ 2" over the name
    return title


# A Party document's letterhead names the Central Committee; the body that issued it signs "T/M
# BỘ CHÍNH TRỊ" or "T/M BAN BÍ THƯ" (383-QĐ/TW is the Ban Bí thư's, not the Committee's).
CENTRAL_COMMITTEE = "Ban Chấp hành Trung ương"
_SIGNED_FOR = re.compile(r"T\s*/\s*M\.?[\s*]+(BỘ\s+CHÍNH\s+TRỊ|BAN\s+BÍ\s+THƯ)", re.IGNORECASE)
_CENTRAL_BODIES = ("Bộ Chính trị", "Ban Bí thư")


def signing_body(issuer: str, text: str) -> str:
    """The body that issued a document: for a Party document under the Central Committee's
    letterhead, the one its signature block signs for ("T/M BỘ CHÍNH TRỊ"); else its issuer."""
    signed = _SIGNED_FOR.search(text) if issuer == CENTRAL_COMMITTEE else None
    if not signed:
        return issuer
    said = " ".join(signed.group(1).split()).lower()
    return next(body for body in _CENTRAL_BODIES if body.lower() == said)


def short_name(doc: DocumentName) -> str:
    """A short name for citations: ``Kế hoạch 230-KH/TU`` when kind and number are known, a
    law by its name (``Luật Cư trú``), else the title cut to a readable length."""
    kind = doc.kind if doc.kind in _KINDS_BY_LENGTH else ""
    kind = kind or (kind_of_number(doc.number) if doc.number else "")
    if kind in frame.NAMED_KINDS and doc.title:
        return trim_title(doc.title)
    if doc.number and kind:
        return f"{kind.capitalize()} {doc.number}"
    if doc.title and len(doc.title.split()) > _TITLE_WORDS:
        # A text without a number of its own named by what it carries out: "Kế hoạch triển khai
        # thực hiện Nghị quyết số 57-NQ/TW…", not "Kế hoạch triển khai…" (the clause cut).
        cited = next(filter(None, (p.search(doc.title) for p in (_PARTY_NUMBER, _STATE_NUMBER, _ASSEMBLY_NUMBER))), None)
        if cited is not None and len(doc.title[: cited.end()].split()) <= _TITLE_WORDS:
            return doc.title[: cited.end()] + "…"
    return trim_title(doc.title or doc.id)


def long_name(doc: DocumentName) -> str:
    """The name as documents cite each other: ``Kế hoạch số 230-KH/TU ngày 10/3/2023``,
    ``Luật Cư trú số 68/2020/QH14 ngày 13/11/2020``."""
    name = short_name(doc)
    if doc.number and name.endswith(f" {doc.number}"):
        name = f"{name[: -len(doc.number)]}số {doc.number}"
    elif doc.number and doc.number not in name:
        name = f"{name} số {doc.number}"
    if doc.date:
        name = f"{name} ngày {display_date(doc.date)}"
    return name


def trim_title(title: str, max_words: int = _TITLE_WORDS) -> str:
    """Cut a long title at a clause boundary (or word limit) with an ellipsis."""
    title = normalize(title)
    words = title.split()
    if len(words) <= max_words:
        return title
    clause = re.split(r"[:;,]\s|\s(?:về|thực hiện|nhằm)\s", title, maxsplit=1)[0]
    if 3 <= len(clause.split()) <= max_words:
        return clause + "…"
    return " ".join(words[:max_words]).rstrip(",;:") + "…"
