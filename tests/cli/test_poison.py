"""Poison evidence never crashes a command: a reply with a date no paper can have is
stored, and `harvest`, `reconcile`, `explain` and `audit` all still run; the entry gets a
finding naming the field, and no resolved date comes from the poison."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import run
from tests.fakes.arxiv_fake import ArxivFake, ArxivRecord
from tests.fakes.crossref_fake import CrossrefFake, make_work

#: Three entries: a journal DOI whose work is poison, an arXiv ID whose record is poison,
#: and a sound arXiv entry (it must still be decided).
DOI = "10.1016/j.media.2023.102967"
POISON_ID = "2401.10637"
GOOD_ID = "2404.04518"
LIST = (
    "# Papers\n\n"
    f"- (2023/09/16) Latent Transformer Models for out-of-distribution detection. [[MIA](https://doi.org/{DOI})]\n"
    f"- (2024/01/19) Towards Universal Unsupervised Anomaly Detection in Medical Imaging. [[MIDL](https://arxiv.org/abs/{POISON_ID})]\n"
    f"- (2024/04/06) MedIAnomaly: A comparative study of anomaly detection in medical images. [[arXiv](https://arxiv.org/abs/{GOOD_ID})]\n"
)
#: The poison entry's record as harvester stores it (`ArxivRecord.to_json`).
ARXIV_JSON = json.dumps({
    "arxiv_id": POISON_ID, "version": 1, "published_at": "2024-01-19T17:59:46Z",
    "updated_at": "2024-01-19T17:59:46Z", "title": "Towards Universal Unsupervised Anomaly"
    " Detection in Medical Imaging", "authors": ["A. Author"], "doi": None, "journal_ref": None,
    "dois": [],
})  # fmt: skip
KEYS = {"work": f"doi:{DOI}", "arxiv": f"arxiv:{POISON_ID}", "good": f"arxiv:{GOOD_ID}"}


def _poison_work(**fields: Any) -> dict[str, Any]:
    work = make_work(DOI, "Latent Transformer Models for out-of-distribution detection")
    return {**work, **fields}


def _harvest(tmp_path: Path, arxiv: ArxivFake, crossref: CrossrefFake, *more: str) -> Any:
    listing = tmp_path / "list.md"
    listing.write_text(LIST, encoding="utf-8")
    return run(
        "harvest", str(listing), "-q", *more, db=tmp_path / "h.sqlite",
        HARVESTER_ARXIV_URL=arxiv.url, HARVESTER_CROSSREF_URL=crossref.url,
    )  # fmt: skip


def _audit(db: Path) -> dict[str, list[dict[str, Any]]]:
    out = run("audit", "--format", "json", db=db)
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    by_key: dict[str, list[dict[str, Any]]] = {}
    for finding in json.loads(out.stdout)["conflicts"]:
        by_key.setdefault(finding["entry_key"], []).append(finding)
    return by_key


def _resolved(db: Path) -> dict[str, tuple[str, str | None]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT entry_key, rule, resolved_date FROM entry_dates").fetchall()
    return {key: (rule, resolved) for key, rule, resolved in rows}


def _every_command_runs(db: Path) -> dict[str, list[dict[str, Any]]]:
    """reconcile, explain (of both poison entries) and audit exit 0 without a traceback;
    the audit's findings by entry key."""
    for args in (["reconcile"], ["explain", DOI, "--json"], ["explain", f"arXiv:{POISON_ID}"]):
        out = run(*args, db=db)
        assert out.returncode == 0, (args, out.stderr[-2000:])
        assert "Traceback" not in out.stderr, out.stderr
    return _audit(db)


def _unresolved_detail(findings: dict[str, list[dict[str, Any]]], key: str) -> str:
    (unresolved,) = [f for f in findings.get(key, []) if f["kind"] == "unresolved"]
    return str(unresolved["detail"])


#: Poison a reply may carry (the date rule's own checks of each field are pinned in
#: tests/rule/test_decide.py and tests/upstream/test_arxiv_feed.py; these ran into crashes).
POISON_WORKS = {
    "huge-year": ({"published-online": {"date-parts": [[10**30, 1, 1]]}}, "published-online"),
    "created-overflows": (
        {"created": {"date-parts": [[9999, 12, 31]], "date-time": "9999-12-31T23:00:00-05:00"}},
        "created",
    ),
}
POISON_PUBLISHED = {
    "year-9999": "9999-12-31T00:00:00Z",  # was taken as the resolved date
    "year-9999-overflows": "9999-12-31T23:59:59-05:00",  # crashed the client's parser
}
ARXIV = {
    "good": ArxivRecord(GOOD_ID, "MedIAnomaly: A comparative study of anomaly detection in"
                        " medical images", published="2024-04-06T17:59:46Z"),
    "poison": ArxivRecord(POISON_ID, "Towards Universal Unsupervised Anomaly Detection in"
                          " Medical Imaging", published="2024-01-19T17:59:46Z"),
}  # fmt: skip


@pytest.mark.parametrize("name", POISON_WORKS)
def test_a_poison_crossref_work_is_a_finding_naming_the_field(
    name: str, tmp_path: Path, arxiv_fake: ArxivFake, crossref_fake: CrossrefFake
) -> None:
    """harvest stores the poison work and exits 0; every later command runs; the entry is
    unresolved with a finding naming the DOI and the field."""
    fields, field = POISON_WORKS[name]
    arxiv_fake.add(*ARXIV.values())
    crossref_fake.add(_poison_work(**fields))
    db = tmp_path / "h.sqlite"
    out = _harvest(tmp_path, arxiv_fake, crossref_fake)
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr[-2000:]
    findings = _every_command_runs(db)
    detail = _unresolved_detail(findings, KEYS["work"])
    assert DOI in detail and field in detail, detail
    assert _resolved(db)[KEYS["work"]] == ("unresolved", None)
    assert _resolved(db)[KEYS["good"]] == ("arxiv_submitted", "2024-04-06")
    again = _harvest(tmp_path, arxiv_fake, crossref_fake)  # the stored poison is read again
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr[-2000:]


@pytest.mark.parametrize("name", POISON_PUBLISHED)
def test_a_poison_arxiv_published_is_a_finding_naming_the_field(
    name: str, tmp_path: Path, arxiv_fake: ArxivFake, crossref_fake: CrossrefFake
) -> None:
    """An arXiv `<published>` outside 1900 to next year is no submission date: the entry
    is unresolved with a finding naming the ID and `<published>`, never resolved to it."""
    poison = replace(ARXIV["poison"], published=POISON_PUBLISHED[name],
                     updated="2024-01-19T17:59:46Z")  # fmt: skip
    arxiv_fake.add(ARXIV["good"], poison)
    crossref_fake.add(_poison_work())
    db = tmp_path / "h.sqlite"
    out = _harvest(tmp_path, arxiv_fake, crossref_fake)
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr[-2000:]
    findings = _every_command_runs(db)
    detail = _unresolved_detail(findings, KEYS["arxiv"])
    assert POISON_ID in detail and "<published>" in detail, detail
    assert _resolved(db)[KEYS["arxiv"]] == ("unresolved", None)
    assert _resolved(db)[KEYS["good"]] == ("arxiv_submitted", "2024-04-06")


#: As an older version may have stored them: (the Crossref work's JSON, the arXiv record's
#: JSON, what the work's finding names, what the record's finding names).
STORED_POISON = {
    "dates": (
        json.dumps(_poison_work(**{"published-online": {"date-parts": [[10**30, 1, 1]]}})),
        json.dumps({**json.loads(ARXIV_JSON), "published_at": "9999-12-31T00:00:00Z"}),
        "'published-online' date-parts [[<a 31-digit number>, 1, 1]] are not a date",
        "<published> '9999-12-31T00:00:00Z' is not a date",
    ),
    "no-json": ("{not json", "[" * 100_000, "is not JSON", "is not JSON"),
    "shapes": (json.dumps([DOI]), json.dumps({"arxiv_id": POISON_ID}), "not a JSON object",
               "<published> None is not a date"),
}  # fmt: skip


@pytest.mark.parametrize("name", STORED_POISON)
def test_poison_stored_by_an_older_version_is_read_safely(
    name: str, tmp_path: Path, arxiv_fake: ArxivFake, crossref_fake: CrossrefFake
) -> None:
    """A sound harvest, then the records table holds poison (as an older version, which
    took any value, stored it): harvest (nothing due, the stored evidence read again),
    reconcile, explain and audit run, and both entries say what cannot be read."""
    arxiv_fake.add(*ARXIV.values())
    crossref_fake.add(_poison_work())
    db = tmp_path / "h.sqlite"
    assert _harvest(tmp_path, arxiv_fake, crossref_fake).returncode == 0
    assert _resolved(db)[KEYS["work"]] == ("journal_online", "2021-06-01")
    work_json, record_json, work_named, record_named = STORED_POISON[name]
    with sqlite3.connect(db) as conn:
        for service, key, text in (("crossref", DOI, work_json), ("arxiv", POISON_ID, record_json)):
            conn.execute(
                "UPDATE records SET record_json = ? WHERE service = ? AND record_key = ?",
                (text, service, key),
            )
    again = _harvest(tmp_path, arxiv_fake, crossref_fake)
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr[-2000:]
    findings = _every_command_runs(db)
    for key, named in ((KEYS["work"], work_named), (KEYS["arxiv"], record_named)):
        assert named in _unresolved_detail(findings, key)
        assert _resolved(db)[key] == ("unresolved", None)
    assert _resolved(db)[KEYS["good"]] == ("arxiv_submitted", "2024-04-06")
