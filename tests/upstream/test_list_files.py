"""A file the user names (a list SOURCE, the nightly config, a decisions file): only a
regular file is read, and at most its cap, counted while reading; anything else is one
line (exit 2) naming it."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from harvester.errors import ConfigError, InputError, SourceError
from harvester.pipeline.config import read_config
from harvester.upstream import files
from harvester.upstream.decisions_file import read_decisions
from harvester.upstream.list_source import MAX_LIST_BYTES, fetch_list_bytes, locate

LIST = b"# Papers\n\n- (2024/01/19) A Paper. [[arXiv](https://arxiv.org/abs/2401.10637)]\n"


def refusal(source: Path | str) -> str:
    with pytest.raises(SourceError) as caught:
        fetch_list_bytes(str(source), 1.0, "test")
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_bytes(LIST)
    assert fetch_list_bytes(str(path), 1.0, "test") == LIST


def test_a_directory_is_refused_by_its_type(tmp_path: Path) -> None:
    assert refusal(tmp_path) == f"{tmp_path}: cannot read: not a regular file but a directory"


def test_a_device_is_refused_before_a_byte_is_read() -> None:
    """/dev/zero never ends: read, it filled memory until MemoryError."""
    assert refusal("/dev/zero") == (
        "/dev/zero: cannot read: not a regular file but a character device"
    )


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "list.md"
    os.mkfifo(fifo)
    assert "not a regular file but a named pipe (FIFO)" in refusal(fifo)


def test_a_fifo_put_in_place_after_the_check_neither_hangs_nor_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The type is checked again on the opened file, and the open does not block."""
    fifo, regular = tmp_path / "list.md", tmp_path / "regular.md"
    os.mkfifo(fifo)
    regular.write_bytes(LIST)
    real_stat = os.stat
    monkeypatch.setattr(files.os, "stat", lambda p, *a, **k: real_stat(regular))
    outcome: list[str] = []
    worker = threading.Thread(target=lambda: outcome.append(refusal(fifo)), daemon=True)
    worker.start()
    worker.join(5)
    if worker.is_alive():  # unblock the open so the thread can end
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("opening the FIFO blocked")
    assert outcome and "named pipe (FIFO)" in outcome[0]


def test_the_size_cap_is_counted_while_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of exactly the cap is read; one byte more is refused."""
    path = tmp_path / "list.md"
    path.write_bytes(LIST)
    assert files.read_regular(path, len(LIST)) == LIST
    path.write_bytes(LIST + b"\n")
    with pytest.raises(OSError, match=f"^.*larger than {len(LIST)} bytes$"):
        files.read_regular(path, len(LIST))
    assert refusal(tmp_path / "absent.md").endswith("cannot read: No such file or directory")


def test_the_cap_is_named_in_mib_or_in_bytes() -> None:
    assert MAX_LIST_BYTES == 64 * 2**20
    assert files._size(MAX_LIST_BYTES) == "64 MiB"
    assert files._size(2**20) == "1 MiB"
    assert files._size(2**20 - 1) == "1,048,575 bytes"


def test_a_symlink_loop_is_one_line_when_named_and_when_read(tmp_path: Path) -> None:
    loop = tmp_path / "loop.md"
    loop.symlink_to(loop)
    with pytest.raises(SourceError, match=r"loop\.md: cannot read: a symbolic link loop$"):
        locate(str(loop))
    assert refusal(loop) == f"{loop}: cannot read: Too many levels of symbolic links"


def test_the_config_and_the_decisions_file_are_refused_alike(tmp_path: Path) -> None:
    fifo = tmp_path / "README.harvester.toml"
    os.mkfifo(fifo)
    with pytest.raises(ConfigError, match="not a regular file but a named pipe"):
        read_config(fifo)
    with pytest.raises(InputError, match="not a regular file but a named pipe"):
        read_decisions(fifo)
    with pytest.raises(ConfigError, match="not a regular file but a character device"):
        read_config(Path("/dev/zero"))
    assert read_decisions(tmp_path / "absent.harvester.toml") is None
