"""Plans as the pack's catalog declares them."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping


class IntervalUnit(str, enum.Enum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True)
class Interval:
    unit: IntervalUnit
    count: int = 1

    def __post_init__(self) -> None:
        # worked out once: the engine names the interval in nearly every line it issues
        text = self.unit.value if self.count == 1 else f"{self.count} {self.unit.value}s"
        object.__setattr__(self, "_text", text)

    def describe(self) -> str:
        """'month', '3 months'."""
        return self._text


@dataclass(frozen=True)
class Plan:
    """`amount` is the price of one unit for one interval; metered plans have a
    per-unit `unit_amount` instead, which may carry sub-minor-unit precision."""

    id: str
    name: str
    currency: str
    interval: Interval
    amount: Decimal | None = None
    unit_amount: Decimal | None = None

    @property
    def metered(self) -> bool:
        return self.unit_amount is not None


@dataclass(frozen=True)
class Catalog:
    plans: Mapping[str, Plan]

    def __getitem__(self, plan_id: str) -> Plan:
        return self.plans[plan_id]

    def __contains__(self, plan_id: object) -> bool:
        return plan_id in self.plans
