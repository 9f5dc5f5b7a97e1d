"""Schema versions: a database newer than this code is refused, untouched; reading
commands read without writing, also a file nobody may write (and say when it would need
an upgrade it cannot take)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from harvester.store.migrations import LATEST, migrate
from tests.cli.helpers import cli_env, run

GOOD = "- (2024/01/19) A paper. [[code](https://github.com/o/r)]\n"
#: Root may write anything: as root, the command runs without the capabilities that let it.
AS_A_USER = (
    ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner",
     "--inh-caps", "-dac_override,-dac_read_search,-fowner"]
    if os.geteuid() == 0
    else []
)  # fmt: skip


def _files(folder: Path) -> dict[str, bytes]:
    """The folder's files, but the empty WAL files a reader of a WAL database may make."""
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file()
        and not (p.name.endswith("-wal") and p.stat().st_size == 0)
        and not p.name.endswith("-shm")
    }


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    """A database holding one list, checked offline; its folder holds nothing else."""
    listing = tmp_path / "README.md"
    listing.write_text(GOOD)
    data = tmp_path / "data"
    data.mkdir()
    db = data / "h.sqlite"
    assert run("check", str(listing), "--offline", "-q", db=db).returncode == 0
    (data / "h.sqlite.lock").unlink()
    return db


@pytest.mark.parametrize(
    "command",
    [["harvest", "README.md"], ["check", "README.md", "--offline"], ["audit"], ["runs"],
     ["explain", "A paper"], ["migrate"], ["reconcile"]],
)  # fmt: skip
def test_a_newer_database_is_refused_untouched(stored: Path, command: list[str]) -> None:
    with sqlite3.connect(stored) as conn:
        conn.execute(
            "INSERT INTO schema_migrations VALUES (?, 'from the future', 't')", (LATEST + 1,)
        )
    conn.close()
    before = _files(stored.parent)
    out = run(*command, db=stored, cwd=stored.parents[1])
    assert out.returncode == 2, out.stderr
    assert out.stderr == (
        f"harvester: error: {stored}: schema version {LATEST + 1} is newer than this"
        f" harvester's ({LATEST}); upgrade harvester to use it (the file is left as it is)\n"
    )
    assert _files(stored.parent) == before


@pytest.fixture
def read_only(stored: Path) -> Iterator[Path]:
    """The database in a folder its user may not write, the file read-only."""
    if AS_A_USER and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: every file can be written")
    db = stored.parent / "ro" / stored.name
    db.parent.mkdir()
    shutil.copy(stored, db)
    db.chmod(0o444)
    db.parent.chmod(0o555)
    yield db
    db.parent.chmod(0o755)


def _as_a_user(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*AS_A_USER, sys.executable, "-m", "harvester", *args], capture_output=True,
        text=True, env=cli_env(db), timeout=60, cwd=db.parent,
    )  # fmt: skip


def test_reading_commands_work_on_a_file_nobody_may_write(read_only: Path) -> None:
    db = read_only
    before = {p.name: p.read_bytes() for p in db.parent.iterdir()}
    audit = _as_a_user(db, "audit")
    assert audit.returncode == 0, audit.stderr
    assert "unresolved" in audit.stdout and audit.stdout.endswith("1 open finding\n")
    explained = _as_a_user(db, "explain", "A paper")
    assert explained.returncode == 0 and "decision  unresolved" in explained.stdout
    runs = _as_a_user(db, "runs")
    assert runs.returncode == 0 and " ok: 1 entries" in runs.stdout
    listing = db.parents[2] / "README.md"
    listing.write_text(GOOD.replace("A paper", "A paper, retitled"))  # seen at once
    checked = _as_a_user(db, "check", str(listing), "--offline", "--fail-on", "all")
    assert checked.returncode == 1, checked.stderr
    assert "A paper, retitled" in checked.stdout and checked.stdout.endswith("1 open finding\n")
    assert checked.stderr.startswith(
        f"harvester: {db} cannot be written: this offline check runs on a copy in memory,"
        " stores nothing\n"
    )
    assert {p.name: p.read_bytes() for p in db.parent.iterdir()} == before  # no file made


def test_an_old_file_nobody_may_write_says_it_needs_an_upgrade(read_only: Path) -> None:
    db = read_only
    db.parent.chmod(0o755)
    db.chmod(0o644)
    db.unlink()
    with sqlite3.connect(db, isolation_level=None) as conn:
        migrate(conn, target=LATEST - 1)
    conn.close()
    db.chmod(0o444)
    db.parent.chmod(0o555)
    out = _as_a_user(db, "audit")
    assert out.returncode == 2
    assert out.stderr == (
        f"harvester: error: {db}: schema version {LATEST - 1} needs an upgrade to {LATEST},"
        " and the file cannot be written: run 'harvester migrate' where it can\n"
    )


def test_a_writer_on_a_file_it_may_not_write_says_so_in_one_line(read_only: Path) -> None:
    db = read_only
    listing = db.parents[2] / "README.md"
    in_folder = _as_a_user(db, "harvest", str(listing))
    assert in_folder.returncode == 2
    assert in_folder.stderr == (
        f"harvester: error: {db}.lock: cannot open the lock file: Permission denied\n"
    )
    db.parent.chmod(0o755)  # the folder may be written now, the file still not
    only_file = _as_a_user(db, "harvest", str(listing))
    assert only_file.returncode == 2
    assert only_file.stderr == (
        f"harvester: error: {db}: the database cannot be written (the file or its folder)\n"
    )


def test_a_wal_that_cannot_be_read_is_said_not_skipped(stored: Path) -> None:
    """A copied database whose WAL still holds changes, in a folder its reader may not
    write and with no WAL index: an immutable reader would miss the changes: exit 2."""
    if AS_A_USER and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: every file can be written")
    folder = stored.parent / "copied"
    folder.mkdir()
    writer = sqlite3.connect(stored, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("UPDATE entries SET title = 'Changed in the WAL'")
    shutil.copy(stored, folder / stored.name)
    shutil.copy(f"{stored}-wal", folder / f"{stored.name}-wal")
    writer.close()
    db = folder / stored.name
    folder.chmod(0o555)
    try:
        out = _as_a_user(db, "audit")
    finally:
        folder.chmod(0o755)
    assert out.returncode == 2
    assert out.stderr == (
        f"harvester: error: {db}: its WAL holds changes that cannot be read without write"
        " access to its folder\n"
    )
