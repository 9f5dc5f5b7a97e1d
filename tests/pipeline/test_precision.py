"""Month-precision lists end to end against the fakes: audited at their precision, rendered
in their own notation, and clean once rendered."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from harvester.settings import Settings
from tests.cli.helpers import run
from tests.fakes.arxiv_fake import ArxivFake
from tests.fakes.crossref_fake import CrossrefFake
from tests.pipeline.harvesting import harvest_list

#: Model-list papers resolved from arXiv alone (tests/fakes/model_world.py): 2401.10637 and
#: 2401.10561 submitted 2024-01-19, 2311.12081 on 2023-11-20, 2311.03074 on 2023-11-06,
#: 2401.16363 on 2024-01-29.
LIST = """\
# Papers

- [2024/01] **Towards Universal Unsupervised Anomaly Detection in Medical Imaging.** *C. Bercea et al.* [[paper](https://arxiv.org/abs/2401.10637)]
- [2024/02] **MAEDiff: Masked Autoencoder-enhanced Diffusion Models for Unsupervised Anomaly Detection in Brain Images.** *R. Xu et al.* [[paper](https://arxiv.org/abs/2401.10561)]
- [2023/11] **Leveraging healthy population variability in deep learning unsupervised anomaly detection in brain FDG PET.** *M. Solal et al.* [[paper](https://arxiv.org/abs/2311.12081)]
- [2023/10] **A Two-Stage Generative Model with CycleGAN and Joint Diffusion for MRI-based Brain Tumor Detection.** *W. Wang et al.* [[paper](https://arxiv.org/abs/2311.03074)]
- (arXiv 2024.1) Evaluation of pseudo-healthy image reconstruction for anomaly detection with deep generative models: Application to brain FDG PET, [[Paper]](https://arxiv.org/abs/2401.16363)
"""


def _settings(db: Path, world: tuple[ArxivFake, CrossrefFake]) -> Settings:
    return Settings(db, world[0].url, world[1].url, "tests@example.org", 0.0, 2.0, 2, 0.01)


def _mismatches(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT c.recorded_date, e.recorded_precision, c.resolved_date, c.delta_days, c.detail"
            " FROM date_conflicts AS c JOIN entry_dates AS e USING (list_source, entry_key)"
            " WHERE c.kind = 'date_mismatch' ORDER BY e.position"
        ).fetchall()


def test_month_dates_are_audited_and_rendered_at_their_precision(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """Only the wrong months are mismatches (delta to the nearest day of the month);
    render fixes exactly those, as `[YYYY/MM]`; the rendered list audits clean."""
    listing = tmp_path / "README.md"
    listing.write_text(LIST, encoding="utf-8")
    db = tmp_path / "h.sqlite"
    assert harvest_list(str(listing), _settings(db, world)).failures == 0
    assert _mismatches(db) == [
        ("2024-02", "month", "2024-01-19", 13,
         "Recorded 2024-02 (month), but the arXiv submission date (2401.10561) is 2024-01-19"
         " (+13 days)."),
        ("2023-10", "month", "2023-11-06", -6,
         "Recorded 2023-10 (month), but the arXiv submission date (2311.03074) is 2023-11-06"
         " (-6 days)."),
    ]  # fmt: skip
    rendered = run("render", str(listing), db=db)
    assert rendered.returncode == 0, rendered.stderr
    expected = LIST.replace("[2024/02] **MAEDiff", "[2024/01] **MAEDiff").replace(
        "[2023/10] **A Two-Stage", "[2023/11] **A Two-Stage"
    )
    assert rendered.stdout == expected
    listing.write_text(rendered.stdout, encoding="utf-8")
    harvest_list(str(listing), _settings(db, world))
    assert _mismatches(db) == []


TABLE = """\
# Papers

| Date | Title | Paper |
| --- | --- | --- |
| 2024.01 | Towards Universal Unsupervised Anomaly Detection in Medical Imaging | [pdf](https://arxiv.org/abs/2401.10637) |
|  2023.12  | Leveraging healthy population variability in deep learning unsupervised anomaly detection in brain FDG PET | [pdf](https://arxiv.org/abs/2311.12081) |
| 2023.11 | A Two-Stage Generative Model with CycleGAN and Joint Diffusion for MRI-based Brain Tumor Detection | [pdf](https://arxiv.org/abs/2311.03074) |
| 2024.2 | MAEDiff: Masked Autoencoder-enhanced Diffusion Models for Unsupervised Anomaly Detection in Brain Images | [pdf](https://arxiv.org/abs/2401.10561) |
"""
BLOCKS = """\
## Papers

**Towards Universal Unsupervised Anomaly Detection in Medical Imaging** \\
*C. Bercea et al.* \\
[19th Jan., 2024] \\
[[Paper](https://arxiv.org/abs/2401.10637)]

**Leveraging healthy population variability in deep learning unsupervised anomaly detection in brain FDG PET** \\
*M. Solal et al.* \\
[02nd Nov., 2023] \\
[[Paper](https://arxiv.org/abs/2311.12081)]

**A Two-Stage Generative Model with CycleGAN and Joint Diffusion for MRI-based Brain Tumor Detection** \\
*W. Wang et al.* \\
[1st Nov., 2023] \\
[[Paper](https://arxiv.org/abs/2311.03074)]
"""
#: Journal papers with a preprint (tests/fakes/model_world.py): 2303.00609 submitted
#: 2023-03-01, in TMI online 2023-07-27 (found by title); 2307.02858 submitted 2023-07-06,
#: in MIA online 2023-09-16 (DOI declared by arXiv); 2303.08452 submitted 2023-03-15, a
#: MICCAI chapter. An arXiv-labelled date is held against the arXiv date, whatever wins.
ARXIV_LABELLED = """\
# Papers

- (arXiv 2023.2) Unsupervised Pathology Detection: A Deep Dive Into the State of the Art, [[Paper]](https://arxiv.org/abs/2303.00609)
- (arXiv 2023.7) Latent Transformer Models for out-of-distribution detection, [[Paper]](https://arxiv.org/abs/2307.02858)
- (arXiv 2023.3) Reversing the Abnormal: Pseudo-Healthy Generative Networks for Anomaly Detection, [[Paper]](https://arxiv.org/abs/2303.08452)
"""


def _harvest_render_reharvest(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake], text: str, *rule: str
) -> tuple[list[tuple[object, ...]], str]:
    """(the mismatches of a first harvest, the rendered list); a harvest of the rendered
    list has none."""
    listing = tmp_path / "README.md"
    listing.write_text(text, encoding="utf-8")
    db = tmp_path / "h.sqlite"
    env = {"HARVESTER_ARXIV_URL": world[0].url, "HARVESTER_CROSSREF_URL": world[1].url}
    harvested = run("harvest", str(listing), *rule, db=db, **env)
    assert harvested.returncode == 0, harvested.stderr
    mismatches = _mismatches(db)
    rendered = run("render", str(listing), db=db)
    assert rendered.returncode == 0, rendered.stderr
    listing.write_text(rendered.stdout, encoding="utf-8")
    assert run("harvest", str(listing), *rule, db=db, **env).returncode == 0
    assert _mismatches(db) == []
    return mismatches, rendered.stdout


def test_a_table_list_is_audited_and_rendered_at_month_precision(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """Rows whose month holds the arXiv date agree; `2023.12` (+11 days to 2023-11-20) and
    `2024.2` (+13 to 2024-01-19) are rewritten in their cells, spacing and padding kept."""
    mismatches, rendered = _harvest_render_reharvest(tmp_path, world, TABLE)
    assert [(m[0], m[1], m[2], m[3]) for m in mismatches] == [
        ("2023-12", "month", "2023-11-20", 11),
        ("2024-02", "month", "2024-01-19", 13),
    ]
    assert rendered == TABLE.replace("|  2023.12  |", "|  2023.11  |").replace(
        "| 2024.2 |", "| 2024.1 |"
    )


def test_a_block_list_with_ordinal_day_dates(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """Day dates in `\\`-joined blocks: `02nd Nov.` is 18 days before 2023-11-20, `1st Nov.`
    5 before 2023-11-06; render writes `20th` and `6th` in the same style."""
    mismatches, rendered = _harvest_render_reharvest(tmp_path, world, BLOCKS)
    assert [(m[0], m[1], m[2], m[3]) for m in mismatches] == [
        ("2023-11-02", "day", "2023-11-20", -18),
        ("2023-11-01", "day", "2023-11-06", -5),
    ]
    assert rendered == BLOCKS.replace("[02nd Nov., 2023]", "[20th Nov., 2023]").replace(
        "[1st Nov., 2023]", "[6th Nov., 2023]"
    )


def test_arxiv_labelled_months_under_journal_first_follow_the_arxiv_date(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """Under `--rule journal-first` the journal decides the resolved date, but `(arXiv
    2023.2)` is wrong against the arXiv date 2023-03-01 (-1 day) and becomes `(arXiv
    2023.3)`, not the journal's month; `(arXiv 2023.7)` holds 2023-07-06 and stays."""
    mismatches, rendered = _harvest_render_reharvest(
        tmp_path, world, ARXIV_LABELLED, "--rule", "journal-first"
    )
    assert mismatches == [
        ("2023-02", "month", "2023-07-27", -1,
         "Recorded 2023-02 (month), but the arXiv submission date (2303.00609) is 2023-03-01"
         " (-1 days)."),
    ]  # fmt: skip
    assert rendered == ARXIV_LABELLED.replace("(arXiv 2023.2)", "(arXiv 2023.3)")
