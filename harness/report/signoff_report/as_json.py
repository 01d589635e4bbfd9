"""The report as JSON: the same figures as the HTML, for tools. Amounts are
strings in the currency's minor units (never floats); counts are ints."""

from __future__ import annotations

import json
from typing import Any

from harness.report.signoff_report.model import ScenarioEntry, SignoffReport
from harness.report.signoff_report.sides import DocumentPair, LineRow
from harness.report.signoff_report.text import money, signed_money

SCHEMA_VERSION = 1


def render_json(report: SignoffReport) -> str:
    return json.dumps(report_to_json(report), indent=2, ensure_ascii=False) + "\n"


def report_to_json(report: SignoffReport) -> dict[str, Any]:
    meta, env = report.meta, report.environment
    return {
        "report": "signoff",
        "schema_version": SCHEMA_VERSION,
        "pack": {"name": meta.name, "title": meta.title, "version": meta.version, "owner": meta.owner,
                 "content_hash": env.pack_hash},
        "environment": {"harness_version": env.harness_version, "backend": env.backend,
                        "backend_version": env.backend_version, "run_at": env.run_at.isoformat(),
                        "python": env.python, "platform": env.platform},
        "summary": {"scenarios": report.total, **report.summary},
        "ok": report.ok,
        "verdict": report.verdict,
        "reconciliation": [
            {"change_type": row.change_type, "currency": row.currency, "scenarios": row.scenarios, "ran": row.ran,
             "statuses": dict(row.statuses), "expected": money(row.expected, row.currency),
             "billed": money(row.billed, row.currency), "delta": signed_money(row.delta, row.currency)}
            for row in report.reconciliation
        ],
        "decision_matrix": [
            {"key": row.key, "label": row.label, "action": row.action, "timing": row.timing,
             "credit_form": row.credit_form, "setting": row.setting, "owner": row.owner, "event": row.is_event}
            for row in report.decisions
        ],
        "coverage": {
            "currencies": list(report.coverage.currencies),
            "covered": len(report.coverage.covered),
            "cells": [{"event": cell.event, "policy": cell.policy, "day_count": cell.day_count,
                       "currency": cell.currency, "scenarios": list(cell.scenarios), "gap": not cell.covered}
                      for cell in report.coverage.cells],
        },
        "scenarios": [_scenario(entry) for entry in report.scenarios],
    }


def _scenario(entry: ScenarioEntry) -> dict[str, Any]:
    result = entry.result
    scenario = result.scenario
    deviation = result.deviation
    return {
        "id": scenario.id,
        "title": scenario.title,
        "change_type": entry.change_type,
        "currency": entry.currency,
        "status": result.status.value,
        "rule": scenario.rule,
        "owner": scenario.owner,
        "start": entry.start,
        "events": list(entry.events),
        "documents": [_document(pair) for pair in entry.documents],
        "math": scenario.math,
        "problems": list(result.problems),
        "detail": result.detail,
        "ledger_entry": None if deviation is None else {
            "finding": deviation.finding, "first_seen": deviation.first_seen.isoformat(),
            "differences": list(deviation.differences), "lint": list(deviation.lint)},
    }


def _document(pair: DocumentPair) -> dict[str, Any]:
    return {"kind": pair.kind, "date": pair.date or None, "checked": pair.checked,
            "expected_total": pair.expected_total if pair.checked else None, "actual_total": pair.actual_total,
            "differs": pair.differs, "lines": [_line(row) for row in pair.rows]}


def _line(row: LineRow) -> dict[str, Any]:
    return {"expected": None if row.expected is None else vars(row.expected),
            "actual": None if row.actual is None else vars(row.actual), "differs": list(row.differs)}
