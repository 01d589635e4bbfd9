"""Stripe-shaped objects -> harness documents, shared by the Stripe-API adapters
(localstripe, Stripe test mode).

Every function takes plain dicts as the SDK's `to_dict()` gives them, so the
same code reads the legacy shape localstripe serves (`line["plan"]`,
`line["proration"]`, `line["type"]`) and the current API's shape
(`line["pricing"]["price_details"]`, `line["parent"][...]["proration"]`).

What the harness compares must read like the pack, not like Stripe:

* amounts are integers in the currency's minor units (Stripe's convention,
  also for three-decimal currencies such as KWD) and become Decimals with the
  ISO 4217 minor units;
* timestamps become instants in the pack's time zone; a backend that replayed
  the scenario shifted by whole years (localstripe runs on the real clock, so
  scenarios are moved into the past) is shifted back here, keeping the wall
  time, so the documents carry the scenario's own calendar;
* vendor plan/price ids map back to the pack's plan ids;
* each line gets a harness kind from what Stripe says about it (proration or
  not, subscription line or invoice item) and whether its period is a whole
  interval of its plan.

Names here are imported by both adapters: do not rename them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Mapping
from zoneinfo import ZoneInfo

from harness.engine.calendar import add_interval
from harness.model import Document, DocumentKind, Interval, IntervalUnit, Line, LineKind, Period, minor_units

#: Metadata key under which an adapter may store the pack's plan id on a
#: Stripe plan/price/product, so an expanded object names its pack plan itself.
PLAN_METADATA_KEY = "prorata_plan"


# -- money


def to_minor_units(amount: Decimal, currency: str) -> int:
    """A pack amount as Stripe's integer (10.00 USD -> 1000, 1000 JPY -> 1000,
    10.500 KWD -> 10500). ValueError if it has more decimals than the currency."""
    scaled = amount.scaleb(minor_units(currency))
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{amount} {currency.upper()} has more decimals than the currency's minor units")
    return int(scaled)


def from_minor_units(value: int, currency: str) -> Decimal:
    """Stripe's integer amount as a Decimal with the currency's minor units (1000 USD -> 10.00)."""
    units = minor_units(currency)
    return Decimal(int(value)).scaleb(-units).quantize(Decimal(1).scaleb(-units))


# -- time


def shift_years(moment: datetime, years: int) -> datetime:
    """`moment` with its year moved by `years`, same wall time and zone.

    Used with multiples of 4 years inside 1901-2099, where the leap pattern
    repeats, so a valid date (Feb 29 included) stays valid and every month
    keeps its length. Raises ValueError if the date does not exist then."""
    return moment.replace(year=moment.year + years)


def from_timestamp(timestamp: int, timezone: str, shift: int = 0) -> datetime:
    """A Unix timestamp as an instant in `timezone`; `shift` years are added
    (the backend ran the scenario `shift` years earlier than it is written)."""
    moment = datetime.fromtimestamp(int(timestamp), ZoneInfo(timezone))
    return shift_years(moment, shift) if shift else moment


def to_timestamp(moment: datetime, shift: int = 0) -> int:
    """The inverse of `from_timestamp`: the scenario instant `moment`, moved
    `shift` years back, as a Unix timestamp. Raises ValueError for a naive
    datetime or a non-integral second (Stripe counts whole seconds)."""
    if moment.tzinfo is None:
        raise ValueError(f"{moment!r} has no time zone")
    if moment.microsecond:
        raise ValueError(f"{moment.isoformat()} is not a whole second; Stripe timestamps are whole seconds")
    shifted = shift_years(moment, -shift) if shift else moment
    return int(shifted.timestamp())


def period_of(line: Mapping[str, Any], timezone: str, shift: int = 0) -> Period:
    """A line's `period` ({start, end} timestamps) in the pack's calendar."""
    period = line["period"]
    return Period(from_timestamp(period["start"], timezone, shift), from_timestamp(period["end"], timezone, shift))


# -- plans


def _as_dict(value: Any) -> Mapping[str, Any] | None:
    return value if isinstance(value, Mapping) else None


def line_price(line: Mapping[str, Any]) -> Mapping[str, Any] | str | None:
    """The plan or price a line bills: the expanded object (dict) when Stripe
    sent one, its id (str) when only the id was sent, else None."""
    for key in ("plan", "price"):  # legacy shape (localstripe, API < 2025-03-31)
        if line.get(key):
            return line[key]
    pricing = _as_dict(line.get("pricing")) or {}
    details = _as_dict(pricing.get("price_details")) or {}
    return details.get("price") or None


def vendor_plan_id(line: Mapping[str, Any]) -> str | None:
    """The Stripe plan/price id a line bills, if any."""
    price = line_price(line)
    if isinstance(price, Mapping):
        return price.get("id")
    return price


def pack_plan_id(line: Mapping[str, Any], plan_ids: Mapping[str, str]) -> str | None:
    """The pack's plan id for a line: `plan_ids` maps vendor plan/price ids to
    pack ids; an expanded price carrying PLAN_METADATA_KEY names it too. An
    unknown vendor id is returned unchanged (the comparison then shows it)."""
    vendor_id = vendor_plan_id(line)
    if vendor_id is None:
        return None
    if vendor_id in plan_ids:
        return plan_ids[vendor_id]
    price = _as_dict(line_price(line)) or {}
    metadata = _as_dict(price.get("metadata")) or {}
    return metadata.get(PLAN_METADATA_KEY) or vendor_id


def plan_interval(line: Mapping[str, Any]) -> Interval | None:
    """The billing interval of the plan/price a line bills, when the line
    carries the expanded object (`plan.interval`, or `price.recurring.interval`)."""
    price = _as_dict(line_price(line))
    if price is None:
        return None
    source = _as_dict(price.get("recurring")) or price
    unit = source.get("interval")
    if unit is None:
        return None
    return Interval(IntervalUnit(unit), int(source.get("interval_count") or 1))


def _usage_type(line: Mapping[str, Any]) -> str | None:
    price = _as_dict(line_price(line)) or {}
    source = _as_dict(price.get("recurring")) or price
    return source.get("usage_type")


# -- lines


def is_proration(line: Mapping[str, Any]) -> bool:
    """Stripe flags proration lines: `proration` (legacy) or the line's parent details."""
    if "proration" in line and line["proration"] is not None:
        return bool(line["proration"])
    parent = _as_dict(line.get("parent")) or {}
    for key in ("subscription_item_details", "invoice_item_details"):
        details = _as_dict(parent.get(key))
        if details is not None:
            return bool(details.get("proration"))
    return False


def is_subscription_line(line: Mapping[str, Any]) -> bool:
    """A line the subscription itself generated for a period (not an invoice item)."""
    if line.get("type") is not None:  # legacy shape
        return line["type"] == "subscription"
    parent = _as_dict(line.get("parent")) or {}
    return parent.get("type") == "subscription_item_details"


def is_full_period(period: Period, interval: Interval) -> bool:
    """True when `period` spans at least one whole `interval` from its start.

    Forward only: a partial first period (Apr 16 - May 1) is shorter than a
    month from its start, while Stripe's month-end periods (Feb 28 - Mar 31
    after a Jan 31 anchor) are at least a month long and count as full."""
    return add_interval(period.start, interval, 1) <= period.end


def line_kind(line: Mapping[str, Any], period: Period) -> LineKind:
    """The harness kind of a Stripe line.

    * proration lines: negative -> proration_credit, else proration_charge;
    * subscription lines of a metered plan -> usage;
    * other subscription lines -> recurring for a whole interval of the plan,
      proration_charge (proration_credit if negative) for a partial one;
    * any other invoice item -> adjustment."""
    amount = int(line.get("amount") or 0)
    if is_proration(line):
        return LineKind.PRORATION_CREDIT if amount < 0 else LineKind.PRORATION_CHARGE
    if is_subscription_line(line):
        if _usage_type(line) == "metered":
            return LineKind.USAGE
        interval = plan_interval(line)
        if interval is None or is_full_period(period, interval):
            return LineKind.RECURRING
        return LineKind.PRORATION_CREDIT if amount < 0 else LineKind.PRORATION_CHARGE
    return LineKind.ADJUSTMENT


def line_to_harness(
    line: Mapping[str, Any], currency: str, timezone: str, plan_ids: Mapping[str, str], shift: int = 0
) -> Line:
    """One Stripe invoice line as a harness Line (signed as Stripe signs it:
    charges positive, credits negative; the vendor's description kept)."""
    period = period_of(line, timezone, shift)
    quantity = line.get("quantity")
    return Line(
        kind=line_kind(line, period),
        amount=from_minor_units(line["amount"], currency),
        period=period,
        plan=pack_plan_id(line, plan_ids),
        quantity=Decimal(int(quantity)) if quantity is not None else None,
        description=line.get("description"),
    )


def invoice_lines(invoice: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The line dicts of an invoice (`lines` is a Stripe list object). Callers
    must fetch the rest when `lines.has_more` is true; this raises instead of
    silently dropping lines."""
    lines = invoice.get("lines") or {}
    if isinstance(lines, Mapping):
        if lines.get("has_more"):
            raise ValueError(f"invoice {invoice.get('id')} has more lines than were fetched")
        return list(lines.get("data") or [])
    return list(lines)


def invoice_to_document(
    invoice: Mapping[str, Any],
    *,
    timezone: str,
    plan_ids: Mapping[str, str],
    shift: int = 0,
    reason: str = "",
) -> Document:
    """A Stripe invoice as a harness invoice.

    The date is the invoice's `created` (the moment it was issued; a test
    clock's time under test clocks). A negative total stays an invoice with
    negative lines: Stripe issues credit notes only when asked to.
    `stated_total` is the `total` Stripe printed."""
    currency = invoice["currency"]
    lines = tuple(line_to_harness(line, currency, timezone, plan_ids, shift) for line in invoice_lines(invoice))
    total = invoice.get("total")
    return Document(
        kind=DocumentKind.INVOICE,
        date=from_timestamp(invoice["created"], timezone, shift),
        currency=currency.upper(),
        lines=lines,
        number=invoice.get("number") or invoice.get("id") or "",
        reason=reason,
        stated_total=from_minor_units(total, currency) if total is not None else None,
    )


__all__ = [
    "PLAN_METADATA_KEY",
    "from_minor_units",
    "from_timestamp",
    "invoice_lines",
    "invoice_to_document",
    "is_full_period",
    "is_proration",
    "is_subscription_line",
    "line_kind",
    "line_price",
    "line_to_harness",
    "pack_plan_id",
    "period_of",
    "plan_interval",
    "shift_years",
    "to_minor_units",
    "to_timestamp",
    "vendor_plan_id",
]
