"""The command line, run as a user runs it: exit codes, one-line errors, nothing lost."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.cli.helpers import cli_env, run
from tests.conftest import LISTS, MODEL_LIST
from tests.fakes.arxiv_fake import ArxivFake
from tests.fakes.crossref_fake import CrossrefFake
from tests.listing.golden import load as load_golden
from tests.listing.golden import params as golden_params


class _ListHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/README.md":
            body = MODEL_LIST.read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fakes(arxiv_fake: ArxivFake, crossref_fake: CrossrefFake) -> dict[str, str]:
    """Environment pointing the CLI at empty loopback fakes of both services."""
    return {"HARVESTER_ARXIV_URL": arxiv_fake.url, "HARVESTER_CROSSREF_URL": crossref_fake.url}


@pytest.fixture(scope="module")
def stored_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the model list, harvested once against empty fakes."""
    db = tmp_path_factory.mktemp("stored") / "h.sqlite"
    with ArxivFake() as arxiv_fake, CrossrefFake() as crossref_fake:
        env = {"HARVESTER_ARXIV_URL": arxiv_fake.url, "HARVESTER_CROSSREF_URL": crossref_fake.url}
        assert run("harvest", str(MODEL_LIST), db=db, **env).returncode == 0
    return db


@pytest.fixture
def list_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ListHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("case", golden_params())
def test_parse_json_matches_golden_counts(case: Path, tmp_path: Path) -> None:
    """`harvester parse --json` prints one document with every entry, and stores nothing."""
    golden = load_golden(case)
    out = run("parse", str(LISTS / golden["source"]), "--json", db=tmp_path / "h.sqlite")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    titles = {e["span"]["line_start"]: e["title"] for e in doc["entries"]}
    assert [titles.get(e["line"]) for e in golden["entries"]] == [
        e["title"] for e in golden["entries"]
    ]
    assert doc["count"] == golden["count"] == len(doc["entries"])
    assert not (tmp_path / "h.sqlite").exists()


#: The keys of one list's summary in `harvest --json` and `nightly --json` (README).
SUMMARY_KEYS = (
    "source", "list_rule", "entries", "new", "gone", "due", "refreshed", "resolved", "conflicts", "rules",
    "requests", "retries", "failures", "failed",
)  # fmt: skip


def test_harvest_stores_and_summarises(tmp_path: Path, fakes: dict[str, str]) -> None:
    """`harvester harvest` stores the list and prints the run document (README's shape)."""
    db = tmp_path / "h.sqlite"
    out = run("harvest", str(MODEL_LIST), "--json", db=db, **fakes)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert set(doc) == {"run_id", "exit_code", "changed", "lists", "unreadable"}
    assert (doc["run_id"], doc["exit_code"], doc["unreadable"]) == (1, 0, {})
    assert len(doc["changed"]) == 17 and {c["kind"] for c in doc["changed"]} == {"new_decision"}
    (summary,) = doc["lists"]
    assert set(summary) == set(SUMMARY_KEYS)
    assert (summary["entries"], summary["new"], summary["gone"]) == (17, 17, 0)
    assert summary["source"] == str(MODEL_LIST) and set(summary["requests"]) == {
        "arxiv",
        "crossref",
    }
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM entry_dates").fetchone() == (17,)


def test_db_flag_beats_environment(tmp_path: Path, fakes: dict[str, str]) -> None:
    """`--db` wins over HARVESTER_DB."""
    out = run(
        "harvest",
        str(MODEL_LIST),
        "--db",
        str(tmp_path / "flag.sqlite"),
        db=tmp_path / "env.sqlite",
        **fakes,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert (tmp_path / "flag.sqlite").exists() and not (tmp_path / "env.sqlite").exists()


def test_harvest_from_url(tmp_path: Path, list_server: str, fakes: dict[str, str]) -> None:
    """SOURCE may be an http(s) URL, fetched with httpx."""
    db = tmp_path / "h.sqlite"
    out = run("harvest", f"{list_server}/README.md", "--json", db=db, **fakes)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["lists"][0]["entries"] == 17


def _bad_sources(tmp_path: Path, list_server: str) -> dict[str, tuple[str, str]]:
    (tmp_path / "latin1.md").write_bytes(
        b"# L\n\n- (2024/01/19) Caf\xe9. [[a](https://arxiv.org/abs/2401.10637)]\n"
    )
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "prose.md").write_text("# Just prose\n\nNo list here.\n- a bullet without links\n")
    (tmp_path / "dir.md").mkdir()
    return {
        "missing": (str(tmp_path / "nope.md"), "No such file or directory"),
        "directory": (str(tmp_path / "dir.md"), "not a regular file but a directory"),
        "not utf-8": (
            str(tmp_path / "latin1.md"),
            "latin1.md:3: not UTF-8 text (byte 0xe9 at column 19)",
        ),
        "empty": (str(tmp_path / "empty.md"), "empty.md: the list is empty"),
        "no entries": (str(tmp_path / "prose.md"), "prose.md: no entries found"),
        "http 404": (f"{list_server}/missing.md", "HTTP 404"),
        "refused": ("http://127.0.0.1:9/README.md", "cannot fetch"),
    }


@pytest.mark.parametrize(
    "case", ["missing", "directory", "not utf-8", "empty", "no entries", "http 404", "refused"]
)
def test_bad_list_exits_2_with_one_line_and_keeps_the_store(
    case: str, tmp_path: Path, list_server: str, stored_db: Path
) -> None:
    """An unreadable list exits 2 with one line naming it; the stored entries stay as they were."""
    db = tmp_path / "h.sqlite"
    shutil.copy(stored_db, db)
    with sqlite3.connect(db) as conn:
        before = conn.execute("SELECT * FROM entry_dates ORDER BY entry_key").fetchall()
    assert len(before) == 17
    source, message = _bad_sources(tmp_path, list_server)[case]
    out = run("harvest", source, db=db)
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and message in out.stderr and "Traceback" not in out.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT * FROM entry_dates ORDER BY entry_key").fetchall() == before


def test_bad_configuration_exits_2(tmp_path: Path) -> None:
    """A non-numeric HARVESTER_TIMEOUT is named in a one-line error, exit 2."""
    out = subprocess.run(
        [sys.executable, "-m", "harvester", "parse", str(MODEL_LIST)],
        capture_output=True,
        text=True,
        env=cli_env(tmp_path / "h.sqlite", HARVESTER_TIMEOUT="soon"),
    )
    assert out.returncode == 2
    assert "HARVESTER_TIMEOUT='soon'" in out.stderr


def test_usage_error_exits_2(tmp_path: Path) -> None:
    """A missing argument is a usage error, exit 2."""
    out = run("harvest", db=tmp_path / "h.sqlite")
    assert out.returncode == 2 and "Missing argument 'SOURCE'" in out.stderr


@pytest.mark.parametrize("command", ["parse", "harvest"])
def test_every_command_has_help_with_an_example(command: str, tmp_path: Path) -> None:
    """`--help` works on every command and shows an example."""
    out = run(command, "--help", db=tmp_path / "h.sqlite")
    assert out.returncode == 0 and "Example: harvester" in out.stdout and "--db" in out.stdout


def test_harvest_exits_3_when_a_service_stays_down(
    tmp_path: Path, arxiv_fake: ArxivFake, crossref_fake: CrossrefFake
) -> None:
    """Fetches failing after retries make the run exit 3 and name the failed entries."""
    from tests.fakes import faults

    arxiv_fake.fail_forever(faults.http_status(503))
    env = {"HARVESTER_ARXIV_URL": arxiv_fake.url, "HARVESTER_CROSSREF_URL": crossref_fake.url}
    out = run(
        "harvest", str(MODEL_LIST), "--json", db=tmp_path / "h.sqlite", **env, HARVESTER_RETRIES="2"
    )
    assert out.returncode == 3, out.stderr
    summary = json.loads(out.stdout)["lists"][0]
    assert summary["failures"] == 17 and "HTTP 503" in summary["failed"]["arxiv:2401.10637"]
