"""One way an outcome departs from a scenario's expectation, worded for a reviewer."""

from __future__ import annotations

from dataclasses import dataclass

from harness.compare.text import parse_line_text

#: Every `Difference.problem`, in the order a document's notes are listed.
PROBLEMS: tuple[str, ...] = (
    "missing_document",
    "extra_document",
    "total_differs",
    "missing_line",
    "extra_line",
    "amount_differs",
    "period_differs",
    "quantity_differs",
    "total_billed_differs",
)

_LINE_PAIR_PROBLEMS = frozenset({"amount_differs", "period_differs", "quantity_differs"})


@dataclass(frozen=True)
class Difference:
    """`document` names the document as a reader would ("invoice of 2026-04-16",
    "credit note of 2026-04-16 (2nd)", "total billed"); `expected` and `actual`
    are the things compared, rendered (a line, a total, a document summary);
    `hint` is a likely cause, given only when the evidence supports it."""

    document: str
    problem: str
    expected: str | None
    actual: str | None
    hint: str = ""

    def __str__(self) -> str:
        return f"{self.observed}: {self.hint}" if self.hint else self.observed

    @property
    def observed(self) -> str:
        """What was seen, without the hint (a guess at the cause): the
        fingerprint a deviations ledger records and later runs must reproduce."""
        return f"{self.document}: {self._what()}"

    def _what(self) -> str:
        expected, actual = self.expected, self.actual
        if self.problem == "missing_document":
            return f"expected but not issued ({expected})"
        if self.problem == "extra_document":
            return f"issued but not expected ({actual})"
        if self.problem == "total_differs":
            return f"expected total {expected}, got {actual}"
        if self.problem == "missing_line":
            return f"missing line {expected}"
        if self.problem == "extra_line":
            return f"unexpected line {actual}"
        if self.problem in _LINE_PAIR_PROBLEMS:
            short = _line_pair_text(expected, actual)
            if short:
                return short
        return f"expected {expected}, got {actual}"


def _line_pair_text(expected: str | None, actual: str | None) -> str | None:
    """"expected proration_credit basic -5.02, got -5.03": the expected line
    named by kind and plan, then only the parts that differ on both sides."""
    want, got = parse_line_text(expected), parse_line_text(actual)
    if want is None or got is None:
        return None
    differing = [
        part
        for part in ("quantity", "period", "amount")
        if want[part] is not None and want[part] != got[part]
    ]
    if not differing:
        return None
    name = " ".join(str(want[part]) for part in ("kind", "plan") if want[part] is not None)
    wanted = " ".join(str(want[part]) for part in differing)
    gotten = " ".join(str(got[part] if got[part] is not None else "no " + part) for part in differing)
    return f"expected {name} {wanted}, got {gotten}"
