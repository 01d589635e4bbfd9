"""What one rendered document shows, already formatted for a layout and locale.

Text, HTML and PDF all print these views, so every output agrees on every
value; the templates only arrange them. A view shows what the backend posted,
whatever it is: lines without derivation, no plan, no quantity, periods of
zero length, a stated total that does not add up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import UnknownLocaleError

from harness.model import Derivation, Document, DocumentKind, Line, LineKind, Outcome, Scenario
from harness.model.records import quick_new
from harness.render.explain import formula, rule
from harness.render.invoice import formatting
from harness.render.invoice.formatting import HARNESS_STYLE, LEDGER_STYLE, Style

KIND_WORDS = {
    LineKind.RECURRING: "Subscription",
    LineKind.PRORATION_CHARGE: "Prorated charge",
    LineKind.PRORATION_CREDIT: "Prorated credit",
    LineKind.USAGE: "Usage",
    LineKind.ADJUSTMENT: "Adjustment",
}


@dataclass(frozen=True)
class Layout:
    name: str
    locale: str  # the default when the caller gives none
    style: Style


LAYOUT_SPECS = {
    "harness": Layout("harness", "en_US", HARNESS_STYLE),
    "ledger": Layout("ledger", "de_DE", LEDGER_STYLE),
}
LAYOUTS: tuple[str, ...] = tuple(LAYOUT_SPECS)


class RenderOptionError(ValueError):
    """An unknown layout or locale: the caller's input, reported as such."""


def layout_named(name: str) -> Layout:
    try:
        return LAYOUT_SPECS[name]
    except KeyError:
        raise RenderOptionError(f"unknown invoice layout {name!r}; choose from {', '.join(LAYOUTS)}") from None


def checked_locale(locale: str) -> str:
    try:
        formatting.parsed_locale(locale)  # parsed once per locale: babel reads its data files for each parse
    except (UnknownLocaleError, ValueError, TypeError):
        raise RenderOptionError(f"unknown locale {locale!r}; give one like en_US, de_DE or ja_JP") from None
    return locale


# quick_new: the model's quicker constructor for frozen records (a golden
# invoice builds a view per line; the dataclass one stores each field through
# object.__setattr__)
@quick_new
@dataclass(frozen=True, slots=True)
class LineView:
    number: int
    description: str
    kind: str
    plan: str
    period: str
    quantity: str
    unit_price: str
    amount: str
    negative: bool
    reason: str
    explanation: str  # "" when the backend gave no derivation


@quick_new
@dataclass(frozen=True, slots=True)
class DocumentView:
    credit_note: bool
    number: str
    date: str
    currency: str
    reason: str
    adjusts: str
    lines: tuple[LineView, ...]
    total: str

    @property
    def explained(self) -> tuple[LineView, ...]:
        return tuple(line for line in self.lines if line.explanation)


@dataclass(frozen=True)
class Parties:
    """The seller and customer blocks: the pack issues, the scenario is billed."""

    seller: str
    seller_detail: tuple[str, ...]
    customer: str
    customer_detail: tuple[str, ...]
    timezone: str


def timezone_of(scenario: Scenario) -> tzinfo | None:
    try:
        return ZoneInfo(scenario.pack.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def parties(scenario: Scenario) -> Parties:
    pack = scenario.pack
    seller_detail = [f"Pack {pack.name}, version {pack.version}"]
    if pack.owner:
        seller_detail.append(f"Billing contact: {pack.owner}")
    customer_detail = [f"Scenario {scenario.id}"]
    if scenario.owner and scenario.owner != pack.owner:
        customer_detail.append(f"Owner: {scenario.owner}")
    return Parties(
        seller=pack.title or pack.name,
        seller_detail=tuple(seller_detail),
        customer=scenario.title or scenario.id,
        customer_detail=tuple(customer_detail),
        timezone=pack.timezone,
    )


def document_views(scenario: Scenario, outcome: Outcome, layout: Layout, locale: str) -> list[DocumentView]:
    tz = timezone_of(scenario)
    locale = checked_locale(locale)
    return [_document(scenario, document, layout.style, locale, tz) for document in outcome.documents]


def _document(scenario: Scenario, document: Document, style: Style, locale: str, tz: tzinfo | None) -> DocumentView:
    currency = document.currency

    def money(amount: Decimal) -> str:
        return formatting.money(amount, currency, locale)

    lines = tuple(
        LineView(
            number=number,
            description=line.description or "",
            kind=KIND_WORDS.get(line.kind) or str(getattr(line.kind, "value", line.kind)),
            plan=_plan_name(scenario, line.plan),
            period=formatting.period(line.period.start, line.period.end, style, locale, tz),
            quantity=formatting.quantity(line.quantity),
            unit_price=_unit_price(scenario, line, money),
            amount=money(line.amount),
            negative=line.amount < 0,
            reason=_reason(scenario, line.derivation),
            explanation=_explanation(scenario, line.derivation, currency),
        )
        for number, line in enumerate(document.lines, start=1)
    )
    return DocumentView(
        credit_note=document.kind is DocumentKind.CREDIT_NOTE,
        number=document.number,
        date=formatting.instant(document.date, style, locale, tz),
        currency=currency,
        reason=document.reason,
        adjusts=document.adjusts,
        lines=lines,
        total=money(document.total),
    )


def _plan_name(scenario: Scenario, plan_id: str | None) -> str:
    if plan_id is None:
        return ""
    catalog = scenario.pack.catalog
    return catalog[plan_id].name if plan_id in catalog else plan_id


def _unit_price(scenario: Scenario, line: Line, money) -> str:  # noqa: ANN001 - the closure above
    """The derivation's unit amount, else the catalog price of the line's plan."""
    if line.derivation is not None:
        return money(line.derivation.unit_amount)
    if line.plan is not None and line.plan in scenario.pack.catalog:
        plan = scenario.pack.catalog[line.plan]
        price = plan.unit_amount if plan.metered else plan.amount
        if price is not None:
            return money(price)
    return ""


def _reason(scenario: Scenario, derivation: Derivation | None) -> str:
    """`upgrade, event 1`: the rule, and the event by its position in the scenario."""
    if derivation is None:
        return ""
    if derivation.event_index is None:
        return derivation.rule
    number = next(
        (n for n, event in enumerate(scenario.events, start=1) if event.index == derivation.event_index),
        derivation.event_index + 1,
    )
    return f"{derivation.rule}, event {number}"


def _explanation(scenario: Scenario, derivation: Derivation | None, currency: str) -> str:
    """`-(10.00 x 15/30 days) = -5.00 (half_up), policy.upgrade: effective immediately, ...`."""
    if derivation is None:
        return ""
    return f"{formula(derivation, currency)}, {rule(scenario, derivation)}"
