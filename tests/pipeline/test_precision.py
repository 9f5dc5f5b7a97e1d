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
