"""The sign-off report as data: every figure each format shows, computed once.

HTML, PDF, Markdown and JSON are views of this one object, so a number cannot
say one thing in the PDF and another in the JSON. The figures come from
`harness.evidence` (change types, reconciliation, coverage, decision matrix),
never recomputed here; each scenario's documents are rendered by the invoice
renderer customers' invoices come from (harness.render), so the report shows
the invoice as it would be sent."""

from __future__ import annotations

import dataclasses
import platform
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Mapping

import harness
from harness.evidence import CHANGE_TYPES, DecisionRow, change_type, decision_matrix
from harness.evidence.coverage import Coverage, coverage
from harness.evidence.reconciliation import ReconciliationRow, reconciliation, scenario_currency
from harness.render.invoice import render_html
from harness.report.signoff_report.sides import DocumentPair, side_by_side
from harness.report.signoff_report.text import event_text, start_text
from harness.runner import RunResult, ScenarioResult, Status


#: Status words as a finance reader sees them (the runner's values are for machines).
STATUS_LABELS = {
    Status.PASSED: "passed",
    Status.FAILED: "FAILED",
    Status.NOT_APPLICABLE: "not applicable",
    Status.DEVIATION: "known deviation",
    Status.ERROR: "ERROR",
}


@dataclass(frozen=True)
class Environment:
    """Where and when the evidence was produced: what a reader needs to rerun it."""

    harness_version: str
    backend: str
    backend_version: str
    pack_hash: str
    run_at: datetime  # UTC
    python: str
    platform: str

    @property
    def run_at_text(self) -> str:
        return self.run_at.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


@dataclass(frozen=True)
class ScenarioEntry:
    result: ScenarioResult
    change_type: str
    currency: str
    start: str
    events: tuple[str, ...]
    documents: tuple[DocumentPair, ...]
    invoice_html: str = ""  # the rendered documents' HTML body, "" when nothing was issued or not asked

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.result.status]


@dataclass(frozen=True)
class SignoffReport:
    run: RunResult
    environment: Environment
    reconciliation: tuple[ReconciliationRow, ...]
    decisions: tuple[DecisionRow, ...]
    coverage: Coverage
    scenarios: tuple[ScenarioEntry, ...]  # grouped by change type, CHANGE_TYPES order, then pack order
    charts: Mapping[str, str] = field(default_factory=dict)  # name -> SVG text

    @property
    def meta(self):  # -> PackMeta
        return self.run.pack.meta

    @property
    def summary(self) -> dict[str, int]:
        return self.run.summary

    @property
    def total(self) -> int:
        return len(self.run.results)

    @property
    def ok(self) -> bool:
        return self.run.ok

    @property
    def verdict(self) -> str:
        return verdict(self.run)

    @property
    def currencies(self) -> tuple[str, ...]:
        """Currencies the reconciliation has rows for, in first-seen order."""
        return tuple(dict.fromkeys(sorted(row.currency for row in self.reconciliation)))

    def rows_in(self, currency: str) -> tuple[ReconciliationRow, ...]:
        return tuple(row for row in self.reconciliation if row.currency == currency)

    def groups(self) -> list[tuple[str, list[ScenarioEntry]]]:
        """(change type, its scenarios) for each type the run has."""
        return [(kind, [entry for entry in self.scenarios if entry.change_type == kind])
                for kind in CHANGE_TYPES if any(entry.change_type == kind for entry in self.scenarios)]


def verdict(run: RunResult) -> str:
    """One sentence a signer can act on."""
    counts = run.summary
    ran = len(run.results) - counts["not_applicable"]
    if ran == 0:
        return f"NOT READY: no scenario ran on {run.backend} (all {len(run.results)} not applicable)."
    bad = counts["failed"] + counts["errors"]
    if bad:
        return (f"NOT READY FOR SIGN-OFF: {counts['failed']} failed and {counts['errors']} errored of {ran} "
                f"scenarios that ran on {run.backend}; each is listed under its change type below.")
    recorded = (f", {counts['deviations']} of them as known deviations recorded in the ledger"
                if counts["deviations"] else "")
    skipped = f"; {counts['not_applicable']} not applicable" if counts["not_applicable"] else ""
    return f"READY FOR SIGN-OFF: all {ran} scenarios that ran on {run.backend} behave as written{recorded}{skipped}."


def environment_of(run: RunResult, *, run_at: datetime, backend_version: str = "", pack_hash: str = "") -> Environment:
    """`pack_hash` defaults to the pack folder's content fingerprint (what a sign-off signs)."""
    if not pack_hash and run.pack.meta.source:
        from harness.packs.fingerprint import fingerprint

        pack_hash = fingerprint(run.pack.meta.source).digest
    return Environment(
        harness_version=harness.__version__,
        backend=run.backend,
        backend_version=backend_version or "not reported",
        pack_hash=pack_hash or "unknown (pack not read from a folder)",
        run_at=run_at.astimezone(timezone.utc),
        python=f"{platform.python_implementation()} {sys.version.split()[0]}",
        platform=platform.platform(terse=True),
    )


def build_report(run: RunResult, environment: Environment, *, invoices: bool = True,
                 charts: bool = True) -> SignoffReport:
    """Everything the writers show; `invoices=False` leaves out the rendered
    documents (they are most of a PDF's pages and time)."""
    entries = [_entry(result, invoices) for result in run.results]
    order = {kind: position for position, kind in enumerate(CHANGE_TYPES)}
    entries.sort(key=lambda entry: order[entry.change_type])  # stable: pack order within a type
    rows = reconciliation(run)
    report = SignoffReport(
        run=run,
        environment=environment,
        reconciliation=rows,
        decisions=decision_matrix(run.pack.meta),
        coverage=coverage(run.pack),
        scenarios=tuple(entries),
    )
    if not charts:
        return report
    from harness.report.signoff_report.chart import charts_of

    return dataclasses.replace(report, charts=charts_of(report))


def _entry(result: ScenarioResult, invoices: bool) -> ScenarioEntry:
    scenario = result.scenario
    body = ""
    if invoices and result.outcome is not None and result.outcome.documents:
        body = html_body(render_html(scenario, result.outcome, layout="harness"))
    return ScenarioEntry(
        result=result,
        change_type=change_type(scenario),
        currency=scenario_currency(scenario),
        start=start_text(scenario),
        events=tuple(event_text(scenario, event) for event in scenario.events),
        documents=side_by_side(scenario, result.outcome),
        invoice_html=body,
    )


def html_body(page: str) -> str:
    """The inside of a standalone page's <body>: the report supplies its own styles."""
    lower = page.lower()
    start = lower.find("<body")
    if start < 0:
        return page
    start = lower.find(">", start) + 1
    end = lower.rfind("</body>")
    return page[start:end if end >= 0 else len(page)].strip()
