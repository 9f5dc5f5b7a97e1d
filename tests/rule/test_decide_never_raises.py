"""The rule over arbitrary evidence (hypothesis): an entry linking any of a few arXiv IDs
and DOIs, and whatever records and works the mappers made of near-valid replies (as links,
declared DOIs, search hits, unreadable or missing); `decide` never raises under either
rule (nor does what the harvest asks next from the same evidence), and every date it
resolves to lies between 1900 and the year after the replies."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from harvester.listing.parse import parse_list
from harvester.plan.fetch_plan import crossref_query, dois_to_fetch
from harvester.rule.decide import decide, pick_arxiv
from harvester.upstream.crossref_works import KNOWN_TYPES, work_from_json
from harvester.values.checks import EARLIEST_YEAR
from harvester.values.evidence import ArxivRecord, CrossrefWork, Evidence, arxiv_record_from_json
from tests.upstream.strategies import DATE_PARTS, FIRST_ONLINE, JSON, LATEST, STAMPS, TIMES

ARXIV_IDS = ["2401.10637", "2302.04668", "cs/0102003"]
DOIS = ["10.1016/j.media.2023.102967", "10.1007/978-3-031-1_1", "10.2139/ssrn.1", "10.1109/x.2"]
TITLE = "Latent Transformer Models for out-of-distribution detection"
TITLES = [TITLE, TITLE + " in Medical Images", "Correction to: " + TITLE, "Something else", ""]
FAMILIES = ["Graham", "Pinaya", "Cardoso", "Other"]


def seldom(good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """`bad` one time in eight: most evidence is sound, so most decisions get made."""
    return st.integers(0, 7).flatmap(lambda i: bad if i == 7 else good)  # 0 is drawn most


#: Years mostly inside the range (2027 the last), else at or past its edges.
YEAR = seldom(st.integers(1990, 2027), st.sampled_from([1899, 1900, 2027, 2028, 9999]))
#: Days, months and years, mostly real and near the range's edges, else anything.
PARTS = seldom(
    st.one_of(
        st.tuples(YEAR, st.integers(1, 12), st.integers(1, 28)),
        st.tuples(YEAR, st.integers(1, 12)),
        st.tuples(YEAR),
    ).map(lambda t: [list(t)]),
    DATE_PARTS,
)
STAMP = seldom(
    st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}T12:00:00Z", YEAR, st.integers(1, 12),
              st.integers(1, 28)),
    STAMPS,
)  # fmt: skip


def _dated(parts: Any) -> dict[str, Any]:
    return {"date-parts": parts}


CROSSREF = st.fixed_dictionaries(
    {"DOI": seldom(st.sampled_from(DOIS), JSON),
     "type": seldom(st.sampled_from(["journal-article", "book-chapter", "proceedings-article",
                                     "posted-content", "peer-review"]),
                    st.sampled_from(sorted(KNOWN_TYPES)) | JSON),
     "title": seldom(st.sampled_from(TITLES).map(lambda t: [t]), JSON),
     "created": st.builds(lambda p, s: {"date-parts": p, "date-time": s}, PARTS, STAMP)},
    optional={
        "container-title": st.sampled_from(
            [["Medical Image Analysis"], ["Proceedings of the AAAI Conference"], []]
        ) | JSON,
        "author": st.lists(st.sampled_from(FAMILIES).map(lambda f: {"family": f}), max_size=3)
        | JSON,
        "published-online": PARTS.map(_dated),
        "published-print": PARTS.map(_dated),
        "assertion": st.lists(
            st.fixed_dictionaries({"name": st.just("first_online"), "value": FIRST_ONLINE}),
            max_size=1,
        ),
        "relation": st.sampled_from(ARXIV_IDS).map(
            lambda i: {"has-preprint": [{"id-type": "arxiv", "id": i}]}
        ) | JSON,
        "subtype": seldom(st.just("other"), st.just("preprint") | JSON),
        "update-to": seldom(st.just([]), JSON),
    },
)  # fmt: skip
ARXIV = st.fixed_dictionaries(
    {"arxiv_id": seldom(st.sampled_from(ARXIV_IDS), JSON), "published_at": seldom(STAMP, TIMES),
     "updated_at": seldom(STAMP, TIMES), "title": st.sampled_from(TITLES),
     "authors": st.lists(st.sampled_from(FAMILIES).map(lambda f: f"A. {f}") | st.sampled_from(["", " "]), max_size=3)},
    optional={"dois": st.lists(st.sampled_from(DOIS), max_size=2), "version": JSON},
)  # fmt: skip
RECORDED = st.sampled_from(
    ["(2023/09/16)", "(2024/01/19)", "(2023/13/45)", "(2023/02/30)", "(1899/01/01)",
     "(9999/12/31)", "(2023-09)", "(2023)", ""]
)  # fmt: skip


@st.composite
def cases(draw: st.DrawFn, latest: int) -> tuple[bytes, Evidence]:
    """One list line linking some of the IDs and DOIs (or none), and what the mappers made
    of the replies (for each link mostly a reply about it, and a few others), placed as the
    store hands them to the rule."""
    ids = sorted(draw(st.sets(st.sampled_from(ARXIV_IDS), max_size=1)))
    dois = sorted(draw(st.sets(st.sampled_from(DOIS), max_size=2)))
    links = [f"[[arXiv](https://arxiv.org/abs/{i})]" for i in ids]
    links += [f"[[J](https://doi.org/{d})]" for d in dois]
    title = draw(st.sampled_from([TITLE, TITLE + " in Medical Images", "Something else"]))
    line = f"- {draw(RECORDED)} {title}. {''.join(links)}\n".encode()
    asked = [*ids, *draw(st.lists(st.sampled_from(ARXIV_IDS), max_size=2))]
    records: dict[str, ArxivRecord] = {}
    arxiv_unreadable: dict[str, str] = {}
    for key in asked:
        data = {**draw(ARXIV), "arxiv_id": draw(seldom(st.just(key), JSON))}
        record, problem = arxiv_record_from_json(json.dumps(data), latest)
        if record is not None:
            records[record.arxiv_id] = record
        else:
            arxiv_unreadable[key] = problem or ""
    works: dict[str, CrossrefWork] = {}
    works_unreadable: dict[str, str] = {}
    for key in [*dois, *draw(st.lists(st.sampled_from(DOIS), max_size=3))]:
        work, problem = work_from_json(
            {**draw(CROSSREF), "DOI": draw(seldom(st.just(key), JSON))}, latest
        )
        if work is not None:
            works[work.doi] = work
        else:
            works_unreadable[key] = problem or ""
    hits = draw(st.permutations(list(works.values())))
    return (
        line,
        Evidence(
            arxiv_records=records,
            arxiv_missing=frozenset(draw(st.sets(st.sampled_from(ARXIV_IDS), max_size=1))),
            arxiv_title_hits=tuple(draw(st.permutations([*records, "2401.99999"]))),
            works={
                d: w for d, w in works.items() if draw(st.integers(0, 7)) < 7
            },  # else unanswered
            works_missing=frozenset(draw(st.sets(st.sampled_from(DOIS), max_size=1))),
            search_hits=tuple(hits[: draw(st.integers(0, len(hits)))]),
            fetch_failure=draw(seldom(st.none(), st.just("crossref: HTTP 503 (http://x)"))),
            arxiv_unreadable=arxiv_unreadable,
            works_unreadable=works_unreadable,
        ),
    )


def _in_range(day: str | None, latest: int) -> bool:
    return day is None or EARLIEST_YEAR <= date.fromisoformat(day).year <= latest


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.data(), seldom(st.just(2027), LATEST), st.sampled_from(["journal-first", "arxiv-first"]))
def test_decide_never_raises_on_mapped_evidence(
    data: st.DataObject, latest: int, rule: str
) -> None:
    """Any entry, any mapped evidence: a decision, its dates in range, findings in words."""
    line, evidence = data.draw(cases(latest))
    entries = parse_list(line)
    assume(len(entries) == 1)  # a line with neither a link nor a day may be no entry
    decision = decide(entries[0], evidence, rule)
    record = pick_arxiv(entries[0], evidence)[0]  # what the harvest asks next, from the same
    dois_to_fetch(entries[0], record)
    crossref_query(entries[0], record, data.draw(st.booleans()))
    assert decision.rule in {"journal_online", "arxiv_submitted", "publisher_online", "unresolved"}
    assert _in_range(decision.resolved_date, latest) and _in_range(decision.online_date, latest)
    assert _in_range(decision.arxiv_submitted, latest)
    assert (decision.resolved_date is None) == (decision.rule == "unresolved")
    assert all(isinstance(f.detail, str) and f.detail for f in decision.findings)
