"""silver's documents as the harness's: what each entry means, and when.

The bill is silver's *invoice*: the adapter's provider uses silver's invoice
flow, in which generation issues invoices directly (in the proforma flow the
same entries sit on a proforma until it is paid, then move to an invoice).
Every invoice silver issued is kept, even one without entries, because the
customer receives it.

Entries map to lines by what silver wrote on them:

* a metered feature's entry -> `usage` (silver bills features in arrears);
* a plan entry with a negative amount -> `proration_credit` (silver itself
  only writes these for trial discounts);
* a plan entry silver marked `prorated` (a partial cycle) -> `proration_charge`;
* any other plan entry (a whole cycle, billed in advance) -> `recurring`.

silver's entry dates are inclusive days ("April 16 - April 30"); a line's
period is half-open, so it ends at 00:00 of the day after `end_date`. Amounts
are silver's entry totals (it rounds every entry to two decimals, whatever
the currency); they are shown with the currency's minor units when that loses
nothing, else as silver printed them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Mapping
from zoneinfo import ZoneInfo

from harness.model import Document, DocumentKind, Line, LineKind, Period, minor_units
from harness.model.money import decimal_places, quantize


def _amount(text: str, currency: str) -> Decimal:
    value = Decimal(text)
    units = minor_units(currency)
    return quantize(value, units) if decimal_places(value) <= units or value == quantize(value, units) else value


def _quantity(text: str) -> Decimal:
    value = Decimal(text)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _kind(entry: Mapping, amount: Decimal, metered: bool) -> LineKind:
    if metered:
        return LineKind.USAGE
    if amount < 0:
        return LineKind.PRORATION_CREDIT
    return LineKind.PRORATION_CHARGE if entry["prorated"] else LineKind.RECURRING


def documents(raw: list[Mapping], codes: Mapping[str, str], metered: set[str], timezone: str) -> tuple[Document, ...]:
    """`codes` maps silver product codes to the pack's plan ids; `metered`
    holds the codes of metered features."""
    tz = ZoneInfo(timezone)

    def midnight(day: str) -> datetime:
        return datetime.combine(date.fromisoformat(day), time(), tzinfo=tz)

    out = []
    for doc in raw:
        if doc["kind"] not in ("invoice", "proforma") or doc["state"] == "draft":
            continue
        currency = doc["currency"]
        lines = []
        for entry in doc["entries"]:
            amount = _amount(entry["total"], currency)
            code = entry["product_code"]
            period = Period(midnight(entry["start_date"]),
                            midnight(entry["start_date"]) if entry["end_date"] is None
                            else midnight(entry["end_date"]) + timedelta(days=1))
            lines.append(Line(
                kind=_kind(entry, amount, code in metered),
                amount=amount,
                period=period,
                plan=codes.get(code, code),
                quantity=_quantity(entry["quantity"]),
                description=" ".join(entry["description"].split()),
            ))
        out.append(Document(
            kind=DocumentKind.INVOICE,
            date=midnight(doc["issue_date"]),
            currency=currency,
            lines=tuple(lines),
            number=f"{doc['series']}-{doc['number']}",
            reason=f"silver {doc['kind']} issued {doc['issue_date']}",
            stated_total=_amount(doc["total"], currency),
        ))
    return tuple(out)
