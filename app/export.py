"""Export a set of search results, grouped by document, with citations (Markdown and DOCX).

For propagandists preparing a talk: every passage comes with the citation to paste after it.
Files are written to a fresh temporary directory, atomically, under a name built from the query.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Literal

from docx import Document as DocxDocument
from docx.shared import Pt

from app.render import group_by_document
from corpus.atomic import atomic_path
from corpus.normalize import fold

ExportFormat = Literal["docx", "md"]
# Seconds an export file is kept: long enough for any download of it.
EXPORT_MAX_AGE = 86400


def quoted(text: str, source: str) -> str:
    """A passage ready to paste: “quote” followed by its parenthesized source."""
    return f"“{text.strip()}” {source}"


def _doc_heading(first: Mapping[str, Any]) -> str:
    return f"{first['doc_title']} ({first['doc_number']})" if first.get("doc_number") else first["doc_title"]


def _intro(query: str, results: Sequence[Mapping[str, Any]], today: date) -> str:
    documents = len({r["doc_id"] for r in results})
    return f"Xuất ngày {today:%d/%m/%Y} từ sotay: {len(results)} đoạn trích từ {documents} tài liệu."


def _md_escape(text: str) -> str:
    # Passages are quoted verbatim; only characters that would start Markdown syntax are escaped.
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def to_markdown(
    query: str, results: Sequence[Mapping[str, Any]], citations: Mapping[str, str], *, today: date | None = None
) -> str:
    """The results as Markdown: one section per document, each passage quoted with its source.

    ``citations`` maps result keys to parenthesized sources (``corpus.cite.quote_citation``).
    """
    today = today or date.today()
    lines = [f"# Trích dẫn: {_md_escape(query)}", "", f"_{_intro(query, results, today)}_", ""]
    for items in group_by_document(results):
        lines += [f"## {_md_escape(_doc_heading(items[0]))}", ""]
        for result in items:
            for line in result["text"].strip().splitlines():
                lines.append(f"> {_md_escape(line)}" if line.strip() else ">")
            lines += ["", _md_escape(citations[result["key"]]), ""]
    return "\n".join(lines)


def to_docx(
    query: str,
    results: Sequence[Mapping[str, Any]],
    citations: Mapping[str, str],
    path: Path,
    *,
    today: date | None = None,
) -> None:
    """The results as a Word document at ``path`` (same layout as :func:`to_markdown`)."""
    today = today or date.today()
    doc = DocxDocument()
    doc.add_heading(f"Trích dẫn: {query}", level=1)
    doc.add_paragraph(_intro(query, results, today)).runs[0].italic = True
    for items in group_by_document(results):
        doc.add_heading(_doc_heading(items[0]), level=2)
        for result in items:
            quote = doc.add_paragraph(style="Quote")
            quote.add_run(f"“{result['text'].strip()}”")
            cite = doc.add_paragraph()
            run = cite.add_run(citations[result["key"]])
            run.font.size = Pt(10)
    doc.save(str(path))


def file_stem(query: str) -> str:
    """A safe ASCII file name stem from the query ("trich-dan-lay-phieu-tin-nhiem")."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(query)).strip("-")[:60].rstrip("-")
    return f"trich-dan-{slug}" if slug else "trich-dan"


def export_root() -> Path:
    """Where exports are written, one fresh directory each: a temporary folder of this user's."""
    root = Path(tempfile.gettempdir()) / f"sotay-exports-{os.getuid()}"
    root.mkdir(mode=0o700, exist_ok=True)
    return root


def purge_exports(max_age: float) -> None:
    """Delete exports older than ``max_age`` seconds (the web server has long handed them out)."""
    cutoff = time.time() - max_age
    for directory in export_root().iterdir():
        if directory.lstat().st_mtime < cutoff:
            shutil.rmtree(directory, ignore_errors=True)


def new_export_dir(max_age: float = EXPORT_MAX_AGE) -> Path:
    """A fresh directory under :func:`export_root` for one export (two users may export at
    once); exports older than ``max_age`` seconds are deleted on the way."""
    purge_exports(max_age)
    return Path(tempfile.mkdtemp(prefix="export-", dir=export_root()))


def write_export(
    query: str,
    results: Sequence[Mapping[str, Any]],
    citations: Mapping[str, str],
    fmt: ExportFormat,
    max_age: float = EXPORT_MAX_AGE,
) -> Path:
    """Write the export to a new directory under :func:`export_root` and return its path;
    exports older than ``max_age`` seconds are deleted on the way."""
    target = new_export_dir(max_age) / f"{file_stem(query)}.{fmt}"
    with atomic_path(target) as partial:
        if fmt == "md":
            partial.write_text(to_markdown(query, results, citations), encoding="utf-8")
        else:
            to_docx(query, results, citations, partial)
    return target
