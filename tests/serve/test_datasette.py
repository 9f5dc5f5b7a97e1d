"""A real Datasette on a loopback port, serving a harvested database with the shipped
metadata and plugin: the views come first, the internal tables are hidden, every column
is described, the canned queries answer, arXiv IDs and DOIs are links, and (where
Chromium exists) `date_conflicts` reads well at 1400x1000.

The database is the model list harvested against the fakes under `arxiv-first`, then
under `journal-first`, so the second run changes two decisions. Expected rows are read
off the list (tests/data/lists) and the fakes' records (tests/fakes/model_world.py).
"""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

pytest.importorskip("datasette")

from harvester.serve import METADATA
from tests.cli.helpers import cli_env, run
from tests.conftest import MODEL_LIST
from tests.fakes.arxiv_fake import ArxivFake
from tests.fakes.crossref_fake import CrossrefFake
from tests.fakes.model_world import ARXIV, CROSSREF
from tests.serve.browser import chromium_page, find_chromium

SCHEMA = Path(__file__).parents[2] / "db" / "schema.sql"

#: The open findings, newest recorded date first: (entry key, recorded, resolved, kind, delta).
#: The dates in brackets are the list's; the resolved ones the fakes' records.
CONFLICTS = [
    ("arxiv:2404.04518", "2024-04-16", "2024-04-06", "date_mismatch", 10),  # arXiv v1
    # the list is sorted newest first; 2024/01/13 sits above two 2024/01/19 entries
    ("doi:10.1016/j.media.2024.103088", "2024-01-13", "2024-01-13", "order", None),
    ("title:9b9f8b94899cb9f9", "2023-12-07", None, "unresolved", None),  # Research Square only
    ("doi:10.1016/j.patcog.2023.110167", "2023-12-01", "2023-11-29", "date_mismatch", 2),
    ("arxiv:2311.03074", "2023-11-03", "2023-11-06", "date_mismatch", -3),
    ("ieee:10197302", "2023-03-01", "2023-07-27", "date_mismatch", -148),  # TMI, by title
    # at 2023-07-27 the TMI entry is newer than the 2023/03/15 one above it
    ("ieee:10197302", "2023-03-01", "2023-07-27", "order", None),
]
#: The two journal papers with an arXiv preprint: (key, arXiv ID, v1, DOI, online date).
PREPRINTS = [
    ("doi:10.1016/j.media.2023.102967", "2307.02858", "2023-07-06",
     "10.1016/j.media.2023.102967", "2023-09-16"),
    ("ieee:10197302", "2303.00609", "2023-03-01", "10.1109/tmi.2023.3298093", "2023-07-27"),
]  # fmt: skip


@pytest.fixture(scope="module")
def harvested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """harvest.sqlite: the model list under arxiv-first, then journal-first."""
    db = tmp_path_factory.mktemp("datasette") / "harvest.sqlite"
    with ArxivFake(ARXIV) as arxiv_fake, CrossrefFake(CROSSREF) as crossref_fake:
        env = {"HARVESTER_ARXIV_URL": arxiv_fake.url, "HARVESTER_CROSSREF_URL": crossref_fake.url}
        for rule in ("arxiv-first", "journal-first"):
            out = run("harvest", str(MODEL_LIST), "--rule", rule, "-q", db=db, **env)
            assert out.returncode == 0, out.stderr
    return db


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def site(harvested: Path) -> Iterator[str]:
    """`datasette serve harvest.sqlite --metadata METADATA` on a free loopback port."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(harvested), "--metadata",
         str(METADATA), "--host", "127.0.0.1", "--port", str(port)],
        env=cli_env(harvested), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            assert server.poll() is None, server.communicate()[1]
            try:
                if httpx.get(f"{url}/-/versions.json", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "Datasette did not start in 20 s"
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.communicate(timeout=10)


def _get(url: str) -> Any:
    reply = httpx.get(url, timeout=10)
    assert reply.status_code == 200, reply.text
    return reply.json() if url.split("?")[0].endswith(".json") else reply.text


def _rows(site: str, name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = _get(f"{site}/harvest/{name}.json?_shape=array")
    return rows


def test_the_views_come_first_and_every_table_is_hidden(site: str) -> None:
    """The database page lists the two views and the four queries; every table of
    db/schema.sql is hidden (a new table must be added to the metadata)."""
    page = _get(f"{site}/harvest.json")
    tables = set(re.findall(r"^CREATE TABLE (\w+)", SCHEMA.read_text(), re.MULTILINE))
    assert {t["name"] for t in page["tables"] if t["hidden"]} == tables
    assert [t["name"] for t in page["tables"] if not t["hidden"]] == []
    assert [v["name"] for v in page["views"]] == ["date_conflicts", "entry_dates"]
    assert [q["name"] for q in page["queries"]] == [
        "open_mismatches", "decisions_changed_this_week", "preprints_in_journals",
        "never_resolved",
    ]  # fmt: skip
    assert _get(f"{site}/-/metadata.json")["title"] == "harvester"


def test_every_column_of_the_views_is_described_in_order(site: str) -> None:
    """The metadata describes each view's columns, in the view's order, no more."""
    tables = yaml.safe_load(METADATA.read_text())["databases"]["harvest"]["tables"]
    for view in ("date_conflicts", "entry_dates"):
        columns = _get(f"{site}/harvest/{view}.json?_size=0")["columns"]
        assert list(tables[view]["columns"]) == columns, view
        assert all(tables[view]["columns"].values()), view


def test_date_conflicts_newest_recorded_date_first(site: str) -> None:
    """The view's default order is the recorded date, newest first, as lists are."""
    rows = _rows(site, "date_conflicts")
    assert [
        (r["entry_key"], r["recorded_date"], r["resolved_date"], r["kind"], r["delta_days"])
        for r in rows
    ] == CONFLICTS


def test_entry_dates_in_list_order(site: str) -> None:
    """entry_dates lists the 17 entries by position."""
    rows = _rows(site, "entry_dates")
    assert [r["position"] for r in rows] == list(range(1, 18))


def test_open_mismatches_by_size_of_the_difference(site: str) -> None:
    """Only date_mismatch, the largest |delta| first, with the entry's arXiv ID and DOI."""
    rows = _rows(site, "open_mismatches")
    assert [(r["entry_key"], r["delta_days"], r["arxiv_id"], r["doi"]) for r in rows] == [
        ("ieee:10197302", -148, "2303.00609", "10.1109/tmi.2023.3298093"),
        ("arxiv:2404.04518", 10, "2404.04518", None),
        ("arxiv:2311.03074", -3, "2311.03074", None),
        ("doi:10.1016/j.patcog.2023.110167", 2, None, "10.1016/j.patcog.2023.110167"),
    ]


def test_decisions_changed_in_the_last_7_days(site: str, harvested: Path) -> None:
    """The second run's two changes (first decisions are not changes); a change from a run
    8 days ago is left out."""
    expected = [
        (key, "now_in_journal", f"date moves from {v1} to {online}")
        for key, _, v1, _, online in PREPRINTS
    ]

    def changed() -> list[tuple[str, str, str]]:
        rows = _rows(site, "decisions_changed_this_week")
        return [(r["entry_key"], r["kind"], r["message"].split(": ", 1)[1]) for r in rows]

    assert changed() == expected
    with sqlite3.connect(harvested) as conn:
        conn.execute(
            "INSERT INTO runs (id, started_at, outcome) VALUES"
            " (99, strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now', '-8 days'), 'ok')"
        )
        conn.execute(
            "INSERT INTO run_events (run_id, list_source, entry_key, kind, message)"
            " SELECT 99, list_source, entry_key, 'date_changed', 'x: date moves' FROM entry_dates"
        )
    try:
        assert changed() == expected
    finally:
        with sqlite3.connect(harvested) as conn:
            conn.execute("DELETE FROM run_events WHERE run_id = 99")
            conn.execute("DELETE FROM runs WHERE id = 99")


def test_preprints_now_published_in_a_journal(site: str) -> None:
    """The journal-dated entries that have an arXiv preprint, latest online date first."""
    rows = _rows(site, "preprints_in_journals")
    got = [
        (r["entry_key"], r["arxiv_id"], r["arxiv_submitted"], r["doi"], r["online_date"])
        for r in rows
    ]
    assert got == PREPRINTS


def test_entries_never_resolved(site: str) -> None:
    """The one entry only a Research Square preprint matches."""
    rows = _rows(site, "never_resolved")
    assert [(r["entry_key"], r["rule"]) for r in rows] == [("title:9b9f8b94899cb9f9", "unresolved")]


def test_pages_link_arxiv_and_doi_and_load_the_css(site: str) -> None:
    """entry_dates links arXiv IDs and DOIs; date_conflicts links the keys' and details'
    identifiers; the stylesheet is linked and served."""
    entries = _get(f"{site}/harvest/entry_dates")
    assert '<a href="https://arxiv.org/abs/2404.04518">' in entries
    assert '<a href="https://doi.org/10.1016/j.media.2023.102967">' in entries
    conflicts = _get(f"{site}/harvest/date_conflicts")
    assert '<a href="https://arxiv.org/abs/2311.03074">' in conflicts  # the entry key
    assert '<a href="https://doi.org/10.1109/tmi.2023.3298093">' in conflicts  # in the detail
    assert '<link rel="stylesheet" href="/-/harvester.css">' in conflicts
    css = httpx.get(f"{site}/-/harvester.css", timeout=10)
    assert css.headers["content-type"].startswith("text/css") and "col-list_source" in css.text
    query = _get(f"{site}/harvest/preprints_in_journals")
    assert '<a href="https://arxiv.org/abs/2307.02858">' in query


#: What the page's layout is, measured in the browser (CSS pixels).
LAYOUT = """(() => {
  const boxes = c => [...document.querySelectorAll(`table.rows-and-columns td.col-${c}`)]
    .map(td => td.getBoundingClientRect());
  return {
    width: innerWidth, height: innerHeight,
    rows: [...document.querySelectorAll("table.rows-and-columns tbody tr")]
      .map(tr => tr.getBoundingClientRect().bottom),
    titles: boxes("title").map(b => b.width),
    details: boxes("detail").map(b => [b.left, b.right]),
    sources: boxes("list_source").map(b => b.width),
  };
})()"""


@pytest.mark.skipif(find_chromium() is None, reason="no Chromium here")
def test_date_conflicts_reads_at_1400_by_1000(site: str, tmp_path: Path) -> None:
    """In headless Chromium at 1400x1000 every finding is on the first screen, each detail
    whole inside the window, titles at least 200 px wide (not a word a line), the list's
    name at most 160 px; the screenshot is 1400x1000 (SCREENSHOT_TO=PATH keeps a copy)."""
    with chromium_page(str(find_chromium())) as page:
        page.open(f"{site}/harvest/date_conflicts", 1400, 1000)
        layout = page.evaluate(LAYOUT)
        png = page.screenshot()
    assert (layout["width"], layout["height"]) == (1400, 1000)
    assert len(layout["rows"]) == len(CONFLICTS)
    assert all(bottom <= 1000 for bottom in layout["rows"]), layout["rows"]
    assert all(left >= 0 and right <= 1400 for left, right in layout["details"]), layout
    assert all(width >= 200 for width in layout["titles"]), layout["titles"]
    assert all(width <= 160 for width in layout["sources"]), layout["sources"]
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (1400, 1000)
    (tmp_path / "date_conflicts.png").write_bytes(png)
    if target := os.environ.get("SCREENSHOT_TO"):
        Path(target).write_bytes(png)
