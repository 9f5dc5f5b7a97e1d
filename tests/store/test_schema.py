"""db/schema.sql, the schema outside tools read about, is what the migrations build."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from harvester.store.engine import open_engine

SCHEMA = Path(__file__).parents[2] / "db" / "schema.sql"


def _shape(conn: sqlite3.Connection) -> dict[str, object]:
    """Every table's and view's columns (name, type, not null, default, key) and every index."""
    shape: dict[str, object] = {}
    for kind, name in conn.execute(
        "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view', 'index')"
        " AND name NOT LIKE 'sqlite_%'"
    ):
        if kind == "index":
            shape[name] = [r[2] for r in conn.execute(f"PRAGMA index_info({name})")]
        else:
            shape[name] = [tuple(r[1:]) for r in conn.execute(f"PRAGMA table_info({name})")]
    return shape


def test_schema_file_matches_the_migrated_database(tmp_path: Path) -> None:
    """Same tables, views, columns (with types, defaults, keys) and indexes."""
    db = tmp_path / "h.sqlite"
    open_engine(db).dispose()
    documented = sqlite3.connect(":memory:")
    documented.executescript(SCHEMA.read_text(encoding="utf-8"))
    with sqlite3.connect(db) as migrated:
        assert _shape(documented) == _shape(migrated)


def test_the_comparison_notices_a_missing_column(tmp_path: Path) -> None:
    """A schema that lost a column does not compare equal (the check can fail)."""
    text = SCHEMA.read_text(encoding="utf-8").replace(", fingerprint TEXT", "")
    changed = sqlite3.connect(":memory:")
    changed.executescript(text)
    original = sqlite3.connect(":memory:")
    original.executescript(SCHEMA.read_text(encoding="utf-8"))
    assert _shape(changed) != _shape(original)
