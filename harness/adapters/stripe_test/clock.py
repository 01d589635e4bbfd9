"""One Stripe test clock: the scenario's calendar, moved only forward.

Stripe's rules, from the test clock API reference: an advance may not go more
than two intervals of the shortest subscription on the clock past its
current time, and advancing is asynchronous (`advancing` until `ready`, or
`internal_failure`, after which the clock is unusable). `advance_to` splits
a long move into legal steps and waits for each one, with a deadline."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Callable

from harness.adapters.stripe_test.api import Api
from harness.model import Interval, IntervalUnit

#: The shortest each unit can be, so "two intervals" is never overstepped
#: whatever month or year the clock is in (two months are at least 59 days).
_MIN_DAYS = {IntervalUnit.DAY: 1, IntervalUnit.WEEK: 7, IntervalUnit.MONTH: 28, IntervalUnit.YEAR: 365}


class ClockError(RuntimeError):
    """The clock failed or did not become ready in time."""


def max_step(intervals: list[Interval]) -> timedelta:
    """The longest legal advance for subscriptions on these intervals."""
    shortest = min((_MIN_DAYS[i.unit] * i.count for i in intervals), default=365)
    return timedelta(days=2 * shortest)


def ts(instant: datetime) -> int:
    return int(instant.timestamp())


@dataclass
class Timing:
    """How long to wait for an advance; `sleep`/`monotonic` are swapped in tests."""

    timeout: float = 300.0
    poll: float = 2.0
    sleep: Callable[[float], None] = time.sleep
    monotonic: Callable[[], float] = time.monotonic


@dataclass
class Clock:
    api: Api
    id: str
    now: int  # the clock's frozen time, unix seconds
    step: timedelta
    timing: Timing = field(default_factory=Timing)

    @classmethod
    def create(cls, api: Api, start: datetime, name: str, step: timedelta, timing: Timing) -> "Clock":
        clock = api.call(
            "creating the test clock", api.v1.test_helpers.test_clocks.create,
            params={"frozen_time": ts(start), "name": name[:300]},
        )
        return cls(api, clock["id"], clock["frozen_time"], step, timing)

    def advance_to(self, target: datetime) -> None:
        """Move to `target` (no-op if already there), in legal steps."""
        goal = ts(target)
        while self.now < goal:
            step_end = min(goal, self.now + int(self.step.total_seconds()))
            self._advance(step_end)

    def _advance(self, frozen_time: int) -> None:
        when = datetime.fromtimestamp(frozen_time, timezone.utc).isoformat()
        clock = self.api.call(
            f"advancing test clock {self.id} to {when}", self.api.v1.test_helpers.test_clocks.advance,
            self.id, params={"frozen_time": frozen_time},
        )
        deadline = self.timing.monotonic() + self.timing.timeout
        while clock["status"] != "ready":
            if clock["status"] == "internal_failure":
                raise ClockError(
                    f"Stripe test clock {self.id} failed while advancing to {when} (status internal_failure); "
                    "Stripe cannot advance it any further, so this scenario cannot finish"
                )
            if self.timing.monotonic() >= deadline:
                raise ClockError(
                    f"Stripe test clock {self.id} was still {clock['status']!r} {self.timing.timeout:g} s after "
                    f"being asked to advance to {when}; raise the timeout with "
                    "--backend-option clock_timeout=SECONDS if Stripe is slow today"
                )
            self.timing.sleep(self.timing.poll)
            clock = self.api.call(
                f"reading test clock {self.id}", self.api.v1.test_helpers.test_clocks.retrieve, self.id
            )
        self.now = frozen_time

    def delete(self) -> None:
        self.api.call(f"deleting test clock {self.id}", self.api.v1.test_helpers.test_clocks.delete, self.id)


def clean(api: Api, prefix: str) -> list[str]:
    """Delete every test clock whose name marks it as the harness's."""
    removed = []
    for clock in list(api.each("listing test clocks", api.v1.test_helpers.test_clocks.list)):
        if (clock.get("name") or "").startswith(prefix):
            api.call(f"deleting test clock {clock['id']}", api.v1.test_helpers.test_clocks.delete, clock["id"])
            removed.append(f"test clock {clock['id']} ({clock['name']}) deleted with its customer and subscription")
    return removed
