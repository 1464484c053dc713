"""The library tab's links and comparison: a document's status and related texts, "what is new".

Under the reading view: the status (replaced or repealed, by which document), what the open
document carries out, is based on, replaces, amends or cites, and what carries it out, replaces
or amends it. A link to a library document opens it, at the passage that makes the link when the
other document is the one citing. Below: two documents compared (suggested pairs first), with
DOCX and PDF exports.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, Literal

import gradio as gr

from app.compare_view import (
    CHANGE_LABELS,
    CITED_BY_LABELS,
    LINK_LABELS,
    STATUS_LABELS,
    enclose,
    write_docx,
    write_pdf,
)
from app.export import new_export_dir
from app.feedback import user_errors
from app.filters import form_text
from app.render import esc
from app.search_tab import MODEL_CONCURRENCY_ID, MODEL_CONCURRENCY_LIMIT
from corpus.errors import BadQuery
from index.compare import Change, Comparison, compare_documents, suggest_pairs
from index.library import Library

RELATIONS_JS = (resources.files("app") / "static" / "relations.js").read_text(encoding="utf-8")
# Scrolls the reading view to the passage a link named, once the document has been rendered.
SCROLL_JS = """(key) => {
  if (!key) return;
  let tries = 0;
  const seek = () => {
    const target = document.querySelector(`#reader [data-key="${CSS.escape(key)}"]`);
    if (target) { target.scrollIntoView({block: 'center'}); target.classList.add('sotay-cited'); return; }
    if (++tries < 40) setTimeout(seek, 100);
  };
  seek();
}"""
# The types shown first: what the document does to others, then mere citations.
ORDER = ("replaces", "repeals", "amends", "carries_out", "based_on", "mentions")


def _title(lib: Library, doc_id: str) -> str:
    info = lib.document(doc_id)
    return f"{info.kind.capitalize()} {info.number}".strip() if info.number else info.title or doc_id


def _open_button(doc_id: str, key: str, label: str) -> str:
    return (
        f'<button type="button" class="link-open" data-action="open" data-doc="{esc(doc_id)}" data-key="{esc(key)}">'
        f"{esc(label)}</button>"
    )


def relations_html(lib: Library, doc_id: str) -> str:
    """The open document's status and links, each link to a library document a button opening it."""
    relations = lib.relations(doc_id)
    parts = ['<section class="sotay-relations" id="relations">']
    state = relations["status"]
    if state == "in_force":
        parts.append(f'<p class="status status-in-force">{STATUS_LABELS[state]}</p>')
    else:
        by = ", ".join(_open_button(d, "", _title(lib, d)) for d in relations["replaced_by"])
        parts.append(f'<p class="status status-{state}">{STATUS_LABELS[state]} bởi {by}</p>')
    outgoing = sorted(relations["links"], key=lambda link: ORDER.index(link["type"]))
    incoming = sorted(relations["cited_by"], key=lambda link: ORDER.index(link["type"]))
    if not outgoing and not incoming:
        parts.append("<p>Văn bản không dẫn chiếu văn bản nào theo số hiệu, và chưa văn bản nào trong thư viện dẫn tới nó.</p>")
    if outgoing:
        parts.append("<h4>Văn bản này dẫn tới</h4><ul>")
        seen: set[tuple[str, str]] = set()
        for link in outgoing:
            if (link["type"], link["number"], link["article"]) in seen:
                continue
            seen.add((link["type"], link["number"], link["article"]))
            name = f"{link['kind'].capitalize()} {link['number']}".strip()
            if link["article"]:
                name = f"{link['article']} {name}"
            target = (
                _open_button(link["target_id"], link["target_key"], name) if link["target_id"]
                else f'<span class="unresolved" title="Chưa có trong thư viện">{esc(name)} (chưa có trong thư viện)</span>'
            )
            compare = (
                f' <button type="button" class="link-compare" data-action="compare" data-old="{esc(link["target_id"])}"'
                f' data-new="{esc(doc_id)}">So sánh điểm mới</button>'
                if link["target_id"] and link["type"] in ("replaces", "amends") else ""
            )
            parts.append(f'<li data-type="{link["type"]}"><b>{LINK_LABELS[link["type"]]}</b>: {target}{compare}'
                         f'<div class="quote">{esc(link["quote"][:300])}</div></li>')
        parts.append("</ul>")
    if incoming:
        parts.append("<h4>Văn bản dẫn tới văn bản này</h4><ul>")
        seen = set()
        for link in incoming:
            if (link["type"], link["doc_id"]) in seen:
                continue
            seen.add((link["type"], link["doc_id"]))
            opener = _open_button(link["doc_id"], link["passage_key"], _title(lib, link["doc_id"]))
            parts.append(f'<li data-type="{link["type"]}"><b>{CITED_BY_LABELS[link["type"]]}</b>: {opener}'
                         f'<div class="quote">{esc(link["quote"][:300])}</div></li>')
        parts.append("</ul>")
    parts.append("</section>")
    return "".join(parts)


def _words_html(change: Change) -> str:
    if change.kind != "changed":
        return esc((change.new_text if change.kind == "new" else change.old_text).strip())
    return "".join(
        esc(op.text) if op.op == "equal"
        else enclose(esc(op.text), "<ins>", "</ins>") if op.op == "insert" else enclose(esc(op.text), "<del>", "</del>")
        for op in change.words
    ).strip()


def comparison_html(lib: Library, comparison: Comparison) -> str:
    """The comparison for the page: a summary, then each change with its words and both citations."""
    summary = comparison.to_json()["summary"]
    parts = [
        f'<section class="sotay-compare" id="comparison"><h3>Những điểm mới của {esc(_title(lib, comparison.new_id))}'
        f" so với {esc(_title(lib, comparison.old_id))}</h3>",
        f'<p class="summary">{summary["new"]} điểm mới, {summary["dropped"]} nội dung bỏ đi, {summary["changed"]} sửa đổi'
        f' câu chữ; {summary["unchanged"]} đoạn giữ nguyên.</p>',
    ]
    if not comparison.changes:
        parts.append("<p>Hai văn bản có cùng nội dung.</p>")
    for change in comparison.changes:
        cites = "".join(
            f'<div class="citation">{label}: {esc(cite)}</div>'
            for label, cite in (("Văn bản cũ", change.old_citation), ("Văn bản mới", change.new_citation)) if cite
        )
        parts.append(
            f'<article class="change change-{change.kind}"><header><span class="kind">{CHANGE_LABELS[change.kind]}</span>'
            f' {esc(change.place)}</header><p class="passage">{_words_html(change)}</p>{cites}</article>'
        )
    parts.append("</section>")
    return "".join(parts)


def pair_choices(lib: Library) -> list[tuple[str, str]]:
    """Suggested pairs as dropdown choices: "old → new (why)" → "old|new"."""
    why = {"replaces": "thay thế", "amends": "sửa đổi, bổ sung", "same_kind_subject": "cùng loại, cùng chủ đề"}
    return [
        (f"{_title(lib, old)} → {_title(lib, new)} ({why[reason]})", f"{old}|{new}")
        for old, new, reason in suggest_pairs(lib)
    ]


def compare_choices(lib: Library) -> list[tuple[str, str]]:
    """Every library document as a choice of the comparison's two pickers."""
    return [(f"{_title(lib, d.id)} — {d.title}", d.id) for d in lib.documents()]


class RelationsHandlers:
    """Event handlers of the links panel and the comparison."""

    def __init__(self, lib: Library) -> None:
        self.lib = lib

    def view(self, doc_id: str | None) -> str:
        doc_id = form_text(doc_id, "Tài liệu")
        return relations_html(self.lib, doc_id) if doc_id else ""

    def open_link(self, evt: gr.EventData) -> tuple[Any, str]:
        """A link button: open its document in the reader (and name the passage to scroll to)."""
        data = getattr(evt, "_data", None)
        if not isinstance(data, dict) or not data.get("doc"):
            raise BadQuery("Thiếu mã tài liệu: hãy dùng /links với tham số doc_id.")
        doc_id = form_text(str(data["doc"]), "Tài liệu")
        self.lib.document(doc_id)
        return gr.update(value=doc_id), form_text(str(data.get("key", "")), "Mã đoạn văn")

    def compare_from_link(self, evt: gr.EventData) -> tuple[Any, Any, Any, str]:
        """"So sánh điểm mới" on a replaces/amends link: the pair compared, the comparison opened."""
        data = getattr(evt, "_data", None)
        if not isinstance(data, dict):
            raise BadQuery("Thiếu hai văn bản cần so sánh: hãy dùng /compare với old_id và new_id.")
        old_id, new_id = str(data.get("old", "")), str(data.get("new", ""))
        return gr.update(value=old_id), gr.update(value=new_id), gr.update(open=True), self.compare(old_id, new_id)

    def pickers(self) -> tuple[Any, Any, Any]:
        """The pairs and both pickers as the library stands now: documents uploaded or removed
        since the page was built are offered (or gone) when the comparison is opened."""
        documents = compare_choices(self.lib)
        return gr.update(choices=pair_choices(self.lib)), gr.update(choices=documents), gr.update(choices=documents)

    def pick_pair(self, pair: str | None) -> tuple[Any, Any]:
        old_id, _, new_id = form_text(pair, "Cặp văn bản").partition("|")
        return gr.update(value=old_id or None), gr.update(value=new_id or None)

    def _comparison(self, old_id: str | None, new_id: str | None) -> Comparison:
        old_id = form_text(old_id, "Văn bản cũ")
        new_id = form_text(new_id, "Văn bản mới")
        if not old_id or not new_id:
            raise BadQuery("Hãy chọn cả văn bản cũ và văn bản mới để so sánh.")
        if old_id == new_id:
            raise BadQuery("Hãy chọn hai văn bản khác nhau để so sánh.")
        return compare_documents(self.lib, old_id, new_id)

    def compare(self, old_id: str | None, new_id: str | None) -> str:
        return comparison_html(self.lib, self._comparison(old_id, new_id))

    def compare_json(self, old_id: str, new_id: str) -> dict[str, Any]:
        """``/compare``: the comparison as in ``sotay compare --format json``."""
        return self._comparison(old_id, new_id).to_json()

    def export_docx(self, old_id: str | None, new_id: str | None) -> str:
        """The comparison as a Word file (its path, for download)."""
        return self._export("docx", old_id, new_id)

    def export_pdf(self, old_id: str | None, new_id: str | None) -> str:
        """The comparison as a PDF file (its path, for download)."""
        return self._export("pdf", old_id, new_id)

    def _export(self, fmt: Literal["docx", "pdf"], old_id: str | None, new_id: str | None) -> str:
        comparison = self._comparison(old_id, new_id)
        path = new_export_dir() / f"so-sanh-{comparison.old_id}-{comparison.new_id}.{fmt}"
        (write_docx if fmt == "docx" else write_pdf)(comparison, Path(path))
        return str(path)


def build_relations_panel(lib: Library, doc_picker: gr.Dropdown) -> None:
    """Lay out the links panel and the comparison under the reading view, and wire them."""
    handlers = RelationsHandlers(lib)
    cheap = {"concurrency_limit": None}
    # Comparing encodes both documents' passages: it queues with the searches.
    model_bound = {"concurrency_id": MODEL_CONCURRENCY_ID, "concurrency_limit": MODEL_CONCURRENCY_LIMIT}
    panel = gr.HTML(elem_id="relations-panel", js_on_load=RELATIONS_JS, padding=False)
    cited_key = gr.Textbox(visible=False, elem_id="cited-key")
    with gr.Accordion("So sánh hai văn bản: những điểm mới", open=False, elem_id="compare-box") as box:
        pairs = gr.Dropdown(choices=pair_choices(lib), value=None, label="Cặp gợi ý", elem_id="compare-pairs")
        choices = compare_choices(lib)
        with gr.Row():
            old = gr.Dropdown(choices=choices, value=None, label="Văn bản cũ", elem_id="compare-old")
            new = gr.Dropdown(choices=choices, value=None, label="Văn bản mới", elem_id="compare-new")
        with gr.Row():
            run = gr.Button("So sánh", variant="primary", elem_id="compare-button")
            docx = gr.Button("Xuất DOCX", size="sm", elem_id="compare-docx")
            pdf = gr.Button("Xuất PDF", size="sm", elem_id="compare-pdf")
        exported = gr.File(label="Tệp so sánh", interactive=False, elem_id="compare-file")
        result = gr.HTML(elem_id="comparison-panel")
    doc_picker.change(user_errors(handlers.view), doc_picker, panel, api_name="document_links_view", **cheap)
    panel.click(user_errors(handlers.open_link), None, [doc_picker, cited_key], api_name="open_link", **cheap).then(
        None, cited_key, None, js=SCROLL_JS
    )
    panel.submit(
        user_errors(handlers.compare_from_link), None, [old, new, box, result], api_name="compare_from_link", **model_bound
    ).then(None, None, None, js="() => { document.querySelector('#comparison-panel')?.scrollIntoView(); }")
    box.expand(user_errors(handlers.pickers), None, [pairs, old, new], api_name="compare_pickers", **cheap)
    pairs.change(user_errors(handlers.pick_pair), pairs, [old, new], api_name="pick_pair", **cheap)
    run.click(user_errors(handlers.compare), [old, new], result, api_name="compare_view", **model_bound)
    docx.click(user_errors(handlers.export_docx), [old, new], exported, api_name="compare_docx", **model_bound)
    pdf.click(user_errors(handlers.export_pdf), [old, new], exported, api_name="compare_pdf", **model_bound)
