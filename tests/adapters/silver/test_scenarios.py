"""Real scenarios through django-silver, and the whole core pack against the
committed ledger."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from harness.model import LineKind
from harness.packs import load_ledger, load_pack
from harness.runner import run_pack
from harness.runner.core import Status, run_scenario


@pytest.fixture(scope="module")
def core():
    return load_pack("scenario_packs/core")


def test_a_prorated_signup_matches_the_policy(silver, core):
    result = run_scenario(core.scenario("signup-prorated-100-apr16"), silver, lint=False)
    assert result.status is Status.PASSED, result.differences  # the amounts match; the wording does not (ledger)
    (invoice,) = result.outcome.invoices
    (line,) = invoice.lines
    assert (line.kind, line.plan, line.amount) == (LineKind.PRORATION_CHARGE, "plan-100", Decimal("50.00"))
    assert line.description.startswith("Business Plan month Prorated Subscription")


def test_an_upgrade_in_silver_charges_the_new_plan_without_crediting_the_old(silver, core):
    result = run_scenario(core.scenario("upgrade-halfway"), silver)
    assert result.status is Status.FAILED  # judged without the ledger
    first, upgrade = result.outcome.invoices
    assert [line.kind for line in upgrade.lines] == [LineKind.PRORATION_CHARGE]
    assert (upgrade.lines[0].plan, upgrade.total) == ("pro", Decimal("15.00"))
    assert any("missing line proration_credit basic" in str(d) for d in result.differences)


def test_scenarios_do_not_leak_into_each_other(silver, core):
    scenario = core.scenario("usage-two-periods")
    first, second = run_scenario(scenario, silver), run_scenario(scenario, silver)
    assert first.status is second.status is Status.PASSED
    assert [d.number for d in first.outcome.documents] == [d.number for d in second.outcome.documents]


def test_the_core_pack_runs_against_the_committed_ledger(silver, core):
    ledger = load_ledger(core.meta.source, core.name, "silver")
    started = time.perf_counter()
    run = run_pack(core, silver, ledger=ledger)
    elapsed = time.perf_counter() - started
    summary = run.summary
    problems = [f"{r.id}: {r.status.value} {r.error} {[str(d) for d in r.differences]}"
                for r in run.results if r.status in (Status.FAILED, Status.ERROR)]
    assert not problems, "\n".join(problems)
    assert summary["passed"] >= 4 and summary["deviations"] >= 40 and summary["not_applicable"] >= 15
    print(f"\nsilver core pack: {summary} in {elapsed:.1f} s")
