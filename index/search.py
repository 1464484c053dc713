"""Hybrid retrieval over one generation: BM25 and dense rankings fused, filtered, cut, explained."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from corpus.errors import BadQuery, UnknownDocument
from corpus.normalize import fold, has_diacritics, normalize
from corpus.relations import KINDS_PATTERN, NUMBER_RE, normalize_number, number_key
from corpus.titlecase import as_sentence, is_caps
from index.answers import asked_shape
from index.contrast import contrast_scores, query_terms
from index.fusion import Candidates, Fused, RankingParams, best_possible, fuse, lift, rank_by_unit
from index.highlight import QueryTerms, best_sentence, matched_phrases
from index.records import SearchResult
from index.store import Generation
from index.tokens import content_tokens, folded_tokens, pyvi_words, syllables, word_tokens

Mode = Literal["hybrid", "dense", "lexical"]
# Candidates taken from each ranking before fusion; enough that a passage ranked well by one
# retriever and poorly by the other still surfaces.
CANDIDATES = 100
# Rows of one data table among the dense candidates, and how much deeper the dense search goes
# to fill the pool when a library holds tables.
TABLE_ROWS = 10
TABLE_DEPTH = 4
# Fused candidates read again, against each other (index.contrast) and for the shape of answer a
# question asks for (index.answers): one far down would not reach the results lifted.
READS = 50


@dataclass(frozen=True)
class Filters:
    """What a search may return: the one filter object the CLI and the app pass down to here.

    Dates are ISO strings, bounds included; ``None`` for ``per_doc_limit`` and ``k`` means the
    library's setting (``per_doc_limit`` 0: no limit). ``in_force_only`` leaves out documents
    replaced or repealed by another in the library (applied by the library, which knows the links).
    """

    doc_ids: Sequence[str] | None = None
    kinds: Sequence[str] | None = None
    date_from: str | None = None
    date_to: str | None = None
    per_doc_limit: int | None = None
    k: int | None = None
    exclude_keys: Sequence[str] = ()
    in_force_only: bool = False

    @property
    def active(self) -> bool:
        """True when a filter narrows which documents are searched (the app suggests removing it)."""
        return bool(self.doc_ids or self.kinds or self.date_from or self.date_to)

    def check(self, gen: Generation) -> None:
        """Refuse a filter naming a document the library does not have."""
        unknown = [d for d in self.doc_ids or () if d not in gen.documents]
        if unknown:
            raise UnknownDocument(unknown[0])

    def allowed_rows(self, gen: Generation) -> np.ndarray | None:
        """Rows that pass, or None when nothing is filtered."""
        if not (self.doc_ids or self.kinds or self.date_from or self.date_to or self.exclude_keys):
            return None
        self.check(gen)
        wanted = set(self.doc_ids or ())  # a law named is hundreds of article-documents
        docs = [
            d for d in gen.documents.values()
            if (not wanted or d.id in wanted)
            and (not self.kinds or d.kind in self.kinds)
            and (not self.date_from or (d.date and d.date >= self.date_from))
            and (not self.date_to or (d.date and d.date <= self.date_to))
        ]
        rows = [gen.doc_rows[d.id] for d in docs]
        allowed = np.sort(np.concatenate(rows)) if rows else np.empty(0, dtype=np.int64)
        if self.exclude_keys:
            excluded = [gen.row_of[k] for k in self.exclude_keys if k in gen.row_of]
            allowed = np.setdiff1d(allowed, excluded)
        return allowed


def check_query(query: str, max_chars: int) -> str:
    """The normalized query, or BadQuery for an empty or overlong one.

    A question typed in capitals (Caps Lock left on) is read in sentence case, acronyms and codes
    kept ("UBND", "28-NQ/TW"): the model reads capitals as rare word pieces, and such questions
    scored MRR@10 0.66 against 0.80 on the real documents' fresh set (docs/search.md).
    """
    text = normalize(query or "")
    if not text:
        raise BadQuery("Câu hỏi đang trống: hãy nhập nội dung cần tra cứu.")
    if len(text) > max_chars:
        raise BadQuery(f"Câu hỏi quá dài ({len(text)} ký tự, tối đa {max_chars}): hãy rút gọn.")
    if is_caps(text):
        text = as_sentence(text, place_name=False)
    return text


def _top_rows(scores: np.ndarray, n: int, allowed: np.ndarray | None) -> np.ndarray:
    if allowed is not None:
        masked = np.full_like(scores, -np.inf)
        masked[allowed] = scores[allowed]
        scores = masked
    n = min(n, int(np.isfinite(scores).sum()))
    top = np.argpartition(-scores, n - 1)[:n] if n else np.empty(0, dtype=np.int64)
    top = top[np.argsort(-scores[top], kind="stable")]
    return top[scores[top] > 0]


def _dense_rows(gen: Generation, query_vector: np.ndarray, allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """The dense candidates, at most ``TABLE_ROWS`` of them from one data table: a table's rows
    read alike to the model (the same headings and column names before each), and 0134/KH-UBND's
    250 appendix rows filled the pool for any question on its monitoring, the text around them
    left out (docs/search.md, "A table's rows in the dense candidates")."""
    if not gen.has_tables:
        return gen.dense.search(query_vector, CANDIDATES, allowed)
    rows, sims = gen.dense.search(query_vector, CANDIDATES * TABLE_DEPTH, allowed)
    tables = gen.table_of_row[rows]
    seen: dict[int, int] = {}
    keep = []
    for i, table in enumerate(tables.tolist()):
        if table >= 0:
            seen[table] = seen.get(table, 0) + 1
            if seen[table] > TABLE_ROWS:
                continue
        keep.append(i)
        if len(keep) == CANDIDATES:
            break
    return rows[keep], sims[keep]


def _scaled(scores: np.ndarray) -> np.ndarray:
    high = float(scores.max()) if len(scores) else 0.0
    return scores / high if high > 0 else scores


def lexical_scores(
    gen: Generation, query: str, accented: bool, unit_weight: float, plain_weight: float
) -> tuple[np.ndarray, np.ndarray]:
    """BM25 of every passage row, blended with its unit's (title, headings, siblings).

    For a query with diacritics a passage's own part blends two fields: its words with their
    syllables (recall when pyvi splits the query differently from the passage) and its plain pyvi
    words, queried with every word as plain BM25 is (each compound counted once, so a query's
    one-syllable words are not drowned). A query typed without diacritics uses the folded field.

    Returns:
        (score, the part of it that the unit gives each of its passages).
    """
    if accented:
        words = word_tokens(query)
        field, tokens = "words", content_tokens(words)
        own = (1 - plain_weight) * _scaled(gen.lexical.scores(field, tokens))
        if plain_weight:
            own += plain_weight * _scaled(gen.lexical.scores("plain", pyvi_words(words)))
    else:
        field, tokens = "folded", content_tokens(folded_tokens(query), folded=True)
        own = _scaled(gen.lexical.scores(field, tokens))
    if not unit_weight:
        return own, np.zeros_like(own)
    shared = unit_weight * _scaled(gen.unit_lexical.scores(field, tokens))[gen.unit_of_row]
    return (1 - unit_weight) * own + shared, shared


def article_candidates(gen: Generation, query: str, weight: float, allowed: np.ndarray | None) -> Candidates:
    """Rows of short documents ranked by plain-word BM25 of their units, read whole.

    Short: one unit (an article given as a document), or short enough to be one
    (``Generation.unit_of_short_document``: an article's record that holds a "Điều" line of its
    own is cut there into two units, and both stay in this ranking). Scores are scaled by the best
    unit of the library, and the weight by the best short document's share of that, so that in a
    library of long documents a short one matching weakly does not get a full share. Every row
    carries its unit's score as shared evidence (credited once per unit,
    :func:`index.fusion.rank_by_unit`).
    """
    return _short_candidates(_short_document_scores(gen, query), weight, allowed)


def _short_document_scores(gen: Generation, query: str) -> np.ndarray:
    units = _scaled(gen.unit_lexical.scores("plain", pyvi_words(word_tokens(query))))
    return units[gen.unit_of_row] * gen.unit_of_short_document[gen.unit_of_row]


def _short_candidates(scores: np.ndarray, weight: float, allowed: np.ndarray | None) -> Candidates:
    rows = _top_rows(scores, CANDIDATES, allowed)
    top = float(scores[rows].max()) if len(rows) else 0.0
    return Candidates(rows, scores[rows], weight * top, scores[rows])


# A document number however its letters are cased ("80/2025/qđ-ubnd" as typed).
_ANY_CASE_NUMBER = re.compile(NUMBER_RE.pattern, re.IGNORECASE)
# What names the document before its number: "Theo Quyết định số", "của Kế hoạch", "Nghị quyết".
# The kinds as typed without diacritics too ("theo quyet dinh so").
_ANY_KIND = f"{KINDS_PATTERN}|{fold(KINDS_PATTERN)}"
_CITED_AS = re.compile(rf"(?:\b(?:theo|của|tại|cua|tai)\s+)?(?:\b(?:{_ANY_KIND})\s+)?(?:\b(?:số|so)\s*)?$", re.IGNORECASE)
# A document named by its kind and serial alone, as people say it: "Kế hoạch 230", "Thông tư
# 21/2025", "Quy định số 383", "quyet dinh 80".
_KIND_AND_SERIAL = re.compile(
    rf"\b(?P<kind>{_ANY_KIND})\s+(?:(?:số|so)\s*)?(?P<serial>\d{{1,5}})(?:/(?P<year>\d{{4}}))?(?![\w/.-])", re.IGNORECASE
)


# What asks about the texts that carry a document out, before its reference ("ban chỉ đạo thực
# hiện Nghị quyết 57", "kế hoạch triển khai Kết luận 212"), folded.
_CARRIED_OUT = re.compile(r"\b(?:thuc hien|trien khai|quan triet|cu the hoa|so ket|tong ket)\s*$")


def _carrying_out(gen: Generation, text: str, start: int, docs: list[str]) -> list[str]:
    """The documents a reference at ``start`` asks about: those whose titles cite ``docs`` when
    the words before it ask what carries them out (the province's decision "… thành lập Ban Chỉ
    đạo thực hiện Nghị quyết số 57-NQ/TW …" for "ai làm trưởng ban chỉ đạo thực hiện Nghị quyết
    57?"), else ``docs``: a question "theo Nghị quyết 57" asks about the resolution itself."""
    before = text[:start]
    if not _CARRIED_OUT.search(fold(before[: _CITED_AS.search(before).start()])):
        return docs
    citing = [d for doc in docs for d in gen.documents_citing.get(normalize_number(gen.documents[doc].number), [])]
    return citing or docs


def _references(gen: Generation, text: str) -> list[tuple[int, int, list[str]]]:
    """(start, end, documents) of each reference the query makes to documents of the library: a
    whole number ("80/2025/QĐ-UBND", any case, with or without diacritics), or a kind and serial ("Kế hoạch 230") that one
    document's number starts with and whose kind or title says that kind; or the documents
    carrying that one out, when the question asks about them (:func:`_carrying_out`)."""
    found = [(m.start(), m.end(), gen.documents_by_number.get(number_key(m.group(0)), []))
             for m in _ANY_CASE_NUMBER.finditer(text)]
    for m in _KIND_AND_SERIAL.finditer(text):
        kind = fold(m.group("kind"))
        prefix = f"{m.group('serial')}/{m.group('year')}/" if m.group("year") else None
        docs = [
            doc_id for doc_id in gen.documents_by_serial.get(m.group("serial"), [])
            if (prefix is None or normalize_number(gen.documents[doc_id].number).startswith(prefix.upper()))
            and (fold(gen.documents[doc_id].kind) == kind or kind in fold(gen.documents[doc_id].title))
        ]
        found.append((m.start("serial"), m.end(), docs))
    found = [(start, end, _carrying_out(gen, text, start, docs)) for start, end, docs in found if docs]
    return sorted(found)


# A year given after a law's name: "Bộ luật Dân sự 2015", "Luật Đất đai năm 2024".
_YEAR_AFTER = re.compile(r"\s*(?:năm\s+)?(\d{4})\b", re.IGNORECASE)


def _named_laws(gen: Generation, text: str) -> set[str]:
    """The laws the query names as people cite them ("Bộ luật Dân sự 2015 quy định …", "luat phong
    chong ma tuy"): at each place the longest name of the library found there, with every document
    under it (an article given as its own document is one of many). A year given after the name
    must be the title's, when the title has one."""
    words = list(re.finditer(r"\w+", text))
    folded = [fold(w.group()) for w in words]
    accented = has_diacritics(text)
    seen = [w.group().lower() for w in words] if accented else folded
    named: set[str] = set()
    i = 0
    while i < len(words) - 1:
        under = gen.documents_by_name.get((folded[i], folded[i + 1]), {})
        matching = [
            (name, year, docs) for (name, year), docs in under.items()
            if tuple(seen[i : i + len(name)]) == (name if accented else tuple(fold(w) for w in name))
        ]
        if not matching:
            i += 1
            continue
        longest = max(len(name) for name, _, _ in matching)
        given = _YEAR_AFTER.match(text, words[i + longest - 1].end())
        for name, year, docs in matching:
            if len(name) == longest and not (given and year and year != given.group(1)):
                named.update(docs)
        i += longest
    return named


_FOLDED_KIND = re.compile(rf"\b(?:{fold(KINDS_PATTERN)})\b")
# Title words a description needs, at the least, to name a document by them.
DESCRIBED_MIN_WORDS = 4


def _described(gen: Generation, text: str) -> list[tuple[int, int, list[str]]]:
    """(start, end, [document]) of each place the query describes a document by its kind and its
    title's words, as people cite a document whose number they do not know: "Kế hoạch quan trắc
    môi trường vùng nuôi thủy sản của Đắk Lắk …" for 0134/KH-UBND. The description runs from the
    kind over words of the title, each beside a word it stands beside in the title, one other word
    between two of them at most ("của"), and must hold ``DESCRIBED_MIN_WORDS`` title words more
    than any other document of that kind."""
    folded = fold(text)  # the same length as the normalized text: positions carry over
    if len(folded) != len(text):
        return []
    words = list(re.finditer(r"\w+", folded))
    found: list[tuple[int, int, list[str]]] = []
    for kind in _FOLDED_KIND.finditer(folded):
        if found and kind.start() < found[-1][1]:
            continue
        after = [w for w in words if w.start() >= kind.end()][:30]
        if not after or after[0].group().isdigit():  # "Kế hoạch 230": a reference by number
            continue
        spans = []
        for doc_id, pairs in gen.documents_by_kind.get(kind.group(), []):
            matched, end, gap = 0, 0, 0
            for n, w in enumerate(after):
                # A word of the title's, beside a neighbour it has there: "hòa giải viên" shares
                # syllables with "kiên cố hóa", "giai đoạn", "giáo viên", no pair.
                before = (after[n - 1].group(), w.group()) if n else None
                following = (w.group(), after[n + 1].group()) if n + 1 < len(after) else None
                if before in pairs or following in pairs:
                    matched, end, gap = matched + 1, w.end(), 0
                elif (gap := gap + 1) > 1:
                    break
            spans.append((matched, end, doc_id))
        spans.sort(reverse=True)
        if spans and spans[0][0] >= DESCRIBED_MIN_WORDS and (len(spans) == 1 or spans[1][0] < spans[0][0]):
            found.append((kind.start(), spans[0][1], [spans[0][2]]))
    return found


def cited_documents(gen: Generation, text: str) -> tuple[frozenset[str], str]:
    """The library's documents a query names ("Theo Quyết định số 80/2025/QĐ-UBND, …", "Kế hoạch
    230 …", "Bộ luật Dân sự 2015 …"), and the query without its references by number ("… được hiểu
    là gì?"): every passage of a named document shares them, so inside it they would only favour
    the passages that cite some decision. The text stays whole when nothing else is asked, and a
    law's name stays in it (taken out, it cost the ALQAC tuning questions 0.005 MRR@10:
    docs/search.md)."""
    named: set[str] = _named_laws(gen, text)
    kept, end = [], 0
    for start, stop, docs in sorted(_references(gen, text) + _described(gen, text)):
        named.update(docs)
        if start < end:
            continue
        before = text[end:start]
        kept.append(before[: _CITED_AS.search(before).start()])
        end = stop
    rest = re.sub(r"\s+", " ", " ".join([*kept, text[end:]])).strip(" ,;:-")
    return frozenset(named), rest if end and any(c.isalpha() for c in rest) else text


def _best(fused: Fused, gen: Generation, named: frozenset[str]) -> list[int]:
    """The rows of the ``READS`` best fused scores, best first: of the documents the question
    names when it names some (their passages come first, so they are the ones told apart)."""
    rows = [row for row in fused.scores if gen.passages[row].doc_id in named] if named else []
    return sorted(rows or fused.scores, key=fused.scores.__getitem__, reverse=True)[:READS]


def search(
    gen: Generation,
    query_vector: np.ndarray | None,
    text: str,
    extra_terms: list[str],
    *,
    filters: Filters,
    params: RankingParams = RankingParams(),
    mode: Mode = "hybrid",
    named: frozenset[str] = frozenset(),
    typed: str = "",
) -> list[SearchResult]:
    """Rank passages for an already-normalized query.

    Args:
        query_vector: The embedded query (the acronym-expanded text); None in "lexical" mode.
        extra_terms: Acronyms and expansions of the query's terms, added to the lexical query.
        filters: With ``k`` and ``per_doc_limit`` given (0: no limit per document).
        named: Documents the question names (:func:`cited_documents`): a question that
            cites a document asks about it, so its passages come first, in their order.
        typed: The question as typed without diacritics, when ``text`` is it with the diacritics
            restored (:mod:`index.accents`): the lexical side reads both (``typed_share``).

    The score is the fused score (see :mod:`index.fusion`) scaled so that a passage ranked first
    by every retriever scores about 1.0: it orders the results of one query, it is not an absolute
    relevance.
    """
    expanded = " ".join([text, *extra_terms])
    accented = has_diacritics(text)
    lexical: tuple[np.ndarray, np.ndarray] | None = None
    short: np.ndarray | None = None
    if mode in ("hybrid", "lexical"):
        plain = params.plain_weight if mode == "hybrid" else params.plain_weight_alone
        lexical = lexical_scores(gen, expanded, accented, params.unit_weight, plain)
        if typed:
            folded = lexical_scores(gen, " ".join([typed, *extra_terms]), False, params.unit_weight, plain)
            lexical = tuple((1 - params.typed_share) * own + params.typed_share * other
                            for own, other in zip(lexical, folded))
        if accented and (params.article_weight if mode == "hybrid" else params.article_weight_alone):
            short = _short_document_scores(gen, expanded)
    # The library's every score is computed once: a named document is searched within itself
    # with the same ones.
    scored = _Scored(query_vector, expanded, accented, lexical, short)
    results = _search_scored(gen, scored, text, filters, params, mode, named)
    if named:
        results = _with_named(gen, results, named, filters, lambda narrowed: _search_scored(
            gen, scored, text, narrowed, params, mode, frozenset()))
    return results


@dataclass(frozen=True)
class _Scored:
    """A query's scores over the whole library, before any filter."""

    query_vector: np.ndarray | None
    expanded: str  # the query with its acronyms' expansions
    accented: bool
    lexical: tuple[np.ndarray, np.ndarray] | None  # :func:`lexical_scores`
    short: np.ndarray | None  # :func:`_short_document_scores`


def _search_scored(
    gen: Generation,
    scored: _Scored,
    text: str,
    filters: Filters,
    params: RankingParams,
    mode: Mode,
    named: frozenset[str],
) -> list[SearchResult]:
    allowed = filters.allowed_rows(gen)
    if allowed is not None and len(allowed) == 0:
        return []
    expanded, accented = scored.expanded, scored.accented
    candidates: list[Candidates] = []
    if mode in ("hybrid", "dense") and scored.query_vector is not None:
        rows, sims = _dense_rows(gen, scored.query_vector, allowed)
        candidates.append(Candidates(rows.astype(np.int64), sims, params.dense_weight))
    if scored.lexical is not None:
        scores, shared = scored.lexical
        rows = _top_rows(scores, CANDIDATES, allowed)
        candidates.append(Candidates(rows, scores[rows], params.lexical_weight, shared[rows]))
    if scored.short is not None:
        weight = params.article_weight if mode == "hybrid" else params.article_weight_alone
        candidates.append(_short_candidates(scored.short, weight, allowed))
    headings = gen.body_of_heading
    if allowed is not None:  # a filtered-out text is not brought back by its heading
        kept = set(allowed.tolist())
        headings = {h: b for h, b in headings.items() if b in kept}
    fused = fuse(candidates, params)
    lifted_by = params.answer_lift_alone if mode == "lexical" else params.answer_lift
    shape = asked_shape(text) if lifted_by else None
    contrast = params.contrast if mode != "dense" else 0.0
    best = _best(fused, gen, named) if shape is not None or contrast else []
    if shape is not None:
        # A list item's lead ("… được chở tối đa hai người:") reaches it as its nearest heading.
        stating = [
            row for row in best
            if shape.held_by(gen.passages[row].text) or shape.held_by("\n".join(gen.passages[row].headings[-2:]))
        ]
        fused = lift(fused, stating, lifted_by)
    # A question asking for a quantity is answered by a candidate stating one: only those are told
    # apart by their words (the siblings that explain the subject share them as well).
    eligible = set(stating) if shape is not None else set(best)
    contrasted = 0.0  # the contrast's lift when some candidate got one: it scales the scores shown
    if contrast and eligible:
        texts = ["\n".join([*gen.passages[row].headings, gen.passages[row].text]) for row in best]
        found = contrast_scores(query_terms(expanded, not accented), texts, gen.document_frequency,
                                len(gen.passages), not accented)
        fractions = [contrast * v if row in eligible else 0.0 for row, v in zip(best, found)]
        fused = lift(fused, best, fractions)
        contrasted = contrast if any(fractions) else 0.0
    ranked = rank_by_unit(
        fused, gen.unit_of_row, gen.unit_is_document, headings, params.repeat_decay,
        params.repeat_keeps_own, params.dominant_ratio,
    )
    if named:
        ranked = sorted(ranked, key=lambda item: gen.passages[item[0]].doc_id not in named)
    scale = (best_possible(candidates, params) or 1.0) * (1.0 + lifted_by if shape else 1.0) * (1.0 + contrasted)
    terms = QueryTerms.of(syllables(expanded), folded=not accented)
    total = len(gen.passages)
    results: list[SearchResult] = []
    per_doc: dict[str, int] = {}
    for row, score in ranked:
        passage = gen.passages[row]
        if filters.per_doc_limit and per_doc.get(passage.doc_id, 0) >= filters.per_doc_limit:
            continue
        per_doc[passage.doc_id] = per_doc.get(passage.doc_id, 0) + 1
        doc = gen.documents[passage.doc_id]
        results.append(
            SearchResult(
                rank=len(results) + 1,
                key=passage.key,
                doc_id=passage.doc_id,
                doc_title=doc.title,
                doc_number=doc.number,
                section=passage.section,
                headings=passage.headings,
                citation=passage.citation,
                text=passage.text,
                score=round(score / scale, 4),
                best_sentence=best_sentence(passage.text, terms, gen.document_frequency, total),
                matched_terms=matched_phrases(passage.text, terms),
            )
        )
        if len(results) == filters.k:
            break
    return results


def _with_named(
    gen: Generation,
    results: list[SearchResult],
    named: frozenset[str],
    filters: Filters,
    search_in: Callable[[Filters], list[SearchResult]],
) -> list[SearchResult]:
    """The results with the named documents' passages first, ranked among themselves: a
    question that names a document asks about it, and its words may reach too few of its passages
    for them to be candidates. "Kết luận 212 do ai ký?" reads as "do ai ký?" once the reference is
    taken out, and other documents' "… kể từ ngày ký" were all it found; "Thông tư 05/2026/TT-BYT
    về trạm y tế xã bắt đầu áp dụng từ ngày nào?" found the circular's every passage on health
    stations, and not "Thông tư này có hiệu lực thi hành từ ngày …", which names none."""
    docs = [d for d in sorted(named) if not filters.doc_ids or d in filters.doc_ids]
    if not docs:
        return results
    own = search_in(replace(filters, doc_ids=docs))
    rest = [r for r in results if r.doc_id not in named]
    return [replace(r, rank=i + 1) for i, r in enumerate([*own, *rest][: filters.k])]
