"""Drive hypothesis over generated scenarios on one backend and keep what it finds.

Each example is run on the backend (and, for the differential, on the
reference engine) and judged by the selected invariants; the first broken
one raises, hypothesis shrinks the scenario to the smallest that still
breaks the same invariant, and the shrunk scenario comes back as a
`Failure`. Runs are reproducible: no example database, a fixed seed, no
deadlines, so the same seed and backend give the same examples, the same
failure and the same shrunk case. Progress and statistics go to listeners,
as in `harness.runner`, so the CLI and tests watch the same run."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Iterable, Sequence

from hypothesis import HealthCheck, Phase, Verbosity, given, reject, seed as hypothesis_seed, settings
from hypothesis.errors import Unsatisfiable
from hypothesis.reporting import with_reporter

from harness.adapters import unsupported
from harness.adapters.errors import BackendUnavailable, NotApplicable
from harness.engine import run as reference_run
from harness.engine.errors import ScenarioError
from harness.fuzz.invariants import INVARIANTS, Case
from harness.fuzz.known import Known
from harness.fuzz.strategies import Shape, scenarios
from harness.fuzz.timeline import timeline
from harness.model import Outcome, Scenario
from harness.runner import backend_name, one_line

#: The pseudo-invariant of a backend that raised instead of answering.
CRASH = "crash"


@dataclass(frozen=True)
class Failure:
    """A shrunk scenario and what it breaks: `invariant` is the one hypothesis
    shrank for, `problems` everything broken by the shrunk case, by invariant."""

    scenario: Scenario
    invariant: str
    problems: dict[str, tuple[str, ...]]


@dataclass
class Stats:
    examples: int = 0  # judged before the first failure
    shrink_steps: int = 0  # judged while shrinking
    skipped: int = 0  # drawn but not run: the backend cannot express them
    invalid: int = 0  # drawn but refused by the reference engine: a generator bug, should stay 0
    known: int = 0  # failed only as a deviation already recorded (--known)
    seconds: float = 0.0
    failing: Counter = field(default_factory=Counter)  # failing examples seen, by invariant

    @property
    def per_second(self) -> float:
        return (self.examples + self.shrink_steps) / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class FuzzResult:
    backend: str
    seed: int
    invariants: tuple[str, ...]
    tolerance: Decimal
    stats: Stats
    failure: Failure | None


@dataclass(frozen=True)
class Progress:
    """Sent after every judged example; `shrinking` once a failure was found."""

    examples: int
    target: int
    shrinking: bool


class Broken(Exception):
    def __init__(self, scenario: Scenario, problems: dict[str, tuple[str, ...]]) -> None:
        super().__init__(next(iter(problems)))
        self.scenario, self.problems = scenario, problems


_KINDS: dict[str, type[Broken]] = {}


def _broken(invariant: str) -> type[Broken]:
    """One exception class per invariant, so hypothesis shrinks a failure
    towards a case that breaks the same invariant, not any invariant."""
    if invariant not in _KINDS:
        _KINDS[invariant] = type(f"Broken_{invariant.replace('-', '_')}", (Broken,), {})
    return _KINDS[invariant]


def fuzz(
    backend,
    *,
    examples: int = 200,
    seed: int = 0,
    max_events: int = 10,
    invariants: Sequence[str] = (),
    known: Known | None = None,
    listeners: Iterable[Callable[[object], None]] = (),
) -> FuzzResult:
    """Fuzz `backend` (an opened adapter or any object with `run`).
    `invariants` selects checks by name (all by default); a failure whose
    differential differences all match a `known` deviation does not count.
    BackendUnavailable propagates: nothing can be judged."""
    name = backend_name(backend)
    selected = tuple(invariants) or tuple(INVARIANTS)
    is_reference = name == "reference"
    if is_reference:
        selected = tuple(n for n in selected if n != "differential")
    tolerance = Decimal(getattr(backend, "tolerance", 0))
    stats = Stats()
    listeners = tuple(listeners)
    unavailable: list[BackendUnavailable] = []  # once the backend is gone, nothing more is sent to it

    def judge(scenario: Scenario) -> dict[str, tuple[str, ...]]:
        if unavailable or unsupported(backend, scenario):
            stats.skipped += 1
            reject()
        try:
            reference = reference_run(scenario)
            account = timeline(scenario)
        except ScenarioError:
            stats.invalid += 1
            reject()
        try:
            outcome = reference if is_reference else backend.run(scenario)
        except BackendUnavailable as error:
            unavailable.append(error)
            reject()
        except NotApplicable:
            stats.skipped += 1
            reject()
        except Exception as error:  # a crash is a finding, not the end of the fuzz run
            return {CRASH: (one_line(error),)}
        case = Case(scenario, outcome, account, lambda other: _rerun(backend, other, is_reference),
                    None if is_reference else reference, tolerance)
        problems = {n: tuple(found) for n in selected if (found := INVARIANTS[n].check(case))}
        if problems and known is not None and known.covers(problems):
            stats.known += 1
            return {}
        return problems

    @settings(max_examples=examples, database=None, deadline=None, derandomize=False,
              suppress_health_check=list(HealthCheck), phases=(Phase.generate, Phase.shrink),
              report_multiple_bugs=False, print_blob=False, verbosity=Verbosity.quiet)
    @hypothesis_seed(seed)
    @given(scenarios(Shape.of(backend, max_events)))
    def check(scenario: Scenario) -> None:
        problems = judge(scenario)
        shrinking = bool(stats.failing)
        if shrinking:
            stats.shrink_steps += 1
        else:
            stats.examples += 1
        if problems and not shrinking:
            stats.failing.update(problems.keys())
        for listener in listeners:
            listener(Progress(stats.examples, examples, shrinking or bool(problems)))
        if problems:
            raise _broken(next(iter(problems)))(scenario, problems)

    started = time.perf_counter()
    failure = None
    try:
        with with_reporter(lambda message: None):
            check()
    except Broken as broken:
        failure = Failure(broken.scenario, next(iter(broken.problems)), broken.problems)
    except Unsatisfiable:
        if not unavailable:
            raise
    finally:
        stats.seconds = time.perf_counter() - started
    if unavailable:
        raise unavailable[0]
    return FuzzResult(name, seed, selected, tolerance, stats, failure)


def _rerun(backend, scenario: Scenario, is_reference: bool) -> Outcome:
    return reference_run(scenario) if is_reference else backend.run(scenario)
