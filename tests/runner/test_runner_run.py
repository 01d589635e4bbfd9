"""run_scenario / run_pack: statuses, timing, errors, summary, events.

The factories' lines carry no descriptions, so these runs pass `lint=False`;
the lint's part in running and judging is tested in test_runner_lint.py."""

from __future__ import annotations

import pytest
from factories import FixedBackend, outcome, pack, scenario, upgrade_expected, upgrade_outcome

from harness.adapters.base import Backend
from harness.adapters.errors import BackendUnavailable, NotApplicable
from harness.runner import (
    RunFinished,
    RunResult,
    RunStarted,
    ScenarioFinished,
    ScenarioResult,
    Status,
    run_pack,
    run_scenario,
)
from harness.runner import core as runner_core


class RaisingBackend:
    name = "raising"

    def __init__(self, error: Exception) -> None:
        self.error = error

    def run(self, scenario):
        raise self.error


def wrong_outcome():
    first, second = upgrade_outcome().documents
    return outcome(first)


def test_backends_in_tests_honour_the_contract():
    assert isinstance(FixedBackend(), Backend)


def test_passed():
    result = run_scenario(scenario(upgrade_expected()), FixedBackend(), lint=False)
    assert result.status is Status.PASSED
    assert result.differences == ()
    assert result.outcome == upgrade_outcome()
    assert result.error == ""


def test_failed_keeps_the_differences_and_outcome():
    result = run_scenario(scenario(upgrade_expected()), FixedBackend(wrong_outcome()), lint=False)
    assert result.status is Status.FAILED
    assert [d.problem for d in result.differences] == ["missing_document"]
    assert result.outcome == wrong_outcome()


def test_duration_is_measured_with_perf_counter(monkeypatch):
    ticks = iter([10.0, 12.5])
    monkeypatch.setattr(runner_core.time, "perf_counter", lambda: next(ticks))
    assert run_scenario(scenario(upgrade_expected()), FixedBackend(), lint=False).duration == 2.5


def test_a_backend_that_raises_is_an_error_with_one_line():
    error = RuntimeError("connection refused\n  while creating the customer")
    result = run_scenario(scenario(upgrade_expected()), RaisingBackend(error), lint=False)
    assert result.status is Status.ERROR
    assert result.error == "RuntimeError: connection refused / while creating the customer"
    assert "Traceback" not in result.error
    assert result.outcome is None and result.differences == ()


def test_an_exception_without_message_keeps_its_type():
    result = run_scenario(scenario(upgrade_expected()), RaisingBackend(KeyError()), lint=False)
    assert result.error == "KeyError"


def test_a_broken_outcome_is_an_error_not_a_crash():
    result = run_scenario(scenario(upgrade_expected()), FixedBackend("not an outcome"), lint=False)
    assert result.status is Status.ERROR
    assert result.error.startswith("comparison failed: AttributeError: ")


def test_not_applicable_exception():
    result = run_scenario(scenario(upgrade_expected()), RaisingBackend(NotApplicable("no plan changes in this backend")), lint=False)
    assert result.status is Status.NOT_APPLICABLE
    assert result.note == "no plan changes in this backend"
    assert result.detail == "no plan changes in this backend"


def test_only_the_not_applicable_class_declines():
    class Lookalike(Exception):
        not_applicable = True  # the old duck-typed attribute means nothing now

    result = run_scenario(scenario(upgrade_expected()), RaisingBackend(Lookalike("no plan changes")), lint=False)
    assert result.status is Status.ERROR
    assert result.error == "Lookalike: no plan changes"


def test_a_backend_that_is_unavailable_raises_instead_of_a_result():
    error = BackendUnavailable("connection refused: localhost:8080")
    with pytest.raises(BackendUnavailable) as raised:
        run_scenario(scenario(upgrade_expected()), RaisingBackend(error), lint=False)
    assert raised.value is error


class ByIdBackend:
    """Passes, fails, raises, declines or is unreachable depending on the scenario id."""

    name = "by-id"

    def run(self, scenario):
        if scenario.id.startswith("boom"):
            raise ValueError("boom")
        if scenario.id.startswith("down"):
            raise BackendUnavailable("sandbox is down")
        if scenario.id.startswith("na"):
            raise NotApplicable("not here")
        return upgrade_outcome() if scenario.id.startswith("ok") else wrong_outcome()


def make_pack(*ids: str):
    return pack(*(scenario(upgrade_expected(), id=scenario_id) for scenario_id in ids))


def test_run_pack_summary_and_events_in_order():
    events = []
    run = run_pack(make_pack("ok-1", "bad-1", "boom-1", "na-1", "ok-2"), ByIdBackend(), listeners=[events.append], lint=False)
    assert isinstance(run, RunResult)
    assert run.backend == "by-id"
    assert [r.status for r in run.results] == [
        Status.PASSED,
        Status.FAILED,
        Status.ERROR,
        Status.NOT_APPLICABLE,
        Status.PASSED,
    ]
    assert run.summary == {"passed": 2, "failed": 1, "not_applicable": 1, "deviations": 0, "errors": 1}
    assert not run.ok

    assert isinstance(events[0], RunStarted)
    assert (events[0].pack, events[0].backend, events[0].total) == (run.pack, "by-id", 5)
    assert [type(e) for e in events[1:-1]] == [ScenarioFinished] * 5
    assert [e.result for e in events[1:-1]] == list(run.results)
    assert events[-1] == RunFinished(run)


def test_every_listener_gets_every_event():
    first, second = [], []
    run_pack(make_pack("ok-1"), ByIdBackend(), listeners=[first.append, second.append], lint=False)
    assert [type(e) for e in first] == [RunStarted, ScenarioFinished, RunFinished] == [type(e) for e in second]


def test_run_pack_keyword_selects():
    run = run_pack(make_pack("ok-1", "bad-1", "ok-2"), ByIdBackend(), keyword="ok", lint=False)
    assert [r.id for r in run.results] == ["ok-1", "ok-2"]
    assert run.ok


def test_malformed_keyword_raises_before_anything_runs():
    events = []
    with pytest.raises(ValueError):
        run_pack(make_pack("ok-1"), ByIdBackend(), keyword="ok and", listeners=[events.append], lint=False)
    assert events == []


@pytest.mark.parametrize(
    ("ids", "ok"),
    [
        (("ok-1",), True),
        (("ok-1", "na-1"), True),
        (("na-1",), False),  # nothing ran
        ((), False),
        (("ok-1", "bad-1"), False),
        (("ok-1", "boom-1"), False),
    ],
)
def test_ok(ids, ok):
    assert run_pack(make_pack(*ids), ByIdBackend(), lint=False).ok is ok


def test_an_unavailable_backend_ends_the_run():
    events = []
    with pytest.raises(BackendUnavailable, match="sandbox is down"):
        run_pack(make_pack("ok-1", "down-1", "ok-2"), ByIdBackend(), listeners=[events.append], lint=False)
    # the scenario before it finished; nothing after it ran, and the run did not finish
    assert [type(e) for e in events] == [RunStarted, ScenarioFinished]
    assert events[1].result.id == "ok-1"


def test_deviations_do_not_break_ok():
    deviating = scenario(upgrade_expected(), id="x")
    result = ScenarioResult(deviating, Status.DEVIATION, note="known")
    run = RunResult(pack(deviating), "fixed", (result,))
    assert run.summary["deviations"] == 1
    assert run.ok


def test_scenario_result_defaults():
    result = ScenarioResult(scenario(upgrade_expected()), Status.PASSED)
    assert (result.differences, result.outcome, result.error, result.duration) == ((), None, "", 0.0)
    assert result.id == "upgrade-halfway"


def test_backend_name_falls_back_to_the_class_name():
    class Nameless:
        def run(self, scenario):
            return upgrade_outcome()

    assert run_pack(make_pack("ok-1"), Nameless(), lint=False).backend == "Nameless"

