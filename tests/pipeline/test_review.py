"""The maintainer's view: decisions on the model list, audit, explain, render, ack, reconcile."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harvester.settings import Settings
from harvester.upstream.decisions_file import decisions_path
from tests.cli.helpers import cli_env, run
from tests.conftest import LISTS, MODEL_LIST
from tests.fakes.arxiv_fake import ArxivFake
from tests.fakes.crossref_fake import CrossrefFake
from tests.fakes.model_world import ARXIV, CROSSREF
from tests.pipeline.harvesting import harvest_list

#: What the rule implies for each model-list entry with the records of tests/fakes/model_world.py,
#: worked out by hand: (rule, resolved date, finding kinds).
EXPECTED = {
    "arxiv:2404.04518": ("arxiv_submitted", "2024-04-06", ["date_mismatch"]),
    "arxiv:2403.12570": ("arxiv_submitted", "2024-03-19", []),
    "arxiv:2401.16363": ("arxiv_submitted", "2024-01-29", []),
    # Elsevier: created; the list is sorted newest first, and 2024/01/13 sits above the two
    # 2024/01/19 entries
    "doi:10.1016/j.media.2024.103088": ("journal_online", "2024-01-13", ["order"]),
    "arxiv:2401.10561": ("arxiv_submitted", "2024-01-19", []),
    "arxiv:2401.10637": ("arxiv_submitted", "2024-01-19", []),  # MIDL: no DOI
    "title:9b9f8b94899cb9f9": (
        "unresolved",
        None,
        ["unresolved"],
    ),  # only a Research Square preprint
    "doi:10.1016/j.patcog.2023.110167": ("journal_online", "2023-11-29", ["date_mismatch"]),
    "arxiv:2311.12081": ("arxiv_submitted", "2023-11-20", []),
    "arxiv:2311.03074": ("arxiv_submitted", "2023-11-06", ["date_mismatch"]),
    "doi:10.1016/j.media.2023.102967": (
        "journal_online",
        "2023-09-16",
        [],
    ),  # beats arXiv 2023-07-06
    "doi:10.1109/tmi.2023.3310716": ("journal_online", "2023-08-31", []),  # IEEE: created
    "arxiv:2308.16150": ("arxiv_submitted", "2023-08-30", []),
    "doi:10.1016/j.media.2023.102930": ("journal_online", "2023-08-14", []),
    "doi:10.1007/978-3-031-43904-9_29": (
        "arxiv_submitted",
        "2023-03-15",
        [],
    ),  # chapter; arXiv by title wins
    # TMI found by title; at 2023-07-27 it is newer than the 2023/03/15 entry above it
    "ieee:10197302": ("journal_online", "2023-07-27", ["date_mismatch", "order"]),
    "doi:10.1007/978-3-031-16434-7_63": ("publisher_online", "2022-09-16", []),  # chapter, no arXiv
}
VERSIONS = {
    "MedAIerHHL__awesome-medical-image-anoraml-detection__README.md": 17,
    "MedAIerHHL__awesome-medical-image-anoraml-detection__README@2f11807.md": 16,
    "MedAIerHHL__awesome-medical-image-anoraml-detection__README@4f78b05.md": 14,
}


@pytest.fixture(scope="module")
def fakes() -> Iterator[tuple[ArxivFake, CrossrefFake]]:
    with ArxivFake(ARXIV) as arxiv_fake, CrossrefFake(CROSSREF) as crossref_fake:
        yield arxiv_fake, crossref_fake


def settings_for(db: Path, fakes: tuple[ArxivFake, CrossrefFake]) -> Settings:
    return Settings(db, fakes[0].url, fakes[1].url, "tests@example.org", 0.0, 2.0, 3, 0.01)


@pytest.fixture(scope="module")
def harvested(
    tmp_path_factory: pytest.TempPathFactory, fakes: tuple[ArxivFake, CrossrefFake]
) -> Path:
    """A database holding the three versions of the model list, harvested against the fakes."""
    db = tmp_path_factory.mktemp("review") / "h.sqlite"
    for name in VERSIONS:
        harvest_list(str(LISTS / name), settings_for(db, fakes))
    return db


@pytest.fixture
def db(harvested: Path, tmp_path: Path) -> Path:
    """A private copy of the harvested database."""
    copy = tmp_path / "h.sqlite"
    shutil.copy(harvested, copy)
    return copy


def decisions(db: Path, source: str) -> dict[str, tuple[str, str | None, list[str]]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT entry_key, rule, resolved_date FROM entry_dates WHERE list_source = ?",
            (source,),
        ).fetchall()
        kinds = conn.execute(
            "SELECT entry_key, kind FROM date_conflicts WHERE list_source = ?", (source,)
        ).fetchall()
    return {k: (rule, day, sorted(kd for key, kd in kinds if key == k)) for k, rule, day in rows}


@pytest.mark.parametrize("name", list(VERSIONS))
def test_model_list_decisions_follow_the_rule(harvested: Path, name: str) -> None:
    """Each version of the model list gets the decisions the rule implies, entry by entry."""
    got = decisions(harvested, str(LISTS / name))
    assert len(got) == VERSIONS[name]
    assert got == {k: (r, d, sorted(f)) for k, (r, d, f) in EXPECTED.items() if k in got}


def test_audit_json_csv_and_kind_filter(db: Path) -> None:
    """audit prints the open findings newest first as JSON or CSV, filtered by kind."""
    source = str(MODEL_LIST)
    out = run("audit", "--format", "json", "--source", source, db=db)
    rows = json.loads(out.stdout)["conflicts"]
    assert [(r["position"], r["kind"]) for r in rows] == [
        (1, "date_mismatch"), (4, "order"), (7, "unresolved"), (8, "date_mismatch"),
        (10, "date_mismatch"), (16, "date_mismatch"), (16, "order"),
    ]  # fmt: skip
    assert rows[-2]["delta_days"] == -148 and "10.1109/tmi.2023.3298093" in rows[-2]["detail"]
    assert rows[-1]["delta_days"] is None
    out = run("audit", "--format", "csv", "--kind", "unresolved", "--source", source, db=db)
    parsed = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [(r["position"], r["kind"]) for r in parsed] == [("7", "unresolved")]
    table = run("audit", "--source", source, db=db).stdout
    assert "7 open findings" in table and "date_mismatch" in table


def test_fail_on_conflict_gates_on_date_mismatch(db: Path) -> None:
    """--fail-on-conflict exits 1 while a date_mismatch is open, 0 once none is."""
    assert run("audit", "--fail-on-conflict", db=db).returncode == 1
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM findings WHERE kind = 'date_mismatch'")
    out = run("audit", "--fail-on-conflict", db=db)
    assert out.returncode == 0 and "unresolved" in out.stdout


@pytest.mark.parametrize("query", ["deep dive pathology", "ieee:10197302", "2303.00609"])
def test_explain_shows_candidates_and_decision(db: Path, query: str) -> None:
    """explain finds the TMI entry by words or key and shows every candidate and the decision."""
    out = run("explain", query, "--json", db=db)
    assert out.returncode == 0, out.stderr
    docs = [d for d in json.loads(out.stdout)["entries"] if d["list_source"] == str(MODEL_LIST)]
    assert len(docs) == 1 and docs[0]["decision"]["rule"] == "journal_online"
    verdicts = {(c["origin"], c["key"]): c["verdict"] for c in docs[0]["considered"]}
    assert verdicts[("arXiv title search", "2303.00609")] == "taken"
    assert verdicts[("Crossref search", "10.1109/tmi.2023.3298093")] == "taken"
    assert any(v.startswith("refused: title only") for v in verdicts.values())
    requests = {c["key"]: c["request"] for c in docs[0]["considered"]}
    assert "query.bibliographic=" in requests["10.1109/tmi.2023.3298093"]
    assert "search_query=" in requests["2303.00609"]


def _explained(db: Path, query: str) -> dict[str, Any]:
    """The model list's entry (the database holds three versions of the list)."""
    docs = json.loads(run("explain", query, "--json", db=db).stdout)["entries"]
    (doc,) = [d for d in docs if d["list_source"] == str(MODEL_LIST)]
    return doc  # type: ignore[no-any-return]


def _explained_text(db: Path, query: str) -> str:
    out = run("explain", query, db=db).stdout
    (text,) = [t for t in out.split("\n\n") if f" of {MODEL_LIST})" in t.splitlines()[0]]
    return text


def test_explain_names_the_entrys_own_requests(db: Path) -> None:
    """The Crossref hits of MedIAnomaly's search come from MedIAnomaly's search, though the
    same works were stored last by other entries' searches (the fakes rank a small corpus)."""
    doc = _explained(db, "arxiv:2404.04518")
    searched = [c for c in doc["considered"] if c["origin"] == "Crossref search"]
    assert len(searched) >= 2
    for c in searched:
        assert "query.bibliographic=MedIAnomaly" in c["request"], c["request"]
    (linked,) = [c for c in doc["considered"] if c["origin"] == "linked arXiv ID"]
    assert "id_list=" in linked["request"] and "2404.04518" in linked["request"]
    tmi = _explained(db, "ieee:10197302")
    (title_hit,) = [c for c in tmi["considered"] if c["origin"] == "arXiv title search"]
    assert "Unsupervised+Pathology+Detection" in title_hit["request"]


def test_explain_lists_each_candidate_once_and_no_empty_fields(db: Path) -> None:
    """Every candidate once, under the request it came from; an arXiv-only decision prints
    no empty published-version line."""
    for query in ("arxiv:2404.04518", "ieee:10197302"):  # the second takes a search hit
        pairs = [(c["origin"], c["key"]) for c in _explained(db, query)["considered"]]
        assert len(pairs) == len(set(pairs)), pairs
    out = _explained_text(db, "arxiv:2404.04518")
    lines = out.splitlines()
    assert "version" not in out and "(-, -)" not in out and "from -" not in out
    assert "    arXiv   2404.04518 submitted 2024-04-06" in lines
    assert lines[0] == f"arxiv:2404.04518  (#1, line 13 of {MODEL_LIST})"
    heads = [line for line in lines if line.startswith("    Crossref search")]
    assert len(heads) == 1 and "MedIAnomaly" in heads[0]  # one heading for the one search


def test_explain_shows_the_acks_and_whether_they_hold(db: Path) -> None:
    """An ack on the entry, with its note; flagged once the evidence it saw has changed."""
    with sqlite3.connect(db) as conn:  # as `ack` stores it (the file beside the list aside)
        conn.execute(
            "INSERT INTO acks (list_source, entry_key, kind, evidence_key, note, acked_by,"
            " acked_at) SELECT list_source, entry_key, kind, evidence_key, 'we keep it',"
            " 'maintainer', '2026-12-01T00:00:00Z' FROM findings"  # its order finding aside
            " WHERE list_source = ? AND entry_key = 'ieee:10197302' AND kind = 'date_mismatch'",
            (str(MODEL_LIST),),
        )
    out = _explained_text(db, "ieee:10197302")
    assert "(-148 days). (acked)" in out
    (ack,) = [line for line in out.splitlines() if line.startswith("  ack ")]
    assert ack == "  ack       date_mismatch by maintainer at 2026-12-01T00:00:00Z: we keep it"
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE acks SET evidence_key = 'older evidence'")
    doc = _explained(db, "ieee:10197302")
    assert [(a["note"], a["holds"]) for a in doc["acks"]] == [("we keep it", False)]
    assert [(f["kind"], f["acked"]) for f in doc["findings"]] == [
        ("date_mismatch", False), ("order", False),
    ]  # fmt: skip
    assert "(no longer holds: the evidence changed)" in _explained_text(db, "ieee:10197302")


def test_explain_unknown_query_exits_2(db: Path) -> None:
    """A query that matches nothing is a usage error."""
    out = run("explain", "no such paper anywhere", db=db)
    assert out.returncode == 2 and "no entry matches" in out.stderr


def test_render_diff_applies_with_git(db: Path, tmp_path: Path) -> None:
    """`render --diff | git apply` fixes exactly the four wrong dates."""
    work = tmp_path / "repo"
    work.mkdir()
    shutil.copy(MODEL_LIST, work / "README.md")
    rendered = run("render", str(MODEL_LIST), db=db).stdout
    diff = run("render", MODEL_LIST.name, "--diff", db=db, cwd=MODEL_LIST.parent).stdout
    diff = diff.replace(f"a/{MODEL_LIST.name}", "a/README.md").replace(
        f"b/{MODEL_LIST.name}", "b/README.md"
    )
    subprocess.run(["git", "apply", "-"], input=diff, text=True, cwd=work, check=True)
    fixed = (work / "README.md").read_text()
    assert fixed == rendered
    changed = [
        (a, b)
        for a, b in zip(MODEL_LIST.read_text().splitlines(), fixed.splitlines(), strict=True)
        if a != b
    ]
    assert [b[:14] for _, b in changed] == [
        "* (2024/04/06)",
        "* (2023/11/29)",
        "* (2023/11/06)",
        "* (2023/07/27)",
    ]


def test_render_of_a_correct_list_is_byte_identical(
    db: Path, tmp_path: Path, fakes: tuple[ArxivFake, CrossrefFake]
) -> None:
    """A list whose dates are all right renders to itself, CRLF and trailing spaces included."""
    fixed = run("render", str(MODEL_LIST), db=db).stdout.encode()
    crlf = tmp_path / "fixed.md"
    crlf.write_bytes(fixed.replace(b"\n", b"  \r\n"))
    harvest_list(str(crlf), settings_for(db, fakes))
    command = [sys.executable, "-m", "harvester", "render", str(crlf)]
    out = subprocess.run(command, capture_output=True, env=cli_env(db))
    assert out.returncode == 0 and out.stdout == crlf.read_bytes()


def test_ack_hides_a_finding_until_its_evidence_changes(
    db: Path, fakes: tuple[ArxivFake, CrossrefFake], tmp_path: Path
) -> None:
    """An acknowledged finding leaves date_conflicts, and comes back when the evidence
    changes. (The ack is also written beside the list: a copy of the model list, so that
    no other test, in this process or another, sees it.)"""
    listing = tmp_path / "list" / "README.md"
    listing.parent.mkdir()
    shutil.copy(MODEL_LIST, listing)
    source = str(listing.resolve())
    harvest_list(source, settings_for(db, fakes))
    out = run(
        "ack", "ieee:10197302", "--note", "the list keeps the arXiv date", "--source", source, db=db
    )
    assert out.returncode == 0, out.stderr
    assert decisions_path(listing).is_file()
    assert (
        "ieee:10197302" not in decisions(db, source)
        or decisions(db, source)["ieee:10197302"][2] == []
    )
    with sqlite3.connect(db) as conn:
        who = conn.execute("SELECT note, acked_by, acked_at FROM acks").fetchone()
    assert who[0] == "the list keeps the arXiv date" and who[1] and who[2]
    assert run("reconcile", db=db).returncode == 0  # same evidence: still acknowledged
    assert decisions(db, source)["ieee:10197302"][2] == []
    tmi = next(w for w in fakes[1].works.values() if w["DOI"] == "10.1109/tmi.2023.3298093")
    tmi["created"] = {
        **tmi["created"],
        "date-parts": [[2023, 7, 28]],
        "date-time": "2023-07-28T17:48:57Z",
    }
    try:
        harvest_list(source, settings_for(db, fakes), refresh_all=True)
    finally:
        tmi["created"] = {
            **tmi["created"],
            "date-parts": [[2023, 7, 27]],
            "date-time": "2023-07-27T17:48:57Z",
        }
    assert decisions(db, source)["ieee:10197302"] == (
        "journal_online",
        "2023-07-28",
        ["date_mismatch", "order"],  # its date is the order finding's evidence too
    )


def test_reconcile_needs_no_network(db: Path) -> None:
    """reconcile re-applies the rule from the store alone: same decisions, nothing changed."""
    before = decisions(db, str(MODEL_LIST))
    out = run("reconcile", db=db)  # the service URLs point at a closed loopback port
    assert out.returncode == 0, out.stderr
    assert "0 decisions changed" in out.stdout
    assert decisions(db, str(MODEL_LIST)) == before


def test_commands_refuse_a_missing_database(tmp_path: Path) -> None:
    """Reading commands never create a database: exit 2 naming the file."""
    out = run("audit", db=tmp_path / "none.sqlite")
    assert out.returncode == 2 and "none.sqlite: no database here" in out.stderr
    assert not (tmp_path / "none.sqlite").exists()


def test_explain_text_names_the_requests(db: Path) -> None:
    """The text form of explain shows where each candidate came from."""
    out = run("explain", "ieee:10197302", db=db)
    assert out.returncode == 0, out.stderr
    assert "from http://127.0.0.1:" in out.stdout and "query.bibliographic=" in out.stdout
    assert "decision  journal_online: 2023-07-27" in out.stdout
