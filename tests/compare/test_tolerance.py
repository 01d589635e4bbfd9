"""`beyond(differences, tolerance)`: the differences a declared per-line
tolerance does not explain. An amount off by at most the tolerance goes, and
so does its document's total when nothing else in that document differs;
anything else stays, in order."""

from __future__ import annotations

from decimal import Decimal


from harness.compare.difference import Difference
from harness.compare.tolerance import beyond

CREDIT = "proration_credit basic x1 [2026-04-16, 2026-05-01) {}"
CHARGE = "proration_charge pro x1 [2026-04-16, 2026-05-01) {}"
INVOICE = "invoice of 2026-04-16"
OTHER = "invoice of 2026-05-01"
CENT = Decimal("0.01")


def amount(document: str, line: str, want: str, got: str) -> Difference:
    return Difference(document, "amount_differs", line.format(want), line.format(got))


def total(document: str, want: str, got: str) -> Difference:
    return Difference(document, "total_differs", want, got)


def test_no_tolerance_explains_nothing() -> None:
    differences = (amount(INVOICE, CREDIT, "-5.00", "-5.01"), total(INVOICE, "10.00", "9.99"))
    assert beyond(differences, Decimal(0)) == differences
    assert beyond(iter(differences), Decimal(0)) == differences  # any iterable


def test_a_line_within_tolerance_and_its_total_go() -> None:
    differences = [amount(INVOICE, CREDIT, "-5.00", "-5.01"), total(INVOICE, "10.00", "9.99")]
    assert beyond(differences, CENT) == ()


def test_the_tolerance_is_inclusive_and_per_line() -> None:
    differences = [amount(INVOICE, CREDIT, "-5.00", "-5.01"), amount(INVOICE, CHARGE, "15.00", "15.01"),
                   total(INVOICE, "10.00", "10.00")]
    assert beyond(differences, CENT) == ()
    assert beyond([amount(INVOICE, CREDIT, "-5.00", "-4.995")], CENT) == ()  # more digits than the currency


def test_a_line_beyond_tolerance_stays_and_so_does_its_total() -> None:
    two = amount(INVOICE, CHARGE, "15.00", "15.02")
    differences = [two, total(INVOICE, "10.00", "10.02")]
    assert beyond(differences, CENT) == tuple(differences)


def test_a_total_stays_when_anything_else_in_its_document_differs() -> None:
    small = amount(INVOICE, CREDIT, "-5.00", "-5.01")
    missing = Difference(INVOICE, "missing_line", CHARGE.format("15.00"), None)
    invoice_total = total(INVOICE, "10.00", "-5.01")
    assert beyond([small, missing, invoice_total], CENT) == (missing, invoice_total)


def test_documents_are_judged_apart() -> None:
    here = [amount(INVOICE, CREDIT, "-5.00", "-5.01"), total(INVOICE, "10.00", "9.99")]
    there = [amount(OTHER, CHARGE, "15.00", "15.50"), total(OTHER, "15.00", "15.50")]
    assert beyond(here + there, CENT) == tuple(there)


def test_only_amounts_are_tolerated() -> None:
    period = Difference(INVOICE, "period_differs", CREDIT.format("-5.00"),
                        "proration_credit basic x1 [2026-04-17, 2026-05-01) -5.00")
    other_plan = Difference(INVOICE, "amount_differs", CREDIT.format("-5.00"),
                            "proration_credit pro x1 [2026-04-16, 2026-05-01) -5.01")
    extra = Difference(INVOICE, "extra_line", None, CREDIT.format("0.01"))
    missing_document = Difference(OTHER, "missing_document", "total 0.01, no lines", None)
    differences = (period, other_plan, extra, missing_document)
    assert beyond(differences, Decimal("100")) == differences


def test_a_total_alone_is_not_explained() -> None:
    """A stated total that is simply wrong, with every line right."""
    differences = (total(INVOICE, "10.00", "10.01"),)
    assert beyond(differences, CENT) == differences


def test_unreadable_amounts_are_not_tolerated() -> None:
    odd = Difference(INVOICE, "amount_differs", "something else", "entirely")
    assert beyond([odd], CENT) == (odd,)


def test_a_total_off_by_more_than_its_tolerated_lines_stays() -> None:
    small = amount(INVOICE, CREDIT, "-5.00", "-5.01")
    far = total(INVOICE, "10.00", "110.00")  # a stated total 100.00 off: not explained by a 0.01 line
    assert beyond([small, far], CENT) == (far,)
