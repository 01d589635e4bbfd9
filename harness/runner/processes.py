"""Running scenarios on worker processes, for backends that are a pure function.

A backend that declares `pure = True` (`run(scenario)` depends on nothing but
the scenario and changes nothing) may run in other processes, each with its
own copy of the backend, through `harness.parallel.ordered_map`.

The runner sends a result back without its scenario (the parent holds it
already) and puts the parent's scenario back, so the results refer to the
very scenarios of the pack, as a serial run's do. Judging through the ledger
stays in the parent (it is cheap, and the ledger need not travel)."""

from __future__ import annotations

import dataclasses
import functools
from typing import Any, Callable, Iterator, Sequence

from harness.model import Scenario
from harness.parallel import ordered_map
from harness.runner.results import ScenarioResult


def _detached(run: Callable[[Scenario], tuple[ScenarioResult, Any]], scenario: Scenario
              ) -> tuple[ScenarioResult, Any]:
    """Run one scenario in a worker; the result goes back without its scenario."""
    result, extra = run(scenario)
    return dataclasses.replace(result, scenario=None), extra  # type: ignore[arg-type]


def run_in_processes(
    scenarios: Sequence[Scenario], run: Callable[[Scenario], tuple[ScenarioResult, Any]], workers: int
) -> Iterator[tuple[ScenarioResult, Any]]:
    """`run(scenario)` of each scenario, (result, anything else the worker
    computed beside it), in their order, on `workers` processes (`run`
    picklable where processes do not fork). A `BackendUnavailable` raised in
    a worker is raised here."""
    results = ordered_map(functools.partial(_detached, run), scenarios, workers)
    for scenario, (result, extra) in zip(scenarios, results):
        yield dataclasses.replace(result, scenario=scenario), extra
