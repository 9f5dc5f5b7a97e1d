"""`broken_link`: a linked arXiv ID or DOI the service says does not exist, and only that."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from harvester.listing.parse import parse_list
from harvester.pipeline.reconcile import evidence_key
from harvester.rule.decide import decide
from harvester.values.decisions import Decision, Finding, Pin
from tests.fakes.arxiv_feed import ArxivRecord as FakeRecord
from tests.fakes.arxiv_feed import render_feed
from tests.rule.stored import arxiv_records_from_feed, stored_evidence

GHOST = b"- (2024/05/01) A ghost paper. [[arXiv](https://arxiv.org/abs/2405.00001v2)]\n"
#: The model list's MIDL entry, with a DOI link added that Crossref does not know.
MIDL = (
    b"# Papers\n\n- (2024/01/19) Towards Universal Unsupervised Anomaly Detection in Medical"
    b" Imaging. [[MIDL](http://arxiv.org/abs/2401.10637)][[DOI](https://doi.org/10.9999/NoSuch)]\n"
)
MIDL_RECORD = FakeRecord(
    "2401.10637", "Towards Universal Unsupervised Anomaly Detection in Medical Imaging",
    published="2024-01-19T08:00:00Z", updated="2024-01-19T08:00:00Z", authors=["Cosmin Bercea"],
)  # fmt: skip


def _records(*records: FakeRecord) -> list[Any]:
    """Our records of an Atom reply holding `records`, as the harvest reads them."""
    feed = render_feed({}, 0, len(records), len(records), [(r, r.version) for r in records])
    return arxiv_records_from_feed(feed)


def _kinds(decision: Decision) -> list[str]:
    return sorted(f.kind for f in decision.findings)


def _broken(decision: Decision) -> list[str]:
    return [f.detail for f in decision.findings if f.kind == "broken_link"]


def test_an_arxiv_id_arxiv_does_not_know_is_a_broken_link(tmp_path: Path) -> None:
    """arXiv answered without the linked paper: broken_link names the ID, the line and the
    link as written; `unresolved` stays beside it, since nothing else was found either."""
    entry, ev = stored_evidence(tmp_path / "h.sqlite", GHOST, search=[])
    decision = decide(entry, ev)
    assert decision.rule == "unresolved"
    assert _kinds(decision) == ["broken_link", "unresolved"]
    assert _broken(decision) == [
        "arXiv has no paper 2405.00001 (linked on line 1 as https://arxiv.org/abs/2405.00001v2)."
    ]


def test_no_broken_link_while_arxiv_has_not_answered(tmp_path: Path) -> None:
    """A linked ID whose fetch never got an answer (it failed, or was not asked yet) is
    not broken: the failure is fetch_failed's to report."""
    entry, ev = stored_evidence(
        tmp_path / "h.sqlite", GHOST, search=[], arxiv_answered=False, failure="arxiv: HTTP 503"
    )
    assert _kinds(decide(entry, ev)) == ["fetch_failed"]


def test_an_unreadable_arxiv_record_is_not_a_broken_link(tmp_path: Path) -> None:
    """arXiv sent a record it could not fill in: the paper exists, the reply is unreadable."""
    problem = "arXiv record 2405.00001: <published> is missing"
    entry, ev = stored_evidence(
        tmp_path / "h.sqlite", GHOST, search=[], arxiv_unreadable={"2405.00001": problem}
    )
    assert "broken_link" not in _kinds(decide(entry, ev))


def test_a_withdrawn_paper_is_not_broken(tmp_path: Path) -> None:
    """A withdrawn paper keeps its arXiv record (its last version says it was withdrawn):
    the link leads to it, so it is not broken and its submission date decides."""
    withdrawn = FakeRecord(
        "2405.00001", "A ghost paper", version=2, published="2024-05-01T10:00:00Z",
        updated="2024-06-01T10:00:00Z", summary="This paper has been withdrawn by the author.",
    )  # fmt: skip
    records = _records(withdrawn)
    entry, ev = stored_evidence(tmp_path / "h.sqlite", GHOST, records, search=[])
    decision = decide(entry, ev)
    assert (decision.rule, decision.resolved_date, _kinds(decision)) == (
        "arxiv_submitted", "2024-05-01", [],
    )  # fmt: skip


def test_a_doi_crossref_does_not_know_is_broken_even_when_the_entry_resolves(
    tmp_path: Path,
) -> None:
    """The arXiv record decides the date, and the DOI link Crossref answered 404 for is
    still reported, with the line it is on and a word on DOIs of other agencies."""
    records = _records(MIDL_RECORD)
    entry, ev = stored_evidence(tmp_path / "h.sqlite", MIDL, records)
    decision = decide(entry, ev)
    assert (decision.rule, decision.resolved_date) == ("arxiv_submitted", "2024-01-19")
    assert _broken(decision) == [
        "Crossref has no work 10.9999/nosuch (linked on line 3 as https://doi.org/10.9999/NoSuch);"
        " a DOI registered with another agency, such as DataCite, is unknown to Crossref too."
    ]
    assert _kinds(decision) == ["broken_link"]


def test_no_broken_link_for_a_doi_crossref_never_answered(tmp_path: Path) -> None:
    """A DOI whose look-up failed or was never made is not broken."""
    records = _records(MIDL_RECORD)
    entry, ev = stored_evidence(tmp_path / "h.sqlite", MIDL, records, crossref_answered=False)
    assert "broken_link" not in _kinds(decide(entry, ev))


def test_a_declared_doi_crossref_does_not_know_is_no_broken_link(tmp_path: Path) -> None:
    """Only what the list links (or the maintainer pins) is a link: a DOI the arXiv record
    declares that Crossref does not know is not the list's to fix."""
    line = MIDL.replace(b"[[DOI](https://doi.org/10.9999/NoSuch)]", b"")
    declaring = replace(MIDL_RECORD, dois=("10.9999/declared",))
    records = _records(declaring)
    entry, ev = stored_evidence(tmp_path / "h.sqlite", line, records)
    assert "10.9999/declared" in ev.works_missing
    assert "broken_link" not in _kinds(decide(entry, ev))


def test_a_pinned_arxiv_id_arxiv_does_not_know_names_the_pin(tmp_path: Path) -> None:
    """A pin is the maintainer's link: a pinned ID arXiv has no paper for is broken, and
    the detail says who pinned it rather than a line."""
    (entry,) = parse_list(b"- (2024/05/01) A ghost paper. [[code](https://github.com/o/ghost)]\n")
    pin = Pin(entry.entry_key, "arxiv:2405.00001", "the preprint", "ada", "2026-11-30T10:00:00")
    # arXiv's answer for the pinned ID, as a harvest of the pinned entry stores it
    ev = stored_evidence(tmp_path / "h.sqlite", GHOST, search=[])[1]
    decision = decide(pin.apply(entry), replace(ev, pin=pin))
    assert _broken(decision) == ["arXiv has no paper 2405.00001 (pinned by ada on 2026-11-30)."]


def test_a_broken_links_ack_holds_for_the_identifier_alone() -> None:
    """The fingerprint of a broken link is the service and the identifier: a changed
    decision keeps the ack, another identifier does not."""
    (entry,) = parse_list(GHOST)
    finding = Finding(
        "broken_link", "arXiv has no paper 2405.00001.", evidence=("arxiv", "2405.00001")
    )
    before = Decision("unresolved", None)
    after = Decision("journal_online", "2024-06-01", doi="10.1000/x", online_date="2024-06-01")
    assert evidence_key(entry, before, finding) == evidence_key(entry, after, finding)
    other: Any = replace(finding, evidence=("arxiv", "2405.00002"))
    assert evidence_key(entry, before, other) != evidence_key(entry, before, finding)
    mismatch = Finding("date_mismatch", "Recorded ...", 3)
    assert evidence_key(entry, before, mismatch) != evidence_key(entry, after, mismatch)


def test_an_entry_over_several_lines_names_its_lines(tmp_path: Path) -> None:
    """A block entry (bold title, authors, date, links on four lines) names its lines."""
    block = (
        b"**A ghost paper** \\\n*Ada Lovelace* \\\n[07th Oct., 2024] \\\n"
        b"[[Paper](https://arxiv.org/abs/2405.00001)]\n"
    )
    entry, ev = stored_evidence(tmp_path / "h.sqlite", block, search=[])
    assert _broken(decide(entry, ev)) == [
        "arXiv has no paper 2405.00001 (linked on lines 1-4 as https://arxiv.org/abs/2405.00001)."
    ]
