"""A shrunk failure written as an ordinary scenario file (harness.fuzz.found):
it loads as a pack, replays green on the reference and red on the backend it
was found on, with the very differences the fuzzer's differential saw, and
says which invariant it breaks and why in its `rule` and `math`."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.adapters import ReferenceBackend
from harness.fuzz.found import found_scenario, pack_name, write_found
from harness.fuzz.run import CRASH, Failure, fuzz
from harness.model import ChangePlan
from harness.packs import load_pack
from harness.runner import Status, run_scenario
from tests.adapters.canaries.mutants import RoundThroughFloat
from tests.engine.builders import scenario

SEED = 3  # RoundThroughFloat breaks the differential within 300 examples


@pytest.fixture(scope="module")
def failure() -> Failure:
    result = fuzz(RoundThroughFloat(), examples=300, seed=SEED)
    assert result.failure is not None and result.failure.invariant == "differential"
    return result.failure


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_written_file_loads_as_the_found_pack(failure: Failure, tmp_path: Path) -> None:
    path = write_found(failure, "x", tmp_path)
    assert path.is_file() and path.parent.parent == tmp_path and path.suffix == ".yaml"
    pack = load_pack(tmp_path)
    assert pack.name == pack_name("x") == "found-x"
    assert [s.id for s in pack.scenarios] == [failure.scenario.id]
    loaded = pack.scenarios[0]
    assert loaded.events == failure.scenario.events
    assert loaded.start == failure.scenario.start
    assert loaded.policy == failure.scenario.policy
    assert loaded.until == failure.scenario.until


def test_it_passes_on_the_reference_and_fails_on_the_mutant_the_same_way(failure: Failure, tmp_path: Path) -> None:
    write_found(failure, "x", tmp_path)
    loaded = load_pack(tmp_path).scenarios[0]
    assert run_scenario(loaded, ReferenceBackend(), lint=False).status is Status.PASSED
    on_mutant = run_scenario(loaded, RoundThroughFloat(), lint=False)
    assert on_mutant.status is Status.FAILED
    assert tuple(str(d) for d in on_mutant.differences) == failure.problems["differential"]


def test_rule_and_math_say_what_broke(failure: Failure, tmp_path: Path) -> None:
    write_found(failure, "x", tmp_path)
    loaded = load_pack(tmp_path).scenarios[0]
    assert loaded.rule.startswith("differential: ")
    assert "differential" in loaded.tags
    assert loaded.math.strip()
    assert "Expected (reference engine):" in loaded.math
    assert "Found on x:" in loaded.math
    for problem in failure.problems["differential"]:
        assert problem in loaded.math
    assert loaded.title.startswith("differential broken on x")


def test_writing_twice_changes_nothing(failure: Failure, tmp_path: Path) -> None:
    first = write_found(failure, "x", tmp_path)
    before = snapshot(tmp_path)
    second = write_found(failure, "x", tmp_path)
    assert second == first
    assert snapshot(tmp_path) == before
    assert len(load_pack(tmp_path).scenarios) == 1


def test_a_second_finding_joins_the_pack(failure: Failure, tmp_path: Path) -> None:
    write_found(failure, "x", tmp_path)
    other = scenario("2026-04-01", "basic", events=[("2026-04-16", ChangePlan("pro"))])
    crash = Failure(other, CRASH, {CRASH: ("RuntimeError: the vendor returned HTTP 500",)})
    write_found(crash, "x", tmp_path)
    pack = load_pack(tmp_path)
    assert sorted(s.id for s in pack.scenarios) == sorted([failure.scenario.id, other.id])
    written = next(s for s in pack.scenarios if s.id == other.id)
    assert written.rule.startswith("crash: ")
    assert "RuntimeError: the vendor returned HTTP 500" in written.math
    assert run_scenario(written, ReferenceBackend(), lint=False).status is Status.PASSED


def test_found_scenario_expects_the_reference(failure: Failure) -> None:
    found = found_scenario(failure, "x")
    assert found.pack.name == "found-x"
    assert found.id == failure.scenario.id
    assert run_scenario(found, ReferenceBackend(), lint=False).status is Status.PASSED
    assert run_scenario(found, RoundThroughFloat(), lint=False).status is Status.FAILED
