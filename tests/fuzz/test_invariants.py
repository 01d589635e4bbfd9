"""Each invariant of harness.fuzz.invariants catches the break it is named
for. The documents of a hand-checked core scenario are broken by hand, one
way at a time, and the named check must report it; the engine's untouched
documents for every core scenario break none of them."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from harness import engine
from harness.fuzz.invariants import INVARIANTS, Case
from harness.fuzz.timeline import timeline
from harness.model import Document, DocumentKind, Line, LineKind, Outcome, Period
from harness.packs import load_pack
from tests.adapters.canaries.mutants import RetryPostedTwice
from tests.engine.builders import at

CORE = Path(__file__).resolve().parents[2] / "scenario_packs" / "core"
PACK = load_pack(CORE)
SCENARIOS = {s.id: s for s in PACK.scenarios}


def case(scenario_id: str, outcome: Outcome | None = None, *, rerun=engine.run, reference: Outcome | None = None,
         tolerance: Decimal = Decimal(0)) -> Case:
    scenario = SCENARIOS[scenario_id]
    return Case(scenario, outcome if outcome is not None else engine.run(scenario), timeline(scenario), rerun,
                reference, tolerance)


def check(name: str, c: Case) -> list[str]:
    return INVARIANTS[name].check(c)


def says(problems: list[str], *parts: str) -> bool:
    """Some problem names all of `parts` (amounts, dates): the wording may change, the facts may not."""
    return any(all(part in problem for part in parts) for problem in problems)


def broken(c: Case) -> set[str]:
    return {name for name, invariant in INVARIANTS.items() if invariant.check(c)}


def with_lines(outcome: Outcome, d: int, lines) -> Outcome:
    documents = list(outcome.documents)
    documents[d] = replace(documents[d], lines=tuple(lines))
    return replace(outcome, documents=tuple(documents))


def with_amount(outcome: Outcome, d: int, n: int, amount: Decimal) -> Outcome:
    lines = list(outcome.documents[d].lines)
    lines[n] = replace(lines[n], amount=amount)
    return with_lines(outcome, d, lines)


def upgrade() -> Outcome:
    """upgrade-halfway: Apr 1 basic 10.00; Apr 16 credit -5.00, charge pro 15.00."""
    outcome = engine.run(SCENARIOS["upgrade-halfway"])
    assert [[line.amount for line in d.lines] for d in outcome.documents] == [
        [Decimal("10.00")], [Decimal("-5.00"), Decimal("15.00")]]
    return outcome


def test_every_invariant_is_listed() -> None:
    assert list(INVARIANTS) == ["segments", "credit-cap", "retry", "minor-units", "totals", "after-cancel",
                                "periods", "dates", "differential"]


@pytest.mark.parametrize("scenario_id", sorted(SCENARIOS))
def test_the_engine_untouched_breaks_nothing(scenario_id: str) -> None:
    outcome = engine.run(SCENARIOS[scenario_id])
    c = case(scenario_id, outcome, reference=outcome)
    assert {name: found for name, invariant in INVARIANTS.items() if (found := invariant.check(c))} == {}


def test_segments_a_dropped_credit() -> None:
    outcome = upgrade()
    c = case("upgrade-halfway", with_lines(outcome, 1, outcome.documents[1].lines[1:]))
    problems = check("segments", c)
    assert len(problems) == 1
    assert says(problems, "2026-04-01", "25.00", "20")


def test_segments_allows_one_minor_unit_per_line() -> None:
    c = case("upgrade-halfway", with_amount(upgrade(), 1, 1, Decimal("15.01")))
    assert check("segments", c) == []
    c = case("upgrade-halfway", with_amount(upgrade(), 1, 1, Decimal("15.04")))
    assert check("segments", c) != []


def test_credit_cap_a_credit_bigger_than_the_span_was_billed() -> None:
    c = case("upgrade-halfway", with_amount(upgrade(), 1, 0, Decimal("-10.00")))  # the whole of April back
    problems = check("credit-cap", c)
    assert len(problems) == 1
    assert says(problems, "-10.00", "[2026-04-16, 2026-05-01)", "(5)")


def test_retry_a_backend_whose_rerun_differs() -> None:
    def rerun(other):
        baseline = engine.run(other)
        return replace(baseline, documents=baseline.documents[:1])  # claims the upgrade invoice came from the retry

    problems = check("retry", case("retry-same-period", rerun=rerun))
    assert problems and all(p.startswith("retried event(s) 2 posted something") for p in problems)


def test_retry_a_backend_that_posts_a_retry_twice() -> None:
    mutant = RetryPostedTwice()
    scenario = SCENARIOS["retry-same-period"]
    c = case("retry-same-period", mutant.run(scenario), rerun=mutant.run)
    problems = check("retry", c)
    assert any("issued but not expected (total 11.00" in p for p in problems)


def test_retry_holds_without_retried_events() -> None:
    def rerun(other):
        raise AssertionError("nothing was retried: no rerun needed")

    assert check("retry", case("upgrade-halfway", rerun=rerun)) == []


def test_minor_units_an_amount_of_a_tenth_of_a_cent() -> None:
    c = case("upgrade-halfway", with_amount(upgrade(), 0, 0, Decimal("10.005")))
    problems = check("minor-units", c)
    assert says(problems, "10.005")
    assert broken(case("upgrade-halfway", with_amount(upgrade(), 0, 0, Decimal("10.000")))) == set()


def test_minor_units_a_document_in_another_currency() -> None:
    outcome = upgrade()
    documents = (replace(outcome.documents[0], currency="EUR"), outcome.documents[1])
    problems = check("minor-units", case("upgrade-halfway", replace(outcome, documents=documents)))
    assert len(problems) == 1 and says(problems, "EUR", "USD")


def test_totals_a_wrong_stated_total() -> None:
    outcome = upgrade()
    documents = (replace(outcome.documents[0], stated_total=Decimal("11.00")), outcome.documents[1])
    problems = check("totals", case("upgrade-halfway", replace(outcome, documents=documents)))
    assert len(problems) == 1 and says(problems, "11.00", "10.00")
    documents = (replace(outcome.documents[0], stated_total=Decimal("10.00")), outcome.documents[1])
    assert check("totals", case("upgrade-halfway", replace(outcome, documents=documents))) == []


def test_after_cancel_a_renewal_after_an_end_of_period_cancel() -> None:
    outcome = engine.run(SCENARIOS["cancel-end-of-period"])  # ends May 1, until Jun 1
    recurring = outcome.documents[0].lines[0]
    renewal = Document(DocumentKind.INVOICE, at("2026-05-01"), "USD",
                       (replace(recurring, period=Period(at("2026-05-01"), at("2026-06-01"))),), reason="renewal")
    problems = check("after-cancel", case("cancel-end-of-period", replace(outcome, documents=(*outcome.documents, renewal))))
    assert len(problems) == 1 and says(problems, "10.00", "[2026-05-01, 2026-06-01)", "ended at 2026-05-01")


def test_after_cancel_a_document_after_an_immediate_cancel() -> None:
    outcome = engine.run(SCENARIOS["cancel-immediately-prorated"])  # ends Apr 21
    late = Document(DocumentKind.INVOICE, at("2026-04-25"), "USD",
                    (Line(LineKind.ADJUSTMENT, Decimal("1.00"), Period(at("2026-04-25"), at("2026-05-01"))),))
    problems = check("after-cancel", case("cancel-immediately-prorated", replace(outcome, documents=(*outcome.documents, late))))
    assert says(problems, "2026-04-25", "ended at 2026-04-21")


def test_periods_a_recurring_line_twice() -> None:
    outcome = upgrade()
    line = outcome.documents[0].lines[0]
    problems = check("periods", case("upgrade-halfway", with_lines(outcome, 0, [line, line])))
    assert len(problems) == 1 and says(problems, "[2026-04-01, 2026-05-01)", "2 time(s), expected 1")


def test_periods_a_period_shifted_a_day() -> None:
    outcome = upgrade()
    line = outcome.documents[0].lines[0]
    shifted = replace(line, period=Period(at("2026-04-02"), at("2026-05-02")))
    problems = check("periods", case("upgrade-halfway", with_lines(outcome, 0, [shifted])))
    assert says(problems, "[2026-04-02, 2026-05-02)", "no billing period")
    assert says(problems, "[2026-04-01, 2026-05-01)", "0 time(s), expected 1")


def test_dates_documents_out_of_order() -> None:
    outcome = engine.run(SCENARIOS["usage-two-periods"])  # Apr 1, May 1, Jun 1
    assert len(outcome.documents) == 3
    swapped = replace(outcome, documents=(outcome.documents[1], outcome.documents[0], outcome.documents[2]))
    problems = check("dates", case("usage-two-periods", swapped))
    assert len(problems) == 1 and says(problems, "2026-04-01", "2026-05-01")
    assert check("dates", case("usage-two-periods", outcome)) == []


def test_differential_against_the_reference() -> None:
    reference = upgrade()
    assert check("differential", case("upgrade-halfway", reference, reference=reference)) == []
    cent = with_amount(reference, 1, 1, Decimal("15.01"))
    two = with_amount(reference, 1, 1, Decimal("15.02"))
    exact = check("differential", case("upgrade-halfway", cent, reference=reference))
    assert says(exact, "invoice of 2026-04-16: expected proration_charge pro 15.00, got 15.01")
    assert check("differential", case("upgrade-halfway", cent, reference=reference, tolerance=Decimal("0.01"))) == []
    problems = check("differential", case("upgrade-halfway", two, reference=reference, tolerance=Decimal("0.01")))
    assert any("expected proration_charge pro 15.00, got 15.02" in p for p in problems)
    assert any("expected total 10.00, got 10.02" in p for p in problems)


def test_differential_is_not_judged_without_a_reference() -> None:
    assert check("differential", case("upgrade-halfway", with_amount(upgrade(), 1, 1, Decimal("99.00")))) == []
