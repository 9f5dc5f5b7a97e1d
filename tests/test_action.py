"""The GitHub Action (action.yml), its example workflow (docs/examples/check-dates.yml) and the
pre-commit hooks (.pre-commit-hooks.yaml): linted, validated against their schemas, and their
scripts run as GitHub's runner and pre-commit would run them, against the loopback fakes.

actionlint runs with its shellcheck and pyflakes integrations off (`-shellcheck=
-pyflakes=`), so its verdict does not depend on what else is installed; shellcheck, where it
is installed (the test extra brings it), checks the scripts on its own.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cli.helpers import GUARD, cli_env, run
from tests.conftest import MODEL_LIST
from tests.fakes.arxiv_fake import ArxivFake
from tests.fakes.crossref_fake import CrossrefFake

ROOT = Path(__file__).parents[1]
ACTION = ROOT / "action.yml"
WORKFLOW = ROOT / "docs" / "examples" / "check-dates.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
#: The venv's bin: `harvester`, `actionlint`, `check-jsonschema` and `shellcheck` live here.
BIN = Path(sys.executable).parent
PLACEHOLDER = "harvester-dev/harvester@v1"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}", re.DOTALL)
#: The keys pre-commit accepts in a hook of .pre-commit-hooks.yaml (its MANIFEST_HOOK_DICT).
HOOK_KEYS = {
    "id", "name", "entry", "language", "alias", "files", "exclude", "types", "types_or",
    "exclude_types", "additional_dependencies", "args", "always_run", "fail_fast",
    "pass_filenames", "description", "language_version", "log_file",
    "minimum_pre_commit_version", "require_serial", "stages", "verbose",
}  # fmt: skip
#: A markdown table: a header row, then a delimiter row of dashes.
MARKDOWN_TABLE = re.compile(r"^\|.*\|\s*\n\|(\s*:?-+:?\s*\|)+\s*$", re.MULTILINE)


def _yaml(path: Path) -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _tool(name: str) -> str:
    """The path of an installed command; the test is skipped when it is missing."""
    path = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (it comes with pip install -e '.[test]')")
    return path


def _action_steps() -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = _yaml(ACTION)["runs"]["steps"]
    return steps


def _workflow_steps() -> list[dict[str, Any]]:
    return [s for job in _yaml(WORKFLOW)["jobs"].values() for s in job["steps"]]


def _step(step_id: str) -> dict[str, Any]:
    (step,) = (s for s in _action_steps() if s.get("id") == step_id)
    return step


def _git_repo(path: Path, readme: Path) -> Path:
    """A new git repository at `path` holding a copy of `readme` as README.md."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    path.mkdir()
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    shutil.copy(readme, path / "README.md")
    subprocess.run(["git", "-C", str(path), "add", "README.md"], check=True)
    return path


# --- lint and schemas ----------------------------------------------------------------------


def test_actionlint_passes_on_the_example_workflow() -> None:
    """actionlint finds nothing in the example workflow (expressions, permissions, the known
    actions' inputs, runtimes that GitHub no longer runs)."""
    cmd = [_tool("actionlint"), "-shellcheck=", "-pyflakes=", "-no-color", "-oneline"]
    result = subprocess.run([*cmd, str(WORKFLOW)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_example_workflow_passes_only_inputs_the_action_has(tmp_path: Path) -> None:
    """With the placeholder replaced by this checkout's action (`uses: ./`), actionlint checks
    every `with:` of the example against action.yml's inputs."""
    text = WORKFLOW.read_text(encoding="utf-8")
    assert text.count(f"uses: {PLACEHOLDER}") == 2
    repo = _git_repo(tmp_path / "repo", MODEL_LIST)  # where actionlint finds `./`
    shutil.copy(ACTION, repo / "action.yml")
    workflow = repo / ".github" / "workflows" / "check-dates.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(text.replace(f"uses: {PLACEHOLDER}", "uses: ./"), encoding="utf-8")
    cmd = [_tool("actionlint"), "-shellcheck=", "-pyflakes=", "-no-color", "-oneline"]
    result = subprocess.run([*cmd, str(workflow)], capture_output=True, text=True, cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("schema", "path"),
    [
        ("vendor.github-actions", ACTION),
        ("vendor.github-workflows", WORKFLOW),
        ("custom.github-workflows-require-timeout", WORKFLOW),
    ],
    ids=["action", "workflow", "workflow-timeouts"],
)
def test_files_match_their_schemas(schema: str, path: Path) -> None:
    """check-jsonschema's bundled schemas accept the files, with no network: its process may
    only reach loopback (tests/guard), and the schemas need nothing from outside."""
    env = {**os.environ, "PYTHONPATH": str(GUARD)}
    cmd = [_tool("check-jsonschema"), "--builtin-schema", schema, str(path)]
    result = subprocess.run(cmd, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


def _scripts() -> list[tuple[str, str]]:
    named = [(f"action: {s['name']}", s["run"]) for s in _action_steps() if "run" in s]
    return named + [(f"workflow: {s['name']}", s["run"]) for s in _workflow_steps() if "run" in s]


@pytest.mark.parametrize(("name", "script"), _scripts(), ids=[n for n, _ in _scripts()])
def test_run_scripts_pass_shellcheck(name: str, script: str, tmp_path: Path) -> None:
    """Every `run:` script is clean bash by shellcheck (quoting, word splitting)."""
    path = tmp_path / "step.sh"
    path.write_text(f"#!/usr/bin/env bash\n{script}", encoding="utf-8")
    result = subprocess.run([_tool("shellcheck"), "-s", "bash", str(path)], capture_output=True)
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()


# --- what the action and the workflow say ---------------------------------------------------


def _interpolations(script: str) -> list[str]:
    return EXPRESSION.findall(script)


def test_no_expression_is_pasted_into_a_run_script() -> None:
    """No `run:` script of the action or the workflow holds a `${{ }}`: inputs and contexts
    reach the shell through `env:`, so a list path like `x$(curl evil)` stays a string."""
    assert _interpolations('harvester check "${{inputs.list}}" ${{ inputs.rule }}') == [
        "inputs.list",
        "inputs.rule",
    ]  # the guard sees both spellings
    pasted = {name: found for name, script in _scripts() if (found := _interpolations(script))}
    assert pasted == {}


def test_action_inputs_outputs_and_steps() -> None:
    """The inputs and defaults the README's "Use it in your list's repository" gives,
    Python set up first, harvester installed
    from the action's own checkout, and the check's exit code as an output."""
    action = _yaml(ACTION)
    defaults = {name: spec.get("default") for name, spec in action["inputs"].items()}
    assert defaults == {
        "list": "README.md",
        "fail-on": "date_mismatch",
        "mailto": "",
        "rule": "",
        "database": ".harvester/harvest.sqlite",
        "python-version": "3.12",
    }
    assert action["runs"]["using"] == "composite"
    first = _action_steps()[0]
    assert first["uses"].startswith("actions/setup-python@")
    assert first["with"]["python-version"] == "${{ inputs.python-version }}"
    assert '"$GITHUB_ACTION_PATH"' in _step("install")["run"]
    assert action["outputs"]["exit-code"]["value"] == "${{ steps.check.outputs.exit-code }}"


def test_the_database_is_restored_by_prefix_and_saved_per_run() -> None:
    """Restore takes the newest cache whose key starts with the list's prefix; save writes a
    key of this run's own (keys are immutable), also after a failed check."""
    uses = {s.get("uses", "").split("@")[0]: s for s in _action_steps()}
    restore, save = uses["actions/cache/restore"], uses["actions/cache/save"]
    assert restore["uses"].rsplit("@")[1] == save["uses"].rsplit("@")[1]
    assert restore["with"]["path"] == save["with"]["path"] == "${{ inputs.database }}"
    prefix = restore["with"]["restore-keys"]
    assert restore["with"]["key"] == save["with"]["key"] != prefix
    assert save["with"]["key"].startswith(prefix) and "${{ github.run_id }}" in save["with"]["key"]
    assert "always()" in save["if"]
    steps = _action_steps()
    assert steps.index(restore) < steps.index(_step("check")) < steps.index(save)


def test_example_workflow_triggers_and_permissions() -> None:
    """Nightly, on pull requests touching the list, by hand; read-only by default; the render
    job alone may write, and never on a pull request."""
    workflow = _yaml(WORKFLOW)
    on = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert set(on) == {"schedule", "pull_request", "workflow_dispatch"}
    assert on["schedule"][0]["cron"] and on["pull_request"]["paths"] == ["README.md"]
    assert workflow["permissions"] == {"contents": "read"}
    check, render = workflow["jobs"]["check"], workflow["jobs"]["render"]
    assert "permissions" not in check
    assert [s["uses"] for s in check["steps"] if s.get("uses", "").startswith("harvester")] == [
        PLACEHOLDER
    ]
    assert render["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert "github.event_name != 'pull_request'" in render["if"]
    runs = [s["run"] for s in render["steps"] if "run" in s]
    assert runs == ["harvester render README.md --write"]
    assert render["steps"][-1]["uses"].startswith("peter-evans/create-pull-request@")


# --- the action's scripts, run as the runner runs them -------------------------------------


def _expand(value: str, inputs: dict[str, str]) -> str:
    """A step's `env:` value with its `${{ inputs.NAME }}` filled in; nothing else is known."""

    def one(match: re.Match[str]) -> str:
        expr = match.group(1)
        assert expr.startswith("inputs."), f"the test's runner cannot evaluate {expr!r}"
        return inputs[expr.removeprefix("inputs.")]

    return EXPRESSION.sub(one, value)


def _runner_env(
    tmp: Path, repo: Path, path_first: Path | None = None, **extra: str
) -> dict[str, str]:
    """The environment a runner gives a step (loopback only, harvester's HTTP settings in
    `extra`), with the venv's bin first on PATH; HARVESTER_DB and HARVESTER_MAILTO come only
    from the steps' `env:`."""
    env = cli_env(tmp / "unused.sqlite", **extra)
    del env["HARVESTER_DB"], env["HARVESTER_MAILTO"]
    bins = [str(p) for p in (path_first, BIN) if p]
    env["PATH"] = os.pathsep.join([*bins, env["PATH"]])
    (tmp / "output").touch()
    (tmp / "summary.md").touch()
    env.update(
        GITHUB_OUTPUT=str(tmp / "output"),
        GITHUB_STEP_SUMMARY=str(tmp / "summary.md"),
        GITHUB_ACTION_PATH=str(ROOT),
        GITHUB_WORKSPACE=str(repo),
        RUNNER_OS="Linux",
        RUNNER_TEMP=str(tmp),
    )
    return env


def _run_action(
    repo: Path, env: dict[str, str], inputs: dict[str, str] | None = None
) -> dict[str, subprocess.CompletedProcess[str]]:
    """The action's `run:` steps in order, as `shell: bash` runs them (bash -eo pipefail, in the
    workspace, the step's `env:` from the inputs), by step id. `uses:` steps and the install
    (harvester is installed here already) are left out; after a failed step, only the steps
    whose `if:` holds always() run."""
    specs = _yaml(ACTION)["inputs"]
    values = {name: str(spec.get("default", "")) for name, spec in specs.items()}
    values.update(inputs or {})
    results: dict[str, subprocess.CompletedProcess[str]] = {}
    failed = False
    for step in _action_steps():
        if "uses" in step or step["id"] == "install":
            continue
        assert step["shell"] == "bash"
        if failed and "always()" not in step.get("if", "success()"):
            continue
        script = Path(env["RUNNER_TEMP"]) / f"{step['id']}.sh"
        script.write_text(step["run"], encoding="utf-8")
        step_env = {k: _expand(str(v), values) for k, v in step.get("env", {}).items()}
        results[step["id"]] = done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=repo,
            env={**env, **step_env},
            capture_output=True,
            text=True,
            timeout=180,
        )
        failed = failed or done.returncode != 0
    return results


def _outputs(env: dict[str, str]) -> dict[str, str]:
    lines = Path(env["GITHUB_OUTPUT"]).read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines)


SHIM = """#!{python}
import json, os, sys
with open(os.environ["SHIM_LOG"], "a") as log:
    env = {{k: os.environ.get(k) for k in ("HARVESTER_DB", "HARVESTER_MAILTO")}}
    log.write(json.dumps({{"argv": sys.argv[1:], "env": env}}) + "\\n")
if sys.argv[1] == "audit":
    print("| kind | entry |\\n| --- | --- |\\n| shim | row |")
sys.exit(int(os.environ.get("SHIM_EXIT_" + sys.argv[1].upper(), "0")))
"""


@pytest.fixture
def shim(tmp_path: Path) -> Path:
    """A `harvester` first on PATH that logs its argv and environment to $SHIM_LOG and exits
    with $SHIM_EXIT_CHECK / $SHIM_EXIT_AUDIT."""
    bin_dir = tmp_path / "shim"
    bin_dir.mkdir()
    (bin_dir / "harvester").write_text(SHIM.format(python=sys.executable), encoding="utf-8")
    (bin_dir / "harvester").chmod(0o755)
    return bin_dir


def _shim_calls(env: dict[str, str]) -> list[dict[str, Any]]:
    lines = Path(env["SHIM_LOG"]).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.mark.parametrize("code", [0, 1, 3])
def test_defaults_make_one_check_and_its_exit_code_is_the_steps(
    code: int, tmp_path: Path, shim: Path
) -> None:
    """With the defaults: `check --format github --fail-on date_mismatch -- README.md`, the
    database's folder made, the exit code as output and as the step's status, and the audit's
    markdown in the job summary whatever the check returned."""
    repo = _git_repo(tmp_path / "repo", MODEL_LIST)
    env = _runner_env(tmp_path, repo, shim, SHIM_LOG=str(tmp_path / "log"))
    env["SHIM_EXIT_CHECK"] = str(code)
    steps = _run_action(repo, env)
    assert steps["check"].returncode == code, steps["check"].stderr
    assert steps["summary"].returncode == 0, steps["summary"].stderr
    check, audit = _shim_calls(env)
    assert check["argv"] == ["check", "--format", "github", "--fail-on", "date_mismatch", "--", "README.md"]  # fmt: skip
    assert check["env"] == {"HARVESTER_DB": ".harvester/harvest.sqlite", "HARVESTER_MAILTO": ""}
    assert audit["argv"] == ["audit", "--source=README.md", "--format", "markdown"]
    assert audit["env"]["HARVESTER_DB"] == ".harvester/harvest.sqlite"
    assert (repo / ".harvester").is_dir()
    outputs = _outputs(env)
    assert outputs["exit-code"] == str(code)
    assert re.fullmatch(r"harvester-db-Linux-[0-9a-f]{16}-", outputs["prefix"])
    summary = Path(env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    assert summary.startswith("### Dates in `README.md`\n") and "| shim | row |" in summary


def test_awkward_inputs_stay_strings(tmp_path: Path, shim: Path) -> None:
    """Kinds split on commas, spaces and newlines, a `*` kind stays a word (no glob), the rule
    passed when given, and a list path with shell syntax reaches harvester as it was written."""
    repo = _git_repo(tmp_path / "repo", MODEL_LIST)
    env = _runner_env(tmp_path, repo, shim, SHIM_LOG=str(tmp_path / "log"))
    inputs = {
        "list": 'my list;$(touch pwned)`touch pwned`".md',
        "fail-on": "date_mismatch, unresolved,fetch_failed\n*",
        "rule": "arxiv-first",
        "mailto": "me@example.org",
        "database": "db dir/h.sqlite",
    }
    steps = _run_action(repo, env, inputs)
    assert steps["check"].returncode == 0, steps["check"].stderr
    check, audit = _shim_calls(env)
    kinds = ["date_mismatch", "unresolved", "fetch_failed", "*"]
    assert check["argv"] == [
        "check", "--format", "github", *[a for k in kinds for a in ("--fail-on", k)],
        "--rule", "arxiv-first", "--", inputs["list"],
    ]  # fmt: skip
    assert check["env"] == {"HARVESTER_DB": "db dir/h.sqlite", "HARVESTER_MAILTO": "me@example.org"}
    assert audit["argv"][1] == f"--source={inputs['list']}"
    assert (repo / "db dir").is_dir() and not (repo / "pwned").exists()
    (tmp_path / "again").mkdir()
    defaults = _runner_env(tmp_path / "again", repo, shim, SHIM_LOG=str(tmp_path / "log2"))
    _run_action(repo, defaults)
    assert _outputs(defaults)["prefix"] != _outputs(env)["prefix"]  # another cache line


def test_a_failed_audit_leaves_a_warning_not_a_failure(tmp_path: Path, shim: Path) -> None:
    """When `harvester audit` fails (no database yet, say), the summary step warns and passes:
    the check's exit code alone decides the action's status."""
    repo = _git_repo(tmp_path / "repo", MODEL_LIST)
    env = _runner_env(tmp_path, repo, shim, SHIM_LOG=str(tmp_path / "log"), SHIM_EXIT_AUDIT="2")
    steps = _run_action(repo, env)
    assert steps["summary"].returncode == 0
    assert steps["summary"].stdout.startswith("::warning ")
    assert Path(env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8") == ""


def _properties(command: str) -> dict[str, str]:
    """The properties of a workflow command: `::error file=a,line=3::text` gives file, line."""
    match = re.match(r"::\w+ ([^:]*)::", command)
    assert match, command
    return dict(p.split("=", 1) for p in match.group(1).split(","))


def test_the_action_annotates_the_model_lists_mismatches(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """The action's scripts with the real harvester against the fakes, on a repository holding
    the model list as README.md: `::error` annotations on the four mismatched entries' lines,
    exit 1, the database where `database` says, and a markdown table in the job summary."""
    repo = _git_repo(tmp_path / "repo", MODEL_LIST)
    fakes = {"HARVESTER_ARXIV_URL": world[0].url, "HARVESTER_CROSSREF_URL": world[1].url}
    env = _runner_env(tmp_path, repo, None, HARVESTER_ARXIV_DELAY="0", **fakes)
    steps = _run_action(repo, env)
    check = steps["check"]
    assert check.returncode == 1, check.stdout + check.stderr
    assert "::error file=README.md,line=" in check.stdout
    errors = [
        _properties(line) for line in check.stdout.splitlines() if line.startswith("::error ")
    ]
    annotated = {int(e["line"]) for e in errors if e["title"] == "date_mismatch"}
    lines = MODEL_LIST.read_text(encoding="utf-8").splitlines()
    mismatched = {"MedIAnomaly", "gating highway", "CycleGAN", "A Deep Dive"}
    wanted = {i for i, line in enumerate(lines, 1) if any(w in line for w in mismatched)}
    assert len(wanted) == 4 and annotated >= wanted, check.stdout
    assert _outputs(env)["exit-code"] == "1"
    assert (repo / ".harvester" / "harvest.sqlite").is_file()
    assert steps["summary"].returncode == 0, steps["summary"].stderr
    summary = Path(env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    assert MARKDOWN_TABLE.search(summary), summary
    assert "date_mismatch" in summary


# --- the pre-commit hooks ------------------------------------------------------------------


def _hooks() -> list[dict[str, Any]]:
    hooks: list[dict[str, Any]] = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    return hooks


def _hook(hook_id: str) -> dict[str, Any]:
    (hook,) = (h for h in _hooks() if h["id"] == hook_id)
    return hook


def _harvester_argv(hook: dict[str, Any]) -> list[str]:
    """The harvester command a hook runs: its entry (or the list literal inside its
    `python -c` loop) and its default args."""
    argv = shlex.split(hook["entry"])
    if argv[:2] == ["python", "-c"]:
        lists = [n for n in ast.walk(ast.parse(argv[2])) if isinstance(n, ast.List)]
        words = [[str(e.value) for e in n.elts if isinstance(e, ast.Constant)] for n in lists]
        (argv,) = (w for w in words if w[:1] == ["harvester"])
    return [*argv, *hook.get("args", [])]


def test_hooks_manifest() -> None:
    """Two hooks with pre-commit's keys only, each a python hook on README.md by default."""
    hooks = _hooks()
    assert [h["id"] for h in hooks] == ["harvester-parse", "harvester-check-offline"]
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook) <= HOOK_KEYS
        assert hook["language"] == "python" and re.search(hook["files"], "README.md")
        assert not re.search(hook["files"], "docs/README.md")  # pre-commit's match is search
    assert _hook("harvester-parse")["pass_filenames"] is True


@pytest.mark.parametrize("hook_id", ["harvester-parse", "harvester-check-offline"])
def test_hook_runs_a_real_harvester_command(hook_id: str, tmp_path: Path) -> None:
    """The hook's subcommand exists and takes every option the hook gives it."""
    argv = _harvester_argv(_hook(hook_id))
    assert argv[0] == "harvester"
    helped = run(argv[1], "--help", db=tmp_path / "h.sqlite")
    assert helped.returncode == 0, helped.stderr
    for option in (a for a in argv[2:] if a.startswith("-")):
        assert re.search(rf"(^|[\s,]){re.escape(option)}\b", helped.stdout), (option, helped.stdout)


def _run_hook(hook: dict[str, Any], files: list[str], cwd: Path, env: dict[str, str]) -> int:
    """The hook as pre-commit runs it: entry, then args, then the staged files when it takes
    them, with the hook's environment (here the venv) first on PATH."""
    argv = [*shlex.split(hook["entry"]), *hook.get("args", [])]
    if hook.get("pass_filenames", True):
        argv += files
    env = {**env, "PATH": os.pathsep.join([str(BIN), env["PATH"]])}
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, timeout=120).returncode


def test_parse_hook_checks_every_file_it_is_given(tmp_path: Path) -> None:
    """Given several lists, the parse hook checks each: one with a problem fails the hook,
    first or last; clean lists pass."""
    head, *entries = MODEL_LIST.read_text(encoding="utf-8").split("\n* ")
    (bad,) = (e for e in entries if e.endswith("][code]"))  # a link label with no URL
    clean = [e for e in entries[:4] if e != bad]
    (tmp_path / "good.md").write_text(head + "\n* " + "\n* ".join(clean), encoding="utf-8")
    (tmp_path / "bad.md").write_text(head + "\n* " + bad, encoding="utf-8")
    db = tmp_path / "h.sqlite"
    for name, problems in (("good.md", 0), ("bad.md", 1)):  # the premise, from `parse --json`
        doc = json.loads(run("parse", str(tmp_path / name), "--json", db=db).stdout)
        assert sum(bool(e["problems"]) for e in doc["entries"]) == problems, name
    hook, env = _hook("harvester-parse"), cli_env(db)
    assert _run_hook(hook, ["good.md"], tmp_path, env) == 0
    assert _run_hook(hook, ["good.md", "good.md"], tmp_path, env) == 0
    assert _run_hook(hook, ["good.md", "bad.md"], tmp_path, env) == 1
    assert _run_hook(hook, ["bad.md", "good.md"], tmp_path, env) == 1
    assert not db.exists()  # offline and no database


def test_check_offline_hook_fails_on_stored_mismatches(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """After a harvest, the offline hook fails on the model list's mismatches without a
    request: its services point at a closed port, where any request would end in exit 3."""
    shutil.copy(MODEL_LIST, tmp_path / "README.md")
    db = tmp_path / "h.sqlite"
    fakes = {"HARVESTER_ARXIV_URL": world[0].url, "HARVESTER_CROSSREF_URL": world[1].url}
    harvested = run("harvest", "README.md", db=db, cwd=tmp_path, **fakes)
    assert harvested.returncode == 0, harvested.stderr
    hook = _hook("harvester-check-offline")
    assert _run_hook(hook, ["README.md"], tmp_path, cli_env(db)) == 1
