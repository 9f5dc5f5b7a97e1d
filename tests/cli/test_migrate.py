"""`harvester migrate`: the store exists and is at the latest schema before anything reads it."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from harvester.store.migrations import migrate
from tests.cli.helpers import run

SCHEMA = Path(__file__).parents[2] / "db" / "schema.sql"
#: The latest schema version, as db/schema.sql's first line states it.
LATEST = int(re.findall(r"latest version \((\d+)\)", SCHEMA.read_text())[0])


def _views(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'")]


def test_migrate_creates_an_empty_store_with_the_views(tmp_path: Path) -> None:
    """A new file at the latest version, its views empty; again, it only says the version."""
    db = tmp_path / "data" / "harvest.sqlite"
    db.parent.mkdir()
    first = run("migrate", db=db)
    assert first.returncode == 0, first.stderr
    assert first.stdout == f"{db}: schema version {LATEST} (created)\n"
    assert sorted(_views(db)) == ["date_conflicts", "entry_dates"]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM entry_dates").fetchone() == (0,)
    again = run("migrate", db=db)
    assert (again.returncode, again.stdout) == (0, f"{db}: schema version {LATEST}\n")
    assert run("runs", db=db).returncode == 0  # a reading command accepts the file


def test_migrate_upgrades_an_older_file_and_keeps_its_rows(tmp_path: Path) -> None:
    """A file at schema version 5 reaches the latest version with its lists kept."""
    db = tmp_path / "old.sqlite"
    with sqlite3.connect(db, isolation_level=None) as conn:
        migrate(conn, target=5)
        conn.execute("INSERT INTO list_sources VALUES ('README.md', 't', 't', 3)")
    conn.close()
    out = run("migrate", "--db", str(db), db=tmp_path / "unused.sqlite")
    assert (out.returncode, out.stdout) == (0, f"{db}: schema version {LATEST}\n")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT source, date_rule FROM list_sources").fetchall() == [
            ("README.md", "journal-first")
        ]
        assert conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone() == (LATEST,)
