"""Rules about whole documents and how they hang together: the total, the
invoice a credit note corrects, and how a change's money is shown."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Iterator

from harness.lint.context import PRORATION_KINDS, Context
from harness.lint.finding import Finding, line_ref, show_day
from harness.model import ChangePlan, ChangeQuantity, DocumentKind, LineKind, ProrationLines

_NOT_SEPARATE = "the credit for unused time and the charge for remaining time are not shown separately"


def totals_match(context: Context) -> Iterator[Finding]:
    for label, document in context.documents():
        if document.stated_total is None:
            continue
        lines = sum((line.amount for line in document.lines), Decimal(0))
        if lines != document.stated_total:
            yield Finding("totals-match", label, None,
                          f"{label} states a total of {document.stated_total} {document.currency} "
                          f"but its lines add up to {lines} {document.currency}")


def credit_note_reference(context: Context) -> Iterator[Finding]:
    numbers = {document.number for document in context.outcome.invoices if document.number}
    for label, document in context.documents():
        if document.kind is not DocumentKind.CREDIT_NOTE:
            continue
        if not document.adjusts.strip():
            yield Finding("credit-note-reference", label, None, f"{label} does not say which invoice it adjusts")
        elif numbers and document.adjusts not in numbers:
            # the number itself is a vendor's and changes from run to run: not in the text
            yield Finding("credit-note-reference", label, None,
                          f"{label} names an invoice it adjusts that is not one of the customer's invoices")


def separate_debits_credits(context: Context) -> Iterator[Finding]:
    """A plan or seat change is a credit for the time not used on the old
    terms and a charge for the time left on the new ones. Netted into one
    line, neither can be checked against a price list. Under a `net` policy
    one net line is what finance asked for; an `adjustment` line on a
    change says even less and is a finding under any policy."""
    days = sorted({context.day(event.at) for event in context.scenario.events
                   if isinstance(event.action, (ChangePlan, ChangeQuantity))})
    if not days:
        return
    for label, _, index, line in context.lines():
        day = context.day(line.period.start)
        if line.kind is LineKind.ADJUSTMENT and day in days:
            yield Finding("separate-debits-credits", label, index,
                          f"{line_ref(label, index, line)} is one adjustment for the change on {show_day(day)}: "
                          + _NOT_SEPARATE)
    if context.scenario.policy.proration_lines is not ProrationLines.GROSS:
        return
    for day in days:
        yield from _one_sided(context, day)


def _one_sided(context: Context, day: date) -> Iterator[Finding]:
    """The change on `day` shows only charges or only credits, and neither the
    documents carrying them nor any line starting that day (the new full
    period of an interval change, billed on its own invoice when credits go
    on a credit note) shows the other side."""
    found = [(label, document, index, line) for label, document, index, line in context.lines()
             if line.kind in PRORATION_KINDS and line.amount and context.day(line.period.start) == day]
    if not found:
        return
    holders = {id(document): document for _, document, _, _ in found}.values()
    amounts = [line.amount for document in holders for line in document.lines]
    amounts += [line.amount for _, _, _, line in context.lines() if context.day(line.period.start) == day]
    if any(amount > 0 for amount in amounts) and any(amount < 0 for amount in amounts):
        return
    for label, _, index, line in found:
        yield Finding("separate-debits-credits", label, index,
                      f"{line_ref(label, index, line)} is the only line for the change on {show_day(day)}: "
                      + _NOT_SEPARATE)
