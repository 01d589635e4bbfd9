"""Map a scenario onto localstripe's real clock without changing its calendar.

localstripe has no test clock: whatever it stamps itself is "now", and a
billing period can only be placed by backdating a subscription's start. So a
scenario is replayed in the past: all its instants move back by the same whole
number of years, chosen so that its whole horizon is over, and the documents'
dates move forward again when they are read back.

Only multiples of 4 years are used, inside 1901-2099, where the Gregorian leap
pattern repeats: every month keeps its length, Feb 29 stays Feb 29, so
day counts and month-end clamping are exactly what the scenario describes.
28 years also keeps the weekdays and is preferred, but localstripe refuses
timestamps before 2017-07-14 (it asserts `> 1500000000`), so for scenarios
written in the 2020s the smallest multiple of 4 that puts the horizon in the
past is used instead. Weekdays do not enter any Stripe calculation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from harness.adapters.stripe_common import shift_years, to_timestamp
from harness.engine.calendar import add_interval
from harness.model import ChangePlan, Scenario

#: localstripe rejects backdate_start_date / proration_date at or before this.
EARLIEST_TIMESTAMP = 1_500_000_000
LEAP_CYCLE = 4
WEEKDAY_CYCLE = 28
#: years where "every 4th year is a leap year" holds
GREGORIAN_SAFE = range(1901, 2100)
#: how far before "now" the shifted horizon must end
MARGIN = timedelta(days=1)


class NoShift(ValueError):
    """No whole number of leap cycles maps the scenario into localstripe's range."""


@dataclass(frozen=True)
class Timeline:
    """`years`: how far back the scenario is replayed (a multiple of 4)."""

    years: int

    def to_backend(self, moment: datetime) -> int:
        """A scenario instant as the Unix timestamp localstripe sees."""
        return to_timestamp(moment, self.years)


def scenario_instants(scenario: Scenario) -> list[datetime]:
    """Start, events, `until`, and a bound on the horizon: one interval of the
    longest plan involved past the last instant (the default horizon is the
    end of the period the last event falls in, never later than that)."""
    start, zone = scenario.start, ZoneInfo(scenario.pack.timezone)
    first = datetime.combine(start.date, time(0), tzinfo=zone)
    anchor = datetime.combine(start.anchor, time(0), tzinfo=zone)
    instants = [first, anchor, *(event.at for event in scenario.events)]
    if scenario.until is not None:
        instants.append(scenario.until)
    catalog = scenario.pack.catalog
    plan_ids = [item.plan for item in start.items]
    plan_ids += [event.action.to for event in scenario.events if isinstance(event.action, ChangePlan)]
    last = max(instants)
    instants += [add_interval(last, catalog[plan_id].interval, 1) for plan_id in plan_ids]
    return instants


def _fits(instants: list[datetime], years: int, now: datetime) -> bool:
    try:
        shifted = [shift_years(moment, -years) for moment in instants]
    except ValueError:  # a date that does not exist in the target year
        return False
    if any(moment.year not in GREGORIAN_SAFE for moment in (*instants, *shifted)):
        return False
    if any(not _round_trips(moment) for moment in shifted):
        return False  # a wall time skipped by a DST change in the target year
    return min(shifted).timestamp() > EARLIEST_TIMESTAMP and max(shifted) <= now - MARGIN


def _round_trips(moment: datetime) -> bool:
    utc = moment.astimezone(timezone.utc)
    return utc.astimezone(moment.tzinfo).replace(tzinfo=None) == moment.replace(tzinfo=None)


def timeline_for(scenario: Scenario, now: datetime | None = None) -> Timeline:
    """The shift for `scenario`: 28 years if that fits, else the smallest
    multiple of 4 (0 included) that puts its horizon in the past and its start
    after localstripe's earliest accepted date. NoShift if none does."""
    now = now or datetime.now(timezone.utc)
    instants = scenario_instants(scenario)
    candidates = [WEEKDAY_CYCLE, *range(0, 2100 - 1901, LEAP_CYCLE)]
    for years in candidates:
        if _fits(instants, years, now):
            return Timeline(years)
    raise NoShift(
        f"no shift by whole 4-year leap cycles puts this scenario ({min(instants).date()} - "
        f"{max(instants).date()}) both in the past and after 2017-07-14, the earliest date localstripe accepts"
    )
