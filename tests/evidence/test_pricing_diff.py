"""The pricing diff over two runs of the same scenarios: which scenarios
change, which lines (changed, added, removed, paired by what they bill, not
by position), documents added or removed, totals by change type that never
add two currencies, and what is listed apart (cannot run under the base,
no documents on one side, expectations the head run does not meet)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from harness.evidence import change_type
from harness.evidence.pricing_diff import ADDED, CHANGED, REMOVED, pricing_diff
from harness.model import Document, DocumentKind, Outcome
from harness.runner import RunResult, Status


def edit(run: RunResult, scenario_id: str, change) -> RunResult:  # noqa: ANN001
    """The run with one scenario's outcome replaced by change(outcome)."""
    return replace(run, results=tuple(replace(r, outcome=change(r.outcome)) if r.id == scenario_id else r
                                      for r in run.results))


def documents(outcome: Outcome, *new: Document) -> Outcome:
    return replace(outcome, documents=tuple(new))


def scaled(document: Document, index: int, amount: str) -> Document:
    """The document with line `index` at `amount` and its total following."""
    lines = list(document.lines)
    lines[index] = replace(lines[index], amount=Decimal(amount))
    return replace(document, lines=tuple(lines))


def only(diff, scenario_id):  # noqa: ANN001, ANN201
    [change] = [c for c in diff.changed if c.id == scenario_id]
    return change


def test_the_same_run_changes_nothing(core_run) -> None:
    diff = pricing_diff(core_run, core_run)
    assert diff.compared == len(core_run.results) and diff.unchanged == diff.compared
    assert diff.changed == () and diff.totals == () and not diff.has_changes
    assert diff.pack == "core" and diff.backend == core_run.backend


def test_a_changed_amount_is_one_changed_line_with_its_delta(core_run) -> None:
    result = next(r for r in core_run.results if r.id == "upgrade-halfway")
    second = result.outcome.documents[1]
    index = next(i for i, line in enumerate(second.lines) if line.plan == "pro")
    assert second.lines[index].amount == Decimal("15.00")
    head = edit(core_run, "upgrade-halfway",
                lambda o: documents(o, o.documents[0], scaled(second, index, "17.50"), *o.documents[2:]))

    diff = pricing_diff(core_run, head)
    assert [c.id for c in diff.changed] == ["upgrade-halfway"] and diff.unchanged == diff.compared - 1
    change = only(diff, "upgrade-halfway")
    assert change.change_type == "upgrade" == change_type(change.scenario)
    [document] = change.documents
    assert document.status == CHANGED and document.head.date == second.date
    [line] = document.lines
    assert (line.status, line.base.amount, line.head.amount, line.delta) == (
        CHANGED, Decimal("15.00"), Decimal("17.50"), Decimal("2.50"))
    assert document.delta == Decimal("2.50")
    [billed] = change.billed
    assert (billed.currency, billed.delta) == ("USD", Decimal("2.50"))
    [total] = diff.totals
    assert (total.change_type, total.currency, total.scenarios, total.delta) == ("upgrade", "USD", 1, Decimal("2.50"))
    assert total.base == result.outcome.total_billed


def test_lines_pair_by_what_they_bill_not_by_position(core_run) -> None:
    result = next(r for r in core_run.results if r.id == "upgrade-halfway")
    credit, charge = result.outcome.documents[1].lines
    extra = replace(charge, plan="basic", amount=Decimal("1.00"))
    net = replace(result.outcome.documents[1], lines=(extra, charge))  # the credit gone, a line before the charge
    head = edit(core_run, "upgrade-halfway", lambda o: documents(o, o.documents[0], net, *o.documents[2:]))

    [document] = only(pricing_diff(core_run, head), "upgrade-halfway").documents
    statuses = sorted((line.status, line.line.plan, line.line.kind.value) for line in document.lines)
    assert statuses == [(ADDED, "basic", "proration_charge"), (REMOVED, "basic", "proration_credit")]
    assert sum((line.delta for line in document.lines), Decimal(0)) == document.delta  # the charge paired, unchanged


def test_documents_added_and_removed(core_run) -> None:
    result = next(r for r in core_run.results if r.id == "upgrade-halfway")
    first, second = result.outcome.documents[:2]
    moved = replace(second, date=second.date.replace(day=20))
    head = edit(core_run, "upgrade-halfway", lambda o: documents(o, first, moved, *o.documents[2:]))

    change = only(pricing_diff(core_run, head), "upgrade-halfway")
    assert [(d.status, d.document.date.day) for d in change.documents] == [(REMOVED, 16), (ADDED, 20)]
    removed, added = change.documents
    assert all(line.status == REMOVED for line in removed.lines) and len(removed.lines) == len(second.lines)
    assert all(line.status == ADDED for line in added.lines)
    assert removed.head_total is None and added.base_total is None
    assert removed.delta == -second.total and added.delta == moved.total
    assert change.billed[0].delta == 0  # same money, another date: still a change


def test_a_stated_total_alone_is_a_change_without_lines(core_run) -> None:
    result = next(r for r in core_run.results if r.id == "upgrade-halfway")
    first = result.outcome.documents[0]
    head = edit(core_run, "upgrade-halfway",
                lambda o: documents(o, replace(first, stated_total=first.total + 1), *o.documents[1:]))
    [document] = only(pricing_diff(core_run, head), "upgrade-halfway").documents
    assert document.lines == () and document.delta == Decimal(1)


def test_descriptions_and_numbers_are_not_changes(core_run) -> None:
    result = next(r for r in core_run.results if r.id == "upgrade-halfway")
    first = result.outcome.documents[0]
    renamed = replace(first, number="INV-999", reason="something else",
                      lines=tuple(replace(line, description="renamed") for line in first.lines))
    head = edit(core_run, "upgrade-halfway", lambda o: documents(o, renamed, *o.documents[1:]))
    assert pricing_diff(core_run, head).changed == ()


def test_totals_go_by_change_type_and_never_add_currencies(core_run) -> None:
    ids = ["upgrade-halfway", "currency-jpy-upgrade", "currency-kwd-upgrade", "currency-eur-upgrade"]
    head = core_run
    for scenario_id in ids:
        head = edit(head, scenario_id, lambda o: documents(o, *o.documents[:-1], replace(
            o.documents[-1], stated_total=o.documents[-1].total + 1)))
    diff = pricing_diff(core_run, head)
    assert sorted(c.id for c in diff.changed) == sorted(ids)
    assert [(t.change_type, t.currency, t.scenarios, t.delta) for t in diff.totals] == [
        ("upgrade", "EUR", 1, 1), ("upgrade", "JPY", 1, 1), ("upgrade", "KWD", 1, 1), ("upgrade", "USD", 1, 1)]
    jpy = next(t for t in diff.totals if t.currency == "JPY")
    base = next(r for r in core_run.results if r.id == "currency-jpy-upgrade").outcome.total_billed
    assert jpy.base == base and jpy.head == base + 1


def test_totals_follow_the_change_type_order(core_run) -> None:
    ids = ["upgrade-halfway", "signup-plain-first-period"]
    head = core_run
    for scenario_id in ids:
        head = edit(head, scenario_id, lambda o: documents(o, replace(o.documents[0], stated_total=Decimal(0)),
                                                           *o.documents[1:]))
    diff = pricing_diff(core_run, head)
    assert [t.change_type for t in diff.totals] == ["signup", "upgrade"]


def test_scenarios_the_base_cannot_run_are_listed_apart(core_run) -> None:
    missing = {"upgrade-halfway", "signup-plain-first-period"}
    base = replace(core_run, results=tuple(r for r in core_run.results if r.id not in missing))
    diff = pricing_diff(base, core_run, {"upgrade-halfway": "events[0].change_plan.to: unknown plan 'pro'"})
    reasons = {item.id: item.reason for item in diff.cannot_run_under_base}
    assert reasons == {"upgrade-halfway": "events[0].change_plan.to: unknown plan 'pro'",
                       "signup-plain-first-period": "not in the base run"}
    assert diff.compared == len(core_run.results) - 2 and diff.changed == ()
    assert diff.has_changes  # a reviewer must look at them


def test_documents_on_one_side_only_are_not_compared(core_run) -> None:
    def not_applicable(run: RunResult, scenario_id: str) -> RunResult:
        return replace(run, results=tuple(
            replace(r, outcome=None, status=Status.NOT_APPLICABLE, note="no plan change") if r.id == scenario_id
            else r for r in run.results))

    head = not_applicable(core_run, "upgrade-halfway")
    diff = pricing_diff(core_run, head)
    [item] = diff.not_compared
    assert item.id == "upgrade-halfway" and item.reason == "base: ran; head: not_applicable: no plan change"
    assert diff.compared == len(core_run.results) - 1 and diff.has_changes

    both = pricing_diff(not_applicable(core_run, "upgrade-halfway"), head)
    assert both.not_compared == () and not both.has_changes  # the same on both sides: nothing to review


def test_expectations_the_head_run_does_not_meet(core_run) -> None:
    head = replace(core_run, results=tuple(replace(r, status=Status.FAILED) if r.id == "upgrade-halfway" else r
                                           for r in core_run.results))
    diff = pricing_diff(core_run, head)
    assert diff.expectations_disagree == ("upgrade-halfway",)
    assert not diff.has_changes  # the YAML is `prorata run`'s business, not the diff's


def test_a_document_of_another_kind_does_not_pair(core_run) -> None:
    kind = DocumentKind.CREDIT_NOTE
    result = next(r for r in core_run.results if r.id == "upgrade-halfway")
    second = result.outcome.documents[1]
    head = edit(core_run, "upgrade-halfway",
                lambda o: documents(o, o.documents[0], replace(second, kind=kind), *o.documents[2:]))
    change = only(pricing_diff(core_run, head), "upgrade-halfway")
    assert [(d.status, d.document.kind) for d in change.documents] == [(REMOVED, DocumentKind.INVOICE),
                                                                       (ADDED, kind)]
