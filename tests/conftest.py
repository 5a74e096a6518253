"""Shared test fixtures: where the shared corpus is, and helpers to read it.

Tests that use ``../shared/corpus`` skip cleanly when it is absent (set ``CABLEDB_SHARED`` to point elsewhere).
"""

from __future__ import annotations

import os
import tarfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CABLEDB_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"
HTML_ARCHIVE = CORPUS / "cablegate-html-dev.tar.xz"
CSV_SAMPLE = CORPUS / "cables-sample.csv"
SEED_TEXT = CORPUS / "text" / "07BAKU1515.txt"


def need(path: Path) -> Path:
    """Skip the test when a shared corpus file is absent."""
    if not path.exists():
        pytest.skip(f"shared corpus file {path} is absent")
    return path


@cache
def html_pages() -> list[tuple[str, str]]:
    """All (member name, page text) of the shared HTML archive, read once per test session."""
    pages: list[tuple[str, str]] = []
    with tarfile.open(need(HTML_ARCHIVE), "r:xz") as tar:
        for member in tar:
            if member.isfile():
                fh = tar.extractfile(member)
                assert fh is not None
                pages.append((member.name, fh.read().decode("utf-8")))
    return pages


@pytest.fixture(scope="session")
def corpus_pages() -> Iterator[list[tuple[str, str]]]:
    need(HTML_ARCHIVE)
    yield html_pages()
