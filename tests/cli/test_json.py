"""Every `--json` document parses, has the shape the README documents, and the same data
has the same shape in every command (a harvest's list summary is a nightly's)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import run
from tests.cli.test_cli import SUMMARY_KEYS
from tests.conftest import MODEL_LIST
from tests.fakes.arxiv_fake import ArxivFake
from tests.fakes.crossref_fake import CrossrefFake

RUN_KEYS = {"run_id", "exit_code", "changed", "lists", "unreadable"}
EVENT_KEYS = {"list_source", "entry_key", "kind", "message"}


def _env(world: tuple[ArxivFake, CrossrefFake]) -> dict[str, str]:
    return {"HARVESTER_ARXIV_URL": world[0].url, "HARVESTER_CROSSREF_URL": world[1].url}


def test_harvest_and_nightly_print_one_shape(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """`harvest --json` and `nightly --json` print the same run document, field for field."""
    db = tmp_path / "h.sqlite"
    first = json.loads(run("harvest", str(MODEL_LIST), "--json", db=db, **_env(world)).stdout)
    again = run("nightly", str(MODEL_LIST), "--json", db=db, **_env(world))
    assert again.returncode == 0, again.stderr
    second = json.loads(again.stdout)
    for doc in (first, second):
        assert set(doc) == RUN_KEYS and all(set(e) == EVENT_KEYS for e in doc["changed"])
        assert [set(s) for s in doc["lists"]] == [set(SUMMARY_KEYS)]
    assert (first["run_id"], second["run_id"]) == (1, 2)
    assert first["lists"][0]["requests"] == {"arxiv": 2, "crossref": 11}  # the model list
    assert second["lists"][0]["due"] == 0 and second["changed"] == []


def test_runs_json_holds_no_json_inside_strings(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """`runs --json`: counts are objects and lists, events are objects; no encoded JSON."""
    db = tmp_path / "h.sqlite"
    assert run("harvest", str(MODEL_LIST), db=db, **_env(world)).returncode == 0
    out = run("runs", "--json", db=db)
    assert out.returncode == 0, out.stderr
    (only,) = json.loads(out.stdout)["runs"]
    assert only["requests"] == {"arxiv": 2, "crossref": 11} and only["retries"] == {}
    assert only["sources"] == [str(MODEL_LIST)] and only["outcome"] == "ok"
    assert not any(k.endswith("_json") for k in only)
    assert len(only["events"]) == 17 and only["events"][0]["kind"] == "new_decision"


def test_parse_audit_and_explain_json(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """`parse --json`, `audit --format json` and `explain --json` are one document each."""
    db = tmp_path / "h.sqlite"
    parsed = json.loads(run("parse", str(MODEL_LIST), "--json", db=db).stdout)
    assert set(parsed) == {"source", "count", "entries"} and parsed["count"] == 17
    first = parsed["entries"][0]
    assert (first["recorded_date"], first["recorded_precision"]) == ("2024-04-16", "day")
    assert {k: first["date"][k] for k in ("precision", "label", "source", "notation")} == {
        "precision": "day", "label": None, "source": "entry", "notation": "ymd",
    }  # fmt: skip
    assert (first["span"]["line_start"], first["span"]["line_end"]) == (13, 13)
    assert run("harvest", str(MODEL_LIST), db=db, **_env(world)).returncode == 0
    audit = json.loads(run("audit", "--format", "json", db=db).stdout)
    assert set(audit) == {"conflicts"} and audit["conflicts"]
    assert set(audit["conflicts"][0]) == {
        "list_source", "position", "line", "entry_key", "title", "recorded_date",
        "resolved_date", "kind", "delta_days", "detail", "arxiv_id", "doi",
    }  # fmt: skip
    explained = json.loads(run("explain", "arxiv:2401.10637", "--json", db=db).stdout)
    (doc,) = explained["entries"]
    assert set(doc) == {
        "list_source", "list_rule", "pin", "entry_key", "position", "title", "recorded_date",
        "links", "considered", "decision", "findings", "acks", "line", "notes",
    }  # fmt: skip
    assert doc["decision"]["rule"] == "arxiv_submitted"
