"""`broken_link` and `order` end to end: harvested against the fakes, shown by check,
audit, explain and the `date_conflicts` view, acknowledged, and `render`'s warning.

The model list (tests/data/lists) is sorted newest first; against the model world its
TMI entry (line 28, recorded 2023/03/01) resolves to 2023-07-27, newer than the
2023/03/15 entry above it on line 27, and its 2024/01/13 entry (line 16) already sits
above two 2024/01/19 entries.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from tests.cli.helpers import run
from tests.conftest import MODEL_LIST
from tests.fakes.arxiv_fake import ArxivFake
from tests.fakes.crossref_fake import CrossrefFake
from tests.fakes.faults import html_error

BASELINE = Path(__file__).parents[1] / "cases" / "model-baseline"
TMI_WARNING = (
    "README.md:28: ieee:10197302: order: The section is sorted newest first; at its resolved"
    " date 2023-07-27 this entry is newer than line 27 above it (2023-03-15, 'Reversing the"
    " Abnormal: Pseud…'): move it up.\n"
)
GHOST = "- (2024/05/01) A ghost paper. [[arXiv](https://arxiv.org/abs/2405.00001)]\n"
NOWHERE = "- (2024/04/20) A paper nowhere. [[J](https://doi.org/10.9999/nowhere)]\n"


def _env(world: tuple[ArxivFake, CrossrefFake]) -> dict[str, str]:
    return {"HARVESTER_ARXIV_URL": world[0].url, "HARVESTER_CROSSREF_URL": world[1].url}


def _harvested(tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]) -> Path:
    shutil.copyfile(MODEL_LIST, tmp_path / "README.md")
    db = tmp_path / "h.sqlite"
    assert run("check", "README.md", "-q", db=db, cwd=tmp_path, **_env(world)).returncode == 1
    return db


def _rows(out: str, kind: str) -> list[tuple[int, str, object]]:
    rows = json.loads(out)["conflicts"]
    return [(r["line"], r["entry_key"], r["delta_days"]) for r in rows if r["kind"] == kind]


def test_render_warns_of_the_order_it_breaks_and_writes_the_same_bytes(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """render, --diff and --write each print the TMI entry's warning on stderr (line and
    neighbour), and nothing for the 2024/01/13 entry, whose date render leaves; stdout
    and the written file are the bytes render always wrote; exit 0."""
    db = _harvested(tmp_path, world)
    plain = run("render", "README.md", db=db, cwd=tmp_path)
    assert (plain.returncode, plain.stderr) == (0, TMI_WARNING)
    baseline = BASELINE / "MedAIerHHL__awesome-medical-image-anoraml-detection__README.render.md"
    assert plain.stdout.encode() == baseline.read_bytes()
    diff = run("render", "README.md", "--diff", db=db, cwd=tmp_path)
    assert (diff.returncode, diff.stderr) == (0, TMI_WARNING)
    assert "+* (2023/07/27) Unsupervised Pathology Detection" in diff.stdout
    wrote = run("render", "README.md", "--write", db=db, cwd=tmp_path)
    assert (wrote.returncode, wrote.stderr) == (0, TMI_WARNING + "README.md: rewritten\n")
    assert (tmp_path / "README.md").read_bytes() == baseline.read_bytes()
    again = run("render", "README.md", db=db, cwd=tmp_path)  # nothing left to rewrite
    assert (again.returncode, again.stderr) == (0, "")


def test_order_findings_in_check_audit_explain_and_the_view(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """Both entries out of order are findings with their line, key and no delta; they
    fail the check only when asked (--fail-on order or all), stay once render has
    written the dates, and explain shows them."""
    db = _harvested(tmp_path, world)
    out = run("check", "README.md", "--offline", "--format", "json", db=db, cwd=tmp_path)
    assert out.returncode == 1  # the date mismatches, as before
    assert _rows(out.stdout, "order") == [(16, "doi:10.1016/j.media.2024.103088", None),
                                          (28, "ieee:10197302", None)]  # fmt: skip
    with sqlite3.connect(db) as conn:
        view = conn.execute(
            "SELECT entry_key, delta_days, detail FROM date_conflicts WHERE kind = 'order'"
        ).fetchall()
    assert sorted(k for k, _, _ in view) == ["doi:10.1016/j.media.2024.103088", "ieee:10197302"]
    assert all(d is None and "sorted newest first" in t for _, d, t in view)
    assert run("render", "README.md", "--write", db=db, cwd=tmp_path).returncode == 0
    fixed = run("check", "README.md", "--offline", "--format", "github", db=db, cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stdout  # no date_mismatch left; order only warns
    assert "::warning file=README.md,line=28,title=order::ieee:10197302: " in fixed.stdout
    assert "; at 2023-07-27 this entry is newer than line 27 above it" in fixed.stdout
    for fail_on in ("order", "all"):
        failing = run("check", "README.md", "--offline", "-q", "--fail-on", fail_on, db=db,
                      cwd=tmp_path)  # fmt: skip
        assert failing.returncode == 1, fail_on
    explained = json.loads(run("explain", "ieee:10197302", "--json", db=db).stdout)
    kinds = [f["kind"] for f in explained["entries"][0]["findings"]]
    assert kinds == ["order"]  # its date now agrees; the order finding remains


def test_an_acked_order_finding_stays_acked_until_its_neighbourhood_changes(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """ack --kind order takes the finding out of date_conflicts while the entry's date and
    its neighbour (which entry, at which date) stay; another paper above brings it back."""
    db = _harvested(tmp_path, world)
    acked = run("ack", "ieee:10197302", "--kind", "order", "--note", "kept by topic", db=db,
                cwd=tmp_path)  # fmt: skip
    assert acked.returncode == 0, acked.stderr
    out = run("check", "README.md", "--offline", "--format", "json", db=db, cwd=tmp_path)
    assert [k for _, k, _ in _rows(out.stdout, "order")] == ["doi:10.1016/j.media.2024.103088"]
    (doc,) = json.loads(run("explain", "ieee:10197302", "--json", db=db).stdout)["entries"]
    assert [(a["kind"], a["holds"]) for a in doc["acks"]] == [("order", True)]
    assert [(f["kind"], f["acked"]) for f in doc["findings"] if f["kind"] == "order"] == [
        ("order", True)
    ]
    listing = tmp_path / "README.md"
    lines = listing.read_text().splitlines(keepends=True)
    assert lines[26].startswith("* (2023/03/15) Reversing the Abnormal")
    lines[26] = "* (2023/03/15) Another paper entirely. [[code](https://github.com/o/other)]\n"
    listing.write_text("".join(lines))
    out = run("check", "README.md", "--offline", "--format", "json", db=db, cwd=tmp_path)
    assert "ieee:10197302" in [k for _, k, _ in _rows(out.stdout, "order")]


def test_a_linked_arxiv_id_arxiv_does_not_know_is_a_broken_link(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """The issue's 2405.00001, and a DOI Crossref answers 404 for: check names each as a
    broken link on its line (failing with --fail-on broken_link); with arXiv down the
    arXiv one is fetch_failed alone, and the DOI Crossref answered for is still broken."""
    listing = tmp_path / "README.md"
    listing.write_text(
        MODEL_LIST.read_text().replace("* (2024/04/16)", GHOST + NOWHERE + "* (2024/04/16)")
    )
    db = tmp_path / "h.sqlite"
    out = run("check", "README.md", "--format", "github", "--fail-on", "broken_link", db=db,
              cwd=tmp_path, **_env(world))  # fmt: skip
    assert out.returncode == 1
    assert (
        "::error file=README.md,line=13,title=broken_link::arxiv:2405.00001: arXiv has no paper"
        " 2405.00001 (linked on line 13 as https://arxiv.org/abs/2405.00001)." in out.stdout
    )
    assert "title=unresolved::arxiv:2405.00001: " in out.stdout  # nothing else found either
    assert (
        "title=broken_link::doi:10.9999/nowhere: Crossref has no work 10.9999/nowhere (linked on"
        " line 14 as https://doi.org/10.9999/nowhere)" in out.stdout
    )
    world[0].fail_forever(html_error(503))
    down = run("check", "README.md", "--format", "json", "--fail-on", "broken_link",
               db=tmp_path / "down.sqlite", cwd=tmp_path, **_env(world))  # fmt: skip
    rows = json.loads(down.stdout)["conflicts"]
    kinds = {k: sorted(r["kind"] for r in rows if r["entry_key"] == k)
             for k in ("arxiv:2405.00001", "doi:10.9999/nowhere")}  # fmt: skip
    # Crossref still answered 404 for the DOI (its arXiv title search failed)
    assert kinds == {"arxiv:2405.00001": ["fetch_failed"],
                     "doi:10.9999/nowhere": ["broken_link", "fetch_failed"]}  # fmt: skip
    assert down.returncode == 1


def test_an_entry_with_two_broken_links_is_acked_for_both(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """An entry whose arXiv ID and DOI are both unknown has two broken_link findings, each
    with its own evidence; one ack of the kind keeps both out of date_conflicts."""
    listing = tmp_path / "README.md"
    listing.write_text(
        "- (2024/05/01) A ghost paper. [[arXiv](https://arxiv.org/abs/2405.00001)]"
        "[[J](https://doi.org/10.9999/nowhere)]\n"
    )
    db = tmp_path / "h.sqlite"
    out = run("check", "README.md", "--format", "json", db=db, cwd=tmp_path, **_env(world))
    details = [
        r["detail"] for r in json.loads(out.stdout)["conflicts"] if r["kind"] == "broken_link"
    ]
    assert {d.split(" (")[0] for d in details} == {
        "arXiv has no paper 2405.00001", "Crossref has no work 10.9999/nowhere",
    }  # fmt: skip
    acked = run("ack", "arxiv:2405.00001", "--kind", "broken_link", "--note", "dead links",
                db=db, cwd=tmp_path)  # fmt: skip
    assert acked.returncode == 0, acked.stderr
    out = run("check", "README.md", "--offline", "--format", "json", db=db, cwd=tmp_path)
    assert [r["kind"] for r in json.loads(out.stdout)["conflicts"]] == ["unresolved"]
    (doc,) = json.loads(run("explain", "arxiv:2405.00001", "--json", db=db).stdout)["entries"]
    assert [(a["kind"], a["holds"]) for a in doc["acks"]] == [("broken_link", True)] * 2
