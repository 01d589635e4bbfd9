"""The core pack catches every canary (issue #3): a mutant of the reference
engine with one injected bug must fail the pack, on a scenario whose numbers
were checked by hand, with a difference a reviewer can read.

The control is the unmutated reference passing the whole pack, so a failure
here is the bug's, not the pack's. Each mutant must also pass some scenarios
and crash on none: a canary is one targeted bug, not a broken engine."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

from harness.adapters import Adapter, ReferenceBackend
from harness.engine import lines
from harness.engine.simulation import Simulation
from harness.packs import load_pack
from harness.runner import Status, run_pack
from tests.adapters.canaries import mutants

CORE = Path(__file__).resolve().parents[3] / "scenario_packs" / "core"


class Catch(NamedTuple):
    mutant: type[mutants.Mutant]
    scenario: str  # a scenario that must fail; its math checked by hand
    says: str  # part of one of its differences, as str(difference) words it


CATCHES = (
    # Apr 16 upgrade basic -> pro: 15 of 30 days unused, credit 10.00 x 15/30 = 5.00;
    # the mutant gives back the whole 10.00.
    Catch(mutants.WholePeriodCredit, "upgrade-halfway", "expected proration_credit basic -5.00, got -10.00"),
    # Signup Apr 16, anchor May 1: 100.00 x 15/30 = 50.00; 16/30 gives 53.33.
    Catch(mutants.OneDayTooMany, "signup-prorated-100-apr16", "expected proration_charge plan-100 50.00, got 53.33"),
    # 9.99 x 5/30 = 1.665 exactly, half_even -> 1.66; as a float it is 1.66500000000000003..., no
    # longer a tie, so it rounds to 1.67.
    Catch(mutants.RoundThroughFloat, "rounding-half-even-credit", "expected proration_credit odd -1.66, got -1.67"),
    # The Apr 20 retry (same id, now to plan-b) is applied: credit pro 30.00 x 11/30 = 11.00,
    # charge plan-b 60.00 x 11/30 = 22.00, an extra invoice of 11.00.
    Catch(mutants.RetryPostedTwice, "retry-same-period", "issued but not expected (total 11.00"),
    # Immediate prorated cancel Apr 21: 10 of 30 days of pro, invoice total -10.00, not issued.
    Catch(mutants.NegativeInvoiceDropped, "cancel-immediately-prorated", "expected but not issued (total -10.00"),
    # The item was billed 9.99 (odd) before the suppressed odd -> basic change; the credit on
    # basic -> pro is capped at 9.99, the mutant credits basic's full 10.00.
    Catch(mutants.CreditUncapped, "credit-cap-after-suppressed-upgrade", "expected proration_credit basic -9.99, got -10.00"),
    # pro -> basic Apr 16 should wait for May 1; billed now: credit 15.00, charge 5.00, total -10.00.
    Catch(mutants.DowngradeBilledNow, "downgrade-next-period", "issued but not expected (total -10.00"),
)

assert {catch.mutant for catch in CATCHES} == set(mutants.MUTANTS), "every mutant needs its catch"


@pytest.fixture(scope="module")
def pack():
    return load_pack(CORE)


def failures(run) -> dict:
    return {result.id: result for result in run.results if result.status is Status.FAILED}


def test_reference_passes_the_whole_core_pack(pack):
    run = run_pack(pack, ReferenceBackend())
    assert run.ok
    assert run.summary["passed"] == len(pack.scenarios) > 0


def test_mutants_are_adapters_with_distinct_names():
    names = [mutant.name for mutant in mutants.MUTANTS]
    assert all(issubclass(mutant, Adapter) for mutant in mutants.MUTANTS)
    assert all(names) and len(set(names)) == len(names) == 7
    assert "reference" not in names


@pytest.mark.parametrize("catch", CATCHES, ids=[catch.mutant.name for catch in CATCHES])
def test_core_pack_catches_mutant(pack, catch):
    run = run_pack(pack, catch.mutant())

    assert not run.ok
    failed = failures(run)
    assert catch.scenario in failed, f"{catch.scenario} passed; failed: {sorted(failed)}"
    texts = [str(difference) for difference in failed[catch.scenario].differences]
    assert any(catch.says in text for text in texts), texts
    # one targeted bug: the rest of the engine still works
    assert run.summary["errors"] == 0
    assert run.summary["passed"] > 0


@pytest.mark.parametrize("catch", CATCHES, ids=[catch.mutant.name for catch in CATCHES])
def test_mutant_documents_differ_from_reference(pack, catch):
    """Independent of the comparison: the mutant really issues other documents."""
    scenario = next(s for s in pack.scenarios if s.id == catch.scenario)
    assert catch.mutant().run(scenario).documents != ReferenceBackend().run(scenario).documents


@pytest.mark.parametrize("mutant", [m for m in mutants.MUTANTS if m.patch is not mutants.Mutant.patch])
def test_patched_builders_are_restored_even_when_the_run_fails(pack, mutant):
    class Exploding(Simulation):
        def run(self):
            raise RuntimeError("boom")

    class Failing(mutant):
        simulation = Exploding

    before = {name: getattr(lines, name) for name in ("unused", "prorated", "fraction")}
    with pytest.raises(RuntimeError, match="boom"):
        Failing().run(pack.scenarios[0])
    assert {name: getattr(lines, name) for name in before} == before
    assert run_pack(pack, ReferenceBackend()).ok
