"""Stored arXiv records read back through a checking mapper: what an older version stored
with a poison value is a problem naming the field, never an exception."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from harvester.values.evidence import ArxivRecord, arxiv_record_from_json

RECORD = ArxivRecord(
    arxiv_id="2401.10637", version=1, published_at="2024-01-19T17:59:46Z",
    updated_at="2024-01-20T08:00:00Z", title="Towards Universal Unsupervised Anomaly Detection",
    authors=("Cosmin I. Bercea", "Benedikt Wiestler"), doi="10.1000/a.1", journal_ref=None,
    dois=("10.1000/a.1", "10.1000/b.2"),
)  # fmt: skip
STORED: dict[str, Any] = json.loads(RECORD.to_json())


def _read(**changes: Any) -> tuple[ArxivRecord | None, str | None]:
    data = {k: v for k, v in {**STORED, **changes}.items() if v is not ...}
    return arxiv_record_from_json(json.dumps(data), 2027)


def test_a_stored_record_reads_back_as_it_was() -> None:
    """to_json, then the checking mapper: the same record."""
    assert arxiv_record_from_json(RECORD.to_json(), 2027) == (RECORD, None)


def test_a_record_stored_before_several_dois_reads_back() -> None:
    """No `dois` key (older versions): no DOIs beyond `doi`."""
    record, problem = _read(dois=...)
    assert problem is None and record == replace(RECORD, dois=())
    assert record.declared_dois == ("10.1000/a.1",)


def test_a_timestamp_with_an_offset_is_read_in_utc() -> None:
    """The submission date is the UTC day, whatever offset was stored."""
    record, _ = _read(published_at="2024-01-19T23:30:00-05:00")
    assert record is not None and record.published_at == "2024-01-20T04:30:00Z"
    assert record.submitted_on == "2024-01-20"


@pytest.mark.parametrize(
    ("changes", "problem"),
    [({"published_at": "9999-12-31T00:00:00Z"},
      "arXiv record 2401.10637: <published> '9999-12-31T00:00:00Z' is not a date: the year is"
      " not between 1900 and 2027"),
     ({"published_at": "1899-12-31T23:59:59Z"},
      "arXiv record 2401.10637: <published> '1899-12-31T23:59:59Z' is not a date: the year is"
      " not between 1900 and 2027"),
     ({"published_at": "2028-01-01T00:00:00Z"},
      "arXiv record 2401.10637: <published> '2028-01-01T00:00:00Z' is not a date: the year is"
      " not between 1900 and 2027"),
     ({"published_at": 10**30},
      "arXiv record 2401.10637: <published> <a 31-digit number> is not a date: it is not a"
      " timestamp"),
     ({"published_at": ...}, "arXiv record 2401.10637: <published> None is not a date: it is"
      " missing"),
     ({"updated_at": "9999-12-31T23:00:00-05:00"},
      "arXiv record 2401.10637: <updated> '9999-12-31T23:00:00-05:00' is not a date: the year"
      " is not between 1900 and 2027"),
     ({"arxiv_id": "2401.1063"}, "the stored arXiv record has no readable ID: '2401.1063'"),
     ({"arxiv_id": ["2401.10637"]}, "the stored arXiv record has no readable ID: ['2401.10637']"),
     ({"arxiv_id": ...}, "the stored arXiv record has no readable ID: None")],
)  # fmt: skip
def test_poison_in_the_id_or_a_timestamp_is_a_problem_naming_it(
    changes: dict[str, Any], problem: str
) -> None:
    """A submission date no paper has is no record (it used to be taken as the date)."""
    assert _read(**changes) == (None, problem)


@pytest.mark.parametrize("text", ["", "not json", "[1, 2]", "null", "[" * 100_000, "1" * 5000])
def test_a_stored_record_that_is_no_json_object_is_a_problem(text: str) -> None:
    """Not JSON at all, too deep for the decoder, a number too long to read, or no object."""
    record, problem = arxiv_record_from_json(text, 2027)
    assert record is None and problem and "stored arXiv record" in problem


def test_junk_in_the_other_fields_counts_as_absent() -> None:
    """Title, authors, DOIs, journal reference and version of the wrong shape are dropped:
    the dates and the ID still decide."""
    record, problem = _read(
        title=42, authors="A. Author", doi=["10.1000/a.1"], dois=[1, "10.1000/b.2", "junk"],
        journal_ref={"x": 1}, version=True,
    )  # fmt: skip
    assert problem is None and record is not None
    assert (record.title, record.authors, record.doi, record.dois) == (
        "",
        (),
        None,
        ("10.1000/b.2",),
    )
    assert (record.journal_ref, record.version, record.submitted_on) == (None, None, "2024-01-19")


def test_blank_author_names_stored_by_an_older_version_are_dropped() -> None:
    """An empty name (stored before blank names were dropped) is no author."""
    record, _ = _read(authors=["", " ", "Cosmin  I. Bercea", 7])
    assert record is not None and record.authors == ("Cosmin I. Bercea",)
