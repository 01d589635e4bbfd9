"""Expected documents against issued documents (spec 3.2, docs/semantics.md "Comparison").

Documents pair by calendar date in the pack's timezone; within a date exact
matches pair first, then the rest in issue order. Inside a pair, lines match
as a multiset; a missing line and the extra line nearest to it are reported as
one note ("amount differs") instead of a missing and an extra."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Callable, Sequence, TypeVar

from harness.compare import hints
from harness.compare.context import Context
from harness.compare.difference import Difference
from harness.compare.text import amount_text, document_label, document_text, kind_text, line_text
from harness.model import Document, DocumentKind, ExpectedDocument, ExpectedLine, Line, Outcome, Scenario

L = TypeVar("L")
R = TypeVar("R")

_KIND_NAMES = {DocumentKind.INVOICE: "invoice", DocumentKind.CREDIT_NOTE: "credit note"}


def compare(scenario: Scenario, outcome: Outcome) -> tuple[Difference, ...]:
    """Every way `outcome` departs from `scenario.expect`; an empty tuple is a match.

    `invoices: None` leaves invoices (and, unless given, credit notes) unchecked;
    with invoices given, `credit_notes: None` means none are expected."""
    ctx = Context.of(scenario)
    expect = scenario.expect
    sides: list[_Side] = []
    if expect.invoices is not None:
        sides.append(_pair(ctx, DocumentKind.INVOICE, expect.invoices, outcome.invoices))
    if expect.credit_notes is not None or expect.invoices is not None:
        sides.append(_pair(ctx, DocumentKind.CREDIT_NOTE, expect.credit_notes or (), outcome.credit_notes))
    differences: list[Difference] = []
    for side in sides:
        others = [other for other in sides if other is not side]
        differences.extend(_side_differences(ctx, side, others, outcome))
    if expect.total_billed is not None:
        differences.extend(_total_billed(ctx, expect.total_billed, outcome))
    return tuple(differences)


# -- pairing -----------------------------------------------------------------------


def match(left: Sequence[L], right: Sequence[R], fits: Callable[[L, R], bool]) -> dict[int, int]:
    """A maximum matching (left index -> right index), preferring earlier right
    items. Needed because an expectation that omits `plan` or `quantity` fits
    several lines, so first-come pairing could strand a more specific one."""
    fit = [[j for j, r in enumerate(right) if fits(item, r)] for item in left]
    owner: dict[int, int] = {}

    def place(i: int, seen: set[int]) -> bool:
        for j in fit[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or place(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(left)):
        place(i, set())
    return {i: j for j, i in owner.items()}


def _lines_equal(ctx: Context, expected: ExpectedDocument, actual: Document) -> bool:
    if len(expected.lines) != len(actual.lines):
        return False
    fits = lambda e, a: hints.line_matches(ctx, e, a)  # noqa: E731
    return len(match(expected.lines, actual.lines, fits)) == len(expected.lines)


@dataclass(frozen=True)
class _Slot:
    """One expected document, one issued document, or a pair that differs."""

    label: str
    expected: ExpectedDocument | None
    actual: Document | None


@dataclass(frozen=True)
class _Side:
    kind: DocumentKind
    slots: tuple[_Slot, ...]  # only those with something to report, in date order

    @property
    def extra(self) -> list[Document]:
        return [slot.actual for slot in self.slots if slot.expected is None and slot.actual is not None]


def _pair(
    ctx: Context,
    kind: DocumentKind,
    expected: Sequence[ExpectedDocument],
    actual: Sequence[Document],
) -> _Side:
    by_day_expected: dict[date, list[ExpectedDocument]] = defaultdict(list)
    by_day_actual: dict[date, list[Document]] = defaultdict(list)
    for document in expected:
        by_day_expected[document.date].append(document)
    for document in actual:
        by_day_actual[ctx.local_date(document.date)].append(document)

    name = _KIND_NAMES[kind]
    slots: list[_Slot] = []
    for day in sorted(set(by_day_expected) | set(by_day_actual)):
        wanted, issued = by_day_expected.get(day, []), by_day_actual.get(day, [])
        several = max(len(wanted), len(issued)) > 1
        free = list(range(len(issued)))
        pairs: dict[int, int] = {}
        for i, document in enumerate(wanted):
            for j in free:
                if issued[j].total == document.total and _lines_equal(ctx, document, issued[j]):
                    pairs[i] = j
                    free.remove(j)
                    break
        unpaired = [i for i in range(len(wanted)) if i not in pairs]
        label = lambda position: document_label(name, day, position, several)  # noqa: E731
        for k, i in enumerate(unpaired):
            other = issued[free[k]] if k < len(free) else None
            slots.append(_Slot(label(i + 1), wanted[i], other))
        for j in free[len(unpaired):]:
            slots.append(_Slot(label(j + 1), None, issued[j]))
    return _Side(kind, tuple(slots))


# -- differences -------------------------------------------------------------------


def _side_differences(ctx: Context, side: _Side, others: list[_Side], outcome: Outcome) -> list[Difference]:
    differences: list[Difference] = []
    extra_other_kind = [document for other in others for document in other.extra]
    for slot in side.slots:
        expected, actual = slot.expected, slot.actual
        if expected is not None and actual is not None:
            differences.extend(_pair_differences(ctx, slot, expected, actual, outcome))
        elif expected is not None:
            units = ctx.units(ctx.currency_of(expected))
            hint = hints.missing_document(
                ctx,
                side.kind,
                expected,
                side.extra,
                extra_other_kind,
                lambda e, a: _lines_equal(ctx, e, a),
            )
            text = document_text(expected, expected.total, units, ctx.tz)
            differences.append(Difference(slot.label, "missing_document", text, None, hint))
        elif actual is not None:
            units = ctx.units(actual.currency)
            text = document_text(actual, actual.total, units, ctx.tz)
            differences.append(Difference(slot.label, "extra_document", None, text, hints.extra_document(actual)))
    return differences


def _pair_differences(
    ctx: Context, slot: _Slot, expected: ExpectedDocument, actual: Document, outcome: Outcome
) -> list[Difference]:
    units = ctx.units(actual.currency)
    render = lambda line: line_text(line, units, ctx.tz)  # noqa: E731
    fits = lambda e, a: hints.line_matches(ctx, e, a)  # noqa: E731
    matched = match(expected.lines, actual.lines, fits)
    missing = [i for i in range(len(expected.lines)) if i not in matched]
    extra = [j for j in range(len(actual.lines)) if j not in matched.values()]
    nearest = _nearest(ctx, [expected.lines[i] for i in missing], [actual.lines[j] for j in extra])

    paired_extra = {extra[m] for m in nearest.values()}
    lone_missing = [expected.lines[i] for k, i in enumerate(missing) if k not in nearest]
    lone_extra = [actual.lines[j] for j in extra if j not in paired_extra]

    differences: list[Difference] = []
    for k, i in enumerate(missing):
        line = expected.lines[i]
        if k in nearest:
            other = actual.lines[extra[nearest[k]]]
            hint = hints.join(
                [
                    hints.line_pair(ctx, line, other, units),
                    hints.net_or_gross(line, other, lone_missing, lone_extra, units),
                ]
            )
            differences.append(Difference(slot.label, _pair_problem(ctx, line, other), render(line), render(other), hint))
        else:
            hint = hints.missing_line(ctx, line, actual, outcome.documents, lambda d: _plain_label(ctx, d))
            differences.append(Difference(slot.label, "missing_line", render(line), None, hint))
    for line in lone_extra:
        differences.append(Difference(slot.label, "extra_line", None, render(line), hints.extra_line(line)))
    if expected.total != actual.total:
        differences.append(
            Difference(
                slot.label,
                "total_differs",
                amount_text(expected.total, units),
                amount_text(actual.total, units),
                hints.total(expected, actual, not missing and not extra, units),
            )
        )
    return differences


def _differing(ctx: Context, expected: ExpectedLine, actual: Line) -> list[str]:
    """Which compared parts differ, for lines of the same kind and plan."""
    parts = []
    if not ctx.same_period(expected, actual):
        parts.append("period")
    if expected.quantity is not None and expected.quantity != actual.quantity:
        parts.append("quantity")
    if expected.amount != actual.amount:
        parts.append("amount")
    return parts


def _pair_problem(ctx: Context, expected: ExpectedLine, actual: Line) -> str:
    """The part that most likely explains the others: a wrong period or
    quantity makes the amount differ too."""
    return f"{_differing(ctx, expected, actual)[0]}_differs"


def _nearest(ctx: Context, missing: Sequence[ExpectedLine], extra: Sequence[Line]) -> dict[int, int]:
    """Pair each missing line with the unclaimed extra line of the same kind
    (and plan, when the expectation names one) that differs in the fewest
    parts, then by the smallest amount gap, then in order."""
    candidates = []
    for i, expected in enumerate(missing):
        for j, actual in enumerate(extra):
            if kind_text(actual.kind) != expected.kind:
                continue
            if expected.plan is not None and expected.plan != actual.plan:
                continue
            parts = _differing(ctx, expected, actual)
            candidates.append((len(parts), abs(expected.amount - actual.amount), i, j))
    pairs: dict[int, int] = {}
    for _, _, i, j in sorted(candidates):
        if i not in pairs and j not in pairs.values():
            pairs[i] = j
    return pairs


def _plain_label(ctx: Context, document: Document) -> str:
    return f"{_KIND_NAMES.get(document.kind, 'document')} of {ctx.local_date(document.date).isoformat()}"


def _total_billed(ctx: Context, expected: Decimal, outcome: Outcome) -> list[Difference]:
    actual = outcome.total_billed
    if actual == expected:
        return []
    currencies = {document.currency for document in outcome.documents}
    currency = currencies.pop() if len(currencies) == 1 else ctx.scenario.pack.currency
    units = ctx.units(currency)
    hint = hints.total_billed(expected, outcome.invoices, outcome.credit_notes, units)
    return [Difference("total billed", "total_billed_differs", amount_text(expected, units), amount_text(actual, units), hint)]
