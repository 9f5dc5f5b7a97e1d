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
    by_id = {r.arxiv_id: r for r in records_from_feed(FEED)}
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
