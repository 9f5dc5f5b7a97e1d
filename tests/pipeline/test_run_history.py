"""Run history tells the truth: a run stopped by SIGINT or SIGTERM, or crashed by an
error, is stored as such with the reason, and the command says so in one line."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import harvester.pipeline.runner as runner
from harvester.errors import REASON_MAX, InputError, Interrupted, ended_by
from harvester.pipeline.runner import run_lists
from tests.cli.helpers import cli_env, run
from tests.conftest import MODEL_LIST
from tests.fakes.arxiv_fake import ArxivFake
from tests.fakes.crossref_fake import CrossrefFake
from tests.pipeline.test_nightly import settings_for, total_requests


def _runs(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT outcome, reason FROM runs ORDER BY id").fetchall()


@pytest.mark.parametrize(
    ("entry", "stop", "code"),
    [
        (["-m", "harvester", "harvest"], signal.SIGINT, 130),
        (["-m", "jobs.nightly"], signal.SIGINT, 130),
        (["-m", "harvester", "harvest"], signal.SIGTERM, 143),
    ],
)
def test_a_stopped_run_is_stored_as_interrupted_by_its_signal(
    tmp_path: Path,
    world: tuple[ArxivFake, CrossrefFake],
    entry: list[str],
    stop: signal.Signals,
    code: int,
) -> None:
    db = tmp_path / "h.sqlite"
    world[0].latency = world[1].latency = 1.0  # the run lasts well past the signal
    env = cli_env(db, HARVESTER_ARXIV_URL=world[0].url, HARVESTER_CROSSREF_URL=world[1].url)
    proc = subprocess.Popen(
        [sys.executable, *entry, str(MODEL_LIST)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=Path(__file__).parents[2],
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while total_requests(world) < 2:
        assert time.monotonic() < deadline, "the harvest never got going"
        time.sleep(0.05)
    proc.send_signal(stop)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code
    assert err.strip().splitlines()[-1] == f"harvester: stopped by {stop.name}"
    assert "Traceback" not in err, err
    assert _runs(db) == [("interrupted", stop.name)]
    shown = run("runs", db=db).stdout
    assert f"interrupted ({stop.name}):" in shown


def test_a_crash_is_stored_as_crashed_with_the_error(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake], monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("injected\nfailure")

    monkeypatch.setattr(runner, "harvest", boom)
    db = tmp_path / "h.sqlite"
    with pytest.raises(RuntimeError):
        run_lists([str(MODEL_LIST)], settings_for(db, world))
    assert _runs(db) == [("crashed", "RuntimeError: injected failure")]


def test_how_an_exception_ends_a_run() -> None:
    assert ended_by(Interrupted("SIGTERM", 143)) == ("interrupted", "SIGTERM")
    assert ended_by(KeyboardInterrupt()) == ("interrupted", "SIGINT")
    assert ended_by(InputError("README.harvester.toml: line 3: bad")) == (
        "failed",
        "README.harvester.toml: line 3: bad",
    )
    assert ended_by(OSError(28, "No space left on device")) == (
        "crashed",
        "OSError: [Errno 28] No space left on device",
    )
    long = ended_by(ValueError("x" * 1000))[1]
    assert len(long) == REASON_MAX and long.startswith("ValueError: xxx")
    assert len(ended_by(ValueError("x" * (REASON_MAX - 12)))[1]) == REASON_MAX
