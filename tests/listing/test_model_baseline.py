"""The model list's three versions parse and render exactly as before the list styles
(tests/cases/model-baseline/README.md): the new fields are added, nothing else changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harvester.settings import Settings
from tests.cli.helpers import run
from tests.conftest import LISTS
from tests.fakes.arxiv_fake import ArxivFake
from tests.fakes.crossref_fake import CrossrefFake
from tests.pipeline.harvesting import harvest_list

BASELINE = Path(__file__).parents[1] / "cases" / "model-baseline"
VERSIONS = sorted(p.name.removesuffix(".parse.json") for p in BASELINE.glob("*.parse.json"))
#: Fields the list-styles work added to `parse --json`.
NEW_DATE_FIELDS = {"precision", "label", "source", "notation"}
NEW_ENTRY_FIELDS = {"recorded_precision"}


def _as_before(entry: dict[str, object]) -> dict[str, object]:
    out = {k: v for k, v in entry.items() if k not in NEW_ENTRY_FIELDS}
    if isinstance(date := out.get("date"), dict):
        out["date"] = {k: v for k, v in date.items() if k not in NEW_DATE_FIELDS}
    return out


def test_the_three_versions_are_kept() -> None:
    """The baseline holds the model list's three versions."""
    assert len(VERSIONS) == 3


@pytest.mark.parametrize("name", VERSIONS)
def test_parse_json_entries_are_as_before(name: str, tmp_path: Path) -> None:
    """Every entry byte for byte as before, once the added fields are set aside; the added
    ones say day precision, no label, from the entry, in `ymd` notation."""
    out = run("parse", str(LISTS / f"{name}.md"), "--json", db=tmp_path / "unused.sqlite")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    before = json.loads((BASELINE / f"{name}.parse.json").read_text(encoding="utf-8"))
    assert doc["count"] == before["count"]
    assert [_as_before(e) for e in doc["entries"]] == before["entries"]
    for entry in doc["entries"]:
        assert entry["recorded_precision"] == "day"
        assert {k: entry["date"][k] for k in NEW_DATE_FIELDS} == {
            "precision": "day", "label": None, "source": "entry", "notation": "ymd",
        }  # fmt: skip


@pytest.mark.parametrize("name", VERSIONS)
def test_render_is_as_before(
    name: str, tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """Harvested against the same fakes, `render` writes the very bytes it wrote before."""
    db = tmp_path / "h.sqlite"
    settings = Settings(db, world[0].url, world[1].url, "tests@example.org", 0.0, 2.0, 2, 0.01)
    harvest_list(str(LISTS / f"{name}.md"), settings)
    rendered = run("render", str(LISTS / f"{name}.md"), db=db)
    assert rendered.returncode == 0, rendered.stderr
    assert rendered.stdout.encode() == (BASELINE / f"{name}.render.md").read_bytes()
