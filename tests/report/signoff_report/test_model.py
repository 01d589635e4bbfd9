"""The report model: figures from harness.evidence, scenarios grouped by
change type, the verdict, expected and issued lines paired side by side."""

from __future__ import annotations

from decimal import Decimal

from harness.evidence.reconciliation import reconciliation
from harness.report.signoff_report import verdict
from harness.report.signoff_report.model import html_body


def test_figures_are_the_evidence_layers(good_report) -> None:
    assert good_report.reconciliation == reconciliation(good_report.run)
    assert good_report.total == 3 and good_report.ok
    assert [kind for kind, _ in good_report.groups()] == ["signup", "upgrade", "seats"]
    assert good_report.verdict.startswith("READY FOR SIGN-OFF: all 3 scenarios")


def test_a_failure_makes_the_verdict_not_ready(failing_report) -> None:
    assert not failing_report.ok
    assert failing_report.verdict.startswith("NOT READY FOR SIGN-OFF: 1 failed and 0 errored of 3")
    assert verdict(failing_report.run) == failing_report.verdict


def test_the_differing_line_is_paired_with_the_line_it_should_have_been(failing_report) -> None:
    [entry] = [entry for entry in failing_report.scenarios if entry.result.scenario.id == "upgrade-wrong"]
    signup, change = entry.documents
    assert not signup.differs and change.differs
    assert (change.expected_total, change.actual_total) == ("10.01", "10.00")
    rows = {row.expected.amount: row for row in change.rows}
    assert rows["15.01"].actual.amount == "15.00" and rows["15.01"].differs == ("amount",)
    assert rows["-5.00"].differs == ()


def test_total_billed_only_is_shown_as_one_checked_figure(good_report) -> None:
    [entry] = [entry for entry in good_report.scenarios if entry.result.scenario.id == "seats-thirty-day"]
    checked = [pair for pair in entry.documents if pair.checked]
    assert [(pair.kind, pair.expected_total, pair.actual_total) for pair in checked] == [
        ("total billed", "63.00", "63.00")]
    assert all(row.differs == () for pair in entry.documents for row in pair.rows)  # unchecked: nothing flagged
    assert sum(Decimal(pair.actual_total) for pair in entry.documents if not pair.checked) == Decimal("63.00")


def test_start_and_events_in_words(good_report) -> None:
    [entry] = [entry for entry in good_report.scenarios if entry.result.scenario.id == "seats-thirty-day"]
    assert entry.start == "2026-04-01: seat, api; observed until 2026-05-02"
    assert entry.events == ("2026-04-16: change_quantity to 3 (item seat)", "2026-04-20: usage 1500 (item api)")


def test_the_invoice_is_embedded_without_its_page_shell(good_report) -> None:
    entry = good_report.scenarios[0]
    assert entry.invoice_html.startswith("<section") and "<body" not in entry.invoice_html
    assert html_body("<html><body class='x'>\n<p>hi</p>\n</body></html>") == "<p>hi</p>"
