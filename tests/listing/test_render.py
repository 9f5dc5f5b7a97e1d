"""Rendering resolved dates into a list: only date bytes change; the diff applies with git."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from harvester.listing.dates import format_like
from harvester.listing.parse import parse_list
from harvester.listing.render import render_list, unified_diff

A = "[[arXiv](https://arxiv.org/abs/2401.10637)]"
B = "[[arXiv](https://arxiv.org/abs/2402.00001)]"
C = "[[MIA](https://doi.org/10.1016/j.media.2024.103088)]"


def _render(raw: bytes, resolved: dict[str, str]) -> bytes:
    return render_list(raw, parse_list(raw), resolved)


def test_only_the_date_bytes_change_with_bom_crlf_trailing_spaces_and_utf8() -> None:
    """A BOM, CRLF endings, trailing spaces and multi-byte text before the dates all survive."""
    raw = (
        "\ufeff# Über Lïsts ✓  \r\n\r\n"
        f"- (2024/01/19) Ünïcödé títle — 模型. {A}   \r\n"
        f"- (2024/02/01) Second paper ✓. {B} \r\n"
        "Trailing prose ✓\r\n"
    ).encode()
    resolved = {"arxiv:2401.10637": "2023-12-05", "arxiv:2402.00001": "2024-03-04"}
    expected = (
        "\ufeff# Über Lïsts ✓  \r\n\r\n"
        f"- (2023/12/05) Ünïcödé títle — 模型. {A}   \r\n"
        f"- (2024/03/04) Second paper ✓. {B} \r\n"
        "Trailing prose ✓\r\n"
    ).encode()
    assert _render(raw, resolved) == expected


def test_bom_on_the_dated_first_line_is_kept() -> None:
    """A BOM right before the first entry's bullet is kept and the date still rewritten."""
    raw = f"\ufeff- (2024/01/19) Paper. {A}\n".encode()
    out = _render(raw, {"arxiv:2401.10637": "2022-07-08"})
    assert out == f"\ufeff- (2022/07/08) Paper. {A}\n".encode()


def test_spaces_inside_the_parentheses_are_kept() -> None:
    """Blanks around the date inside `( ... )` are not part of the date and stay."""
    raw = f"- ( 2024/01/19 ) Paper. {A}\n".encode()
    out = _render(raw, {"arxiv:2401.10637": "2022-07-08"})
    assert out == f"- ( 2022/07/08 ) Paper. {A}\n".encode()


def test_entries_not_to_change_are_untouched() -> None:
    """Same date (even written unpadded), absent from `resolved`, or no date: bytes unchanged."""
    raw = (
        f"- (2024-1-9) Same date, other notation. {A}\r\n"
        f"- (2024/02/01) Not resolved. {B}\r\n"
        f"- Undated paper. {C}\r\n"
    ).encode()
    keys = [e.entry_key for e in parse_list(raw)]
    assert keys == ["arxiv:2401.10637", "arxiv:2402.00001", "doi:10.1016/j.media.2024.103088"]
    resolved = {"arxiv:2401.10637": "2024-01-09", "doi:10.1016/j.media.2024.103088": "2020-01-01"}
    assert _render(raw, resolved) == raw


def test_empty_resolved_gives_the_raw_bytes_back() -> None:
    """With nothing resolved the output is the input, byte for byte."""
    raw = f"- (2024/01/19) Paper. {A}  \r\n\r\n".encode()
    assert _render(raw, {}) == raw


def test_only_the_resolved_entry_changes_among_several() -> None:
    """Of three dated entries only the one whose resolved date differs is rewritten."""
    raw = (
        f"* (2024/01/19) One. {A}\n* (2024/02/01) Two. {B}\n* (2024/03/01) Three. {C}\n"
    ).encode()
    resolved = {"arxiv:2402.00001": "2024-01-31", "arxiv:2401.10637": "2024-01-19"}
    expected = (
        f"* (2024/01/19) One. {A}\n* (2024/01/31) Two. {B}\n* (2024/03/01) Three. {C}\n"
    ).encode()
    assert _render(raw, resolved) == expected


@pytest.mark.parametrize(
    ("template", "iso", "expected"),
    [
        ("2024/01/19", "2023-03-05", "2023/03/05"),
        ("2024-1-9", "2023-03-05", "2023-3-5"),
        ("2024-1-9", "2023-12-25", "2023-12-25"),
        ("2024.01.19", "2023-03-05", "2023.03.05"),
        ("2024/1/19", "2023-03-05", "2023/3/05"),
        ("2024/10/9", "2023-03-05", "2023/03/5"),
        ("23/01/05", "2023-03-05", "2023/03/05"),
    ],
)
def test_format_like_keeps_separator_and_padding(template: str, iso: str, expected: str) -> None:
    """The new date takes the template's separator and its per-field zero padding."""
    assert format_like(template, iso) == expected


def test_render_keeps_each_entrys_own_notation() -> None:
    """Each rewritten date is written in the notation its own entry used."""
    raw = (f"- (2024/01/19) One. {A}\n- (2024-1-9) Two. {B}\n- (2024.01.19) Three. {C}\n").encode()
    resolved = {
        "arxiv:2401.10637": "2023-03-05",
        "arxiv:2402.00001": "2023-03-05",
        "doi:10.1016/j.media.2024.103088": "2023-03-05",
    }
    expected = (
        f"- (2023/03/05) One. {A}\n- (2023-3-5) Two. {B}\n- (2023.03.05) Three. {C}\n"
    ).encode()
    assert _render(raw, resolved) == expected


def _git_apply(tmp_path: Path, name: str, before: bytes, diff: str) -> bytes:
    repo = tmp_path / "repo"
    (repo / "lists").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    target = repo / "lists" / name
    target.write_bytes(before)
    result = subprocess.run(
        ["git", "-c", "core.autocrlf=false", "apply", "-"],
        cwd=repo,
        input=diff.encode("utf-8", errors="surrogateescape"),
        capture_output=True,
    )
    assert result.returncode == 0, result.stderr.decode()
    return target.read_bytes()


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_diff_applies_with_git_apply(tmp_path: Path, newline: str) -> None:
    """`git apply` turns the old list into the rendered one exactly, LF or CRLF."""
    before = newline.join(
        ["\ufeff# Lïst ✓", "", f"- (2024/01/19) One ✓. {A}  ", f"- (2024/02/01) Two. {B}", ""]
    ).encode()
    after = _render(before, {"arxiv:2402.00001": "2024-01-31"})
    diff = unified_diff("lists/README.md", before, after)
    assert diff.startswith("--- a/lists/README.md\n+++ b/lists/README.md\n")
    assert "-- (2024/02/01) Two." in diff and "+- (2024/01/31) Two." in diff
    assert "No newline at end of file" not in diff
    assert _git_apply(tmp_path, "README.md", before, diff) == after


def test_diff_marks_a_missing_final_newline(tmp_path: Path) -> None:
    """A last line with no newline gets the `\\ No newline at end of file` marker and applies."""
    before = f"- (2024/01/19) One. {A}\n- (2024/02/01) Last. {B}".encode()
    after = _render(before, {"arxiv:2402.00001": "2024-01-31"})
    assert after.endswith(b"]") and b"(2024/01/31)" in after
    diff = unified_diff("lists/README.md", before, after)
    assert diff.count("\n\\ No newline at end of file\n") == 2
    assert diff.endswith("\\ No newline at end of file\n")
    assert _git_apply(tmp_path, "README.md", before, diff) == after


def test_no_change_gives_an_empty_diff() -> None:
    """Identical before and after give no diff text at all."""
    raw = f"- (2024/01/19) One. {A}\n".encode()
    assert unified_diff("README.md", raw, raw) == ""


def test_diff_applies_with_a_unicode_line_separator_in_a_title(tmp_path: Path) -> None:
    """A title containing U+2028 (one line for the parser and git) still gives an applicable diff."""
    before = f"- (2024/01/19) One\u2028two. {A}\n- (2024/02/01) Two. {B}\n".encode()
    after = _render(before, {"arxiv:2401.10637": "2024-01-18"})
    assert after == f"- (2024/01/18) One\u2028two. {A}\n- (2024/02/01) Two. {B}\n".encode()
    diff = unified_diff("lists/README.md", before, after)
    assert "No newline at end of file" not in diff
    assert _git_apply(tmp_path, "README.md", before, diff) == after
