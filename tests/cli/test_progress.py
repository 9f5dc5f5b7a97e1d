"""Progress a person can read: lines off a terminal every HARVESTER_PROGRESS_SECONDS, none
with -q, no per-request lines without -v; a live display under a pseudo-terminal."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

from harvester.pipeline.monitor import Monitor, Snapshot, describe
from tests.cli.helpers import cli_env, run
from tests.conftest import MODEL_LIST
from tests.fakes.arxiv_fake import ArxivFake
from tests.fakes.crossref_fake import CrossrefFake

LINE = re.compile(
    r"^harvester: arXiv \d+/17, Crossref \d+/17 entries;"
    r" requests arxiv \d+ \(\d+ retried\), crossref \d+ \(\d+ retried\); about .* left"
    r" \(MedAIerHHL__awesome-medical-image-anoraml-detection__README\.md\)$"
)


def _slow(world: tuple[ArxivFake, CrossrefFake]) -> dict[str, str]:
    world[0].latency = world[1].latency = 0.05
    return {"HARVESTER_ARXIV_URL": world[0].url, "HARVESTER_CROSSREF_URL": world[1].url,
            "HARVESTER_ARXIV_DELAY": "0.2", "HARVESTER_PROGRESS_SECONDS": "0.3"}  # fmt: skip


def test_off_a_terminal_a_line_every_interval_and_none_with_quiet(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """A slowed harvest logs progress lines with the phase, entries, requests per service
    and an ETA; no HTTP request lines without -v; -q prints none."""
    env = _slow(world)
    out = run("harvest", str(MODEL_LIST), db=tmp_path / "a.sqlite", **env)
    assert out.returncode == 0, out.stderr
    lines = [line for line in out.stderr.splitlines() if line.startswith("harvester: ")]
    # before the list is read, a slow start (a loaded machine) shows only that phase
    lines = lines[1:] if lines and lines[0] == "harvester: reading the list" else lines
    assert len(lines) >= 3, out.stderr
    assert all(LINE.match(line) for line in lines), lines
    assert "HTTP Request" not in out.stderr and "GET " not in out.stderr
    quiet = run("harvest", str(MODEL_LIST), "-q", "--refresh-all", db=tmp_path / "a.sqlite", **env)
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_nightly_logs_progress_but_not_each_request(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """The nightly job, off a terminal: progress lines, no per-request lines; -v adds them."""
    env = _slow(world)
    out = run("nightly", str(MODEL_LIST), db=tmp_path / "n.sqlite", **env)
    assert out.returncode == 0, out.stderr
    assert any(LINE.match(line) for line in out.stderr.splitlines()), out.stderr
    assert "HTTP Request" not in out.stderr
    loud = run("nightly", str(MODEL_LIST), "-v", db=tmp_path / "v.sqlite", **env)
    assert "HTTP Request" in loud.stderr


def test_a_bad_progress_interval_is_one_line_exit_2(tmp_path: Path) -> None:
    """HARVESTER_PROGRESS_SECONDS must be a positive number."""
    out = run("harvest", str(MODEL_LIST), db=tmp_path / "x.sqlite",
              HARVESTER_PROGRESS_SECONDS="soon")  # fmt: skip
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        "harvester: error: HARVESTER_PROGRESS_SECONDS must be a positive number, not 'soon'"
    ]


def test_a_terminal_gets_a_live_display(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """Under a pseudo-terminal the same figures are drawn live (and cleared at the end)."""
    env = cli_env(tmp_path / "t.sqlite", **_slow(world))
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "harvester", "harvest", str(MODEL_LIST)],
        stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True,
    )  # fmt: skip
    os.close(follower)
    seen = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    proc.wait(timeout=30)
    os.close(leader)
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", seen.decode("utf-8", errors="replace"))
    assert proc.returncode == 0
    assert re.search(r"arXiv \d+/17, Crossref \d+/17 entries; requests arxiv \d+", text), text[
        -2000:
    ]
    assert "entries    17" in text  # the summary follows the display


def test_the_eta_is_the_longer_of_the_two_services_work_left() -> None:
    """Two arXiv requests left at 3 s (6 s) against nine Crossref at 3 per s (3 s): 6 s,
    since the services are asked at the same time; 21 Crossref (7 s) outweighs them."""

    class Made:
        def __init__(self) -> None:
            self.made = {"arxiv": 1, "crossref": 0}
            self.retry_log = type("R", (), {"retries": {"arxiv": 1}})()

        def requests_made(self) -> dict[str, int]:
            return dict(self.made)

    services = Made()
    monitor = Monitor(arxiv_delay=3.0, crossref_rate=3.0)
    assert describe(monitor.snapshot()) == "reading the list"
    monitor.begin("owner/repo:README.md", services)  # type: ignore[arg-type]
    monitor.phase("arXiv", 250)
    monitor.phase("Crossref", 300)
    monitor.advance("arXiv", 100)
    monitor.advance("Crossref", 4)
    monitor.left("arxiv", 2)
    monitor.left("crossref", 9)
    snap = monitor.snapshot()
    assert snap == Snapshot("owner/repo:README.md", (("arXiv", 100, 250), ("Crossref", 4, 300)),
                            {"arxiv": 1, "crossref": 0}, {"arxiv": 1}, 6.0)  # fmt: skip
    assert describe(snap) == (
        "arXiv 100/250, Crossref 4/300 entries; requests arxiv 1 (1 retried),"
        " crossref 0 (0 retried); about 6 s left (README.md)"
    )
    monitor.left("crossref", 21)
    assert monitor.snapshot().eta_seconds == 7.0
    monitor.left("crossref", -5)  # never negative
    monitor.left("arxiv", 0)
    assert monitor.snapshot().eta_seconds == 0.0
    monitor.advance("arXiv", 1000)  # never past the phase's total
    assert monitor.snapshot().phases[0] == ("arXiv", 250, 250)
    monitor.begin("other.md", services)  # type: ignore[arg-type]
    assert monitor.snapshot().phases == ()
