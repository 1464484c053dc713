"""A bidirectional acronym dictionary (HTCT ↔ hệ thống chính trị) used at query time.

Seeded from three places, later ones adding to earlier ones: the shipped ``data/acronyms.tsv``,
definitions the documents give themselves ("phương thức lãnh đạo (PTLĐ)"), and a user-editable
TSV (the ``acronyms_file`` setting, and ``acronyms.tsv`` in the data directory).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from corpus.normalize import fold, normalize

_ACRONYM = r"[A-ZĐ][A-ZĐ0-9]*(?:[-–][A-ZĐ0-9]+)*"
# "phương thức lãnh đạo (PTLĐ)", and the drafting form "Cổng thông tin điện tử (sau đây viết tắt
# là Cổng TTĐT)": the words around the acronym inside the brackets repeat those around its
# expansion before them.
_DEFINITION = re.compile(
    rf"\((?:(?:sau đây )?(?:gọi|viết) tắt là (?P<lead>(?:[^\W\d_]+ )*?))?(?P<acronym>{_ACRONYM})"
    r"(?P<trail>(?: [^\W\d_]+)*)\)"
)
_WORD = re.compile(r"[^\W\d_]+")
# Any run that could be an acronym; only those in the dictionary are written out. Lowercase runs
# count too ("htct" typed in a hurry), but only from three letters: shorter ones are real words.
_ACRONYM_TOKEN = re.compile(r"(?<![\w/-])(\w+(?:-\w+)*)(?![\w/-])")


def _initials(acronym: str) -> str:
    return acronym.replace("-", "").replace("–", "")


def find_definitions(text: str) -> list[tuple[str, str]]:
    """Acronyms a text defines inline: the shortest run of words before "(ACR)" whose initials spell it."""
    text = normalize(text)
    found: list[tuple[str, str]] = []
    for match in _DEFINITION.finditer(text):
        acronym = match.group("acronym")
        letters = _initials(acronym)
        if len(letters) < 2 or (match.group("trail") and match.group("lead") is None):
            continue
        words = list(_WORD.finditer(text[: match.start()]))
        n, skip = len(letters), len(match.group("trail").split())
        if len(words) < n + skip:
            continue
        run = words[len(words) - n - skip : len(words) - skip]
        # A word's initial without its tone or vowel mark ("Ủy" → U); Đ has no decomposition.
        if "".join(unicodedata.normalize("NFD", w.group(0)[0])[0].upper() for w in run) == letters:
            phrase = text[run[0].start() : run[-1].end()]
            found.append((acronym, phrase))
    return found


class AcronymDictionary:
    """Acronym ↔ expansion pairs, matched case-sensitively for acronyms and folded for phrases."""

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        self._expansions: dict[str, list[str]] = {}
        self._acronym_of: dict[str, str] = {}
        for acronym, expansion in pairs:
            self.add(acronym, expansion)

    def add(self, acronym: str, expansion: str) -> None:
        acronym, expansion = normalize(acronym), normalize(expansion)
        if not acronym or not expansion:
            return
        known = self._expansions.setdefault(acronym, [])
        if all(fold(e) != fold(expansion) for e in known):
            known.append(expansion)
        self._acronym_of.setdefault(fold(expansion), acronym)

    def items(self) -> list[tuple[str, str]]:
        """Every (acronym, expansion) pair, in the order they were added."""
        return [(a, e) for a, exps in self._expansions.items() for e in exps]

    def expansions(self, acronym: str) -> list[str]:
        return list(self._expansions.get(normalize(acronym), []))

    def acronym_of(self, phrase: str) -> str | None:
        return self._acronym_of.get(fold(phrase))

    def expand_query(self, query: str) -> tuple[str, list[str]]:
        """The query with each acronym written out, and the extra terms both ways.

        Returns:
            A text for the dense model ("... hệ thống chính trị (HTCT) ...") and a list of terms to
            add to the lexical query (expansions of acronyms found, acronyms of phrases found).
        """
        query = normalize(query)
        extra: list[str] = []

        def write_out(match: re.Match[str]) -> str:
            acronym = match.group(1)
            if acronym.islower() and len(_initials(acronym)) >= 3:
                acronym = acronym.upper()
            expansions = self._expansions.get(acronym)
            if not expansions:
                return match.group(1)
            extra.extend(expansions)
            return f"{expansions[0]} ({acronym})"

        dense_text = _ACRONYM_TOKEN.sub(write_out, query)
        folded = f" {fold(query)} "
        for phrase, acronym in self._acronym_of.items():
            # Two-letter acronyms (NQ, TW, KL) stand for everyday words: adding them is noise.
            if len(_initials(acronym)) >= 3 and f" {phrase} " in folded and acronym not in extra:
                extra.append(acronym)
        return dense_text, extra


def load_tsv(path: Path) -> list[tuple[str, str]]:
    """Pairs from a TSV with columns ``acronym``, ``expansion`` (a header row is optional)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.reader(handle, delimiter="\t") if len(r) >= 2 and not r[0].startswith("#")]
    if rows and rows[0][0].strip().lower() == "acronym":
        rows = rows[1:]
    return [(r[0].strip(), r[1].strip()) for r in rows]


def shipped_pairs() -> list[tuple[str, str]]:
    with resources.as_file(resources.files("index") / "data" / "acronyms.tsv") as path:
        return load_tsv(path)


def build_dictionary(texts: Iterable[str], user_files: Iterable[Path] = ()) -> AcronymDictionary:
    """The dictionary for a library: shipped pairs, the documents' own definitions, user files."""
    dictionary = AcronymDictionary(shipped_pairs())
    for text in texts:
        for acronym, expansion in find_definitions(text):
            dictionary.add(acronym, expansion)
    for path in user_files:
        if path.is_file():
            for acronym, expansion in load_tsv(path):
                dictionary.add(acronym, expansion)
    return dictionary
