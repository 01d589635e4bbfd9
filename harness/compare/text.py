"""How comparison notes name amounts, periods, lines and documents.

One plain-text form, shared by the expected and the actual side, so a reader
can put the two next to each other: a line reads
``proration_credit basic x1 [2026-04-16, 2026-05-01) -5.02`` (kind, plan and
quantity when known, the half-open period in the pack's timezone, the signed
amount with the currency's minor units)."""

from __future__ import annotations

import re
from datetime import date, datetime, time, tzinfo
from decimal import Decimal

from harness.model import Document, ExpectedDocument, ExpectedLine, Line
from harness.model.money import decimal_places, quantize

_ORDINALS = {1: "st", 2: "nd", 3: "rd"}


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else _ORDINALS.get(n % 10, "th")
    return f"{n}{suffix}"


def amount_text(amount: Decimal, units: int) -> str:
    """At least the currency's minor units; more only if the amount has them
    (a backend's 5.025 must not be shown as 5.03)."""
    if amount == 0:
        amount = abs(amount)
    return format(quantize(amount, max(units, decimal_places(amount))), "f")


def quantity_text(quantity: Decimal | int) -> str:
    return format(Decimal(quantity).normalize(), "f")


def local(instant: datetime, tz: tzinfo) -> datetime:
    """An instant in the pack's timezone; a naive datetime is taken as already local."""
    return instant.replace(tzinfo=tz) if instant.tzinfo is None else instant.astimezone(tz)


def instant_text(instant: datetime, tz: tzinfo) -> str:
    moment = local(instant, tz)
    if moment.time() == time(0):
        return moment.date().isoformat()
    return moment.strftime("%Y-%m-%d %H:%M:%S" if moment.second else "%Y-%m-%d %H:%M")


def period_text(start: datetime, end: datetime, tz: tzinfo) -> str:
    return f"[{instant_text(start, tz)}, {instant_text(end, tz)})"


def kind_text(kind: object) -> str:
    return str(getattr(kind, "value", kind))


def line_text(line: Line | ExpectedLine, units: int, tz: tzinfo) -> str:
    if isinstance(line, Line):
        start, end = line.period.start, line.period.end
    else:
        start, end = line.period
    parts = [kind_text(line.kind)]
    if line.plan is not None:
        parts.append(line.plan)
    if line.quantity is not None:
        parts.append(f"x{quantity_text(line.quantity)}")
    parts.append(period_text(start, end, tz))
    parts.append(amount_text(line.amount, units))
    return " ".join(parts)


def document_text(
    document: Document | ExpectedDocument, total: Decimal, units: int, tz: tzinfo
) -> str:
    lines = "; ".join(line_text(line, units, tz) for line in document.lines)
    return f"total {amount_text(total, units)}: {lines}" if lines else f"total {amount_text(total, units)}, no lines"


def document_label(kind: str, day: date, position: int, several: bool) -> str:
    """"invoice of 2026-04-16", or "invoice of 2026-04-16 (2nd)" when that date has several."""
    label = f"{kind} of {day.isoformat()}"
    return f"{label} ({ordinal(position)})" if several else label


_LINE = re.compile(r"^(?P<head>\S+(?: \S+)*?) (?P<period>\[[^\[\]]*\)) (?P<amount>\S+)$")
_QUANTITY = re.compile(r"^x\d+(?:\.\d+)?$")


def parse_line_text(text: str | None) -> dict[str, str | None] | None:
    """The parts of a `line_text` string, or None if it is not one."""
    if not text:
        return None
    match = _LINE.match(text)
    if not match:
        return None
    kind, *rest = match["head"].split(" ")
    quantity = rest.pop() if rest and _QUANTITY.match(rest[-1]) else None
    if len(rest) > 1:
        return None
    return {
        "kind": kind,
        "plan": rest[0] if rest else None,
        "quantity": quantity,
        "period": match["period"],
        "amount": match["amount"],
    }
