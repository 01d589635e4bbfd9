"""The control sheet as files finance keeps: CSV for a spreadsheet (every
scenario id, one column per fact) and a Markdown table for a wiki or a pull
request (ids shortened to fit a cell). The facts come from
`signoff.control_sheet`; this module only lays them out."""

from __future__ import annotations

import csv
import io
from typing import Sequence

from tabulate import tabulate

from harness.model import Pack
from harness.signoff.controls import ControlRow, scenario_summary

CSV_COLUMNS = (
    "rule", "key", "policy_rule", "timing", "credit_form", "owner", "system_setting", "expected_output",
    "scenario_count", "evidence",
)

MD_HEADERS = ("Rule", "Policy rule", "Owner", "System setting", "Expected output (scenarios)", "Evidence")


def to_csv(pack: Pack, rows: Sequence[ControlRow]) -> str:
    """One row per rule; `expected_output` lists every scenario id, `; `-separated."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        rule = row.rule
        writer.writerow([rule.label, rule.key, rule.action, rule.timing, rule.credit_form, rule.owner, row.setting,
                         "; ".join(row.scenarios), len(row.scenarios), row.evidence_text])
    return out.getvalue()


def to_markdown(pack: Pack, rows: Sequence[ControlRow]) -> str:
    total = len(pack.scenarios)
    table = [
        [row.rule.label, row.rule.action + _when(row), row.rule.owner, f"`{row.setting}`",
         expected_cell(row, total), row.evidence_text]
        for row in rows
    ]
    gaps = [row.rule.label for row in rows if not row.scenarios]
    lines = [
        f"# Control sheet: {pack.name}",
        "",
        f"{pack.meta.title}. Owner: {pack.meta.owner}. {total} scenarios. One row per policy rule: the decision "
        "approved, where pack.yaml sets it, the scenarios whose expected invoices show it, and the last "
        "sign-off that evidences it (`prorata signoff list`).",
        "",
        tabulate([[_escape(cell) for cell in line] for line in table], headers=MD_HEADERS, tablefmt="github"),
    ]
    if gaps:
        lines += ["", f"No scenario shows: {', '.join(gaps)}. Add one before relying on the rule."]
    return "\n".join(lines) + "\n"


def expected_cell(row: ControlRow, total: int) -> str:
    return scenario_summary(row.scenarios, total) if row.scenarios else "**none**"


def _when(row: ControlRow) -> str:
    rule = row.rule
    parts = [f"timing: {rule.timing}"] if rule.timing else []
    if rule.credit_form and rule.credit_form != "none":
        parts.append(f"credit: {rule.credit_form}")
    return f" ({'; '.join(parts)})" if parts else ""


def _escape(cell: str) -> str:
    return cell.replace("|", "\\|").replace("\n", " ")
