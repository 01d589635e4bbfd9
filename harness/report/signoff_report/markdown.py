"""The report as GitHub Markdown: the same sections as the HTML, tables by
tabulate ("github"), for a pull request or a wiki page. Charts are not
inlined (GitHub strips inline SVG); `chart_links` names SVG files written
beside the Markdown, and the writer links them."""

from __future__ import annotations

from typing import Mapping

from tabulate import tabulate

from harness.report.signoff_report.model import ScenarioEntry, SignoffReport
from harness.report.signoff_report.sides import FIELDS
from harness.report.signoff_report.views import (
    RECONCILIATION_HEADERS, cell_text, coverage_grids, environment_rows, reconciliation_table,
)

_RIGHT = ("left",) + ("right",) * (len(RECONCILIATION_HEADERS) - 1)


def render_markdown(report: SignoffReport, chart_links: Mapping[str, str] | None = None) -> str:
    parts = [_cover(report), _reconciliation(report, chart_links or {}), _decisions(report), _coverage(report),
             _scenarios(report), _environment(report)]
    return "\n\n".join(part.rstrip("\n") for part in parts) + "\n"


def _table(rows, headers, align=None) -> str:  # noqa: ANN001
    return tabulate(rows, headers=headers, tablefmt="github", colalign=align, disable_numparse=True)


def _cell(text: str) -> str:
    """A table cell on one line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _cover(report: SignoffReport) -> str:
    meta, env, summary = report.meta, report.environment, report.summary
    facts = [
        ("Pack", f"{meta.name} (version {meta.version})"),
        ("Owner", meta.owner or "not named"),
        ("Backend", f"{env.backend} ({env.backend_version})"),
        ("Harness", f"proration-harness {env.harness_version}"),
        ("Pack content hash", f"`{env.pack_hash}`"),
        ("Run time", env.run_at_text),
        ("Scenarios", f"{report.total} in the pack: {summary['passed']} passed, {summary['deviations']} known "
                      f"deviations, {summary['failed']} failed, {summary['errors']} errors, "
                      f"{summary['not_applicable']} not applicable"),
    ]
    return (f"# Proration sign-off report: {meta.title or meta.name}\n\n" + _table(facts, ("", ""))
            + f"\n\n**{report.verdict}**")


def _reconciliation(report: SignoffReport, chart_links: Mapping[str, str]) -> str:
    out = ["## 1. Reconciliation by change type", "",
           f"Expected is what the written policy expects the scenarios to bill, billed what {report.environment.backend} "
           "billed (invoices minus credit notes, over the scenarios that ran); delta = billed - expected. "
           "Amounts in each currency's minor units, never added across currencies."]
    for currency in report.currencies:
        out += ["", f"### {currency}", "",
                _table(reconciliation_table(report.reconciliation, currency), RECONCILIATION_HEADERS, _RIGHT)]
    for name, title in (("amounts", "Expected vs billed by change type"), ("statuses", "Scenarios by status")):
        if name in chart_links:
            out += ["", f"![{title}]({chart_links[name]})"]
    return "\n".join(out)


def _decisions(report: SignoffReport) -> str:
    events = [(row.label, _cell(row.action), row.timing, row.credit_form, row.owner)
              for row in report.decisions if row.is_event]
    general = [(row.label, _cell(row.action), f"`{row.setting}`", row.owner)
               for row in report.decisions if not row.is_event]
    return "\n".join([
        "## 2. Decision matrix", "",
        _table(events, ("Event", "Default billing action", "Timing", "Credit form", "Owner")), "",
        "### Rules every event shares", "",
        _table(general, ("Rule", "What it means", "Setting", "Owner")),
    ])


def _coverage(report: SignoffReport) -> str:
    coverage = report.coverage
    out = ["## 3. Coverage matrix", "",
           "A number is how many scenarios cover the cell (event x policy value x day count x currency); "
           f"**GAP** marks a combination no scenario tests. {len(coverage.covered)} of {len(coverage.cells)} "
           "cells are covered."]
    for grid in coverage_grids(coverage):
        headers = ["Policy value", *(f"{day} {currency}" for day, currency in grid.columns)]
        rows = [[f"`{value}`", *(cell_text(cell) for cell in cells)] for value, cells in grid.rows]
        out += ["", f"### {grid.label} ({grid.event}: {grid.covered} of {grid.size} cells covered)", "",
                _table(rows, headers, ("left",) + ("center",) * len(grid.columns))]
        if grid.covered_cells:
            out += [""] + [f"- `{cell.policy}`, {cell.day_count}, {cell.currency}: {', '.join(cell.scenarios)}"
                           for cell in grid.covered_cells]
    return "\n".join(out)


def _scenarios(report: SignoffReport) -> str:
    out = ["## 4. Scenarios by change type", "",
           "Differences between expected and issued lines are marked **bold** with the field; the documents as the "
           "customer gets them are in the HTML and PDF reports."]
    for kind, entries in report.groups():
        out += ["", f"### {kind} ({len(entries)} scenario{'' if len(entries) == 1 else 's'})"]
        for entry in entries:
            out += ["", _scenario(report, entry)]
    return "\n".join(out)


def _scenario(report: SignoffReport, entry: ScenarioEntry) -> str:
    result = entry.result
    scenario = result.scenario
    out = [f"#### {scenario.id} — {entry.status_label}", "", _cell(scenario.title), ""]
    facts = [("Rule", scenario.rule), ("Owner", scenario.owner or report.meta.owner), ("Currency", entry.currency),
             ("Start", entry.start), ("Events", "; ".join(entry.events) or "none"), ("Note", result.detail)]
    out += [f"- **{name}:** {_cell(value)}" for name, value in facts if value]
    if entry.documents:
        headers = ["Document", *(f"expected {name}" for name in FIELDS), *(f"issued {name}" for name in FIELDS)]
        rows = []
        for pair in entry.documents:
            expected_total = pair.expected_total if pair.checked else "not checked"
            mark = "**" if pair.differs else ""
            rows.append([f"{pair.kind} {pair.date}".strip(), "", "", "", "total", f"{mark}{expected_total}{mark}",
                         "", "", "", "total", f"{mark}{pair.actual_total}{mark}"])
            for row in pair.rows:
                cells = [""]
                for side in (row.expected, row.actual):
                    if side is None:
                        cells += ["—"] * len(FIELDS)
                    else:
                        cells += [f"**{_cell(side.get(n))}**" if n in row.differs else _cell(side.get(n)) for n in FIELDS]
                rows.append(cells)
        out += ["", _table(rows, headers)]
    if scenario.math:
        out += ["", f"Math: {_cell(scenario.math)}"]
    if result.problems:
        out += ["", "Problems:"] + [f"- {_cell(problem)}" for problem in result.problems]
    if result.deviation:
        deviation = result.deviation
        out += ["", f"Ledger entry ({report.environment.backend}, first seen {deviation.first_seen}): "
                    f"{_cell(deviation.finding)}"]
        out += [f"- {_cell(line)}" for line in deviation.differences] + [f"- lint {_cell(line)}" for line in deviation.lint]
    return "\n".join(out)


def _environment(report: SignoffReport) -> str:
    return "## 5. Environment\n\n" + _table(environment_rows(report.environment), ("", ""))
