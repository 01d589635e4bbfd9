"""`prorata fuzz`: the closing line of statistics (golden, with the timing
figures normalised), a failure against a mutant written as a file whose
printed replay command fails the same way, bad input as exit 2, and the same
seed giving the same output."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from harness import adapters
from harness.cli.app import prorata
from harness.packs import load_pack
from tests.adapters.canaries.mutants import RoundThroughFloat
from tests.cli.packs import PASSING, write_pack

MUTANT = RoundThroughFloat
SEED = "3"  # RoundThroughFloat is found within 300 examples with this seed
TIMES = re.compile(r"\d+(?:\.\d+)? s \([\d,]+ examples/s\)")


def invoke(*args: object):
    return CliRunner().invoke(prorata, [str(a) for a in args], catch_exceptions=False)


def normalise(text: str, *folders: Path) -> str:
    for folder in folders:
        text = text.replace(str(folder), "<tmp>")
    return TIMES.sub("<seconds> s (<n> examples/s)", text)


@pytest.fixture(scope="module")
def mutant_run(tmp_path_factory):
    """The mutant registered as a backend, fuzzed once with --out; the
    registration lasts for the module's tests (the replay needs it)."""
    out = tmp_path_factory.mktemp("fuzz") / "found"
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(adapters.BACKENDS, MUTANT.name, MUTANT)
        result = invoke("fuzz", "--backend", MUTANT.name, "--examples", 300, "--seed", SEED, "--out", out)
        yield result, out


def test_reference_run_output(snapshot) -> None:
    result = invoke("fuzz", "--examples", 50, "--seed", 0)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # no progress bar when stderr is not a terminal
    assert TIMES.search(result.stdout)
    assert normalise(result.stdout) == snapshot


def test_a_failure_is_written_and_its_replay_fails(mutant_run) -> None:
    result, out = mutant_run
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert "failures by invariant: differential 1" in lines[0] and f"seed {SEED}" in lines[0]
    assert any(line.startswith("FAILED differential: shrunk to ") for line in lines)
    written = [line for line in lines if line.startswith("written:")]
    replay = [line for line in lines if line.startswith("replay:")]
    assert len(written) == 1 and len(replay) == 1
    path = Path(written[0].split(None, 1)[1])
    assert path.is_file() and out in path.parents
    assert [s.id for s in load_pack(out).scenarios] == [path.stem]

    args = shlex.split(replay[0].split(None, 1)[1])
    assert args[:2] == ["prorata", "run"]
    replayed = invoke(*args[1:])
    assert replayed.exit_code == 1, replayed.output
    assert "0 passed, 1 failed" in replayed.stdout
    found = [line.split("differential: ", 1)[1] for line in lines if line.startswith("  differential: ")]
    assert found and all(f"- {difference}" in replayed.stdout for difference in found)  # failing the same way
    assert invoke("run", out).exit_code == 0  # on the reference the found file passes


def test_the_same_seed_gives_the_same_output(mutant_run) -> None:
    first, out = mutant_run
    again = invoke("fuzz", "--backend", MUTANT.name, "--examples", 300, "--seed", SEED, "--out", out)
    assert again.exit_code == first.exit_code == 1
    assert normalise(again.stdout, out) == normalise(first.stdout, out)
    assert len(load_pack(out).scenarios) == 1


def test_the_same_seed_on_the_reference() -> None:
    first = invoke("fuzz", "--examples", 30, "--seed", 7)
    second = invoke("fuzz", "--examples", 30, "--seed", 7)
    assert first.exit_code == second.exit_code == 0
    assert normalise(first.stdout) == normalise(second.stdout)
    assert "seed 7" in first.stdout


def test_an_unknown_invariant() -> None:
    result = invoke("fuzz", "--invariant", "nope", "--examples", 5)
    assert result.exit_code == 2
    assert "unknown invariant 'nope'" in result.stderr
    assert "segments" in result.stderr  # the choices are listed
    assert result.stdout == ""


def test_known_needs_a_ledger(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, "demo", PASSING)
    result = invoke("fuzz", "--known", pack, "--examples", 5)
    assert result.exit_code == 2
    assert "no deviations ledger for 'reference'" in result.stderr
    assert result.stdout == ""


def test_selected_invariants_are_reported() -> None:
    result = invoke("fuzz", "--examples", 10, "--seed", 0, "--invariant", "dates", "--invariant", "totals")
    assert result.exit_code == 0, result.output
    assert "10 examples" in result.stdout and "failures by invariant: none" in result.stdout


def test_workers_on_the_reference() -> None:
    one = invoke("fuzz", "--examples", 40, "--seed", 2)
    two = invoke("fuzz", "--examples", 40, "--seed", 2, "--workers", 2)
    assert one.exit_code == two.exit_code == 0, two.output
    assert normalise(one.stdout) == normalise(two.stdout)


def test_workers_need_a_pure_backend() -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(adapters.BACKENDS, MUTANT.name, MUTANT)
        result = invoke("fuzz", "--backend", MUTANT.name, "--examples", 5, "--workers", 2)
    assert result.exit_code == 2
    assert "run it without --workers" in result.stderr and result.stdout == ""
