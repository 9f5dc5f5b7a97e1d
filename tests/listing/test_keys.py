"""Entry keys survive re-ordering, date edits, code links and title typo fixes."""

from __future__ import annotations

from harvester.listing.keys import KnownEntry, carry_keys
from harvester.listing.parse import parse_list
from harvester.values.entries import Entry
from tests.conftest import MODEL_LIST


def _keys(text: str) -> dict[str, str]:
    return {e.title: e.entry_key for e in parse_list(text.encode())}


def _known(entries: list[Entry]) -> list[KnownEntry]:
    return [KnownEntry(e.entry_key, e.title, e.arxiv_ids, e.dois) for e in entries]


def test_keys_survive_reordering_date_edits_and_code_links() -> None:
    """Shuffling lines, editing a date or adding a code link leaves every key unchanged."""
    lines = MODEL_LIST.read_text().splitlines()
    entries = [line for line in lines if line.startswith("* (")]
    before = _keys("\n".join(entries))
    edited = [e.replace("(2023/03/01)", "(2023/07/27)") for e in reversed(entries)]
    edited = [e + "[[code](https://github.com/x/y)]" for e in edited]
    assert _keys("\n".join(edited)) == before
    assert len(set(before.values())) == 17


def test_key_kinds_follow_the_identifiers() -> None:
    """arXiv ID first, then DOI, then a publisher document ID, then the title hash."""
    keys = list(_keys(MODEL_LIST.read_text()).values())
    assert keys[0] == "arxiv:2404.04518"
    assert keys[3] == "doi:10.1016/j.media.2024.103088"
    assert keys[6].startswith("title:")
    assert keys[15] == "ieee:10197302"


def test_duplicate_entries_get_distinct_keys() -> None:
    """The same paper listed twice gets `key` and `key~2`."""
    line = "- (2024/01/19) Same. [[a](https://arxiv.org/abs/2401.10637)]\n"
    entries = parse_list((line * 2).encode())
    assert [e.entry_key for e in entries] == ["arxiv:2401.10637", "arxiv:2401.10637~2"]


def test_title_typo_fix_keeps_key_through_carry() -> None:
    """A title-keyed entry whose typo is fixed keeps its stored key."""
    old = parse_list(
        b"- (2023/12/07) Anomaly Detecton for Medical Imags. [[p](https://x.org/a.pdf)]\n"
    )
    new = parse_list(
        b"- (2023/12/07) Anomaly Detection for Medical Images. [[p](https://x.org/a.pdf)]\n"
    )
    assert old[0].entry_key != new[0].entry_key
    carried = carry_keys(_known(old), new)
    assert carried[0].entry_key == old[0].entry_key


def test_added_identifier_keeps_key_through_carry() -> None:
    """An entry that gains an arXiv link keeps the key it had by DOI."""
    old = parse_list(
        b"- (2023/09/16) Latent. [[MIA](https://doi.org/10.1016/j.media.2023.102967)]\n"
    )
    new = parse_list(
        b"- (2023/09/16) Latent. [[arXiv](https://arxiv.org/abs/2307.02858)]"
        b"[[MIA](https://doi.org/10.1016/j.media.2023.102967)]\n"
    )
    assert carry_keys(_known(old), new)[0].entry_key == "doi:10.1016/j.media.2023.102967"


def test_carry_refuses_a_different_paper() -> None:
    """A new paper replacing a removed one with an unrelated title gets its own key."""
    old = parse_list(b"- (2023/12/07) Diffusion for brains. [[p](https://x.org/a.pdf)]\n")
    new = parse_list(b"- (2023/12/07) Transformers for retinas. [[p](https://x.org/b.pdf)]\n")
    assert carry_keys(_known(old), new)[0].entry_key == new[0].entry_key
