"""The store: public views read as an outside tool would, idempotent upserts, upgrades, WAL."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from harvester.listing.keys import carry_keys
from harvester.listing.parse import parse_list
from harvester.rule.list_findings import findings_from_entry
from harvester.store import Store
from harvester.store.engine import connect, open_engine
from harvester.store.migrations import LATEST, current_version, migrate
from harvester.store.tables import SQLModel
from tests.conftest import LISTS, MODEL_LIST

SOURCE = "lists/README.md"
ENTRY_DATES_COLUMNS = [
    "entry_key", "list_source", "position", "section", "title", "recorded_date",
    "recorded_precision", "resolved_date", "rule", "arxiv_id", "arxiv_submitted", "doi", "venue", "venue_type",
    "online_date", "online_date_source", "checked_at",
]  # fmt: skip
DATE_CONFLICTS_COLUMNS = [
    "entry_key", "list_source", "title", "recorded_date", "resolved_date", "kind",
    "delta_days", "detail",
]  # fmt: skip


def _store(db: Path, path: Path, now: str = "2026-11-28T00:00:00+00:00") -> None:
    with Store.open(db) as store:
        store.save_list(SOURCE, parse_list(path.read_bytes()), now, carry_keys, findings_from_entry)


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_views_have_exactly_the_contract_columns(tmp_path: Path) -> None:
    """entry_dates and date_conflicts expose exactly the documented columns, in order."""
    db = tmp_path / "h.sqlite"
    _store(db, MODEL_LIST)
    with sqlite3.connect(db) as conn:
        for view, columns in (
            ("entry_dates", ENTRY_DATES_COLUMNS),
            ("date_conflicts", DATE_CONFLICTS_COLUMNS),
        ):
            cur = conn.execute(f"SELECT * FROM {view} LIMIT 0")
            assert [d[0] for d in cur.description] == columns
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_entry_dates_rows_before_any_fetching(tmp_path: Path) -> None:
    """Each entry is a row with its recorded date and no resolution yet."""
    db = tmp_path / "h.sqlite"
    _store(db, MODEL_LIST)
    rows = _rows(
        db,
        "SELECT entry_key, position, title, recorded_date, resolved_date, rule, arxiv_id FROM entry_dates ORDER BY position",
    )
    assert len(rows) == 17
    assert rows[5] == (
        "arxiv:2401.10637", 6, "Towards Universal Unsupervised Anomaly Detection in Medical Imaging",
        "2024-01-19", None, None, "2401.10637",
    )  # fmt: skip


def test_missing_dates_are_findings(tmp_path: Path) -> None:
    """A list without day dates gives one missing_recorded_date finding per entry."""
    db = tmp_path / "h.sqlite"
    _store(db, LISTS / "hoya012__awesome-anomaly-detection__README.md")
    kinds = _rows(db, "SELECT kind, COUNT(*) FROM date_conflicts GROUP BY kind")
    assert kinds == [("missing_recorded_date", 145)]


def test_store_is_idempotent(tmp_path: Path) -> None:
    """Storing the same list twice leaves the same rows in both views."""
    db = tmp_path / "h.sqlite"
    _store(db, MODEL_LIST)
    first = _rows(db, "SELECT * FROM entry_dates ORDER BY entry_key")
    _store(db, MODEL_LIST, now="2026-11-29T00:00:00+00:00")
    assert _rows(db, "SELECT * FROM entry_dates ORDER BY entry_key") == first
    assert _rows(db, "SELECT COUNT(*) FROM entries") == [(17,)]


def test_entries_leaving_the_list_are_marked_gone_not_deleted(tmp_path: Path) -> None:
    """The older version of the list drops 3 entries from the view but keeps their rows."""
    db = tmp_path / "h.sqlite"
    _store(db, MODEL_LIST)
    _store(
        db,
        LISTS / "MedAIerHHL__awesome-medical-image-anoraml-detection__README@4f78b05.md",
        "2026-11-29T00:00:00+00:00",
    )
    assert _rows(db, "SELECT COUNT(*) FROM entry_dates") == [(14,)]
    gone = _rows(db, "SELECT entry_key, gone_at FROM entries WHERE present = 0 ORDER BY entry_key")
    assert gone == [
        ("arxiv:2403.12570", "2026-11-29T00:00:00+00:00"),
        ("arxiv:2404.04518", "2026-11-29T00:00:00+00:00"),
        ("doi:10.1016/j.media.2024.103088", "2026-11-29T00:00:00+00:00"),
    ]
    _store(db, MODEL_LIST, "2026-11-30T00:00:00+00:00")
    assert _rows(db, "SELECT COUNT(*) FROM entry_dates") == [(17,)]
    assert _rows(db, "SELECT COUNT(*) FROM entries WHERE gone_at IS NOT NULL") == [(0,)]


def test_upgrade_from_version_1_keeps_data(tmp_path: Path) -> None:
    """A file at schema version 1 is upgraded in place and its rows show in the new views."""
    db = tmp_path / "old.sqlite"
    conn = connect(db)
    assert migrate(conn, target=1) == [1]
    conn.execute(
        "INSERT INTO entries (list_source, entry_key, position, title, recorded_date, line_start,"
        " line_end, byte_start, byte_end, first_seen_at, last_seen_at)"
        " VALUES ('l', 'arxiv:2401.10637', 1, 'Old row', '2024-01-19', 1, 1, 0, 10, 't', 't')"
    )
    conn.close()
    open_engine(db).dispose()
    assert _rows(db, "SELECT entry_key, title FROM entry_dates") == [
        ("arxiv:2401.10637", "Old row")
    ]
    with sqlite3.connect(db) as check:
        assert current_version(check) == LATEST
        versions = [r[0] for r in check.execute("SELECT version FROM schema_migrations")]
        assert versions == list(range(1, LATEST + 1))


def test_migrated_tables_match_the_models(tmp_path: Path) -> None:
    """The SQL migrations create exactly the columns the SQLModel tables declare."""
    db = tmp_path / "h.sqlite"
    open_engine(db).dispose()
    with sqlite3.connect(db) as conn:
        for name, table in SQLModel.metadata.tables.items():
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({name})")]
            assert columns == [c.name for c in table.columns], name


def test_reader_is_not_blocked_by_an_open_write_transaction(tmp_path: Path) -> None:
    """Another process reads entry_dates at once while a write transaction is open."""
    db = tmp_path / "h.sqlite"
    _store(db, MODEL_LIST)
    writer = connect(db)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE entries SET title = 'being rewritten'")
    reader = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], timeout=0);"
        "print(c.execute('SELECT COUNT(*), MIN(title) FROM entry_dates').fetchone())"
    )
    out = subprocess.run(
        [sys.executable, "-c", reader, str(db)], capture_output=True, text=True, timeout=30
    )
    writer.execute("ROLLBACK")
    writer.close()
    assert out.returncode == 0, out.stderr  # busy timeout 0: a blocked reader fails at once
    assert out.stdout.strip().startswith("(17, 'A Multi-task")  # the last committed state
