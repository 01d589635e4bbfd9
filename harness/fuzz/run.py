"""Generate scenarios for one backend, judge them, and shrink what fails.

Each example is a genome (harness.fuzz.genome) of random bytes derived from
the seed and the example's number, decoded into a scenario, run on the
backend (and, for the differential, on the reference engine) and judged by
the selected invariants. The first failing example, in example order, is
handed to hypothesis to shrink: `hypothesis.find` replays it from an example
database held in memory and shrinks the genome to the smallest that still
breaks the same invariant; the shrunk scenario comes back as a `Failure`.

Why the examples are not drawn by hypothesis: a profile showed its
bookkeeping per generated example (about 1 ms whatever is drawn) costing
more than judging the example on the reference, so the examples come from
a plain seeded generator and hypothesis does what only it does well, the
shrinking. Runs are reproducible: the same seed gives the same examples, the
same failure and the same shrunk case, with or without `workers` (example
`i` is the same genome on any worker; the first failure is the one with the
lowest number). Progress and statistics go to listeners, as in
`harness.runner`, so the CLI and tests watch the same run."""

from __future__ import annotations

import functools
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Iterable, Iterator, Sequence

from hypothesis import HealthCheck, Phase, Verbosity, core as hypothesis_core, find, settings
from hypothesis.database import InMemoryExampleDatabase, choices_to_bytes
from hypothesis.errors import NoSuchExample

from harness.adapters import unsupported
from harness.adapters.errors import BackendUnavailable, NotApplicable
from harness.engine import run as reference_run
from harness.engine.errors import ScenarioError
from harness.fuzz.genome import EVENT, HEADER, Shape, decode, decode_with_timeline
from harness.fuzz.invariants import INVARIANTS, Case
from harness.fuzz.known import Known
from harness.fuzz.strategies import genomes
from harness.fuzz.timeline import Timeline, timeline
from harness.model import Outcome, Scenario
from harness.runner import backend_name, one_line
from harness.parallel import ordered_map

#: The pseudo-invariant of a backend that raised instead of answering.
CRASH = "crash"
#: Examples tried per example asked for, when the backend cannot express some (they are skipped).
ATTEMPTS = 10
#: The key the failing genome is stored under for hypothesis to replay and shrink.
_KEY = b"prorata-fuzz"


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


# what judging one scenario came to (besides a dict of problems)
SKIPPED, INVALID, KNOWN = "skipped", "invalid", "known"


@dataclass(frozen=True)
class Judge:
    """Judges scenarios on one backend; picklable where processes do not fork."""

    backend: object
    selected: tuple[str, ...]
    is_reference: bool
    tolerance: Decimal
    known: Known | None

    def __call__(self, scenario: Scenario, account: Timeline | None = None
                 ) -> dict[str, tuple[str, ...]] | str | BackendUnavailable:
        """The verdict on `scenario`; `account` is its timeline if the decoder kept it."""
        backend = self.backend
        if unsupported(backend, scenario):
            return SKIPPED
        try:
            reference = reference_run(scenario)
            if account is None:
                account = timeline(scenario)
        except ScenarioError:
            return INVALID
        try:
            outcome = reference if self.is_reference else backend.run(scenario)
        except BackendUnavailable as error:
            return error
        except NotApplicable:
            return SKIPPED
        except Exception as error:  # a crash is a finding, not the end of the fuzz run
            return {CRASH: (one_line(error),)}
        case = Case(scenario, outcome, account, functools.partial(_rerun, backend, is_reference=self.is_reference),
                    None if self.is_reference else reference, self.tolerance)
        problems = {n: tuple(found) for n in self.selected if (found := INVARIANTS[n].check(case))}
        if problems and self.known is not None and self.known.covers(problems):
            return KNOWN
        return problems


def genome(seed: int, index: int, shape: Shape) -> bytes:
    """Example `index` of the run seeded `seed`: 1 to max_events event slots, uniformly."""
    rng = random.Random(f"{seed}/{index}")
    return rng.randbytes(HEADER + EVENT * (1 + rng.randrange(shape.max_events)))


def _example(index: int, seed: int, shape: Shape, judge: Judge):
    """(genome, verdict) of example `index`: what a worker sends back."""
    drawn = genome(seed, index, shape)
    return drawn, judge(*decode_with_timeline(drawn, shape))


def fuzz(
    backend,
    *,
    examples: int = 200,
    seed: int = 0,
    max_events: int = 10,
    invariants: Sequence[str] = (),
    known: Known | None = None,
    listeners: Iterable[Callable[[object], None]] = (),
    workers: int = 1,
) -> FuzzResult:
    """Fuzz `backend` (an opened adapter or any object with `run`).
    `invariants` selects checks by name (all by default); a failure whose
    differential differences all match a `known` deviation does not count.
    `workers` > 1 judges examples on that many processes, for a backend that
    declares `pure` (ValueError otherwise); the result is the same.
    BackendUnavailable propagates: nothing can be judged."""
    name = backend_name(backend)
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if workers > 1 and not getattr(backend, "pure", False):
        raise ValueError(f"backend {name!r} is fuzzed one example at a time; run it without workers")
    selected = tuple(invariants) or tuple(INVARIANTS)
    is_reference = name == "reference"
    if is_reference:
        selected = tuple(n for n in selected if n != "differential")
    tolerance = Decimal(getattr(backend, "tolerance", 0))
    judge = Judge(backend, selected, is_reference, tolerance, known)
    shape = Shape.of(backend, max_events)
    stats = Stats()
    listeners = tuple(listeners)

    def emit(shrinking: bool) -> None:
        for listener in listeners:
            listener(Progress(stats.examples, examples, shrinking))

    started = time.perf_counter()
    failure = None
    try:
        for drawn, verdict in _verdicts(functools.partial(_example, seed=seed, shape=shape, judge=judge),
                                        examples, workers):
            if isinstance(verdict, BackendUnavailable):
                raise verdict
            if verdict in (SKIPPED, INVALID):
                stats.skipped += verdict == SKIPPED
                stats.invalid += verdict == INVALID
                continue
            stats.examples += 1
            stats.known += verdict == KNOWN
            problems = verdict if isinstance(verdict, dict) else {}
            emit(bool(problems))
            if problems:
                stats.failing.update(problems.keys())
                failure = _shrink(drawn, problems, shape, judge, seed, stats, emit)
                break
            if stats.examples == examples:
                break
    finally:
        stats.seconds = time.perf_counter() - started
    return FuzzResult(name, seed, selected, tolerance, stats, failure)


def _verdicts(example: Callable[[int], tuple], examples: int, workers: int) -> Iterator[tuple]:
    """(genome, verdict) of examples 0, 1, 2, ... in order, up to ATTEMPTS
    times `examples` (skipped ones do not count towards the budget); the
    caller stops reading once it has what it needs."""
    for start in range(0, ATTEMPTS * examples, examples):
        indices = range(start, start + examples)
        if workers > 1:
            yield from ordered_map(example, indices, workers)
        else:
            yield from map(example, indices)


def _shrink(drawn: bytes, problems: dict[str, tuple[str, ...]], shape: Shape, judge: Judge, seed: int,
            stats: Stats, emit: Callable[[bool], None]) -> Failure:
    """The smallest genome hypothesis finds, starting from `drawn`, that still
    breaks the invariant `drawn` broke first (not just any invariant)."""
    invariant = next(iter(problems))
    last = [(decode(drawn, shape), problems)]

    def still_breaks(candidate: bytes) -> bool:
        scenario, account = decode_with_timeline(candidate, shape)
        verdict = judge(scenario, account)
        stats.shrink_steps += 1
        emit(True)
        if isinstance(verdict, BackendUnavailable):
            raise verdict
        if isinstance(verdict, dict) and verdict and next(iter(verdict)) == invariant:
            last[0] = (scenario, verdict)
            return True
        return False

    database = InMemoryExampleDatabase()
    # under the key of examples that failed before being shrunk: one stored under the plain key counts as
    # shrunk already and is only replayed
    database.save(_KEY + b".secondary", choices_to_bytes((drawn,)))
    shrinking = settings(database=database, phases=(Phase.reuse, Phase.shrink), deadline=None,
                         suppress_health_check=list(HealthCheck), verbosity=Verbosity.quiet, print_blob=False)
    # `find(random=...)` and `@seed` turn the database off, so the shrinker's own randomness is seeded the way
    # pytest's --hypothesis-seed seeds it: the same seed, the same shrunk case.
    forced = hypothesis_core.global_force_seed
    hypothesis_core.global_force_seed = seed
    try:
        find(genomes(shape), still_breaks, settings=shrinking, database_key=_KEY)
    except NoSuchExample:  # the backend did not fail again on the same scenario: report it unshrunk
        pass
    finally:
        hypothesis_core.global_force_seed = forced
    scenario, found = last[0]
    return Failure(scenario, invariant, found)


def _rerun(backend, scenario: Scenario, is_reference: bool) -> Outcome:
    return reference_run(scenario) if is_reference else backend.run(scenario)
