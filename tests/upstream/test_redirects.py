"""Which SOURCE redirects are followed, decided on values: the URLs and what the target's
host resolves to (no network here)."""

from __future__ import annotations

import httpx
import pytest

from harvester.upstream.redirects import (
    MAX_REDIRECTS,
    address_refusal,
    needs_addresses,
    redirect_refusal,
    same_origin,
)

GITHUB = httpx.URL("https://github.com/o/r/raw/main/README.md")
RAW = httpx.URL("https://raw.githubusercontent.com/o/r/main/README.md")
#: raw.githubusercontent.com's addresses (Fastly), v4 and v6.
RAW_ADDRESSES = ["185.199.108.133", "185.199.111.133", "2606:50c0:8000::154"]


def test_github_raw_redirect_is_followed() -> None:
    """github.com's /raw/ URL to raw.githubusercontent.com, all public: followed."""
    assert needs_addresses(GITHUB, RAW)
    assert redirect_refusal(GITHUB, RAW, RAW_ADDRESSES, [GITHUB]) is None


@pytest.mark.parametrize(
    ("previous", "target"),
    [
        ("http://127.0.0.1:8000/a.md", "http://127.0.0.1:8000/b.md"),
        ("https://Example.org/a", "https://example.org:443/b"),
        ("http://example.org/a", "https://example.org/a"),  # the upgrade many sites make
        ("http://10.0.0.5/list.md", "http://10.0.0.5/list.md?raw=1"),
    ],
)
def test_same_host_and_port_is_followed_without_resolving(previous: str, target: str) -> None:
    """On the same origin (or upgraded to https on the same host), no address is asked:
    a list served from a private host may move within it."""
    before, after = httpx.URL(previous), httpx.URL(target)
    assert same_origin(before, after) and not needs_addresses(before, after)
    assert redirect_refusal(before, after, None, [before]) is None


@pytest.mark.parametrize(
    ("previous", "target"),
    [
        ("http://127.0.0.1:8000/a", "http://127.0.0.1:8001/a"),  # another port: a canary
        ("http://example.org:8080/a", "https://example.org:8443/a"),  # not the plain upgrade
        ("https://example.org/a", "http://example.org:443/a"),
        ("http://example.org/a", "http://www.example.org/a"),
    ],
)
def test_another_port_or_host_is_another_origin(previous: str, target: str) -> None:
    """Another port, or another host, must show its addresses."""
    assert not same_origin(httpx.URL(previous), httpx.URL(target))


@pytest.mark.parametrize(
    ("addresses", "refused"),
    [
        (["127.0.0.1"], "127.0.0.1"),
        (["::1"], "::1"),
        (["10.1.2.3"], "10.1.2.3"),
        (["192.168.1.20"], "192.168.1.20"),
        (["172.16.0.1"], "172.16.0.1"),
        (["169.254.169.254"], "169.254.169.254"),  # the cloud metadata service
        (["fe80::1%eth0"], "fe80::1%eth0"),
        (["fd12:3456::1"], "fd12:3456::1"),
        (["100.64.0.1"], "100.64.0.1"),  # carrier-grade NAT, shared
        (["0.0.0.0"], "0.0.0.0"),
        (["224.0.0.251"], "224.0.0.251"),  # multicast
        (["240.0.0.1"], "240.0.0.1"),  # reserved
        (["::ffff:127.0.0.1"], "::ffff:127.0.0.1"),  # loopback dressed as IPv6
        (["185.199.108.133", "10.0.0.7"], "10.0.0.7"),  # one private address is enough
    ],
)
def test_a_host_with_any_non_public_address_is_refused(addresses: list[str], refused: str) -> None:
    """Every address must be public; the refusal names the first that is not."""
    assert address_refusal("lists.example", addresses) == (
        f"lists.example resolves to {refused}, not a public address"
    )
    target = httpx.URL("https://lists.example/README.md")
    assert redirect_refusal(GITHUB, target, addresses, [GITHUB]) == (
        f"lists.example resolves to {refused}, not a public address"
    )


def test_an_address_literal_is_named_once() -> None:
    """A Location that is itself an address says so plainly."""
    before, canary = httpx.URL("http://127.0.0.1:8000/a"), httpx.URL("http://127.0.0.1:8001/")
    assert redirect_refusal(before, canary, ["127.0.0.1"], [before]) == (
        "127.0.0.1 is not a public address"
    )
    assert address_refusal("lists.example", []) == "lists.example has no address"


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("file:///etc/passwd", "not an http(s) URL (file scheme)"),
        ("ftp://ftp.example.org/README.md", "not an http(s) URL (ftp scheme)"),
        ("gopher://example.org/", "not an http(s) URL (gopher scheme)"),
        ("http://github.com/o/r/raw/main/README.md", "it leaves https for http"),
    ],
)
def test_another_scheme_or_a_downgrade_is_refused(target: str, reason: str) -> None:
    """Only http(s), and never from https down to http, even on the same host; nothing
    is resolved for them."""
    after = httpx.URL(target)
    assert not needs_addresses(GITHUB, after)
    assert redirect_refusal(GITHUB, after, RAW_ADDRESSES, [GITHUB]) == reason


def test_a_loop_and_one_redirect_too_many_are_refused() -> None:
    """Back to a URL already asked is a loop; MAX_REDIRECTS are followed, not one more."""
    chain = [httpx.URL(f"https://example.org/{i}") for i in range(MAX_REDIRECTS + 2)]
    assert redirect_refusal(chain[1], chain[0], None, chain[:2]) == (
        "it leads back to a URL already asked (a loop)"
    )
    last_allowed = chain[MAX_REDIRECTS]
    assert redirect_refusal(chain[4], last_allowed, None, chain[:MAX_REDIRECTS]) is None
    assert redirect_refusal(last_allowed, chain[-1], None, chain[: MAX_REDIRECTS + 1]) == (
        f"more than {MAX_REDIRECTS} redirects"
    )
