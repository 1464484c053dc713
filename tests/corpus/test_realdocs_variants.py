"""Variants of the real documents (tests/data/realdocs/) as other pages save them: a bold heading
wrapped at another word, a letterhead written as a Markdown table. A variant must read the same:
same metadata, same outline, same citations."""

from __future__ import annotations

import re
import textwrap
import unicodedata
from pathlib import Path

import pytest

from bench.reading import FIELDS, REALDOCS
from corpus.cite import citation
from corpus.document import Document
from corpus.markdown import paragraphs_apart
from corpus.normalize import normalize
from corpus.read import read_file
from corpus.segment import outline, segment
from corpus.titlecase import is_caps

DOCUMENTS = sorted(p for p in REALDOCS.glob("*.md") if p.name != "README.md")


def _rewrapped(source: str, later: bool) -> tuple[str, int]:
    """The source with each bold run over two lines ("**Điều 1. Phông lưu trữ Đảng Cộng" /
    "sản Việt Nam**") broken one word earlier or later."""
    lines = source.split("\n")
    moved = 0
    for i in range(len(lines) - 1):
        first, second = lines[i], lines[i + 1]
        if not (first.startswith("**") and first.count("**") == 1 and second.rstrip().endswith("**") and second.count("**") == 1):
            continue
        head, tail = first.split(), second.split()
        if later and len(tail) >= 2 and not tail[0].startswith("**"):
            lines[i], lines[i + 1] = " ".join([*head, tail[0]]), " ".join(tail[1:])
        elif not later and len(head) >= 3:
            lines[i], lines[i + 1] = " ".join(head[:-1]), " ".join([head[-1], *tail])
        else:
            continue
        moved += 1
    return "\n".join(lines), moved


# A line that is not plain running text: markup, a table, an item's mark, a form's dots, a formula.
_NOT_RUNNING = re.compile(r"^\s*(?:[|*_#>+\-–•(\d]|[a-zđ]\)|[IVX]+\.|Điều|Chương|Mục|Phần)|[|*…=]|\.\.\.")
# The pages that set their paragraphs apart by blank lines and wrap them at about 80 characters.
WRAPPED = [
    p for p in DOCUMENTS
    if paragraphs_apart(p.read_text(encoding="utf-8").split("\n"))
    and sum(len(line) > 90 for line in p.read_text(encoding="utf-8").split("\n")) < 40
]


def _running_text_rewrapped(source: str, width: int) -> str:
    """The source with each paragraph of plain running text (no markup, mark or capitals on any
    of its lines) wrapped again at ``width``."""
    out: list[str] = []
    block: list[str] = []

    def flush() -> None:
        plain = len(block) >= 2 and not _NOT_RUNNING.search(block[0][1:]) and not any(
            _NOT_RUNNING.search(line) or is_caps(line) for line in block
        )
        joined = " ".join(line.strip() for line in block)
        out.extend(textwrap.wrap(joined, width, break_long_words=False, break_on_hyphens=False) if plain else block)
        block.clear()

    for line in source.split("\n"):
        if line.strip():
            block.append(line)
        else:
            flush()
            out.append(line)
    flush()
    return "\n".join(out)


def _reading(doc: Document) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    return [getattr(doc, name) for name in FIELDS], outline(doc), [citation(doc, p) for p in segment(doc)]


@pytest.mark.parametrize("later", [False, True], ids=["earlier", "later"])
@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_bold_heading_wrapped_at_another_word(path: Path, later: bool, tmp_path: Path) -> None:
    source, moved = _rewrapped(path.read_text(encoding="utf-8"), later)
    if not moved:
        pytest.skip("no bold run over two lines")
    (tmp_path / path.name).write_text(source, encoding="utf-8")
    (doc,) = read_file(path)
    (variant,) = read_file(tmp_path / path.name)
    assert _reading(variant) == _reading(doc)


@pytest.mark.parametrize("width", [50, 100])
@pytest.mark.parametrize("path", WRAPPED, ids=lambda p: p.stem)
def test_running_text_wrapped_at_another_width(path: Path, width: int, tmp_path: Path) -> None:
    """A page that sets its paragraphs apart wraps them where their words fall: at another width
    a capital after a full stop or a semicolon, a dash, "2026." or "- Sầm Sơn" opens a line, and
    CommonMark may take the last two for list items. The passages stay the same, word for word."""
    source = _running_text_rewrapped(path.read_text(encoding="utf-8"), width)
    (tmp_path / path.name).write_text(source, encoding="utf-8")
    (doc,) = read_file(path)
    (variant,) = read_file(tmp_path / path.name)
    assert _reading(variant) == _reading(doc)
    assert [" ".join(p.text.split()) for p in segment(variant)] == [" ".join(p.text.split()) for p in segment(doc)]


def test_letterhead_as_a_markdown_table(tmp_path: Path) -> None:
    """Kế hoạch 0134's letterhead, laid out by the portal in "|" cells, written as a CommonMark
    table with <br> line breaks, as other converters write it: still the letterhead, not a data
    table ("ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK: Số: 0134/KH-UBND; …" with no date or issuer)."""
    source = (REALDOCS / "0134-kh-ubnd.md").read_text(encoding="utf-8")
    portal_letterhead = source[: source.index("** **")]
    assert portal_letterhead.count("\n|\n") >= 3 and "Số: 0134/KH-UBND" in portal_letterhead
    table = (
        "| **ỦY BAN NHÂN DÂN<br>TỈNH ĐẮK LẮK**<br>------- | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>"
        "Độc lập - Tự do - Hạnh phúc**<br>--------------- |\n|---|---|\n"
        "| Số: 0134/KH-UBND | *Đắk Lắk, ngày 25 tháng 11 năm 2025* |\n\n"
    )
    (tmp_path / "kh.md").write_text(table + source[len(portal_letterhead):], encoding="utf-8")
    (doc,) = read_file(REALDOCS / "0134-kh-ubnd.md")
    (variant,) = read_file(tmp_path / "kh.md")
    assert _reading(variant) == _reading(doc)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_as_a_word_file_without_blank_lines(path: Path, tmp_path: Path) -> None:
    """The page's text as a .docx of one paragraph a line, with no blank line between the title
    and the enacting authority ("Về việc sắp xếp …" / "ỦY BAN THƯỜNG VỤ QUỐC HỘI" / "Căn cứ …"):
    the same metadata. The authority was read into the title."""
    import docx

    (doc,) = read_file(path)
    word = docx.Document()
    for line in doc.text.split("\n"):
        if line.strip():
            word.add_paragraph(line.strip())
    word.save(str(tmp_path / f"{path.stem}.docx"))
    (variant,) = read_file(tmp_path / f"{path.stem}.docx")
    assert [getattr(variant, name) for name in FIELDS] == [getattr(doc, name) for name in FIELDS]


# Printed to PDF, these read another outline for reasons of the print, not of the reader: 0134's
# tables become lines of text; 170's "Mục 4" name, cut on the page by a blank line between its two
# lines in capitals, is read whole.
_PRINT_CHANGES_OUTLINE = {"0134-kh-ubnd", "170-2025-nd-cp"}
# Pages without a table or a form (whose cells the print sets as lines of text): every passage
# the same, cited the same, up to spacing.
_PRINT_KEEPS_PASSAGES = {
    "11306-vpcp-nn", "16-2025-nd-cp", "1610-qd-ttpvhcc", "1655-nq-ubtvqh15", "1663-nq-ubtvqh15", "212-kl-tw",
    "21-2025-tt-bgddt", "3769-qd-ubnd", "383-qd-tw", "54-2025-tt-bct", "5680-ct-cs", "634-tb-vpcp",
}


@pytest.mark.parametrize("word_style", [False, True], ids=["spaced", "word"])
@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_printed_to_pdf(path: Path, word_style: bool, tmp_path: Path) -> None:
    """The page's text printed to a PDF (each paragraph wrapped at the page's width, no blank
    lines, page numbers), with space between paragraphs or as Word prints (a first-line indent,
    justified): the same metadata, outline and passages. The re-flow ran the title into the
    enacting authority and the legal basis ("… công lập Căn cứ Luật Giáo dục …"), a letter's
    subject into its place and date, and an article's wrapped name into its text; a sentence
    ending at a line's end started a new item (212-KL/TW's item 3 read as two), and a justified
    line kept its widened spaces ("53.  Sắp  xếp  toàn  bộ")."""
    from tests.corpus.docs import build_pdf

    (doc,) = read_file(path)
    source = tmp_path / f"{path.stem}.txt"
    source.write_text(doc.text, encoding="utf-8")
    (printed,) = read_file(build_pdf(source, tmp_path / f"{path.stem}.pdf", word_style=word_style))
    assert [getattr(printed, name) for name in FIELDS] == [getattr(doc, name) for name in FIELDS]
    if path.stem not in _PRINT_CHANGES_OUTLINE:
        assert outline(printed) == outline(doc)
    if path.stem in _PRINT_KEEPS_PASSAGES:
        assert [(citation(printed, p), " ".join(p.text.split())) for p in segment(printed)] == [
            (citation(doc, p), " ".join(p.text.split())) for p in segment(doc)
        ]
    assert not any("  " in line for p in segment(printed) for line in p.text.split("\n"))


@pytest.mark.parametrize("name", ["212-kl-tw", "383-qd-tw"])
def test_printed_without_paragraph_marks_the_text_decides(name: str, tmp_path: Path) -> None:
    """Printed with neither indent nor space between paragraphs, the layout tells nothing and is
    not used: items are not run together for looking like wrapped lines."""
    from tests.corpus.docs import write_pdf

    (doc,) = read_file(REALDOCS / f"{name}.md")
    lines = [line.strip() for line in doc.text.split("\n") if line.strip()]
    pages = [lines[i:i + 30] for i in range(0, len(lines), 30)]
    (printed,) = read_file(write_pdf(tmp_path / f"{name}.pdf", pages, paragraph_space=0))
    assert outline(printed) == outline(doc)


def _print_by_browser(doc: Document, path: Path) -> Path:
    """The text as HTML laid out as an administrative text is (its title block centred, every
    other paragraph justified with a first-line indent of 1 cm), printed by Debian's chromium."""
    import html
    import shutil
    import subprocess

    from corpus.lines import classify

    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("chromium is missing: apt-get install chromium")
    centred = "style='text-align:center;text-indent:0'"
    paragraphs = "".join(
        f"<p {centred if line.kind == 'title' else ''}>{html.escape(doc.text[line.start:line.end])}</p>"
        for line in classify(doc.text)
    )
    style = "body{font-family:'DejaVu Serif';font-size:13pt} p{margin:0;text-indent:1cm;text-align:justify}"
    page = path.with_suffix(".html")
    page.write_text(f"<html><head><meta charset='utf-8'><style>{style}</style></head><body>{paragraphs}</body></html>", "utf-8")
    subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", f"--print-to-pdf={path}", str(page)],
        capture_output=True, timeout=120, check=True,
    )
    return path


# 54/2025's title runs over seven centred lines, 2926's over three (its third starts "GIÁM ĐỐC SỞ
# Y TẾ …"); their formulas and tables print as lines, so only the metadata is compared.
@pytest.mark.parametrize("name", ["212-kl-tw", "634-tb-vpcp", "16-2025-nd-cp", "54-2025-tt-bct", "2926-qd-ubnd"])
def test_printed_by_a_browser(name: str, tmp_path: Path) -> None:
    """Printed by chromium, another producer than the tests' own, with a centred title block: the
    same metadata, outline and passages. A centred title's lines are set off the left edge, yet
    by no first-line indent: they were read as paragraphs of their own and the title cut."""
    (doc,) = read_file(REALDOCS / f"{name}.md")
    (printed,) = read_file(_print_by_browser(doc, tmp_path / f"{name}.pdf"))
    assert [getattr(printed, field) for field in FIELDS] == [getattr(doc, field) for field in FIELDS]
    if name in {"54-2025-tt-bct", "2926-qd-ubnd"}:
        return
    assert outline(printed) == outline(doc)
    assert [(citation(printed, p), " ".join(p.text.split())) for p in segment(printed)] == [
        (citation(doc, p), " ".join(p.text.split())) for p in segment(doc)
    ]


# Laid out as an issuer's Word file and printed to PDF by LibreOffice, its letterhead's columns
# as wide as a common template's and half the page each: the national name, the issuing body,
# the place and date and a long title wrap in them, and the cells are printed one after the other.
_LAYOUTS = {"template": (6.5, 9.5), "halves": (8.0, 8.0)}
_ISSUED = (
    "80-2025-qd-ubnd", "1610-qd-ttpvhcc", "634-tb-vpcp", "212-kl-tw", "54-2025-tt-bct", "2637-qd-ubnd", "11306-vpcp-nn",
    "5680-ct-cs",
)


@pytest.fixture(scope="module")
def issued_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Each of :data:`_ISSUED` in each of :data:`_LAYOUTS`, printed to PDF in one LibreOffice run."""
    import subprocess

    from corpus.legacy_word import soffice_binary
    from tests.corpus.docs import issued_docx

    binary = soffice_binary()
    if binary is None:
        pytest.fail("LibreOffice is missing: apt-get install libreoffice-writer-nogui")
    folder = tmp_path_factory.mktemp("issued")
    sources = []
    for name in _ISSUED:
        (doc,) = read_file(REALDOCS / f"{name}.md")
        sources += [issued_docx(doc, folder / f"{name}.{layout}.docx", widths) for layout, widths in _LAYOUTS.items()]
    subprocess.run(
        [binary, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(folder), *map(str, sources)],
        capture_output=True, timeout=600, check=True,
    )
    return folder


@pytest.mark.parametrize("layout", _LAYOUTS)
@pytest.mark.parametrize("name", _ISSUED)
def test_issued_as_word_and_printed_to_pdf(issued_pdfs: Path, name: str, layout: str) -> None:
    """The same metadata and recipients (and passages, where the page has no table). Read before:
    "VIỆT NAM" (the national name's second line) as the issuer, "ỦY BAN NHÂN DÂN TỈNH BẮC" / "NINH"
    as "Ninh tỉnh Bắc", "UBND THÀNH PHỐ HÀ NỘI" / "TRUNG TÂM PHỤC VỤ" / "HÀNH CHÍNH CÔNG" as
    "Hành chính công thành phố Hà Nội", "Vĩnh Long, ngày 16 tháng 11 năm" / "2025" as no date,
    a title over eleven lines cut after five, "Nơi nhận: GIÁM ĐỐC" (the block printed beside the
    list) with no signer and no recipients, the block between two entries ("KT. BỘ TRƯỞNG, CHỦ" /
    "NHIỆM" / "PHÓ CHỦ NHIỆM" / "Phạm Mạnh Cường") ending the list, a letter's subject wrapped
    before a number ("… Nghị định" / "136/2025/NĐ-CP") as the issuer's, and the rest of a wrapped
    entry ("Hóa;", "Đảng.") as a passage."""
    from corpus.metadata import find_recipients

    (doc,) = read_file(REALDOCS / f"{name}.md")
    (printed,) = read_file(issued_pdfs / f"{name}.{layout}.pdf")
    assert [getattr(printed, field) for field in FIELDS] == [getattr(doc, field) for field in FIELDS]
    assert find_recipients(printed.text) == find_recipients(doc.text)
    # 634's "… Công nghiệp" / "- Viễn thông Quân đội …" falls at a page's top, where the layout
    # tells nothing and a dash opens an item.
    if name in _PRINT_KEEPS_PASSAGES and name != "634-tb-vpcp":
        assert [(citation(printed, p), " ".join(p.text.split())) for p in segment(printed)] == [
            (citation(doc, p), " ".join(p.text.split())) for p in segment(doc)
        ]


@pytest.mark.parametrize("name", ["212-kl-tw", "2637-qd-ubnd"])
def test_issued_printed_and_scanned(issued_pdfs: Path, name: str, tmp_path: Path) -> None:
    """The first page and the signature's page of a printed Word file, scanned (rendered at 300
    dpi) and read by OCR: the same number, date, issuer and signer (the title keeps OCR's
    misreadings). Tesseract reads the two cells of the letterhead and of the signature table across,
    line by line, even word by word ("VĂN PHÒNG CHÍNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA" / "PHỦ VIỆT NAM");
    the cells are now set one after the other. Read before: issuer "Ủy ban nhân dân cộng hòa xã hội
    chủ nghĩa ; " Việt Nam tĩnh Vĩnh Long", no signer."""
    from corpus.ocr import tesseract_binary
    from tests.corpus.scans import scan_printed

    if tesseract_binary() is None:
        pytest.fail("OCR tests need Tesseract with Vietnamese data: apt-get install tesseract-ocr tesseract-ocr-vie")
    (scanned,) = read_file(scan_printed(issued_pdfs / f"{name}.template.pdf", tmp_path / f"{name}.pdf"))
    (doc,) = read_file(REALDOCS / f"{name}.md")
    fields = ("number", "date", "issuer", "signer")
    assert scanned.ocr
    assert [getattr(scanned, field) for field in fields] == [getattr(doc, field) for field in fields]


def test_an_appendix_name_wrapped_over_lines(tmp_path: Path) -> None:
    """1610's "PHỤ LỤC I" / its name in capitals / "(Kèm theo …)", the name broken over two lines
    with no blank line as a PDF gives a centred name ("… PHƯƠNG ÁN TÁI CẤU" / "TRÚC, LIÊN THÔNG
    …"): the label took the first line, and the second, too long for a name in capitals, became
    an appendix of its own, "Phụ lục (TRÚC, LIÊN THÔNG …)"."""
    (doc,) = read_file(REALDOCS / "1610-qd-ttpvhcc.md")
    name = "DANH MỤC THỦ TỤC HÀNH CHÍNH ÁP DỤNG PHƯƠNG ÁN TÁI CẤU TRÚC"
    assert name in doc.text
    wrapped = doc.text.replace(f"PHỤ LỤC I\n\n{name}", f"PHỤ LỤC I\n{name.replace(' TRÚC', chr(10) + 'TRÚC')}")
    wrapped = wrapped.replace("THÀNH PHỐ HÀ NỘI\n\n(Kèm theo Quyết định số", "THÀNH PHỐ HÀ NỘI\n(Kèm theo Quyết định số")
    (tmp_path / "1610.txt").write_text(wrapped, encoding="utf-8")
    (variant,) = read_file(tmp_path / "1610.txt")
    assert outline(variant) == outline(doc)
    assert sorted({citation(variant, p).split(", mục")[0] for p in segment(variant) if ", Phụ lục" in citation(variant, p)}) == [
        "Quyết định 1610/QĐ-TTPVHCC, Phụ lục I", "Quyết định 1610/QĐ-TTPVHCC, Phụ lục II",
    ]


_OLD_TONE_MARKS = {"hóa": "hoá", "Hóa": "Hoá", "hòa": "hoà", "ủy": "uỷ", "Ủy": "Uỷ", "thủy": "thuỷ", "khóa": "khoá"}


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_old_tone_marks_and_decomposed_text(path: Path, tmp_path: Path) -> None:
    """The page's text typed with the old tone-mark placement ("hoá", "uỷ") and saved decomposed
    (NFD, as some editors and file systems give it): the same metadata, outline and citations up
    to that placement. 2926's title read "… Ủy ban nhân dân Tỉnh ủy quyền …" from a body writing
    "tỉnh uỷ quyền": the body's words did not vote on the title's "TỈNH ỦY"."""
    (doc,) = read_file(path)
    text = doc.text
    for new, old in _OLD_TONE_MARKS.items():
        text = text.replace(new, old)
    (tmp_path / f"{path.stem}.txt").write_bytes(unicodedata.normalize("NFD", text).encode("utf-8"))
    (variant,) = read_file(tmp_path / f"{path.stem}.txt")
    assert [normalize(str(getattr(variant, f))) for f in FIELDS] == [normalize(str(getattr(doc, f))) for f in FIELDS]
    assert [(label, normalize(name)) for label, name in outline(variant)] == [(label, normalize(name)) for label, name in outline(doc)]
    assert [normalize(citation(variant, p)) for p in segment(variant)] == [normalize(citation(doc, p)) for p in segment(doc)]


def test_a_bold_heading_with_stray_markup_and_no_blank_line_after_it(tmp_path: Path) -> None:
    """383-QĐ/TW's "**Điều 4. Cán bộ làm nhiệm vụ lưu" / "trữ**** **": on a page that runs its
    paragraphs on (no blank lines, as a third of the portal's pages do), the stray "** **" left
    the bold run short of its line's end, and the article's name ran into its text."""
    path = REALDOCS / "383-qd-tw.md"
    source = "\n".join(line for line in path.read_text(encoding="utf-8").split("\n") if line.strip())
    (tmp_path / path.name).write_text(source, encoding="utf-8")
    (doc,) = read_file(path)
    (variant,) = read_file(tmp_path / path.name)
    assert ("Điều 4", "Cán bộ làm nhiệm vụ lưu trữ") in outline(variant)
    assert outline(variant) == outline(doc)


_ARTICLE_HEADING = re.compile(r"^\*\*Điều (\d+)\. (.+?)\*\*$", re.MULTILINE)


@pytest.mark.parametrize(
    "written",
    [
        "**ĐIỀU {0}. {1}**",  # in capitals: cited "Điều 5", not "ĐIỀU 5"
        "**Điều {0} . {1}**",  # a space typed before the full stop: the name is still the name
        "**Điều {0}: {1}**",
        # No stop at all: "Điều 19 Quyết định tuyển dụng và nhận việc" names the article, not a decision.
        "**Điều {0} {1}**",
    ],
    ids=["capitals", "space-before-stop", "colon", "no-stop"],
)
def test_articles_headed_otherwise(written: str, tmp_path: Path) -> None:
    """170/2025/NĐ-CP's 73 article headings written another way read as the same articles."""
    path = REALDOCS / "170-2025-nd-cp.md"
    source = _ARTICLE_HEADING.sub(
        lambda m: written.format(m[1], m[2].upper() if "ĐIỀU" in written else m[2]), path.read_text(encoding="utf-8")
    )
    (tmp_path / path.name).write_text(source, encoding="utf-8")
    (doc,) = read_file(path)
    (variant,) = read_file(tmp_path / path.name)
    assert [(n, name.lower()) for n, name in outline(variant)] == [(n, name.lower()) for n, name in outline(doc)]
    assert [citation(variant, p).lower() for p in segment(variant)] == [citation(doc, p).lower() for p in segment(doc)]


# A decision that approves a plan sets the plan's Roman parts inside its Điều 1.
_APPROVED_PLAN = """**Điều 1.** Phê duyệt Kế hoạch số hóa hồ sơ thủ tục hành chính năm 2026 với những nội
dung chủ yếu sau:

**I. MỤC TIÊU**

1. Số hóa 100% hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực.

2. 100% dữ liệu đã số hóa được tái sử dụng, người dân không phải nộp lại giấy tờ.

**II. TỔ CHỨC THỰC HIỆN**

1. Sở Nông nghiệp và Môi trường chủ trì triển khai Kế hoạch.

2. Ủy ban nhân dân các xã, phường bố trí kinh phí số hóa.

"""


def test_a_plan_in_roman_parts_inside_an_article(tmp_path: Path) -> None:
    """"Điều 1. Phê duyệt … với những nội dung chủ yếu sau:" / "I. MỤC TIÊU" … / "Điều 2": the
    Roman parts held every article after them as a Party rule's "I- QUY ĐỊNH CHUNG" does (cited
    "Điều 1, khoản II, Điều 2"), and the lead was taken for the article's name."""
    source = (REALDOCS / "3769-qd-ubnd.md").read_text(encoding="utf-8")
    start, end = source.index("**Điều 1. **"), source.index("**Điều 2. Trách nhiệm")
    (tmp_path / "page.md").write_text(source[:start] + _APPROVED_PLAN + source[end:], encoding="utf-8")
    (doc,) = read_file(tmp_path / "page.md")
    passages = segment(doc)
    lead = next(p for p in passages if p.text.startswith("Phê duyệt Kế hoạch số hóa"))
    assert citation(doc, lead) == "Quyết định 3769/QĐ-UBND, Điều 1"
    # An item that opens with a figure is an item all the same.
    reuse = next(p for p in passages if p.text.startswith("2. 100% dữ liệu"))
    assert citation(doc, reuse) == "Quyết định 3769/QĐ-UBND, Điều 1, mục I, khoản 2"
    funds = next(p for p in passages if p.text.startswith("2. Ủy ban nhân dân các xã, phường bố trí"))
    assert citation(doc, funds) == "Quyết định 3769/QĐ-UBND, Điều 1, mục II, khoản 2"
    duty = next(p for p in passages if p.text.startswith("a) Tổ chức triển khai thực hiện danh"))
    assert duty.section == "Điều 2.1.a)"
