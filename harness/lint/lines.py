"""Rules about single lines: can a reader tell what a line is for, which
dates it covers and that its amount is a real amount of its currency?"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from harness.lint.context import PRORATION_KINDS, Context
from harness.lint.dates import mentions
from harness.lint.finding import Finding, line_ref, show_day, show_instant, words
from harness.model import Line, LineKind
from harness.model.money import UnknownCurrency, minor_units, quantize

#: Words that say which side of a change a prorated line is: the time not
#: used on the old plan, or the time left on the new one (or, at signup,
#: the partial first period).
_SIDE = re.compile(r"\b(?:unused|not used|remaining|time left|rest of the period|partial period)\b", re.IGNORECASE)

_QUANTITY_WORDS = re.compile(
    r"(?<![\w.,])\d+(?:\.\d+)?\s*(?:[x×](?!\w)|(?:seats?|units?|users?|licen[cs]es?)\b)|\b(?:qty|quantity)\b",
    re.IGNORECASE,
)

_KIND_WORDS = {
    LineKind.RECURRING: "a subscription line",
    LineKind.PRORATION_CHARGE: "a prorated charge",
    LineKind.PRORATION_CREDIT: "a prorated credit",
    LineKind.ADJUSTMENT: "an adjustment line",
}


def proration_period(context: Context) -> Iterator[Finding]:
    for label, _, index, line in context.lines():
        if line.kind not in PRORATION_KINDS:
            continue
        text = line.description or ""
        first = mentions(text, context.day(line.period.start))
        last = any(mentions(text, day) for day in context.last_days(line))
        if first and last:
            continue
        if not first and not last:
            what = "does not say which dates it covers"
        elif not first:
            what = f"does not say the first day it covers ({show_instant(context.local(line.period.start))})"
        else:
            what = f"does not say the last day it covers ({show_day(min(context.last_days(line)))})"
        yield Finding("proration-period", label, index, f"{line_ref(label, index, line)} {what}")


def proration_subject(context: Context) -> Iterator[Finding]:
    for label, _, index, line in context.lines():
        if line.kind not in PRORATION_KINDS:
            continue
        text = line.description or ""
        missing = []
        if not any(_names(name).search(text) for name in context.plan_names(line.plan)):
            missing.append("name the plan")
        if not _states_quantity(line, text):
            missing.append("state the quantity")
        if not _SIDE.search(text):
            missing.append("say whether it is unused or remaining time")
        if missing:
            yield Finding("proration-subject", label, index, f"{line_ref(label, index, line)} does not {words(missing)}")


def _names(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)


def _states_quantity(line: Line, text: str) -> bool:
    """A quantity the document carries (every invoice layout has a quantity
    column) or, failing that, one written in the words ("2 x Pro", "3 seats")."""
    return line.quantity is not None or _QUANTITY_WORDS.search(text) is not None


def service_period(context: Context) -> Iterator[Finding]:
    for label, _, index, line in context.lines():
        start, end = context.local(line.period.start), context.local(line.period.end)
        if start < end:
            continue
        if start == end:
            what = f"covers no time: it starts and ends on {show_instant(start)}"
        else:
            what = f"ends ({show_instant(end)}) before it starts ({show_instant(start)})"
        yield Finding("service-period", label, index, f"{line_ref(label, index, line)} {what}")


def currency_minor_units(context: Context) -> Iterator[Finding]:
    for label, document in context.documents():
        try:
            units = minor_units(document.currency)
        except UnknownCurrency:
            yield Finding("currency-minor-units", label, None,
                          f"{label} is in {document.currency!r}, which is not an ISO 4217 currency")
            continue
        allowed = "no decimals" if units == 0 else f"{units} decimal{'s' if units != 1 else ''}"
        for index, line in enumerate(document.lines, 1):
            if _finer(line.amount, units):
                yield Finding("currency-minor-units", label, index,
                              f"{line_ref(label, index, line)} amount {line.amount} {document.currency} "
                              f"is finer than {document.currency} allows ({allowed})")
        if document.stated_total is not None and _finer(document.stated_total, units):
            yield Finding("currency-minor-units", label, None,
                          f"{label} total {document.stated_total} {document.currency} "
                          f"is finer than {document.currency} allows ({allowed})")


def _finer(amount: Decimal, units: int) -> bool:
    return quantize(amount, units) != amount


def usage_separate(context: Context) -> Iterator[Finding]:
    for label, _, index, line in context.lines():
        plan = context.plan(line.plan)
        if plan is None:
            continue
        if plan.metered and line.kind is not LineKind.USAGE:
            yield Finding("usage-separate", label, index,
                          f"{line_ref(label, index, line)} bills the metered plan {plan.name} as "
                          f"{_KIND_WORDS[line.kind]}, not as a usage line")
        elif not plan.metered and line.kind is LineKind.USAGE:
            yield Finding("usage-separate", label, index,
                          f"{line_ref(label, index, line)} is a usage line for {plan.name}, which is not metered")
