"""The timeline (harness.fuzz.timeline) is a second reading of the policy,
written apart from the engine. Where both are right they agree: on every
hand-checked scenario of the core pack the timeline's exact total is within
one minor unit per line of what the engine billed. The hand cases pin the
periods, ends and retries the invariants lean on."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from harness import engine
from harness.fuzz.timeline import Unreadable, timeline
from harness.model import Cancel, CancelRule, ChangeAnchor, ChangePlan, Effective
from harness.packs import load_pack
from tests.engine.builders import at, scenario, with_policy

CORE = Path(__file__).resolve().parents[2] / "scenario_packs" / "core"
PACK = load_pack(CORE)


def test_the_core_pack_is_all_there() -> None:
    assert len(PACK.scenarios) >= 85  # the hand-checked scenarios this agreement was first shown on


def exact_total(account) -> tuple[Fraction, int]:
    billed = [period.billed_by(account.horizon) for period in account.periods]
    return sum((amount for amount, _ in billed), Fraction(0)), sum(lines for _, lines in billed)


@pytest.mark.parametrize("scenario", PACK.scenarios, ids=lambda s: s.id)
def test_timeline_total_agrees_with_the_engine(scenario) -> None:
    account = timeline(scenario)
    exact, lines = exact_total(account)
    outcome = engine.run(scenario)
    engine_lines = sum(len(document.lines) for document in outcome.documents)
    slack = max(lines, engine_lines) * account.minor
    assert abs(Fraction(outcome.total_billed) - exact) <= slack, (
        f"timeline {float(exact)} in {lines} line(s), engine {outcome.total_billed} in {engine_lines}")


def test_a_disagreement_would_show() -> None:
    """The comparison above has teeth: a scenario billed one plan more shows."""
    upgrade = next(s for s in PACK.scenarios if s.id == "upgrade-halfway")
    exact, lines = exact_total(timeline(upgrade))
    assert exact == Fraction(20)  # 10.00 in advance, then -5.00 + 15.00
    assert lines == 3
    assert abs(Fraction(engine.run(upgrade).total_billed) + 1 - exact) > lines * Fraction(1, 100)


# -- hand cases -------------------------------------------------------------------------


def test_anchor_change_cuts_the_period_at_the_new_anchor() -> None:
    s = scenario("2026-04-01", "basic", events=[("2026-04-10", ChangeAnchor(date(2026, 4, 20)))], until="2026-05-25")
    account = timeline(s)
    spans = [(p.start, p.end) for p in account.periods]
    assert spans[0] == (at("2026-04-01"), at("2026-04-20"))
    assert spans[1] == (at("2026-04-20"), at("2026-05-20"))
    assert account.periods[0].basis.end == at("2026-05-01")  # prorations still measured on the full April
    # the unused Apr 20 - May 1 (11 of 30 days) is credited on the next invoice, at the new anchor
    credits = [c for c in account.periods[0].charges if c.amount < 0]
    assert [(c.amount, c.posted_at) for c in credits] == [(Fraction(-11, 3), at("2026-04-20"))]
    assert account.ended is None


def test_interval_change_opens_a_yearly_period_at_the_change() -> None:
    s = scenario("2026-04-01", "basic", events=[("2026-04-16", ChangePlan("yearly"))])
    account = timeline(s)
    assert [(p.start, p.end) for p in account.periods] == [
        (at("2026-04-01"), at("2026-04-16")),
        (at("2026-04-16"), at("2027-04-16")),
    ]
    assert account.periods[1].recurring == 1
    exact, _ = exact_total(account)
    assert exact == 10 - 5 + 300  # April in advance, 15/30 of it back, a year of yearly


def test_cancel_at_end_of_period_ends_there_and_stops_the_renewal() -> None:
    s = scenario("2026-04-01", "basic", events=[("2026-04-10", Cancel(Effective.END_OF_PERIOD))], until="2026-06-01")
    account = timeline(s)
    assert account.ended == at("2026-05-01")
    assert account.renewal_stopped is True
    assert len(account.periods) == 1  # no May
    assert exact_total(account)[0] == 10


def test_cancel_immediately_ends_at_the_event() -> None:
    policy = with_policy(cancel=CancelRule(Effective.IMMEDIATELY, prorate=True))
    s = scenario("2026-04-01", "pro", events=[("2026-04-21", Cancel())], policy=policy, until="2026-06-01")
    account = timeline(s)
    assert account.ended == at("2026-04-21")
    assert account.renewal_stopped is False
    assert [(p.start, p.end) for p in account.periods] == [(at("2026-04-01"), at("2026-04-21"))]
    assert exact_total(account)[0] == 30 - 10  # 10 of 30 days given back


def test_retried_ids_are_listed_and_ignored() -> None:
    s = scenario("2026-04-01", "basic", events=[
        ("2026-04-16", ChangePlan("pro"), "upg-1"),
        ("2026-04-20", ChangePlan("b"), "upg-1"),
        ("2026-04-22", ChangePlan("b"), "upg-2"),
        ("2026-04-23", ChangePlan("pro"), "upg-2"),
    ])
    account = timeline(s)
    assert account.retried == (1, 3)
    # only upg-1 (basic -> pro, 15/30) and the first upg-2 (pro -> b, 9/30) post
    assert exact_total(account)[0] == 10 + (15 - 5) + (18 - 9)


def test_an_event_after_the_end_is_unreadable() -> None:
    s = scenario("2026-04-01", "basic", events=[
        ("2026-04-10", Cancel(Effective.IMMEDIATELY)),
        ("2026-04-20", ChangePlan("pro")),
    ])
    with pytest.raises(Unreadable, match="event 2"):
        timeline(s)


def test_an_event_after_a_scheduled_end_is_unreadable() -> None:
    s = scenario("2026-04-01", "basic", events=[
        ("2026-04-10", Cancel(Effective.END_OF_PERIOD)),
        ("2026-05-03", ChangePlan("pro")),
    ])
    with pytest.raises(Unreadable, match="event 2 comes after the subscription ended"):
        timeline(s)
