"""The corpus of bad input (tests/corpus/): every case someone will meet, with its expected outcome.

`tests/corpus/manifest.toml` maps each corpus file (or input generated here at test time,
for the big ones) to its kind and expectation; its header explains the fields. Lists that
must be refused, and the big ones, run through the command line in loopback-only
subprocesses (exit code, one-line message, max RSS); the lists that read run through the
same console entry point in process (parsed fields). Upstream replies are served by the
loopback fakes to a one-entry list, in process where possible, and the huge ones to a CLI
subprocess whose max RSS is measured.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from harvester.cli.main import main
from harvester.settings import Settings
from harvester.values.runs import HarvestSummary
from tests.cli.helpers import cli_env
from tests.fakes import faults
from tests.fakes.arxiv_fake import ArxivFake, ArxivRecord
from tests.fakes.arxiv_feed import render_feed
from tests.fakes.crossref_fake import CrossrefFake
from tests.fakes.faults import Fault
from tests.fakes.list_fake import ListFake
from tests.fakes.model_world import ARXIV, CROSSREF
from tests.pipeline.harvesting import harvest_list

CORPUS = Path(__file__).parent / "corpus"
MANIFEST = CORPUS / "manifest.toml"
CASES: list[dict[str, Any]] = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))["case"]
#: Generous: wall time is bounded only here, never asserted.
SUBPROCESS_TIMEOUT = 180.0
KIND_OF_SERVICE = {"arxiv_reply": "arxiv", "crossref_reply": "crossref"}
CONTENT_TYPES = {
    "arxiv_reply": "application/atom+xml; charset=utf-8",
    "crossref_reply": "application/json",
}


def case_id(case: dict[str, Any]) -> str:
    return str(case.get("file") or case["generate"])


def params(kind: str) -> list[Any]:
    return [
        pytest.param(
            case,
            id=case_id(case),
            marks=[pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else [],
        )
        for case in CASES
        if case["kind"] == kind
    ]


# --------------------------------------------------------------------------- the corpus itself


def test_corpus_and_manifest_agree() -> None:
    """Every corpus file has a manifest case, every case's file exists; the corpus stays small."""
    files = {
        p.relative_to(CORPUS).as_posix()
        for p in CORPUS.rglob("*")
        if p.is_file() and p != MANIFEST and not p.name.startswith(".")
    }
    named = [c["file"] for c in CASES if "file" in c]
    assert len(named) == len(set(named)), "a file is named by two cases"
    for name in named:
        assert (CORPUS / name).exists(), name
    covered = {n for n in named if (CORPUS / n).is_file()}
    assert files <= covered, f"files without a case: {sorted(files - covered)}"
    assert len(files) >= 50
    assert sum((CORPUS / f).stat().st_size for f in files) < 1_000_000
    for case in CASES:
        assert case["kind"] in {
            "list",
            "arxiv_reply",
            "crossref_reply",
            "setting",
            "database",
            "source_url",
        }
        assert ("file" in case) != ("generate" in case), case
        assert case["exit"] in {0, 2, 3}, case


# --------------------------------------------------------------------------- subprocesses


@dataclass(frozen=True)
class Outcome:
    """How a CLI subprocess ended, and the most memory it held."""

    returncode: int
    stdout: str
    stderr: str
    max_rss_mb: float


#: Runs the CLI as its own child and writes that child's max RSS (KB) to argv[1]. The CLI
#: must not be a direct child of the test process: Linux charges a process that execs with
#: the high-water RSS of the memory it had before (here the big test process), so the
#: launcher (small once it has exec'd) forks the CLI, whose maximum RSS is then its own.
_LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, "-m", "harvester", *sys.argv[2:]])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_measured(args: list[str], env: dict[str, str], workdir: Path) -> Outcome:
    """Run the CLI (through `_LAUNCHER`); its exit code, output and own max RSS."""
    workdir.mkdir(parents=True, exist_ok=True)
    out, err, rss = workdir / "stdout", workdir / "stderr", workdir / "maxrss"
    with out.open("wb") as o, err.open("wb") as e:
        proc = subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER, str(rss), *args],
            stdout=o, stderr=e, env=env, cwd=workdir, start_new_session=True,
        )  # fmt: skip
        try:
            proc.wait(timeout=SUBPROCESS_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()
            raise AssertionError(
                f"harvester {' '.join(args)} still running after the timeout"
            ) from None
    return Outcome(
        proc.returncode,
        out.read_text(encoding="utf-8", errors="replace"),
        err.read_text(encoding="utf-8", errors="replace"),
        int(rss.read_text() or 0) / 1024 if rss.exists() else 0.0,  # KiB on Linux
    )


# --------------------------------------------------------------------------- lists


def generate_list(name: str, where: Path) -> Path:
    """The big or absent list inputs, made at test time and never committed."""
    if name == "missing_file":
        return where / "does-not-exist.md"
    if name == "fifty_mb_line":
        path = where / "fifty-mb-line.md"
        blob = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/" * (
            50 * 2**20 // 64
        )
        path.write_bytes(b'<p align="center"><img src="data:image/png;base64,' + blob + b'"></p>')
        return path
    if name == "thousands_of_entries":
        path = where / "thousands.md"
        lines = ["# Papers", ""]
        for i in range(1, 5001):
            day = f"2024/{1 + i % 12:02d}/{1 + i % 28:02d}"
            lines.append(
                f"- ({day}) Generated Paper Number {i}. [[arXiv](https://arxiv.org/abs/2401.{i:05d})]"
                f"[[code](https://github.com/example/repo{i})]"
            )
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path
    if name in SPECIAL_FILES:
        return SPECIAL_FILES[name](where)
    raise AssertionError(f"unknown generated input {name}")


def _fifo(where: Path) -> Path:
    os.mkfifo(where / "fifo.md")
    return where / "fifo.md"


def _symlink_loop(where: Path) -> Path:
    (where / "loop.md").symlink_to(where / "loop.md")
    return where / "loop.md"


#: SOURCE paths that are not regular files (refused by type before a byte is read).
SPECIAL_FILES: dict[str, Callable[[Path], Path]] = {
    "dev_zero": lambda _: Path("/dev/zero"),
    "dev_urandom": lambda _: Path("/dev/urandom"),
    "fifo": _fifo,
    "symlink_loop": _symlink_loop,
    "directory": lambda where: where,
}


def list_args(case: dict[str, Any], source: Path) -> list[str]:
    """`parse --json` for a list that reads; `harvest` (must store nothing) for one that doesn't."""
    return ["parse", str(source), "--json"] if case["exit"] == 0 else ["harvest", str(source)]


def in_subprocess(case: dict[str, Any]) -> bool:
    """Lists that must fail, and the big ones, run as a user would; the rest run in process."""
    return case["exit"] != 0 or "max_rss_mb" in case


def _run_list_case(case: dict[str, Any], work: Path) -> tuple[Path, Path, Outcome]:
    work.mkdir(parents=True, exist_ok=True)
    source = CORPUS / case["file"] if "file" in case else generate_list(case["generate"], work)
    db = work / "harvest.sqlite"
    return source, db, run_measured(list_args(case, source), cli_env(db), work)


def run_in_process(
    args: list[str], db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Outcome:
    """The console entry point called in this process, with the CLI subprocesses' settings."""
    for name, value in cli_env(db).items():
        if name.startswith("HARVESTER_"):
            monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "argv", ["harvester", *args])
    capsys.readouterr()
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return Outcome(code, out, err, 0.0)


@pytest.fixture(scope="module")
def list_outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The subprocess list cases' runs, a few at a time (each test then checks its own)."""
    cases = [c for c in CASES if c["kind"] == "list" and in_subprocess(c)]
    root = tmp_path_factory.mktemp("lists")

    def one(index_case: tuple[int, dict[str, Any]]) -> Any:
        index, case = index_case
        try:
            return _run_list_case(case, root / f"case{index}")
        except Exception as exc:  # reported by the case's own test
            return exc

    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(one, enumerate(cases)))
    return {case_id(c): r for c, r in zip(cases, results, strict=True)}


def stored_entry_count(db: Path) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM entry_dates").fetchone()[0])


def check_entry(got: dict[str, Any], want: dict[str, Any]) -> None:
    for field, value in want.items():
        if field == "position":
            continue
        if field == "recorded_date":
            assert got["recorded_date"] == (value or None), got
        elif field in {"arxiv_ids", "dois"}:
            assert list(got[field]) == value, got
        elif field == "problem":  # some problem mentions this ("" = at least one problem)
            problems = list(got["problems"])
            assert problems and any(value in p for p in problems), got
        elif field == "problems":
            assert list(got["problems"]) == value, got
        else:
            assert got[field] == value, (field, got)


@pytest.mark.parametrize("case", params("list"))
def test_list(
    case: dict[str, Any],
    list_outcomes: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A list in the corpus: exit 0 with the expected entries, or exit 2 with one clear line."""
    if in_subprocess(case):
        result = list_outcomes[case_id(case)]
        if isinstance(result, BaseException):
            raise result
        source, db, outcome = result
    else:
        source, db = CORPUS / case["file"], tmp_path / "harvest.sqlite"
        outcome = run_in_process(list_args(case, source), db, monkeypatch, capsys)
    assert "Traceback" not in outcome.stderr, outcome.stderr
    if "max_rss_mb" in case:
        assert outcome.max_rss_mb < case["max_rss_mb"], f"max RSS {outcome.max_rss_mb:.0f} MB"
    assert outcome.returncode == case["exit"], outcome.stderr[-2000:]
    if case["exit"] == 2:
        lines = outcome.stderr.strip().splitlines()
        assert len(lines) == 1, outcome.stderr[-2000:]
        where = f"{source}:{case['line']}" if "line" in case else str(source)
        assert where in lines[0], lines[0]
        assert stored_entry_count(db) == 0
        return
    doc = json.loads(outcome.stdout)
    assert doc["count"] == len(doc["entries"]) == case["count"]
    for entry in doc["entries"]:
        for text in (entry["title"], entry["section"] or ""):
            assert "\x00" not in text and "\r" not in text and "\ufeff" not in text, entry
    by_position = {e["position"]: e for e in doc["entries"]}
    assert sorted(by_position) == list(range(1, case["count"] + 1))
    keys = [e["entry_key"] for e in doc["entries"]]
    assert len(set(keys)) == len(keys), "entry keys are not unique"
    for want in case.get("entries", []):
        check_entry(by_position[want["position"]], want)


# --------------------------------------------------------------------------- upstream replies

LISTS = {
    "arxiv_reply": "- (2024/01/19) Towards Universal Unsupervised Anomaly Detection in Medical "
    "Imaging. [[MIDL](https://arxiv.org/abs/2401.10637)]\n",
    "crossref_reply": "- (2023/09/16) Latent Transformer Models for out-of-distribution "
    "detection. [[MIA](https://doi.org/10.1016/j.media.2023.102967)]\n",
}
KEYS = {"arxiv_reply": "arxiv:2401.10637", "crossref_reply": "doi:10.1016/j.media.2023.102967"}
RECORD_KEYS = {"arxiv_reply": "2401.10637", "crossref_reply": "10.1016/j.media.2023.102967"}
GOOD = {
    "arxiv_reply": ("arxiv_submitted", "2024-01-19"),
    "crossref_reply": ("journal_online", "2023-09-16"),
}
SECRET = "root:x:0:0"  # the first line of /etc/passwd, which the XXE case points at


def generate_reply(name: str) -> bytes:
    """The ~25 MB replies, made at test time."""
    if name == "huge_arxiv_feed":
        record = ArxivRecord(
            "2401.10637",
            "Towards Universal Unsupervised Anomaly Detection in Medical Imaging",
            published="2024-01-19T17:59:46Z",
            authors=["Cosmin I. Bercea"],
            summary="lorem ipsum dolor sit amet " * (25 * 2**20 // 27),
        )
        return render_feed({"id_list": "2401.10637"}, 0, 1, 1, [(record, 1)])
    if name == "huge_crossref_reply":
        work = next(w for w in CROSSREF if w["DOI"] == "10.1016/j.media.2023.102967")
        refs = [
            {"key": f"ref{i}", "unstructured": f"A. Author, Cited paper number {i}, J. Ex. (2020)."}
            for i in range(250_000)
        ]
        message = {"total-results": 1, "items": [{**work, "reference": refs}]}
        return json.dumps(
            {"status": "ok", "message-type": "work-list", "message": message}
        ).encode()
    raise AssertionError(f"unknown generated reply {name}")


def bad_reply(case: dict[str, Any]) -> Fault:
    body = (
        (CORPUS / case["file"]).read_bytes() if "file" in case else generate_reply(case["generate"])
    )
    content_type = case.get("content_type", CONTENT_TYPES[case["kind"]])
    return faults.http_status(case["status"], body=body, content_type=content_type)


def settings_for(db: Path, arxiv: ArxivFake, crossref: CrossrefFake) -> Settings:
    return Settings(
        db_path=db, arxiv_url=arxiv.url, crossref_url=crossref.url, mailto="tests@example.org",
        arxiv_delay=0.0, timeout=5.0, retries=2, retry_wait=0.01,
    )  # fmt: skip


def exit_code(summary: HarvestSummary) -> int:
    return 3 if summary.failures else 0


def query(db: Path, sql: str, *args: object) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


def decision(db: Path, key: str) -> list[tuple[Any, ...]]:
    return query(
        db,
        "SELECT rule, resolved_date, online_date_source FROM entry_dates WHERE entry_key = ?",
        key,
    )


def findings(db: Path, key: str) -> dict[str, str]:
    rows = query(db, "SELECT kind, detail FROM date_conflicts WHERE entry_key = ?", key)
    return {kind: detail for kind, detail in rows}


def check_after_bad_reply(case: dict[str, Any], db: Path, code: int) -> None:
    """The run ended as expected, the entry is still listed, the finding or decision holds."""
    key = KEYS[case["kind"]]
    assert code == case["exit"]
    rows = decision(db, key)
    assert len(rows) == 1, "the entry's row left entry_dates"
    rule, resolved, source = rows[0]
    open_findings = findings(db, key)
    if "finding" in case:
        assert case["finding"] in open_findings, open_findings
        wanted = case.get("detail", [])
        for text in [wanted] if isinstance(wanted, str) else wanted:
            assert text in open_findings[case["finding"]], open_findings
    if "rule" in case:
        assert rule == case["rule"], (rows, open_findings)
    if "resolved_date" in case:
        assert resolved == case["resolved_date"], rows
    if "online_date_source" in case:
        assert source == case["online_date_source"], rows
    stored = " ".join(
        text or ""
        for row in query(db, "SELECT body FROM replies UNION ALL SELECT record_json FROM records")
        for text in row
    )
    assert SECRET not in stored


@pytest.fixture
def world(arxiv_fake: ArxivFake, crossref_fake: CrossrefFake) -> tuple[ArxivFake, CrossrefFake]:
    arxiv_fake.add(*ARXIV)
    crossref_fake.add(*CROSSREF)
    return arxiv_fake, crossref_fake


@pytest.fixture
def no_logged_tracebacks(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """harvester may log a failure, but never with a traceback attached."""
    caplog.set_level(logging.DEBUG, logger="harvester")
    yield
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []


@pytest.mark.parametrize("case", params("arxiv_reply") + params("crossref_reply"))
def test_reply(
    case: dict[str, Any],
    tmp_path: Path,
    world: tuple[ArxivFake, CrossrefFake],
    no_logged_tracebacks: None,
) -> None:
    """A bad upstream reply: the run ends, the entry stays, the finding shows, nothing is lost."""
    arxiv, crossref = world
    upstream = arxiv if case["kind"] == "arxiv_reply" else crossref
    service = KIND_OF_SERVICE[case["kind"]]
    key = KEYS[case["kind"]]
    listing = tmp_path / "list.md"
    listing.write_text(LISTS[case["kind"]], encoding="utf-8")
    fault = bad_reply(case)

    # 1. The bad reply is all this database ever saw.
    if not case.get("subprocess"):
        fresh = tmp_path / "fresh.sqlite"
        upstream.fail_forever(fault)
        summary = harvest_list(str(listing), settings_for(fresh, arxiv, crossref))
        check_after_bad_reply(case, fresh, exit_code(summary))
        if "retried" in case:
            assert (summary.retries.get(service, 0) > 0) is case["retried"], summary.retries
        upstream.recover()

    # 2. A good harvest first, then the bad reply with every entry due.
    db = tmp_path / "kept.sqlite"
    good = harvest_list(str(listing), settings_for(db, arxiv, crossref))
    assert good.failures == 0 and decision(db, key)[0][:2] == GOOD[case["kind"]]
    replies_before = query(db, "SELECT service, url, status, body FROM replies")
    record_sql = "SELECT status, record_json FROM records WHERE service = ? AND record_key = ?"
    record_before = query(db, record_sql, service, RECORD_KEYS[case["kind"]])
    assert record_before and record_before[0][0] == "found"
    upstream.fail_forever(fault)
    if case.get("subprocess"):
        env = cli_env(
            db, HARVESTER_ARXIV_URL=arxiv.url, HARVESTER_CROSSREF_URL=crossref.url,
            HARVESTER_RETRIES="2", HARVESTER_TIMEOUT="30",
        )  # fmt: skip
        outcome = run_measured(["harvest", str(listing), "--refresh-all"], env, tmp_path / "cli")
        assert "Traceback" not in outcome.stderr, outcome.stderr[-3000:]
        assert outcome.max_rss_mb < case["max_rss_mb"], f"max RSS {outcome.max_rss_mb:.0f} MB"
        code = outcome.returncode
        check_after_bad_reply(case, db, code)
    else:
        code = exit_code(
            harvest_list(str(listing), settings_for(db, arxiv, crossref), refresh_all=True)
        )
    assert code in {0, 3}
    assert len(decision(db, key)) == 1
    replies_after = query(db, "SELECT service, url, status, body FROM replies")
    assert set(replies_before) <= set(replies_after), "a stored raw reply was lost"
    if case.get("finding") == "fetch_failed":
        assert code == 3
        assert query(db, record_sql, service, RECORD_KEYS[case["kind"]]) == record_before
        assert decision(db, key)[0][:2] == GOOD[case["kind"]], "the earlier decision was lost"
        assert "fetch_failed" in findings(db, key)


# --------------------------------------------------------------------------- settings


GOOD_LIST = "- (2024/01/19) A paper. [[code](https://github.com/o/r)]\n"


@pytest.mark.parametrize("case", params("setting"))
def test_setting(case: dict[str, Any], tmp_path: Path) -> None:
    """A setting that cannot be used: one line naming it, exit 2, no database made."""
    listing = tmp_path / "README.md"
    listing.write_text(GOOD_LIST)
    db = tmp_path / "data" / "harvest.sqlite"
    db.parent.mkdir()
    env = cli_env(db, **({case["variable"]: case["value"]} if "value" in case else {}))
    out = run_measured(["harvest", str(listing), *case.get("flag", [])], env, tmp_path / "run")
    assert out.returncode == case["exit"], out.stderr
    assert out.stderr.count("\n") == 1, out.stderr
    assert out.stderr.startswith(f"harvester: error: {case['variable']}="), out.stderr
    assert list(db.parent.iterdir()) == []


# --------------------------------------------------------------------------- databases


def generate_database(name: str, where: Path) -> Path:
    """A hostile database file for a `database` case."""
    from harvester.store.migrations import LATEST, migrate

    db = where / "data" / "harvest.sqlite"
    db.parent.mkdir(parents=True)
    if name.startswith("newer-schema") or name == "missing-table":
        with sqlite3.connect(db, isolation_level=None) as conn:
            migrate(conn)
            if name == "missing-table":
                conn.execute("DROP VIEW entry_dates")
                conn.execute("DROP VIEW date_conflicts")
                conn.execute("DROP TABLE entries")
            else:
                conn.execute(
                    "INSERT INTO schema_migrations VALUES (?, 'future', 't')", (LATEST + 1,)
                )
        conn.close()
    elif name == "not-sqlite":
        db.write_text("this is not a database\n" * 100)
    elif name == "lock-folder-missing":
        db.parent.rmdir()
    else:
        raise AssertionError(f"unknown generated database {name}")
    return db


@pytest.mark.parametrize("case", params("database"))
def test_database(case: dict[str, Any], tmp_path: Path) -> None:
    """A hostile database: one line, the documented exit code, the file as it was."""
    listing = tmp_path / "README.md"
    listing.write_text(GOOD_LIST)
    db = generate_database(case["generate"], tmp_path)
    before = db.read_bytes() if db.exists() else None
    args = [str(listing) if a == "LIST" else a for a in case["command"]]
    out = run_measured(args, cli_env(db), tmp_path / "run")
    assert out.returncode == case["exit"], out.stderr
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr, out.stderr
    assert out.stderr.startswith("harvester: error: ") and case["message"] in out.stderr
    if case.get("untouched"):
        assert db.read_bytes() == before
        assert sorted(p.name for p in db.parent.iterdir()) == [db.name]


# --------------------------------------------------------------------------- list URLs


def serve_source(name: str, lists: ListFake, canary: ListFake) -> str:
    """The URL of a list behind the server behaviour `name` (a `source_url` case)."""
    lists.put("/README.md", GOOD_LIST.encode())
    canary.put("/README.md", GOOD_LIST.encode())
    redirects = {
        "redirect-to-another-loopback-port": canary.url_of("/README.md"),
        "redirect-to-localhost": f"http://localhost:{canary.port}/README.md",
        "redirect-to-file-url": "file:///etc/passwd",
        "redirect-to-ftp-url": "ftp://ftp.example.org/README.md",
        "redirect-on-the-same-host-and-port": "/README.md",
    }
    if name in redirects:
        return lists.redirect("/list", redirects[name])
    if name == "redirect-loop":
        lists.redirect("/b", "/list")
        return lists.redirect("/list", "/b")
    if name == "six-redirects":
        for i in range(6):
            lists.redirect(f"/hop{i}", f"/hop{i + 1}")
        lists.put("/hop6", GOOD_LIST.encode())
        return lists.url_of("/hop0")
    if name == "redirect-without-location":
        lists.redirect("/list", "")
        lists.routes["/list"].headers.pop("Location")
        return lists.url_of("/list")
    slow = {
        "body-trickled": faults.trickle(1.0),
        "head-trickled": faults.trickle(1.0, headers=True),
        "headers-then-nothing": faults.stall(),
    }
    if name in slow:
        lists.fail_forever(slow[name])
        return lists.url_of("/README.md")
    raise AssertionError(f"unknown list server behaviour {name}")


@pytest.mark.parametrize("case", params("source_url"))
def test_source_url(case: dict[str, Any], tmp_path: Path) -> None:
    """A list URL whose server misbehaves: one line naming the URL and why, exit 2, no
    database; or a redirect it may follow, read. Never another server asked."""
    db = tmp_path / "data" / "harvest.sqlite"
    db.parent.mkdir()
    with ListFake() as lists, ListFake() as canary:
        url = serve_source(case["generate"], lists, canary)
        args = ["parse", url, "--json"] if case["exit"] == 0 else ["harvest", url]
        out = run_measured(args, cli_env(db, HARVESTER_TIMEOUT="1"), tmp_path / "run")
        assert len(canary.log) == 0, "the canary was asked"
    assert "Traceback" not in out.stderr and out.returncode == case["exit"], out.stderr
    if case["exit"] == 0:
        assert json.loads(out.stdout)["count"] == case["count"]
        return
    assert out.stderr.count("\n") == 1, out.stderr
    assert out.stderr.startswith(f"harvester: error: {url}") and case["message"] in out.stderr
    assert list(db.parent.iterdir()) == []
