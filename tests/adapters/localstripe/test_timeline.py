"""Placing a scenario on localstripe's real clock keeps its calendar (no server)."""

from __future__ import annotations

import calendar
import dataclasses
from datetime import date, datetime, timezone

import pytest

from harness.adapters.localstripe.timeline import (
    EARLIEST_TIMESTAMP,
    NoShift,
    scenario_instants,
    timeline_for,
)
from harness.adapters.stripe_common import from_timestamp, shift_years

NOW = datetime(2026, 11, 21, tzinfo=timezone.utc)


@pytest.mark.parametrize("years", [0, 4, 24])
def test_every_core_scenario_maps_into_the_past_with_its_calendar(core_pack, years):
    """Written in 2026, 2030 or 2050, every core scenario lands in the past intact."""
    for scenario in map(lambda s: moved(s, years), core_pack.scenarios):
        timeline = timeline_for(scenario, now=NOW)
        assert timeline.years % 4 == 0, scenario.id
        assert timeline.years > 0 or years == 0, scenario.id  # a future scenario must move
        zone = scenario.pack.timezone
        for moment in scenario_instants(scenario):
            stamp = timeline.to_backend(moment)
            assert EARLIEST_TIMESTAMP < stamp < NOW.timestamp(), (scenario.id, moment)
            shifted = datetime.fromtimestamp(stamp, moment.tzinfo)
            # same wall clock, same month length: day counts and month ends are unchanged
            assert (shifted.month, shifted.day, shifted.time()) == (moment.month, moment.day, moment.time())
            assert calendar.monthrange(shifted.year, shifted.month)[1] == calendar.monthrange(moment.year, moment.month)[1]
            assert from_timestamp(stamp, zone, timeline.years) == moment


def test_a_2026_scenario_moves_back_one_leap_cycle(core_pack):
    scenario = core_pack.scenario("upgrade-halfway")  # April 2026, horizon May 2026
    timeline = timeline_for(scenario, now=datetime(2026, 4, 20, tzinfo=timezone.utc))
    assert timeline.years == 4  # 28 years would land before 2017-07-14, which localstripe refuses
    assert timeline.to_backend(scenario.events[0].at) == int(datetime(2022, 4, 16, tzinfo=timezone.utc).timestamp())


def test_leap_day_stays_a_leap_day(core_pack):
    scenario = core_pack.scenario("anchor-feb29-monthly")
    timeline = timeline_for(scenario, now=NOW)
    start = datetime.combine(scenario.start.date, datetime.min.time(), tzinfo=timezone.utc)
    assert (start.month, start.day) == (2, 29)
    shifted = datetime.fromtimestamp(timeline.to_backend(start), timezone.utc)
    assert (shifted.month, shifted.day) == (2, 29)


def moved(scenario, years: int):
    """The same scenario written `years` later (a multiple of 4: same calendar)."""
    start = scenario.start
    return dataclasses.replace(
        scenario,
        start=dataclasses.replace(
            start, date=start.date.replace(year=start.date.year + years),
            anchor=start.anchor.replace(year=start.anchor.year + years),
        ),
        events=tuple(dataclasses.replace(e, at=shift_years(e.at, years)) for e in scenario.events),
        until=shift_years(scenario.until, years) if scenario.until else None,
    )


def test_28_years_preferred_when_localstripe_accepts_it(core_pack):
    scenario = moved(core_pack.scenario("upgrade-halfway"), 24)  # April 2050
    timeline = timeline_for(scenario, now=NOW)
    assert timeline.years == 28
    stamp = timeline.to_backend(scenario.events[0].at)
    shifted = datetime.fromtimestamp(stamp, timezone.utc)
    assert shifted.weekday() == scenario.events[0].at.weekday()  # 28 years also keeps weekdays


def test_the_horizon_must_be_over(core_pack):
    scenario = core_pack.scenario("upgrade-halfway")  # horizon 2026-05-01
    assert timeline_for(scenario, now=datetime(2026, 6, 1, tzinfo=timezone.utc)).years == 0
    assert timeline_for(scenario, now=datetime(2026, 4, 20, tzinfo=timezone.utc)).years == 4


def test_no_shift_fits_a_scenario_just_after_localstripe_earliest_date(core_pack):
    scenario = core_pack.scenario("signup-plain-first-period")
    early = moved(scenario, -8)  # March 2018
    assert early.start.date == date(2018, 3, 1)
    with pytest.raises(NoShift, match="2017-07-14"):
        timeline_for(early, now=datetime(2018, 3, 10, tzinfo=timezone.utc))
