"""One harvest per database: an advisory lock file beside it.

The lock is an `flock` on `<db>.lock`, which the kernel releases when its process
dies, so a lock left by a killed run is simply free for the next one. The file holds
the holder's description for the message a second run prints.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
from collections.abc import Iterator
from pathlib import Path

from harvester.errors import LockHeldError


def holder_description(started_at: str) -> str:
    """Who holds the lock: process, host and start time."""
    return f"pid {os.getpid()} on {socket.gethostname()}, started {started_at}"


@contextlib.contextmanager
def database_lock(db_path: Path, holder: str) -> Iterator[None]:
    """Hold the database's lock, or raise LockHeldError naming the holder (exit 4)."""
    path = db_path.with_name(db_path.name + ".lock")
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        held_by = os.pread(fd, 500, 0).decode("utf-8", errors="replace").strip()
        os.close(fd)
        raise LockHeldError(
            f"{db_path}: another harvest holds the lock ({held_by or 'holder unknown'})"
        ) from None
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, holder.encode(), 0)
        yield
    finally:
        os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
