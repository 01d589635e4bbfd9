"""Run a pack's scenarios on one backend and judge each outcome.

Backends only promise `run(scenario) -> Outcome` (harness.adapters.base), and
may raise one of two explicit errors (harness.adapters.errors):

* `NotApplicable`: the scenario is `not_applicable` to that backend, with the
  exception's message as the reason (e.g. "django-silver has no plan change");
* `BackendUnavailable`: the backend cannot be reached; it is not a result but
  ends the run, so it propagates out of `run_scenario` and `run_pack`.

Any other exception from the backend or the comparison is an `error` result.
`Status.DEVIATION` and the `deviations` summary key are part of the JSON
contract; nothing produces them yet (a deviations ledger will).
"""

from __future__ import annotations

import enum
import time
from dataclasses import dataclass
from typing import Callable, Sequence

from harness.adapters.base import Backend
from harness.adapters.errors import BackendUnavailable, NotApplicable
from harness.compare import Difference, compare
from harness.model import Outcome, Pack, Scenario
from harness.runner.keyword import select


class Status(str, enum.Enum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not_applicable"
    DEVIATION = "deviation"
    ERROR = "error"


@dataclass(frozen=True)
class ScenarioResult:
    """`error` is the one-line failure of an ERROR ("ValueError: ..."); `note`
    is the reason of a NOT_APPLICABLE or the documented deviation of a DEVIATION."""

    scenario: Scenario
    status: Status
    differences: tuple[Difference, ...] = ()
    outcome: Outcome | None = None
    error: str = ""
    duration: float = 0.0
    note: str = ""

    @property
    def id(self) -> str:
        return self.scenario.id

    @property
    def detail(self) -> str:
        """What a report shows beside the status when there is no difference to show."""
        return self.error if self.status is Status.ERROR else self.note


_SUMMARY_KEYS = {
    Status.PASSED: "passed",
    Status.FAILED: "failed",
    Status.NOT_APPLICABLE: "not_applicable",
    Status.DEVIATION: "deviations",
    Status.ERROR: "errors",
}


def summarize(results: Sequence[ScenarioResult]) -> dict[str, int]:
    """Counts keyed passed, failed, not_applicable, deviations, errors (all present)."""
    counts = dict.fromkeys(_SUMMARY_KEYS.values(), 0)
    for result in results:
        counts[_SUMMARY_KEYS[result.status]] += 1
    return counts


@dataclass(frozen=True)
class RunResult:
    pack: Pack
    backend: str
    results: tuple[ScenarioResult, ...]

    @property
    def summary(self) -> dict[str, int]:
        return summarize(self.results)

    @property
    def ok(self) -> bool:
        """No failure or error, and at least one scenario actually ran."""
        counts = self.summary
        ran = len(self.results) - counts["not_applicable"]
        return ran > 0 and counts["failed"] == 0 and counts["errors"] == 0

    @property
    def duration(self) -> float:
        return sum(result.duration for result in self.results)


# -- events, fed to listeners in this order: RunStarted, ScenarioFinished..., RunFinished


@dataclass(frozen=True)
class RunStarted:
    pack: Pack
    backend: str
    total: int  # scenarios selected


@dataclass(frozen=True)
class ScenarioFinished:
    result: ScenarioResult


@dataclass(frozen=True)
class RunFinished:
    run: RunResult


Listener = Callable[[object], None]


def backend_name(backend: Backend) -> str:
    return getattr(backend, "name", None) or type(backend).__name__


def one_line(error: BaseException) -> str:
    """"ValueError: message", newlines folded: reports keep one line per error."""
    message = " / ".join(part.strip() for part in str(error).splitlines() if part.strip())
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def run_scenario(scenario: Scenario, backend: Backend) -> ScenarioResult:
    """Run one scenario, time the backend, compare. A backend's or the
    comparison's exception is an ERROR result, `NotApplicable` a NOT_APPLICABLE
    one; only `BackendUnavailable` is raised (it ends the run)."""
    started = time.perf_counter()
    try:
        outcome = backend.run(scenario)
    except BackendUnavailable:
        raise  # nothing can be judged on this backend: ends the run, is no result
    except Exception as error:  # a backend failure is a result, not a crash of the run
        duration = time.perf_counter() - started
        if isinstance(error, NotApplicable):
            return ScenarioResult(scenario, Status.NOT_APPLICABLE, duration=duration, note=str(error))
        return ScenarioResult(scenario, Status.ERROR, error=one_line(error), duration=duration)
    duration = time.perf_counter() - started
    try:
        differences = compare(scenario, outcome)
    except Exception as error:
        return ScenarioResult(
            scenario, Status.ERROR, outcome=outcome, error=f"comparison failed: {one_line(error)}", duration=duration
        )
    status = Status.FAILED if differences else Status.PASSED
    return ScenarioResult(scenario, status, differences, outcome, duration=duration)


def run_pack(
    pack: Pack,
    backend: Backend,
    *,
    keyword: str | None = None,
    listeners: Sequence[Listener] = (),
) -> RunResult:
    """Run the scenarios `keyword` selects (all by default), in pack order.
    A malformed `keyword` raises ValueError before anything runs; a
    `BackendUnavailable` from the backend stops the run and propagates (no
    RunFinished is emitted)."""
    scenarios = select(pack.scenarios, keyword)
    name = backend_name(backend)

    def emit(event: object) -> None:
        for listener in listeners:
            listener(event)

    emit(RunStarted(pack, name, len(scenarios)))
    results = []
    for scenario in scenarios:
        result = run_scenario(scenario, backend)
        results.append(result)
        emit(ScenarioFinished(result))
    run = RunResult(pack, name, tuple(results))
    emit(RunFinished(run))
    return run
