"""Small things a maintainer trips over: -v and -q before the command, the mailto warning
only when Crossref was asked, an audit with nothing open, nightly paths relative to the
config file, the .gitignore line for a database created inside the list's repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

from harvester.pipeline.config import read_config
from tests.cli.helpers import run
from tests.conftest import MODEL_LIST
from tests.fakes.arxiv_fake import ArxivFake
from tests.fakes.crossref_fake import CrossrefFake

WARNING = "HARVESTER_MAILTO is not set: Crossref served this run from its public pool"


def _env(world: tuple[ArxivFake, CrossrefFake], **extra: str) -> dict[str, str]:
    return {"HARVESTER_ARXIV_URL": world[0].url, "HARVESTER_CROSSREF_URL": world[1].url, **extra}


def test_verbose_and_quiet_may_come_before_the_command(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    db = tmp_path / "h.sqlite"
    loud = run("-v", "nightly", str(MODEL_LIST), db=db, **_env(world))
    assert loud.returncode == 0 and "HTTP Request" in loud.stderr
    quiet = run("-q", "check", str(MODEL_LIST), "--offline", db=db)
    assert quiet.returncode == 1 and quiet.stderr == ""
    said = run("check", str(MODEL_LIST), "--offline", db=db)
    assert "open findings, failing on date_mismatch" in said.stderr


def test_the_mailto_warning_only_when_crossref_was_asked(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    db = tmp_path / "h.sqlite"
    first = run("harvest", str(MODEL_LIST), "-q", db=db, **_env(world, HARVESTER_MAILTO=""))
    assert first.returncode == 0 and first.stderr.count(WARNING) == 1
    again = run("harvest", str(MODEL_LIST), "-q", db=db, **_env(world, HARVESTER_MAILTO=""))
    assert again.returncode == 0 and WARNING not in again.stderr  # nothing due: no request


def test_an_audit_with_nothing_open_says_so(tmp_path: Path) -> None:
    """One finding: the table and `1 open finding`; none of a kind: one line saying so."""
    listing = tmp_path / "README.md"
    listing.write_text("- (2024/01/19) A paper. [[code](https://github.com/o/r)]\n")
    db = tmp_path / "h.sqlite"
    assert run("check", str(listing), "--offline", "-q", db=db).returncode == 0
    one = run("audit", db=db)  # nothing fetched: the entry is unresolved
    assert one.returncode == 0 and "unresolved" in one.stdout
    assert one.stdout.rstrip().endswith("\n1 open finding")
    none = run("audit", "--kind", "date_mismatch", db=db)
    assert none.returncode == 0 and none.stdout == "no open findings\n"


def test_nightly_list_paths_are_relative_to_the_config_file(tmp_path: Path) -> None:
    config = tmp_path / "jobs" / "nightly.toml"
    config.parent.mkdir()
    config.write_text(
        'lists = ["../README.md", { source = "lists/other.md", rule = "arxiv-first" },'
        ' "/srv/lists/abs.md", "https://example.org/README.md"]\n'
    )
    cfg = read_config(config)
    assert cfg.lists == (
        str(tmp_path / "jobs" / ".." / "README.md"),
        str(tmp_path / "jobs" / "lists" / "other.md"),
        "/srv/lists/abs.md",
        "https://example.org/README.md",
    )
    assert cfg.rules == {str(tmp_path / "jobs" / "lists" / "other.md"): "arxiv-first"}


GITIGNORE = "is in a git work tree and not ignored: add this line to its .gitignore"


def _git_repo(path: Path) -> Path:
    path.mkdir()
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    (path / "README.md").write_text("- (2024/01/19) A paper. [[code](https://github.com/o/r)]\n")
    return path


def test_the_gitignore_line_once_when_the_database_is_created_in_the_repository(
    tmp_path: Path,
) -> None:
    repo = _git_repo(tmp_path / "list")
    db = repo / "data" / "harvest.sqlite"
    db.parent.mkdir()
    first = run("check", "README.md", "--offline", db=db, cwd=repo)
    assert first.returncode == 0, first.stderr
    assert first.stderr.count(GITIGNORE) == 1
    assert "\n/data/harvest.sqlite*\n" in first.stderr
    again = run("check", "README.md", "--offline", db=db, cwd=repo)
    assert again.returncode == 0 and GITIGNORE not in again.stderr  # the database exists


def test_no_gitignore_line_when_ignored_or_outside_a_repository(tmp_path: Path) -> None:
    repo = _git_repo(tmp_path / "list")
    (repo / ".gitignore").write_text("harvest.sqlite*\n")
    ignored = run("check", "README.md", "--offline", db=repo / "harvest.sqlite", cwd=repo)
    assert ignored.returncode == 0 and GITIGNORE not in ignored.stderr
    outside = run("check", "README.md", "--offline", db=tmp_path / "h.sqlite", cwd=repo)
    assert outside.returncode == 0 and GITIGNORE not in outside.stderr
    other = run("check", "README.md", "--offline", db=repo / "other.sqlite", cwd=repo)
    assert other.returncode == 0 and "\n/other.sqlite*\n" in other.stderr  # not covered


def test_the_gitignore_line_when_only_the_database_is_ignored(tmp_path: Path) -> None:
    """`*.sqlite` ignores the database but not its lock or WAL files: the line is offered;
    a name with glob characters is escaped in it."""
    repo = _git_repo(tmp_path / "list")
    (repo / ".gitignore").write_text("*.sqlite\n")
    out = run("check", "README.md", "--offline", db=repo / "harvest.sqlite", cwd=repo)
    assert out.returncode == 0 and "\n/harvest.sqlite*\n" in out.stderr
    odd = run("check", "README.md", "--offline", db=repo / "h[1]#.db", cwd=repo)
    assert odd.returncode == 0 and "\n/h\\[1]\\#.db*\n" in odd.stderr
    ignored = subprocess.run(
        ["git", "-C", str(repo), "check-ignore", "--no-index", "-q", "h[1]#.db-wal"],
        input="", capture_output=True, check=False,
    )  # fmt: skip
    assert ignored.returncode == 1  # (not ignored before the line is added)
    (repo / ".gitignore").write_text("/h\\[1]\\#.db*\n")
    for name in ("h[1]#.db", "h[1]#.db-wal", "h[1]#.db.lock"):
        done = subprocess.run(
            ["git", "-C", str(repo), "check-ignore", "--no-index", "-q", name], check=False
        )
        assert done.returncode == 0, name  # the offered line does ignore them
