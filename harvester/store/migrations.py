"""Schema versions, applied in order, each once, recorded in `schema_migrations`.

Each version is a file `sql/NNNN_name.sql` (package data) whose first line, a comment,
names it. A migration is never edited once released: a change to the schema is a new
file, so an old database upgrades in place and keeps its data.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from importlib.resources import files


def _load() -> tuple[tuple[int, str, str], ...]:
    scripts = sorted(
        (p for p in files("harvester.store").joinpath("sql").iterdir() if p.name.endswith(".sql")),
        key=lambda p: p.name,
    )
    out = []
    for path in scripts:
        script = path.read_text(encoding="utf-8")
        out.append((int(path.name[:4]), script.splitlines()[0].removeprefix("-- "), script))
    return tuple(out)


#: (version, name, script), in the order they are applied.
MIGRATIONS: tuple[tuple[int, str, str], ...] = _load()
LATEST = MIGRATIONS[-1][0]


def current_version(conn: sqlite3.Connection) -> int:
    """The highest applied schema version, 0 for a new file."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    row = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection, target: int = LATEST) -> list[int]:
    """Apply the missing migrations up to `target`, each in its own transaction."""
    applied = []
    for version, name, script in MIGRATIONS:
        if version <= current_version(conn) or version > target:
            continue
        now = datetime.now(UTC).isoformat(timespec="seconds")
        statements = [s for s in script.split(";") if s.strip()]
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in statements:
                conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, now))
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        applied.append(version)
    return applied
