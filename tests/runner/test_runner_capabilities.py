"""Capabilities are checked before a scenario is sent; workers run scenarios
on threads for parallel-safe backends only, and keep the pack's order."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from harness import engine
from harness.adapters import Adapter, Capabilities, Limit, ReferenceBackend
from harness.model import Ledger
from harness.packs import load_pack
from harness.runner import RunFinished, RunStarted, ScenarioFinished, Status, run_pack, run_scenario
from tests.cli.packs import PASSING, SEATS, write_pack

CORE = Path(__file__).resolve().parents[2] / "scenario_packs" / "core"
NO_SIGNUP = "this vendor cannot backdate a billing day"


class Limited(Adapter):
    """Runs the reference engine, but cannot express a partial first period."""

    name = "limited"
    capabilities = Capabilities((Limit.of("event", ["upgrade", "downgrade", "quantity_increase", "usage"], NO_SIGNUP),))

    def __init__(self, **options: str) -> None:
        super().__init__(**options)
        self.calls: list[str] = []

    def run(self, scenario):
        self.calls.append(scenario.id)
        return engine.run(scenario)


@pytest.fixture
def demo(tmp_path: Path):
    return load_pack(write_pack(tmp_path, "demo", {**PASSING, "seats-thirty-day": SEATS}))


def test_a_scenario_needing_what_the_backend_lacks_is_not_applicable_without_a_call(demo) -> None:
    backend = Limited()
    result = run_scenario(demo.scenario("signup-prorated"), backend)
    assert result.status is Status.NOT_APPLICABLE
    assert result.note == f"needs event=signup: {NO_SIGNUP}"
    assert backend.calls == []
    assert result.outcome is None and result.differences == ()


def test_only_the_scenarios_the_backend_can_express_are_sent(demo) -> None:
    backend = Limited()
    run = run_pack(demo, backend)
    statuses = {r.id: r.status for r in run.results}
    assert statuses["signup-prorated"] is Status.NOT_APPLICABLE
    assert statuses["upgrade-halfway"] is Status.PASSED
    assert "signup-prorated" not in backend.calls
    assert "upgrade-halfway" in backend.calls
    assert run.summary["not_applicable"] == 1


def test_a_ledger_entry_does_not_turn_a_not_applicable_scenario_into_a_failure(demo) -> None:
    from datetime import date

    from harness.model import Deviation

    ledger = Ledger("limited", "demo", (Deviation("signup-prorated", "Bills a full month.", ("x: y",), date(2026, 1, 1)),))
    result = run_scenario(demo.scenario("signup-prorated"), Limited(), ledger)
    assert result.status is Status.NOT_APPLICABLE


def test_a_plain_backend_without_capabilities_is_asked_everything(demo) -> None:
    calls = []

    class Plain:
        name = "plain"

        def run(self, scenario):
            calls.append(scenario.id)
            return engine.run(scenario)

    run = run_pack(demo, Plain())
    assert sorted(calls) == sorted(s.id for s in demo.scenarios)
    assert run.summary["passed"] == len(demo.scenarios)


def comparable(run):
    """Everything of a run except how long each scenario took."""
    return [(r.id, r.status, r.differences, r.outcome, r.error, r.note, r.deviation) for r in run.results]


def test_workers_on_a_parallel_safe_backend_give_the_serial_results_in_the_same_order() -> None:
    core = load_pack(CORE)
    assert len(core.scenarios) > 4
    serial_events, parallel_events = [], []
    serial = run_pack(core, ReferenceBackend(), listeners=[serial_events.append])
    parallel = run_pack(core, ReferenceBackend(), workers=4, listeners=[parallel_events.append])
    assert comparable(parallel) == comparable(serial)
    assert [r.id for r in parallel.results] == [s.id for s in core.scenarios]
    assert parallel.summary == serial.summary
    finished = [e.result.id for e in parallel_events if isinstance(e, ScenarioFinished)]
    assert finished == [s.id for s in core.scenarios]
    assert isinstance(parallel_events[0], RunStarted) and isinstance(parallel_events[-1], RunFinished)


class Rendezvous(Adapter):
    """Parallel-safe; the first scenario waits until the second has finished,
    so a run only completes if scenarios really run at once, and they finish
    out of pack order."""

    name = "rendezvous"
    parallel_safe = True

    def __init__(self, first: str, second: str) -> None:
        super().__init__()
        self.first, self.second = first, second
        self.second_done = threading.Event()
        self.finished: list[str] = []
        self.lock = threading.Lock()

    def run(self, scenario):
        if scenario.id == self.first:
            assert self.second_done.wait(30), "the second scenario never ran alongside the first"
        outcome = engine.run(scenario)
        with self.lock:
            self.finished.append(scenario.id)
        if scenario.id == self.second:
            self.second_done.set()
        return outcome


def test_results_keep_pack_order_when_scenarios_finish_out_of_order(demo) -> None:
    ids = [s.id for s in demo.scenarios]
    backend = Rendezvous(ids[0], ids[1])
    events = []
    run = run_pack(demo, backend, workers=2, listeners=[events.append])
    assert backend.finished.index(ids[1]) < backend.finished.index(ids[0])
    assert [r.id for r in run.results] == ids
    assert [r.status for r in run.results] == [Status.PASSED] * len(ids)
    assert [e.result.id for e in events if isinstance(e, ScenarioFinished)] == ids


def test_workers_on_a_backend_that_is_not_parallel_safe_is_a_value_error_before_anything_runs(demo) -> None:
    backend = Limited()
    events = []
    with pytest.raises(ValueError, match="'limited'"):
        run_pack(demo, backend, workers=2, listeners=[events.append])
    assert backend.calls == [] and events == []


def test_a_plain_backend_is_not_parallel_safe(demo) -> None:
    class Plain:
        name = "plain"

        def run(self, scenario):
            raise AssertionError("not called")

    with pytest.raises(ValueError):
        run_pack(demo, Plain(), workers=3)


def test_workers_must_be_at_least_one(demo) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        run_pack(demo, ReferenceBackend(), workers=0)


def test_one_worker_is_a_serial_run_on_any_backend(demo) -> None:
    backend = Limited()
    run = run_pack(demo, backend, workers=1)
    assert len(run.results) == len(demo.scenarios)
