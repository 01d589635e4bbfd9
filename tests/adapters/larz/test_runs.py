"""Core scenarios run through the real larzsubscription library, in process:
the documents it produces, normalised, line by line."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal

import pytest

from harness.adapters.larz import LarzBackend
from harness.model import Cancel, ChangePlan, DocumentKind, Event, LineKind
from harness.packs import load_pack


@pytest.fixture(scope="module")
def pack():
    return load_pack("scenario_packs/core")


def run(pack, scenario_id):
    with LarzBackend() as backend:
        return backend.run(pack.scenario(scenario_id))


def day(text):
    return datetime.fromisoformat(f"{text}T00:00:00+00:00")


def rows(outcome):
    """(date, kind, plan, amount, period start, period end, description) per line."""
    return [
        (
            str(document.date.date()),
            line.kind.value,
            line.plan,
            str(line.amount),
            str(line.period.start.date()),
            str(line.period.end.date()),
            line.description,
        )
        for document in outcome.documents
        for line in document.lines
    ]


def test_upgrade_halfway_is_one_net_charge(pack):
    outcome = run(pack, "upgrade-halfway")
    assert rows(outcome) == [
        ("2026-04-01", "recurring", "basic", "10.00", "2026-04-01", "2026-05-01", "initial"),
        ("2026-04-16", "proration_charge", "pro", "10.00", "2026-04-16", "2026-05-01", "plan change to pro"),
    ]
    assert [document.kind for document in outcome.documents] == [DocumentKind.INVOICE] * 2
    assert [document.stated_total for document in outcome.documents] == [Decimal("10.00"), Decimal("10.00")]
    assert outcome.documents[1].date == day("2026-04-16")


def test_immediate_downgrade_posts_a_net_credit_on_an_invoice(pack):
    outcome = run(pack, "downgrade-immediately-prorated")
    assert rows(outcome)[1] == (
        "2026-04-11", "proration_credit", "basic", "-13.33", "2026-04-11", "2026-05-01", "plan change to basic"
    )
    assert outcome.documents[1].kind is DocumentKind.INVOICE
    assert outcome.documents[1].total == Decimal("-13.33")


def test_renewal_comes_every_30_days_not_every_month(pack):
    outcome = run(pack, "signup-plain-first-period")  # Mar 1 start, horizon Apr 1
    assert rows(outcome) == [
        ("2026-03-01", "recurring", "pro", "30.00", "2026-03-01", "2026-03-31", "initial"),
        ("2026-03-31", "recurring", "pro", "30.00", "2026-03-31", "2026-04-30", "renewal"),
    ]


def test_immediate_cancel_refunds_nothing(pack):
    outcome = run(pack, "cancel-immediately-prorated")
    assert rows(outcome) == [("2026-04-01", "recurring", "pro", "30.00", "2026-04-01", "2026-05-01", "initial")]


def test_cancel_at_period_end_stops_renewals(pack):
    outcome = run(pack, "cancel-end-of-period")  # until Jun 1: larz would renew May 1 and May 31
    assert [document.reason for document in outcome.documents] == ["initial"]


def test_yen_fraction_is_kept_as_larz_charged_it(pack):
    outcome = run(pack, "currency-jpy-upgrade")
    amounts = [line.amount for document in outcome.documents for line in document.lines]
    assert amounts == [Decimal("1000"), Decimal("466.67")]
    assert {document.currency for document in outcome.documents} == {"JPY"}


def test_retry_reaches_larz_again_and_says_so(pack):
    outcome = run(pack, "retry-same-period")
    assert rows(outcome)[2] == (
        "2026-04-20", "proration_charge", "plan-b", "11.00", "2026-04-20", "2026-05-01", "plan change to plan-b"
    )
    assert [(note.event_index, "no idempotency key" in note.text) for note in outcome.notes] == [(1, True)]


def test_interval_change_keeps_the_monthly_period_end(pack):
    outcome = run(pack, "interval-monthly-to-yearly-immediately")
    assert rows(outcome)[1] == (
        "2026-04-16", "proration_charge", "yearly", "145.00", "2026-04-16", "2026-05-01", "plan change to yearly"
    )


def test_every_runnable_core_scenario_gives_exact_aware_documents(pack):
    """No float, no naive instant, only pack plan ids, one line per larz invoice."""
    backend = LarzBackend()
    ran = 0
    for scenario in pack.scenarios:
        if backend.unsupported(scenario):
            continue
        outcome = backend.run(scenario)
        ran += 1
        for document in outcome.documents:
            assert document.date.tzinfo is not None, scenario.id
            assert len(document.lines) == 1 and type(document.stated_total) is Decimal
            line = document.lines[0]
            assert type(line.amount) is Decimal and line.amount == document.stated_total, scenario.id
            assert line.plan in scenario.pack.catalog, scenario.id
            assert line.period.start.tzinfo is not None and line.period.start < line.period.end
            assert line.kind in {LineKind.RECURRING, LineKind.PRORATION_CHARGE, LineKind.PRORATION_CREDIT}
    assert ran >= 40


def test_an_event_larz_refuses_becomes_a_note(pack):
    """March: larz's 30-day period ends Mar 31, the calendar month Apr 1. A plan
    change on Mar 31 after a cancel at period end reaches an expired larz
    subscription, which refuses it; the run goes on and says why."""
    base = pack.scenario("cancel-end-of-period")
    scenario = dataclasses.replace(
        base,
        start=dataclasses.replace(base.start, date=date(2026, 3, 1), anchor=date(2026, 3, 1)),
        events=(
            Event(day("2026-03-10"), Cancel(), index=0),
            Event(day("2026-03-31"), ChangePlan("pro"), index=1),
        ),
        until=None,
    )
    outcome = LarzBackend().run(scenario)
    assert [document.reason for document in outcome.documents] == ["initial"]
    assert [(note.event_index, note.text) for note in outcome.notes] == [
        (1, "larz refused it: cannot change plan on a expired subscription")
    ]
