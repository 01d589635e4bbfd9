"""The example CI workflow in examples/ci runs as written: each `run:` step,
in order, in a fresh git repository holding a small pack, as GitHub Actions
would run it on a pull request (the install step aside: the harness is
already installed here)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.cli.packs import PASSING, write_pack

WORKFLOW = Path(__file__).parents[2] / "examples" / "ci" / "pricing-gate.yml"
PACK = Path("scenario_packs") / "core"


def _steps() -> list[dict]:
    return yaml.safe_load(WORKFLOW.read_text())["jobs"]["proration"]["steps"]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=ci", "-c", "user.email=ci@example.com", *args], cwd=repo, check=True,
                   capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with a pack at the workflow's path, signed off by finance
    on main, and `origin/main` pointing at that commit (as checkout gives it)."""
    root = tmp_path / "repo"
    (root / PACK.parent).mkdir(parents=True)
    shutil.move(write_pack(tmp_path, "core", PASSING), root / PACK)
    _git(root, "init", "-q", "-b", "main")
    _run(root, f"prorata signoff {PACK} --backend reference --as 'Fin Ance <fin@example.com>' --role finance")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "pack signed off")
    _git(root, "update-ref", "refs/remotes/origin/main", "HEAD")
    return root


def _run(cwd: Path, script: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    bin_dir = str(Path(sys.executable).parent)
    environment = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ["PATH"], **(env or {})}
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=environment, capture_output=True, text=True)


def _run_steps(repo: Path) -> dict[str, subprocess.CompletedProcess]:
    summary = repo.parent / "step-summary.md"
    env = {"GITHUB_BASE_REF": "main", "GITHUB_STEP_SUMMARY": str(summary)}
    done = {}
    for step in _steps():
        if "run" in step and "pip install" not in step["run"]:
            done[step["name"]] = _run(repo, step["run"], env)
    return done


def test_every_step_is_a_prorata_command_the_cli_accepts(repo):
    done = _run_steps(repo)
    assert len(done) == 5
    for name, process in done.items():
        assert process.returncode == 0, f"step {name!r} failed:\n{process.stdout}\n{process.stderr}"
    assert '<testsuites name="prorata" tests="2" failures="0"' in (repo / "reports" / "junit.xml").read_text()
    assert list((repo / "reports" / "signoff").glob("*.pdf"))
    assert "gate passed" in done["Gate (a finance sign-off covers this pack and its results)"].stdout


def test_the_gate_step_fails_a_price_change_nobody_signed(repo):
    pack_yaml = repo / PACK / "pack.yaml"
    pack_yaml.write_text(pack_yaml.read_text().replace('amount: "30.00"', 'amount: "35.00"'))
    done = _run_steps(repo)
    gate = done["Gate (a finance sign-off covers this pack and its results)"]
    assert gate.returncode == 1
    assert "plan pro: changed" in gate.stdout + gate.stderr
    summary = (repo.parent / "step-summary.md").read_text()
    assert "upgrade-halfway" in summary
