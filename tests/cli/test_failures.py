"""Failures a person can read: one short line per class in the summary, failed entries
counted apart, and only `fetch_failed` (never also `unresolved`) for an entry that could
not be asked."""

from __future__ import annotations

import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from harvester.values.runs import failure_class, failure_classes
from tests.cli.helpers import cli_env, run
from tests.conftest import MODEL_LIST
from tests.fakes import faults
from tests.fakes.arxiv_fake import ArxivFake
from tests.fakes.crossref_fake import CrossrefFake


def test_services_unreachable_make_one_line_per_class(tmp_path: Path) -> None:
    """Both services refuse connections (the helpers point them at a closed port)."""
    db = tmp_path / "h.sqlite"
    out = run("harvest", str(MODEL_LIST), "-q", db=db)
    assert out.returncode == 3
    lines = out.stdout.splitlines()
    assert "failures   17 entries not served (retried next run; `audit --kind fetch_failed`" in (
        out.stdout
    )
    assert lines[-1] == "  arXiv unreachable: connection refused (17 entries)"
    assert not any(line.startswith("decided") for line in lines)
    failures = lines[next(i for i, line in enumerate(lines) if line.startswith("failures")) :]
    assert len(failures) == 2 and max(map(len, failures)) < 100  # was 17 lines of ~1,000
    with sqlite3.connect(db) as conn:
        kinds = conn.execute("SELECT kind, COUNT(*) FROM date_conflicts GROUP BY kind").fetchall()
    # the list's own order needs no service: 2024/01/13 sits above two 2024/01/19 entries
    assert kinds == [("fetch_failed", 17), ("order", 1)]


@pytest.mark.parametrize(
    ("why", "label"),
    [
        ("arxiv: connection failed: HTTPConnectionPool(host='127.0.0.1', port=9): Max retries"
         " exceeded (Caused by NewConnectionError('[Errno 111] Connection refused')) (http://x)",
         "arXiv unreachable: connection refused"),
        ("crossref: HTTP 503 (http://127.0.0.1:9/works?query=a)", "Crossref answered HTTP 503"),
        ("crossref: no reply in time (http://x)", "Crossref no reply in time"),
        ("arxiv: timed out after 30 s (http://x/api/query?id_list=2401.10637)",
         "arXiv timed out after 30 s"),
        ("crossref: timed out after 1.5 s (http://x/works?rows=20)",
         "Crossref timed out after 1.5 s"),
        ("arxiv: HTTP 200 'Rate exceeded.' (http://x)", "arXiv answered HTTP 200"),
        ("arxiv: unparsable reply: Premature end of data (http://x)", "arXiv unreadable replies"),
        ("crossref: connection failed: [Errno -2] Name or service not known (http://x)",
         "Crossref unreachable: host not found"),
        ("crossref: connection failed: reset by peer (http://x)", "Crossref unreachable"),
        ("crossref: the harvest stopped (http://x)", "Crossref: the harvest stopped"),
    ],
)  # fmt: skip
def test_failure_classes(why: str, label: str) -> None:
    assert failure_class(why) == label


def test_failure_classes_are_counted_most_first() -> None:
    failed = {"a": "crossref: HTTP 503 (u)", "b": "arxiv: no reply in time (u)",
              "c": "crossref: HTTP 503 (v)"}  # fmt: skip
    assert failure_classes(failed) == [
        ("Crossref answered HTTP 503", 2),
        ("arXiv no reply in time", 1),
    ]
    assert failure_classes({}) == []


def test_a_trickling_service_is_a_timeout_after_its_deadline(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """arXiv answering one byte a second: each request is cut at HARVESTER_TIMEOUT, the
    run exits 3, and the summary's line says the entries timed out and after how long."""
    world[0].fail_forever(faults.trickle(1.0))
    env = {"HARVESTER_ARXIV_URL": world[0].url, "HARVESTER_CROSSREF_URL": world[1].url}
    started = time.monotonic()
    out = run("harvest", str(MODEL_LIST), "-q", db=tmp_path / "h.sqlite",
              HARVESTER_TIMEOUT="1", **env)  # fmt: skip
    took = time.monotonic() - started
    assert out.returncode == 3, out.stdout + out.stderr
    assert out.stdout.splitlines()[-1] == "  arXiv timed out after 1 s (17 entries)"
    assert took < 3 * len(world[0].log) + 10  # each request within 3 s, plus start-up


def test_verbose_logs_each_retry_with_its_reason_and_wait(tmp_path: Path) -> None:
    out = run("-v", "harvest", str(MODEL_LIST), "-q", db=tmp_path / "h.sqlite",
              HARVESTER_RETRIES="2", HARVESTER_RETRY_WAIT="0.01")  # fmt: skip
    assert out.returncode == 3
    retries = [line for line in out.stderr.splitlines() if "try 1 of 2 failed" in line]
    assert retries and retries[0].startswith("harvester: arxiv: try 1 of 2 failed (connection")
    assert retries[0].endswith(" s")
    quiet = run("harvest", str(MODEL_LIST), "-q", db=tmp_path / "q.sqlite", HARVESTER_RETRIES="2")
    assert "failed (" not in quiet.stderr


def test_a_title_too_long_for_a_query_is_cut_for_the_searches_and_said_so(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """A 90,000-character title made the search request itself fail (the URL was too
    long); the searches now ask for its first 300 characters, and explain says so."""
    title = " ".join(f"word{i}" for i in range(10_000))  # 88,889 characters
    listing = tmp_path / "README.md"
    listing.write_text(f"- (2024/01/19) {title}. [[code](https://github.com/o/r)]\n")
    db = tmp_path / "h.sqlite"
    env = {"HARVESTER_ARXIV_URL": world[0].url, "HARVESTER_CROSSREF_URL": world[1].url}
    out = run("harvest", str(listing), "-q", db=db, **env)
    assert out.returncode == 0, out.stdout + out.stderr
    asked = [e.query for e in world[1].log.entries if "query.bibliographic" in e.query]
    assert asked and all(len(q) < 1_000 for q in asked)
    notes = [
        line for line in run("explain", "word9999", db=db).stdout.splitlines() if "note" in line
    ]
    assert notes == [  # no arXiv record: both searches by the list's title
        f"  note      the arXiv title search asked for the first 297 characters of the list's"
        f" title ({len(title)})",
        f"  note      the Crossref search asked for the first 297 characters of the list's"
        f" title ({len(title)})",
    ]


def test_a_full_disk_mid_run_is_one_line_and_the_database_stays_intact(tmp_path: Path) -> None:
    """Files may grow to 40 kB only (RLIMIT_FSIZE: the WAL cannot take the run's writes):
    one line, exit 2, and the database opens afterwards with its earlier rows."""
    db = tmp_path / "h.sqlite"
    assert run("migrate", db=db).returncode == 0

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (40_000, 40_000))

    out = subprocess.run(
        [sys.executable, "-m", "harvester", "check", str(MODEL_LIST), "--offline"],
        capture_output=True, text=True, env=cli_env(db), timeout=60, preexec_fn=small_files,
    )  # fmt: skip
    assert out.returncode == 2, out.stderr
    assert out.stderr == f"harvester: error: {db}: the database failed: disk I/O error\n"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert run("runs", db=db).returncode == 0
