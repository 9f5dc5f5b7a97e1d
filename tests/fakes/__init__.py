"""Loopback fakes of the arXiv API and the Crossref REST API, for tests."""

from pathlib import Path

SAMPLES = Path(__file__).parent / "samples"
