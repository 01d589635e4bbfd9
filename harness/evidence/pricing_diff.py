"""What a pricing change does to the documents a pack's scenarios produce.

Two runs of the same scenarios (the head's), one under the base's catalog
and policy and one under the head's, compared document by document and
line by line. Only what the sign-off digest looks at counts as a change
(`digest.outcome_content`: document kind, date, currency, total; each line's
kind, plan, quantity, period and amount), so "this scenario changed" means
the same here as in a sign-off: descriptions and vendor numbers never do.

Documents are paired by (kind, date, currency) and lines by (kind, plan,
quantity, period), each in issue order with difflib's matching, so a line
whose amount moved reads "15.00 -> 17.50" while a line the new policy no
longer posts reads as removed, not as a wrong pairing with its neighbour.

Totals go by the head scenario's change type (`change_type`) and by
currency: a scenario's documents are summed per currency and never across."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Hashable, Mapping, Sequence, TypeVar

from harness.evidence.change_types import CHANGE_TYPES, change_type
from harness.evidence.digest import outcome_content
from harness.model import Document, Line, Outcome, Scenario
from harness.runner import RunResult, ScenarioResult, Status

CHANGED, ADDED, REMOVED = "changed", "added", "removed"
_ZERO = Decimal(0)
T = TypeVar("T")


@dataclass(frozen=True)
class LineChange:
    """One line that differs: `changed` (both sides, another amount), `added`
    (head only) or `removed` (base only)."""

    status: str
    base: Line | None
    head: Line | None

    @property
    def line(self) -> Line:
        """The side that names it (the head's when both have it)."""
        return self.head or self.base  # type: ignore[return-value]

    @property
    def delta(self) -> Decimal:
        return _amount(self.head) - _amount(self.base)


@dataclass(frozen=True)
class DocumentChange:
    """A document that differs; `lines` holds only the lines that differ
    (empty when only a stated total moved)."""

    status: str
    base: Document | None
    head: Document | None
    lines: tuple[LineChange, ...]

    @property
    def document(self) -> Document:
        return self.head or self.base  # type: ignore[return-value]

    @property
    def base_total(self) -> Decimal | None:
        return None if self.base is None else self.base.total

    @property
    def head_total(self) -> Decimal | None:
        return None if self.head is None else self.head.total

    @property
    def delta(self) -> Decimal:
        return (self.head_total or _ZERO) - (self.base_total or _ZERO)


@dataclass(frozen=True)
class Billed:
    """A scenario's (or a group's) total billed in one currency on each side."""

    currency: str
    base: Decimal
    head: Decimal

    @property
    def delta(self) -> Decimal:
        return self.head - self.base


@dataclass(frozen=True)
class ScenarioChange:
    scenario: Scenario  # the head's
    change_type: str
    documents: tuple[DocumentChange, ...]
    billed: tuple[Billed, ...]  # one per currency its documents use, on either side

    @property
    def id(self) -> str:
        return self.scenario.id


@dataclass(frozen=True)
class NotCompared:
    """A head scenario with no documents to compare on one side, and why."""

    id: str
    title: str
    reason: str


@dataclass(frozen=True)
class TypeTotal(Billed):
    """What the changed scenarios of one change type bill in one currency."""

    change_type: str = ""
    scenarios: int = 0


@dataclass(frozen=True)
class PricingDiff:
    """`compared` scenarios ran on both sides; `changed` of them produce
    different documents, the rest are only counted. `cannot_run_under_base`
    are head scenarios the base's pack.yaml cannot load (new under the
    head); `not_compared` ran but lack documents on a side (not applicable,
    an error). `expectations_disagree` lists head scenarios whose written
    `expect` the head run does not meet: the diff compares computed
    documents, never the YAML, so these need `prorata run`."""

    pack: str
    backend: str
    compared: int
    changed: tuple[ScenarioChange, ...]
    cannot_run_under_base: tuple[NotCompared, ...]
    not_compared: tuple[NotCompared, ...]
    totals: tuple[TypeTotal, ...]
    expectations_disagree: tuple[str, ...]

    @property
    def unchanged(self) -> int:
        return self.compared - len(self.changed)

    @property
    def has_changes(self) -> bool:
        """Anything a reviewer of the pricing change must look at: changed
        documents, a scenario the base cannot run, or one that has documents
        on one side only."""
        return bool(self.changed or self.cannot_run_under_base or self.not_compared)


def pricing_diff(base: RunResult, head: RunResult, cannot_run: Mapping[str, str] | None = None) -> PricingDiff:
    """Compare `base` (the head's scenarios run under the base's pack.yaml)
    with `head`. `cannot_run` maps the id of each head scenario that could
    not be loaded under the base to the reason; a head scenario missing from
    `base` for no given reason is listed with "not in the base run"."""
    cannot_run = dict(cannot_run or {})
    base_results = {result.id: result for result in base.results}
    changed: list[ScenarioChange] = []
    set_aside: list[NotCompared] = []
    not_compared: list[NotCompared] = []
    compared = 0
    for result in head.results:
        scenario = result.scenario
        before = base_results.get(result.id)
        if before is None:
            set_aside.append(NotCompared(result.id, scenario.title, cannot_run.get(result.id, "not in the base run")))
            continue
        if before.outcome is None or result.outcome is None:
            old, new = _why_none(before), _why_none(result)
            if old != new:
                not_compared.append(NotCompared(result.id, scenario.title,
                                                f"base: {old or 'ran'}; head: {new or 'ran'}"))
            continue
        compared += 1
        if outcome_content(before.outcome) != outcome_content(result.outcome):
            changed.append(_scenario_change(scenario, before.outcome, result.outcome))
    return PricingDiff(
        pack=head.pack.name,
        backend=head.backend,
        compared=compared,
        changed=tuple(changed),
        cannot_run_under_base=tuple(set_aside),
        not_compared=tuple(not_compared),
        totals=_totals(changed),
        expectations_disagree=tuple(r.id for r in head.results if r.status is Status.FAILED),
    )


def _why_none(result: ScenarioResult) -> str:
    """Why a result has no documents ("" when it has some)."""
    if result.outcome is not None:
        return ""
    return f"{result.status.value}: {result.detail}" if result.detail else result.status.value


def _scenario_change(scenario: Scenario, base: Outcome, head: Outcome) -> ScenarioChange:
    documents = []
    for status, old, new in _align(base.documents, head.documents, _document_key):
        lines = _line_changes(old, new)
        if status == CHANGED and not lines and old.total == new.total:  # type: ignore[union-attr]
            continue
        documents.append(DocumentChange(status, old, new, lines))
    return ScenarioChange(scenario, change_type(scenario), tuple(documents), _billed(base, head))


def _line_changes(old: Document | None, new: Document | None) -> tuple[LineChange, ...]:
    pairs = _align(old.lines if old else (), new.lines if new else (), _line_key)
    return tuple(LineChange(status, a, b) for status, a, b in pairs if status != CHANGED or a.amount != b.amount)


def _align(old: Sequence[T], new: Sequence[T], key) -> list[tuple[str, T | None, T | None]]:
    """Pair items with equal keys in order; the rest are removed or added.
    A pair comes out as CHANGED whether or not its content differs."""
    matcher = SequenceMatcher(None, [key(item) for item in old], [key(item) for item in new], autojunk=False)
    pairs: list[tuple[str, T | None, T | None]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs += [(CHANGED, a, b) for a, b in zip(old[i1:i2], new[j1:j2])]
        else:
            pairs += [(REMOVED, a, None) for a in old[i1:i2]]
            pairs += [(ADDED, None, b) for b in new[j1:j2]]
    return pairs


def _document_key(document: Document) -> Hashable:
    return document.kind, document.date, document.currency


def _line_key(line: Line) -> Hashable:
    return line.kind, line.plan, line.quantity, line.period.start, line.period.end


def _amount(line: Line | None) -> Decimal:
    return _ZERO if line is None else line.amount


def _per_currency(outcome: Outcome) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = {}
    for document in outcome.documents:
        sums[document.currency] = sums.get(document.currency, _ZERO) + document.total
    return sums


def _billed(base: Outcome, head: Outcome) -> tuple[Billed, ...]:
    old, new = _per_currency(base), _per_currency(head)
    return tuple(Billed(c, old.get(c, _ZERO), new.get(c, _ZERO)) for c in sorted(old.keys() | new.keys()))


def _totals(changed: Sequence[ScenarioChange]) -> tuple[TypeTotal, ...]:
    groups: dict[tuple[str, str], list[Billed]] = {}
    for change in changed:
        for billed in change.billed:
            groups.setdefault((change.change_type, billed.currency), []).append(billed)
    order = {kind: index for index, kind in enumerate(CHANGE_TYPES)}
    return tuple(
        TypeTotal(currency, sum((b.base for b in items), _ZERO), sum((b.head for b in items), _ZERO),
                  change_type=kind, scenarios=len(items))
        for (kind, currency), items in sorted(groups.items(), key=lambda item: (order.get(item[0][0], 99), item[0][1]))
    )
