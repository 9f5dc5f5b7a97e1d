"""The mappers over arbitrary replies (hypothesis): any JSON as a Crossref work, any Atom or
bytes as an arXiv feed, any stored record JSON; never an exception, and every date a
mapped record carries is a calendar day between 1900 and the year after the reply."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from hypothesis import given, settings
from hypothesis import strategies as st

from harvester.rule.online_date import online_date
from harvester.upstream.arxiv import records_from_feed
from harvester.upstream.crossref_works import work_from_json
from harvester.values.checks import EARLIEST_YEAR
from harvester.values.evidence import ArxivRecord, CrossrefWork, arxiv_record_from_json
from harvester.values.ids import split_arxiv_id
from tests.fakes.crossref_works import load_work
from tests.upstream.strategies import (
    DATE_PARTS,
    FIRST_ONLINE,
    IDS,
    JSON,
    LATEST,
    STAMPS,
    TIMES,
    XML_TEXT,
    mostly,
)

SAMPLES = sorted((Path(__file__).parents[1] / "fakes" / "samples" / "crossref").glob("*.json"))
WORKS = [load_work(p) for p in SAMPLES]
#: A field of a real work replaced by something near what Crossref sends, or by junk.
FIELD_VALUES: dict[str, Any] = {
    "published-online": st.fixed_dictionaries({"date-parts": DATE_PARTS}) | JSON,
    "published-print": st.fixed_dictionaries({"date-parts": DATE_PARTS}) | JSON,
    "created": st.fixed_dictionaries({"date-parts": DATE_PARTS, "date-time": STAMPS}) | JSON,
    "assertion": st.lists(
        st.fixed_dictionaries({"name": st.just("first_online"), "value": FIRST_ONLINE | JSON}),
        max_size=2,
    ) | JSON,
    "DOI": JSON,
    "type": JSON | st.sampled_from(["journal-article", "book-chapter", "posted-content"]),
}  # fmt: skip
REPLACEABLE = [
    "title", "container-title", "author", "relation", "subtype", "subtitle", "update-to",
    *FIELD_VALUES,
]  # fmt: skip


@st.composite
def near_valid_works(draw: st.DrawFn) -> dict[str, Any]:
    """A real sample with one to four fields replaced (or removed)."""
    work = dict(draw(st.sampled_from(WORKS)))
    for field in draw(st.lists(st.sampled_from(REPLACEABLE), min_size=1, max_size=4)):
        value = draw(FIELD_VALUES.get(field, JSON) | st.just(...))
        if value is ...:
            work.pop(field, None)
        else:
            work[field] = value
    return work


def _in_range(day: str | None, latest: int) -> bool:
    return day is None or EARLIEST_YEAR <= date.fromisoformat(day).year <= latest


def check_work(work: CrossrefWork | None, problem: str | None, latest: int) -> None:
    """A work, or a problem in words; every date the work carries is a day in range."""
    assert (work is None) != (problem is None)
    if work is None:
        assert isinstance(problem, str) and problem
        return
    for parts in (work.published_online, work.published_print):
        if parts is not None:
            assert 1 <= len(parts) <= 3 and EARLIEST_YEAR <= parts[0] <= latest
            date(*[*parts, 1, 1][:3])
    assert _in_range(work.first_online, latest) and _in_range(work.created, latest)
    assert _in_range(online_date(work)[0], latest)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(JSON, LATEST)
def test_crossref_mapper_never_raises_on_any_json(data: Any, latest: int) -> None:
    """Any JSON value: a work or a problem, never an exception."""
    check_work(*work_from_json(data, latest), latest)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(near_valid_works(), LATEST)
def test_crossref_mapper_never_raises_on_near_valid_works(
    work: dict[str, Any], latest: int
) -> None:
    """A real work with fields replaced by near-valid or junk values: the same."""
    check_work(*work_from_json(work, latest), latest)


def test_the_real_samples_map_to_works() -> None:
    """The samples the near-valid works start from are sound works themselves."""
    for work in WORKS:
        mapped, problem = work_from_json(work, 2027)
        assert problem is None and mapped is not None


# --------------------------------------------------------------------------- arXiv

ENTRY = st.fixed_dictionaries(
    {"id": IDS, "published": TIMES, "updated": TIMES},
    optional={"title": XML_TEXT, "name": XML_TEXT, "doi": XML_TEXT | st.just("10.1000/a.1 x")},
)


def _atom(entries: list[dict[str, str]]) -> bytes:
    body = ""
    for e in entries:
        body += "<entry>" + "".join(
            f"<{tag}>{escape(e[key])}</{tag}>"
            for key, tag in [("id", "id"), ("published", "published"), ("updated", "updated"),
                             ("title", "title"), ("doi", "arxiv:doi")]
            if key in e
        )  # fmt: skip
        body += f"<author><name>{escape(e['name'])}</name></author>" if "name" in e else ""
        body += "</entry>"
    return (
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">'
        f"{body}</feed>"
    ).encode()


def check_record(record: ArxivRecord, latest: int) -> None:
    """A versionless well-formed ID, and UTC timestamps whose years are in range."""
    assert split_arxiv_id(record.arxiv_id) == (record.arxiv_id, None)
    assert _in_range(record.submitted_on, latest) and _in_range(record.updated_at[:10], latest)
    assert record.published_at.endswith("Z")
    assert all(name.strip() for name in record.authors)  # the Crossref query takes the last word


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(ENTRY, max_size=4), LATEST)
def test_arxiv_feed_mapper_never_raises_on_any_atom(
    entries: list[dict[str, str]], latest: int
) -> None:
    """Entries with arbitrary text in each element: records in range, the others by ID
    with a reason, never an exception."""
    records, unreadable = records_from_feed(_atom(entries), latest)
    for record in records:
        check_record(record, latest)
    assert all(split_arxiv_id(k) and k in why for k, why in unreadable.items())


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.binary(max_size=300) | st.lists(ENTRY, max_size=2).map(_atom).map(lambda b: b[:-7]))
def test_arxiv_feed_mapper_never_raises_on_any_bytes(body: bytes) -> None:
    """Bytes that are no feed, or a feed cut short: nothing read, never an exception."""
    records, _ = records_from_feed(body, 2027)
    for record in records:
        check_record(record, 2027)


STORED = st.fixed_dictionaries(
    {"arxiv_id": mostly(st.sampled_from(["2401.10637", "cs/0102003"]), JSON), "published_at": TIMES,
     "updated_at": TIMES},
    optional={k: JSON for k in ("version", "title", "authors", "doi", "journal_ref", "dois")},
)  # fmt: skip


@settings(max_examples=300, deadline=None, derandomize=True)
@given(mostly(STORED, JSON), LATEST)
def test_stored_arxiv_record_mapper_never_raises(data: Any, latest: int) -> None:
    """Any stored JSON, near a record or not: a record in range, or a problem."""
    record, problem = arxiv_record_from_json(json.dumps(data), latest)
    assert (record is None) != (problem is None)
    if record is not None:
        check_record(record, latest)
