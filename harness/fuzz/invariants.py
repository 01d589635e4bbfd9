"""What must hold for any scenario on any backend (docs/fuzzing.md says why
each must).

A check takes a `Case` and returns what it found broken, in words a billing
reader follows; an empty list means it holds. They judge a backend's
documents against the policy through `harness.fuzz.timeline` (an account
kept apart from the engine), so they hold the reference engine to account as
much as any vendor; only `differential` takes the reference as the truth."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import Callable
from zoneinfo import ZoneInfo

from harness.compare import compare
from harness.compare.text import instant_text, period_text
from harness.compare.tolerance import beyond
from harness.engine.calendar import measure
from harness.fuzz.timeline import Timeline
from harness.lint.context import Context as LintContext
from harness.lint.documents import totals_match
from harness.lint.lines import currency_minor_units
from harness.model import Document, Line, LineKind, Outcome, Period, Scenario
from harness.packs.writer import expectation_of


@dataclass(frozen=True)
class Case:
    """One generated scenario and what the backend under test issued for it.
    `rerun` runs the same backend on another scenario (for the retry check);
    `reference` is the reference engine's outcome (None on the reference itself)."""

    scenario: Scenario
    outcome: Outcome
    timeline: Timeline
    rerun: Callable[[Scenario], Outcome]
    reference: Outcome | None = None
    tolerance: Decimal = Decimal(0)  # per line, declared by the adapter, for the differential only

    @cached_property
    def lint(self) -> LintContext:
        """The documents as the lint rules read them (shared by the checks that use those rules)."""
        return LintContext(self.scenario, self.outcome)


@dataclass(frozen=True)
class Invariant:
    name: str
    summary: str
    check: Callable[[Case], list[str]]


def _exact(value: Fraction) -> str:
    """An exact amount as a reader checks it: 4.995, or 3.333333... (10/3)."""
    quotient = Decimal(value.numerator) / Decimal(value.denominator)
    if (10 ** 8) % value.denominator == 0:
        return str(quotient.normalize() if quotient != quotient.to_integral_value() else quotient.quantize(Decimal(1)))
    return f"{quotient:.6f}... ({value})"


def _when(case: Case, instant: datetime) -> str:
    return instant_text(instant, ZoneInfo(case.scenario.pack.timezone))


def _span(case: Case, period: Period) -> str:
    return period_text(period.start, period.end, ZoneInfo(case.scenario.pack.timezone))


def _document(case: Case, document: Document) -> str:
    """`credit note of 2026-04-16`, as the comparison names documents."""
    return f"{document.kind.value.replace('_', ' ')} of {_when(case, document.date)}"


def _lines(outcome: Outcome):
    """(document position, line position, document, line) in issue order."""
    for d, document in enumerate(outcome.documents):
        for n, line in enumerate(document.lines):
            yield (d, n), document, line


# -- the checks ----------------------------------------------------------------------------


def _stretch_of(stretches, span: Period):
    """The stretch a line belongs to; a zero-length span on a boundary (usage
    of a period cancelled at its first instant) to the one starting there."""
    holding = [stretch for stretch in stretches if stretch.holds(span)]
    inside = [stretch for stretch in holding if span.start < stretch.end]
    return (inside or holding or [None])[0]


def billed_equals_segments(case: Case) -> list[str]:
    t, problems = case.timeline, []
    stretches = t.stretches
    billed: dict[int, list[Line]] = {}
    for _, _, line in _lines(case.outcome):
        stretch = _stretch_of(stretches, line.period)
        if stretch is not None:
            billed.setdefault(id(stretch), []).append(line)
    for stretch in stretches:
        if stretch.doubtful:
            continue
        exact, expected_lines = stretch.billed_by(t.horizon)
        lines = billed.get(id(stretch), [])
        total = sum((line.amount for line in lines), Decimal(0))
        slack = max(len(lines), expected_lines) * t.minor
        if abs(Fraction(total) - exact) > slack:
            problems.append(
                f"period {_span(case, Period(stretch.start, stretch.end))}: billed {total} in {len(lines)} line(s), but the "
                f"plans in force come to {_exact(exact)} exactly (allowed: one minor unit per line, {_exact(slack)})"
            )
    return problems


def credit_within_billed(case: Case) -> list[str]:
    """A credit gives back at most what its span was billed: every earlier line
    of the period counts pro rata for the part of the span it covers."""
    day_count, problems = case.scenario.policy.day_count, []
    stretches = case.timeline.stretches
    lines = list(_lines(case.outcome))
    for position, document, credit in lines:
        if credit.amount >= 0 or credit.kind is LineKind.USAGE:
            continue
        stretch = _stretch_of(stretches, credit.period)
        span = measure(day_count, credit.period.start, credit.period.end)
        if stretch is None or span <= 0 or stretch.waits_beyond(case.timeline.horizon):
            continue  # part of what paid for the span is on an invoice after the horizon
        paid, counted = Fraction(0), 0
        for other_position, _, line in lines:
            earlier = line.period.start < credit.period.start or (
                line.period.start == credit.period.start and other_position < position)
            if line is credit or not earlier or not stretch.holds(line.period):
                continue
            length = measure(day_count, line.period.start, line.period.end)
            overlap = measure(day_count, max(line.period.start, credit.period.start), min(line.period.end, credit.period.end))
            if length > 0 and overlap > 0:
                paid += Fraction(line.amount) * Fraction(overlap, length)
                counted += 1
        slack = (counted + 1) * case.timeline.minor
        if Fraction(-credit.amount) > paid + slack:
            problems.append(
                f"{_document(case, document)}: credit {credit.amount} for "
                f"{_span(case, credit.period)} gives back more than that span was billed ({_exact(paid)})"
            )
    return problems


def retry_posts_nothing(case: Case) -> list[str]:
    """The same scenario without its retried events must issue the same documents."""
    if not case.timeline.retried:
        return []
    kept = tuple(event for event in case.scenario.events if event.index not in case.timeline.retried)
    kept = tuple(replace(event, index=i) for i, event in enumerate(kept))
    until = case.scenario.until or case.timeline.horizon
    without = replace(case.scenario, events=kept, until=until)
    baseline = case.rerun(without)
    if baseline.documents == case.outcome.documents:
        return []  # the same documents: nothing to tell apart (the comparison below only says where they differ)
    expect = replace(case.scenario, expect=expectation_of(baseline, case.scenario.pack.timezone))
    retried = ", ".join(str(index + 1) for index in case.timeline.retried)
    return [f"retried event(s) {retried} posted something: {difference}" for difference in compare(expect, case.outcome)]


def minor_units_kept(case: Case) -> list[str]:
    """The lint's `currency-minor-units` rule, and every document in the plans' currency."""
    context = case.lint
    problems = [f.message for f in currency_minor_units(context)]
    currency = case.timeline.currency
    problems += [f"{label} is in {document.currency}, the plans in {currency}"
                 for label, document in context.documents() if document.currency != currency]
    return problems


def totals_match_lines(case: Case) -> list[str]:
    """The lint's `totals-match` rule: a backend that states totals states the sum."""
    return [f.message for f in totals_match(case.lint)]


def nothing_after_cancellation(case: Case) -> list[str]:
    """No document after the end, no charge for time after it. A cancellation
    at the end of a period also stops the renewal at that instant; one that
    is effective immediately at a renewal instant comes after that renewal
    (docs/semantics.md: the period rolls over first), which therefore stands."""
    t = case.timeline
    if t.ended is None:
        return []
    problems = []
    for document in case.outcome.documents:
        if document.date > t.ended:
            problems.append(f"{_document(case, document)} issued after the "
                            f"subscription ended at {_when(case, t.ended)}")
        for line in document.lines:
            after = line.period.start >= t.ended if t.renewal_stopped else line.period.start > t.ended
            if line.amount > 0 and after:
                problems.append(f"charge {line.amount} for {_span(case, line.period)} after the subscription ended "
                                f"at {_when(case, t.ended)}")
    return problems


def periods_follow_the_calendar(case: Case) -> list[str]:
    """Every line lies in one billing period; each period is billed in advance
    once per item, on the calendar's own dates: no gap, overlap or drift."""
    t, problems = case.timeline, []
    stretches = t.stretches
    recurring: dict[tuple[datetime, datetime], int] = {}
    for _, document, line in _lines(case.outcome):
        if _stretch_of(stretches, line.period) is None:
            problems.append(f"{line.kind.value} {line.amount} for {_span(case, line.period)} lies in no billing period")
        if line.period.end < line.period.start:
            problems.append(f"{line.kind.value} {line.amount} has a period that ends before it starts")
        if line.kind is LineKind.RECURRING:
            window = (line.period.start, line.period.end)
            recurring[window] = recurring.get(window, 0) + 1
    expected: dict[tuple[datetime, datetime], int] = {}
    for period in t.periods:
        window = (period.window.start, period.window.end)
        expected[window] = expected.get(window, 0) + period.recurring
    wrong = [window for window in expected.keys() | recurring.keys()
             if recurring.get(window, 0) != expected.get(window, 0)]
    for window in sorted(wrong):  # in calendar order (sorting only what is reported)
        problems.append(f"period {_span(case, Period(*window))} billed in advance {recurring.get(window, 0)} time(s), "
                        f"expected {expected.get(window, 0)}")
    return problems


def dates_never_go_back(case: Case) -> list[str]:
    problems, last = [], None
    for document in case.outcome.documents:
        if last is not None and document.date < last:
            problems.append(f"{_document(case, document)} issued after one "
                            f"dated {_when(case, last)}")
        last = document.date if last is None else max(last, document.date)
    return problems


def matches_reference(case: Case) -> list[str]:
    if case.reference is None:
        return []
    expect = replace(case.scenario, expect=expectation_of(case.reference, case.scenario.pack.timezone))
    return [str(difference) for difference in beyond(compare(expect, case.outcome), case.tolerance)]


INVARIANTS: dict[str, Invariant] = {i.name: i for i in (
    Invariant("segments", "what a period billed equals price x quantity x fraction of each stretch in force",
              billed_equals_segments),
    Invariant("credit-cap", "no credit exceeds what was billed for its span", credit_within_billed),
    Invariant("retry", "a replayed event id posts nothing", retry_posts_nothing),
    Invariant("minor-units", "every amount has the currency's minor units", minor_units_kept),
    Invariant("totals", "a document's total equals the sum of its lines", totals_match_lines),
    Invariant("after-cancel", "nothing is billed after a cancellation takes effect", nothing_after_cancellation),
    Invariant("periods", "billing periods are contiguous and never overlap", periods_follow_the_calendar),
    Invariant("dates", "document dates never go backwards", dates_never_go_back),
    Invariant("differential", "the backend's documents equal the reference engine's", matches_reference),
)}
