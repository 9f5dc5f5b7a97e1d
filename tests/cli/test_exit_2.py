"""Exit 2 changes nothing: a list (or the decisions file beside it) that cannot be read is
found before the database is opened, so a new --db is never created and an existing one
keeps every byte; nightly harvests the readable lists and names the others."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from harvester.cli.main import main
from harvester.listing import parse
from tests.cli.helpers import cli_env, run

GOOD = "- (2024/01/19) A paper. [[code](https://github.com/o/r)]\n"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(params=["missing", "no entries", "a directory", "broken decisions file"])
def bad_list(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    lists = tmp_path / "lists"
    lists.mkdir()
    listing = lists / "README.md"
    if request.param == "no entries":
        listing.write_text("# Just a heading\n\nSome prose.\n")
    elif request.param == "a directory":
        listing.mkdir()
    elif request.param == "broken decisions file":
        listing.write_text(GOOD)
        (lists / "README.harvester.toml").write_text("[entry\n")
    return listing


@pytest.mark.parametrize("command", ["harvest", "check"])
def test_a_bad_list_creates_no_database(tmp_path: Path, bad_list: Path, command: str) -> None:
    data = tmp_path / "data"
    data.mkdir()
    out = run(
        command, str(bad_list), "--offline" if command == "check" else "-q", db=data / "h.sqlite"
    )
    assert out.returncode == 2, out.stderr
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("harvester: error: ")
    assert list(data.iterdir()) == []  # no database, no lock, no WAL


def test_a_bad_list_leaves_an_existing_database_byte_for_byte(
    tmp_path: Path, bad_list: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    good = tmp_path / "good.md"
    good.write_text(GOOD)
    db = data / "h.sqlite"
    assert run("check", str(good), "--offline", "-q", db=db).returncode == 0
    before = _files(data)
    assert run("harvest", str(bad_list), "-q", db=db).returncode == 2
    assert run("check", str(bad_list), "--offline", db=db).returncode == 2
    assert _files(data) == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM runs").fetchone() == (1,)


def test_nightly_harvests_the_readable_lists_and_names_the_others(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text(GOOD)
    broken = tmp_path / "other" / "README.md"  # a good list beside a broken decisions file
    broken.parent.mkdir()
    broken.write_text(GOOD)
    (broken.parent / "README.harvester.toml").write_text("[entry\n")
    db = tmp_path / "h.sqlite"
    out = run("nightly", str(good), str(tmp_path / "missing.md"), str(broken), db=db)
    assert out.returncode == 2  # (the services are closed: its fetches fail too)
    assert f"unreadable {tmp_path / 'missing.md'}: " in out.stdout
    assert f"unreadable {broken}: {broken.parent / 'README.harvester.toml'}" in out.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT outcome FROM runs").fetchall() == [("unreadable list",)]
        assert conn.execute("SELECT COUNT(*) FROM entries").fetchone() == (1,)


def test_nightly_with_no_readable_list_stores_nothing(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    out = run("nightly", str(tmp_path / "missing.md"), db=db)
    assert out.returncode == 2
    assert out.stdout.splitlines()[-1] == "no run: no list could be read, nothing stored: exit 2"
    assert not db.exists()


def _main_exit(*args: str) -> int:
    """The console entry point called in this process: its exit code."""
    sys.argv = ["harvester", *args]
    try:
        main()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    return 0


@pytest.mark.parametrize("command", [("parse",), ("harvest", "-q"), ("check", "--offline")])
def test_a_list_past_the_most_entries_is_exit_2_naming_its_line(
    tmp_path: Path,
    command: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Lowered to 3 here (250,000 take minutes to parse): 3 entries are read, 4 refused
    with the line of the fourth, and the database is left as it was."""
    monkeypatch.setattr(parse, "MAX_LIST_ENTRIES", 3)
    monkeypatch.setattr(sys, "argv", [])
    listing, db = tmp_path / "README.md", tmp_path / "data" / "h.sqlite"
    db.parent.mkdir()
    for name, value in cli_env(db).items():
        monkeypatch.setenv(name, value)
    entries = [GOOD.replace("A paper", f"A paper number {i}") for i in range(4)]
    listing.write_text("# Papers\n\n" + "".join(entries[:3]))
    assert _main_exit(command[0], str(listing), *command[1:]) != 2, capsys.readouterr().err
    before = _files(db.parent)
    listing.write_text("# Papers\n\n" + "".join(entries))
    capsys.readouterr()
    assert _main_exit(command[0], str(listing), *command[1:]) == 2
    want = f"harvester: error: {listing}:6: more than 3 entries, the most a list may have\n"
    assert capsys.readouterr().err == want
    assert _files(db.parent) == before
