"""Bounds on what an uploaded file may unpack to, so that a small crafted file (a "zip bomb")
cannot exhaust the server's memory.

A .docx is a zip archive: the sizes its central directory declares are checked before it is
opened (Python's zipfile never inflates a member past its declared size, so the declared total
bounds what reading can produce). A PDF's compressed streams are bounded by pypdf's own limits,
tightened here. The text read from any file is bounded by a number of characters, counted as it
is read. The time a read may take is bounded by corpus/bounded.py.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from corpus.errors import UnreadableFile

# A 500-page Word document with pictures unpacks to a few tens of MB; text is far less.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
# One decoded PDF stream (a page's content or an embedded font); pypdf's default is 75 MB.
MAX_PDF_STREAM_BYTES = 30 * 1024 * 1024
# Text read from one file by default (an upload's own bound is the setting upload_max_chars):
# a 500-page document holds about 1.5 million characters.
MAX_TEXT_CHARS = 20_000_000

TOO_LARGE = "tệp giải nén ra quá lớn (trên {mb} MB), có thể là tệp độc hại; hãy kiểm tra lại tệp"


def too_long(limit: int) -> str:
    """The reason given for text past ``limit`` characters, the number written the Vietnamese way."""
    return f"văn bản quá dài (trên {limit:,} ký tự)".replace(",", ".")


def check_zip(path: Path, name: str, limit: int = MAX_UNPACKED_BYTES) -> None:
    """Refuse a zip archive whose members would unpack to more than ``limit`` bytes in total.

    Raises:
        UnreadableFile: The archive is too large once unpacked, has too many members, or is
            not a zip archive.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UnreadableFile(name, "tệp DOCX bị hỏng hoặc không đúng định dạng") from error
    if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > limit:
        raise UnreadableFile(name, TOO_LARGE.format(mb=limit // (1024 * 1024)))


@contextmanager
def pdf_limits() -> Iterator[None]:
    """Tighter pypdf decompression limits for the duration of a read (context-local, so
    concurrent reads in other threads keep their own)."""
    from pypdf import apply_configuration

    bound = MAX_PDF_STREAM_BYTES
    with apply_configuration(
        zlib_maximum_output_length=bound,
        lzw_maximum_output_length=bound,
        run_length_maximum_output_length=bound,
        brotli_maximum_output_length=bound,
        maximum_declared_stream_length=bound,
        array_based_stream_maximum_output_length=bound,
        stream_decoding_work_maximum_length=4 * bound,
    ):
        yield
