"""Which redirects of a SOURCE URL are followed: pure, the resolver's answer passed in.

A list's URL is the maintainer's; where its server sends us is not. A redirect is
followed to the same host and port (or the same host moving from http to https), or to
a host whose every address is public; never to a loopback, private, link-local,
multicast or reserved address (a redirect must not turn harvester into a probe of the
machine or network it runs in), never from https down to http, never off http(s), and
at most MAX_REDIRECTS times (GitHub's `github.com/o/r/raw/...` takes one).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

import httpx

#: Redirects followed for one SOURCE; fewer than httpx's 20: a list needs one or two.
MAX_REDIRECTS = 5
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def port_of(url: httpx.URL) -> int | None:
    """The port `url` reaches: its own, else its scheme's default."""
    return url.port or _DEFAULT_PORTS.get(url.scheme)


def same_origin(previous: httpx.URL, target: httpx.URL) -> bool:
    """Whether `target` is on `previous`'s host and port, or the same host moved from
    http on its default port to https on its default port (an upgrade, as many sites do)."""
    if previous.host != target.host:
        return False
    upgrade = (previous.scheme, port_of(previous), target.scheme, port_of(target)) == (
        "http", 80, "https", 443,
    )  # fmt: skip
    return upgrade or (previous.scheme == target.scheme and port_of(previous) == port_of(target))


def scheme_refusal(previous: httpx.URL, target: httpx.URL) -> str | None:
    """Why `target`'s scheme is refused after `previous`'s, or None."""
    if target.scheme not in _DEFAULT_PORTS:
        return f"not an http(s) URL ({target.scheme or 'no'} scheme)"
    if previous.scheme == "https" and target.scheme == "http":
        return "it leaves https for http"
    return None


def needs_addresses(previous: httpx.URL, target: httpx.URL) -> bool:
    """Whether judging the redirect takes `target`'s addresses: an http(s) target on
    another origin."""
    return scheme_refusal(previous, target) is None and not same_origin(previous, target)


def address_refusal(host: str, addresses: Sequence[str]) -> str | None:
    """Why a host with these addresses is refused, or None when every one is public."""
    if not addresses:
        return f"{host} has no address"
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 scope is not the address
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if not ip.is_global or ip.is_multicast or ip.is_reserved:
            if host.strip("[]") == address:
                return f"{address} is not a public address"
            return f"{host} resolves to {address}, not a public address"
    return None


def redirect_refusal(
    previous: httpx.URL,
    target: httpx.URL,
    addresses: Sequence[str] | None,
    followed: Sequence[httpx.URL] = (),
) -> str | None:
    """Why the redirect from `previous` to `target` is refused, or None to follow it.

    `addresses`: what `target`'s host resolves to, needed only when `needs_addresses`;
    `followed`: the URLs already requested, the first one included."""
    if target in followed:
        return "it leads back to a URL already asked (a loop)"
    if len(followed) > MAX_REDIRECTS:
        return f"more than {MAX_REDIRECTS} redirects"
    if refusal := scheme_refusal(previous, target):
        return refusal
    if same_origin(previous, target):
        return None
    return address_refusal(target.host, addresses or ())
