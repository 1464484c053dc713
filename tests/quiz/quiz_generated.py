"""Generated items over the bundled corpus, built once per library and shared by the quiz
generation and export tests (generation with validation takes tens of seconds), and libraries of
real documents for the tests of single documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from quiz.generate import Generated, Generator, Request

FORTY = Request(n=40, seed=1)
_generators: dict[int, Generator] = {}
_results: dict[tuple[int, Request], Generated] = {}


def generator_for(library: Any) -> Generator:
    """One generator per library (it caches embeddings and searches)."""
    if id(library) not in _generators:
        _generators[id(library)] = Generator(library)
    return _generators[id(library)]


def generated(library: Any, request: Request = FORTY) -> Generated:
    """The result of a request, generated once."""
    key = (id(library), request)
    if key not in _results:
        _results[key] = generator_for(library).generate(request)
    return _results[key]


REALDOCS = Path(__file__).resolve().parent.parent / "data" / "realdocs"


def each_alone(library: Any, doc_ids: tuple[str, ...], n: int = 20) -> dict[str, Generated]:
    """Each document asked alone for ``n`` items (seed 1), as ``sotay quiz generate --doc ID``."""
    return {doc: generated(library, Request(n=n, seed=1, doc_ids=(doc,))) for doc in doc_ids}


_libraries: dict[frozenset[str], Any] = {}


def realdocs_library(folder: Path, settings: Any, embedder: Any, names: tuple[str, ...]) -> Any:
    """A library holding the named documents of tests/data/realdocs, sharing the session's model.

    Test modules asking for the same documents share one library (built in the first one's
    ``folder``), and with it the items generated from it: indexing and generating each take
    seconds per document. Tests must not change it: use ``fresh_library`` for that."""
    from index.library import Library
    from index.settings import Settings

    key = frozenset(names)
    if key not in _libraries:
        lib = Library(Settings.load(data_dir=str(folder), model_cache_dir=settings.model_cache_dir), embedder=embedder)
        lib.add_paths([REALDOCS / f"{name}.md" for name in names])
        _libraries[key] = lib
    return _libraries[key]


def check_enough(library: Any, per_doc: dict[str, Generated], floor: dict[str, int]) -> None:
    """Each document asked alone gave at least its floor of items, each passing every check and
    quoting its document."""
    validator = generator_for(library).validator
    for doc, result in per_doc.items():
        assert len(result.items) >= floor[doc], (doc, len(result.items), result.rejected)
        for item in result.items:
            assert validator.check(item) == [], (item.id, item.stem)
            assert item.source_text in library.document_text(doc)
