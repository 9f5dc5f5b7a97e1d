"""A list keeps its name when the checkout moves: two clones of one repository are one
list (the second harvest asks nothing), a moved repository too, two repositories with a
README.md each are two, and a database that named the list by its path carries over."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.conftest import MODEL_LIST
from tests.fakes.arxiv_fake import ArxivFake
from tests.fakes.crossref_fake import CrossrefFake

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
NAME = "github.com/example/awesome-list:README.md"


def _repo(path: Path, origin: str | None) -> Path:
    """A git work tree at `path` holding the model list as README.md."""
    path.mkdir(parents=True)
    shutil.copyfile(MODEL_LIST, path / "README.md")
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    if origin:
        subprocess.run(["git", "-C", str(path), "remote", "add", "origin", origin], check=True)
    return path


def _env(world: tuple[ArxivFake, CrossrefFake]) -> dict[str, str]:
    return {"HARVESTER_ARXIV_URL": world[0].url, "HARVESTER_CROSSREF_URL": world[1].url}


def _requests(world: tuple[ArxivFake, CrossrefFake]) -> int:
    return len(world[0].log) + len(world[1].log)


def _lists(db: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(db) as conn:
        sql = "SELECT list_source, COUNT(*) FROM entry_dates GROUP BY list_source ORDER BY 1"
        return conn.execute(sql).fetchall()


def test_two_clones_and_a_moved_checkout_are_one_list(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    db = tmp_path / "h.sqlite"
    first = _repo(tmp_path / "a", "https://github.com/example/awesome-list.git")
    second = _repo(tmp_path / "ci" / "b", "git@github.com:example/awesome-list.git")
    assert run("harvest", str(first / "README.md"), db=db, **_env(world)).returncode == 0
    before = _requests(world)
    out = run("harvest", "README.md", "--json", db=db, cwd=second, **_env(world))
    assert out.returncode == 0, out.stderr
    assert _requests(world) == before  # nothing due: the same list
    assert _lists(db) == [(NAME, 17)]
    moved = tmp_path / "moved"
    first.rename(moved)
    assert run("harvest", str(moved / "README.md"), db=db, **_env(world)).returncode == 0
    assert _requests(world) == before and _lists(db) == [(NAME, 17)]
    audit = run("audit", "--source", str(moved / "README.md"), "--format", "csv", db=db)
    assert audit.returncode == 0 and audit.stdout.count(NAME) == 7  # 5, and 2 `order`


def test_two_repositories_with_a_readme_each_are_two_lists(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    db = tmp_path / "h.sqlite"
    one = _repo(tmp_path / "one", "https://github.com/example/awesome-list")
    two = _repo(tmp_path / "two", "https://github.com/other/awesome-list")
    for repo in (one, two):
        assert run("harvest", str(repo / "README.md"), db=db, **_env(world)).returncode == 0
    assert _lists(db) == [(NAME, 17), ("github.com/other/awesome-list:README.md", 17)]


def test_a_list_named_by_its_path_carries_over_with_its_acks(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """Harvested before its directory was a repository (named by its path, as earlier
    versions name every file), acked; then the same file in a work tree with an origin:
    carried over, no request, the ack still honoured, the old name gone."""
    db = tmp_path / "h.sqlite"
    folder = tmp_path / "list"
    folder.mkdir()
    listing = folder / "README.md"
    shutil.copyfile(MODEL_LIST, listing)
    assert run("harvest", str(listing), db=db, **_env(world)).returncode == 0
    assert _lists(db) == [(str(listing.resolve()), 17)]
    acked = run("ack", "arxiv:2311.03074", "--note", "the list keeps the conference date", db=db)
    assert acked.returncode == 0, acked.stderr
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    subprocess.run(["git", "-C", str(folder), "remote", "add", "origin",
                    "https://github.com/example/awesome-list.git"], check=True)  # fmt: skip
    before = _requests(world)
    assert run("harvest", str(listing), db=db, **_env(world)).returncode == 0
    assert _requests(world) == before
    assert _lists(db) == [(NAME, 17)]
    audit = run("audit", "--format", "csv", db=db)
    assert "arxiv:2311.03074" not in audit.stdout and audit.stdout.count(NAME) == 6


def test_name_overrides_and_a_local_origin_names_nothing(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """A clone of a local repository is named by its path; `--name` renames it (carried
    over: no request) and audit finds it by that name."""
    db = tmp_path / "h.sqlite"
    local = _repo(tmp_path / "clone", str(tmp_path / "elsewhere.git"))
    out = run("check", str(local / "README.md"), "-q", db=db, **_env(world))
    assert out.returncode == 1
    assert _lists(db) == [(str((local / "README.md").resolve()), 17)]
    before = _requests(world)
    named = run("check", str(local / "README.md"), "--name", "my-list", "-q", db=db, **_env(world))
    assert named.returncode == 1 and _requests(world) == before
    assert _lists(db) == [("my-list", 17)]
    assert run("audit", "--source", "my-list", "--fail-on-conflict", db=db).returncode == 1
