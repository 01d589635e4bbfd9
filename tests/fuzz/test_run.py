"""`fuzz(backend, ...)`: a bounded, reproducible hypothesis run judged by the
invariants. The reference holds on every generated scenario (and every one
is valid); a seeded run against a mutant gives the same shrunk scenario
each time; `invariants=` selects checks; known deviations are passed over;
a backend's declared limits shape what is drawn."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings

from harness.adapters import Adapter, BackendUnavailable, Capabilities, Limit, ReferenceBackend
from harness.engine import run as reference_run
from harness.fuzz.known import Known, shape
from harness.fuzz.run import CRASH, Progress, fuzz
from harness.fuzz.strategies import Shape, scenarios
from harness.model import Deviation, Ledger, Outcome, Scenario, Usage
from tests.adapters.canaries.mutants import RoundThroughFloat

SEED = 3  # RoundThroughFloat is found within 300 examples with this seed


@pytest.fixture(scope="module")
def reference_run_300():
    events: list[Progress] = []
    return fuzz(ReferenceBackend(), examples=300, seed=0, listeners=[events.append]), events


@pytest.fixture(scope="module")
def mutant_runs():
    return [fuzz(RoundThroughFloat(), examples=300, seed=SEED) for _ in range(2)]


def test_the_reference_holds_on_300_examples(reference_run_300) -> None:
    result, _ = reference_run_300
    assert result.failure is None, result.failure and result.failure.problems
    assert result.stats.examples == 300
    assert result.stats.invalid == 0  # the generator draws only scenarios the engine accepts
    assert result.stats.skipped == 0  # the reference declares no limits
    assert result.stats.shrink_steps == 0 and not result.stats.failing
    assert result.backend == "reference" and result.seed == 0
    assert "differential" not in result.invariants  # the reference is not compared with itself
    assert set(result.invariants) == {"segments", "credit-cap", "retry", "minor-units", "totals", "after-cancel",
                                      "periods", "dates"}


def test_listeners_see_every_example(reference_run_300) -> None:
    _, events = reference_run_300
    assert len(events) == 300
    assert [e.examples for e in events] == list(range(1, 301))
    assert {e.target for e in events} == {300} and not any(e.shrinking for e in events)


def test_the_same_seed_gives_the_same_shrunk_failure(mutant_runs) -> None:
    first, second = mutant_runs
    assert first.failure is not None and second.failure is not None
    assert first.failure.scenario == second.failure.scenario
    assert first.failure.problems == second.failure.problems
    assert first.stats.examples == second.stats.examples
    assert first.stats.shrink_steps == second.stats.shrink_steps
    assert first.failure.invariant == "differential"
    assert first.stats.failing == {"differential": 1}
    # the shrunk scenario still fails, and only on the mutant
    assert RoundThroughFloat().run(first.failure.scenario) != reference_run(first.failure.scenario)


def test_selected_invariants_only(mutant_runs) -> None:
    """The float rounding changes amounts, never the order of documents: with
    only `dates` checked, the mutant that the full run catches passes."""
    assert mutant_runs[0].failure is not None
    result = fuzz(RoundThroughFloat(), examples=200, seed=SEED, invariants=("dates",))
    assert result.invariants == ("dates",)
    assert result.failure is None
    assert result.stats.examples == 200 and not result.stats.failing


def _ledger(texts) -> Ledger:
    return Ledger(RoundThroughFloat.name, "fuzz", (
        Deviation("float-rounding", "rounds from a binary float", tuple(texts), date(2026, 1, 1)),))


def test_known_deviations_are_passed_over(mutant_runs) -> None:
    failure = mutant_runs[0].failure
    found = failure.problems["differential"]
    # the same kinds of difference (amounts and totals off by rounding) on any document and line kind
    every_amount = [f"{document} of 2026-04-16: expected {kind} plan 1.00, got 1.01"
                    for document in ("invoice", "credit note")
                    for kind in ("recurring", "proration_charge", "proration_credit", "usage")]
    every_amount += [f"{document} of 2026-04-16: expected total 1.00, got 1.01" for document in ("invoice", "credit note")]
    known = Known.of([_ledger([*found, *every_amount])])
    assert {shape(text) for text in found} <= known.entries[0][1]
    assert known.match(failure.problems) == "fuzz:float-rounding"

    result = fuzz(RoundThroughFloat(), examples=300, seed=SEED, known=known)
    assert result.failure is None
    assert result.stats.known > 0
    assert result.stats.examples == 300


def test_a_deviation_of_another_shape_is_not_known(mutant_runs) -> None:
    failure = mutant_runs[0].failure
    other = Known.of([_ledger(["invoice of 2026-04-16: missing line proration_credit basic x1 "
                               "[2026-04-16, 2026-05-01) -5.00"])])
    assert other.match(failure.problems) is None
    assert Known.of([_ledger(failure.problems["differential"])]).covers({"segments": ("x",)}) is False
    assert Known.of([]).entries == () and Known.of([]).match(failure.problems) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("invoice of 2026-04-16: missing line proration_credit basic x1 [2026-04-16, 2026-05-01) -5.00",
     "invoice: missing line proration_credit"),
    ("invoice of 2026-05-01 (2nd): unexpected line recurring pro x1 [2026-05-01, 2026-06-01) 30.00",
     "invoice: extra line recurring"),
    ("credit note of 2026-04-16: expected but not issued (total -5.00: proration_credit basic x1 "
     "[2026-04-16, 2026-05-01) -5.00)", "credit note: missing document"),
    ("invoice of 2026-04-16: issued but not expected (total 11.00: proration_charge plan-b x1 "
     "[2026-04-20, 2026-05-01) 22.00)", "invoice: extra document"),
    ("credit note of 2026-04-16 (3rd): expected total -5.00, got -5.01", "credit note: total differs"),
    ("invoice of 2026-04-16: expected proration_credit basic -5.00, got -10.00", "invoice: proration_credit differs"),
    ("invoice of 2026-04-16: expected proration_charge pro 15.00, got 15.01: rounding up vs half_up?",
     "invoice: proration_charge differs"),
    ("invoice of 2026-04-16: expected recurring pro [2026-04-16, 2026-05-16), got [2026-04-17, 2026-05-17)",
     "invoice: recurring differs"),
    ("something no comparison says", "something no comparison says"),
])
def test_shape(text: str, expected: str) -> None:
    assert shape(text) == expected


def test_shapes_forget_dates_and_amounts() -> None:
    assert shape("invoice of 2026-04-16: expected proration_credit basic -5.00, got -10.00") == \
        shape("invoice of 2027-01-31 (2nd): expected proration_credit pro -1.00, got -1.01")


# -- what a backend declares it cannot do is never drawn -----------------------------------------


class NoMetering(Adapter):
    name = "no-metering"
    capabilities = Capabilities((Limit.excluding("event", {"usage"}, "no metered plans"),))

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[Scenario] = []

    def run(self, scenario: Scenario) -> Outcome:
        self.seen.append(scenario)
        return reference_run(scenario)


def _metered(scenario: Scenario) -> bool:
    return any(isinstance(event.action, Usage) for event in scenario.events) or any(
        scenario.pack.catalog[item.plan].metered for item in scenario.start.items)


def test_the_generator_draws_usage_when_allowed() -> None:
    """The control: without the limit, usage is drawn (so its absence below means something)."""
    seen: list[Scenario] = []

    @settings(max_examples=150, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(scenarios(Shape.of(ReferenceBackend())))
    def draw(scenario: Scenario) -> None:
        seen.append(scenario)

    draw()
    assert any(_metered(s) and any(isinstance(e.action, Usage) for e in s.events) for s in seen)


def test_a_declared_limit_is_never_drawn() -> None:
    backend = NoMetering()
    shape_ = Shape.of(backend)
    assert not shape_.allows("event", "usage") and shape_.allows("event", "cancel")

    @settings(max_examples=150, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(scenarios(shape_))
    def draw(scenario: Scenario) -> None:
        assert not _metered(scenario)

    draw()

    result = fuzz(backend, examples=100, seed=0)
    assert result.failure is None
    assert result.stats.skipped == 0  # nothing drawn had to be thrown away
    assert len(backend.seen) >= 100  # each example, and the retry check's reruns
    assert not any(_metered(s) for s in backend.seen)


# -- backends that do not answer ----------------------------------------------------------------


class Crashing(Adapter):
    name = "crashing"

    def run(self, scenario: Scenario) -> Outcome:
        raise RuntimeError("the vendor returned HTTP 500")


class Gone(Adapter):
    name = "gone"

    def run(self, scenario: Scenario) -> Outcome:
        raise BackendUnavailable("connection refused")


def test_a_crash_is_a_failure() -> None:
    result = fuzz(Crashing(), examples=20, seed=0)
    assert result.failure is not None
    assert result.failure.invariant == CRASH
    assert result.failure.problems == {CRASH: ("RuntimeError: the vendor returned HTTP 500",)}
    assert len(result.failure.scenario.events) == 1  # shrunk to the smallest scenario


def test_an_unavailable_backend_ends_the_run() -> None:
    with pytest.raises(BackendUnavailable, match="connection refused"):
        fuzz(Gone(), examples=20, seed=0)


def test_tolerance_is_the_adapters() -> None:
    class Lenient(ReferenceBackend):
        name = "lenient"
        tolerance = Decimal("0.02")

    result = fuzz(Lenient(), examples=5, seed=0)
    assert result.tolerance == Decimal("0.02") and "differential" in result.invariants
    assert result.failure is None


# -- workers -----------------------------------------------------------------------------------


def test_workers_give_the_same_result(mutant_runs) -> None:
    """Example i is the same genome on any worker and the first failure is the
    lowest-numbered one, so two processes find and shrink exactly what one does."""
    class PureMutant(RoundThroughFloat):
        pure = True

    one = mutant_runs[0]
    two = fuzz(PureMutant(), examples=300, seed=SEED, workers=2)
    assert two.failure is not None and two.failure.scenario == one.failure.scenario
    assert two.failure.problems == one.failure.problems
    assert (two.stats.examples, two.stats.shrink_steps) == (one.stats.examples, one.stats.shrink_steps)
    reference = fuzz(ReferenceBackend(), examples=120, seed=1, workers=2)
    assert reference.failure is None and reference.stats.examples == 120


def test_workers_need_a_pure_backend() -> None:
    with pytest.raises(ValueError, match="without workers"):
        fuzz(RoundThroughFloat(), examples=5, workers=2)
