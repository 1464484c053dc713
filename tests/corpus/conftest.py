"""Fixtures for the corpus tests: the bundled default corpus, read once."""

from __future__ import annotations

from pathlib import Path

import pytest

import corpus
from corpus.document import Document
from corpus.read import load_documents

BUNDLED = Path(corpus.__file__).parent / "data" / "default"


@pytest.fixture(scope="session")
def bundled_dir() -> Path:
    """The folder of the bundled default corpus (two .txt files and MANIFEST.tsv)."""
    return BUNDLED


@pytest.fixture(scope="session")
def bundled() -> dict[str, Document]:
    """The two bundled documents by id, with their MANIFEST.tsv metadata."""
    result = load_documents([BUNDLED])
    assert result.skipped == []
    return {doc.id: doc for doc in result.documents}


@pytest.fixture(scope="session")
def plan(bundled: dict[str, Document]) -> Document:
    return bundled["kh-230-tu-2023-chuyende2"]


@pytest.fixture(scope="session")
def resolution(bundled: dict[str, Document]) -> Document:
    return bundled["nq-dh13-2021"]
