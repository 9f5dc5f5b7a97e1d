"""Fixtures of the fakes' own tests."""

from __future__ import annotations

from collections.abc import Iterator

import arxiv
import pytest

from tests.fakes.arxiv_fake import ArxivFake


@pytest.fixture
def client(arxiv_fake: ArxivFake) -> Iterator[arxiv.Client]:
    """A real arxiv.Client pointed at the fake, no retries, no delay."""
    c = arxiv.Client(num_retries=0, delay_seconds=0)
    c.query_url_format = arxiv_fake.query_url_format
    yield c
    c._session.close()
