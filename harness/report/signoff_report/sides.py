"""Expected and issued documents side by side, line against line, with the
fields that differ named so a writer can highlight them.

The pairing follows the comparison's rules (docs/semantics.md "Comparison"):
documents pair by calendar date in the pack's timezone, lines that match
exactly pair first (`compare.core.match`), and the lines left over pair in
order, so a line whose amount is off shows beside the line it should have
been. The verdict on a scenario stays the runner's; this only lays it out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from harness.compare.context import Context
from harness.compare.core import match
from harness.compare.hints import line_matches
from harness.compare.text import amount_text, kind_text, period_text, quantity_text
from harness.model import Document, DocumentKind, ExpectedDocument, ExpectedLine, Line, Outcome, Scenario

FIELDS = ("kind", "plan", "quantity", "period", "amount")
_KIND_WORDS = {DocumentKind.INVOICE: "invoice", DocumentKind.CREDIT_NOTE: "credit note"}


@dataclass(frozen=True)
class LineView:
    kind: str
    plan: str
    quantity: str
    period: str
    amount: str

    def get(self, name: str) -> str:
        return getattr(self, name)


@dataclass(frozen=True)
class LineRow:
    """`differs` names the FIELDS that are not the same on both sides (all of
    them when one side is missing). An expectation that leaves plan or
    quantity out accepts any, so those are not counted as differing."""

    expected: LineView | None
    actual: LineView | None
    differs: tuple[str, ...]


@dataclass(frozen=True)
class DocumentPair:
    """`checked` is False when the scenario does not check this kind of document
    (an expectation of `total_billed` only); then `expected_total` is ""."""

    kind: str
    date: str
    expected_total: str
    actual_total: str
    rows: tuple[LineRow, ...]
    checked: bool = True

    @property
    def differs(self) -> bool:
        return self.checked and (self.expected_total != self.actual_total or any(row.differs for row in self.rows))


def side_by_side(scenario: Scenario, outcome: Outcome | None) -> tuple[DocumentPair, ...]:
    ctx = Context.of(scenario)
    expect = scenario.expect
    issued = outcome.documents if outcome is not None else ()
    pairs: list[DocumentPair] = []
    for kind, expected in ((DocumentKind.INVOICE, expect.invoices), (DocumentKind.CREDIT_NOTE, expect.credit_notes)):
        actual = [document for document in issued if document.kind is kind]
        if expected is None and expect.invoices is not None:
            expected = ()  # credit notes left out beside listed invoices: none expected
        if expected is None:
            pairs += [_pair(ctx, kind, None, document, checked=False) for document in actual]
            continue
        pairs += _pair_documents(ctx, kind, expected, actual)
    if expect.total_billed is not None:
        billed = outcome.total_billed if outcome is not None else None
        units = ctx.units(scenario.pack.catalog[scenario.start.items[0].plan].currency)
        pairs.append(DocumentPair(
            "total billed", "", amount_text(expect.total_billed, units),
            "" if billed is None else amount_text(billed, units), ()))
    return tuple(pairs)


def _pair_documents(ctx: Context, kind: DocumentKind, expected: tuple[ExpectedDocument, ...],
                    actual: list[Document]) -> list[DocumentPair]:
    unused = list(range(len(actual)))
    pairs: list[tuple[int, ExpectedDocument | None, Document | None]] = []
    for position, document in enumerate(expected):
        same_day = [i for i in unused if ctx.local_date(actual[i].date) == document.date]
        chosen = same_day[0] if same_day else None
        if chosen is not None:
            unused.remove(chosen)
        pairs.append((chosen if chosen is not None else -1, document, actual[chosen] if chosen is not None else None))
    pairs += [(i, None, actual[i]) for i in unused]
    return [_pair(ctx, kind, want, got) for _, want, got in pairs]


def _pair(ctx: Context, kind: DocumentKind, expected: ExpectedDocument | None, actual: Document | None,
          checked: bool = True) -> DocumentPair:
    currency = actual.currency if actual is not None else ctx.currency_of(expected)
    units = ctx.units(currency)
    day: date = expected.date if expected is not None else ctx.local_date(actual.date)
    return DocumentPair(
        kind=_KIND_WORDS[kind],
        date=day.isoformat(),
        expected_total=amount_text(expected.total, units) if expected is not None else ("" if not checked else "—"),
        actual_total=amount_text(actual.total, units) if actual is not None else "—",
        rows=_rows(ctx, expected.lines if expected else (), actual.lines if actual else (), units, checked),
        checked=checked,
    )


def _rows(ctx: Context, expected: tuple[ExpectedLine, ...], actual: tuple[Line, ...], units: int,
          checked: bool) -> tuple[LineRow, ...]:
    exact = match(expected, actual, lambda e, a: line_matches(ctx, e, a))
    rest_expected = [i for i in range(len(expected)) if i not in exact]
    rest_actual = [j for j in range(len(actual)) if j not in exact.values()]
    paired = dict(exact)
    paired.update(zip(rest_expected, rest_actual))
    rows = []
    for i, line in enumerate(expected):
        j = paired.get(i)
        rows.append(_row(ctx, line, actual[j] if j is not None else None, units, checked))
    taken = set(paired.values())
    rows += [_row(ctx, None, line, units, checked) for j, line in enumerate(actual) if j not in taken]
    return tuple(rows)


def _row(ctx: Context, expected: ExpectedLine | None, actual: Line | None, units: int, checked: bool) -> LineRow:
    want = _expected_view(ctx, expected, units) if expected is not None else None
    got = _actual_view(ctx, actual, units) if actual is not None else None
    if not checked:
        return LineRow(None, got, ())
    if want is None or got is None:
        return LineRow(want, got, FIELDS)
    differs = [name for name in FIELDS if want.get(name) != got.get(name)]
    if expected.plan is None and "plan" in differs:
        differs.remove("plan")
    if expected.quantity is None and "quantity" in differs:
        differs.remove("quantity")
    if "period" in differs and ctx.same_period(expected, actual):
        differs.remove("period")  # the same instants written with other offsets
    return LineRow(want, got, tuple(differs))


def _expected_view(ctx: Context, line: ExpectedLine, units: int) -> LineView:
    return LineView(line.kind, line.plan or "(any)", _quantity(line.quantity, "(any)"),
                    period_text(line.period[0], line.period[1], ctx.tz), amount_text(line.amount, units))


def _actual_view(ctx: Context, line: Line, units: int) -> LineView:
    return LineView(kind_text(line.kind), line.plan or "", _quantity(line.quantity, ""),
                    period_text(line.period.start, line.period.end, ctx.tz), amount_text(line.amount, units))


def _quantity(quantity: Decimal | None, missing: str) -> str:
    return missing if quantity is None else quantity_text(quantity)
