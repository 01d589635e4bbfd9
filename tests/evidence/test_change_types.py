"""A scenario's change type comes from the policy row the engine judged it by."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from harness.evidence import CHANGE_TYPES, change_type, change_types
from harness.model import Cancel, ChangeAnchor, ChangePlan, ChangeQuantity, Usage
from harness.model.policy import ChangeRule, Effective
from tests.engine.builders import scenario, with_policy


@pytest.mark.parametrize(("events", "plans", "expected"), [
    ((), "basic", "signup"),
    ((("2026-04-16", ChangePlan("pro")),), "basic", "upgrade"),
    ((("2026-04-16", ChangePlan("basic")),), "pro", "downgrade"),
    ((("2026-04-16", ChangePlan("a")),), "pro", "upgrade"),  # lateral: equal price, judged by the upgrade row
    ((("2026-04-16", ChangeQuantity(3)),), "seat", "seats"),
    ((("2026-04-16", ChangePlan("yearly")),), "basic", "interval"),
    ((("2026-04-16", ChangeAnchor(date(2026, 4, 20))),), "basic", "anchor"),
    ((("2026-04-16", Cancel()),), "basic", "cancellation"),
])
def test_the_first_change_names_the_scenario(events, plans, expected):
    assert change_type(scenario("2026-04-01", plans, events=events)) == expected


def test_usage_counts_only_when_nothing_else_changes():
    items = [("basic", 1), ("api", 1)]
    only_usage = scenario("2026-04-01", items, events=[("2026-04-10", Usage(Decimal(100)))])
    usage_then_upgrade = scenario("2026-04-01", items, events=[
        ("2026-04-10", Usage(Decimal(100))), ("2026-04-16", ChangePlan("pro", item="basic"))])
    assert change_type(only_usage) == "usage"
    assert change_type(usage_then_upgrade) == "upgrade"


def test_every_type_the_events_exercise_is_listed_in_order():
    chain = scenario("2026-04-16", "basic", anchor="2026-05-01",
                     events=[("2026-04-20", ChangePlan("pro")), ("2026-04-25", Cancel())])
    assert change_types(chain) == ("signup", "upgrade", "cancellation")
    assert change_type(chain) == "upgrade"


def test_a_scheduled_downgrade_is_still_a_downgrade():
    policy = with_policy(downgrade=ChangeRule(effective=Effective.NEXT_PERIOD))
    case = scenario("2026-04-01", "pro", events=[("2026-04-16", ChangePlan("basic"))], policy=policy)
    assert change_type(case) == "downgrade"


def test_every_core_scenario_has_a_known_type(core_pack):
    assert {change_type(case) for case in core_pack.scenarios} <= set(CHANGE_TYPES)
