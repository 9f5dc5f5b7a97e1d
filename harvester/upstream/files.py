"""Read a file the user named (a list, a config, a decisions file): only a regular file,
and only up to a size counted while reading."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


def read_regular(path: str | Path, limit: int) -> bytes:
    """The bytes of the regular file at `path` (a symbolic link to one is fine). OSError,
    its `strerror` saying why, for anything else: a directory, a FIFO, a device such as
    /dev/zero or a socket is refused by its type before a byte is read (and a FIFO put
    in place after that check neither blocks the open nor is read); more than `limit`
    bytes is refused, counted while reading rather than taken from `st_size`, which a
    device or a growing file does not tell truly."""
    _refuse_special(os.stat(path).st_mode)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as handle:
        _refuse_special(os.fstat(handle.fileno()).st_mode)
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise OSError(errno.EFBIG, f"larger than {_size(limit)}")
    return raw


def _refuse_special(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kinds = {stat.S_ISDIR: "a directory", stat.S_ISFIFO: "a named pipe (FIFO)",
             stat.S_ISCHR: "a character device", stat.S_ISBLK: "a block device",
             stat.S_ISSOCK: "a socket"}  # fmt: skip
    kind = next((name for test, name in kinds.items() if test(mode)), "a special file")
    raise OSError(errno.EINVAL, f"not a regular file but {kind}")


def _size(limit: int) -> str:
    """`64 MiB`, `1 MiB`, or bytes for a limit under a MiB."""
    return f"{limit // 2**20} MiB" if limit >= 2**20 else f"{limit:,} bytes"
