"""A paper list of N entries in the model format, and the arXiv and Crossref records behind it.

Deterministic (seeded). Mix: 55% link arXiv, 25% link a DOI, 10% an IEEE Xplore page,
10% only code. 40% of the entries without an arXiv link have an arXiv version (found by
title); 30% of arXiv records declare their journal DOI; 20% of the others became journal
papers that only a Crossref search finds. One recorded date in ten is off by a few days.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tests.fakes.arxiv_feed import ArxivRecord
from tests.fakes.crossref_fake import make_work

ADJ = "Masked Contrastive Generative Latent Robust Federated Diffusion-based Self-supervised Weakly-supervised Multi-scale Hierarchical Adversarial Bayesian Sparse Implicit Normative Causal Efficient Unified Scalable".split()
METHOD = "Autoencoders Transformers Priors Flows Networks Embeddings Memory-banks Prototypes Students Reconstructions Score-models Graphs Kernels Descriptors Ensembles".split()
TASK = "Anomaly-Detection Lesion-Segmentation Outlier-Scoring Novelty-Detection Out-of-Distribution-Detection Pathology-Localisation Tumour-Detection Artefact-Detection".split()
MODALITY = "Brain-MRI Chest-X-rays Retinal-OCT Fundus-Images Histopathology Mammograms CT-Scans Ultrasound Dermoscopy PET".split()
FAMILIES = "Bercea Schnabel Baur Chen Zhou Meissen Kaissis Graham Cardoso Pinaya Lagogiannis Tian Huang Liang Kamnitsas Hassanaly Burgos Solal Wang Xu".split()


@dataclass
class World:
    """The list text and the records the fakes serve for it."""

    markdown: str
    arxiv: list[ArxivRecord] = field(default_factory=list)
    crossref: list[dict[str, Any]] = field(default_factory=list)
    arxiv_linked: int = 0


def make_world(n: int, seed: int = 7) -> World:
    """A world of `n` entries."""
    rng = random.Random(seed)
    titles = _titles(n, rng)
    lines = ["# Awesome Benchmark Anomaly Detection", "", "Last updated: 2026/11/28", ""]
    world = World("")
    for i, title in enumerate(titles):
        lines.append(_entry(i, title, rng, world))
    world.markdown = "\n".join(lines) + "\n"
    return world


def _titles(n: int, rng: random.Random) -> list[str]:
    seen: set[str] = set()
    while len(seen) < n:
        words = [
            rng.choice(ADJ),
            rng.choice(METHOD),
            "for",
            rng.choice(TASK),
            "in",
            rng.choice(MODALITY),
        ]
        if rng.random() < 0.5:
            words.insert(1, rng.choice(ADJ))
        words += ["with", rng.choice(METHOD), "and", rng.choice(METHOD)]
        seen.add(" ".join(w.replace("-", " ") for w in words))
    return sorted(seen)


def _entry(i: int, title: str, rng: random.Random, world: World) -> str:
    submitted = date(2019, 1, 1) + timedelta(days=rng.randrange(2500))
    family = rng.choice(FAMILIES)
    arxiv_id = f"{submitted:%y%m}.{10000 + i:05d}"
    kind = i % 20
    journal_on = submitted + timedelta(days=rng.randrange(60, 500))
    doi = (
        f"10.1016/j.media.{journal_on.year}.{100000 + i}"
        if i % 2
        else f"10.1109/tmi.{journal_on.year}.{3000000 + i}"
    )
    recorded = submitted
    if kind <= 10:  # links arXiv
        declared = rng.random() < 0.3
        world.arxiv.append(_arxiv(arxiv_id, title, submitted, family, doi if declared else None))
        world.arxiv_linked += 1
        if declared or rng.random() < 0.2:
            world.crossref.append(_journal(doi, title, family, journal_on))
            recorded = journal_on
        link = f"[[arXiv](https://arxiv.org/abs/{arxiv_id})]"
    elif kind <= 15:  # links a DOI
        world.crossref.append(_journal(doi, title, family, journal_on))
        recorded = journal_on
        if rng.random() < 0.4:
            world.arxiv.append(_arxiv(arxiv_id, title, submitted, family, None))
        link = f"[[MIA](https://doi.org/{doi})]"
    else:  # an IEEE page or only code
        if rng.random() < 0.4:
            world.arxiv.append(_arxiv(arxiv_id, title, submitted, family, None))
        link = f"[[TMI](https://ieeexplore.ieee.org/document/{9000000 + i}/)]" if kind <= 17 else ""
    if rng.random() < 0.1:
        recorded += timedelta(days=rng.choice([-9, -3, 2, 5, 30]))
    return f"- ({recorded:%Y/%m/%d}) {title}. {link}[[code](https://github.com/lab/repo{i})]"


def _arxiv(arxiv_id: str, title: str, day: date, family: str, doi: str | None) -> ArxivRecord:
    return ArxivRecord(
        arxiv_id,
        title,
        published=f"{day}T12:00:00Z",
        authors=[f"A. {family}", "B. Second"],
        doi=doi,
    )


def _journal(doi: str, title: str, family: str, day: date) -> dict[str, Any]:
    stamp = f"{day}T08:00:00Z"
    created = {"date-parts": [[day.year, day.month, day.day]], "date-time": stamp, "timestamp": 0}
    return make_work(
        doi,
        title,
        authors=[("A.", family)],
        issued=[day.year, day.month],
        created=created,
        **{"published-print": {"date-parts": [[day.year, day.month]]}},
    )
