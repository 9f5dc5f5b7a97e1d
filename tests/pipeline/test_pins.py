"""The maintainer's pin: a possible published version taken by hand, `none`, and unpin;
pins and acks survive a re-harvest and a reconcile, and explain shows them."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from harvester.errors import InputError
from harvester.pipeline.review import pin_target
from harvester.settings import Settings
from harvester.values.decisions import Pin
from harvester.values.entries import Entry
from tests.cli.helpers import run
from tests.fakes.arxiv_fake import ArxivFake
from tests.fakes.crossref_fake import CrossrefFake
from tests.pipeline.harvesting import harvest_list
from tests.pipeline.test_amended_rule import CASES, load_fakes

KEY = "arxiv:2405.17163"
JOURNAL = "10.1016/j.neunet.2025.107231"  # online 2025-02-11 (Elsevier `created`)
NOW = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)


def _state(db: Path) -> tuple[tuple[object, ...], list[str]]:
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT rule, resolved_date, doi FROM entry_dates").fetchone()
        kinds = [k for (k,) in conn.execute("SELECT kind FROM date_conflicts ORDER BY kind")]
    return row, kinds


def test_pin_unpin_and_ack_survive_harvests_and_reconciles(
    tmp_path: Path, arxiv_fake: ArxivFake, crossref_fake: CrossrefFake
) -> None:
    """The possible version, pinned, decides (journal_online); a re-harvest (which fetches
    the pinned DOI) and a reconcile keep it; unpin brings the finding back; an ack of it
    outlives both as well."""
    load_fakes(CASES / "inserted-words-possible-published-version", arxiv_fake, crossref_fake)
    listing = tmp_path / "README.md"
    listing.write_bytes(
        (CASES / "inserted-words-possible-published-version" / "entry.md").read_bytes()
    )
    db = tmp_path / "h.sqlite"
    settings = Settings(db, arxiv_fake.url, crossref_fake.url, "t@example.org", 0.0, 2.0, 2, 0.01)
    harvest_list(str(listing), settings, now=NOW)
    assert _state(db) == (("arxiv_submitted", "2024-05-27", None), ["possible_published_version"])

    pinned = run("pin", KEY, JOURNAL, "--note", "same paper, retitled", db=db)
    assert pinned.returncode == 0, pinned.stderr
    assert "1 decisions changed" in pinned.stdout
    after = (("journal_online", "2025-02-11", JOURNAL), ["date_mismatch"])
    assert _state(db) == after
    doi_fetches = len([e for e in crossref_fake.log.entries if "filter" in e.query])
    harvest_list(str(listing), settings, now=NOW + timedelta(hours=1))
    assert _state(db) == after
    assert len([e for e in crossref_fake.log.entries if "filter" in e.query]) > doi_fetches
    assert run("reconcile", db=db).returncode == 0 and _state(db) == after
    explained = json.loads(run("explain", KEY, "--json", db=db).stdout)["entries"][0]
    assert explained["pin"]["target"] == JOURNAL
    assert explained["pin"]["note"] == "same paper, retitled"
    assert explained["considered"][0]["origin"] == "maintainer's pin"
    assert "pinned    " + JOURNAL in run("explain", KEY, db=db).stdout

    assert run("unpin", KEY, db=db).returncode == 0
    assert _state(db) == (("arxiv_submitted", "2024-05-27", None), ["possible_published_version"])
    again = run("unpin", KEY, db=db)
    assert again.returncode == 2 and f"{KEY}: not pinned" in again.stderr

    assert run("ack", KEY, "--note", "not the same paper", db=db).returncode == 0
    assert _state(db)[1] == []
    harvest_list(str(listing), settings, now=NOW + timedelta(days=30), refresh_all=True)
    assert run("reconcile", db=db).returncode == 0 and _state(db)[1] == []


def test_pin_none_means_no_published_version(
    tmp_path: Path, arxiv_fake: ArxivFake, crossref_fake: CrossrefFake
) -> None:
    """A journal found by search, pinned `none`, no longer decides: the arXiv date does."""
    folder = CASES / "ssrn-journal-article-twin-ranked-first"
    load_fakes(folder, arxiv_fake, crossref_fake)
    listing = tmp_path / "README.md"
    listing.write_bytes((folder / "entry.md").read_bytes())
    db = tmp_path / "h.sqlite"
    settings = Settings(db, arxiv_fake.url, crossref_fake.url, "t@example.org", 0.0, 2.0, 2, 0.01)
    harvest_list(str(listing), settings, now=NOW)
    (key,) = [k for (k,) in sqlite3.connect(db).execute("SELECT entry_key FROM entry_dates")]
    assert _state(db)[0][0] == "journal_online"
    assert run("pin", key, "none", "--note", "a different paper", db=db).returncode == 0
    assert _state(db) == (("arxiv_submitted", "2023-09-28", None), [])
    harvest_list(str(listing), settings, now=NOW + timedelta(days=30), refresh_all=True)
    assert _state(db) == (("arxiv_submitted", "2023-09-28", None), [])


def test_pin_errors_name_the_entry_or_the_target(tmp_path: Path) -> None:
    """An unknown entry, a target that is no DOI or arXiv ID: one line, exit 2."""
    db = tmp_path / "h.sqlite"
    listing = tmp_path / "README.md"
    listing.write_text("- (2024/01/19) A Paper. [[arXiv](https://arxiv.org/abs/2401.10637)]\n")
    env = {"HARVESTER_ARXIV_URL": "http://127.0.0.1:9/api/query",
           "HARVESTER_CROSSREF_URL": "http://127.0.0.1:9"}  # fmt: skip
    run("harvest", str(listing), db=db, **env)
    unknown = run("pin", "arxiv:2101.00001", "none", "--note", "x", db=db)
    assert unknown.returncode == 2 and "arxiv:2101.00001: no such entry" in unknown.stderr
    bad = run("pin", "arxiv:2401.10637", "nonsense", "--note", "x", db=db)
    assert bad.returncode == 2
    assert "pin: 'nonsense' is not a DOI, arxiv:ID or none" in bad.stderr


@pytest.mark.parametrize(
    ("text", "target"),
    [("none", "none"), ("NONE", "none"), ("arxiv:2401.10637v3", "arxiv:2401.10637"),
     ("10.1016/J.MEDIA.2023.1", "10.1016/j.media.2023.1"), ("doi:10.1000/x", "10.1000/x"),
     ("https://doi.org/10.1000/x", "10.1000/x")],
)  # fmt: skip
def test_pin_targets(text: str, target: str) -> None:
    """A target in any usual spelling becomes its normal form."""
    assert pin_target(text) == target


@pytest.mark.parametrize("text", ["arxiv:1234", "10.1/", "https://example.org/10.1/x"])
def test_bad_pin_targets(text: str) -> None:
    """Not an arXiv ID, not a DOI."""
    with pytest.raises(InputError):
        pin_target(text)


def test_a_pin_puts_its_identifier_first() -> None:
    """The pinned DOI or arXiv ID leads the entry's own; `none` changes no link."""
    from harvester.listing.parse import parse_list

    (entry,) = parse_list(
        b"- (2024/01/19) A Paper. [[a](https://arxiv.org/abs/2401.10637)]"
        b" [[b](https://doi.org/10.1000/b)]\n"
    )
    assert isinstance(entry, Entry)
    by = ("k", "note", "me", "2026-12-01T00:00:00+00:00")
    assert Pin(by[0], "10.1000/a", *by[1:]).apply(entry).dois == ("10.1000/a", "10.1000/b")
    assert Pin(by[0], "10.1000/b", *by[1:]).apply(entry).dois == ("10.1000/b",)
    assert Pin(by[0], "arxiv:2402.00001", *by[1:]).apply(entry).arxiv_ids == (
        "2402.00001", "2401.10637"
    )  # fmt: skip
    assert Pin(by[0], "none", *by[1:]).apply(entry) == entry
