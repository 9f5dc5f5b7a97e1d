"""One harvest per database file: an advisory lock beside it and on the file itself.

The lock is an `flock` on `<db>.lock` beside the database's resolved path (a symlink
reaches the same lock file), and, when the database exists, an `flock` on the database
file itself (a hard link reaches the same file: flock locks are the file's, whatever path
opened it, and independent of SQLite's own POSIX locks). The kernel releases both when
the process dies, so a lock left by a killed run is simply free for the next one. The
lock file holds the holder's description for the message a second run prints.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
from collections.abc import Iterator
from pathlib import Path

from harvester.errors import LockHeldError, StoreError


def holder_description(started_at: str) -> str:
    """Who holds the lock: process, host and start time."""
    return f"pid {os.getpid()} on {socket.gethostname()}, started {started_at}"


@contextlib.contextmanager
def database_lock(db_path: Path, holder: str) -> Iterator[None]:
    """Hold the database's lock, or raise LockHeldError naming the holder (exit 4)."""
    resolved = db_path.resolve()
    lock_path = resolved.with_name(resolved.name + ".lock")
    if not resolved.parent.is_dir():
        raise StoreError(f"{db_path}: no such folder: {resolved.parent}")
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(f"{lock_path}: cannot open the lock file: {exc.strerror}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        held_by = os.pread(fd, 500, 0).decode("utf-8", errors="replace").strip()
        os.close(fd)
        raise LockHeldError(
            f"{db_path}: another harvest holds the lock ({held_by or 'holder unknown'})"
        ) from None
    try:
        with _file_lock(db_path):
            os.ftruncate(fd, 0)
            os.pwrite(fd, holder.encode(), 0)
            yield
    finally:
        os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


@contextlib.contextmanager
def _file_lock(db_path: Path) -> Iterator[None]:
    """The lock on the database file itself, when it exists (a new file has no other
    name yet)."""
    try:
        fd = os.open(db_path, os.O_RDONLY)
    except FileNotFoundError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise LockHeldError(
            f"{db_path}: another harvest holds the lock (through another path to this file)"
        ) from None
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
