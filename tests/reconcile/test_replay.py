"""Replay: one engine run per distinct timeline, change types as evidence
reports them, and timeline keys that become the scenario they describe."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from harness.engine.simulation import Simulation
from harness.evidence.change_types import change_type
from harness.model import Cancel, ChangePlan, ChangeQuantity
from harness.packs import load_pack
from harness.evidence.change_types import primary_type, types_of_rules
from harness.reconcile.replay import horizon, replay, replay_all, scenario_of
from tests.reconcile.exports import CORE

F, E = "\x1f", "\x1e"


@pytest.fixture(scope="module")
def core():
    return load_pack(CORE)


def key(*events: tuple[str, str, str, str]) -> str:
    return E.join(F.join(event) for event in events)


def test_change_type_agrees_with_evidence_on_every_core_scenario(core):
    for scenario in core.scenarios:
        simulation = Simulation(scenario)
        simulation.run()
        assert primary_type(types_of_rules(simulation.judged)) == change_type(scenario), scenario.id


def test_a_timeline_key_becomes_its_scenario(core):
    until = horizon(date(2026, 5, 31), core.meta)
    assert until == datetime(2026, 6, 1, tzinfo=timezone.utc)
    scenario = scenario_of(key(("signup", "seat", "3", "2026-04-01T00:00:00"),
                               ("update", "seat", "5", "2026-04-10T00:00:00"),
                               ("update", "pro", "5", "2026-04-12T00:00:00"),
                               ("update", "pro", "5", "2026-04-13T00:00:00"),  # nothing changed: no event
                               ("cancel", "", "", "2026-04-20T12:00:00")), core.meta, until)
    assert scenario.start.date == date(2026, 4, 1) and scenario.start.items[0].quantity == 3
    assert [type(e.action) for e in scenario.events] == [ChangeQuantity, ChangePlan, Cancel]
    assert scenario.events[0].action.to == 5 and scenario.events[1].action.to == "pro"
    assert scenario.events[2].at == datetime(2026, 4, 20, 12, tzinfo=timezone.utc)
    assert scenario.until == until


def test_replay_gives_the_readmes_upgrade_lines(core):
    timeline = replay(key(("signup", "basic", "1", "2026-04-01T00:00:00"),
                          ("change_plan", "pro", "", "2026-04-16T00:00:00")),
                      core.meta, horizon(date(2026, 4, 30), core.meta))
    assert timeline.change_type == "upgrade" and timeline.currency == "USD" and not timeline.error
    assert [(line[0], line[1], line[2], line[5]) for line in timeline.lines] == [
        ("2026-04-01", "recurring", "basic", "10.00"),
        ("2026-04-16", "proration_credit", "basic", "-5.00"),
        ("2026-04-16", "proration_charge", "pro", "15.00"),
    ]


def test_an_event_after_the_subscription_ended_is_an_error_not_lines(core):
    timeline = replay(key(("signup", "basic", "1", "2026-04-01T00:00:00"),
                          ("cancel", "", "", "2026-04-05T00:00:00"),
                          ("change_plan", "pro", "", "2026-05-10T00:00:00")),
                      core.meta, horizon(date(2026, 6, 30), core.meta))
    assert timeline.change_type == "not_replayed" and "ended" in timeline.error and timeline.lines == ()


def test_a_process_pool_replays_exactly_what_one_process_does(core):
    until = horizon(date(2026, 3, 31), core.meta)
    keys = [key(("signup", plan, str(seats), f"2026-01-{day:02d}T00:00:00"),
                ("change_plan" if plan == "basic" else "change_quantity", "pro" if plan == "basic" else "",
                 "" if plan == "basic" else str(seats + 1), f"2026-02-{day:02d}T00:00:00"))
            for day in range(1, 29) for plan in ("basic", "seat") for seats in range(1, 40)]
    assert len(keys) >= 2000  # the pool's threshold
    assert replay_all(keys, core.meta, until, workers=2) == replay_all(keys, core.meta, until, workers=1)
