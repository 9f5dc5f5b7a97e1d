"""The Crossref mapper's new fields: relations in both forms, subtitle, update-to, subtype."""

from __future__ import annotations

from typing import Any

from harvester.upstream.crossref_works import work_from_json

BASE: dict[str, Any] = {
    "DOI": "10.1016/j.x.2024.1",
    "type": "journal-article",
    "title": ["Title"],
    "created": {"date-parts": [[2024, 1, 2]], "date-time": "2024-01-02T00:00:00Z"},
}


def _work(**more: Any) -> Any:
    work, problem = work_from_json({**BASE, **more}, 2027)
    assert problem is None and work is not None
    return work


def test_has_preprint_in_every_form_becomes_versionless_arxiv_ids() -> None:
    """`2302.04668v2`, `arXiv:2302.04669`, `10.48550/arXiv.2302.04670` (any case); a
    non-arXiv DOI and a malformed ID name no preprint."""
    relation = {"has-preprint": [
        {"id-type": "arxiv", "id": "2302.04668v2", "asserted-by": "subject"},
        {"id-type": "arxiv", "id": "arXiv:2302.04669"},
        {"id-type": "doi", "id": "10.48550/ARXIV.2302.04670", "asserted-by": "object"},
        {"id-type": "doi", "id": "10.1101/2023.01.01.000001"},
        {"id-type": "arxiv", "id": "not-an-id"},
        {"id-type": "arxiv", "id": "2302.04668"},
    ]}  # fmt: skip
    assert _work(relation=relation).preprint_ids == ("2302.04668", "2302.04669", "2302.04670")


def test_subtitle_update_to_and_subtype() -> None:
    """The subtitle joins the title as a second title; update-to marks a notice."""
    work = _work(subtitle=["A Subtitle"], **{"update-to": [{"DOI": "10.1/y", "type": "erratum"}]})
    assert work.titles == ("Title", "Title: A Subtitle") and work.updates
    plain = _work(subtype="preprint")
    assert plain.titles == ("Title",) and not plain.updates and plain.subtype == "preprint"
