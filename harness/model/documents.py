"""What a billing backend produced, normalised: invoices and credit notes with
signed lines (customer's side: charges positive, credits negative).

The classes use slots and records.quick_new: the reference engine builds
several of them for every line it issues, and slotted frozen dataclasses are
smaller and, with that constructor, quicker to build (a run over ten
thousand scenarios builds a lot of them).

A line may carry a `Derivation`, the reference engine's account of how its
amount came about, so any amount can be explained without redoing the math."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from harness.model.records import quick_new


class LineKind(str, enum.Enum):
    RECURRING = "recurring"
    PRORATION_CHARGE = "proration_charge"
    PRORATION_CREDIT = "proration_credit"
    USAGE = "usage"
    ADJUSTMENT = "adjustment"


class DocumentKind(str, enum.Enum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


@quick_new
@dataclass(frozen=True, slots=True)
class Period:
    """Half-open [start, end): the end instant is not covered."""

    start: datetime
    end: datetime


@quick_new
@dataclass(frozen=True, slots=True)
class Derivation:
    """amount = round(unit_amount x quantity x fraction), unless capped.

    `basis` names the day count ("days", "30E/360 days", "seconds"), or "full"
    for a whole period and "usage" for metered units; `units_used`/`units_total`
    are the fraction as a ratio of those units."""

    rule: str  # policy row that produced the line, e.g. "upgrade"
    policy: str  # that row as written, e.g. "effective immediately, prorate, bill now"
    unit_amount: Decimal
    quantity: Decimal
    fraction: Fraction
    basis: str
    units_used: int
    units_total: int
    rounding: str
    exact: Fraction  # the value before the line's single rounding
    cap: Decimal | None = None  # set when the credit was limited to what was billed
    event_index: int | None = None
    note: str = ""


@quick_new
@dataclass(frozen=True, slots=True)
class Line:
    kind: LineKind
    amount: Decimal
    period: Period
    plan: str | None = None
    quantity: Decimal | None = None
    description: str | None = None
    derivation: Derivation | None = field(default=None, compare=False)


@quick_new
@dataclass(frozen=True, slots=True)
class Document:
    kind: DocumentKind
    date: datetime
    currency: str
    lines: tuple[Line, ...]
    number: str = ""
    reason: str = ""  # what issued it: "signup", "renewal", "upgrade (event 1)", ...
    stated_total: Decimal | None = None  # the total a backend printed, if it printed one
    adjusts: str = ""  # a credit note: the number of the invoice it adjusts, as the backend printed it

    @property
    def total(self) -> Decimal:
        """The backend's own total when it gave one (the lint checks it against
        the lines); otherwise the sum of the lines."""
        if self.stated_total is not None:
            return self.stated_total
        return sum((line.amount for line in self.lines), Decimal(0))


@quick_new
@dataclass(frozen=True, slots=True)
class EventNote:
    """Why an event posted what it did, when its lines alone cannot say
    (scheduled for later, suppressed, ignored as a retry)."""

    event_index: int
    text: str


@quick_new
@dataclass(frozen=True, slots=True)
class Outcome:
    """Everything one backend issued for one scenario, in issue order."""

    documents: tuple[Document, ...]
    notes: tuple[EventNote, ...] = ()

    @property
    def invoices(self) -> tuple[Document, ...]:
        return tuple(d for d in self.documents if d.kind is DocumentKind.INVOICE)

    @property
    def credit_notes(self) -> tuple[Document, ...]:
        return tuple(d for d in self.documents if d.kind is DocumentKind.CREDIT_NOTE)

    @property
    def total_billed(self) -> Decimal:
        return sum((d.total for d in self.documents), Decimal(0))
