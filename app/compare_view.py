"""Links and comparisons for people: plain text for the terminal, DOCX and PDF for an outline."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from corpus.atomic import atomic_path
from index.compare import Change, Comparison
from index.library import Library

LINK_LABELS = {
    "carries_out": "Thực hiện", "based_on": "Căn cứ", "replaces": "Thay thế", "amends": "Sửa đổi, bổ sung",
    "repeals": "Bãi bỏ", "mentions": "Dẫn chiếu",
}
CITED_BY_LABELS = {
    "carries_out": "Được thực hiện bởi", "based_on": "Là căn cứ của", "replaces": "Bị thay thế bởi",
    "amends": "Được sửa đổi, bổ sung bởi", "repeals": "Bị bãi bỏ bởi", "mentions": "Được dẫn chiếu trong",
}
STATUS_LABELS = {"in_force": "Còn hiệu lực trong thư viện", "replaced": "Đã bị thay thế", "repealed": "Đã bị bãi bỏ"}
CHANGE_LABELS = {"new": "Điểm mới", "dropped": "Bỏ đi", "changed": "Sửa đổi câu chữ"}


def status_badges(lib: Library, doc_ids: set[str]) -> dict[str, str]:
    """A short status label per document that is no longer in force ("Đã bị thay thế")."""
    badges = {}
    for doc_id in doc_ids:
        state = lib.status(doc_id).state
        if state != "in_force":
            badges[doc_id] = STATUS_LABELS[state]
    return badges


def links_text(relations: Mapping[str, Any]) -> str:
    """``sotay links ID``: the status, then what the document cites and what cites it."""
    lines = [f"{relations['doc_id']}: {STATUS_LABELS[relations['status']]}"]
    if relations["replaced_by"]:
        lines.append("  bởi: " + ", ".join(relations["replaced_by"]))
    for title, key, labels, other in (
        ("Văn bản này dẫn tới", "links", LINK_LABELS, "target_id"),
        ("Văn bản dẫn tới văn bản này", "cited_by", CITED_BY_LABELS, "doc_id"),
    ):
        rows = relations[key]
        lines.append(f"{title} ({len(rows)}):")
        seen = set()
        for link in rows:
            target = link[other] if key == "cited_by" else (link["target_id"] or "chưa có trong thư viện")
            row = (link["type"], link["number"] if key == "links" else link["doc_id"], target, link.get("article"))
            if row in seen:
                continue
            seen.add(row)
            where = f" — {link['passage_key']}" if link["passage_key"] else ""
            cited = f"{link['article']} {link['kind']}" if link.get("article") else link["kind"]
            lines.append(f"  {labels[link['type']]}: {cited} {link['number']} [{target}]{where}")
    return "\n".join(lines)


def _change_lines(change: Change) -> list[str]:
    lines = [f"{CHANGE_LABELS[change.kind]}: {change.place}"]
    if change.kind == "changed":
        lines.append("  " + "".join(
            op.text if op.op == "equal" else enclose(op.text, "[+", "+]") if op.op == "insert" else enclose(op.text, "[-", "-]")
            for op in change.words
        ).strip())
    else:
        lines.append("  " + (change.new_text if change.kind == "new" else change.old_text).strip())
    for label, cite in (("Văn bản cũ", change.old_citation), ("Văn bản mới", change.new_citation)):
        if cite:
            lines.append(f"  ({label}: {cite})")
    return lines


def enclose(text: str, opening: str, closing: str) -> str:
    """The changed words between markers, the spaces before them left outside."""
    stripped = text.lstrip()
    return text[: len(text) - len(stripped)] + opening + stripped + closing


def comparison_text(comparison: Comparison) -> str:
    """The comparison as plain text: word changes marked [+added+] and [-removed-]."""
    summary = comparison.to_json()["summary"]
    lines = [
        f"So sánh {comparison.old_id} → {comparison.new_id}: {summary['new']} điểm mới, {summary['dropped']} bỏ đi,"
        f" {summary['changed']} sửa đổi câu chữ, {summary['unchanged']} đoạn giữ nguyên.",
    ]
    for change in comparison.changes:
        lines += ["", *_change_lines(change)]
    return "\n".join(lines)


def write_docx(comparison: Comparison, path: Path) -> None:
    """The comparison as a Word document: added words underlined in blue, removed ones struck in red."""
    from docx import Document as DocxDocument
    from docx.shared import Pt, RGBColor

    doc = DocxDocument()
    doc.add_heading(f"Những điểm mới: {comparison.old_id} → {comparison.new_id}", level=1)
    doc.add_paragraph(comparison_text(comparison).splitlines()[0])
    for change in comparison.changes:
        doc.add_heading(f"{CHANGE_LABELS[change.kind]}: {change.place}", level=2)
        paragraph = doc.add_paragraph()
        if change.kind == "changed":
            for op in change.words:
                run = paragraph.add_run(op.text)
                if op.op == "insert":
                    run.underline, run.font.color.rgb = True, RGBColor(0x1F, 0x4E, 0xA0)
                elif op.op == "delete":
                    run.font.strike, run.font.color.rgb = True, RGBColor(0xB0, 0x1E, 0x1E)
        else:
            paragraph.add_run((change.new_text if change.kind == "new" else change.old_text).strip())
        for label, cite in (("Văn bản cũ", change.old_citation), ("Văn bản mới", change.new_citation)):
            if cite:
                doc.add_paragraph().add_run(f"({label}: {cite})").font.size = Pt(10)
    with atomic_path(path) as partial:
        doc.save(str(partial))


def write_pdf(comparison: Comparison, path: Path) -> None:
    """The comparison as PDF (DejaVu Sans for the Vietnamese letters), word changes as in the text form."""
    from quiz.export import vietnamese_pdf

    pdf = vietnamese_pdf()
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 8, f"Những điểm mới: {comparison.old_id} → {comparison.new_id}", new_x="LMARGIN", new_y="NEXT")
    for n, line in enumerate(comparison_text(comparison).splitlines()):
        is_heading = any(line.startswith(label) for label in CHANGE_LABELS.values())
        pdf.set_font("DejaVu", "B" if is_heading else "", 11 if is_heading or n == 0 else 10)
        pdf.multi_cell(0, 6, line or " ", new_x="LMARGIN", new_y="NEXT")
    with atomic_path(path) as partial:
        pdf.output(str(partial))
