"""What is new between two documents: passages aligned by heading and meaning, changes word by word.

Passages of the old and the new document are paired: identical text first (item numbers aside, so
a renumbered item is unchanged), then the best remaining pairs by a score mixing the model's
cosine similarity and the share of words in common, with a bonus for the same section path. A
pair whose wording differs is ``changed`` (with a word-level diff); an old passage left alone is
``dropped``, a new one ``new``. Each entry cites the passage on its side(s).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np

from corpus.normalize import normalize
from index.records import PassageRecord

ChangeKind = Literal["new", "dropped", "changed"]
# A pair below both of these is two different passages. Measured on tests/data/versions with the
# int8 e5 model: unrelated items of one article reach cosine 0.954 (0.32 of words shared at
# most), reworded ones 0.971-0.989 (0.46-0.71 shared); see docs/relations.md.
MIN_COSINE = 0.965
MIN_WORDS_SHARED = 0.5
_TOKEN = re.compile(r"(\s*)(\w+|[^\w\s])")
_ITEM_NUMBER = re.compile(r"^\s*(?:\(?\d+(?:\.\d+)*[.)]|[a-zđ]\)|[-+•])\s*")


@dataclass(frozen=True)
class WordOp:
    """One step of a word-level diff: ``equal``, ``insert`` (new words) or ``delete`` (dropped).

    ``text`` starts with the spaces that stood before it: the ops of one side, joined, are its text.
    """

    op: Literal["equal", "insert", "delete"]
    text: str


@dataclass(frozen=True)
class Change:
    """A difference between the two documents, with each side cited."""

    kind: ChangeKind
    section: str
    old_key: str = ""
    new_key: str = ""
    old_citation: str = ""
    new_citation: str = ""
    old_text: str = ""
    new_text: str = ""
    words: tuple[WordOp, ...] = ()
    headings: tuple[str, ...] = ()

    @property
    def place(self) -> str:
        """Where it stands, for a reader: the section and the innermost heading it does not open with."""
        section = self.section or "phần mở đầu"
        body = _body(self.new_text or self.old_text)
        heading = next((h for h in reversed(self.headings) if not body.startswith(_body(h).rstrip("…. :"))), "")
        return f"{section} — {heading}" if heading else section


@dataclass(frozen=True)
class Comparison:
    """The differences from ``old_id`` to ``new_id``, in the new document's order."""

    old_id: str
    new_id: str
    changes: tuple[Change, ...]
    unchanged: int

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for change, row in zip(self.changes, data["changes"]):
            row["place"] = change.place
        data["summary"] = {kind: sum(c.kind == kind for c in self.changes) for kind in ("new", "dropped", "changed")}
        data["summary"]["unchanged"] = self.unchanged
        return data


def _body(text: str) -> str:
    return normalize(_ITEM_NUMBER.sub("", text))


def _words(text: str) -> list[str]:
    return normalize(text).split()


def _tokens(text: str) -> list[tuple[str, str]]:
    """Words and punctuation marks of ``text``, each with the spaces before it."""
    return [(m.group(1), m.group(2)) for m in _TOKEN.finditer(normalize(text))]


def word_diff(old: str, new: str) -> tuple[WordOp, ...]:
    """The word-by-word changes from ``old`` to ``new`` (a replacement is a delete and an insert).

    Punctuation counts as a word of its own ("tuổi." → "tuổi, chạy ..." inserts ", chạy ...",
    not a new "tuổi,"); each op keeps the spaces before it, so the ops joined give the texts back.
    """
    a, b = _tokens(old), _tokens(new)
    ops: list[WordOp] = []

    def text(tokens: list[tuple[str, str]]) -> str:
        return "".join(space + token for space, token in tokens)

    matcher = difflib.SequenceMatcher(a=[t for _, t in a], b=[t for _, t in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(WordOp("equal", text(b[j1:j2])))
            continue
        if i2 > i1:
            ops.append(WordOp("delete", text(a[i1:i2])))
        if j2 > j1:
            ops.append(WordOp("insert", text(b[j1:j2])))
    return tuple(ops)


def _shared(a: str, b: str) -> float:
    """The share of words two texts have in common, item numbers aside (difflib's ratio)."""
    return difflib.SequenceMatcher(a=_words(_body(a)), b=_words(_body(b)), autojunk=False).ratio()


def _shared_bound(old_words: list[list[str]], new_words: list[list[str]]) -> np.ndarray:
    """An upper bound of :func:`_shared` for every (new, old) pair at once, so that most pairs of
    two long documents are ruled out without comparing them.

    difflib's ratio is at most 2·C/(a+b), C the words in common counted with multiplicity:
    Σ_w min(count_a, count_b) = Σ_k |{w: count_a ≥ k} ∩ {w: count_b ≥ k}|, one matrix product per
    level k; past level 3 the product of the excess counts bounds the rest. Only words found on
    both sides can be in common.
    """
    on_both = {w for words in old_words for w in words} & {w for words in new_words for w in words}
    vocabulary = {word: n for n, word in enumerate(sorted(on_both))}

    def counts(sides: list[list[str]]) -> np.ndarray:
        matrix = np.zeros((len(sides), max(len(vocabulary), 1)), dtype=np.float32)
        for row, words in enumerate(sides):
            for word in words:
                if word in vocabulary:
                    matrix[row, vocabulary[word]] += 1
        return matrix

    new_counts, old_counts = counts(new_words), counts(old_words)
    common = np.zeros((len(new_words), len(old_words)), dtype=np.float32)
    for level in (1, 2, 3):
        common += (new_counts >= level).astype(np.float32) @ (old_counts >= level).astype(np.float32).T
    common += np.maximum(new_counts - 3, 0) @ np.maximum(old_counts - 3, 0).T
    lengths = np.asarray([len(w) for w in new_words], dtype=np.float32)[:, None] + np.asarray(
        [len(w) for w in old_words], dtype=np.float32
    )[None, :]
    return 2 * common / np.maximum(lengths, 1)


def compare_passages(
    old_id: str,
    old: list[PassageRecord],
    new_id: str,
    new: list[PassageRecord],
    old_vectors: np.ndarray,
    new_vectors: np.ndarray,
) -> Comparison:
    """Align two documents' passages and list what is new, dropped and changed.

    Args:
        old, new: Each document's passages in order.
        old_vectors, new_vectors: Their normalized embeddings, row for row.
    """
    pairs: dict[int, int] = {}
    free_old = set(range(len(old)))
    by_body: dict[str, list[int]] = {}
    for i, passage in enumerate(old):
        by_body.setdefault(_body(passage.text), []).append(i)
    for j, passage in enumerate(new):
        candidates = [i for i in by_body.get(_body(passage.text), []) if i in free_old]
        if candidates:
            pairs[j] = candidates[0]
            free_old.discard(candidates[0])
    unchanged = len(pairs)
    cosine = new_vectors @ old_vectors.T if len(old) and len(new) else np.zeros((len(new), len(old)))
    # Only the passages left after the identical ones are paired by score.
    rows = [j for j in range(len(new)) if j not in pairs]
    columns = sorted(free_old)
    old_words = {i: _words(_body(old[i].text)) for i in columns}
    new_words = {j: _words(_body(new[j].text)) for j in rows}
    bound = _shared_bound([old_words[i] for i in columns], [new_words[j] for j in rows])
    scored = []
    for r, j in enumerate(rows):
        matcher = difflib.SequenceMatcher(b=new_words[j], autojunk=False)
        for c, i in enumerate(columns):
            if cosine[j, i] < MIN_COSINE and bound[r, c] < MIN_WORDS_SHARED:
                continue
            matcher.set_seq1(old_words[i])
            shared = matcher.ratio()
            if cosine[j, i] < MIN_COSINE and shared < MIN_WORDS_SHARED:
                continue
            same_place = 0.1 if old[i].section and old[i].section == new[j].section else 0.0
            scored.append((float(cosine[j, i]) + shared + same_place, j, i))
    changed: dict[int, int] = {}
    for _score, j, i in sorted(scored, reverse=True):
        if j in pairs or j in changed or i not in free_old:
            continue
        changed[j] = i
        free_old.discard(i)
    changes: list[Change] = []
    dropped = sorted(free_old)
    for j, passage in enumerate(new):
        # Dropped passages are listed where they stood: before the first new passage after them.
        while dropped and _old_position(dropped[0], pairs, changed) <= j:
            changes.append(_dropped(old[dropped.pop(0)]))
        if j in changed:
            before = old[changed[j]]
            changes.append(Change(
                "changed", passage.section, before.key, passage.key, before.citation, passage.citation,
                before.text, passage.text, word_diff(before.text, passage.text), passage.headings,
            ))
        elif j not in pairs:
            changes.append(Change("new", passage.section, new_key=passage.key, new_citation=passage.citation,
                                  new_text=passage.text, headings=passage.headings))
    changes += [_dropped(old[i]) for i in dropped]
    return Comparison(old_id, new_id, tuple(changes), unchanged)


def _dropped(passage: PassageRecord) -> Change:
    return Change("dropped", passage.section, old_key=passage.key, old_citation=passage.citation, old_text=passage.text,
                  headings=passage.headings)


def _old_position(i: int, pairs: dict[int, int], changed: dict[int, int]) -> int:
    """The new-side position after which old passage ``i`` belongs: that of the next old passage kept."""
    later = [j for j, o in (*pairs.items(), *changed.items()) if o > i]
    return min(later) if later else 1 << 30


def compare_documents(library: Any, old_id: str, new_id: str) -> Comparison:
    """Compare two documents of a :class:`~index.library.Library` with the vectors it indexed them with.

    Raises:
        UnknownDocument: Either id is not in the library.
    """
    old, new = library.passages(old_id), library.passages(new_id)
    old_vectors, new_vectors = library.passage_vectors(old_id), library.passage_vectors(new_id)
    return compare_passages(old_id, old, new_id, new, old_vectors, new_vectors)


def suggest_pairs(library: Any) -> list[tuple[str, str, str]]:
    """Pairs worth comparing, (old id, new id, why): a document and the one that replaces or
    amends it, then documents of the same kind whose titles share most words."""
    pairs: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for doc in library.documents():
        for link in library.links(doc.id):
            if link.type in ("replaces", "amends") and link.target_id and (link.target_id, doc.id) not in seen:
                seen.add((link.target_id, doc.id))
                pairs.append((link.target_id, doc.id, link.type))
    documents = library.documents()
    for n, a in enumerate(documents):
        for b in documents[n + 1 :]:
            if a.kind and a.kind == b.kind and (a.id, b.id) not in seen and (b.id, a.id) not in seen:
                if a.title and b.title and _shared(a.title, b.title) >= 0.8:
                    older, newer = sorted((a, b), key=lambda d: d.date or "")
                    pairs.append((older.id, newer.id, "same_kind_subject"))
    return pairs
