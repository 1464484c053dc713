"""Read documents from files and folders: .txt, .md, .html/.htm, .docx, .pdf and .jsonl.

Every reader returns the document's own wording (NFC, ``\\n`` line breaks), never the
normalized form, so that passages can be displayed and quoted as written. A file that cannot be
read is reported with a Vietnamese reason instead of stopping the whole import.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from corpus.document import Document
from corpus.errors import UnreadableFile
from corpus.html import html_text
from corpus.legacy_word import SUFFIXES as CONVERTED, read_converted
from corpus.markdown import markdown_text
from corpus.limits import MAX_TEXT_CHARS, too_long
from corpus.metadata import MANIFEST_NAME, apply_metadata, read_manifest
from corpus.normalize import fold, normalize
from corpus.pdf import read_pdf
from corpus.portal import drop_note_marks, split_front_matter, split_portal
from corpus.reflow import unwrap
from corpus.word import read_docx

SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", *CONVERTED, ".pdf", ".jsonl")
# Formats whose paragraphs may come hard-wrapped (text saved from a PDF, a PDF converted to
# Word with one paragraph per line); PDF is re-flowed by its reader, Markdown by its own rules.
_WRAPPED_SUFFIXES = (".txt", ".docx", *CONVERTED)
_FALLBACK_ENCODINGS = ("cp1258", "windows-1252")
_VIETNAMESE_LETTERS = set(
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
_TONES = "\u0300\u0301\u0303\u0309\u0323"

# (done, total, message): files read so far, or pages recognized so far in a scanned PDF.
ReadProgress = Callable[[int, int, str], None]


@dataclass
class LoadResult:
    """What an import produced: the documents read and the files (or lines) skipped, with why."""

    documents: list[Document] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def load_documents(
    paths: Iterable[str | Path], progress: ReadProgress | None = None, max_chars: int | None = None
) -> LoadResult:
    """Read files and folders (recursively; hidden files and MANIFEST.tsv skipped).

    Metadata comes from a MANIFEST.tsv in the file's folder when it lists the file, else from
    the text. File documents get the file stem as id (made slug-safe, and unique within this
    import by a ``-2``, ``-3``... suffix); JSONL documents keep their ``id`` field.

    Args:
        paths: Files and folders.
        progress: Told of each file before it is read, and of each scanned page OCR reads.
        max_chars: Most characters of text all the files together may give (an upload's
            bound); a file that would go past it is skipped with the reason. Each file is bounded
            by :data:`corpus.limits.MAX_TEXT_CHARS` in any case.
    """
    result = LoadResult()
    used_chars = 0
    manifests: dict[Path, dict[str, dict[str, str]]] = {}
    used_ids: set[str] = set()
    per_file = MAX_TEXT_CHARS if max_chars is None else min(MAX_TEXT_CHARS, max_chars)
    files = list(_expand(paths, result.skipped))
    for n, (path, shown) in enumerate(files):
        if progress is not None:
            progress(n, len(files), f"Đọc tệp {shown}")
        manifest = _manifest_for(path.parent, manifests, result.skipped)
        try:
            documents, problems = _read(path, shown, manifest, progress, per_file)
        except UnreadableFile as error:
            result.skipped.append((shown, error.reason))
            continue
        chars = sum(len(doc.text) for doc in documents)
        if max_chars is not None and used_chars + chars > max_chars:
            result.skipped.append((shown, too_long(max_chars)))
            continue
        used_chars += chars
        result.skipped.extend(problems)
        for doc in documents:
            if path.suffix.lower() == ".jsonl":
                if doc.id in used_ids:
                    result.skipped.append((shown, f"mã văn bản '{doc.id}' bị trùng, bỏ qua bản sau"))
                    continue
            else:
                doc.id = _unique(doc.id, used_ids)
            used_ids.add(doc.id)
            result.documents.append(doc)
    return result


def read_file(path: str | Path) -> list[Document]:
    """Read one file into documents (one, or one per line for .jsonl).

    Raises:
        UnreadableFile: The file is missing, of an unsupported type, corrupt, has no text layer,
            has an unknown encoding, or (for .jsonl) has no valid line. Bad JSONL lines are
            dropped here; :func:`load_documents` reports them.
    """
    path = Path(path)
    if not path.is_file():
        raise UnreadableFile(path.name, "không tìm thấy tệp")
    manifest = _manifest_for(path.parent, {}, [])
    documents, problems = _read(path, path.name, manifest)
    if not documents:
        raise UnreadableFile(path.name, problems[0][1] if problems else "tệp không có nội dung văn bản")
    return documents


def _expand(paths: Iterable[str | Path], skipped: list[tuple[str, str]]) -> Iterator[tuple[Path, str]]:
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                if any(part.startswith(".") for part in relative.parts) or not child.is_file():
                    continue
                if child.name == MANIFEST_NAME or child.name.startswith("~$"):
                    continue  # the manifest is metadata; "~$..." are Word's lock files
                yield child, relative.as_posix()
        elif path.is_file():
            yield path, path.name
        else:
            skipped.append((path.name or str(path), "không tìm thấy tệp hoặc thư mục"))


def _manifest_for(
    folder: Path, cache: dict[Path, dict[str, dict[str, str]]], skipped: list[tuple[str, str]]
) -> dict[str, dict[str, str]]:
    """The folder's MANIFEST.tsv rows; a bad manifest is reported once and metadata detected."""
    if folder not in cache:
        cache[folder] = {}
        manifest = folder / MANIFEST_NAME
        if manifest.is_file():
            try:
                cache[folder] = read_manifest(manifest)
            except UnreadableFile as error:
                skipped.append((MANIFEST_NAME, error.reason))
    return cache[folder]


def _read(
    path: Path,
    shown: str,
    manifest: dict[str, dict[str, str]],
    progress: ReadProgress | None = None,
    max_chars: int = MAX_TEXT_CHARS,
) -> tuple[list[Document], list[tuple[str, str]]]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return _read_jsonl(path, shown)

    def page_done(done: int, total: int) -> None:
        if progress is not None:
            progress(done, total, f"Nhận dạng chữ (OCR) {shown}: trang {min(done + 1, total)}/{total}")

    front: dict[str, str] = {}  # what a Markdown file's front matter gives

    def read_md() -> tuple[str, bool]:
        body, fields = split_front_matter(_clean(decode(_read_bytes(path, shown), shown)))
        front.update(fields)
        return markdown_text(body), False

    # Each reader gives the text and whether OCR made any of it.
    readers: dict[str, Callable[[], tuple[str, bool]]] = {
        ".txt": lambda: (_read_txt(path, shown), False),
        ".md": read_md,
        ".html": lambda: (_read_html(path, shown), False),
        ".htm": lambda: (_read_html(path, shown), False),
        ".docx": lambda: (read_docx(path, shown, max_chars), False),
        **dict.fromkeys(CONVERTED, lambda: (read_converted(path, shown, max_chars), False)),
        ".pdf": lambda: read_pdf(path, shown, page_done, max_chars),
    }
    if suffix not in readers:
        raise UnreadableFile(shown, f"định dạng không được hỗ trợ (chỉ nhận {', '.join(SUFFIXES)})")
    try:
        raw, ocr = readers[suffix]()
        text, portal = split_portal(_clean(raw))
        portal = {**front, **portal}
        text = drop_note_marks(text)
        if len(text) > max_chars:
            raise UnreadableFile(shown, too_long(max_chars))
        if suffix in _WRAPPED_SUFFIXES:
            text = unwrap(text)
    except UnreadableFile:
        raise
    except Exception as error:  # parsers of damaged files fail in many ways; report, never crash
        raise UnreadableFile(shown, "tệp bị hỏng hoặc không đúng định dạng") from error
    # Line by line: the first line with text settles it, without normalizing a whole book.
    if not any(normalize(line) for line in text.splitlines()):
        raise UnreadableFile(shown, "tệp không có nội dung văn bản")
    doc = Document(id=slug(path.stem), text=text, source=shown, ocr=ocr)
    # File systems may hand back decomposed (NFD) names; the manifest is compared in NFC.
    name = unicodedata.normalize("NFC", path.name)
    fields = manifest.get(name) or manifest.get(unicodedata.normalize("NFC", shown)) or {}
    return [apply_metadata(doc, fields, fallback=portal)], []


def slug(name: str) -> str:
    """A file-safe, URL-safe id from a name: ``Kế hoạch 230`` → ``ke-hoach-230``."""
    value = re.sub(r"[^a-z0-9._-]+", "-", fold(name))[:80].strip("-._")
    return value or "tai-lieu"


def _unique(doc_id: str, used: set[str]) -> str:
    candidate, n = doc_id, 1
    while candidate in used:
        n += 1
        candidate = f"{doc_id}-{n}"
    return candidate


def _clean(text: str) -> str:
    """NFC with ``\\n`` line breaks; the wording itself is untouched."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return text.lstrip("\ufeff")


# --- plain text -------------------------------------------------------------------------------


def _read_txt(path: Path, shown: str) -> str:
    return decode(_read_bytes(path, shown), shown)


def _read_bytes(path: Path, shown: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise UnreadableFile(shown, "không mở được tệp") from error


def decode(data: bytes, name: str) -> str:
    """Decode text bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else a Vietnamese
    legacy code page (cp1258, windows-1252) if the result reads as Vietnamese.

    Raises:
        UnreadableFile: "không rõ bảng mã" when no encoding gives plausible text.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise UnreadableFile(name, "không rõ bảng mã") from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if b"\x00" not in data:
        for encoding in _FALLBACK_ENCODINGS:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _plausibly_vietnamese(unicodedata.normalize("NFC", text)):
                return text
    raise UnreadableFile(name, "không rõ bảng mã")


def _plausibly_vietnamese(text: str) -> bool:
    """Enough words carry Vietnamese diacritics, and those words look like Vietnamese syllables
    (Vietnamese letters only, one tone mark, short), so that French or mojibake does not pass."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    marked = [w for w in words if not w.isascii()]
    if not words or len(marked) < 0.15 * len(words):
        return False
    good = 0
    for word in marked:
        tones = sum(c in _TONES for c in unicodedata.normalize("NFD", word))
        if tones <= 1 and len(word) <= 7 and set(word) <= _VIETNAMESE_LETTERS:
            good += 1
    return good >= 0.9 * len(marked)


# --- markdown and web pages --------------------------------------------------------------------


def _read_html(path: Path, shown: str) -> str:
    return html_text(decode(_read_bytes(path, shown), shown))


# --- jsonl ------------------------------------------------------------------------------------


def _read_jsonl(path: Path, shown: str) -> tuple[list[Document], list[tuple[str, str]]]:
    """One document per line: ``id``, ``title``, ``text`` and optional ``number``, ``date``,
    ``issuer``, ``kind``, ``source``; other keys go to ``extra``."""
    documents: list[Document] = []
    problems: list[tuple[str, str]] = []
    for number, line in enumerate(decode(_read_bytes(path, shown), shown).splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{shown} (dòng {number})"
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            problems.append((where, "dòng không phải JSON hợp lệ"))
            continue
        if not isinstance(record, dict):
            problems.append((where, "dòng phải là một đối tượng JSON"))
            continue
        doc_id, text = record.get("id"), record.get("text")
        if isinstance(doc_id, int):
            doc_id = str(doc_id)
        if not isinstance(doc_id, str) or not doc_id.strip() or "#" in doc_id:
            problems.append((where, "thiếu trường 'id' hợp lệ (chuỗi không rỗng, không chứa '#')"))
            continue
        if not isinstance(text, str) or not normalize(text):
            problems.append((where, "thiếu trường 'text' có nội dung"))
            continue
        fields = {
            key: unicodedata.normalize("NFC", str(value)).strip()
            for key, value in record.items()
            if key not in {"id", "text"} and value is not None and not isinstance(value, (dict, list))
        }
        doc = Document(id=doc_id, text=unwrap(_clean(text)), source=shown)
        documents.append(apply_metadata(doc, fields))
    return documents, problems
