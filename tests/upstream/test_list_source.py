"""A list at an http(s) SOURCE, fetched from the loopback list fake: the whole fetch
within HARVESTER_TIMEOUT whatever the server trickles, and redirects followed only where
the policy allows (the resolver injected: these tests never leave 127.0.0.1)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest

from harvester.errors import SourceError
from harvester.upstream.list_source import fetch_list_bytes
from harvester.upstream.redirects import MAX_REDIRECTS
from tests.conftest import MODEL_LIST
from tests.fakes import faults
from tests.fakes.list_fake import ListFake
from tests.upstream.timing import MODES, TIMEOUT, error_of, timed, unaccepting

BODY = MODEL_LIST.read_bytes()


class Resolver:
    """Answers for host names as a DNS server would, and remembers what it was asked."""

    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers
        self.asked: list[tuple[str, int]] = []

    def __call__(self, host: str, port: int) -> Sequence[str]:
        self.asked.append((host, port))
        if host not in self.answers:
            raise OSError("[Errno -2] Name or service not known")
        return self.answers[host]


@pytest.fixture
def lists() -> Iterator[ListFake]:
    with ListFake() as fake:
        fake.put("/README.md", BODY)
        yield fake


@pytest.fixture
def canary() -> Iterator[ListFake]:
    """Another loopback server, on another port: a redirect must never reach it."""
    with ListFake() as fake:
        fake.put("/README.md", b"- (2024/01/19) Canary. [[a](https://arxiv.org/abs/2401.10637)]\n")
        yield fake


def refusal(url: str, resolver: Resolver | None = None) -> str:
    """The one-line SourceError of fetching `url`."""
    with pytest.raises(SourceError) as raised:
        if resolver is None:
            fetch_list_bytes(url, 5.0, "tests")
        else:
            fetch_list_bytes(url, 5.0, "tests", resolver)
    assert "\n" not in str(raised.value)
    return str(raised.value)


# ------------------------------------------------------------------------------ the deadline


@pytest.mark.parametrize("mode", list(MODES))
def test_a_source_url_ends_within_three_timeouts(mode: str, lists: ListFake) -> None:
    """A SOURCE URL whose reply would take minutes fails after about the timeout, its
    one line naming the URL and `timed out after 1 s`."""
    make = MODES[mode]
    with unaccepting() as nowhere:
        url = f"{nowhere}/README.md" if make is None else lists.url_of("/README.md")
        if make is not None:
            lists.fail_forever(make())
        error, took = timed(lambda: error_of(lambda: fetch_list_bytes(url, TIMEOUT, "tests")))
    assert isinstance(error, SourceError)
    assert str(error) == f"{url}: cannot fetch: timed out after 1 s"
    assert 0.9 * TIMEOUT <= took < 3 * TIMEOUT, f"{mode}: {took:.2f} s"


def test_a_redirect_and_its_target_share_one_deadline(lists: ListFake) -> None:
    """The deadline covers the whole fetch: after a redirect answered in 0.6 s, the
    trickled target gets what is left, not a second of its own."""
    url = lists.redirect("/moved", "/README.md")
    lists.script(faults.slow(0.6), when=lambda r: r.path == "/moved")
    lists.fail_forever(faults.trickle(1.0), when=lambda r: r.path == "/README.md")
    error, took = timed(lambda: error_of(lambda: fetch_list_bytes(url, TIMEOUT, "tests")))
    assert str(error) == (
        f"{url}: redirected to {lists.url_of('/README.md')}: cannot fetch: timed out after 1 s"
    )
    assert 0.9 * TIMEOUT <= took < 1.5 * TIMEOUT


def test_a_reply_that_ends_inside_the_deadline_is_kept(lists: ListFake) -> None:
    """A list trickled to end in about half the deadline is read whole; the same list
    trickled to end past it is not."""
    body = b"# L\n\n- (2024/01/19) A paper. [[a](https://arxiv.org/abs/2401.10637)]\n"
    url = lists.put("/short.md", body)
    lists.script(faults.trickle(1.0 / len(body)))  # about 1 s of the 2 s
    assert fetch_list_bytes(url, 2.0, "tests") == body
    lists.script(faults.trickle(3.0 / len(body)))  # about 3 s
    with pytest.raises(SourceError, match="timed out after 2 s"):
        fetch_list_bytes(url, 2.0, "tests")


# ------------------------------------------------------------------------------ redirects


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_on_the_same_host_and_port_is_followed(lists: ListFake, status: int) -> None:
    """A relative or absolute Location on the same host and port: followed, nothing
    resolved."""
    resolver = Resolver({})
    relative = lists.redirect("/old.md", "/README.md", status)
    absolute = lists.redirect("/older.md", lists.url_of("/old.md"), status)
    assert fetch_list_bytes(absolute, 5.0, "tests", resolver) == BODY
    assert fetch_list_bytes(relative, 5.0, "tests", resolver) == BODY
    assert resolver.asked == []


def test_github_raw_redirect_goes_to_the_public_addresses_judged(lists: ListFake) -> None:
    """github.com's `/raw/` answers with raw.githubusercontent.com: its addresses are
    asked, all public, so it is followed, and the connection goes to those very addresses
    (here the test's loopback guard stops it, which shows where it went)."""
    raw = "https://raw.githubusercontent.com/o/r/main/README.md"
    url = lists.redirect("/o/r/raw/main/README.md", raw)
    resolver = Resolver({"raw.githubusercontent.com": ["185.199.108.133"]})
    message = refusal(url, resolver)
    assert resolver.asked == [("raw.githubusercontent.com", 443)]
    assert message.startswith(f"{url}: redirected to {raw}: cannot fetch: ")
    assert "('185.199.108.133', 443)" in message and "refused" not in message


def test_a_redirect_to_another_loopback_port_is_refused(lists: ListFake, canary: ListFake) -> None:
    """Another port of the same machine is not the list's server: refused, the canary
    never asked, whether the Location names 127.0.0.1 or localhost."""
    for target in (canary.url_of("/README.md"), f"http://localhost:{canary.port}/README.md"):
        url = lists.redirect("/elsewhere", target)
        message = refusal(url)
        assert message.startswith(f"{url}: redirect to {target} refused: ")
        assert message.endswith("not a public address")
    assert len(canary.log) == 0


@pytest.mark.parametrize(
    ("host", "addresses"),
    [
        ("intranet.example", ["10.20.30.40"]),
        ("router.example", ["192.168.1.1"]),
        ("metadata.example", ["169.254.169.254"]),
        ("six.example", ["::1"]),
        ("half.example", ["185.199.108.133", "172.16.5.4"]),
    ],
)
def test_a_redirect_to_a_host_with_a_non_public_address_is_refused(
    lists: ListFake, host: str, addresses: list[str]
) -> None:
    """A host name that resolves to any private, link-local or loopback address: refused
    with one line naming the redirect and the address."""
    url = lists.redirect("/moved", f"https://{host}/README.md")
    bad = next(a for a in addresses if not a.startswith("185."))
    assert refusal(url, Resolver({host: addresses})) == (
        f"{url}: redirect to https://{host}/README.md refused: "
        f"{host} resolves to {bad}, not a public address"
    )


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("file:///etc/passwd", "not an http(s) URL (file scheme)"),
        ("ftp://ftp.example.org/README.md", "not an http(s) URL (ftp scheme)"),
    ],
)
def test_a_redirect_off_http_is_refused(lists: ListFake, location: str, reason: str) -> None:
    """file:// and ftp:// Locations are refused, named as the server sent them."""
    url = lists.redirect("/moved", location)
    assert refusal(url) == f"{url}: redirect to {location} refused: {reason}"


def test_a_loop_and_too_many_redirects_are_refused(lists: ListFake) -> None:
    """A loop is named as one; a chain of MAX_REDIRECTS is followed, one more is not."""
    loop = lists.redirect("/a", "/b")
    lists.redirect("/b", "/a")
    assert refusal(loop).endswith("refused: it leads back to a URL already asked (a loop)")
    for i in range(MAX_REDIRECTS + 1):
        lists.redirect(f"/hop{i}", f"/hop{i + 1}")
    lists.put(f"/hop{MAX_REDIRECTS + 1}", BODY)
    assert fetch_list_bytes(lists.url_of("/hop1"), 5.0, "tests") == BODY  # 5 redirects
    assert refusal(lists.url_of("/hop0")) == (
        f"{lists.url_of('/hop0')}: redirect to {lists.url_of(f'/hop{MAX_REDIRECTS + 1}')} "
        f"refused: more than {MAX_REDIRECTS} redirects"
    )


def test_a_redirect_without_location_or_to_a_missing_page_says_so(lists: ListFake) -> None:
    """A 302 with no Location, and a redirect to a 404, each one line naming it."""
    lists.redirect("/bare", "")
    lists.routes["/bare"].headers.pop("Location")
    assert refusal(lists.url_of("/bare")) == (
        f"{lists.url_of('/bare')}: HTTP 302 redirect without a Location"
    )
    url = lists.redirect("/gone", "/nothing-here.md")
    assert (
        refusal(url)
        == f"{url}: redirected to {lists.url_of('/nothing-here.md')}: HTTP 404 Not Found"
    )


def test_an_unparsable_url_or_location_is_one_line(lists: ListFake) -> None:
    """A SOURCE or a Location httpx cannot parse (a port that is not one) is named in one
    line, not a traceback."""
    assert refusal("http://[::1/README.md") == (
        "http://[::1/README.md: not a URL that can be fetched: Invalid port: ':1'"
    )
    url = lists.redirect("/moved", "http://[::1/README.md")
    assert refusal(url) == (
        f"{url}: cannot fetch: Invalid URL in location header: Invalid port: ':1'."
    )
