"""audit's table fits the terminal (or COLUMNS): the detail wraps, the title is cut or left
out, and below that one line per finding; off a terminal without COLUMNS nothing is cut."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from harvester.cli.findings import finding_lines, findings_table, output_width, table_layout
from tests.cli.helpers import run
from tests.conftest import MODEL_LIST
from tests.fakes.arxiv_fake import ArxivFake
from tests.fakes.crossref_fake import CrossrefFake

# Widths by hand: line 4 ("line"), entry 20, recorded 10, resolved 10, kind 13
# ("date_mismatch"), Δ 6 ("Δ days"): 63 in all.
ROWS: list[dict[str, Any]] = [
    {
        "line": 28, "entry_key": "doi:10.1109/tmi.2023", "recorded_date": "2023-03-01",
        "resolved_date": "2023-07-27", "kind": "date_mismatch", "delta_days": -148,
        "title": "Unsupervised Pathology Detection: A Deep Dive",  # 45 characters
        "detail": "Recorded 2023-03-01, but the journal's online date is 2023-07-27.",  # 65
    },
    {
        "line": 7, "entry_key": "arxiv:2401.10637", "recorded_date": None,
        "resolved_date": None, "kind": "unresolved", "delta_days": None,
        "title": "A paper", "detail": "No arXiv record found.",
    },
]  # fmt: skip
FIXED = 63
WITH_TITLE = FIXED + 2 * 7 + 16 + 30  # eight columns, two spaces apart: 123
NO_TITLE = FIXED + 2 * 6 + 30  # seven columns: 105


def test_width_is_columns_then_the_terminal_then_none() -> None:
    assert output_width({"COLUMNS": "90"}, 200) == 90
    assert output_width({"COLUMNS": " 90 "}, None) == 90
    assert output_width({"COLUMNS": "0"}, 132) == 132
    assert output_width({"COLUMNS": "wide"}, None) is None
    assert output_width({"COLUMNS": "²"}, 77) == 77  # a digit to str.isdigit, not to int
    assert output_width({}, 132) == 132


@pytest.mark.parametrize(
    ("width", "layout"),
    [
        (None, (45, 65)),  # off a terminal: everything at its length
        (FIXED + 14 + 45 + 65, (45, 65)),  # room for both whole
        (FIXED + 14 + 45 + 64, (44, 65)),  # one column short: the title is cut
        (WITH_TITLE, (16, 30)),
        (WITH_TITLE - 1, (0, 47)),  # no title column: its 16 and its gap go to the detail
        (NO_TITLE, (0, 30)),
        (NO_TITLE - 1, None),  # one line per finding
    ],
)
def test_layout_boundaries(width: int | None, layout: tuple[int, int] | None) -> None:
    assert table_layout(ROWS, width) == layout


def test_the_title_gets_what_the_detail_leaves() -> None:
    assert table_layout(ROWS, WITH_TITLE + 40) == (16 + 40 - 35, 30 + 35)  # detail whole first


@pytest.mark.parametrize("width", [WITH_TITLE, WITH_TITLE - 1, NO_TITLE, NO_TITLE - 1, 60])
def test_every_line_fits(width: int, capsys: pytest.CaptureFixture[str]) -> None:
    findings_table(ROWS, width)
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "2 open findings"
    assert all(len(line) <= width for line in lines), lines
    assert sum("doi:10.1109/tmi.2023" in line for line in lines) == 1  # the key is never cut


def test_table_wraps_only_the_detail(capsys: pytest.CaptureFixture[str]) -> None:
    findings_table(ROWS, WITH_TITLE)
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == [
        "line", "entry", "recorded", "resolved", "kind", "Δ", "days", "title", "detail",
    ]  # fmt: skip
    assert out[2].startswith("28    doi:10.1109/tmi.2023  2023-03-01  2023-07-27  date_mismatch")
    assert "Unsupervised Pa…  Recorded" in out[2]  # cut to 16 with an ellipsis, on one line
    assert out[2].endswith("Recorded 2023-03-01, but the")  # the detail wraps at 30
    assert out[3].strip() == "journal's online date is"
    assert out[4].strip() == "2023-07-27."
    assert out[5].startswith("7     arxiv:2401.10637      -           -           unresolved ")


def test_narrow_is_one_line_per_finding() -> None:
    assert finding_lines(ROWS, 60) == [
        "  28 doi:10.1109/tmi.2023 date_mismatch -148: Recorded 2023…",
        "   7 arxiv:2401.10637 unresolved: No arXiv record found.",
    ]
    whole = "  28 doi:10.1109/tmi.2023 date_mismatch -148: " + ROWS[0]["detail"]
    assert finding_lines(ROWS, len(whole))[0] == whole  # just fits: not cut
    assert finding_lines(ROWS, len(whole) - 1)[0] == whole[: len(whole) - 2] + "…"
    assert finding_lines(ROWS, 10)[0] == "  28 doi:10.1109/tmi.2023 d…"  # the key stays whole


def test_narrow_says_when_it_cut(capsys: pytest.CaptureFixture[str]) -> None:
    findings_table(ROWS, 60)
    assert "(cut to 60 columns: explain ENTRY or --format csv shows all)" in capsys.readouterr().out
    findings_table(ROWS[1:], 4 + 16 + 8 + 8 + 10 + 6 + 12 + 30 - 1)  # lines, nothing cut
    assert capsys.readouterr().out == (
        "   7 arxiv:2401.10637 unresolved: No arXiv record found.\n1 open finding\n"
    )


def test_audit_obeys_columns_off_a_terminal(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    db = tmp_path / "h.sqlite"
    env = {"HARVESTER_ARXIV_URL": world[0].url, "HARVESTER_CROSSREF_URL": world[1].url}
    assert run("check", str(MODEL_LIST), "-q", db=db, cwd=None, **env).returncode == 1
    narrow = run("audit", db=db, COLUMNS="80").stdout.splitlines()
    assert all(len(line) <= 80 for line in narrow)
    assert narrow[-1].endswith("open findings") and narrow[0].startswith("  ")  # lines
    wide = run("audit", db=db).stdout.splitlines()  # no COLUMNS, not a terminal
    assert wide[0].split()[:2] == ["line", "entry"]
    rows = [line for line in wide[2:-1] if line[:1].isdigit()]
    assert len(rows) == len(wide) - 3  # nothing wraps: a line per finding


WIDE = [
    {
        "line": 3, "entry_key": "title:变分自编码器", "recorded_date": "2023-01-01",
        "resolved_date": None, "kind": "possible_published_version", "delta_days": None,
        "title": "基于扩散模型的医学图像异常检测 :x: and :a:",
        "detail": "A journal work titled '基于扩散模型的医学图像异常检测研究' may be this paper.",
    }
]  # fmt: skip


@pytest.mark.parametrize("width", [50, 80, 100, 120, 160, None])
def test_wide_characters_count_as_two_cells(
    width: int | None, capsys: pytest.CaptureFixture[str]
) -> None:
    """CJK titles and keys are measured in terminal cells; ':x:' stays text, not an emoji."""
    findings_table(WIDE + ROWS, width)
    lines = capsys.readouterr().out.splitlines()
    if width is not None:
        assert all(cell_len(line) <= width for line in lines), [cell_len(x) for x in lines]
    assert sum("title:变分自编码器" in line for line in lines) == 1  # the key whole, once
    assert "❌" not in "".join(lines)
    if width is None:
        assert any(":x: and :a:" in line for line in lines)
