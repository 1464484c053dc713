"""HTML for the app: result cards with highlights, context, empty-result hints, document views.

Everything that comes from a document or a user is escaped here, so an uploaded file can never
inject markup or script into the page. Functions take plain dicts (``SearchResult.to_json()``)
and records, and return HTML strings: easy to test without a server.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from corpus.cite import SECTION_COMPONENT, is_legal_unit, legal_units, section_components
from corpus.metadata import display_date
from corpus.normalize import fold, has_diacritics
from index.records import DocumentInfo, PassageRecord

# Letters and digits: a highlight starts and ends on whole syllables ("an" never inside "thanh").
_WORD_CHAR = r"[^\W_]"


def esc(text: object) -> str:
    """Escape any value for HTML text and attribute values (quotes included)."""
    return html.escape(str(text), quote=True)


@lru_cache(maxsize=4096)
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    # Longest first, so "lấy phiếu tín nhiệm" wins over "tín nhiệm" where both match.
    wanted = sorted({p for p in phrases if p.strip()}, key=len, reverse=True)
    if not wanted:
        return None
    return re.compile(f"(?<!{_WORD_CHAR})(?:{'|'.join(map(re.escape, wanted))})(?!{_WORD_CHAR})")


def match_spans(text: str, phrases: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans of ``text`` where the matched phrases stand, as whole syllables.

    The phrases are the passage's own words that matched the query (``matched_terms``: found
    accent-insensitively only when the query was typed without diacritics), so matching them
    exactly marks "lấy phiếu" for "lay phieu" but never "Nam" for "năm".
    """
    pattern = _phrase_pattern(tuple(phrases))
    return [m.span() for m in pattern.finditer(text)] if pattern else []


def _marked(text: str, spans: Sequence[tuple[int, int]], offset: int = 0) -> str:
    """Escaped ``text`` with ``<mark>`` around the spans (given relative to ``offset``)."""
    out: list[str] = []
    pos = 0
    for start, end in spans:
        start, end = max(start - offset, pos), min(end - offset, len(text))
        if start >= end:
            continue
        out.append(esc(text[pos:start]))
        out.append(f"<mark>{esc(text[start:end])}</mark>")
        pos = end
    out.append(esc(text[pos:]))
    return "".join(out)


def highlight(text: str, terms: Iterable[str], best_sentence: str = "") -> str:
    """The passage as safe HTML: matched words in ``<mark>``, the best sentence in ``span.best``."""
    spans = match_spans(text, terms)
    start = text.find(best_sentence) if best_sentence else -1
    end = start + len(best_sentence)
    # The search gives no best sentence when no query word is in the passage; one given without
    # any of the marked words (a caller's) answers nothing either, so nothing is underlined.
    if start < 0 or not any(s < end and e > start for s, e in spans):
        return _marked(text, spans)

    def clip(lo: int, hi: int) -> list[tuple[int, int]]:
        return [(max(s, lo), min(e, hi)) for s, e in spans if s < hi and e > lo]

    return (
        _marked(text[:start], clip(0, start))
        + f'<span class="best" title="Câu trả lời sát nhất">{_marked(text[start:end], clip(start, end), start)}</span>'
        + _marked(text[end:], clip(end, len(text)), end)
    )


def strength_html(score: float, top: float) -> str:
    """How strong a result is next to the first one, as a bar: fused scores only order the results
    of one query (an off-topic passage can score 0.98), so no number is shown."""
    share = max(0, min(100, round(100 * score / top))) if top > 0 else 0
    return (
        f'<span class="strength" title="Mức phù hợp so với kết quả đầu tiên: {share}%">'
        f'<span class="label">Mức phù hợp</span>'
        f'<span class="bar" role="meter" aria-valuemin="0" aria-valuemax="100" aria-valuenow="{share}" '
        f'aria-label="Mức phù hợp so với kết quả đầu tiên"><span style="width: {share}%"></span></span></span>'
    )


# Section path components (corpus.cite.section_components): "IV", "3", "(3)", "a)" or a lowercase
# label key ("định hướng phát triển"). Only the leading numbered ones make a "mục" number.


def _is_numbered(component: str) -> bool:
    return not (component.startswith("(") or component.endswith(")") or component[:1].islower())


def numbered_section(section: str) -> str:
    """The numbered part of a section path: "I.2.định hướng phát triển(6)" → "I.2"."""
    end = 0
    for match in SECTION_COMPONENT.finditer(section):
        if not _is_numbered(match.group(0)):
            break
        end = match.end()
    return section[:end]


def section_number(numbered: str) -> str:
    """How a reader names a numbered section: "IV.3.1" → "Mục IV.3.1"; in a legal text, by its
    units: "Chương II.Mục 1.Điều 5.1" → "Chương II, Mục 1, Điều 5, khoản 1"."""
    return ", ".join(legal_units(numbered)) or f"Mục {numbered}"


# What a passage's text starts with before its own words: "I-", "IV.", "Điều 1.", "2.", "3.1.",
# "a)", "(3)", "-".
_LEAD_MARKER = re.compile(
    r"\s*(?:(?-i:[IVXLC]+)[.-]|Điều\s+\d+\w*\.?|\d+(?:\.\d+)*\.|[a-zđ]\)|\(\d+\)|[-+•*])\s*", re.IGNORECASE
)


def repeats_heading(text: str, heading: str) -> bool:
    """True when the passage's text opens with the heading (a clause whose first sentence is its
    heading): showing both would say the same thing twice."""
    words = heading.rstrip("…").strip()
    marker = _LEAD_MARKER.match(text)
    return bool(words) and text[marker.end() if marker else 0 :].startswith(words)


def section_label(section: str, headings: Sequence[str], text: str = "") -> str:
    """"Mục IV.3.1 — Nhiệm vụ, giải pháp › Về tổ chức bộ máy" (plain text); "Chương IV, Điều 17,
    khoản 2 — …" in a legal text. The last heading is left out when ``text``, the passage's own
    text, opens with it."""
    parts = []
    if numbered_section(section):
        parts.append(section_number(numbered_section(section)))
    shown = list(headings)
    if shown and text and repeats_heading(text, shown[-1]):
        shown.pop()
    if shown:
        parts.append(" › ".join(shown))
    return " — ".join(parts) if parts else "Phần mở đầu"


def result_card(result: Mapping[str, Any], copy_text: str, short_name: str, top_score: float, badge: str = "") -> str:
    """One search result as a card: the document's short name (full title as a tooltip) with a
    badge when it is no longer in force, the passage with its highlights, its strength next to the
    first result, and three actions."""
    key = esc(result["key"])
    badge_html = f'<span class="badge-superseded">{esc(badge)}</span>' if badge else ""
    return (
        f'<article class="sotay-card" data-key="{key}">'
        f'<header><span class="rank">{int(result["rank"])}</span>'
        f'<span class="doc-short" title="{esc(result["doc_title"])}">{esc(short_name)}</span>{badge_html}</header>'
        f'<div class="cite">{esc(section_label(result["section"], result["headings"], result["text"]))}</div>'
        f'<p class="passage">{highlight(result["text"], result.get("matched_terms", ()), result.get("best_sentence", ""))}</p>'
        f'<div class="citation">Trích dẫn: {esc(result["citation"])}</div>'
        f"<footer>{strength_html(result['score'], top_score)}"
        f'<button type="button" class="act" data-action="context" data-key="{key}">Xem ngữ cảnh</button>'
        f'<button type="button" class="act" data-action="copy" data-copy="{esc(copy_text)}">Sao chép trích dẫn</button>'
        f'<button type="button" class="act" data-action="similar" data-key="{key}">Tìm đoạn tương tự</button>'
        f'</footer><div class="card-context" aria-live="polite"></div></article>'
    )


def group_by_document(results: Sequence[Mapping[str, Any]]) -> list[list[Mapping[str, Any]]]:
    """Results grouped by document, documents in the order of their best result."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for result in results:
        groups.setdefault(result["doc_id"], []).append(result)
    return list(groups.values())


def results_html(
    results: Sequence[Mapping[str, Any]],
    copy_texts: Mapping[str, str],
    short_names: Mapping[str, str],
    *,
    grouped: bool = False,
    badges: Mapping[str, str] | None = None,
) -> str:
    """All cards; grouped by document (in order of each document's best result) when asked.

    Args:
        copy_texts: What "Sao chép trích dẫn" copies, per result key.
        short_names: "Kế hoạch 230-KH/TU" per document id.
        badges: "Đã bị thay thế" per document id no longer in force.
    """
    top = max((r["score"] for r in results), default=0.0)
    badges = badges or {}

    def card(result: Mapping[str, Any]) -> str:
        doc_id = result["doc_id"]
        return result_card(result, copy_texts[result["key"]], short_names[doc_id], top, badges.get(doc_id, ""))

    if not grouped:
        return documents_list(results, short_names) + "".join(card(r) for r in results)
    return "".join(
        f'<section class="sotay-group"><h3>{esc(short_names[items[0]["doc_id"]])}'
        f' <span class="count">{len(items)} đoạn</span></h3>'
        f'<p class="full-title">{esc(items[0]["doc_title"])}</p>' + "".join(card(r) for r in items) + "</section>"
        for items in group_by_document(results)
    )


def documents_list(results: Sequence[Mapping[str, Any]], short_names: Mapping[str, str]) -> str:
    """Each document of the results once, short name then full title (the cards show the short name)."""
    def item(first: Mapping[str, Any]) -> str:
        short, title = short_names[first["doc_id"]], first["doc_title"]
        return f"<li><strong>{esc(short)}</strong>" + (f": {esc(title)}" if title != short else "") + "</li>"

    items = "".join(item(group[0]) for group in group_by_document(results))
    return f'<ul class="sotay-docs">{items}</ul>'


def read_as_sentence(query: str, read_as: str) -> str:
    """How a question typed without diacritics, or with some missing, was read."""
    how = "thiếu dấu" if has_diacritics(query) else "không dấu"
    return f"Câu hỏi {how} được hiểu là “{read_as}”."


def summary_line(
    query: str, results: Sequence[Mapping[str, Any]], *, similar_to: str = "", named: Sequence[str] = (),
    read_as: str = "",
    particulars: Sequence[str] = (),
) -> str:
    """One line above the cards: how many passages from how many documents, the words a question
    typed without diacritics was read as (``read_as``), and which documents the question was taken
    to cite (``named``: their short names), whose passages come first; then what it asked of those
    documents' own particulars (``particulars``: who signed, when, which body issued them), which
    no passage states."""
    documents = len({r["doc_id"] for r in results})
    if similar_to:
        head = f"Các đoạn tương tự với {similar_to}"
    else:
        head = f"Kết quả cho “{query}”"
    line = f"{head}: {len(results)} đoạn từ {documents} tài liệu."
    if read_as:
        line += f" {read_as_sentence(query, read_as)}"
    if named:
        # A law named by its name may be hundreds of articles given as documents: name two.
        cited = ", ".join(named[:2]) + (f" và {len(named) - 2} văn bản khác" if len(named) > 2 else "")
        these = "văn bản này" if len(named) == 1 else "các văn bản này"
        line += f" Câu hỏi nhắc tới {cited}: các đoạn của {these} được xếp trước."
    facts = "".join(f'<p class="sotay-particulars">{esc(fact)}</p>' for fact in particulars)
    return f'<p class="sotay-summary">{esc(line)}</p>{facts}'


def empty_results(query: str, *, filtered: bool) -> str:
    """What to say when nothing was found, with concrete things to try."""
    tips = []
    if filtered:
        tips.append("Bỏ bớt bộ lọc (tài liệu, loại văn bản, khoảng ngày) rồi tìm lại.")
    tips.append("Kiểm tra chính tả; dùng ít từ hơn hoặc từ đồng nghĩa.")
    if query and not has_diacritics(query):
        tips.append("Câu hỏi đang không dấu: gõ có dấu (ví dụ “lấy phiếu tín nhiệm”) thường cho kết quả sát hơn.")
    tips.append("Viết tắt như HTCT, MTTQ, PTLĐ được hiểu; có thể thử viết đầy đủ.")
    items = "".join(f"<li>{esc(t)}</li>" for t in tips)
    return (
        f'<div class="sotay-empty"><p><strong>Không tìm thấy đoạn nào cho “{esc(query)}”.</strong></p>'
        f"<p>Hãy thử:</p><ul>{items}</ul></div>"
    )


def message_html(text: str, kind: str = "info") -> str:
    """A short notice (info or error) as safe HTML."""
    return f'<div class="sotay-msg sotay-{esc(kind)}">{esc(text)}</div>'


def context_html(records: Sequence[PassageRecord], key: str, doc_title: str) -> str:
    """The passages around ``key``, the chosen one marked, each with its section.

    ``data-for`` names the card it belongs under (the page moves it there, see context.js).
    """
    parts = [
        f'<div class="sotay-context" data-for="{esc(key)}"><h3>Ngữ cảnh — {esc(doc_title)}'
        '<button type="button" class="act" data-action="close-context">Đóng</button></h3>'
    ]
    for record in records:
        current = " current" if record.key == key else ""
        parts.append(
            f'<div class="ctx-passage{current}" data-key="{esc(record.key)}">'
            f'<div class="cite">{esc(section_label(record.section, record.headings, record.text))}</div>'
            f'<p class="passage">{esc(record.text)}</p></div>'
        )
    parts.append("</div>")
    return "".join(parts)


def _anchor(section: str) -> str:
    return "sec-" + re.sub(r"[^0-9A-Za-z]+", "-", fold(section)).strip("-")


def _new_sections(record: PassageRecord, seen: set[str]) -> list[tuple[int, str, str]]:
    """(depth, numbered path, title) of the numbered sections this passage opens, outermost first.

    A heading-only section ("I. ĐÁNH GIÁ TÌNH HÌNH") has no passage of its own, so sections are
    taken from every prefix of each passage's path.
    """
    opened = []
    numbered = numbered_section(record.section)
    for depth, match in enumerate(SECTION_COMPONENT.finditer(numbered)):
        path = numbered[: match.end()]
        if path in seen:
            continue
        seen.add(path)
        title = record.headings[depth] if depth < len(record.headings) else ""
        opened.append((depth, path, title))
    return opened


def _new_parts(record: PassageRecord, seen: set[str]) -> list[tuple[int, str]]:
    """(depth, heading) of the parts after the numbered section that this passage opens, outermost
    first: labelled parts ("Mục tiêu cụ thể", "Phụ lục") and items ("a) Hỗ trợ doanh nghiệp …"),
    less those whose heading the passage's text repeats. Read only when the path has one heading
    per component, as the segmenter writes it."""
    components = list(SECTION_COMPONENT.finditer(record.section))
    if len(components) != len(record.headings):
        return []
    opened = []
    for depth, (match, title) in enumerate(zip(components, record.headings)):
        component, path = match.group(0), record.section[: match.end()]
        if _is_numbered(component) or path in seen:
            continue
        seen.add(path)
        if title and not repeats_heading(record.text, title):
            item = component.startswith("(") or component.endswith(")")
            opened.append((depth, f"{component} {title}" if item else title))
    return opened


def _heading_label(path: str, title: str) -> str:
    """"IV.3.2. Về công tác cán bộ"; in a legal text the unit as the text writes it, its place
    being shown by the levels above: "Điều 5. Chức vụ, chức danh", "1. Cán bộ cấp xã có …"."""
    components = section_components(path)
    shown = components[-1] if any(is_legal_unit(c) for c in components) else path
    return f"{shown}. {title}" if title else shown


def _is_clause(path: str) -> bool:
    """A numbered part inside a legal unit (a khoản of an article): below an outline's level."""
    components = section_components(path)
    return any(is_legal_unit(c) for c in components) and not is_legal_unit(components[-1])


def outline_html(passages: Sequence[PassageRecord]) -> str:
    """The numbered section outline of a document, from its passages' section paths and headings
    (a legal text's down to its articles, not their clauses)."""
    seen: set[str] = set()
    items = [
        f'<li class="depth-{min(depth, 4)}"><a href="#{_anchor(path)}">{esc(_heading_label(path, title))}</a></li>'
        for record in passages
        for depth, path, title in _new_sections(record, seen)
        if not _is_clause(path)
    ]
    if not items:
        return '<p class="sotay-outline">Tài liệu không có mục lục.</p>'
    return f'<nav class="sotay-outline"><h4>Mục lục</h4><ul>{"".join(items)}</ul></nav>'


def document_html(info: DocumentInfo, passages: Sequence[PassageRecord]) -> str:
    """A document to read: its metadata, then its passages under their section headings (numbered
    ones, labelled parts and items alike: a heading is text of the document)."""
    meta = [
        ("Số hiệu", info.number),
        ("Ngày", display_date(info.date)),
        ("Cơ quan ban hành", info.issuer),
        ("Loại", info.kind),
        ("Số đoạn", str(info.passages)),
    ]
    parts = [
        f'<article class="sotay-doc"><h2>{esc(info.title)}</h2><dl>'
        + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in meta if v)
        + "</dl>"
    ]
    seen: set[str] = set()
    for record in passages:
        for depth, path, title in _new_sections(record, seen):
            if repeats_heading(record.text, title):
                # The passage says it itself ("1. Cán bộ cấp xã ..."); the outline still links here.
                parts.append(f'<span id="{_anchor(path)}"></span>')
                continue
            level = min(depth + 3, 6)
            parts.append(f'<h{level} id="{_anchor(path)}">{esc(_heading_label(path, title))}</h{level}>')
        for depth, heading in _new_parts(record, seen):
            level = min(depth + 3, 6)
            parts.append(f"<h{level}>{esc(heading)}</h{level}>")
        parts.append(f'<p class="passage" data-key="{esc(record.key)}">{esc(record.text)}</p>')
    parts.append("</article>")
    return "".join(parts)
