"""Text from word-processor files other than .docx: old Word files (.doc, Word 97–2003), which
government sites still publish, OpenDocument text (.odt, the open standard some agencies keep
their files in) and RTF.

Each is converted to .docx by LibreOffice (``soffice --headless --convert-to docx``, Debian's
libreoffice-writer-nogui), then read by :mod:`corpus.word` like any .docx: its letterhead and
signature tables, list numbers and data tables come through as the word processor shows them.
antiword, a much smaller converter for .doc, gives the tables as ``|cell|cell|`` lines and drops
the list numbers (docs/reading-formats.md). Each conversion runs with a profile directory of its
own (two at once would share LibreOffice's lock) and a hard time limit.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from corpus.errors import UnreadableFile
from corpus.limits import MAX_TEXT_CHARS
from corpus.word import read_docx

# A document of a few hundred pages converts in seconds; LibreOffice's first start in a fresh
# profile takes a few more.
CONVERT_TIMEOUT_SECONDS = 120
# What a file of each kind starts with. Saved as .doc: Word's binary format (an OLE compound file),
# and the RTF, web page or .docx that sites and mail programs also save under that name; an .odt is
# a zip; an RTF file its control word.
_OLE, _RTF, _ZIP = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf", b"PK\x03\x04"
_SIGNATURES = {".doc": (_OLE, _RTF, _ZIP), ".odt": (_ZIP,), ".rtf": (_RTF,)}
# The suffixes converted this way.
SUFFIXES = tuple(_SIGNATURES)
_SNIFF_BYTES = 1024


def soffice_binary() -> str | None:
    """LibreOffice's command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_converted(path: Path, name: str, max_chars: int = MAX_TEXT_CHARS) -> str:
    """The text of a .doc, .odt or .rtf file (by its suffix), as :func:`corpus.word.read_docx`
    gives a .docx.

    Raises:
        UnreadableFile: LibreOffice is missing, the conversion failed or took too long, or the
            converted file is unreadable (see :func:`corpus.word.read_docx`).
    """
    suffix = path.suffix.lower()
    broken = f"tệp {suffix} bị hỏng hoặc không đúng định dạng"
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    # LibreOffice takes any bytes for plain text: only what a file of that kind can be is converted.
    if not (head.startswith(_SIGNATURES[suffix]) or (suffix == ".doc" and b"<html" in head.lower())):
        raise UnreadableFile(name, broken)
    binary = soffice_binary()
    if binary is None:
        raise UnreadableFile(
            name, f"đọc tệp {suffix} cần LibreOffice (gói libreoffice-writer-nogui); hãy cài hoặc lưu lại thành .docx")
    with tempfile.TemporaryDirectory(prefix="sotay-doc-") as work:
        folder = Path(work)
        # A name LibreOffice keeps as is: the converted file is found by it.
        source = folder / f"van-ban{suffix}"
        shutil.copyfile(path, source)
        try:
            subprocess.run(
                [binary, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
                 "--convert-to", "docx", "--outdir", str(folder), str(source)],
                capture_output=True, timeout=CONVERT_TIMEOUT_SECONDS, check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise UnreadableFile(name, f"chuyển tệp {suffix} quá lâu; hãy lưu lại thành .docx") from error
        except OSError as error:
            raise UnreadableFile(name, f"không chạy được LibreOffice để đọc tệp {suffix}") from error
        converted = folder / "van-ban.docx"
        if not converted.is_file():
            raise UnreadableFile(name, broken)
        return read_docx(converted, name, max_chars)
