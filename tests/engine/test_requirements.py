"""requirements(scenario): the `key=value` needs a backend's capabilities are
checked against, taken from a dry run of the reference semantics."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from harness.engine.requirements import Need, requirements
from harness.model import Cancel, ChangeAnchor, ChangePlan, ChangeQuantity, CreditForm, DayCount, Effective, Usage
from harness.model.policy import ChangeRule, ProrationLines
from tests.engine.builders import scenario, with_policy


def needs(built) -> set[str]:
    return {str(need) for need in requirements(built)}


def test_result_is_a_frozenset_of_needs_written_key_equals_value() -> None:
    result = requirements(scenario("2026-04-01", "basic"))
    assert isinstance(result, frozenset)
    assert all(isinstance(need, Need) for need in result)
    assert str(Need("currency", "JPY")) == "currency=JPY"
    assert sorted([Need("b", "1"), Need("a", "2"), Need("a", "1")]) == [Need("a", "1"), Need("a", "2"), Need("b", "1")]


def test_a_plain_signup_needs_only_the_policy_basics_currency_timezone_interval() -> None:
    assert needs(scenario("2026-04-01", "basic")) == {
        "day_count=actual_days", "rounding=half_up", "proration_lines=gross", "credits=negative_line",
        "currency=USD", "timezone=UTC", "interval=month",
    }


def test_a_scheduled_downgrade_needs_next_period_and_a_renewal() -> None:
    built = scenario("2026-04-01", "pro", events=[("2026-04-16", ChangePlan("basic"))], until="2026-05-02")
    result = needs(built)
    assert {"event=downgrade", "downgrade.effective=next_period", "downgrade.prorate=true",
            "downgrade.bill=now", "feature=renewal", "feature=until"} <= result
    assert not any(need.startswith("upgrade") or need == "event=upgrade" for need in result)


def test_a_scheduled_downgrade_inside_one_period_needs_no_renewal() -> None:
    # the horizon ends with the period, so the change never takes effect inside it
    built = scenario("2026-04-01", "pro", events=[("2026-04-16", ChangePlan("basic"))])
    result = needs(built)
    assert "downgrade.effective=next_period" in result
    assert "feature=renewal" not in result


def test_an_immediate_downgrade_needs_immediately_not_next_period() -> None:
    policy = with_policy(downgrade=ChangeRule(effective=Effective.IMMEDIATELY))
    built = scenario("2026-04-01", "pro", events=[("2026-04-16", ChangePlan("basic"))], policy=policy)
    result = needs(built)
    assert "downgrade.effective=immediately" in result
    assert "downgrade.effective=next_period" not in result


def test_an_upgrade_needs_the_values_of_the_upgrade_row() -> None:
    built = scenario("2026-04-01", "basic", events=[("2026-04-16", ChangePlan("pro"))])
    result = needs(built)
    assert {"event=upgrade", "upgrade.effective=immediately", "upgrade.prorate=true", "upgrade.bill=now"} <= result
    assert "event=downgrade" not in result
    assert "feature=renewal" not in result


def test_changing_to_the_plan_in_force_needs_no_change_row() -> None:
    built = scenario("2026-04-01", "basic", events=[("2026-04-16", ChangePlan("basic"))])
    result = needs(built)
    assert not {"event=upgrade", "event=downgrade"} & result


def test_a_retried_event_id_needs_retried_event() -> None:
    retried = scenario("2026-04-01", "basic", events=[
        ("2026-04-10", ChangePlan("pro"), "evt_1"), ("2026-04-16", ChangePlan("pro"), "evt_1"),
    ])
    assert "feature=retried_event" in needs(retried)


def test_distinct_event_ids_need_no_retry_support() -> None:
    distinct = scenario("2026-04-01", "seat", events=[
        ("2026-04-10", ChangeQuantity(2), "evt_1"), ("2026-04-16", ChangeQuantity(3), "evt_2"),
    ])
    assert "feature=retried_event" not in needs(distinct)


def test_a_partial_first_period_needs_signup() -> None:
    partial = needs(scenario("2026-04-16", "pro", anchor="2026-05-01"))
    assert {"event=signup", "signup.prorate=true"} <= partial


def test_a_full_first_period_needs_no_signup_row() -> None:
    assert not any(need.startswith("event=signup") or need.startswith("signup.") for need in
                   needs(scenario("2026-04-01", "pro")))


@pytest.mark.parametrize(("plan", "currency"), [("basic", "USD"), ("yen", "JPY"), ("dinar", "KWD")])
def test_the_currency_is_the_plans(plan: str, currency: str) -> None:
    result = needs(scenario("2026-04-01", plan))
    assert f"currency={currency}" in result
    assert len([need for need in result if need.startswith("currency=")]) == 1


def test_the_timezone_is_the_packs() -> None:
    result = needs(scenario("2026-04-01", "basic", tz="Europe/Berlin"))
    assert "timezone=Europe/Berlin" in result
    assert "timezone=UTC" not in result


def test_a_yearly_plan_needs_interval_year() -> None:
    result = needs(scenario("2026-04-01", "yearly"))
    assert "interval=year" in result
    assert "interval=month" not in result


def test_an_interval_change_needs_both_intervals() -> None:
    built = scenario("2026-04-01", "basic", events=[("2026-04-16", ChangePlan("yearly"))])
    result = needs(built)
    assert {"interval=month", "interval=year", "event=interval_change", "interval_change.effective=immediately"} <= result


def test_a_multi_month_interval_is_described_with_its_count() -> None:
    from harness.model import Catalog, Interval, IntervalUnit

    from tests.engine.builders import plan

    catalog = Catalog({"quarterly": plan("quarterly", "90.00", Interval(IntervalUnit.MONTH, 3))})
    assert "interval=3 months" in needs(scenario("2026-04-01", "quarterly", catalog=catalog))


def test_events_at_the_same_instant_need_same_instant() -> None:
    same = scenario("2026-04-01", "seat", events=[
        ("2026-04-16", ChangeQuantity(2)), ("2026-04-16", ChangeQuantity(3)),
    ])
    apart = scenario("2026-04-01", "seat", events=[
        ("2026-04-16", ChangeQuantity(2)), ("2026-04-17", ChangeQuantity(3)),
    ])
    assert "feature=same_instant" in needs(same)
    assert "feature=same_instant" not in needs(apart)


def test_an_event_off_midnight_needs_time_of_day() -> None:
    off = scenario("2026-04-01", "basic", events=[("2026-04-16T14:30:00+00:00", ChangePlan("pro"))])
    midnight = scenario("2026-04-01", "basic", events=[("2026-04-16", ChangePlan("pro"))])
    assert "feature=time_of_day" in needs(off)
    assert "feature=time_of_day" not in needs(midnight)


def test_midnight_in_the_packs_timezone_is_not_a_time_of_day() -> None:
    built = scenario("2026-04-01", "basic", events=[("2026-04-16", ChangePlan("pro"))], tz="America/New_York")
    assert "feature=time_of_day" not in needs(built)


def test_items_and_quantities() -> None:
    two_items = needs(scenario("2026-04-01", [("seat", 1), ("api", 1)]))
    three_seats = needs(scenario("2026-04-01", [("seat", 3)]))
    one_seat = needs(scenario("2026-04-01", [("seat", 1)]))
    assert "feature=multiple_items" in two_items and "feature=quantity" not in two_items
    assert "feature=quantity" in three_seats and "feature=multiple_items" not in three_seats
    assert not {"feature=quantity", "feature=multiple_items"} & one_seat


def test_until_is_a_feature() -> None:
    assert "feature=until" in needs(scenario("2026-04-01", "basic", until="2026-04-20"))
    assert "feature=until" not in needs(scenario("2026-04-01", "basic"))


def test_policy_values_are_written_as_the_yaml_writes_them() -> None:
    policy = with_policy(day_count=DayCount.THIRTY_DAY, credits=CreditForm.CREDIT_NOTE,
                         proration_lines=ProrationLines.NET, minimum_adjustment=Decimal("0.50"))
    result = needs(scenario("2026-04-01", "basic", policy=policy))
    assert {"day_count=thirty_day", "credits=credit_note", "proration_lines=net", "minimum_adjustment=set"} <= result
    assert "day_count=actual_days" not in result


def test_no_minimum_adjustment_is_no_need() -> None:
    assert not any(need.startswith("minimum_adjustment") for need in needs(scenario("2026-04-01", "basic")))


def test_a_cancel_needs_the_values_actually_used_including_its_own_overrides() -> None:
    default = needs(scenario("2026-04-01", "basic", events=[("2026-04-16", Cancel())]))
    overridden = needs(scenario("2026-04-01", "basic",
                                events=[("2026-04-16", Cancel(effective=Effective.IMMEDIATELY, prorate=True))]))
    assert {"event=cancel", "cancel.effective=end_of_period", "cancel.prorate=false"} <= default
    assert {"event=cancel", "cancel.effective=immediately", "cancel.prorate=true"} <= overridden
    assert "cancel.effective=end_of_period" not in overridden


def test_usage_and_anchor_changes() -> None:
    from datetime import date

    usage = needs(scenario("2026-04-01", [("seat", 1), ("api", 1)],
                           events=[("2026-04-10", Usage(Decimal(100), "api"))]))
    anchor = needs(scenario("2026-04-01", "basic", events=[("2026-04-10", ChangeAnchor(date(2026, 4, 20)))]))
    assert "event=usage" in usage
    assert {"event=change_anchor", "change_anchor.prorate=true"} <= anchor


def test_needs_do_not_depend_on_the_expectation(tmp_path: Path) -> None:
    """A dry run of the semantics, not the YAML's `expect`: a wrong
    expectation needs the same as a right one."""
    from harness.packs import load_pack
    from tests.cli.packs import PASSING, WRONG, write_pack

    folder = write_pack(tmp_path, "demo", {"upgrade-halfway": PASSING["upgrade-halfway"], "upgrade-wrong": WRONG})
    loaded = load_pack(folder)
    right, wrong = loaded.scenario("upgrade-halfway"), loaded.scenario("upgrade-wrong")
    assert requirements(right) == requirements(wrong)
    assert "event=upgrade" in {str(need) for need in requirements(right)}


def test_a_pack_in_another_timezone_loaded_from_yaml(tmp_path: Path) -> None:
    """Dates in a YAML pack are midnights in the pack's timezone: no time_of_day."""
    from harness.packs import load_pack
    from tests.cli.packs import PASSING, write_pack

    folder = write_pack(tmp_path, "berlin", {"upgrade-halfway": PASSING["upgrade-halfway"]})
    pack_yaml = folder / "pack.yaml"
    pack_yaml.write_text(pack_yaml.read_text().replace("timezone: UTC", "timezone: Europe/Berlin"))
    timed = textwrap.dedent("""\
        id: {id}
        title: Upgrade at {at}
        rule: An upgrade is prorated
        start: {{date: 2026-04-01, plan: basic}}
        events:
          - at: {at}
            change_plan: {{to: pro}}
        expect: {{total_billed: "20.00"}}
        """)
    # 14:30 in Berlin; and 22:00 UTC, which is midnight in Berlin (CEST, +02:00)
    (folder / "scenarios" / "timed.yaml").write_text(timed.format(id="timed", at="2026-04-16T14:30:00+02:00"))
    (folder / "scenarios" / "utc.yaml").write_text(timed.format(id="utc", at="2026-04-15T22:00:00Z"))
    loaded = load_pack(folder)
    halfway = {str(need) for need in requirements(loaded.scenario("upgrade-halfway"))}
    timed = {str(need) for need in requirements(loaded.scenario("timed"))}
    assert "timezone=Europe/Berlin" in halfway
    assert "feature=time_of_day" not in halfway
    assert "feature=time_of_day" in timed
    assert "feature=time_of_day" not in {str(need) for need in requirements(loaded.scenario("utc"))}


def test_every_need_of_the_core_pack_has_a_documented_key_and_feature() -> None:
    from pathlib import Path

    from harness.engine.requirements import FEATURES, KEYS
    from harness.model.policy import EVENT_RULES
    from harness.packs import load_pack

    core = load_pack(Path(__file__).resolve().parents[2] / "scenario_packs" / "core")
    for scenario in core.scenarios:
        for need in requirements(scenario):
            row, _, field = need.key.partition(".")
            assert need.key in KEYS or (row in EVENT_RULES and field), (scenario.id, str(need))
            if need.key == "feature":
                assert need.value in FEATURES, (scenario.id, str(need))
