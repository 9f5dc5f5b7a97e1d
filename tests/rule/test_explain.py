"""Which entries a query names, and the explanation document of a decision."""

from __future__ import annotations

import json

import pytest

from harvester.listing.parse import parse_list
from harvester.rule.explain import entry_matches, explanation, stored_as
from harvester.values.decisions import Consideration, Decision, Finding
from harvester.values.evidence import Evidence

RAW = (
    b"- (2024/01/19) Towards Universal Unsupervised Anomaly Detection in Medical Imaging. [[MIDL](http://arxiv.org/abs/2401.10637)][[code](https://github.com/ci-ber/RA)]\n"
    b"- (2024/01/13) Diffusion models for medical anomaly detection. [[MIA](https://doi.org/10.1016/j.media.2024.103088)]\n"
    b"- (2023/09/16) Latent Transformer Models. [[code](https://github.com/a/b)]\n"
)
ARXIV, DOI, PLAIN = parse_list(RAW)
NONE: tuple[str | None, str | None] = (None, None)


def test_entry_key_matches() -> None:
    """The entry's own key, with blanks around it, names it; another entry's key does not."""
    assert PLAIN.entry_key.startswith("title:")
    assert entry_matches(PLAIN, f"  {PLAIN.entry_key} ", NONE)
    assert not entry_matches(DOI, PLAIN.entry_key, NONE)


@pytest.mark.parametrize(
    "query",
    ["2401.10637", "arXiv:2401.10637", "arxiv:2401.10637", "2401.10637v2", "arXiv:2401.10637v3"],
)
def test_linked_arxiv_id_matches_with_prefix_or_version(query: str) -> None:
    """The linked arXiv ID matches bare, with an `arXiv:` prefix, and with a version suffix."""
    assert entry_matches(ARXIV, query, NONE)


def test_other_arxiv_id_does_not_match() -> None:
    """A neighbouring arXiv ID names neither the linking entry nor an unlinked one."""
    assert not entry_matches(ARXIV, "2401.10638", NONE)
    assert not entry_matches(PLAIN, "2401.10637", NONE)


def test_found_arxiv_id_matches_through_decided() -> None:
    """An arXiv ID the decision found (not linked) names the entry."""
    assert entry_matches(PLAIN, "arXiv:2309.00001v1", ("2309.00001", None))
    assert not entry_matches(PLAIN, "2309.00002", ("2309.00001", None))


def test_found_doi_matches_through_decided() -> None:
    """A DOI the decision found (not linked) names the entry, case-insensitively."""
    assert entry_matches(
        PLAIN, "10.1016/J.MEDIA.2023.102967", (None, "10.1016/j.media.2023.102967")
    )
    assert not entry_matches(PLAIN, "10.1016/j.media.2023.102967", NONE)


@pytest.mark.parametrize(
    "query",
    [
        "10.1016/j.media.2024.103088",
        "https://doi.org/10.1016/j.media.2024.103088",
        "https://doi.org/10.1016/J.MEDIA.2024.103088",
    ],
)
def test_linked_doi_matches_bare_or_as_doi_url(query: str) -> None:
    """The linked DOI matches as written, as a https://doi.org/ URL, and in upper case."""
    assert entry_matches(DOI, query, NONE)


def test_other_doi_does_not_match() -> None:
    """A different DOI names no entry."""
    assert not entry_matches(DOI, "https://doi.org/10.1016/j.media.2024.103089", NONE)


@pytest.mark.parametrize(
    ("query", "matches"),
    [
        ("anomaly", True),
        ("Imaging universal", True),
        ("ANOMALY, detection!", True),
        ("medical anomaly towards", True),
        ("anomal", False),
        ("anomaly diffusion", False),
        ("detection-in", True),
        ("univers", False),
    ],
)
def test_title_words_must_all_occur_as_whole_words(query: str, matches: bool) -> None:
    """Every normalised query word must be a whole word of the title; order does not matter."""
    assert entry_matches(ARXIV, query, NONE) is matches


@pytest.mark.parametrize("query", ["", "   ", "?!", " — "])
def test_empty_query_matches_nothing(query: str) -> None:
    """A query with no word left after normalisation names no entry."""
    assert not any(entry_matches(e, query, NONE) for e in (ARXIV, DOI, PLAIN))


DECISION = Decision(
    rule="journal_online",
    resolved_date="2024-01-12",
    doi="10.1016/j.media.2024.103088",
    venue="Medical Image Analysis",
    venue_type="journal-article",
    online_date="2024-01-12",
    online_date_source="created",
    findings=(Finding("date_mismatch", "recorded 2024-01-13, resolved 2024-01-12", -1),),
    considered=(
        Consideration("linked DOI", "10.1016/j.media.2024.103088", "Diffusion models", "taken"),
        Consideration(
            "Crossref search", "10.1/other", "Other", "refused: title only 40.0% similar"
        ),
    ),
)
URLS = ["https://api.crossref.org/works/10.1016/j.media.2024.103088", None]


def test_explanation_document_keys_and_entry_fields() -> None:
    """The document carries the list, the entry's fields and links, the decision and findings."""
    doc = explanation("owner/repo:README.md", DOI, DECISION, URLS, "arxiv-first")
    assert set(doc) == {
        "list_source", "list_rule", "pin", "entry_key", "position", "title", "recorded_date",
        "links", "considered", "decision", "findings", "acks", "line", "notes",
    }  # fmt: skip
    assert (doc["pin"], doc["acks"], doc["line"]) == (None, [], 2)
    assert (doc["list_source"], doc["list_rule"]) == ("owner/repo:README.md", "arxiv-first")
    assert doc["entry_key"] == "doi:10.1016/j.media.2024.103088"
    assert (doc["position"], doc["recorded_date"]) == (2, "2024-01-13")
    assert doc["title"] == "Diffusion models for medical anomaly detection"
    assert doc["links"] == [
        {
            "label": "MIA",
            "url": "https://doi.org/10.1016/j.media.2024.103088",
            "kind": "doi",
            "problem": None,
        }
    ]
    assert doc["findings"] == [
        {
            "kind": "date_mismatch",
            "detail": "recorded 2024-01-13, resolved 2024-01-12",
            "delta_days": -1,
            "acked": False,
        }
    ]
    json.dumps(doc)


def test_explanation_decision_leaves_out_considered_and_findings() -> None:
    """The `decision` part holds the decision's own fields, not the lists shown beside it."""
    decision = explanation("s", DOI, DECISION, URLS)["decision"]
    assert decision == {
        "rule": "journal_online",
        "resolved_date": "2024-01-12",
        "arxiv_id": None,
        "arxiv_submitted": None,
        "doi": "10.1016/j.media.2024.103088",
        "venue": "Medical Image Analysis",
        "venue_type": "journal-article",
        "online_date": "2024-01-12",
        "online_date_source": "created",
    }


def test_each_considered_candidate_gets_its_request_url_or_none() -> None:
    """Each candidate gets the request given for it, in order (None: not known)."""
    considered = explanation("s", DOI, DECISION, URLS)["considered"]
    assert considered == [
        {
            "origin": "linked DOI",
            "key": "10.1016/j.media.2024.103088",
            "title": "Diffusion models",
            "verdict": "taken",
            "request": "https://api.crossref.org/works/10.1016/j.media.2024.103088",
        },
        {
            "origin": "Crossref search",
            "key": "10.1/other",
            "title": "Other",
            "verdict": "refused: title only 40.0% similar",
            "request": None,
        },
    ]


def test_explanation_of_an_undated_entry_with_nothing_considered() -> None:
    """No recorded date gives None, and an empty considered list stays empty."""
    undated = parse_list(b"- Undated paper. [[code](https://github.com/a/b)]\n")[0]
    doc = explanation("s", undated, Decision(rule="unresolved", resolved_date=None), [])
    assert (doc["recorded_date"], doc["considered"], doc["findings"]) == (None, [], [])


def test_a_candidate_is_looked_up_where_its_answer_is_stored() -> None:
    """A search hit by the entry's own search (its query key in the evidence), an identified
    candidate by its record, a pin by nothing; a search the store never holds: None."""
    ev = Evidence(arxiv_query="a title", crossref_query="a title smith")
    assert stored_as(Consideration("arXiv title search", "2401.1", "", "taken"), ev) == (
        "arxiv",
        "a title",
    )
    hit = Consideration("Crossref search", "10.1/x", "", "taken")
    assert stored_as(hit, ev) == ("crossref", "a title smith")
    assert stored_as(hit, Evidence()) is None
    for origin in (
        "linked DOI",
        "linked arXiv ID",
        "DOI declared by arXiv",
        "relation has-preprint",
    ):
        assert stored_as(Consideration(origin, "k", "", "taken"), ev) == ("record", "k")
    assert stored_as(Consideration("maintainer's pin", "10.1/x", "", "pinned"), ev) is None
