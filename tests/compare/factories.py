"""Small builders for scenarios and outcomes, straight from the model (no
loader, no engine), shared by the compare, runner and report tests.

Dates are ISO strings; a bare date is 00:00 in the pack's timezone."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from harness.model import (
    Catalog,
    Derivation,
    Document,
    DocumentKind,
    Expectation,
    ExpectedDocument,
    ExpectedLine,
    Interval,
    IntervalUnit,
    Line,
    LineKind,
    Outcome,
    Pack,
    PackMeta,
    Period,
    Plan,
    Policy,
    Scenario,
    Start,
    StartItem,
)

MONTH = Interval(IntervalUnit.MONTH)


def plans(currency: str = "USD") -> Catalog:
    return Catalog(
        {
            "basic": Plan("basic", "Basic", currency, MONTH, amount=Decimal("10.00")),
            "pro": Plan("pro", "Pro", currency, MONTH, amount=Decimal("30.00")),
            "seat": Plan("seat", "Team seat", currency, MONTH, amount=Decimal("12.00")),
        }
    )


def pack_meta(tz: str = "UTC", currency: str = "USD", name: str = "core") -> PackMeta:
    return PackMeta(
        name=name,
        title=f"{name} pack",
        currency=currency,
        timezone=tz,
        owner="billing-ops",
        catalog=plans(currency),
        policy=Policy(),
    )


def at(when: str, tz: str = "UTC") -> datetime:
    """"2026-04-16" (00:00 in tz), "2026-04-16T14:00" (in tz) or a string with an offset."""
    moment = datetime.fromisoformat(when)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=ZoneInfo(tz))


def scenario(
    invoices: tuple[ExpectedDocument, ...] | list | None = None,
    credit_notes: tuple[ExpectedDocument, ...] | list | None = None,
    total_billed: str | None = None,
    *,
    id: str = "upgrade-halfway",
    title: str = "Upgrade Basic to Pro halfway through April",
    tags: tuple[str, ...] = (),
    meta: PackMeta | None = None,
) -> Scenario:
    meta = meta or pack_meta()
    return Scenario(
        id=id,
        title=title,
        pack=meta,
        policy=meta.policy,
        start=Start(date(2026, 4, 1), (StartItem("basic"),), date(2026, 4, 1)),
        events=(),
        expect=Expectation(
            invoices=tuple(invoices) if invoices is not None else None,
            credit_notes=tuple(credit_notes) if credit_notes is not None else None,
            total_billed=Decimal(total_billed) if total_billed is not None else None,
        ),
        tags=tags,
    )


def pack(*scenarios: Scenario, meta: PackMeta | None = None) -> Pack:
    meta = meta or (scenarios[0].pack if scenarios else pack_meta())
    return Pack(meta, tuple(scenarios))


def expected_line(
    kind: str,
    plan: str | None,
    start: str,
    end: str,
    amount: str,
    quantity: int | None = None,
    tz: str = "UTC",
) -> ExpectedLine:
    return ExpectedLine(
        kind=kind,
        amount=Decimal(amount),
        period=(at(start, tz), at(end, tz)),
        plan=plan,
        quantity=Decimal(quantity) if quantity is not None else None,
    )


def expected_doc(day: str, total: str, *lines: ExpectedLine) -> ExpectedDocument:
    return ExpectedDocument(date=date.fromisoformat(day), total=Decimal(total), lines=tuple(lines))


def line(
    kind: str,
    plan: str | None,
    start: str,
    end: str,
    amount: str,
    quantity: int | None = 1,
    tz: str = "UTC",
    derivation: Derivation | None = None,
) -> Line:
    return Line(
        kind=LineKind(kind),
        amount=Decimal(amount),
        period=Period(at(start, tz), at(end, tz)),
        plan=plan,
        quantity=Decimal(quantity) if quantity is not None else None,
        derivation=derivation,
    )


def derivation(
    exact: Fraction,
    rounding: str = "half_up",
    used: int = 15,
    total: int = 30,
    unit: str = "10.00",
    basis: str = "days",
    cap: str | None = None,
) -> Derivation:
    return Derivation(
        rule="upgrade",
        policy="effective immediately, prorate, bill now",
        unit_amount=Decimal(unit),
        quantity=Decimal(1),
        fraction=Fraction(used, total),
        basis=basis,
        units_used=used,
        units_total=total,
        rounding=rounding,
        exact=exact,
        cap=Decimal(cap) if cap is not None else None,
    )


def invoice(when: str, *lines: Line, tz: str = "UTC", currency: str = "USD", stated_total: str | None = None) -> Document:
    return _document(DocumentKind.INVOICE, when, lines, tz, currency, stated_total)


def credit_note(when: str, *lines: Line, tz: str = "UTC", currency: str = "USD") -> Document:
    return _document(DocumentKind.CREDIT_NOTE, when, lines, tz, currency, None)


def _document(kind, when, lines, tz, currency, stated_total) -> Document:
    return Document(
        kind=kind,
        date=at(when, tz),
        currency=currency,
        lines=tuple(lines),
        stated_total=Decimal(stated_total) if stated_total is not None else None,
    )


def outcome(*documents: Document) -> Outcome:
    return Outcome(tuple(documents))


# -- the spec's worked example: Basic $10 to Pro $30 on Apr 16, cycle Apr 1 ------


def upgrade_expected() -> list[ExpectedDocument]:
    return [
        expected_doc(
            "2026-04-01",
            "10.00",
            expected_line("recurring", "basic", "2026-04-01", "2026-05-01", "10.00"),
        ),
        expected_doc(
            "2026-04-16",
            "10.00",
            expected_line("proration_credit", "basic", "2026-04-16", "2026-05-01", "-5.00"),
            expected_line("proration_charge", "pro", "2026-04-16", "2026-05-01", "15.00"),
        ),
    ]


def upgrade_outcome() -> Outcome:
    return outcome(
        invoice("2026-04-01", line("recurring", "basic", "2026-04-01", "2026-05-01", "10.00")),
        invoice(
            "2026-04-16",
            line("proration_credit", "basic", "2026-04-16", "2026-05-01", "-5.00"),
            line("proration_charge", "pro", "2026-04-16", "2026-05-01", "15.00"),
        ),
    )


class FixedBackend:
    """A backend that returns one outcome for every scenario."""

    name = "fixed"

    def __init__(self, result: Outcome | None = None) -> None:
        self.result = result if result is not None else upgrade_outcome()

    def run(self, scenario: Scenario) -> Outcome:
        return self.result
