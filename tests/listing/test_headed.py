"""A heading per paper (`### 12. Title`, its links in the paragraphs under it), and what
is folded in an update log's `<details>` (list-styles.md, "Containers")."""

from __future__ import annotations

from harvester.listing.parse import parse_list

LIST = """\
# Awesome Splatting

<details span>
<summary><b>Update Log:</b></summary>
<br>

 **Oct 24, 2024**
 - Added 2 papers: [IGS](https://arxiv.org/abs/2410.00001), V^3
</details>

## Avatars:
## 2024:
### 1. [CVPR '24] GaussianBody: Clothed Human Reconstruction via 3d Gaussian Splatting
**Authors**: Mengtian Li, Shengxiang Yao

<details span>
<summary><b>Abstract</b></summary>
In 2023 we did things. See https://arxiv.org/abs/2301.99999 for more.
</details>

  [📄 Paper](https://arxiv.org/pdf/2401.09720.pdf) | [💻 Code](https://github.com/x/y)

### 4.LGM: Large Multi-View Gaussian Model for High-Resolution 3D Content Creation
[📄 Paper](https://arxiv.org/pdf/2402.05054)

#### 4.1 Unofficial Implementation and Specification
**Authors**: Yunzhou Song

[💻 Code](https://github.com/TimSong412/2D-surfel-gaussian)

### 3. Rig3DGS: Creating Controllable Portraits from Casual Monocular Videos
[📄 Paper](https://arxiv.org/pdf/2402.03723.pdf)

### Datasets
[ScanNet](https://arxiv.org/abs/1702.04405)

## Classic work:
### 2.5D Gaussian Splatting Revisited
[📄 Paper](https://example.org/papers/25d.pdf)

## Open Source Implementations
### Reference
- [Gaussian Splatting](https://github.com/graphdeco-inria/gaussian-splatting)

### Viewers
Everything about viewers: [the survey](https://arxiv.org/abs/2402.07181)
- [Splat viewer](https://github.com/antimatter15/splat)

## Credits
- Thanks to [Someone](https://github.com/someone) for the [paper list](https://arxiv.org/abs/2401.03890)
"""


def test_each_paper_heading_is_an_entry_with_the_links_below_it() -> None:
    """Four papers: the number and a leading venue tag leave the title, the year heading
    dates them, the abstract's URL is no link of theirs; a sub-heading that links only code,
    a one-word section heading, headings with entries under them, the update log folded
    in `<details>` and the credits are not papers."""
    entries = parse_list(LIST.encode())
    assert [(e.title, e.tag, e.recorded_date, e.arxiv_ids, e.section) for e in entries] == [
        ("GaussianBody: Clothed Human Reconstruction via 3d Gaussian Splatting", "CVPR '24",
         "2024", ("2401.09720",), "2024:"),
        ("LGM: Large Multi-View Gaussian Model for High-Resolution 3D Content Creation", None,
         "2024", ("2402.05054",), "2024:"),
        ("Rig3DGS: Creating Controllable Portraits from Casual Monocular Videos", None,
         "2024", ("2402.03723",), "2024:"),
        ("2.5D Gaussian Splatting Revisited", None, None, (), "Classic work:"),
    ]  # fmt: skip
    first = entries[0]
    assert (first.span.line_start, first.span.line_end) == (13, 21)
    assert first.date is not None and first.date.source == "heading"
    raw = LIST.encode()
    assert raw[first.span.byte_start : first.span.byte_end].startswith(b"### 1. [CVPR '24]")
    assert raw[first.span.byte_start : first.span.byte_end].endswith(b"(https://github.com/x/y)")


def _headed(heading: str) -> list[str]:
    raw = f"## Papers\n### {heading}\n[📄 Paper](https://arxiv.org/pdf/2402.03723.pdf)\n"
    return [e.title for e in parse_list(raw.encode())]


def test_a_heading_names_a_paper_when_numbered_or_of_four_words() -> None:
    """`Gaussian Style Transfer` (3 words) is a section; `Gaussian Style Transfer Revisited`
    (4) and `5. Gaussian-Flow` (numbered) are papers; `2.5D` is no number."""
    assert _headed("Gaussian Style Transfer") == []
    assert _headed("Gaussian Style Transfer Revisited") == ["Gaussian Style Transfer Revisited"]
    assert _headed("5. Gaussian-Flow") == ["Gaussian-Flow"]
    assert _headed("2.5D Gaussian Splatting Revisited") == ["2.5D Gaussian Splatting Revisited"]
    assert _headed("2024.05") == []  # a date heading dates entries, it names none


def test_items_after_an_update_log_are_read_again() -> None:
    """Only what is folded in the update log's `<details>` is news; an abstract's
    `<details>` folds nothing that matters."""
    raw = (
        "<details><summary>Recent updates</summary>\n\n"
        "- (2024/01/19) Added: [Some Paper Title](https://arxiv.org/abs/2401.10637)\n\n"
        "</details>\n\n"
        "<details><summary>Abstract</summary>\nText.\n</details>\n\n"
        "- (2024/01/19) Towards Universal Unsupervised Anomaly Detection,"
        " [[Paper]](https://arxiv.org/abs/2401.10637)\n"
    )
    assert [e.title for e in parse_list(raw.encode())] == [
        "Towards Universal Unsupervised Anomaly Detection"
    ]


def test_a_heading_under_news_names_no_paper() -> None:
    """`### 1. Title` right under `## News` is an announcement's heading."""
    raw = (
        "## News\n### 1. Gaussian Splatting Released Today For Everyone\n"
        "[📄 Paper](https://arxiv.org/pdf/2402.03723.pdf)\n"
    )
    assert parse_list(raw.encode()) == []


def test_details_without_a_summary_fold_no_news() -> None:
    """A `<details>` with no `<summary>` (or one naming no update log) hides nothing."""
    raw = (
        "<details>\n\n"
        "- (2024/01/19) Towards Universal Unsupervised Anomaly Detection,"
        " [[Paper]](https://arxiv.org/abs/2401.10637)\n\n"
        "</details>\n"
    )
    assert [e.arxiv_ids for e in parse_list(raw.encode())] == [("2401.10637",)]
