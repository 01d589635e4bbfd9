"""Checks that look at more than one value of a file: the start, the order of
events, the horizon, the documents' sums. They run on a file that passed the
schema (`harness.packs.schema`), so every value already has its type."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Callable
from zoneinfo import ZoneInfo

from harness.engine.calendar import shift_date
from harness.model.catalog import Plan
from harness.model.scenario import PackMeta
from harness.packs.names import zone
from harness.packs.schema import DocumentModel, PackFile, ScenarioFile

Report = Callable[..., None]  # report(path, message, hint="")


@lru_cache(maxsize=8192)
def instant(value: date | datetime, tz: ZoneInfo) -> datetime:
    """A bare date is 00:00 in the pack's timezone; a datetime with an offset
    is the same instant seen in the pack's timezone."""
    if isinstance(value, datetime):
        return value.astimezone(tz)
    return datetime(value.year, value.month, value.day, tzinfo=tz)


def local_date(value: date | datetime, tz: ZoneInfo) -> date:
    return instant(value, tz).date() if isinstance(value, datetime) else value


def _show(value: date | datetime) -> str:
    return value.isoformat()


def _money(value: Decimal) -> str:
    return f'"{value}"'


def check_pack(pf: PackFile, report: Report) -> None:
    for plan_id, plan in pf.catalog.plans.items():
        path = ("catalog", "plans", plan_id)
        given = plan.model_fields_set
        if "amount" not in given and "metered" not in given:
            report(
                path + ("amount",),
                "required",
                'price of one unit for one interval, e.g. amount: "10.00"; or metered: {unit_amount: "0.002"}',
            )
        elif "amount" in given and "metered" in given:
            report(
                path + ("amount",),
                "a metered plan has no amount",
                "usage is priced by metered.unit_amount; put a fixed fee in a plan of its own",
            )


def check_scenario(sf: ScenarioFile, stem: str, meta: PackMeta, report: Report) -> None:
    tz = zone(meta.timezone)
    plans = meta.catalog.plans

    if sf.id != stem:
        report(
            ("id",),
            f"id '{sf.id}' differs from the file name '{stem}.yaml'",
            f"rename the file to {sf.id}.yaml or write id: {stem}",
        )

    items = _check_start(sf, plans, report)
    start = sf.start
    begins = instant(start.date, tz)

    if items:
        first = plans[items[0]]
        anchor = start.anchor or start.date
        if anchor < start.date:
            report(
                ("start", "anchor"),
                f"anchor {anchor} is before the start date {start.date}",
                "the billing-cycle anchor is on or after the start date",
            )
        else:
            earliest = shift_date(anchor, first.interval, -1)
            if start.date < earliest:
                latest = shift_date(start.date, first.interval, 1)
                report(
                    ("start", "anchor"),
                    f"anchor {anchor} is more than one {first.interval.describe()} after the start date {start.date}",
                    f"the first partial period may not be longer than a full period: use an anchor <= {latest}",
                )

    until = instant(sf.until, tz) if sf.until is not None else None
    if until is not None and until <= begins:
        report(("until",), f"until {_show(sf.until)} is not after the start ({start.date})", "until is exclusive")

    previous: datetime | None = None
    for i, event in enumerate(sf.events):
        at = instant(event.at, tz)
        if at < begins:
            report(
                ("events", i, "at"),
                f"event at {_show(event.at)} is before the subscription starts ({start.date})",
                "events at the start instant are allowed; earlier ones are not",
            )
        elif previous is not None and at < previous:
            report(
                ("events", i, "at"),
                f"events are out of time order: {_show(event.at)} is before events[{i - 1}] "
                f"({_show(sf.events[i - 1].at)})",
                "list events in time order; events at the same instant apply in the order listed",
            )
        if until is not None and at >= until:
            report(
                ("events", i, "at"),
                f"event at {_show(event.at)} is not before until ({_show(sf.until)})",
                "until is exclusive: move until later or the event earlier",
            )
        if event.change_anchor is not None and "change_anchor" in event.model_fields_set:
            to = instant(event.change_anchor.to, tz)
            if to <= at:
                report(
                    ("events", i, "change_anchor", "to"),
                    f"the new anchor {event.change_anchor.to} is not after the event ({_show(event.at)})",
                    "change_anchor moves the billing date to a later date inside the current period",
                )
        previous = at if previous is None else max(previous, at)

    _check_expect(sf, tz, report)


def _check_start(sf: ScenarioFile, plans: dict[str, Plan], report: Report) -> list[str]:
    """The plan ids of the start, in order; [] when the start is unusable."""
    start = sf.start
    given = start.model_fields_set
    if "plan" in given and "items" in given:
        report(
            ("start",),
            "start has both plan and items",
            "write plan and quantity for one item, or items: [{plan: ..., quantity: ...}] for several",
        )
        return []
    if "plan" not in given and "items" not in given:
        report(("start",), "start needs a plan", "write plan: basic, or items: [{plan: basic, quantity: 2}, {plan: api}]")
        return []
    if "items" in given:
        if "quantity" in given:
            report(
                ("start", "quantity"),
                "quantity goes inside each item when start has items",
                "items: [{plan: seat, quantity: 3}]",
            )
        ids = [item.plan for item in start.items]
    else:
        ids = [start.plan]

    ok = True
    seen: dict[str, int] = {}
    for i, plan_id in enumerate(ids):
        path = ("start", "items", i, "plan") if "items" in given else ("start", "plan")
        if plan_id in seen:
            report(path, f"plan '{plan_id}' is listed twice (also items[{seen[plan_id]}])", "one item per plan; give it a quantity")
            ok = False
            continue
        seen[plan_id] = i
        first, plan = plans[ids[0]], plans[plan_id]
        if plan.currency != first.currency:
            report(
                path,
                f"plan '{plan_id}' is billed in {plan.currency} but '{ids[0]}' in {first.currency}",
                "all items of a subscription share one currency",
            )
            ok = False
        elif plan.interval != first.interval:
            report(
                path,
                f"plan '{plan_id}' renews every {plan.interval.describe()} but '{ids[0]}' every {first.interval.describe()}",
                "all items of a subscription share one interval",
            )
            ok = False
    return ids if ok else []


def _check_expect(sf: ScenarioFile, tz: ZoneInfo, report: Report) -> None:
    expect = sf.expect
    given = expect.model_fields_set
    if "invoices" not in given and "total_billed" not in given:
        report(
            ("expect",),
            "expect needs invoices or total_billed",
            'list the invoices and credit_notes, or give total_billed: "40.00"',
        )
    for name in ("invoices", "credit_notes"):
        documents = getattr(expect, name)
        if documents:
            _check_documents(name, documents, tz, report)


def _check_documents(name: str, documents: list[DocumentModel], tz: ZoneInfo, report: Report) -> None:
    kind = "invoice" if name == "invoices" else "credit note"
    previous: date | None = None
    for j, document in enumerate(documents):
        base = ("expect", name, j)
        day = local_date(document.date, tz)
        if previous is not None and day < previous:
            report(
                base + ("date",),
                f"{name} are listed in date order; {day} comes before the previous {kind} ({previous})",
                "",
            )
        previous = day if previous is None else max(previous, day)

        for k, line in enumerate(document.lines):
            path = base + ("lines", k)
            begin, end = (instant(v, tz) for v in line.period)
            # usage recorded at the very instant a subscription starts and is
            # cancelled is billed for the empty span that ran (docs/semantics.md)
            if begin > end or (begin == end and line.kind != "usage"):
                report(
                    path + ("period",),
                    f"period start {_show(line.period[0])} is not before its end {_show(line.period[1])}",
                    "a period is [start, end) with the end excluded, e.g. [2026-04-01, 2026-05-01]"
                    + ("; only a usage line's may be empty" if begin == end else ""),
                )
            if line.kind == "proration_credit" and line.amount >= 0:
                report(
                    path + ("amount",),
                    f"a proration_credit is negative, not {_money(line.amount)}",
                    f'amounts are signed from the customer\'s side: write "-{line.amount}"'
                    if line.amount > 0
                    else "a zero proration line is not posted; leave it out",
                )
            elif line.kind == "proration_charge" and line.amount <= 0:
                report(
                    path + ("amount",),
                    f"a proration_charge is positive, not {_money(line.amount)}",
                    "a credit is a proration_credit" if line.amount < 0 else "a zero proration line is not posted; leave it out",
                )
            elif line.kind in ("recurring", "usage") and line.amount < 0:
                report(path + ("amount",), f"a {line.kind} line is not negative ({_money(line.amount)})", "")

        lines_sum = sum((line.amount for line in document.lines), Decimal(0))
        if lines_sum != document.total:
            report(
                base + ("total",),
                f"total {_money(document.total)} is not the sum of the lines ({_money(lines_sum)})",
                "a document's total is the sum of its lines",
            )
        elif name == "credit_notes" and document.total >= 0:
            report(
                base + ("total",),
                f"a credit note's total is negative, not {_money(document.total)}",
                "credit notes hold credits, signed from the customer's side",
            )
