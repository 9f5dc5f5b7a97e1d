"""The maintainer's decisions live beside the list: an ack made in one clone holds in a
fresh clone with an empty database, the file wins over the database, a decision whose
entry left the list is reported, and a broken file is one line, exit 2."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from harvester.errors import InputError
from harvester.upstream.decisions_file import read_decisions, write_decisions
from harvester.values.decisions import Ack, Decisions, Pin
from tests.cli.helpers import run
from tests.conftest import MODEL_LIST
from tests.fakes.arxiv_fake import ArxivFake
from tests.fakes.crossref_fake import CrossrefFake

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
KEY = "arxiv:2311.03074"  # recorded 2023-11-03, arXiv says 2023-11-06


def _clone(path: Path, decisions: Path | None = None) -> Path:
    path.mkdir(parents=True)
    shutil.copyfile(MODEL_LIST, path / "README.md")
    if decisions is not None:
        shutil.copyfile(decisions, path / decisions.name)
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    subprocess.run(["git", "-C", str(path), "remote", "add", "origin",
                    "https://github.com/example/awesome-list.git"], check=True)  # fmt: skip
    return path


def _env(world: tuple[ArxivFake, CrossrefFake]) -> dict[str, str]:
    return {"HARVESTER_ARXIV_URL": world[0].url, "HARVESTER_CROSSREF_URL": world[1].url}


def _checked(tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]) -> tuple[Path, Path]:
    """A clone of the model list, checked once: (the work tree, the database)."""
    repo, db = _clone(tmp_path / "repo"), tmp_path / "h.sqlite"
    assert run("check", "README.md", "-q", db=db, cwd=repo, **_env(world)).returncode == 1
    return repo, db


def test_an_ack_made_in_one_clone_holds_in_a_fresh_clone(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    first = _clone(tmp_path / "laptop")
    db = tmp_path / "laptop.sqlite"
    assert run("check", "README.md", "-q", db=db, cwd=first, **_env(world)).returncode == 1
    acked = run("ack", KEY, "--note", "the list keeps the camera-ready date", db=db, cwd=first)
    assert acked.returncode == 0, acked.stderr
    assert (
        acked.stdout.strip() == f"{KEY}: acknowledged date_mismatch (kept in README.harvester.toml)"
    )
    saved = tomllib.loads((first / "README.harvester.toml").read_text())
    (ack,) = saved[KEY]["acks"]
    assert (ack["kind"], ack["note"]) == ("date_mismatch", "the list keeps the camera-ready date")
    assert len(ack["evidence"]) == 16 and ack["by"] and ack["at"]
    fresh = _clone(tmp_path / "ci" / "runner", first / "README.harvester.toml")
    out = run("check", "README.md", "--format", "csv", db=tmp_path / "empty.sqlite", cwd=fresh,
              **_env(world))  # fmt: skip
    assert out.returncode == 1  # three other mismatches remain
    assert KEY not in out.stdout and "arxiv:2404.04518" in out.stdout


def test_the_file_wins_and_a_decision_on_a_gone_entry_is_reported(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    repo, db = _checked(tmp_path, world)
    assert run("ack", KEY, "--note", "kept", db=db, cwd=repo).returncode == 0
    pinned = run("pin", "arxiv:2404.04518", "none", "--note", "no journal", db=db, cwd=repo)
    assert "(kept in README.harvester.toml)" in pinned.stdout
    decisions = repo / "README.harvester.toml"
    doc = tomllib.loads(decisions.read_text())
    assert doc["arxiv:2404.04518"]["pin"]["target"] == "none"
    # the maintainer deletes the ack by hand: the database's copy gives way
    text = decisions.read_text()
    start = text.index(f'[["{KEY}".acks]]')
    end = text.index("\n[", start)  # the next table: the pin's
    decisions.write_text(text[:start] + text[end + 1 :])
    assert list(tomllib.loads(decisions.read_text())) == ["arxiv:2404.04518"]
    out = run("check", "README.md", "--format", "csv", db=db, cwd=repo, **_env(world))
    assert KEY in out.stdout
    # the entry leaves the list; its pin stays in the file, reported, unused
    listing = repo / "README.md"
    listing.write_text("".join(line for line in listing.read_text().splitlines(keepends=True)
                               if "2404.04518" not in line))  # fmt: skip
    gone = run("check", "README.md", db=db, cwd=repo, **_env(world))
    assert (
        "README.harvester.toml: arxiv:2404.04518 is no longer in the list; its decisions stay"
        " in the file, unused"
    ) in gone.stderr
    assert "arxiv:2404.04518" in tomllib.loads(decisions.read_text())
    assert run("unpin", "arxiv:2404.04518", db=db, cwd=repo).returncode == 2  # not in the list


def test_unpinning_the_last_decision_removes_the_file(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    repo, db = _checked(tmp_path, world)
    assert run("pin", KEY, "none", "--note", "x", db=db, cwd=repo).returncode == 0
    assert (repo / "README.harvester.toml").is_file()
    assert run("unpin", KEY, db=db, cwd=repo).returncode == 0
    assert not (repo / "README.harvester.toml").exists()


def test_a_broken_decisions_file_is_one_line_exit_2(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    repo = _clone(tmp_path / "repo")
    (repo / "README.harvester.toml").write_text('["arxiv:2311.03074".pin]\ntarget = 5\n')
    out = run("check", "README.md", db=tmp_path / "h.sqlite", cwd=repo, **_env(world))
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        f"harvester: error: {repo.resolve() / 'README.harvester.toml'}: ['arxiv:2311.03074']:"
        " field 'target' must be a string"
    ]


def test_decisions_round_trip_through_the_file(tmp_path: Path) -> None:
    path = tmp_path / "README.harvester.toml"
    decisions = Decisions(
        acks=(Ack("b", "date_mismatch", "0123456789abcdef", 'a "quoted" note', "me", "t1"),
              Ack("a", "unresolved", "fedcba9876543210", "line\nbreak", "you", "t2")),
        pins=(Pin("a", "10.1000/x", "same paper", "me", "t3"),),
    )  # fmt: skip
    write_decisions(path, "README.md", decisions)
    assert path.read_text().startswith("# harvester: the maintainer's decisions on README.md")
    back = read_decisions(path)
    assert back is not None
    assert set(back.acks) == set(decisions.acks) and back.pins == decisions.pins
    assert read_decisions(tmp_path / "absent.toml") is None
    (tmp_path / "bad.toml").write_text("[a]\nsurprise = 1\n")
    with pytest.raises(InputError, match=r"bad.toml: \['a'\]: unknown field 'surprise'"):
        read_decisions(tmp_path / "bad.toml")
    (tmp_path / "worse.toml").write_text("not = [toml")
    with pytest.raises(InputError, match=r"worse\.toml: not TOML"):
        read_decisions(tmp_path / "worse.toml")
