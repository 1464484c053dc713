"""One text normalization for documents and queries.

Everything that is indexed or compared goes through :func:`normalize`; the original text is
kept for display. Bump :data:`NORMALIZATION_VERSION` whenever the output of any function here
changes, so that indexes built with the old rules are refused instead of silently mismatching.
"""

from __future__ import annotations

import functools
import re
import unicodedata

NORMALIZATION_VERSION = "1"

# Look-alike letters seen in real documents: Icelandic eth and African D instead of Vietnamese Đ.
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111", "\u0189": "\u0110"})
_QUOTES_DASHES = str.maketrans(
    {
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
        "\u2212": "-", "\u00ad": None, "\u200b": None, "\ufeff": None, "\u200c": None, "\u200d": None,
    }
)
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_RUNS = re.compile(r" *\n *")
_ALL_SPACE = re.compile(r"\s+")

# Combining tone marks (grave, acute, tilde, hook above, dot below). Circumflex, breve and horn
# are part of the letter and stay put.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
# Old-style placement puts the tone on the second vowel of an open "oa"/"oe"/"uy" syllable
# (hoá, khoẻ, uỷ); the style this project normalizes to puts it on the first (hóa, khỏe, ủy).
# After "q" the "u" belongs to the onset ("quý"), so those syllables are already right.
_BARE_O_U = frozenset("oOuU")
_OLD_STYLE = re.compile(r"^((?:[bcdfghklmnprstvxđ]|gi|ngh|ng|nh|ch|gh|kh|ph|th|tr)?)(o[aăe]|uy)$")


# Cached: a text has a few thousand distinct syllables, normalized over and over (documents are
# normalized at reading, segmenting and indexing).
@functools.lru_cache(maxsize=1 << 16)
def _retone_word(word: str) -> str:
    # Cheap reject first: old-style syllables have a bare o/u and are at most "nghoa"-long.
    if len(word) > 6 or not _BARE_O_U.intersection(word):
        return word
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in _TONES]
    if len(tones) != 1:
        return word
    bare = "".join(c for c in decomposed if c not in _TONES)
    base = unicodedata.normalize("NFC", bare)
    match = _OLD_STYLE.match(base.lower())
    if not match or base.lower().startswith("q"):
        return word
    # Where the tone currently sits, counted in letters of the composed bare word.
    letter_index = -1
    for ch in decomposed:
        if ch in _TONES:
            break
        if not unicodedata.combining(ch):
            letter_index += 1
    first_vowel = len(match.group(1))
    if letter_index == first_vowel:
        return word
    letters = list(base)
    letters[first_vowel] = unicodedata.normalize("NFC", letters[first_vowel] + tones[0])
    return "".join(letters)


# The words _retone_word can change: a bare o/u right before a toned a, ă, e or y (composed, as
# after NFC). Matching only these keeps the per-word Python call off the other words.
_TONED_AFTER_O_U = "".join(unicodedata.normalize("NFC", v + t) for v in "aăeyAĂEY" for t in _TONES)
_OLD_STYLE_WORD = re.compile(rf"[^\W\d_]*[oOuU][{_TONED_AFTER_O_U}][^\W\d_]*")


def unify_tone_marks(text: str) -> str:
    """Move tones of open oa/oe/uy syllables to the first vowel: ``hoá`` → ``hóa``, ``uỷ`` → ``ủy``."""
    return _OLD_STYLE_WORD.sub(lambda m: _retone_word(m.group(0)), text)


def normalize(text: str, *, keep_newlines: bool = False) -> str:
    """Normalize text for indexing and comparison.

    NFC, look-alike letters (Ð → Đ), one tone-mark placement, straight quotes and ASCII dashes,
    invisible characters dropped, whitespace collapsed. Case and diacritics are kept.

    Args:
        text: Any text, in any Unicode normalization form.
        keep_newlines: Keep line breaks (collapsing the spaces around them); segmentation needs
            the lines, indexing does not.
    """
    text = unicodedata.normalize("NFC", text).translate(_LOOKALIKES).translate(_QUOTES_DASHES)
    text = unify_tone_marks(text)
    if keep_newlines:
        text = _BLANK_RUNS.sub("\n", _SPACES.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n")))
        return text.strip()
    return _ALL_SPACE.sub(" ", text).strip()


def fold(text: str, *, normalized: bool = False) -> str:
    """Lowercase and strip every diacritic (đ → d): how users type without diacritics (không dấu).

    Args:
        normalized: The text is NFC already (a stored passage): :func:`normalize` is skipped, the
            costly step when a search folds hundreds of candidates.
    """
    text = (text if normalized else normalize(text)).lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_VIETNAMESE_MARKED = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE
)


def has_diacritics(text: str) -> bool:
    """True when the text carries any Vietnamese diacritic (so it was not typed không dấu)."""
    return bool(_VIETNAMESE_MARKED.search(normalize(text)))
