"""The code's layout, as README "How the code is laid out" states it: imports point one way,
pure packages do no I/O, one package owns the network, the CLI holds no SQL, modules stay
small, and installing puts only `harvester` into site-packages."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "harvester"
NETWORK = {"httpx", "httpx2", "httpcore", "requests", "habanero", "arxiv", "urllib3"}
DATABASE = {"sqlmodel", "sqlalchemy", "sqlite3"}
#: Which harvester packages each package may import (besides itself).
ALLOWED = {
    "values": set(),
    "listing": {"values"},
    "rule": {"values"},
    "plan": {"values", "errors"},
    "upstream": {"values", "errors", "settings", "__version__"},
    "store": {"values", "errors"},
    "pipeline": {"values", "listing", "rule", "plan", "upstream", "store", "errors", "settings"},
    "cli": {"values", "listing", "rule", "plan", "upstream", "store", "pipeline", "errors",
            "settings"},
    "settings": {"errors", "__version__"},
    "errors": set(),
    "serve": set(),  # the Datasette plugin: Datasette may load its file on its own
}  # fmt: skip
PURE = ("values", "listing", "rule", "plan")


def _imports(path: Path) -> set[str]:
    """Every module a file imports, by its dotted name."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            if node.module == "harvester":
                names.update(f"harvester.{a.name}" for a in node.names)
    return names


def _part(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if _part(p) in ALLOWED)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_downwards(path: Path) -> None:
    """A package imports only the harvester packages below it."""
    part = _part(path)
    used = {n.split(".")[1] for n in _imports(path) if n.startswith("harvester.")}
    assert used - {part} <= ALLOWED[part], f"{part} may not import {used - {part} - ALLOWED[part]}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_network_database_and_size_rules(path: Path) -> None:
    """Network libraries only in upstream; database libraries only in store; the pure
    packages use neither; no module over 300 lines."""
    top = {n.split(".")[0] for n in _imports(path)}
    part = _part(path)
    if part != "upstream":
        assert not top & NETWORK, f"{path.name} imports {top & NETWORK}"
    if part != "store":
        assert not top & DATABASE, f"{path.name} imports {top & DATABASE}"
    if part in PURE:
        assert not top & {"os", "socket", "subprocess", "pathlib", "time", "logging"}
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 300


def test_the_rule_rejects_a_layout_break(tmp_path: Path) -> None:
    """The import check sees a forbidden import (the check can fail)."""
    bad = tmp_path / "bad.py"
    bad.write_text("from harvester.store import Store\nimport httpx\n")
    assert {"harvester.store", "httpx"} <= _imports(bad)


def test_the_wheel_holds_only_the_harvester_package(tmp_path: Path) -> None:
    """`pip install .` installs `harvester` (with its SQL migrations) and no `db` or `jobs`."""
    project = tmp_path / "project"  # built from a copy: the build leaves nothing in the checkout
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".*", "build", "*.egg-info"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(project)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("harvester-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"harvester"}
    assert "harvester/store/sql/0001_tables.sql" in names
    assert {"harvester/serve/metadata.yml", "harvester/serve/harvester.css"} <= set(names)
    (entry_points,) = (n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert (
        "[datasette]\nharvester = harvester.serve"
        in zipfile.ZipFile(wheel).read(entry_points).decode()
    )
