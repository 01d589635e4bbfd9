"""The command as a real process: exit codes reach the shell, nothing else leaks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from harness import engine
from harness.engine.errors import ScenarioError


def prorata(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "harness.cli", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_exit_codes_reach_the_shell(good_pack: Path, failing_pack: Path, bad_pack: Path) -> None:
    assert prorata("--version").returncode == 0
    assert prorata("run", good_pack).returncode == 0
    assert prorata("run", failing_pack).returncode == 1
    bad = prorata("run", bad_pack)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert prorata("run", good_pack, "-k", "nothing-matches").returncode == 2
    assert prorata("bogus").returncode == 2


def test_console_script(good_pack: Path) -> None:
    """The install step puts `prorata` beside the interpreter (or on PATH); its absence is a failure."""
    beside = Path(sys.executable).with_name("prorata")
    script = str(beside) if beside.exists() else shutil.which("prorata")
    assert script, "the `prorata` console script is not installed: run pip install -e '.[test]'"
    result = subprocess.run([script, "validate", str(good_pack)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert result.stdout == "ok: demo (3 scenarios)\n"


def test_explain_shows_an_engine_error_like_a_load_problem(cli, good_pack: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(scenario):  # noqa: ANN001, ANN202
        raise ScenarioError(
            "change_anchor.to must fall inside the current period",
            event_index=0,
            field=("events", 0, "change_anchor", "to"),
            hint="pick a date after the event and no later than the period end",
        )

    monkeypatch.setattr(engine, "run", refuse)
    result = cli("explain", good_pack, "upgrade-halfway")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert "upgrade-halfway.yaml" in result.stderr
    assert "events[0].change_anchor.to: change_anchor.to must fall inside the current period" in result.stderr
    assert "hint: pick a date" in result.stderr


def test_a_generated_benchmark_pack_loads_and_passes(cli, tmp_path: Path) -> None:
    """benchmarks/generate_pack.py stays runnable: a small pack, seeded."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    try:
        from generate_pack import generate
    finally:
        sys.path.pop(0)
    folder = generate(tmp_path / "gen", scenarios=40, seed=7)
    again = generate(tmp_path / "gen-again", scenarios=40, seed=7)
    files = sorted(p.relative_to(folder) for p in folder.rglob("*.yaml"))
    assert len(files) == 41
    assert all((folder / f).read_text() == (again / f).read_text() for f in files)  # seeded: same files
    result = cli("run", folder, "--format", "json")
    assert result.exit_code == 0, result.stdout[-2000:]
