"""A list parsed in pieces gives the entries its whole parse gives (`listing/chunks`).

Every real list we keep and every list of the bad-input corpus is parsed whole and in
pieces of a few lines, so that nearly every safe start is used; the entries must be the
same, field for field. Hand-made documents pin each place a piece must not start."""

from __future__ import annotations

from pathlib import Path

import pytest

from harvester.listing.chunks import PIECE_LINES, pieces
from harvester.listing.parse import MAX_LIST_ENTRIES, TooManyEntries, parse_list
from tests.benchmarks.parse_bench import item_list, table_list
from tests.conftest import LISTS

CORPUS = Path(__file__).parents[1] / "corpus" / "lists"
#: deep-nesting.md is read better in pieces: whole, markdown-it's nesting limit swallows
#: the rest of the document after its deep chain (an xfail corpus case); no real list nests
#: that deep, and only lists of more than PIECE_LINES lines are parsed in pieces.
DOCUMENTS = [p for p in sorted(LISTS.glob("*.md")) + sorted(CORPUS.rglob("*.md"))
             if p.is_file() and p.name != "deep-nesting.md"]  # fmt: skip
WHOLE = 10**9


def starts(doc: str, size: int = 1) -> list[int]:
    """The 0-based line each piece after the first starts at (the first of its own lines,
    after a table header it repeats)."""
    found, last = [], -1
    for piece in pieces(doc.split("\n"), size):
        if last >= 0:
            found.append(min(n for n in piece.lines if n > last))
        last = max(piece.lines)
    return found


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
@pytest.mark.parametrize("size", [3, 40])
def test_a_list_in_pieces_reads_as_the_whole(path: Path, size: int) -> None:
    raw = path.read_bytes()
    assert parse_list(raw, piece_lines=size) == parse_list(raw, piece_lines=WHOLE)


def test_the_real_lists_are_really_cut() -> None:
    """The test above is no test if the lists stay one piece: 8 of 15 are cut many times
    (the others hold a code fence or a reference definition, and are read whole)."""
    cut = {}
    for path in sorted(LISTS.glob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        cut[path.name] = len(list(pieces(text.split("\n"), 3)))
    assert sum(n >= 6 for n in cut.values()) == 8, cut
    assert sum(cut.values()) > 1_900, cut
    assert cut["Hannibal046__Awesome-LLM__README.md"] == 1  # it has a reference definition
    assert cut["thunlp__PromptPapers__README.md"] == 1  # `]:` in its text


def test_the_generated_big_lists_are_cut_and_read_alike() -> None:
    """The benchmark's table (one table of every row) and items (no blank line at all)."""
    for make in (table_list, item_list):
        raw = make(300).encode("utf-8")
        lines = raw.decode("utf-8").split("\n")
        assert len(list(pieces(lines, 50))) >= 5
        assert parse_list(raw, piece_lines=50) == parse_list(raw, piece_lines=WHOLE)


def test_a_piece_in_a_table_repeats_its_header() -> None:
    """Never between the header and the delimiter, nor before the first row."""
    doc = ["# T", "", "| Date | Title |", "|---|---|", "| 2024 | A |", "| 2024 | B |",
           "| 2024 | C |", "| 2024 | D |", "", "after"]  # fmt: skip
    cut = list(pieces(doc, 2))
    assert [p.lines for p in cut] == [[0, 1, 2, 3, 4], [2, 3, 5, 6], [2, 3, 7, 8, 9]]
    raw = "\n".join(doc).encode("utf-8")
    assert parse_list(raw, piece_lines=2) == parse_list(raw, piece_lines=WHOLE)
    assert [e.title for e in parse_list(raw, piece_lines=2)] == ["A", "B", "C", "D"]


def test_a_list_no_longer_than_a_piece_is_one_piece() -> None:
    doc = ["- a", "- b", "- c"]
    assert [p.lines for p in pieces(doc, 3)] == [[0, 1, 2]]
    assert [p.lines for p in pieces(doc, 2)] == [[0, 1], [2]]
    assert PIECE_LINES == 5_000


@pytest.mark.parametrize(
    ("doc", "cuts"),
    [
        ("- a\n- b\n- c", [1, 2]),  # bullet items, no blank line
        ("para\n- b\n# c", [1, 2]),  # a bullet item and a heading interrupt a paragraph
        ("1. a\n2. b\n\n3. c", [3]),  # a numbered item only after a blank line
        ("para\n2. b", []),  # `2.` continues a paragraph
        ("```\n- a\n\n- b\n```\n- c", []),  # a document with a fence is read whole
        ("~~~~\n- a\n~~~~\n- b", []),
        ("<!-- x --> <!-- y\n\n- a\n-->\n- b", [4]),  # every opener after its own end
        ("x <pre>\n<!--\n</pre>\n\n- a\n-->\n- b", [6]),  # every kind at once
        ("<!-- x\n\n- a\n-->\n- b", [4]),  # nor in a comment that runs across blank lines
        ("<pre>\n\n- a\n</pre>\n\n- b", [5]),
        ("<details>\n- a\n- b\n\n- c", [4]),  # an HTML block runs to the blank line
        ("| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n- x", [3]),  # a second row, with the header
        ("[r]: http://x\n\n- a\n- b", []),  # a reference definition reaches every part
        ("- a\n\u00a0\n2. b", []),  # a no-break space is no blank line
        ("<div>\n# h\n| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |", []),  # no table in HTML
        ("text\n    - a\n- b", [2]),
        ("text\n\n  - a\n\n- b", [4]),  # an indented item is no start
    ],
)
def test_where_a_piece_may_start(doc: str, cuts: list[int]) -> None:
    assert starts(doc) == cuts
    raw = doc.encode("utf-8")
    assert parse_list(raw, piece_lines=1) == parse_list(raw, piece_lines=WHOLE)


def test_more_entries_than_the_limit_are_refused_at_the_first_past_it() -> None:
    doc = "# Papers\n\n" + "".join(
        f"- (2024/01/{1 + i % 28:02d}) Paper Number {i}. [[arXiv](https://arxiv.org/abs/2401.{i:05d})]\n"
        for i in range(12)
    )
    raw = doc.encode("utf-8")
    assert len(parse_list(raw, limit=12)) == 12
    for size in (3, WHOLE):
        with pytest.raises(TooManyEntries) as caught:
            parse_list(raw, piece_lines=size, limit=11)
        assert (caught.value.line, caught.value.limit) == (14, 11)  # the 12th entry's line
    assert MAX_LIST_ENTRIES == 250_000


ENTRY = "(2024/01/19) A Paper Title Here. [[arXiv](https://arxiv.org/abs/2401.10637)]"
ROWS = (
    "| Date | Title |\n|---|---|\n"
    "| 2024/01/19 | A Paper Title Here [arXiv](https://arxiv.org/abs/2401.10637) |\n"
    "| 2024/01/20 | Another Paper Title [arXiv](https://arxiv.org/abs/2401.10638) |\n"
)


@pytest.mark.parametrize(
    "doc",
    [  # a reviewer's counterexamples to the first cut rules (each read wrongly in pieces)
        "- A Paper Title Here [arXiv][a]\n- [a]: https://arxiv.org/abs/2401.10637\n- c",
        "1. [a]: https://arxiv.org/abs/2401.10637\n\n- A Paper Title Here [arXiv][a]",
        "> [a]: https://arxiv.org/abs/2401.10637\n\n- A Paper Title Here [arXiv][a]\n- c",
        "- A Paper Title Here [arXiv][a\\]b]\n- [a\\]b]: https://arxiv.org/abs/2401.10637\n- c",
        "[a\nb]: https://arxiv.org/abs/2401.10637\n\n- A Paper Title Here [arXiv][a b]\n- c",
        f"- a\n  ```\n- b\n\n```\n- {ENTRY}\n```\n- d",
        f"``` a`b\n- x\n```\n- {ENTRY}\n```\n- d",
        f"\ufeff```\n- a\n- {ENTRY}\n```",
        f"```\n- a\n```\u00a0\n- {ENTRY}\n```",
        f"x <pre>\n<!--\n</pre>\n\n- {ENTRY}\n-->",
        f"<?x <!--\n-->\n\n- {ENTRY}\n?>",
        f"<script>\n</\u017fcript>\n\n- {ENTRY}\n</script>",
        f"text\n\u00a0\n2. {ENTRY}",
        f"<div>\n\u00a0\n- {ENTRY}",
        f"<div>\n\x0c\n- {ENTRY}",
        "<div>\n# foo\n" + ROWS,
        # and a second reviewer's, to the mended rules
        f"<pre\u00a0x>\n\n- {ENTRY}\n</pre>",
        f"<pre\x85\n\n- {ENTRY}\n</pre>",
        f"<textarea\u202f\n\n- {ENTRY}",
        f"<style\u2009>\n\n# Papers\n- {ENTRY}\n</style>",
        f"\ufeff<div>\n- {ENTRY}",
        f"\ufeff  <table>\n# H\n- {ENTRY}",
        "\ufeff<div>\n# Papers\n" + ROWS,
        "<!--\n\n| Title | Date -->\n|---|---|\n" + ROWS.split("\n", 2)[2],
        "<pre>\n\n| Title | Date </pre>\n|---|---|\n" + ROWS.split("\n", 2)[2],
        "<!--\n\n# Papers\n| Title | Date -->\n|---|---|\n" + ROWS.split("\n", 2)[2],
        # and a third's
        "# Title |\n|-|\n|-|\n| A Paper Title Here [arXiv](https://arxiv.org/abs/2401.10637) |\n"
        "| Another Paper Title [arXiv](https://arxiv.org/abs/2401.10638) |",
        "- x\n- Title |\n|-|\n| A Paper Title Here [arXiv](https://arxiv.org/abs/2401.10637) |",
        "1. x\n\n2. Title |\n|-|\n| A Paper Title Here [arXiv](https://arxiv.org/abs/2401.10637) |",
    ],
)
def test_what_a_line_scan_once_misread_reads_as_the_whole(doc: str) -> None:
    raw = doc.encode("utf-8")
    whole = parse_list(raw, piece_lines=WHOLE)
    for size in (1, 2, 3):
        assert parse_list(raw, piece_lines=size) == whole, size
