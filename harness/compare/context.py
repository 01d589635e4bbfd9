"""What comparing one scenario needs to know about its pack: timezone, currencies, plans."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo

from harness.compare.text import local
from harness.model import ExpectedDocument, ExpectedLine, Line, Plan, Scenario, minor_units


@dataclass(frozen=True)
class Context:
    scenario: Scenario
    tz: tzinfo

    @classmethod
    def of(cls, scenario: Scenario) -> "Context":
        return cls(scenario, ZoneInfo(scenario.pack.timezone))

    def local_date(self, instant: datetime) -> date:
        """A document's calendar date in the pack's timezone."""
        return local(instant, self.tz).date()

    def instant(self, moment: datetime) -> datetime:
        """In UTC, so instants compare as instants whatever offset (or DST fold) they carry.
        (An aware moment goes to UTC directly: through the pack's timezone first is the same instant.)"""
        return (moment.replace(tzinfo=self.tz) if moment.tzinfo is None else moment).astimezone(timezone.utc)

    def plan(self, plan_id: str | None) -> Plan | None:
        catalog = self.scenario.pack.catalog
        return catalog[plan_id] if plan_id is not None and plan_id in catalog else None

    def currency_of(self, document: ExpectedDocument) -> str:
        """An expected document has no currency of its own: its plans' (plans
        may be priced in another currency than the pack's), else the pack's."""
        for line in document.lines:
            plan = self.plan(line.plan)
            if plan is not None:
                return plan.currency
        return self.scenario.pack.currency

    def units(self, currency: str) -> int:
        return minor_units(currency)

    def same_period(self, expected: ExpectedLine, actual: Line) -> bool:
        return (
            self.instant(expected.period[0]) == self.instant(actual.period.start)
            and self.instant(expected.period[1]) == self.instant(actual.period.end)
        )


def one_minor_unit(units: int) -> Decimal:
    return Decimal(1).scaleb(-units)
