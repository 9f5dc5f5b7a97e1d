"""The title part of the matching bar."""

from __future__ import annotations

from harvester.rule.matching import match_title
from harvester.values.titles import normalise_title


def _match(title: str, hits: list[str]):  # type: ignore[no-untyped-def]
    return match_title(title, hits, lambda h: h)


def test_normalisation_strips_case_latex_and_punctuation() -> None:
    """Case, NFKC, LaTeX commands, markup tags, punctuation and whitespace do not matter."""
    assert normalise_title("  MAEDiff: Masked\tAutoencoder-enhanced \\emph{Diffusion} ") == (
        "maediff masked autoencoder enhanced diffusion"
    )
    assert (
        normalise_title("\uff26\uff35\uff2c\uff2c\uff0d\uff37\uff29\uff24\uff34\uff28")
        == "full width"
    )
    assert (
        normalise_title("<i>In vivo</i> detection of H<sub>2</sub>O") == "in vivo detection of h2o"
    )


def test_equal_title_passes() -> None:
    """A hit whose normalised title equals the entry's is the paper."""
    m = _match(
        "Towards Universal Unsupervised Anomaly Detection in Medical Imaging",
        [
            "Towards universal unsupervised anomaly detection in medical imaging.",
            "Anomaly detection in medical imaging: a survey",
        ],
    )
    assert m.chosen == "Towards universal unsupervised anomaly detection in medical imaging."
    assert not m.ambiguous


def test_a_typo_passes_when_alone() -> None:
    """A 95%-similar hit with no rival within 2 points passes."""
    m = _match(
        "Unsupervised Pathology Detection: A Deep Dive Into the State of the Art",
        ["Unsupervised Pathology Detection: A Deep Dive Into the State of Art"],
    )
    assert m.chosen is not None


def test_a_longer_title_containing_the_words_fails() -> None:
    """'Deep Learning' never matches a longer title that merely contains it."""
    m = _match(
        "Deep Learning",
        ["Deep Learning for Anomaly Detection: A Survey", "Deep learning in the clinic"],
    )
    assert m.chosen is None and not m.ambiguous and m.passing == ()


def test_two_near_identical_hits_are_ambiguous() -> None:
    """Two different works with near-identical titles make the entry ambiguous."""
    m = _match(
        "Anomaly detection for medical images using a teacher student model",
        [
            "Anomaly detection for medical images using a teacher-student model.",
            "Anomaly detection of medical images using a teacher student model",
        ],
    )
    assert m.chosen is None and m.ambiguous


def test_two_exact_hits_are_ambiguous() -> None:
    """Two hits with the same title both pass, so nothing is chosen."""
    m = _match(
        "Latent Transformer Models", ["Latent transformer models", "Latent Transformer Models"]
    )
    assert m.chosen is None and m.ambiguous and len(m.passing) == 2


#: A 100-character title; `_changed(k)` differs in k letters, so its similarity is exactly
#: 100 - k (rapidfuzz's ratio over two 100-character strings with k substitutions).
TITLE = (
    "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november "
    "oscar papa qu"
)


def _changed(k: int) -> str:
    chars, done = list(TITLE), 0
    for i, ch in enumerate(chars):
        if done < k and ch != " ":
            chars[i], done = "z" if ch != "z" else "y", done + 1
    return "".join(chars)


def test_the_bar_is_95_inclusive() -> None:
    """A lone hit at exactly 95.0 passes; at 94.0 it does not."""
    assert [s for _, s in _match(TITLE, [_changed(5)]).scores] == [95.0]
    assert _match(TITLE, [_changed(5)]).chosen == _changed(5)
    assert _match(TITLE, [_changed(6)]).chosen is None
    assert not _match(TITLE, [_changed(6)]).ambiguous


def test_a_rival_exactly_two_points_below_crowds_the_best() -> None:
    """96 with a rival at 94 (2.0 apart) is ambiguous; with one at 93 (3.0 apart) it is taken."""
    crowded = _match(TITLE, [_changed(4), _changed(6)])
    assert crowded.chosen is None and crowded.ambiguous
    assert crowded.crowded == (_changed(4),)
    clear = _match(TITLE, [_changed(4), _changed(7)])
    assert clear.chosen == _changed(4) and not clear.ambiguous
