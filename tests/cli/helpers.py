"""Run the command line as a user would, in subprocesses that may only reach loopback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

GUARD = Path(__file__).parents[1] / "guard"
#: A loopback port nothing listens on: a command that should not fetch fails fast if it does.
NOWHERE = "http://127.0.0.1:9"


def cli_env(db: Path, **extra: str) -> dict[str, str]:
    """The environment of a CLI subprocess: loopback only, no HARVESTER_* leaking in."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("HARVESTER_") and k not in ("COLUMNS", "LINES")  # no terminal
    }
    env["PYTHONPATH"] = os.pathsep.join([str(GUARD), env.get("PYTHONPATH", "")])
    env.update(
        HARVESTER_DB=str(db),
        HARVESTER_ARXIV_URL=f"{NOWHERE}/api/query",
        HARVESTER_CROSSREF_URL=NOWHERE,
        HARVESTER_ARXIV_DELAY="0",
        HARVESTER_RETRIES="1",
        HARVESTER_RETRY_WAIT="0.01",
        HARVESTER_MAILTO="tests@example.org",
    )
    env.update(extra)
    return env


def run(
    *args: str, db: Path, cwd: Path | None = None, **extra: str
) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a user would, in a subprocess that may only reach loopback."""
    return subprocess.run(
        [sys.executable, "-m", "harvester", *args],
        capture_output=True,
        text=True,
        env=cli_env(db, **extra),
        timeout=60,
        cwd=cwd,
    )
