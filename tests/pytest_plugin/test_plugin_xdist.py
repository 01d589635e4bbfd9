"""The plugin under pytest-xdist (`-n 2`): every worker collects the same
items in the same order, so scenarios are spread over workers and report as
in a serial run. Run in subprocesses: xdist starts workers of its own."""

from __future__ import annotations

from pathlib import Path

import pytest


QUIET = ("-p", "no:cacheprovider", "-p", "no:hypothesispytest", "-p", "no:benchmark", "-p", "no:syrupy")
CORE = Path(__file__).resolve().parents[2] / "scenario_packs" / "core"


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess(*QUIET, *args)


def collected(result: pytest.RunResult) -> list[str]:
    return [line for line in result.stdout.lines if "::" in line]


def test_collection_is_the_same_whatever_the_hash_seed(pytester: pytest.Pytester,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """xdist compares every worker's collection; workers differ in hash seed,
    so the item order must not depend on set or dict ordering of hashed values."""
    monkeypatch.setenv("PYTHONHASHSEED", "1")
    first = run(pytester, "--prorata-pack", str(CORE), "--collect-only", "-q")
    monkeypatch.setenv("PYTHONHASHSEED", "2")
    second = run(pytester, "--prorata-pack", str(CORE), "--collect-only", "-q")
    assert first.ret == second.ret == 0
    assert collected(first) and collected(first) == collected(second)


def test_the_core_pack_on_two_workers_reports_as_a_serial_run(pytester: pytest.Pytester) -> None:
    serial = run(pytester, "--prorata-pack", str(CORE))
    parallel = run(pytester, "--prorata-pack", str(CORE), "-n", "2")
    outcomes = serial.parseoutcomes()
    assert outcomes.get("passed", 0) > 10
    assert parallel.parseoutcomes() == outcomes
    assert parallel.ret == serial.ret == 0
    assert "Different tests were collected" not in parallel.stdout.str()


def test_failures_and_selection_on_two_workers(pytester: pytest.Pytester, packs: Path) -> None:
    result = run(pytester, "--prorata-pack", "demo", "--prorata-pack", "mixed", "-n", "2", "-k", "not seats")
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(["*mixed::upgrade-wrong failed: invoice of 2026-04-16: expected proration_charge*"])
    assert "Traceback" not in result.stdout.str()
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_a_pack_that_does_not_load_is_a_collection_error_on_two_workers(pytester: pytest.Pytester,
                                                                        packs: Path) -> None:
    result = run(pytester, "--prorata-pack", "broken", "-n", "2")
    # xdist reports a collection error as a failed session (1) where a serial run is interrupted (2)
    assert result.ret in (pytest.ExitCode.TESTS_FAILED, pytest.ExitCode.INTERRUPTED)
    result.stdout.fnmatch_lines(["pack broken does not load:", "*unknown plan 'prp'", "*1 error*"])
