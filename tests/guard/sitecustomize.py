"""Loaded by Python at start-up in the CLI tests' subprocesses: only loopback connections."""

import socket

from loopback import is_loopback

_real_connect = socket.socket.connect


def _guarded(self: socket.socket, address: object) -> None:
    if not is_loopback(address):
        raise OSError(f"tests may only connect to loopback, not {address!r}")
    _real_connect(self, address)


socket.socket.connect = _guarded  # type: ignore[method-assign]
