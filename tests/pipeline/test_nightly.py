"""The nightly job: incremental, observable, locked, crash-safe."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from harvester.cli.output import nightly_lines
from harvester.errors import ConfigError
from harvester.pipeline.config import config_from
from harvester.pipeline.nightly import run_nightly
from harvester.pipeline.runner import run_lists
from harvester.settings import Settings
from harvester.store.runs import KILLED
from harvester.values.runs import RunEvent
from tests.cli.helpers import cli_env
from tests.conftest import MODEL_LIST
from tests.fakes.arxiv_fake import ArxivFake
from tests.fakes.crossref_fake import CrossrefFake
from tests.fakes.model_world import CROSSREF

NOW = datetime(2026, 11, 28, 3, 17, tzinfo=UTC)
#: The model-list entries the rule resolves from arXiv alone (see tests/test_review.py).
ARXIV_ONLY = {
    "arxiv:2404.04518", "arxiv:2403.12570", "arxiv:2401.16363", "arxiv:2401.10561",
    "arxiv:2401.10637", "arxiv:2311.12081", "arxiv:2311.03074", "arxiv:2308.16150",
    "doi:10.1007/978-3-031-43904-9_29",
}  # fmt: skip
VIEWS = [
    "SELECT entry_key, list_source, position, section, title, recorded_date, resolved_date, rule,"
    " arxiv_id, arxiv_submitted, doi, venue, venue_type, online_date, online_date_source"
    " FROM entry_dates ORDER BY list_source, entry_key",
    "SELECT * FROM date_conflicts ORDER BY list_source, entry_key, kind",
]


def settings_for(db: Path, world: tuple[ArxivFake, CrossrefFake]) -> Settings:
    return Settings(db, world[0].url, world[1].url, "tests@example.org", 0.0, 2.0, 3, 0.01)


def total_requests(world: tuple[ArxivFake, CrossrefFake]) -> int:
    return len(world[0].log.entries) + len(world[1].log.entries)


def views(db: Path) -> list[list[tuple[object, ...]]]:
    with sqlite3.connect(db) as conn:
        return [conn.execute(sql).fetchall() for sql in VIEWS]


def test_second_run_makes_no_requests_and_eight_days_later_only_arxiv_entries_are_due(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """Run twice: the second asks nothing upstream; a week and a day later only the
    entries resolved from arXiv alone are due."""
    db = tmp_path / "h.sqlite"
    first = run_lists([str(MODEL_LIST)], settings_for(db, world), now=NOW)
    assert first.summaries[0].due == 17 and first.exit_code == 0
    before = total_requests(world)
    second = run_lists([str(MODEL_LIST)], settings_for(db, world), now=NOW + timedelta(hours=1))
    assert total_requests(world) == before and second.requests() == {"arxiv": 0, "crossref": 0}
    assert second.summaries[0].due == 0
    later = run_lists([str(MODEL_LIST)], settings_for(db, world), now=NOW + timedelta(days=8))
    assert set(later.summaries[0].refreshed) == ARXIV_ONLY
    assert total_requests(world) > before


def test_runs_are_recorded_with_changed_decisions(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """Each run is a row with counts; a preprint that became a journal paper is an event."""
    db = tmp_path / "h.sqlite"
    run_lists([str(MODEL_LIST)], settings_for(db, world), now=NOW)
    world[1].add(
        {**next(w for w in CROSSREF if w["DOI"] == "10.1016/j.media.2024.103088"),
         "DOI": "10.1016/j.media.2024.200001", "title": ["Towards Universal Unsupervised Anomaly Detection in Medical Imaging"],
         "author": [{"given": "C.", "family": "Bercea", "sequence": "first", "affiliation": []}],
         "created": {"date-parts": [[2024, 6, 3]], "date-time": "2024-06-03T08:00:00Z", "timestamp": 0}}
    )  # fmt: skip
    report = run_lists([str(MODEL_LIST)], settings_for(db, world), now=NOW + timedelta(days=8))
    assert report.events == [
        RunEvent(str(MODEL_LIST), "arxiv:2401.10637", "now_in_journal",
                 "preprint now published in a journal: date moves from 2024-01-19 to 2024-06-03"),
    ]  # fmt: skip
    assert nightly_lines(report)[0].startswith("changed ")
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT outcome, entries_seen, entries_due, decisions_changed, requests_json FROM runs ORDER BY id"
        ).fetchall()
        events = conn.execute("SELECT entry_key, kind FROM run_events WHERE run_id = 2").fetchall()
    assert [r[:4] for r in rows] == [("ok", 17, 17, 17), ("ok", 17, 9, 1)]
    assert '"arxiv": ' in rows[1][4] and events == [("arxiv:2401.10637", "now_in_journal")]


def test_config_file_errors_name_the_field() -> None:
    """A bad config names the field; a good one gives lists and intervals."""
    cfg = config_from(
        {"lists": ["a.md"], "refresh": {"arxiv_days": 3, "failure_backoff_hours": [2, 4]}}, "x.toml"
    )
    assert cfg.lists == ("a.md",) and cfg.intervals.arxiv_days == 3.0
    with pytest.raises(ConfigError, match=r"x.toml: unknown \[refresh\] setting 'weekly'"):
        config_from({"lists": [], "refresh": {"weekly": 1}}, "x.toml")
    with pytest.raises(ConfigError, match=r"refresh\.arxiv_days must be a positive"):
        config_from({"refresh": {"arxiv_days": "soon"}}, "x.toml")
    with pytest.raises(ConfigError, match="no lists to harvest"):
        run_nightly(
            Settings(Path("unused.sqlite"), "http://x", "http://x", None, 0, 1, 1, 0), None, []
        )


def test_example_config_is_valid() -> None:
    """The shipped example config reads cleanly."""
    from harvester.pipeline.config import read_config

    cfg = read_config(Path(__file__).parents[2] / "jobs" / "nightly.example.toml")
    assert len(cfg.lists) == 1 and cfg.intervals.failure_backoff_hours == (1, 6, 24, 72, 168)


def _harvest(db: Path, world: tuple[ArxivFake, CrossrefFake]) -> subprocess.Popen[str]:
    env = cli_env(db, HARVESTER_ARXIV_URL=world[0].url, HARVESTER_CROSSREF_URL=world[1].url)
    return subprocess.Popen(
        [sys.executable, "-m", "jobs.nightly", str(MODEL_LIST)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=Path(__file__).parents[2],
    )  # fmt: skip


def _wait_for_requests(world: tuple[ArxivFake, CrossrefFake], n: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while total_requests(world) < n:
        assert time.monotonic() < deadline, "the harvest never got going"
        time.sleep(0.05)


def test_killed_run_leaves_a_consistent_database_and_the_next_run_finishes_the_work(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """SIGKILL mid-run: integrity ok; re-running gives the views of an uninterrupted run."""
    clean = tmp_path / "clean.sqlite"
    run_lists([str(MODEL_LIST)], settings_for(clean, world))
    world[0].latency = world[1].latency = 0.2
    killed = tmp_path / "killed.sqlite"
    start = total_requests(world)
    proc = _harvest(killed, world)
    _wait_for_requests(world, start + 5)  # past arXiv, inside the Crossref searches
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    with sqlite3.connect(killed) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT outcome FROM runs").fetchall() == [("running",)]
    world[0].latency = world[1].latency = 0.0
    rerun = _harvest(killed, world)
    _, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    assert views(killed) == views(clean)
    with sqlite3.connect(killed) as conn:
        assert conn.execute("SELECT outcome, reason FROM runs ORDER BY id").fetchall() == [
            ("interrupted", KILLED),
            ("ok", ""),
        ]


@pytest.mark.parametrize("other", ["same path", "symlink", "hard link"])
def test_a_second_harvest_on_the_same_database_exits_4(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake], other: str
) -> None:
    """While one harvest runs, another on the same database file, by whatever path, exits 4
    naming the holder (by path or symlink; a hard link cannot see the holder's note)."""
    db = tmp_path / "h.sqlite"
    sqlite3.connect(db).close()  # an existing file, as a hard link needs
    alias = {"same path": db, "symlink": tmp_path / "link.sqlite", "hard link": tmp_path / "hard"}
    if other == "symlink":
        alias[other].symlink_to(db)
    elif other == "hard link":
        alias[other].hardlink_to(db)
    world[0].latency = world[1].latency = 0.2
    first = _harvest(db, world)
    _wait_for_requests(world, 1)
    second = _harvest(alias[other], world)
    _, err = second.communicate(timeout=60)
    assert second.returncode == 4, err
    assert "another harvest holds the lock" in err
    holder = "through another path" if other == "hard link" else f"pid {first.pid}"
    assert holder in err
    world[0].latency = world[1].latency = 0.0
    first.communicate(timeout=120)
    assert first.returncode == 0
