"""`check` in the list's own repository: annotations on the entry's line, the exit codes a
CI understands, `render --write`, `parse --check`, and one-line exit 2 for what cannot
be checked. Expected lines are read off the model list (tests/data/lists)."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from harvester.errors import InputError
from harvester.upstream.list_source import replace_file
from tests.cli.helpers import run
from tests.conftest import MODEL_LIST
from tests.fakes.arxiv_fake import ArxivFake
from tests.fakes.crossref_fake import CrossrefFake
from tests.fakes.faults import html_error

#: The model list's date mismatches against the fakes: (line, entry key), from the file.
MISMATCHES = [
    (13, "arxiv:2404.04518"),  # (2024/04/16) MedIAnomaly; arXiv says 2024-04-06
    (20, "doi:10.1016/j.patcog.2023.110167"),  # (2023/12/01); online 2023-11-29
    (22, "arxiv:2311.03074"),  # (2023/11/03); arXiv says 2023-11-06
    (28, "ieee:10197302"),  # (2023/03/01) Deep Dive; the TMI paper online 2023-07-27
]


def _env(world: tuple[ArxivFake, CrossrefFake]) -> dict[str, str]:
    return {"HARVESTER_ARXIV_URL": world[0].url, "HARVESTER_CROSSREF_URL": world[1].url}


def _requests(world: tuple[ArxivFake, CrossrefFake]) -> int:
    return len(world[0].log) + len(world[1].log)


def _list_copy(tmp_path: Path) -> Path:
    path = tmp_path / "README.md"
    shutil.copyfile(MODEL_LIST, path)
    return path


def test_check_annotates_each_mismatch_then_render_write_makes_it_pass(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """One error annotation per mismatch on its line (warnings for the other kinds), exit
    1; `render --write` keeps the file's mode; the same check then exits 0 without a
    request."""
    listing = _list_copy(tmp_path)
    listing.chmod(0o640)
    db = tmp_path / "h.sqlite"
    out = run("check", "README.md", "--format", "github", db=db, cwd=tmp_path, **_env(world))
    assert out.returncode == 1, out.stderr
    errors = [line for line in out.stdout.splitlines() if line.startswith("::error ")]
    assert [line.split("::")[1] for line in errors] == [
        f"error file=README.md,line={line},title=date_mismatch" for line, _ in MISMATCHES
    ]
    assert [line.split("::", 2)[2].split(": ")[0] for line in errors] == [k for _, k in MISMATCHES]
    assert "::warning file=README.md,line=19,title=unresolved::title:9b9f8b94899cb9f9: " in (
        out.stdout
    )
    assert errors[3].endswith(
        "::ieee:10197302: Recorded 2023-03-01, but the journal's online date"
        " (10.1109/tmi.2023.3298093) is 2023-07-27 (-148 days)."
    )
    # and two `order` warnings: line 16 (2024/01/13 above 2024/01/19) and line 28
    assert "7 open findings, failing on date_mismatch" in out.stderr
    wrote = run("render", "README.md", "--write", db=db, cwd=tmp_path)
    assert wrote.returncode == 0 and "README.md: rewritten" in wrote.stderr
    assert stat.S_IMODE(listing.stat().st_mode) == 0o640
    assert "* (2023/07/27) Unsupervised Pathology Detection" in listing.read_text()
    before = _requests(world)
    again = run("check", "README.md", "--format", "github", db=db, cwd=tmp_path, **_env(world))
    assert again.returncode == 0, again.stdout + again.stderr
    assert "::error" not in again.stdout and _requests(world) == before
    assert run("render", "README.md", "--write", db=db, cwd=tmp_path).stderr.endswith(
        "already up to date\n"
    )


def test_offline_check_sees_a_fixed_date_at_once_and_asks_nothing(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    listing = _list_copy(tmp_path)
    db = tmp_path / "h.sqlite"
    assert run("check", str(listing), db=db, **_env(world)).returncode == 1
    before = _requests(world)
    text = listing.read_text()
    fixed = text.replace("* (2024/04/16) MedIAnomaly", "* (2024/04/06) MedIAnomaly")
    assert fixed != text
    listing.write_text(fixed)
    out = run("check", str(listing), "--offline", "--format", "csv", db=db)
    assert out.returncode == 1  # three mismatches remain
    assert "arxiv:2404.04518" not in out.stdout and "arxiv:2311.03074" in out.stdout
    assert _requests(world) == before
    assert out.stdout.splitlines()[0].split(",")[:4] == [
        "list_source",
        "position",
        "line",
        "entry_key",
    ]


@pytest.mark.parametrize(
    ("fail_on", "code"),
    [
        ((), 1),  # date_mismatch by default
        (("--fail-on", "unresolved"), 1),
        (("--fail-on", "missing_recorded_date"), 0),  # none open
        (("--fail-on", "ambiguous_match", "--fail-on", "fetch_failed"), 0),
        (("--fail-on", "all"), 1),
    ],
)
def test_fail_on_chooses_the_kinds_that_fail(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake], fail_on: tuple[str, ...], code: int
) -> None:
    out = run("check", str(_list_copy(tmp_path)), *fail_on, "-q", db=tmp_path / "h.sqlite",
              **_env(world))  # fmt: skip
    assert out.returncode == code, out.stderr


def test_fetch_failures_exit_3_unless_a_failing_kind_is_open(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """Services down on a new database: no mismatch can be shown, fetches failed: 3; with
    --fail-on fetch_failed the open fetch_failed findings make it 1."""
    world[0].fail_forever(html_error(503))
    world[1].fail_forever(html_error(503))
    listing = str(_list_copy(tmp_path))
    assert run("check", listing, "-q", db=tmp_path / "a.sqlite", **_env(world)).returncode == 3
    out = run("check", listing, "-q", "--fail-on", "fetch_failed", db=tmp_path / "b.sqlite",
              **_env(world))  # fmt: skip
    assert out.returncode == 1


def test_what_cannot_be_checked_is_exit_2_with_one_line(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    db = tmp_path / "h.sqlite"
    empty = tmp_path / "notes.md"
    empty.write_text("# Notes\n\nNo papers here yet.\n")
    out = run("check", str(empty), db=db, **_env(world))
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1
    assert "notes.md: no entries found" in out.stderr
    listing = _list_copy(tmp_path)
    assert run("check", str(listing), "-q", db=db, **_env(world)).returncode == 1
    for args in (
        ("audit", "--source", str(tmp_path / "nosuch.md"), "--fail-on-conflict"),
        ("render", str(MODEL_LIST)),  # a list this database never harvested
    ):
        out = run(*args, db=db)
        assert out.returncode == 2, (args, out.stdout, out.stderr)
        assert out.stdout == "" and len(out.stderr.strip().splitlines()) == 1
        assert "no such list in the database (lists: " in out.stderr and str(listing) in out.stderr
    out = run("render", "https://example.org/README.md", "--write", db=db)
    assert out.returncode == 2 and "needs a file, not a URL" in out.stderr


def test_render_write_refuses_a_file_that_changed_since_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_bytes(b"- (2024/01/01) A. [[arXiv](https://arxiv.org/abs/2401.00001)]\n")
    with pytest.raises(InputError, match="changed since it was read; nothing written"):
        replace_file(path, b"what was read before", b"new text")
    assert path.read_bytes().startswith(b"- (2024/01/01)")
    assert replace_file(path, path.read_bytes(), path.read_bytes()) is False
    assert replace_file(path, path.read_bytes(), b"new\n") is True
    assert path.read_bytes() == b"new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]  # no temporary file left


def test_parse_check_exits_1_naming_each_problem_line(tmp_path: Path) -> None:
    model = run("parse", str(MODEL_LIST), "--check", db=tmp_path / "unused.sqlite")
    assert model.returncode == 1
    assert model.stdout.splitlines() == [  # read off the list: `[code]` bare; a spaced URL
        f"{MODEL_LIST}:16: doi:10.1016/j.media.2024.103088: link 'code': label with no URL",
        f"{MODEL_LIST}:23: doi:10.1016/j.media.2023.102967: link 'code': URL contains a space",
    ]
    assert model.stderr.strip() == "17 entries, 2 entries have a problem"
    bad = tmp_path / "list.md"
    bad.write_text(
        "# List\n\n"
        "- (2024/01/19) Fine. [[arXiv](https://arxiv.org/abs/2401.10637)]\n"
        "- (2024/13/45) Impossible. [[arXiv](https://arxiv.org/abs/2401.10638)]\n"
    )
    good = tmp_path / "good.md"
    good.write_text(bad.read_text().splitlines(keepends=True)[2])
    fine = run("parse", str(good), "--check", db=tmp_path / "unused.sqlite")
    assert fine.returncode == 0 and fine.stdout == ""
    assert fine.stderr.strip() == "1 entry, 0 entries have a problem"
    out = run("parse", str(bad), "--check", db=tmp_path / "unused.sqlite")
    assert out.returncode == 1
    (line,) = out.stdout.splitlines()
    assert line.startswith(f"{bad}:4: arxiv:2401.10638: ")
    assert out.stderr.strip() == "2 entries, 1 entry has a problem"
    assert not (tmp_path / "unused.sqlite").exists()
