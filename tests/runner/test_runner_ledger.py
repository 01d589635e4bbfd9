"""Results judged through a deviations ledger, and the ledger a run updates to.

The factories' lines carry no descriptions, so these runs pass `lint=False`;
the lint's part in running and judging is tested in test_runner_lint.py."""

from __future__ import annotations

import dataclasses
from datetime import date

from factories import FixedBackend, invoice, line, outcome, pack, scenario, upgrade_expected, upgrade_outcome

from harness.compare import Difference
from harness.model import DRAFT, Deviation, Ledger, SourceRef
from harness.runner import LedgerChanges, RunResult, ScenarioResult, Status, judge, run_pack, run_scenario, updated_ledger

CREDIT = "invoice of 2026-04-16: expected proration_credit basic -5.00, got -5.01"
TOTAL = "invoice of 2026-04-16: expected total 10.00, got 9.99"
FINDING = "Rounds the unused-days credit away from zero: a cent more credit than the policy."
TODAY = date(2026, 11, 21)
FIRST_SEEN = date(2026, 10, 1)


def off_by_a_cent():
    """The reference outcome with the credit line's amount changed."""
    first, _ = upgrade_outcome().documents
    return outcome(first, invoice(
        "2026-04-16",
        line("proration_credit", "basic", "2026-04-16", "2026-05-01", "-5.01"),
        line("proration_charge", "pro", "2026-04-16", "2026-05-01", "15.00"),
    ))


def entry(*differences: str, scenario_id: str = "upgrade-halfway", source: SourceRef | None = None) -> Deviation:
    return Deviation(scenario_id, FINDING, differences, FIRST_SEEN, source=source)


def failed_result(**kwargs) -> ScenarioResult:
    result = run_scenario(scenario(upgrade_expected(), **kwargs), FixedBackend(off_by_a_cent()), lint=False)
    assert result.status is Status.FAILED
    return result


def test_the_fake_backend_fails_with_two_differences_one_with_a_hint() -> None:
    result = failed_result()
    assert [d.observed for d in result.differences] == [CREDIT, TOTAL]
    assert result.differences[0].hint  # a hint is a guess: never part of the fingerprint


# -- judge -------------------------------------------------------------------

def test_no_entry_leaves_the_result_alone() -> None:
    result = failed_result()
    assert judge(result, None) is result


def test_failing_exactly_as_recorded_is_a_deviation_with_the_finding_as_note() -> None:
    result = failed_result()
    recorded = entry(CREDIT, TOTAL)
    judged = judge(result, recorded)
    assert judged.status is Status.DEVIATION
    assert judged.note == FINDING
    assert judged.deviation == recorded
    assert judged.differences == result.differences
    assert judged.outcome == result.outcome


def test_the_order_of_the_recorded_differences_does_not_matter() -> None:
    assert judge(failed_result(), entry(TOTAL, CREDIT)).status is Status.DEVIATION


def test_hints_are_not_part_of_the_fingerprint() -> None:
    result = failed_result()
    hinted = dataclasses.replace(result, differences=tuple(
        dataclasses.replace(d, hint="a different guess") for d in result.differences))
    assert judge(hinted, entry(CREDIT, TOTAL)).status is Status.DEVIATION


def test_fewer_observed_than_recorded_fails_naming_the_entry() -> None:
    result = failed_result()
    recorded = entry(CREDIT, TOTAL, "invoice of 2026-05-01: expected total 30.00, got 31.00",
                     source=SourceRef("demo/deviations/fake.yaml", 7))
    judged = judge(result, recorded)
    assert judged.status is Status.FAILED
    assert "ledger entry at demo/deviations/fake.yaml:7" in judged.note
    assert FINDING in judged.note
    assert "prorata ledger update" in judged.note
    assert judged.deviation == recorded
    assert judged.differences == result.differences


def test_more_observed_than_recorded_fails() -> None:
    judged = judge(failed_result(), entry(CREDIT))
    assert judged.status is Status.FAILED
    assert "ledger entry" in judged.note and FINDING in judged.note


def test_a_different_difference_fails() -> None:
    judged = judge(failed_result(), entry(CREDIT, "invoice of 2026-04-16: expected total 10.00, got 9.98"))
    assert judged.status is Status.FAILED


def test_a_difference_recorded_twice_but_seen_once_fails() -> None:
    assert judge(failed_result(), entry(CREDIT, TOTAL, TOTAL)).status is Status.FAILED


def test_an_entry_without_a_source_still_names_the_ledger_entry() -> None:
    judged = judge(failed_result(), entry(CREDIT))
    assert "ledger entry" in judged.note


def test_passing_with_an_entry_fails_as_no_longer_observed() -> None:
    passed = run_scenario(scenario(upgrade_expected()), FixedBackend(upgrade_outcome()), lint=False)
    assert passed.status is Status.PASSED
    recorded = entry(CREDIT, TOTAL, source=SourceRef("demo/deviations/fake.yaml", 7))
    judged = judge(passed, recorded)
    assert judged.status is Status.FAILED
    assert "no longer observed" in judged.note
    assert "demo/deviations/fake.yaml:7" in judged.note and FINDING in judged.note
    assert judged.deviation == recorded


def test_errors_and_not_applicable_results_are_untouched() -> None:
    built = scenario(upgrade_expected())
    error = ScenarioResult(built, Status.ERROR, error="RuntimeError: HTTP 500")
    not_applicable = ScenarioResult(built, Status.NOT_APPLICABLE, note="no renewals")
    recorded = entry(CREDIT, TOTAL)
    assert judge(error, recorded) is error
    assert judge(not_applicable, recorded) is not_applicable


def test_run_scenario_and_run_pack_judge_through_the_ledger() -> None:
    built = scenario(upgrade_expected())
    ledger = Ledger("fake", "core", (entry(TOTAL, CREDIT),))
    assert run_scenario(built, FixedBackend(off_by_a_cent()), ledger, lint=False).status is Status.DEVIATION
    run = run_pack(pack(built), FixedBackend(off_by_a_cent()), ledger=ledger, lint=False)
    assert [r.status for r in run.results] == [Status.DEVIATION]
    assert run.summary["deviations"] == 1 and run.summary["failed"] == 0
    assert run.ok
    other = Ledger("fake", "core", (entry(TOTAL, CREDIT, scenario_id="someone-else"),))
    assert run_pack(pack(built), FixedBackend(off_by_a_cent()), ledger=other, lint=False).results[0].status is Status.FAILED


# -- updated_ledger ----------------------------------------------------------

def run_of(*results: ScenarioResult) -> RunResult:
    return RunResult(pack(*(r.scenario for r in results)), "fake", tuple(results))


def a(scenario_id: str):
    return scenario(upgrade_expected(), id=scenario_id)


def passed(scenario_id: str) -> ScenarioResult:
    return run_scenario(a(scenario_id), FixedBackend(upgrade_outcome()), lint=False)


def failed(scenario_id: str) -> ScenarioResult:
    return run_scenario(a(scenario_id), FixedBackend(off_by_a_cent()), lint=False)


def test_a_new_difference_is_added_with_a_draft_finding_first_seen_today() -> None:
    new, changes = updated_ledger(run_of(failed("upgrade-halfway")), Ledger("fake", "core"), TODAY)
    assert changes == LedgerChanges(added=("upgrade-halfway",))
    assert changes.any
    (added,) = new.deviations
    assert added.scenario == "upgrade-halfway"
    assert added.differences == (CREDIT, TOTAL)
    assert added.first_seen == TODAY
    assert added.finding.startswith(DRAFT) and added.drafted
    assert (new.backend, new.pack) == ("fake", "core")


def test_changed_differences_keep_the_finding_and_first_seen() -> None:
    old = Ledger("fake", "core", (entry(CREDIT, source=SourceRef("x.yaml", 3)),))
    new, changes = updated_ledger(run_of(failed("upgrade-halfway")), old, TODAY)
    assert changes == LedgerChanges(changed=("upgrade-halfway",))
    (changed,) = new.deviations
    assert changed.differences == (CREDIT, TOTAL)
    assert changed.finding == FINDING
    assert changed.first_seen == FIRST_SEEN


def test_the_same_differences_in_another_order_change_nothing() -> None:
    old = Ledger("fake", "core", (entry(TOTAL, CREDIT),))
    new, changes = updated_ledger(run_of(failed("upgrade-halfway")), old, TODAY)
    assert changes == LedgerChanges()
    assert not changes.any
    assert new == old


def test_an_entry_is_removed_when_its_scenario_passes_or_does_not_apply() -> None:
    old = Ledger("fake", "core", (entry(CREDIT, scenario_id="now-passes"), entry(CREDIT, scenario_id="not-here")))
    not_applicable = ScenarioResult(a("not-here"), Status.NOT_APPLICABLE, note="no renewals")
    new, changes = updated_ledger(run_of(passed("now-passes"), not_applicable), old, TODAY)
    assert new.deviations == ()
    assert set(changes.removed) == {"now-passes", "not-here"}
    assert changes.added == changes.changed == ()


def test_an_entry_is_kept_when_its_scenario_errors() -> None:
    old = Ledger("fake", "core", (entry(CREDIT, scenario_id="flaky"),))
    error = ScenarioResult(a("flaky"), Status.ERROR, error="RuntimeError: HTTP 500")
    other_error = ScenarioResult(a("other"), Status.ERROR, error="RuntimeError: HTTP 500")
    new, changes = updated_ledger(run_of(error, other_error), old, TODAY)
    assert new == old
    assert changes.kept_on_error == ("flaky",)
    assert not changes.any


def test_entries_of_scenarios_not_in_the_run_are_kept() -> None:
    unselected = entry(CREDIT, scenario_id="not-selected")
    old = Ledger("fake", "core", (unselected,))
    new, changes = updated_ledger(run_of(passed("upgrade-halfway"), failed("other")), old, TODAY)
    assert unselected in new.deviations
    assert {e.scenario for e in new.deviations} == {"not-selected", "other"}
    assert changes.added == ("other",) and changes.removed == ()


def test_a_judged_run_updates_the_same_way() -> None:
    """`ledger update` runs without the ledger, but a judged run must not confuse it."""
    built = a("upgrade-halfway")
    old = Ledger("fake", "core", (entry(TOTAL, CREDIT),))
    judged = run_scenario(built, FixedBackend(off_by_a_cent()), old, lint=False)
    assert judged.status is Status.DEVIATION
    new, changes = updated_ledger(run_of(judged), old, TODAY)
    assert new == old and not changes.any


def test_the_updated_ledger_turns_the_same_failures_into_deviations() -> None:
    built = (a("upgrade-halfway"), a("second"))
    first = run_pack(pack(*built), FixedBackend(off_by_a_cent()), lint=False)
    assert first.summary["failed"] == 2
    ledger, _ = updated_ledger(first, Ledger("fake", "core"), TODAY)
    again = run_pack(pack(*built), FixedBackend(off_by_a_cent()), ledger=ledger, lint=False)
    assert again.summary == {"passed": 0, "failed": 0, "not_applicable": 0, "deviations": 2, "errors": 0}
    assert all(r.note.startswith(DRAFT) for r in again.results)
    fixed = run_pack(pack(*built), FixedBackend(upgrade_outcome()), ledger=ledger, lint=False)
    assert fixed.summary["failed"] == 2
    cleaned, changes = updated_ledger(fixed, ledger, TODAY)
    assert cleaned.deviations == () and set(changes.removed) == {"upgrade-halfway", "second"}


def test_difference_fingerprints_are_the_comparisons_wording() -> None:
    difference = Difference("invoice of 2026-04-16", "total_differs", "10.00", "9.99", hint="rounding?")
    assert difference.observed == TOTAL
