"""Records for the papers of the model list, shaped like the real ones (dates are fixtures).

Publisher patterns follow the recorded samples: Elsevier and IEEE deposit no
`published-online` (their `created` day is the online day, print and issued are
month-only); Springer chapters carry a day-precise `published-online`, a year-only
`issued` and a `first_online` assertion; Research Square preprints are posted-content.
"""

from __future__ import annotations

from typing import Any

from tests.fakes.arxiv_feed import ArxivRecord
from tests.fakes.crossref_fake import make_work

Work = dict[str, Any]


def _arxiv(
    arxiv_id: str, title: str, published: str, authors: list[str], doi: str | None = None
) -> ArxivRecord:
    return ArxivRecord(
        arxiv_id, title, published=f"{published}T17:59:46Z", authors=list(authors), doi=doi
    )


ARXIV: list[ArxivRecord] = [
    _arxiv(
        "2404.04518",
        "MedIAnomaly: A comparative study of anomaly detection in medical images",
        "2024-04-06",
        ["Yu Cai", "Weiwen Zhang", "Hao Chen", "Kwang-Ting Cheng"],
    ),
    _arxiv(
        "2403.12570",
        "Adapting Visual-Language Models for Generalizable Anomaly Detection in Medical Images",
        "2024-03-19",
        ["Chaoqin Huang", "Aofan Jiang", "Jinghao Feng"],
    ),
    _arxiv(
        "2401.16363",
        "Evaluation of pseudo-healthy image reconstruction for anomaly detection with deep generative models: Application to brain FDG PET",
        "2024-01-29",
        ["Ravi Hassanaly", "Camille Brianceau", "Olivier Colliot", "Ninon Burgos"],
    ),
    _arxiv(
        "2401.10561",
        "MAEDiff: Masked Autoencoder-enhanced Diffusion Models for Unsupervised Anomaly Detection in Brain Images",
        "2024-01-19",
        ["Rui Xu", "Yunke Wang", "Bo Du"],
    ),
    _arxiv(
        "2401.10637",
        "Towards Universal Unsupervised Anomaly Detection in Medical Imaging",
        "2024-01-19",
        ["Cosmin I. Bercea", "Benedikt Wiestler", "Daniel Rueckert", "Julia A. Schnabel"],
    ),
    _arxiv(
        "2311.12081",
        "Leveraging healthy population variability in deep learning unsupervised anomaly detection in brain FDG PET",
        "2023-11-20",
        ["Maelys Solal", "Ravi Hassanaly", "Ninon Burgos"],
    ),
    _arxiv(
        "2311.03074",
        "A Two-Stage Generative Model with CycleGAN and Joint Diffusion for MRI-based Brain Tumor Detection",
        "2023-11-06",
        ["Wenxin Wang", "Zhuo-Xu Cui", "Dong Liang"],
    ),
    _arxiv(
        "2307.02858",
        "Latent Transformer Models for out-of-distribution detection",
        "2023-07-06",
        ["Mark S. Graham", "Walter Hugo Lopez Pinaya", "M. Jorge Cardoso"],
        doi="10.1016/j.media.2023.102967",
    ),
    _arxiv(
        "2308.16150",
        "Modality Cycles with Masked Conditional Diffusion for Unsupervised Anomaly Segmentation in MRI",
        "2023-08-30",
        ["Ziyun Liang", "Harry Anthony", "Felix Wagner", "Konstantinos Kamnitsas"],
    ),
    _arxiv(
        "2303.08452",
        "Reversing the Abnormal: Pseudo-Healthy Generative Networks for Anomaly Detection",
        "2023-03-15",
        ["Cosmin I. Bercea", "Benedikt Wiestler", "Daniel Rueckert", "Julia A. Schnabel"],
    ),
    _arxiv(
        "2303.00609",
        "Unsupervised Pathology Detection: A Deep Dive Into the State of the Art",
        "2023-03-01",
        ["Ioannis Lagogiannis", "Felix Meissen", "Georgios Kaissis", "Daniel Rueckert"],
    ),
]


def _stamp(day: list[int], clock: str) -> str:
    return f"{day[0]:04d}-{day[1]:02d}-{day[2]:02d}T{clock}Z"


def _elsevier(
    doi: str, title: str, created: list[int], print_month: list[int], family: str, journal: str
) -> Work:
    return make_work(
        doi, title, authors=[("A.", family)], issued=print_month,
        **{
            "container-title": [journal], "publisher": "Elsevier BV",
            "published-print": {"date-parts": [print_month]},
            "created": {"date-parts": [created], "date-time": _stamp(created, "08:05:11"), "timestamp": 0},
            "assertion": [{"name": "articletitle", "label": "Article Title", "value": title}],
        },
    )  # fmt: skip


def _ieee(doi: str, title: str, created: list[int], print_month: list[int], family: str) -> Work:
    return make_work(
        doi, title, authors=[("I.", family)], issued=print_month,
        **{
            "container-title": ["IEEE Transactions on Medical Imaging"], "publisher": "Institute of Electrical and Electronics Engineers (IEEE)",
            "published-print": {"date-parts": [print_month]},
            "created": {"date-parts": [created], "date-time": _stamp(created, "17:48:57"), "timestamp": 0},
        },
    )  # fmt: skip


def _springer_chapter(
    doi: str, title: str, online: list[int], first_online: str, family: str
) -> Work:
    return make_work(
        doi, title, authors=[("S.", family)], issued=[online[0]],
        **{
            "type": "book-chapter", "container-title": ["Lecture Notes in Computer Science", "Medical Image Computing and Computer Assisted Intervention \u2013 MICCAI"],
            "publisher": "Springer Nature Switzerland", "published-online": {"date-parts": [online]},
            "assertion": [{"name": "first_online", "label": "First Online", "value": first_online, "group": {"name": "ChapterHistory", "label": "Chapter History"}, "order": 3}],
        },
    )  # fmt: skip


CROSSREF: list[Work] = [
    _elsevier("10.1016/j.media.2024.103088", "Diffusion models for out-of-distribution detection in digital pathology", [2024, 1, 13], [2024, 4], "Linmans", "Medical Image Analysis"),
    _elsevier("10.1016/j.patcog.2023.110167", "Anomaly detection via gating highway connection for retinal fundus images", [2023, 11, 29], [2024, 4], "Zhang", "Pattern Recognition"),
    _elsevier("10.1016/j.media.2023.102967", "Latent Transformer Models for out-of-distribution detection", [2023, 9, 16], [2023, 12], "Graham", "Medical Image Analysis"),
    _ieee("10.1109/tmi.2023.3310716", "Hierarchical-Instance Contrastive Learning for Minority Detection on Imbalanced Medical Datasets", [2023, 8, 31], [2024, 1], "Zhu"),
    _elsevier("10.1016/j.media.2023.102930", "Self-supervised pseudo multi-class pre-training for unsupervised anomaly detection and segmentation in medical images", [2023, 8, 14], [2023, 10], "Tian", "Medical Image Analysis"),
    _springer_chapter("10.1007/978-3-031-43904-9_29", "Reversing the Abnormal: Pseudo-Healthy Generative Networks for Anomaly Detection", [2023, 10, 1], "1 October 2023", "Bercea"),
    _ieee("10.1109/tmi.2023.3298093", "Unsupervised Pathology Detection: A Deep Dive Into the State of the Art", [2023, 7, 27], [2024, 1], "Lagogiannis"),
    _springer_chapter("10.1007/978-3-031-16434-7_63", "A Multi-task Network with Weight Decay Skip Connection Training for Anomaly Detection in Retinal Fundus Images", [2022, 9, 16], "16 September 2022", "Zhang"),
    make_work(
        "10.21203/rs.3.rs-3700000/v1", "Anomaly Detection for Medical Images Using Teacher-Student Model with Skip Connections and Multi-scale Anomaly Consistency",
        authors=[("M.", "Liu")], issued=[2023, 12, 7],
        **{"type": "posted-content", "subtype": "preprint", "container-title": [], "publisher": "Research Square Platform LLC", "posted": {"date-parts": [[2023, 12, 7]]}},
    ),
]  # fmt: skip
