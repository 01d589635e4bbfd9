"""Differences a declared tolerance explains away.

A backend that computes in a way the harness cannot change (a vendor
rounding each seat separately, say) may declare that its amounts can be off
by a few minor units per line (`Adapter.tolerance`). The fuzzer's
differential check then ignores an amount that differs by no more than that,
and a document total that differs only because of such lines, and its report
says which tolerance was applied. Everything else still counts."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Iterable

from harness.compare.difference import Difference
from harness.compare.text import parse_line_text


def _amount(text: str | None) -> Decimal | None:
    try:
        return Decimal(text.split()[0]) if text else None
    except (InvalidOperation, IndexError):
        return None


def _small_amount_change(difference: Difference, tolerance: Decimal) -> bool:
    want, got = parse_line_text(difference.expected), parse_line_text(difference.actual)
    if want is None or got is None or any(want[k] != got[k] for k in ("kind", "plan", "quantity", "period")):
        return False
    expected, actual = _amount(want["amount"]), _amount(got["amount"])
    return expected is not None and actual is not None and abs(expected - actual) <= tolerance


def beyond(differences: Iterable[Difference], tolerance: Decimal) -> tuple[Difference, ...]:
    """The differences `tolerance` (an amount per line) does not explain."""
    differences = tuple(differences)
    if not tolerance:
        return differences
    tolerated = {d for d in differences if d.problem == "amount_differs" and _small_amount_change(d, tolerance)}
    untouched = {d.document for d in differences if d not in tolerated and d.problem != "total_differs"}
    drift: dict[str, Decimal] = {}  # per document, how far its tolerated lines moved the total at most
    for d in tolerated:
        want, got = parse_line_text(d.expected), parse_line_text(d.actual)
        drift[d.document] = drift.get(d.document, Decimal(0)) + abs(_amount(got["amount"]) - _amount(want["amount"]))

    def explained(d: Difference) -> bool:
        if d.problem != "total_differs" or d.document not in drift or d.document in untouched:
            return False
        expected, actual = _amount(d.expected), _amount(d.actual)
        return expected is not None and actual is not None and abs(expected - actual) <= drift[d.document]

    return tuple(d for d in differences if d not in tolerated and not explained(d))
