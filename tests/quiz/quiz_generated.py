"""Generated items over the bundled corpus, built once per library and shared by the quiz
generation and export tests (generation with validation takes tens of seconds)."""

from __future__ import annotations

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
