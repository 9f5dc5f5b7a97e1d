"""Shared test setup: tests never leave 127.0.0.1."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.guard.loopback import is_loopback

#: Real lists, copied byte for byte into the repository (origins in tests/data/README.md).
LISTS = Path(__file__).resolve().parent / "data" / "lists"
MODEL_LIST = LISTS / "MedAIerHHL__awesome-medical-image-anoraml-detection__README.md"

pytest_plugins = ["tests.fakes.fixtures"]

_real_connect = socket.socket.connect


def _guarded_connect(self: socket.socket, address: Any) -> None:
    if not is_loopback(address):
        raise OSError(f"tests may only connect to loopback, not {address!r}")
    _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    _guarded_connect(self, address)
    return 0


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Block every connection to a non-loopback address."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)
    yield


@pytest.fixture
def harvester_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clean environment for CLI runs: the database in tmp_path, no HARVESTER_* leaking in."""
    for name in list(os.environ):
        if name.startswith("HARVESTER_"):
            monkeypatch.delenv(name)
    db = tmp_path / "harvest.sqlite"
    monkeypatch.setenv("HARVESTER_DB", str(db))
    return db


@pytest.fixture(autouse=True)
def _no_decisions_left_in_the_test_data() -> Iterator[None]:
    """A test that acks or pins a list in tests/data must not leave its decisions file
    there: a later harvest of that list would read it."""
    yield
    left = sorted(p.name for p in LISTS.parent.rglob("*.harvester.toml"))
    assert not left, f"decisions file left in tests/data: {left}"
