"""The list's rule end to end: `--rule` and the nightly config choose it, the list keeps
it, and reconcile, explain and later harvests use the stored one."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from harvester.errors import ConfigError
from harvester.pipeline.config import config_from
from harvester.pipeline.nightly import run_nightly
from harvester.pipeline.runner import run_lists
from tests.cli.helpers import run
from tests.conftest import MODEL_LIST
from tests.fakes.arxiv_fake import ArxivFake
from tests.fakes.crossref_fake import CrossrefFake
from tests.pipeline.test_nightly import NOW, settings_for

SOURCE = str(MODEL_LIST)


def _decisions(db: Path) -> dict[str, tuple[str, str | None, str | None]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT entry_key, rule, resolved_date, arxiv_submitted FROM entry_dates"
        )
        return {key: (rule, resolved, submitted) for key, rule, resolved, submitted in rows}


def _stored_rule(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        (rule,) = conn.execute("SELECT date_rule FROM list_sources").fetchone()
        return str(rule)


def test_arxiv_first_takes_the_arxiv_date_wherever_there_is_one_and_is_kept(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """journal-first by default; `arxiv-first` turns every decision with an arXiv record into
    its submission date (the journal papers with a preprint change), leaves the others as
    they were, is stored with the list and outlives a harvest that names no rule."""
    db, settings = tmp_path / "h.sqlite", settings_for(tmp_path / "h.sqlite", world)
    run_lists([SOURCE], settings, now=NOW)
    journal_first = _decisions(db)
    assert _stored_rule(db) == "journal-first"
    moved = {k for k, (rule, _, submitted) in journal_first.items()
             if rule == "journal_online" and submitted}  # fmt: skip
    assert moved, "the model world has journal papers with a preprint"

    report = run_lists([SOURCE], settings, now=NOW, rules={SOURCE: "arxiv-first"})
    arxiv_first = _decisions(db)
    assert _stored_rule(db) == "arxiv-first" and report.summaries[0].list_rule == "arxiv-first"
    for key, (rule, resolved, submitted) in arxiv_first.items():
        if submitted:
            assert (rule, resolved) == ("arxiv_submitted", submitted), key
        else:
            assert (rule, resolved) == journal_first[key][:2], key
    assert {e.entry_key for e in report.events} == moved
    assert {e.kind for e in report.events} == {"date_changed"}  # journal_online -> arxiv_submitted

    run_lists([SOURCE], settings, now=NOW + timedelta(hours=1))
    assert _stored_rule(db) == "arxiv-first" and _decisions(db) == arxiv_first
    reconciled = run("reconcile", db=db)
    assert reconciled.returncode == 0 and "0 decisions changed" in reconciled.stdout
    key = sorted(moved)[0]
    explained = json.loads(run("explain", key, "--json", db=db).stdout)["entries"][0]
    assert (explained["list_rule"], explained["decision"]["rule"]) == (
        "arxiv-first", "arxiv_submitted"
    )  # fmt: skip


def test_the_nightly_config_names_a_lists_rule(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """`{ source = ..., rule = "arxiv-first" }` in `lists` harvests that list under its rule."""
    config = tmp_path / "nightly.toml"
    config.write_text(f"lists = [{{ source = {json.dumps(SOURCE)}, rule = 'arxiv-first' }}]\n")
    db = tmp_path / "h.sqlite"
    report = run_nightly(settings_for(db, world), config, [], now=NOW)
    assert report.exit_code == 0 and _stored_rule(db) == "arxiv-first"
    assert all(rule == "arxiv_submitted" for rule, _, s in _decisions(db).values() if s)


def test_harvest_takes_rule_on_the_command_line(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """`harvest --rule arxiv-first` stores the rule and the summary names it; an unknown
    rule is refused by click with exit 2 before anything is stored."""
    db = tmp_path / "h.sqlite"
    env = {"HARVESTER_ARXIV_URL": world[0].url, "HARVESTER_CROSSREF_URL": world[1].url}
    bad = run("harvest", SOURCE, "--rule", "newest", db=db, **env)
    assert bad.returncode == 2 and "'newest' is not one of 'journal-first', 'arxiv-first'" in (
        bad.stderr
    )
    assert not db.exists()
    out = run("harvest", SOURCE, "--rule", "arxiv-first", db=db, **env)
    assert out.returncode == 0, out.stderr
    assert f"list       {SOURCE} (rule arxiv-first)" in out.stdout
    assert _stored_rule(db) == "arxiv-first"


@pytest.mark.parametrize(
    ("lists", "message"),
    [
        ([{"source": "a.md", "rule": "newest"}],
         "x.toml: lists[1].rule must be one of journal-first, arxiv-first, not 'newest'"),
        (["a.md", {"rule": "arxiv-first"}],
         "x.toml: lists[2] must be a file path or URL, or { source = ..., rule = ... }"),
        ([{"source": "a.md", "rules": "arxiv-first"}], "x.toml: lists[1]: unknown setting 'rules'"),
        ("a.md", "x.toml: 'lists' must be a list of file paths or URLs"),
    ],
)  # fmt: skip
def test_config_errors_name_the_list_and_field(lists: object, message: str) -> None:
    """A wrong rule, a table without a source, an unknown key: one line naming it."""
    with pytest.raises(ConfigError) as caught:
        config_from({"lists": lists}, "x.toml")
    assert str(caught.value) == message


def test_config_lists_keep_their_order_and_only_named_rules() -> None:
    """Plain sources and tables mix; only the lists that name a rule have one."""
    cfg = config_from({"lists": ["a.md", {"source": "b.md", "rule": "arxiv-first"},
                                 {"source": "c.md"}]}, "x.toml")  # fmt: skip
    assert cfg.lists == ("a.md", "b.md", "c.md") and cfg.rules == {"b.md": "arxiv-first"}
