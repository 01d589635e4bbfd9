"""Core scenarios run for real through localstripe (one server per session)."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from harness.adapters.localstripe import LocalstripeBackend
from harness.model import DocumentKind, LineKind, Period
from harness.packs import load_ledger
from harness.runner.core import Status, run_pack, run_scenario


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def test_plain_signup_passes(localstripe, core_pack):
    result = run_scenario(core_pack.scenario("signup-plain-first-period"), localstripe)
    assert result.status is Status.PASSED, result.differences
    (invoice,) = result.outcome.documents
    assert invoice.date == utc(2026, 3, 1)
    assert invoice.lines[0].description == "Pro"  # localstripe's own wording is kept


def test_cancellations_without_credit_pass(localstripe, core_pack):
    for scenario_id in ("cancel-end-of-period", "cancel-immediately-no-proration"):
        result = run_scenario(core_pack.scenario(scenario_id), localstripe)
        assert result.status is Status.PASSED, (scenario_id, result.differences, result.error)


def test_upgrade_halfway_is_billed_the_localstripe_way(localstripe, core_pack):
    """localstripe credits the whole earlier invoice and charges the new plan
    for the whole period: the documents say so, in the scenario's calendar."""
    outcome = localstripe.run(core_pack.scenario("upgrade-halfway"))
    signup, upgrade = outcome.documents
    assert signup.kind is DocumentKind.INVOICE and signup.date == utc(2026, 4, 1)
    assert [(l.kind, l.plan, l.amount, l.period) for l in signup.lines] == [
        (LineKind.RECURRING, "basic", Decimal("10.00"), Period(utc(2026, 4, 1), utc(2026, 5, 1))),
    ]
    assert upgrade.date == utc(2026, 4, 16) and upgrade.reason == "upgrade (event 1)"
    assert sorted((l.kind.value, l.plan, l.amount, l.period, l.description) for l in upgrade.lines) == [
        ("proration_credit", "basic", Decimal("-10.00"), Period(utc(2026, 4, 16), utc(2026, 4, 16)), "Unused time"),
        ("recurring", "pro", Decimal("30.00"), Period(utc(2026, 4, 1), utc(2026, 5, 1)), "Pro"),
    ]
    assert upgrade.stated_total == Decimal("20.00")


def test_negative_invoice_keeps_its_lines_and_localstripe_total(localstripe, core_pack):
    outcome = localstripe.run(core_pack.scenario("downgrade-immediately-prorated"))
    downgrade = outcome.documents[-1]
    assert downgrade.kind is DocumentKind.INVOICE  # no credit notes in localstripe
    assert sum(line.amount for line in downgrade.lines) == Decimal("-20.00")
    assert downgrade.stated_total == Decimal("0.00")  # localstripe never prints a negative total


def test_zero_decimal_currency(localstripe, core_pack):
    outcome = localstripe.run(core_pack.scenario("currency-jpy-upgrade"))
    assert outcome.documents[0].currency == "JPY"
    assert outcome.documents[0].lines[0].amount == Decimal("1000")


def test_renewals_are_not_applicable(localstripe, core_pack):
    reasons = localstripe.unsupported(core_pack.scenario("anchor-feb29-monthly"))
    assert any("feature=renewal" in reason and "never renews" in reason for reason in reasons)


def test_core_pack_with_the_committed_ledger_has_no_failures(localstripe, core_pack):
    ledger = load_ledger(core_pack.meta.source, core_pack.name, "localstripe")
    run = run_pack(core_pack, localstripe, ledger=ledger)
    summary = run.summary
    bad = [(r.id, r.status.value, r.error or r.note) for r in run.results if r.status in (Status.FAILED, Status.ERROR)]
    assert not bad
    assert summary["passed"] + summary["deviations"] > 0 and run.ok
    assert summary["deviations"] == len(ledger.deviations)


def test_a_pack_time_zone_is_the_server_time_zone(core_pack):
    """localstripe computes periods in its local time: a Berlin pack gets a
    server running in Berlin, and periods start at Berlin midnight."""
    import dataclasses
    from zoneinfo import ZoneInfo

    berlin = ZoneInfo("Europe/Berlin")
    scenario = core_pack.scenario("upgrade-halfway")
    scenario = dataclasses.replace(
        scenario,
        pack=dataclasses.replace(scenario.pack, timezone="Europe/Berlin"),
        events=tuple(dataclasses.replace(e, at=e.at.replace(tzinfo=berlin)) for e in scenario.events),
    )
    with LocalstripeBackend() as backend:
        outcome = backend.run(scenario)
        assert backend.server.tz == "Europe/Berlin"
    signup, upgrade = outcome.documents
    period = signup.lines[0].period
    assert period == Period(datetime(2026, 4, 1, tzinfo=berlin), datetime(2026, 5, 1, tzinfo=berlin))
    assert period.start == datetime(2026, 3, 31, 22, tzinfo=timezone.utc)  # not UTC midnight
    assert upgrade.date == datetime(2026, 4, 16, tzinfo=berlin)
