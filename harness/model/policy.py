"""The decision matrix of a pack: one rule per event, as finance wrote it down.

Values are enums so a misspelt policy cannot reach the engine; the loader turns
YAML strings into these and the engine only ever sees them."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal

from harness.model.money import Rounding


class DayCount(str, enum.Enum):
    ACTUAL_DAYS = "actual_days"
    THIRTY_DAY = "thirty_day"
    ACTUAL_SECONDS = "actual_seconds"


class ProrationLines(str, enum.Enum):
    GROSS = "gross"
    NET = "net"


class CreditForm(str, enum.Enum):
    NEGATIVE_LINE = "negative_line"
    CREDIT_NOTE = "credit_note"


class Effective(str, enum.Enum):
    IMMEDIATELY = "immediately"
    NEXT_PERIOD = "next_period"
    END_OF_PERIOD = "end_of_period"


class Bill(str, enum.Enum):
    NOW = "now"
    NEXT_INVOICE = "next_invoice"


@dataclass(frozen=True)
class SignupRule:
    prorate: bool = True


@dataclass(frozen=True)
class ChangeRule:
    """Upgrades, downgrades and seat changes share one shape."""

    effective: Effective = Effective.IMMEDIATELY
    prorate: bool = True
    bill: Bill = Bill.NOW


@dataclass(frozen=True)
class IntervalChangeRule:
    effective: Effective = Effective.IMMEDIATELY
    prorate: bool = True


@dataclass(frozen=True)
class CancelRule:
    effective: Effective = Effective.END_OF_PERIOD
    prorate: bool = False


@dataclass(frozen=True)
class AnchorRule:
    prorate: bool = True


@dataclass(frozen=True)
class Policy:
    day_count: DayCount = DayCount.ACTUAL_DAYS
    rounding: Rounding = Rounding.HALF_UP
    minimum_adjustment: Decimal = Decimal("0.00")
    proration_lines: ProrationLines = ProrationLines.GROSS
    credits: CreditForm = CreditForm.NEGATIVE_LINE
    signup: SignupRule = field(default_factory=SignupRule)
    upgrade: ChangeRule = field(default_factory=ChangeRule)
    downgrade: ChangeRule = field(default_factory=lambda: ChangeRule(effective=Effective.NEXT_PERIOD))
    quantity_increase: ChangeRule = field(default_factory=ChangeRule)
    quantity_decrease: ChangeRule = field(
        default_factory=lambda: ChangeRule(effective=Effective.NEXT_PERIOD)
    )
    interval_change: IntervalChangeRule = field(default_factory=IntervalChangeRule)
    cancel: CancelRule = field(default_factory=CancelRule)
    change_anchor: AnchorRule = field(default_factory=AnchorRule)


#: The rows of the decision matrix, in the order reports show them.
EVENT_RULES: tuple[str, ...] = (
    "signup",
    "upgrade",
    "downgrade",
    "quantity_increase",
    "quantity_decrease",
    "interval_change",
    "cancel",
    "change_anchor",
)
