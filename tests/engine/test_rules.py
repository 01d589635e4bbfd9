"""Each policy row and rule of the spec, computed by hand in the test."""

import pytest

from harness.engine import ScenarioError, run
from harness.model import (
    Bill, Cancel, ChangeAnchor, ChangePlan, ChangeQuantity, ChangeRule, CreditForm, DayCount,
    Effective, IntervalChangeRule, ProrationLines, Rounding, SignupRule, Usage,
)
from decimal import Decimal
from tests.engine.builders import CATALOG, Catalog, plan, scenario, summary, with_policy

APR = ("recurring", "basic", "2026-04-01", "2026-05-01", "10.00")


def docs(*args, **kwargs):
    return summary(run(scenario(*args, **kwargs)))


def test_signup_without_proration_bills_the_partial_period_in_full():
    policy = with_policy(signup=SignupRule(prorate=False))
    assert docs("2026-04-16", "hundred", anchor="2026-05-01", policy=policy) == [
        ("invoice", "2026-04-16", [("recurring", "hundred", "2026-04-16", "2026-05-01", "100.00")])
    ]


def test_anchor_more_than_one_interval_after_start_is_refused():
    with pytest.raises(ScenarioError) as error:
        run(scenario("2026-04-01", "basic", anchor="2026-05-15"))
    assert error.value.field == ("start", "anchor")


def test_downgrade_by_default_waits_for_the_renewal():
    assert docs("2026-04-01", "pro", events=[("2026-04-16", ChangePlan("basic"))], until="2026-05-02") == [
        ("invoice", "2026-04-01", [("recurring", "pro", "2026-04-01", "2026-05-01", "30.00")]),
        ("invoice", "2026-05-01", [("recurring", "basic", "2026-05-01", "2026-06-01", "10.00")]),
    ]


def test_default_horizon_excludes_the_renewal_on_it():
    assert len(docs("2026-04-01", "pro", events=[("2026-04-16", ChangePlan("basic"))])) == 1


def test_immediate_downgrade_posts_a_net_credit():
    policy = with_policy(downgrade=ChangeRule(Effective.IMMEDIATELY))
    assert docs("2026-04-01", "pro", events=[("2026-04-16", ChangePlan("basic"))], policy=policy)[1] == (
        "invoice", "2026-04-16", [
            ("proration_credit", "pro", "2026-04-16", "2026-05-01", "-15.00"),
            ("proration_charge", "basic", "2026-04-16", "2026-05-01", "5.00"),
        ])


def test_net_lines_post_one_line_for_the_difference():
    policy = with_policy(proration_lines=ProrationLines.NET)
    outcome = run(scenario("2026-04-01", "basic", events=[("2026-04-16", ChangePlan("pro"))], policy=policy))
    (line,) = outcome.documents[1].lines
    assert (line.kind.value, line.plan, line.quantity, str(line.amount)) == ("proration_charge", "pro", 1, "10.00")
    assert line.derivation.unit_amount == Decimal("20.00")


def test_net_seat_line_counts_the_seats_changed():
    policy = with_policy(proration_lines=ProrationLines.NET, quantity_decrease=ChangeRule(Effective.IMMEDIATELY))
    outcome = run(scenario("2026-04-01", [("seat", 5)], events=[("2026-04-16", ChangeQuantity(2))], policy=policy))
    (line,) = outcome.documents[1].lines
    assert (line.kind.value, line.quantity, str(line.amount)) == ("proration_credit", 3, "-18.00")


def test_credit_note_takes_the_credits_and_the_invoice_the_charges():
    policy = with_policy(credits=CreditForm.CREDIT_NOTE)
    result = docs("2026-04-01", "basic", events=[("2026-04-16", ChangePlan("pro"))], policy=policy)
    assert result[1:] == [
        ("invoice", "2026-04-16", [("proration_charge", "pro", "2026-04-16", "2026-05-01", "15.00")]),
        ("credit_note", "2026-04-16", [("proration_credit", "basic", "2026-04-16", "2026-05-01", "-5.00")]),
    ]


def test_next_invoice_lines_wait_for_the_renewal():
    policy = with_policy(upgrade=ChangeRule(bill=Bill.NEXT_INVOICE))
    result = docs("2026-04-01", "basic", events=[("2026-04-16", ChangePlan("pro"))], policy=policy, until="2026-05-02")
    assert result == [
        ("invoice", "2026-04-01", [APR]),
        ("invoice", "2026-05-01", [
            ("proration_credit", "basic", "2026-04-16", "2026-05-01", "-5.00"),
            ("proration_charge", "pro", "2026-04-16", "2026-05-01", "15.00"),
            ("recurring", "pro", "2026-05-01", "2026-06-01", "30.00"),
        ]),
    ]


def test_seats_added_mid_cycle():
    result = docs("2026-04-01", [("seat", 1)], events=[("2026-04-16", ChangeQuantity(3))])
    assert result[1][2] == [
        ("proration_credit", "seat", "2026-04-16", "2026-05-01", "-6.00"),
        ("proration_charge", "seat", "2026-04-16", "2026-05-01", "18.00"),
    ]


def test_seat_decrease_applies_at_renewal_by_default():
    result = docs("2026-04-01", [("seat", 3)], events=[("2026-04-16", ChangeQuantity(1))], until="2026-05-02")
    assert result[-1] == ("invoice", "2026-05-01", [("recurring", "seat", "2026-05-01", "2026-06-01", "12.00")])


def test_cancel_end_of_period_stops_renewals():
    assert docs("2026-04-01", "basic", events=[("2026-04-16", Cancel())], until="2026-07-01") == [("invoice", "2026-04-01", [APR])]


@pytest.mark.parametrize("prorate, expected", [(True, [("invoice", "2026-04-16", [("proration_credit", "basic", "2026-04-16", "2026-05-01", "-5.00")])]), (False, [])])
def test_cancel_immediately(prorate, expected):
    result = docs("2026-04-01", "basic", events=[("2026-04-16", Cancel(Effective.IMMEDIATELY, prorate))])
    assert result[1:] == expected


def test_event_after_the_subscription_ended_is_refused():
    with pytest.raises(ScenarioError) as error:
        run(scenario("2026-04-01", "basic", events=[("2026-04-10", Cancel(Effective.IMMEDIATELY)), ("2026-04-12", ChangePlan("pro"))]))
    assert error.value.event_index == 1


def test_change_anchor_shortens_the_period_and_credits_the_rest():
    assert docs("2026-04-01", "basic", events=[("2026-04-10", ChangeAnchor(__import__("datetime").date(2026, 4, 16)))]) == [
        ("invoice", "2026-04-01", [APR]),
        ("invoice", "2026-04-16", [
            ("proration_credit", "basic", "2026-04-16", "2026-05-01", "-5.00"),
            ("recurring", "basic", "2026-04-16", "2026-05-16", "10.00"),
        ]),
    ]


def test_change_anchor_outside_the_period_is_refused():
    from datetime import date
    with pytest.raises(ScenarioError) as error:
        run(scenario("2026-04-01", "basic", events=[("2026-04-10", ChangeAnchor(date(2026, 5, 5)))]))
    assert error.value.field == ("events", 0, "change_anchor", "to")


def test_interval_change_starts_a_yearly_period_at_the_change():
    result = docs("2026-04-01", "basic", events=[("2026-04-16", ChangePlan("yearly"))])
    assert result[1] == ("invoice", "2026-04-16", [
        ("proration_credit", "basic", "2026-04-16", "2026-05-01", "-5.00"),
        ("recurring", "yearly", "2026-04-16", "2027-04-16", "300.00"),
    ])


def test_interval_change_next_period_moves_the_anchor_to_the_renewal():
    policy = with_policy(interval_change=IntervalChangeRule(Effective.NEXT_PERIOD))
    result = docs("2026-04-01", "basic", events=[("2026-04-16", ChangePlan("yearly"))], policy=policy, until="2027-05-02")
    assert result[1] == ("invoice", "2026-05-01", [("recurring", "yearly", "2026-05-01", "2027-05-01", "300.00")])
    assert result[2][1] == "2027-05-01"


def test_usage_is_billed_in_arrears_across_a_plan_change():
    events = [("2026-04-05", Usage(Decimal(1000))), ("2026-04-16", ChangePlan("pro", item="basic")), ("2026-04-20", Usage(Decimal(500)))]
    result = docs("2026-04-01", [("basic", 1), ("api", 1)], events=events, until="2026-05-02")
    assert result[-1] == ("invoice", "2026-05-01", [
        ("usage", "api", "2026-04-01", "2026-05-01", "3.00"),
        ("recurring", "pro", "2026-05-01", "2026-06-01", "30.00"),
    ])


def test_retried_event_id_posts_nothing():
    events = [("2026-04-16", ChangePlan("pro"), "evt-1"), ("2026-04-17", ChangePlan("pro"), "evt-1")]
    assert len(docs("2026-04-01", "basic", events=events)) == 2


def test_minimum_adjustment_suppresses_and_the_cap_binds_later():
    catalog = Catalog({**CATALOG.plans, "plus": plan("plus", "10.30")})
    policy = with_policy(minimum_adjustment=Decimal("0.50"))
    events = [("2026-04-01", ChangePlan("plus")), ("2026-04-01", ChangePlan("pro"))]
    outcome = run(scenario("2026-04-01", "basic", events=events, policy=policy, catalog=catalog))
    assert summary(outcome)[1][2] == [
        ("proration_credit", "plus", "2026-04-01", "2026-05-01", "-10.00"),
        ("proration_charge", "pro", "2026-04-01", "2026-05-01", "30.00"),
    ]
    assert outcome.documents[1].lines[0].derivation.cap == Decimal("10.00")


def test_minimum_adjustment_posts_at_the_threshold():
    catalog = Catalog({**CATALOG.plans, "plus": plan("plus", "11.00")})
    policy = with_policy(minimum_adjustment=Decimal("0.50"))
    # 15/30 of (11.00 - 10.00) = 0.50: not below the threshold, so it posts
    assert len(docs("2026-04-01", "basic", events=[("2026-04-16", ChangePlan("plus"))], policy=policy, catalog=catalog)) == 2


def test_upgrade_at_the_renewal_instant_follows_the_renewal():
    result = docs("2026-04-01", "basic", events=[("2026-05-01", ChangePlan("pro"))])
    assert [d[2] for d in result[1:]] == [
        [("recurring", "basic", "2026-05-01", "2026-06-01", "10.00")],
        [("proration_credit", "basic", "2026-05-01", "2026-06-01", "-10.00"), ("proration_charge", "pro", "2026-05-01", "2026-06-01", "30.00")],
    ]


@pytest.mark.parametrize("day_count, credit, charge", [
    (DayCount.THIRTY_DAY, "-5.33", "16.00"),  # Feb 15 -> Mar 1 is 16 30E/360 days of 30
    (DayCount.ACTUAL_DAYS, "-5.00", "15.00"),  # 14 of 28 days
])
def test_february_day_counts(day_count, credit, charge):
    result = docs("2026-02-01", "basic", events=[("2026-02-15", ChangePlan("pro"))], policy=with_policy(day_count=day_count))
    assert [line[4] for line in result[1][2]] == [credit, charge]


def test_seconds_day_count_with_a_time_of_day():
    policy = with_policy(day_count=DayCount.ACTUAL_SECONDS)
    result = docs("2026-04-01", "basic", events=[("2026-04-16T12:00:00+00:00", ChangePlan("pro"))], policy=policy)
    assert [line[4] for line in result[1][2]] == ["-4.83", "14.50"]  # 14.5 of 30 days


@pytest.mark.parametrize("mode, amount", [(Rounding.HALF_UP, "-4.99"), (Rounding.HALF_EVEN, "-4.98"), (Rounding.DOWN, "-4.98"), (Rounding.UP, "-4.99")])
def test_rounding_modes_on_a_credit(mode, amount):
    catalog = Catalog({**CATALOG.plans, "p997": plan("p997", "9.97")})
    result = docs("2026-04-01", "p997", events=[("2026-04-16", Cancel(Effective.IMMEDIATELY, True))], policy=with_policy(rounding=mode), catalog=catalog)
    assert result[1][2][0][4] == amount  # 9.97 x 15/30 = 4.985


def test_currency_minor_units_jpy_and_kwd():
    assert docs("2026-05-10", "yen", anchor="2026-06-01")[0][2][0][4] == "710"  # 1000 x 22/31 = 709.68
    assert docs("2026-04-16", "dinar", anchor="2026-05-01")[0][2][0][4] == "5.250"


def test_same_instant_events_issue_one_invoice_each_in_order():
    result = docs("2026-04-01", [("pro", 1)], events=[("2026-04-16", ChangePlan("b")), ("2026-04-16", ChangeQuantity(2))])
    assert [d[2] for d in result[1:]] == [
        [("proration_credit", "pro", "2026-04-16", "2026-05-01", "-15.00"), ("proration_charge", "b", "2026-04-16", "2026-05-01", "30.00")],
        [("proration_credit", "b", "2026-04-16", "2026-05-01", "-30.00"), ("proration_charge", "b", "2026-04-16", "2026-05-01", "60.00")],
    ]


def test_ambiguous_item_must_be_named():
    with pytest.raises(ScenarioError) as error:
        run(scenario("2026-04-01", [("basic", 1), ("seat", 2)], events=[("2026-04-16", ChangePlan("pro"))]))
    assert "item" in error.value.message


def test_closing_invoice_bills_last_usage_after_end_of_period_cancel():
    result = docs("2026-04-01", [("basic", 1), ("api", 1)], events=[("2026-04-05", Usage(Decimal(2500))), ("2026-04-10", Cancel())], until="2026-06-01")
    assert result[-1] == ("invoice", "2026-05-01", [("usage", "api", "2026-04-01", "2026-05-01", "5.00")])


def test_invoice_dates_are_local_to_the_pack_timezone():
    outcome = run(scenario("2026-04-01", "basic", tz="America/New_York"))
    assert outcome.documents[0].date.isoformat() == "2026-04-01T00:00:00-04:00"


def test_a_change_between_an_anchor_change_and_its_date_prorates_to_the_new_end():
    from datetime import date
    # Apr 5: period now ends Apr 21; credit basic [Apr 21, May 1) = 10 x 10/30 = 3.33, waits for Apr 21.
    # Apr 11: upgrade over [Apr 11, Apr 21), still measured against the 30 billed days:
    #   credit 10 x 10/30 = 3.33, charge 30 x 10/30 = 10.00.
    events = [("2026-04-05", ChangeAnchor(date(2026, 4, 21))), ("2026-04-11", ChangePlan("pro"))]
    assert docs("2026-04-01", "basic", events=events, until="2026-04-22")[1:] == [
        ("invoice", "2026-04-11", [
            ("proration_credit", "basic", "2026-04-11", "2026-04-21", "-3.33"),
            ("proration_charge", "pro", "2026-04-11", "2026-04-21", "10.00"),
        ]),
        ("invoice", "2026-04-21", [
            ("proration_credit", "basic", "2026-04-21", "2026-05-01", "-3.33"),
            ("recurring", "pro", "2026-04-21", "2026-05-21", "30.00"),
        ]),
    ]


def test_cancel_immediately_bills_the_usage_of_the_part_that_ran():
    events = [("2026-04-05", Usage(Decimal(1000))), ("2026-04-16", Cancel(Effective.IMMEDIATELY, True))]
    assert docs("2026-04-01", [("basic", 1), ("api", 1)], events=events)[1] == ("invoice", "2026-04-16", [
        ("proration_credit", "basic", "2026-04-16", "2026-05-01", "-5.00"),
        ("usage", "api", "2026-04-01", "2026-04-16", "2.00"),
    ])


def test_an_interval_change_carries_the_lines_waiting_for_the_next_invoice():
    # Apr 5, seats 1 -> 2 billed next invoice: credit 10 x 26/30 = 8.67, charge 20 x 26/30 = 17.33.
    # Apr 16 to yearly: credit 2 x 10 x 15/30 = 10.00, recurring 2 x 300.00 for a year from Apr 16.
    policy = with_policy(quantity_increase=ChangeRule(bill=Bill.NEXT_INVOICE))
    events = [("2026-04-05", ChangeQuantity(2)), ("2026-04-16", ChangePlan("yearly"))]
    result = docs("2026-04-01", "basic", events=events, policy=policy)
    assert result[1] == ("invoice", "2026-04-16", [
        ("proration_credit", "basic", "2026-04-05", "2026-05-01", "-8.67"),
        ("proration_charge", "basic", "2026-04-05", "2026-05-01", "17.33"),
        ("proration_credit", "basic", "2026-04-16", "2026-05-01", "-10.00"),
        ("recurring", "yearly", "2026-04-16", "2027-04-16", "600.00"),
    ])
