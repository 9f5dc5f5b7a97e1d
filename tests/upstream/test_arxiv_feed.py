"""Reading the arXiv Atom: every declared DOI (the client keeps the first), and titles as
`ti:` phrases in arXiv's own words."""

from __future__ import annotations

import pytest

from harvester.upstream.arxiv import records_from_feed, title_phrase

FEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <entry>
    <id>http://arxiv.org/abs/2303.11111v2</id>
    <updated>2023-05-01T00:00:00Z</updated>
    <published>2023-03-20T17:00:00Z</published>
    <title>Two DOIs</title>
    <author><name>A. Author</name></author>
    <arxiv:doi>10.1109/ICASSP49357.2023.10000001</arxiv:doi>
    <link title="doi" href="https://doi.org/10.1109/ICASSP49357.2023.10000001" rel="related"/>
    <arxiv:doi>10.1109/TASLP.2024.3380001</arxiv:doi>
    <link title="doi" href="https://doi.org/10.1109/TASLP.2024.3380001" rel="related"/>
  </entry>
  <entry>
    <id>http://arxiv.org/abs/2303.22222v1</id>
    <updated>2023-03-21T00:00:00Z</updated>
    <published>2023-03-21T17:00:00Z</published>
    <title>Space separated</title>
    <author><name>B. Author</name></author>
    <arxiv:doi>10.1000/a.1 10.1000/b.2</arxiv:doi>
  </entry>
  <entry>
    <id>http://arxiv.org/abs/2303.33333v1</id>
    <updated>2023-03-22T00:00:00Z</updated>
    <published>2023-03-22T17:00:00Z</published>
    <title>None</title>
    <author><name>C. Author</name></author>
  </entry>
</feed>
"""


def test_every_declared_doi_in_feed_order() -> None:
    """Two `<arxiv:doi>` elements, or one with two DOIs: all of them, lower-cased."""
    by_id = {r.arxiv_id: r for r in records_from_feed(FEED, 2027)[0]}
    assert by_id["2303.11111"].declared_dois == (
        "10.1109/icassp49357.2023.10000001", "10.1109/taslp.2024.3380001"
    )  # fmt: skip
    assert by_id["2303.11111"].doi == "10.1109/icassp49357.2023.10000001"
    assert by_id["2303.22222"].declared_dois == ("10.1000/a.1", "10.1000/b.2")
    assert by_id["2303.33333"].declared_dois == ()


@pytest.mark.parametrize(
    ("title", "phrase"),
    [("Goodhart's Law in Reinforcement Learning", "Goodhart's Law in Reinforcement Learning"),
     ("Qwen2.5 Technical Report", "Qwen2.5 Technical Report"),
     ("Let\u2019s Verify Step by Step", "Let\u2019s Verify Step by Step"),
     ("GPT-3.0: a (short) note.", "GPT 3.0 a short note"),
     ("snake_case and end.", "snake case and end")],
)  # fmt: skip
def test_title_phrase_keeps_the_words_arxiv_keeps(title: str, phrase: str) -> None:
    """Letters and digits joined by an apostrophe or a period stay one word."""
    assert title_phrase(title) == phrase


def _feed(*entries: tuple[str, str, str]) -> bytes:
    """A feed of (ID, published, updated) entries."""
    body = "".join(
        f"<entry><id>http://arxiv.org/abs/{i}v1</id><published>{p}</published>"
        f"<updated>{u}</updated><title>Paper {i}</title><author><name>A. Author</name></author>"
        "</entry>"
        for i, p, u in entries
    )
    return f'<feed xmlns="http://www.w3.org/2005/Atom">{body}</feed>'.encode()


def test_dates_outside_1900_to_the_year_after_the_reply_are_no_record() -> None:
    """Received in 2026 (latest 2027): 1900-01-01 and 2027-12-31 are kept; 1899-12-31,
    2028-01-01 and 9999-12-31 (with an offset it overflowed in the client's parser) are
    dropped and reported by ID, naming the element; an entry whose ID cannot be read is
    dropped unreported."""
    ok = "2024-01-19T17:59:46Z"
    records, unreadable = records_from_feed(
        _feed(
            ("2401.00001", "1900-01-01T00:00:00Z", ok),
            ("2401.00002", "2027-12-31T23:59:59Z", "2027-12-31T23:59:59Z"),
            ("2401.00003", "1899-12-31T23:59:59Z", ok),
            ("2401.00004", "2028-01-01T00:00:00Z", ok),
            ("2401.00005", "9999-12-31T23:59:59-05:00", ok),
            ("2401.00006", ok, "9999-12-31T00:00:00Z"),
            ("2401.00007", "not a date", ok),
            ("not-an-id", "9999-12-31T23:59:59-05:00", ok),
        ),
        2027,
    )
    assert {r.arxiv_id: r.submitted_on for r in records} == {
        "2401.00001": "1900-01-01", "2401.00002": "2027-12-31"
    }  # fmt: skip
    assert unreadable == {
        "2401.00003": "arXiv record 2401.00003: <published> '1899-12-31T23:59:59Z' is not a"
        " date: the year is not between 1900 and 2027",
        "2401.00004": "arXiv record 2401.00004: <published> '2028-01-01T00:00:00Z' is not a"
        " date: the year is not between 1900 and 2027",
        "2401.00005": "arXiv record 2401.00005: <published> '9999-12-31T23:59:59-05:00' is not"
        " a date: the year is not between 1900 and 2027",
        "2401.00006": "arXiv record 2401.00006: <updated> '9999-12-31T00:00:00Z' is not a"
        " date: the year is not between 1900 and 2027",
        "2401.00007": "arXiv record 2401.00007: <published> 'not a date' is not a date: it is"
        " not a timestamp",
    }


@pytest.mark.parametrize(
    "body", [b"", b"not xml", b"<rss><channel/></rss>", b"<feed><entry></entry>", FEED[:200]]
)
def test_a_body_that_is_no_atom_feed_holds_no_records(body: bytes) -> None:
    """What the transport refuses as no feed (or unparsable) maps to nothing, never raises."""
    assert records_from_feed(body, 2027) == ([], {})


def test_blank_author_names_are_no_authors() -> None:
    """`<name> </name>` is dropped (the Crossref query takes the first author's last word,
    and an empty name raised IndexError in the harvest); names keep single spaces."""
    feed = _feed(("2401.00001", "2024-01-19T17:59:46Z", "2024-01-19T17:59:46Z")).replace(
        b"<author><name>A. Author</name></author>",
        b"<author><name> </name></author><author><name>Cosmin  I.\n Bercea</name></author>",
    )
    (record,), _ = records_from_feed(feed, 2027)
    assert record.authors == ("Cosmin I. Bercea",)
