"""docker-compose.yml and the Dockerfile: the services, volume and commands are right.

No Docker engine runs here; `docker compose config` is checked too where it exists.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml

from harvester.cli.jobs import nightly
from harvester.cli.main import main
from harvester.errors import ConfigError
from harvester.pipeline.nightly import run_daily
from harvester.plan.schedule import parse_time_of_day, seconds_until
from tests.cli.helpers import cli_env, run
from tests.conftest import MODEL_LIST
from tests.fakes.arxiv_fake import ArxivFake
from tests.fakes.crossref_fake import CrossrefFake

ROOT = Path(__file__).parents[1]
DOCKERFILE = ROOT / "Dockerfile"
#: The Datasette metadata in the package (harvester/serve), without importing datasette.
METADATA = ROOT / "harvester" / "serve" / "metadata.yml"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return data


def test_services_share_the_named_volume(compose: dict[str, Any]) -> None:
    """Every service is built from this repository, mounts the named volume at /data and
    runs under an init process (signals reach the job, zombies are reaped)."""
    assert set(compose["services"]) == {"migrate", "harvester", "datasette"}
    assert "harvest-data" in compose["volumes"]
    for service in compose["services"].values():
        assert service["build"] == "." and service["image"] == "harvester:local"
        assert "harvest-data:/data" in service["volumes"]
        assert service["init"] is True


def test_migrate_creates_the_store_before_the_others_start(compose: dict[str, Any]) -> None:
    """`harvester migrate` runs once on the file the others use; the harvester and
    Datasette start only after it has exited 0 (Datasette refuses a missing file)."""
    services = compose["services"]
    migrate = services["migrate"]
    assert migrate["command"] == ["harvester", "migrate"]
    assert migrate["environment"]["HARVESTER_DB"] == "/data/harvest.sqlite"
    assert migrate["restart"] == "no"
    for name in ("harvester", "datasette"):
        assert services[name]["depends_on"] == {
            "migrate": {"condition": "service_completed_successfully"}
        }


def test_harvester_runs_the_nightly_job_on_a_schedule(compose: dict[str, Any]) -> None:
    """The harvester service runs `harvester nightly --run-now --daily-at` (once at start,
    then daily) with a config file that exists here, and the command line accepts the
    service's arguments."""
    service = compose["services"]["harvester"]
    command = service["command"]
    assert command[:2] == ["harvester", "nightly"]
    params = nightly.make_context("nightly", command[2:]).params
    assert params["daily_at"] == "03:17" and params["run_now"] is True
    assert params["config"] == Path("/config/lists.toml")
    assert "./jobs/nightly.example.toml:/config/lists.toml:ro" in service["volumes"]
    assert (ROOT / "jobs" / "nightly.example.toml").exists()
    assert service["environment"]["HARVESTER_DB"] == "/data/harvest.sqlite"
    assert "HARVESTER_MAILTO" in service["environment"]


def test_datasette_serves_the_same_file_on_loopback(compose: dict[str, Any]) -> None:
    """Datasette serves /data/harvest.sqlite with the package's metadata (its path in the
    image is the repository's file under WORKDIR /app), published on 127.0.0.1 only."""
    service = compose["services"]["datasette"]
    command = service["command"]
    assert command[:3] == ["datasette", "serve", "/data/harvest.sqlite"]
    metadata = PurePosixPath(command[command.index("--metadata") + 1])
    assert metadata.is_relative_to("/app") and "WORKDIR /app" in DOCKERFILE.read_text()
    assert ROOT / metadata.relative_to("/app") == METADATA
    assert service["ports"] == ["127.0.0.1:8001:8001"]
    assert command[command.index("--port") + 1] == "8001"


def test_compose_file_matches_the_compose_specification() -> None:
    """check-jsonschema's bundled Compose Specification schema accepts the file, with no
    network (its process may only reach loopback)."""
    tool = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    if tool is None:
        pytest.skip("check-jsonschema is not installed (it comes with pip install -e '.[test]')")
    cmd = [tool, "--builtin-schema", "vendor.compose-spec", str(ROOT / "docker-compose.yml")]
    out = subprocess.run(cmd, capture_output=True, text=True, env=cli_env(ROOT / "unused"))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "ok -- validation done" in out.stdout


def test_dockerfile_copies_the_package() -> None:
    """The image holds the one package pyproject installs, and installs datasette with it."""
    dockerfile = DOCKERFILE.read_text()
    assert "COPY harvester harvester" in dockerfile
    assert 'pip install --no-cache-dir ".[serve]"' in dockerfile
    assert "ENV HARVESTER_DB=/data/harvest.sqlite" in dockerfile


def test_schedule_waits_for_the_next_time_of_day() -> None:
    """The scheduler sleeps until the next 03:17 UTC, never zero."""
    assert seconds_until(datetime(2026, 11, 28, 3, 0, tzinfo=UTC), "03:17") == 17 * 60
    assert seconds_until(datetime(2026, 11, 28, 3, 17, tzinfo=UTC), "03:17") == 24 * 3600
    assert seconds_until(datetime(2026, 11, 28, 3, 16, 59, tzinfo=UTC), "03:17") == 1
    for bad in ("25:00", "03:60", "3pm"):
        with pytest.raises(ConfigError, match=bad):
            parse_time_of_day(bad)


def test_daily_loop_sleeps_then_runs_each_night() -> None:
    """`--daily-at` sleeps until the time of day, runs, and goes on after a failed night."""
    slept: list[float] = []
    exits = iter([3, 0])
    clock = iter(
        [datetime(2026, 11, 28, 3, 0, tzinfo=UTC), datetime(2026, 11, 29, 4, 0, tzinfo=UTC)]
    )
    run_daily("03:17", lambda: next(exits), sleep=slept.append, clock=lambda: next(clock), nights=2)
    assert slept == [17 * 60, 23 * 3600 + 17 * 60]


def test_run_now_runs_once_before_the_first_sleep() -> None:
    """`at_start` runs the job at once, then sleeps until the time of day as before."""
    calls: list[object] = []

    def once() -> int:
        calls.append("run")
        return 0

    at_three = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
    run_daily("03:17", once, calls.append, lambda: at_three, nights=1, at_start=True)
    assert calls == ["run", 17 * 60, "run"]


def _finished_runs(db: Path) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        try:
            return int(
                conn.execute("SELECT COUNT(*) FROM runs WHERE outcome != 'running'").fetchone()[0]
            )
        except sqlite3.OperationalError:  # not migrated yet
            return 0


def test_run_now_starts_a_daily_job_with_a_harvest(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """`nightly --daily-at --run-now` harvests at once (a run row, the summary printed),
    then waits for the time of day; `--run-now` alone is a usage error."""
    db = tmp_path / "h.sqlite"
    later = (datetime.now(UTC) + timedelta(hours=12)).strftime("%H:%M")
    env = cli_env(db, HARVESTER_ARXIV_URL=world[0].url, HARVESTER_CROSSREF_URL=world[1].url)
    job = subprocess.Popen(
        [sys.executable, "-m", "harvester", "nightly", "--daily-at", later, "--run-now", "-q",
         str(MODEL_LIST)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while not _finished_runs(db):
            assert job.poll() is None, job.communicate()[1]
            assert time.monotonic() < deadline, "no harvest at start"
            time.sleep(0.1)
        time.sleep(0.5)
        assert job.poll() is None  # still running: waiting for the time of day
    finally:
        job.terminate()
        out, _ = job.communicate(timeout=10)
    assert "run 1: exit 0" in out.splitlines()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT id, outcome FROM runs").fetchall() == [(1, "ok")]
    alone = run("nightly", "--run-now", str(MODEL_LIST), db=db)
    assert alone.returncode == 2 and "--run-now goes with --daily-at" in alone.stderr


def test_nightly_entry_point_help() -> None:
    """`harvester nightly --help` works (the image's default command)."""
    with pytest.raises(SystemExit) as done:
        main(["nightly", "--help"])
    assert done.value.code == 0


@pytest.mark.skipif(
    shutil.which("docker") is None
    or subprocess.run(["docker", "compose", "version"], capture_output=True).returncode != 0,
    reason="docker compose is not installed here",
)
def test_docker_compose_config_accepts_the_file() -> None:
    """`docker compose config` validates the file where Docker Compose exists."""
    out = subprocess.run(
        ["docker", "compose", "config", "--quiet"], cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
