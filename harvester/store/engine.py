"""Open the SQLite file: for writing, WAL mode and the schema upgraded to the latest
version; for reading, read-only, never written (upgraded first only when it is old and
can be written). A file newer than this code is refused untouched."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool, StaticPool

from harvester.errors import StoreError
from harvester.store.migrations import LATEST, migrate

BUSY_TIMEOUT_MS = 5000


def connect(path: Path) -> sqlite3.Connection:
    """A raw connection in autocommit mode (transactions are explicit), WAL, foreign keys on."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write (`mode=ro`); `immutable=1` only when SQLite cannot
    open the file read-only (its folder cannot take the WAL index) and there is no WAL to
    miss (an immutable reader does not read the -wal file)."""
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(
        f"{uri}?mode=ro", uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000
    )
    try:
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1")
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF  # the primary result code
        if code not in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY):
            raise
        wal = path.resolve().with_name(path.resolve().name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise StoreError(
                f"{path}: its WAL holds changes that cannot be read without write access to"
                " its folder"
            ) from None
        return sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)


def schema_version(path: Path) -> int:
    """The file's schema version, read without writing: 0 for an empty or new file."""
    if not path.exists() or path.stat().st_size == 0:
        return 0
    conn = connect_read_only(path)
    try:
        known = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
        ).fetchone()
        row = (
            conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone() if known else None
        )
        return int(row[0] or 0) if row else 0
    finally:
        conn.close()


def refuse_newer(path: Path) -> int:
    """The file's schema version; StoreError, the file untouched, when it is newer than
    this code's."""
    try:
        version = schema_version(path)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the database: {exc}") from exc
    if version > LATEST:
        raise StoreError(
            f"{path}: schema version {version} is newer than this harvester's ({LATEST});"
            " upgrade harvester to use it (the file is left as it is)"
        )
    return version


def open_engine(path: Path, write: bool = True) -> Engine:
    """An engine on the database file; raise StoreError when it cannot be used: newer than
    this code (untouched), or old and not writable by a reader.

    Writers take the write lock when their transaction begins (`BEGIN IMMEDIATE`), so a
    transaction never fails half-way on a lock upgrade; readers never take it.
    """
    if write and path.exists() and not writable(path):
        raise StoreError(f"{path}: the database cannot be written (the file or its folder)")
    try:
        version = refuse_newer(path)
        if not write and version < LATEST and not writable(path):
            raise StoreError(
                f"{path}: schema version {version} needs an upgrade to {LATEST}, and the file"
                " cannot be written: run 'harvester migrate' where it can"
            )
        if write or version < LATEST:
            conn = connect(path)
            try:
                migrate(conn)
            finally:
                conn.close()
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the database: {exc}") from exc
    opener = (lambda: connect(path)) if write else (lambda: connect_read_only(path))
    return _engine(create_engine("sqlite://", creator=opener, poolclass=NullPool), write)


def _engine(engine: Engine, write: bool) -> Engine:
    """`engine` with its transactions begun as SQLite's: a writer takes the write lock at
    once (`BEGIN IMMEDIATE`), a reader never."""

    @event.listens_for(engine, "begin")
    def _begin(conn: object) -> None:
        # pysqlite in autocommit mode emits no BEGIN of its own.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")  # type: ignore[attr-defined]

    return engine


def open_scratch_copy(path: Path) -> Engine:
    """An engine on a copy in memory of the database at `path` (read, never written),
    upgraded there: for an offline check of a file that cannot be written."""
    refuse_newer(path)
    try:
        source = connect_read_only(path)
        copy = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        try:
            source.backup(copy)
        finally:
            source.close()
        migrate(copy)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the database: {exc}") from exc
    return _engine(create_engine("sqlite://", creator=lambda: copy, poolclass=StaticPool), True)


def writable(path: Path) -> bool:
    """The file and its folder (where SQLite puts its WAL files) can be written."""
    real = path.resolve()
    return os.access(real, os.W_OK) and os.access(real.parent, os.W_OK)
