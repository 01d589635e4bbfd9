"""Workers on processes for backends that declare `pure`: the same results,
judged the same, in the same order as a serial run, really run elsewhere."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from factories import FixedBackend, invoice, line, outcome, pack, scenario, upgrade_expected, upgrade_outcome

from harness import engine
from harness.adapters import Adapter, ReferenceBackend
from harness.adapters.errors import BackendUnavailable
from harness.model import DRAFT, Deviation, Ledger
from harness.packs import load_pack
from harness.runner import RunFinished, RunStarted, ScenarioFinished, Status, run_pack
from harness.parallel import chunks

CORE = Path(__file__).resolve().parents[2] / "scenario_packs" / "core"


class PureReference(ReferenceBackend):
    """The reference engine declared pure, and not parallel-safe: workers can only be processes."""

    pure = True
    parallel_safe = False


class WhereRun(Adapter):
    """Pure; numbers its documents after the process that ran the scenario."""

    name = "where-run"
    pure = True

    def run(self, scenario):
        result = engine.run(scenario)
        documents = tuple(dataclasses.replace(document, number=f"pid {os.getpid()}") for document in result.documents)
        return dataclasses.replace(result, documents=documents)


class Unreachable(Adapter):
    name = "unreachable"
    pure = True

    def run(self, scenario):
        raise BackendUnavailable("the sandbox is down")


class PureFixed(FixedBackend):
    pure = True


def comparable(run):
    """Everything of a run except how long each scenario took."""
    return [(r.id, r.status, r.differences, r.outcome, r.error, r.note, r.deviation, r.findings)
            for r in run.results]


def test_processes_give_the_serial_results_events_and_order_on_the_core_pack() -> None:
    core = load_pack(CORE)
    serial_events, parallel_events = [], []
    serial = run_pack(core, PureReference(), listeners=[serial_events.append])
    parallel = run_pack(core, PureReference(), workers=2, listeners=[parallel_events.append])
    assert comparable(parallel) == comparable(serial)
    assert all(result.scenario is original for result, original in zip(parallel.results, core.scenarios))
    finished = [e.result.id for e in parallel_events if isinstance(e, ScenarioFinished)]
    assert finished == [s.id for s in core.scenarios]
    assert isinstance(parallel_events[0], RunStarted) and isinstance(parallel_events[-1], RunFinished)
    assert parallel.summary == serial.summary


def test_a_pure_backend_s_scenarios_run_in_other_processes() -> None:
    core = load_pack(CORE)
    run = run_pack(core, WhereRun(), workers=2, lint=False)
    pids = {document.number for result in run.results for document in result.outcome.documents}
    assert pids and f"pid {os.getpid()}" not in pids


def test_results_from_processes_are_judged_through_the_ledger() -> None:
    first, _ = upgrade_outcome().documents
    off = outcome(first, invoice(
        "2026-04-16",
        line("proration_credit", "basic", "2026-04-16", "2026-05-01", "-5.01"),
        line("proration_charge", "pro", "2026-04-16", "2026-05-01", "15.00"),
    ))
    built = [scenario(upgrade_expected(), id=name) for name in ("recorded", "not-recorded", "also-recorded")]
    serial = run_pack(pack(*built), PureFixed(off), lint=False)
    observed = tuple(d.observed for d in serial.results[0].differences)
    ledger = Ledger("fixed", "core", tuple(Deviation(name, "a cent off", observed, DRAFT)
                                           for name in ("recorded", "also-recorded")))
    judged = run_pack(pack(*built), PureFixed(off), ledger=ledger, workers=2, lint=False)
    assert [r.status for r in judged.results] == [Status.DEVIATION, Status.FAILED, Status.DEVIATION]
    assert judged.results[0].deviation == ledger.entry("recorded")


def test_an_unreachable_backend_in_a_worker_ends_the_run_with_no_run_finished() -> None:
    events = []
    with pytest.raises(BackendUnavailable, match="sandbox is down"):
        run_pack(load_pack(CORE), Unreachable(), workers=2, listeners=[events.append])
    assert not any(isinstance(event, RunFinished) for event in events)


def test_chunks_cover_every_position_once_in_order() -> None:
    for total in (1, 2, 7, 100, 1001):
        for workers in (2, 3):
            bounds = chunks(total, workers)
            assert [i for start, stop in bounds for i in range(start, stop)] == list(range(total))
            assert len(bounds) <= workers * 4
