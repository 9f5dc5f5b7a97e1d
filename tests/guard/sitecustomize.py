"""Loaded by Python at start-up in the CLI tests' subprocesses: only loopback connections."""

import ipaddress
import socket

_real_connect = socket.socket.connect


def _loopback(address: object) -> bool:
    if not isinstance(address, tuple):
        return True
    host = address[0]
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded(self: socket.socket, address: object) -> None:
    if not _loopback(address):
        raise OSError(f"tests may only connect to loopback, not {address!r}")
    _real_connect(self, address)


socket.socket.connect = _guarded  # type: ignore[method-assign]
