"""Open the SQLite file: WAL mode, pragmas, schema upgraded to the latest version."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool

from harvester.errors import StoreError
from harvester.store.migrations import migrate

BUSY_TIMEOUT_MS = 5000


def connect(path: Path) -> sqlite3.Connection:
    """A raw connection in autocommit mode (transactions are explicit), WAL, foreign keys on."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def open_engine(path: Path, write: bool = True) -> Engine:
    """An engine on an upgraded database file; raise StoreError when it cannot be used.

    Writers take the write lock when their transaction begins (`BEGIN IMMEDIATE`), so a
    transaction never fails half-way on a lock upgrade; readers never take it.
    """
    try:
        conn = connect(path)
        try:
            migrate(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the database: {exc}") from exc
    engine = create_engine("sqlite://", creator=lambda: connect(path), poolclass=NullPool)

    @event.listens_for(engine, "begin")
    def _begin(conn: object) -> None:
        # pysqlite in autocommit mode emits no BEGIN of its own.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")  # type: ignore[attr-defined]

    return engine
