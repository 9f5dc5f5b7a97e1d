"""Pytest fixtures for the loopback fakes (register via `pytest_plugins`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes import SAMPLES
from tests.fakes.arxiv_fake import ArxivFake
from tests.fakes.crossref_fake import CrossrefFake
from tests.fakes.model_world import ARXIV, CROSSREF


@pytest.fixture
def arxiv_fake() -> Iterator[ArxivFake]:
    """A started fake arXiv API; `.url` is `http://127.0.0.1:PORT/api/query`."""
    with ArxivFake() as fake:
        yield fake


@pytest.fixture
def crossref_fake() -> Iterator[CrossrefFake]:
    """A started fake Crossref API; `.url` is `http://127.0.0.1:PORT` (no trailing slash)."""
    with CrossrefFake() as fake:
        yield fake


@pytest.fixture
def samples_dir() -> Path:
    """The real recorded responses the fakes are modelled on."""
    return SAMPLES


@pytest.fixture
def world(arxiv_fake: ArxivFake, crossref_fake: CrossrefFake) -> tuple[ArxivFake, CrossrefFake]:
    """Both fakes loaded with the model list's papers (tests/fakes/model_world.py)."""
    arxiv_fake.add(*ARXIV)
    crossref_fake.add(*CROSSREF)
    return arxiv_fake, crossref_fake
