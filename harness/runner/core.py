"""Run a pack's scenarios on one backend and judge each outcome.

Backends only promise `run(scenario) -> Outcome` (harness.adapters.base), and
may raise one of two explicit errors (harness.adapters.errors):

* `NotApplicable`: the scenario is `not_applicable` to that backend, with the
  exception's message as the reason (e.g. "django-silver has no plan change");
* `BackendUnavailable`: the backend cannot be reached; it is not a result but
  ends the run, so it propagates out of `run_scenario` and `run_pack`.

Before a scenario is sent, the backend's declared capabilities are checked
against what the scenario needs (harness.adapters.base); a scenario needing
more is `not_applicable` with the reason, without a call.

Any other exception from the backend, the comparison or the lint is an
`error` result. The outcome is linted for invoice clarity (harness.lint)
unless `lint=False`; a finding fails the scenario like a difference. With a
deviations ledger, results are judged through it (harness.runner.ledger): a
recorded difference or finding is a `deviation`, anything else a failure.
"""

from __future__ import annotations

import functools
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Sequence

from harness.adapters.base import Backend, unsupported
from harness.adapters.errors import BackendUnavailable, NotApplicable
from harness.compare import compare
from harness.lint import lint as lint_outcome
from harness.model import Ledger, Pack, Scenario
from harness.runner.keyword import select
from harness.runner.ledger import judge
from harness.runner.processes import run_in_processes
from harness.runner.results import RunResult, ScenarioResult, Status


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


def run_scenario(scenario: Scenario, backend: Backend, ledger: Ledger | None = None, *, lint: bool = True
                 ) -> ScenarioResult:
    """Run one scenario, time the backend, compare, lint (unless `lint` is
    False), judge through `ledger`. A backend's, the comparison's or the
    lint's exception is an ERROR result, `NotApplicable` (raised or
    declared) a NOT_APPLICABLE one; only `BackendUnavailable` is raised (it
    ends the run)."""
    result = _run_scenario(scenario, backend, lint)
    return judge(result, ledger.entry(scenario.id), lint=lint) if ledger is not None else result


def _run_scenario(scenario: Scenario, backend: Backend, lint: bool) -> ScenarioResult:
    reasons = unsupported(backend, scenario)
    if reasons:
        return ScenarioResult(scenario, Status.NOT_APPLICABLE, note="; ".join(reasons))
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
    try:
        findings = lint_outcome(scenario, outcome) if lint else ()
    except Exception as error:
        return ScenarioResult(
            scenario, Status.ERROR, outcome=outcome, error=f"lint failed: {one_line(error)}", duration=duration
        )
    status = Status.FAILED if differences or findings else Status.PASSED
    return ScenarioResult(scenario, status, differences, outcome, duration=duration, findings=findings)


def run_pack(
    pack: Pack,
    backend: Backend,
    *,
    keyword: str | None = None,
    listeners: Sequence[Listener] = (),
    ledger: Ledger | None = None,
    workers: int = 1,
    lint: bool = True,
) -> RunResult:
    """Run the scenarios `keyword` selects (all by default); results and
    events come in pack order whatever `workers` is.

    `workers` > 1 runs scenarios on that many processes for backends that
    declare `pure` (a CPU-bound pure function such as the reference engine:
    threads would take turns on the GIL; see harness.runner.processes), on
    that many threads for backends that declare `parallel_safe` (a vendor
    sandbox spends its time waiting); for any other backend it raises
    ValueError, as does a malformed `keyword`, before anything runs.
    `lint=False` skips the invoice clarity lint (and the ledger's lint pins).
    A `BackendUnavailable` from the backend stops the run and propagates (no
    RunFinished is emitted)."""
    run, _ = run_pack_with(pack, backend, None, keyword=keyword, listeners=listeners, ledger=ledger,
                           workers=workers, lint=lint)
    return run


def run_pack_with(
    pack: Pack,
    backend: Backend,
    extra: Callable[[ScenarioResult], Any] | None,
    *,
    keyword: str | None = None,
    listeners: Sequence[Listener] = (),
    ledger: Ledger | None = None,
    workers: int = 1,
    lint: bool = True,
) -> tuple[RunResult, tuple[Any, ...]]:
    """`run_pack`, and `extra(result)` of each result (unjudged), in the same
    order: per-scenario work a caller adds to the run (rendering the golden
    invoices for `prorata run --golden`). It is computed right where the
    scenario ran, in its worker process when the run is on processes, so
    that work is spread over the workers too and no second pool is needed.
    `extra` must be picklable where processes do not fork; None adds nothing
    (every extra is None)."""
    scenarios = select(pack.scenarios, keyword)
    name = backend_name(backend)
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    pure = getattr(backend, "pure", False)
    if workers > 1 and not (pure or getattr(backend, "parallel_safe", False)):
        raise ValueError(f"backend {name!r} runs one scenario at a time; run it without workers")

    def emit(event: object) -> None:
        for listener in listeners:
            listener(event)

    emit(RunStarted(pack, name, len(scenarios)))
    results, extras = [], []
    for result, added in _results(scenarios, backend, workers if len(scenarios) > 1 else 1, pure, lint, extra):
        if ledger is not None:
            result = judge(result, ledger.entry(result.id), lint=lint)
        results.append(result)
        extras.append(added)
        emit(ScenarioFinished(result))
    run = RunResult(pack, name, tuple(results))
    emit(RunFinished(run))
    return run, tuple(extras)


def _results(scenarios: Sequence[Scenario], backend: Backend, workers: int, pure: bool, lint: bool,
             extra: Callable[[ScenarioResult], Any] | None) -> Iterator[tuple[ScenarioResult, Any]]:
    """(unjudged result, its extra) in the order of `scenarios`: serially, on processes or on threads."""
    one = functools.partial(_run_with_extra, backend=backend, lint=lint, extra=extra)
    if workers > 1 and pure:
        yield from run_in_processes(scenarios, one, workers)
        return
    with ThreadPoolExecutor(max_workers=workers) if workers > 1 else _Serial() as pool:
        yield from pool.map(one, scenarios)


def _run_with_extra(scenario: Scenario, backend: Backend, lint: bool, extra: Callable[[ScenarioResult], Any] | None
                    ) -> tuple[ScenarioResult, Any]:
    result = _run_scenario(scenario, backend, lint)
    return result, (None if extra is None else extra(result))


class _Serial:
    """The executor interface, in the calling thread: no pool for a serial run."""

    def map(self, function, items):  # noqa: ANN001, ANN201 - Executor.map's shape
        return map(function, items)

    def __enter__(self) -> "_Serial":
        return self

    def __exit__(self, *exc_info: object) -> None:
        pass
