"""The one definition of "loopback" for the tests and their subprocesses."""

import ipaddress


def is_loopback(address: object) -> bool:
    """Whether a socket address stays on this machine (AF_UNIX paths do too)."""
    if not isinstance(address, tuple):
        return True
    host = address[0]
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
