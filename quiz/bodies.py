"""Bodies of one level of the political system (``data/bodies.tsv``): the ministries, a
province's departments, the Party committees and boards under the Central Committee.

A document tasks a few bodies; when the library names fewer than three others of a key's level,
a question on who is responsible had no options ("Giao Đảng ủy Quốc hội lãnh đạo …" in a
Kết luận naming one other Party committee). Its peers from this list are real alternatives of
the same level, which a trainer would offer.
"""

from __future__ import annotations

import functools
from pathlib import Path

from corpus.normalize import unify_tone_marks
from quiz.terms import words_key

_FILE = Path(__file__).resolve().parent / "data" / "bodies.tsv"
# Groups whose heads repeat at other levels ("Ban Tổ chức" of the Centre or of a province) are
# joined only by a name that says which level.
_SCOPE = {"tw": " trung uong ", "tinh": " tinh uy "}
# Names that open on a group's head word but are of another kind: the Politburo and military
# commands are no ministries.
_OTHER_KINDS = (" bo chinh tri ", " bo tu lenh ", " bo chi huy ")


@functools.cache
def _groups() -> dict[str, tuple[str, ...]]:
    groups: dict[str, list[str]] = {}
    for line in _FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            group, name = line.split("\t")
            groups.setdefault(group, []).append(name)
    return {group: tuple(names) for group, names in groups.items()}


def _head(names: tuple[str, ...]) -> str:
    """The folded words every name of a group opens with ("dang uy", "bo")."""
    split = [words_key(n).split() for n in names]
    common = []
    for words in zip(*split):
        if len(set(words)) > 1:
            break
        common.append(words[0])
    return " ".join(common)


def peers(body: str) -> list[str]:
    """The bodies of ``body``'s group other than itself (also when ``body`` adds where it is: "Sở
    Tài chính tỉnh Nghệ An"), or ``[]`` when it belongs to none; written with ``body``'s tone
    marks ("Đảng uỷ" beside "Đảng uỷ Quốc hội"), so that the key's spelling does not stand out."""
    key = f" {words_key(body)} "
    for group, names in _groups().items():
        member = any(f" {words_key(n)} " == key for n in names)
        scope = _SCOPE.get(group.rsplit("-", 1)[-1]) if "-" in group else None
        level = (key.startswith(f" {_head(names)} ") and (scope is None or scope in key)
                 and not key.startswith(_OTHER_KINDS))
        if member or level:
            style = {unify_tone_marks(w): w for w in body.split()}
            return [" ".join(style.get(w, w) for w in n.split()) for n in names if not key.startswith(f" {words_key(n)} ")]
    return []
