"""The lint in a run: findings fail a scenario like differences, and are
judged through the ledger's `lint:` pins by the same exact rule."""

from __future__ import annotations

import dataclasses
from datetime import date

from factories import FixedBackend, scenario, upgrade_expected, upgrade_outcome

from harness.model import Deviation, Ledger
from harness.runner import RunResult, Status, judge, lint_pins, run_scenario, updated_ledger

TODAY = date(2026, 11, 21)


def linted_result():
    """Right amounts, but the factory's lines carry no description."""
    result = run_scenario(scenario(upgrade_expected()), FixedBackend(upgrade_outcome()))
    assert result.status is Status.FAILED and not result.differences and result.findings
    return result


def pinned(*texts: str) -> Deviation:
    return Deviation("upgrade-halfway", "Describes no line.", (), date(2026, 10, 1), lint=texts)


def test_findings_fail_and_are_listed_after_differences_with_a_lint_prefix() -> None:
    result = linted_result()
    assert result.problems[0].startswith("lint proration-period: invoice 2 line 1 (no description) does not say")
    assert run_scenario(scenario(upgrade_expected()), FixedBackend(upgrade_outcome()), lint=False).status is Status.PASSED


def test_findings_exactly_as_pinned_are_a_deviation() -> None:
    result = linted_result()
    texts = [str(f) for f in result.findings]
    judged = judge(result, pinned(*reversed(texts)))
    assert judged.status is Status.DEVIATION and judged.note == "Describes no line."
    assert lint_pins(judged).new == () and len(lint_pins(judged).pinned) == len(texts)


def test_a_new_finding_fails() -> None:
    result = linted_result()
    judged = judge(result, pinned(*[str(f) for f in result.findings][1:]))
    assert judged.status is Status.FAILED and "differs from its ledger entry" in judged.note
    assert lint_pins(judged).new == (str(result.findings[0]),)


def test_a_pinned_finding_no_longer_observed_fails_and_is_named() -> None:
    result = linted_result()
    gone = "proration-period: invoice 9 line 1 (no description) does not say which dates it covers"
    judged = judge(result, pinned(*[str(f) for f in result.findings], gone))
    assert judged.status is Status.FAILED and f"no longer observed: lint {gone}" in judged.note
    assert lint_pins(judged).vanished == (gone,)


def test_without_lint_the_pins_are_not_judged() -> None:
    clean = run_scenario(scenario(upgrade_expected()), FixedBackend(upgrade_outcome()), lint=False)
    assert judge(clean, pinned("x: y"), lint=False).status is Status.PASSED
    assert judge(clean, pinned("x: y")).status is Status.FAILED  # a linting run: the pin is stale


def test_the_ledger_update_records_findings_and_drops_them_when_fixed() -> None:
    result = linted_result()
    run = RunResult(None, "fake", (result,))
    ledger, changes = updated_ledger(run, Ledger("fake", "core"), TODAY)
    entry = ledger.entry("upgrade-halfway")
    assert changes.added == ("upgrade-halfway",)
    assert entry.lint == tuple(str(f) for f in result.findings) and entry.differences == ()
    assert entry.drafted and "proration-period" in entry.finding
    fixed = dataclasses.replace(result, status=Status.PASSED, findings=())
    again, changes = updated_ledger(RunResult(None, "fake", (fixed,)), ledger, TODAY)
    assert again.deviations == () and changes.removed == ("upgrade-halfway",)
