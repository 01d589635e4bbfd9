"""Reconciliation by change type: every scenario counted once, amounts per
currency, and a wrong amount from a backend shows as a delta in its row."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from decimal import Decimal

from harness.evidence import CHANGE_TYPES, change_type
from harness.evidence.reconciliation import expected_net, reconciliation, scenario_currency
from harness.runner import Status


def test_every_scenario_is_counted_once_under_its_type_and_currency(core_run):
    rows = reconciliation(core_run)
    counted = Counter({(row.change_type, row.currency): row.scenarios for row in rows})
    assert counted == Counter((change_type(r.scenario), scenario_currency(r.scenario)) for r in core_run.results)
    assert sum(row.scenarios for row in rows) == len(core_run.results)
    assert [CHANGE_TYPES.index(row.change_type) for row in rows] == sorted(CHANGE_TYPES.index(row.change_type) for row in rows)


def test_a_passing_reference_run_reconciles_to_zero_in_each_currency(core_run):
    rows = reconciliation(core_run)
    assert {row.currency for row in rows} == {"USD", "EUR", "JPY", "KWD"}
    for row in rows:
        assert row.ran == row.scenarios == row.statuses["passed"]
        assert row.delta == 0
        assert row.expected != 0


def test_expected_amounts_are_the_authors_not_the_engines(core_pack):
    scenario = next(s for s in core_pack.scenarios if s.id == "upgrade-halfway")
    assert expected_net(scenario) == Decimal("20.00")  # 10.00 at signup + 10.00 net at the upgrade
    only_total = replace(scenario, expect=replace(scenario.expect, invoices=None, credit_notes=None,
                                                  total_billed=Decimal("7.00")))
    assert expected_net(only_total) == Decimal("7.00")
    unchecked = replace(scenario, expect=replace(scenario.expect, invoices=None, credit_notes=None))
    assert expected_net(unchecked) is None


def _overbill(result, extra: Decimal):
    document = result.outcome.documents[-1]
    line = replace(document.lines[-1], amount=document.lines[-1].amount + extra)
    documents = (*result.outcome.documents[:-1], replace(document, lines=(*document.lines[:-1], line)))
    return replace(result, status=Status.FAILED, outcome=replace(result.outcome, documents=documents))


def test_an_overcharge_is_a_positive_delta_in_its_own_row_only(core_run):
    target = next(r for r in core_run.results if r.id == "upgrade-halfway")
    results = tuple(_overbill(r, Decimal("2.50")) if r is target else r for r in core_run.results)
    rows = {(row.change_type, row.currency): row for row in reconciliation(replace(core_run, results=results))}
    upgrade = rows["upgrade", "USD"]
    assert upgrade.delta == Decimal("2.50")
    assert upgrade.statuses["failed"] == 1
    assert all(row.delta == 0 for key, row in rows.items() if key != ("upgrade", "USD"))


def test_scenarios_without_an_outcome_are_counted_but_not_summed(core_run):
    target = next(r for r in core_run.results if r.id == "upgrade-halfway")
    errored = replace(target, status=Status.ERROR, outcome=None, error="ConnectionError: refused")
    results = tuple(errored if r is target else r for r in core_run.results)
    before = {(row.change_type, row.currency): row for row in reconciliation(core_run)}["upgrade", "USD"]
    after = {(row.change_type, row.currency): row for row in reconciliation(replace(core_run, results=results))}["upgrade", "USD"]
    assert (after.scenarios, after.ran, after.statuses["errors"]) == (before.scenarios, before.ran - 1, 1)
    assert after.expected == before.expected - Decimal("20.00")
    assert after.delta == 0
